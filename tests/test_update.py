"""`update`: single updates, batches, and every way they can be refused without writing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from asean_labour.loading import load_catalogue
from asean_labour.progress import ProgressStore
from tests.conftest import ROOT, Invoke, SetToday


def change_files(plans: Path) -> list[Path]:
    return sorted((plans / "progress").glob("*/*.toml"))


def latest(plans: Path, cycle: int) -> dict[str, str]:
    catalogue = load_catalogue(plans)
    history = ProgressStore(plans).history(catalogue)
    return {pid: str(u.status) for pid, u in history.latest(cycle).items()}


def test_single_update_is_recorded_and_read_back(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "acmw-2", "--status", "Completed", "--cycle", "2017",
                    "--note", "10th AFML held", "--by", "Ana", "--date", "2017-10-25",
                    "--delivered", "data", "--evidence", "https://example.org/r",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert "Recorded 1 update for cycle 2017" in result.stdout
    files = change_files(plans)
    assert len(files) == 1
    assert files[0].parent.name == "2017"
    assert latest(plans, 2017) == {"ACMW-2": "completed"}

    shown = invoke("show", "ACMW-2", "--plans", str(plans), "--format", "json")
    progress = json.loads(shown.stdout)["project"]["progress"]
    assert [(p["cycle"], p["status"], p["reported_by"], p["date"], p["note"], p["outputs"],
             p["evidence"], p["iati_status"]) for p in progress] == [
        (2017, "completed", "Ana", "2017-10-25", "10th AFML held", ["data"],
         ["https://example.org/r"], 3)]


def test_update_json_output(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "OSHNET-1", "--status", "ongoing", "--cycle", "2017", "--by",
                    "Lee", "--plans", str(plans), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    document = json.loads(result.stdout)
    assert document["kind"] == "change"
    assert document["dry_run"] is False
    assert document["change"]["updates"][0]["project"] == "OSHNET-1"
    assert document["change"]["updates"][0]["iati_status"] == 2
    assert Path(document["change"]["file"]).is_file()


def test_a_cycle_outside_the_plans_is_refused_with_the_range_and_a_cycle_to_try(
        invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2030",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == ("error: --cycle 2030 is outside the loaded plans (2016-2020); try "
                             "--cycle 2020 (the last year of the loaded plans, which today is "
                             "past)\n")
    assert change_files(plans) == []
    batch = invoke("update", "--file", "-", "--plans", str(plans),
                   input="project,status,cycle\nACMW-2,ongoing,2031\n")
    assert batch.exit_code == EXIT_FAILURE
    assert ("standard input row 2: ACMW-2: cycle: cycle 2031 is outside the loaded plans "
            "(2016-2020); try cycle 2020") in batch.stderr
    assert change_files(plans) == []


@pytest.mark.parametrize(
    ("args", "expected", "code"),
    [
        (["ACMW-99", "--status", "ongoing"], "unknown project id (did you mean", EXIT_FAILURE),
        (["ACMW-2", "--status", "finish"], "unknown status 'finish'", EXIT_FAILURE),
        (["ACMW-2", "--status", "ongoing", "--date", "2017-13-01"],
         "expected a date as YYYY-MM-DD, got '2017-13-01'", EXIT_FAILURE),
        (["ACMW-2", "--status", "ongoing", "--date", "yesterday"],
         "expected a date as YYYY-MM-DD", EXIT_FAILURE),
        (["ACMW-2", "--status", "ongoing", "--delivered", "reports"], "unknown output 'reports'",
         EXIT_FAILURE),
        (["ACMW-2", "--status", "ongoing", "--carried-to", "X-1"],
         "only a carried-over update names the project", EXIT_FAILURE),
        (["ACMW-2"], "--status is required", EXIT_USAGE),
        ([], "give either a project ID or --file FILE", EXIT_USAGE),
        (["ACMW-2", "--status", "ongoing", "--file", "x.csv"],
         "give either a project ID or --file FILE", EXIT_USAGE),
        (["ACMW-2", "--status", "ongoing", "--note", "x" * 20_001], "the limit is 20,000",
         EXIT_FAILURE),
    ],
)
def test_bad_single_updates_write_nothing(invoke: Invoke, plans: Path, args: list[str],
                                          expected: str, code: int) -> None:
    result = invoke("update", *args, "--cycle", "2017", "--plans", str(plans))
    assert result.exit_code == code, result
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert change_files(plans) == []


def test_cycle_must_be_a_year(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "../etc",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "is not a valid int" in result.stderr
    result = invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "17",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == "error: cycle must be a year such as 2017, got 17\n"
    assert change_files(plans) == []


def test_every_problem_is_reported_in_one_run(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "ACMW-99", "--status", "finish", "--cycle", "2017", "--date",
                    "soon", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    lines = result.stderr.strip().splitlines()
    assert any("project: unknown project id" in line for line in lines)
    assert any("status: unknown status" in line for line in lines)
    assert any("date: expected a date" in line for line in lines)
    assert lines[-1].startswith("error: ")


# --- batches -----------------------------------------------------------------------------------

EXAMPLE = ROOT / "examples" / "acmw-2017.csv"


def test_the_shipped_example_records_acmw_2017_in_one_command(invoke: Invoke,
                                                               plans: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(EXAMPLE.read_text("utf-8"))))
    result = invoke("update", "--file", str(EXAMPLE), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert f"Recorded {len(rows)} updates for cycle 2017" in result.stdout
    assert len(change_files(plans)) == 1  # the whole batch is one change
    assert latest(plans, 2017) == {r["project"]: r["status"] for r in rows}
    logged = invoke("log", "--cycle", "2017", "--plans", str(plans), "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(logged.stdout)))) == len(rows)
    listed = invoke("list", "--cycle", "2017", "--body", "ACMW", "--status", "completed",
                    "--plans", str(plans), "--format", "json")
    # Completed for good: the projects whose plan ends by 2017. ACMW-2, the annual forum of
    # 2016-2020, had its 2017 forum held: that cycle's part, and the project stays ongoing.
    catalogue = load_catalogue(plans)
    ends = {p.id: p.last_year for p in catalogue.projects}
    completed = {r["project"] for r in rows if r["status"] == "completed"}
    assert {p["id"] for p in json.loads(listed.stdout)["projects"]} == {
        pid for pid in completed if (ends[pid] or 0) <= 2017}
    assert "ACMW-2" in completed and ends["ACMW-2"] == 2020
    ongoing = invoke("list", "--cycle", "2017", "--body", "ACMW", "--status", "ongoing",
                     "--plans", str(plans), "--format", "json")
    assert "ACMW-2" in {p["id"] for p in json.loads(ongoing.stdout)["projects"]}


def test_dry_run_shows_before_and_after_and_writes_nothing(invoke: Invoke,
                                                           plans: Path) -> None:
    invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017", "--plans", str(plans))
    before = change_files(plans)
    result = invoke("update", "--file", str(EXAMPLE), "--dry-run", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert "Dry run" in result.stdout and "nothing written" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("ACMW-2 "))
    # the cycle is the same on every row: it is in the title, not a column
    assert row.split()[:4] == ["ACMW-2", "ongoing", "part", "completed"]
    assert "ACMW-2 is planned until 2020: this completed report would record its 2017 part" \
        in result.stdout
    assert change_files(plans) == before


def test_a_batch_with_bad_rows_writes_nothing_and_names_every_row(
        invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    batch = tmp_path / "round.csv"
    batch.write_text(
        "project,status,cycle,date,note\n"
        "ACMW-2,completed,2017,2017-10-25,fine\n"
        "ACMW-3,stalled,2017,,bad status\n"
        "ACMW-4,ongoing,2017,25/10/2017,bad date\n"
        "ACMW-404,ongoing,2017,,unknown id\n"
        "ACMW-5,ongoing,2017,,fine\n", encoding="utf-8")
    result = invoke("update", "--file", str(batch), "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    err = result.stderr
    assert "round.csv row 3: ACMW-3: status: unknown status 'stalled'" in err
    assert ("round.csv row 4: ACMW-4: date: '25/10/2017' depends on the regional settings"
            in err)
    assert "round.csv row 5: ACMW-404: project: unknown project id" in err
    assert "nothing was recorded" in err
    assert change_files(plans) == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("project,stauts\nACMW-2,ongoing\n", "unknown column 'stauts' (did you mean 'status'?)"),
        ("project,note\nACMW-2,x\n", "status: missing column (required)"),
        ("project,status,project\nACMW-2,ongoing,ACMW-3\n", "project: column given twice"),
        ("project,status\n", "no updates in this file"),
        ("", "no updates in this file"),
        ("project,status\nACMW-2,ongoing,extra,cells\n", "row 2: 4 cells but 2 columns"),
        ("project,status,cycle\nACMW-2,ongoing,2017\nACMW-3,ongoing,2018\n",
         "a batch records one cycle; this one names 2017 (row 2), 2018 (row 3)"),
        ("project,status\nACMW-2,ongoing\nacmw-2,completed\n",
         "row 3: ACMW-2: project: already updated on row 2"),
        ("project,status,cycle\nACMW-2,ongoing,20x7\n", "cycle: expected a year such as 2017"),
    ],
)
def test_bad_batch_files(invoke: Invoke, plans: Path, tmp_path: Path, content: str,
                         expected: str) -> None:
    batch = tmp_path / "batch.csv"
    batch.write_text(content, encoding="utf-8")
    result = invoke("update", "--file", str(batch), "--cycle", "2017", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE, result
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert change_files(plans) == []


def test_batch_edge_cases_that_are_fine(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    batch = tmp_path / "batch.csv"
    batch.write_bytes(
        b"\xef\xbb\xbfProject,Status,Note,Reported By\r\n"
        b"ACMW-2,Completed,\"a note, with a comma\nand a line break\",Ana\r\n"
        b"\r\n"
        b",,,\r\n"
        b"ACMW-3,in progress,,\r\n")
    result = invoke("update", "--file", str(batch), "--cycle", "2017", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    catalogue = load_catalogue(plans)
    state = ProgressStore(plans).history(catalogue).latest(2017)
    assert state["ACMW-2"].note == "a note, with a comma\nand a line break"
    assert state["ACMW-2"].reported_by == "Ana"
    assert str(state["ACMW-3"].status) == "ongoing"


def test_batch_rejects_non_utf8_and_missing_files(invoke: Invoke, plans: Path,
                                                  tmp_path: Path) -> None:
    batch = tmp_path / "vietnamese.csv"  # Excel's CSV on a Vietnamese Windows: Windows-1258
    batch.write_bytes(b"project,status,note\nACMW-2,ongoing,H\xe0 N\xf4\xf2i\n")  # Hà Nội
    result = invoke("update", "--file", str(batch), "--cycle", "2017", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert "vietnamese.csv:2: not UTF-8 (byte 0x" in result.stderr
    assert 'File > Save As, choose "CSV UTF-8' in result.stderr
    missing = invoke("update", "--file", str(tmp_path / "nope.csv"), "--plans", str(plans))
    assert missing.exit_code == EXIT_USAGE
    assert "no such file" in missing.stderr
    folder = invoke("update", "--file", str(tmp_path), "--plans", str(plans))
    assert folder.exit_code == EXIT_USAGE
    assert "is a folder" in folder.stderr
    assert change_files(plans) == []


def test_batch_refuses_per_row_options(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "--file", str(EXAMPLE), "--status", "ongoing", "--note", "x",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "--status, --note cannot be used with --file" in result.stderr


def test_batch_from_standard_input_and_toml(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "--file", "-", "--cycle", "2017", "--by", "Ana",
                    "--plans", str(plans), input="project,status\nACMW-2,ongoing\n")
    assert result.exit_code == EXIT_OK, result
    toml_batch = (
        'cycle = 2018\n\n[[updates]]\nproject = "ACMW-2"\nstatus = "completed"\n'
        'date = 2018-05-01\noutputs = ["laws", "data"]\n\n'
        '[[updates]]\nproject = "OSHNET-4"\nstatus = "delayed"\nnote = "venue changed"\n')
    result = invoke("update", "--file", "-", "--plans", str(plans), input=toml_batch)
    assert result.exit_code == EXIT_OK, result
    assert latest(plans, 2018) == {"ACMW-2": "completed", "OSHNET-4": "delayed"}
    assert latest(plans, 2017) == {"ACMW-2": "ongoing"}


def test_bad_toml_batch_names_line(invoke: Invoke, plans: Path) -> None:
    toml_batch = ('[[updates]]\nproject = "ACMW-2"\nstatus = "completed"\n\n'
                  '[[updates]]\nproject = "ACMW-3"\nstatus = "bogus"\n')
    result = invoke("update", "--file", "-", "--input-format", "toml", "--cycle", "2017",
                    "--plans", str(plans), input=toml_batch)
    assert result.exit_code == EXIT_FAILURE
    assert "standard input:5: ACMW-3: status: unknown status 'bogus'" in result.stderr
    broken = invoke("update", "--file", "-", "--input-format", "toml", "--plans", str(plans),
                    input="[[updates]\n")
    assert broken.exit_code == EXIT_FAILURE
    assert "standard input:1:" in broken.stderr and "TOML syntax error" in broken.stderr
    typo = invoke("update", "--file", "-", "--input-format", "toml", "--plans", str(plans),
                  input='[[updates]]\nprojet = "ACMW-2"\nstatus = "ongoing"\n')
    assert typo.exit_code == EXIT_FAILURE
    assert "unknown field (did you mean 'project'?)" in typo.stderr
    assert change_files(plans) == []


def test_a_whole_bodys_cycle_lands(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    catalogue = load_catalogue(plans)
    ids = [p.id for p in catalogue.projects if str(p.body) == "ASEAN-OSHNET"]
    batch = tmp_path / "oshnet.csv"
    batch.write_text("project,status\n" + "".join(f"{i},ongoing\n" for i in ids), "utf-8")
    result = invoke("update", "--file", str(batch), "--cycle", "2019", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert set(latest(plans, 2019)) == set(ids)
    stale = invoke("list", "--cycle", "2019", "--stale", "--body", "ASEAN-OSHNET",
                   "--plans", str(plans), "--format", "json")
    assert json.loads(stale.stdout)["count"] == 0


# --- re-importing: rows that change nothing are left out (issue 11, part 3) --------------------

def test_importing_the_same_batch_twice_adds_nothing(invoke: Invoke, plans: Path) -> None:
    first = invoke("update", "--file", str(EXAMPLE), "--plans", str(plans))
    assert first.exit_code == EXIT_OK, first
    files = change_files(plans)
    again = invoke("update", "--file", str(EXAMPLE), "--plans", str(plans))
    assert again.exit_code == EXIT_OK, again
    assert again.stdout.startswith("15 rows match what is already recorded for cycle 2017 "
                                   "(ACMW-1, ACMW-2, ")
    assert again.stdout.rstrip().endswith("; nothing new: nothing was written.")
    assert change_files(plans) == files
    document = json.loads(invoke("update", "--file", str(EXAMPLE), "--plans", str(plans),
                                 "--format", "json").stdout)
    assert document["change"] is None and len(document["skipped"]) == 15
    dry = invoke("update", "--file", str(EXAMPLE), "--dry-run", "--plans", str(plans))
    assert dry.stdout.startswith("15 rows match") and "nothing new." in dry.stdout


def test_only_the_rows_that_change_something_are_recorded(invoke: Invoke, plans: Path,
                                                          tmp_path: Path) -> None:
    assert invoke("update", "--file", str(EXAMPLE), "--plans", str(plans)).exit_code == EXIT_OK
    edited = tmp_path / "acmw-2017-v2.csv"
    edited.write_text(EXAMPLE.read_text("utf-8").replace("ACMW-3,ongoing", "ACMW-3,delayed")
                      .replace("ACMW-5,ongoing,2017,2017-05-01,,",
                               "ACMW-5,ongoing,2017,2017-05-01,Venue found,"), "utf-8")
    result = invoke("update", "--file", str(edited), "--plans", str(plans), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    document = json.loads(result.stdout)
    assert [u["project"] for u in document["change"]["updates"]] == ["ACMW-3", "ACMW-5"]
    assert len(document["skipped"]) == 13
    assert document["notes"][0].startswith("13 rows match what is already recorded for cycle "
                                           "2017 and were left out")
    assert latest(plans, 2017)["ACMW-3"] == "delayed"


def test_a_row_without_a_date_or_reporter_matches_any(invoke: Invoke, plans: Path,
                                                      set_today: SetToday) -> None:
    batch = "project,status,note\nACMW-4,ongoing,Translations under way\n"
    set_today(dt.date(2017, 5, 1))
    assert invoke("update", "--file", "-", "--cycle", "2017", "--by", "Ana", "--plans",
                  str(plans), input=batch).exit_code == EXIT_OK
    set_today(dt.date(2017, 6, 9))  # a month later, someone else imports the same file
    again = invoke("update", "--file", "-", "--cycle", "2017", "--by", "Ben", "--plans",
                   str(plans), input=batch)
    assert again.stdout.startswith("1 row matches what is already recorded for cycle 2017")
    assert len(change_files(plans)) == 1
    # A row that names another date, or another reporter, is news.
    dated = invoke("update", "--file", "-", "--cycle", "2017", "--plans", str(plans),
                   input="project,status,note,date\nACMW-4,ongoing,Translations under way,"
                         "2017-06-09\n")
    assert dated.exit_code == EXIT_OK and "Recorded 1 update" in dated.stdout
    named = invoke("update", "--file", "-", "--cycle", "2017", "--plans", str(plans),
                   input="project,status,note,date,reported_by\nACMW-4,ongoing,Translations "
                         "under way,2017-06-09,Chi\n")
    assert named.exit_code == EXIT_OK and "Recorded 1 update" in named.stdout
    assert len(change_files(plans)) == 3


def test_the_same_single_update_twice_is_recorded_once(invoke: Invoke, plans: Path) -> None:
    args = ("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017", "--note", "held",
            "--plans", str(plans))
    assert invoke(*args).exit_code == EXIT_OK
    again = invoke(*args)
    assert again.exit_code == EXIT_OK
    assert again.stdout == ("1 row matches what is already recorded for cycle 2017 (ACMW-2); "
                            "nothing new: nothing was written.\n")
    assert len(change_files(plans)) == 1
    # The same status after an undo of it is news again (it changes the standing back).
    assert invoke("update", "ACMW-2", "--status", "delayed", "--cycle", "2017", "--plans",
                  str(plans)).exit_code == EXIT_OK
    assert "Recorded 1 update" in invoke(*args).stdout
    assert len(change_files(plans)) == 3


# --- --carried-to names a project of a loaded plan (issue 17, part 7) ----------------------

@pytest.mark.parametrize(("value", "message"), [
    ("X" * 100_000, "carried_to: is 100,000 characters long; a project id has at most 64"),
    ("../ACMW-3", "carried_to: expected a project id (a letter, then letters, digits, '-' or "
     "'.'), got '../ACMW-3'"),
    ("ACMW\x1b[31m-3", "carried_to: expected a project id"),
    ("ACMW-2021-3", "carried_to: no project 'ACMW-2021-3' in the loaded plans"),
    ("ACMW-2", "carried_to: names the project itself"),
])
def test_carried_to_must_be_a_project_of_a_loaded_plan(invoke: Invoke, plans: Path, value: str,
                                                       message: str) -> None:
    result = invoke("update", "ACMW-2", "--status", "carried-over", "--cycle", "2020",
                    "--carried-to", value, "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE, result
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr
    assert change_files(plans) == []


def test_carried_to_is_recorded_in_the_plans_spelling(invoke: Invoke, successor: Path
                                                      ) -> None:
    plans = successor
    result = invoke("update", "ACMW-6a", "--status", "carried-over", "--cycle", "2020",
                    "--carried-to", "acmw-2026-2", "--plans", str(plans), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    assert json.loads(result.stdout)["change"]["updates"][0]["carried_to"] == "ACMW-2026-2"
    batch = invoke("update", "--file", "-", "--plans", str(plans),
                   input="project,status,cycle,carried_to\nACMW-8,carried-over,2020,NOPE-1\n")
    assert batch.exit_code == EXIT_FAILURE
    assert "standard input row 2: ACMW-8: carried_to: no project 'NOPE-1'" in batch.stderr


# --- names are one line of plain text (issue 17, part 9) ---------------------------------------

@pytest.mark.parametrize(("name", "what"), [
    ("Ana\n\nSigned-off-by: Mallory <m@example.org>", "a line break (U+000A)"),
    ("Ana\x00", "a NUL character (U+0000)"),
    ("Ana\x1b[2J", "a control character (U+001B)"),
    ("\u202eanA", "a bidirectional control character (U+202E)"),
    ("Ana\u2028Ben", "a line break (U+2028)"),
])
def test_a_reporter_name_is_one_line_of_plain_text(invoke: Invoke, plans: Path, name: str,
                                                   what: str) -> None:
    result = invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017", "--by", name,
                    "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE, result
    assert result.stderr == f"error: --by: contains {what}; a name is one line of plain text\n"
    batch = invoke("update", "--file", "-", "--cycle", "2017", "--plans", str(plans),
                   input=f'[[updates]]\nproject = "ACMW-2"\nstatus = "ongoing"\n'
                         f'reported_by = {json.dumps(name)}\n')
    assert batch.exit_code == EXIT_FAILURE
    assert f"standard input:1: ACMW-2: reported_by: contains {what}" in batch.stderr
    for command in (("undo",), ("redo",)):
        refused = invoke(*command, "--by", name, "--plans", str(plans))
        assert refused.exit_code == EXIT_USAGE and "--by: contains" in refused.stderr
    assert change_files(plans) == []


def test_the_configured_reporter_is_checked_before_anything_is_written(
        invoke: Invoke, plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('commit = false\nreporter = "Ana\\u0000"\n', "utf-8")
    monkeypatch.setenv("ASEAN_LABOUR_CONFIG", str(config))
    result = invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert result.stderr.splitlines()[0] == (  # the test runs in tmp_path: a relative name
        "config.toml:2: reporter: contains a NUL character (U+0000); a name is one line of plain "
        "text")
    config.write_text('reporter = "Ana"\n', "utf-8")
    monkeypatch.setenv("ASEAN_LABOUR_REPORTER", "Ben\r\nSigned-off-by: M")
    env = invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017",
                 "--plans", str(plans))
    assert env.exit_code == EXIT_FAILURE
    assert env.stderr.splitlines()[0] == (
        "$ASEAN_LABOUR_REPORTER: contains a line break (U+000D); a name is one line of plain "
        "text")
    assert change_files(plans) == []
