"""The `plans` commands (a group on the app): list the loaded plans, show one, start a new plan
file (`new`), bring in a work-plan table (`import`).

`plans` and `plans ID` work as they always did: a first argument that is no subcommand is a
plan id (`plans ACMW-2016-2020` is `plans show ACMW-2016-2020`), and no subcommand lists the
plans (`plans --format json` is `plans list --format json`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from asean_labour.app import APP_SETTINGS, PLANS, AppGroup, app, command, load, note, out, say
from asean_labour.options import (
    OutputOptions,
    PlansOption,
    complete_bodies,
    complete_plan_ids,
    complete_programmes,
    with_display,
    with_output,
)

SUBCOMMANDS = ("list", "show", "new", "import")
HELP = ("-h", "--help")


def subcommand(args: list[str]) -> str | None:
    """The subcommand a `plans` command line runs: the one it names; `show` when its first
    argument is something else (a plan id); `list` when it has none (only options); None for
    the group's own --help."""
    if not args:
        return "list"
    if args[0] in HELP:
        return None
    if args[0].startswith("-"):
        return "list"
    return args[0] if args[0] in SUBCOMMANDS else "show"


class PlansGroup(AppGroup):
    """A group whose first argument, when it is no subcommand, is a plan id to show; with no
    subcommand at all, it lists the plans. Its help lists the subcommands as the app's help
    does (whole descriptions)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        chosen = subcommand(args)
        if chosen is not None and (not args or args[0] != chosen):
            args = [chosen, *args]
        result: list[str] = super().parse_args(ctx, args)
        return result


def narrowed(args: list[str] | None) -> Any:
    """The group's registration with only the subcommand `args` run (`subcommand`): Typer
    then builds one command, not four, as cli.main does for the app's own commands; with
    `args` None, none (the app's --help shows the group's own line only). None when the
    whole group is needed (its --help)."""
    import copy

    chosen = subcommand(args) if args is not None else None
    info = next((g for g in app.registered_groups if g.typer_instance is plans_app), None)
    kept = [c for c in plans_app.registered_commands if c.name == chosen]
    if info is None or (args is not None and not kept):
        return None
    narrow = copy.copy(plans_app)
    narrow.registered_commands = kept
    group = copy.copy(info)
    group.typer_instance = narrow
    return group


plans_app = typer.Typer(
    name="plans", cls=PlansGroup, no_args_is_help=False, rich_markup_mode=None,
    context_settings=APP_SETTINGS["context_settings"],
    help="The plans: list them, show one, start a new plan file, or import a work-plan table."
         "\n\n\b\nExamples:\n  asean-labour plans\n  asean-labour plans ALM-WP-2016-2020\n"
         "  asean-labour plans new ALM-WP-2026-2030 --kind work-programme \\\n"
         "      --period 2026-2030\n"
         "  asean-labour plans new ACMW-2026-2030 --body ACMW \\\n"
         "      --programme ALM-WP-2026-2030\n"
         "  asean-labour plans import acmw-2026.xlsx --id ACMW-2026-2030 \\\n"
         "      --body ACMW --programme ALM-WP-2026-2030",
)
app.add_typer(plans_app, name="plans", rich_help_panel=PLANS,
              short_help="List, show, start or import plans")


@command("list", on=plans_app, short="The loaded plans (what `plans` alone shows)")
@with_display
@with_output
def list_plans(to: OutputOptions, plans: PlansOption = None) -> None:
    """The loaded plans: period, body, number of projects and thematic areas (what `plans`
    alone shows).

    \b
    Examples:
      asean-labour plans
      asean-labour plans list --format csv
      asean-labour plans -o plans.xlsx
    """
    from asean_labour import views

    with to.destination() as destination:
        views.emit_plans(load(plans)[1], destination.format, destination)


@command("show", on=plans_app, short="One plan whole (what `plans ID` shows)")
@with_display
@with_output
def show_plan(
    plan_id: Annotated[str, typer.Argument(
        metavar="PLAN", autocompletion=complete_plan_ids,
        help="A plan id (any case): show that plan whole (objective, KRAs and targets, "
             "thematic areas, monitoring and evaluation, resource mobilisation).")],
    *,
    to: OutputOptions,
    plans: PlansOption = None,
) -> None:
    """One plan whole (what `plans ID` shows).

    \b
    Examples:
      asean-labour plans ALM-WP-2016-2020
      asean-labour plans show acmw-2016-2020 --format json
    """
    from asean_labour import views

    with to.destination() as destination:
        views.emit_plan_detail(load(plans)[1], plan_id, destination.format, destination)


KindOption = Annotated[str | None, typer.Option(
    "--kind", metavar="work-plan|work-programme", show_default=False,
    help="work-plan (the default) or work-programme.")]
BodyOption = Annotated[str | None, typer.Option(
    "--body", "-b", metavar="BODY", show_default=False, autocompletion=complete_bodies,
    help="The body that owns the plan, as the vocabulary names it (a programme: SLOM, the "
         "first body of the vocabulary, unless given).")]
ProgrammeOption = Annotated[str | None, typer.Option(
    "--programme", metavar="PROGRAMME", show_default=False,
    autocompletion=complete_programmes,
    help="A work plan: the loaded work programme it implements.")]
PeriodOption = Annotated[str | None, typer.Option(
    "--period", metavar="FIRST-LAST", show_default=False,
    help="The plan's first and last year, e.g. 2026-2030 (a work plan: its programme's, "
         "unless given).")]
TitleOption = Annotated[str | None, typer.Option(
    "--title", metavar="TEXT", show_default=False,
    help="The title as printed (default: the title of the plan it follows, with the new "
         "period).")]
SucceedsOption = Annotated[str | None, typer.Option(
    "--succeeds", metavar="PLAN", show_default=False, autocompletion=complete_plan_ids,
    help="The plan of the previous period it follows (default: the latest earlier plan of "
         "its kind and body), for projects carried over into it.")]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE.toml", show_default=False, dir_okay=False,
    help="Where to write it (default: PLANS/<id>.toml); never over an existing file.")]
DryRunOption = Annotated[bool, typer.Option(
    "--dry-run", help="Print the plan file instead of writing it (it is still checked).")]


@command("new", on=plans_app, short="Start a plan file: a commented skeleton that validates")
@with_display(wide=False)
def new_plan(
    plan_id: Annotated[str, typer.Argument(
        metavar="ID", help="The new plan's id, e.g. ACMW-2026-2030.")],
    body: BodyOption = None,
    programme: ProgrammeOption = None,
    kind: KindOption = None,
    period: PeriodOption = None,
    title: TitleOption = None,
    succeeds: SucceedsOption = None,
    output: OutputOption = None,
    dry_run: DryRunOption = False,
    plans: PlansOption = None,
) -> None:
    """Start a plan file: a commented skeleton that validates as it is, ready to fill in.

    It is checked with the plans folder before it is written, and never written over an
    existing file.

    \b
    Examples:
      asean-labour plans new ALM-WP-2026-2030 --kind work-programme \\
          --period 2026-2030
      asean-labour plans new ACMW-2026-2030 --body ACMW \\
          --programme ALM-WP-2026-2030
      asean-labour plans new SLOM-WG-2026-2030 --body SLOM-WG \\
          --programme ALM-WP-2026-2030 --dry-run
    """
    import datetime as dt

    from asean_labour import plan_writing

    folder, catalogue = load(plans)
    head = plan_writing.plan_head(catalogue, plan_id, kind=kind, body=body,
                                  programme=programme, period=period, title=title,
                                  succeeds=succeeds)
    path = plan_writing.output_path(folder, head, output)
    text = plan_writing.skeleton(catalogue, head, dt.date.today())
    plan_writing.check(folder, path, text)
    _written(folder, path, text, dry_run,
             f"the {str(head.kind).replace('-', ' ')} {head.id} ({head.period}, "
             f"{head.body})", head.succeeds,
             head.succeeds_guessed, plans, "fill it in")


def _written(folder: Path, path: Path, text: str, dry_run: bool, what: str,
             succeeds: str | None, guessed: bool, given: Path | None, step: str) -> None:
    """Print the file (--dry-run), or write it and say what was written and what next."""
    from asean_labour import plan_writing
    from asean_labour.files import display_path
    from asean_labour.text_safety import visible_controls

    if dry_run:
        out(text)
        return
    plan_writing.write(path, text)
    shown = visible_controls(display_path(path))
    say(f"Wrote {shown}: {what}.")
    if succeeds and guessed:
        note(f"it succeeds {succeeds}, the latest earlier plan of its kind; change "
              "`succeeds` in the file if another comes before it")
    if not plan_writing.inside(folder, path):
        note(f"{shown} is outside the plans folder {folder}: the commands read it once it "
              "is moved there")
    option = f" --plans {visible_controls(display_path(folder))}" if given else ""
    say(f"Next: {step}, then run asean-labour validate{option}")


@command("import", on=plans_app, short="Make a work plan file from a work-plan table")
@with_display(wide=False)
def import_plan(
    table: Annotated[str, typer.Argument(
        metavar="TABLE", help="The work-plan table: an Excel workbook (.xlsx) or CSV file.")],
    plan_id: Annotated[str, typer.Option(
        "--id", metavar="ID", show_default=False, help="The new plan's id, e.g. "
        "ACMW-2026-2030.")],
    body: BodyOption = None,
    programme: ProgrammeOption = None,
    period: PeriodOption = None,
    title: TitleOption = None,
    succeeds: SucceedsOption = None,
    prefix: Annotated[str | None, typer.Option(
        "--prefix", metavar="TEXT", show_default=False,
        help="The start of the projects' ids (default: BODY-FIRSTYEAR, e.g. ACMW-2026: "
             "ACMW-2026-1, ACMW-2026-1a).")] = None,
    sheet: Annotated[str | None, typer.Option(
        "--sheet", metavar="NAME", show_default=False,
        help="The workbook's sheet (default: the first with a Project Title column).")] = None,
    output: OutputOption = None,
    dry_run: DryRunOption = False,
    plans: PlansOption = None,
) -> None:
    """Make a work plan file from a work-plan table as ASEAN prints it (.xlsx or .csv).

    The columns are the printed ones: No., Project Title, Timeline, Indicative Budget,
    Country Coordinator, Potential Collaborator, and a Thematic Area column or heading rows
    ("Thematic Area 9: ..."). Timelines (2026-2027, Annual, 2027, 2026 onwards, TBC),
    coordinators and collaborators are read, names normalised through the vocabulary,
    sub-items numbered (1a, 1b). Every problem names its row and column; nothing is written
    until the table is clean and the new plan validates with the plans folder.

    \b
    Examples:
      asean-labour plans import acmw-2026.xlsx --id ACMW-2026-2030 \\
          --body ACMW --programme ALM-WP-2026-2030
      asean-labour plans import oshnet.csv --id OSHNET-2026-2030 \\
          --body OSHNET --programme ALM-WP-2026-2030 --prefix OSHNET-2026 \\
          --dry-run
    """
    import datetime as dt

    from asean_labour import plan_import, plan_writing

    folder, catalogue = load(plans)
    head = plan_writing.plan_head(catalogue, plan_id, body=body, programme=programme,
                                  period=period, title=title, succeeds=succeeds)
    path = plan_writing.output_path(folder, head, output)
    imported = plan_import.import_table(table, catalogue, head, prefix, sheet,
                                        dt.date.today())
    for line in imported.notes:
        note(line)
    plan_import.check(folder, path, imported)
    noun = "project" if imported.projects == 1 else "projects"
    _written(folder, path, imported.text, dry_run,
             f"the work plan {head.id} ({head.period}, {head.body}) with "
             f"{imported.projects} {noun} from {imported.source}", head.succeeds,
             head.succeeds_guessed, plans, "check it against the adopted text and add its "
             "source")
