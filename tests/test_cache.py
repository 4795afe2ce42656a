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
