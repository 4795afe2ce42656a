"""Projects, plans and statistics as plain records with stable, documented field names.

These dictionaries are the scripting interface: JSON and CSV write them as they are, so keys
and their order only ever grow (see docs/output.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from asean_labour.involvement import ActingRow, Part, acting_rows, names
from asean_labour.model import Catalogue, Event, Plan, Project

OUTPUT_SCHEMA_VERSION = 1

PROJECT_FIELDS: tuple[str, ...] = (
    "id", "plan", "body", "kra", "kra_name", "thematic_area", "thematic_area_title",
    "measures", "number", "parent", "title", "kind", "timeline", "years", "dates", "venue",
    "coordinators", "coordinator_note", "collaborators", "budget", "carried_over",
    "placeholder", "note", "events", "coordination", "collaboration", "carried_over_from",
)


def event_record(event: Event) -> dict[str, Any]:
    return {
        "title": event.title, "year": event.year, "dates": event.dates, "venue": event.venue,
        "coordinators": list(event.coordinators), "note": event.note,
        "collaborators": list(event.collaborators),
    }


def acting_record(row: ActingRow) -> dict[str, Any]:
    """One coordinator or collaborator and the years it acts in (docs/output.md)."""
    name, years, limited_to, role, event, label = row
    return {
        "name": name, "acts_in": list(years), "limited_to": list(limited_to) or None,
        "role": role, "event": event, "label": label,
    }


def project_record(catalogue: Catalogue, project: Project) -> dict[str, Any]:
    """Every field of a project, in the documented order."""
    area = catalogue.thematic_area(project)
    kra = catalogue.key_result_area(project)
    # Who acts, by the rule, once per part: the names in any year are theirs.
    coordination = acting_rows(project, Part.COORDINATOR)
    collaboration = acting_rows(project, Part.COLLABORATOR)
    return {
        "id": project.id,
        "plan": project.plan_id,
        "body": str(project.body),
        "kra": project.kra,
        "kra_name": kra.name if kra else None,
        "thematic_area": project.thematic_area,
        "thematic_area_title": area.title if area else None,
        "measures": list(catalogue.measures_of(project)),
        "number": project.number,
        "parent": project.parent,
        "title": project.title,
        "kind": str(project.kind),
        "timeline": project.timeline,
        "years": list(project.all_years),
        "dates": project.dates,
        "venue": project.venue,
        "coordinators": list(dict.fromkeys([row[0] for row in coordination])),
        "coordinator_note": project.coordinator_note,
        "collaborators": list(dict.fromkeys([row[0] for row in collaboration])),
        "budget": project.budget,
        "carried_over": project.carried_over,
        "placeholder": project.placeholder,
        "note": project.note,
        "events": [event_record(e) for e in project.events],
        "coordination": [acting_record(e) for e in coordination],
        "collaboration": [acting_record(e) for e in collaboration],
        "carried_over_from": list(project.carried_over_from),
    }


def event_line(event: Event) -> str:
    """One event as a readable line, e.g. `2016: 9th AFML (Vientiane; Lao PDR)`; its
    collaborators follow `with`: `(1-2 June 2016; Manila; Philippines; with READI)`."""
    with_whom = "with " + ", ".join(event.collaborators) if event.collaborators else ""
    where = "; ".join(x for x in (event.dates, event.venue, ", ".join(event.coordinators),
                                  with_whom) if x)
    return f"{event.year}: {event.title}" + (f" ({where})" if where else "")


PLAN_FIELDS: tuple[str, ...] = (
    "id", "kind", "title", "body", "period", "start", "end", "programme", "projects",
    "thematic_areas", "file", "succeeds",
)


def plan_record(catalogue: Catalogue, plan: Plan) -> dict[str, Any]:
    areas = {p.thematic_area for p in plan.projects}
    if plan.content is not None:
        areas |= {a.number for a in plan.content.thematic_areas}
    programme = catalogue.programme_of(plan)
    return {
        "id": plan.id, "kind": str(plan.kind), "title": plan.title, "body": str(plan.body),
        "period": plan.period, "start": plan.start, "end": plan.end,
        "programme": programme.id if programme else None,
        "projects": len(plan.projects), "thematic_areas": len(areas), "file": plan.path.name,
        "succeeds": plan.succeeds,
    }


@dataclass(frozen=True)
class CrossTab:
    """Counts of projects by a row key and a column key, with totals."""

    title: str
    row_label: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    column_label: str = "body"  # what the columns are: "kra" or "body"
    programme: str | None = None  # with several programmes selected: the one counted

    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(r[1][i] for r in self.rows) for i in range(len(self.columns)))

    def as_record(self) -> dict[str, Any]:
        return {
            "title": self.title, "row_label": self.row_label, "columns": list(self.columns),
            "rows": [{"key": key, "counts": dict(zip(self.columns, counts, strict=True)),
                      "total": sum(counts)} for key, counts in self.rows],
            "programme": self.programme,
        }


def statistics(catalogue: Catalogue, projects: list[Project],
               years: Collection[int] = ()) -> list[CrossTab]:
    """Body x KRA, coordinator x body, and year x body counts of `projects`; when they belong
    to several programmes (2016-2020 and 2026-2030), the three tables of each programme in
    turn, as each programme numbers its own KRAs."""
    by_programme: dict[str | None, list[Project]] = {}
    for project in projects:
        by_programme.setdefault(catalogue.programme_id_of(project), []).append(project)
    if len(by_programme) <= 1:
        return _statistics(catalogue, projects, years)
    return [replace(table, title=f"{table.title} ({programme or 'no programme'})",
                    programme=programme)
            for programme, mine in by_programme.items()
            for table in _statistics(catalogue, mine, years)]


def _statistics(catalogue: Catalogue, projects: list[Project],
                years: Collection[int] = ()) -> list[CrossTab]:
    """The three tables of one set of projects. A project counts for each coordinator who
    coordinates it in one of `years` (in any year when none is given): the rule of `list
    --coordinator X --year Y`."""
    order = catalogue.vocabulary.body_order
    bodies = tuple(str(b) for b in order if any(p.body == b for p in projects)) \
        or tuple(str(b) for b in order)
    kras = sorted({p.kra for p in projects if p.kra is not None})
    kra_cols = tuple(f"KRA {k}" for k in kras) + (("none",) if any(
        p.kra is None for p in projects) else ())
    by_body_kra: Counter[tuple[str, str]] = Counter(
        (str(p.body), f"KRA {p.kra}" if p.kra is not None else "none") for p in projects)
    body_kra = CrossTab("Projects by body and key result area", "body", kra_cols, tuple(
        (b, tuple(by_body_kra[(b, k)] for k in kra_cols)) for b in bodies), "kra")

    by_coord: Counter[tuple[str, str]] = Counter()
    for p in projects:
        for name in names(p, Part.COORDINATOR, years):
            by_coord[(name, str(p.body))] += 1
    coordinators = sorted({n for n, _ in by_coord}, key=lambda n: (-sum(
        by_coord[(n, b)] for b in bodies), n.casefold()))
    coord_body = CrossTab("Who coordinates what: projects by coordinator and body",
                          "coordinator", bodies,
                          tuple((n, tuple(by_coord[(n, b)] for b in bodies))
                                for n in coordinators))

    by_year: Counter[tuple[int, str]] = Counter()
    for p in projects:
        for year in p.all_years:
            by_year[(year, str(p.body))] += 1
    years = sorted({y for y, _ in by_year})
    year_body = CrossTab("Projects active by year and body", "year", bodies,
                         tuple((str(y), tuple(by_year[(y, b)] for b in bodies)) for y in years))
    return [body_kra, coord_body, year_body]
