"""Tables and reports grow linearly with the projects (issue 18), checked by counting rather
than timing: how often a table's cells are measured, how often its rows are read, and how
often a report looks up the work programmes (a scan of every plan) for the projects it holds.
A layout that went back to scanning every row once per width tried, or a report that asked
for the programmes once per project, fails here whatever the machine's speed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from asean_labour.errors import EXIT_OK
from asean_labour.model import Catalogue
from asean_labour.progress import ProgressStore
from asean_labour.query import Filters, resolve
from asean_labour.render import Column, Listing, text_table
from asean_labour.render.text_table import fit, layout, plain_listing
from asean_labour.report import (
    build_changes,
    build_report,
    build_review,
    build_scorecard,
    build_timeline,
)
from tests.conftest import Invoke
from tests.test_report_data import catalogue, seeded_template

#: Measurements per cell and per word, at most, summed over the layout: a cell's survey, each
#: word of a cell that wraps (when it is broken into lines), the padding of each line.
PER_PIECE = 3

COLUMNS = (Column("ID", no_wrap=True), Column("Body", no_wrap=True, drop=5),
           Column("KRA", justify="right", drop=4),
           Column("Title", ratio=5, min_width=24, shorten=True),
           Column("Years", items=True, drop=1),
           Column("Coordinators", ratio=2, min_width=17, items=True, drop=2),
           Column("Status", no_wrap=True, keep=("not started",)))


def _rows(count: int) -> tuple[tuple[str, ...], ...]:
    """Rows like `list`'s, with accented and wide (CJK) text: the cells every measurement
    goes through `cells` for (plain ASCII takes C-speed shortcuts that count nothing)."""
    return tuple(
        (f"ACMW-{n}", "ACMW", str(n % 4 + 1),
         f"Développement des compétences {n}: atelier régional 研修 sur la migration",
         "2016-2018" if n % 3 else "2017, 2019",
         "Việt Nam, Lào PDR, Malaysia (2016-2018)" if n % 2 else "Philippines",
         "not started" if n % 5 else "completed")
        for n in range(count))


class Rows(tuple[tuple[str, ...], ...]):
    """A table's rows that count how often they are read from start to end."""

    reads = 0

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        Rows.reads += 1
        return super().__iter__()


def _measured(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count every call of the cell-measuring functions of the layout."""
    calls = [0]

    def counting(measure: Callable[[str], int]) -> Callable[[str], int]:
        def counted(text: str) -> int:
            calls[0] += 1
            return measure(text)
        return counted

    monkeypatch.setattr(text_table, "cells", counting(text_table.cells))
    monkeypatch.setattr(text_table, "cell_len", counting(cell_len))
    return calls


@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize("width", [None, 40, 80, 120])
def test_each_cell_is_measured_a_bounded_number_of_times(
        monkeypatch: pytest.MonkeyPatch, width: int | None, wide: bool) -> None:
    calls = _measured(monkeypatch)
    counts = {}
    for size in (50, 400):
        calls[0] = 0
        text = plain_listing(Listing("Projects", COLUMNS, _rows(size)), width, wide)
        assert text.count("ACMW-") == size  # every row is laid out
        counts[size] = calls[0]
        rows = _rows(size)
        pieces = sum(1 + len(v.split()) for row in rows for v in row)  # cells and words
        assert 0 < calls[0] <= PER_PIECE * pieces, (size, calls[0], pieces)
    # Eight times the rows: eight times the measurements (give or take the header's).
    assert counts[400] <= 8 * counts[50] + 100, counts


@pytest.mark.parametrize("width", [None, 40, 80, 120])
def test_the_rows_are_read_once_to_fit_and_once_to_lay_out(width: int | None) -> None:
    """fit() chooses every width from one pass over the rows (plus one when columns are
    hidden: the shown cells are copied); layout() reads them once more."""
    rows = Rows(_rows(300))
    listing = Listing("Projects", COLUMNS, rows)
    Rows.reads = 0
    fitted = fit(listing, width)
    fit_reads = Rows.reads
    assert fit_reads <= (2 if fitted.dropped else 1), (fit_reads, fitted.dropped)
    Rows.reads = 0
    lines, _ = layout(fitted)
    assert Rows.reads <= 1
    assert sum(line.startswith("ACMW-") for line in lines) == 300


def test_a_long_cell_wraps_in_time_linear_in_its_length(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrapping measures each word once: a cell ten times as long, ten times the
    measurements (not a re-measure of the growing line for every word)."""
    calls = _measured(monkeypatch)
    counts = {}
    for words in (40, 400):
        calls[0] = 0
        lines = text_table.wrap_words(" ".join(["santé"] * words), 30)
        assert len(lines) == -(-words // 5)  # five words of 5 letters and a space per line
        counts[words] = calls[0]
    assert counts[400] <= 10 * counts[40] + 2, counts
    calls[0] = 0
    items = ", ".join(f"Lào PDR {n}" for n in range(400))
    assert text_table.wrap_items(items, 30)[:2] == ["Lào PDR 0, Lào PDR 1,",
                                                     "Lào PDR 2, Lào PDR 3,"]
    assert calls[0] <= 2 * 400 + 2


# --- reports: the programmes once per command, not once per project ----------------------------

@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_template(tmp_path_factory.mktemp("linear"))


def _counted_programmes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    original = Catalogue.programmes

    def programmes(self: Catalogue) -> Any:
        calls[0] += 1
        return original(self)

    monkeypatch.setattr(Catalogue, "programmes", programmes)
    return calls


@pytest.mark.parametrize("build", [
    lambda c, h, s: build_report(c, h, s, 2017),
    lambda c, h, s: build_review(c, h, s, 2016, 2018),
    lambda c, h, s: build_scorecard(c, h, s, 2017),
    lambda c, h, s: build_changes(c, h, s, 2016, 2017),
    lambda c, h, s: build_timeline(c, h, s, 2017),
], ids=["report", "review", "scorecard", "changes", "timeline"])
def test_a_document_looks_up_the_programmes_a_few_times_not_per_project(
        monkeypatch: pytest.MonkeyPatch, seeded: Path, build: Callable[..., Any]) -> None:
    shipped = catalogue()
    assert len(shipped.projects) > 50  # one look-up per project would be seen
    history = ProgressStore(seeded).history(shipped)
    selection = resolve(Filters(), shipped)
    calls = _counted_programmes(monkeypatch)
    assert build(shipped, history, selection) is not None
    assert calls[0] <= 2, calls[0]


@pytest.mark.parametrize("args", [
    ("report", "--cycle", "2017", "--format", "markdown"),
    ("report", "--cycle", "2017"),
    ("review", "--from", "2016", "--to", "2018", "--format", "markdown"),
    ("scorecard", "--cycle", "2017"),
    ("timeline",),
    ("list", "--cycle", "2017"),
])
def test_a_command_looks_up_the_programmes_a_few_times(
        monkeypatch: pytest.MonkeyPatch, seeded: Path, invoke: Invoke,
        args: tuple[str, ...]) -> None:
    """Through the command line: loading, options, the document and its rendering together."""
    calls = _counted_programmes(monkeypatch)
    result = invoke(*args, "--plans", str(seeded))
    assert result.exit_code == EXIT_OK, result.stderr
    assert len(result.stdout) > 1000  # a whole document or table
    assert calls[0] <= 4, calls[0]
