"""Who coordinates, or collaborates on, a project in which year: the one rule behind every
answer to "does X coordinate P in year Y" (the --coordinator and --collaborator filters of
`list`, `stats`, `report` and the other reporting commands, the counts of `stats`, the
timeline's coordinators per year, sorting by coordinator, and how each format shows them).

The rule (docs/plan-format.md, "Who acts when"):

* a coordinator or collaborator named by the project acts in every year of the project (its
  `years` and its events' years), unless the plan limits it to some years
  (`{ name = "Malaysia", years = [2016, 2017, 2018] }`): then only in those of its years that
  are the project's;
* an event's hosts (its `coordinators`) and its `collaborators` act in the event's year only;
* asked about no year in particular ("in any year"), everyone the project or its events name
  takes part, even in a project whose timeline the source does not give.

`_entries` applies the rule; `takes_part` answers the question ("does X coordinate P in one of
these years"), and `names`, `by_year` and `acting` (the entries as records, for display) are
built on the same rule. Nothing else in the tool reads `Project.coordinators`,
`Project.collaborators` or an event's names to decide who acts when.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from asean_labour.model import Participant, Project
from asean_labour.vocabulary import fold


class Part(StrEnum):
    """The two parts a name can play in a project."""

    COORDINATOR = "coordinator"
    COLLABORATOR = "collaborator"


@dataclass(frozen=True, slots=True)
class Acting:
    """One coordinator or collaborator of a project, with the years it acts in by the rule."""

    name: str
    years: tuple[int, ...]  # the years it acts in (empty: the project gives no years)
    limited_to: tuple[int, ...] = ()  # the years the plan limits it to (empty: not limited)
    role: str | None = None  # the part it plays, as printed ("co-coordinator", "rotation")
    event: str | None = None  # the event it hosts or collaborates on, by title

    @property
    def shown_years(self) -> tuple[int, ...]:
        """The years its label shows: the event's year, the plan's limit, or none."""
        return self.years if self.event is not None else self.limited_to

    @property
    def label(self) -> str:
        """`Malaysia (2016-2018)`, `Viet Nam (co-coordinator)`, `Lao PDR (2016)` for the host
        of a 2016 event, `Philippines` when nothing limits it."""
        return _label(self.name, (self.role,) if self.role else (), self.shown_years)


def _entries(project: Project, part: Part) -> list[tuple[str, tuple[int, ...],
                                                         Participant | None, str | None]]:
    """THE rule: everyone who plays `part` in the project, in the plan's order (the project's
    own names, then each event's), as (name, the years it acts in, the project's entry or
    None, the event's title or None). A list built in one loop: every listing asks this of
    every project, twice or four times (a generator cost a third more)."""
    span = project.all_years
    found: list[tuple[str, tuple[int, ...], Participant | None, str | None]] = []
    add = found.append
    coordinating = part is Part.COORDINATOR
    for participant in project.coordinators if coordinating else project.collaborators:
        limit = participant.years
        add((participant.name, tuple(y for y in span if y in limit) if limit else span,
             participant, None))
    for event in project.events:
        if names := event.coordinators if coordinating else event.collaborators:
            years = (event.year,)
            for name in names:
                add((name, years, None, event.title))
    return found


def acting(project: Project, part: Part) -> tuple[Acting, ...]:
    """Everyone who plays `part` in the project, with the years each acts in by the rule."""
    return tuple([Acting(name, years, entry.years, entry.role) if entry is not None
                  else Acting(name, years, event=event)
                  for name, years, entry, event in _entries(project, part)])


#: One entry of `acting` as plain values: (name, the years it acts in, the years the plan
#: limits it to, its role, its event, its label).
ActingRow = tuple[str, tuple[int, ...], tuple[int, ...], str | None, str | None, str]


def acting_rows(project: Project, part: Part) -> list[ActingRow]:
    """`acting` as rows of plain values, the label included, without an `Acting` made for
    each (records.project_record writes every entry of every project of a listing)."""
    rows: list[ActingRow] = []
    add = rows.append
    for name, years, entry, event in _entries(project, part):
        if entry is None:  # an event's host or collaborator: the event's year shows
            add((name, years, (), None, event, _label(name, (), years)))
        else:
            role, limit = entry.role, entry.years
            add((name, years, limit, role, None,
                 _label(name, (role,), limit) if role else
                 _label(name, (), limit) if limit else name))
    return rows


def _acts_in(years: tuple[int, ...], asked: Collection[int]) -> bool:
    """In one of the years `asked`, or in any year when none is asked."""
    return not asked or any(year in asked for year in years)


def takes_part(project: Project, part: Part, matches: Callable[[str], bool],
               years: Collection[int] = ()) -> bool:
    """Does a name that `matches` play `part` in the project in one of `years` (in any year
    when `years` is empty)?"""
    return any(matches(name) and _acts_in(acts, years)
               for name, acts, _, _ in _entries(project, part))


def names(project: Project, part: Part, years: Collection[int] = ()) -> tuple[str, ...]:
    """The names that play `part` in the project in one of `years` (in any year when none is
    given), each once, in the plan's order."""
    return tuple(dict.fromkeys(name for name, acts, _, _ in _entries(project, part)
                               if _acts_in(acts, years)))


def by_year(project: Project, part: Part) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """For each year of the project, the names that play `part` in it."""
    entries = [(name, acts) for name, acts, _, _ in _entries(project, part)]
    return tuple((year, tuple(dict.fromkeys(name for name, acts in entries if year in acts)))
                 for year in project.all_years)


def organisation_matches(name: str, wanted: str) -> bool:
    """`ILO` (folded) matches `ILO` and `ILO (ASEAN Triangle Project)`, not `ILOX`."""
    name = fold(name)
    return name == wanted or name.startswith((wanted + " ", wanted + "("))


def labels(entries: Iterable[Acting]) -> tuple[str, ...]:
    """One label per name, in order, for lists and table cells: a name that acts in every
    year somewhere shows no years; else the years of all its entries together
    (`Philippines (2016-2017)` for the host of a 2016 and a 2017 event)."""
    grouped: dict[str, list[Acting]] = {}
    for entry in entries:
        grouped.setdefault(entry.name, []).append(entry)
    shown = []
    for name, items in grouped.items():
        roles = tuple(dict.fromkeys(e.role for e in items if e.role))
        unlimited = any(not e.shown_years for e in items)
        years = () if unlimited else tuple(sorted({y for e in items for y in e.shown_years}))
        shown.append(_label(name, roles, years))
    return tuple(shown)


def _label(name: str, roles: Sequence[str], years: Sequence[int]) -> str:
    qualifiers = [*roles, years_text(years)] if years else list(roles)
    return f"{name} ({', '.join(qualifiers)})" if qualifiers else name


def years_text(years: Sequence[int]) -> str:
    """`2016-2018, 2020` from [2016, 2017, 2018, 2020]."""
    if not years:
        return ""
    runs: list[list[int]] = [[years[0], years[0]]]
    for year in years[1:]:
        if year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
