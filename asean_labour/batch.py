"""Reading batch files of progress updates: the rows of a CSV or TOML file (or standard
input) as `Request`s, raw values not yet checked against the plans.

Reading is strict: a file that cannot be read whole and exactly is refused with the file, row
and field of every problem, and nothing is recorded. Checking the values is `recording`'s job.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asean_labour.errors import InvalidInput, Problem, UsageError
from asean_labour.files import LineFinder, parse_toml
from asean_labour.vocabulary import did_you_mean

MAX_BATCH_BYTES = 50 * 1024 * 1024
MAX_BATCH_ROWS = 200_000

#: Batch columns (CSV header or TOML keys) and the other spellings accepted for them.
COLUMNS = ("project", "status", "cycle", "date", "note", "reported_by", "outputs", "evidence",
           "carried_to")
COLUMN_ALIASES = {
    "id": "project", "project_id": "project", "by": "reported_by", "reporter": "reported_by",
    "output": "outputs", "year": "cycle", "comment": "note", "notes": "note",
}


@dataclass
class Request:
    """One update as typed: raw values, before checking."""

    project: Any = None
    status: Any = None
    cycle: Any = None
    date: Any = None
    note: Any = None
    reported_by: Any = None
    outputs: Sequence[Any] = ()
    evidence: Sequence[Any] = ()
    carried_to: Any = None
    final: Any = None  # True: a completed project is finished for good (`update --final`)
    row: int | None = None  # the row (CSV) or table (TOML) number, for messages
    line: int | None = None



def read_batch(raw: bytes, source: str, fmt: str | None) -> list[Request]:
    """Rows of a CSV or TOML batch; `fmt` None guesses from the content."""
    if len(raw) > MAX_BATCH_BYTES:
        raise UsageError(f"{source}: {len(raw):,} bytes; a batch file may hold at most "
                         f"{MAX_BATCH_BYTES:,}: split it")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidInput([Problem(source, f"not valid UTF-8 (byte {exc.start + 1}); save "
                                    "the file as UTF-8", line=line)],
                           "the batch file cannot be read; nothing was recorded") from None
    kind = fmt or guess_format(text)
    requests = _toml_rows(raw, source) if kind == "toml" else _csv_rows(text, source)
    if not requests:
        raise InvalidInput([Problem(source, "no updates in this file")],
                           "nothing to record; nothing was written")
    if len(requests) > MAX_BATCH_ROWS:
        raise UsageError(f"{source}: {len(requests):,} rows; a batch may hold at most "
                         f"{MAX_BATCH_ROWS:,}")
    return requests


def guess_format(text: str) -> str:
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[") or re.match(r"^[A-Za-z_]+\s*=", stripped):
            return "toml"
        return "csv"
    return "csv"


def _column(name: str) -> str:
    key = re.sub(r"[\s-]+", "_", name.strip().casefold())
    return COLUMN_ALIASES.get(key, key)


def _csv_rows(text: str, source: str) -> list[Request]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InvalidInput([Problem(source, f"CSV error: {exc}", line=1)],
                           "the batch file cannot be read; nothing was recorded") from None
    if header is None:
        return []
    columns = [_column(h) for h in header]
    problems = []
    for index, name in enumerate(columns):
        if name not in COLUMNS:
            problems.append(Problem(f"{source} row 1", f"unknown column {header[index]!r}"
                                    f"{did_you_mean(name, list(COLUMNS))}; expected columns: "
                                    f"{', '.join(COLUMNS)}", field=header[index]))
    dupes = {c for c in columns if columns.count(c) > 1}
    for name in sorted(dupes):
        problems.append(Problem(f"{source} row 1", "column given twice", field=name))
    for required in ("project", "status"):
        if required not in columns:
            problems.append(Problem(f"{source} row 1", "missing column (required)",
                                    field=required))
    if problems:
        raise InvalidInput(problems, "fix the header row; nothing was recorded")
    requests = []
    row_number = 1
    try:
        for cells in reader:
            row_number += 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(columns):
                problems.append(Problem(f"{source} row {row_number}",
                                        f"{len(cells)} cells but {len(columns)} columns"))
                continue
            values = dict(zip(columns, cells, strict=False))
            requests.append(Request(
                project=values.get("project"), status=values.get("status"),
                cycle=values.get("cycle"), date=values.get("date"),
                note=values.get("note") or None, reported_by=values.get("reported_by"),
                outputs=values.get("outputs") or (), evidence=values.get("evidence") or (),
                carried_to=values.get("carried_to"), row=row_number))
    except csv.Error as exc:
        problems.append(Problem(f"{source} row {row_number}", f"CSV error: {exc}"))
    if problems:
        raise InvalidInput(problems, f"{len(problems)} bad row(s); nothing was recorded")
    return requests


def _toml_rows(raw: bytes, source: str) -> list[Request]:
    problems: list[Problem] = []
    data = parse_toml(raw, source, problems)
    if data is None:
        raise InvalidInput(problems, "the batch file cannot be read; nothing was recorded")
    finder = LineFinder(raw.decode("utf-8-sig", errors="replace"))
    for key in data:
        if key not in ("updates", "cycle"):
            problems.append(Problem(source, "unknown key; a TOML batch holds [[updates]] "
                                    "tables (and an optional top-level cycle)", field=key))
    rows = data.get("updates", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        problems.append(Problem(source, "expected [[updates]] tables", field="updates"))
        rows = []
    cycle = data.get("cycle")
    requests = []
    for index, row in enumerate(rows):
        line = finder.table("updates", index)
        keys = {_column(k): k for k in row}
        for name, original in keys.items():
            if name not in COLUMNS:
                problems.append(Problem(f"{source} update {index + 1}", f"unknown field"
                                        f"{did_you_mean(name, list(COLUMNS))}; expected: "
                                        f"{', '.join(COLUMNS)}", line=line, field=original))
        values = {name: row[original] for name, original in keys.items()}
        requests.append(Request(
            project=values.get("project"), status=values.get("status"),
            cycle=values.get("cycle", cycle), date=values.get("date"), note=values.get("note"),
            reported_by=values.get("reported_by"), outputs=values.get("outputs") or (),
            evidence=values.get("evidence") or (), carried_to=values.get("carried_to"),
            row=index + 1, line=line))
    if problems:
        raise InvalidInput(problems, "fix the batch file; nothing was recorded")
    return requests


def read_input(name: str) -> tuple[bytes, str]:
    """The bytes of a batch file named on the command line ('-' for standard input), and the
    name to show in messages."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_BATCH_BYTES + 1)
        return data, "standard input"
    path = Path(name)
    try:
        if path.stat().st_size > MAX_BATCH_BYTES:
            raise UsageError(f"{name}: larger than {MAX_BATCH_BYTES:,} bytes; split the batch")
        return path.read_bytes(), name
    except FileNotFoundError:
        raise UsageError(f"--from {name}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"--from {name}: is a folder, not a file") from None
    except OSError as exc:
        raise UsageError(f"--from {name}: cannot read ({exc.strerror})") from None


def format_from_name(name: str) -> str | None:
    suffix = Path(name).suffix.casefold()
    return {".csv": "csv", ".toml": "toml"}.get(suffix)
