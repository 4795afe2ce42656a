"""The progress store under stress: concurrent writers, kills, full disks, broken files."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from asean_labour import progress
from asean_labour.batch import Request
from asean_labour.errors import EXIT_FAILURE, EXIT_OK, InvalidInput
from asean_labour.loading import load_catalogue
from asean_labour.progress import Change, ProgressStore, StoreError, Update
from asean_labour.recording import record
from asean_labour.status import Status
from tests.conftest import ROOT, Invoke
from tests.test_update import change_files, latest


def _cli(plans: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "ASEAN_LABOUR_REPORTER": "proc", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "asean_labour", *args, "--plans", str(plans)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


#: The CLI on a machine whose clock is off by argv[1] seconds (a clone whose clock runs behind
#: or ahead): the time the tool reads is shifted, nothing else.
SKEWED = """
import datetime as dt, sys
import asean_labour.progress as progress
skew = dt.timedelta(seconds=float(sys.argv[1]))
real = progress.now_utc
progress.now_utc = lambda: real() + skew
sys.argv = ["asean-labour", *sys.argv[2:]]
from asean_labour.cli import main
main()
"""


def skewed_cli(plans: Path, skew: float, *args: str,
               reporter: str = "proc") -> subprocess.Popen[str]:
    """The CLI in a process whose clock is `skew` seconds off."""
    env = {**os.environ, "ASEAN_LABOUR_REPORTER": reporter, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", SKEWED, str(skew), *args, "--plans",
                             str(plans)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)


def _change(project: str, cycle: int = 2017, status: Status = Status.ONGOING,
            at: dt.datetime | None = None) -> Change:
    now = at or progress.now_utc()
    update = Update(project=project, cycle=cycle, status=status, date=dt.date(2017, 5, 1),
                    reported_by="t")
    return Change(id=progress.new_change_id(now), kind="update", cycle=cycle,
                  recorded_at=now, recorded_by="t", updates=(update,))


def written_in_order(history: progress.History) -> None:
    """The store's order is the order of writing: each change file was linked into place
    (its inode's change time) no earlier than the one ordered before it."""
    times = [os.stat(c.path).st_ctime_ns for c in history.changes if c.path is not None]
    assert times == sorted(times)


@pytest.mark.slow
def test_twenty_processes_updating_at_once_all_land(plans: Path) -> None:
    catalogue = load_catalogue(plans)
    ids = [p.id for p in catalogue.projects if not p.placeholder][:20]
    rng = random.Random(17)
    # Half the writers run on clocks up to two hours behind, some ahead.
    workers = [skewed_cli(plans, rng.uniform(-7200, 600), "update", pid, "--status",
                          "ongoing", "--cycle", "2018", "--format", "json") for pid in ids]
    # Readers at the same time must never see a partial file.
    readers = [_cli(plans, "log", "--cycle", "2018", "--format", "json") for _ in range(4)]
    for proc in workers + readers:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == EXIT_OK, err
    assert len(change_files(plans)) == 20
    assert set(latest(plans, 2018)) == set(ids)
    history = ProgressStore(plans).history(catalogue)
    written_in_order(history)
    # A second wave, started once the first was acknowledged, is ordered after all of it.
    first_wave = {c.id for c in history.changes}
    second = [skewed_cli(plans, -7200, "update", pid, "--status", "delayed", "--cycle",
                         "2018", "--format", "json") for pid in ids[:5]]
    acknowledged = []
    for proc in second:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == EXIT_OK, err
        acknowledged.append(json.loads(out)["change"]["id"])
    order = [c.id for c in ProgressStore(plans).history(catalogue).changes]
    assert set(order[:20]) == first_wave and set(order[20:]) == set(acknowledged)
    delayed = {pid for pid, status in latest(plans, 2018).items() if status == "delayed"}
    assert delayed == set(ids[:5])


@pytest.mark.slow
def test_concurrent_updates_of_one_project_keep_every_record(plans: Path) -> None:
    statuses = ["ongoing", "delayed", "completed", "postponed", "ongoing", "completed"]
    workers = [skewed_cli(plans, -600 * i, "update", "ACMW-2", "--status", s, "--cycle",
                          "2019", "--note", f"writer {i}") for i, s in enumerate(statuses)]
    for proc in workers:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == EXIT_OK, err
    history = ProgressStore(plans).history(load_catalogue(plans))
    notes = sorted(u.note or "" for u in history.updates())
    assert notes == sorted(f"writer {i}" for i in range(len(statuses)))
    # Whatever the writers' clocks said, the status is the one written last.
    written_in_order(history)
    assert history.latest(2019)["ACMW-2"].change == history.changes[-1].id


# --- the order of writing, whatever the clock says (issue 17, part 3) --------------------------

def test_a_change_is_stamped_after_everything_already_in_the_store(plans: Path) -> None:
    catalogue = load_catalogue(plans)
    store = ProgressStore(plans)
    ahead = progress.now_utc() + dt.timedelta(hours=3)  # pulled from a clone running ahead
    store.record(_change("ACMW-2", status=Status.COMPLETED, at=ahead))
    done = record(store, catalogue, [Request(project="ACMW-2", status="ongoing")],
                  source="t", default_cycle=2017, reporter="t")
    assert done.change is not None
    assert done.change.recorded_at == ahead + dt.timedelta(microseconds=1)
    assert done.change.id.startswith(done.change.recorded_at.strftime("%Y%m%dT%H%M%S%fZ"))
    assert latest(plans, 2017) == {"ACMW-2": "ongoing"}
    # An undo run on a clock two hours behind still reverses the last update, and takes
    # effect: it is ordered after it.
    undone = progress.undo(store, catalogue, "t", progress.now_utc() - dt.timedelta(hours=2))
    assert undone.target.id == done.change.id
    assert undone.change.recorded_at > done.change.recorded_at
    assert latest(plans, 2017) == {"ACMW-2": "completed"}
    redone = progress.redo(store, catalogue, "t", progress.now_utc() - dt.timedelta(hours=2))
    assert redone.change.recorded_at > undone.change.recorded_at
    assert latest(plans, 2017) == {"ACMW-2": "ongoing"}


def test_a_command_that_waited_for_the_lock_is_ordered_after_the_one_that_held_it(
        plans: Path) -> None:
    """The issue's case: a command reads the clock, waits for the lock while another writes,
    then writes. Its clock here runs an hour behind, so a time read before the lock (or any
    time not made later than the store's) would order it first and let the other win."""
    store = ProgressStore(plans)
    with store.locked():
        waiting = skewed_cli(plans, -3600, "update", "ACMW-2", "--status", "completed",
                             "--cycle", "2017", "--final", "--format", "json")
        time.sleep(1.0)
        assert waiting.poll() is None  # still waiting for the lock
        held = _change("ACMW-2", status=Status.ONGOING)
        store.write(held)
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == EXIT_OK, err
    acknowledged = json.loads(out)["change"]
    history = ProgressStore(plans).history(load_catalogue(plans))
    assert [c.id for c in history.changes] == [held.id, acknowledged["id"]]
    assert latest(plans, 2017) == {"ACMW-2": "completed"}


def test_a_store_dated_at_the_end_of_time_is_refused_clearly(invoke: Invoke,
                                                            plans: Path) -> None:
    end = dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)
    ProgressStore(plans).record(_change("ACMW-3", at=end))
    result = invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert result.stderr == ("error: the progress store holds a change dated "
                             "9999-12-31T23:59:59.999999+00:00, the latest time there can be; "
                             "fix its recorded_at (and file name) by hand\n")
    assert len(change_files(plans)) == 1


KILL_AT = """
import os, signal, sys
from pathlib import Path
import asean_labour.progress as progress
where = sys.argv[1]
real_link, real_unlink = os.link, Path.unlink
def die(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
if where == "before-link":
    os.link = die
elif where == "after-link":
    def link_then_die(src, dst):
        real_link(src, dst)
        die()
    os.link = link_then_die
elif where == "during-write":
    real_fsync = os.fsync
    os.fsync = die
sys.argv = ["asean-labour", "update", "ACMW-2", "--status", "completed", "--cycle", "2017",
            "--plans", sys.argv[2]]
from asean_labour.cli import main
main()
"""


@pytest.mark.parametrize("where", ["during-write", "before-link", "after-link"])
def test_a_killed_write_leaves_a_readable_store(plans: Path, tmp_path: Path,
                                                where: str) -> None:
    ProgressStore(plans).record(_change("ACMW-3"))
    script = tmp_path / "kill.py"
    script.write_text(textwrap.dedent(KILL_AT), "utf-8")
    proc = subprocess.run([sys.executable, str(script), where, str(plans)], check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    # The store loads; the earlier update is intact; the killed one is there only if its file
    # was complete (linked) before the kill.
    state = latest(plans, 2017)
    assert state["ACMW-3"] == "ongoing"
    assert ("ACMW-2" in state) == (where == "after-link")
    # The lock died with the process: the next update goes through at once.
    ProgressStore(plans).record(_change("ACMW-4"))
    assert "ACMW-4" in latest(plans, 2017)


def test_a_lock_held_too_long_gives_a_clear_error(plans: Path) -> None:
    store = ProgressStore(plans)
    with store.locked(), pytest.raises(StoreError, match="held the progress lock"), \
            ProgressStore(plans).locked(timeout=0.2):
        pass
    assert change_files(plans) == []


def test_a_stale_lock_from_a_killed_process_does_not_block(plans: Path) -> None:
    code = ("import sys, time; from pathlib import Path; "
            "from asean_labour.progress import ProgressStore; "
            "s = ProgressStore(Path(sys.argv[1])).locked(); s.__enter__(); "
            "print('locked', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(plans)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    proc.kill()
    proc.wait()
    proc.stdout.close()
    ProgressStore(plans).record(_change("ACMW-2"))
    assert latest(plans, 2017) == {"ACMW-2": "ongoing"}


@pytest.mark.parametrize(("code", "message"), [
    (errno.ENOSPC, "the disk is full"),
    (errno.EROFS, "the file system is read-only"),
    (errno.EACCES, "permission denied"),
])
def test_disk_full_and_read_only_leave_the_store_unchanged(
        invoke: Invoke, plans: Path, monkeypatch: pytest.MonkeyPatch, code: int,
        message: str) -> None:
    ProgressStore(plans).record(_change("ACMW-3"))
    before = {f: f.read_bytes() for f in change_files(plans)}
    real_fdopen = os.fdopen

    class Failing:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> Failing:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            raise OSError(code, os.strerror(code))

    monkeypatch.setattr(progress.os, "fdopen", lambda fd, mode: Failing(real_fdopen(fd, mode)))
    result = invoke("update", "ACMW-2", "--status", "completed", "--cycle", "2017",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert message in result.stderr and "nothing was recorded" in result.stderr
    assert {f: f.read_bytes() for f in change_files(plans)} == before
    leftovers = [p.name for p in (plans / "progress" / "2017").iterdir()
                 if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_planted_symlink_is_never_followed(invoke: Invoke, plans: Path,
                                             tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (plans / "progress").mkdir()
    (plans / "progress" / "2017").symlink_to(outside)
    result = invoke("update", "ACMW-2", "--status", "completed", "--cycle", "2017",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert "progress/2017: unexpected entry in the progress folder: a symbolic link" in \
        result.stderr
    assert list(outside.iterdir()) == []
    # Writing through it is refused too, even by a caller that skips the read.
    with pytest.raises(StoreError, match="is a symbolic link, not a folder"):
        ProgressStore(plans).record(_change("ACMW-2"))
    assert list(outside.iterdir()) == []
    check = invoke("validate", "--plans", str(plans))
    assert check.exit_code == EXIT_FAILURE
    assert "progress/2017: unexpected entry in the progress folder" in check.stderr


def test_a_file_broken_by_hand_is_reported_and_never_written_over(
        invoke: Invoke, plans: Path) -> None:
    store = ProgressStore(plans)
    path = store.record(_change("ACMW-2"))
    text = path.read_text("utf-8").replace('status = "ongoing"', 'status = "finishd"')
    path.write_text(text, "utf-8")
    line = text.splitlines().index('status = "finishd"') + 1
    check = invoke("validate", "--plans", str(plans))
    assert check.exit_code == EXIT_FAILURE
    assert f"{path.name}:{line}: ACMW-2: status: expected one of" in check.stderr
    log = invoke("log", "--cycle", "2017", "--plans", str(plans))
    assert log.exit_code == EXIT_FAILURE
    assert "the tool never rewrites them" in log.stderr
    # Writing commands refuse too (as git and SQLite do with a damaged store): what they
    # write depends on what is recorded (the order, rows already recorded, moves backwards).
    files = change_files(plans)
    for command in (("update", "ACMW-3", "--status", "ongoing", "--cycle", "2017"),
                    ("undo",), ("redo",)):
        refused = invoke(*command, "--plans", str(plans))
        assert refused.exit_code == EXIT_FAILURE, refused
        assert f"{path.name}:{line}: ACMW-2: status" in refused.stderr
    assert change_files(plans) == files
    assert path.read_text("utf-8") == text
    path.write_text("schema_version = 1\nchange = [\n", "utf-8")
    syntax = invoke("validate", "--plans", str(plans))
    assert f"{path.name}:3:1: TOML syntax error" in syntax.stderr or \
        f"{path.name}:2:" in syntax.stderr


def test_stray_files_in_the_store_are_reported(invoke: Invoke, plans: Path) -> None:
    ProgressStore(plans).record(_change("ACMW-2"))
    (plans / "progress" / "2017" / "notes.toml").write_text("x = 1\n", "utf-8")
    (plans / "progress" / "misc").mkdir()
    (plans / "progress" / "README.md").write_text("ignored\n", "utf-8")
    check = invoke("validate", "--plans", str(plans))
    assert check.exit_code == EXIT_FAILURE
    assert "notes.toml: unexpected file name" in check.stderr
    assert "progress/misc: unexpected entry" in check.stderr
    assert "README.md" not in check.stderr


def test_a_file_moved_to_the_wrong_cycle_is_reported(plans: Path) -> None:
    store = ProgressStore(plans)
    path = store.record(_change("ACMW-2"))
    (plans / "progress" / "2018").mkdir()
    path.rename(plans / "progress" / "2018" / path.name)
    with pytest.raises(InvalidInput) as caught:
        store.history(load_catalogue(plans))
    assert any("cycle: expected the cycle 2018" in str(p) for p in caught.value.problems)


def test_undo_recomputes_when_the_store_changes_underneath(
        plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change file that appears between the read and the write (a `git pull`, which takes
    no lock) makes the command read again: the undo then reverses the newer change."""
    store = ProgressStore(plans)
    store.record(_change("ACMW-2"))
    pulled = _change("ACMW-3", at=progress.now_utc() + dt.timedelta(seconds=1))
    real_reverse = progress.reverse
    calls = []

    def reverse_while_pulling(*args: object, **kwargs: object) -> Change:
        calls.append(args[1])
        if len(calls) == 1:
            store.write(pulled)  # under our lock, as a git pull would be (it takes none)
        return real_reverse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(progress, "reverse", reverse_while_pulling)
    done = progress.undo(store, None, "t", progress.now_utc())
    assert done.path is not None and done.target.id == pulled.id  # read again, then written
    assert len(calls) == 2

    def always_pulling(*args: object, **kwargs: object) -> Change:
        store.write(_change("ACMW-4"))
        return real_reverse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(progress, "reverse", always_pulling)
    before = change_files(plans)
    with pytest.raises(StoreError, match="kept changing"):
        progress.undo(store, None, "t", progress.now_utc())
    assert len(change_files(plans)) == len(before) + 3  # the three pulls; no undo written


def test_change_ids_never_collide_or_overwrite(plans: Path) -> None:
    store = ProgressStore(plans)
    change = _change("ACMW-2")
    store.record(change)
    with pytest.raises(StoreError, match="already exists"):
        store.record(change)
    assert len(change_files(plans)) == 1
