"""The data folders beside the plans (`instruments/`, `ratifications/`): the files they hold,
and the typed fields of their TOML tables, dates included (plan files have none).

Like the plan loader, nothing here raises for a bad file: every problem is collected with its
file, line, item and field, so one run reports them all."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from asean_labour.errors import Problem
from asean_labour.files import LineFinder, display_path, read_toml
from asean_labour.vocabulary import did_you_mean

#: The version of the instruments and ratifications file formats.
DATA_SCHEMA_VERSION = 1


def data_files(plans_dir: Path, name: str, problems: list[Problem]) -> list[Path]:
    """The `*.toml` files of `plans_dir/name` and its sub-folders, in name order, skipping
    names that start with `_` or `.`; anything that is not a regular file is a problem."""
    folder = plans_dir / name
    if not folder.exists() and not folder.is_symlink():
        return []
    if not folder.is_dir():
        problems.append(Problem(display_path(folder), "is not a folder; the plans folder "
                                f"keeps {name}/ for its {name} files"))
        return []
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for file in sorted(files):
            if not file.endswith(".toml") or file.startswith((".", "_")):
                continue
            path = Path(root) / file
            if path.is_file():
                found.append(path)
            else:
                problems.append(Problem(display_path(path), "is not a regular file"))
    return found


@dataclass
class DataFile:
    """One parsed data file: its shown name, its tables and a finder for line numbers."""

    path: Path
    shown: str
    data: dict[str, Any]
    finder: LineFinder


def read_data_file(path: Path, problems: list[Problem]) -> DataFile | None:
    """Parse one data file (size limit, UTF-8, TOML syntax with line and column)."""
    shown = display_path(path)
    data = read_toml(path, shown, problems)
    if data is None:
        return None
    text = path.read_text("utf-8-sig", errors="replace")
    return DataFile(path, shown, data, LineFinder(text))


@dataclass
class Place:
    """Where a table is, for messages: file, item, the line of its header (0: the top of
    the file, before any header)."""

    file: DataFile
    item: str | None
    line: int | None
    problems: list[Problem]

    def line_of(self, key: str | None) -> int | None:
        if key is None or self.line is None:
            return self.line or None
        return self.file.finder.key(self.line, key) or self.line or None

    def add(self, message: str, key: str | None = None) -> None:
        self.problems.append(Problem(self.file.shown, message, line=self.line_of(key),
                                     item=self.item, field=key))


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


Check = Callable[[Any], bool]
KINDS: dict[str, tuple[Check, str]] = {
    "str": (lambda v: isinstance(v, str), "a string"),
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "date": (_is_date, "a date such as 2017-10-31 (no quotes)"),
    "str_list": (lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
                 "a list of strings"),
    "int_list": (lambda v: isinstance(v, list) and all(
        isinstance(x, int) and not isinstance(x, bool) for x in v), "a list of whole numbers"),
    "table": (lambda v: isinstance(v, dict), "a table"),
    "table_list": (lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
                   "a list of tables"),
    "date_table": (lambda v: isinstance(v, dict) and all(_is_date(x) for x in v.values()),
                   "a table of dates, e.g. { C098 = 2019-07-05 }"),
    "str_table": (lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
                  "a table of strings, e.g. { C105 = \"...\" }"),
}


def describe(value: Any) -> str:
    """A value as a message names it: `the string 'x'`, `12 (a number)`, `a table`."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, dt.date | dt.time):
        return f"{value.isoformat()} (a {type(value).__name__})"
    if isinstance(value, int | float):
        return f"{value!r} (a number)"
    if isinstance(value, list):
        return "a list" + ("" if not value else f" holding {describe(value[0])}")
    if isinstance(value, dict):
        return "a table" + ("" if not value else
                            f" holding {describe(next(iter(value.values())))}")
    return type(value).__name__


class Reporter(Protocol):
    """Where a field's problem is added: a data file's `Place`, a plan file's `Where`."""

    def add(self, message: str, key: str | None = None) -> None: ...


def checked(table: dict[str, Any], spec: dict[str, str], place: Reporter,
            required: tuple[str, ...] = (), kinds: dict[str, tuple[Check, str]] = KINDS,
            wrong: Callable[[Any, Check], str] | None = None) -> dict[str, Any]:
    """The fields of `table` that have the right type; each other field is a problem (an
    unknown name, with the nearest known one; a wrong type, with what was expected and, by
    `wrong` if given, else `describe`, what was found). The plan files (`loading`) and the
    other data files share this one rule with their own kinds."""
    good: dict[str, Any] = {}
    for key, value in table.items():
        kind = spec.get(key)
        if kind is None:
            place.add(f"unknown field{did_you_mean(key, list(spec))}; expected one of: "
                      f"{', '.join(spec)}", key)
            continue
        test, expected = kinds[kind]
        if test(value):
            good[key] = value
        else:
            found = wrong(value, test) if wrong is not None else describe(value)
            place.add(f"expected {expected}, got {found}", key)
    for key in required:
        if key not in table:
            place.add("missing (required)", key)
    return good


def text(value: Any) -> str | None:
    """A stripped, non-empty string, or None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def check_schema(file: DataFile, problems: list[Problem]) -> bool:
    """Whether the file declares the supported schema version. A missing or mistyped version
    is reported by `checked`; an unsupported one here."""
    version = file.data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and \
            version != DATA_SCHEMA_VERSION:
        Place(file, None, 0, problems).add(
            f"schema version {version} is not supported; this tool reads version "
            f"{DATA_SCHEMA_VERSION}", "schema_version")
    return version == DATA_SCHEMA_VERSION and not isinstance(version, bool)
