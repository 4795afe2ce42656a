"""The one-pagers' ILO ratifications and ASEAN instruments (issue 16, part 3): the ILO's
one-pager gives every Member State's ratification of the fundamental and governance
conventions, a country's its own row, both the instruments that concern them; as of the
report's date, or the end of the cycle; in every format. The expected facts are my reading of
the annexes (tests/test_ratification_data.py quotes the source lines) and of the plans, never
the tool's own answer."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from markdown_it import MarkdownIt

from asean_labour import report as core
from asean_labour.errors import EXIT_FAILURE, EXIT_OK
from asean_labour.instruments import load_instruments
from asean_labour.involvement import Part, names, organisation_matches
from asean_labour.progress import ProgressStore
from asean_labour.query import Filters, resolve
from asean_labour.ratifications import Standing, load_ratifications
from asean_labour.render import report_docx
from asean_labour.render.report_layout import (
    Document,
    Paragraph,
    Table,
    report_document,
    short_convention,
)
from tests.conftest import SHIPPED_PLANS, Invoke
from tests.helpers import command_document, command_stdout, shipped_vocabulary
from tests.test_ratification_data import CODES, EXPECTED
from tests.test_report import parse_markdown
from tests.test_report_data import NASTY, catalogue, seeded_template

VISIBLE_NASTY = NASTY.replace("\x1b", "\\x1b").replace("\x07", "\\x07")
WORDS = {Standing.RATIFIED: "Yes", Standing.NOT_RATIFIED: "No",
         Standing.DENOUNCED: "Denounced"}
#: How many of the ten Member States with data ratified each convention, from my reading.
RATIFIED_BY = [sum(1 for row in EXPECTED.values() if row[i] is Standing.RATIFIED)
               for i in range(len(CODES))]
#: The ACMW projects the ILO collaborates on, by my reading of the ACMW Work Plan
#: (every ACMW project is linked to the Cebu Declaration: the ACMW is its committee).
ILO_ACMW = ["ACMW-2", "ACMW-5", "ACMW-6a", "ACMW-6b", "ACMW-7", "ACMW-10a", "ACMW-11",
            "ACMW-13", "ACMW-14", "ACMW-15"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_template(tmp_path_factory.mktemp("one-pagers"))


def build(seeded: Path, cycle: int = 2018, generated_on: dt.date | None = dt.date(2018, 5, 2),
          **filters: Any) -> core.Report:
    """A report through the core, with the shipped ratifications and instruments."""
    selection = resolve(Filters(**filters), catalogue())
    history = ProgressStore(seeded).history(catalogue())
    report = core.build_report(catalogue(), history, selection, cycle,
                               generated_on=generated_on)
    return core.one_pager_facts(report, catalogue(), selection,
                                load_ratifications(SHIPPED_PLANS),
                                load_instruments(SHIPPED_PLANS, catalogue()))


def collaborates(pid: str, partner: str) -> bool:
    project = catalogue().project(pid)
    assert project is not None
    return any(organisation_matches(n, partner) for n in names(project, Part.COLLABORATOR))


# --- the core ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cycle", "written", "as_of", "basis"), [
    (2018, dt.date(2018, 5, 2), dt.date(2018, 5, 2), "the date of this report"),
    (2018, dt.date(2026, 12, 1), dt.date(2018, 12, 31), "the end of the 2018 cycle"),
    (2018, dt.date(2018, 12, 31), dt.date(2018, 12, 31), "the end of the 2018 cycle"),
    (2017, None, dt.date(2017, 12, 31), "the end of the 2017 cycle"),
])
def test_facts_are_taken_as_of_the_reports_date_or_the_cycles_end(
        cycle: int, written: dt.date | None, as_of: dt.date, basis: str) -> None:
    assert core.ratifications_as_of(cycle, written) == (as_of, basis)


def test_the_ilo_one_pager_has_every_member_states_row(seeded: Path) -> None:
    facts = build(seeded, collaborators=("ILO",)).ratifications
    assert facts is not None and facts.every_state
    assert (facts.as_of, facts.basis) == (dt.date(2018, 5, 2), "the date of this report")
    assert [c.code for c in facts.conventions] == list(CODES)
    assert [row.country for row in facts.rows] == list(shipped_vocabulary().country_names)
    for row in facts.rows:
        if row.country == "Timor-Leste":  # a Member State with no data, not left out
            assert row.facts == (None,) * 12
            assert row.member_since == dt.date(2025, 10, 26)
        else:
            assert tuple(f.standing if f else None for f in row.facts) == EXPECTED[row.country]
    assert list(facts.ratified_by) == RATIFIED_BY
    assert set(facts.with_data) == {10}
    assert [r.title for r in facts.records] == [
        "Annex 1: ASEAN Member States' Ratification of ILO Fundamental Conventions",
        "Annex 2: ASEAN Member States' Ratification of ILO Governance Conventions"]


@pytest.mark.parametrize("filters", [{"coordinators": ("Viet Nam",)},
                                     {"coordinators": ("Vietnam",), "collaborators": ("ILO",)}])
def test_a_country_one_pager_has_its_own_row(seeded: Path, filters: dict[str, Any]) -> None:
    facts = build(seeded, **filters).ratifications
    assert facts is not None and not facts.every_state
    assert [row.country for row in facts.rows] == ["Viet Nam"]
    assert tuple(f.standing if f else None for f in facts.rows[0].facts) == EXPECTED["Viet Nam"]
    assert list(facts.ratified_by) == RATIFIED_BY  # how the other Member States stand


def test_the_instruments_that_concern_the_ilo(seeded: Path) -> None:
    found = build(seeded, collaborators=("ILO",)).instruments
    assert found is not None and (found.loaded, found.partner) == (4, "ILO")
    items = {i.id: i for i in found.items}
    assert list(items) == ["CEBU-2007", "VIENTIANE-2016", "OSH-2017"]  # by date; not HRD-2010
    assert [pid for pid, _ in items["CEBU-2007"].projects] == ILO_ACMW
    assert all(collaborates(pid, "ilo") for pid in ILO_ACMW)
    assert {how for _, how in items["CEBU-2007"].projects} == {"implements (plan)"}
    # every ACMW project (ACMW-9, linked by id too, once)
    assert items["CEBU-2007"].linked == sum(1 for p in catalogue().projects
                                            if str(p.body) == "ACMW") == 18
    assert (items["CEBU-2007"].commitments, items["CEBU-2007"].date) == (
        22, dt.date(2007, 1, 13))
    assert [pid for pid, _ in items["VIENTIANE-2016"].projects] == ["SLOM-WG-9"]
    # The OSH Statement links OSHNET-8, where the ILO does not collaborate; its action 10
    # names the International Labour Organization.
    assert (items["OSH-2017"].projects, items["OSH-2017"].naming) == ((), (10,))
    assert not collaborates("OSHNET-8", "ilo")


def test_the_instruments_of_a_country_are_those_of_the_projects_it_coordinates(
        seeded: Path) -> None:
    found = build(seeded, coordinators=("Viet Nam",)).instruments
    assert found is not None and found.partner is None
    assert [(i.id, [pid for pid, _ in i.projects], i.naming) for i in found.items] == [
        ("CEBU-2007", ["ACMW-2", "ACMW-6a"], ())]
    for pid in ("ACMW-2", "ACMW-6a"):
        project = catalogue().project(pid)
        assert project is not None and "Viet Nam" in names(project, Part.COORDINATOR)


def test_other_one_pagers_and_the_full_report(seeded: Path) -> None:
    """Another partner, a coordinator that is not a Member State: instruments, no
    ratifications (they are the ILO's conventions, ratified by Member States); the full
    report: neither."""
    iom = build(seeded, collaborators=("IOM",))
    assert iom.ratifications is None and iom.instruments is not None
    assert iom.instruments.partner == "IOM"
    assert all(collaborates(pid, "iom") for i in iom.instruments.items for pid, _ in i.projects)
    secretariat = build(seeded, coordinators=("ASEAN Secretariat",))
    assert secretariat.ratifications is None and secretariat.instruments is not None
    full = build(seeded)
    assert (full.ratifications, full.instruments) == (None, None)
    wg = build(seeded, bodies=("SLOM-WG",))  # a filter that makes no one-pager
    assert (wg.ratifications, wg.instruments) == (None, None)


# --- through the command line, in every format ------------------------------------------------

def markdown(invoke: Invoke, plans: Path, *args: str, cycle: int = 2018,
             date: str = "2018-05-02") -> str:
    return command_stdout("report", invoke, plans, "--cycle", str(cycle), *args, "-f",
                          "markdown", "--date", date)


def test_markdown_ilo_one_pager_has_the_matrix_and_the_instruments(invoke: Invoke,
                                                                   seeded: Path) -> None:
    text = markdown(invoke, seeded, "--collaborator", "ILO")
    headings, tables = parse_markdown(text)
    assert [h for level, h in headings if level == 3][-2:] == [
        "ILO fundamental and governance conventions: ratification by the Member States",
        "ASEAN instruments"]
    matrix = next(t for t in tables if t[0][0] == "Member State")
    assert matrix[0] == ["Member State", *CODES]
    rows = {row[0]: row[1:] for row in matrix[1:]}
    for country, standings in EXPECTED.items():
        assert rows[country] == [WORDS[s] for s in standings], country
    assert rows["Timor-Leste"] == ["-"] * 12
    assert rows["Ratified by"] == [str(n) for n in RATIFIED_BY]
    assert "Ratification by each ASEAN Member State, as verified on or before 2 May 2018, " \
           "the date of this report." in text
    assert "Timor-Leste: no data (an ASEAN Member State since 26 October 2025)." in text
    assert "Verified 31 October 2017: Annex 1: ASEAN Member States' Ratification of ILO " \
           "Fundamental Conventions; Annex 2:" in text
    instruments = next(t for t in tables if t[0][0] == "Instrument")
    assert [row[0] for row in instruments[1:]] == [
        "ASEAN Declaration on the Rights of Migrant Workers (Cebu Declaration) (CEBU-2007)",
        "Vientiane Declaration on Transition from Informal to Formal Employment "
        "(VIENTIANE-2016)",
        "ASEAN Labour Ministers' Statement on OSH (OSH-2017)"]
    assert instruments[1][1] == "13 January 2007\nCebu, Philippines"
    assert instruments[1][2] == f"{', '.join(ILO_ACMW)} (10 of the 18 linked)"
    assert instruments[3][2] == "none (of the 1 linked)\nItem 10 names the ILO."


def test_markdown_country_one_pager_has_its_row_in_a_sentence_and_a_table(
        invoke: Invoke, seeded: Path) -> None:
    text = markdown(invoke, seeded, "--coordinator", "Viet Nam")
    _, tables = parse_markdown(text)
    row = next(t for t in tables if t[0][0] == "Member State")
    assert row == [["Member State", *CODES],
                   ["Viet Nam", *(WORDS[s] for s in EXPECTED["Viet Nam"])],
                   ["ASEAN: ratified by", *map(str, RATIFIED_BY)]]
    fundamental = sum(s is Standing.RATIFIED for s in EXPECTED["Viet Nam"][:8])
    governance = sum(s is Standing.RATIFIED for s in EXPECTED["Viet Nam"][8:])
    assert f"Viet Nam has ratified {fundamental} of the 8 fundamental conventions and " \
           f"{governance} of the 4 governance conventions, as verified on or before " \
           "2 May 2018, the date of this report." in text
    philippines = markdown(invoke, seeded, "--coordinator", "Philippines")
    assert "Philippines has ratified all 8 fundamental conventions and 2 of the 4 " \
           "governance conventions" in philippines


def test_json_one_pagers(invoke: Invoke, seeded: Path) -> None:
    ilo = command_document("report", invoke, seeded, "--cycle", "2018", "--collaborator",
                           "ILO")
    facts = ilo["ratifications"]
    assert list(facts) == ["as_of", "as_of_basis", "every_member_state", "conventions",
                           "member_states", "ratified_by", "with_data", "sources"]
    assert (facts["as_of"], facts["as_of_basis"]) == ("2018-12-31", "the end of the 2018 cycle")
    assert [s["country"] for s in facts["member_states"]] == \
        list(shipped_vocabulary().country_names)
    viet_nam = next(s for s in facts["member_states"] if s["country"] == "Viet Nam")
    assert [c["standing"] for c in viet_nam["conventions"]] == [
        str(s) for s in EXPECTED["Viet Nam"]]
    assert viet_nam["conventions"][0]["verified"] == "2017-10-31"
    assert facts["ratified_by"] == dict(zip(CODES, RATIFIED_BY, strict=True))
    instruments = ilo["instruments"]
    assert [i["id"] for i in instruments["items"]] == ["CEBU-2007", "VIENTIANE-2016",
                                                       "OSH-2017"]
    cebu = instruments["items"][0]
    assert cebu["title"] == "ASEAN Declaration on the Protection and Promotion of the Rights " \
                            "of Migrant Workers"
    assert [p["id"] for p in cebu["projects"]] == ILO_ACMW
    assert instruments["items"][2]["naming_commitments"] == [10]


def test_terminal_one_pager_splits_the_matrix_where_it_is_too_wide(invoke: Invoke,
                                                                   seeded: Path) -> None:
    def lines(columns: int) -> list[str]:
        return command_stdout("report", invoke, seeded, "--cycle", "2018", "--collaborator",
                              "ILO", env={"COLUMNS": str(columns)}).splitlines()

    narrow = lines(80)
    assert max(map(len, narrow)) <= 80
    headers = [line.split() for line in narrow if line.startswith("Member State")]
    assert headers == [["Member", "State", *CODES[:8]], ["Member", "State", *CODES[8:]]]
    wide = lines(140)
    assert [line.split() for line in wide if line.startswith("Member State")] == [
        ["Member", "State", *CODES]]
    row = next(line for line in wide if line.startswith("Malaysia "))
    assert row.split() == ["Malaysia", *(WORDS[s] for s in EXPECTED["Malaysia"])]
    assert any(line.startswith("ASEAN instruments") for line in wide)


def test_html_and_word_one_pagers(invoke: Invoke, seeded: Path, tmp_path: Path) -> None:
    page = tmp_path / "viet-nam.html"
    command_stdout("report", invoke, seeded, "--cycle", "2018", "--coordinator", "Viet Nam",
                   "-o", str(page), "--date", "2018-05-02")
    text = page.read_text("utf-8")
    assert "Viet Nam and the ILO fundamental and governance conventions</h3>" in text
    assert '<table class="whole">' in text
    assert "13\u00a0January\u00a02007" in text  # a date never broken over lines
    word = tmp_path / "viet-nam.docx"
    command_stdout("report", invoke, seeded, "--cycle", "2018", "--coordinator", "Viet Nam",
                   "-o", str(word), "--date", "2018-05-02")
    doc = docx.Document(str(word))
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["Viet Nam", *(WORDS[s] for s in EXPECTED["Viet Nam"])] in cells
    assert ["ASEAN: ratified by", *map(str, RATIFIED_BY)] in cells
    instrument = next(row for row in cells if row[0].endswith("(CEBU-2007)"))
    assert instrument[2] == "ACMW-2, ACMW-6a (2 of the 18 linked)"


def test_a_later_verification_shows_from_its_date(invoke: Invoke, seeded: Path,
                                                  tmp_path: Path) -> None:
    """Viet Nam ratified C098 on 5 July 2019 (say), verified on 1 August 2019: the 2019 one-pager
    written after that gives it; written before, or the 2018 one, gives the annex."""
    plans = tmp_path / "plans"
    shutil.copytree(seeded, plans)
    (plans / "ratifications" / "2019-08-01-viet-nam.toml").write_text(
        'schema_version = 1\nverified = 2019-08-01\nsource = "ILO NORMLEX"\n\n'
        '[[member_states]]\ncountry = "Viet Nam"\nratified = ["C098"]\n'
        "ratified_on = { C098 = 2019-07-05 }\n", "utf-8")

    def c098(cycle: int, *dates: str) -> tuple[str, str | None]:
        document = json.loads(command_stdout(
            "report", invoke, plans, "--cycle", str(cycle), "--coordinator", "Viet Nam",
            "-f", "json", *dates))
        cell = document["ratifications"]["member_states"][0]["conventions"][2]
        assert cell["convention"] == "C098"
        return document["ratifications"]["as_of"], cell["standing"]

    assert c098(2019, "--date", "2019-09-01") == ("2019-09-01", "ratified")
    assert c098(2019, "--date", "2019-07-31") == ("2019-07-31", "not ratified")
    assert c098(2019, "--no-timestamp") == ("2019-12-31", "ratified")
    assert c098(2018, "--date", "2026-12-01") == ("2018-12-31", "not ratified")
    text = markdown(invoke, plans, "--coordinator", "Viet Nam", cycle=2019, date="2019-09-01")
    assert "| Viet Nam | Yes | No | Yes (2019) |" in text
    assert "Verified 31 October 2017: Annex 1:" in text and "Verified 1 August 2019: " \
                                                             "ILO NORMLEX." in text


def test_a_note_on_a_fact_comes_out_literally(invoke: Invoke, seeded: Path,
                                              tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(seeded, plans)
    (plans / "ratifications" / "2018-01-15-note.toml").write_text(
        'schema_version = 1\nverified = 2018-01-15\nsource = "A check"\n\n'
        '[[member_states]]\ncountry = "Viet Nam"\nratified = ["C029"]\n'
        f"notes = {{ C029 = {json.dumps(NASTY)} }}\n", "utf-8")
    text = markdown(invoke, plans, "--coordinator", "Viet Nam")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "[bold red]alarm[/bold red]" in html and "**bold**" in html
    assert "| Viet Nam | Yes\\* |" in text  # the cell with a note, its star escaped
    out = command_stdout("report", invoke, plans, "--cycle", "2018", "--coordinator",
                         "Viet Nam", env={"COLUMNS": "200"})
    assert f"* Viet Nam, C029: {VISIBLE_NASTY}" in out
    page = tmp_path / "note.html"
    command_stdout("report", invoke, plans, "--cycle", "2018", "--coordinator", "Viet Nam",
                   "-o", str(page))
    assert "<script>alert" not in page.read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.read_text("utf-8")
    word = tmp_path / "note.docx"
    command_stdout("report", invoke, plans, "--cycle", "2018", "--coordinator", "Viet Nam",
                   "-o", str(word))
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    assert any(f"* Viet Nam, C029: {VISIBLE_NASTY}" in p for p in paragraphs)


# --- errors and a folder without the data --------------------------------------------------------

def test_a_bad_ratifications_file_stops_a_one_pager_not_the_full_report(
        invoke: Invoke, seeded: Path, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(seeded, plans)
    (plans / "ratifications" / "2019-bad.toml").write_text(
        'schema_version = 1\nverified = 2019-08-01\nsource = "A check"\n\n'
        '[[member_states]]\ncountry = "Atlantis"\nratified = ["C098"]\n', "utf-8")
    target = tmp_path / "viet-nam.docx"
    result = invoke("report", "--cycle", "2018", "--coordinator", "Viet Nam", "-o",
                    str(target), "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert "2019-bad.toml" in result.stderr and "unknown Member State 'Atlantis'" in \
        result.stderr
    assert "Traceback" not in result.stderr and not target.exists()
    full = tmp_path / "full.docx"
    assert invoke("report", "--cycle", "2018", "-o", str(full), "--plans",
                  str(plans)).exit_code == EXIT_OK
    assert full.is_file()


def test_a_plans_folder_without_instruments_or_ratifications(
        invoke: Invoke, tiny_plans: Callable[..., Path]) -> None:
    folder = tiny_plans()
    document = command_document("report", invoke, folder, "--cycle", "2021",
                                "--coordinator", "Viet Nam")
    assert (document["ratifications"], document["instruments"]) == (None, None)
    text = command_stdout("report", invoke, folder, "--cycle", "2021", "--coordinator",
                          "Viet Nam", "-f", "markdown", "--no-timestamp")
    assert "conventions" not in text and "instruments" not in text


def test_instruments_none_of_which_concerns_the_one_pager(
        invoke: Invoke, tiny_plans: Callable[..., Path]) -> None:
    folder = tiny_plans()
    (folder / "instruments").mkdir()
    shutil.copy(SHIPPED_PLANS / "instruments" / "hrd-statement-2010.toml",
                folder / "instruments")
    text = command_stdout("report", invoke, folder, "--cycle", "2021", "--collaborator",
                          "ILO", "-f", "markdown", "--no-timestamp")
    assert "None of the 1 ASEAN instrument in the plans is linked to these projects or " \
           "names the ILO." in text


# --- Word keeps a one-pager to two pages ----------------------------------------------------------

def test_word_uses_a_shorter_version_where_the_document_is_too_long() -> None:
    """The first version that keeps to its pages is written; else the shortest."""
    from asean_labour.render import Listing
    from asean_labour.render.report_layout import Column

    rows = tuple((f"P-{n}", "A title " * 12) for n in range(120))
    long = Table(Listing(None, (Column("ID", no_wrap=True), Column("Title", ratio=1)), rows))
    short = Document("Short", (), (Paragraph("The short version."),), pages=1)
    chained = Document("Long", (), (long,), pages=1, shorter=short)
    text = "\n".join(p.text for p in docx.Document(
        __import__("io").BytesIO(report_docx.render(chained))).paragraphs)
    assert "The short version." in text
    fits = Document("Fits", (), (Paragraph("It fits."),), pages=1, shorter=short)
    text = "\n".join(p.text for p in docx.Document(
        __import__("io").BytesIO(report_docx.render(fits))).paragraphs)
    assert "It fits." in text and "short version" not in text


def test_the_ilo_one_pagers_shorter_versions(seeded: Path) -> None:
    """Tables in 8 pt, then no chart, then the matrix as counts: what is left out is said."""
    document = report_document(build(seeded, collaborators=("ILO",)))
    versions = []
    while document is not None:
        versions.append(document)
        document = document.shorter
    assert [(v.dense, any(type(b).__name__ == "Chart" for b in v.blocks)) for v in versions] \
        == [(False, True), (True, True), (True, False), (True, False)]
    last = versions[-1]
    counts = next(b for b in last.blocks if isinstance(b, Table)
                  and b.listing.columns[0].header == "Convention")
    assert counts.listing.rows == (("Ratified by", *map(str, RATIFIED_BY)),)
    assert any(isinstance(b, Paragraph) and b.text.startswith(
        "How many of the 10 ASEAN Member States with data have ratified each convention")
        and "Each Member State's standing is in the HTML version of this report." in b.text
        for b in last.blocks)
    # a country's one-pager has no matrix to count: three versions
    country = report_document(build(seeded, coordinators=("Viet Nam",)))
    assert country.shorter is not None and country.shorter.shorter is not None
    assert country.shorter.shorter.shorter is None


def test_short_convention_names() -> None:
    assert short_convention("Forced Labour Convention, 1930 (No. 29)") == "Forced Labour"
    assert short_convention("Labour Inspection (Agriculture) Convention, 1969 (No. 129)") == \
        "Labour Inspection (Agriculture)"
    assert short_convention("A title in another form") == "A title in another form"
