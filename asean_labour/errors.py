"""The tool's exceptions: each carries its message and the exit code the CLI ends with."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class AseanLabourError(Exception):
    """A failure the user can act on: printed without a traceback, exit code 1."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The lines to print on standard error."""
        return [self.message]


class UsageError(AseanLabourError):
    """A wrong option value (unknown body, country, id...): exit code 2."""

    exit_code = EXIT_USAGE


class PlansNotFound(AseanLabourError):
    """No plans folder could be found."""


@dataclass(frozen=True)
class Problem:
    """One problem in one input file: where it is, what is wrong, what was expected."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    item: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [where]
        if self.item:
            parts.append(self.item)
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + ": " + self.message


class InvalidInput(AseanLabourError):
    """One or more problems in plan, progress or batch files; every problem is listed."""

    def __init__(self, problems: list[Problem], summary: str) -> None:
        super().__init__(summary)
        self.problems = problems

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] + [self.message]
