"""Markdown (GitHub tables): every cell escaped so user text stays literal."""

from __future__ import annotations

from collections.abc import Sequence

from asean_labour.render import Listing
from asean_labour.text_safety import markdown_escape, markdown_plain


def table(listing: Listing, level: int = 2) -> str:
    lines: list[str] = []
    if listing.title:
        lines += [f"{'#' * level} {markdown_escape(listing.title)}", ""]
    lines.append(row_line([c.header for c in listing.columns]))
    lines.append("|" + "|".join(
        "---:" if c.justify == "right" else "---" for c in listing.columns) + "|")
    lines += map(row_line, listing.rows)
    if listing.footer:
        lines += ["", markdown_escape(listing.footer)]
    return "\n".join(lines) + "\n"


def row_line(cells: Sequence[str]) -> str:
    """A table's line: `| a | b |`, each cell escaped (`markdown_escape`, inline). A row whose
    cells hold nothing to escape (most rows) is checked in one scan and joined as it is."""
    if markdown_plain("".join(cells)):
        return "| " + " | ".join(cells) + " |"
    return "| " + " | ".join(markdown_escape(cell, inline=True) for cell in cells) + " |"
