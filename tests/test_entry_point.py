"""The `asean-labour` script itself (`main`), which builds only the command being run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_OK, EXIT_USAGE
from tests.conftest import ROOT


def _run(*args: str, plans: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    extra = ("--plans", str(plans)) if plans else ()
    return subprocess.run([sys.executable, "-m", "asean_labour", *args, *extra],
                          capture_output=True, text=True, env=env, check=False)


def test_a_command_runs_alone(plans: Path) -> None:
    result = _run("list", "--body", "ACMW", "--format", "json", plans=plans)
    assert result.returncode == EXIT_OK, result.stderr
    assert json.loads(result.stdout)["count"] == 18


def test_piped_tables_are_plain_text(plans: Path) -> None:
    result = _run("list", "--body", "ACMW", plans=plans)
    assert result.returncode == EXIT_OK, result.stderr
    assert "\x1b" not in result.stdout
    assert result.stdout.splitlines()[0].split()[:3] == ["ID", "Body", "KRA"]
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


@pytest.mark.parametrize(("args", "code", "expected"), [
    (("--help",), EXIT_OK, "timeline"),  # the whole app: every command listed
    (("list", "--help"), EXIT_OK, "Usage: python -m asean_labour list"),
    (("--version",), EXIT_OK, "asean-labour "),
    (("lst",), EXIT_USAGE, "Did you mean 'list'?"),
    ((), EXIT_USAGE, "Commands:"),
])
def test_the_whole_app_answers_everything_else(args: tuple[str, ...], code: int,
                                               expected: str) -> None:
    result = _run(*args)
    assert result.returncode == code
    assert expected in result.stdout + result.stderr
