"""The fixed vocabulary of implementation status, and its IATI ActivityStatus codes."""

from __future__ import annotations

import re
from enum import StrEnum

from asean_labour.vocabulary import fold


class Worded(StrEnum):
    """A closed vocabulary whose values are hyphenated words, shown with spaces."""

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


class Status(Worded):
    NOT_STARTED = "not-started"
    ONGOING = "ongoing"
    DELAYED = "delayed"
    POSTPONED = "postponed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    CARRIED_OVER = "carried-over"

    @property
    def iati_code(self) -> int:
        return IATI_ACTIVITY_STATUS[self]

    @property
    def is_final(self) -> bool:
        """Nothing more is expected of the project in this plan."""
        return self in FINAL


#: IATI ActivityStatus: 1 pipeline/identification, 2 implementation, 3 finalisation,
#: 4 closed, 5 cancelled, 6 suspended.
IATI_ACTIVITY_STATUS: dict[Status, int] = {
    Status.NOT_STARTED: 1,
    Status.ONGOING: 2,
    Status.DELAYED: 2,
    Status.POSTPONED: 6,
    Status.COMPLETED: 3,
    Status.CANCELLED: 5,
    Status.CARRIED_OVER: 4,
}
IATI_NAMES = {1: "Pipeline/identification", 2: "Implementation", 3: "Finalisation",
              4: "Closed", 5: "Cancelled", 6: "Suspended"}

FINAL = frozenset({Status.COMPLETED, Status.CANCELLED, Status.CARRIED_OVER})

#: Other words for the statuses, folded as `status_key` folds them ("In progress" -> inprogress).
STATUS_ALIASES = {
    "notyetstarted": Status.NOT_STARTED, "pending": Status.NOT_STARTED,
    "planned": Status.NOT_STARTED, "inprogress": Status.ONGOING, "underway": Status.ONGOING,
    "done": Status.COMPLETED, "complete": Status.COMPLETED, "finished": Status.COMPLETED,
    "canceled": Status.CANCELLED, "dropped": Status.CANCELLED,
    "carriedforward": Status.CARRIED_OVER, "late": Status.DELAYED, "slipped": Status.DELAYED,
    "deferred": Status.POSTPONED,
}


def status_key(text: str) -> str:
    """A status word folded for matching: case, spaces, hyphens and underscores do not count
    ("On going", "Not Started", "carried_over", "ONGOING" -> ongoing, notstarted, ...)."""
    return re.sub(r"[\s_\-\u2010-\u2015]+", "", text).casefold()


_STATUS_KEYS = {status_key(s.value): s for s in Status} | STATUS_ALIASES


def parse_status(text: str) -> Status | None:
    """The status a word stands for (see `status_key`), or None. The one reading of a status
    word, for the command line, CSV, TOML and workbooks alike."""
    return _STATUS_KEYS.get(status_key(text))


class Output(StrEnum):
    """The scorecard's output categories."""

    DATA = "data"
    LAWS = "laws"

    @property
    def label(self) -> str:
        return OUTPUT_LABELS[self]


OUTPUT_LABELS = {Output.DATA: "Data/information/statistics",
                 Output.LAWS: "Laws/standards/policies"}
OUTPUT_ALIASES = {
    "data": Output.DATA, "information": Output.DATA, "statistics": Output.DATA,
    "data/information/statistics": Output.DATA, "laws": Output.LAWS, "law": Output.LAWS,
    "standards": Output.LAWS, "policies": Output.LAWS, "policy": Output.LAWS,
    "laws/standards/policies": Output.LAWS,
}


def parse_output(text: str) -> Output | None:
    return OUTPUT_ALIASES.get(fold(text))
