"""The HTML report: one self-contained file from templates with autoescaping, nothing fetched,
the charts inline as SVG; rendered by a real browser (headless Chromium) to PNG and to A4 PDF:
the page is not blank, the charts are drawn, and a hostile note appears as text (marked slow:
two browser runs take some 20 s; CI runs them, `.ci/run` installs Chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from asean_labour.render.charts import LOOKS
from tests.office import write
from tests.test_report_data import NASTY, seeded_template

HOSTILE_MEETING = '</style><script>alert("m")</script> "14th" \\ SLOM'


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_template(tmp_path_factory.mktemp("html"))


@pytest.fixture(scope="module")
def page(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2017 report (SLOM-WG-2a's note is full of markup) with a hostile meeting name."""
    return write(tmp_path_factory.mktemp("page") / "slom-2017.html", seeded, "--cycle",
                 "2017", "--meeting", HOSTILE_MEETING, "--date", "2018-05-02")


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of <style> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def parse(text: str) -> Elements:
    elements = Elements()
    elements.feed(text)
    return elements


def test_one_file_with_nothing_to_fetch(page: Path) -> None:
    text = page.read_text("utf-8")
    elements = parse(text)
    tags = [tag for tag, _ in elements.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert tags.count("svg") == 2
    assert tags.count("style") == 3  # the page's, and one in each SVG (matplotlib's)
    for tag, attributes in elements.tags:
        for name, value in attributes.items():
            if name in ("src", "href", "xlink:href", "action", "data"):
                assert value is not None and value.startswith("#"), (tag, name, value)
    urls = re.findall(r"url\(([^)]*)\)", text)
    assert urls and all(u.startswith("#") for u in urls)  # SVG clips and patterns only
    names = re.sub(r' xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", text)  # not fetched
    assert "@import" not in text and "http:" not in names and "https:" not in names
    policy = next(a["content"] for t, a in elements.tags
                  if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert policy == "default-src 'none'; style-src 'unsafe-inline'"
    assert re.search(r'<html lang="en-GB">', text)
    ids = [a["id"] for _, a in elements.tags if a.get("id")]
    assert len(ids) == len(set(ids))  # the two inline SVGs share no id


def test_user_text_is_escaped_by_the_templates(page: Path) -> None:
    text = page.read_text("utf-8")
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "\x1b" not in text and "\\x1b[31mred\\x07" in text
    # The meeting's name in the print header is a CSS string that nothing can end early.
    assert '<script>alert("m")' not in text
    style = parse(text).styles[0]
    assert "@page" in style and style.rstrip().endswith("}")  # the page's style, whole
    header = re.search(r"@top-left \{ content: (\"[^\"]*\"); \}", style)
    assert header is not None
    decoded = re.sub(r"\\([0-9a-f]{6}) ", lambda m: chr(int(m.group(1), 16)),
                     header.group(1)[1:-1])
    assert decoded == f"{HOSTILE_MEETING}: Progress report to SLOM, cycle 2017"


def test_charts_are_figures_with_captions_and_alt_text(page: Path) -> None:
    text = page.read_text("utf-8")
    figures = re.findall(r'<figure class="chart" id="(figure-\d)">\s*<div class="svg" '
                         r'role="img" aria-label="([^"]*)">(.*?)</div>\s*<figcaption>(.*?)'
                         r"</figcaption>", text, re.S)
    assert [(f[0], f[3]) for f in figures] == [
        ("figure-1", "Figure 1. Status of the projects in the 2017 cycle, by body"),
        ("figure-2", "Figure 2. Status of the projects in the 2017 cycle, by key result area")]
    assert figures[0][1].startswith("Bar chart. Status of the projects in the 2017 cycle, "
                                    "by body. SLOM: 9 projects, ")
    for _, _, svg, _ in figures:
        assert svg.startswith("<svg") and "<?xml" not in svg and "<!DOCTYPE" not in svg
        assert LOOKS["completed"].fill in svg.upper()  # the completed fill is drawn


def chromium() -> str:
    """Debian's headless Chromium (.ci/run installs it)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Chromium is needed to test the HTML report (see .ci/run)"
    return found


def browse(page: Path, folder: Path, *args: str) -> None:
    subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                    f"--user-data-dir={folder / 'chromium-profile'}", *args,
                    page.resolve().as_uri()], check=True, capture_output=True, timeout=180)


@pytest.fixture(scope="module")
def rendered(page: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The page as headless Chromium draws it (PNG) and prints it (PDF)."""
    folder = tmp_path_factory.mktemp("chromium")
    png, pdf = folder / "page.png", folder / "page.pdf"
    browse(page, folder, "--window-size=1280,5000", f"--screenshot={png}")
    browse(page, folder, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    return png, pdf


def colours(png: Path) -> dict[tuple[int, int, int], int]:
    from PIL import Image

    with Image.open(png) as image:
        pixels = image.convert("RGB").getcolors(maxcolors=1 << 24)
    assert pixels is not None
    return {colour: count for count, colour in pixels}


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@pytest.mark.slow
def test_the_browser_draws_a_page_and_its_charts(rendered: tuple[Path, Path]) -> None:
    counts = colours(rendered[0])
    area = sum(counts.values())
    assert area == 1280 * 5000
    assert sum(n for c, n in counts.items() if c != (255, 255, 255)) > area * 0.03  # not blank
    for state in ("completed", "ongoing", "no-report", "delayed"):
        assert counts.get(rgb(LOOKS[state].fill), 0) > 200, state  # bars of that status


@pytest.mark.slow
def test_the_browser_prints_a4_with_the_hostile_note_as_text(
        rendered: tuple[Path, Path]) -> None:
    pdf = rendered[1]
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    assert re.search(r"Page size:\s+59[45](\.\d+)? x 841\.\d+ pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    visible = NASTY.replace("\x1b", "\\x1b").replace("\x07", "\\x07")
    # Shown character for character (lines wrap inside the cell), not run as a script.
    assert "".join(visible.split()) in "".join(flat.split())
    assert "Progress report to SLOM, cycle 2017" in flat and "1. Executive summary" in flat
    assert f"Page 2 of {pages}" in flat and "Page 1 of" not in flat  # none on the cover
