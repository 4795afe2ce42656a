"""Tables as plain lines of text: column widths that fit the terminal, cells wrapped by
terminal cells, nothing cut off. No Rich console here: piped output never needs one."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import replace

from rich.cells import cell_len

from asean_labour.render import Column, Listing
from asean_labour.text_safety import visible_controls

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


_TOKENS = re.compile(r" +|[^ ]+")


def _fold(word: str, width: int) -> list[str]:
    """A word longer than the column, cut into pieces that fit (by terminal cells)."""
    pieces, piece = [], ""
    for char in word:
        if piece and cell_len(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


def wrap_cell(value: str, width: int) -> list[str]:
    """The lines of a cell: words wrapped at `width` terminal cells, long words folded,
    line breaks kept, control characters visible. Nothing is ever cut off."""
    lines: list[str] = []
    for paragraph in visible_controls(value).replace("\t", " ").split("\n"):
        line = ""
        for token in _TOKENS.findall(paragraph):
            if cell_len(line + token) <= width:
                line += token
            elif token.startswith(" "):
                lines.append(line)
                line = ""
            else:
                if line.strip():
                    lines.append(line.rstrip())
                *full, line = _fold(token, width) if cell_len(token) > width else [token]
                lines.extend(full)
        lines.append(line.rstrip())
    return lines or [""]


def pad(value: str, width: int, justify: str) -> str:
    space = " " * max(0, width - cell_len(value))
    return space + value if justify == "right" else value + space


Layout = tuple[list[str], list[tuple[int, int, str]]]


def layout(listing: Listing, widths: Sequence[int | None]) -> Layout:
    """The table's lines and styled line ranges, laid out here rather than by Rich's table
    engine: ten thousand wrapped rows take a second instead of minutes."""
    sizes = [w if w is not None else max(1, cell_len(c.header))
             for w, c in zip(widths, listing.columns, strict=True)]
    separator = " " * GAP
    lines: list[str] = []
    spans: list[tuple[int, int, str]] = []  # (first line, end line, style)

    def add(row: Sequence[str], style: str | None) -> None:
        first = len(lines)
        cells = [wrap_cell(value, width) for value, width in zip(row, sizes, strict=True)]
        for depth in range(max(len(c) for c in cells)):
            lines.append(separator.join(
                pad(cell[depth] if depth < len(cell) else "", width, column.justify)
                for cell, width, column in zip(cells, sizes, listing.columns, strict=True)
            ).rstrip())
        if style:
            spans.append((first, len(lines), style))

    add([c.header for c in listing.columns], "bold")
    lines.append("─" * (sum(sizes) + GAP * (len(sizes) - 1)))
    styles: Sequence[str | None] = listing.styles or [None] * len(listing.rows)
    for row, style in zip(listing.rows, styles, strict=True):
        add(row, style)
    return lines, spans


def dropped_note(dropped: list[str], width: int) -> str:
    if not dropped:
        return ""
    return (f"(hidden to fit {width} columns: {', '.join(dropped)}; widen the terminal, or "
            "use --format csv or json for every field)")


def output_width() -> int:
    """The width of piped output, as Rich would choose it: $COLUMNS, else 80."""
    try:
        return max(10, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return 80


def plain_listing(listing: Listing, width: int) -> str:
    """The whole listing (title, table, footer) as plain text."""
    shown, widths, dropped = fitted(listing, width)
    lines, _ = layout(shown, widths)
    out = [visible_controls(listing.title)] if listing.title else []
    out += lines
    footer = " ".join(x for x in (listing.footer or "", dropped_note(dropped, width)) if x)
    if footer:
        out += wrap_cell(footer, width)
    return "\n".join(out) + "\n"


def plain_fields(title: str, fields: Sequence[tuple[str, str]], width: int) -> str:
    """'label  value' lines under a title; values wrap, labels keep their column."""
    out = wrap_cell(title, width)
    shown = [(label, value) for label, value in fields if value]
    if shown:
        label_width = min(max(cell_len(label) for label, _ in shown), max(6, width // 3))
        value_width = max(1, width - label_width - 2)
        for label, value in shown:
            labels, values = wrap_cell(label, label_width), wrap_cell(value, value_width)
            for depth in range(max(len(labels), len(values))):
                left = pad(labels[depth] if depth < len(labels) else "", label_width, "left")
                right = values[depth] if depth < len(values) else ""
                out.append((left + "  " + right).rstrip())
    return "\n".join(out) + "\n"
