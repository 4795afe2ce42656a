"""The Word report read back (python-docx and its XML) and laid out by LibreOffice: cover,
fields, properties, language, charts, the executive summary, the body sections, the annex
with each project once, no project named more than three times; no word broken in a table
cell, the table of contents' page numbers where the headings are, one-pagers on two pages and
the brief on one."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest

from asean_labour.involvement import Part, names
from asean_labour.render.report_docx import TEXT_WIDTH
from tests.office import Layout, W, lay_out, write
from tests.test_report_data import (
    NASTY,
    as_of,
    catalogue,
    expected_state,
    in_cycle,
    seeded_template,
)

DATE = ("--date", "2018-05-02")
VISIBLE_NASTY = NASTY.replace("\x1b", "\\x1b").replace("\x07", "\\x07")
#: Characters after which a word processor may end a line inside a word (measured with
#: LibreOffice: hyphens and dashes, ?, !, | and \): a line ending there is no broken word.
BREAKS_AFTER = tuple("-–—?!|\\")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_template(tmp_path_factory.mktemp("word"))


@pytest.fixture(scope="module")
def files(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Word files, written once through the command line."""
    folder = tmp_path_factory.mktemp("docx")
    return {
        "2018": write(folder / "slom-2018.docx", seeded, "--cycle", "2018", "--meeting",
                      "The 14th SLOM", *DATE),
        "2017": write(folder / "slom-2017.docx", seeded, "--cycle", "2017", *DATE),
        "viet-nam": write(folder / "viet-nam.docx", seeded, "--cycle", "2018",
                          "--coordinator", "Viet Nam", *DATE),
        "ilo": write(folder / "ilo.docx", seeded, "--cycle", "2018", "--collaborator", "ILO",
                     *DATE),
        "brief": write(folder / "brief.docx", seeded, "--cycle", "2018", "--brief", *DATE),
        "slom-wg": write(folder / "slom-wg.docx", seeded, "--cycle", "2017", "--body",
                         "SLOM-WG", *DATE),
    }


@pytest.fixture(scope="module")
def layouts(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
            ) -> dict[str, Layout]:
    laid = lay_out(list(files.values()), tmp_path_factory.mktemp("pdf"))
    return {name: laid[path] for name, path in files.items()}


def _doc(path: Path) -> Any:
    return docx.Document(str(path))


def style(paragraph: Any) -> str:
    return str(paragraph.style.name) if paragraph.style is not None else ""


def texts(doc: Any) -> list[str]:
    """Every piece of text: paragraphs, table cells, header and footer."""
    section = doc.sections[0]
    return [*(p.text for p in doc.paragraphs),
            *(c.text for t in doc.tables for r in t.rows for c in r.cells),
            *(p.text for p in section.header.paragraphs),
            *(p.text for p in section.footer.paragraphs)]


def ids_in(text: str) -> list[str]:
    known = {p.id for p in catalogue().projects}
    return [m for m in re.findall(r"(?<![\w-])[A-Z]+(?:-[A-Z]+)*-\d+[a-z]?(?![\w-])", text)
            if m in known]


def table_ids(table: Any) -> list[str]:
    return [row.cells[0].text for row in table.rows[1:]]


def body_items(doc: Any) -> list[tuple[str, Any]]:
    """The body in order: ("p", paragraph) and ("t", table)."""
    items = []
    for element in doc.element.body.iterchildren():
        if element.tag == f"{W}p":
            items.append(("p", docx.text.paragraph.Paragraph(element, doc)))
        elif element.tag == f"{W}tbl":
            items.append(("t", docx.table.Table(element, doc)))
    return items


# --- the cover, the fields, the properties, the language -------------------------------------

def test_the_cover_names_the_meeting_the_report_who_and_when(files: dict[str, Path]) -> None:
    doc = _doc(files["2018"])
    cover = []
    for paragraph in doc.paragraphs:
        if style(paragraph) == "TOC Heading":
            break
        cover.append((style(paragraph), paragraph.text))
    assert cover == [
        ("Cover Meeting", "The 14th SLOM"),
        ("Cover Title", "Progress report to SLOM, cycle 2018"),
        ("Cover Line", "ASEAN Labour Ministers' (ALM) Work Programme 2016-2020"),
        ("Cover Line", "All 79 projects of the SLOM, SLOM-WG, ACMW and ASEAN-OSHNET work plans"),
        ("Cover Line", "Prepared by the ASEAN Secretariat"),
        ("Cover Line", "2 May 2018"),
    ]
    assert not any("Generated on" in t or "asean-labour" in t for t in texts(doc))
    # Without --meeting (nor a config file), the cover names SLOM itself.
    assert _doc(files["2017"]).paragraphs[0].text == "Senior Labour Officials Meeting (SLOM)"


def test_header_footer_and_table_of_contents_are_fields(files: dict[str, Path]) -> None:
    doc = _doc(files["2018"])
    section = doc.sections[0]
    assert section.different_first_page_header_footer  # no header or footer on the cover
    assert section.header.paragraphs[0].text == \
        "The 14th SLOM: Progress report to SLOM, cycle 2018"
    footer = section.footer.paragraphs[0]._p
    assert [t.text.strip() for t in footer.iter(f"{W}instrText")] == ["PAGE", "NUMPAGES"]
    assert re.fullmatch(r"Page 1 of \d+", section.footer.paragraphs[0].text)

    body = doc.element.body
    instructions = [t.text.strip() for t in body.iter(f"{W}instrText")]
    assert instructions.count('TOC \\o "1-2" \\h \\z \\u') == 1
    assert instructions.count("SEQ Figure \\* ARABIC") == 2
    bookmarks = {b.get(f"{W}name"): b.getparent() for b in body.iter(f"{W}bookmarkStart")}
    entries = [p for p in doc.paragraphs if style(p) in ("toc 1", "toc 2")]
    headings = [p.text for p in doc.paragraphs if style(p) in ("Heading 1", "Heading 2")]
    # 3 + 1 + 5 + 5: sections, who has answered, bodies twice
    assert len(entries) == len(headings) == 14
    for entry, heading in zip(entries, headings, strict=True):
        link = entry._p.find(f"{W}hyperlink")
        anchor = link.get(f"{W}anchor")
        assert f"PAGEREF {anchor} \\h" in [t.text.strip() for t in link.iter(f"{W}instrText")]
        target = docx.text.paragraph.Paragraph(bookmarks[anchor], doc)
        assert target.text == heading and entry.text.startswith(heading)
        assert re.fullmatch(r"\d+", entry.text[len(heading):].strip())


def test_document_properties(files: dict[str, Path]) -> None:
    properties = _doc(files["2018"]).core_properties
    assert properties.title == "Progress report to SLOM, cycle 2018"
    assert properties.subject == "Progress of the ASEAN labour work plans in the 2018 " \
                                 "reporting cycle"
    assert properties.author == "ASEAN Secretariat"
    assert properties.language == "en-GB"
    assert properties.created.date() == dt.date(2018, 5, 2)
    with zipfile.ZipFile(files["2018"]) as package:
        assert not [n for n in package.namelist() if "thumbnail" in n]  # no stale preview


def test_british_english_and_calibri_throughout(files: dict[str, Path]) -> None:
    for path in files.values():
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name).decode("utf-8") for name in package.namelist()
                     if name.startswith("word/") and name.endswith(".xml")}
        languages = [value for xml in parts.values()
                     for value in re.findall(r'<w:lang ([^>]*)/>', xml)]
        assert languages, path
        for attributes in languages:
            assert set(re.findall(r'w:\w+="([^"]*)"', attributes)) == {"en-GB"}, attributes
        assert 'w:themeFontLang w:val="en-GB"' in parts["word/settings.xml"]
        defaults = parts["word/styles.xml"].split("</w:docDefaults>")[0]
        assert 'w:ascii="Calibri"' in defaults and "Theme" not in defaults


# --- the executive summary ---------------------------------------------------------------------

def expected_counts(cycle: int) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {"All projects": Counter()}
    for project in catalogue().projects:
        state = expected_state(project, cycle)
        counts.setdefault(str(project.body), Counter())[state] += 1
        counts["All projects"][state] += 1
    return counts


def parse_alt(alt: str) -> dict[str, Counter[str]]:
    """`...; SLOM: 9 projects, 1 completed, 2 no report received and 5 not yet due; ...`"""
    from asean_labour.report import State

    labels = {s.label: str(s) for s in State}
    parsed: dict[str, Counter[str]] = {}
    described = alt.split(". ", 2)[2].rstrip(".")  # after "Bar chart. <title>. "
    for part in described.split("; "):
        found = re.fullmatch(r"(.*): (\d+) projects?, (.*)", part)
        assert found, part
        label, total, counts = found.groups()
        parsed[label] = Counter({labels[name]: int(n) for n, name in
                                 re.findall(r"(\d+) ([a-z ]+?)(?:, | and |$)", counts)})
        assert sum(parsed[label].values()) == int(total), part
    return parsed


def test_two_charts_as_images_with_alt_text_from_the_same_figures(
        files: dict[str, Path]) -> None:
    doc = _doc(files["2018"])
    shapes = doc.inline_shapes
    assert len(shapes) == 2
    for shape in shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = doc.part.related_parts[blip.embed].blob
        assert image.startswith(b"\x89PNG\r\n\x1a\n")
        assert shape.width.cm == pytest.approx(16.0, abs=0.01)
    by_body = shapes[0]._inline.docPr
    assert by_body.get("title") == "Status of the projects in the 2018 cycle, by body"
    assert parse_alt(by_body.get("descr")) == {
        name: Counter({k: v for k, v in c.items() if v})
        for name, c in expected_counts(2018).items()}
    by_kra = parse_alt(shapes[1]._inline.docPr.get("descr"))
    assert sum(sum(c.values()) for name, c in by_kra.items() if name != "All projects") == 79
    captions = [p.text for p in doc.paragraphs if style(p) == "Caption"]
    assert captions == ["Figure 1. Status of the projects in the 2018 cycle, by body",
                        "Figure 2. Status of the projects in the 2018 cycle, by key result area"]


def silent(cycle: int) -> list[str]:
    return [p.id for p in catalogue().projects if expected_state(p, cycle) == "no-report"
            and expected_state(p, cycle - 1) == "no-report"]


def test_headline_figures_and_points_for_attention(files: dict[str, Path]) -> None:
    doc = _doc(files["2017"])
    paragraphs = [(style(p), p.text) for p in doc.paragraphs]
    start = paragraphs.index(("Heading 2", "Headline figures"))
    headline = paragraphs[start + 1][1]
    counts = expected_counts(2017)["All projects"]
    assert headline.startswith(
        f"{len(in_cycle(2017))} of the 79 projects reported on their progress in the 2017 "
        f"cycle; no report was received for {counts['no-report']} projects that were due, "
        f"{len(silent(2017))} of them for the second cycle running. ")
    completed = counts["completed"]
    assert f"{completed} projects are completed ({completed / 79:.0%} of all), 3 of them " \
           "in this cycle." in headline
    assert headline.count("completed") == 1  # said once, not repeated in the counts
    bodies = [t for s, t in paragraphs[start + 2:start + 6] if s == "List Bullet"]
    assert [b.split(":")[0] for b in bodies] == list(catalogue().vocabulary.body_order)
    for line in bodies:
        body = line.split(":")[0]
        reported = sum(1 for p in catalogue().projects
                       if str(p.body) == body and p.id in in_cycle(2017))
        total = sum(counts.values()) if body == "All projects" else sum(
            expected_counts(2017)[body].values())
        assert line.startswith(f"{body}: {reported} of {total} projects reported;")
    attention = paragraphs.index(("Heading 2", "Points for SLOM's attention"))
    points = [t for s, t in paragraphs[attention + 1:] if s == "List Bullet"]
    named = [pid for point in points for pid in ids_in(point)]
    slipped = [p.id for p in catalogue().projects
               if expected_state(p, 2017) in ("delayed", "postponed")]
    assert named == slipped + silent(2017)
    assert points[0].startswith("SLOM-WG-3, delayed: ")


def test_each_body_section_lists_only_what_matters(files: dict[str, Path]) -> None:
    doc = _doc(files["2017"])
    items = body_items(doc)
    headings = [(i, item.text) for i, (kind, item) in enumerate(items)
                if kind == "p" and style(item) == "Heading 1"]
    begin = next(i for i, text in headings if text == "2. Progress by body")
    end = next(i for i, text in headings if text.startswith("Annex."))
    listed: dict[str, list[str]] = {}
    body = ""
    for kind, item in items[begin:end]:
        if kind == "p" and style(item) == "Heading 2":
            body = item.text
        elif kind == "t":
            listed.setdefault(body, []).extend(table_ids(item))
    before = as_of(2016)
    for name in (str(b) for b in catalogue().vocabulary.body_order):
        mine = [p for p in catalogue().projects if str(p.body) == name]
        completed = [p.id for p in mine if in_cycle(2017).get(p.id) == "completed"
                     and before.get(p.id, ("", 0))[0] != "completed"]
        slipped = [p.id for p in mine if expected_state(p, 2017) in ("delayed", "postponed")]
        silent_ids = [p.id for p in mine if expected_state(p, 2017) == "no-report"]
        assert listed.get(name, []) == completed + slipped + silent_ids, name


def test_the_annex_lists_every_project_once_by_body_and_thematic_area(
        files: dict[str, Path]) -> None:
    doc = _doc(files["2018"])
    items = body_items(doc)
    begin = next(i for i, (k, item) in enumerate(items)
                 if k == "p" and style(item) == "Heading 1" and item.text.startswith("Annex."))
    seen: list[str] = []
    body = area = ""
    projects = {p.id: p for p in catalogue().projects}
    for kind, item in items[begin:]:
        if kind == "p" and style(item) == "Heading 2":
            body = item.text.split(":")[0]
        elif kind == "p" and style(item) == "Heading 4":
            area = item.text
        elif kind == "t":
            assert [c.text for c in item.rows[0].cells] == \
                ["ID", "Title", "Coordinators", "Timeline", "Status", "Note"]
            for row in item.rows[1:]:
                project = projects[row.cells[0].text]
                assert str(project.body) == body
                assert area.startswith(f"Thematic area {project.thematic_area}:")
                seen.append(project.id)
    assert sorted(seen) == sorted(projects) and len(seen) == len(set(seen)) == 79
    rows = {row.cells[0].text: [c.text for c in row.cells]
            for kind, item in items[begin:] if kind == "t" for row in item.rows[1:]}
    assert rows["SLOM-WG-2a"][5] == VISIBLE_NASTY  # the note, literally
    assert rows["SLOM-2"][4] == "completed (2016)"


@pytest.mark.parametrize("name", ["2017", "2018", "viet-nam", "ilo", "brief", "slom-wg"])
def test_no_project_is_named_more_than_three_times(files: dict[str, Path], name: str) -> None:
    counts = Counter(pid for text in texts(_doc(files[name])) for pid in ids_in(text))
    assert max(counts.values(), default=0) <= 3, counts.most_common(3)
    assert counts or name == "brief"  # the brief names no project when none is delayed


def test_tables_fill_the_text_width(files: dict[str, Path]) -> None:
    doc = _doc(files["2018"])
    for table in doc.tables:
        grid = [int(c.get(f"{W}w")) for c in table._tbl.iter(f"{W}gridCol")]
        assert sum(grid) == pytest.approx(TEXT_WIDTH * 20, abs=len(grid))
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # repeated on every page
        assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in table.rows)


# --- the one-pagers and the brief -----------------------------------------------------------

def test_a_country_one_pager_lists_its_projects_once(files: dict[str, Path]) -> None:
    doc = _doc(files["viet-nam"])
    first = doc.paragraphs[0]
    assert (style(first), first.text) == ("Title", "Viet Nam: Progress report to SLOM, "
                                                    "cycle 2018")
    assert not [p for p in doc.paragraphs if style(p).startswith("toc")]  # no contents page
    mine = [p.id for p in catalogue().projects if "Viet Nam" in names(p, Part.COORDINATOR)]
    projects, ratifications, instruments = doc.tables
    assert table_ids(projects) == mine
    # its own row of both annexes (tests/test_one_pagers.py checks every cell), and the
    # instruments whose linked projects it coordinates
    assert table_ids(ratifications) == ["Viet Nam", "ASEAN: ratified by"]
    assert [c.text for c in ratifications.rows[0].cells][1:] == [
        "C029", "C087", "C098", "C100", "C105", "C111", "C138", "C182", "C081", "C122",
        "C129", "C144"]
    assert [row.cells[2].text for row in instruments.rows[1:]] == [
        "ACMW-2, ACMW-6a (2 of the 18 linked)"]
    assert len(doc.inline_shapes) == 1


def test_the_ilo_one_pager_recalls_article_4(files: dict[str, Path]) -> None:
    doc = _doc(files["ilo"])
    assert doc.paragraphs[0].text == "ASEAN-ILO: Progress report to SLOM, cycle 2018"
    assert any("Article 4 of the ASEAN-ILO Cooperation Agreement" in p.text
               for p in doc.paragraphs)


def test_the_ilo_one_pager_counts_the_ratifications_to_keep_to_two_pages(
        files: dict[str, Path]) -> None:
    """38 projects leave no room in Word for the matrix of eleven Member States: the
    one-pager gives how many ratified each convention, says where the matrix is, and keeps
    its instruments."""
    doc = _doc(files["ilo"])
    headings = [p.text for p in doc.paragraphs if style(p) == "Heading 2"]
    assert headings[-2:] == [
        "ILO fundamental and governance conventions: ratification by the Member States",
        "ASEAN instruments"]
    counts = next(t for t in doc.tables if t.rows[0].cells[0].text == "Convention")
    assert [[c.text for c in row.cells] for row in counts.rows[1:]] == [
        ["Ratified by", "9", "4", "5", "8", "4", "6", "9", "10", "4", "4", "0", "6"]]
    assert any(p.text.startswith("How many of the 10 ASEAN Member States with data have "
                                 "ratified each convention, as verified on or before 2 May "
                                 "2018, the date of this report.") for p in doc.paragraphs)
    instruments = doc.tables[-1]
    assert [row.cells[0].text.rsplit(" (", 1)[1] for row in instruments.rows[1:]] == [
        "CEBU-2007)", "VIENTIANE-2016)", "OSH-2017)"]


def test_the_brief_has_the_figures_one_chart_and_five_lines(files: dict[str, Path]) -> None:
    doc = _doc(files["brief"])
    assert doc.paragraphs[0].text == "Brief for Ministers, reporting cycle 2018"
    assert len(doc.inline_shapes) == 1 and not doc.tables
    bullets = [p.text for p in doc.paragraphs if style(p) == "List Bullet"]
    assert [b.split(":")[0] for b in bullets] == ["Reporting", "Delivered", "Delays",
                                                 "Follow-up", "Timelines"]
    assert bullets[0].startswith(f"Reporting: {len(in_cycle(2018))} of 79 projects reported "
                                 "in the 2018 cycle;")


# --- laid out by LibreOffice ---------------------------------------------------------------

def vocabulary(doc: Any) -> tuple[set[str], set[str]]:
    """The words of the table cells, and of the whole document."""
    cells = {w for t in doc.tables for r in t.rows for c in r.cells for w in c.text.split()}
    return cells, cells | {w for text in texts(doc) for w in text.split()}


def split_words(layout: Layout, doc: Any) -> list[str]:
    """Words of the table cells that a line break cut in two: the last word of a line and
    the first of the next, in one block narrower than the page (a cell), that only make a
    word of the cells together. A break after a hyphen, a dash or other break character is
    a line break, not a broken word, except in an id, a country's name or a status."""
    cells, everything = vocabulary(doc)
    whole = {p.id for p in catalogue().projects} | set(catalogue().vocabulary.country_names) | {
        "not-started", "carried-over"}
    found = []
    for block in layout.blocks:
        if block.x1 - block.x0 > TEXT_WIDTH * 0.85:  # a paragraph, not a table cell
            continue
        for line, following in zip(block.lines, block.lines[1:], strict=False):
            if not line or not following:
                continue
            first, second = line[-1].text, following[0].text
            joined = first + second
            if joined in cells and not (first in everything and second in everything) \
                    and (not first.endswith(BREAKS_AFTER) or joined.strip(",;.") in whole):
                found.append(f"{first}|{second} (page {block.page})")
    return found


@pytest.mark.parametrize("name", ["2018", "2017", "viet-nam", "ilo", "slom-wg"])
def test_no_word_is_broken_in_a_table_cell(files: dict[str, Path], layouts: dict[str, Layout],
                                           name: str) -> None:
    layout = layouts[name]
    assert len(layout.pages) > 1 and len(layout.blocks) > 50  # the layout was read
    assert split_words(layout, _doc(files[name])) == []


def test_the_detector_finds_words_broken_by_a_narrow_column(
        files: dict[str, Path], layouts: dict[str, Layout]) -> None:
    """The check above can fail: cut the cells' words in the layout as a narrow column
    would, and every cut is found."""
    from dataclasses import replace

    from tests.office import Word

    doc = _doc(files["2018"])
    cells, _ = vocabulary(doc)
    victims = ["Bangkok,", "completed", "ASEAN-OSHNET", "Philippines"]
    assert all(v in cells for v in victims)
    broken = tuple(
        replace(block, lines=(*block.lines,
                              (Word("Migrant", 0, 0, 0), Word(victim[:5], 0, 0, 0)),
                              (Word(victim[5:], 0, 0, 0),)))
        for block, victim in zip([b for b in layouts["2018"].blocks
                                  if b.x1 - b.x0 < TEXT_WIDTH / 2], victims, strict=False))
    found = split_words(replace(layouts["2018"], blocks=broken), doc)
    assert [f.split(" ")[0] for f in found] == [f"{v[:5]}|{v[5:]}" for v in victims]


def page_of(layout: Layout, text: str) -> int:
    """The page where a heading is (after the contents pages), by its own line."""
    for number, page in enumerate(layout.pages, start=1):
        if number > 2 and any(line.strip() == text for line in page.splitlines()):
            return number
    raise AssertionError(f"{text!r} is not on any page")


@pytest.mark.parametrize("name", ["2018", "2017"])
def test_the_table_of_contents_gives_the_pages_the_headings_are_on(
        files: dict[str, Path], layouts: dict[str, Layout], name: str) -> None:
    doc = _doc(files[name])
    layout = layouts[name]
    entries = [p for p in doc.paragraphs if style(p) in ("toc 1", "toc 2")]
    headings = [p.text for p in doc.paragraphs if style(p) in ("Heading 1", "Heading 2")]
    for entry, heading in zip(entries, headings, strict=True):
        if len(heading) > 80:
            continue  # wrapped over two lines in the layout
        assert int(entry.text[len(heading):]) == page_of(layout, heading), heading
    assert "Contents" in layout.pages[1] and "Headline figures" in layout.pages[1]
    footer = re.compile(r"Page (\d+) of (\d+)")
    pages = [footer.findall(page) for page in layout.pages]
    assert pages[0] == []  # the cover
    assert [p[-1] for p in pages[1:]] == [(str(n), str(len(layout.pages)))
                                         for n in range(2, len(layout.pages) + 1)]


def test_the_executive_summary_takes_two_pages(layouts: dict[str, Layout]) -> None:
    layout = layouts["2018"]
    assert page_of(layout, "2. Progress by body") - page_of(layout, "1. Executive summary") \
        <= 2


@pytest.mark.parametrize(("name", "pages"), [("viet-nam", 2), ("ilo", 2), ("brief", 1)])
def test_one_pagers_and_the_brief_fit(layouts: dict[str, Layout], name: str,
                                      pages: int) -> None:
    assert 1 <= len(layouts[name].pages) <= pages


def test_the_ilo_one_pager_fits_two_pages_in_every_cycle(
        seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Its 38 projects, their status lines (longest in 2020), the ratifications and the
    instruments: on two pages, no word broken in a cell, the instruments there."""
    folder = tmp_path_factory.mktemp("ilo")
    documents = [write(folder / f"ilo-{cycle}.docx", seeded, "--cycle", str(cycle),
                       "--collaborator", "ILO", *DATE) for cycle in range(2016, 2021)]
    for path, layout in lay_out(documents, folder).items():
        assert 1 <= len(layout.pages) <= 2, path.stem
        assert split_words(layout, _doc(path)) == [], path.stem
        assert "ASEAN instruments" in layout.pages[-1], path.stem


def test_every_country_one_pager_fits_two_pages(seeded: Path,
                                                tmp_path_factory: pytest.TempPathFactory
                                                ) -> None:
    """The 2020 cycle has the longest status lines ("no report received (last: ...)")."""
    folder = tmp_path_factory.mktemp("countries")
    coordinating = [c for c in catalogue().vocabulary.country_names
                    if any(c in names(p, Part.COORDINATOR) for p in catalogue().projects)]
    assert len(coordinating) == 10
    documents = [write(folder / f"{country}.docx", seeded, "--cycle", "2020",
                       "--coordinator", country, *DATE) for country in coordinating]
    for path, layout in lay_out(documents, folder).items():
        assert 1 <= len(layout.pages) <= 2, path.stem
        assert split_words(layout, _doc(path)) == [], path.stem
        assert f"{path.stem} and the ILO fundamental and governance conventions" in \
            " ".join(" ".join(layout.pages).split()), path.stem
