"""Where text breaks and where pages end in the Word report, computed from the font's widths
(Carlito, metrically compatible with Calibri): table columns are sized from their content, and
the table of contents gets its page numbers, without a word processor.

Lines break where LibreOffice breaks them (measured): after spaces, hyphens and dashes.
A piece wider than the line is split by characters, as Word and LibreOffice do (columns are
made wide enough that no real word needs it). Pages follow the Word report's fixed metrics:
exact line heights, rows that never split across pages, headings kept with what follows them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import repeat

from asean_labour.render.font_metrics import FALLBACK, UNITS, widths

#: Characters a line may break after within a word, as LibreOffice breaks lines (measured):
#: hyphens and dashes (`2016-|2020`, `ASEAN-|OSHNET`), `?`, `!`, `|` and `\`; not a slash
#: (`data/information` moves to the next line whole) nor other punctuation. It may also
#: break before `%`.
BREAK_AFTER = "-–—?!|\\"
_BREAKS = re.compile(rf"(?<= )(?=[^ ])|(?<=[^ ][{re.escape(BREAK_AFTER)}])(?=[^ ])"
                     r"|(?<=[^ ])(?=%)")


def pieces(line: str) -> list[str]:
    """The line cut after each break opportunity: `2016-2020 ASEAN-OSHNET` ->
    `['2016-', '2020 ', 'ASEAN-', 'OSHNET']`."""
    return _BREAKS.split(line)


#: A line this much too long (points) still counts as fitting.
FIT_TOLERANCE = 0.0


#: The most texts a `Measure` remembers the widths and line counts of: past it, it forgets
#: them and starts again, so a report of 100,000 projects keeps a few megabytes of measures
#: rather than one per cell. (Words and short values, which recur, are soon measured again.)
CACHE_LIMIT = 50_000
#: A line this much narrower than its room is one line without looking for its breaks.
_CLEAR = 1e-6


class Measure:
    """Text widths in points at a size, and line counts, with a bounded cache of the widths of
    words (in font units, whatever the size) and of the line counts of texts that wrap."""

    def __init__(self) -> None:
        self._units: tuple[dict[str, int], dict[str, int]] = ({}, {})  # regular, bold
        self._lines: dict[tuple[str, float, float, bool], int] = {}

    def _units_of(self, text: str, bold: bool) -> int:
        """The width of a text in font units (remembered)."""
        cache = self._units[bold]
        found = cache.get(text)
        if found is None:
            if len(cache) >= CACHE_LIMIT:
                cache.clear()
            found = cache[text] = sum(map(widths(bold).get, map(ord, text),
                                          repeat(FALLBACK)))
        return found

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return self._units_of(text, bold) * size / UNITS

    def widest_word(self, text: str, size: float, bold: bool = False) -> float:
        """The widest run of text between spaces (or lines): a column this wide never breaks
        a word."""
        return self.extent(text, size, bold)[0]

    def extent(self, text: str, size: float, bold: bool = False) -> tuple[float, float]:
        """The widest word and the widest line of a text, from the widths of its words (each
        measured once in a document)."""
        cache, units = self._units[bold], self._units_of
        space = units(" ", bold) * size / UNITS
        word = line = 0.0
        for row in text.split("\n"):
            words = [(cache.get(w) or units(w, bold)) * size / UNITS
                     for w in row.strip().split(" ")]
            word = max(word, *words)
            line = max(line, sum(words) + space * (len(words) - 1))
        return word, line

    def lines(self, text: str, room: float, size: float, bold: bool = False) -> int:
        """How many lines the text takes in a column `room` points wide."""
        key = (text, room, size, bold)
        found = self._lines.get(key)
        if found is None:
            table = widths(bold)
            if "\n" not in text and sum(map(table.get, map(ord, text), repeat(FALLBACK))) \
                    * size / UNITS <= room - _CLEAR:
                return 1  # the whole text fits: no need to remember it
            found = sum(self._line_count(line, room, size, bold) for line in text.split("\n"))
            if len(self._lines) >= CACHE_LIMIT:
                self._lines.clear()
            self._lines[key] = found
        return found

    def _line_count(self, line: str, room: float, size: float, bold: bool) -> int:
        cache, units = self._units[bold], self._units_of
        count, used = 1, 0.0
        for piece in pieces(line):
            body = piece.rstrip(" ")
            width = (cache.get(body) or units(body, bold)) * size / UNITS
            spaces = piece[len(body):]
            gap = (cache.get(spaces) or units(spaces, bold)) * size / UNITS if spaces else 0.0
            if used and used + width > room + FIT_TOLERANCE:
                count += 1
                used = 0.0
            while width > room:  # wider than a line: split by characters
                count += 1
                width -= room
            used += width + gap
        return count


class Pager:
    """Follows the page a Word document has reached, in points from the top of the text area.

    Paragraphs are spaced by their `before` alone (the report's styles have no space after,
    so Word and LibreOffice, which differ in how they combine the two, agree). The space
    before is dropped at the top of a page the text flowed onto, and kept after a page
    break the document asks for. Each call says what comes next and returns its page."""

    def __init__(self, height: float) -> None:
        self.height = height
        self.page = 1
        self.used = 0.0
        self.broken = False  # at the top of a page after an explicit page break

    def new_page(self) -> int:
        """An explicit page break (nothing happens at the top of an empty page)."""
        if self.used > 0:
            self.page += 1
            self.used = 0.0
        self.broken = True
        return self.page

    def _flow(self) -> None:
        self.page += 1
        self.used = 0.0
        self.broken = False

    def _before(self, before: float) -> float:
        return before if self.used or self.broken else 0.0

    def block(self, height: float, before: float = 0.0, keep: float = 0.0) -> int:
        """Something that never splits (a heading, an image); `keep`: the height of what
        must stay on the same page with it (the first line or row of what follows)."""
        top = self._before(before)
        if self.used and self.used + top + height + keep > self.height:
            self._flow()
            top = 0.0
        self.used += top + height
        self.broken = False
        return self.page

    def lines(self, count: int, line: float, before: float = 0.0) -> int:
        """A paragraph of `count` lines, which may continue on the next page."""
        top = self._before(before)
        if self.used and self.used + top + line > self.height:
            self._flow()
            top = 0.0
        start = self.page
        self.used += top
        for _ in range(count):
            if self.used + line > self.height:
                self._flow()
            self.used += line
        self.broken = False
        return start

    def table(self, header: float, rows: Sequence[float], border: float = 0.0) -> int:
        """A table whose rows never split and whose header row repeats on every page;
        `border`: the rule above the header (each row's height holds the rule under it)."""
        top = header + border  # the header row and the rule above it, on every page
        if self.used and self.used + top + (rows[0] if rows else 0.0) > self.height:
            self._flow()
        start = self.page
        self.used += top
        for row in rows:
            if self.used + row > self.height:
                self._flow()
                self.used = top
            self.used += row
        self.broken = False
        return start
