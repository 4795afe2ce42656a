"""Injection: hostile text in an instrument or a ratification note is inert in `instruments`
and `ratifications`, in every format (the same checks as test_hostile_output.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_OK
from tests.conftest import Invoke
from tests.test_hostile_output import CONTROLS, FORMULA, HOSTILE

TEXT = json.dumps(HOSTILE)

INSTRUMENT = f"""\
schema_version = 1

[instrument]
id = "EVIL-2021"
kind = "statement"
title = {TEXT}
short_title = {TEXT}
place = {TEXT}
date = 2021-05-01
note = {TEXT}

[[sections]]
title = {TEXT}
lead_in = {TEXT}

[[commitments]]
number = 1
section = {TEXT}
text = {TEXT}
note = {TEXT}

[[links]]
projects = ["T-1"]
commitments = [1]
relation = "implements"
basis = {TEXT}
"""

RATIFICATION = f"""\
schema_version = 1
title = {TEXT}
verified = 2021-01-01
source = {TEXT}

[[conventions]]
code = "C155"
title = {TEXT}
group = "technical"

[[member_states]]
country = "Viet Nam"
ratified = ["C155"]
notes = {{ C155 = {TEXT} }}
"""

COMMANDS = [("instruments",), ("instruments", "EVIL-2021", "--cycle", "2022"),
            ("ratifications",)]


@pytest.fixture
def hostile(tiny_plans: Callable[..., Path]) -> Path:
    folder = tiny_plans()
    for name, text in (("instruments", INSTRUMENT), ("ratifications", RATIFICATION)):
        (folder / name).mkdir()
        (folder / name / "evil.toml").write_text(text, "utf-8")
    return folder


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_terminal_output_is_inert(invoke: Invoke, hostile: Path, command: tuple[str, ...]
                                  ) -> None:
    result = invoke(*command, "--plans", str(hostile), env={"COLUMNS": "400"})
    assert result.exit_code == EXIT_OK, result
    assert not CONTROLS.search(result.stdout.replace("\n", ""))
    assert "[bold red]x[/bold red]" in result.stdout  # shown, not interpreted
    assert "\\x1b]0;pwned\\x07" in result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_markdown_output_is_inert(invoke: Invoke, hostile: Path, command: tuple[str, ...]
                                  ) -> None:
    result = invoke(*command, "--plans", str(hostile), "--format", "markdown")
    assert result.exit_code == EXIT_OK, result
    assert not CONTROLS.search(result.stdout.replace("\n", ""))
    assert "\\<img" in result.stdout
    assert not re.search(r"(?<!\\)<img", result.stdout)  # HTML escaped: \<img
    assert "**bold**" not in result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_csv_output_is_inert(invoke: Invoke, hostile: Path, command: tuple[str, ...]) -> None:
    result = invoke(*command, "--plans", str(hostile), "--format", "csv")
    assert result.exit_code == EXIT_OK, result
    rows = list(csv.reader(io.StringIO(result.stdout, newline=""), strict=True))
    assert len(rows) > 1
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA), cell
            assert not CONTROLS.search(cell.replace("\n", "").replace("\r", ""))


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_json_output_keeps_the_exact_text(invoke: Invoke, hostile: Path,
                                          command: tuple[str, ...]) -> None:
    result = invoke(*command, "--plans", str(hostile), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    assert not CONTROLS.search(result.stdout.replace("\n", ""))
    assert HOSTILE in strings(json.loads(result.stdout))  # every character kept


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []
