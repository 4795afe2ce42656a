"""The Typer app every command registers on (`command`), its top-level help in groups, and what
every command does the same way: an error becomes a message and an exit code; the plans are
loaded; output, remarks and messages are written.

The command modules (cli.py, report_commands.py, plans_commands.py) import this module and
register on `app`; none of them imports another, so there is no import circle. The entry point
stays `asean_labour.cli:main`.
"""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from asean_labour import __version__
from asean_labour.errors import AseanLabourError

F = TypeVar("F", bound=Callable[..., Any])

#: The groups of the top-level help, in order: what the commands are for.
BROWSE = "Browse the plans"
RECORD = "Record progress"
REPORT = "Report"
PLANS = "Plans and settings"
PANELS = (BROWSE, RECORD, REPORT, PLANS)


class AppGroup(TyperGroup):
    """The app's click group: its help lists the commands in groups (`rich_help_panel`),
    each with its whole description, in plain text (Typer groups them only with Rich
    markup, which imports Rich's help machinery on every --help and styles piped help)."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for name in self.list_commands(ctx):
            found = self.get_command(ctx, name)
            if found is None or found.hidden:
                continue
            panel = getattr(found, "rich_help_panel", None) or "Commands"
            row = (name, found.get_short_help_str(10_000))
            rows = sections.setdefault(panel, [])
            # A group (`plans`) before the commands of its section.
            rows.insert(sum(isinstance(self.get_command(ctx, n), TyperGroup) for n, _ in rows)
                        if isinstance(found, TyperGroup) else len(rows), row)
        if not sections:
            return
        # One width for the names of every group, so that the descriptions line up.
        longest = max(len(name) for rows in sections.values() for name, _ in rows)
        for panel in sorted(sections, key=lambda p: PANELS.index(p) if p in PANELS
                            else len(PANELS)):
            with formatter.section(panel):
                formatter.write_dl([(name.ljust(longest), text)
                                    for name, text in sections[panel]])


APP_SETTINGS: dict[str, Any] = {
    "name": "asean-labour",
    "cls": AppGroup,
    "no_args_is_help": True,
    "add_completion": True,
    "context_settings": {"help_option_names": ["-h", "--help"]},
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
}
app = typer.Typer(**APP_SETTINGS)


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
      asean-labour list --coordinator VN --year 2018
      asean-labour show ACMW-2
      asean-labour update --file round-2017.csv --dry-run
      asean-labour report --cycle 2017 -o slom-2017.docx
      asean-labour config

    `asean-labour COMMAND --help` explains a command, with examples.
    """


def fail(error: AseanLabourError) -> typer.Exit:
    """Print an error's lines on standard error (no traceback) and give its exit code."""
    from asean_labour.text_safety import visible_controls

    lines = error.lines()
    for line in lines[:-1]:
        typer.echo(visible_controls(line), err=True)
    typer.echo(f"error: {visible_controls(lines[-1])}", err=True)
    return typer.Exit(error.exit_code)


def command(name: str | None = None, on: typer.Typer | None = None, *,
            panel: str | None = None, short: str | None = None,
            **settings: Any) -> Callable[[F], F]:
    """Register a command (on the app, or `on` a group of it such as `plans`) whose
    `AseanLabourError`s become a clean message and exit code; `panel` is its group in the
    top-level help, `short` its line there."""

    def register(function: F) -> F:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except AseanLabourError as error:
                raise fail(error) from None

        # Typer reads the parameters from the signature (inspect.signature follows
        # __wrapped__ and evaluates the annotations) and then asks typing.get_type_hints
        # for the same annotations again, twice, compiling every Annotated[...] string each
        # time; it uses those hints only for a parameter without Typer's Option or Argument,
        # whose signature annotation is already evaluated. No hints here: 2-3 ms less for
        # the command being run.
        run.__annotations__ = {}
        (on or app).command(name, rich_help_panel=panel, short_help=short, **settings)(run)
        return function

    return register


# --- what every command does the same way ------------------------------------------------------

def load(plans: Path | None) -> tuple[Path, Any]:
    """The plans folder (settings.find_plans_dir) and its catalogue."""
    from asean_labour.cache import load_catalogue
    from asean_labour.settings import find_plans_dir

    folder = find_plans_dir(plans)
    if not _stderr_is_terminal():  # no progress bar, so nothing more to import
        return folder, _frozen(load_catalogue(folder))
    from asean_labour.meter import metered
    from asean_labour.render.loading_bar import install

    install()  # a slow load (the plans, the progress store) shows a bar on standard error
    with metered("Reading the plans") as meter:
        return folder, _frozen(load_catalogue(folder, meter))


def _frozen(catalogue: Any) -> Any:
    if FREEZE_LOADED:
        # The catalogue lives as long as the command: frozen out of the garbage collector
        # (as cli.main froze the imports), later collections do not traverse it again (at
        # 100,000 projects `list --format json` took 7.4 s of CPU instead of 9.1 s).
        gc.freeze()
    return catalogue


#: Set by the `asean-labour` script (cli.main), whose process ends with the command; not in a
#: process that runs commands in turn (tests with Typer's runner), whose garbage must go.
FREEZE_LOADED = False


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # closed, or not a real file
        return False


def out(text: str) -> None:
    """Output, as it is."""
    sys.stdout.write(text)


def say(*texts: str) -> None:
    """Messages for people on standard output ("Wrote ..."), each wrapped between words to
    the display's width; a word is never cut (a long file name stands whole on its line)."""
    import textwrap

    from asean_labour.console import current_display
    from asean_labour.text_safety import visible_controls

    width = current_display().width
    room = max(20, width - 1) if width is not None else None
    for text in texts:
        shown = visible_controls(text)
        lines = textwrap.wrap(shown, room, break_long_words=False, break_on_hyphens=False) \
            if room is not None else [shown]
        sys.stdout.write("\n".join(lines) + "\n")


def say_command(*words: str) -> None:
    """A command line to type next, its words quoted for the shell, indented on lines of its
    own; where it is wider than the display, continued over lines ending in a backslash, as
    a shell reads it."""
    import shlex

    from asean_labour.console import current_display
    from asean_labour.text_safety import visible_controls

    width = current_display().width
    quoted = [visible_controls(shlex.quote(word)) for word in words]
    lines = [f"  {quoted[0]}"]
    for word in quoted[1:]:
        if width is not None and len(lines[-1]) + 1 + len(word) + 2 > width - 1:
            lines[-1] += " \\"
            lines.append(f"      {word}")
        else:
            lines[-1] += f" {word}"
    sys.stdout.write("\n".join(lines) + "\n")


def note(text: str) -> None:
    """A remark on standard error (what was assumed, what was skipped): not the output."""
    from asean_labour.text_safety import visible_controls

    typer.echo(f"note: {visible_controls(text)}", err=True)


def warn(text: str) -> None:
    """A warning on standard error (a deprecated spelling, say): not the output."""
    from asean_labour.text_safety import visible_controls

    typer.echo(f"warning: {visible_controls(text)}", err=True)
