"""Making user text inert: notes and titles come out literally in every format."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode line/paragraph separators.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible_controls(text: str) -> str:
    """Control characters (ESC, BEL, CSI, ...) shown as `\\x1b` etc., so none reaches a
    terminal or spreadsheet as a control."""
    return _CONTROLS.sub(_escape, text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run: a leading `=`, `+`, `-` or `@` gets a `'` before it."""
    text = visible_controls(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


def markdown_escape(text: str) -> str:
    """Text that Markdown (and the HTML inside it) shows literally, on one line."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", visible_controls(text))
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")
