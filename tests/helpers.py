"""Helpers shared by the test modules of the plans data and the reading commands."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from asean_labour.errors import EXIT_OK
from asean_labour.loading import load_catalogue
from asean_labour.model import Catalogue
from asean_labour.vocabulary import Vocabulary
from tests.conftest import SHIPPED_PLANS, Invoke

ESCAPE = "\x1b"


@functools.cache
def shipped() -> Catalogue:
    """The shipped plans, loaded once for the tests that only read them."""
    return load_catalogue(SHIPPED_PLANS)


@functools.cache
def shipped_vocabulary() -> Vocabulary:
    """The shipped plans' vocabulary (plans/vocabulary.toml), read without the plans: usable
    while the tests are collected."""
    from asean_labour.vocabulary_file import read_vocabulary

    vocabulary, problems = read_vocabulary(SHIPPED_PLANS)
    assert problems == []
    return vocabulary


def run_json(invoke: Invoke, plans: Path, *args: str) -> dict[str, Any]:
    """Run a command with `--format json` and parse its output."""
    result = invoke(*args, "--plans", str(plans), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    assert result.stderr == ""
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def listed_ids(invoke: Invoke, plans: Path, *args: str) -> list[str]:
    """The ids `list ARGS` selects, in order, read from its JSON."""
    return [p["id"] for p in run_json(invoke, plans, "list", *args)["projects"]]


def ids_in_text(text: str) -> set[str]:
    """Every shipped project id that appears whole in a text (a table, say)."""
    return {pid for pid in (p.id for p in shipped().projects)
            if re.search(rf"(?<![\w-]){re.escape(pid)}(?![\w-])", text)}


def command_stdout(command: str, invoke: Invoke, plans: Path, *args: str,
                   env: dict[str, str] | None = None) -> str:
    """Run `COMMAND ARGS --plans PLANS`, expect success, return its standard output."""
    result = invoke(command, *args, "--plans", str(plans), env=env)
    assert result.exit_code == EXIT_OK, result
    return result.stdout


def command_document(command: str, invoke: Invoke, plans: Path, *args: str) -> dict[str, Any]:
    """A reporting command's JSON, without the generated-on line."""
    document: dict[str, Any] = json.loads(command_stdout(command, invoke, plans, *args,
                                                         "--format", "json",
                                                         "--no-timestamp"))
    return document
