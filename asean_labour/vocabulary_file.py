"""Reading and checking `vocabulary.toml`: the Member States, bodies, coordinating roles and
organisations of the plans (format in docs/plan-format.md, "The vocabulary").

The file lives at the top of the plans folder. A folder without one (an older checkout, a test's
tiny plans folder) uses the copy shipped inside the package, which is the same file as the
shipped `plans/vocabulary.toml` (a test holds them equal). Like the plan loader, nothing here
raises for a bad file: every problem is collected with its file, line, entry and field, and the
entries that are usable still make a vocabulary, so the plans are checked with it too (one run
of `validate` reports everything).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from asean_labour.data_files import DataFile, Place, check_schema, checked, read_data_file, text
from asean_labour.errors import Problem
from asean_labour.files import BUILTIN_VOCABULARY, VOCABULARY_FILE, display_path, vocabulary_path
from asean_labour.vocabulary import (
    Body,
    BodyInfo,
    MemberState,
    Organisation,
    Role,
    Vocabulary,
    fold,
)

BUILTIN_NAME = f"the built-in vocabulary ({VOCABULARY_FILE} of the tool)"

TOP_FIELDS = {"schema_version": "int", "member_states": "table_list", "bodies": "table_list",
              "roles": "table_list", "organisations": "table_list"}
STATE_FIELDS = {"name": "str", "iso2": "str", "iso3": "str", "joined": "date",
                "aliases": "str_list"}
BODY_FIELDS = {"name": "str", "full_name": "str", "aliases": "str_list"}
NAME_FIELDS = {"name": "str", "aliases": "str_list"}

ISO2 = re.compile(r"^[A-Z]{2}$")
ISO3 = re.compile(r"^[A-Z]{3}$")
MAX_NAME = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def read_vocabulary(plans_dir: Path) -> tuple[Vocabulary, list[Problem]]:
    """The vocabulary of a plans folder and every problem of its file."""
    return read_vocabulary_file(vocabulary_path(plans_dir))


def read_vocabulary_file(path: Path) -> tuple[Vocabulary, list[Problem]]:
    problems: list[Problem] = []
    file = read_data_file(path, problems)
    if file is None:
        # The plans are still checked, with the built-in vocabulary standing in: the run
        # fails on this file's problem, not on every name of every plan.
        stand_in = read_vocabulary_file(BUILTIN_VOCABULARY)[0] \
            if path != BUILTIN_VOCABULARY else Vocabulary((), ())
        return stand_in.replace(source=_shown(path)), problems
    if path == BUILTIN_VOCABULARY:
        file.shown = BUILTIN_NAME
    return _build(file, problems), problems


def _shown(path: Path) -> str:
    return BUILTIN_NAME if path == BUILTIN_VOCABULARY else display_path(path)


class _Spellings:
    """Every spelling given so far in one namespace (coordinators, bodies, organisations):
    a spelling stands for one thing only."""

    def __init__(self) -> None:
        self.owners: dict[str, tuple[str, str]] = {}  # folded -> (owner, how it is given)

    def claim(self, spelling: str, owner: str, how: str, place: Place, key: str) -> bool:
        folded = fold(spelling)
        if folded in self.owners:
            other, given = self.owners[folded]
            whose = "its own" if other == owner else f"{other}'s"
            place.add(f"{spelling!r} is already {whose} {given}; a spelling stands for one "
                      "name only", key)
            return False
        self.owners[folded] = (owner, how)
        return True


def _build(file: DataFile, problems: list[Problem]) -> Vocabulary:
    top = Place(file, None, 0, problems)
    data = checked(file.data, TOP_FIELDS, top,
                   required=("schema_version", "member_states", "bodies"))
    check_schema(file, problems)
    coordinators = _Spellings()
    states = []
    for index, raw in enumerate(data.get("member_states", [])):
        state = _state(raw, _place(file, "member_states", index, raw, "member state",
                                   problems), coordinators)
        if state is not None:
            states.append(state)
    if data.get("member_states") == []:
        top.add("is empty: list the ASEAN Member States", "member_states")
    bodies_seen = _Spellings()
    bodies = []
    for index, raw in enumerate(data.get("bodies", [])):
        body = _body(raw, _place(file, "bodies", index, raw, "body", problems), bodies_seen)
        if body is not None:
            bodies.append(body)
    if data.get("bodies") == []:
        top.add("is empty: list the bodies that own a work plan", "bodies")
    roles = []
    for index, raw in enumerate(data.get("roles", [])):
        found = _named(raw, _place(file, "roles", index, raw, "role", problems), coordinators)
        if found is not None:
            roles.append(Role(*found))
    organisations_seen = _Spellings()
    organisations = []
    for index, raw in enumerate(data.get("organisations", [])):
        found = _named(raw, _place(file, "organisations", index, raw, "organisation",
                                   problems), organisations_seen)
        if found is not None:
            organisations.append(Organisation(*found))
    if problems and (not states or not bodies) and file.path != BUILTIN_VOCABULARY:
        # A whole list missing or unusable (reported): the built-in one stands in, so the
        # plans are not reported name by name.
        builtin = read_vocabulary_file(BUILTIN_VOCABULARY)[0]
        states = states or list(builtin.member_states)
        bodies = bodies or list(builtin.bodies)
    return Vocabulary(tuple(states), tuple(bodies), tuple(roles), tuple(organisations),
                      source=file.shown)


def _place(file: DataFile, table: str, index: int, raw: dict[str, Any], what: str,
           problems: list[Problem]) -> Place:
    name = raw.get("name")
    label = f"{what} {name.strip()!r}" if isinstance(name, str) and name.strip() else \
        f"{what} #{index + 1}"
    return Place(file, label, file.finder.table(table, index), problems)


def _name(value: Any, place: Place, key: str) -> str | None:
    """A name or alias as written: not empty, no surrounding spaces, no control characters,
    not too long."""
    name = text(value)
    if name is None:
        place.add("is empty", key)
        return None
    if name != value:
        place.add(f"{value!r} has spaces around it; write {name!r}", key)
        return None
    if _CONTROL.search(name):
        place.add(f"{name!r} holds a control character", key)
        return None
    if len(name) > MAX_NAME:
        place.add(f"is {len(name)} characters long; at most {MAX_NAME}", key)
        return None
    return name


def _entry_name(fields: dict[str, Any], place: Place) -> str | None:
    """An entry's name; a name with a problem (reported) stands in as far as it is one, so
    the plans naming it are not reported too."""
    if "name" not in fields:
        return None
    return _name(fields["name"], place, "name") or text(fields["name"])


def _aliases(values: list[str], owner: str, place: Place, seen: _Spellings) -> tuple[str, ...]:
    found = []
    for value in values:
        alias = _name(value, place, "aliases")
        if alias is not None and seen.claim(alias, owner, f"alias {alias!r}", place, "aliases"):
            found.append(alias)
    return tuple(found)


def _state(raw: dict[str, Any], place: Place, seen: _Spellings) -> MemberState | None:
    fields = checked(raw, STATE_FIELDS, place, required=("name", "iso2", "iso3", "joined"))
    name = _entry_name(fields, place)
    if name is None:
        return None
    claimed = seen.claim(name, name, "name", place, "name")
    codes = []
    for key, pattern, size in (("iso2", ISO2, "two"), ("iso3", ISO3, "three")):
        code = fields.get(key)
        if code is not None and not pattern.match(code):
            place.add(f"{code!r} is not an ISO 3166-1 code: write its {size} capital "
                      "letters, e.g. " + ("VN" if size == "two" else "VNM"), key)
        elif code is not None and seen.claim(code, name, f"ISO code {code}", place, key):
            codes.append(code)
            continue
        codes.append("")
    aliases = _aliases(fields.get("aliases", []), name, place, seen)
    if not claimed:
        return None
    # A state with a bad code or no date is kept (the problem is reported), so the plans
    # naming it are not reported too.
    return MemberState(name, codes[0], codes[1], fields.get("joined", dt.date.min), aliases)


def _body(raw: dict[str, Any], place: Place, seen: _Spellings) -> BodyInfo | None:
    fields = checked(raw, BODY_FIELDS, place, required=("name", "full_name"))
    name = _entry_name(fields, place)
    full_name = _name(fields["full_name"], place, "full_name") if "full_name" in fields \
        else None
    if name is None:
        return None
    claimed = seen.claim(name, name, "name", place, "name")
    aliases = _aliases(fields.get("aliases", []), name, place, seen)
    return BodyInfo(Body(name), full_name or "", aliases) if claimed else None


def _named(raw: dict[str, Any], place: Place,
           seen: _Spellings) -> tuple[str, tuple[str, ...]] | None:
    fields = checked(raw, NAME_FIELDS, place, required=("name",))
    name = _entry_name(fields, place)
    if name is None:
        return None
    claimed = seen.claim(name, name, "name", place, "name")
    aliases = _aliases(fields.get("aliases", []), name, place, seen)
    return (name, aliases) if claimed else None
