"""Long output on a terminal goes through a pager, as git does.

The pager is $ASEAN_LABOUR_PAGER, else $PAGER, else `less -FRX` (with LESS=FRX set for a bare
`less`, as git does); an empty value or `cat` turns paging off, and so does `--no-pager`.
Output is paged only when standard output is a terminal (never when piped or captured, as in
tests) and only when it is longer than the screen: shorter output is written as it is,
without starting a pager at all.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

DEFAULT_PAGER = "less -FRX"
PAGER_VARIABLES = ("ASEAN_LABOUR_PAGER", "PAGER")
NOT_FOUND = 127  # the shell's exit status for a command it cannot find


def pager_command() -> str | None:
    """The pager to run, or None when paging is turned off in the environment."""
    return pager_choice()[0]


def pager_choice() -> tuple[str | None, str | None]:
    """The pager to run (None: paging turned off) and the variable that chose it (None: the
    default)."""
    for name in PAGER_VARIABLES:
        value = os.environ.get(name)
        if value is not None:
            value = value.strip()
            return (None if value in ("", "cat") else value), name
    return DEFAULT_PAGER, None


class _Screenful(io.StringIO):
    """Standard output held back while a command runs: it says it is a terminal, so the
    command writes exactly what it would write to the terminal (colour included)."""

    def __init__(self, terminal: TextIO) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.terminal.encoding or "utf-8"


def _screen_lines(terminal: TextIO) -> int:
    try:
        return os.get_terminal_size(terminal.fileno()).lines
    except (AttributeError, OSError, ValueError):
        lines = os.environ.get("LINES", "")
        return int(lines) if lines.isdigit() else 24


@contextmanager
def paging(enabled: bool = True) -> Iterator[None]:
    """Hold back what the block writes to standard output; at its end, show it through the
    pager if it is longer than the screen, else write it. If the block fails, what it wrote
    is written as it is before the error goes on (so it comes before the error message)."""
    terminal = sys.stdout
    command = pager_command() if enabled else None
    if command is None or terminal is None or not terminal.isatty() or \
            os.environ.get("TERM") == "dumb":
        yield
        return
    held = _Screenful(terminal)
    sys.stdout = held
    try:
        yield
    except BaseException:
        sys.stdout = terminal
        terminal.write(held.getvalue())
        terminal.flush()
        raise
    sys.stdout = terminal
    text = held.getvalue()
    if text.count("\n") < _screen_lines(terminal) or not page(command, text, terminal):
        terminal.write(text)
        terminal.flush()


def page(command: str, text: str, terminal: TextIO) -> bool:
    """Show `text` through the pager; False if the pager could not be started (the caller
    then writes the text itself)."""
    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")
    environment.setdefault("LV", "-c")
    terminal.flush()
    try:
        process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE,
                                   env=environment)
    except OSError:
        return False
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode(terminal.encoding or "utf-8", "replace"))
        process.stdin.close()
    except BrokenPipeError:  # the reader quit the pager before the end
        pass
    while True:
        try:
            status = process.wait()
            break
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs, as in git
            continue
    return status != NOT_FOUND
