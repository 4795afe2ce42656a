"""The Word report's measures: where lines break, how wide text is in Calibri's metrics, how the
pages fill, and column widths taken from the content."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asean_labour.render import Column, Listing
from asean_labour.render.font_metrics import text_width
from asean_labour.render.page_estimate import Measure, Pager, pieces
from asean_labour.render.report_docx import CELL, CELL_SIDE, TEXT_WIDTH, column_widths


@pytest.mark.parametrize(("line", "expected"), [
    ("2016-2020 ASEAN-OSHNET", ["2016-", "2020 ", "ASEAN-", "OSHNET"]),
    ("data/information and/or", ["data/information ", "and/or"]),
    ("a  b", ["a  ", "b"]),
    ("-x y", ["-x ", "y"]),
    ("what?yes 50%", ["what?", "yes ", "50", "%"]),
    ("red\\x07 x", ["red\\", "x07 ", "x"]),
    ("", [""]),
])
def test_lines_break_where_libreoffice_breaks_them(line: str, expected: list[str]) -> None:
    assert pieces(line) == expected


@given(st.text(max_size=60))
def test_the_pieces_are_the_line(line: str) -> None:
    assert "".join(pieces(line)) == line


def test_widths_are_calibris() -> None:
    # Carlito = Calibri: 'a' is 981 units of 2048, a space 463, 'W' 1822.
    assert text_width("a", 2048) == 981
    assert text_width("a W", 10) == pytest.approx((981 + 463 + 1822) * 10 / 2048)
    assert text_width("a", 10, bold=True) > text_width("a", 10)
    assert text_width("漢", 10) == 10  # not in the font: a full em, never too narrow


def test_line_counts() -> None:
    measure = Measure()
    word = measure.width("ASEAN", 9)
    assert measure.lines("ASEAN ASEAN", word * 2.5, 9) == 1
    assert measure.lines("ASEAN ASEAN ASEAN", word * 2.5, 9) == 2
    assert measure.lines("ASEAN\nASEAN", word * 5, 9) == 2  # line breaks kept
    assert measure.lines("ASEANASEANASEAN", word * 1.2, 9) == 3  # split by characters
    assert measure.extent("one two\nthree", 9) == (measure.width("three", 9),
                                                   measure.width("one two", 9))


def test_the_pager_follows_pages() -> None:
    pager = Pager(100)
    assert pager.lines(5, 13, before=6) == 1  # at the top: no space before
    assert pager.used == 65
    assert pager.block(20, before=10, keep=13) == 2  # heading and next line do not fit
    assert pager.used == 20  # the space before dropped at the top of a page
    assert pager.new_page() == 3 and pager.block(20, before=10) == 3
    assert pager.used == 30  # after an explicit break the space before is kept
    assert pager.table(15, [30, 30, 30], border=1) == 3
    # The second row goes to a new page, under the header repeated there.
    assert (pager.page, pager.used) == (4, 76)


def listing(*rows: tuple[str, ...]) -> Listing:
    return Listing(None, (Column("ID", no_wrap=True), Column("Title", ratio=4),
                          Column("Status", ratio=1)), tuple(rows))


def test_columns_hold_their_longest_word_and_fill_the_width() -> None:
    measure = Measure()
    table = listing(("SLOM-WG-10b", "Regional Workshop on Decent Work Promotion in Rural "
                     "Economy through Productivity Growth", "no report received"),
                    ("ACMW-2", "Forum", "ongoing"))
    widths = column_widths(table, measure)
    assert sum(widths) == pytest.approx(TEXT_WIDTH)
    room = [w - 2 * CELL_SIDE for w in widths]
    assert room[0] >= measure.width("SLOM-WG-10b", CELL.size)  # an id whole
    assert room[2] >= measure.width("no report received", CELL.size)  # a narrow column whole
    assert room[1] >= measure.width("Productivity", CELL.size)
    assert widths[1] == max(widths)  # the titles get the rest


@given(st.lists(st.tuples(st.from_regex(r"[A-Z]{2,6}-\d{1,2}", fullmatch=True),
                          st.text(st.characters(codec="latin-1",
                                                exclude_categories=("Cc",)), max_size=80),
                          st.sampled_from(["ongoing", "completed (2017)",
                                           "no report received (last: ongoing, 2017)"])),
                min_size=1, max_size=20))
def test_no_word_is_narrower_than_its_column_when_the_page_allows(
        rows: list[tuple[str, str, str]]) -> None:
    measure = Measure()
    table = listing(*rows)
    widths = column_widths(table, measure)
    assert sum(widths) == pytest.approx(TEXT_WIDTH)
    words = [max([measure.widest_word(c.header, CELL.size, True),
                  *(measure.widest_word(r[i], CELL.size) for r in rows)])
             for i, c in enumerate(table.columns)]
    if sum(words) + 6 * CELL_SIDE < TEXT_WIDTH * 0.9:
        for width, word in zip(widths, words, strict=True):
            assert width - 2 * CELL_SIDE >= word
