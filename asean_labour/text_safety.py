"""Making user text inert: notes and titles come out literally in every format.

`visible_controls` is the one place that decides which characters never reach an output as
themselves: every renderer (terminal tables, CSV, Markdown, Word, the reporting workbook, error
messages) passes user text through it, and JSON escapes the same characters (`INVISIBLE`)."""

from __future__ import annotations

import re

_EMOJI = "\u2600-\u27bf\ufe0f\U0001f000-\U0001faff"

#: The characters shown as escapes (`\x1b`, `\u202e`) instead of themselves:
#: - C0 controls except tab and newline, DEL, C1 controls (ESC, BEL, CSI...);
#: - the Unicode line and paragraph separators (U+2028, U+2029);
#: - invisible format characters that change how the text around them reads: the soft hyphen,
#:   the Arabic letter mark (U+061C), the Mongolian vowel separator (U+180E), zero-width space,
#:   non-joiner, joiner and the directional marks (U+200B-U+200F), the bidirectional embeddings,
#:   overrides and isolates (U+202A-U+202E, U+2066-U+2069), the word joiner and invisible
#:   operators (U+2060-U+2064), the deprecated format controls (U+206A-U+206F), the zero-width
#:   no-break space / byte-order mark (U+FEFF), the interlinear annotation marks
#:   (U+FFF9-U+FFFB) and the tag characters (U+E0000-U+E007F). With them a reporter's name can
#:   be made to read as another's ("Ana\u202eneB" shows as "AnaBen"), or two different names
#:   look the same.
#: The one exception: a zero-width joiner between two emoji (👩🏽‍🔧 is three pictures joined
#: into one) cannot disguise a letter, so it is kept.
_INVISIBLE_ALWAYS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b\u200c\u200e\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f")
INVISIBLE = re.compile(
    f"[{_INVISIBLE_ALWAYS}]|(?<![{_EMOJI}])\u200d|\u200d(?![{_EMOJI}])"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible_controls(text: str) -> str:
    """Control characters (ESC, BEL, CSI, ...) and invisible or direction-changing characters
    (U+202E, U+200B, U+FEFF, ...) shown as `\\x1b`, `\\u202e` etc., so none reaches a terminal,
    spreadsheet or document as itself."""
    if text.isprintable():  # every character INVISIBLE matches is unprintable: a fast path
        return text
    return INVISIBLE.sub(_escape, text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run: a leading `=`, `+`, `-` or `@` gets a `'` before it."""
    text = visible_controls(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


#: Characters Markdown (CommonMark, with GitHub's tables and strikethrough) reads as markup
#: anywhere in a line: emphasis, code, links and images, raw HTML, table cells, strikethrough.
_MARKDOWN_INLINE = re.compile(r"[`*\[<|~]")
#: `_` makes emphasis except inside a word; `&` starts an entity; `\` escapes punctuation.
_MARKDOWN_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_MARKDOWN_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MARKDOWN_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
#: Any character the escapes below act on, whatever its place (the start of the line aside).
_MARKDOWN_SPECIAL = r"`*\[<|~_&\\\n#"
_MARKDOWN_ANYWHERE = re.compile(f"[{_MARKDOWN_SPECIAL}]")
#: Any character that can make `markdown_escape(text, inline=True)` differ from `text`: one
#: of Markdown's, or one `visible_controls` may show as an escape (any zero-width joiner,
#: whatever its neighbours). Text without any is its own escape: one scan instead of two
#: substitutions and a search.
_MARKDOWN_INLINE_WORK = re.compile(f"[{_INVISIBLE_ALWAYS}\u200d{_MARKDOWN_SPECIAL}]")
_MARKDOWN_CLOSING_HASHES = re.compile(r"(?<=[ \t])#+(?=[ \t]*$)|^#+(?=[ \t]*$)")
#: At the start of a line: a heading, a quote, a list item, a rule (fences, `*` and `_`
#: are escaped anywhere; an indent is dropped).
_MARKDOWN_LINE_START = re.compile(
    r"^(?:#|>|[-+](?=[ \t]|$)|-(?=[ \t]*-[ \t]*-)|[0-9]{1,9}(?=[.)](?:[ \t]|$)))")


def markdown_escape(text: str, inline: bool = False) -> str:
    """Text that Markdown (and the HTML inside it) shows literally, on one line (newlines
    become `<br>`): only what Markdown would otherwise read as markup is escaped, so
    `2016-2020 (ALM) 0.1.0.` stays as it is. `inline`: the text goes where no block can
    start (a heading's text, a table cell), so `1. ` or `# ` at its start needs no escape."""
    if inline and not _MARKDOWN_INLINE_WORK.search(text):
        return text
    text = visible_controls(text)
    if not _MARKDOWN_ANYWHERE.search(text):  # most cells: nothing to escape inside a line
        return text if inline else _markdown_line_start(text)
    escaped = "<br>".join(_markdown_line(line, first=index == 0 and not inline)
                          for index, line in enumerate(text.split("\n")))
    return _MARKDOWN_CLOSING_HASHES.sub(r"\\\g<0>", escaped)  # a heading's closing #s


def markdown_plain(text: str) -> bool:
    """Whether `text` is its own inline escape (`markdown_escape(text, inline=True) == text`):
    true of most table cells. Of cells joined together it tells whether every cell is."""
    return not _MARKDOWN_INLINE_WORK.search(text)


def _markdown_line(line: str, first: bool) -> str:
    line = _MARKDOWN_BACKSLASH.sub(r"\\\\", line)
    line = _MARKDOWN_INLINE.sub(r"\\\g<0>", line)
    line = _MARKDOWN_UNDERSCORE.sub(r"\\_", line)
    line = _MARKDOWN_ENTITY.sub(r"\\&", line)
    # Only the first line starts a Markdown line; the others follow a <br>.
    return _markdown_line_start(line) if first else line


def _markdown_line_start(line: str) -> str:
    line = line.lstrip(" \t")
    start = _MARKDOWN_LINE_START.match(line)
    if start:
        end = start.end()
        line = line[:end] + "\\" + line[end:] if start.group()[0].isdigit() else "\\" + line
    return line
