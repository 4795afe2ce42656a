"""The README's promise: the shipped plans load and list."""

from __future__ import annotations

from pathlib import Path

from asean_labour.errors import EXIT_OK
from tests.conftest import Invoke


def test_shipped_plans_validate(invoke: Invoke, plans: Path) -> None:
    result = invoke("validate", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert "79 projects" in result.stdout
    assert "23 thematic areas" in result.stdout


def test_list_shows_every_project(invoke: Invoke, plans: Path) -> None:
    result = invoke("list", "--plans", str(plans), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    assert '"count": 79' in result.stdout
