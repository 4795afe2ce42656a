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
from asean_labour.render.terminal import display_of, print_listing, text
from asean_labour.render.text_table import (
    GAP,
    cell_lines,
    cells,
    fit,
    pad,
    shorten,
    title_lines,
    wrap_words,
)
from asean_labour.report import state_label
from asean_labour.text_safety import visible_controls

#: One character per status or outcome, so stacked bars read without colour.
GLYPHS = {
    "completed": "█", "carried-over": "▚", "cancelled": "x", "ongoing": "▓", "delayed": "▒",
    "postponed": "░", "not-started": "▁", "never-started": "▁", "no-report": "·",
    "not-due": "-",
    # the scorecard's outputs (a chart of their own)
    "data-and-laws": "█", "data-only": "▓", "laws-only": "▒", "no-output": "░", "no-update": "·",
}
STYLES = {
    "completed": "green", "carried-over": "cyan", "cancelled": "red", "ongoing": "blue",
    "delayed": "yellow", "postponed": "magenta", "not-started": "bright_black",
    "never-started": "bright_black", "no-report": "bright_black", "not-due": "bright_black",
    "data-and-laws": "green", "data-only": "blue", "laws-only": "yellow", "no-output": "magenta",
    "no-update": "bright_black",
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
        listing = _visible(block.listing)
        if block.parts and not _fits(console, listing):
            for number, part in enumerate(block.parts):  # a matrix by group of columns
                if number:
                    console.print()
                print_listing(console, _visible(part))
        else:
            print_listing(console, listing)
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


def _fits(console: Console, listing: Listing) -> bool:
    """Does the table fit the display whole, every column as wide as its content (--wide:
    always, the table may be wider than the terminal)?"""
    display = display_of(console)
    if display.width is None or display.wide:
        return True
    natural = fit(listing, None).widths
    return sum(w or 0 for w in natural) + GAP * (len(natural) - 1) <= display.width


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
    label_width = min(max([len(chart.label), *(len(r.label) for r in chart.rows)]),
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
    table.add_column(text(chart.bars), width=bar_width, overflow="ellipsis")
    table.add_column(text(chart.share.capitalize()), justify="right", no_wrap=True)
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
                           + _counts(chart.total)
                           + f"; {chart.total.completed:.0%} {chart.share}"))


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


#: A Gantt row's title keeps at least this many cells beside its bar; below it, the title
#: goes on a line of its own under the bar.
GANTT_TITLE_LEAST = 12
NARROW_YEAR_CELL = 3  # "16 " when the full years do not fit
#: The Gantt's rows are printed this many at a time: one `console.print` per row was most of
#: a 10,000-project timeline's time in a terminal.
GANTT_BATCH = 256


def _print_gantt(console: Console, gantt: Gantt) -> None:
    """Projects as bars across the years, coloured by status (the Status column says it in
    words for a terminal without colour). The ids are never cut: on a narrow terminal the
    status wraps between its words, then the years are headed by their last two digits,
    then the title goes on a line of its own under the bar. Where who coordinates changes
    over a project's years, a line under the row names them with their years."""
    display = display_of(console)
    width, years, rows = display.width, gantt.years, gantt.rows
    # (each max has its header as a floor, so no row, or no word, is no error)
    id_width = max([cells("ID"), *(cells(visible_controls(r.id)) for r in rows)])
    statuses = [r.status_text for r in rows]
    status_whole = max([cells("Status"), *map(cells, statuses)])
    status_word = max([cells("Status"), *(cells(w) for t in statuses for w in t.split())])
    titles = [visible_controls(r.title) for r in rows]
    natural = max([cells("Title"), *map(cells, titles)])
    cell, status_width, title_width = YEAR_CELL, status_whole, natural
    if width is not None and not display.wide:
        for cell, status_width in ((YEAR_CELL, status_whole), (YEAR_CELL, status_word),
                                   (NARROW_YEAR_CELL, status_whole),
                                   (NARROW_YEAR_CELL, status_word)):
            title_width = min(natural, width - id_width - _bars(years, cell)
                              - status_width - 3 * GAP)
            if title_width >= GANTT_TITLE_LEAST:
                break
        else:
            title_width = 0  # the titles under the bars
    gap = " " * GAP
    heads = [y % 100 if cell < YEAR_CELL else y for y in years]
    header = gap.join([f"{'ID':<{id_width}}", *((f"{'Title':<{title_width}}",)
                                                 if title_width else ()),
                       "".join(f"{y:<{cell}}" for y in heads)[:_bars(years, cell)]
                       .ljust(_bars(years, cell)), "Status"])
    console.print(Text(header.rstrip(), style="bold"), soft_wrap=True)
    rule = cells(header.rstrip()) if width is None else min(width, max(
        cells(header.rstrip()), id_width + title_width + _bars(years, cell) + status_width
        + 3 * GAP))
    console.print(Text("─" * rule, style="dim"), soft_wrap=True)
    indent = " " * (id_width + GAP)
    under = max(8, (width or 10_000) - len(indent))
    batch: list[Text] = []
    for row, title in zip(rows, titles, strict=True):
        style = STYLES.get(row.status or "", "")
        line = Text(f"{visible_controls(row.id):<{id_width}}{gap}")
        if title_width:
            line.append(pad(shorten(title, title_width), title_width, "left") + gap)
        line.append(_gantt_bar(row.years, years, cell), style=style)
        status = cell_lines(row.status_text, status_width) if row.status_text else [""]
        line.append(gap + status[0], style=style)
        offset = len(indent) + (title_width + GAP if title_width else 0) \
            + _bars(years, cell) + GAP
        for more in status[1:]:
            line.append("\n" + " " * offset + more, style=style)
        if not title_width:
            line.append("\n" + indent + shorten(title, under))
        if row.varies and row.coordinators:
            for words in wrap_words(visible_controls(f"Coordinators: {row.coordinators}"),
                                    under):
                line.append("\n" + indent + words, style="dim")
        batch.append(line)
        if len(batch) == GANTT_BATCH:
            console.print(Text("\n").join(batch), soft_wrap=True)
            batch.clear()
    if batch:
        console.print(Text("\n").join(batch), soft_wrap=True)
    if cell < YEAR_CELL and years:
        note = f"Years {years[0]}-{years[-1]} by their last two digits, to fit {width} columns."
        console.print(Text("\n".join(title_lines(note, width)), style="dim"), soft_wrap=True)


def _bars(years: tuple[int, ...], cell: int) -> int:
    """The width of the years' bars: `cell` per year, the last without its gap."""
    return max(cell * len(years) - 1, 0)


def _gantt_bar(marked: frozenset[int], years: tuple[int, ...], cell: int) -> str:
    """A bar in each marked year; joined across two marked years in a row."""
    out = []
    for year in years:
        if year in marked:
            joined = "█" if year + 1 in marked and year != years[-1] else " "
            out.append("█" * (cell - 1) + joined)
        else:
            out.append(" " * cell)
    return "".join(out)[:_bars(years, cell)]
