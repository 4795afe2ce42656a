"""The table layout (render/text_table.py): words never split, long words and titles shortened
with "…", constant columns said in the title, columns hidden in order on a short width,
--wide, no limit when piped; and every command's tables at 40, 60, 80 and 120 columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from asean_labour.errors import EXIT_OK
from asean_labour.render import Column, Listing
from asean_labour.render.text_table import (
    GAP,
    Break,
    fit,
    heat_map,
    hoisted,
    kept_lines,
    layout,
    plain_listing,
    shorten,
    wrap_items,
    wrap_words,
)
from tests.conftest import ROOT, Invoke
from tests.helpers import shipped

EXAMPLE = ROOT / "examples" / "acmw-2017.csv"
WIDTHS = (40, 60, 80, 120)


# --- breaking a cell into lines ----------------------------------------------------------------

def test_words_wrap_between_words_only() -> None:
    assert wrap_words("Illustrative example row: translations under way", 14) == [
        "Illustrative", "example row:", "translations", "under way"]


def test_a_word_wider_than_its_column_is_shortened_not_split() -> None:
    assert wrap_words("see https://example.org/afml-report now", 12) == [
        "see", "https://exa…", "now"]


def test_line_breaks_and_an_indentation_are_kept() -> None:
    assert wrap_words("1. Skills\n   - more skilled workers", 14) == [
        "1. Skills", "   - more", "skilled", "workers"]


def test_wide_characters_count_two_cells() -> None:
    lines = wrap_words("中文 中文字 ab", 6)
    assert lines == ["中文", "中文字", "ab"]
    assert all(cell_len(line) <= 6 for line in lines)
    assert wrap_words("中文字中文字", 5) == ["中文…"]  # 4 cells and the ellipsis


def test_a_list_wraps_between_items_and_a_long_item_between_its_words() -> None:
    assert wrap_items("Lao PDR, Viet Nam, Brunei Darussalam", 17) == [
        "Lao PDR,", "Viet Nam,", "Brunei Darussalam"]
    assert wrap_items("ASEAN-OSHNET Secretariat, Malaysia", 14) == [
        "ASEAN-OSHNET", "Secretariat,", "Malaysia"]


def test_kept_phrases_are_never_broken() -> None:
    labels = ("not started", "no report")
    assert wrap_words("undo: not started -> no report", 13) == [
        "undo: not", "started -> no", "report"]  # what plain wrapping would do
    assert kept_lines("undo: not started -> no report", 13, Break.WORDS, labels) == [
        "undo:", "not started", "-> no report"]


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("Gender Mainstreaming into Labor", 31, "Gender Mainstreaming into Labor"),
    ("Gender Mainstreaming into Labor", 27, "Gender Mainstreaming into…"),  # a word ends near
    ("Gender Mainstreaming into Labor", 16, "Gender Mainstre…"),  # none near: cut in the word
    ("two\nlines", 10, "two…"),  # the first line, and "…" for what is left out
    ("anything", 1, "…"),
])
def test_shortened_to_one_line(text: str, width: int, expected: str) -> None:
    assert shorten(text, width) == expected
    assert cell_len(expected) <= width


# --- fitting a table to a width ----------------------------------------------------------------

PEOPLE = Listing(
    "People",
    (Column("ID", no_wrap=True), Column("Cycle", no_wrap=True, hoist=True),
     Column("Name", ratio=1, min_width=8, items=True, drop=1),
     Column("Title", ratio=3, min_width=20, shorten=True),
     Column("Note", ratio=2, min_width=10, drop=2)),
    (("A-1", "2017", "Viet Nam, Lao PDR", "A very long title of a project of the plan",
      "a note"),
     ("A-22", "2017", "Brunei Darussalam", "Short", "another note that is longer")),
    "2 people")


def test_a_column_with_one_value_for_every_row_goes_into_the_title() -> None:
    shown = hoisted(PEOPLE)
    assert shown.title == "People (cycle 2017)"
    assert [c.header for c in shown.columns] == ["ID", "Name", "Title", "Note"]
    assert shown.rows[0][0] == "A-1" and len(shown.rows[0]) == 4
    mixed = Listing(None, PEOPLE.columns, (PEOPLE.rows[0], ("B", "2018", "x", "y", "z")))
    assert hoisted(mixed) is mixed  # two cycles: the column stays
    assert hoisted(Listing("T", PEOPLE.columns, ())).columns == PEOPLE.columns  # no rows


def test_content_that_fits_takes_one_line_per_row() -> None:
    fitted = fit(PEOPLE, 200)
    lines, _ = layout(fitted)
    assert len(lines) == 2 + 2  # header, rule, one line per row
    assert fitted.widths == (4, 17, 42, 27)  # each column as wide as its longest value
    assert fitted.note() == ""


def test_the_table_takes_the_whole_width_when_its_content_needs_it() -> None:
    for width in (60, 70, 80):
        fitted = fit(PEOPLE, width)
        assert sum(w or 0 for w in fitted.widths) + GAP * (len(fitted.widths) - 1) == width
        assert max(cell_len(line) for line in layout(fitted)[0]) <= width


def test_on_a_short_width_columns_go_in_order_then_titles_get_one_line() -> None:
    assert fit(PEOPLE, 48).dropped == ()  # every column at its least width: 48 cells
    fitted = fit(PEOPLE, 45)
    assert [c.header for c in fitted.listing.columns] == ["ID", "Name", "Title"]
    assert fitted.dropped == ("Note",)  # the highest `drop` goes first
    fitted = fit(PEOPLE, 30)
    assert fitted.dropped == ("Note", "Name")
    assert fitted.shortened == ()  # ID and a wrapped title fit
    assert layout(fitted)[0][2:4] == ["A-1   A very long title of a", "      project of the plan"]
    fitted = fit(PEOPLE, 20)
    assert fitted.shortened == ("Title",)
    assert layout(fitted)[0][2] == "A-1   A very long…"  # one line, cut where a word ends
    assert fitted.note() == ("(hidden to fit 20 columns: Note, Name; Title shortened to one "
                             "line; --wide shows everything, --format json every field)")


def test_ids_dates_and_statuses_are_as_wide_as_their_longest_value() -> None:
    listing = Listing(None, (Column("ID", no_wrap=True), Column("Status", no_wrap=True),
                             Column("Note", ratio=1, min_width=4)),
                      (("SLOM-WG-10b", "carried over (2017)", "a note of some length"),))
    fitted = fit(listing, 40)
    assert fitted.widths[:2] == (11, 19)
    assert layout(fitted)[0][2].startswith("SLOM-WG-10b  carried over (2017)  a")


def test_wide_hides_and_shortens_nothing() -> None:
    fitted = fit(PEOPLE, 40, wide=True)
    assert [c.header for c in fitted.listing.columns] == ["ID", "Name", "Title", "Note"]
    assert fitted.dropped == () and fitted.shortened == ()
    text = "\n".join(layout(fitted)[0])
    assert "…" not in text
    assert max(cell_len(line) for line in text.splitlines()) == 40
    # Too narrow even for the longest words: the table is wider, every word still whole.
    text = "\n".join(layout(fit(PEOPLE, 12, wide=True))[0])
    assert "…" not in text and "Darussalam" in text and "longer" in text


def test_no_width_means_nothing_hidden_and_nothing_wrapped() -> None:
    text = plain_listing(PEOPLE, None)
    assert "A very long title of a project of the plan" in text
    assert "another note that is longer" in text
    assert len(text.splitlines()) == 1 + 2 + 2 + 1  # title, header, rule, rows, footer


def test_widths_count_cells_as_the_terminal_shows_them() -> None:
    listing = Listing(None, (Column("ID", no_wrap=True), Column("Note", no_wrap=True)),
                      (("A-1", "\x1b[31m"), ("A-2", "中文字")))
    assert fit(listing, 200).widths == (3, 8)  # "\x1b[31m" shows as 8 characters; 中文字 as 6
    assert "\x1b" not in plain_listing(listing, 200)


def test_the_heat_map_shades_counts_by_size() -> None:
    listing = heat_map(Listing(None, (Column("Body"), Column("A"), Column("Total")),
                               (("X", "3", "3"), ("Y", "·", "0"), ("Total", "3", "3"))), 3)
    assert listing.cell_styles == ((None, "on grey50", "bold"), (None, None, "bold"),
                                   ("bold", "bold", "bold"))


# --- every word whole, every line within the width: generated tables --------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz中", min_size=1, max_size=14)
CELL = st.lists(WORD, min_size=0, max_size=8).map(" ".join)
COLUMN = st.builds(Column, header=WORD, ratio=st.sampled_from([None, 1, 2, 4]),
                   no_wrap=st.booleans(), min_width=st.sampled_from([None, 6, 12]),
                   drop=st.integers(0, 3), shorten=st.booleans())


def _words_whole(cell: str, shown: list[str], one_line: bool) -> bool:
    """The words shown for a cell are its words in order, each whole or shortened with "…"
    (the last shown, for a cell cut to one line)."""
    words = cell.split()
    if len(shown) < len(words) and not (shown and shown[-1].endswith("…")):
        return False
    for word, seen in zip(words, shown, strict=False):
        if seen != word and not (seen.endswith("…") and word.startswith(seen[:-1])):
            return False
    return one_line or len(shown) == len(words)


@given(st.lists(COLUMN, min_size=1, max_size=6), st.data(), st.integers(20, 160),
       st.booleans())
def test_every_word_is_whole_or_shortened_and_no_line_is_too_long(
        columns: list[Column], data: st.DataObject, width: int, wide: bool) -> None:
    columns[0] = Column("Row", no_wrap=True)  # row numbers mark where each row begins
    rows = tuple((f"r{n}", *(data.draw(CELL) for _ in columns[1:])) for n in range(4))
    fitted = fit(Listing(None, tuple(columns), rows), width, wide)
    lines = layout(fitted)[0]
    if not wide:
        assert max(cell_len(line) for line in lines) <= width
    starts = [i for i, line in enumerate(lines) if re.match(r"r\d", line)]
    bounds = list(zip(starts, [*starts[1:], len(lines)], strict=True))
    offsets = [0]
    for size in fitted.widths:
        offsets.append(offsets[-1] + (size or 0) + GAP)
    for (first, end), row in zip(bounds, fitted.listing.rows, strict=True):
        for index, cell in enumerate(row):
            shown: list[str] = []
            for line in lines[first:end]:
                shown += _cells_slice(line, offsets[index], offsets[index + 1] - GAP).split()
            assert _words_whole(cell, shown, fitted.breaks[index] == Break.LINE), (cell, shown)


def _cells_slice(line: str, start: int, end: int) -> str:
    """The characters of `line` between terminal cells `start` and `end`."""
    out, position = [], 0
    for char in line:
        size = cell_len(char)
        if start <= position and position + size <= end:
            out.append(char)
        position += size
    return "".join(out)


# --- every command's tables at 40, 60, 80 and 120 columns --------------------------------------

GLYPHS = set("─█▓▒░▁▚·-x")
NOTE_WORDS = {"hidden", "to", "fit", "columns", "shortened", "one", "line", "--wide", "shows",
              "everything", "--format", "json", "every", "field"}
#: The timeline heads its years by their last two digits on a narrow terminal, and says so.
YEAR_NOTE_WORDS = {"Years", "by", "their", "last", "two", "digits"}


def _tokens(text: str) -> list[str]:
    """The words of a text, without the punctuation around them, the rules and the bars of
    charts (whose lengths depend on the width)."""
    tokens = (t.strip(",;:()[]\"'.") for t in text.split())
    return [t for t in tokens if t and not set(t.rstrip("…")) <= GLYPHS]


def _check(whole: str, narrow: str, width: int, what: str) -> None:
    """`narrow` (laid out for `width`) fits it, and each of its words is one of the words of
    `whole` (the same command with no width limit: nothing wrapped), or the start of one
    shortened with "…"."""
    too_long = [line for line in narrow.splitlines() if cell_len(line) > width]
    assert not too_long, (what, width, too_long[:3])
    words = set(_tokens(whole)) | NOTE_WORDS | {str(width)} | {"\\"}  # a command continued
    if what == "timeline":
        words |= YEAR_NOTE_WORDS | {w[2:] for w in words if re.fullmatch(r"20\d\d", w)}
    starts = {w[:n] for w in words for n in range(1, len(w) + 1)}
    for token in _tokens(narrow):
        if token.endswith("…"):
            start = token[:-1].strip(",;:()[]\"'.")  # "ASEA[...]…": the word "ASEA[...]" cut
            assert not start or start in starts, (what, width, token)
        else:
            assert token in words, (what, width, token)


def _progress(invoke: Invoke, plans: Path) -> None:
    """A batch for 2017, an update with a long note for 2018, and an undo: every kind of
    row that `log` and `show` print."""
    for args in (["--file", str(EXAMPLE)],
                 ["ACMW-2", "--status", "ongoing", "--cycle", "2018", "--by",
                  "Brunei Darussalam", "--note", "Preparations for the 11th AFML in "
                  "Singapore are under way; https://example.org/a-very-long-address-indeed"],
                 ["ACMW-3", "--status", "delayed", "--cycle", "2017"]):
        assert invoke("update", *args, "--plans", str(plans)).exit_code == EXIT_OK
    assert invoke("undo", "--plans", str(plans)).exit_code == EXIT_OK


COMMANDS = [
    ["list"], ["list", "--cycle", "2018", "--stale"], ["list", "--cycle", "2017", "--body",
                                                       "ACMW"],
    ["show", "ACMW-2"], ["show", "SLOM-WG-15"], ["log", "--cycle", "2017"],
    ["log", "--cycle", "2018"], ["update", "--file", str(EXAMPLE), "--dry-run"],
    ["undo", "--dry-run"], ["stats"], ["plans"], ["plans", "ALM-WP-2016-2020"],
    ["report", "--cycle", "2017"], ["report", "--changes", "--from", "2017", "--to", "2018"],
    ["scorecard", "--cycle", "2017"], ["review", "--from", "2016", "--to", "2018"],
    ["timeline"], ["redo", "--dry-run"], ["instruments"],
    ["instruments", "vientiane-2016", "--cycle", "2018"], ["ratifications"],
    ["ratifications", "--country", "VN", "--convention", "fundamental"], ["config"],
    ["validate"], ["template", "--cycle", "2018", "--body", "ACMW", "-o", "acmw-2018.xlsx",
                   "--force"],
]


def test_every_command_is_laid_out() -> None:
    """COMMANDS holds every command of the app that shows something in the terminal (`plans
    new` and `plans import` print a plan file, or say what they wrote: test_plans_new_import)."""
    import typer

    from asean_labour.cli import app

    names = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert {command[0] for command in COMMANDS} == names


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_at_every_width(invoke: Invoke, plans: Path, command: list[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _progress(invoke, plans)
    monkeypatch.delenv("COLUMNS")
    whole = invoke(*command, "--plans", str(plans))  # piped, no width: nothing wrapped
    assert whole.exit_code == EXIT_OK, whole
    # (Rich lays a report's prose and charts out at 100 columns when there is no width.)
    wider = invoke(*command, "--plans", str(plans), env={"COLUMNS": "1000"})
    for width in WIDTHS:
        narrow = invoke(*command, "--plans", str(plans), env={"COLUMNS": str(width)})
        assert narrow.exit_code == EXIT_OK, narrow
        _check(whole.stdout + wider.stdout, narrow.stdout, width, " ".join(command))


def test_hostile_text_at_every_width(invoke: Invoke, tiny_plans: object) -> None:
    from tests.conftest import WORK_PLAN

    folder = tiny_plans(work_plan=WORK_PLAN.replace(  # type: ignore[operator]
        "Forum on migrant labour", "Forum 中文字中文字中文字 on ma\\u001b[31mrk\\u0007up "
        "Supercalifragilisticexpialidocious-and-then-some-more-characters [b]bold[/b]"))
    for command in (["list"], ["show", "T-2"], ["stats"]):
        whole = invoke(*command, "--plans", str(folder), env={"COLUMNS": "400"})
        for width in WIDTHS:
            narrow = invoke(*command, "--plans", str(folder), env={"COLUMNS": str(width)})
            assert narrow.exit_code == EXIT_OK, narrow
            assert "\x1b" not in narrow.stdout and "\x07" not in narrow.stdout
            _check(whole.stdout, narrow.stdout, width, " ".join(command))


# --- what the issue showed, as a user sees it ---------------------------------------------------

def test_a_batch_dry_run_at_80_columns(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "--file", str(EXAMPLE), "--dry-run", "--plans", str(plans),
                    env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert lines[0] == "Would record (cycle 2017, date 2017-05-01)"  # not in every row
    # the standings are phrases kept whole ("no report received"); the reporter gives way
    assert lines[1].split() == ["Project", "Before", "Status", "Note"]
    row = lines[lines.index(next(x for x in lines if x.startswith("ACMW-4 ")))]
    assert row.split()[:5] == ["ACMW-4", "no", "report", "received", "ongoing"]
    assert "hidden to fit 80 columns: Reported by" in " ".join(result.stdout.split())
    assert "Illustrative example row:" in row  # whole words, never "Illustrati/ve"
    assert all(len(line) <= 80 for line in lines)


def test_list_at_60_columns_keeps_titles_readable(invoke: Invoke, plans: Path) -> None:
    result = invoke("list", "--cycle", "2018", "--stale", "--plans", str(plans),
                    env={"COLUMNS": "60"})
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Title", "Status", "2018"]
    # the standing is one phrase, never broken ("no report received"); titles wrap between
    # words in what is left (never "Compendi/um")
    assert lines[2] == "SLOM-1a      Gender Mainstreaming into    no report received"
    assert lines[3] == "             Labor and Employment"
    assert "hidden to fit 60 columns: Body, KRA, Collaborators, Coordinators, Years;" in \
        " ".join(result.stdout.split())


def test_list_at_80_columns_hides_the_least_important_columns(invoke: Invoke, plans: Path
                                                             ) -> None:
    result = invoke("list", "--plans", str(plans), env={"COLUMNS": "80"})
    assert result.stdout.splitlines()[0].split() == ["ID", "Title", "Years", "Coordinators"]
    assert " ".join(result.stdout.split()).endswith(
        "79 projects (hidden to fit 80 columns: Body, KRA, Collaborators; --wide shows "
        "everything, --format json every field)")
    wide = invoke("list", "--wide", "--plans", str(plans), env={"COLUMNS": "80"})
    assert wide.stdout.splitlines()[0].split() == [
        "ID", "Body", "KRA", "Title", "Years", "Coordinators", "Collaborators"]
    assert "hidden" not in wide.stdout and "…" not in wide.stdout


def test_piped_with_no_terminal_nothing_is_hidden_or_wrapped(
        invoke: Invoke, plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS")
    result = invoke("list", "--plans", str(plans))
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Body", "KRA", "Title", "Years", "Coordinators",
                                "Collaborators"]
    assert len(lines) == 2 + 79 + 1  # one line per project
    for project in shipped().projects:
        if project.title:
            assert project.title in result.stdout
    assert "hidden" not in result.stdout and "…" not in result.stdout


def test_the_stats_headers_are_never_folded(invoke: Invoke, plans: Path) -> None:
    result = invoke("stats", "--plans", str(plans), env={"COLUMNS": "60"})
    assert "Coordinator         SLOM  SLOM-WG  ACMW  ASEAN-OSHNET  Total" in result.stdout
    assert "Brunei Darussalam" in result.stdout


def test_every_listing_command_offers_wide_and_every_command_no_pager(invoke: Invoke) -> None:
    from asean_labour.cli import app

    for info in app.registered_commands:
        assert info.name is not None
        text = invoke(info.name, "--help").stdout
        assert "--no-pager" in text, info.name
        # commands that lay out no table (validate; template writes a workbook) take no --wide
        assert ("--wide" in text) == (info.name not in ("validate", "template")), info.name
