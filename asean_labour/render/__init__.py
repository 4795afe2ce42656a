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


class ReportFormat(StrEnum):
    """The formats of the reporting commands (report, scorecard, review, timeline)."""

    TERMINAL = "terminal"
    MARKDOWN = "markdown"
    DOCX = "docx"
    JSON = "json"
    HTML = "html"


@dataclass(frozen=True)
class Column:
    header: str
    ratio: int | None = None  # a share of the spare width; None keeps the column narrow
    no_wrap: bool = False
    justify: str = "left"
    min_width: int | None = None
    drop: int = 0  # on a narrow terminal, columns with the highest `drop` go first (0: never)


@dataclass(frozen=True)
class Listing:
    """What a human-readable table shows: a title, columns, rows of text, a footer line."""

    title: str | None
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    footer: str | None = None
    styles: tuple[str | None, ...] = field(default=())  # one optional Rich style per row
