"""Where a monitoring document goes: the terminal, standard output, or a file written
atomically. The format is given (`--format`) or read from the file's extension; each format's
renderer is imported only when that format is asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from asean_labour.atomic import NotRegularFile, check_replaceable, reason, write_atomically
from asean_labour.errors import AseanLabourError, UsageError
from asean_labour.render import ReportFormat
from asean_labour.render.target import Formats, choose
from asean_labour.text_safety import visible_controls

if TYPE_CHECKING:
    from asean_labour.render.report_layout import View
    from asean_labour.report import Changes, Report, Review, Scorecard, Timeline

    # Explicit: modules that import each other (views, the xlsx destination) make mypy read
    # this file before report.py, where an implicit alias is taken for a variable.
    Result: TypeAlias = "Report | Changes | Scorecard | Review | Timeline"


EXTENSIONS = {".md": ReportFormat.MARKDOWN, ".markdown": ReportFormat.MARKDOWN,
              ".docx": ReportFormat.DOCX, ".json": ReportFormat.JSON,
              ".html": ReportFormat.HTML, ".htm": ReportFormat.HTML,
              ".txt": ReportFormat.TABLE, ".xlsx": ReportFormat.XLSX}
#: The document formats (render/target.py): Word, HTML and workbooks are files only.
FORMATS = Formats(
    ReportFormat.TABLE, EXTENSIONS,
    file_only={ReportFormat.DOCX: "a Word file", ReportFormat.HTML: "a web page",
               ReportFormat.XLSX: "an Excel workbook"},
    strict={ReportFormat.XLSX: "a workbook's name ends in .xlsx (Excel opens nothing else "
            "as a workbook)"})


class ReportFileError(AseanLabourError):
    """The report file could not be written; nothing was written."""


@dataclass(frozen=True)
class Target:
    format: ReportFormat
    path: Path | None = None
    force: bool = False


def choose_target(fmt: ReportFormat | None, output: Path | None, force: bool) -> Target:
    """Check --format, --output and --force together, before any work is done
    (render/target.py)."""
    chosen, path = choose(fmt, output, force, FORMATS)
    return Target(chosen, path, force)


def check_output(output: Path, force: bool, option: str = "--output") -> None:
    """Before any work is done: `output` names a regular file that may be written. A folder, a
    device (`/dev/null`), a named pipe or a socket is refused even with --force (the tool
    writes regular files only, and never replaces anything else); an existing file needs
    --force; a name longer than the system allows is refused."""
    try:
        if output.is_dir():
            raise UsageError(f"{option} {output} is a folder; give a file name")
        exists = output.is_symlink() or output.exists()
        check_replaceable(output)
    except NotRegularFile as exc:
        raise UsageError(f"{option} {output}: {exc}; give the name of a regular file") \
            from None
    except OSError as exc:
        raise UsageError(f"{option} {output}: {reason(exc)}") from None
    if exists and not force:
        raise UsageError(f"{output} already exists; use --force to replace it")


def default_view(target: Target) -> View:
    """The whole document in a file; the progress report's summary on a terminal."""
    from asean_labour.render.report_layout import View

    if target.path is None and target.format is ReportFormat.TABLE:
        return View.SUMMARY
    return View.FULL


def render_bytes(result: Result, fmt: ReportFormat, view: View | None = None) -> bytes:
    """The document in a format, as the bytes of a file."""
    from asean_labour.render.report_layout import View, document

    view = view or View.FULL
    if fmt is ReportFormat.JSON:
        from asean_labour.render import report_json

        return report_json.dumps(result, view).encode("utf-8")
    if fmt is ReportFormat.MARKDOWN:
        from asean_labour.render import report_markdown

        return report_markdown.render(document(result, view)).encode("utf-8")
    if fmt is ReportFormat.DOCX:
        from asean_labour.render import report_docx

        return report_docx.render(document(result, view), result.header.generated_on)
    if fmt is ReportFormat.HTML:
        from asean_labour.render import report_html

        return report_html.render(document(result, view)).encode("utf-8")
    if fmt is ReportFormat.XLSX:
        from asean_labour.render import report_xlsx

        return report_xlsx.render(result)
    from asean_labour.render import report_terminal

    return report_terminal.render_text(document(result, view)).encode("utf-8")


def deliver(result: Result, target: Target, out: Callable[[str], None],
            view: View | None = None) -> None:
    """Show the document (terminal), write it to standard output, or write the file.
    `view` (of the progress report) defaults to `default_view`."""
    view = view or default_view(target)
    if target.path is not None:
        write_file(target.path, render_bytes(result, target.format, view), target.force)
        out(f"Wrote {visible_controls(str(target.path))} ({target.format}).\n")
    elif target.format is ReportFormat.TABLE:
        from asean_labour.console import make_console
        from asean_labour.render.report_layout import document
        from asean_labour.render.report_terminal import print_document

        print_document(make_console(), document(result, view))
    else:
        out(render_bytes(result, target.format, view).decode("utf-8"))


def write_file(path: Path, data: bytes, force: bool) -> None:
    """Write atomically: a temporary file in the same folder, fsync, then into place. Without
    `force` the file is linked into place, which fails rather than replace a file that
    appeared meanwhile."""
    folder = path.parent
    try:
        folder_exists = folder.is_dir()
    except OSError as exc:
        raise ReportFileError(f"{path}: cannot write: {reason(exc)}; nothing was written") \
            from None
    if not folder_exists:
        raise ReportFileError(f"{path}: the folder {folder} does not exist; nothing was "
                              "written")
    try:
        write_atomically(path, data, replace=force)
    except FileExistsError:
        raise UsageError(f"{path} already exists; use --force to replace it") from None
    except OSError as exc:
        raise ReportFileError(f"{path}: cannot write: {reason(exc)}; nothing was "
                              "written") from None
