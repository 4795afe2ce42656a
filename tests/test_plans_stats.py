"""`plans` and `stats`: every format, the same filters as `list`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from asean_labour.errors import EXIT_OK, EXIT_USAGE
from asean_labour.records import PLAN_FIELDS
from tests.conftest import Invoke
from tests.helpers import run_json

PLAN_COUNTS = [  # id, kind, body, projects, thematic areas (defined, or worked under)
    ("ALM-WP-2016-2020", "work-programme", "SLOM", 9, 23),
    ("SLOM-WG-2016-2020", "work-plan", "SLOM-WG", 29, 9),
    ("ACMW-2016-2020", "work-plan", "ACMW", 18, 4),
    ("OSHNET-2016-2020", "work-plan", "ASEAN-OSHNET", 23, 3),
]


# --- plans -------------------------------------------------------------------------------------

def test_plans_json(invoke: Invoke, plans: Path) -> None:
    document = run_json(invoke, plans, "plans")
    assert list(document) == ["schema_version", "kind", "count", "plans"]
    assert (document["schema_version"], document["kind"], document["count"]) == (1, "plans", 4)
    records = document["plans"]
    assert [list(r) for r in records] == [list(PLAN_FIELDS)] * 4
    assert [(r["id"], r["kind"], r["body"], r["projects"], r["thematic_areas"])
            for r in records] == PLAN_COUNTS
    programme = records[0]
    assert (programme["period"], programme["start"], programme["end"], programme["programme"],
            programme["file"]) == ("2016-2020", 2016, 2020, "ALM-WP-2016-2020",
                                   "alm-work-programme-2016-2020.toml")
    assert {r["programme"] for r in records} == {"ALM-WP-2016-2020"}


def test_plans_csv(invoke: Invoke, plans: Path) -> None:
    result = invoke("plans", "--format", "csv", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["id"], r["kind"], r["body"], int(r["projects"]), int(r["thematic_areas"]))
            for r in rows] == PLAN_COUNTS
    assert list(rows[0]) == list(PLAN_FIELDS)


def test_plans_table(invoke: Invoke, plans: Path) -> None:
    result = invoke("plans", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Plan", "Title", "Body", "Period", "Projects", "Areas"]
    assert lines[2].split()[:2] == ["ALM-WP-2016-2020", "ASEAN"]
    assert lines[2].split()[-4:] == ["SLOM", "2016-2020", "9", "23"]
    assert lines[-1] == "4 plans, 79 projects"


def test_plans_table_at_80_columns_keeps_titles_readable(invoke: Invoke, plans: Path) -> None:
    result = invoke("plans", "--plans", str(plans), env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    words = set(result.stdout.split())
    for title in ("ASEAN Labour Ministers' (ALM) Work Programme 2016-2020",
                  "ASEAN Occupational Safety and Health Network (ASEAN-OSHNET) Work Plan"):
        assert set(title.split()) <= words
    assert "(hidden to fit 80 columns: Areas;" in " ".join(result.stdout.split())


def test_plans_markdown(invoke: Invoke, plans: Path) -> None:
    result = invoke("plans", "--format", "markdown", "--plans", str(plans))
    lines = result.stdout.splitlines()
    assert lines[0] == "| Plan | Title | Body | Period | Projects | Areas |"
    assert lines[1] == "|---|---|---|---|---:|---:|"
    assert lines[2].startswith("| ALM-WP-2016-2020 | ASEAN Labour Ministers' (ALM) ")
    assert lines[-1] == "4 plans, 79 projects"


# --- stats -------------------------------------------------------------------------------------

def table(document: dict[str, object], row_label: str) -> dict[str, dict[str, int]]:
    tables = document["tables"]
    assert isinstance(tables, list)
    [found] = [t for t in tables if t["row_label"] == row_label]
    return {row["key"]: row["counts"] for row in found["rows"]}


def test_stats_json(invoke: Invoke, plans: Path) -> None:
    document = run_json(invoke, plans, "stats")
    assert list(document) == ["schema_version", "kind", "projects", "tables"]
    assert (document["kind"], document["projects"]) == ("stats", 79)
    assert [t["title"] for t in document["tables"]] == [
        "Projects by body and key result area",
        "Who coordinates what: projects by coordinator and body",
        "Projects active by year and body"]
    assert [list(t) for t in document["tables"]] == [["title", "row_label", "columns",
                                                      "rows", "programme"]] * 3
    assert all(t["programme"] is None for t in document["tables"])  # one programme
    by_kra = table(document, "body")
    assert by_kra == {
        "SLOM": {"KRA 1": 0, "KRA 2": 0, "KRA 3": 0, "KRA 4": 0, "none": 9},
        "SLOM-WG": {"KRA 1": 9, "KRA 2": 8, "KRA 3": 7, "KRA 4": 5, "none": 0},
        "ACMW": {"KRA 1": 0, "KRA 2": 7, "KRA 3": 0, "KRA 4": 11, "none": 0},
        "ASEAN-OSHNET": {"KRA 1": 0, "KRA 2": 0, "KRA 3": 23, "KRA 4": 0, "none": 0}}
    rows = document["tables"][0]["rows"]
    assert [r["total"] for r in rows] == [9, 29, 18, 23]
    by_coordinator = table(document, "coordinator")
    assert by_coordinator["Brunei Darussalam"] == {"SLOM": 0, "SLOM-WG": 0, "ACMW": 0,
                                                   "ASEAN-OSHNET": 1}
    assert by_coordinator["Host of CBM"]["ASEAN-OSHNET"] == 2
    by_year = table(document, "year")
    assert list(by_year) == ["2016", "2017", "2018", "2019", "2020"]


def test_stats_takes_the_list_filters(invoke: Invoke, plans: Path) -> None:
    document = run_json(invoke, plans, "stats", "--body", "acmw", "--year", "2018")
    listed = run_json(invoke, plans, "list", "--body", "acmw", "--year", "2018")
    assert document["projects"] == listed["count"] == 10
    assert table(document, "body") == {"ACMW": {"KRA 2": 4, "KRA 4": 6}}
    assert document["tables"][2]["columns"] == ["ACMW"]
    assert table(document, "year")["2018"] == {"ACMW": 10}
    viet_nam = run_json(invoke, plans, "stats", "-c", "Vietnam", "-y", "2018")
    assert viet_nam["projects"] == 6


def test_stats_unknown_filter_value(invoke: Invoke, plans: Path) -> None:
    result = invoke("stats", "--body", "OSHNETT", "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith("error: unknown body 'OSHNETT'. Did you mean "
                                    "'ASEAN-OSHNET'?")


def test_stats_csv(invoke: Invoke, plans: Path) -> None:
    result = invoke("stats", "--format", "csv", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["table", "row", "column", "count", "programme"]
    assert {r["programme"] for r in rows} == {""}  # one programme
    assert {r["table"] for r in rows} == {"body x kra", "coordinator x body", "year x body"}
    cells = {(r["table"], r["row"], r["column"]): int(r["count"]) for r in rows}
    assert cells[("body x kra", "ACMW", "KRA 4")] == 11
    assert cells[("coordinator x body", "Viet Nam", "ASEAN-OSHNET")] == 5
    assert cells[("year x body", "2016", "ACMW")] == 6
    document = run_json(invoke, plans, "stats")
    assert len(rows) == sum(len(t["columns"]) * len(t["rows"]) for t in document["tables"])


def test_stats_table_and_markdown(invoke: Invoke, plans: Path) -> None:
    result = invoke("stats", "--body", "ACMW", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    out = result.stdout
    assert "Projects by body and key result area" in out
    assert "Who coordinates what" in out
    assert out.rstrip().splitlines()[-1] == "18 projects"
    totals = [line.split() for line in out.splitlines() if line.startswith("Total")]
    assert totals[0] == ["Total", "7", "11", "18"]
    markdown = invoke("stats", "--body", "ACMW", "--format", "markdown", "--plans", str(plans))
    assert markdown.stdout.startswith("18 projects\n\n## Projects by body and key result area\n")
    assert "| Total | 7 | 11 | 18 |" in markdown.stdout


# --- one plan, whole ---------------------------------------------------------------------------

def test_plans_id_shows_the_monitoring_mechanism_and_resource_mobilisation(
        invoke: Invoke, plans: Path) -> None:
    result = invoke("plans", "acmw-2016-2020", "--plans", str(plans), env={"COLUMNS": "200"})
    assert result.exit_code == EXIT_OK, result
    assert "Monitoring and evaluation" in result.stdout
    assert "ACMW Chair to report the annual progress" in result.stdout
    assert "Resource mobilisation" in result.stdout
    assert "Cost-sharing among ASEAN Member States" in result.stdout


def test_plans_id_json_holds_the_programme_definitions(invoke: Invoke, plans: Path) -> None:
    import json

    result = invoke("plans", "ALM-WP-2016-2020", "--plans", str(plans), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    plan = json.loads(result.stdout)["plan"]
    content = plan["programme_content"]
    assert [k["number"] for k in content["key_result_areas"]] == [1, 2, 3, 4]
    assert len(content["thematic_areas"]) == plan["thematic_areas"] == 23
    assert content["thematic_areas"][14]["bodies"] == ["SLOM-WG", "ASEAN-OSHNET"]
    assert len(plan["monitoring"]) == 4
    assert "scorecard" in plan["monitoring"][1]
    work_plan = json.loads(invoke("plans", "OSHNET-2016-2020", "--plans", str(plans),
                                  "--format", "json").stdout)["plan"]
    assert "programme_content" not in work_plan
    csv_out = invoke("plans", "ALM-WP-2016-2020", "--plans", str(plans), "--format", "csv")
    assert csv_out.stdout.splitlines()[0].endswith("monitoring,resource_mobilisation")
    markdown = invoke("plans", "ALM-WP-2016-2020", "--plans", str(plans), "--format",
                      "markdown")
    assert markdown.stdout.startswith("# ASEAN Labour Ministers' (ALM) Work Programme")


def test_plans_id_unknown_suggests(invoke: Invoke, plans: Path) -> None:
    result = invoke("plans", "ACMW-2016-2021", "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "unknown plan 'ACMW-2016-2021'. Did you mean ACMW-2016-2020" in result.stderr
