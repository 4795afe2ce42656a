"""Batches as people have them: CSV read strictly and as Excel writes it (separators,
encodings), TOML with one type per field, status words and dates in every spelling a focal
point uses, the tool's own exports read back. Each case through the CLI, plus the core."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import time
from pathlib import Path

import pytest

from asean_labour.batch import (
    COLUMNS,
    column_key,
    field_of,
    parse_date,
    read_batch,
)
from asean_labour.csv_input import CsvSyntaxError, rows
from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, InvalidInput
from asean_labour.loading import load_catalogue
from asean_labour.progress import ProgressStore
from asean_labour.status import Status, parse_status
from tests.conftest import Invoke


def recorded(plans: Path, cycle: int) -> dict[str, object]:
    """Each project's update in a cycle, as stored."""
    history = ProgressStore(plans).history(load_catalogue(plans))
    return dict(history.latest(cycle))


def change_files(plans: Path) -> list[Path]:
    return sorted((plans / "progress").glob("*/*.toml"))


def run_batch(invoke: Invoke, plans: Path, path: Path, *args: str) -> object:
    return invoke("update", "--file", str(path), *args, "--plans", str(plans))


# --- strict CSV: nothing is ever folded silently -------------------------------------------------

@pytest.mark.parametrize(("content", "expected"), [
    # The example of the issue: an unclosed quote swallowing the rows after it.
    ('project,status,note\nACMW-2,ongoing,"unclosed note\nACMW-3,completed,x\nACMW-4,ongoing,y\n',
     "row 2: a quoted cell opens on line 2 and is never closed"),
    # ... on a later row, after a legitimate multi-line cell.
    ('project,status,note\nACMW-2,ongoing,"two\nlines"\nACMW-3,completed,"open\nACMW-4,ongoing,y\n',
     "row 3: a quoted cell opens on line 4 and is never closed"),
    # ... in the first column, at the very end, with CRLF line ends.
    ('project,status\r\nACMW-2,ongoing\r\n"ACMW-3,completed\r\n',
     "row 3: a quoted cell opens on line 3 and is never closed"),
    # A quote closed by a stray quote further down: the swallowed rows are noticed.
    ('project,status,note\nACMW-2,ongoing,"folded\nACMW-3,completed,x\nACMW-4,ongoing,12 inch"\n',
     "row 2: note: the quoted cell that opens on line 2 runs to line 4 and takes in a line "
     "that reads as a row of its own ('ACMW-3,completed,x')"),
    # Text after a closing quote.
    ('project,status,note\nACMW-2,ongoing,"closed" and more\n',
     "row 2: text after the closing quote of a cell: ' and more'"),
    # Semicolons: the same checks with the detected separator.
    ('project;status;note\nACMW-2;ongoing;"folded\nACMW-3;completed;x\nACMW-4;ongoing;y"\n',
     "takes in a line that reads as a row of its own ('ACMW-3;completed;x')"),
])
def test_unbalanced_quotes_are_errors_naming_the_row(invoke: Invoke, plans: Path,
                                                     tmp_path: Path, content: str,
                                                     expected: str) -> None:
    batch = tmp_path / "round.csv"
    batch.write_text(content, "utf-8", newline="")
    result = run_batch(invoke, plans, batch, "--cycle", "2017")
    assert result.exit_code == EXIT_FAILURE, result
    assert expected in result.stderr
    assert result.stderr.splitlines()[-1] == "error: 1 problem in " + str(batch) + \
        "; nothing was recorded"
    assert change_files(plans) == []


def test_quoted_cells_as_excel_writes_them_are_read_exactly(invoke: Invoke, plans: Path,
                                                           tmp_path: Path) -> None:
    batch = tmp_path / "round.csv"
    batch.write_bytes(
        b'project,status,note,reported_by\r\n'
        b'ACMW-2,ongoing,"He said ""held"", then: a, b; c",Ana\r\n'
        b'ACMW-3,completed,"line one\nACMW-9 was mentioned, not a row\nline three",\r\n'
        b'"ACMW-4","ongoing","",""\r\n'
        b'ACMW-5,ongoing,a "quote" inside a plain cell,\r\n')
    result = run_batch(invoke, plans, batch, "--cycle", "2017")
    assert result.exit_code == EXIT_OK, result
    state = recorded(plans, 2017)
    assert state["ACMW-2"].note == 'He said "held", then: a, b; c'  # type: ignore[attr-defined]
    assert state["ACMW-3"].note == ("line one\nACMW-9 was mentioned, not a row\n"  # type: ignore[attr-defined]
                                    "line three")
    assert state["ACMW-4"].note is None  # type: ignore[attr-defined]
    assert state["ACMW-5"].note == 'a "quote" inside a plain cell'  # type: ignore[attr-defined]
    assert len(state) == 4


def test_the_strict_reader_counts_rows_and_lines() -> None:
    read = list(rows('a,b\n"x\ny",z\n\n1,"2"\n', ","))
    assert [(r.number, r.line, r.cells) for r in read] == [
        (1, 1, ["a", "b"]), (2, 2, ["x\ny", "z"]), (3, 4, []), (4, 5, ["1", "2"])]
    assert read[1].spans == [(0, 2, 3)]
    with pytest.raises(CsvSyntaxError) as raised:
        list(rows('a\n"b\n\nc\n', ","))
    assert (raised.value.row, raised.value.line) == (2, 2)


# --- separators and encodings --------------------------------------------------------------------

@pytest.mark.parametrize(("content", "name"), [
    ("Project;Status;Cycle;Note;Reported by\nACMW-2;On going;2017;a, b;Ana\n", "semicolons"),
    ("Project\tStatus\tCycle\tNote\tReported by\nACMW-2\tOn going\t2017\ta, b\tAna\n", "tabs"),
    ("sep=;\nProject;Status;Cycle;Note;Reported by\nACMW-2;On going;2017;a, b;Ana\n",
     "Excel's sep= line"),
    ("Project,Status,Cycle,Note,Reported by\nACMW-2,On going,2017,\"a, b\",Ana\n", "commas"),
])
def test_the_separator_is_detected(invoke: Invoke, plans: Path, tmp_path: Path, content: str,
                                   name: str) -> None:
    batch = tmp_path / "round.csv"
    batch.write_text(content, "utf-8")
    result = run_batch(invoke, plans, batch)
    assert result.exit_code == EXIT_OK, (name, result)
    update = recorded(plans, 2017)["ACMW-2"]
    assert (update.status, update.note, update.reported_by) == (  # type: ignore[attr-defined]
        Status.ONGOING, "a, b", "Ana")


def test_a_header_in_one_cell_says_how_columns_are_separated(invoke: Invoke, plans: Path,
                                                              tmp_path: Path) -> None:
    batch = tmp_path / "round.csv"
    batch.write_text("Project|Status\nACMW-2|ongoing\n", "utf-8")
    result = run_batch(invoke, plans, batch)
    assert result.exit_code == EXIT_FAILURE
    assert "the columns must be separated by commas, semicolons or tabs" in result.stderr


def test_windows_1252_is_read_and_said(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    # Excel's plain "CSV (Comma delimited)" on a Western Windows: dashes, quotes, é, ñ.
    batch = tmp_path / "round.csv"
    text = "project,status,note,reported_by\nACMW-2,ongoing,Café – “fine” … done,Peña\n"
    batch.write_bytes(text.encode("cp1252"))
    result = run_batch(invoke, plans, batch, "--cycle", "2017")
    assert result.exit_code == EXIT_OK, result
    assert "read as Windows-1252" in result.stderr
    assert 'save it as "CSV UTF-8"' in result.stderr
    update = recorded(plans, 2017)["ACMW-2"]
    assert update.note == "Café – “fine” … done"  # type: ignore[attr-defined]
    assert update.reported_by == "Peña"  # type: ignore[attr-defined]


def test_utf16_unicode_text_is_read(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    # Excel's "Unicode Text": UTF-16 with a byte-order mark, tab-separated.
    batch = tmp_path / "round.txt"
    batch.write_bytes("project\tstatus\tnote\nACMW-2\tongoing\tHà Nội, ສົມພອນ\n".encode("utf-16"))
    result = run_batch(invoke, plans, batch, "--cycle", "2017")
    assert result.exit_code == EXIT_OK, result
    assert "read as UTF-16" in result.stderr
    assert recorded(plans, 2017)["ACMW-2"].note == "Hà Nội, ສົມພອນ"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("raw", "why"), [
    (b"project,status,note\nACMW-2,ongoing,H\xe0 N\xf4\xf2i\n", "Vietnamese (Windows-1258)"),
    ("project,status,note\nACMW-2,ongoing,ภาษาไทย\n".encode("cp874"), "Thai (Windows-874)"),
    (b"project,status\nACMW-2,ongoing\x81\n", "a byte no Windows code page has"),
    ("project,status\nACMW-2,ongoing\n".encode("utf-16-le"), "UTF-16 without its mark"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a picture"),
])
def test_an_encoding_that_cannot_be_told_is_refused_with_the_excel_steps(
        invoke: Invoke, plans: Path, tmp_path: Path, raw: bytes, why: str) -> None:
    batch = tmp_path / "round.csv"
    batch.write_bytes(raw)
    result = run_batch(invoke, plans, batch, "--cycle", "2017")
    assert result.exit_code == EXIT_FAILURE, (why, result)
    assert 'Excel: File > Save As, choose "CSV UTF-8 (Comma delimited) (*.csv)"' in \
        result.stderr, why
    assert "Traceback" not in result.stderr
    assert change_files(plans) == []


def test_a_byte_order_mark_and_utf8_need_no_note(invoke: Invoke, plans: Path,
                                                 tmp_path: Path) -> None:
    batch = tmp_path / "round.csv"
    batch.write_bytes(codecs.BOM_UTF8 + "project,status,note\nACMW-2,ongoing,ລາວ\n".encode())
    result = run_batch(invoke, plans, batch, "--cycle", "2017")
    assert result.exit_code == EXIT_OK, result
    assert result.stderr == ""
    assert recorded(plans, 2017)["ACMW-2"].note == "ລາວ"  # type: ignore[attr-defined]


# --- statuses, columns, skipped rows ------------------------------------------------------------

@pytest.mark.parametrize(("word", "status"), [
    ("On going", Status.ONGOING), ("ON-GOING", Status.ONGOING), ("in progress", Status.ONGOING),
    ("Not Started", Status.NOT_STARTED), ("not_started", Status.NOT_STARTED),
    ("carried over", Status.CARRIED_OVER), ("Carried-Over", Status.CARRIED_OVER),
    ("Completed ", Status.COMPLETED), ("done", Status.COMPLETED), ("canceled", Status.CANCELLED),
    ("postponed", Status.POSTPONED), ("Delayed", Status.DELAYED),
])
def test_status_words_are_folded(word: str, status: Status) -> None:
    assert parse_status(word) is status


@pytest.mark.parametrize("word", ["", "complted", "on", "going", "not", "over", "ongoing!"])
def test_other_words_are_no_status(word: str) -> None:
    assert parse_status(word) is None


def test_status_words_as_focal_points_write_them_in_csv_toml_and_command_line(
        invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    batch = tmp_path / "round.csv"
    batch.write_text("project,status\nACMW-2,On going\nACMW-3,Not Started\nACMW-4,carried "
                     "over\n", "utf-8")
    assert run_batch(invoke, plans, batch, "--cycle", "2020").exit_code == EXIT_OK
    toml = tmp_path / "round.toml"
    toml.write_text('[[updates]]\nproject = "ACMW-5"\nstatus = "Not Started"\n', "utf-8")
    assert run_batch(invoke, plans, toml, "--cycle", "2019").exit_code == EXIT_OK
    assert invoke("update", "ACMW-6a", "--status", "On going", "--cycle", "2018", "--plans",
                  str(plans)).exit_code == EXIT_OK
    statuses = {pid: u.status for c in (2018, 2019, 2020)  # type: ignore[attr-defined]
                for pid, u in recorded(plans, c).items()}
    assert statuses == {"ACMW-2": Status.ONGOING, "ACMW-3": Status.NOT_STARTED,
                        "ACMW-4": Status.CARRIED_OVER, "ACMW-5": Status.NOT_STARTED,
                        "ACMW-6a": Status.ONGOING}


@pytest.mark.parametrize(("header", "field"), [
    ("Project", "project"), ("ID", "project"), ("Project ID", "project"),
    ("Reported by", "reported_by"), ("reported-by", "reported_by"), ("Remarks", "note"),
    ("status_note", "note"), ("Status note", "note"), ("Date (YYYY-MM-DD)", "date"),
    ("status_date", "date"), ("Status *", "status"), ("Title", ""), ("years", ""),
    ("Last reported", ""), ("iati_status", ""), ("kra_name", ""), ("stauts", None),
])
def test_one_function_names_the_columns(header: str, field: str | None) -> None:
    assert field_of(header) == field
    assert column_key("  Reported   By ") == "reported_by"


def test_list_export_read_back_records_only_what_was_filled_in(
        invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    # The round trip of the issue: list --cycle 2018 --format csv, statuses filled in, read
    # back. The export's own columns are ignored; its status_note/status_date are the note and
    # date; its project note column is not taken for the progress note; rows that only repeat
    # the recorded status (from 2017) are not re-dated into 2018; rows left blank are counted.
    assert invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017", "--date",
                  "2017-05-01", "--note", "held", "--plans", str(plans)).exit_code == EXIT_OK
    listed = invoke("list", "--cycle", "2018", "--body", "ACMW", "--format", "csv",
                    "--plans", str(plans))
    assert listed.exit_code == EXIT_OK
    exported = list(csv.DictReader(io.StringIO(listed.stdout, newline="")))
    header = list(exported[0])
    assert {"title", "years", "note", "status_note", "status_date", "iati_status",
            "state"} <= set(header)
    for row in exported:
        if row["id"] == "ACMW-3":  # filled in, as an officer would: status, date and note
            row |= {"status": "On going", "status_date": "2018-06-30",
                    "status_note": "translated"}
    batch = tmp_path / "list.csv"
    with batch.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(exported)
    result = run_batch(invoke, plans, batch)
    assert result.exit_code == EXIT_OK, result
    state = recorded(plans, 2018)
    assert list(state) == ["ACMW-3"]
    assert state["ACMW-3"].note == "translated"  # type: ignore[attr-defined]
    assert state["ACMW-3"].date == dt.date(2018, 6, 30)  # type: ignore[attr-defined]
    assert "skipped 1 row as already recorded" in result.stderr
    assert "ACMW-2 (row 3)" in result.stderr
    assert f"skipped {len(exported) - 2} rows with no status" in result.stderr
    again = run_batch(invoke, plans, batch)  # the same file again: nothing new, nothing wrong
    assert again.exit_code == EXIT_OK, again
    assert "Nothing new: every row repeats what is already recorded" in again.stdout
    assert "skipped 2 rows as already recorded" in again.stderr
    assert list(recorded(plans, 2018)) == ["ACMW-3"] and len(change_files(plans)) == 2


def test_the_template_columns_are_accepted_in_csv(invoke: Invoke, plans: Path,
                                                   tmp_path: Path) -> None:
    batch = tmp_path / "round.csv"
    batch.write_text("Project,Title,Years,Coordinators,Last reported,Status,Date,Note,"
                     "Reported by,Outputs,Evidence\n"
                     "ACMW-2,Forum,2016-2020,ACMW Chair,no report,completed,30 June 2018,"
                     "held,Ana,data; laws,https://example.org\n", "utf-8")
    assert run_batch(invoke, plans, batch, "--cycle", "2018").exit_code == EXIT_OK
    update = recorded(plans, 2018)["ACMW-2"]
    assert update.date == dt.date(2018, 6, 30)  # type: ignore[attr-defined]
    assert [str(o) for o in update.outputs] == ["data", "laws"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("header", "expected"), [
    ("project,stauts", "unknown column 'stauts' (did you mean 'status'?)"),
    ("project,status,Comentary", "unknown column 'Comentary' (did you mean 'comment'?)"),
    ("project,status,Zzz", "unknown column 'Zzz'; the batch columns are project, status"),
    ("project,status,note,remarks", "column 'note' and 'remarks' both give the note; keep one"),
    ("id,status,project", "column 'id' and 'project' both give the project; keep one"),
    ("project,status,date,status_date", "column 'date' and 'status_date' both give the date"),
])
def test_column_problems_suggest_the_nearest(invoke: Invoke, plans: Path, tmp_path: Path,
                                             header: str, expected: str) -> None:
    batch = tmp_path / "round.csv"
    batch.write_text(header + "\n" + ",".join(["ACMW-2", "ongoing", "x", "y"][:header.count(",")
                                                                          + 1]) + "\n", "utf-8")
    result = run_batch(invoke, plans, batch, "--cycle", "2017")
    assert result.exit_code == EXIT_FAILURE
    assert expected in result.stderr
    assert "row 1" in result.stderr


def test_a_value_under_no_header_is_not_lost(invoke: Invoke, plans: Path,
                                             tmp_path: Path) -> None:
    batch = tmp_path / "round.csv"  # Excel often writes empty header cells at the end
    batch.write_text("project,status,,\nACMW-2,ongoing,,\nACMW-3,ongoing,,held\n", "utf-8")
    result = run_batch(invoke, plans, batch, "--cycle", "2017")
    assert result.exit_code == EXIT_FAILURE
    assert "row 3: a value in column 4, which has no header ('held')" in result.stderr
    assert "row 2" not in result.stderr


def test_rows_with_no_status_are_skipped_and_counted(invoke: Invoke, plans: Path,
                                                     tmp_path: Path) -> None:
    batch = tmp_path / "round.csv"
    batch.write_text("project,status,note\nACMW-2,ongoing,\nACMW-3,,\n,,\nACMW-4,  ,\n", "utf-8")
    result = run_batch(invoke, plans, batch, "--cycle", "2017", "--format", "json")
    assert result.exit_code == EXIT_OK, result
    assert json.loads(result.stdout)["change"]["updates"][0]["project"] == "ACMW-2"
    assert ("note: " + str(batch) + ": skipped 2 rows with no status: ACMW-3 (row 3), "
            "ACMW-4 (row 5)") in result.stderr
    assert list(recorded(plans, 2017)) == ["ACMW-2"]


def test_toml_tables_with_no_status_are_skipped_and_counted_too(invoke: Invoke,
                                                               plans: Path) -> None:
    batch = ('[[updates]]\nproject = "ACMW-2"\nstatus = "ongoing"\n'
             '[[updates]]\nproject = "ACMW-3"\nstatus = ""\n'
             '[[updates]]\nproject = "ACMW-4"\n')
    result = invoke("update", "--file", "-", "--input-format", "toml", "--cycle", "2017",
                    "--plans", str(plans), input=batch)
    assert result.exit_code == EXIT_OK, result
    assert ("standard input: skipped 2 rows with no status: ACMW-3 (update 2), ACMW-4 "
            "(update 3)") in result.stderr
    assert list(recorded(plans, 2017)) == ["ACMW-2"]


def test_a_row_with_a_report_but_no_status_is_an_error(invoke: Invoke, plans: Path,
                                                       tmp_path: Path) -> None:
    batch = tmp_path / "round.csv"
    batch.write_text("project,status,note\nACMW-2,ongoing,\nACMW-3,,the forum was held\n",
                     "utf-8")
    result = run_batch(invoke, plans, batch, "--cycle", "2017")
    assert result.exit_code == EXIT_FAILURE
    assert ("row 3: ACMW-3: status: missing: this row gives a note but no status; give its "
            "status (or clear the row)") in result.stderr
    assert change_files(plans) == []


def test_a_file_with_only_unanswered_rows_records_nothing(invoke: Invoke, plans: Path,
                                                          tmp_path: Path) -> None:
    batch = tmp_path / "round.csv"
    batch.write_text("project,status\nACMW-2,\nACMW-3,\n", "utf-8")
    result = run_batch(invoke, plans, batch, "--cycle", "2017")
    assert result.exit_code == EXIT_FAILURE
    assert "no updates in this file (2 rows with no status)" in result.stderr


# --- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("2018-06-30", dt.date(2018, 6, 30)), ("2018/6/3", dt.date(2018, 6, 3)),
    ("2018-06-30T10:15:00", dt.date(2018, 6, 30)), ("30 June 2018", dt.date(2018, 6, 30)),
    ("30 Jun 2018", dt.date(2018, 6, 30)), ("30-Jun-2018", dt.date(2018, 6, 30)),
    ("1st May 2018", dt.date(2018, 5, 1)), ("June 30, 2018", dt.date(2018, 6, 30)),
    ("Sept 3, 2018", dt.date(2018, 9, 3)), ("43281", dt.date(2018, 6, 30)),
    (43281, dt.date(2018, 6, 30)), (43281.75, dt.date(2018, 6, 30)),
    (dt.datetime(2018, 6, 30, 9), dt.date(2018, 6, 30)), (dt.date(2018, 6, 30),
                                                          dt.date(2018, 6, 30)),
])
def test_dates_as_people_write_them(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


def test_excel_serials_of_the_1904_system() -> None:
    assert parse_date(41819, epoch=dt.date(1904, 1, 1)) == dt.date(2018, 6, 30)


@pytest.mark.parametrize(("value", "expected"), [
    ("01/05/2018", "'01/05/2018' is ambiguous: 1 May 2018 or 5 January 2018? Write it as "
                   "YYYY-MM-DD (2018-05-01 or 2018-01-05)"),
    ("1.5.2018", "is ambiguous: 1 May 2018 or 5 January 2018?"),
    ("25/10/2017", "'25/10/2017' depends on the regional settings of the spreadsheet that "
                   "wrote it (here it can only be 25 October 2017): write it as 2017-10-25"),
    ("30/30/2018", "'30/30/2018' is not a date"),
    ("30 June 18", "has a two-digit year; write the year in full (30 June 2018)"),
    ("31 June 2018", "is not a date of the calendar"),
    ("2018-02-30", "is not a date of the calendar"),
    ("soon", "expected a date as YYYY-MM-DD (2018-06-30), '30 June 2018' or 'June 30, 2018'"),
    ("12345", "the number 12345; as an Excel date that is not a year between 2000 and 2099"),
    (True, "got true/false"),
])
def test_dates_that_cannot_be_told_are_refused_with_the_fix(value: object,
                                                             expected: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_date(value)
    assert expected in str(raised.value)


def test_dates_in_a_csv_batch(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    batch = tmp_path / "round.csv"
    batch.write_text("project,status,date\nACMW-2,ongoing,30 June 2017\nACMW-3,ongoing,42916\n"
                     "ACMW-4,ongoing,2017-06-30\n", "utf-8")
    assert run_batch(invoke, plans, batch, "--cycle", "2017").exit_code == EXIT_OK
    assert {u.date for u in recorded(plans, 2017).values()} == {  # type: ignore[attr-defined]
        dt.date(2017, 6, 30)}
    bad = tmp_path / "bad.csv"
    bad.write_text("project,status,date\nACMW-5,ongoing,01/05/2017\nACMW-404,bogus,\n", "utf-8")
    result = run_batch(invoke, plans, bad, "--cycle", "2017")
    assert result.exit_code == EXIT_FAILURE
    lines = result.stderr.splitlines()
    # Reading problems and the checks against the plans, in one run, in the file's order.
    assert lines[0].startswith(f"{bad} row 2: ACMW-5: date: '01/05/2017' is ambiguous")
    assert lines[1].startswith(f"{bad} row 3: ACMW-404: project: unknown project id")
    assert lines[2].startswith(f"{bad} row 3: ACMW-404: status: unknown status 'bogus'")
    assert lines[3] == f"error: 3 problems in {bad}; nothing was recorded"


# --- TOML: every field has one type ------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "expected"), [
    ("evidence", "5", "evidence: expected text or a list of text, got a number (5)"),
    ("reported_by", '["Ana", "Ben"]',
     "reported_by: expected text, got a list (['Ana', 'Ben'])"),
    ("id", '"ACMW-3"', "project: field 'project' and 'id' both give the project; keep one"),
    ("note", "5", "note: expected text, got a number (5)"),
    ("note", "{ text = 'x' }", "note: expected text, got a table"),
    ("status", "true", "status: expected text, got true/false (True)"),
    ("project", "2", "project: expected text, got a number (2)"),
    ("carried_to", "2021", "carried_to: expected text, got a number (2021)"),
    ("outputs", "['data', 3]", "outputs: expected text or a list of text, got a list"),
    ("cycle", "'2017'", "cycle: expected a year such as 2017, got text ('2017')"),
    ("cycle", "2017.5", "cycle: expected a year such as 2017, got a number (2017.5)"),
    ("cycle", "true", "cycle: expected a year such as 2017, got true/false (True)"),
    ("date", "2017-05-01T10:00:00", None),  # a date and time: its date
    ("date", "10:00:00", "date: expected a date"),
    ("date", "'soon'", "date: expected a date as YYYY-MM-DD"),
    ("date", "'01/05/2017'", "date: '01/05/2017' is ambiguous"),
])
def test_toml_fields_have_one_type(invoke: Invoke, plans: Path, field: str, value: str,
                                   expected: str | None) -> None:
    table = {"project": '"ACMW-2"', "status": '"ongoing"'} | {field: value}
    batch = "[[updates]]\n" + "".join(f"{k} = {v}\n" for k, v in table.items())
    result = invoke("update", "--file", "-", "--input-format", "toml", "--cycle", "2017",
                    "--plans", str(plans), input=batch)
    if expected is None:
        assert result.exit_code == EXIT_OK, result
        return
    assert result.exit_code == EXIT_FAILURE, result
    item = "ACMW-2" if field != "project" else "update 1"
    line = {"project": 2, "status": 3}.get(field, 4)  # the line of the key
    assert f"standard input:{line}: {item}: {expected}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 2  # the one problem, then the summary
    assert change_files(plans) == []


def test_a_toml_top_level_cycle_must_be_a_year(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "--file", "-", "--input-format", "toml", "--plans", str(plans),
                    input='cycle = "2017"\n[[updates]]\nproject = "ACMW-2"\nstatus = "ongoing"\n')
    assert result.exit_code == EXIT_FAILURE
    assert "standard input:1: cycle: expected a year such as 2017, got text ('2017')" in \
        result.stderr


def test_a_good_toml_batch_keeps_its_types(invoke: Invoke, plans: Path) -> None:
    batch = ('cycle = 2017\n[[updates]]\nproject = "ACMW-2"\nstatus = "completed"\n'
             'date = 2017-06-30\nreported_by = "Ana"\noutputs = ["data", "laws"]\n'
             'evidence = "https://example.org"\n')
    result = invoke("update", "--file", "-", "--plans", str(plans), input=batch)
    assert result.exit_code == EXIT_OK, result
    update = recorded(plans, 2017)["ACMW-2"]
    assert update.reported_by == "Ana"  # type: ignore[attr-defined]
    assert update.evidence == ("https://example.org",)  # type: ignore[attr-defined]
    assert update.date == dt.date(2017, 6, 30)  # type: ignore[attr-defined]


# --- bounded: rows counted while reading --------------------------------------------------------

def test_a_50_mb_csv_of_tiny_rows_is_refused_quickly(invoke: Invoke, plans: Path,
                                                     tmp_path: Path) -> None:
    batch = tmp_path / "tiny.csv"
    row = b"ACMW-2,ongoing\n"
    batch.write_bytes(b"project,status\n" + row * ((50 * 1024 * 1024 - 20) // len(row)))
    started = time.monotonic()
    result = run_batch(invoke, plans, batch, "--cycle", "2017")
    elapsed = time.monotonic() - started
    assert result.exit_code == EXIT_USAGE
    assert "more than 200,000 rows; a batch may hold at most 200,000: split it" in result.stderr
    assert elapsed < 30  # a bound against minutes, not a benchmark (see benchmarks/run.py)


def test_a_toml_batch_of_too_many_tables_is_refused_before_parsing(invoke: Invoke,
                                                                   plans: Path) -> None:
    batch = '[[updates]]\nproject = "ACMW-2"\nstatus = "ongoing"\n' * 400_001
    result = invoke("update", "--file", "-", "--input-format", "toml", "--plans", str(plans),
                    input=batch)
    assert result.exit_code == EXIT_USAGE
    assert "more than 200,000 rows" in result.stderr


def test_standard_input_is_read_at_most_to_the_limit(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "--file", "-", "--plans", str(plans),
                    input=b"project,status\n" + b"x" * (50 * 1024 * 1024))
    assert result.exit_code == EXIT_USAGE
    assert "standard input: more than 52,428,800 bytes; split the batch" in result.stderr


def test_read_batch_reports_every_cell_problem_of_the_file() -> None:
    batch = read_batch(b"project,status,date\nACMW-2,ongoing,soon\nACMW-3,ongoing,1/2/2018\n",
                       "b.csv", None)
    assert [p.file for p in batch.problems] == ["b.csv row 2", "b.csv row 3"]
    assert [r.project for r in batch.requests] == ["ACMW-2", "ACMW-3"]
    assert all(r.date is None for r in batch.requests)  # left out, so nothing is guessed
    with pytest.raises(InvalidInput):
        read_batch(b"", "empty.csv", None)
    assert set(COLUMNS) >= {"project", "status", "note"}
