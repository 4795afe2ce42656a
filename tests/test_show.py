"""`show ID`: everything about one project, in every format; unknown ids suggest the nearest."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_OK, EXIT_USAGE
from asean_labour.records import PROJECT_FIELDS, project_record
from tests.conftest import Invoke, SetToday
from tests.helpers import run_json, shipped


def show(invoke: Invoke, plans: Path, *args: str) -> str:
    result = invoke("show", *args, "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert result.stderr == ""
    return result.stdout


def test_table_shows_everything_about_a_project(invoke: Invoke, plans: Path) -> None:
    out = show(invoke, plans, "SLOM-WG-10b")
    lines = out.splitlines()
    assert lines[0] == "SLOM-WG-10b  Human resources policies for foreign workers"
    flat = " ".join(out.split())
    for fragment in [
        "Plan SLOM Working Group on Progressive Labour Practices",
        "(SLOM-WG-2016-2020)", "Body SLOM-WG", "Kind project", "Number 10b",
        "Part of Regional Conferences to share information and best practices",
        "KRA 2. Productive Employment",
        "KRA targets by 2020 - Improved level of employment and reduced levels of unemployment",
        "Thematic area 12. Promotion of inclusive employment",
        "Strategic measures B.2.vi: Promote human capital development",
        "Timeline 2018", "Years 2018", "Coordinators Philippines",
        "Indicative budget not given in the plan",
        "Note No collaborator printed on this row",
        "Progress history", "No progress recorded yet.",
    ]:
        assert fragment in flat, fragment


def test_table_lists_the_events(invoke: Invoke, plans: Path) -> None:
    flat = " ".join(show(invoke, plans, "OSHNET-5").split())
    assert "Coordinators Host of CBM" in flat
    assert "Collaborators Plus Three Countries, ILO, IALI, ISSA Mining" in flat
    assert "Events 2016: 3rd AOC (28 April 2016; Da Nang, Viet Nam; Viet Nam) 2017: 4th AOC " \
           "(6 April 2017; Bandar Seri Begawan, Brunei Darussalam; Brunei Darussalam)" in flat
    assert "2020: 7th AOC (Lao PDR)" in flat


def test_a_placeholder_says_it_is_missing_from_the_source(invoke: Invoke, plans: Path) -> None:
    out = show(invoke, plans, "SLOM-WG-15")
    assert out.splitlines()[0] == "SLOM-WG-15  (item missing from the source)"
    assert "placeholder: missing from the source" in out


def test_ids_are_found_in_any_case(invoke: Invoke, plans: Path) -> None:
    assert show(invoke, plans, "slom-wg-10B") == show(invoke, plans, "SLOM-WG-10b")


@pytest.mark.parametrize(("typed", "nearest"), [
    ("ACMW-2x", "ACMW-2"), ("OSHNET-24", "OSHNET-4"), ("SLOMWG-10b", "SLOM-WG-10b"),
    ("ACMW-6", "ACMW-6a"),
])
def test_unknown_id_suggests_the_nearest(invoke: Invoke, plans: Path, typed: str,
                                         nearest: str) -> None:
    result = invoke("show", typed, "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: unknown project id {typed!r}. Did you mean {nearest}, ")
    assert line.endswith("? `asean-labour list` shows every id.")


def test_unknown_id_without_a_near_one(invoke: Invoke, plans: Path) -> None:
    result = invoke("show", "zzz", "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == "error: unknown project id 'zzz'. `asean-labour list` shows every " \
                            "id.\n"


def test_missing_id_is_a_usage_error(invoke: Invoke, plans: Path) -> None:
    result = invoke("show", "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "Missing argument 'ID'" in result.stderr


def test_json(invoke: Invoke, plans: Path, set_today: SetToday) -> None:
    set_today(dt.date(2026, 11, 1))
    document = run_json(invoke, plans, "show", "ACMW-2")
    assert list(document) == ["schema_version", "kind", "project"]
    assert (document["schema_version"], document["kind"]) == (1, "project")
    record = document["project"]
    assert list(record) == [*PROJECT_FIELDS, "kra_intermediate_targets", "measure_texts",
                            "standing", "progress", "lineage"]
    assert record["lineage"] == {"came_from": [], "went_to": []}
    catalogue = shipped()
    project = catalogue.project("ACMW-2")
    assert project is not None
    assert {k: record[k] for k in PROJECT_FIELDS} == project_record(catalogue, project)
    assert record["kra_intermediate_targets"] == [
        "Improved level of employment and reduced levels of unemployment and under-employment "
        "in ASEAN Member States",
        "Increased support for workers in rural employment and Micro, Small and Medium "
        "Enterprises (MSMEs)"]
    assert list(record["measure_texts"]) == ["B.3.ix"]
    assert record["measure_texts"]["B.3.ix"].startswith("Enhance regional initiatives")
    assert record["progress"] == []
    # No progress anywhere and today past the plans: the standing in their last year.
    assert record["standing"] == {"cycle": 2020, "state": "no-report",
                                  "words": "no report received", "closed": False,
                                  "part_completed": False}
    assert [(e["year"], e["coordinators"]) for e in record["events"]] == [
        (2016, ["Lao PDR"]), (2017, ["Philippines"]), (2018, ["Singapore"]),
        (2019, ["Thailand"]), (2020, ["Viet Nam"])]


def test_json_with_progress(invoke: Invoke, plans: Path) -> None:
    recorded = invoke("update", "ACMW-2", "--status", "completed", "--cycle", "2017",
                      "--date", "2017-10-22", "--note", "10th AFML held", "--by", "Ana",
                      "--plans", str(plans))
    assert recorded.exit_code == EXIT_OK, recorded
    project = run_json(invoke, plans, "show", "ACMW-2")["project"]
    [entry] = project["progress"]
    assert list(entry) == ["change", "kind", "cycle", "recorded_at", "recorded_by",
                           "in_effect", "status", "iati_status", "date", "reported_by", "note",
                           "outputs", "evidence", "carried_to", "final", "part_completed",
                           "moved_back_from", "moved_back_from_cycle"]
    assert (entry["kind"], entry["cycle"], entry["status"], entry["iati_status"],
            entry["date"], entry["reported_by"], entry["note"], entry["in_effect"]) == \
        ("update", 2017, "completed", 3, "2017-10-22", "Ana", "10th AFML held", True)
    # The annual forum runs to 2020: the 2017 forum held is that cycle's part completed, and
    # in the default cycle (2017, the latest with progress) the project stands ongoing.
    assert (entry["part_completed"], entry["final"]) == (True, False)
    assert project["standing"] == {"cycle": 2017, "state": "ongoing",
                                   "words": "ongoing (2017 part completed)", "closed": False,
                                   "part_completed": True}
    table = show(invoke, plans, "ACMW-2")
    assert "2017 part completed" in table
    assert "Standing in 2017" in table and "ongoing (2017 part completed)" in table
    assert "10th AFML held" in table


def test_csv(invoke: Invoke, plans: Path, set_today: SetToday) -> None:
    set_today(dt.date(2026, 11, 1))
    out = show(invoke, plans, "OSHNET-19", "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert list(row) == [*PROJECT_FIELDS, "kra_intermediate_targets", "measure_texts",
                         "standing", "progress", "lineage"]
    assert row["lineage"] == ""
    assert row["standing"] == "2020: no report received"
    assert row["id"] == "OSHNET-19"
    assert row["years"] == "2016; 2018; 2020"
    assert row["coordinators"] == "Indonesia; Malaysia; ASEAN BCA Coordinator"
    assert row["events"] == (
        "2016: 1st ARROW Ceremony (14 September 2016; Bogor, Indonesia; Indonesia); "
        "2018: 2nd ARROW Ceremony (11 May 2018; Kuala Lumpur, Malaysia; Malaysia); "
        "2020: 3rd ARROW Ceremony (ASEAN BCA Coordinator)")
    assert row["measure_texts"].startswith("B.3.iv: Support accelerated implementation")
    assert (row["carried_over"], row["placeholder"], row["budget"]) == ("no", "no", "")


def test_markdown(invoke: Invoke, plans: Path) -> None:
    out = show(invoke, plans, "SLOM-WG-10b", "--format", "markdown")
    assert out.startswith("# SLOM-WG-10b: Human resources policies for foreign workers\n")
    assert "- **Coordinators:** Philippines" in out
    assert "## Progress history" in out
