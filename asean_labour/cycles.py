"""Which reporting cycle a command works on: the cycles the loaded plans allow, the default
cycle, and the one refusal every command gives for a cycle outside the plans.

The default cycle is the latest cycle with recorded progress (inside the loaded plans); else,
when today is past the plans, their last year; else this year (or the plans' first year when
today is before them). Commands say which cycle they chose on their output's first line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from asean_labour.errors import UsageError
from asean_labour.model import Catalogue
from asean_labour.progress import check_cycle

if TYPE_CHECKING:
    from asean_labour.progress import History

LATEST_PROGRESS = "the latest cycle with recorded progress"
PLANS_END = "the last year of the loaded plans, which today is past"
PLANS_START = "the first year of the loaded plans, which today is before"
BETWEEN_PLANS = "the last year of the loaded plans before today"
THIS_YEAR = "this year"


def today() -> dt.date:
    """Today's date (tests replace this function to fix the date)."""
    return dt.date.today()


@dataclass(frozen=True)
class CycleChoice:
    """A cycle and why it was chosen (`reason` None: given on the command line)."""

    year: int
    reason: str | None = None

    @property
    def given(self) -> bool:
        return self.reason is None


def covered_years(catalogue: Catalogue) -> list[int]:
    """Every year some loaded plan's period holds, in order."""
    return sorted({year for plan in catalogue.plans for year in plan.years})


def span_text(catalogue: Catalogue) -> str:
    """The loaded plans' years as ranges: `2016-2020`, `2016-2020 and 2026-2030`."""
    runs: list[list[int]] = []
    for year in covered_years(catalogue):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    parts = [str(a) if a == b else f"{a}-{b}" for a, b in runs]
    return " and ".join(parts) if len(parts) <= 2 else ", ".join(parts)


def default_cycle(catalogue: Catalogue, history: History | None, on: dt.date) -> CycleChoice:
    """The cycle a command uses when none is given (the module's docstring has the rule)."""
    years = covered_years(catalogue)
    if not years:
        raise UsageError("no plan is loaded, so there is no reporting cycle to work on")
    covered = set(years)
    reported = [c for c in (history.reported_cycles() if history is not None else [])
                if c in covered]
    if reported:
        return CycleChoice(reported[-1], LATEST_PROGRESS)
    if on.year > years[-1]:
        return CycleChoice(years[-1], PLANS_END)
    if on.year < years[0]:
        return CycleChoice(years[0], PLANS_START)
    if on.year in covered:
        return CycleChoice(on.year, THIS_YEAR)
    return CycleChoice(max(y for y in years if y < on.year), BETWEEN_PLANS)


def require(catalogue: Catalogue, year: object, option: str = "--cycle",
            suggestion: CycleChoice | None = None) -> int:
    """The year, if it is a cycle some loaded plan covers; otherwise the `UsageError` every
    command gives, with the plans' years and a cycle to try."""
    cycle = check_cycle(year)
    years = covered_years(catalogue)
    if cycle in years:
        return cycle
    raise UsageError(outside_message(catalogue, cycle, option, suggestion))


def outside_message(catalogue: Catalogue, cycle: int, option: str = "--cycle",
                    suggestion: CycleChoice | None = None) -> str:
    """`--cycle 2030 is outside the loaded plans (2016-2020); try --cycle 2018 (the latest
    cycle with recorded progress)`."""
    years = covered_years(catalogue)
    if not years:
        return f"{option} {cycle}: no plan is loaded"
    if suggestion is None:
        nearest = min(years, key=lambda y: (abs(y - cycle), y))
        suggestion = CycleChoice(nearest, "the nearest year the plans cover")
    why = f" ({suggestion.reason})" if suggestion.reason else ""
    return (f"{option} {cycle} is outside the loaded plans ({span_text(catalogue)}); "
            f"try {option} {suggestion.year}{why}")


def choose(catalogue: Catalogue, history: History | Callable[[], History] | None,
           given: int | None, option: str = "--cycle", on: dt.date | None = None,
           default: CycleChoice | None = None) -> CycleChoice:
    """The cycle given (checked against the plans), else `default`, else the default cycle.
    `history` may be a function that reads it: it is read only when the default is needed
    (no cycle given, or one outside the plans, whose refusal suggests the default)."""

    def fallback() -> CycleChoice:
        if default is not None:
            return default
        found = history() if callable(history) else history
        return default_cycle(catalogue, found, on or today())

    if given is None:
        return fallback()
    cycle = check_cycle(given)
    if cycle in covered_years(catalogue):
        return CycleChoice(cycle)
    return CycleChoice(require(catalogue, cycle, option, fallback()))


def announcement(choices: dict[str, CycleChoice]) -> str | None:
    """The first line of a command's output when it chose a cycle itself: `Cycle 2018: the
    latest cycle with recorded progress (give --cycle to choose another).` None when every
    cycle was given."""
    chosen = {option: c for option, c in choices.items() if not c.given}
    if not chosen:
        return None
    if len(choices) == 1:
        option, choice = next(iter(chosen.items()))
        return f"Cycle {choice.year}: {choice.reason} (give {option} to choose another)."
    words = ", ".join(f"{option} {c.year} ({c.reason})" for option, c in chosen.items())
    return f"Cycles: {words}; give {' and '.join(chosen)} to choose."
