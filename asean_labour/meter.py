"""How far a slow job has come, told to whoever shows it: a plain callback with a threshold.

Loading the plans of a fresh clone parses every file once (tens of seconds at 100,000
projects); the command line then draws a progress bar (render/loading_bar.py). The core only
calls a `Meter` with (done, total); the meter says nothing until the job has taken `after`
seconds, so a quick load never flashes a bar. The clock is injected, so the threshold is
tested without sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: A load that takes longer than this shows its progress.
AFTER_SECONDS = 1.0


class Meter:
    """Calls `show(done, total)` for every step once the job has taken `after` seconds (timed
    from the meter's creation), and `finish()` once at the end (`close`) if it ever showed."""

    __slots__ = ("after", "clock", "finish", "show", "shown", "start")

    def __init__(self, show: Callable[[int, int], None], finish: Callable[[], None],
                 after: float = AFTER_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.show = show
        self.finish = finish
        self.after = after
        self.clock = clock
        self.start = clock()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.shown:
            if self.clock() - self.start < self.after:
                return
            self.shown = True
        self.show(done, total)

    def close(self) -> None:
        if self.shown:
            self.shown = False
            self.finish()


#: What makes the meter of a slow job for this run: the command line installs one that draws
#: a bar when standard error is a terminal (render/loading_bar.py); none: nothing is shown.
_makers: list[Callable[[str], Meter]] = []


def install(maker: Callable[[str], Meter]) -> None:
    _makers[:] = [maker]


@contextmanager
def metered(what: str) -> Iterator[Meter | None]:
    """The meter of a job that may be slow (`what` it is doing, for people), or None when
    nothing is to be shown; closed when the block ends."""
    if not _makers:
        yield None
        return
    meter = _makers[-1](what)
    try:
        yield meter
    finally:
        meter.close()
