"""The work plans as plain, immutable data: plans, thematic areas, projects, events."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from asean_labour.vocabulary import Body, Vocabulary

SCHEMA_VERSION = 1


class PlanKind(StrEnum):
    """A programme defines KRAs and thematic areas; a work plan implements one."""

    WORK_PROGRAMME = "work-programme"
    WORK_PLAN = "work-plan"


class ProjectKind(StrEnum):
    PROJECT = "project"
    COMMITMENT = "commitment"


@dataclass(frozen=True, slots=True)
class KeyResultArea:
    number: int
    name: str
    intermediate_targets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CrossCuttingTheme:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Measure:
    """An ASCC Blueprint 2025 strategic measure (e.g. B.2.v)."""

    code: str
    text: str


@dataclass(frozen=True, slots=True)
class ThematicArea:
    number: int
    title: str
    kra: int | None = None
    cross_cutting_theme: str | None = None
    bodies: tuple[Body, ...] = ()
    measures: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    """A coordinator or collaborator as a project names it: the years the source limits it to
    (`Malaysia (2016-2018)`; empty: every year of the project) and the part it plays as printed
    (`co-coordinator`, `rotation`). Who acts in which year is `involvement.acting`'s answer."""

    name: str
    years: tuple[int, ...] = ()
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One occurrence of a recurring project (a yearly forum, a conference, a ceremony): its
    hosts (`coordinators`) and `collaborators` act in the event's year only."""

    title: str
    year: int
    dates: str | None = None
    venue: str | None = None
    coordinators: tuple[str, ...] = ()
    note: str | None = None
    collaborators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    plan_id: str
    body: Body
    title: str
    thematic_area: int
    kra: int | None = None
    number: str | None = None
    measures: tuple[str, ...] = ()
    parent: str | None = None
    timeline: str | None = None
    years: tuple[int, ...] = ()
    dates: str | None = None
    venue: str | None = None
    coordinators: tuple[Participant, ...] = ()
    coordinator_note: str | None = None
    collaborators: tuple[Participant, ...] = ()
    budget: str | None = None
    kind: ProjectKind = ProjectKind.PROJECT
    carried_over: bool = False
    note: str | None = None
    placeholder: bool = False
    events: tuple[Event, ...] = ()
    #: The projects of earlier plans this one continues (`carried_over_from`): a lineage the
    #: plan file records; `carried_over` is then true too.
    carried_over_from: tuple[str, ...] = ()

    @property
    def all_years(self) -> tuple[int, ...]:
        """The project's years and its events' years, sorted, each once."""
        if not self.events:
            return self.years
        return tuple(sorted({*self.years, *(e.year for e in self.events)}))

    @property
    def last_year(self) -> int | None:
        years = self.all_years
        return years[-1] if years else None

    @property
    def first_year(self) -> int | None:
        years = self.all_years
        return years[0] if years else None


@dataclass(frozen=True, slots=True)
class ProgrammeContent:
    """What only a work programme defines."""

    ascc_vision: str | None = None
    ascc_objectives: tuple[str, ...] = ()
    overall_objective: str | None = None
    key_result_areas: tuple[KeyResultArea, ...] = ()
    cross_cutting_themes: tuple[CrossCuttingTheme, ...] = ()
    measures: tuple[Measure, ...] = ()
    thematic_areas: tuple[ThematicArea, ...] = ()
    _areas: dict[int, ThematicArea] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_areas", {a.number: a for a in self.thematic_areas})

    def area(self, number: int) -> ThematicArea | None:
        """The thematic area with this number, or None."""
        return self._areas.get(number)


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    kind: PlanKind
    title: str
    body: Body
    start: int
    end: int
    path: Path
    programme_id: str | None = None
    source: str | None = None
    note: str | None = None
    monitoring: tuple[str, ...] = ()
    resource_mobilisation: tuple[str, ...] = ()
    content: ProgrammeContent | None = None
    projects: tuple[Project, ...] = ()
    #: The plan this one follows (`succeeds`: ALM-WP-2026-2030 succeeds ALM-WP-2016-2020):
    #: its projects may be carried over into this plan's.
    succeeds: str | None = None

    @property
    def period(self) -> str:
        return f"{self.start}-{self.end}"

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)


@dataclass(frozen=True)
class Catalogue:
    """Every loaded plan and the vocabulary they were checked with, with the look-ups the
    queries and reports need."""

    plans: tuple[Plan, ...]
    vocabulary: Vocabulary
    projects: tuple[Project, ...] = field(init=False)
    _by_id: dict[str, Project] = field(init=False, repr=False)
    _by_folded_id: dict[str, Project] = field(init=False, repr=False)
    _plans: dict[str, Plan] = field(init=False, repr=False)
    _carried_into: dict[str, tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        rank = self.vocabulary.body_rank
        ordered = sorted(self.plans, key=lambda p: (p.start, rank(p.body), p.id))
        object.__setattr__(self, "plans", tuple(ordered))
        projects = tuple(pr for plan in ordered for pr in plan.projects)
        object.__setattr__(self, "projects", projects)
        object.__setattr__(self, "_by_id", {p.id: p for p in projects})
        object.__setattr__(self, "_by_folded_id", {p.id.casefold(): p for p in projects})
        object.__setattr__(self, "_plans", {p.id: p for p in ordered})
        into: dict[str, list[str]] = {}
        for project in projects:
            for earlier in project.carried_over_from:
                into.setdefault(earlier, []).append(project.id)
        object.__setattr__(self, "_carried_into", {k: tuple(v) for k, v in into.items()})

    def project(self, project_id: str) -> Project | None:
        """The project with this id (case-insensitive), or None."""
        return self._by_id.get(project_id) or self._by_folded_id.get(project_id.casefold())

    def plan(self, plan_id: str) -> Plan | None:
        return self._plans.get(plan_id)

    def plan_of(self, project: Project) -> Plan:
        return self._plans[project.plan_id]

    def programme_of(self, plan: Plan) -> Plan | None:
        """The work programme a plan belongs to (a programme belongs to itself)."""
        if plan.kind is PlanKind.WORK_PROGRAMME:
            return plan
        return self._plans.get(plan.programme_id or "")

    def programme_id_of(self, project: Project) -> str | None:
        programme = self.programme_of(self.plan_of(project))
        return programme.id if programme is not None else None

    def _programme_content(self, project: Project) -> ProgrammeContent | None:
        programme = self.programme_of(self.plan_of(project))
        return programme.content if programme is not None else None

    def thematic_area(self, project: Project) -> ThematicArea | None:
        content = self._programme_content(project)
        if content is None:
            return None
        return content.area(project.thematic_area)

    def key_result_area(self, project: Project) -> KeyResultArea | None:
        content = self._programme_content(project)
        if content is None or project.kra is None:
            return None
        return next((k for k in content.key_result_areas if k.number == project.kra), None)

    def measures_of(self, project: Project) -> tuple[str, ...]:
        """The project's own measures, else its thematic area's."""
        if project.measures:
            return project.measures
        area = self.thematic_area(project)
        return area.measures if area else ()

    def measure_text(self, project: Project, code: str) -> str | None:
        content = self._programme_content(project)
        if content is None:
            return None
        return next((m.text for m in content.measures if m.code == code), None)

    def programmes(self) -> list[Plan]:
        return [p for p in self.plans if p.kind is PlanKind.WORK_PROGRAMME]

    def carried_into(self, project_id: str) -> tuple[str, ...]:
        """The projects whose plan records that they continue this one (`carried_over_from`),
        in plan order."""
        return self._carried_into.get(project_id, ())

    def predecessors(self, plan: Plan) -> list[Plan]:
        """The plans a plan follows, nearest first: its `succeeds`, that plan's, and so on."""
        found: list[Plan] = []
        current = self._plans.get(plan.succeeds or "")
        while current is not None and current not in found and current is not plan:
            found.append(current)
            current = self._plans.get(current.succeeds or "")
        return found

    def follows(self, later: Plan, earlier: Plan) -> bool:
        """Whether `later` is a successor of `earlier`: it declares so (`succeeds`, directly or
        through the plans it follows), or its programme does of `earlier`'s programme."""
        if any(p.id == earlier.id for p in self.predecessors(later)):
            return True
        programme, previous = self.programme_of(later), self.programme_of(earlier)
        return programme is not None and previous is not None and any(
            p.id == previous.id for p in self.predecessors(programme))

