"""Where a listing command's output goes (`list`, `show`, `plans`, `stats`, `log`,
`instruments`, `ratifications`): standard output, or with `--output FILE` a file written
atomically once the whole output is ready (CSV, JSON, Markdown, or an Excel workbook, which
needs `--output`). `--bom` starts a CSV with a UTF-8 byte-order mark, for Excel.

Everything is checked before any work is done (`choose`, with render/target.py's one rule
for --format, --output and --force): the format against the file's extension, the file
through `report_output.check_output` (a regular file; `--force` to replace one), `--bom`
against the format. A command that fails writes nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType

from asean_labour.errors import UsageError
from asean_labour.render import ListFormat
from asean_labour.render.target import Formats
from asean_labour.render.target import choose as choose_target

EXTENSIONS = {".csv": ListFormat.CSV, ".json": ListFormat.JSON, ".md": ListFormat.MARKDOWN,
              ".markdown": ListFormat.MARKDOWN, ".xlsx": ListFormat.XLSX}
BOM = "\ufeff"
#: The listing formats (render/target.py): a table is for the terminal only, a workbook for a
#: file only.
FORMATS = Formats(
    ListFormat.TABLE, EXTENSIONS,
    file_only={ListFormat.XLSX: "an Excel workbook, which is no text for a terminal or a "
               "pipe"},
    strict={ListFormat.XLSX: "a workbook's name ends in .xlsx (Excel opens nothing else as "
            "a workbook)"},
    screen_only=frozenset({ListFormat.TABLE}))


class Destination:
    """Standard output, or a file written when the command has finished (`close`, or the end
    of a `with` block that raised nothing, which also says what was written). It is called
    with text, as standard output's `write` would be; a workbook is handed over whole
    (`workbook`)."""

    def __init__(self, fmt: ListFormat, path: Path | None = None, force: bool = False,
                 bom: bool = False) -> None:
        self.format = fmt
        self.path = path
        self.force = force
        self.bom = bom
        self._parts: list[str] = []
        self._data: bytes | None = None
        self._started = False

    def __call__(self, text: str) -> None:
        if self.bom and not self._started:
            text = BOM + text
        self._started = True
        if self.path is None:
            sys.stdout.write(text)
        else:
            self._parts.append(text)

    def workbook(self, data: bytes) -> None:
        """A whole workbook, to write to the file."""
        if self.path is None:
            raise UsageError(f"--format xlsx writes {FORMATS.file_only[ListFormat.XLSX]}: "
                             "give --output FILE.xlsx")
        self._data = data

    def __enter__(self) -> Destination:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            message = self.close()
            if message is not None:
                sys.stdout.write(message + "\n")

    def close(self) -> str | None:
        """Write the file (atomically), if there is one; what to tell the user."""
        if self.path is None:
            return None
        from asean_labour.render.report_output import write_file
        from asean_labour.text_safety import visible_controls

        data = self._data if self._data is not None else "".join(self._parts).encode("utf-8")
        write_file(self.path, data, self.force)
        return f"Wrote {visible_controls(str(self.path))} ({self.format})."


def choose(fmt: ListFormat | None, output: Path | None, force: bool, bom: bool
           ) -> Destination:
    """Check --format, --output, --force and --bom together, before any work is done
    (render/target.py: the format given, else the one the file's extension names, else the
    table)."""
    chosen, path = choose_target(fmt, output, force, FORMATS)
    if bom and chosen is not ListFormat.CSV:
        raise UsageError(f"--bom starts a CSV with a byte-order mark (for Excel); it does not "
                         f"go with --format {chosen}"
                         + (": a workbook needs none" if chosen is ListFormat.XLSX else ""))
    return Destination(chosen, path, force, bom)
