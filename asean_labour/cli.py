"""The command line: parse options, call the core, render. Nothing else lives here.

The commands register on the app of `app.py`; so do the reporting commands
(report_commands.py) and the `plans` group (plans_commands.py), imported only when needed:
`main` imports the module of the command it runs (`list` imports neither), and
`asean_labour.cli.app` is the app with every command. `main` is the `asean-labour` script;
`python -m asean_labour` runs it too.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from asean_labour import app as app_module
from asean_labour.app import (
    APP_SETTINGS,
    BROWSE,
    PLANS,
    RECORD,
    command,
    load,
    note,
    out,
    say,
    say_command,
    warn,
)
from asean_labour.app import app as _app
from asean_labour.errors import UsageError
from asean_labour.options import (
    CYCLE_DEFAULT,
    CycleOption,
    IdArgument,
    OutputOptions,
    PlansOption,
    SortOption,
    complete_bodies,
    complete_conventions,
    complete_coordinators,
    complete_ids,
    complete_instruments,
    complete_member_states,
    format_option,
    with_display,
    with_filters,
    with_output,
)
from asean_labour.query import Filters

__all__ = ["app", "main"]  # noqa: F822 (app: the module's __getattr__)


# --- validate, config ---------------------------------------------------------------------------

@command("validate", panel=PLANS, short="Check every plan file and the progress store")
@with_display(wide=False)
def validate(plans: PlansOption = None) -> None:
    """Check every plan file (and the progress store, instruments and ratifications); list
    every problem, one per line.

    \b
    Examples:
      asean-labour validate
      asean-labour validate --plans ./plans
    """
    from asean_labour.files import display_path
    from asean_labour.settings import find_plans_dir
    from asean_labour.validation import validate as check

    valid = check(find_plans_dir(plans))
    catalogue = valid.catalogue
    say(f"{valid.files} plan files, {len(catalogue.plans)} plans, {len(catalogue.projects)} "
        f"projects, {valid.thematic_areas} thematic areas in {display_path(valid.folder)}: "
        "all valid")


@command("config", panel=PLANS, short="Show the settings and where each comes from")
@with_display
@with_output
def config(
    to: OutputOptions,
    path: Annotated[bool, typer.Option(
        "--path", help="Print only the config file's path (whether or not it exists).")]
    = False,
    plans: PlansOption = None,
) -> None:
    """The settings every command uses, and where each comes from: an option, the
    environment, the config file, or the default.

    \b
    The config file, in TOML, is $ASEAN_LABOUR_CONFIG, else
    $XDG_CONFIG_HOME/asean-labour/config.toml, else
    ~/.config/asean-labour/config.toml:
      plans = "~/work/plans"     the plans folder (relative to the file's folder)
      reporter = "Ana Santos"    who reports (update, undo, redo)
      commit = true              commit each change file to git
      meeting = "The 14th SLOM"  on the reports' cover
      prepared_by = "..."        on the reports' cover

    \b
    Examples:
      asean-labour config
      asean-labour config --path
      asean-labour config --format json
      asean-labour config --plans ../other/plans
    """
    from asean_labour import config_views
    from asean_labour.config import config_path

    if path:
        if to.fmt is not None or to.output is not None or plans is not None:
            raise UsageError("--path prints the config file's path alone: drop --format, "
                         "--output and --plans")
        from asean_labour.text_safety import visible_controls

        out(visible_controls(str(config_path())) + "\n")
        return
    from asean_labour.settings import effective

    with to.destination() as destination:
        file, exists, settings = effective(plans)
        config_views.emit(file, exists, settings, destination.format, destination)


# --- list, show, stats -------------------------------------------------------------------------

@command("list", panel=BROWSE, short="List projects, filtered and sorted")
@with_display
@with_output
@with_filters
def list_projects(
    filters: Filters,
    to: OutputOptions,
    plans: PlansOption = None,
    sort: SortOption = None,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", metavar="YEAR", show_default=False,
        help="Reporting cycle (the year of the SLOM meeting) whose status to show and filter "
             f"on, with --status or --stale ({CYCLE_DEFAULT}).")] = None,
    status: Annotated[list[str] | None, typer.Option(
        "--status", metavar="STATUS", show_default=False,
        help="Status as of the cycle: not-started, ongoing, completed, delayed, postponed, "
             "cancelled, carried-over, or 'none' for no report (repeatable).")] = None,
    stale: Annotated[bool, typer.Option(
        "--stale", help="Only projects due in the cycle (started by its year, or reporting "
        "already, and not finished) with no report received in it; and, per body and "
        "Member State, whether its return came in.")] = False,
) -> None:
    """List projects, filtered and sorted; as a table, JSON, CSV, Markdown or an Excel
    workbook.

    \b
    Examples:
      asean-labour list --coordinator VN --year 2018
      asean-labour list --collaborator ILO --body ACMW --format csv --bom
      asean-labour list --cycle 2017 --status completed
      asean-labour list --cycle 2018 --stale --body ACMW
      asean-labour list --cycle 2018 --body ACMW -o acmw-2018.xlsx
    """
    from asean_labour import views
    from asean_labour.render import ListFormat

    with to.destination() as destination:
        folder, catalogue = load(plans)
        view = views.project_list(folder, catalogue, filters, sort, cycle, status or [], stale)
        if view.choice is not None:
            views.announce_cycle({"--cycle": view.choice},
                                 destination.format is not ListFormat.TABLE)
        views.emit_projects(view, destination.format, destination)


@command("show", panel=BROWSE, short="Everything about one project")
@with_display
@with_output
def show(project_id: IdArgument, to: OutputOptions, plans: PlansOption = None) -> None:
    """Everything about one project: plan, KRA and targets, thematic area, measures,
    timeline, coordinators, collaborators, events, notes and progress history.

    \b
    Examples:
      asean-labour show SLOM-WG-10b
      asean-labour show acmw-2 --format json
    """
    from asean_labour import views

    with to.destination() as destination:
        folder, catalogue = load(plans)
        views.emit_project_detail(folder, catalogue, project_id, destination.format,
                                  destination)


@command("stats", panel=BROWSE, short="Count projects by body, KRA, coordinator and year")
@with_display
@with_output
@with_filters
def stats(filters: Filters, to: OutputOptions, plans: PlansOption = None) -> None:
    """Counts of projects by body x KRA, coordinator x body (who leads what), and year.

    \b
    Examples:
      asean-labour stats
      asean-labour stats --year 2018 --format markdown
      asean-labour stats --year 2018 -o stats-2018.xlsx
    """
    from asean_labour import views

    with to.destination() as destination:
        views.emit_stats(load(plans)[1], filters, destination.format, destination)


# --- progress: update, template, undo, redo, log -----------------------------------------------

class OutputFormat(StrEnum):
    """Formats of commands that report what they did."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


class BatchFormat(StrEnum):
    CSV = "csv"
    TOML = "toml"
    XLSX = "xlsx"


DoneFormatOption = Annotated[OutputFormat, format_option(
    [f.value for f in OutputFormat], "How to say what was done: table, json or markdown.",
    default=True)]
CommitOption = Annotated[bool | None, typer.Option(
    "--commit/--no-commit", show_default=False,
    help="Commit the change file to git (default: the config file's `commit`, else no).")]
ByOption = Annotated[str | None, typer.Option(
    "--by", metavar="NAME", show_default=False,
    help="Who reports (default: $ASEAN_LABOUR_REPORTER, the config file's `reporter`, or "
         "your login name).")]
DryRunOption = Annotated[bool, typer.Option("--dry-run",
                                            help="Show what would be done; write nothing.")]


def _commit(folder: Path, wanted: bool | None, config: Any, path: Path | None,
            message: str) -> None:
    """Commit the change file, if one was written and --commit (or the config) says so."""
    from asean_labour.settings import commit_setting

    if path is not None and commit_setting(wanted, config).value:
        from asean_labour import gitlog

        gitlog.commit(folder, [path], message)


@command("update", panel=RECORD, short="Record progress: one project, or a batch file")
@with_display
def update(
    project_id: Annotated[str | None, typer.Argument(
        metavar="[ID]", show_default=False, help="The project to update (or use --file).",
        autocompletion=complete_ids)] = None,
    status: Annotated[str | None, typer.Option(
        "--status", metavar="STATUS", show_default=False,
        help="not-started, ongoing, delayed, postponed, completed, cancelled or "
             "carried-over.")] = None,
    final: Annotated[bool, typer.Option(
        "--final", help="With --status completed: the whole project is finished, even though "
        "the plan gives it later years (without it, completing one year of a longer project "
        "records that year's part, and the project stays ongoing).")] = False,
    note_text: Annotated[str | None, typer.Option(
        "--note", metavar="TEXT", show_default=False,
        help="What happened, in words.")] = None,
    cycle: CycleOption = None,
    date: Annotated[str | None, typer.Option(
        "--date", metavar="YYYY-MM-DD", show_default=False,
        help="Date of the progress (default: today).")] = None,
    by: ByOption = None,
    delivered: Annotated[list[str] | None, typer.Option(
        "--delivered", metavar="data|laws", show_default=False,
        help="A scorecard output the project delivered: data (data/information/statistics) "
             "or laws (laws/standards/policies); repeatable.")] = None,
    evidence: Annotated[list[str] | None, typer.Option(
        "--evidence", metavar="URL", show_default=False,
        help="A URL or document reference; repeatable.")] = None,
    carried_to: Annotated[str | None, typer.Option(
        "--carried-to", metavar="ID", show_default=False,
        help="With --status carried-over: the project of a successor plan that continues "
             "it.")] = None,
    file: Annotated[str | None, typer.Option(
        "--file", "-i", metavar="FILE", show_default=False,
        help="A batch of updates: CSV, TOML, or an Excel workbook (.xlsx), such as one "
             "made by `template` ('-' reads standard input).")] = None,
    input_format: Annotated[BatchFormat | None, typer.Option(
        "--input-format", show_default=False, case_sensitive=False,
        help="Format of --file (default: from the file name, else guessed).")] = None,
    return_body: Annotated[list[str] | None, typer.Option(
        "--body", "-b", metavar="BODY", show_default=False, autocompletion=complete_bodies,
        help="With --file: the batch is this body's return for the cycle (default: the "
             "workbook's own, else the bodies of its rows); repeatable.")] = None,
    return_country: Annotated[list[str] | None, typer.Option(
        "--coordinator", "-c", metavar="NAME", show_default=False,
        autocompletion=complete_coordinators,
        help="With --file: the batch is this Member State's return (a country focal "
             "point's); repeatable.")] = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = None,
    plans: PlansOption = None,
    fmt: DoneFormatOption = OutputFormat.TABLE,
    # This release's spellings of --file and --delivered: taken, with a warning, not shown.
    from_file: Annotated[str | None, typer.Option("--from", hidden=True)] = None,
    output: Annotated[list[str] | None, typer.Option("--output", hidden=True)] = None,
) -> None:
    """Record progress for the annual SLOM reporting cycle: one project, or a batch.

    Every row of a batch is checked first; if any is bad, nothing is written and every bad
    row is reported. Updates are appended, never overwritten; rows that match what is
    already recorded are left out (importing a batch twice adds nothing).

    \b
    Examples:
      asean-labour update ACMW-9 --status completed --cycle 2017
      asean-labour update ACMW-2 --status completed --cycle 2017 \\
          --note "10th AFML held"
      asean-labour update SLOM-WG-6 --status completed --cycle 2016 --final
      asean-labour update SLOM-WG-3 --status completed --delivered data
      asean-labour update --file examples/acmw-2017.csv --dry-run
      asean-labour update --file acmw-2018.xlsx
      asean-labour update --file viet-nam.csv --coordinator VN
      asean-labour update -i - < round.csv
    """
    from asean_labour import updating, views
    from asean_labour.config import load_config

    if from_file is not None:
        from_file = updating.from_option(from_file)
        if file is not None:
            raise UsageError("--from FILE is the old spelling of --file FILE: give one of them")
        warn("update --from FILE is deprecated: use --file FILE (or -i FILE)")
        file = from_file
    if output:
        delivered = [*(delivered or ()), *updating.output_option(output)]
        warn("update --output data|laws is deprecated: use --delivered data|laws")
    options = updating.UpdateOptions(
        project=project_id, status=status, final=final, note=note_text, cycle=cycle,
        date=date, by=by, delivered=tuple(delivered or ()), evidence=tuple(evidence or ()),
        carried_to=carried_to, file=file,
        input_format=input_format.value if input_format else None,
        return_bodies=tuple(return_body or ()), return_countries=tuple(return_country or ()),
        dry_run=dry_run)
    settings = load_config()
    prepared = updating.prepare(options, settings, note)
    folder, catalogue = load(plans)
    result = updating.apply(
        prepared, folder, catalogue, note=note,
        announce=lambda chosen: views.announce_cycle(chosen, fmt is not OutputFormat.TABLE))
    if result is None:
        views.emit_nothing_new(fmt.value, out)
        return
    views.emit_recorded(result, catalogue, fmt.value, out)
    if result.change is not None:
        _commit(folder, commit, settings, result.path, views.commit_message(result.change))


@command("template", panel=RECORD, short="Write a cycle's reporting workbook to send out")
@with_display(wide=False)
@with_filters
def template(
    filters: Filters,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE.xlsx", show_default=False, dir_okay=False,
        help="The workbook to write (atomically).")],
    cycle: Annotated[int | None, typer.Option(
        "--cycle", metavar="YEAR", show_default=False,
        help=f"Reporting cycle the workbook asks about ({CYCLE_DEFAULT}).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the --output file if it exists.")] = False,
    plans: PlansOption = None,
) -> None:
    """Write the reporting workbook of a cycle (.xlsx) to send to a body or focal point.

    One row per project to report on (due by the cycle, or given no year in the plan; the
    same filters as `list`), with reference columns (title, years, coordinators, last
    status reported) and columns to fill in: status (a drop-down list), date, note,
    reported by, outputs, evidence. Read it back with `update --file FILE.xlsx`: it
    records the cycle it was made for.

    \b
    Examples:
      asean-labour template --cycle 2018 --body ACMW -o acmw-2018.xlsx
      asean-labour template --cycle 2018 -c VN -o viet-nam-2018.xlsx
      asean-labour update --file acmw-2018.xlsx --dry-run
    """
    import datetime as dt

    from asean_labour import template as workbook
    from asean_labour import views
    from asean_labour.files import display_path
    from asean_labour.progress import ProgressStore
    from asean_labour.render.report_output import write_file
    from asean_labour.render.template_xlsx import render

    workbook.check_output(output, force)
    folder, catalogue = load(plans)
    history = ProgressStore(folder).history(catalogue)
    made, choice = workbook.make(catalogue, history, filters, cycle, dt.date.today(), output)
    views.announce_cycle({"--cycle": choice}, machine=True)
    write_file(output, render(made), force)
    noun = "project" if len(made.rows) == 1 else "projects"
    shown = display_path(output)
    say(f"Wrote {shown}: {len(made.rows)} {noun} to report on in cycle {made.cycle}, for "
        f"{made.audience}. When it comes back filled in, check it with:")
    say_command("asean-labour", "update", "--file", str(output), "--dry-run")


@command("undo", panel=RECORD, short="Reverse the last command's change")
@with_display
def undo(
    change: Annotated[str | None, typer.Option(
        "--change", metavar="CHANGE", show_default=False,
        help="The change to reverse (default: the last one in effect); see `log`.")] = None,
    by: ByOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = None,
    plans: PlansOption = None,
    fmt: DoneFormatOption = OutputFormat.TABLE,
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
    _reverse(change, by, dry_run, commit, plans, fmt, redo=False)


@command("redo", panel=RECORD, short="Put back what undo reversed")
@with_display
def redo(
    by: ByOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = None,
    plans: PlansOption = None,
    fmt: DoneFormatOption = OutputFormat.TABLE,
) -> None:
    """Put back what the last `undo` reversed; again, the undo before it, and so on.

    An update recorded after an undo ends what can be redone (as in an editor);
    `undo --change ID` still reverses any named change, an undo included.

    \b
    Examples:
      asean-labour redo --dry-run
      asean-labour redo
    """
    _reverse(None, by, dry_run, commit, plans, fmt, redo=True)


def _reverse(change: str | None, by: str | None, dry_run: bool, commit: bool | None,
             plans: Path | None, fmt: OutputFormat, redo: bool) -> None:
    """`undo` (of `change`, else the last change in effect) or `redo`."""
    from asean_labour import progress, views
    from asean_labour.config import load_config
    from asean_labour.settings import reporter_setting

    settings = load_config()
    reporter = str(reporter_setting(by, settings).value)
    folder, catalogue = load(plans)
    store = progress.ProgressStore(folder)
    done = progress.redo(store, catalogue, reporter, dry_run=dry_run) if redo else \
        progress.undo(store, catalogue, reporter, change_id=change, dry_run=dry_run)
    views.emit_undone(done, fmt.value, out)
    _commit(folder, commit, settings, done.path, views.undo_message(done))


@command("log", panel=RECORD, short="A cycle's updates, undos and redos: who and when")
@with_display
@with_output
@with_filters
def log(
    filters: Filters,
    to: OutputOptions,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", metavar="YEAR", show_default=False,
        help=f"Reporting cycle to list ({CYCLE_DEFAULT}).")] = None,
    by: Annotated[list[str] | None, typer.Option(
        "--by", metavar="NAME", show_default=False,
        help="Only entries reported or recorded by NAME (repeatable).")] = None,
    plans: PlansOption = None,
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
    from asean_labour.render import ListFormat

    with to.destination() as destination:
        folder, catalogue = load(plans)
        history = ProgressStore(folder).history(catalogue)
        choice = cycles.choose(catalogue, history, cycle)
        rows = views.log_rows(history, catalogue, choice.year, filters, by or [])
        views.announce_cycle({"--cycle": choice}, destination.format is not ListFormat.TABLE)
        views.emit_log(rows, choice.year, destination.format, destination)


# --- instruments and ratifications --------------------------------------------------------------

@command("instruments", panel=BROWSE,
         short="The ASEAN declarations and statements behind the plans")
@with_display
@with_output
@with_filters
def instruments(
    filters: Filters,
    to: OutputOptions,
    instrument_id: Annotated[str | None, typer.Argument(
        metavar="[ID]", show_default=False, autocompletion=complete_instruments,
        help="An instrument id (any case, or its start, e.g. vientiane): show it whole, with "
             "its commitments and the linked projects' latest status.")] = None,
    cycle: Annotated[int | None, typer.Option(
        "--cycle", metavar="YEAR", show_default=False,
        help=f"Reporting cycle whose status the linked projects show ({CYCLE_DEFAULT}).")]
    = None,
    plans: PlansOption = None,
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

    with to.destination() as destination:
        folder, catalogue = load(plans)
        instrument_views.run(folder, catalogue, filters, instrument_id, cycle,
                             destination.format, destination)


@command("ratifications", panel=BROWSE, short="Who ratified which ILO convention, and when")
@with_display
@with_output
def ratifications(
    to: OutputOptions,
    convention: Annotated[list[str] | None, typer.Option(
        "--convention", metavar="CODE", show_default=False, autocompletion=complete_conventions,
        help="A convention (C087, 87) or a group (fundamental, governance); "
             "repeatable.")] = None,
    country: Annotated[list[str] | None, typer.Option(
        "--country", metavar="NAME", show_default=False, autocompletion=complete_member_states,
        help="A Member State; aliases such as Vietnam or Laos, and ISO codes such as VN or "
             "TLS, work (repeatable).")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="YYYY-MM-DD", show_default=False,
        help="Show the facts verified on or before this date (default: today).")] = None,
    plans: PlansOption = None,
) -> None:
    """The Member States' ratification of the ILO fundamental and governance conventions,
    as a matrix (as in the annexes of the 2016-2020 plans), each fact with the date it was
    verified and its source.

    \b
    Examples:
      asean-labour ratifications
      asean-labour ratifications --convention C087 --convention C098
      asean-labour ratifications --country VN --format json
      asean-labour ratifications --as-of 2017-10-31 --format csv
      asean-labour ratifications -o ratifications.xlsx
    """
    from asean_labour import ratification_views
    from asean_labour.settings import find_plans_dir

    with to.destination() as destination:
        ratification_views.run(find_plans_dir(plans), convention or [], country or [], as_of,
                               destination.format, destination)


#: The commands registered by other modules, by the name on the command line: `main` imports
#: only the module of the command it runs (importing both cost 3-5 ms of every command's
#: start-up). tests/test_startup.py checks this against what each module registers.
ELSEWHERE = {
    "plans": "plans_commands",
    "report": "report_commands",
    "scorecard": "report_commands",
    "review": "report_commands",
    "timeline": "report_commands",
}


def register_all() -> typer.Typer:
    """The app with every command registered (the top-level help, completion, tests)."""
    for module in dict.fromkeys(ELSEWHERE.values()):  # in order: the help lists them so
        importlib.import_module(f"asean_labour.{module}")
    return _app


def __getattr__(name: str) -> Any:
    """`asean_labour.cli.app`: the app with every command registered."""
    if name == "app":
        return register_all()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point of the `asean-labour` script.

    Typer builds a click command for every registered command on each run; when the command
    line names one command, only that one is built (12-19 ms less start-up, measured in
    docs/performance.md), and only its module is imported. The top-level --help, --version,
    shell completion and an unknown command get the whole app.

    The objects made so far (the modules, classes and functions imported) live as long as
    the process: frozen out of the garbage collector, they are not traversed again by every
    collection the command's own allocations trigger (6% of `list --format json`'s
    instructions on the shipped plans; docs/performance.md, "Start-up (issue 18)")."""
    if not gc.get_freeze_count():
        gc.freeze()
    app_module.FREEZE_LOADED = True  # the loaded plans too (app.load)
    wanted = sys.argv[1] if len(sys.argv) > 1 else None
    completing = any(key.endswith("_COMPLETE") for key in os.environ)
    if completing:
        register_all()
        _app()
        return
    module = ELSEWHERE.get(wanted or "")
    if module is not None:
        importlib.import_module(f"asean_labour.{module}")
    info = next((c for c in _app.registered_commands if c.name == wanted), None)
    group = next((g for g in _app.registered_groups if g.name == wanted), None)
    if group is not None and group.name == "plans":
        from asean_labour import plans_commands

        group = plans_commands.narrowed(sys.argv[2:]) or group
    if wanted in (None, "-h", "--help"):
        register_all()
        from asean_labour import plans_commands

        # The app's help lists the plans group on one line: its subcommands are not built.
        single = typer.Typer(**APP_SETTINGS)
        single.registered_callback = _app.registered_callback
        single.registered_commands = _app.registered_commands
        single.registered_groups = [plans_commands.narrowed(None)]
        single()
        return
    if info is None and group is None:
        register_all()
        _app()
        return
    single = typer.Typer(**APP_SETTINGS)
    single.registered_callback = _app.registered_callback
    single.registered_commands = [info] if info is not None else []
    single.registered_groups = [group] if group is not None else []
    single()
