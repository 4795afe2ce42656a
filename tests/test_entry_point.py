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
    ((), EXIT_USAGE, "Record progress:"),
])
def test_the_whole_app_answers_everything_else(args: tuple[str, ...], code: int,
                                               expected: str) -> None:
    result = _run(*args)
    assert result.returncode == code
    assert expected in result.stdout + result.stderr


@pytest.mark.parametrize(("args", "expected"), [
    (("plans", "--format", "json"), '"kind": "plans"'),  # no subcommand: the list
    (("plans", "acmw-2016-2020", "--format", "json"), '"id": "ACMW-2016-2020"'),  # an id: show
    (("plans", "show", "ACMW-2016-2020", "--format", "json"), '"kind": "plan"'),
    (("plans", "list", "--format", "csv"), "id,kind,title,body,period"),
    (("plans", "new", "ACMW-2026-2030", "--body", "ACMW", "--programme", "ALM-WP-2016-2020",
      "--period", "2016-2020", "--dry-run"), 'id = "ACMW-2026-2030"'),
])
def test_the_plans_group_runs_only_its_subcommand(plans: Path, args: tuple[str, ...],
                                                  expected: str) -> None:
    """`main` builds the plans group with the one subcommand the line runs (plans_commands.
    narrowed); what it runs is what the whole group runs."""
    result = _run(*args, plans=plans)
    assert result.returncode == EXIT_OK, result.stderr
    assert expected in result.stdout


def test_the_plans_groups_help_lists_every_subcommand() -> None:
    result = _run("plans", "--help")
    assert result.returncode == EXIT_OK
    for name in ("list", "show", "new", "import"):
        assert f"  {name} " in result.stdout
    missing = _run("plans", "new")
    assert missing.returncode == EXIT_USAGE and "Missing argument 'ID'" in missing.stderr


def test_narrowing_keeps_the_groups_rule() -> None:
    from asean_labour.plans_commands import narrowed, subcommand

    assert [subcommand(a) for a in ([], ["--format", "json"], ["ACMW-2016-2020"],
                                    ["new", "X"], ["import", "t.csv"], ["-h"])] == [
        "list", "list", "show", "new", "import", None]
    group = narrowed(["ACMW-2016-2020", "--wide"])
    assert [c.name for c in group.typer_instance.registered_commands] == ["show"]
    assert narrowed(["--help"]) is None
    assert narrowed(None).typer_instance.registered_commands == []  # the app's --help
