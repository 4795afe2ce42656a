"""Bringing a work-plan table into a plan file (`plans import`): the table as ASEAN prints it,
in an Excel workbook or a CSV file, becomes the projects of a new work plan.

The columns are the printed ones: No., Project Title, Timeline, Indicative Budget, Country
Coordinator, Potential Collaborator, and a Thematic Area column or heading rows ("Thematic Area
9: Labour market information system"). Each row is read strictly: the timeline into years
(`2026-2027`, `Annual`, `2027`, `2026 onwards`, `TBC`), the coordinators and collaborators
split and their names normalised through the vocabulary (an unknown Member State is a problem,
never a guess), lettered rows numbered as sub-items (`1a`, `1b`) of the item above, which then
heads them. Every problem names its row and column; the plan file is written only when the
whole table is clean and the new plan validates with the plans folder (`plan_writing.check`).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asean_labour.errors import InvalidInput, Problem, UsageError
from asean_labour.model import Catalogue, Plan
from asean_labour.plan_writing import PlanHead
from asean_labour.vocabulary import did_you_mean, fold

MAX_TABLE_BYTES = 20 * 1024 * 1024
HEADER_SEARCH_ROWS = 20

#: The columns, by their folded header; the first spelling is the one ASEAN prints.
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("no", "no.", "number", "item", "#", "s/n", "sn"),
    "title": ("project title", "title", "project", "projects", "project/activity",
              "activity", "activities", "project/activity title"),
    "timeline": ("timeline", "timelines", "timeframe", "time frame", "year", "years",
                 "implementation period"),
    "budget": ("indicative budget", "budget", "indicative budget (usd)", "budget (usd)",
               "estimated budget"),
    "coordinators": ("country coordinator", "country coordinators", "coordinator",
                     "coordinators", "lead country", "lead countries", "lead"),
    "collaborators": ("potential collaborator", "potential collaborators", "collaborator",
                      "collaborators", "potential partner", "potential partners", "partners",
                      "partner"),
    "thematic_area": ("thematic area", "thematic areas", "area"),
    "note": ("note", "notes", "remarks", "remark"),
}
PRINTED = {"number": "No.", "title": "Project Title", "timeline": "Timeline",
           "budget": "Indicative Budget", "coordinators": "Country Coordinator",
           "collaborators": "Potential Collaborator", "thematic_area": "Thematic Area",
           "note": "Note"}
_KEYS = {spelling: name for name, spellings in COLUMNS.items() for spelling in spellings}
REQUIRED = ("title", "timeline", "coordinators")

#: Cells that say nothing, and cells that say "not decided yet".
NOTHING = {"", "-", "–", "—", "n/a", "na", "none", "nil", "not applicable"}
UNDECIDED = {"tbc", "tbd", "to be confirmed", "to be determined", "tba"}


def header_key(text: str) -> str:
    """A header cell as a key of COLUMNS: `Country Coordinator(s)` -> `country coordinator`."""
    key = fold(text.replace("\n", " "))
    key = re.sub(r"\s*\(s\)\s*$", "", key)
    return key.rstrip(" .:*")


def column_of(text: str) -> str | None:
    key = header_key(text)
    return _KEYS.get(key) or _KEYS.get(key + ".")


# --- the table, from a workbook or a CSV file ----------------------------------------------------

@dataclass
class Row:
    number: int
    label: str  # "row 4", "Work Plan row 4"
    cells: list[Any]


@dataclass
class Table:
    source: str
    header_label: str
    header: list[str]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)


def read_table(name: str, sheet: str | None) -> Table:
    """The table a file holds: its header row (the first, within the first rows, that names a
    Project Title column) and the rows below it."""
    from asean_labour.files import NotReadable, read_regular

    path = Path(name)
    suffix = path.suffix.casefold()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv"):
        what = {".xls": "an Excel 97-2003 workbook", ".docx": "a Word document",
                ".ods": "an OpenDocument spreadsheet"}.get(suffix, f"a {suffix or 'nameless'} "
                                                             "file")
        raise UsageError(f"{name}: {what} is not read; save the table as an Excel workbook "
                         "(.xlsx) or as CSV UTF-8 (a table in Word: copy it into Excel first)")
    try:
        raw = read_regular(path, MAX_TABLE_BYTES, follow_symlinks=True)
    except NotReadable as exc:
        raise UsageError(f"{name}: {exc.reason}") from None
    if suffix in (".xlsx", ".xlsm"):
        return _workbook_table(raw, name, sheet)
    if sheet is not None:
        raise UsageError("--sheet names a sheet of a workbook; a CSV file has none")
    return _csv_table(raw, name)


def _refusal(source: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(source, message)], "the table cannot be read; nothing was "
                                                    "written")


def _find_header(rows: Sequence[tuple[int, list[Any]]]) -> int | None:
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(isinstance(c, str) and column_of(c) == "title" for c in cells):
            return index
    return None


def _header_help() -> str:
    return ("name the columns in a header row as the work plans print them: "
            + ", ".join(PRINTED[c] for c in ("number", "title", "timeline", "budget",
                                             "coordinators", "collaborators")))


def _workbook_table(raw: bytes, source: str, wanted: str | None) -> Table:
    from asean_labour.xlsx_input import read_sheets

    sheets = read_sheets(raw, source)
    if wanted is not None:
        chosen = [s for s in sheets if fold(s[0]) == fold(wanted)]
        if not chosen:
            raise UsageError(f"--sheet {wanted!r}: {source} has no such sheet (sheets: "
                             f"{', '.join(repr(s[0]) for s in sheets)})")
        sheets = chosen
    for title, rows in sheets:
        at = _find_header(rows)
        if at is None:
            continue
        number, header = rows[at]
        return Table(source, f"{title} row {number}", [_text(c) for c in header],
                     [Row(n, f"{title} row {n}", cells) for n, cells in rows[at + 1:]])
    names = ", ".join(repr(s[0]) for s in sheets)
    raise _refusal(source, f"no sheet has a Project Title column in its first "
                           f"{HEADER_SEARCH_ROWS} rows (sheets: {names}); {_header_help()}")


def _csv_table(raw: bytes, source: str) -> Table:
    from asean_labour import csv_input

    try:
        decoded = csv_input.decode(raw)
    except csv_input.Unreadable as exc:
        raise InvalidInput([Problem(source, exc.message, line=exc.line)],
                           "the table cannot be read; nothing was written") from None
    sep, start = csv_input.separator(
        decoded.text, lambda cells: sum(1 for c in cells if column_of(c)))
    try:
        rows = [(r.number, list(r.cells)) for r in csv_input.rows(decoded.text, sep, start)
                if any(c.strip() for c in r.cells)]
    except csv_input.CsvSyntaxError as exc:
        raise InvalidInput([Problem(source, exc.message, item=f"row {exc.row}")],
                           "the table cannot be read; nothing was written") from None
    at = _find_header(rows)
    if at is None:
        raise _refusal(source, f"no Project Title column in the first {HEADER_SEARCH_ROWS} "
                               f"rows; {_header_help()}")
    number, header = rows[at]
    notes = [f"{source}: {decoded.note}"] if decoded.note else []
    return Table(source, f"row {number}", header,
                 [Row(n, f"row {n}", cells) for n, cells in rows[at + 1:]], notes)


def _text(value: Any) -> str:
    """A cell's value as text: numbers as written (2027, not 2027.0), dates as dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


# --- from rows to projects -----------------------------------------------------------------------

@dataclass
class Imported:
    """A work plan made from a table: its text, and where each project came from."""

    text: str
    projects: int
    source: str
    rows: dict[str, str]  # project id -> the row it came from ("row 4")
    notes: list[str]
    headers: dict[str, str] = field(default_factory=dict)  # column -> its header as written


@dataclass
class _Item:
    """A numbered item of the table, and the sub-items lettered under it."""

    number: int
    row: Row
    project: dict[str, Any]
    subs: list[tuple[str, Row, dict[str, Any]]] = field(default_factory=list)


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[Problem] = []

    def add(self, row: Row | str, column: str | None, message: str) -> None:
        label = row if isinstance(row, str) else row.label
        where = f"{label}, {column}" if column else label
        self.found.append(Problem(self.source, message, item=where))


def import_table(name: str, catalogue: Catalogue, head: PlanHead, prefix: str | None,
                 sheet: str | None, today: dt.date) -> Imported:
    """The plan file a table makes, or `InvalidInput` with every problem of the table."""
    from asean_labour.loading import PROJECT_ID

    table = read_table(name, sheet)
    problems = _Problems(table.source)
    prefix = (prefix or f"{head.body}-{head.start}").strip()
    if not PROJECT_ID.match(f"{prefix}-1"):
        raise UsageError(f"--prefix {prefix!r}: the projects' ids start with it; use letters, "
                         "digits, '-' and '.', starting with a letter")
    columns = _columns(table, problems)
    if problems.found:
        raise InvalidInput(problems.found, "fix the header row; nothing was written")
    programme = catalogue.plan(head.programme or "")
    assert programme is not None
    reader = _Reader(catalogue, programme, head, columns, problems, table.header)
    for row in table.rows:
        reader.row(row)
    projects = reader.projects(prefix)
    if not projects and not problems.found:
        problems.add(table.header_label, None, "no project below the header row")
    if problems.found:
        noun = "problem" if len(problems.found) == 1 else "problems"
        raise InvalidInput(problems.found, f"{len(problems.found)} {noun} in the table; "
                           "nothing was written")
    text = _plan_text(head, projects, table.source, today)
    rows = {pid: label for pid, label, _ in projects}
    return Imported(text, len(projects), table.source, rows, table.notes, reader.names)


def _columns(table: Table, problems: _Problems) -> dict[str, int]:
    found: dict[str, int] = {}
    known = [s for spellings in COLUMNS.values() for s in spellings[:1]]
    for index, name in enumerate(table.header):
        if not name.strip():
            if any(index < len(r.cells) and _text(r.cells[index]) for r in table.rows):
                problems.add(table.header_label, f"column {index + 1}", "values under an empty "
                             "header cell; name the column or delete the values")
            continue
        column = column_of(name)
        if column is None:
            problems.add(table.header_label, name, "unknown column"
                         f"{did_you_mean(header_key(name), known)}; expected: "
                         + ", ".join(PRINTED.values()))
        elif column in found:
            problems.add(table.header_label, name, f"a second {PRINTED[column]} column "
                         f"(the first is column {found[column] + 1})")
        else:
            found[column] = index
    for column in REQUIRED:
        if column not in found and not problems.found:
            problems.add(table.header_label, None, f"no {PRINTED[column]} column; "
                         + _header_help())
    return found


_HEADING_AREA = re.compile(r"^(?:thematic\s+area\s*(?:no\.?\s*)?)?(\d{1,3})\s*[.:)\-–]?\s*(.*)$",
                           re.IGNORECASE)
_HEADING_KRA = re.compile(r"^(?:kra|key\s+result\s+area)\s*(\d)\b", re.IGNORECASE)
_MEASURE = re.compile(r"\b([A-Z]\.[0-9]+\.[ivxlc]+)\b")
_NUMBER = re.compile(r"^(\d{1,3})\s*\.?\s*(?:\(?([a-z])\)?\.?)?$", re.IGNORECASE)
_LETTER = re.compile(r"^\(?([a-z])[.)]?$", re.IGNORECASE)
_BULLETS = {"•", "·", "●", "▪", "◦", "*", "-", "–", "o"}
_MARKER = re.compile(r"^(?:[•·●▪◦*\-–o]\s+|\(?([a-z])[.)]\s+)", re.IGNORECASE)


class _Reader:
    """Reads the rows in order: headings set the thematic area (and measures) of the rows
    below them; numbered rows are items, lettered rows their sub-items."""

    def __init__(self, catalogue: Catalogue, programme: Plan, head: PlanHead,
                 columns: dict[str, int], problems: _Problems, header: list[str]) -> None:
        self.catalogue = catalogue
        self.vocabulary = catalogue.vocabulary
        self.programme = programme
        self.head = head
        self.columns = columns
        self.problems = problems
        self.names = {c: header[i] for c, i in columns.items()}
        self.area: int | None = None
        self.measures: list[str] = []
        self.items: list[_Item] = []

    def cell(self, row: Row, column: str) -> str:
        index = self.columns.get(column)
        if index is None or index >= len(row.cells):
            return ""
        return _text(row.cells[index])

    def bad(self, row: Row, column: str | None, message: str) -> None:
        self.problems.add(row, self.names.get(column or "", column), message)

    def row(self, row: Row) -> None:
        from asean_labour.batch import Formula
        from asean_labour.xlsx_input import CellError

        for column, index in self.columns.items():
            value = row.cells[index] if index < len(row.cells) else None
            if isinstance(value, Formula):
                self.bad(row, column, f"a formula ({value}); type the value itself")
                return
            if isinstance(value, CellError):
                self.bad(row, column, f"the cell holds an error ({value}); type the value")
                return
        extra = [i for i, v in enumerate(row.cells) if _text(v) and i not in
                 self.columns.values()]
        if extra:
            self.bad(row, f"column {extra[0] + 1}", "a value in a column with no header; name "
                     "the column or delete the value")
            return
        filled = [c for c in self.columns if self.cell(row, c)]
        if len(filled) == 1 and filled[0] in ("number", "title", "thematic_area"):
            text = self.cell(row, filled[0])
            if self.is_heading(text) or (filled[0] == "number" and not _NUMBER.match(text)
                                         and not _LETTER.match(text)):
                self.heading(row, text)
                return
        self.project(row)

    def is_heading(self, text: str) -> bool:
        return bool(_MEASURE.search(text) or _HEADING_KRA.match(text)
                    or self.area_of(text) is not None)

    def heading(self, row: Row, text: str) -> None:
        """A row of one cell: a thematic area, a key result area or strategic measures."""
        codes = _MEASURE.findall(text)
        if codes:
            defined = self.programme.content.measures if self.programme.content else ()
            known = {m.code for m in defined}
            unknown = [c for c in codes if c not in known]
            if unknown:
                self.problems.add(row, None, f"strategic measure {unknown[0]} is not defined "
                                  f"by {self.programme.id} (defined: "
                                  f"{', '.join(sorted(known)) or 'none'})")
            self.measures = [c for c in codes if c in known]
            return
        if _HEADING_KRA.match(text):
            return  # the key result area follows from the thematic area
        area = self.area_of(text)
        if area is None:
            self.problems.add(row, None, f"a heading row that names no thematic area of "
                              f"{self.programme.id}: {text!r}; write \"Thematic Area N: "
                              "...\", or put the project's cells in their columns")
            return
        self.area = area
        self.measures = []

    def area_of(self, text: str) -> int | None:
        content = self.programme.content
        areas = content.thematic_areas if content else ()
        match = _HEADING_AREA.match(text.strip())
        if match and any(a.number == int(match.group(1)) for a in areas):
            return int(match.group(1))
        words = fold(re.sub(r"^thematic\s+area\s*[:.\-–]?\s*", "", text.strip(),
                            flags=re.IGNORECASE))
        found = [a.number for a in areas if fold(a.title) == words]
        return found[0] if len(found) == 1 else None

    def project(self, row: Row) -> None:
        title = " ".join(self.cell(row, "title").split())  # a line break in a cell is layout
        raw_number = self.cell(row, "number")
        if not title:
            self.bad(row, "title", "empty; every project row needs its title")
            return
        marker = _MARKER.match(title)
        letter: str | None = None
        number: int | None = None
        match = _NUMBER.match(raw_number.strip()) if raw_number else None
        lettered = _LETTER.match(raw_number.strip()) if raw_number else None
        if match:
            number = int(match.group(1))
            letter = match.group(2).lower() if match.group(2) else None
        elif lettered:
            letter = lettered.group(1).lower()
        elif raw_number.strip() in _BULLETS:
            letter = "?"  # a bullet: the next letter under the item above
        elif raw_number:
            self.bad(row, "number", f"{raw_number!r} is not an item number; write 1, 2, ... "
                     "for an item and a, b, ... (or 1a, 1b) for its sub-items")
            return
        elif marker:
            letter = (marker.group(1) or "").lower() or None
            if letter is None:
                letter = "?"  # a bullet: the next letter under the item above
        else:
            self.bad(row, "number", "empty; give the item's number, or a letter (a, b) for a "
                     "sub-item of the item above")
            return
        if marker and not raw_number:
            title = title[marker.end():].strip()
        # A row with a problem is still placed, so the rows below it are numbered right.
        fields = self.fields(row, title) or {}
        if letter is None:
            assert number is not None
            if any(item.number == number for item in self.items):
                self.bad(row, "number", f"item {number} is given twice")
                return
            self.items.append(_Item(number, row, fields))
            return
        if number is None:
            if not self.items:
                self.bad(row, "number", "a sub-item before any numbered item; give the item "
                         "its number")
                return
            item = self.items[-1]
        else:
            found = [i for i in self.items if i.number == number]
            if not found:
                self.items.append(_Item(number, row, {}))
                found = [self.items[-1]]
            item = found[0]
        if letter == "?":
            letter = string.ascii_lowercase[len(item.subs)] if len(item.subs) < 26 else "z"
        if any(sub[0] == letter for sub in item.subs):
            self.bad(row, "number", f"item {item.number}{letter} is given twice")
            return
        item.subs.append((letter, row, fields))

    def fields(self, row: Row, title: str) -> dict[str, Any] | None:
        """A project's fields from a row's cells; None (with the problems) when one is bad."""
        before = len(self.problems.found)
        area = self.area
        given = self.cell(row, "thematic_area")
        if given:
            area = self.area_of(given)
            if area is None:
                content = self.programme.content
                known = ", ".join(str(a.number) for a in content.thematic_areas) \
                    if content else "none"
                self.bad(row, "thematic_area", f"{given!r} is not a thematic area of "
                         f"{self.programme.id} (defined: {known})")
        elif area is None:
            self.bad(row, "thematic_area" if "thematic_area" in self.columns else None,
                     "no thematic area: give a Thematic Area column, or heading rows "
                     "(\"Thematic Area 9: ...\") above the projects")
        timeline = self.cell(row, "timeline")
        years, problem = parse_timeline(timeline, self.head.start, self.head.end)
        if problem:
            self.bad(row, "timeline", problem)
        notes: list[str] = []
        coordinators = self.names_in(row, "coordinators", notes)
        collaborators = self.names_in(row, "collaborators", notes)
        budget = self.cell(row, "budget")
        note = self.cell(row, "note")
        if len(self.problems.found) != before:
            return None
        return {
            "_given": {c for c in self.columns if self.cell(row, c)},
            "title": title, "thematic_area": area,
            "measures": list(self.measures) or None,
            "timeline": timeline if fold(timeline) not in NOTHING else None,
            "years": years or None, "coordinators": coordinators or None,
            "collaborators": collaborators or None,
            "budget": budget if fold(budget) not in NOTHING else None,
            "note": " ".join([*notes, note]).strip() or None,
        }

    def names_in(self, row: Row, column: str, notes: list[str]) -> list[Any]:
        text = self.cell(row, column)
        if fold(text) in NOTHING:
            return []
        if fold(text) in UNDECIDED:
            notes.append(f"{PRINTED[column]} printed as {text!r}.")
            return []
        found: list[Any] = []
        for part in split_names(text, column == "coordinators"):
            entry = self.coordinator(row, part) if column == "coordinators" \
                else self.vocabulary.organisation(part)
            if entry is None:
                continue
            name = entry["name"] if isinstance(entry, dict) else entry
            if all((e["name"] if isinstance(e, dict) else e) != name for e in found):
                found.append(entry)
        return found

    def coordinator(self, row: Row, part: str) -> Any:
        """A coordinator as the plan files write it: a name, or a table with the years the
        table limits it to (`Malaysia (2026-2027)`) and the part it plays
        (`Viet Nam (co-coordinator)`)."""
        name, qualifiers = _qualifiers(part)
        canonical = self.vocabulary.coordinator(name)
        if canonical is None:
            close = self.vocabulary.suggest_coordinator(name, 1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            self.bad(row, "coordinators", f"unknown member state {name!r}{hint}; expected a "
                     "Member State or a coordinating role of the vocabulary (a new one goes "
                     "in the plans folder's vocabulary.toml)")
            return None
        entry: dict[str, Any] = {"name": canonical}
        roles = []
        for text in qualifiers:
            years, problem = parse_timeline(text, self.head.start, self.head.end, strict=True)
            if problem is None and years:
                entry["years"] = years
            else:
                roles.append(text)
        if roles:
            entry["role"] = "; ".join(roles)
        return entry if len(entry) > 1 else canonical

    def projects(self, prefix: str) -> list[tuple[str, str, dict[str, Any]]]:
        """Each project with its id and row: an item, or the sub-items of an item, which then
        heads them (`parent`), its cells taken by the sub-items that leave theirs empty, as a
        merged cell of the printed table."""
        found = []
        for item in self.items:
            if not item.subs:
                found.append((f"{prefix}-{item.number}", item.row.label,
                              {"number": str(item.number), **_public(item.project)}))
                continue
            parent = item.project.get("title")
            for letter, row, fields in item.subs:
                merged = _public(fields)
                given = fields.get("_given", set())
                taken = []
                for keys, column in ((("timeline", "years"), "timeline"),
                                     (("coordinators",), "coordinators"),
                                     (("collaborators",), "collaborators"),
                                     (("budget",), "budget")):
                    heading = [item.project.get(k) for k in keys]
                    if column not in given and any(v is not None for v in heading):
                        merged.update(zip(keys, heading, strict=True))
                        taken.append(self.names.get(column, PRINTED[column]))
                if taken:
                    said = (f"{', '.join(taken)} as printed on the row of item {item.number} "
                            f"({item.row.label}), which heads it.")
                    merged["note"] = " ".join(x for x in (merged.get("note"), said) if x)
                merged["parent"] = parent
                found.append((f"{prefix}-{item.number}{letter}", row.label,
                              {"number": f"{item.number}{letter}", **merged}))
        return found


def _public(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if not k.startswith("_")}


def split_names(text: str, coordinators: bool) -> list[str]:
    """The names a cell lists: one per line, or separated by `;` or `,` (and, for
    coordinators, `and`, `&` and `/`), never inside brackets: `ILO (ASEAN Triangle Project)`
    stays whole."""
    separators = r"\n|;|," + (r"|/|&|\band\b" if coordinators else "")
    parts: list[str] = []
    depth = 0
    start = 0
    for match in re.finditer(r"[()]|" + separators, text):
        token = match.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[start:match.start()])
            start = match.end()
    parts.append(text[start:])
    return [p for p in (_MARKER.sub("", part.strip()).strip() for part in parts) if p]


def _qualifiers(text: str) -> tuple[str, list[str]]:
    """`Malaysia (2026-2027) (co-coordinator)` -> (`Malaysia`, [`2026-2027`,
    `co-coordinator`])."""
    found = re.findall(r"\(([^()]*)\)", text)
    name = re.sub(r"\([^()]*\)", " ", text)
    return " ".join(name.split()), [q.strip() for q in found if q.strip()]


_RANGE = re.compile(r"(\d{4})\s*[-–—/]\s*(\d{4})")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ONWARDS = re.compile(r"(\d{4})\s*(?:onwards?|and beyond|\+)|(?:from|since|starting)\s+(\d{4})",
                      re.IGNORECASE)
_ANNUAL = re.compile(r"^(?:annual|annually|yearly|every year|each year|regularly|continuous|"
                     r"ongoing)$", re.IGNORECASE)


def parse_timeline(text: str, start: int, end: int, strict: bool = False
                   ) -> tuple[list[int], str | None]:
    """The years a printed timeline gives, and what is wrong with it (None: nothing).

    `2026-2027`, `2026/2027`: those years; `2027`, `10 October 2027`: that year; `2026
    onwards`: from 2026 to the plan's last year; `Annual`: every year of the plan; `TBC` or an
    empty cell: none. Years are inside the plan's period. With `strict` (a coordinator's
    bracket), text that gives no year is no timeline: it is read as a role."""
    words = fold(text)
    if words in NOTHING or words in UNDECIDED:
        return [], None
    if _ANNUAL.match(words):
        return list(range(start, end + 1)), None
    years: set[int] = set()
    rest = text
    for match in _ONWARDS.finditer(text):
        first = int(match.group(1) or match.group(2))
        years.update(range(first, max(first, end) + 1))
        rest = rest.replace(match.group(), " ")
    for match in _RANGE.finditer(rest):
        first, last = int(match.group(1)), int(match.group(2))
        if first > last:
            return [], f"{text!r}: the range {first}-{last} runs backwards"
        years.update(range(first, last + 1))
        rest = rest.replace(match.group(), " ")
    years.update(int(y) for y in _YEAR.findall(rest))
    if not years:
        if strict:
            return [], "no year"
        return [], (f"cannot read {text!r} as a timeline; write a year (2027), a range "
                    f"(2026-2027), 'Annual', '2026 onwards' or 'TBC'")
    outside = sorted(y for y in years if not start <= y <= end)
    if outside:
        return [], f"{text!r}: {outside[0]} is outside the plan's period {start}-{end}"
    if strict and re.sub(r"[\d\s\-–—/,]|and|onwards?", "", words):
        return [], "not only years"
    return sorted(years), None


def _plan_text(head: PlanHead, projects: list[tuple[str, str, dict[str, Any]]], source: str,
               today: dt.date) -> str:
    from asean_labour.plan_text import commented, pair, table

    intro = (f"{head.id}: imported by `asean-labour plans import` from {Path(source).name} on "
             f"{today.isoformat()}.\nCheck it against the adopted text (each project names "
             "the row it comes from),\nadd the source publication below, then run "
             "`asean-labour validate`.")
    parts = [commented(intro), pair("schema_version", 1), "",
             table("plan", head.fields()).rstrip("\n"),
             commented('source = "ASEAN Secretariat, ... (the publication, with its pages)"'),
             ]
    order = ("id", "number", "title", "parent", "thematic_area", "measures", "timeline",
             "years", "coordinators", "collaborators", "budget", "note")
    for pid, label, fields in projects:
        record = {"id": pid} | fields
        parts.append(table("projects", {k: record.get(k) for k in order}, array=True,
                           comments=[label]))
    return "\n".join(parts)


# --- the check before writing -------------------------------------------------------------------

#: The table column a plan field comes from, for the problems the plans check finds.
FIELD_COLUMNS = {"coordinators": "coordinators", "collaborators": "collaborators",
                 "years": "timeline", "timeline": "timeline", "title": "title",
                 "thematic_area": "thematic_area", "id": "number", "number": "number",
                 "budget": "budget", "note": "note", "measures": None, "parent": "title"}


def check(folder: Path, path: Path, imported: Imported) -> Catalogue:
    """The plans with the imported plan among them, or `InvalidInput` with every problem, a
    problem of a project named by its row and column."""
    from asean_labour.files import display_path
    from asean_labour.loading import check_plans

    catalogue, problems, _ = check_plans(folder, {path: imported.text})
    if catalogue is not None:
        return catalogue
    shown = display_path(path)
    mapped = []
    for problem in problems:
        row = imported.rows.get(problem.item or "") if problem.file == shown else None
        if row is None:
            mapped.append(problem)
            continue
        column = FIELD_COLUMNS.get(problem.field or "")
        where = f"{row}, {imported.headers.get(column, PRINTED[column])}" if column else row
        hint = "; give --prefix for ids of this plan's own, e.g. --prefix BODY-2026" \
            if problem.field == "id" and problem.message.startswith("duplicate") else ""
        mapped.append(Problem(imported.source, f"{problem.item}: {problem.message}{hint}",
                              item=where))
    noun = "problem" if len(mapped) == 1 else "problems"
    raise InvalidInput(mapped, f"{len(mapped)} {noun}; nothing was written")
