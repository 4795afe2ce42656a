"""Carry-over lineage: which project of a later plan continues a project of an earlier one.

Two records say so, and both are read: the successor project's plan file
(`carried_over_from = "ACMW-5"`), and a progress update that reports the earlier project
`carried-over` with `carried_to` naming its successor. Either way the successor must be a
project of a plan that succeeds the earlier project's plan (`Catalogue.follows`: a `succeeds`
declared by the plan or by its programme); `carry_problem` is that one rule, used by the plan
loader and by every progress update (`update --carried-to`, a batch's `carried_to` column, the
store read back).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from asean_labour.model import Catalogue, Plan, PlanKind, Project

if TYPE_CHECKING:
    from asean_labour.progress import History, Update


def carry_problem(catalogue: Catalogue, earlier: Project, later: Project) -> str | None:
    """What is wrong with `later` continuing `earlier` (None: nothing)."""
    if later.id == earlier.id:
        return "names the project itself; give the project that continues it in the " \
               "successor plan"
    before, after = catalogue.plan_of(earlier), catalogue.plan_of(later)
    if catalogue.follows(after, before):
        return None
    rule = "a project is carried over into a project of a plan that succeeds its own"
    if after.id == before.id:
        return f"{later.id} is in the same plan ({before.id}); {rule}"
    where = f"{later.id} is in {after.id}"
    if after.start <= before.end:
        return (f"{where} ({after.period}), which does not come after {before.id} "
                f"({before.period}); {rule}")
    programme = catalogue.programme_of(after)
    previous = catalogue.programme_of(before)
    if programme is not None and previous is not None:
        return (f"{where}, which is not declared to succeed {before.id}: add succeeds = "
                f"\"{previous.id}\" to the [plan] of {programme.id} (the plans of a programme "
                "succeed those of the programme it succeeds)")
    return (f"{where}, which is not declared to succeed {before.id}: add succeeds = "
            f"\"{before.id}\" to the [plan] of {after.id}")


def succeeds_problem(catalogue: Catalogue, plan: Plan) -> str | None:
    """What is wrong with a plan's `succeeds` (None: nothing): a loaded plan of the same kind
    whose period ends before this one's begins."""
    if plan.succeeds is None:
        return None
    earlier = catalogue.plan(plan.succeeds)
    if earlier is None:
        from asean_labour.vocabulary import did_you_mean

        same = [p.id for p in catalogue.plans if p.kind is plan.kind and p.id != plan.id]
        return (f"{plan.succeeds!r} is not a loaded plan{did_you_mean(plan.succeeds, same)}; "
                f"loaded {_kind(plan.kind)}s: {', '.join(same) or 'none'}")
    if earlier.id == plan.id:
        return "names the plan itself; give the plan of the previous period"
    if earlier.kind is not plan.kind:
        return (f"{earlier.id} is a {_kind(earlier.kind)}; a {_kind(plan.kind)} succeeds a "
                f"{_kind(plan.kind)}")
    if earlier.end >= plan.start:
        return (f"{earlier.id} runs in {earlier.period}, not before this plan's period "
                f"{plan.period}")
    return None


def _kind(kind: PlanKind) -> str:
    return "work programme" if kind is PlanKind.WORK_PROGRAMME else "work plan"


@dataclass(frozen=True, slots=True)
class Link:
    """One step of a lineage: the other project, and where it is recorded ("plan": the
    successor's plan file; else the cycle of the progress update that reports it)."""

    project: str
    cycle: int | None = None

    @property
    def recorded(self) -> str:
        return "in the plan" if self.cycle is None else f"reported in the {self.cycle} cycle"


@dataclass(frozen=True, slots=True)
class Lineage:
    came_from: tuple[Link, ...] = ()
    went_to: tuple[Link, ...] = ()


def lineage(catalogue: Catalogue, project: Project, history: History | None) -> Lineage:
    """Where a project came from and where it went, from the plans and the progress reports
    in effect (each project's latest report, when it is `carried-over` to a project)."""
    came = [Link(pid) for pid in project.carried_over_from]
    went = [Link(pid) for pid in catalogue.carried_into(project.id)]
    for update in carried_updates(history):
        target = catalogue.project(update.carried_to or "")
        if target is None:
            continue
        if update.project == project.id and all(link.project != target.id for link in went):
            went.append(Link(target.id, update.cycle))
        elif target.id == project.id and all(link.project != update.project for link in came):
            came.append(Link(update.project, update.cycle))
    return Lineage(tuple(came), tuple(went))


def carried_updates(history: History | None) -> list[Update]:
    """Each project's latest update in effect, when it reports the project carried over to
    another."""
    if history is None:
        return []
    from asean_labour.status import Status

    cycles = history.cycles()
    latest = history.latest(cycles[-1], as_of=True) if cycles else {}
    return [u for u in latest.values()
            if u.status is Status.CARRIED_OVER and u.carried_to is not None]


def carried_over(catalogue: Catalogue, projects: Sequence[Project],
                 history: History | None = None) -> list[Project]:
    """The projects that continue a project of an earlier plan: marked so in their plan
    (`carried_over`, `carried_over_from`) or named by a progress report's `carried_to`."""
    reported = {catalogue.project(u.carried_to or "") for u in carried_updates(history)}
    ids = {p.id for p in reported if p is not None}
    return [p for p in projects if p.carried_over or p.id in ids]

