"""`plans new` (a commented skeleton that validates) and `plans import` (a work-plan table from
Excel or CSV): what they write, every refusal (each naming its option, or its row and
column), and that nothing is written unless the plans validate with the new file. `plans` and
`plans ID` still work as before the subcommands."""

from __future__ import annotations

import datetime as dt
import io
import json
import tomllib
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from asean_labour.loading import load_catalogue
from asean_labour.plan_import import parse_timeline, split_names
from tests.conftest import SUCCESSOR_PROGRAMME, Invoke, Result

TABLE_HEADER = ("No.,Project Title,Timeline,Indicative Budget,Country Coordinator,"
                "Potential Collaborator\n")
# The table of a 2026-2030 ASEAN-OSHNET work plan as a body drafts it: heading rows, an item
# with lettered sub-items, a bullet, qualified coordinators, TBC cells.
OSHNET_TABLE = TABLE_HEADER + (
    "Thematic Area 2: Occupational safety and health,,,,,\n"
    '1,Regional OSH profile update,2026-2027,"USD 50,000",Malaysia and Timor-Leste,'
    '"ILO, International Labour Organization"\n'
    "2,ASEAN-OSHNET Conference,Annual,,Host of CBM,\n"
    '3,Labour inspection training,2026 onwards,TBC,"Viet Nam (co-coordinator), '
    'Philippines (2027-2028)",TBC\n'
    "4,Workshops on chemical safety,2027,,Thailand,EU OSHA\n"
    "a,Workshop for inspectors,,,,\n"
    "b,Workshop for employers,2028,,VN / LAO,\n"
    "•,Workshop for workers,TBC,,Cambodia,ILO (ASEAN Triangle Project)\n"
)


def ok(result: Result) -> Result:
    assert result.exit_code == EXIT_OK, result
    return result


def refused(result: Result, code: int = EXIT_USAGE) -> str:
    assert result.exit_code == code, result
    assert "Traceback" not in result.stderr and result.stdout == ""
    return result.stderr


def files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def programme(invoke: Invoke, plans: Path) -> Path:
    """The shipped plans and a 2026-2030 programme started with `plans new`, then filled in
    by hand with two KRAs and two thematic areas."""
    ok(invoke("plans", "new", "ALM-WP-2026-2030", "--kind", "work-programme", "--period",
              "2026-2030", "--plans", str(plans)))
    path = plans / "alm-wp-2026-2030.toml"
    start = SUCCESSOR_PROGRAMME.index("[[key_result_areas]]")
    end = SUCCESSOR_PROGRAMME.index("[[projects]]")
    path.write_text(path.read_text("utf-8") + "\n" + SUCCESSOR_PROGRAMME[start:end], "utf-8")
    ok(invoke("validate", "--plans", str(plans)))
    return plans


# --- plans and plans ID, as before -------------------------------------------------------------

@pytest.mark.parametrize(("args", "same"), [
    (["plans"], ["plans", "list"]),
    (["plans", "--format", "json"], ["plans", "list", "--format", "json"]),
    (["plans", "acmw-2016-2020"], ["plans", "show", "ACMW-2016-2020"]),
    (["plans", "ACMW-2016-2020", "--format", "markdown"],
     ["plans", "show", "acmw-2016-2020", "--format", "markdown"]),
])
def test_every_old_invocation_still_works(invoke: Invoke, plans: Path, args: list[str],
                                          same: list[str]) -> None:
    first = ok(invoke(*args, "--plans", str(plans)))
    assert first.stdout == ok(invoke(*same, "--plans", str(plans))).stdout
    assert first.stdout.strip()


def test_an_unknown_plan_is_still_refused(invoke: Invoke, plans: Path) -> None:
    message = refused(invoke("plans", "ACMW-2017", "--plans", str(plans)))
    assert message.startswith("error: unknown plan 'ACMW-2017'.")


def test_the_plans_help_lists_the_subcommands(invoke: Invoke) -> None:
    text = ok(invoke("plans", "--help")).stdout
    for name in ("list", "show", "new", "import"):
        assert f"  {name} " in text
    assert max(len(line) for line in text.splitlines()) <= 80


# --- plans new ---------------------------------------------------------------------------------

def test_new_programme_and_work_plan_validate_as_written(invoke: Invoke, programme: Path
                                                         ) -> None:
    text = (programme / "alm-wp-2026-2030.toml").read_text("utf-8")
    data = tomllib.loads(text)
    assert data["plan"] == {"id": "ALM-WP-2026-2030", "kind": "work-programme",
                            "title": "ASEAN Labour Ministers' (ALM) Work Programme 2026-2030",
                            "body": "SLOM", "period": [2026, 2030],
                            "succeeds": "ALM-WP-2016-2020"}
    assert "# [[thematic_areas]]" in text and "# [[projects]]" in text
    result = ok(invoke("plans", "new", "ACMW-2026-2030", "--body", "acmw", "--programme",
                       "alm-wp-2026-2030", "--plans", str(programme)))
    assert result.stdout.splitlines()[0] == (
        "Wrote plans/acmw-2026-2030.toml: the work plan ACMW-2026-2030 (2026-2030, ACMW).")
    assert "note: it succeeds ACMW-2016-2020, the latest earlier plan of its kind" in \
        result.stderr
    plan = tomllib.loads((programme / "acmw-2026-2030.toml").read_text("utf-8"))["plan"]
    assert plan == {"id": "ACMW-2026-2030", "kind": "work-plan", "title": (
        "ASEAN Committee on the Implementation of the ASEAN Declaration on the Protection and "
        "Promotion of the Rights of Migrant Workers (ACMW) Work Plan 2026-2030"),
        "body": "ACMW", "period": [2026, 2030], "programme": "ALM-WP-2026-2030",
        "succeeds": "ACMW-2016-2020"}
    skeleton = (programme / "acmw-2026-2030.toml").read_text("utf-8")
    assert "#   1. Labour migration" in skeleton  # the programme's areas for ACMW
    assert max(len(line) for line in skeleton.splitlines() if line.startswith("#")) <= 100
    ok(invoke("validate", "--plans", str(programme)))
    catalogue = load_catalogue(programme)
    assert [p.id for p in catalogue.programmes()] == ["ALM-WP-2016-2020", "ALM-WP-2026-2030"]


def test_new_refuses_to_overwrite(invoke: Invoke, programme: Path) -> None:
    path = programme / "alm-wp-2026-2030.toml"
    before = path.read_bytes()
    message = refused(invoke("plans", "new", "ALM-WP-2026-2031", "--kind", "work-programme",
                             "--period", "2026-2030", "--output", str(path), "--plans",
                             str(programme)))
    assert "alm-wp-2026-2030.toml exists; the tool never replaces a plan file" in message
    assert path.read_bytes() == before


def test_new_dry_run_prints_and_writes_nothing(invoke: Invoke, programme: Path) -> None:
    before = files(programme)
    result = ok(invoke("plans", "new", "SLOM-WG-2026-2030", "--body", "SLOM-WG",
                       "--programme", "ALM-WP-2026-2030", "--period", "2026-2028",
                       "--title", "SLOM-WG Work Plan 2026-2028", "--succeeds",
                       "slom-wg-2016-2020", "--dry-run", "--plans", str(programme)))
    assert files(programme) == before
    assert tomllib.loads(result.stdout)["plan"] == {
        "id": "SLOM-WG-2026-2030", "kind": "work-plan", "title": "SLOM-WG Work Plan 2026-2028",
        "body": "SLOM-WG", "period": [2026, 2028], "programme": "ALM-WP-2026-2030",
        "succeeds": "SLOM-WG-2016-2020"}
    assert "no thematic area yet" in result.stdout  # the programme gives SLOM-WG none


def test_new_for_a_body_added_only_in_the_vocabulary(invoke: Invoke, programme: Path) -> None:
    vocabulary = programme / "vocabulary.toml"
    vocabulary.write_text(vocabulary.read_text("utf-8") + '\n[[bodies]]\nname = "ACLE"\n'
                          'full_name = "ASEAN Committee on Labour Exchanges"\n', "utf-8")
    result = ok(invoke("plans", "new", "ACLE-2026-2030", "--body", "acle", "--programme",
                       "ALM-WP-2026-2030", "--plans", str(programme)))
    assert "(2026-2030, ACLE)" in result.stdout
    assert "note:" not in result.stderr  # no earlier ACLE plan to succeed
    plan = tomllib.loads((programme / "acle-2026-2030.toml").read_text("utf-8"))["plan"]
    assert plan["title"] == "ASEAN Committee on Labour Exchanges (ACLE) Work Plan 2026-2030"
    assert "succeeds" not in plan
    listed = json.loads(ok(invoke("plans", "--format", "json", "--plans", str(programme)))
                        .stdout)
    assert [p["body"] for p in listed["plans"]][-2:] == ["SLOM", "ACLE"]


def test_new_outside_the_plans_folder_is_written_and_said(invoke: Invoke, programme: Path,
                                                          tmp_path: Path) -> None:
    target = tmp_path / "draft.toml"
    result = ok(invoke("plans", "new", "ACMW-2026-2030", "--body", "ACMW", "--programme",
                       "ALM-WP-2026-2030", "--output", str(target), "--plans",
                       str(programme)))
    assert target.exists()
    assert "is outside the plans folder" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["ACMW-2026-2030", "--body", "ACMX", "--programme", "ALM-WP-2026-2030"],
     "--body: unknown body 'ACMX' (did you mean 'ACMW'?); expected one of: SLOM, SLOM-WG, "
     "ACMW, ASEAN-OSHNET"),
    (["ACMW-2026-2030", "--body", "ACMW"], "a work plan implements a work programme: give "
     "--programme PROGRAMME (loaded: ALM-WP-2016-2020, ALM-WP-2026-2030)"),
    (["ACMW-2026-2030", "--programme", "ALM-WP-2026-2030"], "give --body"),
    (["ACMW-2026-2030", "--body", "ACMW", "--programme", "ALM-WP-2026-2031"],
     "--programme: 'ALM-WP-2026-2031' is not a loaded work programme. Did you mean "
     "ALM-WP-2026-2030"),
    (["ALM-WP-2031-2035", "--kind", "work-programme"], "a work programme needs --period"),
    (["ALM-WP-2031-2035", "--kind", "work-programme", "--period", "2031-2035",
      "--programme", "ALM-WP-2026-2030"], "--programme names the programme a work plan "
     "implements"),
    (["ALM-WP-2031-2035", "--kind", "programme", "--period", "2031-2035"],
     "--kind: unknown kind 'programme'; expected one of: work-programme, work-plan"),
    (["ACMW 2026", "--body", "ACMW", "--programme", "ALM-WP-2026-2030"],
     "'ACMW 2026' is not a plan id"),
    (["acmw-2016-2020", "--body", "ACMW", "--programme", "ALM-WP-2026-2030"],
     "plan id 'acmw-2016-2020' is taken by acmw-2016-2020.toml (ACMW-2016-2020)"),
    (["ACMW-2026-2030", "--body", "ACMW", "--programme", "ALM-WP-2026-2030", "--period",
      "2025-2030"], "--period 2025-2030 is outside the period of ALM-WP-2026-2030 "
     "(2026-2030)"),
    (["ACMW-2026-2030", "--body", "ACMW", "--programme", "ALM-WP-2026-2030", "--period",
      "2030-2026"], "--period '2030-2026': give the first and last year"),
    (["ACMW-2026-2030", "--body", "ACMW", "--programme", "ALM-WP-2026-2030", "--succeeds",
      "ACMW-2016-2021"], "--succeeds: 'ACMW-2016-2021' is not a loaded plan (did you mean "
     "'ACMW-2016-2020'?)"),
    (["ACMW-2026-2030", "--body", "ACMW", "--programme", "ALM-WP-2026-2030", "--succeeds",
      "ALM-WP-2016-2020"], "--succeeds: ALM-WP-2016-2020 is a work programme; a work plan "
     "succeeds a work plan"),
    (["ACMW-2026-2030", "--body", "ACMW", "--programme", "ALM-WP-2026-2030", "--title",
      "ACMW\nWork Plan"], "--title: give the plan's title as printed, on one line"),
    (["ACMW-2026-2030", "--body", "ACMW", "--programme", "ALM-WP-2026-2030", "--output",
      "acmw.txt"], "--output acmw.txt: a plan file's name ends in .toml"),
    (["ACMW-2026-2030", "--body", "ACMW", "--programme", "ALM-WP-2026-2030", "--output",
      "plans/_draft.toml"], "the plans folder ignores names that start with '_' or '.'"),
    (["ACMW-2026-2030", "--body", "ACMW", "--programme", "ALM-WP-2026-2030", "--output",
      "plans/ratifications/acmw.toml"], "that place in the plans folder is kept for other "
     "data than plans"),
    (["ACMW-2026-2030", "--body", "ACMW", "--programme", "ALM-WP-2026-2030", "--output",
      "nowhere/acmw.toml"], "nowhere/acmw.toml: the folder nowhere does not exist"),
])
def test_new_refusals_name_the_option(invoke: Invoke, programme: Path, args: list[str],
                                      message: str) -> None:
    before = files(programme)
    assert message in refused(invoke("plans", "new", *args, "--plans", str(programme)))
    assert files(programme) == before


def test_new_refuses_while_the_plans_do_not_validate(invoke: Invoke, programme: Path) -> None:
    broken = programme / "acmw-2016-2020.toml"
    broken.write_text(broken.read_text("utf-8").replace('id = "ACMW-2"', 'id = "ACMW 2"'),
                      "utf-8")
    before = files(programme)
    result = invoke("plans", "new", "ACMW-2026-2030", "--body", "ACMW", "--programme",
                    "ALM-WP-2026-2030", "--plans", str(programme))
    message = refused(result, EXIT_FAILURE)
    assert "'ACMW 2' is not a valid project id" in message
    assert files(programme) == before


# --- plans import: what it reads ----------------------------------------------------------------

def import_args(table: Path, plans: Path, *extra: str) -> list[str]:
    return ["plans", "import", str(table), "--id", "OSHNET-2026-2030", "--body", "OSHNET",
            "--programme", "ALM-WP-2026-2030", "--prefix", "OSHNET-2026", *extra,
            "--plans", str(plans)]


def written_projects(plans: Path, name: str) -> dict[str, dict[str, Any]]:
    data = tomllib.loads((plans / name).read_text("utf-8"))
    return {p["id"]: p for p in data["projects"]}


def test_import_a_csv_table(invoke: Invoke, programme: Path, tmp_path: Path) -> None:
    table = tmp_path / "oshnet.csv"
    table.write_text(OSHNET_TABLE, "utf-8")
    result = ok(invoke(*import_args(table, programme)))
    assert " ".join(result.stdout.split()).startswith(  # wrapped to the width between words
        "Wrote plans/oshnet-2026-2030.toml: the work plan OSHNET-2026-2030 (2026-2030, "
        "ASEAN-OSHNET) with 6 projects from " + str(table) + ".")
    projects = written_projects(programme, "oshnet-2026-2030.toml")
    assert list(projects) == ["OSHNET-2026-1", "OSHNET-2026-2", "OSHNET-2026-3",
                              "OSHNET-2026-4a", "OSHNET-2026-4b", "OSHNET-2026-4c"]
    assert projects["OSHNET-2026-1"] == {
        "id": "OSHNET-2026-1", "number": "1", "title": "Regional OSH profile update",
        "thematic_area": 2, "timeline": "2026-2027", "years": [2026, 2027],
        "coordinators": ["Malaysia", "Timor-Leste"], "collaborators": ["ILO"],
        "budget": "USD 50,000"}
    assert projects["OSHNET-2026-2"]["years"] == [2026, 2027, 2028, 2029, 2030]  # Annual
    assert projects["OSHNET-2026-3"] == {
        "id": "OSHNET-2026-3", "number": "3", "title": "Labour inspection training",
        "thematic_area": 2, "timeline": "2026 onwards", "years": [2026, 2027, 2028, 2029, 2030],
        "coordinators": [{"name": "Viet Nam", "role": "co-coordinator"},
                         {"name": "Philippines", "years": [2027, 2028]}],
        "budget": "TBC", "note": "Potential Collaborator printed as 'TBC'."}
    sub = projects["OSHNET-2026-4a"]
    assert (sub["number"], sub["title"], sub["parent"]) == (
        "4a", "Workshop for inspectors", "Workshops on chemical safety")
    # an empty cell under the heading item takes the item's, as a merged cell; said in a note
    assert sub["timeline"] == "2027" and sub["coordinators"] == ["Thailand"]
    assert sub["collaborators"] == ["EU-OSHA"]
    assert sub["note"] == ("Timeline, Country Coordinator, Potential Collaborator as printed "
                           "on the row of item 4 (row 6), which heads it.")
    assert projects["OSHNET-2026-4b"]["coordinators"] == ["Viet Nam", "Lao PDR"]
    bullet = projects["OSHNET-2026-4c"]
    assert bullet["title"] == "Workshop for workers" and "years" not in bullet
    assert bullet["collaborators"] == ["ILO (ASEAN Triangle Project)"]
    assert "OSHNET-2026-4" not in projects  # the heading of 4a-4c is no project
    ok(invoke("validate", "--plans", str(programme)))
    listed = json.loads(ok(invoke("list", "--plan", "OSHNET-2026-2030", "--coordinator",
                                  "East Timor", "--format", "json", "--plans",
                                  str(programme))).stdout)
    assert [p["id"] for p in listed["projects"]] == ["OSHNET-2026-1"]


def test_import_an_excel_table_with_a_thematic_area_column(invoke: Invoke, programme: Path,
                                                           tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Notes"
    sheet.append(["Nothing here"])
    plan = workbook.create_sheet("Work Plan")
    plan.append(["ACMW WORK PLAN 2026-2030 (draft)"])
    plan.append([])
    plan.append(["No.", "Project Title", "Thematic Area", "Timeline", "Indicative Budget",
                 "Country Coordinator(s)", "Potential Collaborator(s)"])
    plan.append([1, "ASEAN Forum on Migrant Labour", "1. Labour migration", "Annual", None,
                 "ACMW Chair", "ILO, IOM"])
    plan.append([2, "Study on returning migrant workers", 1, 2027, 20000, "Timor-Leste",
                 "UN WOMEN"])
    plan.append([3.0, "Skills passports", "labour migration", "2026/2027", None,
                 "Philippines\nIndonesia", None])
    table = tmp_path / "acmw.xlsx"
    workbook.save(table)
    ok(invoke("plans", "import", str(table), "--id", "ACMW-2026-2030", "--body", "ACMW",
              "--programme", "ALM-WP-2026-2030", "--plans", str(programme)))
    projects = written_projects(programme, "acmw-2026-2030.toml")
    assert list(projects) == ["ACMW-2026-1", "ACMW-2026-2", "ACMW-2026-3"]
    assert projects["ACMW-2026-2"]["budget"] == "20000"
    assert projects["ACMW-2026-2"]["years"] == [2027]
    assert projects["ACMW-2026-2"]["collaborators"] == ["UN Women"]
    assert projects["ACMW-2026-3"]["coordinators"] == ["Philippines", "Indonesia"]
    assert projects["ACMW-2026-3"]["years"] == [2026, 2027]
    text = (programme / "acmw-2026-2030.toml").read_text("utf-8")
    assert "# Work Plan row 4\n[[projects]]" in text  # each project names its row
    show = ok(invoke("show", "ACMW-2026-2", "--plans", str(programme))).stdout
    assert "Timor-Leste" in show


# --- plans import: every problem names its row and column ---------------------------------------

ROW_PROBLEMS = [
    ("1,Forum,2026-2027,,Narnia,ILO", "row 3, Country Coordinator: unknown member state "
     "'Narnia'; expected a Member State or a coordinating role of the vocabulary"),
    ("1,Forum,2026-2027,,Vietnamm,ILO", "row 3, Country Coordinator: unknown member state "
     "'Vietnamm' (did you mean 'Viet Nam'?)"),
    ("1,Forum,2024,,Malaysia,", "row 3, Timeline: '2024': 2024 is outside the plan's period "
     "2026-2030"),
    ("1,Forum,sometime,,Malaysia,", "row 3, Timeline: cannot read 'sometime' as a timeline; "
     "write a year (2027), a range (2026-2027), 'Annual', '2026 onwards' or 'TBC'"),
    ("1,Forum,2028-2026,,Malaysia,", "row 3, Timeline: '2028-2026': the range 2028-2026 "
     "runs backwards"),
    ("1,,2026,,Malaysia,", "row 3, Project Title: empty; every project row needs its title"),
    (",Forum,2026,,Malaysia,", "row 3, No.: empty; give the item's number, or a letter (a, b) "
     "for a sub-item of the item above"),
    ("1.1.1,Forum,2026,,Malaysia,", "row 3, No.: '1.1.1' is not an item number"),
    ("a,Forum,2026,,Malaysia,", "row 3, No.: a sub-item before any numbered item"),
    ("1,Forum,2026,,Malaysia,\n1,Other,2027,,Malaysia,", "row 4, No.: item 1 is given twice"),
    ("1,Forum,2026,,Malaysia,,extra", "row 3, column 7: a value in a column with no header"),
    ("Thematic Area 7: Nonsense,,,,,", "row 3: a heading row that names no thematic area of "
     "ALM-WP-2026-2030: 'Thematic Area 7: Nonsense'"),
    ("1,Forum,2026,,Malaysia (2029),", "row 3, Country Coordinator: OSHNET-2026-1: "
     "'Malaysia': limited to 2029, but the project runs in 2026: it would never act; check "
     "the years"),
]


@pytest.mark.parametrize(("rows", "expected"), ROW_PROBLEMS)
def test_each_problem_names_row_and_column(invoke: Invoke, programme: Path, tmp_path: Path,
                                           rows: str, expected: str) -> None:
    table = tmp_path / "table.csv"
    table.write_text(TABLE_HEADER + "Thematic Area 2: Occupational safety and health,,,,,\n"
                     + rows + "\n", "utf-8")
    before = files(programme)
    message = refused(invoke(*import_args(table, programme)), EXIT_FAILURE)
    assert f"{table}: {expected}" in message, message
    assert message.splitlines()[-1].startswith("error: ")
    assert files(programme) == before


def test_every_problem_of_a_table_in_one_run(invoke: Invoke, programme: Path,
                                             tmp_path: Path) -> None:
    table = tmp_path / "table.csv"
    table.write_text(TABLE_HEADER + "1,Forum,2026,,Narnia,\n2,Study,sometime,,Malaysia,\n"
                     "3,Survey,2027,,Malaysia,ILO\n", "utf-8")
    lines = refused(invoke(*import_args(table, programme)), EXIT_FAILURE).splitlines()
    assert lines[:-1] == [
        f"{table}: row 2: no thematic area: give a Thematic Area column, or heading rows "
        "(\"Thematic Area 9: ...\") above the projects",
        f"{table}: row 2, Country Coordinator: unknown member state 'Narnia'; expected a "
        "Member State or a coordinating role of the vocabulary (a new one goes in the plans "
        "folder's vocabulary.toml)",
        f"{table}: row 3: no thematic area: give a Thematic Area column, or heading rows "
        "(\"Thematic Area 9: ...\") above the projects",
        f"{table}: row 3, Timeline: cannot read 'sometime' as a timeline; write a year "
        "(2027), a range (2026-2027), 'Annual', '2026 onwards' or 'TBC'",
        f"{table}: row 4: no thematic area: give a Thematic Area column, or heading rows "
        "(\"Thematic Area 9: ...\") above the projects"]
    assert lines[-1] == "error: 5 problems in the table; nothing was written"


@pytest.mark.parametrize(("header", "expected"), [
    ("No.,Project Title,Timeline,Indicative Budget,Country Coordinator,Potential Colaborator",
     "row 1, Potential Colaborator: unknown column (did you mean 'potential collaborator'?)"),
    ("No.,Project Title,Indicative Budget,Country Coordinator", "row 1: no Timeline column"),
    ("No.,Project Title,Timeline,Timeline,Country Coordinator", "row 1, Timeline: a second "
     "Timeline column (the first is column 3)"),
    ("No.,Title of the project,Timeline", "no Project Title column in the first 20 rows"),
])
def test_header_problems(invoke: Invoke, programme: Path, tmp_path: Path, header: str,
                         expected: str) -> None:
    table = tmp_path / "table.csv"
    table.write_text(header + "\n1,Forum,2026,,Malaysia,ILO\n", "utf-8")
    assert expected in refused(invoke(*import_args(table, programme)), EXIT_FAILURE)


def test_a_table_whose_ids_clash_says_to_give_a_prefix(invoke: Invoke, programme: Path,
                                                      tmp_path: Path) -> None:
    table = tmp_path / "table.csv"
    table.write_text(TABLE_HEADER + "Thematic Area 2,,,,,\n1,Forum,2026,,Malaysia,\n", "utf-8")
    message = refused(invoke("plans", "import", str(table), "--id", "OSHNET-2026-2030",
                             "--body", "OSHNET", "--programme", "ALM-WP-2026-2030", "--prefix",
                             "OSHNET", "--plans", str(programme)), EXIT_FAILURE)
    assert f"{table}: row 3, No.: OSHNET-1: duplicate project id 'OSHNET-1': also in " \
           "plans/asean-oshnet-2016-2020.toml (OSHNET-2016-2020); give --prefix for ids of " \
           "this plan's own, e.g. --prefix BODY-2026" in message


def test_workbook_cells_that_are_no_values(invoke: Invoke, programme: Path,
                                           tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["No.", "Project Title", "Timeline", "Country Coordinator"])
    sheet.append(["Thematic Area 2: Occupational safety and health"])
    sheet.append([1, "Forum", "=2025+1", "Malaysia"])
    sheet.append([2, "Study", "2027", "Malaysia"])
    sheet["C4"].value = "#N/A"
    sheet["C4"].data_type = "e"
    table = tmp_path / "plan.xlsx"
    workbook.save(table)
    message = refused(invoke(*import_args(table, programme)), EXIT_FAILURE)
    assert f"{table}: Plan row 3, Timeline: a formula (=2025+1); type the value itself" \
        in message
    assert f"{table}: Plan row 4, Timeline: the cell holds an error (#N/A); type the value" \
        in message
    wrong = refused(invoke(*import_args(table, programme, "--sheet", "Plans")))
    assert "--sheet 'Plans': " in wrong and "has no such sheet (sheets: 'Plan')" in wrong


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("plan.docx", b"PK", "a Word document is not read; save the table as an Excel workbook "
     "(.xlsx) or as CSV UTF-8"),
    ("plan.xls", b"\xd0\xcf", "an Excel 97-2003 workbook is not read"),
    ("missing.csv", None, "missing.csv: no such file"),
    ("plan.xlsx", b"not a zip", "not an Excel workbook (.xlsx): the file is damaged"),
    ("plan.csv", b'No.,Project Title,Timeline,Country Coordinator\n1,"Forum,2026,Malaysia\n',
     "row 2: a quoted cell opens on line 2 and is never closed"),
])
def test_files_that_are_no_table(invoke: Invoke, programme: Path, tmp_path: Path, name: str,
                                 content: bytes | None, expected: str) -> None:
    table = tmp_path / name
    if content is not None:
        table.write_bytes(content)
    result = invoke(*import_args(table, programme))
    assert result.exit_code in (EXIT_USAGE, EXIT_FAILURE) and expected in result.stderr, result
    assert not (programme / "oshnet-2026-2030.toml").exists()


def test_csv_as_excel_writes_it(invoke: Invoke, programme: Path, tmp_path: Path) -> None:
    """Windows-1252 with semicolons, as Excel saves CSV where the decimal mark is a comma."""
    table = tmp_path / "table.csv"
    text = OSHNET_TABLE.replace(",", ";").replace('"USD 50;000"', '"USD 50,000"').replace(
        '"ILO; International Labour Organization"', '"ILO; Organisation internationale"')
    text = text.replace("Regional OSH profile update", "Régional OSH profile update")
    table.write_bytes(text.encode("cp1252"))
    result = ok(invoke(*import_args(table, programme)))
    assert "read as Windows-1252" in result.stderr
    projects = written_projects(programme, "oshnet-2026-2030.toml")
    assert projects["OSHNET-2026-1"]["title"] == "Régional OSH profile update"
    assert projects["OSHNET-2026-1"]["budget"] == "USD 50,000"


def test_import_dry_run_writes_nothing(invoke: Invoke, programme: Path, tmp_path: Path
                                       ) -> None:
    table = tmp_path / "oshnet.csv"
    table.write_text(OSHNET_TABLE, "utf-8")
    before = files(programme)
    result = ok(invoke(*import_args(table, programme, "--dry-run")))
    assert files(programme) == before
    assert len(tomllib.loads(result.stdout)["projects"]) == 6
    ok(invoke(*import_args(table, programme)))
    again = refused(invoke(*import_args(table, programme)))
    assert "plan id 'OSHNET-2026-2030' is taken by oshnet-2026-2030.toml" in again
    written = (programme / "oshnet-2026-2030.toml").read_bytes()
    over = refused(invoke("plans", "import", str(table), "--id", "OSHNET-2026-2030-B",
                          "--body", "OSHNET", "--programme", "ALM-WP-2026-2030", "--output",
                          "plans/oshnet-2026-2030.toml", "--plans", str(programme)))
    assert "plans/oshnet-2026-2030.toml exists; the tool never replaces a plan file" in over
    assert (programme / "oshnet-2026-2030.toml").read_bytes() == written


# --- the readers, on the core --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "years"), [
    ("2026-2027", [2026, 2027]), ("2026 – 2028", [2026, 2027, 2028]), ("2027", [2027]),
    ("Annual", [2026, 2027, 2028, 2029, 2030]), ("annually", [2026, 2027, 2028, 2029, 2030]),
    ("2026 onwards", [2026, 2027, 2028, 2029, 2030]), ("from 2029", [2029, 2030]),
    ("TBC", []), ("", []), ("-", []), ("2026/2027", [2026, 2027]),
    ("2026, 2028", [2026, 2028]), ("10 October 2027", [2027]),
    ("2026-2030 (annually)", [2026, 2027, 2028, 2029, 2030]),
])
def test_timelines(text: str, years: list[int]) -> None:
    assert parse_timeline(text, 2026, 2030) == (years, None)


@pytest.mark.parametrize(("text", "coordinators", "parts"), [
    ("Malaysia and Timor-Leste", True, ["Malaysia", "Timor-Leste"]),
    ("Viet Nam (co-coordinator), Philippines", True, ["Viet Nam (co-coordinator)",
                                                      "Philippines"]),
    ("ASEAN Secretariat (intermediary between ACMW and SOMHD)", True,
     ["ASEAN Secretariat (intermediary between ACMW and SOMHD)"]),
    ("VN / LAO\n• Cambodia", True, ["VN", "LAO", "Cambodia"]),
    ("ILO, IOM; UN Women", False, ["ILO", "IOM", "UN Women"]),
    ("Friends and Partners", False, ["Friends and Partners"]),
    ("ILO (ASEAN Triangle Project), IOM", False, ["ILO (ASEAN Triangle Project)", "IOM"]),
])
def test_names_are_split_outside_brackets(text: str, coordinators: bool,
                                          parts: list[str]) -> None:
    assert split_names(text, coordinators) == parts


def test_the_imported_text_is_the_plans_format(invoke: Invoke, programme: Path,
                                               tmp_path: Path) -> None:
    table = tmp_path / "oshnet.csv"
    table.write_text(OSHNET_TABLE, "utf-8")
    text = ok(invoke(*import_args(table, programme, "--dry-run"))).stdout
    assert f"imported by `asean-labour plans import` from oshnet.csv on " \
           f"{dt.date.today().isoformat()}" in text
    assert "years = [2026, 2027]" in text  # short lists on one line, as people write them
    assert "# row 3\n[[projects]]\nid = \"OSHNET-2026-1\"" in text
    assert tomllib.load(io.BytesIO(text.encode("utf-8")))["plan"]["succeeds"] == \
        "OSHNET-2016-2020"


def test_hostile_text_in_a_table_comes_out_literally(invoke: Invoke, programme: Path,
                                                     tmp_path: Path) -> None:
    """A title with a formula, Rich markup, an escape sequence and a line break: the plan
    file holds it escaped (valid TOML), and every format shows it as text."""
    title = '=HYPERLINK("http://x") [red]bold[/red]\x1b[31m\nnext line'
    table = tmp_path / "table.csv"
    rows = [["No.", "Project Title", "Timeline", "Country Coordinator"],
            ["Thematic Area 2", "", "", ""], ["1", title, "2027", "Malaysia"]]
    buffer = io.StringIO()
    import csv

    csv.writer(buffer).writerows(rows)
    table.write_text(buffer.getvalue(), "utf-8")
    ok(invoke(*import_args(table, programme)))
    written = written_projects(programme, "oshnet-2026-2030.toml")["OSHNET-2026-1"]
    assert written["title"] == '=HYPERLINK("http://x") [red]bold[/red]\x1b[31m next line'
    shown = ok(invoke("show", "OSHNET-2026-1", "--plans", str(programme))).stdout
    assert "[red]bold[/red]" in shown and "\x1b" not in shown and "\\x1b" in shown
    exported = ok(invoke("list", "--plan", "OSHNET-2026-2030", "--format", "csv", "--plans",
                         str(programme))).stdout
    assert "'=HYPERLINK" in exported  # formula-safe
