"""Options shared by several commands, defined once: the plans folder, the output options
(--format, --output, --force, --bom), the cycle, the filters, the display options, and the
completion of their values."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any, ClassVar, TypeVar, overload

import typer
from typer._types import TyperChoice

from asean_labour.query import SORT_KEYS, Filters
from asean_labour.render import ListFormat, ReportFormat

F = TypeVar("F", bound=Callable[..., Any])


def starting(incomplete: str, names: Iterable[str],
             aliases: Iterable[str] = ()) -> list[str]:
    """The names that start with `incomplete` in any case, else the aliases that do; each
    spelt to begin with exactly what was typed, as Typer drops any other completion (the
    values are matched case-insensitively, so `acmw-1` works as well as `ACMW-1`)."""
    typed = len(incomplete)
    key = incomplete.casefold()
    for candidates in (names, aliases):
        found = [_spelt(n, incomplete) for n in dict.fromkeys(candidates)
                 if n[:typed].casefold() == key]
        if found:
            return found
    return []


def _spelt(name: str, incomplete: str) -> str:
    if name.startswith(incomplete):
        return name
    if incomplete.islower():
        return name.lower()
    if incomplete.isupper():
        return name.upper()
    return incomplete + name[len(incomplete):]


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Project ids, from the plans folder the command line names (`--plans`) or the default."""
    catalogue = quiet_catalogue(ctx.params.get("plans"))
    if catalogue is None:
        return []
    return starting(incomplete, [p.id for p in catalogue.projects])


def complete_bodies(ctx: typer.Context, incomplete: str) -> list[str]:
    """The bodies of the vocabulary of the plans folder the command line names (or the
    default); an alias (`OSHNET`) when no name starts so."""
    vocabulary = quiet_vocabulary(ctx.params.get("plans"))
    if vocabulary is None:
        return []
    return starting(incomplete, vocabulary.body_order, vocabulary.body_aliases())


def complete_coordinators(ctx: typer.Context, incomplete: str) -> list[str]:
    """Member States and roles; an alias or ISO code (`Vietnam`, `Laos`, `VNM`) when no name
    starts so."""
    vocabulary = quiet_vocabulary(ctx.params.get("plans"))
    if vocabulary is None:
        return []
    return starting(incomplete, vocabulary.coordinator_names(),
                    [*vocabulary.country_aliases(), *vocabulary.role_aliases()])


def complete_collaborators(ctx: typer.Context, incomplete: str) -> list[str]:
    """The collaborators the plans name (their events' included), from the plans folder the
    command line names or the default."""
    catalogue = quiet_catalogue(ctx.params.get("plans"))
    if catalogue is None:
        return []
    from asean_labour.query import known_collaborators

    return starting(incomplete, known_collaborators(catalogue))


def complete_kras(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """KRA numbers, with their names as the help shells such as zsh and fish show."""
    catalogue = quiet_catalogue(ctx.params.get("plans"))
    names: dict[str, str] = {}
    for programme in catalogue.programmes() if catalogue is not None else ():
        for kra in programme.content.key_result_areas if programme.content else ():
            names.setdefault(str(kra.number), kra.name)
    return [(k, name) for k, name in sorted(names.items(), key=lambda item: int(item[0]))
            if k.startswith(incomplete)]


def quiet_catalogue(plans: Path | str | None = None) -> Any:
    """The catalogue for shell completion, or None: completion never prints an error."""
    from asean_labour.cache import load_catalogue

    return quietly(load_catalogue, plans)


def quietly(read: Callable[[Path], Any], plans: Path | str | None) -> Any:
    """What `read` finds in the plans folder the command line names (or the default), or None
    when anything goes wrong: completion must never break the shell."""
    from asean_labour.settings import find_plans_dir

    try:
        return read(find_plans_dir(Path(plans) if plans else None))
    except Exception:  # completion must never break the shell
        return None


def quiet_vocabulary(plans: Path | str | None = None) -> Any:
    """The vocabulary for shell completion: the catalogue's (from the cache), else the plans
    folder's vocabulary file as far as it reads, else None; completion never prints an
    error."""
    catalogue = quiet_catalogue(plans)
    if catalogue is not None:
        return catalogue.vocabulary
    from asean_labour.vocabulary_file import read_vocabulary

    return quietly(lambda folder: read_vocabulary(folder)[0], plans)


def complete_instruments(ctx: typer.Context, incomplete: str) -> list[str]:
    """Instrument ids of the plans folder the command line names (or the default)."""
    from asean_labour.instruments import read_instruments

    def ids(folder: Path) -> list[str]:
        catalogue = quiet_catalogue(folder)
        found = read_instruments(folder, catalogue)[0] if catalogue is not None else []
        return [i.id for i in found]

    return starting(incomplete, quietly(ids, ctx.params.get("plans")) or [])


def complete_conventions(ctx: typer.Context, incomplete: str) -> list[str]:
    """Convention codes (C087), else the groups (fundamental, governance)."""
    from asean_labour.ratifications import ConventionGroup, read_ratifications

    found = quietly(lambda folder: read_ratifications(folder)[0], ctx.params.get("plans"))
    if found is None:
        return []
    return starting(incomplete, [c.code for c in found.conventions],
                    [g.value for g in ConventionGroup])


def complete_member_states(ctx: typer.Context, incomplete: str) -> list[str]:
    """The Member States of the vocabulary of the plans folder the command line names (or
    the default); an alias or ISO code when no name starts so."""
    vocabulary = quiet_vocabulary(ctx.params.get("plans"))
    if vocabulary is None:
        return []
    return starting(incomplete, vocabulary.country_names, vocabulary.country_aliases())


def complete_plan_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """The loaded plans' ids."""
    catalogue = quiet_catalogue(ctx.params.get("plans"))
    return starting(incomplete, [p.id for p in catalogue.plans]) if catalogue else []


def complete_programmes(ctx: typer.Context, incomplete: str) -> list[str]:
    """The loaded work programmes' ids."""
    catalogue = quiet_catalogue(ctx.params.get("plans"))
    return starting(incomplete, [p.id for p in catalogue.programmes()]) if catalogue else []


PlansOption = Annotated[
    Path | None,
    typer.Option("--plans", metavar="DIR", show_default=False,
                 help="The plans folder (default: $ASEAN_LABOUR_PLANS, else the config "
                      "file's `plans`, else ./plans or a parent's plans/; see `asean-labour "
                      "config`)."),
]
SortOption = Annotated[
    str | None,
    typer.Option("--sort", metavar="|".join(SORT_KEYS), show_default=False,
                 help="Order by id, year, body or coordinator (default: plan order)."),
]
#: The default cycle, as the help of every --cycle says it.
CYCLE_DEFAULT = "default: the latest cycle with recorded progress; see docs/progress.md"


CycleOption = Annotated[int | None, typer.Option(
    "--cycle", metavar="YEAR", show_default=False,
    help=f"Reporting cycle: the year of the SLOM meeting ({CYCLE_DEFAULT}).")]


class FormatChoice(TyperChoice[str]):
    """The choices of --format, in any case; `terminal`, the reporting commands' name for the
    table before it was `table` everywhere, is still taken (and not shown)."""

    ALIASES: ClassVar[dict[str, str]] = {"terminal": "table"}

    def __init__(self, formats: Iterable[str]) -> None:
        super().__init__(list(formats), case_sensitive=False)

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        if isinstance(value, str) and value.strip().casefold() in self.ALIASES:
            value = self.ALIASES[value.strip().casefold()]
        return super().convert(value, param, ctx)


def format_option(formats: Iterable[str], help: str, default: bool = False) -> Any:
    """`--format/-f` with these choices (their StrEnum's values) and help; the table is the
    default (`default`), else the format comes from --output's extension."""
    return typer.Option("--format", "-f", click_type=FormatChoice(formats), help=help,
                        show_default=default)


IdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="A project id such as SLOM-WG-10b (any case).",
                        autocompletion=complete_ids),
]


def option_parameter(name: str, kind: Any, default: Any, *flags: str,
                     **settings: Any) -> inspect.Parameter:
    """A keyword-only parameter for Typer whose default is its option, in Typer's older
    spelling (`name: kind = typer.Option(default, *flags)`): the same option as
    `Annotated[kind, typer.Option(*flags)]`, without building the `Annotated` type (typing
    makes each one in Python: about a fifth of the time Typer takes to build a command)."""
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                             default=typer.Option(default, *flags, **settings),
                             annotation=kind)


def _filter_parameters() -> list[inspect.Parameter]:
    def option(name: str, *flags: str, help: str, kind: Any = list[str] | None,
               **extra: Any) -> inspect.Parameter:
        return option_parameter(name, kind, None, *flags, help=help, show_default=False,
                                **extra)

    return [
        option("body", "--body", "-b", metavar="BODY",
               help="Responsible body, as the vocabulary names it: SLOM, SLOM-WG, ACMW, "
               "ASEAN-OSHNET, ... (repeatable).", autocompletion=complete_bodies),
        option("year", "--year", "-y", kind=list[int] | None, metavar="YEAR",
               help="A year the project (or one of its events) covers (repeatable)."),
        option("coordinator", "--coordinator", "-c", metavar="NAME",
               help="Country coordinator or coordinating role; aliases such as Vietnam or "
               "Laos, and ISO codes such as VN or VNM, work (repeatable).",
               autocompletion=complete_coordinators),
        option("kra", "--kra", "-k", metavar="KRA",
               help="Key result area: its number or words of its name (repeatable).",
               autocompletion=complete_kras),
        option("theme", "--theme", "-t", metavar="THEME",
               help="Thematic area: its number, words of its title, or a cross-cutting theme "
               "(repeatable)."),
        option("collaborator", "--collaborator", metavar="NAME",
               help="Potential collaborator, e.g. ILO (repeatable).",
               autocompletion=complete_collaborators),
        option("measure", "--measure", metavar="CODE",
               help="ASCC Blueprint 2025 strategic measure, e.g. B.2.v (repeatable)."),
        option("plan", "--plan", metavar="PLAN",
               help="Plan id, e.g. ACMW-2016-2020 (repeatable)."),
        option("period", "--period", metavar="FIRST-LAST",
               help="The plans of a period, e.g. 2026-2030: its programme and work plans "
               "(repeatable)."),
        option("search", "--search", "-s", metavar="WORDS",
               help="Words in the title or notes (repeatable)."),
    ]


FILTER_NAMES = ("body", "year", "coordinator", "kra", "theme", "collaborator", "measure",
                "plan", "search", "period")


def injecting(name: str, parameters: Callable[[], list[inspect.Parameter]],
              collect: Callable[[dict[str, Any]], Any]) -> Callable[[F], F]:
    """A decorator that gives a command a group of shared options, defined once: Typer sees
    `parameters()`; the command receives `collect(their values)` as its argument `name`."""

    def decorate(function: F) -> F:
        return _Injected(function, name, parameters, collect)  # type: ignore[return-value]

    return decorate


class _Injected:
    """A command given a group of shared options (`injecting`). Its signature, which Typer
    reads to build the options, is worked out only when asked for: evaluating every
    command's annotations at import cost 2-5 ms of every command's start-up, and Typer builds
    just the command being run (see cli.main)."""

    def __init__(self, command: Callable[..., Any], name: str,
                 parameters: Callable[[], list[inspect.Parameter]],
                 collect: Callable[[dict[str, Any]], Any]) -> None:
        functools.update_wrapper(self, command)
        # The wrapped command's own signature (an inner `injecting`) must not hide this one.
        self.__dict__.pop("__signature__", None)
        self.command = command
        self.name = name
        self.parameters = parameters
        self.collect = collect
        self._names: list[str] | None = None
        self._signature: inspect.Signature | None = None

    @property
    def __signature__(self) -> inspect.Signature:
        if self._signature is None:
            signature = inspect.signature(self.command, eval_str=True)
            kept = [p for p in signature.parameters.values() if p.name != self.name]
            added = self.parameters()
            self._names = [p.name for p in added]
            self._signature = signature.replace(parameters=[*kept, *added])
        return self._signature

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        names = self._names
        if names is None:
            names = self._names = [p.name for p in self.parameters()]
        values = {key: kwargs.pop(key, None) for key in names}
        return self.command(*args, **{self.name: self.collect(values)}, **kwargs)


def _filters(values: dict[str, Any]) -> Filters:
    given = {name: tuple(values.get(name) or ()) for name in FILTER_NAMES}
    return Filters(
        bodies=given["body"], years=given["year"], coordinators=given["coordinator"],
        kras=given["kra"], themes=given["theme"], collaborators=given["collaborator"],
        measures=given["measure"], plans=given["plan"], search=given["search"],
        periods=given["period"],
    )


#: Give a command the shared filter options; it receives them as `filters: Filters`.
with_filters = injecting("filters", _filter_parameters, _filters)


class OutputOptions:
    """--format, --output, --force and --bom as given: the one output group of every command
    that shows or writes its result (`with_output`, `with_document_output`)."""

    def __init__(self, fmt: Any = None, output: Path | None = None, force: bool = False,
                 bom: bool = False) -> None:
        self.fmt, self.output, self.force, self.bom = fmt, output, force, bom

    def destination(self) -> Any:
        """Where a listing goes (`render.destination.Destination`), checked before any work
        is done; a context manager that writes the file when the command has succeeded."""
        from asean_labour.render.destination import choose

        return choose(self.fmt, self.output, self.force, self.bom)

    def target(self) -> Any:
        """Where a document goes (`render.report_output.Target`), checked before any work is
        done."""
        from asean_labour.render.report_output import choose_target

        return choose_target(self.fmt, self.output, self.force)


def output_group(formats: type[ListFormat] | type[ReportFormat], format_help: str,
                 output_help: str, bom: bool) -> Callable[[F], F]:
    """A decorator that gives a command --format, --output, --force (and, with `bom`,
    --bom); it receives them as `to: OutputOptions`."""

    def parameters() -> list[inspect.Parameter]:
        group = [
            option_parameter("fmt", formats | None, None, "--format", "-f",
                             click_type=FormatChoice(f.value for f in formats),
                             help=format_help, show_default=False),
            option_parameter("output", Path | None, None, "--output", "-o", metavar="FILE",
                             show_default=False, dir_okay=False, help=output_help),
            option_parameter("force", bool, False, "--force",
                             help="Replace the --output file if it exists."),
        ]
        if bom:
            group.append(option_parameter(
                "bom", bool, False, "--bom", help="Start CSV with a UTF-8 byte-order mark, so "
                "that Excel opens it with the right characters when double-clicked."))
        return group

    return injecting("to", parameters, lambda values: OutputOptions(**values))


#: Give a listing command (list, show, stats, log, ...) --format, --output, --force and --bom.
with_output = output_group(
    ListFormat,
    "table (for people), json, csv, markdown, or xlsx (an Excel workbook, with --output "
    "FILE.xlsx); default: from the --output extension, else table.",
    "Write to FILE, atomically (.csv, .json, .md or .xlsx sets the format).", bom=True)
#: Give a reporting command (report, scorecard, review, timeline) --format, --output and
#: --force.
with_document_output = output_group(
    ReportFormat,
    "table (for people), markdown, docx, html, json or xlsx; default: from the --output "
    "extension, else table.",
    "Write to FILE, atomically (.docx, .html, .md, .json, .xlsx or .txt sets the format).",
    bom=False)


def _display_parameters(wide: bool) -> list[inspect.Parameter]:
    def option(name: str, flag: str, help: str) -> inspect.Parameter:
        return option_parameter(name, bool, False, flag, help=help)

    pager = option("no_pager", "--no-pager", "Never page long output (the pager is "
                   "$ASEAN_LABOUR_PAGER, else $PAGER, else less -FRX; set either to cat to "
                   "turn paging off).")
    if not wide:
        return [pager]
    return [option("wide", "--wide", "Show every column, wrapped, instead of hiding columns "
                   "or shortening titles to fit the terminal."), pager]


class _Displayed:
    """A command run with the display options: --wide (unless `wide` is False) and
    --no-pager, which it does not receive itself. Its signature, which Typer reads to build
    the options, is worked out only when asked for: Typer builds just the command being run
    (see cli.main), and evaluating every command's annotations at import cost about 1 ms."""

    def __init__(self, command: Callable[..., Any], wide: bool) -> None:
        functools.update_wrapper(self, command)
        # A wrapped command's own signature (see `injecting`) must not hide this one from a
        # wrapper that copies this object's attributes (cli.command).
        self.__dict__.pop("__signature__", None)
        self.command = command
        self.wide = wide
        self._signature: inspect.Signature | None = None

    @property
    def __signature__(self) -> inspect.Signature:
        if self._signature is None:
            signature = inspect.signature(self.command, eval_str=True)
            self._signature = signature.replace(parameters=[*signature.parameters.values(),
                                                            *_display_parameters(self.wide)])
        return self._signature

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        wrap = bool(kwargs.pop("wide", False))
        no_pager = bool(kwargs.pop("no_pager", False))
        if not wrap and (no_pager or not sys.stdout.isatty()):
            # Nothing to set (the display is read from the environment where a table needs
            # it): JSON and CSV to a pipe import nothing more (docs/performance.md).
            return self.command(*args, **kwargs)
        from asean_labour.console import displaying

        with displaying(wrap, pager=not no_pager):
            return self.command(*args, **kwargs)


@overload
def with_display(function: F) -> F: ...


@overload
def with_display(*, wide: bool = True) -> Callable[[F], F]: ...


def with_display(function: F | None = None, *, wide: bool = True) -> Any:
    """Give a command --wide (unless `wide=False`) and --no-pager, and run it with them: its
    tables laid out as they say, and long output on a terminal through the pager."""

    def decorate(command: F) -> F:
        return _Displayed(command, wide)  # type: ignore[return-value]

    return decorate(function) if function is not None else decorate
