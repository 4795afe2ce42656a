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
    PlansOption,
    SortOption,
    complete_ids,
    with_filters,
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


def command(name: str | None = None, **settings: Any) -> Callable[[F], F]:
    """Register a command whose `AseanLabourError`s become a clean message and exit code."""

    def register(function: F) -> F:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except AseanLabourError as error:
                raise fail(error) from None

        app.command(name, **settings)(run)
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


def _note(text: str) -> None:
    """A remark on standard error (what was assumed, what was skipped): not the output."""
    from asean_labour.text_safety import visible_controls

    typer.echo(f"note: {visible_controls(text)}", err=True)


# --- validate ----------------------------------------------------------------------------------

@command("validate")
def validate(plans: PlansOption = None) -> None:
    """Check every plan file (and the progress store); list every problem, one per line.

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
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise InvalidInput(problems, f"{len(problems)} {noun} found in {folder}")
    assert catalogue is not None
    areas = sum(len(p.content.thematic_areas) for p in catalogue.programmes() if p.content)
    from asean_labour.text_safety import visible_controls

    typer.echo(f"{files} plan files, {len(catalogue.plans)} plans, {len(catalogue.projects)} "
               f"projects, {areas} thematic areas in {visible_controls(str(folder))}: all valid")


# --- list, show, plans, stats ------------------------------------------------------------------

@command("list")
@with_filters
def list_projects(
    filters: Filters,
    plans: PlansOption = None,
    sort: SortOption = None,
    fmt: FormatOption = ListFormat.TABLE,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", help="Reporting cycle (the year of the SLOM meeting) whose status to "
        "show and filter on (default: the current year when --status or --stale is given).",
        show_default=False)] = None,
    status: Annotated[list[str] | None, typer.Option(
        "--status", help="Status as of the cycle: not-started, ongoing, completed, delayed, "
        "postponed, cancelled, carried-over, or 'none' for no report (repeatable).",
        show_default=False)] = None,
    stale: Annotated[bool, typer.Option(
        "--stale", help="Only projects due by the cycle's year with no update in that "
        "cycle.")] = False,
) -> None:
    """List projects, filtered and sorted; as a table, JSON, CSV or Markdown.

    \b
    Examples:
      asean-labour list --coordinator Vietnam --year 2018
      asean-labour list --collaborator ILO --body ACMW --format csv
      asean-labour list --cycle 2017 --status completed
      asean-labour list --cycle 2018 --stale --body ACMW
    """
    from asean_labour import views

    folder, catalogue = _load(plans)
    view = views.project_list(folder, catalogue, filters, sort, cycle, status or [], stale)
    views.emit_projects(view, fmt, _out)


@command("show")
def show(project_id: IdArgument, plans: PlansOption = None,
         fmt: FormatOption = ListFormat.TABLE) -> None:
    """Everything about one project: plan, KRA and targets, thematic area, measures,
    timeline, coordinators, collaborators, events, notes and progress history.

    \b
    Examples:
      asean-labour show SLOM-WG-10b
      asean-labour show acmw-2 --format json
    """
    from asean_labour import views

    folder, catalogue = _load(plans)
    views.emit_project_detail(folder, catalogue, project_id, fmt, _out)


@command("plans")
def list_plans(
    plan_id: Annotated[str | None, typer.Argument(
        metavar="[PLAN]", show_default=False,
        help="A plan id: show that plan whole (objective, KRAs and targets, thematic areas, "
             "monitoring and evaluation, resource mobilisation).")] = None,
    plans: PlansOption = None,
    fmt: FormatOption = ListFormat.TABLE,
) -> None:
    """The loaded plans: period, body, number of projects and thematic areas; or one plan.

    \b
    Examples:
      asean-labour plans
      asean-labour plans ALM-WP-2016-2020
      asean-labour plans acmw-2016-2020 --format json
    """
    from asean_labour import views

    catalogue = _load(plans)[1]
    if plan_id is None:
        views.emit_plans(catalogue, fmt, _out)
    else:
        views.emit_plan_detail(catalogue, plan_id, fmt, _out)


@command("stats")
@with_filters
def stats(filters: Filters, plans: PlansOption = None,
          fmt: FormatOption = ListFormat.TABLE) -> None:
    """Counts of projects by body x KRA, coordinator x body (who leads what), and year.

    \b
    Examples:
      asean-labour stats
      asean-labour stats --year 2018 --format markdown
    """
    from asean_labour import views

    views.emit_stats(_load(plans)[1], filters, fmt, _out)


# --- progress: update, undo, log ---------------------------------------------------------------

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


@command("update")
def update(
    project_id: Annotated[str | None, typer.Argument(
        metavar="[ID]", show_default=False, help="The project to update (or use --from).",
        autocompletion=complete_ids)] = None,
    status: Annotated[str | None, typer.Option(
        "--status", show_default=False,
        help="not-started, ongoing, delayed, postponed, completed, cancelled or "
             "carried-over.")] = None,
    note: Annotated[str | None, typer.Option("--note", show_default=False,
                                             help="What happened, in words.")] = None,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", show_default=False,
        help="Reporting cycle: the year of the SLOM meeting (default: this year).")] = None,
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
        help="With --status carried-over: the project in the successor plan.")] = None,
    from_file: Annotated[str | None, typer.Option(
        "--from", metavar="FILE", show_default=False,
        help="A batch of updates: CSV, TOML, or an Excel workbook (.xlsx), such as one "
             "made by `template` ('-' reads standard input).")] = None,
    input_format: Annotated[BatchFormat | None, typer.Option(
        "--input-format", show_default=False,
        help="Format of --from (default: from the file name, else guessed).")] = None,
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
    row is reported. Updates are appended, never overwritten.

    \b
    Examples:
      asean-labour update ACMW-2 --status completed --cycle 2017 --note "held"
      asean-labour update --from examples/acmw-2017.csv --dry-run
      asean-labour update --from acmw-2018.xlsx
      asean-labour update --from - < round.csv
    """
    from asean_labour import views
    from asean_labour.batch import Request, format_from_name, read_batch, read_input
    from asean_labour.config import default_reporter, load_config
    from asean_labour.errors import UsageError
    from asean_labour.progress import ProgressStore, now_utc
    from asean_labour.recording import record

    if (project_id is None) == (from_file is None):
        raise UsageError("give either a project ID or --from FILE (see `asean-labour update "
                         "--help`)")
    config = load_config()
    reporter = by.strip() if by and by.strip() else default_reporter(config)
    if from_file is not None:
        given = [name for name, value in (("--status", status), ("--note", note),
                                          ("--date", date), ("--output", output),
                                          ("--evidence", evidence),
                                          ("--carried-to", carried_to)) if value]
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
                            note=note, reported_by=reporter, outputs=output or (),
                            evidence=evidence or (), carried_to=carried_to)]
        batch_name = None
        batch = None
    folder, catalogue = _load(plans)
    store = ProgressStore(folder)
    default_cycle = cycle if cycle is not None else views.current_year()
    now = now_utc()
    if batch is not None and batch.export:
        def canonical_id(text: str) -> str | None:
            project = catalogue.project(text.strip())
            return project.id if project is not None else None

        batch.drop_unchanged(canonical_id, store.history(catalogue).latest(default_cycle,
                                                                         as_of=True))
        requests = batch.requests
    if batch is not None and batch.problems:  # refused: with the checks against the plans
        from asean_labour.recording import check_requests

        raise batch.refusal(check_requests(requests, catalogue, source, default_cycle,
                                           reporter, now.date()).problems)
    result = record(store, catalogue, requests, source=source, default_cycle=default_cycle,
                    reporter=reporter, now=now, batch_name=batch_name, dry_run=dry_run)
    views.emit_recorded(result, fmt.value, _out)
    for line in batch.skipped_notes() if batch is not None else ():
        _note(line)
    if result.path is not None and (commit if commit is not None else config.commit):
        from asean_labour import gitlog

        gitlog.commit(folder, [result.path], views.commit_message(result.change))


@command("template")
@with_filters
def template(
    filters: Filters,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE.xlsx", show_default=False, dir_okay=False,
        help="The workbook to write (atomically).")],
    cycle: Annotated[int | None, typer.Option(
        "--cycle", show_default=False,
        help="Reporting cycle the workbook asks about (default: this year).")] = None,
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

    from asean_labour import template as workbook
    from asean_labour.errors import InvalidInput, Problem, UsageError
    from asean_labour.progress import ProgressStore, check_cycle
    from asean_labour.query import resolve, select
    from asean_labour.render.report_output import check_output, write_file
    from asean_labour.text_safety import visible_controls
    from asean_labour.views import current_year

    if output.suffix.casefold() != ".xlsx":
        raise UsageError(f"--output {output}: a reporting workbook is an Excel file; give a "
                         "name ending in .xlsx")
    check_output(output, force)
    year = check_cycle(cycle if cycle is not None else current_year())
    folder, catalogue = _load(plans)
    selected = select(catalogue, resolve(filters, catalogue))
    history = ProgressStore(folder).history(catalogue)
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
    """Reverse the last command as a whole (a batch of 200 rows is undone as one).

    The reversal is appended; nothing is deleted, and the history shows both.
    \b
    Examples:
      asean-labour undo --dry-run
      asean-labour undo
      asean-labour undo --change 8adb3d20
    """
    from asean_labour import progress, views
    from asean_labour.config import default_reporter, load_config

    config = load_config()
    reporter = by.strip() if by and by.strip() else default_reporter(config)
    folder, catalogue = _load(plans)
    done = progress.undo(progress.ProgressStore(folder), catalogue, reporter,
                         progress.now_utc(), change, dry_run)
    views.emit_undone(done, fmt.value, _out)
    if done.path is not None and (commit if commit is not None else config.commit):
        from asean_labour import gitlog

        gitlog.commit(folder, [done.path], views.undo_message(done))


@command("log")
@with_filters
def log(
    filters: Filters,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", show_default=False,
        help="Reporting cycle to list (default: this year).")] = None,
    by: Annotated[list[str] | None, typer.Option(
        "--by", metavar="NAME", show_default=False,
        help="Only entries reported or recorded by NAME (repeatable).")] = None,
    plans: PlansOption = None,
    fmt: FormatOption = ListFormat.TABLE,
) -> None:
    """A cycle's progress updates and undos, oldest first, with who and when.

    \b
    Examples:
      asean-labour log --cycle 2017
      asean-labour log --cycle 2017 --body ACMW --format csv
    """
    from asean_labour import views
    from asean_labour.progress import ProgressStore, check_cycle

    folder, catalogue = _load(plans)
    year = check_cycle(cycle if cycle is not None else views.current_year())
    history = ProgressStore(folder).history(catalogue)
    rows = views.log_rows(history, catalogue, year, filters, by or [])
    views.emit_log(rows, year, fmt, _out)


def main() -> None:
    """Entry point of the `asean-labour` script.

    Typer builds a click command for every registered command on each run; when the command
    line names one command, only that one is built (12-19 ms less start-up, measured in
    docs/performance.md). The top-level --help, --version and shell completion get the app."""
    wanted = sys.argv[1] if len(sys.argv) > 1 else None
    info = next((c for c in app.registered_commands if c.name == wanted), None)
    completing = any(key.endswith("_COMPLETE") for key in os.environ)
    if info is None or completing:
        app()
        return
    single = typer.Typer(**APP_SETTINGS)
    single.registered_callback = app.registered_callback
    single.registered_commands = [info]
    single()


# The reporting commands live in their own module; importing it registers them on `app`.
from asean_labour import report_commands  # noqa: E402, F401
