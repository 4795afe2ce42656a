"""The monitoring documents at a terminal: headings, tables, stacked status bars, a Gantt chart.

User text always goes in as `Text` (never as markup) with control characters made visible.
Every bar also differs by its character, so the charts read the same without colour
(NO_COLOR, a pipe, or a `.txt` file).
"""

from __future__ import annotations

import io
from dataclasses import replace

from rich import box
from rich.columns import Columns
from rich.console import Console
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text

from asean_labour.render import Listing
from asean_labour.render.report_layout import (
    Block,
    Bullets,
    Chart,
    ChartRow,
    Contents,
    Document,
    Gantt,
    Heading,
    Paragraph,
    Table,
)
from asean_labour.render.terminal import print_listing, text
from asean_labour.report import state_label
from asean_labour.text_safety import visible_controls

#: One character per status or outcome, so stacked bars read without colour.
GLYPHS = {
    "completed": "█", "carried-over": "▚", "cancelled": "x", "ongoing": "▓", "delayed": "▒",
    "postponed": "░", "not-started": "▁", "never-started": "▁", "no-report": "·",
    "not-due": "-",
}
STYLES = {
    "completed": "green", "carried-over": "cyan", "cancelled": "red", "ongoing": "blue",
    "delayed": "yellow", "postponed": "magenta", "not-started": "bright_black",
    "never-started": "bright_black", "no-report": "bright_black", "not-due": "bright_black",
}
FILE_WIDTH = 100  # the width of a report written to a .txt file
YEAR_CELL = 5  # "2016 " in the Gantt header


def print_document(console: Console, document: Document) -> None:
    console.print(text(document.title, "bold"))
    for line in document.meta:
        console.print(text(line, "dim"))
    previous: Block | None = None
    for block in document.blocks:
        if isinstance(block, Contents):
            continue
        if isinstance(block, Heading) and not isinstance(previous, Heading):
            console.print()
        _print_block(console, block)
        previous = block


def render_text(document: Document, width: int = FILE_WIDTH) -> str:
    """The document as plain text (no colour, no escape codes), for a `.txt` file."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      no_color=True, highlight=False, markup=False, emoji=False,
                      soft_wrap=False)
    print_document(console, document)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _print_block(console: Console, block: Block) -> None:
    if isinstance(block, Heading):
        if block.level == 1:
            console.print(Rule(text(block.text, "bold"), align="left", style="dim"))
        else:
            style = {2: "bold underline", 3: "bold"}.get(block.level, "italic")
            console.print(text(block.text, style))
    elif isinstance(block, Paragraph):
        console.print(text(block.text, "dim" if block.small else None))
    elif isinstance(block, Table):
        print_listing(console, _visible(block.listing))
    elif isinstance(block, Bullets):
        _print_bullets(console, block)
    elif isinstance(block, Chart):
        _print_chart(console, block)
    elif isinstance(block, Gantt):
        _print_gantt(console, block)
    # Contents: a terminal page has no page numbers to list


def _print_bullets(console: Console, bullets: Bullets) -> None:
    """One item per bullet; long items wrap under their own first word."""
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for item in bullets.items:
        grid.add_row(Text("•"), text(item))
    console.print(grid)


def _visible(listing: Listing) -> Listing:
    """The listing with control characters already made visible: `terminal.fitted` measures
    cells before `text()` escapes them, so an escaped `\\x1b` would not fit its column."""
    return replace(listing, title=visible_controls(listing.title) if listing.title else None,
                   rows=tuple(tuple(visible_controls(v) for v in row) for row in listing.rows),
                   footer=visible_controls(listing.footer) if listing.footer else None)


def _table() -> RichTable:
    return RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                     header_style="bold")


def _print_chart(console: Console, chart: Chart) -> None:
    """One stacked bar per row, scaled to the largest row, with its counts beneath (a compact
    chart, `detail` off: one line per row, the label shortened with "…")."""
    categories = chart.shown_categories()
    peak = max((r.total for r in chart.rows), default=0)
    label_width = min(max(len(chart.label), *(len(r.label) for r in chart.rows)),
                      max(16, console.width // 3))
    bar_width = max(10, min(40, console.width - label_width - 8 - 9 - 10))
    table = _table()
    table.title = text(chart.title, "bold")
    table.title_justify = "left"
    # wrap between words when there is room for detail, else one line; a word too long for
    # the column is shortened with "…", never split
    table.add_column(text(chart.label), width=label_width, overflow="ellipsis",
                     no_wrap=not chart.detail)
    table.add_column(text("Projects"), justify="right", no_wrap=True)
    table.add_column(text("Status"), width=bar_width, overflow="ellipsis")
    table.add_column(text("Completed"), justify="right", no_wrap=True)
    for row in chart.rows:
        table.add_row(text(row.label), text(str(row.total)),
                      _bar(row, peak, bar_width, chart.detail), text(f"{row.completed:.0%}"))
    console.print(table)
    legend = []
    for key in categories:
        entry = Text(GLYPHS.get(key, "#"), style=STYLES.get(key, ""))
        entry.append(" " + state_label(key), style="")
        legend.append(entry)
    console.print(Columns(legend, padding=(0, 2)))  # an entry never breaks over two lines
    if chart.total is not None and chart.detail:
        console.print(text(f"{chart.total.label}: {chart.total.total}; "
                           + _counts(chart.total) + f"; {chart.total.completed:.0%} completed"))


def _counts(row: ChartRow) -> str:
    return " · ".join(f"{n} {state_label(key)}" for key, n in row.counts if n) or "none"


def _bar(row: ChartRow, peak: int, width: int, detail: bool = True) -> Text:
    """Segments whose ends are rounded from the running total, so they always add up; with
    `detail`, the row's counts beneath."""
    bar = Text()
    scale = width / peak if peak else 0.0
    drawn = running = 0
    for key, count in row.counts:
        running += count
        end = round(running * scale)
        if end > drawn:
            bar.append(GLYPHS.get(key, "#") * (end - drawn), style=STYLES.get(key, ""))
        drawn = max(drawn, end)
    if detail:
        bar.append("\n")
        bar.append(_counts(row), style="dim")
    return bar


def _print_gantt(console: Console, gantt: Gantt) -> None:
    """Projects as bars across the years, coloured by status (the Status column says it in
    words for a terminal without colour)."""
    years = gantt.years
    id_width = max((len(r.id) for r in gantt.rows), default=2)
    status_width = max((len(r.status_text) for r in gantt.rows), default=0)
    status_width = max(status_width, len("Status"))
    bar_width = YEAR_CELL * len(years)
    title_width = max(8, console.width - id_width - bar_width - status_width - 3 * 3 - 1)
    table = _table()
    table.add_column(text("ID"), no_wrap=True)
    table.add_column(text("Title"), width=title_width, no_wrap=True, overflow="ellipsis")
    table.add_column(text("".join(f"{y:<{YEAR_CELL}}" for y in years).rstrip()),
                     width=bar_width, no_wrap=True)
    table.add_column(text("Status"), no_wrap=True)
    for row in gantt.rows:
        style = STYLES.get(row.status or "", "")
        bar = Text()
        for year in years:
            if year in row.years:
                joined = "█" if year + 1 in row.years and year != years[-1] else " "
                bar.append("█" * (YEAR_CELL - 1) + joined, style=style)
            else:
                bar.append(" " * YEAR_CELL)
        table.add_row(text(row.id), text(row.title), bar, text(row.status_text, style))
    console.print(table)
