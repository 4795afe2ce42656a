"""Finding and reading the tool's input files: the plans folder, its plan files, and TOML
parsed with the file, line and column of every syntax error.

Kept light (no validation, no model): commands served from the cache import only this."""

from __future__ import annotations

import bisect
import os
import re
from pathlib import Path
from typing import Any

from asean_labour.errors import PlansNotFound, Problem

PLANS_ENV = "ASEAN_LABOUR_PLANS"
PROGRESS_DIR = "progress"
#: Folders of a plans folder that hold other data than plans (the progress store; the
#: instruments and ILO ratification records), and files beside the plans that are no plan.
RESERVED_DIRS = frozenset({PROGRESS_DIR, "instruments", "ratifications"})
RESERVED_FILES = frozenset({"vocabulary.toml"})
MAX_PLAN_FILE_BYTES = 64 * 1024 * 1024


def find_plans_dir(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """`--plans`, else $ASEAN_LABOUR_PLANS, else `plans/` here or in a parent folder."""
    if explicit is not None:
        if not explicit.is_dir():
            raise PlansNotFound(f"--plans {explicit}: {_not_a_folder(explicit)}")
        return explicit
    env = os.environ.get(PLANS_ENV)
    if env:
        path = Path(env)
        if not path.is_dir():
            raise PlansNotFound(f"{PLANS_ENV}={env}: {_not_a_folder(path)}")
        return path
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "plans"
        if candidate.is_dir():
            return candidate
    raise PlansNotFound(
        f"no plans folder found: looked for plans/ in {here} and its parents; "
        f"give one with --plans DIR or set {PLANS_ENV}"
    )


def _not_a_folder(path: Path) -> str:
    return "is a file, not a folder" if path.exists() else "no such folder"


def plan_files(plans_dir: Path) -> list[Path]:
    """The plan files of a folder: `*.toml` below it, except the reserved folders and files
    at its top (`progress/`, `instruments/`, `ratifications/`, `vocabulary.toml`) and names
    that start with `_` or `.`."""
    found: list[Path] = []
    for root, dirs, files in os.walk(plans_dir):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith((".", "_")) and not (
                Path(root) == plans_dir and d in RESERVED_DIRS
            )
        )
        found.extend(
            Path(root) / f for f in sorted(files)
            if f.endswith(".toml") and not f.startswith((".", "_"))
            and not (Path(root) == plans_dir and f in RESERVED_FILES)
        )
    return found


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:  # abspath, not resolve: a symbolic link is shown as itself, never followed
        return str(Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(Path.cwd()))))
    except ValueError:
        return str(path)


# --- reading TOML ------------------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: Path, shown: str, problems: list[Problem]) -> dict[str, Any] | None:
    """Parse one TOML file; a syntax, encoding or size problem is recorded, not raised."""
    try:
        size = path.stat().st_size
        if size > MAX_PLAN_FILE_BYTES:
            problems.append(Problem(shown, f"file is {size:,} bytes; the limit is "
                                           f"{MAX_PLAN_FILE_BYTES:,}"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, f"cannot read: {exc.strerror or exc}"))
        return None
    return parse_toml(raw, shown, problems)


def parse_toml(raw: bytes, shown: str, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, f"not valid UTF-8 (byte {exc.start + 1})",
                                line=raw[: exc.start].count(b"\n") + 1))
        return None
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line: int | None = None
        column: int | None = None
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()].strip()
        elif message.endswith("(at end of document)"):
            line = max(1, len(text.splitlines()))
            message = message.removesuffix("(at end of document)").strip() + \
                " at the end of the file"
        problems.append(Problem(shown, f"TOML syntax error: {message}", line=line, column=column))
        return None
    except RecursionError:
        problems.append(Problem(shown, "TOML nesting is too deep"))
        return None


class LineFinder:
    """Finds the line of a table or a key in a TOML text, for precise messages."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: dict[str, list[int]] = {}  # header name -> its lines, in order
        for number, line in enumerate(self.lines, start=1):
            if "[" in line:
                match = self._HEADER.match(line)
                if match:
                    name = match.group(2).replace(" ", "")
                    self.headers.setdefault(name, []).append(number)

    def table(self, name: str, index: int = 0, after: int = 0) -> int | None:
        """Line of the `index`-th `[name]`/`[[name]]` header after line `after`."""
        lines = self.headers.get(name, [])
        position = bisect.bisect_right(lines, after) + index
        return lines[position] if position < len(lines) else None

    def key(self, start: int | None, key: str) -> int | None:
        """Line of `key = ` inside the table whose header is on line `start`."""
        if start is None:
            return None
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for number in range(start + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if self._HEADER.match(line):
                break
            if pattern.match(line):
                return number
        return start
