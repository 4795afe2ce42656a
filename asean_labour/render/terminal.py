"""Rich output for people at a terminal; tables are laid out by text_table.py (the same layout
as piped output) and only styled here. User text always goes in as `Text`, so markup in a
note is never interpreted; control characters are made visible."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

from asean_labour.console import Display
from asean_labour.render import Listing
from asean_labour.render.text_table import Span, field_lines, fit, layout, title_lines
from asean_labour.text_safety import visible_controls


class Screen(Console):
    """The console of a command's standard output. It knows how this run lays out tables,
    which may differ from the width Rich wraps prose at: with no width limit (piped, no
    terminal, no $COLUMNS) tables are as wide as their content, prose 100 columns."""

    def __init__(self, display: Display, **options: Any) -> None:
        super().__init__(**options)
        self.display = display


def display_of(console: Console) -> Display:
    """How tables are laid out on `console`: as the run says for its standard output, else
    at the console's own width (a report written to a .txt file)."""
    return console.display if isinstance(console, Screen) else Display(console.width)


def text(value: str, style: str | None = None) -> Text:
    return Text(visible_controls(value), style=style or "")


def _styled(lines: list[str], spans: Sequence[Span]) -> Text:
    # One string, styled by offsets: appending line by line to a Text is quadratic.
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    out = Text("\n".join(lines), no_wrap=True, overflow="ignore", end="\n")
    for first, end, start, stop, style in spans:
        if stop < 0:
            out.stylize(style, offsets[first] + start, offsets[end] - 1)
        else:
            limit = offsets[first + 1] - 1  # a cell's span stays on its line
            out.stylize(style, min(offsets[first] + start, limit),
                        min(offsets[first] + stop, limit))
    return out


def print_listing(console: Console, listing: Listing) -> None:
    """A listing (title, table, footer) laid out for the console's display."""
    display = display_of(console)
    fitted = fit(listing, display.width, display.wide)
    if fitted.listing.title:
        console.print(Text("\n".join(title_lines(fitted.listing.title, display.width)),
                           style="italic"), soft_wrap=True)
    lines, spans = layout(fitted)
    head = spans[0][1] + 1 if spans else 0  # the header lines and the rule under them
    if len(spans) == 1 and not console.record:
        # Unstyled rows need none of Rich's rendering: write them as they are.
        console.print(_styled(lines[:head], spans), soft_wrap=True)
        console.file.write("\n".join(lines[head:]) + ("\n" if lines[head:] else ""))
    else:
        console.print(_styled(lines, spans), soft_wrap=True)
    note = fitted.note(hint=isinstance(console, Screen))
    footer = " ".join(x for x in (listing.footer or "", note) if x)
    if footer:
        console.print(Text("\n".join(title_lines(footer, display.width))), soft_wrap=True)


def print_fields(console: Console, title: str, fields: Sequence[tuple[str, str]]) -> None:
    """A two-column 'label  value' block under a bold title; values wrap between words."""
    width = display_of(console).width
    out = Text("\n".join(title_lines(title, width)), style="bold", no_wrap=True,
               overflow="ignore")
    for label, value in field_lines(fields, width):
        out.append("\n")
        out.append(label, style="bold")
        if value:
            out.append("  " + value)
    console.print(out, soft_wrap=True)
