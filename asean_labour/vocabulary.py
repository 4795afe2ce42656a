"""The closed vocabularies of the plans: bodies, countries, coordinating roles, organisations.

Every name a user or a plan file gives goes through `normalise_*` here, so `Vietnam`,
`viet nam` and `Viet Nam` are one country everywhere (loading, filters, progress).
"""

from __future__ import annotations

import difflib
import re
from enum import StrEnum


class Body(StrEnum):
    """The ASEAN labour bodies that own a work plan."""

    SLOM = "SLOM"
    SLOM_WG = "SLOM-WG"
    ACMW = "ACMW"
    ASEAN_OSHNET = "ASEAN-OSHNET"


#: The reporting order of the bodies: SLOM first, then its subsidiary bodies.
BODY_ORDER: tuple[Body, ...] = (Body.SLOM, Body.SLOM_WG, Body.ACMW, Body.ASEAN_OSHNET)

BODY_ALIASES: dict[str, Body] = {
    "slom": Body.SLOM,
    "slom-wg": Body.SLOM_WG,
    "slom wg": Body.SLOM_WG,
    "slomwg": Body.SLOM_WG,
    "acmw": Body.ACMW,
    "asean-oshnet": Body.ASEAN_OSHNET,
    "asean oshnet": Body.ASEAN_OSHNET,
    "oshnet": Body.ASEAN_OSHNET,
}

COUNTRIES: tuple[str, ...] = (
    "Brunei Darussalam",
    "Cambodia",
    "Indonesia",
    "Lao PDR",
    "Malaysia",
    "Myanmar",
    "Philippines",
    "Singapore",
    "Thailand",
    "Viet Nam",
)

COUNTRY_ALIASES: dict[str, str] = {
    "brunei": "Brunei Darussalam",
    "laos": "Lao PDR",
    "lao": "Lao PDR",
    "lao pdr": "Lao PDR",
    "lao people's democratic republic": "Lao PDR",
    "the philippines": "Philippines",
    "vietnam": "Viet Nam",
    "viet-nam": "Viet Nam",
    "burma": "Myanmar",
    "kingdom of cambodia": "Cambodia",
    "republic of indonesia": "Indonesia",
    "kingdom of thailand": "Thailand",
    "republic of singapore": "Singapore",
    "republic of the philippines": "Philippines",
    "socialist republic of viet nam": "Viet Nam",
}

#: Coordinators that are not a Member State: secretariats, chairs, rotations.
COORDINATOR_ROLES: tuple[str, ...] = (
    "ASEAN Secretariat",
    "AMS",
    "ASEAN Chair",
    "ACMW Chair",
    "SLOM-WG Chair",
    "ASEAN-OSHNET Secretariat",
    "Host of CBM",
    "ASEAN BCA Coordinator",
)

ROLE_ALIASES: dict[str, str] = {
    "asean member states": "AMS",
    "all ams": "AMS",
    "member states assuming the asean chairmanship": "ASEAN Chair",
    "asean chairmanship": "ASEAN Chair",
    "asean oshnet secretariat": "ASEAN-OSHNET Secretariat",
    "asean-bca coordinator": "ASEAN BCA Coordinator",
    "subsequent bca coordinator": "ASEAN BCA Coordinator",
    "bca coordinator": "ASEAN BCA Coordinator",
    "asec": "ASEAN Secretariat",
}

#: Organisations the source spells more than one way, keyed by a folded spelling.
ORGANISATION_ALIASES: dict[str, str] = {
    "un women": "UN Women",
    "un-women": "UN Women",
    "unwomen": "UN Women",
    "un escap": "UN ESCAP",
    "unescap": "UN ESCAP",
    "escap": "UN ESCAP",
    "asean bca": "ASEAN-BCA",
    "asean-bca": "ASEAN-BCA",
    "eu osha": "EU-OSHA",
    "eu-osha": "EU-OSHA",
    "e-readi": "E-READI",
    "ereadi": "E-READI",
    "tripartite partners": "Tripartite Partners",
    "dialogue partners": "Dialogue Partners",
    "the plus 3 countries": "Plus Three Countries",
    "plus 3 countries": "Plus Three Countries",
    "plus three countries": "Plus Three Countries",
    "asean japan fund for building ssn": "ASEAN-Japan Fund for Building SSN",
    "asean-japan fund for building ssn": "ASEAN-Japan Fund for Building SSN",
    "international labour organization": "ILO",
    "international labour organisation": "ILO",
    "international organization for migration": "IOM",
}

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Case- and space-insensitive key of a name."""
    return _SPACES.sub(" ", text.strip()).casefold()


def normalise_body(name: str) -> Body | None:
    """The body a name stands for, or None."""
    return BODY_ALIASES.get(fold(name))


_COUNTRY_KEYS: dict[str, str] = {fold(c): c for c in COUNTRIES} | COUNTRY_ALIASES
_ROLE_KEYS: dict[str, str] = {fold(r): r for r in COORDINATOR_ROLES} | ROLE_ALIASES


def normalise_country(name: str) -> str | None:
    """The canonical Member State name, or None when `name` is no Member State."""
    return _COUNTRY_KEYS.get(fold(name))


def normalise_coordinator(name: str) -> str | None:
    """A canonical country or coordinating role, or None when unknown."""
    key = fold(name)
    return _COUNTRY_KEYS.get(key) or _ROLE_KEYS.get(key)


def normalise_organisation(name: str) -> str:
    """One spelling per organisation; unknown organisations keep their own spelling."""
    cleaned = _SPACES.sub(" ", name.strip())
    return ORGANISATION_ALIASES.get(cleaned.casefold(), cleaned)


def coordinator_names() -> list[str]:
    """Every name accepted as a coordinator (canonical spellings)."""
    return [*COUNTRIES, *COORDINATOR_ROLES]


def suggest(value: str, choices: list[str] | tuple[str, ...], limit: int = 3) -> list[str]:
    """The closest spellings of `value` among `choices` (case-insensitive)."""
    by_key = {str(c).casefold(): str(c) for c in choices}
    matches = difflib.get_close_matches(value.casefold(), list(by_key), n=limit, cutoff=0.6)
    return [by_key[m] for m in matches]


def suggest_coordinator(value: str, limit: int = 3) -> list[str]:
    """The canonical coordinators nearest to `value`, aliases included (`Laoss` -> Lao PDR)."""
    keys = _COUNTRY_KEYS | _ROLE_KEYS
    matches = difflib.get_close_matches(fold(value), list(keys), n=limit * 2, cutoff=0.6)
    return list(dict.fromkeys(keys[m] for m in matches))[:limit]


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str:
    """' (did you mean X?)' when a close spelling exists, else ''."""
    close = suggest(value, choices, limit=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
