"""`update`: single updates, batches, and every way they can be refused without writing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from asean_labour.loading import load_catalogue
from asean_labour.progress import ProgressStore
from tests.conftest import ROOT, Invoke


def change_files(plans: Path) -> list[Path]:
    return sorted((plans / "progress").glob("*/*.toml"))


def latest(plans: Path, cycle: int) -> dict[str, str]:
    catalogue = load_catalogue(plans)
    history = ProgressStore(plans).history(catalogue)
    return {pid: str(u.status) for pid, u in history.latest(cycle).items()}


def test_single_update_is_recorded_and_read_back(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "acmw-2", "--status", "Completed", "--cycle", "2017",
                    "--note", "10th AFML held", "--by", "Ana", "--date", "2017-10-25",
                    "--output", "data", "--evidence", "https://example.org/r",
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


def test_default_cycle_is_this_year_and_outside_the_period_is_refused(
        invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "ACMW-2", "--status", "ongoing", "--plans", str(plans))
    # The shipped plans cover 2016-2020: today's year is outside, and the error says so.
    assert result.exit_code == EXIT_FAILURE
    assert "outside the plan's period 2016-2020" in result.stderr
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
        (["ACMW-2", "--status", "ongoing", "--output", "reports"], "unknown output 'reports'",
         EXIT_FAILURE),
        (["ACMW-2", "--status", "ongoing", "--carried-to", "X-1"],
         "only a carried-over update names the project", EXIT_FAILURE),
        (["ACMW-2"], "--status is required", EXIT_USAGE),
        ([], "give either a project ID or --from FILE", EXIT_USAGE),
        (["ACMW-2", "--status", "ongoing", "--from", "x.csv"],
         "give either a project ID or --from FILE", EXIT_USAGE),
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
    assert result.exit_code == EXIT_FAILURE
    assert "cycle: expected a year such as 2017, got 17" in result.stderr
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
    result = invoke("update", "--from", str(EXAMPLE), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert f"Recorded {len(rows)} updates for cycle 2017" in result.stdout
    assert len(change_files(plans)) == 1  # the whole batch is one change
    assert latest(plans, 2017) == {r["project"]: r["status"] for r in rows}
    logged = invoke("log", "--cycle", "2017", "--plans", str(plans), "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(logged.stdout)))) == len(rows)
    listed = invoke("list", "--cycle", "2017", "--body", "ACMW", "--status", "completed",
                    "--plans", str(plans), "--format", "json")
    completed = {r["project"] for r in rows if r["status"] == "completed"}
    assert {p["id"] for p in json.loads(listed.stdout)["projects"]} == completed


def test_dry_run_shows_before_and_after_and_writes_nothing(invoke: Invoke,
                                                           plans: Path) -> None:
    invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017", "--plans", str(plans))
    before = change_files(plans)
    result = invoke("update", "--from", str(EXAMPLE), "--dry-run", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert "Dry run" in result.stdout and "nothing written" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("ACMW-2 "))
    assert "ongoing" in row and "completed" in row
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
    result = invoke("update", "--from", str(batch), "--plans", str(plans))
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
    result = invoke("update", "--from", str(batch), "--cycle", "2017", "--plans", str(plans))
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
    result = invoke("update", "--from", str(batch), "--cycle", "2017", "--plans", str(plans))
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
    result = invoke("update", "--from", str(batch), "--cycle", "2017", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert "vietnamese.csv:2: not UTF-8 (byte 0x" in result.stderr
    assert 'File > Save As, choose "CSV UTF-8' in result.stderr
    missing = invoke("update", "--from", str(tmp_path / "nope.csv"), "--plans", str(plans))
    assert missing.exit_code == EXIT_USAGE
    assert "no such file" in missing.stderr
    folder = invoke("update", "--from", str(tmp_path), "--plans", str(plans))
    assert folder.exit_code == EXIT_USAGE
    assert "is a folder" in folder.stderr
    assert change_files(plans) == []


def test_batch_refuses_per_row_options(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "--from", str(EXAMPLE), "--status", "ongoing", "--note", "x",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "--status, --note cannot be used with --from" in result.stderr


def test_batch_from_standard_input_and_toml(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "--from", "-", "--cycle", "2017", "--by", "Ana",
                    "--plans", str(plans), input="project,status\nACMW-2,ongoing\n")
    assert result.exit_code == EXIT_OK, result
    toml_batch = (
        'cycle = 2018\n\n[[updates]]\nproject = "ACMW-2"\nstatus = "completed"\n'
        'date = 2018-05-01\noutputs = ["laws", "data"]\n\n'
        '[[updates]]\nproject = "OSHNET-4"\nstatus = "delayed"\nnote = "venue changed"\n')
    result = invoke("update", "--from", "-", "--plans", str(plans), input=toml_batch)
    assert result.exit_code == EXIT_OK, result
    assert latest(plans, 2018) == {"ACMW-2": "completed", "OSHNET-4": "delayed"}
    assert latest(plans, 2017) == {"ACMW-2": "ongoing"}


def test_bad_toml_batch_names_line(invoke: Invoke, plans: Path) -> None:
    toml_batch = ('[[updates]]\nproject = "ACMW-2"\nstatus = "completed"\n\n'
                  '[[updates]]\nproject = "ACMW-3"\nstatus = "bogus"\n')
    result = invoke("update", "--from", "-", "--input-format", "toml", "--cycle", "2017",
                    "--plans", str(plans), input=toml_batch)
    assert result.exit_code == EXIT_FAILURE
    assert "standard input:5: ACMW-3: status: unknown status 'bogus'" in result.stderr
    broken = invoke("update", "--from", "-", "--input-format", "toml", "--plans", str(plans),
                    input="[[updates]\n")
    assert broken.exit_code == EXIT_FAILURE
    assert "standard input:1:" in broken.stderr and "TOML syntax error" in broken.stderr
    typo = invoke("update", "--from", "-", "--input-format", "toml", "--plans", str(plans),
                  input='[[updates]]\nprojet = "ACMW-2"\nstatus = "ongoing"\n')
    assert typo.exit_code == EXIT_FAILURE
    assert "unknown field (did you mean 'project'?)" in typo.stderr
    assert change_files(plans) == []


def test_a_whole_bodys_cycle_lands(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    catalogue = load_catalogue(plans)
    ids = [p.id for p in catalogue.projects if str(p.body) == "ASEAN-OSHNET"]
    batch = tmp_path / "oshnet.csv"
    batch.write_text("project,status\n" + "".join(f"{i},ongoing\n" for i in ids), "utf-8")
    result = invoke("update", "--from", str(batch), "--cycle", "2019", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert set(latest(plans, 2019)) == set(ids)
    stale = invoke("list", "--cycle", "2019", "--stale", "--body", "ASEAN-OSHNET",
                   "--plans", str(plans), "--format", "json")
    assert json.loads(stale.stdout)["count"] == 0
