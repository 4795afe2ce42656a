"""The progress store's shape, fully checked (issue 17, parts 6 and 10): a progress folder or
cycle folder that is a file, a FIFO or a link; undos and redos that point at missing changes,
at themselves, at later changes or across cycles; problems in `[[restored]]` tables at their
real line; change files of the old and of a newer schema. Every command gives a clear error
(no traceback) and writes nothing; `validate` lists every problem."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from asean_labour import progress
from asean_labour.errors import EXIT_FAILURE, EXIT_OK
from asean_labour.loading import load_catalogue
from asean_labour.progress import Change, ProgressStore, Reversal, Update
from asean_labour.status import Status
from tests.conftest import Invoke
from tests.test_update import change_files

#: Every command that reads (or writes) the progress store.
STORE_COMMANDS = [
    ("list", "--cycle", "2017"), ("list", "--stale"), ("show", "ACMW-2"),
    ("log", "--cycle", "2017"), ("report", "--cycle", "2017"), ("scorecard", "--cycle", "2017"),
    ("review", "--from", "2016", "--to", "2017"), ("timeline",),
    ("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017"), ("undo",), ("redo",),
    ("validate",),
]
T0 = dt.datetime(2017, 5, 1, 9, 0, tzinfo=dt.UTC)


def _every_command_fails_clearly(invoke: Invoke, plans: Path, expected: str) -> None:
    for command in STORE_COMMANDS:
        result = invoke(*command, "--plans", str(plans))
        assert result.exit_code == EXIT_FAILURE, (command, result)
        assert expected in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert result.stderr.splitlines()[-1].startswith("error: ")


def test_a_progress_store_that_is_a_file(invoke: Invoke, plans: Path) -> None:
    (plans / "progress").write_text("not a folder\n", "utf-8")
    _every_command_fails_clearly(invoke, plans, "plans/progress: the progress store is a file, "
                                 "not a folder; move it away")
    assert (plans / "progress").read_text("utf-8") == "not a folder\n"
    with pytest.raises(progress.StoreError, match="progress: the progress store is a file, not "
                       "a folder; move it away; nothing was recorded"):
        ProgressStore(plans).record(_update("ACMW-2"))


def test_a_cycle_that_is_a_file(invoke: Invoke, plans: Path) -> None:
    (plans / "progress").mkdir()
    (plans / "progress" / "2017").write_text("x = 1\n", "utf-8")
    _every_command_fails_clearly(invoke, plans, "plans/progress/2017: unexpected entry in the "
                                 "progress folder: a file, where a folder of the 2017 cycle's "
                                 "change files belongs")
    # Nothing written (the hidden lock file a writing command takes is the tool's own).
    assert sorted(p.name for p in (plans / "progress").iterdir()
                  if not p.name.startswith(".")) == ["2017"]
    assert (plans / "progress" / "2017").read_text("utf-8") == "x = 1\n"


def test_a_fifo_in_the_store_never_blocks(invoke: Invoke, plans: Path) -> None:
    folder = plans / "progress" / "2017"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "20170501T090000000000Z-0000abcd.toml")
    os.mkfifo(plans / "progress" / "2018")
    check = invoke("validate", "--plans", str(plans))
    assert check.exit_code == EXIT_FAILURE
    assert ("20170501T090000000000Z-0000abcd.toml: unexpected entry: a named pipe (FIFO), "
            "where only change files written by asean-labour belong") in check.stderr
    assert "plans/progress/2018: unexpected entry in the progress folder: a named pipe" in \
        check.stderr


def test_reading_refuses_anything_but_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.toml")
    problems: list[progress.Problem] = []
    assert progress.read_change(tmp_path / "fifo.toml", problems) is None
    assert [p.message for p in problems] == [
        "not a regular file: expected a change file written by asean-labour"]


# --- undos and redos that cannot be applied ----------------------------------------------------

def _update(project: str, cycle: int = 2017, at: dt.datetime = T0) -> Change:
    change_id = progress.new_change_id(at)
    return Change(id=change_id, kind="update", cycle=cycle, recorded_at=at, recorded_by="t",
                  updates=(Update(project=project, cycle=cycle, status=Status.ONGOING,
                                  date=at.date(), reported_by="t"),))


def _reversal(target_id: str, project: str = "ACMW-2", cycle: int = 2017,
              at: dt.datetime = T0 + dt.timedelta(hours=1), kind: str = "undo",
              change_id: str | None = None) -> Change:
    return Change(id=change_id or progress.new_change_id(at), kind=kind, cycle=cycle,
                  recorded_at=at, recorded_by="t", reverses=target_id,
                  restored=(Reversal(project, Status.ONGOING, None),))


def _reverses_line(path: Path) -> int:
    return path.read_text("utf-8").splitlines().index(
        next(line for line in path.read_text("utf-8").splitlines()
             if line.startswith("reverses"))) + 1


@pytest.mark.parametrize(("make", "message"), [
    (lambda target: _reversal("20170101T000000000000Z-deadbeef"),
     "reverses change 20170101T000000000000Z-deadbeef, which is not in the progress store"),
    (lambda target: _reversal("20170501T100000000000Z-00000001",
                              change_id="20170501T100000000000Z-00000001"),
     "this undo reverses itself"),
    (lambda target: _reversal(target.id, cycle=2018),
     "of the 2017 cycle; an undo stays in the cycle of the change it reverses"),
    (lambda target: _reversal(target.id, at=T0 - dt.timedelta(hours=1)),
     "which was recorded after it"),
    (lambda target: _reversal(target.id, kind="redo"),
     "a redo reverses an undo, but"),
    (lambda target: _reversal(target.id, project="ACMW-3"),
     "restores ACMW-3, which change"),
])
def test_undos_that_cannot_be_applied_are_reported(invoke: Invoke, plans: Path,
                                                   make: object, message: str) -> None:
    store = ProgressStore(plans)
    target = _update("ACMW-2")
    store.record(target)
    assert callable(make)
    broken = store.record(make(target))
    line = _reverses_line(broken)
    check = invoke("validate", "--plans", str(plans))
    assert check.exit_code == EXIT_FAILURE
    assert re.search(rf"{broken.name}:{line}: reverses: .*{re.escape(message)}", check.stderr), \
        check.stderr
    files = change_files(plans)
    for command in (("log", "--cycle", broken.parent.name), ("undo",), ("redo",),
                    ("report", "--cycle", "2017")):
        result = invoke(*command, "--plans", str(plans))
        assert result.exit_code == EXIT_FAILURE, result
        assert message in result.stderr and "Traceback" not in result.stderr
    assert change_files(plans) == files


# --- [[restored]] problems at their real line --------------------------------------------------

def test_restored_problems_are_reported_at_their_line(invoke: Invoke, plans: Path) -> None:
    store = ProgressStore(plans)
    target = _update("ACMW-2")
    store.record(target)
    undo = store.record(_reversal(target.id))
    text = undo.read_text("utf-8")
    text = text.replace('before = "ongoing"', 'before = "finishd"\nwhen = 3')
    text += '\n[[restored]]\nproject = "NOPE-1"\n\n[[restored]]\nafter = "ongoing"\n'
    undo.write_text(text, "utf-8")
    lines = text.splitlines()

    def line_of(fragment: str) -> int:
        return lines.index(fragment) + 1

    check = invoke("validate", "--plans", str(plans))
    assert check.exit_code == EXIT_FAILURE
    name = undo.name
    last_table = len(lines) - lines[::-1].index("[[restored]]")
    before, nope = line_of('before = "finishd"'), line_of('project = "NOPE-1"')
    for expected in (
            f"{name}:{before}: ACMW-2: before: expected a status, got 'finishd'",
            f"{name}:{line_of('when = 3')}: ACMW-2: when: unknown field; expected one of: "
            "after, before, project",
            f"{name}:{nope}: NOPE-1: project: no such project in the plans",
            f"{name}:{last_table}: restored #3: project: expected a project id"):
        assert expected in check.stderr, (expected, check.stderr)
    assert ":0:" not in check.stderr


def test_an_inline_restored_array_is_reported_at_its_line(invoke: Invoke, plans: Path) -> None:
    store = ProgressStore(plans)
    target = _update("ACMW-2")
    store.record(target)
    undo = store.record(_reversal(target.id))
    text = undo.read_text("utf-8")
    text = text[:text.index("[[restored]]")] + \
        'restored = [{project = "ACMW-2", before = "bogus"}]\n'
    undo.write_text(text, "utf-8")
    line = text.splitlines().index('restored = [{project = "ACMW-2", before = "bogus"}]') + 1
    check = invoke("validate", "--plans", str(plans))
    assert f"{undo.name}:{line}: ACMW-2: before: expected a status, got 'bogus'" in check.stderr
    assert ":0:" not in check.stderr


# --- schema versions ---------------------------------------------------------------------------

def test_change_files_of_the_first_schema_still_read(invoke: Invoke, plans: Path) -> None:
    folder = plans / "progress" / "2017"
    folder.mkdir(parents=True)
    (folder / "20170501T090000000000Z-0000abcd.toml").write_text(
        'schema_version = 1\nchange = "20170501T090000000000Z-0000abcd"\nkind = "update"\n'
        'cycle = 2017\nrecorded_at = 2017-05-01T09:00:00Z\nrecorded_by = "Ana"\n\n'
        '[[updates]]\nproject = "ACMW-2"\nstatus = "completed"\ndate = 2017-05-01\n'
        'reported_by = "Ana"\n', "utf-8")
    assert invoke("validate", "--plans", str(plans)).exit_code == EXIT_OK
    history = ProgressStore(plans).history(load_catalogue(plans))
    [update] = list(history.updates())
    assert (update.status, update.final, update.moved_back_from) == (Status.COMPLETED, None,
                                                                     None)
    # Written today, a change says schema 3.
    result = invoke("update", "ACMW-3", "--status", "ongoing", "--cycle", "2017",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert change_files(plans)[-1].read_text("utf-8").startswith("schema_version = 3\n")


def test_a_newer_schema_asks_for_an_upgrade(invoke: Invoke, plans: Path) -> None:
    path = ProgressStore(plans).record(_update("ACMW-2"))
    path.write_text(path.read_text("utf-8").replace("schema_version = 3", "schema_version = 4"),
                    "utf-8")
    check = invoke("validate", "--plans", str(plans))
    assert (f"{path.name}:1: schema_version: schema_version 4 was written by a newer "
            "asean-labour (this one reads versions 1 to 3); upgrade asean-labour") \
        in check.stderr


@pytest.mark.parametrize(("edit", "message"), [
    ('final = true', "final: only a completed update is marked final"),
    ('final = "yes"', "final: expected true or false"),
    ('moved_back_from = "done-ish"', "moved_back_from: expected one of"),
    ('moved_back_from = "completed"\nmoved_back_from_cycle = 2099',
     "moved_back_from_cycle: expected a cycle no later than 2017"),
    ('carried_to = "../etc"', "carried_to: expected a project id"),
    ('carried_to = "ACMW-99"', "carried_to: no project 'ACMW-99' in the loaded plans"),
])
def test_new_fields_are_checked_in_the_file(invoke: Invoke, plans: Path, edit: str,
                                            message: str) -> None:
    path = ProgressStore(plans).record(_update("ACMW-2"))
    path.write_text(path.read_text("utf-8") + edit + "\n", "utf-8")
    check = invoke("validate", "--plans", str(plans))
    assert check.exit_code == EXIT_FAILURE
    assert message in check.stderr, check.stderr
