"""`undo`, `log`, and progress in `list` and `show`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from asean_labour.progress import Change, History, Update, new_change_id, reverse
from asean_labour.status import Status
from tests.conftest import ROOT, Invoke
from tests.test_update import change_files, latest

EXAMPLE = ROOT / "examples" / "acmw-2017.csv"


def _record(invoke: Invoke, plans: Path, *args: str) -> None:
    result = invoke("update", *args, "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result


def test_undo_reverses_a_whole_batch_by_appending(invoke: Invoke, plans: Path) -> None:
    _record(invoke, plans, "ACMW-2", "--status", "ongoing", "--cycle", "2017", "--by", "Ana")
    _record(invoke, plans, "--file", str(EXAMPLE), "--by", "Ben")
    files_before = {f: f.read_bytes() for f in change_files(plans)}
    result = invoke("undo", "--by", "Chi", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert "Reversed change" in result.stdout and "acmw-2017.csv" in result.stdout
    assert "15 projects" in result.stdout
    assert result.stdout.startswith("Undone (cycle 2017)\n")  # one cycle: said in the title
    row = next(line for line in result.stdout.splitlines() if line.startswith("ACMW-2 "))
    assert row.split()[1:] == ["completed", "ongoing"]  # before -> after
    row = next(line for line in result.stdout.splitlines() if line.startswith("ACMW-3 "))
    assert row.split()[1:] == ["ongoing", "no", "report"]
    # Nothing was rewritten or deleted: one file more, the others byte for byte the same.
    after = change_files(plans)
    assert len(after) == len(files_before) + 1
    assert all(f.read_bytes() == data for f, data in files_before.items())
    assert latest(plans, 2017) == {"ACMW-2": "ongoing"}

    log = json.loads(invoke("log", "--cycle", "2017", "--plans", str(plans),
                            "--format", "json").stdout)
    kinds = [(e["kind"], e["project"], e["in_effect"]) for e in log["entries"]]
    assert ("update", "ACMW-3", False) in kinds  # the undone entry is kept, marked
    undo_rows = [e for e in log["entries"] if e["kind"] == "undo"]
    assert len(undo_rows) == 15
    assert {e["recorded_by"] for e in undo_rows} == {"Chi"}
    acmw2 = next(e for e in undo_rows if e["project"] == "ACMW-2")
    assert (acmw2["before"], acmw2["after"]) == ("completed", "ongoing")


def _run(invoke: Invoke, plans: Path, *args: str) -> str:
    result = invoke(*args, "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    return result.stdout


def test_undo_walks_back_the_stack_and_redo_walks_forward(invoke: Invoke,
                                                          plans: Path) -> None:
    _record(invoke, plans, "ACMW-2", "--status", "ongoing", "--cycle", "2017")
    _record(invoke, plans, "ACMW-3", "--status", "ongoing", "--cycle", "2017")
    _record(invoke, plans, "ACMW-3", "--status", "delayed", "--cycle", "2017")
    states = [latest(plans, 2017)]
    # Each undo reverses the command before the last one undone, as in an editor.
    for _ in range(3):
        out = _run(invoke, plans, "undo")
        assert out.startswith("Undone")
        states.append(latest(plans, 2017))
    assert states == [{"ACMW-2": "ongoing", "ACMW-3": "delayed"},
                      {"ACMW-2": "ongoing", "ACMW-3": "ongoing"},
                      {"ACMW-2": "ongoing"}, {}]
    nothing = invoke("undo", "--plans", str(plans))
    assert nothing.exit_code == EXIT_USAGE
    assert nothing.stderr == ("error: nothing to undo: the progress store holds no update in "
                              "effect\n")
    # Redo walks forward again, one command at a time, then says there is nothing left.
    forward = []
    for _ in range(3):
        out = _run(invoke, plans, "redo")
        assert out.startswith("Redone") and "Put back change" in out
        forward.append(latest(plans, 2017))
    assert forward == states[-2::-1]
    done = invoke("redo", "--plans", str(plans))
    assert done.exit_code == EXIT_USAGE
    assert "nothing to redo" in done.stderr
    # And undo walks back once more after the redos.
    _run(invoke, plans, "undo")
    assert latest(plans, 2017) == states[1]


def test_a_new_update_after_an_undo_clears_the_redo(invoke: Invoke, plans: Path) -> None:
    _record(invoke, plans, "ACMW-2", "--status", "ongoing", "--cycle", "2017")
    _run(invoke, plans, "undo")
    _record(invoke, plans, "ACMW-3", "--status", "ongoing", "--cycle", "2017")
    refused = invoke("redo", "--plans", str(plans))
    assert refused.exit_code == EXIT_USAGE
    last = change_files(plans)[-1].stem
    assert refused.stderr == (f"error: nothing to redo: change {last} was recorded after the "
                              "last undo (`undo --change ID` reverses a named change)\n")
    assert latest(plans, 2017) == {"ACMW-3": "ongoing"}
    # The undone change can still be named: undoing the undo puts it back.
    undo_id = change_files(plans)[1].stem
    _run(invoke, plans, "undo", "--change", undo_id)
    assert latest(plans, 2017) == {"ACMW-2": "ongoing", "ACMW-3": "ongoing"}


def test_redo_dry_run_json_and_commit(invoke: Invoke, plans: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    _git(plans, "init", "-q")
    _record(invoke, plans, "ACMW-2", "--status", "ongoing", "--cycle", "2017", "--commit")
    _run(invoke, plans, "undo", "--commit")
    before = change_files(plans)
    dry = _run(invoke, plans, "redo", "--dry-run")
    assert dry.startswith("Would redo") and "nothing written" in dry
    assert change_files(plans) == before
    document = json.loads(_run(invoke, plans, "redo", "--format", "json", "--commit",
                               "--by", "Chi"))
    assert (document["kind"], document["dry_run"]) == ("redo", False)
    assert document["redo"]["reverses"] == before[1].stem
    assert document["reapplied"]["id"] == before[0].stem
    assert document["redo"]["restored"] == [{"project": "ACMW-2", "before": None,
                                             "after": "ongoing"}]
    assert latest(plans, 2017) == {"ACMW-2": "ongoing"}
    subject = _git(plans, "log", "-1", "--format=%s").strip()
    assert subject == (f"redo {before[1].stem} in 2017: ACMW-2 no report -> ongoing (by Chi)")
    log = json.loads(_run(invoke, plans, "log", "--cycle", "2017", "--format", "json"))
    assert [(e["kind"], e["in_effect"]) for e in log["entries"]] == [
        ("update", True), ("undo", False), ("redo", True)]
    table = invoke("log", "--cycle", "2017", "--plans", str(plans),
                   env={"COLUMNS": "200"}).stdout
    assert "redo: no report -> ongoing" in table and "undo: ongoing -> no report (undone)" \
        in table


def test_undo_a_named_change_and_its_errors(invoke: Invoke, plans: Path) -> None:
    _record(invoke, plans, "ACMW-2", "--status", "completed", "--cycle", "2017")
    _record(invoke, plans, "ACMW-3", "--status", "ongoing", "--cycle", "2017")
    first = change_files(plans)[0].stem
    short = first.rsplit("-", 1)[1]
    dry = invoke("undo", "--change", short, "--dry-run", "--plans", str(plans))
    assert dry.exit_code == EXIT_OK and "Dry run" in dry.stdout
    assert len(change_files(plans)) == 2
    done = invoke("undo", "--change", short, "--plans", str(plans), "--format", "json")
    assert done.exit_code == EXIT_OK, done
    document = json.loads(done.stdout)
    assert document["undo"]["reverses"] == first
    assert latest(plans, 2017) == {"ACMW-3": "ongoing"}
    again = invoke("undo", "--change", first, "--plans", str(plans))
    assert again.exit_code == EXIT_USAGE and "already undone" in again.stderr
    unknown = invoke("undo", "--change", "deadbeef", "--plans", str(plans))
    assert unknown.exit_code == EXIT_USAGE and "no change 'deadbeef'" in unknown.stderr


def test_nothing_to_undo(invoke: Invoke, plans: Path) -> None:
    result = invoke("undo", "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "nothing to undo" in result.stderr
    assert change_files(plans) == []


def test_show_has_the_history_across_cycles(invoke: Invoke, plans: Path) -> None:
    _record(invoke, plans, "ACMW-6a", "--status", "not-started", "--cycle", "2017", "--by", "A")
    _record(invoke, plans, "ACMW-6a", "--status", "delayed", "--cycle", "2018", "--by", "B",
            "--note", "[red]late[/red]")
    result = invoke("show", "ACMW-6a", "--plans", str(plans))
    assert result.exit_code == EXIT_OK
    assert "Progress history" in result.stdout
    assert "not started" in result.stdout and "delayed" in result.stdout
    assert "[red]late[/red]" in result.stdout  # markup shown, not interpreted
    history = json.loads(invoke("show", "ACMW-6a", "--plans", str(plans), "--format",
                                "json").stdout)["project"]["progress"]
    assert [(h["cycle"], h["status"], h["reported_by"]) for h in history] == [
        (2017, "not-started", "A"), (2018, "delayed", "B")]


def test_list_status_cycle_and_stale(invoke: Invoke, plans: Path) -> None:
    _record(invoke, plans, "OSHNET-1", "--status", "completed", "--cycle", "2017")
    _record(invoke, plans, "OSHNET-3", "--status", "ongoing", "--cycle", "2017")
    args = ("--plans", str(plans), "--format", "json", "--body", "ASEAN-OSHNET")

    def ids(*extra: str) -> set[str]:
        result = invoke("list", *args, *extra)
        assert result.exit_code == EXIT_OK, result
        return {p["id"] for p in json.loads(result.stdout)["projects"]}

    assert ids("--cycle", "2018", "--status", "completed") == {"OSHNET-1"}  # as of 2018
    assert ids("--cycle", "2017", "--status", "ongoing", "--status", "completed") == {
        "OSHNET-1", "OSHNET-3"}
    none = ids("--cycle", "2017", "--status", "none")
    assert "OSHNET-1" not in none and "OSHNET-2" in none
    stale_2017 = ids("--cycle", "2017", "--stale")
    assert "OSHNET-1" not in stale_2017 and "OSHNET-3" not in stale_2017
    assert "OSHNET-7" in stale_2017  # timeline 2017, no report
    assert "OSHNET-10" not in stale_2017  # 2018-2020: not yet due
    stale_2018 = ids("--cycle", "2018", "--stale")
    assert "OSHNET-1" not in stale_2018  # completed before: not asked again
    assert "OSHNET-3" in stale_2018  # ongoing, no 2018 report
    table = invoke("list", "--plans", str(plans), "--cycle", "2018", "--body", "ASEAN-OSHNET")
    assert "completed (2017)" in table.stdout
    listed = json.loads(invoke("list", *args, "--cycle", "2017").stdout)["projects"]
    first = next(p for p in listed if p["id"] == "OSHNET-1")
    assert first["progress"]["status"] == "completed"
    assert first["progress"]["iati_status"] == 3
    rows = list(csv.DictReader(io.StringIO(invoke(
        "list", "--plans", str(plans), "--cycle", "2017", "--format", "csv").stdout)))
    assert next(r for r in rows if r["id"] == "OSHNET-3")["status"] == "ongoing"


def test_list_rejects_bad_status_and_cycle(invoke: Invoke, plans: Path) -> None:
    bad = invoke("list", "--plans", str(plans), "--cycle", "2017", "--status", "compleet")
    assert bad.exit_code == EXIT_USAGE
    assert "unknown status 'compleet' (did you mean 'completed'?)" in bad.stderr
    year = invoke("list", "--plans", str(plans), "--cycle", "999")
    assert year.exit_code == EXIT_USAGE
    assert "cycle must be a year" in year.stderr


def test_log_filters(invoke: Invoke, plans: Path) -> None:
    _record(invoke, plans, "ACMW-2", "--status", "ongoing", "--cycle", "2017", "--by", "Ana")
    _record(invoke, plans, "OSHNET-2", "--status", "ongoing", "--cycle", "2017", "--by", "Ben")
    _record(invoke, plans, "OSHNET-2", "--status", "completed", "--cycle", "2018", "--by", "Ben")

    def projects(*extra: str) -> list[str]:
        result = invoke("log", "--plans", str(plans), "--format", "json", *extra)
        assert result.exit_code == EXIT_OK, result
        return [e["project"] for e in json.loads(result.stdout)["entries"]]

    assert projects("--cycle", "2017") == ["ACMW-2", "OSHNET-2"]
    assert projects("--cycle", "2017", "--body", "ACMW") == ["ACMW-2"]
    assert projects("--cycle", "2017", "--by", "ben") == ["OSHNET-2"]
    assert projects("--cycle", "2018") == ["OSHNET-2"]
    table = invoke("log", "--plans", str(plans), "--cycle", "2017")
    assert "Ana" in table.stdout and "2 entries" in table.stdout
    markdown = invoke("log", "--plans", str(plans), "--cycle", "2017", "--format", "markdown")
    assert markdown.stdout.count("\n| ") >= 3
    bad = invoke("log", "--plans", str(plans), "--cycle", "2017", "--body", "ACWM")
    assert bad.exit_code == EXIT_USAGE and "did you mean 'ACMW'" in bad.stderr.replace(
        "Did you mean", "did you mean")


# --- git and settings --------------------------------------------------------------------------

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                          check=True, env={**GIT_ENV, "PATH": "/usr/bin:/bin"}).stdout


def test_update_commit_writes_an_audit_trail(invoke: Invoke, plans: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    _git(plans, "init", "-q")
    _git(plans, "add", ".")
    _git(plans, "commit", "-qm", "plans")
    (plans / "unrelated.txt").write_text("staged but not ours", "utf-8")
    _git(plans, "add", "unrelated.txt")
    result = invoke("update", "ACMW-2", "--status", "completed", "--cycle", "2017", "--by",
                    "Ana", "--commit", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    message = _git(plans, "log", "-1", "--format=%B")
    assert message.startswith("progress 2017: ACMW-2 completed (by Ana)")
    changed = _git(plans, "show", "--name-only", "--format=", "HEAD").split()
    assert changed == [str(change_files(plans)[0].relative_to(plans))]
    assert "unrelated.txt" in _git(plans, "diff", "--cached", "--name-only")
    _record(invoke, plans, "--file", str(EXAMPLE), "--by", "Ben", "--commit")
    batch_message = _git(plans, "log", "-1", "--format=%B")
    assert "and 12 more (by Ben)" in batch_message
    assert "ACMW-14 delayed" in batch_message
    assert invoke("undo", "--commit", "--plans", str(plans)).exit_code == EXIT_OK
    assert _git(plans, "log", "-1", "--format=%s").startswith("undo ")


def test_commit_outside_a_repository_says_the_update_is_kept(invoke: Invoke,
                                                             plans: Path) -> None:
    result = invoke("update", "ACMW-2", "--status", "completed", "--cycle", "2017",
                    "--commit", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert "not in a git repository; the update is recorded but not committed" in result.stderr
    assert len(change_files(plans)) == 1


def test_reporter_from_config_and_environment(invoke: Invoke, plans: Path,
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('reporter = "Config Person"\n', "utf-8")
    monkeypatch.setenv("ASEAN_LABOUR_CONFIG", str(config))
    _record(invoke, plans, "ACMW-2", "--status", "ongoing", "--cycle", "2017")
    monkeypatch.setenv("ASEAN_LABOUR_REPORTER", "Env Person")
    _record(invoke, plans, "ACMW-3", "--status", "ongoing", "--cycle", "2017")
    rows = json.loads(invoke("log", "--cycle", "2017", "--plans", str(plans),
                             "--format", "json").stdout)["entries"]
    assert [r["reported_by"] for r in rows] == ["Config Person", "Env Person"]
    config.write_text('reporter = 3\ncomit = true\n', "utf-8")
    broken = invoke("update", "ACMW-4", "--status", "ongoing", "--cycle", "2017",
                    "--plans", str(plans))
    assert broken.exit_code == EXIT_FAILURE
    assert "reporter: expected a string" in broken.stderr
    assert "comit: unknown setting" in broken.stderr
    assert len(change_files(plans)) == 2


def test_no_text_can_forge_a_commit_trailer(invoke: Invoke, plans: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    _git(plans, "init", "-q")
    # A batch file whose name holds a line break and a trailer of its own.
    batch = tmp_path / "round\nSigned-off-by: Mallory <m@example.org>\n.csv"
    batch.write_text("project,status\nACMW-2,ongoing\n", "utf-8")
    _record(invoke, plans, "--file", str(batch), "--cycle", "2017", "--commit",
            "--by", "Ana Signed-off-by: Eve")
    message = _git(plans, "log", "-1", "--format=%B")
    trailers = subprocess.run(["git", "interpret-trailers", "--parse"], input=message,
                              capture_output=True, text=True, check=True).stdout
    change = change_files(plans)[0].stem
    assert trailers.splitlines() == [
        f"Asean-Labour-Change: {change}",
        "Asean-Labour-Source: round\\x0aSigned-off-by: Mallory <m@example.org>\\x0a.csv"]
    assert message.splitlines()[0] == "progress 2017: ACMW-2 ongoing (by Ana Signed-off-by: Eve)"
    assert not any(line.startswith("Signed-off-by") for line in message.splitlines())


# --- the undo stack against an editor's, for any sequence of commands --------------------------

@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.tuples(st.just("update"), st.sampled_from(["ACMW-2", "ACMW-3", "ACMW-4"]),
              st.sampled_from(list(Status))),
    st.tuples(st.just("undo"), st.none(), st.none()),
    st.tuples(st.just("redo"), st.none(), st.none())), max_size=30))
def test_undo_and_redo_behave_as_an_editors_stack(
        commands: list[tuple[str, str | None, Status | None]]) -> None:
    changes: list[Change] = []
    done: list[Update] = []  # the editor: what is in effect, oldest first
    undone: list[Update] = []  # what redo would put back, last undone last
    clock = dt.datetime(2017, 1, 1, tzinfo=dt.UTC)
    for kind, project, status in commands:
        clock += dt.timedelta(seconds=1)
        history = History(list(changes))
        if kind == "update":
            assert project is not None and status is not None
            change_id = new_change_id(clock)
            update = Update(project=project, cycle=2017, status=status, date=clock.date(),
                            reported_by="t", change=change_id, recorded_at=clock)
            changes.append(Change(id=change_id, kind="update", cycle=2017, recorded_at=clock,
                                  recorded_by="t", updates=(update,)))
            done.append(update)
            undone.clear()  # a new command clears what can be redone
        elif kind == "undo":
            target = history.undo_target()
            assert (target is None) == (not done)
            if target is not None:
                assert target.updates == (done[-1],)
                changes.append(reverse(history, target, "t", clock))
                undone.append(done.pop())
        else:
            undo, _blocker = history.redo_target()
            assert (undo is None) == (not undone)
            if undo is not None:
                changes.append(reverse(history, undo, "t", clock, kind="redo"))
                done.append(undone.pop())
        expected = {u.project: u.status for u in done}  # the latest in effect wins
        assert {pid: u.status for pid, u in History(list(changes)).latest(2017).items()} == \
            expected
        assert History(list(changes)).chain_problems() == []
