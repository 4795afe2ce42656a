"""Reading batch files of progress updates: a CSV (as Excel and people write it), a TOML file or
an Excel workbook (.xlsx), from a file or standard input, as `Request`s: values read and typed,
not yet checked against the plans (that is `recording`'s job).

Reading is strict and all-or-nothing: a file that cannot be read whole and exactly is refused,
and every problem in its cells (a wrong type, a date that cannot be told, a formula where a
value belongs) is reported with its file and row (or line, or sheet and cell), together with
the problems `recording` finds, before anything is recorded. One function names the columns
(`column_key`/`resolve_columns`) and one reads a status word (`status.parse_status`), for CSV,
TOML and workbooks alike.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asean_labour.errors import InvalidInput, Problem, UsageError
from asean_labour.files import LineFinder, NotReadable, parse_toml, read_regular
from asean_labour.vocabulary import did_you_mean

if TYPE_CHECKING:
    from asean_labour.model import Catalogue

MAX_BATCH_BYTES = 50 * 1024 * 1024
MAX_BATCH_ROWS = 200_000

#: Batch columns (CSV header, workbook header or TOML keys).
COLUMNS = ("project", "status", "cycle", "date", "note", "reported_by", "outputs", "evidence",
           "carried_to", "final")
#: Other names for them, as `column_key` folds a header ("Reported by" -> reported_by).
COLUMN_ALIASES = {
    "id": "project", "project_id": "project", "by": "reported_by", "reporter": "reported_by",
    "output": "outputs", "delivered": "outputs", "year": "cycle", "comment": "note",
    "comments": "note", "notes": "note", "remarks": "note", "remark": "note",
    "progress_note": "note",
    # The names `list --cycle --format csv` gives them.
    "status_date": "date", "status_note": "note",
}
#: In `list --format csv`, `note` is the project's note from the plan and `status_note` the
#: progress note: with `status_note` in a header, `note` is that export's, and ignored.
EXPORT_NOTE = ("status_note", "note")
#: Columns only `list --format csv` writes: a file with one is that export, read back.
EXPORT_MARKERS = frozenset({"status_note", "status_date", "iati_status"})
#: Fields whose cells are free text: a formula there is text ("=" starts a note).
TEXT_FIELDS = frozenset({"note", "evidence"})
#: Fields that carry a report; a row with one of them and no status is an error, not skipped.
REPORT_FIELDS = ("date", "note", "reported_by", "outputs", "evidence", "carried_to")


@dataclass(slots=True)
class Request:
    """One update as read: typed values, before checking against the plans."""

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
    row: int | None = None  # the row (CSV, workbook) or table (TOML) number, for messages
    line: int | None = None
    #: Workbooks: each field's sheet and cell ("Updates!E7"), so a problem names the cell.
    cells: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    """A row with a project but no status: nothing to record, counted and named."""

    project: str
    where: str  # "row 7", "Updates row 7", "update 3"


@dataclass
class Batch:
    """A batch file as read: its updates, and what reading it found."""

    requests: list[Request]
    source: str  # the name shown in messages
    kind: str  # csv, toml, xlsx
    problems: list[Problem] = field(default_factory=list)  # refuse the batch if any
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was assumed (an encoding...)
    cycle: int | None = None  # the cycle a reporting workbook was made for
    body: str = ""  # ... and the body (or bodies), and coordinators, it covers
    coordinators: str = ""
    export: bool = False  # a `list --format csv` export (its statuses are the recorded ones)
    unchanged: list[Skipped] = field(default_factory=list)

    def default_cycle(self, given: int | None) -> int | None:
        """The cycle to record a reporting workbook in: the one it was made for. A --cycle
        that names another is refused: a 2018 workbook read into 2019 by mistake would
        report last year's progress as this year's."""
        if self.cycle is None or given in (None, self.cycle):
            return self.cycle if given is None else given
        made_for = f"{self.body} " if self.body else ""
        raise UsageError(f"{self.source} is the {made_for}reporting workbook for cycle "
                         f"{self.cycle}, and --cycle {given} names another cycle: drop --cycle "
                         f"to record it in {self.cycle}, or make a workbook for {given} "
                         f"(asean-labour template --cycle {given} ...)")

    def drop_unchanged(self, catalogue: Catalogue, recorded: Mapping[str, Any]) -> None:
        """For a `list --format csv` export read back: a row whose status, date and note are
        the project's last recorded update (`recorded`: project id -> Update, as of the
        export's cycle) only repeats what the export showed; it is no new report (recording
        it would date last year's report in this cycle), so it is skipped and counted. When
        every row is skipped there is nothing new to record (not an error)."""
        from asean_labour.status import parse_status

        if not self.export:
            return
        kept = []
        for request in self.requests:
            project = catalogue.project(str(request.project or "").strip())
            update = recorded.get(project.id) if project is not None else None
            if update is not None and parse_status(str(request.status)) is update.status \
                    and request.date == update.date and (request.note or None) == update.note:
                self.unchanged.append(Skipped(update.project, f"row {request.row}"))
            else:
                kept.append(request)
        self.requests = kept

    def skipped_notes(self, limit: int = 8) -> list[str]:
        """The rows left without a status (named, for the officer to chase), and the rows of
        an export that repeat what is recorded."""
        notes = []
        for rows, what in ((self.skipped, "with no status"),
                           (self.unchanged, "as already recorded (status, date and note "
                                            "unchanged; give a new date to report a status "
                                            "again in this cycle)")):
            if rows:
                named = ", ".join(f"{s.project} ({s.where})" for s in rows[:limit])
                more = f" and {len(rows) - limit:,} more" if len(rows) > limit else ""
                notes.append(f"{self.source}: skipped {_count(len(rows), 'row')} {what}: "
                             f"{named}{more}")
        return notes

    def refusal(self, more: Sequence[Problem] = ()) -> InvalidInput:
        """The error that refuses the batch: its reading problems and `more` (the checks
        against the plans), in the order of the file."""
        problems = sorted([*self.problems, *more], key=_file_order)
        count = len(problems)
        return InvalidInput(problems, f"{count} problem{'s' if count != 1 else ''} in "
                            f"{self.source}; nothing was recorded")


def _file_order(problem: Problem) -> tuple[int, int]:
    """Problems of a row (or line) in the file's order; those of the whole batch last."""
    match = re.search(r"(?:row |![A-Z]+)(\d+)$", problem.file)
    if match:
        return (0, int(match.group(1)))
    return (0, problem.line) if problem.line is not None else (1, 0)


# --- the file ----------------------------------------------------------------------------------

def read_input(name: str) -> tuple[bytes, str]:
    """The bytes of a batch file named on the command line ('-' for standard input), and the
    name to show in messages. At most MAX_BATCH_BYTES + 1 bytes are read, from a regular file
    (a named pipe, a device such as /dev/zero or a folder is refused; `--file -` reads a pipe)."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_BATCH_BYTES + 1)
        if len(data) > MAX_BATCH_BYTES:
            raise UsageError(f"standard input: more than {MAX_BATCH_BYTES:,} bytes; split the "
                             "batch")
        return data, "standard input"
    try:
        return read_regular(Path(name), MAX_BATCH_BYTES, follow_symlinks=True), name
    except NotReadable as exc:
        if exc.too_large:
            raise UsageError(f"--file {name}: larger than {MAX_BATCH_BYTES:,} bytes; split "
                             "the batch") from None
        hint = "; to read a pipe, use --file - (standard input)" if "named pipe" in \
            exc.reason else ""
        raise UsageError(f"--file {name}: {exc.reason}{hint}") from None


FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".toml": "toml", ".xlsx": "xlsx",
           ".xlsm": "xlsx"}
_NOT_READ = {".xls": "an Excel 97-2003 workbook", ".ods": "an OpenDocument spreadsheet",
             ".numbers": "a Numbers spreadsheet"}


def format_from_name(name: str) -> str | None:
    """The batch format a file name says (None: tell from the content)."""
    suffix = Path(name).suffix.casefold()
    if suffix in _NOT_READ:
        raise UsageError(f"--file {name}: {_NOT_READ[suffix]} is not read; save it as an Excel "
                         "workbook (.xlsx) or as CSV UTF-8 (in Excel: File > Save As)")
    return FORMATS.get(suffix)


_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def guess_format(raw: bytes) -> str:
    """csv, toml or xlsx, from the first bytes."""
    if raw.startswith(_ZIP):
        return "xlsx"
    head = raw[:65536].decode("utf-8", errors="replace").lstrip("\ufeff")
    for line in head.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[") or re.match(r"^[A-Za-z_]+\s*=", stripped):
            return "toml"
        return "csv"
    return "csv"


def read_batch(raw: bytes, source: str, fmt: str | None) -> Batch:
    """The updates of a CSV, TOML or workbook batch; `fmt` None tells the format from the
    content. A file that cannot be read at all raises; problems in its cells are collected in
    `Batch.problems` (so that the checks against the plans can be reported with them)."""
    if len(raw) > MAX_BATCH_BYTES:
        raise UsageError(f"{source}: {len(raw):,} bytes; a batch file may hold at most "
                         f"{MAX_BATCH_BYTES:,}: split it")
    if raw.startswith(_OLE):
        raise UsageError(f"{source}: an Excel 97-2003 (.xls) or password-protected workbook; "
                         "save it as an Excel workbook (.xlsx) without a password")
    kind = fmt or guess_format(raw)
    if kind == "xlsx":
        from asean_labour.xlsx_input import read_workbook

        batch = read_workbook(raw, source)
    elif kind == "toml":
        batch = _toml_batch(raw, source)
    else:
        batch = _csv_batch(raw, source)
    if not batch.requests and not batch.problems:
        why = f" ({_count(len(batch.skipped), 'row')} with no status)" if batch.skipped else ""
        raise InvalidInput([Problem(source, f"no updates in this file{why}")],
                           "nothing to record; nothing was written")
    return batch


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'s' if number != 1 else ''}"


def _too_many(source: str) -> UsageError:
    return UsageError(f"{source}: more than {MAX_BATCH_ROWS:,} rows; a batch may hold at most "
                      f"{MAX_BATCH_ROWS:,}: split it")


# --- columns -----------------------------------------------------------------------------------

def column_key(name: str) -> str:
    """A column name folded for matching: case, spaces, hyphens and a hint in brackets do not
    count ("Reported by", "reported-by", "Date (YYYY-MM-DD)" -> reported_by, date)."""
    name = re.sub(r"\s*[(\[].*?[)\]]\s*|\*", " ", name)
    return re.sub(r"[\s\-]+", "_", name.strip().casefold())


@functools.cache
def ignored_columns() -> frozenset[str]:
    """Columns the tool's own exports write beside the batch fields (`list --format csv`, the
    reporting workbook's reference columns): accepted and ignored when read back."""
    from asean_labour.records import PROJECT_FIELDS
    from asean_labour.template import ALL_COLUMNS
    from asean_labour.views import PROGRESS_CSV_FIELDS

    names = {*PROJECT_FIELDS, *PROGRESS_CSV_FIELDS,
             *(column_key(c.header) for c in ALL_COLUMNS if c.field is None)}
    return frozenset(names - set(COLUMNS) - set(COLUMN_ALIASES) - {"id"})


def field_of(name: str) -> str | None:
    """The batch field a column holds, "" for an export's column that is ignored, None for an
    unknown column."""
    key = column_key(name)
    if key in COLUMNS:
        return key
    if key in COLUMN_ALIASES:
        return COLUMN_ALIASES[key]
    return "" if key in ignored_columns() else None


def resolve_columns(names: Sequence[str], problem: Callable[[int, str, str], None]
                    ) -> list[str | None]:
    """The field each column holds (None: ignored), for a CSV or workbook header or the keys
    of a TOML table; `problem(index, name, message)` is called for an unknown column and for
    a field given twice. The one reading of column names (the callers require `project` and
    `status`)."""
    fields: list[str | None] = []
    for index, name in enumerate(names):
        wanted = field_of(name)
        if wanted is None and column_key(name):
            known = [*COLUMNS, *COLUMN_ALIASES, *sorted(ignored_columns())]
            problem(index, name, f"unknown column {name!r}"
                    f"{did_you_mean(column_key(name), known)}; "
                    f"the batch columns are {', '.join(COLUMNS)} (the other columns of "
                    "`list --format csv` and of the reporting workbook are accepted and "
                    "ignored)")
        fields.append(wanted or None)
    keys = [column_key(n) for n in names]
    export, plain = EXPORT_NOTE
    if export in keys:  # list's status_note beside list's (project) note
        fields = [None if k == plain else f for k, f in zip(keys, fields, strict=True)]
    seen: dict[str, int] = {}
    for index, wanted in enumerate(fields):
        if wanted is None:
            continue
        if wanted in seen:
            first = names[seen[wanted]]
            same = f"{first!r} and {names[index]!r} both give the {wanted}" \
                if first != names[index] else "given twice"
            problem(index, wanted, f"column {same}; keep one")
        else:
            seen[wanted] = index
    return fields


# --- rows: values read and typed ---------------------------------------------------------------

class Place:
    """Where a row's values are, for messages: `problem(field, ...)` names the row (CSV), the
    line (TOML) or the sheet and cell (workbook) of a field."""

    def __init__(self, source: str, row: int, line: int | None = None,
                 cells: Mapping[str, str] | None = None, label: str | None = None,
                 lines: Mapping[str, int | None] | None = None, toml: bool = False) -> None:
        self.toml = toml  # a TOML table: named by its line, else "update N"
        self.source = source
        self.row = row
        self.line = line
        self.cells = dict(cells or {})  # workbooks: each field's cell
        self.lines = dict(lines or {})  # TOML: each field's line
        self.label = label or f"row {row}"  # "row 7", "update 3", "Updates!A7"

    def problem(self, field_name: str, message: str, project: str | None) -> Problem:
        if field_name in self.cells:
            return Problem(f"{self.source}: {self.cells[field_name]}", message, item=project,
                           field=field_name)
        if self.toml:
            return Problem(self.source, message, line=self.lines.get(field_name) or self.line,
                           item=project or f"update {self.row}", field=field_name)
        return Problem(f"{self.source} row {self.row}", message, item=project,
                       field=field_name)


_TYPE_NAMES = {bool: "true/false", int: "a number", float: "a number", str: "text",
               list: "a list", dict: "a table", dt.date: "a date", dt.datetime: "a date and time",
               dt.time: "a time"}


def type_name(value: Any) -> str:
    for kind in (bool, dt.datetime, dt.date, dt.time, int, float, str, list, dict):
        if isinstance(value, kind):
            return _TYPE_NAMES[kind]
    return type(value).__name__


class Formula(str):
    """A workbook cell's formula, as written ("=TODAY()"): text, never evaluated."""

    __slots__ = ()


def _blank(value: Any, name: str = "") -> bool:
    """No value: nothing, blank text, or (for the list fields) an empty list."""
    if isinstance(value, list):
        return not value and name in ("outputs", "evidence")
    return value is None or (isinstance(value, str) and not value.strip())


def build_request(values: Mapping[str, Any], place: Place, batch: Batch,
                  epoch: dt.date | None = None, typed_cycle: bool = False) -> Request | None:
    """A Request from one row's values by field (text from a CSV; typed values from TOML or a
    workbook), or None for a row with nothing to record. Each value is checked for its type
    and read (dates); a problem is added to `batch.problems` and the value left out, so that
    the checks against the plans still run on the rest of the row."""
    project = values.get("project")
    shown = project.strip() if isinstance(project, str) and project.strip() else None

    def bad(name: str, message: str) -> None:
        batch.problems.append(place.problem(name, message, shown))

    typed: dict[str, Any] = {}
    before = len(batch.problems)
    for name, value in values.items():
        if typed_cycle and name == "cycle" and (isinstance(value, bool)
                                                 or not isinstance(value, int)):
            bad(name, f"expected a year such as 2017, got {type_name(value)} "
                f"({_clip(repr(value))})")
            continue
        if _blank(value, name):
            continue
        if isinstance(value, Formula) and name not in TEXT_FIELDS:
            bad(name, f"a formula ({_clip(value)}): type the value itself")
            continue
        try:
            typed[name] = _typed(name, value, epoch)
        except ValueError as exc:
            bad(name, str(exc))
    if _blank(values.get("status")):
        given = [name for name in REPORT_FIELDS if not _blank(values.get(name), name)]
        if given:
            bad("status", f"missing: this row gives a {given[0].replace('_', ' ')} but no "
                "status; give its status (or clear the row)")
        elif shown is not None and len(batch.problems) == before:
            batch.skipped.append(Skipped(shown, place.label))
        return None
    if any(p.field in ("project", "status") for p in batch.problems[before:]):
        return None  # without its project or status the row cannot be checked further
    return Request(
        project=typed.get("project"), status=typed.get("status"), cycle=typed.get("cycle"),
        date=typed.get("date"), note=typed.get("note"), reported_by=typed.get("reported_by"),
        outputs=typed.get("outputs", ()), evidence=typed.get("evidence", ()),
        carried_to=typed.get("carried_to"), final=typed.get("final"), row=place.row,
        line=place.line, cells=place.cells)


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _typed(name: str, value: Any, epoch: dt.date | None) -> Any:
    """One value in the type its field holds; ValueError says what was expected."""
    if name == "date":
        return parse_date(value, epoch)
    if name == "cycle":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int | str) and not isinstance(value, bool):
            return value  # recording checks it is a year
        raise ValueError(f"expected a year such as 2017, got {type_name(value)} ({value!r})")
    if name == "final":
        return parse_yes_no(value)
    if name in ("outputs", "evidence"):
        items = value if isinstance(value, list) else [value]
        for item in items:
            if not isinstance(item, str):
                raise ValueError(f"expected text or a list of text, got {type_name(value)} "
                                 f"({_clip(repr(value))})")
        return tuple(items)
    if isinstance(value, str):
        return value
    raise ValueError(f"expected text, got {type_name(value)} ({_clip(repr(value))})")


_YES = frozenset({"yes", "y", "true", "1", "final"})
_NO = frozenset({"no", "n", "false", "0"})


def parse_yes_no(value: Any) -> bool:
    """The `final` cell: true/false (TOML, a workbook's boolean cell), 1/0, or yes/no, y/n,
    true/false in any case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().casefold() in _YES | _NO:
        return value.strip().casefold() in _YES
    raise ValueError(f"expected yes or no, got {type_name(value)} ({_clip(repr(value))})")


# --- dates -------------------------------------------------------------------------------------

_MONTHS = {name: number for number in range(1, 13)
           for name in (dt.date(2000, number, 1).strftime("%B").casefold(),
                        dt.date(2000, number, 1).strftime("%b").casefold())} | {"sept": 9}
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-./]*([A-Za-z]+)\.?[\s\-./,]*(\d+)")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d+)")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
#: Excel serial dates read as dates: 2000-01-01 to 2099-12-31.
SERIAL_RANGE = (36526, 73050)
EXCEL_1900 = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 system, its leap-year bug included
ACCEPTED_DATES = "YYYY-MM-DD (2018-06-30), '30 June 2018' or 'June 30, 2018'"


def parse_date(value: Any, epoch: dt.date | None = None) -> dt.date:
    """A date from a batch cell: a date (TOML, a workbook's date cell), an Excel serial number
    (from `epoch`: 1900 or 1904 system), or text as ISO (2018-06-30), '30 June 2018',
    'June 30, 2018' or a serial. "01/05/2018" is refused: 1 May or 5 January depends on the
    spreadsheet's regional settings. ValueError says why and how to write it."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value, epoch)
    if not isinstance(value, str):
        raise ValueError(f"expected a date ({ACCEPTED_DATES}), got {type_name(value)}")
    text = value.strip()
    try:
        match = _ISO.fullmatch(text)
        if match:
            return dt.date(*(int(g) for g in match.groups()))
        match = _DAY_MONTH_YEAR.fullmatch(text)
        if match and match.group(2).casefold() in _MONTHS:
            return _named(match.group(1), match.group(2), match.group(3), text)
        match = _MONTH_DAY_YEAR.fullmatch(text)
        if match and match.group(1).casefold() in _MONTHS:
            return _named(match.group(2), match.group(1), match.group(3), text)
    except ValueError as exc:
        if "ambiguous" in str(exc) or "two-digit" in str(exc):
            raise
        raise ValueError(f"{text!r} is not a date of the calendar ({exc})") from None
    if _SERIAL.fullmatch(text):
        return _serial(float(text), epoch)
    match = _NUMERIC.fullmatch(text)
    if match:
        first, second, year = (int(g) for g in match.groups())
        raise ValueError(_numeric_date(first, second, year, text))
    raise ValueError(f"expected a date as {ACCEPTED_DATES}, got {_clip(text)!r}")


def _named(day: str, month: str, year: str, text: str) -> dt.date:
    if len(year) != 4:
        raise ValueError(f"{text!r} has a two-digit year; write the year in full "
                         f"({day} {month} 20{year[-2:]})")
    return dt.date(int(year), _MONTHS[month.casefold()], int(day))


def _numeric_date(first: int, second: int, year: int, text: str) -> str:
    full = year if year >= 100 else 2000 + year
    readings = []
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(dt.date(full, month, day))
        except ValueError:
            continue
    excel = ("in Excel, format the column as yyyy-mm-dd before saving (Format Cells > Custom "
             "> yyyy-mm-dd)")
    if len(set(readings)) == 2:
        a, b = readings
        return (f"{text!r} is ambiguous: {_spoken(a)} or {_spoken(b)}? Write it as YYYY-MM-DD "
                f"({a.isoformat()} or {b.isoformat()}) or with the month in words "
                f"('{_spoken(a)}'); {excel}")
    if readings:
        return (f"{text!r} depends on the regional settings of the spreadsheet that wrote "
                f"it (here it can only be {_spoken(readings[0])}): write it as "
                f"{readings[0].isoformat()} or '{_spoken(readings[0])}'; {excel}")
    return f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2018-06-30"


def _spoken(date: dt.date) -> str:
    return f"{date.day} {date.strftime('%B')} {date.year}"


def _serial(number: float, epoch: dt.date | None) -> dt.date:
    if not math.isfinite(number) or not SERIAL_RANGE[0] <= number < SERIAL_RANGE[1] + 1:
        raise ValueError(f"expected a date ({ACCEPTED_DATES}), got the number {number:g}; as "
                         "an Excel date that is not a year between 2000 and 2099")
    base = EXCEL_1900 if epoch is None or epoch.year < 1904 else epoch
    return base + dt.timedelta(days=int(number))


# --- CSV ---------------------------------------------------------------------------------------

#: The shape of a project id, to notice a row swallowed by a quote left open.
_ID_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9.]+)+")


def _csv_batch(raw: bytes, source: str) -> Batch:
    from asean_labour import csv_input
    from asean_labour.status import parse_status

    try:
        decoded = csv_input.decode(raw)
    except csv_input.Unreadable as exc:
        raise InvalidInput([Problem(source, exc.message, line=exc.line)],
                           "the batch file cannot be read; nothing was recorded") from None
    batch = Batch([], source, "csv", notes=[f"{source}: {decoded.note}"] if decoded.note else [])
    sep, start = csv_input.separator(decoded.text, _known_columns)
    rows = csv_input.rows(decoded.text, sep, start)
    header_problems: list[Problem] = []
    try:
        header = next(rows, None)
        if header is None or not header.cells:
            return batch
        names = header.cells
        fields = resolve_columns(names, lambda i, name, message: header_problems.append(
            Problem(f"{source} row 1", message, field=name)))
        for required in ("project", "status"):
            if required not in fields:
                header_problems.append(Problem(f"{source} row 1", "missing column (required)"
                                               + _separator_hint(names, sep), field=required))
        if header_problems:
            raise InvalidInput(header_problems, "fix the header row; nothing was recorded")
        batch.export = any(column_key(n) in EXPORT_MARKERS for n in names)
        project_at, status_at = fields.index("project"), fields.index("status")
        for row in rows:
            if row.number > MAX_BATCH_ROWS + 1:
                raise _too_many(source)
            if not any(c.strip() for c in row.cells):
                continue
            place = Place(source, row.number)
            if len(row.cells) > len(names):
                batch.problems.append(place.problem("", f"{len(row.cells)} cells but "
                                                    f"{len(names)} columns", None))
                continue
            for index, first, last in row.spans:
                swallowed = _swallowed_row(row.cells[index], sep, len(names), project_at,
                                           status_at, parse_status)
                if swallowed is not None:
                    batch.problems.append(place.problem(
                        fields[index] or names[index],
                        f"the quoted cell that opens on line {first} runs to line {last} and "
                        f"takes in a line that reads as a row of its own ({_clip(swallowed)!r})"
                        ": a closing quote is probably missing; close it (or, if the line "
                        "break is meant, reword that line)", None))
            for index, cell in enumerate(row.cells):
                if cell.strip() and not column_key(names[index]):
                    batch.problems.append(place.problem(
                        "", f"a value in column {index + 1}, which has no header "
                        f"({_clip(cell)!r}); name the column or delete the value", None))
            values = {f: c for f, c in zip(fields, row.cells, strict=False) if f is not None}
            request = build_request(values, place, batch)
            if request is not None:
                batch.requests.append(request)
    except csv_input.CsvSyntaxError as exc:
        batch.problems.append(Problem(f"{source} row {exc.row}", exc.message, line=None))
    return batch


def _known_columns(cells: list[str]) -> int:
    return sum(1 for c in cells if field_of(c))


def _separator_hint(names: Sequence[str], sep: str) -> str:
    if len(names) == 1 and any(s in names[0] for s in (",", ";", "\t", "|")):
        return (f" (the header is one cell, {_clip(names[0])!r}: the columns must be separated "
                "by commas, semicolons or tabs)")
    return ""


def _swallowed_row(cell: str, sep: str, width: int, project_at: int, status_at: int,
                   parse_status: Callable[[str], Any]) -> str | None:
    """A line inside a multi-line cell that has the shape of a row of the batch (as many cells
    as the header, a project id and a status where they go): the sign of an unclosed quote."""
    for line in re.split(r"\r\n|\n|\r", cell)[1:]:
        parts = line.split(sep)
        if len(parts) == width and _ID_SHAPE.fullmatch(parts[project_at].strip()) and (
                not parts[status_at].strip() or parse_status(parts[status_at]) is not None):
            return line
    return None


# --- TOML --------------------------------------------------------------------------------------

_TABLE_HEADERS = re.compile(rb"^[ \t]*\[\[", re.MULTILINE)


def _toml_key_problem(batch: Batch, finder: LineFinder, keys: list[str], table: int | None,
                      item: str, index: int, name: str, message: str) -> None:
    message = message.replace(f"unknown column {keys[index]!r}", "unknown field", 1)
    batch.problems.append(Problem(batch.source, message.replace("column", "field", 1),
                                  line=finder.key(table, keys[index]) if table else None,
                                  item=item, field=name))


def _toml_batch(raw: bytes, source: str) -> Batch:
    # Count the tables before parsing: 50 MB of tiny tables would take the parser a minute and
    # gigabytes of memory before the row limit could be applied.
    if len(_TABLE_HEADERS.findall(raw)) + raw.count(b"{") > 2 * MAX_BATCH_ROWS:
        raise _too_many(source)
    problems: list[Problem] = []
    data = parse_toml(raw, source, problems)
    if data is None:
        raise InvalidInput(problems, "the batch file cannot be read; nothing was recorded")
    batch = Batch([], source, "toml")
    finder = LineFinder(raw.decode("utf-8-sig", errors="replace"))
    for key in data:
        if key not in ("updates", "cycle"):
            batch.problems.append(Problem(source, "unknown key; a TOML batch holds [[updates]] "
                                          "tables (and an optional top-level cycle = 2017)",
                                          line=finder.key(0, key), field=key))
    cycle = data.get("cycle")
    if cycle is not None and (isinstance(cycle, bool) or not isinstance(cycle, int)):
        batch.problems.append(Problem(source, f"expected a year such as 2017, got "
                                      f"{type_name(cycle)} ({_clip(repr(cycle))})",
                                      line=finder.key(0, "cycle"), field="cycle"))
        cycle = None
    rows = data.get("updates", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        batch.problems.append(Problem(source, "expected [[updates]] tables", field="updates"))
        rows = []
    if len(rows) > MAX_BATCH_ROWS:
        raise _too_many(source)
    for index, row in enumerate(rows):
        line = finder.table("updates", index)
        keys = list(row)
        shown = row.get("project", row.get("id"))
        item = shown.strip() if isinstance(shown, str) and shown.strip() else None
        fields = resolve_columns(keys, functools.partial(
            _toml_key_problem, batch, finder, keys, line, item or f"update {index + 1}"))
        place = Place(source, index + 1, line, label=f"update {index + 1}", toml=True,
                      lines={f: finder.key(line, k) for f, k in zip(fields, keys, strict=True)
                             if f is not None and line is not None})
        values: dict[str, Any] = {f: row[k] for f, k in zip(fields, keys, strict=True)
                                  if f is not None}
        if cycle is not None:
            values.setdefault("cycle", cycle)
        request = build_request(values, place, batch, typed_cycle=True)
        if request is not None:
            batch.requests.append(request)
    return batch
