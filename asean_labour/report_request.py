"""What a reporting command asks for, checked, for any front end: which options go together
(`report --changes` with --from and --to, --brief or --full), the document's date, its cover
(the meeting, who prepared it), and the cycles of each document (one cycle; two to compare; a
review's span), each chosen with the same rule (`cycles.choose`).

The option checks run before the plans are loaded (a mistake costs nothing); the cycles once
the plans and their history are at hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from asean_labour.errors import UsageError
from asean_labour.render import ReportFormat

if TYPE_CHECKING:
    from asean_labour.config import Config
    from asean_labour.cycles import CycleChoice
    from asean_labour.model import Catalogue
    from asean_labour.progress import History
    from asean_labour.render.report_layout import View


def generated_on(no_timestamp: bool, date: str | None) -> dt.date | None:
    """The date the document gives: --date, else today; None with --no-timestamp."""
    if date is not None and no_timestamp:
        raise UsageError("--date and --no-timestamp cannot be used together")
    if no_timestamp:
        return None
    if date is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(date.strip())
    except ValueError:
        raise UsageError(f"--date: expected a date as YYYY-MM-DD, got {date!r}") from None


@dataclass(frozen=True)
class Imprint:
    """Who the document is for and who prepared it (the cover, the page header)."""

    meeting: str | None
    prepared_by: str | None


def imprint(meeting: str | None, prepared_by: str | None, config: Config) -> Imprint:
    """--meeting and --prepared-by, else the config file's `meeting` and `prepared_by`
    (settings.py); a prepared_by that is neither leaves the document's own default."""
    from asean_labour.settings import DEFAULT, meeting_setting, prepared_by_setting

    found = prepared_by_setting(prepared_by, config)
    return Imprint(meeting_setting(meeting, config).value,  # type: ignore[arg-type]
                   None if found.source == DEFAULT else found.value)  # type: ignore[arg-type]


def report_view(changes: bool, from_cycle: int | None, to_cycle: int | None, brief: bool,
                full: bool, fmt: ReportFormat) -> View | None:
    """The options of `report` checked together; the view of the progress report they ask
    for (None: the format's default, `report_output.default_view`)."""
    from asean_labour.render.report_layout import View

    if not changes and (from_cycle is not None or to_cycle is not None):
        raise UsageError("--from and --to compare two cycles: add --changes (or use --cycle "
                         "for one cycle's report)")
    if brief and full:
        raise UsageError("--brief (one page) and --full (every section) cannot be used "
                         "together")
    if changes and (brief or full):
        raise UsageError(f"{'--brief' if brief else '--full'} is for the progress report of "
                         "one cycle, not --changes")
    if brief and fmt is ReportFormat.XLSX:
        raise UsageError("--brief is one page of text for Ministers; a workbook holds the "
                         "report's data: drop --brief, or write the brief as .docx or .html")
    return View.BRIEF if brief else View.FULL if full else None


def check_changes(cycle: int | None, from_cycle: int | None, to_cycle: int | None) -> None:
    """`report --changes`: --cycle and --to name the same cycle; --from needs a later one."""
    if cycle is not None and to_cycle is not None and cycle != to_cycle:
        raise UsageError(f"--cycle {cycle} and --to {to_cycle} disagree; give only --to")
    if from_cycle is not None and to_cycle is None and cycle is None:
        raise UsageError(f"--to is missing: --changes compares --from {from_cycle} with a "
                         f"later cycle; give --to (e.g. --to {from_cycle + 1})")


def changes_cycles(catalogue: Catalogue, history: History, cycle: int | None,
                   from_cycle: int | None, to_cycle: int | None) -> dict[str, CycleChoice]:
    """The two cycles `report --changes` compares: --to (or --cycle, else the default
    cycle) and --from (else the cycle before it)."""
    from asean_labour import cycles

    check_changes(cycle, from_cycle, to_cycle)
    option = "--cycle" if to_cycle is None and cycle is not None else "--to"
    to = cycles.choose(catalogue, history, to_cycle if to_cycle is not None else cycle,
                       option)
    before = cycles.CycleChoice(to.year - 1, f"the cycle before {to.year}")
    if from_cycle is None and before.year not in cycles.covered_years(catalogue):
        raise UsageError(f"--changes compares {to.year} with the cycle before it, "
                         f"{before.year}, which is outside the loaded plans "
                         f"({cycles.span_text(catalogue)}); give a later --to")
    start = cycles.choose(catalogue, history, from_cycle, "--from", default=before)
    return {"--from": start, "--to": to}


def review_cycles(catalogue: Catalogue, history: History, from_cycle: int | None,
                  to_cycle: int | None) -> dict[str, CycleChoice]:
    """The span a review covers: --to (else the default cycle) and --from (else the first
    year of the plans covering --to)."""
    from asean_labour import cycles

    to = cycles.choose(catalogue, history, to_cycle, "--to")
    start = min(p.start for p in catalogue.plans if p.start <= to.year <= p.end)
    first = cycles.choose(catalogue, history, from_cycle, "--from", default=cycles.CycleChoice(
        start, f"the start of the plans covering {to.year}"))
    return {"--from": first, "--to": to}
