"""ASEAN instruments (declarations, statements) as data: their numbered commitments, and the
projects of the plans linked to them where the plans say so.

Each instrument is one file in `plans/instruments/` (format in docs/instruments.md). Reading
checks every field and every link against the loaded plans and reports every problem, one
line each; the look-ups answer "which projects implement this instrument" and "which
instruments concern this country or partner" for the commands and the one-pagers alike."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asean_labour.data_files import (
    DataFile,
    Place,
    check_schema,
    checked,
    data_files,
    read_data_file,
    text,
)
from asean_labour.errors import InvalidInput, Problem, UsageError
from asean_labour.model import Catalogue, Project
from asean_labour.vocabulary import Vocabulary, fold, suggest

if TYPE_CHECKING:  # the progress store is imported only by the commands that read it
    from asean_labour.progress import History
    from asean_labour.query import Selection
    from asean_labour.standing import Standing

INSTRUMENTS_DIR = "instruments"
INSTRUMENT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9.-]{0,63}$")


class InstrumentKind(StrEnum):
    DECLARATION = "declaration"
    STATEMENT = "statement"
    CONSENSUS = "consensus"
    AGREEMENT = "agreement"


class Relation(StrEnum):
    """How a project is linked to an instrument."""

    IMPLEMENTS = "implements"
    ADOPTED_AT = "adopted-at"  # the instrument was adopted at the project's meeting

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


@dataclass(frozen=True, slots=True)
class Section:
    """A heading under which the source prints some commitments, with its lead-in words."""

    title: str
    lead_in: str | None = None


@dataclass(frozen=True, slots=True)
class Commitment:
    """One numbered commitment, action or principle, as printed."""

    number: int
    text: str
    section: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """Projects (or whole plans) linked to the instrument, or to some of its commitments,
    with the plan text that makes the link."""

    relation: Relation
    basis: str
    projects: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    commitments: tuple[int, ...] = ()  # empty: the instrument as a whole


@dataclass(frozen=True)
class Instrument:
    id: str
    kind: InstrumentKind
    title: str
    date: dt.date
    place: str
    path: Path
    short_title: str | None = None
    adopted_by: str | None = None
    occasion: str | None = None
    date_as_printed: str | None = None
    operative_clause: str | None = None
    tasked: str | None = None
    source: str | None = None
    note: str | None = None
    sections: tuple[Section, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def noun(self) -> str:
        """What the text calls itself: `Declaration`, `Statement`."""
        return self.kind.value.capitalize()

    @property
    def name(self) -> str:
        """The short title where there is one: what a table shows."""
        return self.short_title or self.title

    def section(self, title: str | None) -> Section | None:
        return next((s for s in self.sections if s.title == title), None)


# --- linked projects ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Tie:
    """One reason a project is linked: how, to which commitments (none: to the instrument
    as a whole), through which plan (when a whole plan is linked), and on what basis."""

    relation: Relation
    commitments: tuple[int, ...]
    via_plan: str | None
    basis: str

    def describe(self, noun: str) -> str:
        """`implements item 22`; `implements (plan)` when linked through its whole plan;
        `implements` when linked by id to the whole instrument; `Statement adopted there`."""
        if self.relation is Relation.ADOPTED_AT:
            return f"{noun} adopted there"
        if self.commitments:
            items = "item" if len(self.commitments) == 1 else "items"
            return f"implements {items} {', '.join(map(str, self.commitments))}"
        return "implements (plan)" if self.via_plan else "implements"


@dataclass(frozen=True)
class LinkedProject:
    """A project linked to an instrument, with every tie that links it."""

    project: Project
    ties: tuple[Tie, ...]

    @property
    def commitments(self) -> tuple[int, ...]:
        """The commitments the project is linked to by number."""
        return tuple(sorted({n for tie in self.ties for n in tie.commitments}))

    def describe(self, noun: str) -> str:
        return "; ".join(tie.describe(noun) for tie in self.ties)


def linked_projects(instrument: Instrument, catalogue: Catalogue) -> list[LinkedProject]:
    """Every project linked to the instrument, once, in the plans' order."""
    ties: dict[str, list[Tie]] = {}
    for link in instrument.links:
        found: list[tuple[str, str | None]] = [(pid, None) for pid in link.projects]
        for plan_id in link.plans:
            plan = catalogue.plan(plan_id)
            found += [(p.id, plan_id) for p in plan.projects] if plan is not None else []
        for pid, via in found:
            project = catalogue.project(pid)
            if project is None:
                continue
            tie = Tie(link.relation, link.commitments, via, link.basis)
            held = ties.setdefault(project.id, [])
            if tie not in held:
                held.append(tie)
    return [LinkedProject(p, tuple(ties[p.id])) for p in catalogue.projects if p.id in ties]


def commitment_projects(rows: Sequence[LinkedProject], number: int) -> list[Project]:
    """Of some linked projects, those linked to one commitment by its number (not only
    through the whole instrument)."""
    return [row.project for row in rows if number in row.commitments]


def latest_status(history: History, projects: Sequence[Project], cycle: int
                  ) -> dict[str, Standing]:
    """Each linked project's standing in a cycle: the one place instruments read the progress
    store's answer, through the rule every command uses (`standing.standings`)."""
    from asean_labour.standing import standings

    return standings(projects, history, cycle)


# --- relevance to a country or a partner -------------------------------------------------------

@dataclass(frozen=True)
class Relevance:
    """An instrument that concerns a selection (a country, a partner such as the ILO): its
    linked projects that match, and the commitments that name a selected partner."""

    instrument: Instrument
    projects: tuple[LinkedProject, ...]
    naming: tuple[Commitment, ...]


def naming_commitments(instrument: Instrument, collaborators: Sequence[str],
                       vocabulary: Vocabulary) -> tuple[Commitment, ...]:
    """The commitments whose text names one of the (folded) organisations, as a whole word:
    the OSH Statement's action 10 names the International Labour Organization."""
    patterns = [re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
                for wanted in collaborators
                for name in vocabulary.organisation_spellings(wanted)]
    return tuple(c for c in instrument.commitments
                 if any(p.search(fold(c.text)) for p in patterns))


def relevant_instruments(instruments: Sequence[Instrument], catalogue: Catalogue,
                         selection: Selection) -> list[Relevance]:
    """The instruments that concern a selection (the `list` filters): those with a linked
    project the selection matches (a project the country coordinates, where the partner
    collaborates, ...), and, for a partner, those whose commitments name it. An empty
    selection concerns every instrument."""
    found = []
    for instrument in instruments:
        rows = tuple(row for row in linked_projects(instrument, catalogue)
                     if selection.matches(row.project, catalogue))
        naming = naming_commitments(instrument, selection.collaborators, catalogue.vocabulary)
        if rows or naming or _is_empty(selection):
            found.append(Relevance(instrument, rows, naming))
    return found


def _is_empty(selection: Selection) -> bool:
    from asean_labour.query import Selection

    return selection == Selection()


# --- finding one -------------------------------------------------------------------------------

def find_instrument(instruments: Sequence[Instrument], wanted: str) -> Instrument:
    """The instrument with this id (any case), or the only one whose id starts with it
    (`vientiane`); else `UsageError` with the nearest ids and the list."""
    key = wanted.strip().casefold()
    exact = [i for i in instruments if i.id.casefold() == key]
    if exact:
        return exact[0]
    starts = [i for i in instruments if key and i.id.casefold().startswith(key)]
    if len(starts) == 1:
        return starts[0]
    ids = [i.id for i in instruments]
    if not ids:
        raise UsageError(f"unknown instrument {wanted!r}: no instruments are loaded (see "
                         "docs/instruments.md)")
    close = [i.id for i in starts] or suggest(wanted, ids)
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    raise UsageError(f"unknown instrument {wanted!r}.{hint} Loaded instruments: "
                     f"{', '.join(ids)}")


# --- reading and checking ----------------------------------------------------------------------

TOP_FIELDS = {"schema_version": "int", "instrument": "table", "sections": "table_list",
              "commitments": "table_list", "links": "table_list"}
INSTRUMENT_FIELDS = {
    "id": "str", "kind": "str", "title": "str", "short_title": "str", "adopted_by": "str",
    "occasion": "str", "place": "str", "date": "date", "date_as_printed": "str",
    "operative_clause": "str", "tasked": "str", "source": "str", "note": "str",
}
SECTION_FIELDS = {"title": "str", "lead_in": "str"}
COMMITMENT_FIELDS = {"number": "int", "section": "str", "text": "str", "note": "str"}
LINK_FIELDS = {"projects": "str_list", "plans": "str_list", "commitments": "int_list",
               "relation": "str", "basis": "str"}


def read_instruments(plans_dir: Path, catalogue: Catalogue
                     ) -> tuple[list[Instrument], list[Problem]]:
    """Every instrument of `plans_dir/instruments/`, in date order, and every problem."""
    problems: list[Problem] = []
    instruments: list[Instrument] = []
    seen: dict[str, str] = {}
    for path in data_files(plans_dir, INSTRUMENTS_DIR, problems):
        file = read_data_file(path, problems)
        if file is None:
            continue
        iid = _raw_id(file.data)
        if iid is not None:
            # Ids are checked across files even when a file has other problems.
            if iid.casefold() in seen:
                Place(file, iid, file.finder.table("instrument"), problems).add(
                    f"instrument id {iid!r} is also used by {seen[iid.casefold()]}", "id")
                continue
            seen[iid.casefold()] = file.shown
        instrument = _read(file, catalogue, problems)
        if instrument is not None:
            instruments.append(instrument)
    return sorted(instruments, key=lambda i: (i.date, i.id)), problems


def _raw_id(data: dict[str, Any]) -> str | None:
    """The instrument's id as written, when it is a well-formed id."""
    head = data.get("instrument")
    iid = head.get("id") if isinstance(head, dict) else None
    return iid if isinstance(iid, str) and INSTRUMENT_ID.match(iid) else None


def load_instruments(plans_dir: Path, catalogue: Catalogue) -> list[Instrument]:
    """The instruments, or `InvalidInput` listing every problem."""
    instruments, problems = read_instruments(plans_dir, catalogue)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise InvalidInput(problems, f"{len(problems)} {noun} in the instrument files; run "
                                     "`asean-labour validate` after fixing them")
    return instruments


def _read(file: DataFile, catalogue: Catalogue, problems: list[Problem]) -> Instrument | None:
    before = len(problems)
    top = Place(file, None, 0, problems)
    data = checked(file.data, TOP_FIELDS, top, required=("schema_version", "instrument"))
    if not check_schema(file, problems) or "instrument" not in data:
        return None
    head_line = file.finder.table("instrument")
    known = _raw_id(file.data)
    head = Place(file, known or "[instrument]", head_line, problems)
    fields = checked(data["instrument"], INSTRUMENT_FIELDS, head,
                     required=("id", "kind", "title", "place", "date"))
    iid = fields.get("id")
    if iid is not None and known is None:
        head.add(f"{iid!r} is not a valid id: use letters, digits, '-' and '.', starting "
                 "with a letter (e.g. VIENTIANE-2016)", "id")
    kind = fields.get("kind")
    if kind is not None and kind not in tuple(InstrumentKind):
        head.add(f"unknown kind {kind!r}; expected one of: {', '.join(InstrumentKind)}", "kind")
    for key in ("title", "place"):
        if key in fields and not text(fields[key]):
            head.add("is empty", key)
    date = fields.get("date")
    if date is not None and date > dt.date.today():
        head.add(f"{date.isoformat()} is in the future", "date")
    item = known or "instrument"
    sections = _sections(file, data.get("sections", []), item, problems)
    commitments = _commitments(file, data.get("commitments", []), item, sections, problems)
    numbers = {c.number for c in commitments}
    links = _links(file, data.get("links", []), item, numbers, catalogue, problems)
    if len(problems) != before:
        return None
    return Instrument(
        id=fields["id"], kind=InstrumentKind(fields["kind"]), title=fields["title"].strip(),
        date=fields["date"], place=fields["place"].strip(), path=file.path,
        short_title=text(fields.get("short_title")), adopted_by=text(fields.get("adopted_by")),
        occasion=text(fields.get("occasion")),
        date_as_printed=text(fields.get("date_as_printed")),
        operative_clause=text(fields.get("operative_clause")),
        tasked=text(fields.get("tasked")), source=text(fields.get("source")),
        note=text(fields.get("note")), sections=tuple(sections),
        commitments=tuple(commitments), links=tuple(links),
    )


def _sections(file: DataFile, raws: list[dict[str, Any]], item: str,
              problems: list[Problem]) -> list[Section]:
    sections: list[Section] = []
    for index, raw in enumerate(raws):
        place = Place(file, f"{item} section {index + 1}",
                      file.finder.table("sections", index), problems)
        fields = checked(raw, SECTION_FIELDS, place, required=("title",))
        title = text(fields.get("title"))
        if "title" in fields and title is None:
            place.add("is empty", "title")
        elif title is not None and any(s.title == title for s in sections):
            place.add(f"section {title!r} is defined twice", "title")
        elif title is not None:
            sections.append(Section(title, text(fields.get("lead_in"))))
    return sections


def _commitments(file: DataFile, raws: list[dict[str, Any]], item: str,
                 sections: list[Section], problems: list[Problem]) -> list[Commitment]:
    commitments: list[Commitment] = []
    titles = [s.title for s in sections]
    for index, raw in enumerate(raws):
        written = raw.get("number")
        label = written if isinstance(written, int) and not isinstance(written, bool) \
            else f"#{index + 1}"
        place = Place(file, f"{item} commitment {label}",
                      file.finder.table("commitments", index), problems)
        fields = checked(raw, COMMITMENT_FIELDS, place, required=("number", "text"))
        number = fields.get("number")
        expected = index + 1
        if number is not None and number != expected:
            place.add(f"expected {expected}: commitments are numbered 1, 2, 3, ... in the "
                      "order the source prints them", "number")
        body = text(fields.get("text"))
        if "text" in fields and body is None:
            place.add("is empty", "text")
        section = text(fields.get("section"))
        if section is not None and section not in titles:
            hint = f"; defined: {'; '.join(titles)}" if titles else \
                "; define it in a [[sections]] table"
            place.add(f"unknown section {section!r}{hint}", "section")
        if number is not None and body is not None:
            commitments.append(Commitment(number, body, section, text(fields.get("note"))))
    return commitments


def _links(file: DataFile, raws: list[dict[str, Any]], item: str, numbers: set[int],
           catalogue: Catalogue, problems: list[Problem]) -> list[Link]:
    links: list[Link] = []
    for index, raw in enumerate(raws):
        place = Place(file, f"{item} link {index + 1}",
                      file.finder.table("links", index), problems)
        fields = checked(raw, LINK_FIELDS, place, required=("relation", "basis"))
        relation = fields.get("relation")
        if relation is not None and relation not in tuple(Relation):
            place.add(f"unknown relation {relation!r}; expected one of: "
                      f"{', '.join(Relation)}", "relation")
        basis = text(fields.get("basis"))
        if "basis" in fields and basis is None:
            place.add("is empty: cite the plan text that makes the link", "basis")
        projects = []
        for pid in fields.get("projects", []):
            project = catalogue.project(pid.strip())
            if project is None:
                close = suggest(pid, [p.id for p in catalogue.projects])
                hint = f" (did you mean {' or '.join(close)}?)" if close else ""
                place.add(f"no project {pid!r} in the loaded plans{hint}", "projects")
            else:
                projects.append(project.id)
        plans = []
        for plan_id in fields.get("plans", []):
            plan = next((p for p in catalogue.plans
                         if p.id.casefold() == plan_id.strip().casefold()), None)
            if plan is None:
                place.add(f"no plan {plan_id!r} loaded; loaded: "
                          f"{', '.join(p.id for p in catalogue.plans)}", "plans")
            else:
                plans.append(plan.id)
        if not raw.get("projects") and not raw.get("plans"):
            place.add("a link names at least one project (projects = [...]) or plan "
                      "(plans = [...])", "projects")
        for number in fields.get("commitments", []):
            if number not in numbers:
                place.add(f"the instrument has no commitment {number} (it has "
                          f"{_numbers_text(numbers)})", "commitments")
        if relation in tuple(Relation) and basis is not None:
            links.append(Link(Relation(relation), basis, tuple(dict.fromkeys(projects)),
                              tuple(dict.fromkeys(plans)),
                              tuple(sorted(set(fields.get("commitments", []))))))
    return links


def _numbers_text(numbers: set[int]) -> str:
    if not numbers:
        return "none"
    return f"1 to {max(numbers)}" if numbers == set(range(1, max(numbers) + 1)) else \
        ", ".join(map(str, sorted(numbers)))
