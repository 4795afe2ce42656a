"""The fixed vocabulary of implementation status, and its IATI ActivityStatus codes."""

from __future__ import annotations

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

STATUS_ALIASES = {
    "not started": Status.NOT_STARTED, "notstarted": Status.NOT_STARTED,
    "not yet started": Status.NOT_STARTED, "pending": Status.NOT_STARTED,
    "in progress": Status.ONGOING, "in-progress": Status.ONGOING, "on-going": Status.ONGOING,
    "done": Status.COMPLETED, "complete": Status.COMPLETED, "finished": Status.COMPLETED,
    "canceled": Status.CANCELLED, "dropped": Status.CANCELLED,
    "carried over": Status.CARRIED_OVER, "carriedover": Status.CARRIED_OVER,
    "carried-forward": Status.CARRIED_OVER, "carried forward": Status.CARRIED_OVER,
    "late": Status.DELAYED, "slipped": Status.DELAYED, "deferred": Status.POSTPONED,
}


def parse_status(text: str) -> Status | None:
    """The status a word stands for (any case, spaces or hyphens), or None."""
    key = fold(text)
    for status in Status:
        if key == status.value:
            return status
    return STATUS_ALIASES.get(key)


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
