"""The reporting commands: report, scorecard, review, timeline (registered on the app).

Each parses its options, checks them (report_request.py), calls one builder of
`asean_labour.report`, and hands the result to `render.report_output`, which shows it or
writes it in the chosen format.
"""

from __future__ import annotations

import datetime as dt
import gc
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from asean_labour.app import REPORT, command, load, out
from asean_labour.options import (
    CYCLE_DEFAULT,
    CycleOption,
    OutputOptions,
    PlansOption,
    injecting,
    with_display,
    with_document_output,
    with_filters,
)
from asean_labour.query import Filters
from asean_labour.render import ReportFormat

if TYPE_CHECKING:
    from asean_labour.cycles import CycleChoice
    from asean_labour.model import Catalogue
    from asean_labour.progress import History
    from asean_labour.query import Selection
    from asean_labour.render.report_layout import View
    from asean_labour.render.report_output import Target
    from asean_labour.report_request import Imprint

FromOption = Annotated[int | None, typer.Option(
    "--from", metavar="YEAR", show_default=False,
    help="The earlier cycle (default: the one before --to).")]
ToOption = Annotated[int | None, typer.Option(
    "--to", metavar="YEAR", show_default=False,
    help="The later cycle (default: --cycle, else the default cycle).")]


@dataclass(frozen=True)
class Cover:
    """The options of every document's cover and date, as given."""

    meeting: str | None = None
    prepared_by: str | None = None
    no_timestamp: bool = False
    date: str | None = None


def _cover_parameters() -> list[inspect.Parameter]:
    def option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
        return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                 annotation=annotation)

    return [
        option("meeting", Annotated[str | None, typer.Option(
            "--meeting", metavar="NAME", show_default=False,
            help="The meeting the document is for, on the cover: \"The 14th SLOM\" "
                 "(default: the config file's `meeting`).")], None),
        option("prepared_by", Annotated[str | None, typer.Option(
            "--prepared-by", metavar="NAME", show_default=False,
            help="Who prepared it, on the cover (default: the config file's `prepared_by`, "
                 "else the ASEAN Secretariat).")], None),
        option("no_timestamp", Annotated[bool, typer.Option(
            "--no-timestamp", help="Leave out the date (the 'Generated on' line, the "
            "report's date): same data, same bytes.")], False),
        option("date", Annotated[str | None, typer.Option(
            "--date", metavar="YYYY-MM-DD", show_default=False,
            help="The date the document gives, written '1 December 2026' (default: "
                 "today).")], None),
    ]


#: Give a reporting command --meeting, --prepared-by, --no-timestamp and --date; it receives
#: them as `cover`.
with_cover = injecting("cover", _cover_parameters, lambda values: Cover(**values))

Build = Callable[["Catalogue", "History", "Selection", "dt.date | None"], Any]


def _produce(build: Build, filters: Filters, to: OutputOptions, cover: Cover,
             plans: Path | None, view: View | None = None, one_pager: bool = False) -> None:
    """Check the output options, the date and the cover; load plans and progress, build,
    then show or write (`one_pager`: a country's or a partner's progress report gets its ILO
    ratifications and ASEAN instruments, read from the plans folder only then)."""
    target = to.target()
    when, imprint = _settled(cover)
    with _collector_paused():
        _load_build_deliver(build, filters, target, imprint, when, plans, view, one_pager)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a document is loaded, built and delivered, on
    again after (if it was). The plans, the progress and the document are hundreds of
    thousands of objects that live until the end and hold no cycles to free: at 100,000
    projects the collections that scanned them took about a fifth of a Markdown report's CPU
    time, and a collection at the end found 11 unreachable objects (docs/performance.md).
    Kept to the reporting commands: a process-wide `gc.freeze` after the imports belongs to
    the entry point."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_build_deliver(build: Build, filters: Filters, target: Target,
                        imprint: Imprint, when: dt.date | None, plans: Path | None,
                        view: View | None, one_pager: bool) -> None:
    from asean_labour.progress import ProgressStore
    from asean_labour.query import resolve
    from asean_labour.render import report_output

    folder, catalogue = load(plans)
    selection = resolve(filters, catalogue)
    history = ProgressStore(folder).history(catalogue)
    result = build(catalogue, history, selection, when)
    if one_pager and result.header.subject:
        from asean_labour import report as core
        from asean_labour.instruments import load_instruments
        from asean_labour.ratifications import load_ratifications

        result = core.one_pager_facts(result, catalogue, selection, load_ratifications(folder),
                                      load_instruments(folder, catalogue))
    result = replace(result, header=replace(result.header, meeting=imprint.meeting,
                                            prepared_by=imprint.prepared_by))
    del catalogue, history, selection
    report_output.deliver(result, target, out, view)


def _settled(cover: Cover) -> tuple[dt.date | None, Imprint]:
    """The document's date and cover, checked before anything is loaded."""
    from asean_labour import report_request
    from asean_labour.config import load_config

    return (report_request.generated_on(cover.no_timestamp, cover.date),
            report_request.imprint(cover.meeting, cover.prepared_by, load_config()))


def _announce(chosen: dict[str, CycleChoice], to: OutputOptions) -> None:
    """Say which cycles the command chose itself, on the output's first line (on standard
    error when JSON or Markdown goes to standard output, which stays clean)."""
    from asean_labour import views

    target = to.target()
    views.announce_cycle(chosen, target.path is None and target.format is not ReportFormat.TABLE)


@command("report", panel=REPORT, short="The annual progress report to SLOM, or what changed")
@with_display
@with_document_output
@with_cover
@with_filters
def report(
    filters: Filters,
    to: OutputOptions,
    cover: Cover,
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
    plans: PlansOption = None,
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
    from asean_labour import report_request

    view = report_request.report_view(changes, from_cycle, to_cycle, brief, full,
                                      to.target().format)
    if changes:
        report_request.check_changes(cycle, from_cycle, to_cycle)
    if not changes:
        def build_report(c: Catalogue, h: History, s: Selection, g: dt.date | None) -> Any:
            from asean_labour import cycles

            chosen = {"--cycle": cycles.choose(c, h, cycle)}
            _announce(chosen, to)
            return core.build_report(c, h, s, chosen["--cycle"].year, generated_on=g)

        _produce(build_report, filters, to, cover, plans, view, one_pager=not brief)
        return

    def build_changes(c: Catalogue, h: History, s: Selection, g: dt.date | None) -> Any:
        chosen = report_request.changes_cycles(c, h, cycle, from_cycle, to_cycle)
        _announce(chosen, to)
        return core.build_changes(c, h, s, chosen["--from"].year, chosen["--to"].year,
                                  generated_on=g)

    _produce(build_changes, filters, to, cover, plans)


@command("scorecard", panel=REPORT, short="Which projects delivered data or laws in a cycle")
@with_display
@with_document_output
@with_cover
@with_filters
def scorecard(filters: Filters, to: OutputOptions, cover: Cover, cycle: CycleOption = None,
              plans: PlansOption = None) -> None:
    """The scorecard: which projects delivered data or laws in a cycle, per body.

    The output-level checklist: data/information/statistics and laws/standards/policies
    (what `update --delivered` records).

    \b
    Examples:
      asean-labour scorecard --cycle 2017
      asean-labour scorecard --cycle 2017 -o scorecard-2017.docx
    """
    from asean_labour import report as core

    def build(c: Catalogue, h: History, s: Selection, g: dt.date | None) -> Any:
        from asean_labour import cycles

        chosen = {"--cycle": cycles.choose(c, h, cycle)}
        _announce(chosen, to)
        return core.build_scorecard(c, h, s, chosen["--cycle"].year, generated_on=g)

    _produce(build, filters, to, cover, plans)


@command("review", panel=REPORT, short="The mid-term or final review, per KRA and theme")
@with_display
@with_document_output
@with_cover
@with_filters
def review(
    filters: Filters,
    to: OutputOptions,
    cover: Cover,
    from_cycle: Annotated[int | None, typer.Option(
        "--from", metavar="YEAR", show_default=False,
        help="The first cycle reviewed, e.g. 2016 (default: the start of the plans covering "
             "--to).")] = None,
    to_cycle: Annotated[int | None, typer.Option(
        "--to", metavar="YEAR", show_default=False,
        help="The last cycle reviewed: mid-term (e.g. 2018) or final (the plan's end) "
             f"({CYCLE_DEFAULT}).")] = None,
    plans: PlansOption = None,
) -> None:
    """The outcome-based mid-term or final review, per KRA and thematic area.

    \b
    Examples:
      asean-labour review --from 2016 --to 2018                 # mid-term
      asean-labour review --from 2016 --to 2020 -o final.docx   # final
    """
    from asean_labour import report as core
    from asean_labour import report_request

    def build(c: Catalogue, h: History, s: Selection, g: dt.date | None) -> Any:
        chosen = report_request.review_cycles(c, h, from_cycle, to_cycle)
        _announce(chosen, to)
        return core.build_review(c, h, s, chosen["--from"].year, chosen["--to"].year,
                                 generated_on=g)

    _produce(build, filters, to, cover, plans)


@command("timeline", panel=REPORT, short="Projects as bars across the plans' years")
@with_display
@with_document_output
@with_cover
@with_filters
def timeline(
    filters: Filters,
    to: OutputOptions,
    cover: Cover,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", metavar="YEAR", show_default=False,
        help="Colour by status as of this cycle (default: each project's latest status, "
             "whatever its cycle).")] = None,
    plans: PlansOption = None,
) -> None:
    """Projects as bars across the plans' years (a Gantt chart), coloured by status.

    \b
    Examples:
      asean-labour timeline
      asean-labour timeline --body ACMW --cycle 2018
      asean-labour timeline --body ACMW -o timeline.html
    """
    from asean_labour import report as core

    def build(c: Catalogue, h: History, s: Selection, g: dt.date | None) -> Any:
        from asean_labour import cycles

        year = cycles.choose(c, h, cycle).year if cycle is not None else None
        return core.build_timeline(c, h, s, year, generated_on=g)

    _produce(build, filters, to, cover, plans)
