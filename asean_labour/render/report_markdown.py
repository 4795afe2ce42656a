"""The monitoring documents as Markdown (GitHub tables). Every piece of user text goes through
`markdown_escape`, so markup, HTML and control characters in a note come out literally."""

from __future__ import annotations

from asean_labour.render import Column, Listing
from asean_labour.render.markdown import table as listing_table
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
from asean_labour.report import state_label
from asean_labour.text_safety import markdown_escape

GANTT_MARK = "■"


def render(document: Document) -> str:
    parts = [f"# {markdown_escape(document.title, inline=True)}"]
    parts += [markdown_escape(line) for line in document.meta]
    parts += [_block(block) for block in document.blocks if not isinstance(block, Contents)]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * (block.level + 1)} {markdown_escape(block.text, inline=True)}"
    if isinstance(block, Paragraph):
        escaped = markdown_escape(block.text)
        return f"*{escaped}*" if block.small else escaped
    if isinstance(block, Table):
        return listing_table(block.listing)
    if isinstance(block, Bullets):
        return "\n".join(f"- {markdown_escape(item)}" for item in block.items)
    if isinstance(block, Chart):
        return f"**{markdown_escape(block.title)}**\n\n" + listing_table(chart_listing(block))
    if isinstance(block, Gantt):
        return listing_table(gantt_listing(block, GANTT_MARK))
    return ""


def chart_listing(chart: Chart) -> Listing:
    """A chart as a count table: one column per category with projects, then the share
    (completed); the total last."""
    categories = chart.shown_categories()

    def cells(row: ChartRow) -> tuple[str, ...]:
        counts = dict(row.counts)
        return (row.label, str(row.total), *(str(counts.get(c, 0)) for c in categories),
                f"{row.completed:.0%}")

    rows = [cells(r) for r in chart.rows]
    if chart.total is not None:
        rows.append(cells(chart.total))
    return Listing(
        None,
        (Column(chart.label, ratio=3, min_width=12), Column("Projects", justify="right"),
         *(Column(state_label(c).capitalize(), justify="right") for c in categories),
         Column(f"Share {chart.share}", justify="right")),
        tuple(rows))


#: The Gantt table's columns before the years (ID, Title, Coordinators).
GANTT_LEADING = 3


def gantt_listing(gantt: Gantt, mark: str) -> Listing:
    """The Gantt chart as a table: a mark in each year of a project, its coordinators (with
    the years one is limited to) and its status."""
    return Listing(
        None,
        (Column("ID", no_wrap=True), Column("Title", ratio=4, min_width=16),
         Column("Coordinators", ratio=2, min_width=12, items=True),
         *(Column(str(y), justify="center") for y in gantt.years),
         Column("Status", ratio=1, min_width=10)),
        tuple((r.id, r.title, r.coordinators,
               *(mark if y in r.years else "" for y in gantt.years), r.status_text)
              for r in gantt.rows))
