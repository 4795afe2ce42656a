"""Turning what an officer typed (options, or rows of a CSV/TOML batch) into checked updates.

Every row is checked before anything is written; all problems come back together, each with
its row number, project id and field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from asean_labour.batch import Request
from asean_labour.config import name_problem
from asean_labour.errors import InvalidInput, Problem
from asean_labour.model import Catalogue
from asean_labour.progress import (
    MAX_FIELD,
    MAX_NOTE,
    Change,
    History,
    ProgressStore,
    Update,
    carried_to_problem,
    new_change_id,
    next_time,
)
from asean_labour.query import nearest_ids
from asean_labour.returns import Coverage
from asean_labour.standing import Standing, is_part, moves_back, project_status, standings
from asean_labour.status import Output, Status, parse_output, parse_status
from asean_labour.vocabulary import did_you_mean

#: Fields a row may leave out, taking a default (today, the reporter of the command): a row
#: that leaves them out matches an update recorded with any value there.
DEFAULTED = ("date", "reported_by")


@dataclass
class Checked:
    updates: list[Update] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: For each project, the fields its row left to their defaults.
    defaulted: dict[str, frozenset[str]] = field(default_factory=dict)


def check_requests(requests: Sequence[Request], catalogue: Catalogue, source: str,
                   default_cycle: int, default_reporter: str, today: dt.date) -> Checked:
    """Check every request; the updates (if no problem at all) and every problem."""
    result = Checked()
    first_row: dict[str, int | None] = {}
    cycles: dict[int, int | None] = {}
    for request in requests:
        problems_before = len(result.problems)
        update = _check(request, catalogue, source, default_cycle, default_reporter, today,
                        result.problems)
        if update is None or len(result.problems) != problems_before:
            continue
        key = update.project
        if key in first_row:
            _problem(result.problems, source, request, update.project, "project",
                     f"already updated on {_row_name(first_row[key])}; one update per project "
                     "per command")
            continue
        first_row[key] = request.row
        cycles.setdefault(update.cycle, request.row)
        result.updates.append(update)
        result.defaulted[key] = frozenset(
            name for name, value in (("date", request.date),
                                     ("reported_by", request.reported_by))
            if value is None or (isinstance(value, str) and not value.strip()))
    if len(cycles) > 1:
        listed = ", ".join(f"{c} ({_row_name(r)})" for c, r in sorted(cycles.items()))
        result.problems.append(Problem(source, f"a batch records one cycle; this one names "
                                       f"{listed}: split it by cycle"))
    if result.problems:
        result.updates = []
    return result


def _row_name(row: int | None) -> str:
    return f"row {row}" if row is not None else "the command line"


def _problem(problems: list[Problem], source: str, request: Request, item: str | None,
             key: str, message: str) -> None:
    if key in request.cells:  # a workbook: file, sheet and cell
        problems.append(Problem(f"{source}: {request.cells[key]}", message, item=item,
                                field=key))
        return
    if request.line is not None:  # a TOML table: file and line
        problems.append(Problem(source, message, line=request.line,
                                item=item or f"update {request.row}", field=key))
        return
    where = source + (f" row {request.row}" if request.row is not None else "")
    problems.append(Problem(where, message, item=item, field=key))


def _check(request: Request, catalogue: Catalogue, source: str, default_cycle: int,
           default_reporter: str, today: dt.date, problems: list[Problem]) -> Update | None:
    def bad(key: str, message: str) -> None:
        _problem(problems, source, request, pid or None, key, message)

    pid = _string(request.project)
    project = catalogue.project(pid) if pid else None
    if not pid:
        bad("project", "missing: expected a project id such as ACMW-2")
    elif project is None:
        close = nearest_ids(catalogue, pid)
        bad("project", "unknown project id" + (f" (did you mean {', '.join(close)}?)"
                                               if close else ""))
    raw_status = _string(request.status)
    status = parse_status(raw_status) if raw_status else None
    if not raw_status:
        bad("status", f"missing: expected one of {', '.join(Status)}")
    elif status is None:
        bad("status", f"unknown status {raw_status!r}"
            f"{did_you_mean(raw_status, list(Status))}; expected one of {', '.join(Status)}")
    cycle = default_cycle
    raw_cycle = _string(request.cycle) if not isinstance(request.cycle, int) else request.cycle
    if raw_cycle not in (None, ""):
        text = str(raw_cycle)
        if isinstance(raw_cycle, bool) or not re.fullmatch(r"[0-9]{4}", text):
            bad("cycle", f"expected a year such as 2017, got {raw_cycle!r}")
            cycle = 0
        else:
            cycle = int(text)
    if project is not None and cycle:
        from asean_labour.cycles import outside_message

        plan = catalogue.plan_of(project)
        if not any(p.start <= cycle <= p.end for p in catalogue.plans):
            bad("cycle", outside_message(catalogue, cycle, "cycle"))
        elif not plan.start <= cycle <= plan.end:
            bad("cycle", f"cycle {cycle} is outside the plan's period {plan.period} "
                f"({plan.id})")
    date = today
    if isinstance(request.date, dt.date) and not isinstance(request.date, dt.datetime):
        date = request.date
    elif request.date not in (None, ""):
        text = _string(request.date) or ""
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            bad("date", f"expected a date as YYYY-MM-DD, got {text!r}")
    given_reporter = _string(request.reported_by)
    reporter = given_reporter or default_reporter
    if given_reporter and (problem := name_problem(given_reporter)) is not None:
        bad("reported_by", problem)
    note = request.note
    if note is not None and not isinstance(note, str):
        bad("note", "expected text")
        note = None
    elif isinstance(note, str):
        if len(note) > MAX_NOTE:
            bad("note", f"is {len(note):,} characters; the limit is {MAX_NOTE:,}")
        if not note.strip():
            note = None
    outputs: list[Output] = []
    for value in _items(request.outputs):
        output = parse_output(value)
        if output is None:
            bad("outputs", f"unknown output {value!r}; expected data (data/information/"
                "statistics) or laws (laws/standards/policies)")
        elif output not in outputs:
            outputs.append(output)
    evidence = _items(request.evidence)
    for item in evidence:
        if len(item) > MAX_FIELD:
            bad("evidence", f"an entry is longer than {MAX_FIELD:,} characters")
    carried_to = _string(request.carried_to) or None
    if carried_to is not None:
        if status is not None and status is not Status.CARRIED_OVER:
            bad("carried_to", "only a carried-over update names the project it is carried to")
        elif (problem := carried_to_problem(carried_to, catalogue,
                                            project.id if project else None)) is not None:
            bad("carried_to", problem)
        else:
            target = catalogue.project(carried_to)
            carried_to = target.id if target is not None else carried_to
    final, understood = _flag(request.final)
    if not understood:
        bad("final", f"expected true or false (yes/no), got {request.final!r}")
    elif final and status is not None and status is not Status.COMPLETED:
        bad("final", "marks a completed project finished for good: it goes with status "
            "completed (cancelled and carried-over are final already)")
    if pid is None or project is None or status is None:
        return None
    return Update(project=project.id, cycle=cycle, status=status, date=date,
                  reported_by=reporter, note=note, outputs=tuple(outputs),
                  evidence=tuple(evidence), carried_to=carried_to,
                  final=True if final else None)


_TRUE = {"true", "yes", "y", "1", "final", "x"}
_FALSE = {"false", "no", "n", "0"}


def _flag(value: Any) -> tuple[bool | None, bool]:
    """A yes/no value or cell: (True, False or None when not given; whether it was
    understood)."""
    if value is None or isinstance(value, bool):
        return value, True
    key = (_string(value) or "").casefold()
    if not key:
        return None, True
    if key in _TRUE or key in _FALSE:
        return key in _TRUE, True
    return None, False


def _string(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return str(value)


def _items(values: Any) -> list[str]:
    """A list option or cell: repeated values, or one cell separated by ';' or newlines."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    items: list[str] = []
    for value in values:
        for part in re.split(r"[;\n]", str(value)):
            if part.strip():
                items.append(part.strip())
    return items


def make_change(updates: list[Update], recorded_by: str, now: dt.datetime,
                source: str | None, covers: Coverage | None = None) -> Change:
    change_id = new_change_id(now)
    stamped = tuple(replace(u, change=change_id, recorded_at=now) for u in updates)
    return Change(id=change_id, kind="update", cycle=updates[0].cycle, recorded_at=now,
                  recorded_by=recorded_by, updates=stamped, source=source,
                  return_bodies=covers.bodies if covers else (),
                  return_countries=covers.countries if covers else ())


@dataclass(frozen=True)
class Recorded:
    """What `update` did (or would do with --dry-run)."""

    change: Change | None  # None: every row matches what is already recorded
    path: Path | None
    cycle: int
    before: dict[str, Standing]  # each project's standing in the cycle before the change
    rows: int  # updates asked for
    skipped: tuple[Update, ...] = ()  # rows that match what is already recorded
    parts: tuple[Update, ...] = ()  # completed reports of a cycle's part: the project runs on
    dry_run: bool = False

    @property
    def moved_back(self) -> tuple[Update, ...]:
        """The updates that take their project backwards (completed -> ongoing...)."""
        if self.change is None:
            return ()
        return tuple(u for u in self.change.updates if u.moved_back_from is not None)


def same_as_recorded(update: Update, recorded: Update, defaulted: frozenset[str]) -> bool:
    """Whether recording `update` would change nothing: the project's latest update in the
    cycle says the same (status, note, outputs, evidence, carried to, final; the date and
    reporter too, unless the row left them to their defaults)."""
    return (update.status is recorded.status and update.note == recorded.note
            and set(update.outputs) == set(recorded.outputs)
            and update.evidence == recorded.evidence
            and update.carried_to == recorded.carried_to
            and bool(update.final) == bool(recorded.final)
            and ("date" in defaulted or update.date == recorded.date)
            and ("reported_by" in defaulted or update.reported_by == recorded.reported_by))


def plan_change(checked: Checked, catalogue: Catalogue, history: History, reporter: str,
                stamp: dt.datetime, source: str | None, rows: int,
                dry_run: bool = False, covers: Coverage | None = None
                ) -> tuple[Change | None, Recorded]:
    """The change to write, against the store as it is: rows that match what is recorded
    are left out; an update that takes its project backwards carries the status it moves
    back from."""
    cycle = checked.updates[0].cycle
    projects = [p for p in (catalogue.project(u.project) for u in checked.updates) if p]
    before = standings(projects, history, cycle)
    in_cycle = history.latest(cycle)
    new: list[Update] = []
    skipped: list[Update] = []
    parts: list[Update] = []
    for asked in checked.updates:
        project = catalogue.project(asked.project)
        recorded = in_cycle.get(asked.project)
        if recorded is not None and same_as_recorded(
                asked, recorded, checked.defaulted.get(asked.project, frozenset())):
            skipped.append(asked)
            continue
        was = before[asked.project]
        update = asked
        if moves_back(was.status, project_status(asked, project)):
            update = replace(asked, moved_back_from=was.status,
                             moved_back_from_cycle=was.status_cycle)
        if is_part(update, project):
            parts.append(update)
        new.append(update)
    change = make_change(new, reporter, stamp, source, covers) if new else None
    return change, Recorded(change, None, cycle, before, rows, tuple(skipped), tuple(parts),
                            dry_run)


def record(store: ProgressStore, catalogue: Catalogue, requests: Sequence[Request], *,
           source: str, default_cycle: int, reporter: str, now: dt.datetime | None = None,
           batch_name: str | None = None, dry_run: bool = False,
           covers: Coverage | None = None) -> Recorded:
    """Check every request, then write them all as one change, or nothing at all.

    The store is read and the change stamped under the lock, so the change is ordered after
    every change already written (`now`, for tests, stands for the clock's reading). Rows
    that would change nothing are counted and left out; if none is left, nothing is
    written."""
    from asean_labour.cycles import today

    checked = check_requests(requests, catalogue, source, default_cycle, reporter,
                             now.date() if now is not None else today())
    if checked.problems:
        count = len(checked.problems)
        summary = f"{count} problem{'s' if count != 1 else ''}"
        if batch_name is not None:
            rows = len({(p.file, p.line) for p in checked.problems})
            summary += f" in {rows} of {len(requests)} rows"
        raise InvalidInput(checked.problems, summary + "; nothing was recorded")

    def build(history: History, stamp: dt.datetime) -> tuple[Change | None, Recorded]:
        return plan_change(checked, catalogue, history, reporter, stamp, batch_name,
                           len(requests), dry_run, covers)

    if dry_run:
        history = store.history(catalogue)
        return build(history, next_time(history, now))[1]
    result, path = store.append(catalogue, build, now)
    return replace(result, path=path)


def export_cycle(requests: Sequence[Request], fallback: int) -> int:
    """The cycle of a `list --cycle Y --format csv` export read back: its rows' cycle (the
    latest, if they name several), else `fallback` (the cycle the command defaults to)."""
    years = [int(str(r.cycle).strip()) for r in requests
             if r.cycle is not None and str(r.cycle).strip().isdigit()]
    return max(years) if years else fallback
