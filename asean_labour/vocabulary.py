"""The vocabulary of the plans, and the matching of every name a user or a plan file gives.

What the names are (the ASEAN Member States with their aliases, ISO 3166 codes and the dates
they joined; the bodies that own work plans, in reporting order; the coordinating roles; the
partner organisations) is data: `vocabulary.toml` in the plans folder, read and checked by
`vocabulary_file`. This module keeps no list of them, only the matching: `Viet Nam`,
`viet nam`, `Vietnam`, `VN` and `VNM` are one country everywhere (loading, filters, progress,
ratifications), and every command asks the one `Vocabulary` the plans were loaded with.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import Any, NamedTuple, NewType

#: A body that owns a work plan (SLOM, SLOM-WG, ...), as the vocabulary spells it. The bodies
#: and their reporting order are the vocabulary's (`Vocabulary.bodies`).
Body = NewType("Body", str)

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Case- and space-insensitive key of a name."""
    return _SPACES.sub(" ", text.strip()).casefold()


# The entries are named tuples and the vocabulary a plain class: every command that reads the
# cached catalogue imports this module, and dataclasses cost ten times as much to define
# (docs/performance.md, "The vocabulary").

class MemberState(NamedTuple):
    """An ASEAN Member State: its name as the plans print it, its other names, its ISO 3166-1
    codes, and the day it joined ASEAN."""

    name: str
    iso2: str
    iso3: str
    joined: dt.date
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way of writing it that the tool accepts."""
        return (self.name, *self.aliases, *(c for c in (self.iso2, self.iso3) if c))


class BodyInfo(NamedTuple):
    """A body that owns a work plan; its place in `Vocabulary.bodies` is its reporting
    order."""

    name: Body
    full_name: str
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Role(NamedTuple):
    """A coordinator that is not a Member State: a secretariat, a chair, a rotation."""

    name: str
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Organisation(NamedTuple):
    """A partner organisation the sources spell more than one way; others keep their own
    spelling."""

    name: str
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Vocabulary:
    """The names the plans may use, and the look-ups every command shares. `source` names
    the file it was read from, for messages. Immutable: `replace` gives a changed copy."""

    __slots__ = ("_bodies", "_named", "_organisations", "_ranks", "_roles", "_states",
                 "bodies", "member_states", "organisations", "roles", "source")
    FIELDS = ("member_states", "bodies", "roles", "organisations", "source")

    member_states: tuple[MemberState, ...]
    bodies: tuple[BodyInfo, ...]
    roles: tuple[Role, ...]
    organisations: tuple[Organisation, ...]
    source: str
    _states: dict[str, MemberState]
    _named: dict[str, MemberState | None]
    _roles: dict[str, str]
    _bodies: dict[str, BodyInfo]
    _ranks: dict[str, int]
    _organisations: dict[str, str]

    def __init__(self, member_states: tuple[MemberState, ...], bodies: tuple[BodyInfo, ...],
                 roles: tuple[Role, ...] = (), organisations: tuple[Organisation, ...] = (),
                 source: str = "vocabulary.toml") -> None:
        for name, value in zip(self.FIELDS, (member_states, bodies, roles, organisations,
                                             source), strict=True):
            object.__setattr__(self, name, value)
        self.__post_init__()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Vocabulary is immutable: use replace(), not {name} =")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vocabulary) and all(
            getattr(self, f) == getattr(other, f) for f in self.FIELDS)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, f) for f in self.FIELDS))

    def __repr__(self) -> str:
        return (f"Vocabulary({len(self.member_states)} member states, {len(self.bodies)} "
                f"bodies, {len(self.roles)} roles, {len(self.organisations)} organisations, "
                f"source={self.source!r})")

    def __reduce__(self) -> tuple[object, ...]:
        return (Vocabulary, tuple(getattr(self, f) for f in self.FIELDS))

    def replace(self, **changes: Any) -> Vocabulary:
        """A copy with some fields changed (`source=...`)."""
        return Vocabulary(**{f: changes.get(f, getattr(self, f)) for f in self.FIELDS})

    def __post_init__(self) -> None:
        # The first entry to claim a spelling keeps it (the file's check refuses a spelling
        # claimed twice, so this only matters for a vocabulary that has problems).
        states: dict[str, MemberState] = {}
        for state in self.member_states:
            for spelling in state.spellings:
                states.setdefault(fold(spelling), state)
        roles: dict[str, str] = {}
        for role in self.roles:
            for spelling in role.spellings:
                roles.setdefault(fold(spelling), role.name)
        bodies: dict[str, BodyInfo] = {}
        for body in self.bodies:
            for spelling in body.spellings:
                bodies.setdefault(fold(spelling), body)
        organisations: dict[str, str] = {}
        for organisation in self.organisations:
            for spelling in organisation.spellings:
                organisations.setdefault(fold(spelling), organisation.name)
        object.__setattr__(self, "_states", states)
        named: dict[str, MemberState | None] = {r.name: None for r in self.roles}
        object.__setattr__(self, "_named", named | {s.name: s for s in self.member_states})
        object.__setattr__(self, "_roles", roles)
        object.__setattr__(self, "_bodies", bodies)
        object.__setattr__(self, "_ranks", {b.name: i for i, b in enumerate(self.bodies)})
        object.__setattr__(self, "_organisations", organisations)

    # --- bodies ------------------------------------------------------------------------------

    @property
    def body_order(self) -> tuple[Body, ...]:
        """The bodies in reporting order: SLOM first, then its subsidiary bodies."""
        return tuple(b.name for b in self.bodies)

    def body(self, name: str) -> Body | None:
        """The body a name stands for (`oshnet` -> ASEAN-OSHNET), or None."""
        found = self._bodies.get(fold(name))
        return found.name if found else None

    def body_info(self, body: str) -> BodyInfo | None:
        return self._bodies.get(fold(body))

    def body_rank(self, body: str) -> int:
        """A body's place in the reporting order (a body the vocabulary lost: last)."""
        return self._ranks.get(body, len(self._ranks))

    def body_aliases(self) -> list[str]:
        return [a for b in self.bodies for a in b.aliases]

    # --- Member States and coordinators -------------------------------------------------------

    @property
    def country_names(self) -> tuple[str, ...]:
        """The Member States, in the vocabulary's order."""
        return tuple(s.name for s in self.member_states)

    def member_state(self, name: str) -> MemberState | None:
        """The Member State a name, an alias or an ISO code stands for, or None."""
        return self._states.get(fold(name))

    def country(self, name: str) -> str | None:
        """The canonical Member State name, or None when `name` is no Member State."""
        state = self._states.get(fold(name))
        return state.name if state else None

    def joined(self, country: str) -> dt.date | None:
        """The day a Member State joined ASEAN (None: not a Member State). The canonical
        name is looked up first: the loader asks for every coordinator of every project."""
        state = self._named[country] if country in self._named else \
            self._states.get(fold(country))
        return state.joined if state else None

    def coordinator(self, name: str) -> str | None:
        """A canonical Member State or coordinating role, or None when unknown."""
        key = fold(name)
        state = self._states.get(key)
        return state.name if state else self._roles.get(key)

    def coordinator_names(self) -> list[str]:
        """Every name accepted as a coordinator (canonical spellings)."""
        return [*self.country_names, *(r.name for r in self.roles)]

    def country_aliases(self) -> list[str]:
        """The other names and ISO codes of the Member States, for completion."""
        return [a for s in self.member_states for a in s.spellings[1:]]

    def role_aliases(self) -> list[str]:
        return [a for r in self.roles for a in r.aliases]

    def suggest_coordinator(self, value: str, limit: int = 3) -> list[str]:
        """The canonical coordinators nearest to `value`, aliases included (`Laoss` -> Lao
        PDR). ISO codes are too short to be near anything and are left out."""
        keys = {fold(spelling): s.name for s in self.member_states
                for spelling in (s.name, *s.aliases)}
        keys |= {k: v for k, v in self._roles.items() if k not in keys}
        matches = difflib.get_close_matches(fold(value), list(keys), n=limit * 2, cutoff=0.6)
        return list(dict.fromkeys(keys[m] for m in matches))[:limit]

    # --- organisations ----------------------------------------------------------------------

    def organisation(self, name: str) -> str:
        """One spelling per organisation; unknown organisations keep their own spelling."""
        cleaned = _SPACES.sub(" ", name.strip())
        return self._organisations.get(cleaned.casefold(), cleaned)

    def organisation_spellings(self, folded: str) -> list[str]:
        """The folded spellings of an organisation (`ilo`: `ilo`, `international labour
        organization`, ...), for finding it named in a text."""
        return [folded, *(key for key, name in self._organisations.items()
                          if fold(name) == folded and key != folded)]


def suggest(value: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The closest spellings of `value` among `choices` (case-insensitive)."""
    by_key = {str(c).casefold(): str(c) for c in choices}
    matches = difflib.get_close_matches(value.casefold(), list(by_key), n=limit, cutoff=0.6)
    return [by_key[m] for m in matches]


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """' (did you mean X?)' when a close spelling exists, else ''."""
    close = suggest(value, choices, limit=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
