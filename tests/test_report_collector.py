"""The reporting commands pause the cyclic garbage collector while they load, build and write a
document (report_commands._collector_paused: its collections scanned hundreds of thousands of
live objects and freed nothing), and restore it after, whether the command succeeds or fails,
so a process that goes on (a test run, a caller of the app) keeps its collector."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from asean_labour import report as core
from asean_labour.errors import EXIT_OK
from asean_labour.render import report_markdown
from asean_labour.render.report_output import ReportFileError
from tests.conftest import Invoke
from tests.test_report_data import seeded_template


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_template(tmp_path_factory.mktemp("collector"))


@pytest.fixture
def collector_on() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.enable()
    yield
    if not enabled:
        gc.disable()


def _recording(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[bool]:
    """Record whether the collector was on each time `module.name` is called."""
    seen: list[bool] = []
    original = getattr(module, name)

    def recorded(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, recorded)
    return seen


@pytest.mark.parametrize(("command", "builder"), [
    (("report", "--cycle", "2018"), "build_report"),
    (("timeline",), "build_timeline"),
    (("scorecard", "--cycle", "2018"), "build_scorecard"),
    (("review", "--from", "2016", "--to", "2018"), "build_review"),
])
def test_paused_while_building_and_writing_then_restored(
        invoke: Invoke, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        collector_on: None, command: tuple[str, ...], builder: str) -> None:
    built = _recording(monkeypatch, core, builder)
    rendered = _recording(monkeypatch, report_markdown, "render")

    result = invoke(*command, "-o", str(tmp_path / "x.md"), "--plans", str(seeded))

    assert result.exit_code == EXIT_OK, result.stderr
    assert (built, rendered) == ([False], [False])
    assert gc.isenabled()


def test_restored_when_the_command_fails(invoke: Invoke, seeded: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch,
                                         collector_on: None) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        assert not gc.isenabled()
        raise ReportFileError("x.md: cannot write: disk on fire; nothing was written")

    monkeypatch.setattr(report_markdown, "render", broken)
    result = invoke("report", "--cycle", "2018", "-o", str(tmp_path / "x.md"),
                    "--plans", str(seeded))
    assert result.exit_code != EXIT_OK
    assert "disk on fire" in result.stderr
    assert gc.isenabled()

    result = invoke("report", "--cycle", "1999", "-f", "markdown", "--plans", str(seeded))
    assert result.exit_code != EXIT_OK  # no such cycle: refused while loading
    assert gc.isenabled()


def test_left_off_when_it_was_off(invoke: Invoke, seeded: Path, tmp_path: Path) -> None:
    enabled = gc.isenabled()
    gc.disable()
    try:
        result = invoke("report", "--cycle", "2018", "-o", str(tmp_path / "x.md"),
                        "--plans", str(seeded))
        assert result.exit_code == EXIT_OK, result.stderr
        assert not gc.isenabled()
    finally:
        if enabled:
            gc.enable()
