"""A project's standing (issue 11, parts 2 and 4): a project planned for several years is not
finished by one year's report; `--final` says it is; a move backwards is accepted with a
warning; "no report received", "not started" and "never started" are counted apart; every
command (list, show, report, scorecard, review) answers from the one rule in `standing`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from asean_labour.batch import Request
from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, InvalidInput
from asean_labour.loading import load_catalogue
from asean_labour.model import Project
from asean_labour.progress import Change, History, ProgressStore, Update
from asean_labour.recording import record
from asean_labour.standing import (
    Outcome,
    State,
    closes,
    is_part,
    moves_back,
    outcome,
    project_status,
    stale,
    standing,
    standings,
)
from asean_labour.status import Status
from asean_labour.vocabulary import Body
from tests.conftest import Invoke
from tests.helpers import command_document, listed_ids, run_json
from tests.test_update import change_files

AFML = Project(id="P-1", plan_id="X", body=Body("ACMW"), title="Annual forum", thematic_area=1,
               years=(2016, 2017, 2018, 2019, 2020))
ONE_OFF = Project(id="P-2", plan_id="X", body=Body("ACMW"), title="A study", thematic_area=1,
                  years=(2017,))
UNDATED = Project(id="P-3", plan_id="X", body=Body("ACMW"), title="As needed", thematic_area=1)
LATER = Project(id="P-4", plan_id="X", body=Body("ACMW"), title="Later", thematic_area=1,
                years=(2019, 2020))
T0 = dt.datetime(2018, 1, 1, tzinfo=dt.UTC)


def _update(project: Project, cycle: int, status: Status, final: bool | None = None,
            order: int = 0) -> Change:
    when = T0 + dt.timedelta(minutes=cycle * 100 + order)
    change_id = when.strftime("%Y%m%dT%H%M%S%fZ") + f"-{order:08x}"
    update = Update(project=project.id, cycle=cycle, status=status, date=when.date(),
                    reported_by="t", final=final, change=change_id, recorded_at=when)
    return Change(id=change_id, kind="update", cycle=cycle, recorded_at=when, recorded_by="t",
                  updates=(update,))


# --- the rule, in the core ---------------------------------------------------------------------

def test_a_completed_report_closes_a_project_only_in_its_last_planned_year() -> None:
    def completed(project: Project, cycle: int, final: bool | None = None) -> Update:
        return _update(project, cycle, Status.COMPLETED, final).updates[0]

    assert is_part(completed(AFML, 2017), AFML) and not closes(completed(AFML, 2017), AFML)
    assert project_status(completed(AFML, 2017), AFML) is Status.ONGOING
    assert closes(completed(AFML, 2020), AFML) and not is_part(completed(AFML, 2020), AFML)
    assert closes(completed(AFML, 2017, final=True), AFML)  # update --final
    assert closes(completed(ONE_OFF, 2017), ONE_OFF)
    assert closes(completed(UNDATED, 2017), UNDATED)  # no years in the plan: nothing to wait for
    for status in (Status.CANCELLED, Status.CARRIED_OVER):
        assert closes(_update(AFML, 2017, status).updates[0], AFML)
    for status in (Status.ONGOING, Status.DELAYED, Status.POSTPONED, Status.NOT_STARTED):
        update = _update(AFML, 2017, status).updates[0]
        assert not closes(update, AFML) and project_status(update, AFML) is status


def test_moves_back_by_rank() -> None:
    assert moves_back(Status.COMPLETED, Status.ONGOING)
    assert moves_back(Status.CANCELLED, Status.NOT_STARTED)
    assert moves_back(Status.ONGOING, Status.NOT_STARTED)
    assert moves_back(Status.POSTPONED, Status.NOT_STARTED)
    assert not moves_back(Status.NOT_STARTED, Status.ONGOING)
    assert not moves_back(Status.ONGOING, Status.DELAYED)
    assert not moves_back(Status.COMPLETED, Status.CANCELLED)
    assert not moves_back(None, Status.NOT_STARTED)


def test_standings_in_each_case() -> None:
    history = History([
        _update(AFML, 2017, Status.COMPLETED),  # the 2017 forum held
        _update(ONE_OFF, 2017, Status.COMPLETED),
        _update(UNDATED, 2017, Status.ONGOING),
    ])
    projects = (AFML, ONE_OFF, UNDATED, LATER)
    in_2017 = standings(projects, history, 2017)
    assert (in_2017["P-1"].state, in_2017["P-1"].status, in_2017["P-1"].part,
            in_2017["P-1"].closed) == (State.ONGOING, Status.ONGOING, True, False)
    assert in_2017["P-1"].words() == "ongoing (2017 part completed)"
    assert (in_2017["P-2"].state, in_2017["P-2"].closed) == (State.COMPLETED, True)
    assert in_2017["P-4"].state is State.NOT_DUE and in_2017["P-4"].words() == "not yet due"
    assert standings((UNDATED,), History([]), 2017)["P-3"].words() == "no report received"
    in_2018 = standings(projects, history, 2018)
    # The forum is due again in 2018; the study stays completed; a project the plan gives no
    # years that has reported is due every cycle until closed (labelled by its last report).
    assert in_2018["P-1"].state is State.NO_REPORT
    assert in_2018["P-1"].words() == "no report received (last: ongoing (2017 part completed))"
    assert (in_2018["P-2"].state, in_2018["P-2"].words()) == (State.COMPLETED,
                                                              "completed (2017)")
    assert in_2018["P-3"].words() == "no report received (last: ongoing (2017))"
    assert [p.id for p in stale(projects, history, 2018)] == ["P-1", "P-3"]
    assert [pid for pid, s in in_2018.items() if s.due] == ["P-1", "P-3"]  # P-2 finished
    assert [pid for pid, s in in_2017.items() if s.due] == ["P-1", "P-2", "P-3"]
    # Never reported: due unless the plan starts it later (no years: due in every cycle).
    assert standing(UNDATED, History([]), 2016).state is State.NO_REPORT
    assert standing(LATER, History([]), 2018).state is State.NOT_DUE


def test_outcomes_count_no_report_apart_from_never_started() -> None:
    history = History([_update(ONE_OFF, 2017, Status.NOT_STARTED),
                       _update(UNDATED, 2016, Status.ONGOING),
                       _update(UNDATED, 2017, Status.POSTPONED, order=1)])
    found = standings((AFML, ONE_OFF, UNDATED, LATER), history, 2018)
    assert outcome(found["P-2"], started=False) is Outcome.NEVER_STARTED
    assert outcome(found["P-3"], started=True) is Outcome.ONGOING  # began, postponed
    assert outcome(found["P-1"], started=False) is Outcome.NO_REPORT
    assert outcome(found["P-4"], started=False) is Outcome.NOT_DUE
    assert [Outcome(o).label for o in ("no-report", "not-due", "never-started")] == [
        "no report received", "not yet due", "never started"]


# --- the README example, through every command -------------------------------------------------

def test_one_years_forum_leaves_the_annual_forum_due(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "ACMW-2", "--status", "completed", "--cycle", "2017", "--note",
                    "10th AFML held", "--plans", str(plans), env={"COLUMNS": "200"})
    assert result.exit_code == EXIT_OK, result
    assert ("ACMW-2 is planned until 2020: this completed report records its 2017 part, and "
            "the project stays ongoing, due again in 2018. If the whole project is finished, "
            "record it with --final") in " ".join(result.stdout.split())
    assert "part completed" in result.stdout
    assert 'status = "completed"' in change_files(plans)[0].read_text("utf-8")
    assert "final" not in change_files(plans)[0].read_text("utf-8")

    assert "ACMW-2" in listed_ids(invoke, plans, "--cycle", "2018", "--stale")
    assert "ACMW-2" not in listed_ids(invoke, plans, "--cycle", "2020", "--status", "completed")
    assert "ACMW-2" in listed_ids(invoke, plans, "--cycle", "2018", "--status", "ongoing")
    progress = next(p for p in run_json(invoke, plans, "list", "--cycle", "2017")["projects"]
                    if p["id"] == "ACMW-2")["progress"]
    assert (progress["status"], progress["reported_status"], progress["part_completed"],
            progress["iati_status"]) == ("ongoing", "completed", True, 2)

    report = command_document("report", invoke, plans, "--cycle", "2017")
    row = next(r for b in report["bodies"] for g in b["groups"] for a in g["thematic_areas"]
               for r in a["projects"] if r["id"] == "ACMW-2")
    assert (row["state"], row["status"], row["part_completed"]) == ("ongoing", "ongoing", True)
    assert "ACMW-2" not in [r["id"] for r in report["completed_in_cycle"]]
    assert report["summary"]["total"]["counts"]["completed"] == 0
    later = command_document("report", invoke, plans, "--cycle", "2018")
    assert "ACMW-2" in [r["id"] for r in later["no_report"]]
    markdown = invoke("report", "--cycle", "2018", "--body", "ACMW", "-f", "markdown",
                      "--no-timestamp", "--plans", str(plans)).stdout.replace("\\", "")
    assert "no report received (last: ongoing, 2017 part completed)" in markdown
    review = command_document("review", invoke, plans, "--from", "2016", "--to", "2018")
    assert review["summary"]["counts"]["ongoing"] == 1
    assert review["summary"]["counts"]["completed"] == 0
    changes = command_document("report", invoke, plans, "--changes", "--from", "2016",
                               "--to", "2017")
    assert [(c["id"], c["shift"], c["after"]) for c in changes["changes"]
            if c["id"] == "ACMW-2"] == [("ACMW-2", "started", "ongoing")]
    timeline = command_document("timeline", invoke, plans, "--cycle", "2017", "--body", "ACMW")
    assert next(r for r in timeline["rows"] if r["id"] == "ACMW-2")["status"] == "ongoing"


def test_final_finishes_a_project_for_good(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "ACMW-2", "--status", "completed", "--cycle", "2017", "--final",
                    "--plans", str(plans), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    document = json.loads(result.stdout)
    assert document["change"]["updates"][0]["final"] is True
    assert document["notes"] == [] and document["part_completed"] == []
    assert "final = true" in change_files(plans)[0].read_text("utf-8")
    assert "ACMW-2" not in listed_ids(invoke, plans, "--cycle", "2018", "--stale")
    assert "ACMW-2" in listed_ids(invoke, plans, "--cycle", "2020", "--status", "completed")
    report = command_document("report", invoke, plans, "--cycle", "2017")
    assert [r["id"] for r in report["completed_in_cycle"]] == ["ACMW-2"]
    shown = invoke("show", "ACMW-2", "--plans", str(plans), env={"COLUMNS": "200"}).stdout
    assert "completed (final)" in shown


@pytest.mark.parametrize(("args", "message", "code"), [
    (["--status", "ongoing", "--final"], "command line: ACMW-2: final: marks a completed "
     "project finished for good: it goes with status completed (cancelled and carried-over "
     "are final already)", EXIT_FAILURE),
    (["--status", "cancelled", "--final"], "final: marks a completed project", EXIT_FAILURE),
])
def test_final_goes_with_completed_only(invoke: Invoke, plans: Path, args: list[str],
                                        message: str, code: int) -> None:
    result = invoke("update", "ACMW-2", *args, "--cycle", "2017", "--plans", str(plans))
    assert result.exit_code == code, result
    assert message in result.stderr and "Traceback" not in result.stderr
    assert change_files(plans) == []


def test_final_is_a_batch_column_too(plans: Path) -> None:
    catalogue = load_catalogue(plans)
    store = ProgressStore(plans)
    requests = [Request(project="ACMW-2", status="completed", final="yes", row=2),
                Request(project="OSHNET-2", status="completed", final="", row=3),
                Request(project="ACMW-6a", status="completed", final="no", row=4)]
    done = record(store, catalogue, requests, source="b.csv", default_cycle=2017,
                  reporter="Ana", batch_name="b.csv")
    assert done.change is not None
    assert [(u.project, u.final) for u in done.change.updates] == [
        ("ACMW-2", True), ("OSHNET-2", None), ("ACMW-6a", None)]
    assert [u.project for u in done.parts] == ["OSHNET-2", "ACMW-6a"]
    with pytest.raises(InvalidInput) as caught:
        record(store, catalogue, [Request(project="ACMW-4", status="completed", final="maybe",
                                          row=2)],
               source="b.csv", default_cycle=2017, reporter="Ana", batch_name="b.csv")
    assert [str(p) for p in caught.value.problems] == [
        "b.csv row 2: ACMW-4: final: expected true or false (yes/no), got 'maybe'"]
    assert len(change_files(plans)) == 1


def test_final_cannot_be_given_with_a_batch(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "--file", "-", "--final", "--plans", str(plans),
                    input="project,status\nACMW-2,completed\n")
    assert result.exit_code == EXIT_USAGE
    assert "--final cannot be used with --file" in result.stderr


# --- moving backwards ----------------------------------------------------------------------

def test_a_move_backwards_is_recorded_with_a_warning(invoke: Invoke, plans: Path) -> None:
    def update(*args: str) -> tuple[str, str]:
        result = invoke("update", "ACMW-9", *args, "--plans", str(plans))
        assert result.exit_code == EXIT_OK, result
        return result.stdout, result.stderr

    _out, err = update("--status", "completed", "--cycle", "2017")
    assert err == ""
    _dry_out, dry_err = update("--status", "ongoing", "--cycle", "2018", "--dry-run")
    assert dry_err == ("warning: ACMW-9 would move back from completed (2017) to ongoing in "
                       "the 2018 cycle\n")
    assert len(change_files(plans)) == 1
    _out, err = update("--status", "ongoing", "--cycle", "2018", "--format", "json")
    assert err == ("warning: ACMW-9 moves back from completed (2017) to ongoing in the 2018 "
                   "cycle; recorded, and marked in the log\n")
    text = change_files(plans)[-1].read_text("utf-8")
    assert 'moved_back_from = "completed"' in text and "moved_back_from_cycle = 2017" in text
    [entry] = run_json(invoke, plans, "log", "--cycle", "2018")["entries"]
    assert (entry["moved_back_from"], entry["moved_back_from_cycle"]) == ("completed", 2017)
    table = invoke("log", "--cycle", "2018", "--plans", str(plans),
                   env={"COLUMNS": "200"}).stdout
    assert "ongoing (warning: back from completed, 2017)" in table
    # Forwards and sideways are no news: not started -> ongoing, ongoing -> delayed.
    _out, err = update("--status", "delayed", "--cycle", "2018")
    assert err == ""
    _out, err = update("--status", "not-started", "--cycle", "2019")
    assert err.startswith("warning: ACMW-9 moves back from delayed (2018) to not started")


# --- labels: a project with reports is labelled by its latest report ------------------------

def test_the_scorecard_labels_a_reported_project_by_its_report(invoke: Invoke,
                                                              plans: Path) -> None:
    def statuses(cycle: str) -> dict[str, str]:
        text = invoke("scorecard", "--cycle", cycle, "--body", "ACMW", "-f", "markdown",
                      "--no-timestamp", "--plans", str(plans)).stdout
        return {cells[1].strip(): cells[3].strip() for cells in (
            line.replace("\\", "").split("|") for line in text.splitlines()
            if re.match(r"^\| ACMW", line))}

    # ACMW-3 ("Regular at ACMW Meeting") has no years in the plan; ACMW-1 neither.
    result = invoke("update", "ACMW-3", "--status", "ongoing", "--cycle", "2017",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    rows = statuses("2018")
    assert rows["ACMW-3"] == "no report received (last: ongoing, 2017)"
    assert rows["ACMW-1"] == "no report received"  # no years in the plan: due every cycle
    assert rows["ACMW-15"] == "no report received"  # 2018-2019: due from 2018
    assert statuses("2017")["ACMW-15"] == "not yet due"
    assert not any("not yet due (last" in status for status in rows.values())


# --- review: no report, never started, not yet due ------------------------------------------

def test_the_review_names_no_report_apart_from_never_started(invoke: Invoke,
                                                             plans: Path) -> None:
    for project, status in (("SLOM-4", "not-started"), ("ACMW-4", "ongoing")):
        result = invoke("update", project, "--status", status, "--cycle", "2017",
                        "--plans", str(plans))
        assert result.exit_code == EXIT_OK, result
    document = command_document("review", invoke, plans, "--from", "2016", "--to", "2017")
    counts = document["summary"]["counts"]
    catalogue = load_catalogue(plans)
    later = [p.id for p in catalogue.projects if p.first_year is not None and p.first_year > 2017]
    assert document["never_started"] == ["SLOM-4"]
    assert counts["never-started"] == 1 and counts["ongoing"] == 1
    assert counts["not-due"] == len(later) and "OSHNET-10" in later
    assert counts["no-report"] == 79 - 2 - len(later)
    assert len(document["no_report"]) == counts["no-report"]
    assert "SLOM-4" not in document["no_report"] and "OSHNET-10" not in document["no_report"]
    terminal = invoke("review", "--from", "2016", "--to", "2017", "--plans", str(plans),
                      env={"COLUMNS": "200"}).stdout
    assert f"{counts['no-report']} no report received" in terminal
    assert "1 never started" in terminal
