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


#: From this many records on, `dumps` has orjson write the text when the caller vouches for
#: the records' types (`plain_records`): below it the writer here is fast enough, and a small
#: listing (the shipped plans) imports nothing more.
ORJSON_FROM = 1000


def dumps(document: Any, *, plain_records: int = 0) -> str:
    """Readable UTF-8 JSON in which no character can act on a terminal or disguise the text
    around it: the characters `text_safety` makes visible elsewhere are escaped here
    (`\\u001b`, `\\u202e`), so a program reading the JSON still gets the exact text.

    The text is that of `json.dumps(document, ensure_ascii=False, indent=2)` with those
    characters escaped, made here in one recursive pass (the standard library encodes
    indented JSON with a chain of Python generators, two to four times slower), each string
    escaped by the C encoder and only a string with an unprintable character searched for
    them (tests/test_startup.py compares the two on every shape of value).

    `plain_records`: how many records the document lists, passed by a caller that vouches
    they hold only strings, integers, booleans, None, lists and dictionaries with string
    keys, never a float (the records of the model: model.py has no float field). From
    `ORJSON_FROM` records on, orjson writes the same text in C (`_orjson`), six times
    faster than the writer here; a float would be the one difference (orjson spells 1e-07
    `1e-7` and NaN `null`)."""
    if plain_records >= ORJSON_FROM:
        found = _orjson(document)
        if found is not None:
            return found
    parts: list[str] = []
    blocks: list[str] = []
    _value(document, 0, parts, blocks)
    parts.append("\n")
    blocks.append("".join(parts))
    return "".join(blocks)


def _refuse(value: Any) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def _orjson(document: Any) -> str | None:
    """The text `dumps` writes, by orjson, or None when orjson is not installed or meets
    anything it would not write as the standard library does: a subclass of str, int, list
    or dict (an enum), a dataclass, a date, an integer beyond 64 bits, a key that is no
    string, a lone surrogate. orjson escapes exactly the characters the standard library
    does (`"`, `\\`, the C0 controls, with the same spellings: tests/test_startup.py checks
    every character), so the invisible characters are then escaped in the whole text as the
    writer here escapes them in each string: outside strings the text holds only brackets,
    commas, colons, digits, letters, spaces and line breaks."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency; the writer here does the same
        return None
    options = (orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_SUBCLASS
               | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME)
    try:
        text = orjson.dumps(document, default=_refuse, option=options).decode()
    except TypeError:  # orjson.JSONEncodeError: let the writer here write or refuse it
        return None
    # Printable ASCII but DEL needs no escape (orjson escaped the C0 controls); isascii is
    # immediate, the scan of other text costs a tenth of orjson's time.
    if (text.isascii() and "\x7f" in text) or (
            not text.isascii() and not text.replace("\n", "").isprintable()):
        text = INVISIBLE.sub(_json_escape, text)
    return text + "\n"


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
    """A dictionary key as JSON writes it: a string as itself, a number, true, false or null
    as its text in quotes (the standard library's rule)."""
    if isinstance(key, str):
        return _string(key)
    if key is None or isinstance(key, int | float):
        return f'"{_scalar(key)}"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


_INDENTS = ["\n" + "  " * level for level in range(32)]
#: The text of a dictionary key already met, with its separator: a listing repeats the same
#: few keys in every record.
_KEYS: dict[str, str] = {}


def _indent(level: int) -> str:
    return _INDENTS[level] if level < len(_INDENTS) else "\n" + "  " * level


def _scalar(value: Any) -> str | None:
    """The text of a value that is no container, None for a list or dictionary."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, list | tuple | dict):
        return None
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


#: Parts joined into a block once a list has made this many: millions of small strings (100,000
#: projects) would take more memory than their text.
_BLOCK = 4096


def _value(value: Any, level: int, parts: list[str], blocks: list[str]) -> None:
    kind = type(value)
    if kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = _INDENTS[level + 1] if level + 1 < len(_INDENTS) else _indent(level + 1)
        separator = "{" + inner
        keys = _KEYS
        for key, item in value.items():
            if type(key) is str:
                name = keys.get(key)
                if name is None:
                    name = keys[key] = _string(key) + ": "
            else:
                name = _key(key) + ": "
            kind = type(item)
            if kind is str:
                text = encode_basestring(item)
                if not text.isprintable():
                    text = INVISIBLE.sub(_json_escape, text)
                parts.append(separator + name + text)
            else:
                found = None if kind is dict or kind is list else _scalar(item)
                if found is not None:
                    parts.append(separator + name + found)
                else:
                    parts.append(separator + name)
                    _value(item, level + 1, parts, blocks)
            separator = "," + inner
        parts.append(_indent(level) + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = _INDENTS[level + 1] if level + 1 < len(_INDENTS) else _indent(level + 1)
        separator = "[" + inner
        for item in value:
            kind = type(item)
            if kind is str:
                text = encode_basestring(item)
                if not text.isprintable():
                    text = INVISIBLE.sub(_json_escape, text)
                parts.append(separator + text)
            else:
                found = None if kind is dict or kind is list else _scalar(item)
                if found is not None:
                    parts.append(separator + found)
                else:
                    parts.append(separator)
                    _value(item, level + 1, parts, blocks)
                    if len(parts) > _BLOCK:
                        blocks.append("".join(parts))
                        parts.clear()
            separator = "," + inner
        parts.append(_indent(level) + "]")
    else:
        found = _scalar(value)
        if found is None:  # a subclass of list, tuple or dict
            _value(dict(value) if isinstance(value, dict) else list(value), level, parts,
                   blocks)
        else:
            parts.append(found)
