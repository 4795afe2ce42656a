"""The progress bar of a slow load, on standard error, drawn with Rich.

Only on a terminal: standard error piped, captured (CliRunner) or redirected gets nothing, so
output and messages stay the same in scripts. The bar honours NO_COLOR, appears only once the
load has taken a second (meter.py) and disappears when it is done (transient). Rich is
imported only when the bar is first drawn: a load served from the cache never draws one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from asean_labour import meter as meter_module
from asean_labour.meter import Meter

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console


def _on_terminal() -> bool:
    stream = sys.stderr
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # closed, or not a real file
        return False


def bar_meter(what: str, console: Console | None = None, after: float | None = None,
              clock: Callable[[], float] | None = None) -> Meter:
    """A meter drawing a transient bar on `console` (standard error by default) once the job
    has taken `after` seconds (meter.AFTER_SECONDS); `close` removes the bar."""
    bar: list[Any] = []

    def show(done: int, total: int) -> None:
        if not bar:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            from asean_labour.console import no_color

            shown_on = console
            if shown_on is None:
                from rich.console import Console

                shown_on = Console(stderr=True, no_color=no_color(), highlight=False,
                                   emoji=False, markup=False)
            progress = Progress(TextColumn(what, markup=False), BarColumn(),
                                MofNCompleteColumn(), console=shown_on, transient=True)
            progress.start()
            bar.append((progress, progress.add_task(what, total=total, completed=done)))
        progress, task = bar[0]
        progress.update(task, completed=done, total=total)

    def finish() -> None:
        if bar:
            bar[0][0].stop()
            bar.clear()

    threshold = meter_module.AFTER_SECONDS if after is None else after
    return Meter(show, finish, threshold, clock) if clock is not None else \
        Meter(show, finish, threshold)


@contextmanager
def loading_meter(what: str = "Reading the plans", console: Console | None = None,
                  after: float | None = None,
                  clock: Callable[[], float] | None = None) -> Iterator[Meter | None]:
    """A bar meter (`bar_meter`) for the block, or None where nothing may be drawn (standard
    error is no terminal and no console is given); the bar is removed when the block ends."""
    if console is None and not _on_terminal():
        yield None
        return
    meter = bar_meter(what, console, after, clock)
    try:
        yield meter
    finally:
        meter.close()


def install() -> None:
    """Let every slow load of this run draw its bar (the plans, the progress store), when
    standard error is a terminal (meter.metered)."""
    if _on_terminal():
        meter_module.install(bar_meter)
