"""ILO convention ratifications by the ASEAN Member States, as dated facts.

Each file in `plans/ratifications/` records what was verified on one date, from one source
(Annex 1 and Annex 2 of the 2016-2020 publication: 31 October 2017). A later verification is
a new file with a newer date: nothing is overwritten, the history is kept, and a question is
answered "as of" a date with the latest fact verified by then (format in docs/instruments.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

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
from asean_labour.vocabulary import Vocabulary, fold, suggest

RATIFICATIONS_DIR = "ratifications"

# --- the Member States of the matrix -----------------------------------------------------------
#
# The Member States are the vocabulary's (plans/vocabulary.toml): their order, their names and
# aliases, and the day each joined ASEAN (Timor-Leste: 26 October 2025).

def resolve_countries(values: Iterable[str], vocabulary: Vocabulary) -> tuple[str, ...]:
    """`--country` values as canonical names, in Member State order; `UsageError` if not."""
    states = vocabulary.country_names
    wanted = set()
    for value in values:
        name = vocabulary.country(value)
        if name is None:
            close = suggest(value, states)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise UsageError(f"unknown Member State {value!r}.{hint} Valid values: "
                             f"{', '.join(states)}")
        wanted.add(name)
    return tuple(c for c in states if c in wanted)


# --- the facts ---------------------------------------------------------------------------------

class Standing(StrEnum):
    """A Member State's standing towards a convention."""

    RATIFIED = "ratified"
    DENOUNCED = "denounced"
    NOT_RATIFIED = "not ratified"

    @property
    def label(self) -> str:
        """The annex's word: Yes, Denounced, and No for an empty cell."""
        return {"ratified": "Yes", "denounced": "Denounced", "not ratified": "No"}[self.value]


class ConventionGroup(StrEnum):
    """The ILO's classes of conventions, in the order the annexes come."""

    FUNDAMENTAL = "fundamental"
    GOVERNANCE = "governance"
    TECHNICAL = "technical"


CONVENTION_CODE = re.compile(r"^C[0-9]{3}$")


@dataclass(frozen=True, slots=True)
class Convention:
    code: str  # C029
    title: str  # Forced Labour Convention, 1930 (No. 29)
    group: ConventionGroup

    @property
    def number(self) -> int:
        return int(self.code[1:])

    @property
    def order(self) -> tuple[int, int]:
        return list(ConventionGroup).index(self.group), self.number


@dataclass(frozen=True, slots=True)
class Record:
    """One ratifications file: what was verified on one date, from one source."""

    verified: dt.date
    source: str
    file: str  # as shown in messages
    path: Path
    title: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """One Member State's standing towards one convention, as verified in one record."""

    country: str
    code: str
    standing: Standing
    record: Record
    line: int | None = None
    ratified_on: dt.date | None = None
    denounced_on: dt.date | None = None
    note: str | None = None

    @property
    def verified(self) -> dt.date:
        return self.record.verified


@dataclass(frozen=True)
class Ratifications:
    """Every convention and every fact of the ratifications folder."""

    conventions: tuple[Convention, ...]
    facts: tuple[Fact, ...]
    vocabulary: Vocabulary  # the Member States: the rows of the matrix, in their order
    records: tuple[Record, ...] = ()
    _by_cell: dict[tuple[str, str], list[Fact]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_cell: dict[tuple[str, str], list[Fact]] = {}
        for fact in sorted(self.facts, key=lambda f: f.verified):
            by_cell.setdefault((fact.country, fact.code), []).append(fact)
        object.__setattr__(self, "_by_cell", by_cell)

    def convention(self, code: str) -> Convention | None:
        return next((c for c in self.conventions if c.code == code), None)

    def history(self, country: str, code: str, as_of: dt.date | None = None) -> list[Fact]:
        """The facts about one cell, oldest verification first (up to `as_of`)."""
        facts = self._by_cell.get((country, code), [])
        return [f for f in facts if as_of is None or f.verified <= as_of]

    def latest(self, country: str, code: str, as_of: dt.date) -> Fact | None:
        """The cell's fact verified last on or before `as_of`, or None (no data)."""
        facts = self.history(country, code, as_of)
        return facts[-1] if facts else None


@dataclass(frozen=True)
class Matrix:
    """Member States x conventions as of a date: each cell the latest fact, or None."""

    as_of: dt.date
    countries: tuple[str, ...]
    conventions: tuple[Convention, ...]
    cells: dict[tuple[str, str], Fact | None]
    joined: dict[str, dt.date] = field(default_factory=dict)  # when each state joined ASEAN

    def cell(self, country: str, code: str) -> Fact | None:
        return self.cells.get((country, code))

    def groups(self) -> list[tuple[ConventionGroup, tuple[Convention, ...]]]:
        """The conventions by group, as the annexes split them."""
        return [(group, tuple(c for c in self.conventions if c.group is group))
                for group in ConventionGroup
                if any(c.group is group for c in self.conventions)]

    def count(self, standing: Standing, *, country: str | None = None,
              code: str | None = None, group: ConventionGroup | None = None) -> int:
        """How many cells of a row, a column or a group have this standing."""
        return sum(1 for (c, k), fact in self.cells.items()
                   if fact is not None and fact.standing is standing
                   and (country is None or c == country) and (code is None or k == code)
                   and (group is None or self._group(k) is group))

    def _group(self, code: str) -> ConventionGroup | None:
        return next((c.group for c in self.conventions if c.code == code), None)

    def facts(self) -> list[Fact]:
        return [f for f in self.cells.values() if f is not None]

    def records(self) -> list[Record]:
        """The records the shown cells come from, oldest first."""
        found = {f.record: None for f in self.facts()}
        return sorted(found, key=lambda r: (r.verified, r.file))

    def without_data(self) -> list[str]:
        """The Member States with no fact at all in the shown columns."""
        return [c for c in self.countries
                if all(self.cell(c, k.code) is None for k in self.conventions)]


def matrix(ratifications: Ratifications, as_of: dt.date, countries: Sequence[str] = (),
           codes: Sequence[str] = ()) -> Matrix:
    """The matrix as of a date, for some Member States and conventions (default: all)."""
    vocabulary = ratifications.vocabulary
    rows = tuple(countries) or vocabulary.country_names
    columns = tuple(c for c in ratifications.conventions if not codes or c.code in codes)
    cells = {(country, c.code): ratifications.latest(country, c.code, as_of)
             for country in rows for c in columns}
    joined = {country: day for country in rows if (day := vocabulary.joined(country))}
    return Matrix(as_of, rows, columns, cells, joined)


def country_facts(ratifications: Ratifications, country: str, as_of: dt.date
                  ) -> list[tuple[Convention, Fact | None]]:
    """One Member State's standing towards every convention as of a date (for a country's
    one-pager): each convention with its latest fact, or None where there is no data."""
    row = matrix(ratifications, as_of, (country,))
    return [(c, row.cell(country, c.code)) for c in row.conventions]


# --- what a user types -------------------------------------------------------------------------

_TYPED_CODE = re.compile(r"^(?:c|no\.?)?\s*0*([0-9]{1,3})$", re.IGNORECASE)


def resolve_conventions(values: Iterable[str], ratifications: Ratifications
                        ) -> tuple[str, ...]:
    """`--convention` values as codes: `C087`, `c87`, `87` and `No. 87` are C087; a group
    name (`fundamental`, `governance`) stands for its conventions."""
    known = [c.code for c in ratifications.conventions]
    wanted: set[str] = set()
    for value in values:
        group = next((g for g in ConventionGroup if g.value == fold(value)), None)
        if group is not None:
            members = [c.code for c in ratifications.conventions if c.group is group]
            if not members:
                raise UsageError(f"no {group.value} convention is defined in the "
                                 f"ratifications files (defined: {', '.join(known) or 'none'})")
            wanted.update(members)
            continue
        match = _TYPED_CODE.match(value.strip())
        code = f"C{int(match.group(1)):03d}" if match else None
        if code not in known:
            groups = ", ".join(g.value for g in ConventionGroup)
            raise UsageError(f"unknown convention {value!r}; the ratifications files define: "
                             f"{', '.join(known) or 'none'} (or a group: {groups})")
        wanted.add(code)
    return tuple(c for c in known if c in wanted)


def parse_date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option} expects a date as YYYY-MM-DD, e.g. 2017-10-31; got "
                         f"{value!r}") from None


# --- reading and checking ----------------------------------------------------------------------

TOP_FIELDS = {
    "schema_version": "int", "title": "str", "verified": "date", "source": "str",
    "note": "str", "conventions": "table_list", "member_states": "table_list",
}
CONVENTION_FIELDS = {"code": "str", "title": "str", "group": "str"}
STATE_FIELDS = {
    "country": "str", "ratified": "str_list", "denounced": "str_list",
    "not_ratified": "str_list", "ratified_on": "date_table", "denounced_on": "date_table",
    "notes": "str_table",
}
STANDING_KEYS = {"ratified": Standing.RATIFIED, "denounced": Standing.DENOUNCED,
                 "not_ratified": Standing.NOT_RATIFIED}


@dataclass
class _Draft:
    file: DataFile
    record: Record | None
    states: list[tuple[dict[str, Any], Place]]


def read_ratifications(plans_dir: Path, vocabulary: Vocabulary | None = None
                       ) -> tuple[Ratifications, list[Problem]]:
    """Every convention and fact of `plans_dir/ratifications/`, and every problem; the Member
    States are those of `vocabulary` (default: the plans folder's vocabulary, whose own
    problems `validate` reports with the plans)."""
    if vocabulary is None:
        from asean_labour.vocabulary_file import read_vocabulary

        vocabulary = read_vocabulary(plans_dir)[0]
    problems: list[Problem] = []
    drafts: list[_Draft] = []
    conventions: dict[str, tuple[Convention, str]] = {}
    for path in data_files(plans_dir, RATIFICATIONS_DIR, problems):
        file = read_data_file(path, problems)
        if file is None:
            continue
        draft = _draft(file, conventions, problems, vocabulary)
        if draft is not None:
            drafts.append(draft)
    defined = {code: c for code, (c, _) in conventions.items()}
    facts: list[Fact] = []
    seen: dict[tuple[str, str, dt.date], str] = {}
    for draft in drafts:
        for raw, place in draft.states:
            facts += _facts(raw, place, draft.record, defined, seen, problems, vocabulary)
    problems.sort(key=lambda p: p.file)  # stable: each file's problems in reading order
    ordered = tuple(sorted(defined.values(), key=lambda c: c.order))
    records = tuple(d.record for d in drafts if d.record is not None)
    return Ratifications(ordered, tuple(facts), vocabulary, records), problems


def load_ratifications(plans_dir: Path, vocabulary: Vocabulary | None = None) -> Ratifications:
    """The ratifications, or `InvalidInput` listing every problem (of the vocabulary too,
    when it is read here)."""
    problems: list[Problem] = []
    if vocabulary is None:
        from asean_labour.vocabulary_file import read_vocabulary

        vocabulary, problems = read_vocabulary(plans_dir)
    ratifications, found = read_ratifications(plans_dir, vocabulary)
    problems += found
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise InvalidInput(problems, f"{len(problems)} {noun} in the ratifications files"
                           f"{' or the vocabulary' if len(found) < len(problems) else ''}; "
                           "run `asean-labour validate` after fixing them")
    return ratifications


def _draft(file: DataFile, conventions: dict[str, tuple[Convention, str]],
           problems: list[Problem], vocabulary: Vocabulary) -> _Draft | None:
    top = Place(file, None, 0, problems)
    data = checked(file.data, TOP_FIELDS, top,
                   required=("schema_version", "verified", "source"))
    if not check_schema(file, problems):
        return None
    verified = data.get("verified")
    if verified is not None and verified > dt.date.today():
        top.add(f"{verified.isoformat()} is in the future", "verified")
        verified = None
    source = text(data.get("source"))
    if "source" in data and source is None:
        top.add("is empty: say where the facts come from", "source")
    record = Record(verified, source, file.shown, file.path, text(data.get("title")),
                    text(data.get("note"))) if verified is not None and source else None
    for index, raw in enumerate(data.get("conventions", [])):
        line = file.finder.table("conventions", index)
        written = raw.get("code")
        label = f"convention {written}" if isinstance(written, str) else \
            f"convention #{index + 1}"
        place = Place(file, label, line, problems)
        fields = checked(raw, CONVENTION_FIELDS, place, required=("code", "title", "group"))
        code = fields.get("code")
        if code is not None:
            if not CONVENTION_CODE.match(code):
                place.add(f"{code!r} is not a convention code: write C and three digits, "
                          "e.g. C087 for Convention No. 87", "code")
                code = None
            elif code in conventions:
                place.add(f"convention {code} is also defined in {conventions[code][1]}",
                          "code")
                code = None
        group = fields.get("group")
        if group is not None and group not in tuple(ConventionGroup):
            place.add(f"unknown group {group!r}; expected one of: "
                      f"{', '.join(ConventionGroup)}", "group")
            group = None
        title = text(fields.get("title"))
        if "title" in fields and title is None:
            place.add("is empty", "title")
        if code is not None and group is not None and title is not None:
            conventions[code] = (Convention(code, title, ConventionGroup(group)),
                                 f"{file.shown}:{line}" if line else file.shown)
    states = []
    for index, raw in enumerate(data.get("member_states", [])):
        written = raw.get("country")
        known = vocabulary.country(written) if isinstance(written, str) else None
        states.append((raw, Place(file, known or f"member state #{index + 1}",
                                  file.finder.table("member_states", index), problems)))
    return _Draft(file, record, states)


def _facts(raw: dict[str, Any], place: Place, record: Record | None,
           conventions: dict[str, Convention], seen: dict[tuple[str, str, dt.date], str],
           problems: list[Problem], vocabulary: Vocabulary) -> list[Fact]:
    before = len(problems)
    fields = checked(raw, STATE_FIELDS, place, required=("country",))
    country = None
    if "country" in fields:
        country = vocabulary.country(fields["country"])
        if country is None:
            close = suggest(fields["country"], vocabulary.country_names)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            place.add(f"unknown Member State {fields['country']!r}{hint}; expected one of: "
                      f"{', '.join(vocabulary.country_names)} (a new one goes in "
                      "the plans folder's vocabulary.toml)", "country")
    standing_of: dict[str, tuple[Standing, str]] = {}
    for key, standing in STANDING_KEYS.items():
        for code in fields.get(key, []):
            if not CONVENTION_CODE.match(code):
                place.add(f"{code!r} is not a convention code: write C and three digits, "
                          "e.g. C087", key)
            elif code not in conventions:
                place.add(f"convention {code} is not defined in any ratifications file "
                          f"(defined: {', '.join(sorted(conventions)) or 'none'})", key)
            elif code in standing_of:
                other = standing_of[code][1]
                where = "twice" if other == key else f"in both {other} and {key}"
                place.add(f"{code} is listed {where}; give one standing per convention", key)
            else:
                standing_of[code] = (standing, key)
    mistyped = any(key in raw and key not in fields for key in STANDING_KEYS)
    if not any(fields.get(key) for key in STANDING_KEYS) and not mistyped:
        place.add("gives no convention: list codes in ratified, denounced or not_ratified",
                  "ratified")
    dates: dict[str, dict[str, dt.date]] = {}
    for key, allowed in (("ratified_on", (Standing.RATIFIED, Standing.DENOUNCED)),
                         ("denounced_on", (Standing.DENOUNCED,))):
        dates[key] = {}
        for code, day in fields.get(key, {}).items():
            if code not in standing_of or standing_of[code][0] not in allowed:
                lists = " or ".join(k for k, s in STANDING_KEYS.items() if s in allowed)
                place.add(f"{code} has a date but is not listed in {lists}", key)
            elif record is not None and day > record.verified:
                place.add(f"{code}: {day.isoformat()} is after the verification date "
                          f"{record.verified.isoformat()}", key)
            else:
                dates[key][code] = day
    notes = fields.get("notes", {})
    for code in notes:
        if code not in standing_of:
            place.add(f"a note for {code}, which this entry does not list", "notes")
    if country is None or record is None or len(problems) != before:
        return []
    facts = []
    for code, (standing, key) in standing_of.items():
        cell = (country, code, record.verified)
        here = f"{record.file}:{place.line_of(key)}" if place.line_of(key) else record.file
        if cell in seen:
            place.add(f"{country}, {code} is also given by {seen[cell]} for the same "
                      f"verification date {record.verified.isoformat()}", key)
            continue
        seen[cell] = here
        facts.append(Fact(country, code, standing, record, place.line_of(key),
                          dates["ratified_on"].get(code), dates["denounced_on"].get(code),
                          text(notes.get(code))))
    return facts

