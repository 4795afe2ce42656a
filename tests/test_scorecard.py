"""`scorecard`: the output-level checklist per body, checked against the scenario's outputs."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_OK, EXIT_USAGE
from tests.conftest import Invoke
from tests.helpers import command_document, command_stdout, shipped_vocabulary
from tests.test_report import parse_markdown, style_of
from tests.test_report_data import SCENARIO, catalogue, seeded_template


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_template(tmp_path_factory.mktemp("scorecard"))


run = functools.partial(command_stdout, "scorecard")
scorecard_json = functools.partial(command_document, "scorecard")


def delivered(cycle: int, output: str) -> dict[str, list[str]]:
    """Per body, the projects whose update in the cycle delivered `output`."""
    bodies = {p.id: str(p.body) for p in catalogue().projects}
    order = [p.id for p in catalogue().projects]
    found: dict[str, list[str]] = {str(b): [] for b in shipped_vocabulary().body_order}
    for pid, _, _, outputs in sorted(SCENARIO[cycle], key=lambda row: order.index(row[0])):
        if output in outputs.split(";"):
            found[bodies[pid]].append(pid)
    return found


def test_json_checklist_matches_the_scenario(invoke: Invoke, seeded: Path) -> None:
    document = scorecard_json(invoke, seeded, "--cycle", "2017")
    assert (document["kind"], document["cycle"]) == ("scorecard", 2017)
    data, laws = delivered(2017, "data"), delivered(2017, "laws")
    assert {b["body"]: b["data"] for b in document["bodies"]} == data
    assert {b["body"]: b["laws"] for b in document["bodies"]} == laws
    assert document["totals"] == {
        "projects": 79, "reported": len(SCENARIO[2017]),
        "data": sum(map(len, data.values())), "laws": sum(map(len, laws.values()))}
    reported = {pid for pid, *_ in SCENARIO[2017]}
    for body in document["bodies"]:
        assert body["reported"] == sum(1 for row in body["checklist"] if row["reported"])
        assert {row["id"] for row in body["checklist"] if row["reported"]} == {
            p.id for p in catalogue().projects if str(p.body) == body["body"]} & reported
    oshnet6 = next(r for b in document["bodies"] for r in b["checklist"] if r["id"] == "OSHNET-6")
    assert (oshnet6["status"], oshnet6["data"], oshnet6["laws"]) == ("completed", True, True)


def test_word_checklist_reads_back(invoke: Invoke, seeded: Path, tmp_path: Path) -> None:
    import docx

    target = tmp_path / "scorecard.docx"
    run(invoke, seeded, "--cycle", "2017", "-o", str(target), "--no-timestamp")
    doc = docx.Document(str(target))
    headings = [p.text for p in doc.paragraphs if style_of(p) == "Heading 1"]
    bodies = shipped_vocabulary().body_order
    assert headings == ["1. Summary", *(f"{n}. {b}" for n, b in enumerate(bodies, 2))]
    summary = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert summary[0] == ["Body", "Projects", "Reported in 2017", "Data, information, statistics",
                          "Laws, standards, policies"]
    data, laws = delivered(2017, "data"), delivered(2017, "laws")
    for row in summary[1:-1]:
        assert (int(row[3]), int(row[4])) == (len(data[row[0]]), len(laws[row[0]]))
    assert summary[-1][:3] == ["Total", "79", str(len(SCENARIO[2017]))]
    checked = {}
    for table in doc.tables[1:]:
        header = [c.text for c in table.rows[0].cells]
        assert header == ["ID", "Title", "Status", "Data", "Laws", "Evidence"]
        for line in table.rows[1:]:
            cells = [c.text for c in line.cells]
            checked[cells[0]] = (cells[3] == "✓", cells[4] == "✓")
    assert len(checked) == 79
    assert {pid for pid, (d, _) in checked.items() if d} == {p for v in data.values() for p in v}
    assert {pid for pid, (_, w) in checked.items() if w} == {p for v in laws.values() for p in v}


def test_markdown_and_terminal_name_the_deliverers(invoke: Invoke, seeded: Path) -> None:
    text = run(invoke, seeded, "--cycle", "2017", "-f", "markdown", "--no-timestamp")
    headings, tables = parse_markdown(text)
    assert headings[0] == (1, "Output-level checklist (scorecard), cycle 2017")
    assert [h for level, h in headings if level == 2][1:] == [
        f"{n}. {b}" for n, b in enumerate(shipped_vocabulary().body_order, 2)]
    rows = {row[0]: row for table in tables[1:] for row in table[1:]}
    assert rows["ACMW-9"][3:5] == ["", "✓"] and rows["ACMW-2"][3:5] == ["✓", ""]
    terminal = run(invoke, seeded, "--cycle", "2017")
    assert "Data/information/statistics: ACMW-2." in terminal
    assert "Laws/standards/policies: OSHNET-6." in terminal


def test_a_later_update_in_the_cycle_replaces_the_outputs(invoke: Invoke, plans: Path) -> None:
    def update(*args: str) -> None:
        result = invoke("update", "ACMW-2", "--cycle", "2017", "--date", "2017-05-01",
                        "--plans", str(plans), *args)
        assert result.exit_code == EXIT_OK, result

    def acmw_data() -> list[str]:
        document = scorecard_json(invoke, plans, "--cycle", "2017", "--body", "ACMW")
        ids: list[str] = document["bodies"][0]["data"]
        return ids

    update("--status", "ongoing", "--delivered", "data")
    assert acmw_data() == ["ACMW-2"]
    update("--status", "completed")
    assert acmw_data() == []
    assert invoke("undo", "--plans", str(plans)).exit_code == EXIT_OK
    assert acmw_data() == ["ACMW-2"]  # the undone update is out of effect


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cycle", "2031"], "--cycle 2031 is outside the loaded plans (2016-2020); try "
         "--cycle 2018 (the latest cycle with recorded progress)"),
        (["--cycle", "2017", "-o", "scorecard.csv"], "cannot tell the format from the "
         "extension '.csv'"),
        (["--cycle", "2017", "--kra", "9"], "unknown key result area '9': the programmes define "
         "KRA 1, 2, 3, 4"),
        (["--cycle", "2017", "-f", "docx"], "give --output FILE.docx"),
    ],
)
def test_refusals(invoke: Invoke, seeded: Path, args: list[str], message: str) -> None:
    result = invoke("scorecard", *args, "--plans", str(seeded))
    assert result.exit_code == EXIT_USAGE, result
    assert message in result.stderr and result.stdout == ""
