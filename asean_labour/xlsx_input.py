"""Reading a batch from an Excel workbook (.xlsx), natively, with openpyxl (imported only here).

Cells keep their types: a date cell is a date, a number a number; formulas are never
evaluated (a note typed as "=..." is that text; a formula where a status or date belongs is
refused). The sheet is "Updates" (the reporting workbook's), else the first sheet with a project
column; its header is the first row, within the first 20, that names the project column (a
title above it is fine). Every problem names the sheet and cell ("Updates!F7").

A workbook is a zip of XML files: its entries are counted and their sizes added up before it
is opened, so a small file that would expand to gigabytes is refused unread, and the XML is
parsed with defusedxml (no entity expansion).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from asean_labour.batch import (
    EXPORT_MARKERS,
    MAX_BATCH_ROWS,
    Batch,
    Formula,
    Place,
    build_request,
    column_key,
    field_of,
    resolve_columns,
)
from asean_labour.errors import InvalidInput, Problem, UsageError
from asean_labour.template import META_SHEET, UPDATES_SHEET, read_meta

MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
HEADER_SEARCH_ROWS = 20
#: Columns read to the right of the header, to find values typed where no column is named.
EXTRA_COLUMNS = 30


def _cannot(source: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(source, message)],
                        "the workbook cannot be read; nothing was recorded")


def check_archive(raw: bytes, source: str) -> None:
    """Refuse, unread, what is no workbook or would expand beyond the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _cannot(source, "not an Excel workbook (.xlsx): the file is damaged or is "
                      "another kind of file") from None
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names:
        what = "an OpenDocument spreadsheet (.ods)" if "content.xml" in names else \
            "a zip file, not an Excel workbook"
        raise _cannot(source, f"{what}; save it as an Excel workbook (.xlsx)")
    expanded = sum(e.file_size for e in entries)
    if len(entries) > MAX_ZIP_ENTRIES or expanded > MAX_UNCOMPRESSED_BYTES:
        raise UsageError(f"{source}: the workbook expands to {expanded:,} bytes in "
                         f"{len(entries):,} parts; a batch workbook may expand to at most "
                         f"{MAX_UNCOMPRESSED_BYTES:,} bytes: split it")


def read_workbook(raw: bytes, source: str) -> Batch:
    """The updates of a workbook, as `batch.read_batch` gives them."""
    check_archive(raw, source)
    import openpyxl

    with warnings.catch_warnings():
        # openpyxl warns about parts it does not read (data validation extensions, images):
        # they do not matter for the values.
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True,
                                              data_only=False, keep_links=False)
        except Exception as exc:  # any damage in any part: openpyxl raises all kinds
            raise _broken(source, exc) from None
        try:
            return _read(workbook, source)
        finally:
            workbook.close()


def _broken(source: str, exc: Exception) -> InvalidInput:
    detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
    return _cannot(source, f"cannot read this workbook ({type(exc).__name__}"
                   + (f": {detail}" if detail else "") + "); open it in Excel and save it "
                   "again as an Excel workbook (.xlsx)")


def _rows(sheet: Any, source: str, **bounds: Any) -> Iterator[tuple[Any, ...]]:
    """A sheet's rows; the XML is parsed as they are read, so damage shows up here."""
    iterator = sheet.iter_rows(**bounds)
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except Exception as exc:
            raise _broken(source, exc) from None
        yield row


def _read(workbook: Any, source: str) -> Batch:
    from openpyxl.utils import get_column_letter

    made = None
    if META_SHEET in workbook.sheetnames:
        made = read_meta([tuple(r[:2]) for r in _rows(workbook[META_SHEET], source,
                                                      max_row=30, max_col=2,
                                                      values_only=True)])
    sheet, header_row, names = _find_header(workbook, source)
    title = sheet.title
    batch = Batch([], source, "xlsx")
    if made is not None:
        if made.cycle is None:
            raise _cannot(source, f"the hidden sheet {META_SHEET!r} no longer names the cycle "
                          "this workbook was made for; make a new one with `asean-labour "
                          "template`")
        batch.cycle, batch.body, batch.coordinators = made.cycle, made.body, made.coordinators

    def cell(row: int, column: int) -> str:
        return f"{title}!{get_column_letter(column + 1)}{row}"

    header_problems: list[Problem] = []
    fields = resolve_columns(names, lambda i, name, message: header_problems.append(
        Problem(f"{source}: {cell(header_row, i)}", message, field=name)))
    for required in ("project", "status"):
        if required not in fields:
            header_problems.append(Problem(f"{source}: {title} row {header_row}",
                                           "missing column (required)", field=required))
    if header_problems:
        raise InvalidInput(header_problems, f"fix the header row of sheet {title!r}; nothing "
                           "was recorded")
    batch.export = any(column_key(n) in EXPORT_MARKERS for n in names)
    width = len(names)
    epoch = workbook.epoch.date() if isinstance(workbook.epoch, dt.datetime) else None
    rows = _rows(sheet, source, min_row=header_row + 1, max_col=width + EXTRA_COLUMNS)
    for offset, cells in enumerate(rows):
        if offset >= MAX_BATCH_ROWS:
            raise UsageError(f"{source}: sheet {title!r} has more than {MAX_BATCH_ROWS:,} rows; "
                             f"a batch may hold at most {MAX_BATCH_ROWS:,}: split it")
        number = header_row + 1 + offset
        if all(_empty(c) for c in cells):
            continue
        where = {f: cell(number, i) for i, f in enumerate(fields) if f is not None}
        project = _project_text(cells, fields)
        place = Place(source, number, cells=where, label=f"{title} row {number}")
        values: dict[str, Any] = {}
        for index, item in enumerate(cells):
            if _empty(item):
                continue
            name = fields[index] if index < width else None
            if name is None:
                if index >= width or not column_key(str(names[index] or "")):
                    batch.problems.append(Problem(
                        f"{source}: {cell(number, index)}", "a value in a column with no "
                        "header; put it in a named column (or delete it)"))
                continue
            if item.data_type == "e":
                batch.problems.append(place.problem(name, f"the cell holds an error "
                                                    f"({item.value}); type the value", project))
                continue
            values[name] = _value(item, name)
        request = build_request(values, place, batch, epoch)
        if request is None:
            continue
        if made is not None and request.cycle is not None and \
                str(request.cycle).strip() != str(made.cycle):
            batch.problems.append(place.problem(
                "cycle", f"this workbook was made for cycle {made.cycle}, not "
                f"{request.cycle}", request.project))
        batch.requests.append(request)
    return batch


def _project_text(cells: tuple[Any, ...], fields: list[str | None]) -> str | None:
    index = fields.index("project")
    value = getattr(cells[index], "value", None) if index < len(cells) else None
    return str(value).strip() or None if value is not None else None


def _empty(item: Any) -> bool:
    value = getattr(item, "value", None)
    return value is None or (isinstance(value, str) and not value.strip())


def _value(item: Any, name: str) -> Any:
    """A cell's value for its field: formulas as `Formula` text; numbers, dates and booleans
    kept for the date and cycle, and written as text for the text fields."""
    value = item.value
    if item.data_type == "f" or (isinstance(value, str) and item.data_type == "f"):
        return Formula(str(value))
    if name in ("date", "cycle") or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _find_header(workbook: Any, source: str) -> tuple[Any, int, list[str]]:
    """The sheet to read, its header row and the header's names."""
    sheets = [s for s in workbook.worksheets if s.title != META_SHEET]
    sheets.sort(key=lambda s: s.title != UPDATES_SHEET)  # the template's sheet first
    for sheet in sheets:
        for number, cells in enumerate(_rows(sheet, source, max_row=HEADER_SEARCH_ROWS,
                                             values_only=True), start=1):
            names = ["" if v is None else str(v) for v in cells]
            if any(field_of(n) == "project" for n in names):
                while names and not names[-1].strip():
                    names.pop()
                return sheet, number, names
    listed = ", ".join(repr(s.title) for s in sheets) or "none"
    raise _cannot(source, f"no sheet has a project column (Project, or ID) in its first "
                  f"{HEADER_SEARCH_ROWS} rows (sheets: {listed}); name the columns in a "
                  "header row: Project, Status, Date, Note, ...")


# --- a workbook as tables (for `plans import`) -------------------------------------------------

#: How many rows of a sheet `read_sheets` reads: a work plan has tens of rows, not thousands.
MAX_SHEET_ROWS = 10_000


def read_sheets(raw: bytes, source: str, what: str = "nothing was written"
                ) -> list[tuple[str, list[tuple[int, list[Any]]]]]:
    """Every sheet of a workbook as (title, rows): each row its number and its cells' values
    (text, number, date; a formula as `Formula`, an error cell as `CellError`), empty rows left
    out. The archive is checked first, as for a batch; `what` ends the refusal's summary."""
    check_archive(raw, source)
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True,
                                              data_only=False, keep_links=False)
        except Exception as exc:
            raise _with_summary(_broken(source, exc), what) from None
        try:
            sheets = []
            for sheet in workbook.worksheets:
                rows = []
                for number, cells in enumerate(_rows(sheet, source), start=1):
                    if number > MAX_SHEET_ROWS:
                        raise UsageError(f"{source}: sheet {sheet.title!r} has more than "
                                         f"{MAX_SHEET_ROWS:,} rows; a work plan has far fewer")
                    values = [_sheet_value(c) for c in cells]
                    while values and values[-1] is None:
                        values.pop()
                    if values:
                        rows.append((number, values))
                sheets.append((str(sheet.title), rows))
            return sheets
        except InvalidInput as error:
            raise _with_summary(error, what) from None
        finally:
            workbook.close()


class CellError(str):
    """A cell that holds a spreadsheet error (#N/A, #REF!...), as its text."""

    __slots__ = ()


def _sheet_value(item: Any) -> Any:
    value = getattr(item, "value", None)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = getattr(item, "data_type", None)
    if kind == "f":
        return Formula(str(value))
    if kind == "e":
        return CellError(str(value))
    return value


def _with_summary(error: InvalidInput, what: str) -> InvalidInput:
    return InvalidInput(error.problems, f"the workbook cannot be read; {what}")
