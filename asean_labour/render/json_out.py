"""JSON: a versioned envelope, fixed key order, control characters always escaped."""

from __future__ import annotations

import math
import re
from typing import Any

try:  # the C encoder's; importing it alone spares the json package's decoder
    from _json import encode_basestring
except ImportError:  # pragma: no cover - CPython always has _json
    from json.encoder import py_encode_basestring as encode_basestring

from asean_labour.records import OUTPUT_SCHEMA_VERSION
from asean_labour.text_safety import INVISIBLE


def envelope(kind: str, **payload: Any) -> dict[str, Any]:
    return {"schema_version": OUTPUT_SCHEMA_VERSION, "kind": kind, **payload}


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the BMP, JSON spells a character as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def dumps(document: Any) -> str:
    """Readable UTF-8 JSON in which no character can act on a terminal or disguise the text
    around it: the characters `text_safety` makes visible elsewhere are escaped here
    (`\\u001b`, `\\u202e`), so a program reading the JSON still gets the exact text.

    The text is that of `json.dumps(document, ensure_ascii=False, indent=2)` with those
    characters escaped, made here in one recursive pass (the standard library encodes
    indented JSON with a chain of Python generators, two to four times slower), each string
    escaped by the C encoder and only a string with an unprintable character searched for
    them (tests/test_startup.py compares the two on every shape of value)."""
    parts: list[str] = []
    _value(document, 0, parts)
    parts.append("\n")
    return "".join(parts)


def _string(text: str) -> str:
    encoded = encode_basestring(text)
    # JSON has escaped C0 controls already; every character INVISIBLE matches is unprintable
    # (tests/test_startup.py checks each one), so printable text has none.
    return encoded if encoded.isprintable() else INVISIBLE.sub(_json_escape, encoded)


def _float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return _string(key)
    if isinstance(key, float):
        return _string(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return _string(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


_INDENTS = ["\n" + "  " * level for level in range(32)]


def _indent(level: int) -> str:
    return _INDENTS[level] if level < len(_INDENTS) else "\n" + "  " * level


def _value(value: Any, level: int, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(_string(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = _indent(level + 1)
        separator = "," + inner
        parts.append("[" + inner)
        first = True
        for item in value:
            if not first:
                parts.append(separator)
            first = False
            if isinstance(item, str):
                parts.append(_string(item))
            else:
                _value(item, level + 1, parts)
        parts.append(_indent(level) + "]")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = _indent(level + 1)
        separator = "," + inner
        parts.append("{" + inner)
        first = True
        for key, item in value.items():
            if not first:
                parts.append(separator)
            first = False
            parts.append(_key(key) + ": ")
            if isinstance(item, str):
                parts.append(_string(item))
            else:
                _value(item, level + 1, parts)
        parts.append(_indent(level) + "}")
    else:
        raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")
