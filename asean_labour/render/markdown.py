"""Markdown (GitHub tables): every cell escaped so user text stays literal."""

from __future__ import annotations

from asean_labour.render import Listing
from asean_labour.text_safety import markdown_escape


def table(listing: Listing, level: int = 2) -> str:
    lines: list[str] = []
    if listing.title:
        lines += [f"{'#' * level} {markdown_escape(listing.title)}", ""]
    lines.append("| " + " | ".join(markdown_escape(c.header, inline=True)
                                   for c in listing.columns) + " |")
    lines.append("|" + "|".join(
        "---:" if c.justify == "right" else "---" for c in listing.columns) + "|")
    for row in listing.rows:
        lines.append("| " + " | ".join(markdown_escape(v, inline=True) for v in row) + " |")
    if listing.footer:
        lines += ["", markdown_escape(listing.footer)]
    return "\n".join(lines) + "\n"
