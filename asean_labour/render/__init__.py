"""Output formats: one small module per format; none of them is imported by the core."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ListFormat(StrEnum):
    """The formats every listing command writes."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    XLSX = "xlsx"  # an Excel workbook: written to --output FILE.xlsx only


class ReportFormat(StrEnum):
    """The formats of the reporting commands (report, scorecard, review, timeline). `table`
    is for people (the terminal, or a .txt file), as in the listing commands."""

    TABLE = "table"
    MARKDOWN = "markdown"
    DOCX = "docx"
    JSON = "json"
    HTML = "html"
    XLSX = "xlsx"  # the data as an Excel workbook (render/report_xlsx.py)


@dataclass(frozen=True)
class Column:
    """A column of a table and how it gives way on a narrow terminal (render/text_table.py).

    Cells wrap between words; a word wider than its column is shortened with "…", never
    split over lines."""

    header: str
    ratio: int | None = None  # a share of the spare width; None keeps the column narrow
    no_wrap: bool = False  # one line, as wide as its longest value: ids, dates, cycles, statuses
    justify: str = "left"  # left, right or center
    min_width: int | None = None  # below this a wrapping column hides others (see `drop`)
    drop: int = 0  # on a narrow terminal, columns with the highest `drop` go first (0: never)
    items: bool = False  # a list ("Lao PDR, Viet Nam"): wraps between items, not inside one
    shorten: bool = False  # a title: when even that is too wide, one line ending in "…"
    hoist: bool = False  # one value in every row (the cycle of a batch) is said in the title
    keep: tuple[str, ...] = ()  # phrases never broken over lines ("not started")


@dataclass(frozen=True)
class Listing:
    """What a human-readable table shows: a title, columns, rows of text, a footer line."""

    title: str | None
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    footer: str | None = None
    styles: tuple[str | None, ...] = field(default=())  # one optional Rich style per row
    cell_styles: tuple[tuple[str | None, ...], ...] = field(default=())  # per row, per cell
