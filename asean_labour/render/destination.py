"""Where a listing command's output goes (`list`, `show`, `plans`, `stats`, `log`,
`instruments`, `ratifications`): standard output, or with `--output FILE` a file written
atomically once the whole output is ready (CSV, JSON, Markdown, or an Excel workbook, which
needs `--output`). `--bom` starts a CSV with a UTF-8 byte-order mark, for Excel.

Everything is checked before any work is done (`choose`): the format against the file's
extension, the file through `report_output.check_output` (a regular file; `--force` to
replace one), `--bom` against the format. A command that fails writes nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from asean_labour.errors import UsageError
from asean_labour.render import ListFormat

EXTENSIONS = {".csv": ListFormat.CSV, ".json": ListFormat.JSON, ".md": ListFormat.MARKDOWN,
              ".markdown": ListFormat.MARKDOWN, ".xlsx": ListFormat.XLSX}
BOM = "\ufeff"
#: What each format is, in the message that refuses a workbook without --output.
_WORKBOOK_HINT = ("--format xlsx writes an Excel workbook, which is no text for a terminal or "
                  "a pipe: give --output FILE.xlsx")


class Destination:
    """Standard output, or a file written when the command has finished (`close`). It is
    called with text, as standard output's `write` would be; a workbook is handed over whole
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
            raise UsageError(_WORKBOOK_HINT)
        self._data = data

    def close(self) -> str | None:
        """Write the file (atomically), if there is one; what to tell the user."""
        if self.path is None:
            return None
        from asean_labour.render.report_output import write_file
        from asean_labour.text_safety import visible_controls

        data = self._data if self._data is not None else "".join(self._parts).encode("utf-8")
        write_file(self.path, data, self.force)
        return f"Wrote {visible_controls(str(self.path))} ({self.format})."


def choose(fmt: ListFormat, output: Path | None, force: bool, bom: bool) -> Destination:
    """Check --format, --output, --force and --bom together, before any work is done. With
    --output, a format not given (or `table`, which is for the terminal) is read from the
    file's extension."""
    if output is None:
        if fmt is ListFormat.XLSX:
            raise UsageError(_WORKBOOK_HINT)
        if force:
            raise UsageError("--force replaces an existing --output file: give --output FILE")
    else:
        suffix = output.suffix.casefold()
        inferred = EXTENSIONS.get(suffix)
        if fmt is ListFormat.TABLE:
            if inferred is None:
                what = f"the extension {output.suffix!r}" if output.suffix else "no extension"
                raise UsageError(f"--output {output}: cannot tell the format from {what}; use "
                                 ".csv, .json, .md or .xlsx, or give --format csv, json, "
                                 "markdown or xlsx (a table is for the terminal)")
            fmt = inferred
        elif fmt is ListFormat.XLSX and inferred is not ListFormat.XLSX:
            raise UsageError(f"--output {output}: a workbook's name ends in .xlsx (Excel "
                             "opens nothing else as a workbook); give a name ending in .xlsx")
        elif inferred is not None and inferred is not fmt:
            raise UsageError(f"--format {fmt} does not match --output {output} (a {suffix} "
                             f"file is {inferred}); drop --format or change the extension")
    if bom and fmt is not ListFormat.CSV:
        raise UsageError(f"--bom starts a CSV with a byte-order mark (for Excel); it does not "
                         f"go with --format {fmt}"
                         + (": a workbook needs none" if fmt is ListFormat.XLSX else ""))
    if output is not None:
        from asean_labour.render.report_output import check_output

        check_output(output, force)
    return Destination(fmt, output, force, bom)
