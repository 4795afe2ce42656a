"""Rich tables and panels for people at a terminal. User text always goes in as `Text`,
so markup in a note is never interpreted; control characters are made visible."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from asean_labour.render import Column, Listing
from asean_labour.text_safety import visible_controls


def text(value: str, style: str | None = None) -> Text:
    return Text(visible_controls(value), style=style or "")


GAP = 3  # between two columns: padding on both sides and the (blank) divider


def _natural(index: int, column: Column, rows: Sequence[tuple[str, ...]]) -> int:
    """The width a column needs to show every cell on one line, as the terminal shows it:
    control characters made visible, wide (CJK, emoji) characters counted as two cells."""
    cells = [cell_len(visible_controls(line))
             for row in rows for line in row[index].splitlines() or [""]]
    return max([cell_len(column.header), *cells])


def _least(index: int, column: Column, rows: Sequence[tuple[str, ...]]) -> int:
    if column.no_wrap or not column.ratio:
        return _natural(index, column, rows)
    return min(max(column.min_width or 0, len(column.header)), _natural(index, column, rows))


def fitted(listing: Listing, width: int) -> tuple[Listing, list[int | None], list[str]]:
    """Drop the droppable columns that do not fit `width`; give every wrapping column a
    width (at least its minimum, the rest shared by ratio). Returns the listing, the column
    widths (None: as wide as needed) and the names of the dropped columns."""
    columns = list(listing.columns)
    rows = listing.rows
    index = {id(c): i for i, c in enumerate(listing.columns)}
    dropped: list[str] = []

    def needed() -> int:
        return sum(_least(index[id(c)], c, rows) + GAP for c in columns) - GAP + 1

    while needed() > width and any(c.drop for c in columns):
        victim = max((c for c in columns if c.drop), key=lambda c: c.drop)
        dropped.append(victim.header)
        columns.remove(victim)
    cramped = needed() > width
    keep = [index[id(c)] for c in columns]
    rows = tuple(tuple(row[i] for i in keep) for row in rows)
    if cramped:
        # Still too wide: every column may fold (Rich would crop an id or a year instead).
        columns = [replace(c, no_wrap=False) for c in columns]
        shown = Listing(listing.title, tuple(columns), rows, listing.footer, listing.styles)
        naturals = [_natural(i, c, rows) for i, c in enumerate(columns)]
        return shown, _shared(naturals, width - GAP * (len(columns) - 1) - 1), dropped
    widths: list[int | None] = [_natural(i, c, rows) for i, c in enumerate(columns)]
    flexible = [i for i, c in enumerate(columns) if c.ratio and not c.no_wrap]
    fixed = sum(_natural(i, c, rows) for i, c in enumerate(columns) if i not in flexible)
    room = width - fixed - GAP * (len(columns) - 1) - 1
    natural = {i: _natural(i, columns[i], rows) for i in flexible}
    if flexible and sum(natural.values()) > room:
        least = {i: _least(i, columns[i], rows) for i in flexible}
        spare = max(0, room - sum(least.values()))
        total_ratio = sum(columns[i].ratio or 1 for i in flexible)
        for i in flexible:
            share = spare * (columns[i].ratio or 1) // total_ratio
            widths[i] = max(1, min(natural[i], least[i] + share))
    shown = Listing(listing.title, tuple(columns), rows, listing.footer, listing.styles)
    return shown, widths, dropped


def _shared(naturals: list[int], room: int) -> list[int | None]:
    """Widths that add up to at most `room`: narrow columns keep their natural width, the
    wide ones share the rest equally."""
    widths: list[int | None] = list(naturals)
    wide = sorted(range(len(naturals)), key=lambda i: naturals[i])
    while wide:
        level = max(1, room // len(wide))
        if naturals[wide[0]] <= level:
            room -= naturals[wide.pop(0)]
            continue
        for rank, i in enumerate(wide):
            widths[i] = level + (1 if rank < room - level * len(wide) else 0)
        break
    return widths


def listing_table(listing: Listing, widths: Sequence[int | None] | None = None) -> Table:
    """The rows under their headers; the title is not part of it (see `titled`)."""
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    widths = widths or [None] * len(listing.columns)
    for column, width in zip(listing.columns, widths, strict=True):
        table.add_column(text(column.header), no_wrap=column.no_wrap, overflow="fold",
                         justify=column.justify, width=width)  # type: ignore[arg-type]
    styles: Sequence[str | None] = listing.styles or [None] * len(listing.rows)
    for row, style in zip(listing.rows, styles, strict=True):
        table.add_row(*(text(v) for v in row), style=style)
    return table


def print_listing(console: Console, listing: Listing) -> None:
    shown, widths, dropped = fitted(listing, console.width)
    console.print(titled(listing.title, listing_table(shown, widths)))
    footer = listing.footer or ""
    if dropped:
        footer += (" " if footer else "") + (
            f"(hidden to fit {console.width} columns: {', '.join(dropped)}; widen the "
            "terminal, or use --format csv or json for every field)")
    if footer:
        console.print(text(footer))


def print_fields(console: Console, title: str, fields: Sequence[tuple[str, str]]) -> None:
    """A two-column 'label: value' block under a bold title; values wrap."""
    console.print(text(title, "bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in fields:
        if value:
            grid.add_row(text(label), text(value))
    console.print(grid)


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
