"""The reporting commands: report, scorecard, review, timeline (registered on the app).

Each parses its options, calls one builder of `asean_labour.report`, and hands the result to
`render.report_output`, which shows it or writes it in the chosen format.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from asean_labour.cli import _load, _out, command
from asean_labour.errors import UsageError
from asean_labour.options import PlansOption, injecting, with_display, with_filters
from asean_labour.query import Filters
from asean_labour.render import ReportFormat

if TYPE_CHECKING:
    from asean_labour.cycles import CycleChoice
    from asean_labour.model import Catalogue
    from asean_labour.progress import History
    from asean_labour.query import Selection
    from asean_labour.render.report_layout import View

@dataclass(frozen=True)
class Delivery:
    """Where and how a reporting command delivers its result (the shared output options)."""

    fmt: ReportFormat | None
    output: Path | None
    force: bool
    no_timestamp: bool
    date: str | None
    plans: Path | None


def _delivery_parameters() -> list[inspect.Parameter]:
    def option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
        return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                 annotation=annotation)

    return [
        option("fmt", Annotated[ReportFormat | None, typer.Option(
            "--format", "-f", case_sensitive=False, show_default=False,
            help="terminal, markdown, docx, html, json or xlsx (default: from the --output "
                 "extension, else terminal).")], None),
        option("output", Annotated[Path | None, typer.Option(
            "--output", "-o", metavar="FILE", show_default=False, dir_okay=False,
            help="Write to FILE (.docx, .html, .md, .json, .xlsx or .txt sets the format), "
                 "atomically.")], None),
        option("force", Annotated[bool, typer.Option(
            "--force", help="Replace --output FILE if it exists.")], False),
        option("no_timestamp", Annotated[bool, typer.Option(
            "--no-timestamp", help="Leave out the date (the 'Generated on' line, the "
            "report's date): same data, same bytes.")], False),
        option("date", Annotated[str | None, typer.Option(
            "--date", metavar="YYYY-MM-DD", show_default=False,
            help="The date the document gives, written '1 December 2026' (default: "
                 "today).")], None),
        option("plans", PlansOption, None),
    ]


#: Give a reporting command the shared output options; it receives them as `delivery`.
with_delivery = injecting("delivery", _delivery_parameters, lambda v: Delivery(**v))

CycleOption = Annotated[int | None, typer.Option(
    "--cycle", show_default=False,
    help="Reporting cycle: the year of the SLOM meeting (default: the latest cycle with "
         "recorded progress; see docs/progress.md).")]
FromOption = Annotated[int | None, typer.Option(
    "--from", show_default=False, help="The earlier cycle (default: the one before --to).")]
ToOption = Annotated[int | None, typer.Option(
    "--to", show_default=False, help="The later cycle (default: --cycle, else the default "
    "cycle).")]
MeetingOption = Annotated[str | None, typer.Option(
    "--meeting", metavar="NAME", show_default=False,
    help="The meeting the document is for, on the cover: \"The 14th SLOM\" (default: the "
         "config file's `meeting`).")]
PreparedByOption = Annotated[str | None, typer.Option(
    "--prepared-by", metavar="NAME", show_default=False,
    help="Who prepared it, on the cover (default: the config file's `prepared_by`, else "
         "the ASEAN Secretariat).")]

Build = Callable[["Catalogue", "History", "Selection", "dt.date | None"], Any]


def _generated_on(no_timestamp: bool, date: str | None) -> dt.date | None:
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


def _produce(build: Build, filters: Filters, delivery: Delivery,
             view: View | None = None, imprint: Imprint | None = None,
             one_pager: bool = False) -> None:
    """Check the output options, load plans and progress, build, then show or write
    (`one_pager`: a country's or a partner's progress report gets its ILO ratifications and
    ASEAN instruments, read from the plans folder only then)."""
    from asean_labour.progress import ProgressStore
    from asean_labour.query import resolve
    from asean_labour.render import report_output

    target = report_output.choose_target(delivery.fmt, delivery.output, delivery.force)
    generated_on = _generated_on(delivery.no_timestamp, delivery.date)
    folder, catalogue = _load(delivery.plans)
    selection = resolve(filters, catalogue)
    history = ProgressStore(folder).history(catalogue)
    result = build(catalogue, history, selection, generated_on)
    if one_pager and result.header.subject:
        from asean_labour import report as core
        from asean_labour.instruments import load_instruments
        from asean_labour.ratifications import load_ratifications

        result = core.one_pager_facts(result, catalogue, selection, load_ratifications(folder),
                                      load_instruments(folder, catalogue))
    if imprint is not None:
        result = replace(result, header=replace(result.header, meeting=imprint.meeting,
                                                prepared_by=imprint.prepared_by))
    report_output.deliver(result, target, _out, view)


@dataclass(frozen=True)
class Imprint:
    """Who the progress report is for and who prepared it (the cover, the page header)."""

    meeting: str | None
    prepared_by: str | None


def _imprint(meeting: str | None, prepared_by: str | None) -> Imprint:
    """The options, else the config file's `meeting` and `prepared_by`."""
    from asean_labour.config import load_config

    config = load_config()
    given = {name: value.strip() if value is not None else None
             for name, value in (("--meeting", meeting), ("--prepared-by", prepared_by))}
    for name, value in given.items():
        if value is not None and (not value or "\n" in value or len(value) > 120):
            raise UsageError(f"{name}: expected a name on one line of at most 120 characters, "
                             f"got {value!r}")
    return Imprint(given["--meeting"] or config.meeting,
                   given["--prepared-by"] or config.prepared_by)


def _choose(catalogue: Catalogue, history: History, option: str, value: int | None,
            default: CycleChoice | None = None) -> CycleChoice:
    """An option's cycle: the value given, checked against the loaded plans (the refusal
    suggests the default), else the default (None: the default cycle)."""
    from asean_labour import cycles

    fallback = default or cycles.default_cycle(catalogue, history, cycles.today())
    if value is None:
        return fallback
    return cycles.CycleChoice(cycles.require(catalogue, value, option, fallback))


def _announce(chosen: dict[str, CycleChoice], delivery: Delivery) -> None:
    """Say which cycles the command chose itself, on the output's first line (on standard
    error when JSON or Markdown goes to standard output, which stays clean)."""
    from asean_labour import views
    from asean_labour.render import report_output

    target = report_output.choose_target(delivery.fmt, delivery.output, delivery.force)
    views.announce_cycle(chosen, target.path is None and
                         target.format is not ReportFormat.TERMINAL)


def _target_format(delivery: Delivery) -> ReportFormat:
    from asean_labour.render import report_output

    return report_output.choose_target(delivery.fmt, delivery.output, delivery.force).format


@command("report")
@with_display
@with_delivery
@with_filters
def report(
    filters: Filters,
    delivery: Delivery,
    cycle: CycleOption = None,
    changes: Annotated[bool, typer.Option(
        "--changes", help="Instead: what changed between two cycles (--from, --to).")] = False,
    from_cycle: FromOption = None,
    to_cycle: ToOption = None,
    brief: Annotated[bool, typer.Option(
        "--brief", help="One page for Ministers: the figures, one chart, five lines of what "
        "matters (every format).")] = False,
    full: Annotated[bool, typer.Option(
        "--full", help="In the terminal, every section (each body, every project), not only "
        "the summary. Files always hold every section.")] = False,
    meeting: MeetingOption = None,
    prepared_by: PreparedByOption = None,
) -> None:
    """The annual progress report to SLOM, or (--changes) what changed between two cycles.

    In the terminal: the summary (figures, bars, what needs SLOM's attention); --full shows
    every section. As a file (-o .docx, .html, .md, .json): the whole report, with a cover,
    contents, an executive summary, a section per body and an annex of every project. The
    same filters as `list`; they make one-pagers: --coordinator for a country focal point,
    --collaborator ILO for the ASEAN-ILO progress report.

    \b
    Examples:
      asean-labour report --cycle 2017
      asean-labour report --cycle 2017 --full
      asean-labour report --cycle 2017 --meeting "The 13th SLOM" -o slom-2017.docx
      asean-labour report --cycle 2017 -o slom-2017.html
      asean-labour report --cycle 2017 --brief -o brief-2017.docx
      asean-labour report --cycle 2018 --coordinator "Viet Nam"
      asean-labour report --cycle 2018 --collaborator ILO -o asean-ilo-2018.docx
      asean-labour report --changes --from 2017 --to 2018
    """
    from asean_labour import report as core
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
    if brief and _target_format(delivery) is ReportFormat.XLSX:
        raise UsageError("--brief is one page of text for Ministers; a workbook holds the "
                         "report's data: drop --brief, or write the brief as .docx or .html")
    imprint = _imprint(meeting, prepared_by)
    view = View.BRIEF if brief else View.FULL if full else None
    if not changes:
        def build_report(c: Catalogue, h: History, s: Selection, g: dt.date | None) -> Any:
            chosen = {"--cycle": _choose(c, h, "--cycle", cycle)}
            _announce(chosen, delivery)
            return core.build_report(c, h, s, chosen["--cycle"].year, generated_on=g)

        _produce(build_report, filters, delivery, view, imprint, one_pager=not brief)
        return
    if cycle is not None and to_cycle is not None and cycle != to_cycle:
        raise UsageError(f"--cycle {cycle} and --to {to_cycle} disagree; give only --to")
    if from_cycle is not None and to_cycle is None and cycle is None:
        raise UsageError(f"--to is missing: --changes compares --from {from_cycle} with a "
                         f"later cycle; give --to (e.g. --to {from_cycle + 1})")
    last = to_cycle if to_cycle is not None else cycle

    def build_changes(c: Catalogue, h: History, s: Selection, g: dt.date | None) -> Any:
        from asean_labour import cycles

        to = _choose(c, h, "--cycle" if to_cycle is None and cycle is not None else "--to",
                     last)
        before = cycles.CycleChoice(to.year - 1, f"the cycle before {to.year}")
        if from_cycle is None and before.year not in cycles.covered_years(c):
            raise UsageError(f"--changes compares {to.year} with the cycle before it, "
                             f"{before.year}, which is outside the loaded plans "
                             f"({cycles.span_text(c)}); give a later --to")
        start = _choose(c, h, "--from", from_cycle, before)
        _announce({"--from": start, "--to": to}, delivery)
        return core.build_changes(c, h, s, start.year, to.year, generated_on=g)

    _produce(build_changes, filters, delivery, imprint=imprint)


@command("scorecard")
@with_display
@with_delivery
@with_filters
def scorecard(
    filters: Filters,
    delivery: Delivery,
    cycle: CycleOption = None,
    meeting: MeetingOption = None,
    prepared_by: PreparedByOption = None,
) -> None:
    """The scorecard: which projects delivered data or laws in a cycle, per body.

    The output-level checklist: data/information/statistics and laws/standards/policies.

    \b
    Examples:
      asean-labour scorecard --cycle 2017
      asean-labour scorecard --cycle 2017 --output scorecard-2017.docx
    """
    from asean_labour import report as core

    def build(c: Catalogue, h: History, s: Selection, g: dt.date | None) -> Any:
        chosen = {"--cycle": _choose(c, h, "--cycle", cycle)}
        _announce(chosen, delivery)
        return core.build_scorecard(c, h, s, chosen["--cycle"].year, generated_on=g)

    _produce(build, filters, delivery, imprint=_imprint(meeting, prepared_by))


@command("review")
@with_display
@with_delivery
@with_filters
def review(
    filters: Filters,
    delivery: Delivery,
    from_cycle: Annotated[int | None, typer.Option(
        "--from", show_default=False,
        help="The first cycle reviewed, e.g. 2016 (default: the start of the plans covering "
             "--to).")] = None,
    to_cycle: Annotated[int | None, typer.Option(
        "--to", show_default=False,
        help="The last cycle reviewed: mid-term (e.g. 2018) or final (the plan's end) "
             "(default: the latest cycle with recorded progress; see docs/progress.md).")]
    = None,
    meeting: MeetingOption = None,
    prepared_by: PreparedByOption = None,
) -> None:
    """The outcome-based mid-term or final review, per KRA and thematic area.

    \b
    Examples:
      asean-labour review --from 2016 --to 2018                 # mid-term
      asean-labour review --from 2016 --to 2020 -o final.docx   # final
    """
    from asean_labour import report as core

    def build(c: Catalogue, h: History, s: Selection, g: dt.date | None) -> Any:
        from asean_labour import cycles

        to = _choose(c, h, "--to", to_cycle)
        start = min(p.start for p in c.plans if p.start <= to.year <= p.end)
        first = _choose(c, h, "--from", from_cycle, cycles.CycleChoice(
            start, f"the start of the plans covering {to.year}"))
        _announce({"--from": first, "--to": to}, delivery)
        return core.build_review(c, h, s, first.year, to.year, generated_on=g)

    _produce(build, filters, delivery, imprint=_imprint(meeting, prepared_by))


@command("timeline")
@with_display
@with_delivery
@with_filters
def timeline(
    filters: Filters,
    delivery: Delivery,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", show_default=False,
        help="Colour by status as of this cycle (default: the latest recorded).")] = None,
    meeting: MeetingOption = None,
    prepared_by: PreparedByOption = None,
) -> None:
    """Projects as bars across the plan's years (a Gantt chart), coloured by status.

    \b
    Examples:
      asean-labour timeline
      asean-labour timeline --body ACMW --cycle 2018
    """
    from asean_labour import report as core

    def build(c: Catalogue, h: History, s: Selection, g: dt.date | None) -> Any:
        year = _choose(c, h, "--cycle", cycle).year if cycle is not None else None
        return core.build_timeline(c, h, s, year, generated_on=g)

    _produce(build, filters, delivery, imprint=_imprint(meeting, prepared_by))
