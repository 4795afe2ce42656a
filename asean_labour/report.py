"""The monitoring documents of the work programme, built from the plans and the progress
store: the annual progress report to SLOM, what changed between two cycles, the output-level
checklist (scorecard), the mid-term and final reviews, and the timeline.

Plain data in, frozen dataclasses out. Nothing here imports Typer, Rich or python-docx: the
renderers in `render/report_*.py` turn these results into a terminal page, Markdown, a Word
document or JSON. Status semantics are those of docs/progress.md: the status *in* a cycle is
the latest update in effect in it; the status *as of* a cycle is the latest in any cycle up to
it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from asean_labour import standing as _standing
from asean_labour.errors import UsageError
from asean_labour.involvement import Part, acting, by_year, labels, names, years_text
from asean_labour.model import Catalogue, Plan, Project
from asean_labour.progress import History, check_cycle
from asean_labour.query import Selection, known_collaborators, select
from asean_labour.returns import Answer, answers_for
from asean_labour.standing import Standing, first_started, outcome, standings
from asean_labour.status import Output, Status, Worded
from asean_labour.views import coordinator_labels
from asean_labour.vocabulary import Body, fold

if TYPE_CHECKING:  # read only by the one-pagers, from their own files
    from asean_labour.instruments import Instrument
    from asean_labour.ratifications import Convention, Fact, Ratifications, Record

# --- vocabularies ------------------------------------------------------------------------------
# State (a project's category in a cycle) and Outcome (at the end of a review) are defined with
# the rule that computes them, in `standing`, and named here too for the renderers.
State = _standing.State
STATES = _standing.STATES
STATE_LABELS = _standing.STATE_LABELS
Outcome = _standing.Outcome
OUTCOMES = _standing.OUTCOMES
OUTCOME_LABELS = _standing.OUTCOME_LABELS
STARTED = _standing.STARTED


class Shift(Worded):
    """How a project moved between two cycles."""

    STARTED = "started"
    COMPLETED = "completed"
    SLIPPED = "slipped"
    CANCELLED = "cancelled"
    CARRIED_OVER = "carried-over"
    OTHER = "other"

    @property
    def label(self) -> str:
        return SHIFT_LABELS[self]


SHIFT_LABELS = {
    Shift.STARTED: "Started",
    Shift.COMPLETED: "Completed",
    Shift.SLIPPED: "Slipped (delayed, postponed, or past the timeline)",
    Shift.CANCELLED: "Cancelled",
    Shift.CARRIED_OVER: "Carried over to the next plan",
    Shift.OTHER: "Other status changes",
}


class Delivered(Worded):
    """What a project delivered in a cycle, one category each (the scorecard's chart of
    outputs by body): both kinds of output, one, none recorded with its update, or no
    update in the cycle."""

    DATA_AND_LAWS = "data-and-laws"
    DATA_ONLY = "data-only"
    LAWS_ONLY = "laws-only"
    NO_OUTPUT = "no-output"
    NO_UPDATE = "no-update"

    @property
    def label(self) -> str:
        return DELIVERED_LABELS[self]


DELIVERED_LABELS = {
    Delivered.DATA_AND_LAWS: "data and laws", Delivered.DATA_ONLY: "data only",
    Delivered.LAWS_ONLY: "laws only", Delivered.NO_OUTPUT: "no output recorded",
    Delivered.NO_UPDATE: "no update in the cycle",
}
DELIVERED: tuple[str, ...] = tuple(Delivered)


def state_label(key: str) -> str:
    """The label of a state, outcome or delivery key, for tables and legends."""
    if key in STATES:
        return State(key).label
    if key in OUTCOMES:
        return Outcome(key).label
    if key in DELIVERED:
        return Delivered(key).label
    return key.replace("-", " ")


# --- shared pieces -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Header:
    """What every document says about itself: title, programme, selection, date."""

    title: str
    programmes: tuple[str, ...]
    selection: tuple[str, ...]  # the filters, in words ("coordinator Viet Nam")
    projects: int  # projects selected
    total: int  # projects of the plans in scope
    generated_on: dt.date | None
    notes: tuple[str, ...] = ()
    meeting: str | None = None  # "The 14th SLOM": named on the cover and in the page header
    prepared_by: str | None = None  # "the ASEAN Secretariat"
    subject: str | None = None  # the country or partner of a one-pager ("Viet Nam", "ASEAN-ILO")
    bodies: tuple[str, ...] = ()  # the bodies whose plans are in scope, in the usual order


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts of projects by category (states or outcomes), in a fixed order."""

    key: str
    label: str
    counts: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def count(self, category: str) -> int:
        return next((n for key, n in self.counts if key == category), 0)

    @property
    def completed(self) -> int:
        return self.count("completed")

    @property
    def share_completed(self) -> float:
        """Completed projects over all projects counted (0 when there are none)."""
        return self.completed / self.total if self.total else 0.0


def tally(key: str, label: str, categories: Sequence[str], values: Iterable[str]) -> Tally:
    counter = Counter(values)
    return Tally(key, label, tuple((c, counter[c]) for c in categories))


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """One project as every document shows it, with its progress in a cycle."""

    id: str
    title: str
    body: Body
    kra: int | None
    thematic_area: int
    coordinators: tuple[str, ...]
    collaborators: tuple[str, ...]
    timeline: str
    years: tuple[int, ...]
    state: State
    status: Status | None  # the latest status as of the cycle
    status_cycle: int | None  # the cycle of that status
    note: str | None  # the note of that update
    outputs: tuple[Output, ...]  # the outputs of that update
    evidence: tuple[str, ...]
    reported_by: str | None
    date: dt.date | None
    placeholder: bool = False
    #: `coordinators` as shown: with the years a coordinator is limited to, an event host's
    #: year (`Malaysia (2016-2018)`, `Lao PDR (2016)`); see involvement.labels
    coordinator_labels: tuple[str, ...] = ()
    part: bool = False  # the latest update reported its cycle's part completed; runs on


def plans_covering(catalogue: Catalogue, cycle: int) -> tuple[Plan, ...]:
    """The plans whose period holds the cycle; `UsageError` when none does (the refusal of
    `cycles.require`, which the commands give first, with their option's name)."""
    from asean_labour.cycles import require

    year = require(catalogue, cycle, "cycle")
    return tuple(p for p in catalogue.plans if p.start <= year <= p.end)


def _in_plans(projects: Iterable[Project], plans: Iterable[Plan]) -> list[Project]:
    ids = {p.id for p in plans}
    return [p for p in projects if p.plan_id in ids]


def _timeline(project: Project) -> str:
    return project.timeline or years_text(project.all_years)


def _row(project: Project, found: Standing) -> ProjectRow:
    update = found.update
    # who coordinates, read once for the names and their labels (views.coordinator_labels)
    coordinating = acting(project, Part.COORDINATOR)
    return ProjectRow(
        id=project.id, title=project.title, body=project.body, kra=project.kra,
        thematic_area=project.thematic_area,
        coordinators=tuple(dict.fromkeys(a.name for a in coordinating)),
        collaborators=names(project, Part.COLLABORATOR), timeline=_timeline(project),
        years=project.all_years, state=found.state, status=found.status,
        status_cycle=found.status_cycle,
        note=update.note if update else None, outputs=update.outputs if update else (),
        evidence=update.evidence if update else (),
        reported_by=update.reported_by if update else None,
        date=update.date if update else None, placeholder=project.placeholder,
        coordinator_labels=labels(coordinating),
        part=found.part,
    )


def _cycle_rows(projects: Sequence[Project], history: History, cycle: int,
                found: dict[str, Standing] | None = None) -> list[ProjectRow]:
    """Each project's row in a cycle, from its standing in it (`standing.standings`)."""
    found = found if found is not None else standings(projects, history, cycle)
    return [_row(project, found[project.id]) for project in projects]


@dataclass(frozen=True, slots=True)
class Group:
    """A key result area, or for SLOM's own projects a cross-cutting theme."""

    programme: str | None
    key: str  # "kra-1", "theme-gender-equality", "none"
    label: str
    kra: int | None
    order: tuple[int, int, int]


def group_of(catalogue: Catalogue, project: Project, many_programmes: bool = False) -> Group:
    """The project's KRA, or the cross-cutting theme of its thematic area."""
    return Groups(catalogue, many_programmes).of(project)


class Groups:
    """The groups of a command's projects: the programmes' order is read once (not once per
    project: `Catalogue.programmes` scans every plan), and each group is built once per
    programme, KRA and thematic area, however many projects share it."""

    def __init__(self, catalogue: Catalogue, many_programmes: bool) -> None:
        self.catalogue = catalogue
        self.many = many_programmes
        self.positions = {p.id: n for n, p in enumerate(catalogue.programmes())}
        self.known: dict[tuple[str | None, int | None, int], Group] = {}

    def of(self, project: Project) -> Group:
        """The project's KRA, or the cross-cutting theme of its thematic area."""
        catalogue = self.catalogue
        programme = catalogue.programme_of(catalogue.plan_of(project))
        return self.group(programme, project.kra, project.thematic_area)

    def group(self, programme: Plan | None, kra: int | None, area_number: int) -> Group:
        key = (programme.id if programme else None, kra, area_number)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = _group(self.positions, programme, kra, area_number,
                                             self.many)
        return found


def _group(positions: dict[str, int], programme: Plan | None, kra: int | None,
           area_number: int, many_programmes: bool) -> Group:
    position = positions.get(programme.id, len(positions)) if programme else len(positions)
    programme_id = programme.id if programme else None
    content = programme.content if programme else None
    suffix = f" ({programme_id})" if many_programmes and programme_id else ""
    if kra is not None:
        area = next((k for k in content.key_result_areas if k.number == kra), None) \
            if content else None
        name = f"KRA {kra}: {area.name}" if area else f"KRA {kra}"
        return Group(programme_id, f"kra-{kra}", name + suffix, kra, (position, 0, kra))
    thematic = content.area(area_number) if content else None
    if thematic is not None and thematic.cross_cutting_theme and content is not None:
        themes = [t.id for t in content.cross_cutting_themes]
        theme_id = thematic.cross_cutting_theme
        name = next((t.name for t in content.cross_cutting_themes if t.id == theme_id),
                    theme_id)
        index = themes.index(theme_id) if theme_id in themes else len(themes)
        return Group(programme_id, f"theme-{theme_id}", f"Cross-cutting theme: {name}"
                     + suffix, None, (position, 1, index))
    return Group(programme_id, "none", "No key result area" + suffix, None, (position, 2, 0))


def _area_title(catalogue: Catalogue, project: Project) -> str:
    area = catalogue.thematic_area(project)
    return area.title if area else ""


def _programmes(catalogue: Catalogue, plans: Iterable[Plan]) -> tuple[str, ...]:
    titles: dict[str, None] = {}
    for plan in plans:
        programme = catalogue.programme_of(plan)
        titles[(programme or plan).title] = None
    return tuple(titles)


def describe_selection(selection: Selection, catalogue: Catalogue) -> tuple[str, ...]:
    """The filters in words, canonical spellings: ("coordinator Viet Nam", "KRA 2")."""
    words: list[str] = []
    if selection.bodies:
        words.append("body " + ", ".join(str(b) for b in catalogue.vocabulary.body_order
                                         if b in selection.bodies))
    if selection.plans:
        words.append("plan " + ", ".join(sorted(selection.plans)))
    if selection.periods:
        words.append("period " + ", ".join(selection.periods))
    if selection.kras:
        words.append(", ".join(f"KRA {k}" for k in sorted(selection.kras)))
    if selection.themes:
        areas = []
        for programme_id, number in sorted(selection.themes):
            plan = catalogue.plan(programme_id)
            area = plan.content.area(number) if plan and plan.content else None
            areas.append(f"{number} ({area.title})" if area else str(number))
        words.append("thematic area " + ", ".join(areas))
    if selection.years:
        words.append("year " + years_text(sorted(selection.years)))
    if selection.coordinators:
        words.append("coordinator " + ", ".join(sorted(selection.coordinators)))
    if selection.collaborators:
        words.append("collaborator " + ", ".join(
            collaborator_name(c, catalogue) for c in selection.collaborators))
    if selection.measures:
        words.append("measure " + ", ".join(sorted(selection.measures)))
    if selection.search:
        words.append("search " + ", ".join(repr(s) for s in selection.search))
    return tuple(words)


def collaborator_name(folded: str, catalogue: Catalogue) -> str:
    """The plans' own spelling of a collaborator the filters hold folded (`ilo` -> `ILO`)."""
    return next((n for n in known_collaborators(catalogue) if fold(n) == folded), folded)


def _header(catalogue: Catalogue, selection: Selection, plans: Sequence[Plan], what: str,
            projects: int, generated_on: dt.date | None) -> Header:
    """The title names the subject of a one-pager: a country, or a partner such as the ILO."""
    subject: list[str] = []
    notes: list[str] = []
    if len(selection.coordinators) == 1:
        subject.append(next(iter(selection.coordinators)))
    if len(selection.collaborators) == 1:
        partner = collaborator_name(selection.collaborators[0], catalogue)
        subject.append(f"ASEAN-{partner}")
        if fold(partner) == "ilo":
            notes.append("ASEAN-ILO cooperation reported to SLOM under Article 4 of the "
                         "ASEAN-ILO Cooperation Agreement.")
    title = (", ".join(subject) + ": " + what) if subject else what
    total = sum(len(p.projects) for p in plans)
    return Header(title, _programmes(catalogue, plans), describe_selection(selection, catalogue),
                  projects, total, generated_on, tuple(notes),
                  subject=", ".join(subject) if subject else None,
                  bodies=tuple(str(b) for b in catalogue.vocabulary.body_order
                                if any(p.body == b for p in plans)))


# --- the annual progress report ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AreaSection:
    number: int
    title: str
    rows: tuple[ProjectRow, ...]


@dataclass(frozen=True, slots=True)
class GroupSection:
    group: Group
    areas: tuple[AreaSection, ...]


@dataclass(frozen=True, slots=True)
class BodySection:
    body: Body
    plans: tuple[str, ...]  # plan titles
    tally: Tally
    groups: tuple[GroupSection, ...]
    reported: int = 0  # projects of the body with an update in the cycle

    @property
    def rows(self) -> tuple[ProjectRow, ...]:
        """The body's projects, by KRA and thematic area."""
        return tuple(r for g in self.groups for a in g.areas for r in a.rows)


@dataclass(frozen=True, slots=True)
class Attention:
    """The points that need SLOM's attention in a cycle: projects reported delayed or
    postponed, and projects due that sent no report in this cycle nor in the one before."""

    delayed: tuple[ProjectRow, ...]
    postponed: tuple[ProjectRow, ...]
    silent: tuple[ProjectRow, ...]  # no report received two cycles running

    def __len__(self) -> int:
        return len(self.delayed) + len(self.postponed) + len(self.silent)


def attention(rows: Sequence[ProjectRow], before: dict[str, State]) -> Attention:
    """From each project's row in a cycle and, in the cycle before, the states (by project
    id) of those with no report received (the others cannot have been silent two cycles
    running)."""
    return Attention(
        delayed=tuple(r for r in rows if r.state is State.DELAYED),
        postponed=tuple(r for r in rows if r.state is State.POSTPONED),
        silent=tuple(r for r in rows if r.state is State.NO_REPORT
                     and before.get(r.id) is State.NO_REPORT),
    )


@dataclass(frozen=True, slots=True)
class Completeness:
    """What the data does not say: no update in the cycle, gaps in the plan."""

    no_update: tuple[ProjectRow, ...]
    missing_coordinator: tuple[ProjectRow, ...]
    missing_timeline: tuple[ProjectRow, ...]
    placeholders: tuple[ProjectRow, ...]
    gaps: tuple[tuple[ProjectRow, tuple[str, ...]], ...]  # each project with a gap, in words


def completeness(rows: Sequence[ProjectRow], reported: set[str], cycle: int) -> Completeness:
    gaps = []
    for row in rows:
        words = [text for missing, text in (
            (row.id not in reported, f"no update in {cycle}"),
            (not row.coordinators, "no coordinator in the plan"),
            (not row.years, "no timeline (years) in the plan"),
            (row.placeholder, "item missing from the source")) if missing]
        if words:
            gaps.append((row, tuple(words)))
    return Completeness(
        no_update=tuple(r for r in rows if r.id not in reported),
        missing_coordinator=tuple(r for r in rows if not r.coordinators),
        missing_timeline=tuple(r for r in rows if not r.years),
        placeholders=tuple(r for r in rows if r.placeholder),
        gaps=tuple(gaps),
    )


@dataclass(frozen=True)
class Report:
    """The annual progress report of a cycle, for the SLOM meeting."""

    header: Header
    cycle: int
    reported: int  # projects with an update in the cycle
    total: Tally
    by_body: tuple[Tally, ...]
    by_group: tuple[Tally, ...]
    completed: tuple[ProjectRow, ...]  # completed in the cycle
    due: tuple[ProjectRow, ...]  # scheduled in the cycle's year, not final before it
    no_report: tuple[ProjectRow, ...]
    past_timeline: tuple[ProjectRow, ...]
    bodies: tuple[BodySection, ...]
    completeness: Completeness
    attention: Attention = Attention((), (), ())
    #: Per body, then per Member State asked, whether its return for the cycle came in.
    returns: tuple[Answer, ...] = ()
    #: a one-pager's ILO ratifications and ASEAN instruments (`one_pager_facts`); None for
    #: the full report, and where the plans folder holds none
    ratifications: RatificationFacts | None = None
    instruments: InstrumentFacts | None = None
    #: projects that continue a project of an earlier plan (lineage.carried_over)
    carried_over: tuple[ProjectRow, ...] = ()


def build_report(catalogue: Catalogue, history: History, selection: Selection, cycle: int,
                 *, generated_on: dt.date | None = None) -> Report:
    """The progress report of `cycle` for the selected projects of the plans covering it."""
    cycle = check_cycle(cycle)
    plans = plans_covering(catalogue, cycle)
    projects = _in_plans(select(catalogue, selection), plans)
    found = standings(projects, history, cycle)
    earlier = standings(projects, history, cycle - 1)
    rows = _cycle_rows(projects, history, cycle, found)
    reported = {p.id for p in projects if found[p.id].reported}
    completed = tuple(r for r in rows if found[r.id].reported and found[r.id].closed
                      and r.status is Status.COMPLETED
                      and not (earlier[r.id].closed and earlier[r.id].status is Status.COMPLETED))
    due = tuple(r for p, r in zip(projects, rows, strict=True)
                if cycle in p.all_years and not earlier[p.id].closed)
    no_report = tuple(r for r in rows if r.state is State.NO_REPORT)
    past = tuple(r for p, r in zip(projects, rows, strict=True)
                 if p.last_year is not None and p.last_year < cycle and not found[p.id].closed)
    many = len({catalogue.programme_id_of(p) for p in projects}) > 1
    grouping = Groups(catalogue, many)
    groups = {p.id: grouping.of(p) for p in projects}
    bodies = _body_sections(catalogue, plans, projects, rows, groups, reported)
    by_body = tuple(b.tally for b in bodies)
    ordered_groups = sorted({g.order: g for g in groups.values()}.values(), key=lambda g: g.order)
    states: dict[tuple[int, int, int], list[State]] = {}
    for r in rows:  # one pass: each row to its group's states
        states.setdefault(groups[r.id].order, []).append(r.state)
    by_group = tuple(tally(g.key, g.label, STATES, states[g.order]) for g in ordered_groups)
    header = _header(catalogue, selection, plans, f"Progress report to SLOM, cycle {cycle}",
                     len(projects), generated_on)
    return Report(
        header=header, cycle=cycle, reported=len(reported),
        total=tally("total", "All projects", STATES, (r.state for r in rows)),
        by_body=by_body, by_group=by_group, completed=completed, due=due,
        no_report=no_report, past_timeline=past, bodies=bodies,
        completeness=completeness(rows, reported, cycle),
        # silent two cycles running: no report in this cycle nor in the one before, when the
        # project's plan covers the one before (the plans' first cycle has none)
        # (`earlier`: the standings in the cycle before, already at hand: no rows built)
        attention=attention(rows, {
            p.id: earlier[p.id].state for p, r in zip(projects, rows, strict=True)
            if r.state is State.NO_REPORT and catalogue.plan_of(p).start <= cycle - 1}),
        returns=answers_for(catalogue, projects, history, cycle, found,
                            selection.coordinators),
        carried_over=_carried_over(catalogue, projects, rows, history),
    )


def _carried_over(catalogue: Catalogue, projects: Sequence[Project],
                  rows: Sequence[ProjectRow], history: History) -> tuple[ProjectRow, ...]:
    from asean_labour.lineage import carried_over

    ids = {p.id for p in carried_over(catalogue, projects, history)}
    return tuple(r for r in rows if r.id in ids)


def _body_sections(catalogue: Catalogue, plans: Sequence[Plan], projects: Sequence[Project],
                   rows: Sequence[ProjectRow], groups: dict[str, Group],
                   reported: set[str]) -> tuple[BodySection, ...]:
    sections = []
    by_body: dict[Body, list[tuple[Project, ProjectRow]]] = {}
    for project, row in zip(projects, rows, strict=True):  # one pass: each row to its body
        by_body.setdefault(project.body, []).append((project, row))
    group_by_order = {g.order: g for g in groups.values()}
    for body in catalogue.vocabulary.body_order:
        mine = by_body.get(body, [])
        if not mine:
            continue
        by_group: dict[tuple[int, int, int], dict[int, list[ProjectRow]]] = {}
        titles: dict[tuple[tuple[int, int, int], int], str] = {}
        for project, row in mine:
            key = groups[project.id].order
            by_group.setdefault(key, {}).setdefault(project.thematic_area, []).append(row)
            if (key, project.thematic_area) not in titles:
                titles[key, project.thematic_area] = _area_title(catalogue, project)
        used = {pr.plan_id for pr, _ in mine}
        sections.append(BodySection(
            body=body,
            plans=tuple(p.title for p in plans if p.body == body and p.id in used),
            tally=tally(str(body), str(body), STATES, (r.state for _, r in mine)),
            groups=tuple(
                GroupSection(group_by_order[key], tuple(
                    AreaSection(number, titles[key, number], tuple(area_rows))
                    for number, area_rows in sorted(by_group[key].items())))
                for key in sorted(by_group)),
            reported=sum(1 for _, r in mine if r.id in reported),
        ))
    return tuple(sections)


# --- a one-pager's conventions and instruments -------------------------------------------------

@dataclass(frozen=True, slots=True)
class RatificationRow:
    """A Member State's standing towards each convention shown, in order (None: no data)."""

    country: str
    facts: tuple[Fact | None, ...]
    member_since: dt.date | None = None  # a Member State the annexes predate (Timor-Leste)


@dataclass(frozen=True)
class RatificationFacts:
    """The ILO conventions on a one-pager: the Member States' ratifications as verified on or
    before `as_of` (the ILO's one-pager: every Member State, both annexes in one matrix; a
    country's: its own row), and how many Member States ratified each convention."""

    as_of: dt.date
    basis: str  # why this date, in words: "the end of the 2018 cycle"
    conventions: tuple[Convention, ...]
    rows: tuple[RatificationRow, ...]
    ratified_by: tuple[int, ...]  # per convention: the Member States that ratified it
    with_data: tuple[int, ...]  # per convention: the Member States with a fact about it
    records: tuple[Record, ...]  # the verifications the shown facts come from, oldest first
    every_state: bool  # the rows are every Member State (else one country's row)


@dataclass(frozen=True, slots=True)
class InstrumentFact:
    """An ASEAN instrument that concerns a one-pager: the one-pager's projects linked to it,
    and its commitments that name the partner."""

    id: str
    title: str
    name: str  # the short title where there is one: what a table shows
    noun: str  # "Declaration", "Statement"
    date: dt.date
    place: str
    commitments: int
    linked: int  # every project the plans link to it
    projects: tuple[tuple[str, str], ...]  # (id, how it is linked), in the plans' order
    naming: tuple[int, ...] = ()  # the numbers of the commitments that name the partner


@dataclass(frozen=True)
class InstrumentFacts:
    """The instruments that concern a one-pager (`instruments.relevant_instruments`), of
    `loaded` in the plans folder."""

    items: tuple[InstrumentFact, ...]
    loaded: int
    partner: str | None = None  # the partner whose name commitments are searched for: "ILO"


def ratifications_as_of(cycle: int, generated_on: dt.date | None) -> tuple[dt.date, str]:
    """The date a report gives the ratifications as of, and why, in words: the end of the
    cycle's year, or the report's date when that is earlier (a report dated in May does not
    give what was verified after it). Without a date (--no-timestamp), the cycle's end: the
    same data gives the same document."""
    end = dt.date(cycle, 12, 31)
    if generated_on is not None and generated_on < end:
        return generated_on, "the date of this report"
    return end, f"the end of the {cycle} cycle"


def _ilo(selection: Selection) -> bool:
    return any(fold(c) == "ilo" for c in selection.collaborators)


def one_pager_facts(report: Report, catalogue: Catalogue, selection: Selection,
                    ratifications: Ratifications | None,
                    instruments: Sequence[Instrument] | None) -> Report:
    """A country's or a partner's one-pager with its ILO ratifications and its ASEAN
    instruments: for the ILO's, every Member State's ratification of the fundamental and
    governance conventions (Article 4 of the Cooperation Agreement: SLOM is where ASEAN-ILO
    cooperation is reported); for a Member State's, its own row; and the instruments whose
    linked projects the one-pager lists, or (for a partner) whose commitments name it. The
    full report (no subject) is returned as it is."""
    from asean_labour.instruments import linked_projects, relevant_instruments
    from asean_labour.ratifications import Standing as Ratified
    from asean_labour.ratifications import country_facts, matrix

    if not report.header.subject:
        return report
    facts: RatificationFacts | None = None
    vocabulary = catalogue.vocabulary
    countries = [c for c in sorted(selection.coordinators) if vocabulary.country(c)]
    first_verified = min((r.verified for r in ratifications.records), default=None) \
        if ratifications is not None else None

    def member_since(country: str) -> dt.date | None:
        """The day a Member State joined, when the annexes predate it (Timor-Leste)."""
        joined = vocabulary.joined(country)
        return joined if joined and first_verified and joined > first_verified else None

    if ratifications is not None and ratifications.conventions and (
            len(countries) == 1 or _ilo(selection)):
        as_of, basis = ratifications_as_of(report.cycle, report.header.generated_on)
        everyone = matrix(ratifications, as_of)
        rows: tuple[RatificationRow, ...]
        if len(countries) == 1:
            country = vocabulary.country(countries[0]) or countries[0]
            found = country_facts(ratifications, country, as_of)
            rows = (RatificationRow(country, tuple(f for _, f in found),
                                    member_since(country)),)
        else:
            rows = tuple(RatificationRow(c, tuple(everyone.cell(c, k.code)
                                                  for k in everyone.conventions),
                                         member_since(c))
                         for c in everyone.countries)
        shown = {f.record: None for row in rows for f in row.facts if f is not None}
        facts = RatificationFacts(
            as_of=as_of, basis=basis, conventions=everyone.conventions, rows=rows,
            ratified_by=tuple(everyone.count(Ratified.RATIFIED, code=k.code)
                              for k in everyone.conventions),
            with_data=tuple(sum(1 for c in everyone.countries
                                if everyone.cell(c, k.code) is not None)
                            for k in everyone.conventions),
            records=tuple(sorted(shown, key=lambda r: (r.verified, r.file))),
            every_state=len(countries) != 1)
    relevant: InstrumentFacts | None = None
    if instruments:
        mine = {r.id for body in report.bodies for r in body.rows}
        items = []
        for found_relevance in relevant_instruments(instruments, catalogue, selection):
            instrument = found_relevance.instrument
            projects = tuple((row.project.id, row.describe(instrument.noun))
                             for row in found_relevance.projects if row.project.id in mine)
            naming = tuple(c.number for c in found_relevance.naming)
            if projects or naming:
                items.append(InstrumentFact(
                    instrument.id, instrument.title, instrument.name, instrument.noun,
                    instrument.date,
                    instrument.place, len(instrument.commitments),
                    len(linked_projects(instrument, catalogue)), projects, naming))
        partner = collaborator_name(selection.collaborators[0], catalogue) \
            if len(selection.collaborators) == 1 else None
        relevant = InstrumentFacts(tuple(items), len(instruments), partner)
    return replace(report, ratifications=facts, instruments=relevant)


# --- what changed between two cycles -----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ChangeRow:
    project: ProjectRow  # as of the later cycle
    shift: Shift
    before: Status | None
    before_cycle: int | None
    after: Status | None
    after_cycle: int | None
    reason: str = ""


@dataclass(frozen=True)
class Changes:
    """What moved between two cycles: officers open the SLOM meeting with it."""

    header: Header
    from_cycle: int
    to_cycle: int
    rows: tuple[ChangeRow, ...]  # by shift, then plan order
    unchanged: int

    def of(self, shift: Shift) -> tuple[ChangeRow, ...]:
        return tuple(r for r in self.rows if r.shift is shift)


def _ordered_cycles(first: int, last: int, allow_equal: bool) -> tuple[int, int]:
    first, last = check_cycle(first), check_cycle(last)
    if first > last or (first == last and not allow_equal):
        relation = "after" if first > last else "the same cycle as"
        raise UsageError(f"--from {first} is {relation} --to {last}; give an earlier --from")
    return first, last


def classify(before: Status | None, after: Status | None, lapsed: bool) -> Shift | None:
    """The shift from the project's status as of one cycle to its status as of a later one
    (None: unchanged). `lapsed`: the project's timeline ended in between. Project statuses
    (`Standing.status`): a completed report of one cycle's part is `ongoing`, so `completed`
    here is always final."""
    if after is not None and after != before:
        if after in (Status.COMPLETED, Status.CANCELLED, Status.CARRIED_OVER):
            return Shift(after.value)
        if after in (Status.ONGOING, Status.DELAYED) and before in (None, Status.NOT_STARTED):
            return Shift.STARTED
        if after in (Status.DELAYED, Status.POSTPONED):
            return Shift.SLIPPED
        return Shift.OTHER
    if lapsed and not (after is not None and after.is_final):
        return Shift.SLIPPED
    return None


def build_changes(catalogue: Catalogue, history: History, selection: Selection,
                  from_cycle: int, to_cycle: int, *,
                  generated_on: dt.date | None = None) -> Changes:
    """Compare each project's status as of `from_cycle` with its status as of `to_cycle`."""
    first, last = _ordered_cycles(from_cycle, to_cycle, allow_equal=False)
    plans = tuple(dict.fromkeys(plans_covering(catalogue, first)
                                + plans_covering(catalogue, last)))
    projects = _in_plans(select(catalogue, selection), plans)
    before = standings(projects, history, first)
    after = standings(projects, history, last)
    rows = _cycle_rows(projects, history, last, after)
    found: list[ChangeRow] = []
    unchanged = 0
    for project, row in zip(projects, rows, strict=True):
        old, new = before[project.id], after[project.id]
        end = project.last_year
        lapsed = end is not None and first <= end < last
        shift = classify(old.status, new.status, lapsed)
        if shift is None:
            unchanged += 1
            continue
        reason = f"timeline ended in {end}" if lapsed and not new.closed else ""
        found.append(ChangeRow(row, shift, old.status, old.status_cycle, new.status,
                               new.status_cycle, reason))
    found.sort(key=lambda r: list(Shift).index(r.shift))  # stable: plan order within a shift
    header = _header(catalogue, selection, plans,
                     f"What changed between the {first} and {last} cycles", len(projects),
                     generated_on)
    return Changes(header, first, last, tuple(found), unchanged)


# --- the scorecard -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ScorecardRow:
    project: ProjectRow
    reported: bool  # has an update in the cycle
    data: bool  # delivered data/information/statistics in the cycle
    laws: bool  # delivered laws/standards/policies in the cycle

    @property
    def delivered(self) -> Delivered:
        if not self.reported:
            return Delivered.NO_UPDATE
        if self.data and self.laws:
            return Delivered.DATA_AND_LAWS
        if self.data or self.laws:
            return Delivered.DATA_ONLY if self.data else Delivered.LAWS_ONLY
        return Delivered.NO_OUTPUT


@dataclass(frozen=True, slots=True)
class ScorecardBody:
    body: Body
    rows: tuple[ScorecardRow, ...]

    @property
    def reported(self) -> int:
        return sum(1 for r in self.rows if r.reported)

    @property
    def data(self) -> tuple[str, ...]:
        return tuple(r.project.id for r in self.rows if r.data)

    @property
    def laws(self) -> tuple[str, ...]:
        return tuple(r.project.id for r in self.rows if r.laws)

    @property
    def tally(self) -> Tally:
        """The body's projects by what they delivered in the cycle (`Delivered`)."""
        return tally(str(self.body), str(self.body), DELIVERED,
                     (r.delivered for r in self.rows))


@dataclass(frozen=True)
class Scorecard:
    """The output-level checklist of a cycle, per body."""

    header: Header
    cycle: int
    bodies: tuple[ScorecardBody, ...]

    @property
    def rows(self) -> tuple[ScorecardRow, ...]:
        return tuple(r for b in self.bodies for r in b.rows)

    @property
    def tally(self) -> Tally:
        return tally("total", "All projects", DELIVERED, (r.delivered for r in self.rows))


def build_scorecard(catalogue: Catalogue, history: History, selection: Selection, cycle: int,
                    *, generated_on: dt.date | None = None) -> Scorecard:
    """Which projects delivered each kind of output in the cycle: the outputs of each
    project's latest update in effect in the cycle."""
    cycle = check_cycle(cycle)
    plans = plans_covering(catalogue, cycle)
    projects = _in_plans(select(catalogue, selection), plans)
    found = standings(projects, history, cycle)
    rows = _cycle_rows(projects, history, cycle, found)
    bodies = []
    for body in catalogue.vocabulary.body_order:
        items = []
        for row in rows:
            if row.body == body:
                reported = found[row.id].reported
                outputs = row.outputs if reported else ()
                items.append(ScorecardRow(row, reported, Output.DATA in outputs,
                                          Output.LAWS in outputs))
        if items:
            bodies.append(ScorecardBody(body, tuple(items)))
    header = _header(catalogue, selection, plans,
                     f"Output-level checklist (scorecard), cycle {cycle}", len(projects),
                     generated_on)
    return Scorecard(header, cycle, tuple(bodies))


# --- the mid-term and final reviews ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ReviewArea:
    programme: str | None
    number: int
    title: str
    group: str  # the group's label
    tally: Tally
    projects: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReviewGroup:
    group: Group
    tally: Tally
    completed_by_cycle: tuple[tuple[int, int], ...]  # (cycle, completed as of it)
    areas: tuple[ReviewArea, ...]


@dataclass(frozen=True, slots=True)
class CycleProgress:
    cycle: int
    reports: int  # projects with an update in the cycle
    tally: Tally  # outcomes as of the cycle


@dataclass(frozen=True)
class Review:
    """Outcomes over a span of cycles, per KRA and thematic area."""

    header: Header
    stage: str  # "mid-term" or "final"
    from_cycle: int
    to_cycle: int
    total: Tally
    groups: tuple[ReviewGroup, ...]
    cycles: tuple[CycleProgress, ...]
    undelivered: tuple[ReviewArea, ...]  # areas with nothing completed
    never_started: tuple[ProjectRow, ...]  # reported not started (or postponed), never begun
    cancelled: tuple[ProjectRow, ...]
    no_report: tuple[ProjectRow, ...] = ()  # no report at all received by the last cycle
    by_body: tuple[Tally, ...] = ()  # outcomes as of the last cycle, per body


def build_review(catalogue: Catalogue, history: History, selection: Selection,
                 from_cycle: int, to_cycle: int, *,
                 generated_on: dt.date | None = None) -> Review:
    """Outcomes as of `to_cycle` and progress cycle by cycle from `from_cycle`."""
    first, last = _ordered_cycles(from_cycle, to_cycle, allow_equal=True)
    plans_covering(catalogue, first)
    plans_covering(catalogue, last)
    plans = tuple(p for p in catalogue.plans if p.start <= last and p.end >= first)
    projects = _in_plans(select(catalogue, selection), plans)
    started_in = first_started(history)
    cycles = range(first, last + 1)
    outcomes: dict[int, dict[str, str]] = {}
    reported: dict[int, int] = {}
    for year in cycles:
        found = standings(projects, history, year)
        reported[year] = sum(1 for p in projects if found[p.id].reported)
        outcomes[year] = {
            p.id: str(outcome(found[p.id], started_in.get(p.id, 10_000) <= year))
            for p in projects}
    final = outcomes[last]
    many = len({catalogue.programme_id_of(p) for p in projects}) > 1
    grouping = Groups(catalogue, many)
    groups = {p.id: grouping.of(p) for p in projects}
    areas: dict[tuple[str | None, int], list[Project]] = {}
    for project in projects:
        areas.setdefault((catalogue.programme_id_of(project), project.thematic_area),
                         []).append(project)
    everything = selection == Selection()
    if everything:  # thematic areas without any project still need reviewing
        for programme in plans:
            for defined in programme.content.thematic_areas if programme.content else ():
                areas.setdefault((programme.id, defined.number), [])
    review_areas: list[tuple[Group, ReviewArea]] = []
    for (programme_id, number), members in areas.items():
        group = groups[members[0].id] if members else _area_group(grouping, programme_id,
                                                                  number)
        plan = catalogue.plan(programme_id or "")
        area = plan.content.area(number) if plan and plan.content else None
        review_areas.append((group, ReviewArea(
            programme_id, number, area.title if area else "", group.label,
            tally(f"area-{number}", area.title if area else str(number), OUTCOMES,
                  (final[p.id] for p in members)),
            tuple(p.id for p in members))))
    review_areas.sort(key=lambda item: (item[0].order, item[1].number))
    group_list = sorted({g.order: g for g, _ in review_areas}.values(), key=lambda g: g.order)
    members_of: dict[tuple[int, int, int], list[str]] = {}
    for p in projects:  # one pass: each project to its group (not one pass per group)
        members_of.setdefault(groups[p.id].order, []).append(p.id)
    areas_of: dict[tuple[int, int, int], list[ReviewArea]] = {}
    for grp, a in review_areas:
        areas_of.setdefault(grp.order, []).append(a)
    review_groups = tuple(
        ReviewGroup(
            group=g,
            tally=tally(g.key, g.label, OUTCOMES,
                        (final[i] for i in members_of.get(g.order, ()))),
            completed_by_cycle=tuple(
                (year, sum(1 for i in members_of.get(g.order, ())
                           if outcomes[year][i] == Outcome.COMPLETED))
                for year in cycles),
            areas=tuple(areas_of.get(g.order, ())))
        for g in group_list)
    progress = tuple(
        CycleProgress(year, reported[year],
                      tally(str(year), str(year), OUTCOMES, outcomes[year].values()))
        for year in cycles)
    # (`found`: the standings of the last cycle, the loop's last)
    rows = {r.id: r for r in _cycle_rows(projects, history, last, found)}
    end = max(p.end for p in plans)
    stage = "final" if last >= end else "mid-term"
    programmes = _programmes(catalogue, plans)
    what = (f"{stage.capitalize()} review of the {' and '.join(programmes)}, "
            f"cycles {first}-{last}" if first != last else
            f"{stage.capitalize()} review of the {' and '.join(programmes)}, cycle {last}")
    header = _header(catalogue, selection, plans, what, len(projects), generated_on)
    return Review(
        header=header, stage=stage, from_cycle=first, to_cycle=last,
        total=tally("total", "All projects", OUTCOMES, final.values()),
        groups=review_groups, cycles=progress,
        undelivered=tuple(a for _, a in review_areas if a.tally.completed == 0),
        never_started=tuple(rows[p.id] for p in projects
                            if final[p.id] == Outcome.NEVER_STARTED),
        cancelled=tuple(rows[p.id] for p in projects if final[p.id] == Outcome.CANCELLED),
        no_report=tuple(rows[p.id] for p in projects if final[p.id] == Outcome.NO_REPORT),
        by_body=tuple(tally(str(body), str(body), OUTCOMES,
                            (final[p.id] for p in projects if p.body == body))
                      for body in catalogue.vocabulary.body_order
                      if any(p.body == body for p in projects)),
    )


def _area_group(grouping: Groups, programme_id: str | None, number: int) -> Group:
    """The group of a thematic area that has no project: from the area's own KRA/theme."""
    programme = grouping.catalogue.plan(programme_id or "")
    area = programme.content.area(number) if programme and programme.content else None
    return grouping.group(programme, area.kra if area else None, number)


# --- the timeline ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TimelineRow:
    id: str
    title: str
    body: Body
    timeline: str
    years: tuple[int, ...]
    status: Status | None
    status_cycle: int | None
    #: who coordinates in each of `years` (the rule of involvement.acting): a year-limited
    #: coordinator in its years only, an event's host in the event's year only
    coordinators: tuple[tuple[int, tuple[str, ...]], ...] = ()
    #: the coordinators as every document shows them, with the years a coordinator is
    #: limited to (`Malaysia (2016-2018)`, `Lao PDR (2016)`): see involvement.labels
    coordinator_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Timeline:
    """Projects as bars across the plans' years, with their latest status."""

    header: Header
    cycle: int | None  # status as of this cycle; None: the latest recorded
    years: tuple[int, ...]
    rows: tuple[TimelineRow, ...]
    bodies: tuple[Body, ...] = ()  # the vocabulary's reporting order


def build_timeline(catalogue: Catalogue, history: History, selection: Selection,
                   cycle: int | None = None, *,
                   generated_on: dt.date | None = None) -> Timeline:
    """Every selected project with its years; status as of `cycle` (default: the latest)."""
    if cycle is not None:
        cycle = check_cycle(cycle)
        plans_covering(catalogue, cycle)
    projects = select(catalogue, selection)
    used = {pr.plan_id for pr in projects}
    plans = [p for p in catalogue.plans if p.id in used] or list(catalogue.plans)
    # The years the plans cover: with the 2016-2020 and 2026-2030 plans, no empty columns
    # for the years between them.
    years = tuple(sorted({y for p in plans for y in p.years}))
    known = history.cycles()
    upto = cycle if cycle is not None else (known[-1] if known else None)
    found = standings(projects, history, upto) if upto is not None else {}
    rows = tuple(
        TimelineRow(p.id, p.title, p.body, _timeline(p), p.all_years,
                    found[p.id].status if p.id in found else None,
                    found[p.id].status_cycle if p.id in found else None,
                    by_year(p, Part.COORDINATOR), coordinator_labels(p))
        for p in projects)
    header = replace(_header(catalogue, selection, plans, "Timeline of the work plans",
                             len(projects), generated_on), total=len(catalogue.projects))
    return Timeline(header, cycle, years, rows, catalogue.vocabulary.body_order)
