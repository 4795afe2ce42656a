"""Carry-over lineage and several programmes at once: `succeeds`, `carried_over_from`,
`--carried-to` into a successor plan only, `show` both ways, the new period's report counting
carried-over projects, and every filter and table with the 2016-2020 and 2026-2030 plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from asean_labour import cache
from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from asean_labour.loading import load_catalogue
from tests.conftest import SUCCESSOR_ACMW, SUCCESSOR_PROGRAMME, Invoke
from tests.helpers import command_document, command_stdout, listed_ids, run_json

ACMW_FILE = "plans/acmw-2026-2030.toml"
PROGRAMME_FILE = "plans/alm-work-programme-2026-2030.toml"


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def problems_of(invoke: Invoke, plans: Path) -> list[str]:
    result = invoke("validate", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE, result
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()[:-1]


def write(plans: Path, name: str, text: str) -> str:
    (plans / name).write_text(text, "utf-8")
    return text


# --- the plan files ----------------------------------------------------------------------------

def test_a_successor_plan_loads_with_its_lineage(successor: Path) -> None:
    catalogue = load_catalogue(successor)
    programme = catalogue.plan("ALM-WP-2026-2030")
    acmw = catalogue.plan("ACMW-2026-2030")
    old = catalogue.plan("ACMW-2016-2020")
    assert programme is not None and acmw is not None and old is not None
    assert programme.succeeds == "ALM-WP-2016-2020" and acmw.succeeds == "ACMW-2016-2020"
    assert catalogue.follows(acmw, old) and not catalogue.follows(old, acmw)
    slom_wg = catalogue.plan("SLOM-WG-2016-2020")
    assert slom_wg is not None and catalogue.follows(acmw, slom_wg)  # through the programmes
    forum = catalogue.project("ACMW-2026-1")
    assert forum is not None and forum.carried_over_from == ("ACMW-2",) and forum.carried_over
    assert catalogue.carried_into("ACMW-2") == ("ACMW-2026-1",)
    assert [p.id for p in catalogue.programmes()] == ["ALM-WP-2016-2020", "ALM-WP-2026-2030"]


def test_json_gives_the_lineage_fields(invoke: Invoke, successor: Path) -> None:
    plans = run_json(invoke, successor, "plans")["plans"]
    assert {p["id"]: p["succeeds"] for p in plans}["ACMW-2026-2030"] == "ACMW-2016-2020"
    assert {p["id"]: p["succeeds"] for p in plans}["ACMW-2016-2020"] is None
    projects = run_json(invoke, successor, "list", "--plan", "ACMW-2026-2030")["projects"]
    assert [(p["id"], p["carried_over"], p["carried_over_from"]) for p in projects] == [
        ("ACMW-2026-1", True, ["ACMW-2"]), ("ACMW-2026-2", False, [])]


@pytest.mark.parametrize(("edit", "fragment", "expected"), [
    (('carried_over_from = "ACMW-2"', 'carried_over_from = "ACMW-99"'), "ACMW-99",
     "no project 'ACMW-99' in the loaded plans (did you mean ACMW-9, ACMW-8, ACMW-7?)"),
    (('carried_over_from = "ACMW-2"', 'carried_over_from = "acmw-2"'), "acmw-2",
     "'acmw-2': write the id as its plan does, 'ACMW-2'"),
    (('carried_over_from = "ACMW-2"', 'carried_over_from = ["ACMW-2", "ACMW-2026-2"]'),
     "carried_over_from =", "ACMW-2026-2: ACMW-2026-1 is in the same plan (ACMW-2026-2030); "
     "a project is carried over into a project of a plan that succeeds its own"),
    (('carried_over_from = "ACMW-2"', 'carried_over_from = "../ACMW-2"'), "../ACMW-2",
     "'../ACMW-2' is not a project id (a letter, then letters, digits, '-' or '.')"),
    (('carried_over_from = "ACMW-2"', 'carried_over_from = "ACMW-2"\ncarried_over = false'),
     "carried_over = false", "carried_over = false, but carried_over_from names the projects "
     "it continues; leave carried_over out"),
    (('carried_over_from = "ACMW-2"', "carried_over_from = 2"), "carried_over_from = 2",
     "expected a project id or a list of project ids, got 2 (a number)"),
])
def test_carried_over_from_problems(invoke: Invoke, successor: Path, edit: tuple[str, str],
                                    fragment: str, expected: str) -> None:
    text = write(successor, "acmw-2026-2030.toml", SUCCESSOR_ACMW.replace(*edit))
    field = "carried_over" if fragment == "carried_over = false" else "carried_over_from"
    assert problems_of(invoke, successor) == [
        f"{ACMW_FILE}:{line_of(text, fragment)}: ACMW-2026-1: {field}: {expected}"]


@pytest.mark.parametrize(("succeeds", "expected"), [
    ("ALM-WP-2016-2021", "'ALM-WP-2016-2021' is not a loaded plan (did you mean "
     "'ALM-WP-2016-2020'?); loaded work programmes: ALM-WP-2016-2020"),
    ("ALM-WP-2026-2030", "names the plan itself; give the plan of the previous period"),
    ("ACMW-2016-2020", "ACMW-2016-2020 is a work plan; a work programme succeeds a work "
     "programme"),
    ("not an id!", "'not an id!' is not a plan id: give the id of the plan of the previous "
     "period, e.g. ACMW-2016-2020"),
])
def test_succeeds_problems(invoke: Invoke, successor: Path, succeeds: str,
                           expected: str) -> None:
    text = write(successor, "alm-work-programme-2026-2030.toml", SUCCESSOR_PROGRAMME.replace(
        'succeeds = "ALM-WP-2016-2020"', f'succeeds = "{succeeds}"'))
    found = problems_of(invoke, successor)
    assert found[0] == f"{PROGRAMME_FILE}:{line_of(text, 'succeeds =')}: [plan]: succeeds: " \
        + expected


def test_a_plan_succeeds_one_that_ends_before_it(invoke: Invoke, successor: Path) -> None:
    text = write(successor, "acmw-2019-2020.toml", """\
schema_version = 1

[plan]
id = "ACMW-2019-2020"
kind = "work-plan"
title = "Test ACMW Work Plan 2019-2020"
body = "ACMW"
period = [2019, 2020]
programme = "ALM-WP-2016-2020"
succeeds = "ACMW-2016-2020"
""")
    assert problems_of(invoke, successor) == [
        f"plans/acmw-2019-2020.toml:{line_of(text, 'succeeds =')}: [plan]: succeeds: "
        "ACMW-2016-2020 runs in 2016-2020, not before this plan's period 2019-2020"]


def test_carrying_over_needs_a_declared_successor(invoke: Invoke, successor: Path) -> None:
    write(successor, "alm-work-programme-2026-2030.toml",
          SUCCESSOR_PROGRAMME.replace('succeeds = "ALM-WP-2016-2020"\n', ""))
    text = write(successor, "acmw-2026-2030.toml",
                 SUCCESSOR_ACMW.replace('succeeds = "ACMW-2016-2020"\n', "").replace(
                     'carried_over_from = "ACMW-2"', 'carried_over_from = "SLOM-WG-3"'))
    assert problems_of(invoke, successor) == [
        f"{ACMW_FILE}:{line_of(text, 'SLOM-WG-3')}: ACMW-2026-1: carried_over_from: "
        "SLOM-WG-3: ACMW-2026-1 is in ACMW-2026-2030, which is not declared to succeed "
        "SLOM-WG-2016-2020: add succeeds = \"ALM-WP-2016-2020\" to the [plan] of "
        "ALM-WP-2026-2030 (the plans of a programme succeed those of the programme it "
        "succeeds)"]


# --- --carried-to: a project of a successor plan -----------------------------------------------

@pytest.mark.parametrize(("target", "message"), [
    ("ACMW-6b", "ACMW-6b is in the same plan (ACMW-2016-2020); a project is carried over into "
     "a project of a plan that succeeds its own"),
    ("SLOM-WG-3", "SLOM-WG-3 is in SLOM-WG-2016-2020 (2016-2020), which does not come after "
     "ACMW-2016-2020 (2016-2020)"),
    ("ACMW-2026-99", "no project 'ACMW-2026-99' in the loaded plans (did you mean "
     "ACMW-2026-2, ACMW-2026-1, ACMW-9?)"),
])
def test_carried_to_refuses_what_is_no_successor(invoke: Invoke, successor: Path, target: str,
                                                 message: str) -> None:
    result = invoke("update", "ACMW-6a", "--status", "carried-over", "--cycle", "2020",
                    "--carried-to", target, "--plans", str(successor))
    assert result.exit_code == EXIT_FAILURE
    assert f"command line: ACMW-6a: carried_to: {message}" in result.stderr
    assert not (successor / "progress").exists()
    batch = invoke("update", "--file", "-", "--plans", str(successor),
                   input=f"project,status,cycle,carried_to\nACMW-6a,carried-over,2020,"
                         f"{target}\n")
    assert batch.exit_code == EXIT_FAILURE
    assert f"standard input row 2: ACMW-6a: carried_to: {message}" in batch.stderr


def test_carried_to_a_successor_shows_both_ways(invoke: Invoke, successor: Path) -> None:
    result = invoke("update", "SLOM-WG-3", "--status", "carried-over", "--cycle", "2020",
                    "--carried-to", "slom-2026-1", "--plans", str(successor))
    assert result.exit_code == EXIT_OK, result
    old = run_json(invoke, successor, "show", "SLOM-WG-3")["project"]
    assert old["lineage"] == {"came_from": [], "went_to": [
        {"project": "SLOM-2026-1", "plan": "ALM-WP-2026-2030",
         "title": "Regional study on platform work", "recorded_in_cycle": 2020}]}
    new = run_json(invoke, successor, "show", "SLOM-2026-1")["project"]
    assert new["lineage"]["came_from"] == [
        {"project": "SLOM-WG-3", "plan": "SLOM-WG-2016-2020",
         "title": old["title"], "recorded_in_cycle": 2020}]
    table = " ".join(command_stdout("show", invoke, successor, "SLOM-2026-1").split())
    assert "Carried over from SLOM-WG-3 (SLOM-WG-2016-2020): " in table
    assert "reported in the 2020 cycle" in table
    table = " ".join(command_stdout("show", invoke, successor, "ACMW-2").split())
    assert "Carried over to ACMW-2026-1 (ACMW-2026-2030): ASEAN Forum on Migrant Labour" \
        in table
    forum = " ".join(command_stdout("show", invoke, successor, "ACMW-2026-1").split())
    assert "Carried over from ACMW-2 (ACMW-2016-2020): ASEAN Forum on Migrant Labour" in forum
    assert "yes, from the previous work plan" not in forum  # the lineage says more
    markdown = command_stdout("show", invoke, successor, "ACMW-2026-1", "--format",
                              "markdown")
    assert "- **Carried over from:** ACMW-2 (ACMW-2016-2020): ASEAN Forum on Migrant " \
           "Labour" in markdown


def test_the_store_is_checked_against_todays_successors(invoke: Invoke, successor: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """A carried-over update recorded into a successor is refused by `validate` (and every
    command) once the plans no longer say it is one, whether the change file is read again
    or served from the cache."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    assert invoke("update", "ACMW-6a", "--status", "carried-over", "--cycle", "2020",
                  "--carried-to", "ACMW-2026-2", "--plans", str(successor)).exit_code == EXIT_OK
    assert invoke("log", "--cycle", "2020", "--plans", str(successor)).exit_code == EXIT_OK
    write(successor, "alm-work-programme-2026-2030.toml",
          SUCCESSOR_PROGRAMME.replace('succeeds = "ALM-WP-2016-2020"\n', ""))
    write(successor, "acmw-2026-2030.toml",
          SUCCESSOR_ACMW.replace('succeeds = "ACMW-2016-2020"\n', "").replace(
              'carried_over_from = "ACMW-2"\n', ""))
    for command in ("validate", "log"):
        args = ["--cycle", "2020"] if command == "log" else []
        result = invoke(command, *args, "--plans", str(successor))
        assert result.exit_code == EXIT_FAILURE, command
        assert "ACMW-6a: carried_to: ACMW-2026-2 is in ACMW-2026-2030, which is not declared " \
               "to succeed ACMW-2016-2020" in result.stderr, command


# --- the new period's report -------------------------------------------------------------------

def test_the_new_periods_report_counts_carried_over_projects(invoke: Invoke, successor: Path
                                                             ) -> None:
    assert invoke("update", "ACMW-6a", "--status", "carried-over", "--cycle", "2020",
                  "--carried-to", "ACMW-2026-2", "--plans", str(successor)).exit_code == EXIT_OK
    document = command_document("report", invoke, successor, "--cycle", "2027")
    assert document["programmes"] == ["Test Work Programme 2026-2030"]
    assert [r["id"] for r in document["carried_over"]] == ["ACMW-2026-1", "ACMW-2026-2"]
    text = command_stdout("report", invoke, successor, "--cycle", "2027", "--format",
                          "markdown", "--no-timestamp")
    assert "2 projects continue one carried over from an earlier plan." in text
    old = command_document("report", invoke, successor, "--cycle", "2018")
    assert old["programmes"] == ["ASEAN Labour Ministers' (ALM) Work Programme 2016-2020"]
    assert old["carried_over"] == [] or all(
        r["id"].startswith(("ACMW", "SLOM", "OSHNET")) for r in old["carried_over"])


# --- several programmes at once ----------------------------------------------------------------

def test_stats_per_programme(invoke: Invoke, successor: Path) -> None:
    document = run_json(invoke, successor, "stats")
    assert document["projects"] == 82
    assert [(t["programme"], t["row_label"]) for t in document["tables"]] == [
        ("ALM-WP-2016-2020", "body"), ("ALM-WP-2016-2020", "coordinator"),
        ("ALM-WP-2016-2020", "year"), ("ALM-WP-2026-2030", "body"),
        ("ALM-WP-2026-2030", "coordinator"), ("ALM-WP-2026-2030", "year")]
    new = document["tables"][3]
    assert new["title"] == "Projects by body and key result area (ALM-WP-2026-2030)"
    assert new["columns"] == ["KRA 1"]  # the 2026-2030 programme's own KRA numbers
    coordinators = {r["key"]: r["total"] for r in document["tables"][4]["rows"]}
    assert coordinators["Timor-Leste"] == 1
    one = run_json(invoke, successor, "stats", "--period", "2026-2030")
    assert [t["programme"] for t in one["tables"]] == [None] * 3


def test_filters_by_plan_and_period(invoke: Invoke, successor: Path) -> None:
    assert listed_ids(invoke, successor, "--period", "2026-2030") == [
        "SLOM-2026-1", "ACMW-2026-1", "ACMW-2026-2"]
    assert len(listed_ids(invoke, successor, "--period", "2016-2020")) == 79
    assert listed_ids(invoke, successor, "--plan", "acmw-2026-2030", "--coordinator", "TL") == [
        "ACMW-2026-2"]
    assert listed_ids(invoke, successor, "--body", "ACMW", "--year", "2027") == [
        "ACMW-2026-1", "ACMW-2026-2"]
    for value, message in (("2021-2025", "no loaded plan lies inside the period 2021-2025; "
                            "the plans' periods: 2016-2020, 2026-2030"),
                           ("2026", "--period '2026': give the first and last year")):
        result = invoke("list", "--period", value, "--plans", str(successor))
        assert result.exit_code == EXIT_USAGE and message in result.stderr


def test_cycles_are_checked_against_the_projects_own_plan(invoke: Invoke, successor: Path
                                                         ) -> None:
    result = invoke("update", "ACMW-2026-1", "--status", "ongoing", "--cycle", "2018",
                    "--plans", str(successor))
    assert result.exit_code == EXIT_FAILURE
    assert "cycle 2018 is outside the plan's period 2026-2030 (ACMW-2026-2030)" in result.stderr
    result = invoke("update", "ACMW-2026-1", "--status", "ongoing", "--cycle", "2023",
                    "--plans", str(successor))
    assert result.exit_code == EXIT_USAGE
    assert "is outside the loaded plans (2016-2020 and 2026-2030)" in result.stderr


def test_the_timeline_runs_across_both_programmes(invoke: Invoke, successor: Path) -> None:
    document = command_document("timeline", invoke, successor)
    assert document["years"] == [*range(2016, 2021), *range(2026, 2031)]
    ids = [r["id"] for r in document["rows"]]
    assert ids[:1] == ["SLOM-1a"] and ids[-1] == "ACMW-2026-2" and len(ids) == 82
    text = command_stdout("timeline", invoke, successor, "--format", "markdown",
                          "--no-timestamp")
    assert "ACMW-2026-2" in text and "SLOM-WG-10b" in text


def test_the_json_of_a_successor_is_stable(invoke: Invoke, successor: Path) -> None:
    first = invoke("show", "ACMW-2026-1", "--format", "json", "--plans", str(successor))
    second = invoke("show", "ACMW-2026-1", "--format", "json", "--plans", str(successor))
    assert first.stdout == second.stdout and json.loads(first.stdout)["project"]["lineage"][
        "came_from"][0]["recorded_in_cycle"] is None


def test_a_programme_with_more_key_result_areas(invoke: Invoke, successor: Path) -> None:
    """The KRAs are each programme's own: a fifth one in 2026-2030 is a KRA like the others
    (a filter, a column of stats), and the 2016-2020 projects still have their four."""
    text = SUCCESSOR_PROGRAMME.replace("[[thematic_areas]]\nnumber = 2", "[[key_result_areas]]"
                                       "\nnumber = 5\nname = \"Green jobs\"\n\n"
                                       "[[thematic_areas]]\nnumber = 2", 1).replace(
        'title = "Occupational safety and health"\nkra = 2',
        'title = "Occupational safety and health"\nkra = 5')
    write(successor, "alm-work-programme-2026-2030.toml", text)
    write(successor, "acmw-2026-2030.toml", SUCCESSOR_ACMW.replace(
        "thematic_area = 1\ntimeline = \"2027-2028\"", "thematic_area = 2\nkra = 5\n"
        "timeline = \"2027-2028\""))
    assert listed_ids(invoke, successor, "--kra", "5") == ["ACMW-2026-2"]
    assert listed_ids(invoke, successor, "--kra", "green") == ["ACMW-2026-2"]
    stats = run_json(invoke, successor, "stats", "--period", "2026-2030")
    assert stats["tables"][0]["columns"] == ["KRA 1", "KRA 5"]
    result = invoke("list", "--kra", "6", "--plans", str(successor))
    assert result.exit_code == EXIT_USAGE
    assert "unknown key result area '6': the programmes define KRA 1, 2, 3, 4, 5" in \
        result.stderr
