"""Tables as an Excel workbook (.xlsx), written with openpyxl (imported only here).

One sheet per table: a bold header row, the header and the first column frozen, an autofilter
over the data, columns sized to what they hold. Cells are typed: a number is a number (a year,
a count, a cycle: whole numbers), a date a date cell (`yyyy-mm-dd`), a time a date-and-time
cell (UTC), true/false a boolean; a list is one text cell, its items joined with `; ` (as in
the CSV). Text is always text: a note that starts with "=" (or reads like an error value such
as "#N/A") is stored as a string, never as a formula, and control and invisible characters are
shown as escapes (`text_safety.visible_controls`), as in every other format.

The workbook is written in openpyxl's write-only mode (row by row, 10,000 projects in about a
second); `render` returns its bytes, for `report_output.write_file` to put in place atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from asean_labour import __version__
from asean_labour.text_safety import visible_controls

#: The most characters an Excel cell holds; longer text is cut, and says so.
MAX_CELL = 32_767
#: Column widths, in characters: at least the header's, at most this.
MIN_WIDTH, MAX_WIDTH = 6, 60
#: Rows measured for the widths (the rest are like them).
MEASURED_ROWS = 2_000
LIST_SEPARATOR = "; "
HEADER_FILL = "1F4E79"  # dark blue, white bold text: as the reporting workbook's
FONT = "Calibri"  # the workbook's default font, named for the header too
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
#: Excel shows a boolean cell as TRUE or FALSE whatever its format; LibreOffice needs the
#: format to, or it may show 1 and 0.
BOOLEAN_FORMAT = '"TRUE";"TRUE";"FALSE"'
#: Zip entries dated 1980-01-01, so the same data gives the same file.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Texts openpyxl would store as an error value rather than as text.
_ERROR_TEXTS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
_FORBIDDEN_IN_TITLES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


@dataclass(frozen=True)
class Sheet:
    """One table of a workbook: a title, the header, rows of typed values."""

    title: str
    fields: tuple[str, ...]
    rows: Sequence[Sequence[Any]]
    #: A last row under the data, in bold and outside the autofilter (the totals of a count
    #: table), so sorting the data leaves it in place.
    totals: Sequence[Any] | None = None
    #: Number formats by column name ("0%" for a share).
    formats: Mapping[str, str] = field(default_factory=dict)
    #: Freeze the first column with the header (an id or a name that says what a row is).
    freeze_first: bool = True


def sheet(title: str, records: Iterable[Mapping[str, Any]], fields: Sequence[str], *,
          dates: Iterable[str] = (), times: Iterable[str] = (),
          formats: Mapping[str, str] | None = None) -> Sheet:
    """A sheet of records with the given columns (a missing field is an empty cell); the
    fields named in `dates` and `times` hold ISO texts (as in JSON) and become date and
    date-and-time cells."""
    as_date, as_time = set(dates), set(times)
    rows = []
    for record in records:
        row = []
        for name in fields:
            value = record.get(name)
            if isinstance(value, str) and value:
                if name in as_date:
                    value = dt.date.fromisoformat(value[:10])
                elif name in as_time:
                    value = dt.datetime.fromisoformat(value)
            row.append(value)
        rows.append(row)
    return Sheet(title, tuple(fields), rows, formats=dict(formats or {}))


def pairs_sheet(title: str, pairs: Iterable[tuple[str, Any]],
                fields: tuple[str, str] = ("field", "value")) -> Sheet:
    """A two-column sheet of names and values (what a document says about itself)."""
    return Sheet(title, fields, [list(p) for p in pairs])


def text(value: Any) -> str:
    """A value as the text of one cell: lists joined with `; `, true/false as yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(text(v) for v in value)
    if isinstance(value, dict):
        return " ".join(f"{k}={text(v)}" for k, v in value.items())
    return str(value)


def cell_text(value: str) -> str:
    """Text as a cell holds it: controls made visible, cut (saying so) past Excel's limit."""
    shown = visible_controls(value)
    if len(shown) <= MAX_CELL:
        return shown
    marker = f" [… cut: {len(shown):,} characters; the JSON output has the whole text]"
    return shown[:MAX_CELL - len(marker)] + marker


def sheet_title(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\."""
    base = title.translate(_FORBIDDEN_IN_TITLES).strip()[:31] or "Sheet"
    name, number = base, 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(name.casefold())
    return name


def render(sheets: Sequence[Sheet], title: str = "", created: dt.date | None = None) -> bytes:
    """The sheets as the bytes of an .xlsx file (`title`: the document property; `created`:
    its date, default today)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for table in sheets:
        _write_sheet(workbook, table, sheet_title(table.title, taken))
    if not sheets:
        _write_sheet(workbook, Sheet("Empty", ("nothing",), []), "Empty")
    when = dt.datetime.combine(created or dt.date.today(), dt.time())
    workbook.properties.creator = f"asean-labour {__version__}"
    workbook.properties.title = cell_text(title)[:250] if title else None
    workbook.properties.created = workbook.properties.modified = when
    out = io.BytesIO()
    workbook.save(out)
    return _fixed_times(out.getvalue(), when)


def _write_sheet(workbook: Any, table: Sheet, title: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"  # the header on every printed page
    width = len(table.fields)
    last_column = get_column_letter(max(width, 1))
    for index, size in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = size
    if table.rows:
        sheet.freeze_panes = "B2" if table.freeze_first and width > 1 else "A2"
        sheet.auto_filter.ref = f"A1:{last_column}{len(table.rows) + 1}"
    else:
        sheet.freeze_panes = "A2"
    header_font = Font(name=FONT, size=11, bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    # A header over numbers stands over them, on the right.
    left, right = Alignment(vertical="center"), Alignment(vertical="center", horizontal="right")
    numeric = _numeric_columns(table)
    header = []
    for index, name in enumerate(table.fields):
        cell = WriteOnlyCell(sheet, value=cell_text(name))
        cell.data_type = "s"
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = right if index in numeric else left
        header.append(cell)
    sheet.append(header)
    formats = {index: fmt for index, name in enumerate(table.fields)
               if (fmt := table.formats.get(name))}
    for row in table.rows:
        sheet.append(_cells(sheet, row, formats))
    if table.totals is not None:
        bold = Font(name=FONT, size=11, bold=True)
        cells = []
        for value in _cells(sheet, table.totals, formats):
            cell = value if isinstance(value, Cell) else WriteOnlyCell(sheet, value)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)


def _cells(sheet: Any, row: Sequence[Any], formats: Mapping[int, str]) -> list[Any]:
    """A row's values as openpyxl takes them: plain values where they cannot be misread,
    a text cell where a string would otherwise become a formula or an error value."""
    from openpyxl.cell import WriteOnlyCell

    cells: list[Any] = []
    for index, given in enumerate(row):
        value = _typed(given)
        fmt = formats.get(index)
        if isinstance(value, str) and (value.startswith("=") or value in _ERROR_TEXTS):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cells.append(cell)
        elif fmt is not None and value is not None:
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = fmt
            cells.append(cell)
        elif isinstance(value, dt.datetime | bool):  # a date alone gets yyyy-mm-dd
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = TIME_FORMAT if isinstance(value, dt.datetime) else \
                BOOLEAN_FORMAT
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def _typed(value: Any) -> Any:
    """A value as its cell holds it: numbers, dates and booleans as they are (a time in UTC,
    without its zone, which Excel cannot hold), everything else as text."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return value
    shown = value if isinstance(value, str) else text(value)
    return cell_text(shown) if shown else None


def _numeric_columns(table: Sheet) -> set[int]:
    """The columns whose values (of the first rows) are all numbers."""
    kinds: dict[int, bool] = {}
    for row in table.rows[:MEASURED_ROWS]:
        for index, value in enumerate(row):
            if value is None or value == "":
                continue
            number = isinstance(value, int | float) and not isinstance(value, bool)
            kinds[index] = kinds.get(index, True) and number
    return {index for index, number in kinds.items() if number}


def _widths(table: Sheet) -> list[int]:
    """Each column as wide as its header and its longest value (the first lines of a text,
    of the first rows), within MIN_WIDTH and MAX_WIDTH."""
    # Bold, and room for the filter button.
    widths = [math.ceil(_text_width(name) * 1.1) + 3 for name in table.fields]
    for row in (*table.rows[:MEASURED_ROWS], *((table.totals,) if table.totals else ())):
        for index, value in enumerate(row[:len(widths)]):
            widths[index] = max(widths[index], _shown_width(value))
    return [min(max(w, MIN_WIDTH), MAX_WIDTH) for w in widths]


def _shown_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, bool):
        return 5
    if isinstance(value, dt.datetime):
        return 19
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, int | float):
        return len(f"{value:g}") + 1
    shown = value if isinstance(value, str) else text(value)
    return math.ceil(max((_text_width(line) for line in shown.split("\n")), default=0)) + 1


def _text_width(line: str) -> float:
    """A line's width in Excel's unit (the width of a digit): capitals and a few wide letters
    take more, narrow letters and punctuation less."""
    return sum(1.3 if c.isupper() or c in "mw" else 0.6 if c in "ijlt.,;:'|! " else 1.0
               for c in line)


def _fixed_times(data: bytes, modified: dt.datetime) -> bytes:
    """The same zip with every entry dated 1980-01-01 and the document's `modified` property
    (which openpyxl sets to the moment of saving) set to `modified`: equal data, equal files."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = modified.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + stamp + rb"\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()
