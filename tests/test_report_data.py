"""The progress the report, scorecard, review and timeline tests share: three cycles of updates
on the shipped plans, a note full of markup, and what the documents should count, computed here
from the scenario alone (never through asean_labour.report)."""

from __future__ import annotations

import csv
import functools
import io
import json
import shutil
from pathlib import Path

from asean_labour.batch import Request
from asean_labour.errors import EXIT_OK
from asean_labour.loading import load_catalogue
from asean_labour.model import Catalogue, Project
from asean_labour.progress import ProgressStore, now_utc
from asean_labour.recording import record
from tests.conftest import SHIPPED_PLANS, Invoke

#: Rich markup, HTML, Markdown, a table pipe and terminal escape sequences, all in one note.
NASTY = ("[bold red]alarm[/bold red] <script>alert(1)</script> **bold** | pipe # head "
         "\x1b[31mred\x07 `code`")
FINAL = {"completed", "cancelled", "carried-over"}

#: cycle -> (project, status, note, outputs)
SCENARIO: dict[int, list[tuple[str, str, str, str]]] = {
    2016: [
        ("SLOM-2", "completed", "Dialogue held in Kuala Lumpur", "data"),
        ("SLOM-7a", "cancelled", "Venue withdrawn", ""),
        ("SLOM-WG-1", "ongoing", "Stock-taking begun", ""),
        ("SLOM-WG-3", "ongoing", "", ""),
        ("ACMW-2", "ongoing", "9th AFML held", ""),
        ("ACMW-4", "not-started", "", ""),
        ("OSHNET-2", "ongoing", "", ""),
        ("OSHNET-20", "completed", "Published", "laws"),
    ],
    2017: [
        ("SLOM-4", "not-started", "", ""),
        ("SLOM-WG-1", "completed", "Report adopted", "data"),
        ("SLOM-WG-2a", "ongoing", NASTY, ""),
        ("SLOM-WG-3", "delayed", "", ""),
        ("ACMW-2", "ongoing", "10th AFML held", "data"),
        ("ACMW-4", "ongoing", "Translations under way", ""),
        ("ACMW-9", "completed", "ASEAN Consensus signed", "laws"),
        ("OSHNET-2", "postponed", "", ""),
        ("OSHNET-6", "completed", "", "data;laws"),
    ],
    2018: [
        ("SLOM-WG-3", "completed", "Skills competition held", ""),
        ("ACMW-2", "ongoing", "", ""),
        ("ACMW-5", "cancelled", "No funding", ""),
        ("OSHNET-2", "ongoing", "Resumed", ""),
        ("SLOM-WG-10b", "carried-over", "To the next plan", ""),
    ],
}


def seed(plans: Path) -> None:
    """Record the scenario into a plans folder, one change per cycle."""
    catalogue = load_catalogue(plans)
    store = ProgressStore(plans)
    for cycle, rows in sorted(SCENARIO.items()):
        requests = [Request(project=pid, status=status, cycle=cycle, date=f"{cycle}-06-01",
                            note=note or None, reported_by="Tester",
                            outputs=tuple(outputs.split(";")) if outputs else ())
                    for pid, status, note, outputs in rows]
        record(store, catalogue, requests, source="scenario", default_cycle=cycle,
               reporter="Tester", now=now_utc())


def seeded_template(folder: Path) -> Path:
    """A copy of the shipped plans with the scenario recorded, in `folder`."""
    target = folder / "plans"
    shutil.copytree(SHIPPED_PLANS, target, ignore=shutil.ignore_patterns("progress"))
    seed(target)
    return target


@functools.cache
def catalogue() -> Catalogue:
    """The shipped plans, loaded once (read only)."""
    return load_catalogue(SHIPPED_PLANS)


def in_cycle(cycle: int) -> dict[str, str]:
    return {pid: status for pid, status, _, _ in SCENARIO.get(cycle, [])}


def as_of(cycle: int) -> dict[str, tuple[str, int]]:
    """Each project's latest status up to the cycle, with the cycle it was reported in."""
    state: dict[str, tuple[str, int]] = {}
    for year in sorted(SCENARIO):
        if year <= cycle:
            state.update({pid: (status, year) for pid, status in in_cycle(year).items()})
    return state


def expected_state(project: Project, cycle: int) -> str:
    """The report's category, straight from the rules in docs/reports.md."""
    now = in_cycle(cycle)
    if project.id in now:
        return now[project.id]
    before = as_of(cycle - 1).get(project.id)
    if before is not None and before[0] in FINAL:
        return before[0]
    years = project.all_years  # due unless the plan starts it later; reported before: due
    if not years or years[0] <= cycle or before is not None:
        return "no-report"
    return "not-due"


def test_the_scenario_recorded_through_the_cli_reads_back_as_written(
        invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    for cycle, rows in sorted(SCENARIO.items()):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["project", "status", "cycle", "date", "note", "outputs"])
        for pid, status, note, outputs in rows:
            writer.writerow([pid, status, cycle, f"{cycle}-06-01", note, outputs])
        batch = tmp_path / f"batch-{cycle}.csv"
        batch.write_text(buffer.getvalue(), "utf-8")
        result = invoke("update", "--file", str(batch), "--by", "Tester", "--plans",
                        str(plans))
        assert result.exit_code == EXIT_OK, result
    for cycle in SCENARIO:
        listed = json.loads(invoke("list", "--cycle", str(cycle), "--plans", str(plans),
                                   "--format", "json").stdout)["projects"]
        got = {p["id"]: p["progress"]["status"] for p in listed if p["progress"]}
        assert got == {pid: status for pid, (status, _) in as_of(cycle).items()}
    note = json.loads(invoke("show", "SLOM-WG-2a", "--plans", str(plans), "--format",
                             "json").stdout)["project"]["progress"][0]["note"]
    assert note == NASTY
