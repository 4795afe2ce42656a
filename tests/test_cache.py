"""The catalogue cache is invisible: never stale, never required, never a source of errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from asean_labour import cache
from asean_labour.errors import EXIT_FAILURE, EXIT_OK, InvalidInput
from asean_labour.files import plan_files
from tests.conftest import Invoke


@pytest.fixture(autouse=True)
def _files_are_old_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test plans were written a moment ago; a real plan file rarely was."""
    monkeypatch.setattr(cache, "RACY_NS", 0)


def test_a_file_changed_in_the_last_seconds_is_not_cached(plans: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 2_000_000_000)
    cache.load_catalogue(plans)  # just copied: a quick same-size rewrite could go unseen
    assert _cache_files(plans) == []
    old = 1_500_000_000
    for path in plans.glob("*.toml"):
        os.utime(path, (old, old))
    # ctime cannot be set back; with it the files are still racy
    monkeypatch.setattr(cache, "RACY_NS", 1)
    cache.load_catalogue(plans)
    assert [p.name for p in _cache_files(plans)].count(cache.INDEX_NAME) == 1
    assert len(_entries(plans)) == len(plan_files(plans))


def _titles(invoke: Invoke, plans: Path) -> dict[str, str]:
    result = invoke("list", "--plans", str(plans), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    return {p["id"]: p["title"] for p in json.loads(result.stdout)["projects"]}


def _cache_files(plans: Path) -> list[Path]:
    return cache.plans_cache_files(plans)


def _entries(plans: Path) -> list[Path]:
    return [p for p in _cache_files(plans) if p.suffix == cache.ENTRY_SUFFIX]


def test_a_second_run_is_served_from_the_cache(plans: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    first = cache.load_catalogue(plans)
    assert (cache.plans_cache_files(plans)[-1]).name == cache.INDEX_NAME
    from asean_labour import loading

    def fail(*_: object, **__: object) -> None:
        raise AssertionError("the plans were parsed again")

    monkeypatch.setattr(loading, "check_plans", fail)
    monkeypatch.setattr(loading, "load_reusing", fail)
    second = cache.load_catalogue(plans)
    assert [p.id for p in second.projects] == [p.id for p in first.projects]


def test_an_edit_by_hand_is_seen_at_once(invoke: Invoke, plans: Path) -> None:
    assert _titles(invoke, plans)["ACMW-3"] == "ACMW review mechanism of AFML recommendations"
    path = plans / "acmw-2016-2020.toml"
    stat = path.stat()
    text = path.read_text("utf-8").replace("ACMW review mechanism", "ACMW REVIEW MECHANISM")
    path.write_text(text, "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old mtime
    assert _titles(invoke, plans)["ACMW-3"].startswith("ACMW REVIEW MECHANISM")


def test_a_new_or_removed_plan_file_is_seen(invoke: Invoke, plans: Path) -> None:
    assert "ACMW-2" in _titles(invoke, plans)
    (plans / "acmw-2016-2020.toml").rename(plans / "_acmw-2016-2020.toml")  # ignored name
    assert "ACMW-2" not in _titles(invoke, plans)


def test_a_broken_edit_is_reported_not_hidden_by_the_cache(invoke: Invoke, plans: Path) -> None:
    _titles(invoke, plans)
    path = plans / "acmw-2016-2020.toml"
    path.write_text(path.read_text("utf-8") + "\n[[projects]]\nid = 'ACMW-2'\n", "utf-8")
    result = invoke("list", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert "duplicate project id 'ACMW-2'" in result.stderr


def test_a_damaged_cache_is_rebuilt(invoke: Invoke, plans: Path) -> None:
    _titles(invoke, plans)
    for path in _cache_files(plans):
        path.write_bytes(b"not a pickle")
    assert "ACMW-2" in _titles(invoke, plans)
    assert all(p.read_bytes() != b"not a pickle" for p in _cache_files(plans))


def test_an_unwritable_cache_folder_is_ignored(invoke: Invoke, plans: Path,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache folder should be", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert "ACMW-2" in _titles(invoke, plans)


def test_the_cache_can_be_switched_off(invoke: Invoke, plans: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    assert "ACMW-2" in _titles(invoke, plans)
    assert _cache_files(plans) == []


def test_invalid_plans_are_never_cached(tiny_plans: object, plans: Path) -> None:
    (plans / "broken.toml").write_text("schema_version = 1\n[plan]\nid = 'X'\n", "utf-8")
    with pytest.raises(InvalidInput):
        cache.load_catalogue(plans)
    assert _cache_files(plans) == []


# --- the progress store's cache ----------------------------------------------------------------

def test_progress_is_served_from_the_cache_and_edits_are_seen(invoke: Invoke, plans: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    from asean_labour import progress
    from asean_labour.progress import ProgressStore

    for status in ("ongoing", "delayed"):
        assert invoke("update", "ACMW-2", "--status", status, "--cycle", "2017",
                      "--plans", str(plans)).exit_code == EXIT_OK
    catalogue = cache.load_catalogue(plans)
    first = ProgressStore(plans).history(catalogue)
    assert [p.name for p in cache.progress_cache_files(plans / "progress")] == ["2017"]
    real = progress.read_change
    calls: list[Path] = []

    def counting(path: Path, *args: object) -> object:
        calls.append(path)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(progress, "read_change", counting)
    again = ProgressStore(plans).history(catalogue)
    assert calls == []  # nothing parsed again
    assert [c.id for c in again.changes] == [c.id for c in first.changes]
    # An edit by hand (even one that keeps the size) is seen at once.
    path = sorted((plans / "progress" / "2017").glob("*.toml"))[-1]
    path.write_text(path.read_text("utf-8").replace('"delayed"', '"ongoing"'), "utf-8")
    edited = ProgressStore(plans).history(catalogue)
    assert calls == [path]
    assert {str(u.status) for u in edited.updates()} == {"ongoing"}


def test_validate_never_trusts_the_progress_cache(invoke: Invoke, plans: Path) -> None:
    assert invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017",
                  "--plans", str(plans)).exit_code == EXIT_OK
    assert invoke("log", "--cycle", "2017", "--plans", str(plans)).exit_code == EXIT_OK
    # A project removed from the plans makes a cached change invalid: it is reported.
    path = plans / "acmw-2016-2020.toml"
    path.write_text(path.read_text("utf-8").replace('id = "ACMW-2"', 'id = "ACMW-2x"'),
                    "utf-8")
    for command in ("validate", "log"):
        result = invoke(command, "--plans", str(plans), *(("--cycle", "2017")
                                                          if command == "log" else ()))
        assert result.exit_code == EXIT_FAILURE
        assert "ACMW-2: project: no such project in the plans" in result.stderr


def test_the_cache_key_holds_the_shape_of_every_cached_class() -> None:
    """A field added to a coordinator entry (Participant) or an event changes the key, so an
    old cache is never unpickled into the new classes."""
    shape = dict(cache._catalogue_shape())
    assert shape["Participant"] == ("name", "years", "role")
    assert "collaborators" in shape["Event"]


def test_the_cache_key_holds_the_shape_of_the_vocabulary() -> None:
    """The vocabulary is cached with the catalogue: its classes' fields are in the key too."""
    shape = dict(cache._catalogue_shape())
    assert shape["MemberState"] == ("name", "iso2", "iso3", "joined", "aliases")
    assert shape["Vocabulary"] == ("member_states", "bodies", "roles", "organisations",
                                   "source")
    assert shape["Project"][-1] == "carried_over_from" and "succeeds" in shape["Plan"]


# --- one entry per plan file --------------------------------------------------------------------

def _uncached(plans: Path) -> object:
    """The catalogue as `validate` reads it: from the files, with no cache at all."""
    from asean_labour.loading import check_plans

    catalogue, problems, _ = check_plans(plans)
    assert problems == []
    return catalogue


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the plan files parsed, in order, by any load."""
    from asean_labour import loading

    calls: list[str] = []
    real = loading.read_toml

    def counting(path: Path, *args: object) -> object:
        calls.append(path.name)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "read_toml", counting)
    return calls


def _retitle(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_an_edit_to_one_plan_file_parses_only_that_file(plans: Path, parses: list[str]) -> None:
    cache.load_catalogue(plans)
    assert sorted(parses) == sorted(p.name for p in plan_files(plans))
    parses.clear()
    _retitle(plans / "acmw-2016-2020.toml", "ACMW review mechanism", "ACMW REVIEW MECHANISM")
    edited = cache.load_catalogue(plans)
    assert parses == ["acmw-2016-2020.toml"]
    project = edited.project("ACMW-3")
    assert project is not None and project.title.startswith("ACMW REVIEW MECHANISM")
    parses.clear()
    assert edited == _uncached(plans)
    parses.clear()
    assert cache.load_catalogue(plans) == edited  # and then the warm path again
    assert parses == []


def test_an_edit_to_the_programme_checks_its_work_plans_again(plans: Path,
                                                               parses: list[str]) -> None:
    """A work plan's projects were checked against its programme's thematic areas: a change
    to what the programme defines checks them again, though their files did not change."""
    cache.load_catalogue(plans)
    parses.clear()
    programme = plans / "alm-work-programme-2016-2020.toml"
    text = programme.read_text("utf-8")
    programme.write_text(text + "\n# a comment changes the file, not its content\n", "utf-8")
    loaded = cache.load_catalogue(plans)
    assert parses == [programme.name]  # the work plans came from the cache
    assert loaded == _uncached(plans)
    from asean_labour.loading import check_plans

    # Thematic area 16 (used by work plans in other files) is no longer defined.
    assert text.count("number = 16\n") == 1
    programme.write_text(text.replace("number = 16\n", "number = 96\n"), "utf-8")
    with pytest.raises(InvalidInput) as raised:
        cache.load_catalogue(plans)
    problems = check_plans(plans)[1]
    assert raised.value.problems == problems
    assert any("thematic area 16 is not defined" in p.message and "alm" not in p.file
               for p in problems)


@pytest.mark.parametrize("added", [
    "id = 'ACMW-2'\nthematic_area = 99\n",  # problems of its own
    "id = 'acmw-2'\ntitle = 'Fine on its own'\nthematic_area = 16\n",  # an id of another file
    "id = 'SLOM-NEW'\ntitle = 'Fine'\nthematic_area = 16\ncarried_over_from = 'NOPE-1'\n",
])
def test_a_broken_edit_reports_the_same_problems_as_validate(plans: Path, added: str) -> None:
    from asean_labour.loading import check_plans

    cache.load_catalogue(plans)
    path = plans / "slom-wg-2016-2020.toml"
    path.write_text(path.read_text("utf-8") + "\n[[projects]]\n" + added, "utf-8")
    with pytest.raises(InvalidInput) as raised:
        cache.load_catalogue(plans)
    assert raised.value.problems == check_plans(plans)[1] != []
    assert cache.plans_cache_files(plans)  # the good files' entries stay for the fix


def test_a_renamed_plan_file_leaves_no_entry_behind(plans: Path) -> None:
    cache.load_catalogue(plans)
    before = {p.name for p in _entries(plans)}
    assert len(before) == len(plan_files(plans))
    (plans / "acmw-2016-2020.toml").rename(plans / "acmw-renamed.toml")
    assert cache.load_catalogue(plans) == _uncached(plans)
    after = {p.name for p in _entries(plans)}
    assert len(after) == len(plan_files(plans)) and after != before
    (plans / "stray").mkdir(parents=True)  # not in the cache folder: untouched
    leftover = cache.plans_cache_files(plans)[0].with_name(".x.plan.123.tmp")
    leftover.write_bytes(b"a killed command's temporary file")
    _retitle(plans / "acmw-renamed.toml", "ACMW review mechanism", "Review")
    cache.load_catalogue(plans)
    assert not leftover.exists()
    assert (plans / "stray").is_dir()


def _git(folder: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=folder, check=True,
                   capture_output=True)


def test_a_git_checkout_of_an_older_plans_folder(plans: Path, parses: list[str]) -> None:
    _git(plans, "init", "-q")
    _git(plans, "add", "-A")
    _git(plans, "commit", "-q", "-m", "first")
    old = cache.load_catalogue(plans)
    assert old == _uncached(plans)
    _retitle(plans / "acmw-2016-2020.toml", "ACMW review mechanism", "Reviewed mechanism")
    (plans / "asean-oshnet-2016-2020.toml").unlink()
    _git(plans, "add", "-A")
    _git(plans, "commit", "-q", "-m", "second")
    new = cache.load_catalogue(plans)
    assert new == _uncached(plans) and new != old
    assert not any(p.plan_id.startswith("ASEAN-OSHNET") for p in new.projects)
    parses.clear()
    _git(plans, "checkout", "-q", "HEAD~1")
    assert cache.load_catalogue(plans) == _uncached(plans) == old
    parses.clear()
    _git(plans, "checkout", "-q", "-")
    assert cache.load_catalogue(plans) == new
    # Only the files the checkout wrote were parsed; the others came from the cache.
    assert sorted(parses) == ["acmw-2016-2020.toml"]
    assert _uncached(plans) == new


def test_two_plans_folders_used_in_turn(plans: Path, tmp_path: Path,
                                        parses: list[str]) -> None:
    import shutil

    other = tmp_path / "other"
    shutil.copytree(plans, other)
    _retitle(other / "acmw-2016-2020.toml", "ACMW review mechanism", "Other folder's review")
    first = cache.load_catalogue(plans)
    second = cache.load_catalogue(other)
    assert first == _uncached(plans) and second == _uncached(other) and first != second
    parses.clear()
    assert cache.load_catalogue(plans) == first  # A's cache was not thrown away by B
    assert cache.load_catalogue(other) == second
    assert parses == []
    project = cache.load_catalogue(other).project("ACMW-3")
    assert project is not None and project.title.startswith("Other folder's review")


# --- damaged, foreign and special cache files ------------------------------------------------

def _damage(path: Path, how: str) -> None:
    import pickle

    if how == "torn":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        path.write_bytes(os.urandom(4096))
    elif how == "a pickle of something else":
        path.write_bytes(pickle.dumps({"not": "a cache"}))
    elif how == "a cache file of something else":
        cache._write(path, ("index", "another version", None, (), None))
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "flipped byte":
        data = bytearray(path.read_bytes())
        data[-3] ^= 0xFF
        path.write_bytes(bytes(data))
    elif how == "fifo":
        path.unlink()
        os.mkfifo(path)
    elif how == "symlink to /dev/zero":
        path.unlink()
        path.symlink_to("/dev/zero")
    elif how == "directory":
        path.unlink()
        path.mkdir()
    elif how == "unreadable":
        path.chmod(0)
    else:
        raise AssertionError(how)


DAMAGES = ("torn", "garbage", "a pickle of something else", "a cache file of something else",
           "empty", "flipped byte", "fifo", "symlink to /dev/zero", "directory", "unreadable")


@pytest.mark.parametrize("how", DAMAGES)
@pytest.mark.parametrize("which", ["index", "entry"])
def test_a_damaged_or_special_cache_file_is_ignored_and_rebuilt(plans: Path, how: str,
                                                                which: str) -> None:
    good = cache.load_catalogue(plans)
    files = cache.plans_cache_files(plans)
    target = next(p for p in files if (p.name == cache.INDEX_NAME) == (which == "index"))
    _damage(target, how)
    assert cache.load_catalogue(plans) == good == _uncached(plans)
    if how == "unreadable" and os.geteuid() == 0:
        return  # root reads it anyway: it held the right entry, and was used
    assert target.is_file() and not target.is_symlink()
    assert cache.load_catalogue(plans) == good


def test_another_versions_cache_is_not_used(plans: Path, parses: list[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(cache, "__version__", "0.0.0-other")
        cache.load_catalogue(plans)
        assert cache.load_catalogue(plans) == _uncached(plans)
    parses.clear()
    assert cache.load_catalogue(plans) == _uncached(plans)
    # Every file parsed again by this version (then once more for `_uncached`).
    assert sorted(parses) == sorted(2 * [p.name for p in plan_files(plans)])


def test_another_folders_cache_is_not_used(plans: Path, tmp_path: Path) -> None:
    import shutil

    other = tmp_path / "other"
    shutil.copytree(plans, other)
    _retitle(other / "acmw-2016-2020.toml", "ACMW review mechanism", "Other folder's review")
    cache.load_catalogue(other)
    cache.load_catalogue(plans)
    mine = cache.plans_cache_files(plans)[0].parent
    theirs = cache.plans_cache_files(other)[0].parent
    shutil.rmtree(mine)
    shutil.copytree(theirs, mine)  # as if the digests of the two folders met
    assert cache.load_catalogue(plans) == _uncached(plans)


def test_the_header_detects_a_torn_file(tmp_path: Path) -> None:
    path = tmp_path / "entry"
    cache._write(path, ("a value", 1))
    assert cache._read(path) == ("a value", 1)
    whole = path.read_bytes()
    for cut in (0, 5, len(cache.MAGIC) + 3, len(whole) - 1):
        path.write_bytes(whole[:cut])
        assert cache._read(path) is None
    path.write_bytes(whole + b"more")
    assert cache._read(path) is None


def test_a_rewrite_within_the_racy_window_is_seen(plans: Path, parses: list[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A file changed in the last two seconds is not cached: a same-size rewrite with the same
    modification time in the same clock tick would leave its key unchanged."""
    monkeypatch.setattr(cache, "RACY_NS", 2_000_000_000)
    path = plans / "acmw-2016-2020.toml"
    cache.load_catalogue(plans)
    assert _entries(plans) == []  # every file was copied a moment ago
    stat = path.stat()
    _retitle(path, "ACMW review mechanism", "ACMW REVIEW MECHANISM")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same modification time
    assert path.stat().st_size == stat.st_size
    parses.clear()
    loaded = cache.load_catalogue(plans)
    assert "acmw-2016-2020.toml" in parses
    project = loaded.project("ACMW-3")
    assert project is not None and project.title.startswith("ACMW REVIEW MECHANISM")
    assert not any(p.name == cache.INDEX_NAME for p in cache.plans_cache_files(plans))


# --- the progress store's cache, per cycle ------------------------------------------------------

def _record(invoke: Invoke, plans: Path, project: str, status: str, cycle: str) -> None:
    result = invoke("update", project, "--status", status, "--cycle", cycle, "--plans",
                    str(plans))
    assert result.exit_code == EXIT_OK, result


def test_an_update_rewrites_only_its_cycles_cache_file(invoke: Invoke, plans: Path) -> None:
    from asean_labour.progress import ProgressStore

    _record(invoke, plans, "ACMW-2", "ongoing", "2016")
    _record(invoke, plans, "ACMW-2", "ongoing", "2017")
    catalogue = cache.load_catalogue(plans)
    store = plans / "progress"
    ProgressStore(plans).history(catalogue)
    files = {p.name: p for p in cache.progress_cache_files(store)}
    assert sorted(files) == ["2016", "2017"]
    before = {name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
              for name, p in files.items()}
    _record(invoke, plans, "ACMW-3", "delayed", "2017")
    history = ProgressStore(plans).history(catalogue)
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
             for p in cache.progress_cache_files(store)}
    assert after["2016"] == before["2016"]
    assert after["2017"][2] != before["2017"][2]
    assert {u.project for u in history.updates()} == {"ACMW-2", "ACMW-3"}
    assert [c.id for c in history.changes] == \
        [c.id for c in ProgressStore(plans).read(catalogue, cached=False)[0].changes]


def test_a_removed_cycles_cache_file_is_deleted(invoke: Invoke, plans: Path) -> None:
    import shutil

    from asean_labour.progress import ProgressStore

    _record(invoke, plans, "ACMW-2", "ongoing", "2016")
    _record(invoke, plans, "ACMW-2", "ongoing", "2017")
    catalogue = cache.load_catalogue(plans)
    ProgressStore(plans).history(catalogue)
    shutil.rmtree(plans / "progress" / "2016")
    _record(invoke, plans, "ACMW-3", "ongoing", "2017")
    history = ProgressStore(plans).history(catalogue)
    assert [p.name for p in cache.progress_cache_files(plans / "progress")] == ["2017"]
    assert {u.cycle for u in history.updates()} == {2017}


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_cycle_cache_file_is_ignored(invoke: Invoke, plans: Path, how: str) -> None:
    from asean_labour.progress import ProgressStore

    _record(invoke, plans, "ACMW-2", "ongoing", "2017")
    catalogue = cache.load_catalogue(plans)
    first = ProgressStore(plans).history(catalogue)
    (target,) = cache.progress_cache_files(plans / "progress")
    _damage(target, how)
    again = ProgressStore(plans).history(catalogue)
    assert [c.id for c in again.changes] == [c.id for c in first.changes]
    assert [u.status for u in again.updates()] == [u.status for u in first.updates()]


# --- the progress bar of a slow load ------------------------------------------------------------

class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_meter_says_nothing_until_the_load_has_taken_a_second() -> None:
    from asean_labour.meter import Meter

    clock = _Clock()
    shown: list[tuple[int, int]] = []
    finished: list[bool] = []
    meter = Meter(lambda done, total: shown.append((done, total)),
                  lambda: finished.append(True), after=1.0, clock=clock)
    meter(1, 4)
    clock.now += 0.99
    meter(2, 4)
    assert shown == []
    clock.now += 0.02
    meter(3, 4)
    meter(4, 4)
    assert shown == [(3, 4), (4, 4)]
    meter.close()
    meter.close()
    assert finished == [True]


def test_a_quick_load_never_shows_or_finishes_a_bar() -> None:
    from asean_labour.meter import Meter

    calls: list[object] = []
    meter = Meter(lambda *a: calls.append(a), lambda: calls.append("finish"), after=1.0,
                  clock=_Clock())
    for done in range(1, 5):
        meter(done, 4)
    meter.close()
    assert calls == []


def test_loading_tells_the_callback_how_far_it_has_come(plans: Path) -> None:
    from asean_labour.loading import check_plans

    total = len(plan_files(plans))
    told: list[tuple[int, int]] = []
    check_plans(plans, progress=lambda done, all_: told.append((done, all_)))
    assert told == [(n, total) for n in range(1, total + 1)]
    told.clear()
    cache.load_catalogue(plans, lambda done, all_: told.append((done, all_)))  # cold
    assert told == [(n, total) for n in range(1, total + 1)]
    told.clear()
    _retitle(plans / "acmw-2016-2020.toml", "ACMW review mechanism", "Review")
    cache.load_catalogue(plans, lambda done, all_: told.append((done, all_)))  # one edit
    assert told[-1] == (total, total)
    told.clear()
    cache.load_catalogue(plans, lambda done, all_: told.append((done, all_)))  # warm
    assert told == []


def test_the_cli_draws_no_bar_when_standard_error_is_no_terminal(
        invoke: Invoke, plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from asean_labour import meter

    monkeypatch.setattr(meter, "AFTER_SECONDS", 0.0)  # every load counts as slow
    for args in (("list",), ("list", "--format", "json"), ("list", "--format", "csv")):
        result = invoke(*args, "--plans", str(plans))
        assert result.exit_code == EXIT_OK
        assert result.stderr == ""
        assert "Reading the plans" not in result.stdout


def test_the_bar_is_drawn_on_a_terminal_and_removed(plans: Path) -> None:
    import io

    from rich.console import Console

    from asean_labour.render.loading_bar import loading_meter

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80, color_system=None)
    clock = _Clock()
    with loading_meter(console=console, after=1.0, clock=clock) as meter:
        assert meter is not None
        meter(1, 3)
        assert screen.getvalue() == ""  # not yet slow
        clock.now += 1.5
        cache.load_catalogue(plans, meter)
    drawn = screen.getvalue()
    total = len(plan_files(plans))
    assert "Reading the plans" in drawn and f"{total}/{total}" in drawn
    # Transient: the cursor is shown again, and the bar's line erased at the end.
    assert "\x1b[?25h" in drawn and drawn.endswith("\x1b[1A\x1b[2K")


def test_the_bar_on_standard_error_honours_no_color(plans: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from asean_labour.render import loading_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    clock = _Clock()
    with loading_bar.loading_meter(after=0.5, clock=clock) as meter:
        assert meter is not None
        clock.now += 1
        meter(1, 2)
        meter(2, 2)
    drawn = screen.getvalue()
    assert "Reading the plans" in drawn and "2/2" in drawn
    import re

    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", drawn)  # NO_COLOR (set for every test)
    monkeypatch.delenv("NO_COLOR")
    screen.seek(0)
    screen.truncate()
    with loading_bar.loading_meter(after=0.5, clock=clock) as meter:
        assert meter is not None
        clock.now += 1
        meter(1, 2)
    assert re.search(r"\x1b\[[0-9;]*3[0-9]m", screen.getvalue())  # coloured without it


@pytest.mark.parametrize("edit", ["a copy of a plan file", "an unknown programme",
                                  "a period outside the programme's"])
def test_a_problem_across_files_after_an_edit_is_reported_as_validate_does(
        plans: Path, edit: str) -> None:
    from asean_labour.loading import check_plans

    cache.load_catalogue(plans)
    path = plans / "acmw-2016-2020.toml"
    text = path.read_text("utf-8")
    if edit == "a copy of a plan file":
        (plans / "acmw-copy.toml").write_text(text, "utf-8")
    elif edit == "an unknown programme":
        path.write_text(text.replace('programme = "', 'programme = "X', 1), "utf-8")
    else:
        assert "period = [2016, 2020]" in text
        path.write_text(text.replace("period = [2016, 2020]", "period = [2015, 2020]"),
                        "utf-8")
    with pytest.raises(InvalidInput) as raised:
        cache.load_catalogue(plans)
    assert raised.value.problems == check_plans(plans)[1] != []


def test_a_read_right_after_an_update_does_not_rewrite_the_cycle(
        invoke: Invoke, plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The change file an update just wrote is parsed, not cached (it is within the racy
    window): its cycle's cache file is written once, by a read after the window."""
    from asean_labour.progress import ProgressStore

    _record(invoke, plans, "ACMW-2", "ongoing", "2017")
    catalogue = cache.load_catalogue(plans)
    ProgressStore(plans).history(catalogue)
    (target,) = cache.progress_cache_files(plans / "progress")
    before = (target.stat().st_ino, target.read_bytes())
    (first,) = (plans / "progress" / "2017").glob("*.toml")
    settled = max(first.stat().st_mtime_ns, first.stat().st_ctime_ns)
    # Files changed after the first change file are within the racy window.
    monkeypatch.setattr(cache, "racy", lambda stamps: any(s > settled for s in stamps))
    _record(invoke, plans, "ACMW-2", "delayed", "2017")
    for _ in range(2):
        history = ProgressStore(plans).history(catalogue)
        assert [str(u.status) for u in history.updates()] == ["ongoing", "delayed"]
        assert (target.stat().st_ino, target.read_bytes()) == before
    monkeypatch.setattr(cache, "racy", lambda stamps: False)
    ProgressStore(plans).history(catalogue)
    assert target.read_bytes() != before[1]


def test_validate_reads_every_plan_file_however_warm_the_cache(invoke: Invoke, plans: Path,
                                                               parses: list[str]) -> None:
    cache.load_catalogue(plans)
    cache.load_catalogue(plans)
    parses.clear()
    result = invoke("validate", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert sorted(parses) == sorted(p.name for p in plan_files(plans))


class _Recorder:
    """A meter maker that records what each meter was told."""

    def __init__(self) -> None:
        self.told: dict[str, list[tuple[int, int]]] = {}
        self.closed: list[str] = []

    def __call__(self, what: str) -> object:
        from asean_labour.meter import Meter

        told = self.told.setdefault(what, [])
        return Meter(lambda done, total: told.append((done, total)),
                     lambda: self.closed.append(what), after=0.0)


def test_metered_shows_nothing_until_a_maker_is_installed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from asean_labour import meter

    monkeypatch.setattr(meter, "_makers", [])
    with meter.metered("Reading") as nothing:
        assert nothing is None
    recorder = _Recorder()
    meter.install(recorder)  # type: ignore[arg-type]
    with meter.metered("Reading") as shown:
        assert shown is not None
        shown(1, 2)
    assert recorder.told == {"Reading": [(1, 2)]} and recorder.closed == ["Reading"]


def test_reading_the_progress_store_is_metered(invoke: Invoke, plans: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from asean_labour import meter
    from asean_labour.progress import ProgressStore

    _record(invoke, plans, "ACMW-2", "ongoing", "2016")
    _record(invoke, plans, "ACMW-2", "delayed", "2017")
    recorder = _Recorder()
    monkeypatch.setattr(meter, "_makers", [recorder])
    ProgressStore(plans).history(cache.load_catalogue(plans))
    assert recorder.told["Reading the progress store"] == [(1, 2), (2, 2)]
    assert recorder.closed == ["Reading the progress store"]


def test_the_cli_installs_no_bar_when_standard_error_is_no_terminal(
        invoke: Invoke, plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from asean_labour import meter
    from asean_labour.render import loading_bar

    monkeypatch.setattr(meter, "_makers", [])
    _record(invoke, plans, "ACMW-2", "ongoing", "2017")
    result = invoke("show", "ACMW-2", "--plans", str(plans))
    assert result.exit_code == EXIT_OK and result.stderr == ""
    assert meter._makers == []
    monkeypatch.setattr(loading_bar, "_on_terminal", lambda: True)
    loading_bar.install()
    assert meter._makers == [loading_bar.bar_meter]


def test_an_update_leaves_the_cache_alone_until_enough_is_parsed_afresh(
        invoke: Invoke, plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An update (reading under the lock, about to write) does not spend its time writing
    a cycle's cache file for a few change files parsed afresh; past DEFER_CACHE_WRITE it
    does, and a read that writes nothing caches them at once."""
    from asean_labour import progress
    from asean_labour.progress import ProgressStore

    _record(invoke, plans, "ACMW-2", "ongoing", "2017")
    catalogue = cache.load_catalogue(plans)
    ProgressStore(plans).history(catalogue)
    (target,) = cache.progress_cache_files(plans / "progress")
    before = target.read_bytes()
    _record(invoke, plans, "ACMW-2", "delayed", "2017")
    _record(invoke, plans, "ACMW-2", "ongoing", "2017")  # parses the one before afresh
    assert target.read_bytes() == before
    monkeypatch.setattr(progress, "DEFER_CACHE_WRITE", 1)
    _record(invoke, plans, "ACMW-2", "delayed", "2017")  # parses two afresh: over the limit
    written = target.read_bytes()
    assert written != before
    monkeypatch.setattr(progress, "DEFER_CACHE_WRITE", 1000)
    _record(invoke, plans, "ACMW-2", "ongoing", "2017")
    assert target.read_bytes() == written
    history = ProgressStore(plans).history(catalogue)  # a read: caches what it parsed
    assert target.read_bytes() != written
    assert [str(u.status) for u in history.updates()] == \
        ["ongoing", "delayed", "ongoing", "delayed", "ongoing"]
    assert [c.id for c in history.changes] == \
        [c.id for c in ProgressStore(plans).read(catalogue, cached=False)[0].changes]


def test_cached_changes_come_back_equal_with_their_paths(invoke: Invoke, plans: Path) -> None:
    """Updates are pickled as their fields' values and paths as their folder and name: what
    the cache gives back equals what the files say, field by field."""
    from asean_labour.progress import ProgressStore

    _record(invoke, plans, "ACMW-2", "ongoing", "2016")
    result = invoke("update", "ACMW-2", "--status", "completed", "--final", "--cycle", "2017",
                    "--note", "Done", "--delivered", "data", "--evidence", "report.pdf",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    _record(invoke, plans, "ACMW-2", "ongoing", "2017")  # moves back: moved_back_from set
    catalogue = cache.load_catalogue(plans)
    ProgressStore(plans).history(catalogue)  # writes the cache
    cached = ProgressStore(plans).history(catalogue)
    parsed = ProgressStore(plans).read(catalogue, cached=False)[0]
    assert cached.changes == parsed.changes
    assert [c.path for c in cached.changes] == [c.path for c in parsed.changes]
    assert all(c.path is not None and c.path.is_file() for c in cached.changes)
    moved = [u for u in cached.updates() if u.moved_back_from is not None]
    assert len(moved) == 1 and moved[0].moved_back_from_cycle == 2017
    assert len(cache.progress_cache_files(plans / "progress")) == 2


def test_a_path_pickled_by_the_cache_keeps_its_kind_and_text(tmp_path: Path) -> None:
    import pickle

    paths = [tmp_path / "a" / "b.toml", tmp_path / "a" / "c.toml", Path("/"), Path("."),
             Path("relative/x.toml"), tmp_path]
    back = pickle.loads(cache._dumps(paths))
    assert back == paths
    assert [type(p) for p in back] == [type(p) for p in paths]
