"""The reporting round through Excel: `template` writes the workbook, a focal point fills it in
(here with openpyxl, as Excel would save it: typed dates, blank rows, formulas, typos), and
`update --file FILE.xlsx` reads it back natively, naming the sheet and cell of every problem."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from asean_labour import xlsx_input
from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from asean_labour.loading import load_catalogue
from asean_labour.progress import ProgressStore
from asean_labour.status import Status
from asean_labour.template import HEADER_ROW, META_SHEET, STATUS_CHOICES
from tests.conftest import WORK_PLAN, Invoke
from tests.helpers import shipped_vocabulary


def make_template(invoke: Invoke, plans: Path, target: Path, *args: str) -> Path:
    result = invoke("template", *args, "--output", str(target), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    return target


def header(sheet: Any) -> dict[str, int]:
    return {c.value: c.column for c in sheet[HEADER_ROW] if c.value}


def fill(path: Path, edit: Callable[[Any, dict[str, int], int, str], None]) -> Path:
    """Open the workbook as a focal point would, call edit(sheet, columns, row, project) for
    every project row, save it."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Updates"]
    columns = header(sheet)
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        project = sheet.cell(row, columns["Project"]).value
        if project:
            edit(sheet, columns, row, project)
    workbook.save(path)
    return path


def recorded(plans: Path, cycle: int) -> dict[str, Any]:
    return dict(ProgressStore(plans).history(load_catalogue(plans)).latest(cycle))


def change_files(plans: Path) -> list[Path]:
    return sorted((plans / "progress").glob("*/*.toml"))


def listed(invoke: Invoke, plans: Path, *args: str) -> list[dict[str, Any]]:
    result = invoke("list", *args, "--plans", str(plans), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    projects: list[dict[str, Any]] = json.loads(result.stdout)["projects"]
    return projects


# --- the workbook ------------------------------------------------------------------------------

def test_the_template_is_a_reporting_workbook(invoke: Invoke, plans: Path,
                                              tmp_path: Path) -> None:
    path = make_template(invoke, plans, tmp_path / "acmw-2018.xlsx", "--cycle", "2018",
                         "--body", "ACMW")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Updates", "Instructions", META_SHEET]
    assert workbook[META_SHEET].sheet_state == "hidden"
    meta = {r[0]: r[1] for r in workbook[META_SHEET].iter_rows(values_only=True)}
    assert (meta["cycle"], meta["body"]) == (2018, "ACMW")
    sheet = workbook["Updates"]
    assert sheet["A1"].value == "ACMW: progress for the SLOM reporting cycle 2018"
    columns = header(sheet)
    assert list(columns) == ["Project", "Title", "Years", "Coordinators", "Last reported",
                             "Status", "Date", "Note", "Reported by", "Outputs", "Evidence"]
    assert sheet.freeze_panes == f"B{HEADER_ROW + 1}"
    assert sheet.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
    assert sheet.protection.sheet  # the reference columns are locked, the others not
    row = HEADER_ROW + 1
    assert sheet.cell(row, columns["Title"]).protection.locked
    assert not sheet.cell(row, columns["Status"]).protection.locked
    assert sheet.column_dimensions["B"].width >= 40
    validations = {v.formula1: str(v.sqref) for v in sheet.data_validations.dataValidation}
    status_list = '"' + ",".join(STATUS_CHOICES) + '"'
    assert status_list in validations
    assert "not started" in status_list and "carried over" in status_list
    # One row per project due (the projects `list --stale` names in a fresh store), and for
    # the projects the plan gives no year, in plan order.
    ids = [sheet.cell(r, 1).value for r in range(HEADER_ROW + 1, sheet.max_row + 1)]
    stale = {p["id"] for p in listed(invoke, plans, "--cycle", "2018", "--stale", "--body",
                                     "ACMW")}
    acmw = listed(invoke, plans, "--body", "ACMW")
    assert ids == [p["id"] for p in acmw if p["id"] in stale or not p["years"]]
    assert {p["id"] for p in acmw if not p["years"]} == {"ACMW-1", "ACMW-3", "ACMW-12"}
    years = {sheet.cell(r, 1).value: sheet.cell(r, 3).value
             for r in range(HEADER_ROW + 1, sheet.max_row + 1)}
    assert years["ACMW-3"] == "no year given"
    assert years["ACMW-2"] == "2016-2020"
    assert all(sheet.cell(r, columns["Last reported"]).value == "no report"
               for r in range(HEADER_ROW + 1, sheet.max_row + 1))
    instructions = " ".join(str(c.value) for r in workbook["Instructions"].iter_rows()
                            for c in r if c.value)
    assert "Statuses" in instructions and "carried over" in instructions


def test_the_template_asks_only_about_projects_still_due(invoke: Invoke, plans: Path,
                                                         tmp_path: Path) -> None:
    # ACMW-10b runs 2016-2017; ACMW-2, the annual forum, runs to 2020
    for pid, status in (("ACMW-10b", "completed"), ("ACMW-2", "completed"),
                        ("ACMW-3", "ongoing")):
        assert invoke("update", pid, "--status", status, "--cycle", "2017", "--plans",
                      str(plans)).exit_code == EXIT_OK
    path = make_template(invoke, plans, tmp_path / "t.xlsx", "--cycle", "2018", "--body",
                         "ACMW")
    sheet = openpyxl.load_workbook(path)["Updates"]
    rows = {sheet.cell(r, 1).value: sheet.cell(r, 5).value
            for r in range(HEADER_ROW + 1, sheet.max_row + 1)}
    assert "ACMW-10b" not in rows  # completed before the cycle: not asked again
    assert rows["ACMW-2"] == "2017 part completed"  # one year's forum: due again in 2018
    assert rows["ACMW-3"] == "ongoing (2017)"
    catalogue = load_catalogue(plans)
    first_years = {catalogue.project(pid).first_year for pid in rows}  # type: ignore[union-attr]
    assert max(y for y in first_years if y is not None) <= 2018
    later = make_template(invoke, plans, tmp_path / "t2.xlsx", "--cycle", "2016", "--body",
                          "ACMW")
    sheet = openpyxl.load_workbook(later)["Updates"]
    firsts = {catalogue.project(sheet.cell(r, 1).value).first_year  # type: ignore[union-attr]
              for r in range(HEADER_ROW + 1, sheet.max_row + 1)}
    assert firsts <= {2016, None}  # a project starting in 2017 is not yet asked about


def test_the_carried_to_column_comes_in_a_plans_last_cycle(invoke: Invoke, plans: Path,
                                                           tmp_path: Path) -> None:
    path = make_template(invoke, plans, tmp_path / "t.xlsx", "--cycle", "2020", "--body",
                         "ACMW")
    assert "Carried to" in header(openpyxl.load_workbook(path)["Updates"])
    earlier = make_template(invoke, plans, tmp_path / "e.xlsx", "--cycle", "2018", "--body",
                            "ACMW")
    assert "Carried to" not in header(openpyxl.load_workbook(earlier)["Updates"])


@pytest.mark.parametrize("body", list(shipped_vocabulary().body_order))
def test_round_trip_template_fill_update_list_for_every_body(invoke: Invoke, plans: Path,
                                                             tmp_path: Path, body: str) -> None:
    cycle = "2017"
    path = make_template(invoke, plans, tmp_path / f"{body}.xlsx", "--cycle", cycle,
                         "--body", body)
    choices = list(STATUS_CHOICES[:6])  # every status but carried over (not the last cycle)
    given: dict[str, str] = {}

    def answer(sheet: Any, columns: dict[str, int], row: int, project: str) -> None:
        status = choices[row % len(choices)].title()  # "Not Started", "On going" styles
        given[project] = status
        sheet.cell(row, columns["Status"], status)
        sheet.cell(row, columns["Date"], dt.datetime(2017, 6, row % 28 + 1))
        sheet.cell(row, columns["Note"], f"reported for {project}")
        sheet.cell(row, columns["Reported by"], f"{body} focal point")

    fill(path, answer)
    assert given, body
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert f"Recorded {len(given)} update" in result.stdout
    shown = {p["id"]: p["progress"] for p in listed(invoke, plans, "--cycle", cycle,
                                                    "--body", body)}
    for project, status in given.items():
        progress = shown[project]
        # as reported (a completed year of a longer project leaves the project ongoing)
        assert progress["reported_status"] == str(Status(status.lower().replace(" ", "-")))
        assert progress["note"] == f"reported for {project}"
        assert progress["reported_by"] == f"{body} focal point"
        assert progress["date"].startswith("2017-06-")
    assert len(change_files(plans)) == 1


# --- a focal point's workbook -------------------------------------------------------------------

def test_a_focal_points_mistakes_name_sheet_and_cell(invoke: Invoke, plans: Path,
                                                     tmp_path: Path) -> None:
    path = make_template(invoke, plans, tmp_path / "acmw-2018.xlsx", "--cycle", "2018",
                         "--body", "ACMW")
    rows: dict[str, int] = {}

    def answer(sheet: Any, columns: dict[str, int], row: int, project: str) -> None:
        rows[project] = row
        if project == "ACMW-2":  # a typed date and a formula-looking note: fine
            sheet.cell(row, columns["Status"], "Completed")
            sheet.cell(row, columns["Date"], dt.datetime(2018, 6, 30))
            sheet.cell(row, columns["Note"], "=cmd|' /C calc'!A0")
        elif project == "ACMW-4":  # a typo in the status cell
            sheet.cell(row, columns["Status"], "complted")
        elif project == "ACMW-5":  # a date Excel could not tell
            sheet.cell(row, columns["Status"], "ongoing")
            sheet.cell(row, columns["Date"], "01/05/2018")
        elif project == "ACMW-6a":  # a formula where a status belongs
            sheet.cell(row, columns["Status"], '=IF(1,"ongoing","")')
        elif project == "ACMW-6b":  # a note but no status
            sheet.cell(row, columns["Note"], "to follow")
        elif project == "ACMW-7":  # a spreadsheet error in the date
            sheet.cell(row, columns["Status"], "ongoing")
            sheet.cell(row, columns["Date"], "#N/A")
        # every other row is left blank

    fill(path, answer)
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    source = str(path)
    lines = result.stderr.splitlines()
    assert lines == [
        f"{source}: Updates!F{rows['ACMW-4']}: ACMW-4: status: unknown status 'complted' "
        "(did you mean 'completed'?); expected one of not-started, ongoing, delayed, "
        "postponed, completed, cancelled, carried-over",
        f"{source}: Updates!G{rows['ACMW-5']}: ACMW-5: date: '01/05/2018' is ambiguous: "
        "1 May 2018 or 5 January 2018? Write it as YYYY-MM-DD (2018-05-01 or 2018-01-05) or "
        "with the month in words ('1 May 2018'); in Excel, format the column as yyyy-mm-dd "
        "before saving (Format Cells > Custom > yyyy-mm-dd)",
        f"{source}: Updates!F{rows['ACMW-6a']}: ACMW-6a: status: a formula "
        "(=IF(1,\"ongoing\",\"\")): type the value itself",
        f"{source}: Updates!F{rows['ACMW-6b']}: ACMW-6b: status: missing: this row gives a "
        "note but no status; give its status (or clear the row)",
        f"{source}: Updates!G{rows['ACMW-7']}: ACMW-7: date: the cell holds an error (#N/A); "
        "type the value",
        f"error: 5 problems in {source}; nothing was recorded",
    ]
    assert change_files(plans) == []

    def corrected(sheet: Any, columns: dict[str, int], row: int, project: str) -> None:
        if project in ("ACMW-4", "ACMW-6a", "ACMW-6b"):
            sheet.cell(row, columns["Status"], "ongoing")
        if project in ("ACMW-5", "ACMW-7"):
            sheet.cell(row, columns["Date"], dt.date(2018, 5, 1))

    fill(path, corrected)
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    skipped = len(rows) - 6
    assert f"skipped {skipped} rows with no status" in result.stderr
    state = recorded(plans, 2018)
    assert set(state) == {"ACMW-2", "ACMW-4", "ACMW-5", "ACMW-6a", "ACMW-6b", "ACMW-7"}
    assert state["ACMW-2"].note == "=cmd|' /C calc'!A0"  # the formula is text, never run
    assert state["ACMW-2"].date == dt.date(2018, 6, 30)
    assert state["ACMW-5"].date == dt.date(2018, 5, 1)


def test_any_workbook_with_the_batch_columns_is_read(invoke: Invoke, plans: Path,
                                                    tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Status", "Cycle", "Date", "Remarks", "Outputs", "Evidence"])
    sheet.append(["ACMW-2", "On going", 2017.0, 42916, 12.5, "data; laws", None])
    sheet.append([None, None, None, None, None, None, None])  # a blank row
    sheet.append(["ACMW-3", "done", 2017, dt.datetime(2017, 6, 30, 14, 0), True, None,
                  "https://example.org/a; doc 7"])
    sheet.append(["ACMW-4", None, 2017, None, None, None, None])  # no status: skipped
    path = tmp_path / "any.xlsx"
    workbook.save(path)
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert "skipped 1 row with no status: ACMW-4 (Sheet1 row 5)" in result.stderr
    state = recorded(plans, 2017)
    assert state["ACMW-2"].date == dt.date(2017, 6, 30)  # an Excel serial number
    assert state["ACMW-2"].note == "12.5"  # a number in a text column is its text
    assert [str(o) for o in state["ACMW-2"].outputs] == ["data", "laws"]
    assert state["ACMW-3"].status is Status.COMPLETED
    assert state["ACMW-3"].note == "TRUE"
    assert state["ACMW-3"].evidence == ("https://example.org/a", "doc 7")


def test_a_workbook_from_standard_input_and_the_format_option(invoke: Invoke, plans: Path
                                                              ) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["project", "status"])
    workbook.active.append(["ACMW-2", "ongoing"])
    data = io.BytesIO()
    workbook.save(data)
    for args in ((), ("--input-format", "xlsx")):
        result = invoke("update", "--file", "-", *args, "--cycle", "2017", "--dry-run",
                        "--plans", str(plans), input=data.getvalue())
        assert result.exit_code == EXIT_OK, result
        assert "ACMW-2" in result.stdout


def test_values_outside_the_named_columns_are_not_lost(invoke: Invoke, plans: Path,
                                                       tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Project", "Status", None, "Note"])
    workbook.active.append(["ACMW-2", "ongoing", "stray", None, None, "far away"])
    path = tmp_path / "stray.xlsx"
    workbook.save(path)
    result = invoke("update", "--file", str(path), "--cycle", "2017", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert f"{path}: Sheet!C2: a value in a column with no header" in result.stderr
    assert f"{path}: Sheet!F2: a value in a column with no header" in result.stderr


def test_header_problems_name_the_cell(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Project", "Stauts", "Note"])
    workbook.active.append(["ACMW-2", "ongoing", None])
    path = tmp_path / "typo.xlsx"
    workbook.save(path)
    result = invoke("update", "--file", str(path), "--cycle", "2017", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert f"{path}: Sheet!B1: Stauts: unknown column 'Stauts' (did you mean 'status'?)" in \
        result.stderr
    assert f"{path}: Sheet row 1: status: missing column (required)" in result.stderr
    empty = openpyxl.Workbook()
    empty.active.append(["Name", "Answer"])
    empty.save(path)
    result = invoke("update", "--file", str(path), "--cycle", "2017", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert "no sheet has a project column (Project, or ID) in its first 20 rows (sheets: " \
        "'Sheet')" in result.stderr


# --- the cycle a workbook was made for ----------------------------------------------------------

def test_a_workbook_is_recorded_in_the_cycle_it_was_made_for(invoke: Invoke, plans: Path,
                                                             tmp_path: Path) -> None:
    path = make_template(invoke, plans, tmp_path / "acmw-2018.xlsx", "--cycle", "2018",
                         "--body", "ACMW")
    fill(path, lambda sheet, columns, row, project: sheet.cell(row, columns["Status"],
                                                               "ongoing"))
    wrong = invoke("update", "--file", str(path), "--cycle", "2019", "--plans", str(plans))
    assert wrong.exit_code == EXIT_USAGE
    assert (f"{path} is the ACMW reporting workbook for cycle 2018, and --cycle 2019 names "
            "another cycle: drop --cycle to record it in 2018") in wrong.stderr
    assert change_files(plans) == []
    same = invoke("update", "--file", str(path), "--cycle", "2018", "--dry-run", "--plans",
                  str(plans))
    assert same.exit_code == EXIT_OK, same
    result = invoke("update", "--file", str(path), "--plans", str(plans))  # no --cycle
    assert result.exit_code == EXIT_OK, result
    assert "for cycle 2018" in result.stdout
    assert len(recorded(plans, 2018)) > 10


def test_a_cycle_column_that_disagrees_with_the_workbook_is_refused(
        invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    path = make_template(invoke, plans, tmp_path / "t.xlsx", "--cycle", "2018", "--body",
                         "ACMW")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Updates"]
    column = sheet.max_column + 1
    sheet.cell(HEADER_ROW, column, "Cycle")
    sheet.cell(HEADER_ROW + 1, 6, "ongoing")
    sheet.cell(HEADER_ROW + 1, column, 2019)
    workbook.save(path)
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert "cycle: this workbook was made for cycle 2018, not 2019" in result.stderr


def test_an_edited_hidden_sheet_is_refused(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    path = make_template(invoke, plans, tmp_path / "t.xlsx", "--cycle", "2018", "--body",
                         "ACMW")
    workbook = openpyxl.load_workbook(path)
    for row in workbook[META_SHEET].iter_rows():
        if row[0].value == "cycle":
            row[1].value = "next year"
    workbook.save(path)
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert f"the hidden sheet '{META_SHEET}' no longer names the cycle" in result.stderr


# --- files that are no workbook -----------------------------------------------------------------

def test_files_that_are_no_workbook_are_refused(invoke: Invoke, plans: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    cases: list[tuple[str, bytes, str, int]] = []
    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    cases.append(("old.xlsx", old, "an Excel 97-2003 (.xls) or password-protected workbook",
                  EXIT_USAGE))
    cases.append(("named.xls", b"whatever", "an Excel 97-2003 workbook is not read",
                  EXIT_USAGE))
    cases.append(("sheet.ods", b"whatever", "an OpenDocument spreadsheet is not read",
                  EXIT_USAGE))
    cases.append(("damaged.xlsx", b"PK\x03\x04" + bytes(100), "not an Excel workbook (.xlsx)",
                  EXIT_FAILURE))
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    cases.append(("other.xlsx", other.getvalue(), "a zip file, not an Excel workbook",
                  EXIT_FAILURE))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not xml")
    cases.append(("broken.xlsx", broken.getvalue(), "cannot read this workbook (",
                  EXIT_FAILURE))
    monkeypatch.setattr(xlsx_input, "MAX_UNCOMPRESSED_BYTES", 1_000_000)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 2_000_000)
    cases.append(("bomb.xlsx", bomb.getvalue(), "the workbook expands to 2,000,011 bytes",
                  EXIT_USAGE))
    for name, data, expected, code in cases:
        path = tmp_path / name
        path.write_bytes(data)
        result = invoke("update", "--file", str(path), "--cycle", "2017", "--plans",
                        str(plans))
        assert result.exit_code == code, (name, result)
        assert expected in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.stderr
    assert change_files(plans) == []


# --- the template command's own checks ----------------------------------------------------------

def test_template_output_is_checked_before_any_work(invoke: Invoke, plans: Path,
                                                    tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    target.write_text("keep me", "utf-8")
    result = invoke("template", "--cycle", "2018", "-o", str(target), "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "already exists; use --force to replace it" in result.stderr
    assert target.read_text("utf-8") == "keep me"
    forced = invoke("template", "--cycle", "2018", "-o", str(target), "--force", "--plans",
                    str(plans))
    assert forced.exit_code == EXIT_OK, forced
    assert zipfile.is_zipfile(target)
    result = invoke("template", "--cycle", "2018", "-o", str(tmp_path / "t.csv"), "--plans",
                    str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "a reporting workbook is an Excel file; give a name ending in .xlsx" in result.stderr
    # a cycle outside the plans: refused as every command refuses it (cycles.require)
    result = invoke("template", "--cycle", "2014", "-o", str(tmp_path / "n.xlsx"), "--plans",
                    str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "--cycle 2014 is outside the loaded plans (2016-2020); try --cycle" in result.stderr
    assert not (tmp_path / "n.xlsx").exists()
    # ACMW-7 is a 2018 study: nothing to ask about it in 2016
    result = invoke("template", "--cycle", "2016", "--search", "portability of social",
                    "-o", str(tmp_path / "n.xlsx"), "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert "is due in cycle 2016" in result.stderr
    assert not (tmp_path / "n.xlsx").exists()
    result = invoke("template", "--cycle", "2018", "--body", "ACWM", "-o",
                    str(tmp_path / "n.xlsx"), "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert not (tmp_path / "n.xlsx").exists()


def test_template_for_a_coordinator_says_who_it_is_for(invoke: Invoke, plans: Path,
                                                       tmp_path: Path) -> None:
    path = make_template(invoke, plans, tmp_path / "vn.xlsx", "--cycle", "2018",
                         "--coordinator", "Vietnam")
    workbook = openpyxl.load_workbook(path)
    assert workbook["Updates"]["A1"].value.startswith("Viet Nam: progress for the SLOM")
    meta = {r[0]: r[1] for r in workbook[META_SHEET].iter_rows(values_only=True)}
    assert meta["coordinators"] == "Viet Nam"
    assert meta["filters"] == "--coordinator Vietnam"
    ids = {workbook["Updates"].cell(r, 1).value
           for r in range(HEADER_ROW + 1, workbook["Updates"].max_row + 1)}
    stale = {p["id"] for p in listed(invoke, plans, "--cycle", "2018", "--stale",
                                     "--coordinator", "Viet Nam")}
    undated = {p["id"] for p in listed(invoke, plans, "--coordinator", "Viet Nam")
               if not p["years"]}
    assert ids == stale | undated
    assert stale and undated


def test_hostile_titles_stay_text_in_the_workbook(invoke: Invoke,
                                                 tiny_plans: Callable[..., Path],
                                                 tmp_path: Path) -> None:
    title = '=HYPERLINK("http://evil","x") \x1b[31m Ana\u202eneB'
    folder = tiny_plans(work_plan=WORK_PLAN.replace(
        'title = "Stock taking of labour market information"', f"title = {json.dumps(title)}"))
    path = make_template(invoke, folder, tmp_path / "t.xlsx", "--cycle", "2022")
    sheet = openpyxl.load_workbook(path)["Updates"]
    cell = sheet.cell(HEADER_ROW + 1, 2)
    assert cell.data_type == "s"  # text, not a formula
    assert cell.value == '=HYPERLINK("http://evil","x") \\x1b[31m Ana\\u202eneB'
