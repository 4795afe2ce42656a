"""Selecting and ordering projects: the filters shared by `list`, `stats`, `log`, `report`...

A `Filters` holds what the user typed; `resolve` checks every value against the catalogue
(raising `UsageError` with the valid values and the nearest spelling) and returns a `Selection`
that tests projects quickly.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from asean_labour.errors import UsageError
from asean_labour.involvement import Part, names, organisation_matches, takes_part
from asean_labour.model import Catalogue, Project
from asean_labour.vocabulary import Body, did_you_mean, fold, suggest

SORT_KEYS = ("id", "year", "body", "coordinator")


@dataclass(frozen=True)
class Filters:
    """Filter values as typed; each list is OR'ed, different filters are AND'ed."""

    bodies: Sequence[str] = ()
    years: Sequence[int] = ()
    coordinators: Sequence[str] = ()
    kras: Sequence[str] = ()
    themes: Sequence[str] = ()
    collaborators: Sequence[str] = ()
    measures: Sequence[str] = ()
    plans: Sequence[str] = ()
    search: Sequence[str] = ()
    periods: Sequence[str] = ()

    def is_empty(self) -> bool:
        return not any((self.bodies, self.years, self.coordinators, self.kras, self.themes,
                        self.collaborators, self.measures, self.plans, self.search,
                        self.periods))


@dataclass(frozen=True)
class Selection:
    """Resolved filters: canonical values, ready to test projects."""

    bodies: frozenset[Body] = frozenset()
    years: frozenset[int] = frozenset()
    coordinators: frozenset[str] = frozenset()
    kras: frozenset[int] = frozenset()
    themes: frozenset[tuple[str, int]] = frozenset()
    collaborators: tuple[str, ...] = ()
    measures: frozenset[str] = frozenset()
    plans: frozenset[str] = frozenset()
    search: tuple[str, ...] = ()
    extra: tuple[Callable[[Project], bool], ...] = field(default=())
    periods: tuple[str, ...] = ()  # as given, canonical ("2026-2030")
    period_plans: frozenset[str] = frozenset()  # the plans inside one of `periods`

    def matches(self, project: Project, catalogue: Catalogue) -> bool:
        if self.bodies and project.body not in self.bodies:
            return False
        if self.plans and project.plan_id not in self.plans:
            return False
        if self.periods and project.plan_id not in self.period_plans:
            return False
        if self.kras and project.kra not in self.kras:
            return False
        if self.themes and (catalogue.programme_id_of(project), project.thematic_area) \
                not in self.themes:
            return False
        if self.years and self.years.isdisjoint(project.all_years):
            return False
        # Given --year too, a coordinator or collaborator must act in one of those years
        # (a year-limited coordinator in its years, an event's host in the event's year).
        if self.coordinators and not takes_part(project, Part.COORDINATOR,
                                                self.coordinators.__contains__, self.years):
            return False
        if self.collaborators and not takes_part(
            project, Part.COLLABORATOR,
            lambda name: any(organisation_matches(name, w) for w in self.collaborators),
            self.years,
        ):
            return False
        if self.measures and not self.measures.intersection(catalogue.measures_of(project)):
            return False
        if self.search:
            haystack = search_text(project)
            if not any(term in haystack for term in self.search):
                return False
        return all(test(project) for test in self.extra)


def search_text(project: Project) -> str:
    """The folded text `--search` looks in: title, parent heading, notes, event titles."""
    parts = [project.title, project.parent or "", project.note or "",
             project.coordinator_note or ""]
    parts.extend(p.role for p in (*project.coordinators, *project.collaborators) if p.role)
    for event in project.events:
        parts.extend((event.title, event.note or ""))
    return fold(" ".join(parts))


def known_collaborators(catalogue: Catalogue) -> list[str]:
    """Every collaborator the plans name (events' included), sorted case-insensitively."""
    return sorted({name for p in catalogue.projects for name in names(p, Part.COLLABORATOR)},
                  key=str.casefold)


def _unknown(kind: str, value: str, valid: Sequence[str],
             close: Sequence[str] | None = None) -> UsageError:
    close = suggest(value, list(valid)) if close is None else close
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    shown = ", ".join(valid) if len(valid) <= 25 else ", ".join(valid[:25]) + ", ..."
    return UsageError(f"unknown {kind} {value!r}.{hint} Valid values: {shown}")


def resolve(filters: Filters, catalogue: Catalogue) -> Selection:
    """Check every filter value against the catalogue and its vocabulary; canonical values or
    `UsageError`."""
    vocabulary = catalogue.vocabulary
    bodies = set()
    for value in filters.bodies:
        body = vocabulary.body(value)
        if body is None:
            raise _unknown("body", value, vocabulary.body_order)
        bodies.add(body)
    years = set()
    all_years = sorted({y for plan in catalogue.plans for y in plan.years})
    for year in filters.years:
        if year not in all_years:
            periods = ", ".join(sorted({p.period for p in catalogue.plans}))
            raise UsageError(f"no loaded plan covers the year {year}; the plans cover {periods}")
        years.add(year)
    coordinators = set()
    for value in filters.coordinators:
        name = vocabulary.coordinator(value)
        if name is None:
            raise _unknown("country or coordinator", value, vocabulary.coordinator_names(),
                           vocabulary.suggest_coordinator(value))
        coordinators.add(name)
    kras = {_resolve_kra(value, catalogue) for value in filters.kras}
    themes: set[tuple[str, int]] = set()
    for value in filters.themes:
        themes.update(_resolve_theme(value, catalogue))
    collaborators = []
    known = known_collaborators(catalogue) if filters.collaborators else []
    for value in filters.collaborators:
        wanted = fold(vocabulary.organisation(value))
        if not any(organisation_matches(name, wanted) for name in known):
            raise _unknown("collaborator", value, known)
        collaborators.append(wanted)
    measures = set()
    codes = sorted({m.code for prog in catalogue.programmes() if prog.content
                    for m in prog.content.measures})
    for value in filters.measures:
        match = next((c for c in codes if c.casefold() == value.strip().casefold()), None)
        if match is None:
            raise _unknown("strategic measure", value, codes)
        measures.add(match)
    plans = set()
    plan_ids = [p.id for p in catalogue.plans]
    for value in filters.plans:
        match = next((p for p in plan_ids if p.casefold() == value.strip().casefold()), None)
        if match is None:
            # `--plan acmw` is a prefix of the id, too short for a spelling match.
            starts = [p for p in plan_ids if p.casefold().startswith(fold(value))]
            raise _unknown("plan", value, plan_ids, starts or None)
        plans.add(match)
    period_names, period_plans = _resolve_periods(filters.periods, catalogue)
    return Selection(
        bodies=frozenset(bodies), years=frozenset(years), coordinators=frozenset(coordinators),
        kras=frozenset(kras), themes=frozenset(themes), collaborators=tuple(collaborators),
        measures=frozenset(measures), plans=frozenset(plans),
        search=tuple(fold(s) for s in filters.search if s.strip()),
        periods=period_names, period_plans=period_plans,
    )


def _resolve_periods(values: Sequence[str], catalogue: Catalogue
                     ) -> tuple[tuple[str, ...], frozenset[str]]:
    """`--period 2026-2030`: the plans whose period lies inside it (the 2026-2030 programme
    and its work plans), each period as `first-last`; `UsageError` when none does."""
    loaded = sorted({p.period for p in catalogue.plans})
    periods: list[str] = []
    plans: set[str] = set()
    for value in values:
        match = re.match(r"^\s*([0-9]{4})\s*[-–]\s*([0-9]{4})\s*$", value)
        if match is None or int(match.group(1)) > int(match.group(2)):
            raise UsageError(f"--period {value!r}: give the first and last year, e.g. "
                             f"2026-2030 (loaded plans: {', '.join(loaded)})")
        first, last = int(match.group(1)), int(match.group(2))
        inside = {p.id for p in catalogue.plans if first <= p.start and p.end <= last}
        if not inside:
            raise UsageError(f"no loaded plan lies inside the period {first}-{last}; the "
                             f"plans' periods: {', '.join(loaded)}")
        periods.append(f"{first}-{last}")
        plans |= inside
    return tuple(dict.fromkeys(periods)), frozenset(plans)


def _resolve_kra(value: str, catalogue: Catalogue) -> int:
    text = value.strip()
    if text.upper().startswith("KRA"):
        text = text[3:].strip()
    if text.isascii() and text.isdigit():
        number = int(text)
        defined = sorted({k.number for prog in catalogue.programmes() if prog.content
                          for k in prog.content.key_result_areas})
        if number in defined:
            return number
        raise UsageError(f"unknown key result area {value!r}: the programmes define KRA "
                         f"{', '.join(map(str, defined)) or 'none'}")
    names: dict[str, int] = {}
    for prog in catalogue.programmes():
        for kra in prog.content.key_result_areas if prog.content else ():
            names.setdefault(kra.name, kra.number)
    wanted = fold(text)
    hits = {n for name, n in names.items() if wanted and wanted in fold(name)}
    if len(hits) == 1:
        return hits.pop()
    labelled = [(name, f"{n} ({name})") for name, n in sorted(names.items(), key=lambda i: i[1])]
    valid = [label for _, label in labelled]
    if hits:
        raise UsageError(f"{value!r} names more than one key result area; use a number: "
                         + ", ".join(valid))
    raise _unknown("key result area", value, valid, _nearest_named(text, labelled))


def _resolve_theme(value: str, catalogue: Catalogue) -> set[tuple[str, int]]:
    """A thematic area number, a words-in-title match, or a cross-cutting theme id/name."""
    text = value.strip()
    hits: set[tuple[str, int]] = set()
    titles: list[str] = []
    named: list[tuple[str, str]] = []
    for prog in catalogue.programmes():
        content = prog.content
        if content is None:
            continue
        theme_ids = {t.id for t in content.cross_cutting_themes
                     if fold(text) in (t.id, fold(t.name))}
        named += [(n, t.id) for t in content.cross_cutting_themes for n in (t.id, t.name)]
        for area in content.thematic_areas:
            titles.append(f"{area.number} ({area.title})")
            named.append((area.title, titles[-1]))
            if text.isascii() and text.isdigit():
                if area.number == int(text):
                    hits.add((prog.id, area.number))
            elif fold(text) in fold(area.title) or area.cross_cutting_theme in theme_ids:
                hits.add((prog.id, area.number))
    if not hits:
        raise _unknown("thematic area", value, titles, _nearest_named(text, named))
    return hits


def _nearest_named(value: str, named: Sequence[tuple[str, str]]) -> list[str]:
    """The labels of the names nearest to `value`, as a whole or by one of their words:
    `skiled` finds `1 (Skilled and Adaptable Workforce)`."""
    keys: dict[str, list[str]] = {}
    for name, label in named:
        for key in (fold(name), *(w for w in fold(name).split() if len(w) > 3)):
            keys.setdefault(key, []).append(label)
    close = difflib.get_close_matches(fold(value), list(keys), n=3, cutoff=0.75)
    return list(dict.fromkeys(label for key in close for label in keys[key]))[:3]


_NATURAL = re.compile(r"([0-9]+)")


def natural_key(text: str) -> tuple[object, ...]:
    """`SLOM-WG-2` before `SLOM-WG-10`."""
    return tuple(int(part) if part.isascii() and part.isdigit() else part.casefold()
                 for part in _NATURAL.split(text))


def order(projects: Iterable[Project], sort: str | None,
          body_rank: Callable[[str], int] | None = None) -> list[Project]:
    """Projects in plan order, or sorted by `id`, `year`, `body` (in `body_rank`'s order, the
    vocabulary's reporting order) or `coordinator`."""
    items = list(projects)
    if sort is None:
        return items
    if sort == "id":
        return sorted(items, key=lambda p: natural_key(p.id))
    if sort == "year":
        return sorted(items, key=lambda p: (p.first_year or 9999, p.last_year or 9999,
                                            natural_key(p.id)))
    if sort == "body":
        rank = body_rank or (lambda body: 0)
        return sorted(items, key=lambda p: (rank(p.body), p.body, natural_key(p.id)))
    if sort == "coordinator":
        def first_coordinator(project: Project) -> str:
            found = names(project, Part.COORDINATOR)
            return found[0].casefold() if found else "\uffff"

        return sorted(items, key=lambda p: (first_coordinator(p), natural_key(p.id)))
    raise UsageError(f"unknown sort key {sort!r}{did_you_mean(sort, SORT_KEYS)}; expected one "
                     f"of: {', '.join(SORT_KEYS)}")


def select(catalogue: Catalogue, selection: Selection, sort: str | None = None) -> list[Project]:
    """The projects that match, in the requested order."""
    return order((p for p in catalogue.projects if selection.matches(p, catalogue)), sort,
                 catalogue.vocabulary.body_rank)


def nearest_ids(catalogue: Catalogue, project_id: str) -> list[str]:
    """The lettered sub-items of the id typed (`ACMW-6`: ACMW-6a, ACMW-6b), then the closest
    spellings."""
    key = project_id.strip().casefold()
    ids = [p.id for p in catalogue.projects]
    parts = sorted((i for i in ids if i.casefold().startswith(key) and i[len(key):].isalpha()),
                   key=natural_key)
    close = suggest(project_id, ids, limit=3)
    return list(dict.fromkeys([*parts, *close]))[:max(3, len(parts))]


def require_project(catalogue: Catalogue, project_id: str) -> Project:
    """The project, or a `UsageError` naming the nearest ids."""
    project = catalogue.project(project_id)
    if project is None:
        close = nearest_ids(catalogue, project_id)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"unknown project id {project_id!r}.{hint} "
                         "`asean-labour list` shows every id.")
    return project
