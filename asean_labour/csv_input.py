"""CSV as people have it: its encoding, its separator, and a strict reading of its rows.

Excel writes CSV in the computer's regional settings: UTF-8 only when asked ("CSV UTF-8"),
Windows-1252 for its plain "CSV (Comma delimited)", UTF-16 for "Unicode Text", and ';' as the
separator where the decimal mark is a comma (Indonesia, Viet Nam...). Each is read correctly,
and said so, or refused with the steps that give a file the tool reads; nothing is ever read
as mojibake.

The rows are read strictly (RFC 4180, as Excel writes it): a quoted cell may hold separators,
doubled quotes and line breaks; a quote that is never closed, or text after a closing quote,
is an error naming the row (and line) where it happened. Python's lenient `csv.reader` instead
folds everything after an unclosed quote into one cell and reports success.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}

SAVE_AS_UTF8 = ('in Excel: File > Save As, choose "CSV UTF-8 (Comma delimited) (*.csv)" as '
                'the type, Save; in LibreOffice Calc: File > Save As, "Text CSV (.csv)", tick '
                '"Edit filter settings", Character set "Unicode (UTF-8)"')


class Unreadable(Exception):
    """The bytes are no text the tool can read without guessing; `line` where it shows."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "UTF-8", "UTF-16", "Windows-1252"
    note: str | None = None  # what was assumed, for the user, when it is not plain UTF-8


# Characters a Windows-1252 file written in the region plausibly holds beyond ASCII: the
# Latin letters of Indonesian, Malay, Filipino and English names and loan words, and the
# typographic punctuation Excel and Word put in. Left out on purpose: the letters a
# Vietnamese (Windows-1258) or Thai (Windows-874) file turns into when read as Windows-1252
# (Ã ã Õ õ Ì ì Ò ò Ý ý Ð ð Þ þ ¡ ¿ ...), so such a file is refused, never read as mojibake.
_WESTERN = set("àáâäåæçèéêëíîïñóôöøùúûüÿßœšž"
               "ÀÁÂÄÅÆÇÈÉÊËÍÎÏÑÓÔÖØÙÚÛÜŸŒŠŽ"
               "\xa0–—‘’‚“”„•…€£¥°·×±²³½¼©®™§¶«»‹›†‡‰¢ªºµ")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")


def decode(raw: bytes) -> Decoded:
    """The text of a CSV file, or `Unreadable` with what is wrong and how to fix it."""
    if raw.startswith(codecs.BOM_UTF8):
        return Decoded(_utf8(raw[len(codecs.BOM_UTF8):], offset=len(codecs.BOM_UTF8)), "UTF-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise Unreadable("starts as UTF-16 but is not valid UTF-16; save it as UTF-8: "
                             + SAVE_AS_UTF8) from None
        return _checked(Decoded(text, "UTF-16", 'read as UTF-16 (Excel\'s "Unicode Text")'))
    try:
        return _checked(Decoded(raw.decode("utf-8"), "UTF-8"))
    except UnicodeDecodeError as exc:
        bad_byte, line = raw[exc.start], raw[: exc.start].count(b"\n") + 1
    western = _windows_1252(raw)
    if western is not None:
        return _checked(Decoded(western, "Windows-1252",
                                'not UTF-8: read as Windows-1252 (Excel\'s "CSV (Comma '
                                'delimited)"); check names and notes with --dry-run, or save '
                                'it as "CSV UTF-8" to be sure'))
    raise Unreadable(f"not UTF-8 (byte 0x{bad_byte:02X} on line {line}), and not in an "
                     "encoding the tool can tell for sure (a Windows code page for Vietnamese "
                     "or Thai, say); save it as UTF-8: " + SAVE_AS_UTF8, line)


def _utf8(raw: bytes, offset: int = 0) -> str:
    try:
        return _checked(Decoded(raw.decode("utf-8"), "UTF-8")).text
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise Unreadable(f"not valid UTF-8 (byte {exc.start + offset + 1}); save it as UTF-8: "
                         + SAVE_AS_UTF8, line) from None


def _checked(decoded: Decoded) -> Decoded:
    """Refuse text that is mostly NUL characters: UTF-16 without its byte-order mark, or a
    binary file. (A stray NUL in a cell is left for the checks of that cell.)"""
    text = decoded.text
    if text.count("\x00", 0, 4096) > min(len(text), 4096) // 4:
        raise Unreadable("is mostly NUL characters: is it UTF-16 text without a byte-order "
                         "mark, or not a text file at all? Save it as UTF-8: " + SAVE_AS_UTF8)
    return decoded


def _windows_1252(raw: bytes) -> str | None:
    """The text, when the bytes read as Windows-1252 give nothing but plausible text."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:  # bytes Windows-1252 leaves undefined: not that either
        return None
    if any(not ch.isascii() and ch not in _WESTERN for ch in text):
        return None
    if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        return None
    if _NON_ASCII_RUN.search(text):  # "ÀÒÉÒ": letters of another script, not Latin words
        return None
    return text


# --- the separator -----------------------------------------------------------------------------

_SEP_LINE = re.compile(r"\A\ufeff?sep=(.)(\r\n|\n|\r|\Z)", re.IGNORECASE)


def separator(text: str, score: Callable[[list[str]], int]) -> tuple[str, int]:
    """The separator of a CSV text, and where its header starts. Excel's `sep=;` first line
    says it; else the one of comma, semicolon and tab that splits the header into the most
    known column names (`score`), else the one the header holds most of, else a comma."""
    directive = _SEP_LINE.match(text)
    if directive:
        return directive.group(1), directive.end()
    end = text.find("\n")
    first_line = text[:end] if end >= 0 else text
    ranked = sorted(SEPARATORS, key=lambda s: (score(_split_line(first_line, s)),
                                               first_line.count(s)), reverse=True)
    return ranked[0], 0


def _split_line(line: str, sep: str) -> list[str]:
    try:
        return next(iter(rows(line.rstrip("\r"), sep))).cells
    except (CsvSyntaxError, StopIteration):
        return line.split(sep)


# --- strict rows -------------------------------------------------------------------------------

class CsvSyntaxError(Exception):
    def __init__(self, row: int, line: int, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.line = line
        self.message = message


@dataclass
class Row:
    number: int  # the row as a spreadsheet numbers it (the header is row 1)
    line: int  # the line of the file it starts on
    cells: list[str]
    #: Cells that run over several lines: (cell index, first line, last line).
    spans: list[tuple[int, int, int]] = field(default_factory=list)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def rows(text: str, sep: str, start: int = 0) -> Iterator[Row]:
    """The rows of a CSV text from `start`, read strictly; `CsvSyntaxError` at the first
    malformed one.

    A line without a quote is split as it is (the common case, fast); a quoted cell is read
    to its closing quote across line breaks (which stay in the cell, as Excel writes them).
    Lines end at \r\n, \n or \r (not at the other Unicode line breaks, which a note may
    hold), and are taken one at a time: the text is never copied whole."""
    matches = _LINE.finditer(text, start)

    def next_line() -> str:
        match = next(matches, None)
        return match.group() if match else ""

    line_number = 0
    row_number = 0
    while True:
        line = next_line()
        if not line:
            return
        line_number += 1
        row_number += 1
        body = line.rstrip("\r\n")
        if '"' not in body:
            yield Row(row_number, line_number, body.split(sep) if body else [])
            continue
        row = Row(row_number, line_number, [])
        ending = line[len(body):]
        position = 0
        while True:
            if body.startswith('"', position):  # a quoted cell
                opened = line_number
                position += 1
                parts: list[str] = []
                while True:
                    quote = body.find('"', position)
                    if quote < 0:  # the cell goes on over the line break
                        parts += [body[position:], ending]
                        line = next_line()
                        if not line:
                            raise CsvSyntaxError(row.number, opened, _unclosed(row, opened))
                        line_number += 1
                        body = line.rstrip("\r\n")
                        ending, position = line[len(body):], 0
                    elif body.startswith('"', quote + 1):  # "" is one quote
                        parts.append(body[position:quote + 1])
                        position = quote + 2
                    else:
                        parts.append(body[position:quote])
                        position = quote + 1
                        break
                if opened != line_number:
                    row.spans.append((len(row.cells), opened, line_number))
                row.cells.append("".join(parts))
                if position == len(body):
                    break
                if body[position] != sep:
                    raise CsvSyntaxError(
                        row.number, line_number,
                        f"text after the closing quote of a cell: {body[position:][:30]!r}; "
                        'a quote inside a quoted cell is written twice ("")')
                position += 1
                if position == len(body):
                    row.cells.append("")
                    break
            else:  # a plain cell: up to the next separator
                end = body.find(sep, position)
                if end < 0:
                    row.cells.append(body[position:])
                    break
                row.cells.append(body[position:end])
                position = end + 1
                if position == len(body):
                    row.cells.append("")
                    break
        yield row


def _unclosed(row: Row, line: int) -> str:
    where = f"on line {line}" if line == row.line else f"on line {line} (the row starts on " \
        f"line {row.line})"
    return (f"a quoted cell opens {where} and is never closed: every line after it would be "
            "read into that one cell; close the quote (a quote inside a quoted cell is written "
            'twice: "")')
