"""Word files written through the command line, read back, and laid out by LibreOffice: what
the tests of the Word report share."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from asean_labour.cli import app
from asean_labour.errors import EXIT_OK

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def write(target: Path, plans: Path, *args: str, command: str = "report") -> Path:
    """Run `COMMAND ARGS -o TARGET` (the progress report by default) with no user settings
    (module fixtures run outside the per-test environment); return the file."""
    scratch = target.parent
    env = {"ASEAN_LABOUR_CONFIG": str(scratch / "no-config.toml"),
           "XDG_CACHE_HOME": str(scratch / "cache"), "NO_COLOR": "1", "COLUMNS": "120"}
    result = CliRunner().invoke(app, [command, *args, "--plans", str(plans), "-o",
                                      str(target)], env=env, catch_exceptions=False)
    assert result.exit_code == EXIT_OK, result.output
    return target


@dataclass(frozen=True)
class Word:
    """A word of a PDF page with its box."""

    text: str
    x0: float
    y0: float
    x1: float


@dataclass(frozen=True)
class Block:
    """A block of text pdftotext found on a page (a paragraph, a table cell), as lines."""

    page: int
    x0: float
    x1: float
    lines: tuple[tuple[Word, ...], ...]


@dataclass(frozen=True)
class Layout:
    """A document as LibreOffice lays it out: its pages' text and its blocks of words."""

    pages: tuple[str, ...]
    blocks: tuple[Block, ...]


def soffice() -> str:
    """LibreOffice's command (.ci/run installs libreoffice-writer-nogui and the fonts)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is needed to lay out the Word report (see .ci/run)"
    return found


def lay_out(files: list[Path], folder: Path) -> dict[Path, Layout]:
    """Convert the files to PDF in one LibreOffice run with a profile of its own (other
    LibreOffice processes on the machine do not interfere), then read every page."""
    profile = folder / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    return {path: read_pdf(folder / (path.stem + ".pdf")) for path in files}


def read_pdf(pdf: Path) -> Layout:
    assert pdf.is_file(), f"LibreOffice did not write {pdf}"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    boxes = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    blocks = []
    for number, page in enumerate(boxes.split("<page ")[1:], start=1):
        for x0, x1, body in re.findall(
                r'<block xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</block>',
                page, re.S):
            lines = tuple(
                tuple(Word(html.unescape(w), float(a), float(b), float(c)) for a, b, c, w in
                      re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                 r'yMax="[\d.]+">([^<]*)</word>', line))
                for line in re.findall(r"<line[^>]*>(.*?)</line>", body, re.S))
            blocks.append(Block(number, float(x0), float(x1), lines))
    return Layout(tuple(text.split("\f")[:-1]), tuple(blocks))
