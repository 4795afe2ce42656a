"""JSON: a versioned envelope, fixed key order, control characters always escaped."""

from __future__ import annotations

import json
import re
from typing import Any

from asean_labour.records import OUTPUT_SCHEMA_VERSION

_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def envelope(kind: str, **payload: Any) -> dict[str, Any]:
    return {"schema_version": OUTPUT_SCHEMA_VERSION, "kind": kind, **payload}


def dumps(document: Any) -> str:
    """Readable UTF-8 JSON in which no character can act on a terminal."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
