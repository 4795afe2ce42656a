"""The reporting workbook as an Excel file (openpyxl, imported only here).

Sheet "Updates": a title, a one-line hint, the header (frozen, with the project column), one
row per project. Reference columns are grey and locked; the columns to fill in are white, with
a drop-down list of the statuses and of the outputs, and a date check. Sheet "Instructions":
how to fill it in and send it back. A hidden sheet records the cycle and body it was made for
(`template.Template.meta`), which `update --file` reads back.

Every text goes through `visible_controls` and is written as text, never as a formula, so a
title such as "=HYPERLINK(...)" stays a title. The file is reproducible: the document dates
are the day it was made.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterable
from typing import Any

from asean_labour import __version__
from asean_labour.status import Status
from asean_labour.template import (
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    OUTPUT_CHOICES,
    STATUS_CHOICES,
    UPDATES_SHEET,
    Template,
)
from asean_labour.text_safety import visible_controls

HEADER_FILL = "1F4E79"  # dark blue, white bold text
REFERENCE_FILL = "EDEDED"  # light grey: for reference, locked
REFERENCE_HEADER_FILL = "7F7F7F"
FILL_BORDER = "BFBFBF"
STATUS_MEANINGS = {
    Status.NOT_STARTED: "planned, nothing done yet",
    Status.ONGOING: "being implemented",
    Status.DELAYED: "being implemented, behind its timeline",
    Status.POSTPONED: "put on hold, to resume later",
    Status.COMPLETED: "delivered",
    Status.CANCELLED: "will not be implemented",
    Status.CARRIED_OVER: "not finished within this plan; continues under the successor plan "
                         "(give the project that continues it under 'Carried to')",
}


LINE_HEIGHT = 15  # points, for 11 pt text


def _height(texts: Iterable[tuple[str, int]]) -> float:
    """A row height that shows every (text, column width) whole when wrapped: spreadsheets
    do not all fit rows to wrapped text when they open a file."""
    # A column `width` holds that many digits; text averages ~10% narrower characters.
    lines = max((sum(max(1, math.ceil(len(part) / max(width * 1.1 - 2, 1)))
                     for part in text.split("\n")) for text, width in texts), default=1)
    return LINE_HEIGHT * max(lines, 1)


def _text(cell: Any, value: str) -> None:
    """Put text in a cell as text: controls made visible, never read as a formula."""
    cell.value = visible_controls(value)
    cell.data_type = "s"


def render(template: Template) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    from openpyxl import Workbook

    workbook = Workbook()
    updates = workbook.active
    updates.title = UPDATES_SHEET
    _updates_sheet(updates, template)
    _instructions_sheet(workbook.create_sheet(INSTRUCTIONS_SHEET), template)
    meta = workbook.create_sheet(META_SHEET)
    for number, (key, value) in enumerate(template.meta(), start=1):
        _text(meta.cell(number, 1), key)
        if isinstance(value, int):
            meta.cell(number, 2).value = value
        else:
            _text(meta.cell(number, 2), value)
    meta.sheet_state = "hidden"
    made = dt.datetime.combine(template.made_on, dt.time())
    workbook.properties.creator = f"asean-labour {__version__}"
    workbook.properties.title = visible_controls(template.title)
    workbook.properties.created = workbook.properties.modified = made
    workbook.active = 0
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _updates_sheet(sheet: Any, template: Template) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = template.columns
    last_column = get_column_letter(len(columns))
    _text(sheet["A1"], template.title)
    sheet["A1"].font = Font(bold=True, size=14)
    _text(sheet["A2"], "Fill in the white columns: Status for every project with news "
          "(leave the row blank if there is none), and Date, Note, Reported by, Outputs and "
          "Evidence as you can. The grey columns are for reference. See the Instructions "
          "sheet.")
    sheet["A2"].font = Font(italic=True, color="595959")
    thin = Side(style="thin", color=FILL_BORDER)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(HEADER_ROW, index)
        _text(cell, column.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL if column.fill
                                else REFERENCE_HEADER_FILL)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    grey = PatternFill("solid", fgColor=REFERENCE_FILL)
    wrap = Alignment(vertical="top", wrap_text=True)
    for number, row in enumerate(template.rows, start=HEADER_ROW + 1):
        for index, value in enumerate(row.reference(), start=1):
            cell = sheet.cell(number, index)
            _text(cell, value)
            cell.fill = grey
            cell.alignment = wrap
        sheet.row_dimensions[number].height = _height(zip(row.reference(),
                                                          (c.width for c in columns), strict=False))
        for index, column in enumerate(columns, start=1):
            if not column.fill:
                continue
            cell = sheet.cell(number, index)
            cell.protection = Protection(locked=False)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = wrap
            if column.field == "date":
                cell.number_format = "yyyy-mm-dd"
            elif column.field in ("note", "reported_by", "evidence", "carried_to", "status",
                                  "outputs"):
                cell.number_format = "@"  # text: Excel keeps "=..." or "1/5" as typed
    first, last = HEADER_ROW + 1, HEADER_ROW + max(len(template.rows), 1)
    fields = {c.field: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    statuses = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"',
                              allow_blank=True, showErrorMessage=True, errorTitle="Status",
                              error="Pick a status from the list: " + ", ".join(STATUS_CHOICES),
                              promptTitle="Status", prompt="Pick from the list.",
                              showInputMessage=True)
    outputs = DataValidation(type="list", formula1='"' + ",".join(OUTPUT_CHOICES) + '"',
                             allow_blank=True, showErrorMessage=True, errorStyle="warning",
                             errorTitle="Outputs", error="data, laws, or 'data; laws'")
    dates = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                           formula2="DATE(2099,12,31)", allow_blank=True,
                           showErrorMessage=True, errorTitle="Date",
                           error="Type a date, e.g. 2018-06-30")
    for validation, name in ((statuses, "status"), (outputs, "outputs"), (dates, "date")):
        sheet.add_data_validation(validation)
        validation.add(f"{fields[name]}{first}:{fields[name]}{last}")
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{last}"
    sheet.row_dimensions[HEADER_ROW].height = 30
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # Locked reference columns; no password (Review > Unprotect Sheet), filtering and resizing
    # allowed.
    protection = sheet.protection
    protection.sheet = True
    protection.autoFilter = False
    protection.formatColumns = False
    protection.formatRows = False
    protection.formatCells = False


def _instructions_sheet(sheet: Any, template: Template) -> None:
    from openpyxl.styles import Alignment, Font

    widths = (16, 84)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = widths
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    lines: list[tuple[str, str, str]] = [
        ("title", template.title, ""),
        ("", "", ""),
        ("head", "This workbook", ""),
        ("pair", "Cycle", str(template.cycle)),
        ("pair", "For", template.audience),
        ("pair", "Projects", f"{len(template.rows)} to report on: those due by "
                             f"{template.cycle}, and those the plan gives no year"),
        ("pair", "Made on", template.made_on.isoformat()),
        ("", "", ""),
        ("head", "How to fill it in", ""),
        ("text", "1.", f"On the {UPDATES_SHEET} sheet, give each project's Status as of this "
                       "cycle (pick from the list). Leave a row blank if there is nothing to "
                       "report: blank rows are counted, not recorded."),
        ("text", "2.", "Date: when the progress happened (e.g. 2018-06-30). Blank: the day "
                       "the secretariat records the workbook."),
        ("text", "3.", "Note: what happened, in words. Reported by: who reports."),
        ("text", "4.", "Outputs (for the scorecard): data (data/information/statistics), laws "
                       "(laws/standards/policies), or 'data; laws'."),
        ("text", "5.", "Evidence: links or document references, separated by ';'."),
        ("text", "6.", "Do not rename the sheets or change the grey columns; save as an Excel "
                       "workbook (.xlsx) and send it back to the ASEAN Secretariat."),
        ("", "", ""),
        ("head", "Statuses", ""),
        *(("pair", status.label, STATUS_MEANINGS[status]) for status in Status),
        ("", "", ""),
        ("head", "For the secretariat", ""),
        ("text", "", f"Record it with: asean-labour update --file FILE.xlsx --dry-run, then "
                     f"without --dry-run. It is recorded in cycle {template.cycle}."),
    ]
    for number, (kind, first, second) in enumerate(lines, start=1):
        if kind == "title":
            _text(sheet.cell(number, 1), first)
            sheet.cell(number, 1).font = Font(bold=True, size=14)
        elif kind == "head":
            _text(sheet.cell(number, 1), first)
            sheet.cell(number, 1).font = Font(bold=True, size=12)
        elif kind in ("pair", "text"):
            _text(sheet.cell(number, 1), first)
            _text(sheet.cell(number, 2), second)
            sheet.cell(number, 1).font = Font(bold=kind == "pair")
            sheet.cell(number, 2).alignment = Alignment(wrap_text=True, vertical="top")
            sheet.cell(number, 1).alignment = Alignment(vertical="top")
            sheet.row_dimensions[number].height = _height([(second, widths[1])])
