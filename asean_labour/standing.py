"""Where a project stands in a reporting cycle: the one rule `list`, `show`, `report`,
`scorecard`, `review` and `timeline` all use (docs/progress.md, "Standing").

A project's *standing* in cycle C comes from its latest update in effect in C, else its latest
update in an earlier cycle, read against the plan:

* `cancelled` and `carried-over` close the project for good;
* `completed` closes it when the cycle is the project's last planned year (or later, or the
  plan gives it no years), or when the officer said so (`update --final`). A completed report
  for an earlier year of a project whose planned years run past the cycle (the annual forum of
  2016-2020, reported held in 2017) is that cycle's *part* completed: the project itself stays
  ongoing, and is due again in the next cycle;
* a project not closed is *due* in C unless the plan starts it after C: a project the plan
  gives no years is due every cycle of its plan (the plan does not say when), and one that has
  reported is due every cycle until it is closed. Due and silent in C is "no report
  received"; not due is "not yet due".

The report's categories (`State`) and the review's (`Outcome`) and their labels live here, so
every renderer names them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from asean_labour.model import Project
from asean_labour.status import Status, Worded

if TYPE_CHECKING:
    from asean_labour.progress import History, Update


class State(Worded):
    """Where a project stands in a reporting cycle: the report's summary categories."""

    COMPLETED = "completed"
    CARRIED_OVER = "carried-over"
    CANCELLED = "cancelled"
    ONGOING = "ongoing"
    DELAYED = "delayed"
    POSTPONED = "postponed"
    NOT_STARTED = "not-started"
    NO_REPORT = "no-report"
    NOT_DUE = "not-due"

    @property
    def label(self) -> str:
        return STATE_LABELS.get(self) or super().label


STATE_LABELS = {State.NO_REPORT: "no report received", State.NOT_DUE: "not yet due"}
STATES: tuple[str, ...] = tuple(State)


class Outcome(Worded):
    """Where a project ends up by the end of a review period.

    `never-started`: reported (not started, or postponed) but never reported under way;
    `no-report`: no report at all received up to the end of the period;
    `not-due`: no report, and the plan starts it after the period."""

    COMPLETED = "completed"
    CARRIED_OVER = "carried-over"
    CANCELLED = "cancelled"
    ONGOING = "ongoing"
    NEVER_STARTED = "never-started"
    NO_REPORT = "no-report"
    NOT_DUE = "not-due"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS.get(self) or super().label


OUTCOME_LABELS = {Outcome.NO_REPORT: "no report received", Outcome.NOT_DUE: "not yet due"}
OUTCOMES: tuple[str, ...] = tuple(Outcome)

#: Statuses that show that work on a project began.
STARTED = frozenset({Status.ONGOING, Status.DELAYED, Status.COMPLETED, Status.CARRIED_OVER})

#: How far along a status is: a change to a lower rank moves a project backwards.
_RANK = {Status.NOT_STARTED: 0, Status.ONGOING: 1, Status.DELAYED: 1, Status.POSTPONED: 1,
         Status.COMPLETED: 2, Status.CANCELLED: 2, Status.CARRIED_OVER: 2}


def part_label(cycle: int) -> str:
    """How a completed report of one cycle's part of a longer project reads: `2017 part
    completed`."""
    return f"{cycle} part completed"


def runs_past(project: Project | None, cycle: int) -> bool:
    """The plan gives the project years after `cycle` (its own years or its events')."""
    last = project.last_year if project is not None else None
    return last is not None and last > cycle


def closes(update: Update, project: Project | None) -> bool:
    """Whether an update finishes the project for good, so no report is expected again."""
    if update.status in (Status.CANCELLED, Status.CARRIED_OVER):
        return True
    if update.status is not Status.COMPLETED:
        return False
    return bool(update.final) or not runs_past(project, update.cycle)


def is_part(update: Update, project: Project | None) -> bool:
    """A completed report of the update's cycle only: the project runs on."""
    return update.status is Status.COMPLETED and not closes(update, project)


def project_status(update: Update, project: Project | None) -> Status:
    """The project's own status after an update: a completed part leaves it ongoing."""
    return Status.ONGOING if is_part(update, project) else update.status


def moves_back(before: Status | None, after: Status) -> bool:
    """A change from `before` to `after` (project statuses) takes the project backwards:
    from completed to ongoing, from ongoing to not started..."""
    return before is not None and _RANK[after] < _RANK[before]


@dataclass(frozen=True, slots=True)
class Standing:
    """A project's standing in a cycle."""

    project: str
    cycle: int
    state: State  # the report's category in the cycle
    status: Status | None  # the project's own status as of the cycle (None: never reported)
    update: Update | None  # the latest update in effect as of the cycle
    reported: bool  # `update` is of this cycle
    closed: bool  # finished for good (completed, cancelled, carried over) as of the cycle
    part: bool  # `update` reported its own cycle's part completed; the project runs on

    @property
    def status_cycle(self) -> int | None:
        return self.update.cycle if self.update is not None else None

    @property
    def due(self) -> bool:
        """Whether the cycle asks the project for a report: the plan does not start it later,
        and it was not finished before the cycle (a project finished in the cycle was due)."""
        return self.state is not State.NOT_DUE and (self.reported or not self.closed)

    def words(self) -> str:
        """The standing in words, as `list` and `show` print it: `ongoing`, `completed (2016)`,
        `ongoing (2017 part completed)`, `no report received (last: ongoing, 2017)`."""
        if self.status is None:
            return self.state.label
        status = self.status.label
        if self.part and self.update is not None:
            status += f" ({part_label(self.update.cycle)})"
        elif not self.reported:
            status += f" ({self.status_cycle})"
        if self.state in (State.NO_REPORT, State.NOT_DUE):
            return f"{self.state.label} (last: {status})"
        return status


def standings(projects: Iterable[Project], history: History, cycle: int
              ) -> dict[str, Standing]:
    """Each project's standing in `cycle`, by id."""
    in_cycle = history.latest(cycle)
    before = history.latest(cycle - 1, as_of=True)
    return {p.id: _standing(p, cycle, in_cycle.get(p.id), before.get(p.id)) for p in projects}


def standing(project: Project, history: History, cycle: int) -> Standing:
    """One project's standing in `cycle`."""
    return standings((project,), history, cycle)[project.id]


def _standing(project: Project, cycle: int, current: Update | None,
              prior: Update | None) -> Standing:
    # `closes` once per update (it reads the project's years): `is_part` and `project_status`
    # follow from it as those functions define them.
    if current is not None:
        closed = closes(current, project)
        part = current.status is Status.COMPLETED and not closed
        status = Status.ONGOING if part else current.status
        return Standing(project.id, cycle, State(status.value), status, current, True,
                        closed, part)
    if prior is not None and closes(prior, project):
        return Standing(project.id, cycle, State(prior.status.value), prior.status, prior,
                        False, True, False)
    if prior is not None:  # (not closed: so a completed report is a part)
        part = prior.status is Status.COMPLETED
        return Standing(project.id, cycle, State.NO_REPORT,
                        Status.ONGOING if part else prior.status, prior, False, False, part)
    due = project.first_year is None or project.first_year <= cycle
    return Standing(project.id, cycle, State.NO_REPORT if due else State.NOT_DUE, None, None,
                    False, False, False)


def stale(projects: Sequence[Project], history: History, cycle: int) -> list[Project]:
    """The projects due in `cycle` with no report received in it (`list --stale`, the
    report's "no report received")."""
    found = standings(projects, history, cycle)
    return [p for p in projects if found[p.id].state is State.NO_REPORT]


def first_started(history: History) -> dict[str, int]:
    """Each project's first cycle with an update in effect that shows work under way."""
    started: dict[str, int] = {}
    for update in history.updates():
        if update.status in STARTED and update.cycle < started.get(update.project, 10_000):
            started[update.project] = update.cycle
    return started


def outcome(found: Standing, started: bool) -> Outcome:
    """A project's outcome from its standing as of a cycle and whether work ever began by
    then. Never reported: not yet due (as in the cycle's standing: the plan starts it later),
    else no report received."""
    if found.closed and found.status is not None:
        return Outcome(found.status.value)
    if found.status in (Status.ONGOING, Status.DELAYED) or started:
        return Outcome.ONGOING
    if found.status is None:
        return Outcome.NOT_DUE if found.state is State.NOT_DUE else Outcome.NO_REPORT
    return Outcome.NEVER_STARTED
