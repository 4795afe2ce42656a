"""The monitoring documents as one self-contained HTML file (Jinja2, imported only here).

Everything is inside the file: the stylesheet inline, the charts inline as SVG (matplotlib,
the same figures as Word's), no script, font or image fetched from anywhere (a
Content-Security-Policy says so to the browser as well), so the page opens on an air-gapped
laptop and can be e-mailed. A print stylesheet lays it out on A4 with the running title and
"Page X of Y" in the margins.

The page is made from templates (`templates/report.html.j2`, `report.css`) with autoescaping
on; user text also goes through `visible_controls` first, so markup, scripts and escape
sequences in a note come out as text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from asean_labour import __version__
from asean_labour.render.report_layout import (
    Block,
    Bullets,
    Chart,
    Contents,
    Document,
    Gantt,
    Heading,
    Paragraph,
    Table,
)
from asean_labour.text_safety import visible_controls

#: Column alignments as CSS classes.
_ALIGN = {"right": "right", "center": "center"}


@cache
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=PackageLoader("asean_labour.render", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["css_string"] = css_string
    return environment


def css_string(text: str) -> Any:
    """A CSS string literal any text can go in: every character but letters, digits and
    spaces written as a CSS escape, so no quote, backslash, `&` or `</style>` can end it
    (and the result is safe to put in the page as it is)."""
    from markupsafe import Markup

    # An escape swallows one space after it: write one, so the text's own spaces survive.
    return Markup('"' + re.sub(r"[^A-Za-z0-9 ]", lambda m: f"\\{ord(m.group()):06x} ",
                               visible_controls(text)) + '"')


def render(document: Document) -> str:
    """The document as a complete HTML page."""
    from markupsafe import Markup

    blocks = _blocks(document.blocks, Markup)
    cover = document.cover
    return str(_environment().get_template("report.html.j2").render(
        version=__version__, title=_t(document.title), meta=[_t(m) for m in document.meta],
        running=document.running_title, author=_t(document.author),
        subject=_t(document.subject),
        cover=None if cover is None else {
            "meeting": _t(cover.meeting), "title": _t(cover.title),
            "lines": [_t(line) for line in cover.lines],
            "prepared_by": _t(cover.prepared_by), "date": _t(cover.date or "")},
        blocks=blocks))


def _t(text: str) -> str:
    return visible_controls(text)


def _bound(text: str, keep: tuple[str, ...]) -> str:
    """The cell with the spaces of each phrase it keeps whole made no-break spaces."""
    for phrase in keep:
        if phrase in text:
            text = text.replace(phrase, phrase.replace(" ", "\u00a0"))
    return text


def _blocks(blocks: tuple[Block, ...], markup: Any) -> list[dict[str, Any]]:
    """The blocks as plain records for the template; ids for the headings, numbers and SVG
    for the charts, the entries of the table of contents."""
    from asean_labour.render import charts

    out: list[dict[str, Any]] = []
    headings = 0
    figures = 0
    for block in blocks:
        if isinstance(block, Heading):
            headings += 1
            out.append({"kind": "heading", "level": min(block.level, 4),
                        "text": _t(block.text), "id": f"section-{headings}",
                        "new_page": block.new_page})
        elif isinstance(block, Paragraph):
            out.append({"kind": "paragraph", "text": _t(block.text), "small": block.small})
        elif isinstance(block, Bullets):
            out.append({"kind": "bullets", "points": [_t(i) for i in block.items]})
        elif isinstance(block, Table):
            listing = block.listing
            css = [_ALIGN.get(c.justify, "nowrap" if c.no_wrap else "")
                   + (" small" if block.compact else "") for c in listing.columns]
            keeps = [tuple(p for p in c.keep if " " in p) for c in listing.columns]
            rows = listing.rows
            if any(keeps):  # a kept phrase ("13 January 2007") never broken over lines
                rows = tuple(tuple(_bound(cell, keep) for cell, keep in
                                   zip(row, keeps, strict=True)) for row in rows)
            out.append({
                "kind": "table", "whole": block.whole,
                "columns": list(zip(css, (_t(c.header) for c in listing.columns),
                                    strict=True)),
                # (class, text) pairs: the template unpacks them, no lookup per cell
                "rows": [list(zip(css, map(_t, row), strict=True)) for row in rows],
                "footer": _t(listing.footer) if listing.footer else ""})
        elif isinstance(block, Chart):
            figures += 1
            out.append({"kind": "chart", "number": figures, "title": _t(block.title),
                        "alt": _t(block.alt_text()), "id": f"figure-{figures}",
                        "svg": markup(charts.svg(block))})
        elif isinstance(block, Contents):
            out.append({"kind": "contents", "title": _t(block.title), "entries": []})
        elif isinstance(block, Gantt):
            out.append({"kind": "gantt", "years": list(block.years), "rows": [
                {"id": _t(r.id), "title": _t(r.title), "status": _t(r.status_text),
                 "coordinators": _t(r.coordinators),
                 "cells": [(r.status or "no-status") if year in r.years else ""
                           for year in block.years]} for r in block.rows]})
    contents = next((b for b in out if b["kind"] == "contents"), None)
    if contents is not None:
        contents["entries"] = [{"level": b["level"], "text": b["text"], "id": b["id"]}
                               for b in out if b["kind"] == "heading" and b["level"] <= 2]
    return out
