"""The other documents that go to SLOM, to the progress report's standard (issue 12, finished):
the scorecard, the mid-term review, what changed between two cycles and the timeline, as
Word files read back (python-docx and the XML) and laid out by LibreOffice, and as HTML: a
cover (meeting, title, programme, who prepared it, the date written "2 May 2018"), the
running title and "Page X of Y", the document's properties, British English, no word broken
in a table cell, a chart where one helps (outputs by body; outcomes by body), the same
template family; and the timeline's coordinators per year in every format."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

import docx
import pytest

from asean_labour.errors import EXIT_OK, EXIT_USAGE
from asean_labour.report import DELIVERED_LABELS, OUTCOMES, state_label
from tests.conftest import Invoke
from tests.helpers import command_document, command_stdout, ids_in_text
from tests.office import Layout, W, lay_out, write
from tests.test_report import parse_markdown
from tests.test_report_data import NASTY, SCENARIO, catalogue, seeded_template
from tests.test_report_html import parse
from tests.test_report_word import split_words, style
from tests.test_review import outcome

#: The shipped vocabulary's bodies, in reporting order (plans/vocabulary.toml).
BODIES = ("SLOM", "SLOM-WG", "ACMW", "ASEAN-OSHNET")

DATE = ("--date", "2018-05-02")
VISIBLE_NASTY = NASTY.replace("\x1b", "\\x1b").replace("\x07", "\\x07")
PROGRAMME = "ASEAN Labour Ministers' (ALM) Work Programme 2016-2020"
ALL = "All 79 projects of the SLOM, SLOM-WG, ACMW and ASEAN-OSHNET work plans"
#: name: (command, arguments, title, subject, category)
DOCUMENTS: dict[str, tuple[str, tuple[str, ...], str, str, str]] = {
    "scorecard": ("scorecard", ("--cycle", "2017", "--meeting", "The 13th SLOM"),
                  "Output-level checklist (scorecard), cycle 2017",
                  "Outputs of the ASEAN labour work plans in the 2017 reporting cycle",
                  "Scorecard"),
    "review": ("review", ("--from", "2016", "--to", "2018", "--prepared-by",
                          "the ASEAN Secretariat (Labour and Civil Service Division)"),
               f"Mid-term review of the {PROGRAMME}, cycles 2016-2018",
               "Mid-term review of the ASEAN labour work plans, cycles 2016-2018",
               "Mid-term review"),
    "changes": ("report", ("--changes", "--from", "2016", "--to", "2018"),
                "What changed between the 2016 and 2018 cycles",
                "Changes in the ASEAN labour work plans between the 2016 and 2018 reporting "
                "cycles", "Changes between reporting cycles"),
    "timeline": ("timeline", ("--cycle", "2018"), "Timeline of the work plans",
                 "Timeline of the ASEAN labour work plans, 2016-2020", "Timeline"),
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_template(tmp_path_factory.mktemp("documents"))


@pytest.fixture(scope="module")
def files(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("documents-docx")
    return {name: write(folder / f"{name}.docx", seeded, *args, *DATE, command=command)
            for name, (command, args, *_) in DOCUMENTS.items()}


@pytest.fixture(scope="module")
def layouts(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
            ) -> dict[str, Layout]:
    laid = lay_out(list(files.values()), tmp_path_factory.mktemp("documents-pdf"))
    return {name: laid[path] for name, path in files.items()}


@pytest.fixture(scope="module")
def pages(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("documents-html")
    return {name: write(folder / f"{name}.html", seeded, *args, *DATE,
                        command=command).read_text("utf-8")
            for name, (command, args, *_) in DOCUMENTS.items()}


def _doc(path: Path) -> Any:
    return docx.Document(str(path))


def everything(doc: Any) -> list[str]:
    section = doc.sections[0]
    return [*(p.text for p in doc.paragraphs),
            *(c.text for t in doc.tables for r in t.rows for c in r.cells),
            *(p.text for p in section.header.paragraphs),
            *(p.text for p in section.footer.paragraphs)]


# --- Word: the cover, the page header and footer, the properties, the language ------------------

@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_a_cover_and_no_generated_on_line(files: dict[str, Path], name: str) -> None:
    doc = _doc(files[name])
    _, args, title, _, _ = DOCUMENTS[name]
    cover = [(style(p), p.text) for p in doc.paragraphs[:6]]
    meeting = "The 13th SLOM" if "--meeting" in args else "Senior Labour Officials Meeting (SLOM)"
    who = "the ASEAN Secretariat (Labour and Civil Service Division)" if "--prepared-by" in \
        args else "the ASEAN Secretariat"
    assert cover == [("Cover Meeting", meeting), ("Cover Title", title),
                     ("Cover Line", PROGRAMME), ("Cover Line", ALL),
                     ("Cover Line", f"Prepared by {who}"), ("Cover Line", "2 May 2018")]
    assert not any("Generated on" in t or "asean-labour" in t for t in everything(doc))
    # what follows the cover starts a page of its own
    first = doc.paragraphs[6]._p
    assert first.find(f"{W}pPr/{W}pageBreakBefore") is not None


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_running_title_page_numbers_and_properties(files: dict[str, Path], name: str) -> None:
    doc = _doc(files[name])
    _, args, title, subject, category = DOCUMENTS[name]
    section = doc.sections[0]
    assert section.different_first_page_header_footer  # nothing on the cover
    running = f"The 13th SLOM: {title}" if "--meeting" in args else title
    assert section.header.paragraphs[0].text == running
    footer = section.footer.paragraphs[0]
    assert [t.text.strip() for t in footer._p.iter(f"{W}instrText")] == ["PAGE", "NUMPAGES"]
    properties = doc.core_properties
    assert (properties.title, properties.subject, properties.category) == (title, subject,
                                                                         category)
    assert properties.author == ("ASEAN Secretariat (Labour and Civil Service Division)"
                                 if "--prepared-by" in args else "ASEAN Secretariat")
    assert properties.language == "en-GB"
    assert properties.keywords.endswith(category.lower())
    assert properties.created.date() == dt.date(2018, 5, 2)
    with zipfile.ZipFile(files[name]) as package:
        parts = [package.read(n).decode("utf-8") for n in package.namelist()
                 if n.startswith("word/") and n.endswith(".xml")]
    languages = [value for xml in parts for value in re.findall(r"<w:lang ([^>]*)/>", xml)]
    assert languages and all(set(re.findall(r'w:\w+="([^"]*)"', a)) == {"en-GB"}
                             for a in languages)


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_laid_out_no_word_broken_and_page_x_of_y(files: dict[str, Path],
                                                 layouts: dict[str, Layout],
                                                 name: str) -> None:
    layout = layouts[name]
    assert len(layout.pages) > 2 and len(layout.blocks) > 30  # the layout was read
    assert split_words(layout, _doc(files[name])) == []
    numbers = [re.findall(r"Page (\d+) of (\d+)", page) for page in layout.pages]
    assert numbers[0] == []  # the cover
    assert [n[-1] for n in numbers[1:]] == [(str(k), str(len(layout.pages)))
                                           for k in range(2, len(layout.pages) + 1)]


def test_the_reviews_contents_give_the_pages_its_headings_are_on(
        files: dict[str, Path], layouts: dict[str, Layout]) -> None:
    doc = _doc(files["review"])
    layout = layouts["review"]
    entries = [p for p in doc.paragraphs if style(p) in ("toc 1", "toc 2")]
    headings = [p.text for p in doc.paragraphs if style(p) in ("Heading 1", "Heading 2")]
    assert headings[0] == "1. Summary" and len(entries) == len(headings) > 7
    for entry, heading in zip(entries, headings, strict=True):
        page = next(n for n, text in enumerate(layout.pages, start=1)
                    if n > 2 and any(line.strip() == heading for line in text.splitlines()))
        assert int(entry.text[len(heading):]) == page, heading


# --- the charts, from the same figures as the tables ----------------------------------------------

def test_the_scorecard_charts_outputs_by_body(files: dict[str, Path]) -> None:
    doc = _doc(files["scorecard"])
    assert len(doc.inline_shapes) == 1
    shape = doc.inline_shapes[0]._inline.docPr
    assert shape.get("title") == "Outputs of the projects in the 2017 cycle, by body"
    outputs = {pid: set(out.split(";")) - {""} for pid, _, _, out in SCENARIO[2017]}
    expected: dict[str, Counter[str]] = {}
    for project in catalogue().projects:
        got = outputs.get(project.id)
        key = ("no-update" if got is None else "data-and-laws" if got == {"data", "laws"}
               else "data-only" if got == {"data"} else "laws-only" if got == {"laws"}
               else "no-output")
        for row in (str(project.body), "All projects"):
            expected.setdefault(row, Counter())[key] += 1
    labels = {label: str(key) for key, label in DELIVERED_LABELS.items()}
    described = alt_counts(shape.get("descr"), labels)
    assert described == expected
    captions = [p.text for p in doc.paragraphs if style(p) == "Caption"]
    assert captions == ["Figure 1. Outputs of the projects in the 2017 cycle, by body"]


def alt_counts(alt: str, labels: dict[str, str]) -> dict[str, Counter[str]]:
    """`Bar chart. <title>. SLOM: 9 projects, 1 data only and 8 no update in the cycle; ...`"""
    parsed: dict[str, Counter[str]] = {}
    for part in alt.split(". ", 2)[2].rstrip(".").split("; "):
        found = re.fullmatch(r"(.*): (\d+) projects?, (.*)", part)
        assert found, part
        label, total, counts = found.groups()
        pieces = re.split(r", | and (?=\d)", counts)
        parsed[label] = Counter({labels[p.split(" ", 1)[1]]: int(p.split(" ", 1)[0])
                                 for p in pieces})
        assert sum(parsed[label].values()) == int(total), part
    return parsed


def test_the_review_charts_outcomes_by_body_and_by_kra(files: dict[str, Path]) -> None:
    doc = _doc(files["review"])
    shapes = [s._inline.docPr for s in doc.inline_shapes]
    assert [s.get("title") for s in shapes] == [
        "Outcomes as of the 2018 cycle, by body",
        "Outcomes as of the 2018 cycle, by key result area"]
    labels = {state_label(key): key for key in OUTCOMES}
    expected: dict[str, Counter[str]] = {}
    for project in catalogue().projects:
        for row in (str(project.body), "All projects"):
            expected.setdefault(row, Counter())[outcome(project, 2018)] += 1
    by_body = alt_counts(shapes[0].get("descr"), labels)
    assert by_body == expected
    assert list(by_body) == [*BODIES, "All projects"]


# --- what changed, the timeline -------------------------------------------------------------------

def test_changes_tables_without_the_body_column_and_with_the_reason_apart(
        files: dict[str, Path]) -> None:
    doc = _doc(files["changes"])
    headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["ID", "Title", "Coordinators", "As of 2016", "As of 2018", "Note"] in headers
    assert all("Body" not in h for h in headers)
    rows = {row.cells[0].text: [c.text for c in row.cells] for t in doc.tables
            for row in t.rows[1:]}
    assert rows["SLOM-WG-2a"][-1] == VISIBLE_NASTY  # the note, literally
    lapsed = [r for r in rows.values() if "timeline ended" in r[4]]
    assert len(lapsed) > 10
    assert all(r[4].split("\n")[1] in ("(timeline ended in 2016)", "(timeline ended in 2017)")
               for r in lapsed)


def test_the_word_timeline_names_the_coordinators_with_their_years(
        files: dict[str, Path]) -> None:
    doc = _doc(files["timeline"])
    rows = {row.cells[0].text: [c.text for c in row.cells] for t in doc.tables
            for row in t.rows[1:]}
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header == ["ID", "Title", "Coordinators", "2016", "2017", "2018", "2019", "2020",
                      "Status"]
    assert rows["OSHNET-18"][2] == "ASEAN BCA Coordinator (rotated biennially among AMS), " \
                                   "Malaysia (2016-2018)"
    assert sorted(rows) == sorted(p.id for p in catalogue().projects)
    headings = [p for p in doc.paragraphs if style(p) == "Heading 1"]
    assert [h.text for h in headings] == list(BODIES)
    # each body after the first on a page of its own
    assert [h._p.find(f"{W}pPr/{W}pageBreakBefore") is not None for h in headings] == \
        [False, True, True, True]


def test_timeline_markdown_and_json_give_the_coordinators(invoke: Invoke, seeded: Path) -> None:
    _, tables = parse_markdown(command_stdout("timeline", invoke, seeded, "--body",
                                              "ASEAN-OSHNET", "-f", "markdown",
                                              "--no-timestamp"))
    row = next(r for r in tables[0] if r[0] == "OSHNET-19")
    assert row[2] == "Indonesia (2016), Malaysia (2018), ASEAN BCA Coordinator (2020)"
    document = command_document("timeline", invoke, seeded, "--body", "ASEAN-OSHNET")
    found = next(r for r in document["rows"] if r["id"] == "OSHNET-19")
    assert found["coordinator_labels"] == ["Indonesia (2016)", "Malaysia (2018)",
                                           "ASEAN BCA Coordinator (2020)"]
    assert found["coordinators_by_year"] == {"2016": ["Indonesia"], "2018": ["Malaysia"],
                                             "2020": ["ASEAN BCA Coordinator"]}


@pytest.mark.parametrize("columns", [40, 50, 60, 80, 100, 140])
def test_terminal_timeline_never_cuts_an_id(invoke: Invoke, seeded: Path,
                                            columns: int) -> None:
    out = command_stdout("timeline", invoke, seeded, env={"COLUMNS": str(columns)})
    lines = out.splitlines()
    assert max(map(len, lines)) <= columns
    starts = [line.split()[0] for line in lines if line and not line.startswith(" ")]
    ids = [p.id for p in catalogue().projects]
    assert [s for s in starts if s in ids] == ids  # each id whole, in order, once
    assert not any(re.match(r"[A-Z]+-?\w*…", s) for s in starts)
    assert ids_in_text(out) == set(ids)
    header = next(line for line in lines if line.startswith("ID "))
    narrow = "16 17 18 19 20" in header
    assert narrow == ("2016 2017 2018 2019 2020" not in header)
    if narrow:
        assert "Years 2016-2020 by their last two digits, to fit" in " ".join(out.split())


def test_terminal_timeline_says_who_coordinates_when_it_changes(invoke: Invoke,
                                                               seeded: Path) -> None:
    lines = command_stdout("timeline", invoke, seeded, "--body", "ASEAN-OSHNET",
                           env={"COLUMNS": "100"}).splitlines()
    after = {line.split()[0]: lines[i + 1] for i, line in enumerate(lines[:-1])
             if line.startswith("OSHNET-")}
    assert after["OSHNET-18"].strip() == ("Coordinators: ASEAN BCA Coordinator (rotated "
                                          "biennially among AMS), Malaysia (2016-2018)")
    assert after["OSHNET-18"].startswith(" " * len("OSHNET-18  "))
    # one coordinator in every year: no line of its own
    assert after["OSHNET-1"].startswith("OSHNET-2 ")


def test_terminal_timeline_with_wide_shows_whole_titles(invoke: Invoke, seeded: Path) -> None:
    out = command_stdout("timeline", invoke, seeded, "--body", "ACMW", "--wide",
                         env={"COLUMNS": "60"})
    title = next(p.title for p in catalogue().projects if p.id == "ACMW-13")
    assert title in out and "2016 2017 2018 2019 2020" in out


# --- options --------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["scorecard", "review", "timeline"])
def test_meeting_and_prepared_by_on_every_document(invoke: Invoke, seeded: Path,
                                                   command: str) -> None:
    document = command_document(command, invoke, seeded, "--meeting", "The 14th SLOM",
                                "--prepared-by", "the Secretariat")
    assert (document["meeting"], document["prepared_by"]) == ("The 14th SLOM",
                                                              "the Secretariat")
    text = command_stdout(command, invoke, seeded, "-f", "markdown", "--date", "2018-05-02",
                          "--meeting", "The 14th SLOM")
    assert "\n\nThe 14th SLOM\n\n" in text and "Prepared by the ASEAN Secretariat, 2 May " \
                                               "2018." in text
    result = invoke(command, "--meeting", "two\nlines", "--plans", str(seeded))
    assert result.exit_code == EXIT_USAGE
    assert "--meeting: expected a name on one line of at most 120 characters" in result.stderr


# --- HTML: the same template family ---------------------------------------------------------------

@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_html_documents_have_the_cover_and_print_header(pages: dict[str, str],
                                                        name: str) -> None:
    text = pages[name]
    _, _, title, subject, _ = DOCUMENTS[name]
    elements = parse(text)
    shown = escape(title).replace("&#x27;", "&#39;")  # Jinja2's escape of the apostrophe
    assert f"<title>{shown}</title>" in text
    assert f"<h1>{shown}</h1>" in text  # on the cover
    tags = [tag for tag, _ in elements.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags
    assert '<header class="cover">' in text and "<p class=\"cover-line\">2 May 2018</p>" in text
    assert f'<meta name="description" content="{subject}">' in text
    assert "Generated on" not in text
    charts = {"scorecard": 1, "review": 2, "changes": 0, "timeline": 0}[name]
    assert tags.count("svg") == charts
    assert "@page:first" in text  # no running title nor page number on the cover in print


def test_html_changes_show_a_hostile_note_as_text(pages: dict[str, str]) -> None:
    text = pages["changes"]
    assert "<script>alert(1)</script>" not in text
    assert "[bold red]alarm[/bold red] &lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_html_timeline_has_the_coordinators_column(pages: dict[str, str]) -> None:
    text = pages["timeline"]
    assert "<th>Coordinators</th>" in text
    assert "<td>ASEAN BCA Coordinator (rotated biennially among AMS), Malaysia (2016-2018)</td>" \
        in text


def test_every_document_writes(invoke: Invoke, seeded: Path, tmp_path: Path) -> None:
    for name, (command, args, *_) in DOCUMENTS.items():
        for suffix in (".docx", ".html", ".md", ".json", ".txt"):
            target = tmp_path / f"{name}{suffix}"
            result = invoke(command, *args, "--plans", str(seeded), "-o", str(target))
            assert result.exit_code == EXIT_OK, (name, suffix, result)
            assert target.stat().st_size > 1000


@pytest.mark.parametrize(("command", "args"), [
    ("scorecard", ("--cycle", "2017")),
    ("report", ("--cycle", "2018", "--collaborator", "ILO")),  # Word's shorter versions too
])
def test_word_files_are_byte_identical_without_timestamp(invoke: Invoke, seeded: Path,
                                                         tmp_path: Path, command: str,
                                                         args: tuple[str, ...]) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for target in (first, second):
        command_stdout(command, invoke, seeded, *args, "--no-timestamp", "-o", str(target))
    assert first.read_bytes() == second.read_bytes()
