"""Rich output for people at a terminal; piped output is laid out by text_table.py alone.
User text always goes in as `Text`, so markup in a note is never interpreted; control
characters are made visible."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.text import Text

if TYPE_CHECKING:
    from rich.table import Table

from asean_labour.render import Listing
from asean_labour.render.text_table import (
    dropped_note,
    fitted,
    layout,
    pad,
    wrap_cell,
)
from asean_labour.text_safety import visible_controls


def text(value: str, style: str | None = None) -> Text:
    return Text(visible_controls(value), style=style or "")


def listing_table(listing: Listing, widths: Sequence[int | None] | None = None) -> Table:
    """The rows under their headers as a Rich table (for tables with per-cell styles); the
    title is not part of it (see `titled`)."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    widths = widths or [None] * len(listing.columns)
    for column, width in zip(listing.columns, widths, strict=True):
        table.add_column(text(column.header), no_wrap=column.no_wrap, overflow="fold",
                         justify=column.justify, width=width)  # type: ignore[arg-type]
    styles: Sequence[str | None] = listing.styles or [None] * len(listing.rows)
    for row, style in zip(listing.rows, styles, strict=True):
        table.add_row(*(text(v) for v in row), style=style)
    return table


def listing_text(listing: Listing, widths: Sequence[int | None]) -> Text:
    """The table as one styled Text."""
    return _styled(*layout(listing, widths))


def _styled(lines: list[str], spans: list[tuple[int, int, str]]) -> Text:
    # One string, styled by offsets: appending line by line to a Text is quadratic.
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    out = Text("\n".join(lines), no_wrap=True, overflow="ignore", end="\n")
    for first, end, style in spans:
        out.stylize(style, offsets[first], offsets[end] - 1)
    return out


def print_listing(console: Console, listing: Listing) -> None:
    shown, widths, dropped = fitted(listing, console.width)
    if listing.title:
        console.print(text(listing.title, "italic"))
    lines, spans = layout(shown, widths)
    head = spans[0][1] + 1 if spans else 0  # the header lines and the rule under them
    if len(spans) == 1 and not console.record:
        # Unstyled rows need none of Rich's rendering: write them as they are.
        console.print(_styled(lines[:head], spans), soft_wrap=True)
        console.file.write("\n".join(lines[head:]) + ("\n" if lines[head:] else ""))
    else:
        console.print(_styled(lines, spans), soft_wrap=True)
    footer = " ".join(x for x in (listing.footer or "", dropped_note(dropped, console.width))
                      if x)
    if footer:
        console.print(text(footer))


def print_fields(console: Console, title: str, fields: Sequence[tuple[str, str]]) -> None:
    """A two-column 'label: value' block under a bold title; values wrap."""
    console.print(text(title, "bold"))
    shown = [(label, value) for label, value in fields if value]
    if not shown:
        return
    label_width = min(max(cell_len(label) for label, _ in shown), max(6, console.width // 3))
    value_width = max(1, console.width - label_width - 2)
    out = Text(no_wrap=True, overflow="ignore")
    for index, (label, value) in enumerate(shown):
        labels = wrap_cell(label, label_width)
        values = wrap_cell(value, value_width)
        for depth in range(max(len(labels), len(values))):
            if index or depth:
                out.append("\n")
            out.append(pad(labels[depth] if depth < len(labels) else "", label_width, "left"),
                       style="bold")
            out.append(("  " + values[depth]) if depth < len(values) else "")
    console.print(out, soft_wrap=True)


def titled(title: str | None, table: Table) -> RenderableType:
    """A table under its title line. (A Rich table title wraps to the table's width, which
    breaks the title of a narrow table of counts over several lines.)"""
    return Group(text(title, "italic"), table) if title else table


def heat_table(listing: Listing, peak: int) -> RenderableType:
    """A count table whose cells are shaded by size (a heat map); plain when colour is off."""
    table = listing_table(Listing(None, listing.columns, ()))
    shades = ("", "on grey23", "on grey37", "on grey50")
    for row in listing.rows:
        cells = [text(row[0], "bold" if row[0] == "Total" else None)]
        for value in row[1:-1]:
            count = int(value) if value.isdigit() else 0
            level = 0 if not peak or not count else min(3, 1 + (3 * count - 1) // peak)
            cells.append(text(value, shades[level] if row[0] != "Total" else "bold"))
        cells.append(text(row[-1], "bold"))
        table.add_row(*cells)
    return titled(listing.title, table)
