"""Markdown tables take a fast path: a row whose cells hold nothing to escape is checked in one
scan and joined as it is (render/markdown.row_line), and a cell with nothing to escape skips
the substitutions (text_safety.markdown_escape, inline). The fast path must never let through
a cell that needed escaping (every kind of special character, in any cell of a large table),
must give the same bytes as escaping every cell, and must be the path plain rows take
(counted, not timed)."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asean_labour.render import Column, Listing
from asean_labour.render import markdown as markdown_table
from asean_labour.text_safety import markdown_escape, markdown_plain

#: One cell per kind of character that Markdown reads as markup or that is shown as an escape
#: (text_safety.INVISIBLE): each needs escaping in a table cell.
NEEDS_ESCAPE = {
    "code span": "a `code` b",
    "emphasis *": "a *not bold* b",
    "link": "see [the plan](http://x)",
    "html": "a <script>x</script>",
    "cell separator": "Lao PDR | Viet Nam",
    "strikethrough": "a ~~gone~~ b",
    "emphasis _": "a _not emphasis_ b",
    "entity": "Tom &amp; Jerry",
    "backslash": "a \\* b",
    "newline": "two\nlines",
    "closing hashes": "title ##",
    "C0 control (ESC)": "a \x1b[31m b",
    "C0 control (NUL)": "a \x00 b",
    "carriage return": "a \r b",
    "DEL": "a \x7f b",
    "C1 control": "a \x9b b",
    "soft hyphen": "Ma\xadlaysia",
    "Arabic letter mark": "a \u061c b",
    "Mongolian vowel separator": "a \u180e b",
    "zero-width space": "Ana\u200bBen",
    "zero-width non-joiner": "a\u200cb",
    "zero-width joiner (between letters)": "a\u200db",
    "left-to-right mark": "a\u200eb",
    "right-to-left mark": "a\u200fb",
    "line separator": "a\u2028b",
    "paragraph separator": "a\u2029b",
    "bidi embedding": "a\u202ab",
    "bidi override": "Ana\u202eneB",
    "word joiner": "a\u2060b",
    "invisible operator": "a\u2064b",
    "bidi isolate": "a\u2066b\u2069",
    "deprecated format control": "a\u206fb",
    "byte-order mark": "\ufeffa",
    "interlinear annotation": "a\ufff9b\ufffb",
    "tag character": "a\U000e0001b\U000e007f",
}

#: Cells like a report's: accents, CJK, digits, punctuation Markdown leaves alone.
PLAIN = ("ACMW-7", "Développement des compétences: atelier régional 研修 (2016-2018).",
         "Việt Nam, Lào PDR", "2016-2020 (ALM) 0.1.0.", "completed (2018)", "",
         "1. first", "- item", "> quote", "a+b=c; 50% done!")

COLUMNS = (Column("ID"), Column("Title"), Column("Coordinators"), Column("Status"))


def _rows(count: int) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(f"{PLAIN[(n + i) % len(PLAIN)]} {n}" for i in range(len(COLUMNS)))
                 for n in range(count))


def _slow_table(listing: Listing) -> str:
    """The table with every cell escaped, one by one: what the fast path must equal."""
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(markdown_escape(c, inline=True) for c in cells) + " |"

    lines = [line(tuple(c.header for c in listing.columns)),
             "|" + "|".join("---" for _ in listing.columns) + "|",
             *(line(row) for row in listing.rows)]
    if listing.footer:
        lines += ["", markdown_escape(listing.footer)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("kind", sorted(NEEDS_ESCAPE))
@pytest.mark.parametrize("column", range(len(COLUMNS)))
def test_a_cell_that_needs_escaping_is_escaped_among_plain_rows(kind: str, column: int) -> None:
    text = NEEDS_ESCAPE[kind]
    rows = list(_rows(200))
    rows[117] = tuple(text if i == column else cell for i, cell in enumerate(rows[117]))
    listing = Listing(None, COLUMNS, tuple(rows), "200 projects")

    rendered = markdown_table.table(listing)

    assert rendered == _slow_table(listing)
    line = rendered.split("\n")[2 + 117]
    assert line == "| " + " | ".join(markdown_escape(c, inline=True) for c in rows[117]) + " |"
    assert markdown_escape(text, inline=True) != text  # the cell did need escaping
    assert text not in line  # ... and it was
    assert not markdown_plain(text)


@pytest.mark.parametrize("kind", sorted(NEEDS_ESCAPE))
def test_the_inline_fast_path_leaves_nothing_that_needs_escaping(kind: str) -> None:
    text = NEEDS_ESCAPE[kind]
    # the same text on the slow path: in a paragraph after a letter (no line start to escape)
    assert markdown_escape(text, inline=True) == markdown_escape("x" + text)[1:]
    assert markdown_escape(text, inline=True) != text


def test_every_character_the_fast_path_passes_comes_out_as_itself() -> None:
    """Every code point the one-scan check calls plain is left alone by the slow path (a
    paragraph's escaping, which does not take the fast path), among others: so no character
    that needs escaping, of a kind listed above or not, passes the check."""
    plain = [chr(code) for code in range(sys.maxunicode + 1) if markdown_plain(chr(code))]
    assert len(plain) > 1_000_000
    for start in range(0, len(plain), 512):
        chunk = "".join(plain[start:start + 512])
        if markdown_escape(f"x{chunk}x") != f"x{chunk}x":
            bad = [c for c in chunk if markdown_escape(f"x{c}x") != f"x{c}x"]
            raise AssertionError(f"escaped but called plain: {[hex(ord(c)) for c in bad]}")


@given(st.lists(st.text(st.sampled_from(list("`*_[]()<>|~&#!\\-+=.:; \tab\nxé研\u200d\u202e"
                                             "\x1b\ufeff👩🔧")), max_size=12), max_size=6)
       | st.lists(st.text(max_size=12), max_size=6))
def test_a_row_is_the_same_whichever_path_it_takes(cells: list[str]) -> None:
    assert markdown_table.row_line(cells) == (
        "| " + " | ".join(markdown_escape(c, inline=True) for c in cells) + " |")


def test_plain_rows_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table of plain rows escapes no cell one by one: one scan per row, whatever its
    cells; one row that needs escaping escapes its own cells only."""
    calls = {"escape": 0, "scan": 0}

    def counted_escape(text: str, inline: bool = False) -> str:
        calls["escape"] += 1
        return markdown_escape(text, inline)

    def counted_scan(text: str) -> bool:
        calls["scan"] += 1
        return markdown_plain(text)

    monkeypatch.setattr(markdown_table, "markdown_escape", counted_escape)
    monkeypatch.setattr(markdown_table, "markdown_plain", counted_scan)
    plain = Listing(None, COLUMNS, _rows(1000))

    rendered = markdown_table.table(plain)

    assert calls == {"escape": 0, "scan": 1 + 1000}  # the header and each row, once
    assert rendered == _slow_table(plain)

    rows = list(_rows(1000))
    rows[500] = (NEEDS_ESCAPE["link"], *rows[500][1:])
    calls.update(escape=0, scan=0)
    mixed = Listing(None, COLUMNS, tuple(rows))

    rendered = markdown_table.table(mixed)

    assert calls == {"escape": len(COLUMNS), "scan": 1 + 1000}
    assert rendered == _slow_table(mixed)


def test_a_heading_or_cell_with_nothing_to_escape_is_not_copied() -> None:
    """The inline fast path returns the text itself (no substitution made a copy)."""
    text = "Développement des compétences (2016-2018) 研修 " * 3
    assert markdown_escape(text, inline=True) is text
