"""The command line: parse options, call one core function, render. Nothing else lives here."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from asean_labour import __version__
from asean_labour.errors import AseanLabourError
from asean_labour.options import (
    FormatOption,
    IdArgument,
    OutputOptions,
    PlansOption,
    SortOption,
    complete_bodies,
    complete_coordinators,
    complete_ids,
    with_display,
    with_filters,
    with_output,
)
from asean_labour.query import Filters
from asean_labour.render import ListFormat

F = TypeVar("F", bound=Callable[..., Any])

APP_SETTINGS: dict[str, Any] = {
    "name": "asean-labour",
    "help": "Track the ASEAN labour work plans: list projects, record progress for SLOM, "
            "and write the progress report, scorecard and reviews.",
    "no_args_is_help": True,
    "add_completion": True,
    "context_settings": {"help_option_names": ["-h", "--help"]},
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
}
app = typer.Typer(**APP_SETTINGS)


def fail(error: AseanLabourError) -> typer.Exit:
    """Print an error's lines on standard error (no traceback) and give its exit code."""
    from asean_labour.text_safety import visible_controls

    lines = error.lines()
    for line in lines[:-1]:
        typer.echo(visible_controls(line), err=True)
    typer.echo(f"error: {visible_controls(lines[-1])}", err=True)
    return typer.Exit(error.exit_code)


def command(name: str | None = None, on: typer.Typer | None = None,
            **settings: Any) -> Callable[[F], F]:
    """Register a command (on the app, or `on` a group of it such as `plans`) whose
    `AseanLabourError`s become a clean message and exit code."""

    def register(function: F) -> F:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except AseanLabourError as error:
                raise fail(error) from None

        (on or app).command(name, **settings)(run)
        return function

    return register


def _version(value: bool) -> None:
    if value:
        typer.echo(f"asean-labour {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Track the ASEAN labour work plans: list projects, record progress for SLOM, and
    write the progress report, scorecard and reviews.

    \b
    Examples:
      asean-labour list --coordinator Vietnam --year 2018
      asean-labour show ACMW-2
      asean-labour update --from round-2017.csv --dry-run
    """


def _load(plans: Path | None) -> tuple[Path, Any]:
    """The plans folder and its catalogue."""
    from asean_labour.cache import load_catalogue
    from asean_labour.files import find_plans_dir

    folder = find_plans_dir(plans)
    return folder, load_catalogue(folder)


def _out(text: str) -> None:
    sys.stdout.write(text)


def _wrote(out: Any) -> None:
    """Write a listing command's --output file, now that the output is whole, and say so."""
    message = out.close()
    if message is not None:
        typer.echo(message)


def _note(text: str) -> None:
    """A remark on standard error (what was assumed, what was skipped): not the output."""
    from asean_labour.text_safety import visible_controls

    typer.echo(f"note: {visible_controls(text)}", err=True)


# --- validate ----------------------------------------------------------------------------------

@command("validate")
@with_display(wide=False)
def validate(plans: PlansOption = None) -> None:
    """Check every plan file (and the progress store, instruments and ratifications); list
    every problem, one per line.

    \b
    Examples:
      asean-labour validate --plans ./plans
    """
    from asean_labour.errors import InvalidInput
    from asean_labour.files import find_plans_dir
    from asean_labour.loading import check_plans

    folder = find_plans_dir(plans)
    catalogue, problems, files = check_plans(folder)
    if catalogue is not None:
        from asean_labour.progress import ProgressStore

        problems = ProgressStore(folder).check(catalogue)
    problems += _reference_problems(folder, catalogue)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise InvalidInput(problems, f"{len(problems)} {noun} found in {folder}")
    assert catalogue is not None
    areas = sum(len(p.content.thematic_areas) for p in catalogue.programmes() if p.content)
    from asean_labour.text_safety import visible_controls

    typer.echo(f"{files} plan files, {len(catalogue.plans)} plans, {len(catalogue.projects)} "
               f"projects, {areas} thematic areas in {visible_controls(str(folder))}: all valid")


def _reference_problems(folder: Path, catalogue: Any) -> list[Any]:
    """The problems of the ratifications and instruments files beside the plans (the
    instruments' links are checked against the plans, so only when the plans load)."""
    from asean_labour.instruments import read_instruments
    from asean_labour.ratifications import read_ratifications

    problems = read_ratifications(folder)[1]
    return problems + (read_instruments(folder, catalogue)[1] if catalogue is not None else [])


# --- list, show, plans, stats ------------------------------------------------------------------

@command("list")
@with_display
@with_filters
@with_output
def list_projects(
    filters: Filters,
    to: OutputOptions,
    plans: PlansOption = None,
    sort: SortOption = None,
    fmt: FormatOption = ListFormat.TABLE,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", help="Reporting cycle (the year of the SLOM meeting) whose status to "
        "show and filter on (with --status or --stale, default: the latest cycle with "
        "recorded progress; see docs/progress.md).",
        show_default=False)] = None,
    status: Annotated[list[str] | None, typer.Option(
        "--status", help="Status as of the cycle: not-started, ongoing, completed, delayed, "
        "postponed, cancelled, carried-over, or 'none' for no report (repeatable).",
        show_default=False)] = None,
    stale: Annotated[bool, typer.Option(
        "--stale", help="Only projects due in the cycle (started by its year, or reporting "
        "already, and not finished) with no report received in it; and, per body and "
        "Member State, whether its return came in.")] = False,
) -> None:
    """List projects, filtered and sorted; as a table, JSON, CSV, Markdown or an Excel
    workbook.

    \b
    Examples:
      asean-labour list --coordinator Vietnam --year 2018
      asean-labour list --collaborator ILO --body ACMW --format csv --bom
      asean-labour list --cycle 2017 --status completed
      asean-labour list --cycle 2018 --stale --body ACMW
      asean-labour list --cycle 2018 --body ACMW -o acmw-2018.xlsx
    """
    from asean_labour import views

    out = to.destination(fmt)
    folder, catalogue = _load(plans)
    view = views.project_list(folder, catalogue, filters, sort, cycle, status or [], stale)
    if view.choice is not None:
        views.announce_cycle({"--cycle": view.choice}, out.format is not ListFormat.TABLE)
    views.emit_projects(view, out.format, out)
    _wrote(out)


@command("show")
@with_display
@with_output
def show(project_id: IdArgument, to: OutputOptions, plans: PlansOption = None,
         fmt: FormatOption = ListFormat.TABLE) -> None:
    """Everything about one project: plan, KRA and targets, thematic area, measures,
    timeline, coordinators, collaborators, events, notes and progress history.

    \b
    Examples:
      asean-labour show SLOM-WG-10b
      asean-labour show acmw-2 --format json
    """
    from asean_labour import views

    out = to.destination(fmt)
    folder, catalogue = _load(plans)
    views.emit_project_detail(folder, catalogue, project_id, out.format, out)
    _wrote(out)


@command("stats")
@with_display
@with_filters
@with_output
def stats(filters: Filters, to: OutputOptions, plans: PlansOption = None,
          fmt: FormatOption = ListFormat.TABLE) -> None:
    """Counts of projects by body x KRA, coordinator x body (who leads what), and year.

    \b
    Examples:
      asean-labour stats
      asean-labour stats --year 2018 --format markdown
      asean-labour stats --year 2018 -o stats-2018.xlsx
    """
    from asean_labour import views

    out = to.destination(fmt)
    views.emit_stats(_load(plans)[1], filters, out.format, out)
    _wrote(out)


# --- progress: update, undo, redo, log ---------------------------------------------------------

class OutputFormat(StrEnum):
    """Formats of commands that report what they did."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


class BatchFormat(StrEnum):
    CSV = "csv"
    TOML = "toml"
    XLSX = "xlsx"


CommitOption = Annotated[bool | None, typer.Option(
    "--commit/--no-commit", show_default=False,
    help="Commit the change file to git (default: the `commit` setting of the config file).")]
ByOption = Annotated[str | None, typer.Option(
    "--by", metavar="NAME", show_default=False,
    help="Who reports (default: $ASEAN_LABOUR_REPORTER, the config's `reporter`, or your "
         "login name).")]
CYCLE_DEFAULT = "default: the latest cycle with recorded progress; see docs/progress.md"


def _reporter(by: str | None, config: Any) -> str:
    """--by, checked as a name, else the configured reporter (checked where it is read)."""
    from asean_labour.config import default_reporter, name_problem
    from asean_labour.errors import UsageError

    if by is not None and by.strip():
        problem = name_problem(by)
        if problem is not None:
            raise UsageError(f"--by: {problem}")
        return by.strip()
    return str(default_reporter(config))


def _commit(folder: Path, wanted: bool | None, config: Any, path: Path | None,
            message: str) -> None:
    if path is not None and (wanted if wanted is not None else config.commit):
        from asean_labour import gitlog

        gitlog.commit(folder, [path], message)


@command("update")
@with_display
def update(
    project_id: Annotated[str | None, typer.Argument(
        metavar="[ID]", show_default=False, help="The project to update (or use --from).",
        autocompletion=complete_ids)] = None,
    status: Annotated[str | None, typer.Option(
        "--status", show_default=False,
        help="not-started, ongoing, delayed, postponed, completed, cancelled or "
             "carried-over.")] = None,
    final: Annotated[bool, typer.Option(
        "--final", help="With --status completed: the whole project is finished, even though "
        "the plan gives it later years (without it, completing one year of a longer project "
        "records that year's part, and the project stays ongoing).")] = False,
    note: Annotated[str | None, typer.Option("--note", show_default=False,
                                             help="What happened, in words.")] = None,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", show_default=False,
        help=f"Reporting cycle: the year of the SLOM meeting ({CYCLE_DEFAULT}).")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", metavar="YYYY-MM-DD", show_default=False,
        help="Date of the progress (default: today).")] = None,
    by: ByOption = None,
    output: Annotated[list[str] | None, typer.Option(
        "--output", show_default=False,
        help="Scorecard output delivered: data (data/information/statistics) or laws "
             "(laws/standards/policies); repeatable.")] = None,
    evidence: Annotated[list[str] | None, typer.Option(
        "--evidence", show_default=False,
        help="A URL or document reference; repeatable.")] = None,
    carried_to: Annotated[str | None, typer.Option(
        "--carried-to", metavar="ID", show_default=False,
        help="With --status carried-over: the project of a successor plan that continues "
             "it.")] = None,
    from_file: Annotated[str | None, typer.Option(
        "--from", metavar="FILE", show_default=False,
        help="A batch of updates: CSV, TOML, or an Excel workbook (.xlsx), such as one "
             "made by `template` ('-' reads standard input).")] = None,
    input_format: Annotated[BatchFormat | None, typer.Option(
        "--input-format", show_default=False,
        help="Format of --from (default: from the file name, else guessed).")] = None,
    return_body: Annotated[list[str] | None, typer.Option(
        "--body", "-b", show_default=False, autocompletion=complete_bodies,
        help="With --from: the batch is this body's return for the cycle (default: the "
             "workbook's own, else the bodies of its rows); repeatable.")] = None,
    return_country: Annotated[list[str] | None, typer.Option(
        "--coordinator", "-c", show_default=False, autocompletion=complete_coordinators,
        help="With --from: the batch is this Member State's return (a country focal "
             "point's); repeatable.")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show the changes as a table; write nothing.")] = False,
    commit: CommitOption = None,
    plans: PlansOption = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", case_sensitive=False,
                                              help="How to report what was recorded.")]
    = OutputFormat.TABLE,
) -> None:
    """Record progress for the annual SLOM reporting cycle: one project, or a batch.

    Every row of a batch is checked first; if any is bad, nothing is written and every bad
    row is reported. Updates are appended, never overwritten; rows that match what is
    already recorded are left out (importing a batch twice adds nothing).

    \b
    Examples:
      asean-labour update ACMW-9 --status completed --cycle 2017
      asean-labour update ACMW-2 --status completed --cycle 2017 --note "10th AFML held"
      asean-labour update SLOM-WG-6 --status completed --cycle 2016 --final
      asean-labour update --from examples/acmw-2017.csv --dry-run
      asean-labour update --from acmw-2018.xlsx
      asean-labour update --from viet-nam.csv --coordinator "Viet Nam"
      asean-labour update --from - < round.csv
    """
    from asean_labour import cycles, views
    from asean_labour.batch import Request, format_from_name, read_batch, read_input
    from asean_labour.config import load_config
    from asean_labour.errors import UsageError
    from asean_labour.progress import ProgressStore
    from asean_labour.recording import record

    if (project_id is None) == (from_file is None):
        raise UsageError("give either a project ID or --from FILE (see `asean-labour update "
                         "--help`)")
    if from_file is None and (return_body or return_country):
        raise UsageError("--body and --coordinator say whose return a batch is: use them "
                         "with --from FILE (a single update is no return)")
    config = load_config()
    reporter = _reporter(by, config)
    if from_file is not None:
        given = [name for name, value in (("--status", status), ("--note", note),
                                          ("--date", date), ("--output", output),
                                          ("--evidence", evidence),
                                          ("--carried-to", carried_to),
                                          ("--final", final)) if value]
        if given:
            raise UsageError(f"{', '.join(given)} cannot be used with --from: the batch file "
                             "gives them per row (--cycle and --by set defaults)")
        raw, source = read_input(from_file)
        fmt_name = input_format.value if input_format else format_from_name(from_file)
        batch = read_batch(raw, source, fmt_name)
        for line in batch.notes:
            _note(line)
        cycle = batch.default_cycle(cycle)
        requests = batch.requests
        batch_name = Path(from_file).name if from_file != "-" else "standard input"
    else:
        if status is None:
            raise UsageError("--status is required: one of not-started, ongoing, delayed, "
                             "postponed, completed, cancelled, carried-over")
        source = "command line"
        requests = [Request(project=project_id, status=status, cycle=cycle, date=date,
                            note=note, reported_by=by if by and by.strip() else None,
                            outputs=output or (), evidence=evidence or (),
                            carried_to=carried_to, final=final or None)]
        batch_name = None
        batch = None
    folder, catalogue = _load(plans)
    store = ProgressStore(folder)
    defaulted = any(r.cycle is None or (isinstance(r.cycle, str) and not r.cycle.strip())
                    for r in requests)
    # The default cycle needs the store read: only when a row takes it (or --cycle is
    # outside the plans, and the refusal suggests it).
    choice = cycles.choose(catalogue, lambda: store.history(catalogue), cycle) \
        if cycle is not None or defaulted else cycles.CycleChoice(0)
    if defaulted:
        views.announce_cycle({"--cycle": choice}, fmt is not OutputFormat.TABLE)
    if batch is not None and batch.export:
        # A `list --format csv` export read back: rows that only repeat the status shown as
        # of the export's cycle are no new report (batch.drop_unchanged).
        from asean_labour.recording import export_cycle

        batch.drop_unchanged(catalogue, store.history(catalogue).latest(
            export_cycle(requests, choice.year), as_of=True))
        requests = batch.requests
    if batch is not None and batch.problems:  # refused: with the checks against the plans
        from asean_labour.cycles import today
        from asean_labour.recording import check_requests

        raise batch.refusal(check_requests(requests, catalogue, source, choice.year,
                                           reporter, today()).problems)
    covers = None
    if batch is not None:
        from asean_labour.returns import coverage

        covers = coverage(batch, catalogue, return_body or (), return_country or ())
    for line in batch.skipped_notes() if batch is not None else ():
        _note(line)
    if not requests:  # every row of an export repeats what is recorded
        views.emit_nothing_new(fmt.value, _out)
        return
    result = record(store, catalogue, requests, source=source, default_cycle=choice.year,
                    reporter=reporter, batch_name=batch_name, dry_run=dry_run, covers=covers)
    views.emit_recorded(result, catalogue, fmt.value, _out)
    if result.change is not None:
        _commit(folder, commit, config, result.path, views.commit_message(result.change))


@command("template")
@with_display(wide=False)
@with_filters
def template(
    filters: Filters,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE.xlsx", show_default=False, dir_okay=False,
        help="The workbook to write (atomically).")],
    cycle: Annotated[int | None, typer.Option(
        "--cycle", show_default=False,
        help="Reporting cycle the workbook asks about (default: the latest cycle with "
             "recorded progress; see `report --help`).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    plans: PlansOption = None,
) -> None:
    """Write the reporting workbook of a cycle (.xlsx) to send to a body or focal point.

    One row per project to report on (due by the cycle, or given no year in the plan; the
    same filters as `list`), with reference columns (title, years, coordinators, last
    status reported) and columns to fill in: status (a drop-down list), date, note,
    reported by, outputs, evidence. Read it back with `update --from FILE.xlsx`: it
    records the cycle it was made for.

    \b
    Examples:
      asean-labour template --cycle 2018 --body ACMW --output acmw-2018.xlsx
      asean-labour template --cycle 2018 -c "Viet Nam" -o viet-nam-2018.xlsx
      asean-labour update --from acmw-2018.xlsx --dry-run
    """
    import datetime as dt

    from asean_labour import cycles, views
    from asean_labour import template as workbook
    from asean_labour.errors import InvalidInput, Problem, UsageError
    from asean_labour.progress import ProgressStore
    from asean_labour.query import resolve, select
    from asean_labour.render.report_output import check_output, write_file
    from asean_labour.text_safety import visible_controls

    if output.suffix.casefold() != ".xlsx":
        raise UsageError(f"--output {output}: a reporting workbook is an Excel file; give a "
                         "name ending in .xlsx")
    check_output(output, force)
    folder, catalogue = _load(plans)
    selected = select(catalogue, resolve(filters, catalogue))
    history = ProgressStore(folder).history(catalogue)
    choice = cycles.choose(catalogue, history, cycle)
    year = choice.year
    views.announce_cycle({"--cycle": choice}, machine=True)
    made = workbook.build(catalogue, history, selected, year, filters, dt.date.today())
    if not made.rows:
        raise InvalidInput([Problem(str(output), f"no project of the {len(selected)} selected "
                                    f"is due in cycle {year} (due: scheduled by {year} or "
                                    "given no year, not finished before it, in a plan that "
                                    "covers the year)")],
                           "nothing to ask about; nothing was written")
    from asean_labour.render.template_xlsx import render

    write_file(output, render(made), force)
    noun = "project" if len(made.rows) == 1 else "projects"
    typer.echo(f"Wrote {visible_controls(str(output))}: {len(made.rows)} {noun} to report on "
               f"in cycle {year}, for {visible_controls(made.audience)}. When it comes back "
               f"filled in: asean-labour update --from {visible_controls(str(output))} "
               "--dry-run")


@command("undo")
@with_display
def undo(
    change: Annotated[str | None, typer.Option(
        "--change", metavar="CHANGE", show_default=False,
        help="The change to reverse (default: the last one in effect); see `log`.")] = None,
    by: ByOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run",
                                          help="Show what would be reversed.")] = False,
    commit: CommitOption = None,
    plans: PlansOption = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", case_sensitive=False,
                                              help="How to report what was undone.")]
    = OutputFormat.TABLE,
) -> None:
    """Reverse the last command as a whole (a batch of 200 rows is undone as one); again,
    the command before it, and so on. `redo` puts them back.

    The reversal is appended; nothing is deleted, and the history shows both.

    \b
    Examples:
      asean-labour undo --dry-run
      asean-labour undo
      asean-labour undo --change 8adb3d20
    """
    from asean_labour import progress, views
    from asean_labour.config import load_config

    config = load_config()
    reporter = _reporter(by, config)
    folder, catalogue = _load(plans)
    done = progress.undo(progress.ProgressStore(folder), catalogue, reporter,
                         change_id=change, dry_run=dry_run)
    views.emit_undone(done, fmt.value, _out)
    _commit(folder, commit, config, done.path, views.undo_message(done))


@command("redo")
@with_display
def redo(
    by: ByOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run",
                                          help="Show what would be put back.")] = False,
    commit: CommitOption = None,
    plans: PlansOption = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", case_sensitive=False,
                                              help="How to report what was redone.")]
    = OutputFormat.TABLE,
) -> None:
    """Put back what the last `undo` reversed; again, the undo before it, and so on.

    An update recorded after an undo ends what can be redone (as in an editor);
    `undo --change ID` still reverses any named change, an undo included.

    \b
    Examples:
      asean-labour redo --dry-run
      asean-labour redo
    """
    from asean_labour import progress, views
    from asean_labour.config import load_config

    config = load_config()
    reporter = _reporter(by, config)
    folder, catalogue = _load(plans)
    done = progress.redo(progress.ProgressStore(folder), catalogue, reporter, dry_run=dry_run)
    views.emit_undone(done, fmt.value, _out)
    _commit(folder, commit, config, done.path, views.undo_message(done))


@command("log")
@with_display
@with_filters
@with_output
def log(
    filters: Filters,
    to: OutputOptions,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", show_default=False,
        help=f"Reporting cycle to list ({CYCLE_DEFAULT}).")] = None,
    by: Annotated[list[str] | None, typer.Option(
        "--by", metavar="NAME", show_default=False,
        help="Only entries reported or recorded by NAME (repeatable).")] = None,
    plans: PlansOption = None,
    fmt: FormatOption = ListFormat.TABLE,
) -> None:
    """A cycle's progress updates, undos and redos, oldest first, with who and when.

    \b
    Examples:
      asean-labour log --cycle 2017
      asean-labour log --cycle 2017 --body ACMW --format csv
      asean-labour log --cycle 2017 -o log-2017.xlsx
    """
    from asean_labour import cycles, views
    from asean_labour.progress import ProgressStore

    out = to.destination(fmt)
    folder, catalogue = _load(plans)
    history = ProgressStore(folder).history(catalogue)
    choice = cycles.choose(catalogue, history, cycle)
    rows = views.log_rows(history, catalogue, choice.year, filters, by or [])
    views.announce_cycle({"--cycle": choice}, out.format is not ListFormat.TABLE)
    views.emit_log(rows, choice.year, out.format, out)
    _wrote(out)


# --- instruments and ratifications --------------------------------------------------------------

def _complete_instruments(ctx: typer.Context, incomplete: str) -> list[str]:
    """Instrument ids of the plans folder the command line names (or the default)."""
    from asean_labour.options import _quiet_catalogue, _starting

    try:
        from asean_labour.files import find_plans_dir
        from asean_labour.instruments import read_instruments

        plans = ctx.params.get("plans")
        folder = find_plans_dir(Path(plans) if plans else None)
        catalogue = _quiet_catalogue(folder)
        found = read_instruments(folder, catalogue)[0] if catalogue is not None else []
    except Exception:  # completion must never break the shell
        return []
    return _starting(incomplete, [i.id for i in found])


def _complete_member_states(ctx: typer.Context, incomplete: str) -> list[str]:
    """The Member States of the vocabulary of the plans folder the command line names (or
    the default); an alias or ISO code when no name starts so."""
    from asean_labour.options import _starting, quiet_vocabulary

    vocabulary = quiet_vocabulary(ctx.params.get("plans"))
    if vocabulary is None:
        return []
    return _starting(incomplete, vocabulary.country_names, vocabulary.country_aliases())


def _complete_conventions(ctx: typer.Context, incomplete: str) -> list[str]:
    from asean_labour.options import _starting

    try:
        from asean_labour.files import find_plans_dir
        from asean_labour.ratifications import ConventionGroup, read_ratifications

        plans = ctx.params.get("plans")
        found = read_ratifications(find_plans_dir(Path(plans) if plans else None))[0]
    except Exception:  # completion must never break the shell
        return []
    return _starting(incomplete, [c.code for c in found.conventions],
                     [g.value for g in ConventionGroup])


@command("instruments")
@with_display
@with_filters
@with_output
def instruments(
    filters: Filters,
    to: OutputOptions,
    instrument_id: Annotated[str | None, typer.Argument(
        metavar="[ID]", show_default=False, autocompletion=_complete_instruments,
        help="An instrument id (any case, or its start, e.g. vientiane): show it whole, with "
             "its commitments and the linked projects' latest status.")] = None,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", show_default=False,
        help="Reporting cycle whose status the linked projects show (default: this "
             "year).")] = None,
    plans: PlansOption = None,
    fmt: FormatOption = ListFormat.TABLE,
) -> None:
    """The ASEAN declarations and statements of the plans' source: date, place, numbered
    commitments, and the projects the plans link to them; the filters keep the instruments
    whose linked projects match (and, for --collaborator, those naming the partner).

    \b
    Examples:
      asean-labour instruments
      asean-labour instruments --collaborator ILO
      asean-labour instruments vientiane-2016 --cycle 2018
      asean-labour instruments CEBU-2007 --format markdown
    """
    from asean_labour import instrument_views

    out = to.destination(fmt)
    folder, catalogue = _load(plans)
    instrument_views.run(folder, catalogue, filters, instrument_id, cycle, out.format, out)
    _wrote(out)


@command("ratifications")
@with_display
@with_output
def ratifications(
    to: OutputOptions,
    convention: Annotated[list[str] | None, typer.Option(
        "--convention", metavar="CODE", show_default=False, autocompletion=_complete_conventions,
        help="A convention (C087, 87) or a group (fundamental, governance); "
             "repeatable.")] = None,
    country: Annotated[list[str] | None, typer.Option(
        "--country", metavar="NAME", show_default=False, autocompletion=_complete_member_states,
        help="A Member State; aliases such as Vietnam or Laos, and ISO codes such as VN or "
             "TLS, work (repeatable).")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="YYYY-MM-DD", show_default=False,
        help="Show the facts verified on or before this date (default: today).")] = None,
    plans: PlansOption = None,
    fmt: FormatOption = ListFormat.TABLE,
) -> None:
    """The Member States' ratification of the ILO fundamental and governance conventions,
    as a matrix (as in the annexes of the 2016-2020 plans), each fact with the date it was
    verified and its source.

    \b
    Examples:
      asean-labour ratifications
      asean-labour ratifications --convention C087 --convention C098
      asean-labour ratifications --country "Viet Nam" --format json
      asean-labour ratifications --as-of 2017-10-31 --format csv
      asean-labour ratifications -o ratifications.xlsx
    """
    from asean_labour import ratification_views
    from asean_labour.files import find_plans_dir

    out = to.destination(fmt)
    ratification_views.run(find_plans_dir(plans), convention or [], country or [], as_of,
                           out.format, out)
    _wrote(out)


def main() -> None:
    """Entry point of the `asean-labour` script.

    Typer builds a click command for every registered command on each run; when the command
    line names one command, only that one is built (12-19 ms less start-up, measured in
    docs/performance.md). The top-level --help, --version and shell completion get the app."""
    wanted = sys.argv[1] if len(sys.argv) > 1 else None
    info = next((c for c in app.registered_commands if c.name == wanted), None)
    group = next((g for g in app.registered_groups if g.name == wanted), None)
    if group is not None and group.name == "plans":
        group = plans_commands.narrowed(sys.argv[2:]) or group
    completing = any(key.endswith("_COMPLETE") for key in os.environ)
    if wanted in (None, "-h", "--help") and not completing:
        # The app's help lists the plans group on one line: its subcommands are not built.
        single = typer.Typer(**APP_SETTINGS)
        single.registered_callback = app.registered_callback
        single.registered_commands = app.registered_commands
        single.registered_groups = [plans_commands.narrowed(None)]
        single()
        return
    if (info is None and group is None) or completing:
        app()
        return
    single = typer.Typer(**APP_SETTINGS)
    single.registered_callback = app.registered_callback
    single.registered_commands = [info] if info is not None else []
    single.registered_groups = [group] if group is not None else []
    single()


# The reporting and the plans commands live in their own modules; importing them registers them
# on `app`.
from asean_labour import plans_commands, report_commands  # noqa: E402, F401
