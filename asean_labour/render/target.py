"""Which format and which file an output goes to: the one rule for --format, --output and
--force together, for the listing commands (render/destination.py) and the documents
(render/report_output.py) alike, checked before any work is done.

The format is the one given, else the one the file's extension names, else the table (for
people, on standard output). A format that is only a file (a workbook, a Word file, a web page)
needs --output; a format and an extension that disagree are refused; an existing file needs
--force, and only a regular file is ever replaced (report_output.check_output).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from asean_labour.errors import UsageError

Format = TypeVar("Format", bound=StrEnum)


class Formats:
    """The formats of a kind of output: the table (`plain`), the file extensions that name a
    format, the formats written only to a file (with what they are, for the message), the
    formats whose file must carry their own extension (and why), and those that are for the
    terminal only (no file). (A plain class: every listing command imports this module, and
    a dataclass costs a measurable part of a millisecond to create.)"""

    __slots__ = ("extensions", "file_only", "plain", "screen_only", "strict")

    def __init__(self, plain: StrEnum, extensions: Mapping[str, StrEnum],
                 file_only: Mapping[StrEnum, str] | None = None,
                 strict: Mapping[StrEnum, str] | None = None,
                 screen_only: frozenset[StrEnum] = frozenset()) -> None:
        self.plain = plain
        self.extensions = extensions
        self.file_only = file_only or {}
        self.strict = strict or {}
        self.screen_only = screen_only

    def extension_of(self, fmt: StrEnum) -> str:
        return next((e for e, f in self.extensions.items() if f is fmt), "")


def choose(fmt: Format | None, output: Path | None, force: bool, formats: Formats
           ) -> tuple[Format, Path | None]:
    """The format and the file (None: standard output) of an output, or the `UsageError`
    that says which option to change."""
    if output is None:
        if fmt is not None and fmt in formats.file_only:
            raise UsageError(f"--format {fmt} writes {formats.file_only[fmt]}: give --output "
                             f"FILE{formats.extension_of(fmt)}")
        if force:
            raise UsageError("--force replaces an existing --output file: give --output FILE")
        return fmt or formats.plain, None  # type: ignore[return-value]
    suffix = output.suffix.casefold()
    inferred = formats.extensions.get(suffix)
    if fmt is None:
        if inferred is None:
            what = f"the extension {output.suffix!r}" if output.suffix else "no extension"
            named = [f.value for f in type(formats.plain) if f not in formats.screen_only]
            raise UsageError(f"--output {output}: cannot tell the format from {what}; use "
                             f"{_words(list(dict.fromkeys(formats.extensions)))}, or give "
                             f"--format {_words(named)}")
        fmt = inferred  # type: ignore[assignment]
    elif fmt in formats.screen_only:
        writable = [f.value for f in type(formats.plain) if f not in formats.screen_only]
        raise UsageError(f"--format {fmt} is for the terminal; to write --output {output}, "
                         f"give --format {_words(writable)} (or drop --format and let the "
                         "extension say)")
    elif fmt in formats.strict and inferred is not fmt:
        raise UsageError(f"--output {output}: {formats.strict[fmt]}; give a name ending in "
                         f"{formats.extension_of(fmt)}")
    elif inferred is not None and inferred is not fmt:
        raise UsageError(f"--format {fmt} does not match --output {output} (a {suffix} file "
                         f"is {inferred}); drop --format or change the extension")
    from asean_labour.render.report_output import check_output

    check_output(output, force)
    assert fmt is not None
    return fmt, output


def _words(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " or " + items[-1] if len(items) > 1 else "".join(items)
