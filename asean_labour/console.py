"""How a command shows its output: the width tables may take, --wide, and the one place Rich
consoles are made, so width and colour are read when a command runs (never at import)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

#: The width Rich wraps prose at (headings, paragraphs of a report) when there is no limit
#: for tables: piped, with no terminal and no $COLUMNS. The same as a report's .txt file.
PROSE_WIDTH = 100


class Display:
    """How this run lays out tables. (A plain class: every command imports this module, and
    a dataclass costs a measurable part of a millisecond to create.)"""

    __slots__ = ("wide", "width")

    def __init__(self, width: int | None, wide: bool = False) -> None:
        self.width = width  # terminal cells; None: no limit (nothing hidden, nothing wrapped)
        self.wide = wide  # --wide: wrap everything rather than hide columns or shorten titles

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Display) and (self.width, self.wide) == (other.width,
                                                                          other.wide)

    def __hash__(self) -> int:
        return hash((self.width, self.wide))

    def __repr__(self) -> str:
        return f"Display(width={self.width}, wide={self.wide})"


def output_width() -> int | None:
    """The width output is laid out for: $COLUMNS when set (it overrides the terminal's size,
    as in POSIX, git and Rich), else the width of the terminal the command runs in (standard
    output, input or error, so `asean-labour list | less -S` gets the terminal's width), else
    None: no limit."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(10, int(columns))
    for stream in (sys.stdout, sys.stdin, sys.stderr):
        try:
            if stream is not None and stream.isatty():
                width = os.get_terminal_size(stream.fileno()).columns
                if width > 0:
                    return max(10, width)
        except (AttributeError, OSError, ValueError):  # closed, or not a real file
            continue
    return None


_running: list[Display] = []  # the display of the command being run (one at a time)


def current_display() -> Display:
    """The settings of the command being run (see `displaying`), else read from here."""
    return _running[-1] if _running else Display(output_width())


@contextmanager
def displaying(wide: bool = False, pager: bool = False) -> Iterator[Display]:
    """Run a command with its display settings, read once before anything is written; with
    `pager`, its long output on a terminal goes through the pager (pager.py, imported only
    when standard output is a terminal)."""
    display = Display(output_width(), wide)
    _running.append(display)
    try:
        if pager and sys.stdout is not None and sys.stdout.isatty():
            from asean_labour.pager import paging

            with paging():
                yield display
        else:
            yield display
    finally:
        _running.pop()


def no_color() -> bool:
    return "NO_COLOR" in os.environ and os.environ["NO_COLOR"] != ""


def make_console(stderr: bool = False) -> Console:
    """A console that honours NO_COLOR, a piped output (no colour, no codes) and this run's
    display: its tables are laid out as `current_display()` says."""
    from asean_labour.render.terminal import Screen

    display = current_display()
    return Screen(display, stderr=stderr, no_color=no_color(), highlight=False, emoji=False,
                  markup=False, soft_wrap=False, width=display.width or PROSE_WIDTH)
