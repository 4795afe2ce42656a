"""Excel out: `--format xlsx --output FILE.xlsx` on the listing and reporting commands writes a
real workbook (typed cells, header, autofilter, frozen panes, widths; hostile text stays text),
through the output checks; `--output` for every format; `--bom` for CSV; a `list` workbook
with statuses filled in is read back by `update --file`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from asean_labour.errors import EXIT_OK, EXIT_USAGE
from asean_labour.render import xlsx_out
from tests.conftest import WORK_PLAN, Invoke
from tests.helpers import run_json


def write(invoke: Invoke, plans: Path, path: Path, *args: str) -> Any:
    """Run a command that writes `path`; the workbook, opened as Excel would."""
    result = invoke(*args, "--output", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert result.stdout == f"Wrote {path} (xlsx).\n"
    return openpyxl.load_workbook(path)


def rows(sheet: Any) -> list[dict[str, Any]]:
    """A sheet's rows as records, keyed by its header (row 1)."""
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def cell_of(sheet: Any, header: str, row: int = 2) -> Any:
    names = [c.value for c in sheet[1]]
    return sheet.cell(row, names.index(header) + 1)


def seed(invoke: Invoke, plans: Path) -> None:
    for args in (("ACMW-2", "--status", "completed", "--note", "10th AFML held", "--date",
                  "2017-10-25", "--delivered", "data"),
                 ("ACMW-9", "--status", "delayed", "--date", "2017-09-01")):
        result = invoke("update", *args, "--cycle", "2017", "--plans", str(plans))
        assert result.exit_code == EXIT_OK, result


# --- the workbook of `list` ---------------------------------------------------------------------

def test_list_writes_a_typed_workbook(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    seed(invoke, plans)
    workbook = write(invoke, plans, tmp_path / "acmw.xlsx", "list", "--body", "ACMW",
                     "--cycle", "2017", "--format", "xlsx")
    assert workbook.sheetnames == ["Projects"]
    sheet = workbook["Projects"]
    csv_text = invoke("list", "--body", "ACMW", "--cycle", "2017", "--format", "csv",
                      "--plans", str(plans)).stdout
    header = next(csv.reader(io.StringIO(csv_text)))
    assert [c.value for c in sheet[1]] == header  # the CSV's columns, in its order
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}19"
    records = {r["id"]: r for r in rows(sheet)}
    assert len(records) == 18
    forum = records["ACMW-2"]
    assert forum["kra"] == 2 and isinstance(forum["kra"], int)  # numbers as numbers
    assert forum["cycle"] == 2017 and forum["iati_status"] == 2  # ongoing: a year's part
    assert forum["status_date"] == dt.datetime(2017, 10, 25)  # a date cell
    assert cell_of(sheet, "status_date", list(records).index("ACMW-2") + 2).number_format \
        == "yyyy-mm-dd"
    assert forum["placeholder"] is False and isinstance(forum["carried_over"], bool)
    assert forum["years"] == "2016; 2017; 2018; 2019; 2020"  # a list: one cell, as in CSV
    assert forum["status_note"] == "10th AFML held"
    assert records["ACMW-1"]["status"] is None  # no report: an empty cell
    widths = {sheet.cell(1, i).value: sheet.column_dimensions[sheet.cell(1, i).column_letter]
              .width for i in range(1, len(header) + 1)}
    assert widths["title"] == xlsx_out.MAX_WIDTH  # long titles: as wide as allowed
    assert xlsx_out.MIN_WIDTH <= widths["kra"] < 10


def test_the_output_file_names_the_format(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    """`-o FILE` alone: the extension says the format; every format can go to a file."""
    for name, check in (("l.xlsx", lambda p: openpyxl.load_workbook(p)["Projects"]),
                        ("l.json", lambda p: json.loads(p.read_text("utf-8"))["count"] == 79),
                        ("l.csv", lambda p: p.read_text("utf-8").startswith("id,plan,")),
                        ("l.md", lambda p: p.read_text("utf-8").startswith("| ID |"))):
        path = tmp_path / name
        result = invoke("list", "-o", str(path), "--plans", str(plans))
        assert result.exit_code == EXIT_OK, result
        assert check(path), name
    explicit = tmp_path / "projects.txt"
    result = invoke("list", "--format", "csv", "-o", str(explicit), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert explicit.read_text("utf-8").startswith("id,plan,")


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "xlsx"], "--format xlsx writes an Excel workbook, which is no text for a "
     "terminal or a pipe: give --output FILE.xlsx"),
    (["--format", "xlsx", "-o", "x.csv"], "a workbook's name ends in .xlsx"),
    (["--format", "json", "-o", "x.xlsx"], "--format json does not match --output x.xlsx (a "
     ".xlsx file is xlsx)"),
    (["-o", "x.txt"], "cannot tell the format from the extension '.txt'; use .csv, .json, .md, "
     ".markdown or .xlsx, or give --format json, csv, markdown or xlsx"),
    (["--format", "table", "-o", "x.csv"], "--format table is for the terminal; to write "
     "--output x.csv, give --format json, csv, markdown or xlsx"),
    (["--force"], "--force replaces an existing --output file: give --output FILE"),
    (["--bom"], "--bom starts a CSV with a byte-order mark (for Excel); it does not go with "
     "--format table"),
    (["--bom", "-o", "x.xlsx"], "it does not go with --format xlsx: a workbook needs none"),
    (["-o", "/dev/null", "--format", "csv"], "--output /dev/null: it is a character "
     "device, not a regular file"),
])
def test_wrong_output_options_are_refused_before_any_work(invoke: Invoke, plans: Path,
                                                          args: list[str], message: str
                                                          ) -> None:
    result = invoke("list", *args, "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE, result
    assert message in result.stderr
    assert result.stdout == ""
    assert not Path("x.xlsx").exists() and not Path("x.csv").exists()


def test_a_workbook_never_replaces_a_file_without_force(invoke: Invoke, plans: Path,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "kept.xlsx"
    path.write_bytes(b"the officer's own file")
    result = invoke("stats", "-o", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "already exists; use --force to replace it" in result.stderr
    assert path.read_bytes() == b"the officer's own file"
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    refused = invoke("stats", "-o", str(folder), "--force", "--plans", str(plans))
    assert refused.exit_code == EXIT_USAGE and "is a directory" in refused.stderr
    assert invoke("stats", "-o", str(path), "--force", "--plans", str(plans)).exit_code == 0
    assert openpyxl.load_workbook(path).sheetnames == ["Body x KRA", "Coordinator x body",
                                                       "Year x body"]


def test_a_failed_command_writes_no_workbook(invoke: Invoke, plans: Path,
                                             tmp_path: Path) -> None:
    path = tmp_path / "never.xlsx"
    result = invoke("list", "--body", "NOBODY", "-o", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "unknown body 'NOBODY'" in result.stderr
    assert not path.exists()
    assert list(tmp_path.glob("*never*")) == []  # no temporary file left either


def test_the_same_data_gives_the_same_file(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (first, second):
        assert invoke("list", "-o", str(path), "--plans", str(plans)).exit_code == EXIT_OK
    assert first.read_bytes() == second.read_bytes()


# --- hostile text stays text --------------------------------------------------------------------

HOSTILE_TITLE = '=HYPERLINK("http://evil","click")'
HOSTILE_NOTE = "@SUM(A1)\x1b[31m red \u202egnp.exe #N/A"


@pytest.fixture
def hostile(tiny_plans: Callable[..., Path], invoke: Invoke) -> Path:
    folder = tiny_plans(work_plan=WORK_PLAN.replace(
        'title = "Stock taking of labour market information"',
        f"title = {json.dumps(HOSTILE_TITLE)}"))
    for note in (HOSTILE_NOTE, "#N/A"):
        result = invoke("update", "T-1" if note != "#N/A" else "T-2", "--status", "ongoing",
                        "--cycle", "2022", "--note", note, "--by", "=cmd|' /C calc'!A0",
                        "--plans", str(folder))
        assert result.exit_code == EXIT_OK, result
    return folder


@pytest.mark.parametrize("command", [("list", "--cycle", "2022"), ("log", "--cycle", "2022"),
                                     ("show", "T-1"),
                                     ("report", "--cycle", "2022", "--no-timestamp")],
                         ids=lambda c: c[0])
def test_hostile_text_stays_text(invoke: Invoke, hostile: Path, tmp_path: Path,
                                 command: tuple[str, ...]) -> None:
    workbook = write(invoke, hostile, tmp_path / "h.xlsx", *command)
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert not any(c.data_type in ("f", "e") for c in cells)  # never a formula or an error
    values = {c.value for c in cells}
    if command[0] in ("list", "show", "report"):
        assert HOSTILE_TITLE in values  # exactly as written, no apostrophe before it
    if command[0] != "show":
        assert "@SUM(A1)\\x1b[31m red \\u202egnp.exe #N/A" in values  # controls made visible
        assert "#N/A" in values
    assert not any("\x1b" in v or "\u202e" in v for v in values)
    # The raw sheet XML holds no formula at all.
    import zipfile

    with zipfile.ZipFile(tmp_path / "h.xlsx") as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_text_longer_than_a_cell_is_cut_and_says_so() -> None:
    text = "x" * 40_000
    shown = xlsx_out.cell_text(text)
    assert len(shown) == xlsx_out.MAX_CELL
    assert shown.endswith("[… cut: 40,000 characters; the JSON output has the whole text]")
    assert xlsx_out.cell_text("short") == "short"


def test_sheet_titles_are_valid_and_unique() -> None:
    taken: set[str] = set()
    assert xlsx_out.sheet_title("Body x KRA: 2018/2019 [draft]?", taken) == \
        "Body x KRA  2018 2019  draft"
    assert xlsx_out.sheet_title("Projects", taken) == "Projects"
    assert xlsx_out.sheet_title("projects", taken) == "projects (2)"
    assert len(xlsx_out.sheet_title("A" * 40, taken)) == 31


# --- the other listing commands -----------------------------------------------------------------

def test_log_show_plans_stats_instruments_and_ratifications(invoke: Invoke, plans: Path,
                                                            tmp_path: Path) -> None:
    seed(invoke, plans)
    log = write(invoke, plans, tmp_path / "log.xlsx", "log", "--cycle", "2017")["Log"]
    entries = rows(log)
    assert [e["project"] for e in entries] == ["ACMW-2", "ACMW-9"]
    assert isinstance(entries[0]["recorded_at"], dt.datetime)  # a time cell, in UTC
    assert entries[0]["date"] == dt.datetime(2017, 10, 25)
    assert entries[0]["in_effect"] is True and entries[0]["cycle"] == 2017
    assert entries[0]["outputs"] == "data"

    show = write(invoke, plans, tmp_path / "show.xlsx", "show", "ACMW-2")
    assert show.sheetnames == ["Project", "Progress"]
    assert rows(show["Project"])[0]["id"] == "ACMW-2"
    assert rows(show["Progress"])[0]["status"] == "completed"

    listed = write(invoke, plans, tmp_path / "plans.xlsx", "plans")["Plans"]
    plan_rows = rows(listed)
    assert [p["id"] for p in plan_rows] == [p["id"] for p in run_json(invoke, plans, "plans")
                                            ["plans"]]
    assert all(isinstance(p["start"], int) and isinstance(p["projects"], int)
               for p in plan_rows)
    one = write(invoke, plans, tmp_path / "plan.xlsx", "plans", "ACMW-2016-2020")["Plan"]
    assert rows(one)[0]["id"] == "ACMW-2016-2020"

    stats = write(invoke, plans, tmp_path / "stats.xlsx", "stats")
    by_year = stats["Year x body"]
    values = list(by_year.iter_rows(values_only=True))
    assert values[0][0] == "year" and values[0][-1] == "total"
    years = [r[0] for r in values[1:-1]]
    assert years == list(range(2016, 2021))  # years as numbers
    assert values[-1][0] == "total" and all(c.font.bold for c in by_year[len(values)])
    assert by_year.auto_filter.ref.endswith(str(len(values) - 1))  # totals outside the filter
    document = run_json(invoke, plans, "stats")
    table = next(t for t in document["tables"] if t["row_label"] == "year")
    assert [r[-1] for r in values[1:-1]] == [r["total"] for r in table["rows"]]

    instruments = write(invoke, plans, tmp_path / "i.xlsx", "instruments")["Instruments"]
    first = rows(instruments)[0]
    assert isinstance(first["date"], dt.datetime) and isinstance(first["commitments"], int)
    one = write(invoke, plans, tmp_path / "i1.xlsx", "instruments", "vientiane-2016",
                "--cycle", "2017")
    assert one.sheetnames == ["Commitments", "Linked projects"]
    assert rows(one["Commitments"])[0]["number"] == 1
    assert all(r["cycle"] == 2017 for r in rows(one["Linked projects"]))

    matrix = write(invoke, plans, tmp_path / "r.xlsx", "ratifications")["Ratifications"]
    csv_rows = list(csv.DictReader(io.StringIO(invoke("ratifications", "--format", "csv",
                                                      "--plans", str(plans)).stdout)))
    assert [{k: v or "" for k, v in r.items()} for r in rows(matrix)] == csv_rows


# --- the reporting commands ---------------------------------------------------------------------

def test_the_report_as_a_workbook(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    seed(invoke, plans)
    workbook = write(invoke, plans, tmp_path / "report.xlsx", "report", "--cycle", "2017",
                     "--no-timestamp")
    assert workbook.sheetnames == ["Projects", "By body", "By KRA", "Returns", "About"]
    document = json.loads(invoke("report", "--cycle", "2017", "--format", "json",
                                 "--no-timestamp", "--plans", str(plans)).stdout)
    projects = rows(workbook["Projects"])
    assert len(projects) == document["summary"]["total"]["projects"]
    delayed = next(p for p in projects if p["id"] == "ACMW-9")
    assert (delayed["state"], delayed["attention"], delayed["date"]) == \
        ("delayed", "delayed", dt.datetime(2017, 9, 1))
    *by_body, total = rows(workbook["By body"])
    assert [b["body"] for b in by_body] == [t["label"] for t in document["summary"]["by_body"]]
    acmw = next(b for b in by_body if b["body"] == "ACMW")
    assert acmw["reported"] == 2 and acmw["delayed"] == 1
    assert cell_of(workbook["By body"], "completed_share").number_format == "0%"
    assert (total["body"], total["projects"]) == \
        ("total", document["summary"]["total"]["projects"])
    about = dict(workbook["About"].iter_rows(min_row=2, values_only=True))
    assert about["cycle"] == 2017 and about["generated_on"] is None


@pytest.mark.parametrize(("command", "sheets"), [
    (("scorecard", "--cycle", "2017"), ["Scorecard", "About"]),
    (("review", "--from", "2016", "--to", "2018"), ["By cycle", "By area", "To note", "About"]),
    (("timeline", "--body", "ACMW"), ["Timeline", "About"]),
    (("report", "--changes", "--from", "2016", "--to", "2017"), ["Changes", "About"]),
], ids=lambda c: c[0] if isinstance(c, tuple) else "")
def test_every_reporting_command_writes_a_workbook(invoke: Invoke, plans: Path,
                                                  tmp_path: Path, command: tuple[str, ...],
                                                  sheets: list[str]) -> None:
    seed(invoke, plans)
    workbook = write(invoke, plans, tmp_path / "doc.xlsx", *command, "--no-timestamp")
    assert workbook.sheetnames == sheets
    first = rows(workbook[sheets[0]])
    if command[0] == "scorecard":
        forum = next(r for r in first if r["id"] == "ACMW-2")
        assert (forum["reported"], forum["data"], forum["laws"]) == (True, True, False)
    elif command[0] == "review":
        assert [r["cycle"] for r in first] == [2016, 2017, 2018]
    elif command[0] == "timeline":
        names = [c.value for c in workbook["Timeline"][1]]
        assert names[-5:] == ["2016", "2017", "2018", "2019", "2020"]
        forum = next(r for r in first if r["id"] == "ACMW-2")
        assert "ACMW Chair" in forum["2017"] and forum["2016"] is not None
        assert next(r for r in first if r["id"] == "ACMW-7")["2016"] is None  # 2018 only
    else:
        document = json.loads(invoke(*command, "--format", "json", "--no-timestamp",
                                     "--plans", str(plans)).stdout)
        assert [(r["shift"], r["id"], r["after"]) for r in first] == \
            [(c["shift"], c["id"], c["after"]) for c in document["changes"]]
        assert ("started", "ACMW-9", "delayed") in [(r["shift"], r["id"], r["after"])
                                                    for r in first]


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "xlsx"], "--format xlsx writes an Excel workbook: give --output FILE.xlsx"),
    (["--format", "xlsx", "-o", "r.docx"], "a workbook's name ends in .xlsx"),
    (["--brief", "-o", "r.xlsx"], "--brief is one page of text for Ministers; a workbook "
     "holds the report's data"),
])
def test_report_workbook_refusals(invoke: Invoke, plans: Path, args: list[str],
                                  message: str) -> None:
    result = invoke("report", "--cycle", "2017", *args, "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE, result
    assert message in result.stderr
    assert not Path("r.xlsx").exists() and not Path("r.docx").exists()


# --- CSV with a byte-order mark -----------------------------------------------------------------

@pytest.mark.parametrize("command", [("list",), ("show", "ACMW-2"), ("plans",), ("stats",),
                                     ("log", "--cycle", "2017"), ("instruments",),
                                     ("ratifications",)], ids=lambda c: c[0])
def test_bom_starts_every_csv(invoke: Invoke, plans: Path, tmp_path: Path,
                              command: tuple[str, ...]) -> None:
    plain = invoke(*command, "--format", "csv", "--plans", str(plans))
    marked = invoke(*command, "--format", "csv", "--bom", "--plans", str(plans))
    assert plain.exit_code == marked.exit_code == EXIT_OK, marked
    assert not plain.stdout.startswith("\ufeff")
    assert marked.stdout == "\ufeff" + plain.stdout
    path = tmp_path / "out.csv"
    assert invoke(*command, "--bom", "-o", str(path), "--plans", str(plans)).exit_code == 0
    written = path.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and b"\r\n" in written
    assert written.replace(b"\r\n", b"\n") == b"\xef\xbb\xbf" + plain.stdout.encode("utf-8")


# --- read back ----------------------------------------------------------------------------------

def test_a_list_workbook_filled_in_is_read_back(invoke: Invoke, plans: Path,
                                                tmp_path: Path) -> None:
    """`list --cycle --format xlsx`, statuses filled in as a focal point would (a date cell,
    a note that looks like a formula), recorded by `update --file`, shown by `list`."""
    seed(invoke, plans)
    path = tmp_path / "acmw-2018.xlsx"
    write(invoke, plans, path, "list", "--body", "ACMW", "--cycle", "2018")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Projects"]
    names = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        project = sheet.cell(row, 1).value
        if project in ("ACMW-7", "ACMW-11"):
            sheet.cell(row, names.index("status") + 1).value = "Completed" \
                if project == "ACMW-7" else "on going"
            sheet.cell(row, names.index("status_date") + 1).value = dt.date(2018, 6, 30)
            note = sheet.cell(row, names.index("status_note") + 1)
            note.value = "=study launched"
            note.data_type = "s"
    workbook.save(path)
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert "skipped" in result.stderr and "with no status" in result.stderr
    listed = {p["id"]: p for p in run_json(invoke, plans, "list", "--cycle", "2018", "--body",
                                           "ACMW")["projects"]}
    assert listed["ACMW-7"]["progress"]["status"] == "completed"
    assert listed["ACMW-7"]["progress"]["note"] == "=study launched"
    assert listed["ACMW-7"]["progress"]["date"] == "2018-06-30"
    assert listed["ACMW-11"]["progress"]["status"] == "ongoing"
    # ACMW-9's 2017 report, shown in the export as of 2018, is not recorded again.
    assert listed["ACMW-9"]["progress"]["reported_in_cycle"] == 2017
    again = invoke("update", "--file", str(path), "--plans", str(plans))
    assert again.exit_code == EXIT_OK, again
    assert "Nothing new" in again.stdout


def test_a_workbook_never_goes_to_standard_output(plans: Path) -> None:
    """The guards behind the option checks: a workbook handed to standard output (or to a
    plain writer) is refused with the fix, never written as bytes to a terminal."""
    from asean_labour import views
    from asean_labour.errors import UsageError
    from asean_labour.query import Filters
    from asean_labour.render import ListFormat
    from asean_labour.render.destination import Destination
    from tests.helpers import shipped

    written: list[str] = []
    with pytest.raises(UsageError, match=r"give --output FILE\.xlsx"):
        views.emit_stats(shipped(), Filters(), ListFormat.XLSX, written.append)
    with pytest.raises(UsageError, match=r"give --output FILE\.xlsx"):
        Destination(ListFormat.XLSX).workbook(b"PK")
    assert written == []
