"""JSON: a versioned envelope, fixed key order, control characters always escaped."""

from __future__ import annotations

import json
import re
from typing import Any

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
    (`\\u001b`, `\\u202e`), so a program reading the JSON still gets the exact text."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return INVISIBLE.sub(_json_escape, text) + "\n"
