"""Who has answered: the returns of a reporting cycle, per body and per Member State.

Each year the secretariat sends every body (or country focal point) its reporting workbook,
and records what comes back with `update --file FILE`. A batch so recorded is a **return**:
its change file keeps the file's name (`source`) and whose return it is (`return_bodies`,
`return_countries`; docs/progress.md, "Who has answered"):

* a reporting workbook made by `template` is the return of what it was made for: the Member
  States it was limited to (`template --coordinator "Viet Nam"`), else its body or bodies;
* any other batch (a CSV, a TOML file, another workbook) is the return of what `update
  --body`/`--coordinator` say, else of the bodies of the projects its rows name (not of their
  coordinating countries: a body's return names projects that countries coordinate, and is
  no answer from those countries).

A single update from the command line is no return (it records one project's news, from
wherever it came). A return undone (`undo`) is no longer in.

`answered` is the one answer to "has body or country X answered for cycle C"; `answers_for`
asks it for every body and country a cycle expects a return from, for `report` and
`list --stale` alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from asean_labour.errors import UsageError
from asean_labour.involvement import Part, names
from asean_labour.model import Catalogue, Project
from asean_labour.vocabulary import Vocabulary, fold

if TYPE_CHECKING:
    from asean_labour.batch import Batch
    from asean_labour.progress import Change, History
    from asean_labour.standing import Standing

BODY, COUNTRY = "body", "country"


@dataclass(frozen=True, slots=True)
class Coverage:
    """Whose return a batch is: bodies and Member States, canonical names."""

    bodies: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.bodies or self.countries)

    def words(self) -> str:
        """`ACMW`, `Viet Nam`, `ACMW, SLOM-WG`."""
        return ", ".join((*self.bodies, *self.countries))


@dataclass(frozen=True, slots=True)
class Return:
    """One return received: the change that recorded it."""

    change: str
    cycle: int
    recorded_at: dt.datetime
    recorded_by: str
    file: str | None  # the batch file's name
    coverage: Coverage
    projects: int  # updates it recorded


@dataclass(frozen=True, slots=True)
class Answer:
    """Whether a body or a Member State has answered for a cycle, and with what."""

    name: str  # "ACMW", "Viet Nam"
    kind: str  # BODY or COUNTRY
    cycle: int
    returns: tuple[Return, ...]  # in effect, in the order recorded

    @property
    def answered(self) -> bool:
        return bool(self.returns)

    @property
    def latest(self) -> Return | None:
        return self.returns[-1] if self.returns else None

    @property
    def received_on(self) -> dt.date | None:
        """The day (UTC) the latest return was recorded."""
        return self.latest.recorded_at.date() if self.latest is not None else None

    def words(self) -> str:
        """`received 2018-03-02 (acmw-2018.xlsx)`, `... (2 returns)`, `not received`."""
        latest = self.latest
        if latest is None:
            return "not received"
        text = f"received {latest.recorded_at.date().isoformat()}"
        detail = [latest.file] if latest.file else []
        if len(self.returns) > 1:
            detail.append(f"{len(self.returns)} returns")
        return text + (f" ({', '.join(detail)})" if detail else "")

    def record(self) -> dict[str, Any]:
        """The answer as JSON (docs/output.md): the latest return, and every return."""
        latest = self.latest
        return {
            "name": self.name, "kind": self.kind, "cycle": self.cycle,
            "answered": self.answered,
            "received_on": self.received_on.isoformat() if self.received_on else None,
            "file": latest.file if latest else None,
            "change": latest.change if latest else None,
            "returns": [{"change": r.change, "recorded_at": r.recorded_at.isoformat(),
                         "recorded_by": r.recorded_by, "file": r.file,
                         "bodies": list(r.coverage.bodies),
                         "countries": list(r.coverage.countries), "projects": r.projects}
                        for r in self.returns],
        }


def returns(history: History, cycle: int) -> list[Return]:
    """The returns of a cycle still in effect, in the order recorded."""
    return [_return(c) for c in history.changes
            if c.cycle == cycle and c.kind == "update" and history.in_effect(c)
            and (c.return_bodies or c.return_countries)]


def _return(change: Change) -> Return:
    return Return(change.id, change.cycle, change.recorded_at, change.recorded_by,
                  change.source, Coverage(change.return_bodies, change.return_countries),
                  len(change.updates))


def answered(history: History, cycle: int, name: str, kind: str,
             received: Sequence[Return] | None = None) -> Answer:
    """THE answer to "has body (or country) `name` answered for cycle `cycle`": the returns in
    effect in the cycle that are its (`received`: the cycle's returns, when already read)."""
    key = fold(name)
    found = returns(history, cycle) if received is None else received
    mine = tuple(r for r in found if key in {fold(n) for n in (
        r.coverage.bodies if kind == BODY else r.coverage.countries)})
    return Answer(name, kind, cycle, mine)


def expected(projects: Iterable[Project], found: Mapping[str, Standing],
             vocabulary: Vocabulary) -> tuple[list[str], list[str]]:
    """Whom a cycle asks for a return: the bodies of the projects due in it (`Standing.due`,
    the rule of `template` and `list --stale`), in plan order, and the Member States that
    coordinate one of them in any year (as `template --coordinator` selects them)."""
    bodies: dict[str, None] = {}
    countries: dict[str, None] = {}
    for project in projects:
        standing = found.get(project.id)
        if standing is None or not standing.due:
            continue
        bodies.setdefault(str(project.body))
        for name in names(project, Part.COORDINATOR):
            if vocabulary.country(name) == name:
                countries.setdefault(name)
    return list(bodies), list(countries)


def answers_for(catalogue: Catalogue, projects: Sequence[Project], history: History,
                cycle: int, found: Mapping[str, Standing] | None = None,
                coordinators: Collection[str] = ()) -> tuple[Answer, ...]:
    """For each body, then each Member State, that the cycle expects a return from (of the
    projects given: the command's selection), whether it has answered. `coordinators`: the
    selection's (`--coordinator`), to which the Member States asked are limited (a country's
    one-pager asks about that country, not about every co-coordinator)."""
    if found is None:
        from asean_labour.standing import standings

        found = standings(projects, history, cycle)
    covered = [p for p in projects
               if catalogue.plan_of(p).start <= cycle <= catalogue.plan_of(p).end]
    bodies, countries = expected(covered, found, catalogue.vocabulary)
    received = returns(history, cycle)
    if coordinators:
        wanted = {fold(c) for c in coordinators}
        countries = [c for c in countries if fold(c) in wanted]
    countries.sort(key=fold)
    return (*(answered(history, cycle, b, BODY, received) for b in bodies),
            *(answered(history, cycle, c, COUNTRY, received) for c in countries))


# --- whose return a batch is -------------------------------------------------------------------

def coverage(batch: Batch, catalogue: Catalogue, bodies: Sequence[str] = (),
             countries: Sequence[str] = ()) -> Coverage:
    """Whose return a batch is (see the module's docstring): `bodies` and `countries` as
    given on the command line (`update --body`, `--coordinator`), checked; a reporting
    workbook's own, which they may repeat but not contradict; else the bodies of its rows."""
    given = _given(catalogue, bodies, countries)
    made = _made_for(batch, catalogue.vocabulary)
    if made and given and not _same(made, given):
        raise UsageError(f"{batch.source} is the reporting workbook of {made.words()}, and "
                         f"{_options(bodies, countries)} names {given.words()}: drop the "
                         "option (the workbook says whose return it is)")
    if made:
        return made
    if given:
        return given
    ids = [str(r.project).strip() for r in batch.requests if r.project is not None] + \
        [s.project for s in (*batch.skipped, *batch.unchanged)]
    rows: dict[str, None] = {}
    for pid in ids:
        project = catalogue.project(pid)
        if project is not None:
            rows.setdefault(str(project.body))
    return Coverage(tuple(rows))


def _options(bodies: Sequence[str], countries: Sequence[str]) -> str:
    return " ".join([*(f"--body {b}" for b in bodies),
                     *(f"--coordinator {c}" for c in countries)])


def _same(a: Coverage, b: Coverage) -> bool:
    return ({fold(x) for x in a.bodies}, {fold(x) for x in a.countries}) == \
        ({fold(x) for x in b.bodies}, {fold(x) for x in b.countries})


def _made_for(batch: Batch, vocabulary: Vocabulary) -> Coverage:
    """A reporting workbook's own: its Member States, else its bodies (a workbook made for
    a coordinating role, such as the ACMW Chair, is its body's)."""
    if batch.cycle is None:
        return Coverage()
    listed = [n.strip() for n in batch.coordinators.split(",") if n.strip()]
    countries = tuple(dict.fromkeys(c for n in listed if (c := vocabulary.country(n))))
    if countries:
        return Coverage((), countries)
    return Coverage(tuple(dict.fromkeys(b.strip() for b in batch.body.split(",")
                                        if b.strip())))


def _given(catalogue: Catalogue, bodies: Sequence[str], countries: Sequence[str]) -> Coverage:
    """`--body` and `--coordinator`, checked and spelt as the plans spell them; a coordinating
    role is no Member State, and is refused with the body to give instead."""
    from asean_labour.query import Filters, resolve

    named_bodies: dict[str, None] = {}
    for value in bodies:
        for body in resolve(Filters(bodies=(value,)), catalogue).bodies:
            named_bodies.setdefault(str(body))
    named_countries: dict[str, None] = {}
    for value in countries:
        for name in resolve(Filters(coordinators=(value,)), catalogue).coordinators:
            if catalogue.vocabulary.country(name) != name:
                raise UsageError(f"--coordinator {value}: {name} is a coordinating role, not "
                                 "a Member State; a return comes from a body (--body) or a "
                                 "Member State (--coordinator)")
            named_countries.setdefault(name)
    return Coverage(tuple(named_bodies), tuple(named_countries))
