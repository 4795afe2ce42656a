"""Issue 15, done when: a successor programme and its work plans are built in a temporary plans
folder (by hand, with `plans new`, and with `plans import` from an Excel and a CSV table), with
Timor-Leste coordinating, and a new body and a new coordinating role added only in the
vocabulary file; then every command runs on the 2016-2020 and 2026-2030 plans together."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import openpyxl
import pytest

from asean_labour.errors import EXIT_OK
from tests.conftest import Invoke, Result

# Made up for the test: the 2026-2030 plans are not in the sources. ATC (the ASEAN TVET
# Council) and its chair exist only in this folder's vocabulary.
NEW_BODY = '''
[[bodies]]
name = "ATC"
full_name = "ASEAN TVET Council"
aliases = ["ASEAN TVET Council"]

[[roles]]
name = "ATC Chair"
aliases = ["Chair of the ATC"]
'''

PROGRAMME_CONTENT = '''
[[key_result_areas]]
number = 1
name = "Future-ready workforce"

[[key_result_areas]]
number = 2
name = "Safe, healthy and fair workplaces"

[[thematic_areas]]
number = 1
title = "Skills for the future of work"
kra = 1
bodies = ["ATC"]

[[thematic_areas]]
number = 2
title = "Labour migration"
kra = 2
bodies = ["ACMW"]

[[thematic_areas]]
number = 3
title = "Occupational safety and health"
kra = 2
bodies = ["ASEAN-OSHNET"]

[[projects]]
id = "SLOM-2026-1"
title = "Policy dialogue on the platform economy"
thematic_area = 1
timeline = "2027"
years = [2027]
coordinators = ["Timor-Leste"]
collaborators = ["ILO"]
'''

ATC_PROJECTS = '''
[[projects]]
id = "ATC-2026-1"
number = "1"
title = "Regional TVET teacher exchange"
thematic_area = 1
timeline = "2026-2028"
years = [2026, 2027, 2028]
coordinators = ["ATC Chair", { name = "East Timor", years = [2027, 2028] }]
collaborators = ["International Labour Organisation"]
carried_over_from = "SLOM-WG-17"
'''

OSHNET_CSV = (
    "No.,Project Title,Timeline,Indicative Budget,Country Coordinator,Potential Collaborator\n"
    "Thematic Area 3: Occupational safety and health,,,,,\n"
    "1,ASEAN-OSHNET Conference,Annual,,Host of CBM,\n"
    "2,Heat stress guidelines,2027-2028,,Timor-Leste and Malaysia,\"ILO, EU OSHA\"\n"
)


def ok(result: Result) -> Result:
    assert result.exit_code == EXIT_OK, result
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def next_plans(invoke: Invoke, plans: Path, tmp_path: Path) -> Path:
    """The shipped 2016-2020 plans and the 2026-2030 ones built as an officer would."""
    def run(*args: str) -> Result:
        return ok(invoke(*args, "--plans", str(plans)))

    vocabulary = plans / "vocabulary.toml"
    vocabulary.write_text(vocabulary.read_text("utf-8") + NEW_BODY, "utf-8")
    # the programme: started with `plans new`, filled in by hand
    run("plans", "new", "ALM-WP-2026-2030", "--kind", "work-programme", "--period",
        "2026-2030")
    programme = plans / "alm-wp-2026-2030.toml"
    programme.write_text(programme.read_text("utf-8") + PROGRAMME_CONTENT, "utf-8")
    # the new body's plan: `plans new`, its project written by hand
    run("plans", "new", "ATC-2026-2030", "--body", "ATC", "--programme", "ALM-WP-2026-2030")
    atc = plans / "atc-2026-2030.toml"
    atc.write_text(atc.read_text("utf-8") + ATC_PROJECTS, "utf-8")
    # ACMW's plan: imported from an Excel table
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "ACMW"
    sheet.append(["No.", "Project Title", "Timeline", "Indicative Budget",
                  "Country Coordinator", "Potential Collaborator"])
    sheet.append(["Thematic Area 2: Labour migration"])
    sheet.append([1, "ASEAN Forum on Migrant Labour", "Annual", None, "ACMW Chair", "ILO, IOM"])
    sheet.append([2, "Fair recruitment workshops", "2027-2028", None, "TL", None])
    sheet.append(["a", "Workshop for recruitment agencies", None, None, None, "ILO"])
    sheet.append(["b", "Workshop for labour attachés", 2028, None, "Philippines", None])
    workbook.save(tmp_path / "acmw.xlsx")
    run("plans", "import", str(tmp_path / "acmw.xlsx"), "--id", "ACMW-2026-2030", "--body",
        "ACMW", "--programme", "ALM-WP-2026-2030")
    # ASEAN-OSHNET's plan: imported from a CSV table
    (tmp_path / "oshnet.csv").write_text(OSHNET_CSV, "utf-8")
    run("plans", "import", str(tmp_path / "oshnet.csv"), "--id", "OSHNET-2026-2030", "--body",
        "OSHNET", "--programme", "ALM-WP-2026-2030", "--prefix", "OSHNET-2026")
    return plans


def test_the_next_plans_validate_beside_the_old(invoke: Invoke, next_plans: Path) -> None:
    text = ok(invoke("validate", "--plans", str(next_plans))).stdout
    assert text.startswith("8 plan files, 8 plans, 86 projects, 26 thematic areas")
    plans = json.loads(ok(invoke("plans", "--format", "json", "--plans",
                                 str(next_plans))).stdout)["plans"]
    assert [(p["id"], p["body"], p["succeeds"]) for p in plans][4:] == [
        ("ALM-WP-2026-2030", "SLOM", "ALM-WP-2016-2020"),
        ("ACMW-2026-2030", "ACMW", "ACMW-2016-2020"),
        ("OSHNET-2026-2030", "ASEAN-OSHNET", "OSHNET-2016-2020"),
        ("ATC-2026-2030", "ATC", None)]


def test_every_reading_command(invoke: Invoke, next_plans: Path) -> None:
    def run(*args: str) -> str:
        return ok(invoke(*args, "--plans", str(next_plans))).stdout

    timor = json.loads(run("list", "--coordinator", "TLS", "--format", "json"))
    # ACMW-2026-2a takes the coordinator of item 2, which heads it; 2b names its own
    assert [p["id"] for p in timor["projects"]] == [
        "SLOM-2026-1", "ACMW-2026-2a", "OSHNET-2026-2", "ATC-2026-1"]
    assert "ATC-2026-1" in run("list", "--coordinator", "Chair of the ATC")
    assert "ATC-2026-1" in run("list", "--body", "asean tvet council", "--period", "2026-2030")
    rows = list(csv.DictReader(io.StringIO(run("list", "--format", "csv", "--body", "ATC"))))
    assert [(r["id"], r["carried_over_from"]) for r in rows] == [("ATC-2026-1", "SLOM-WG-17")]
    assert "| ATC-2026-1 | ATC |" in run("list", "--format", "markdown", "--body", "ATC")
    show = " ".join(run("show", "ATC-2026-1").split())
    assert "Coordinators ATC Chair, Timor-Leste (2027-2028)" in show
    assert "Carried over from SLOM-WG-17 (SLOM-WG-2016-2020)" in show
    assert "Collaborators ILO" in show
    assert "Carried over to ATC-2026-1 (ATC-2026-2030)" in " ".join(
        run("show", "SLOM-WG-17").split())
    assert "ASEAN TVET Council" in run("plans", "ATC-2026-2030")
    stats = json.loads(run("stats", "--format", "json"))
    assert {t["programme"] for t in stats["tables"]} == {"ALM-WP-2016-2020",
                                                         "ALM-WP-2026-2030"}
    new = next(t for t in stats["tables"] if t["programme"] == "ALM-WP-2026-2030"
               and t["row_label"] == "coordinator")
    assert new["columns"] == ["SLOM", "ACMW", "ASEAN-OSHNET", "ATC"]  # the vocabulary's order
    assert {r["key"] for r in new["rows"]} >= {"Timor-Leste", "ATC Chair"}
    assert "Timor-Leste" in run("stats")
    timeline = json.loads(run("timeline", "--format", "json", "--no-timestamp"))
    # the years the plans cover, without empty columns for the years between them
    assert timeline["years"] == [*range(2016, 2021), *range(2026, 2031)]
    assert "ATC-2026-1" in run("timeline", "--period", "2026-2030")
    assert run("instruments").strip()
    ratifications = json.loads(run("ratifications", "--country", "TL", "--format", "json"))
    assert ratifications["member_states"][0]["member_since"] == "2025-10-26"


def test_every_reporting_and_recording_command(invoke: Invoke, next_plans: Path,
                                               tmp_path: Path) -> None:
    def run(*args: str) -> Result:
        return ok(invoke(*args, "--plans", str(next_plans)))

    run("update", "ATC-2026-1", "--status", "ongoing", "--cycle", "2027", "--note",
        "First exchange held in Dili", "--by", "ATC secretariat")
    batch = tmp_path / "round.csv"
    batch.write_text("project,status,cycle,note\nACMW-2026-2a,completed,2027,Held\n"
                     "OSHNET-2026-2,delayed,2027,Awaiting funds\n", "utf-8")
    run("update", "--file", str(batch))
    run("update", "SLOM-WG-16", "--status", "carried-over", "--cycle", "2020", "--carried-to",
        "ACMW-2026-1")
    log = run("log", "--cycle", "2027", "--format", "json").stdout
    assert {e["project"] for e in json.loads(log)["entries"]} == {
        "ATC-2026-1", "ACMW-2026-2a", "OSHNET-2026-2"}
    report = json.loads(run("report", "--cycle", "2027", "--format", "json",
                            "--no-timestamp").stdout)
    assert report["programmes"] == ["ASEAN Labour Ministers' (ALM) Work Programme 2026-2030"]
    assert [b["body"] for b in report["bodies"]] == ["SLOM", "ACMW", "ASEAN-OSHNET", "ATC"]
    assert {r["id"] for r in report["carried_over"]} == {"ACMW-2026-1", "ATC-2026-1"}
    markdown = run("report", "--cycle", "2027", "--format", "markdown", "--no-timestamp").stdout
    assert "2 projects continue one carried over from an earlier plan." in markdown
    assert "Timor-Leste" in markdown and "ATC Chair" in markdown
    assert "ATC" in run("report", "--cycle", "2027").stdout
    run("report", "--cycle", "2027", "-o", str(tmp_path / "report.docx"), "--no-timestamp")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "report.docx")).paragraphs)
    assert "ATC" in text and "Timor-Leste" in text
    run("report", "--cycle", "2027", "-o", str(tmp_path / "report.html"), "--no-timestamp")
    assert "ATC-2026-1" in (tmp_path / "report.html").read_text("utf-8")
    one_pager = json.loads(run("report", "--cycle", "2027", "--coordinator", "Timor-Leste",
                               "--format", "json", "--no-timestamp").stdout)
    assert one_pager["title"].startswith("Timor-Leste: ")
    scorecard = json.loads(run("scorecard", "--cycle", "2027", "--format", "json",
                               "--no-timestamp").stdout)
    assert "ATC" in json.dumps(scorecard)
    review = json.loads(run("review", "--from", "2026", "--to", "2027", "--format", "json",
                            "--no-timestamp").stdout)
    assert review["programmes"] == ["ASEAN Labour Ministers' (ALM) Work Programme 2026-2030"]
    workbook = tmp_path / "atc-2027.xlsx"
    run("template", "--cycle", "2027", "--body", "ATC", "--output", str(workbook))
    sheet = openpyxl.load_workbook(workbook)["Updates"]
    assert "ATC-2026-1" in [c.value for c in sheet["A"]]
    assert "KRA 1: Future-ready workforce" in json.dumps(review)  # the new programme's KRAs
    run("undo")
    ok(invoke("validate", "--plans", str(next_plans)))
