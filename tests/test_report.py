"""`report`: the annual progress report to SLOM in every format, read back and checked against
counts computed from the scenario; one-pagers; output files; every refusal."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError
from asean_labour.involvement import Part, names
from asean_labour.progress import ProgressStore
from asean_labour.query import Filters, resolve
from asean_labour.render.report_output import ReportFileError, write_file
from asean_labour.report import State, build_report
from tests.conftest import ROOT, WORK_PLAN, Invoke
from tests.helpers import command_document, command_stdout, shipped_vocabulary
from tests.test_report_data import (
    FINAL,
    NASTY,
    as_of,
    catalogue,
    expected_state,
    in_cycle,
    seeded_template,
)

SECTIONS = ["1. Executive summary", "2. Progress by body",
            "Annex. Every project, by body and thematic area"]
SUMMARY_SECTIONS = ["Summary", "Points for SLOM's attention"]
VISIBLE_NASTY = NASTY.replace("\x1b", "\\x1b").replace("\x07", "\\x07")
STATE_HEADERS = {s.label.capitalize(): str(s) for s in State}
_WORD = docx.Document()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped plans with three cycles of progress (read-only for the tests here)."""
    return seeded_template(tmp_path_factory.mktemp("report"))


def run(invoke: Invoke, plans: Path, command: str, *args: str,
        env: dict[str, str] | None = None) -> str:
    return command_stdout(command, invoke, plans, *args, env=env)


report_json = functools.partial(command_document, "report")


def expected_counts(cycle: int, keep: Callable[[Any], bool] = lambda p: True
                    ) -> dict[str, Counter[str]]:
    """State counts by body and in total, from the scenario alone."""
    counts: dict[str, Counter[str]] = {"total": Counter()}
    for project in catalogue().projects:
        if keep(project):
            state = expected_state(project, cycle)
            counts.setdefault(str(project.body), Counter())[state] += 1
            counts["total"][state] += 1
    return counts


# --- JSON: the data behind the report ----------------------------------------------------------

def test_json_counts_match_the_scenario(invoke: Invoke, seeded: Path) -> None:
    document = report_json(invoke, seeded, "--cycle", "2017")
    assert (document["schema_version"], document["kind"], document["cycle"]) == (1, "report",
                                                                                 2017)
    assert document["generated_on"] is None
    expected = expected_counts(2017)
    summary = document["summary"]
    assert {k: v for k, v in summary["total"]["counts"].items() if v} == dict(expected["total"])
    assert list(summary["total"]["counts"]) == [str(s) for s in State]  # every state, in order
    assert [b["key"] for b in summary["by_body"]] == list(shipped_vocabulary().body_order)
    for body in summary["by_body"]:
        assert {k: v for k, v in body["counts"].items() if v} == dict(expected[body["key"]])
        assert body["completed_share"] == round(
            expected[body["key"]]["completed"] / body["projects"], 4)
    assert sum(t["projects"] for t in summary["by_kra"]) == 79
    assert document["reported"] == len(in_cycle(2017))

    projects = catalogue().projects
    ids = {key: [r["id"] for r in document[key]] for key in
           ("completed_in_cycle", "due", "no_report", "past_timeline")}
    assert ids["completed_in_cycle"] == ["SLOM-WG-1", "ACMW-9", "OSHNET-6"]
    assert ids["no_report"] == [p.id for p in projects
                                if expected_state(p, 2017) == "no-report"]
    assert ids["past_timeline"] == [
        p.id for p in projects if p.all_years and p.all_years[-1] < 2017
        and as_of(2017).get(p.id, ("", 0))[0] not in FINAL]
    assert ids["due"] == [p.id for p in projects if 2017 in p.all_years
                          and as_of(2016).get(p.id, ("", 0))[0] not in FINAL]
    done = document["completeness"]
    assert done["no_update"] == [p.id for p in projects if p.id not in in_cycle(2017)]
    assert done["missing_coordinator"] == [p.id for p in projects if not names(p, Part.COORDINATOR)]
    assert done["missing_timeline"] == [p.id for p in projects if not p.all_years]

    rows = [row for body in document["bodies"] for group in body["groups"]
            for area in group["thematic_areas"] for row in area["projects"]]
    assert sorted(r["id"] for r in rows) == sorted(p.id for p in projects)
    by_id = {r["id"]: r for r in rows}
    assert by_id["SLOM-2"]["state"] == "completed"  # final in 2016, kept in 2017
    assert (by_id["SLOM-2"]["status"], by_id["SLOM-2"]["status_cycle"]) == ("completed", 2016)
    assert by_id["SLOM-WG-2a"]["note"] == NASTY
    assert by_id["ACMW-9"]["outputs"] == ["laws"]
    assert by_id["ACMW-9"]["iati_status"] == 3


def test_status_semantics_in_a_later_cycle(invoke: Invoke, seeded: Path) -> None:
    """2018: a project ongoing in 2017 and silent in 2018 is 'no report received', with its
    last status; one completed in 2017 keeps 'completed'."""
    document = report_json(invoke, seeded, "--cycle", "2018")
    rows = {r["id"]: r for body in document["bodies"] for g in body["groups"]
            for a in g["thematic_areas"] for r in a["projects"]}
    assert (rows["ACMW-4"]["state"], rows["ACMW-4"]["status"]) == ("no-report", "ongoing")
    assert rows["ACMW-9"]["state"] == "completed"
    assert rows["SLOM-WG-10b"]["state"] == "carried-over"
    expected = expected_counts(2018)["total"]
    assert {k: v for k, v in document["summary"]["total"]["counts"].items() if v} == \
        dict(expected)


# --- Word ---------------------------------------------------------------------------------------

def _docx(path: Path) -> Any:
    return docx.Document(str(path))


def style_of(paragraph: Any) -> str:
    return str(paragraph.style.name) if paragraph.style is not None else ""


def _cells(row: Any) -> list[str]:
    return [cell.text for cell in row.cells]


def test_word_file_is_byte_identical_without_timestamp(invoke: Invoke, seeded: Path,
                                                       tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    run(invoke, seeded, "report", "--cycle", "2017", "-o", str(first), "--no-timestamp")
    run(invoke, seeded, "report", "--cycle", "2017", "-o", str(second), "--no-timestamp")
    assert first.read_bytes() == second.read_bytes()
    assert not any("Generated on" in p.text for p in _docx(first).paragraphs)


# --- Markdown -----------------------------------------------------------------------------------

def parse_markdown(text: str) -> tuple[list[tuple[int, str]], list[list[list[str]]]]:
    """Headings (level, text) and tables (rows of cell texts) of a Markdown document."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings: list[tuple[int, str]] = []
    tables: list[list[list[str]]] = []
    level = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1])
        elif token.type == "inline" and tokens[index - 1].type == "heading_open":
            headings.append((level, _inline_text(token)))
        elif token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            tables[-1][-1].append(_inline_text(token))
    return headings, tables


def _inline_text(token: Any) -> str:
    return "".join(child.content if child.type in ("text", "code_inline") else
                   "\n" if child.content == "<br>" else child.content
                   for child in token.children or [])


def test_markdown_report_parses_back(invoke: Invoke, seeded: Path) -> None:
    text = run(invoke, seeded, "report", "--cycle", "2017", "--format", "markdown",
               "--no-timestamp")
    headings, tables = parse_markdown(text)
    assert headings[0] == (1, "Progress report to SLOM, cycle 2017")
    assert [t for level, t in headings if level == 2] == SECTIONS
    bodies = list(shipped_vocabulary().body_order)
    assert [t.split(":")[0] for level, t in headings if level == 3] == \
        ["Headline figures", "Points for SLOM's attention", "Returns for the 2017 cycle",
         *bodies, *bodies]
    expected = expected_counts(2017)
    header, *rows = tables[0]
    for cells in rows:
        key = "total" if cells[0] == "All projects" else cells[0]
        got = {STATE_HEADERS[h]: int(v) for h, v in zip(header[2:-1], cells[2:-1],
                                                         strict=True) if int(v)}
        assert got == dict(expected[key])
    note_rows = [row for table in tables for row in table if row[0] == "SLOM-WG-2a"]
    assert VISIBLE_NASTY in [cell for row in note_rows for cell in row]
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "[bold red]alarm[/bold red]" in html and "**bold**" in html
    # Only what Markdown would read is escaped: years, parentheses and versions stay legible.
    assert "ASEAN Labour Ministers' (ALM) Work Programme 2016-2020" in text
    assert "\\-" not in text and "\\(" not in text and "\\." not in text


def test_markdown_and_json_are_byte_identical_without_timestamp(invoke: Invoke,
                                                                seeded: Path) -> None:
    for fmt in ("markdown", "json"):
        args = ("report", "--cycle", "2017", "--format", fmt, "--no-timestamp")
        assert run(invoke, seeded, *args) == run(invoke, seeded, *args)
    changes = ("report", "--changes", "--from", "2016", "--to", "2018", "--format",
               "markdown", "--date", "2018-01-31")
    first = run(invoke, seeded, *changes)
    assert first == run(invoke, seeded, *changes)
    assert "Prepared by the ASEAN Secretariat, 31 January 2018." in first
    assert "Generated on" not in first and "asean-labour" not in first


def test_generated_on_defaults_to_today(invoke: Invoke, seeded: Path) -> None:
    document = json.loads(run(invoke, seeded, "report", "--cycle", "2017", "-f", "json"))
    assert document["generated_on"] == dt.date.today().isoformat()


# --- the terminal -------------------------------------------------------------------------------

def test_terminal_report_draws_the_summary_as_bars(invoke: Invoke, seeded: Path) -> None:
    out = run(invoke, seeded, "report", "--cycle", "2017")
    assert "\x1b" not in out  # NO_COLOR and not a terminal: plain text
    lines = out.splitlines()
    assert lines[0] == "Progress report to SLOM, cycle 2017"
    for section in SUMMARY_SECTIONS:
        assert any(line.startswith(section + " ─") for line in lines), section
    expected = expected_counts(2017)
    bars = {}
    for body in shipped_vocabulary().body_order:
        line = next(line for line in lines if line.startswith(f"{body} ") and "%" in line)
        parts = line.split()
        assert int(parts[1]) == sum(expected[str(body)].values())
        assert set(parts[2]) <= set("█▚x▓▒░▁·-")
        bars[str(body)] = len(parts[2])
        assert parts[-1] == f"{expected[str(body)]['completed'] / int(parts[1]):.0%}"
    totals = {b: sum(expected[b].values()) for b in bars}
    peak = max(totals.values())
    width = bars[max(totals, key=lambda b: totals[b])]
    for name, drawn in bars.items():
        assert drawn == round(totals[name] * width / peak)  # bars scale with the counts
    assert "█ completed" in out and "· no report received" in out


def test_terminal_report_to_a_text_file(invoke: Invoke, seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    run(invoke, seeded, "report", "--cycle", "2017", "-o", str(target), "--no-timestamp")
    text = target.read_text("utf-8")
    assert text.startswith("Progress report to SLOM, cycle 2017\n")
    assert "\x1b" not in text and "2. Progress by body" in text  # a file holds every section
    assert max(len(line) for line in text.splitlines()) <= 100


def test_terminal_colours_never_come_from_user_text(seeded: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """With colour on, styles are Rich's own; the note's escape codes are shown, not sent."""
    import io

    monkeypatch.delenv("NO_COLOR")
    from rich.console import Console

    from asean_labour.render.report_layout import document
    from asean_labour.render.report_terminal import print_document

    history = ProgressStore(seeded).history(catalogue())
    result = build_report(catalogue(), history, resolve(Filters(), catalogue()), 2017)
    buffer = io.StringIO()
    console = Console(file=buffer, width=1000, force_terminal=True, color_system="standard",
                      markup=False, highlight=False, emoji=False)
    print_document(console, document(result))
    out = buffer.getvalue()
    assert "\x1b[32m" in out  # completed segments are green
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert VISIBLE_NASTY in plain
    assert "\x07" not in out and "\x1b[31mred" not in out


# --- a note full of markup, in every format ----------------------------------------------------

def test_markup_in_a_note_comes_out_literally_everywhere(invoke: Invoke, seeded: Path,
                                                          tmp_path: Path) -> None:
    wide = {"COLUMNS": "1000"}
    args = ("report", "--cycle", "2017", "--body", "SLOM-WG", "--no-timestamp")
    terminal = run(invoke, seeded, *args, "--full", env=wide)
    assert VISIBLE_NASTY in terminal and "\x07" not in terminal

    markdown = run(invoke, seeded, *args, "--format", "markdown")
    assert "\\[bold red]alarm\\[/bold red] \\<script>alert(1)\\</script> \\*\\*bold" \
        "\\*\\* \\| pipe # head \\x1b\\[31mred\\x07 \\`code\\`" in markdown

    document = json.loads(run(invoke, seeded, *args, "--format", "json"))
    notes = [r["note"] for r in document["due"] if r["id"] == "SLOM-WG-2a"]
    assert notes == [NASTY]
    raw = run(invoke, seeded, *args, "--format", "json")
    assert "\\u001b[31mred\\u0007" in raw  # JSON escapes the controls

    target = tmp_path / "wg.docx"
    run(invoke, seeded, *args, "-o", str(target))
    texts = [cell.text for table in _docx(target).tables for row in table.rows
             for cell in row.cells]
    assert VISIBLE_NASTY in texts


def test_a_title_full_of_markup_stays_literal(invoke: Invoke, tiny_plans: Callable[..., Path],
                                              tmp_path: Path) -> None:
    title = "[red]Stock[/red] <b>taking</b> *of* `labour` # info \\x"
    folder = tiny_plans(work_plan=WORK_PLAN.replace(
        'title = "Stock taking of labour market information"', f"title = {json.dumps(title)}"))
    out = run(invoke, folder, "report", "--cycle", "2022", "--full", env={"COLUMNS": "300"})
    assert title in out
    _, tables = parse_markdown(run(invoke, folder, "report", "--cycle", "2022", "-f",
                                   "markdown", "--no-timestamp"))
    assert title in [cell for table in tables for row in table for cell in row]
    target = tmp_path / "tiny.docx"
    run(invoke, folder, "report", "--cycle", "2022", "-o", str(target))
    assert title in [c.text for t in _docx(target).tables for r in t.rows for c in r.cells]


# --- one-pagers --------------------------------------------------------------------------------

def test_country_one_pager(invoke: Invoke, seeded: Path) -> None:
    document = report_json(invoke, seeded, "--cycle", "2018", "--coordinator", "vietnam")
    assert document["title"] == "Viet Nam: Progress report to SLOM, cycle 2018"
    assert document["selection"] == ["coordinator Viet Nam"]
    mine = [p for p in catalogue().projects if "Viet Nam" in names(p, Part.COORDINATOR)]
    assert document["projects"] == len(mine) and document["total"] == 79
    rows = [r for b in document["bodies"] for g in b["groups"] for a in g["thematic_areas"]
            for r in a["projects"]]
    assert sorted(r["id"] for r in rows) == sorted(p.id for p in mine)
    assert [r["id"] for r in document["no_report"]] == [
        p.id for p in mine if expected_state(p, 2018) == "no-report"]
    assert [r["id"] for r in document["due"]] == [
        p.id for p in mine if 2018 in p.all_years
        and as_of(2017).get(p.id, ("", 0))[0] not in FINAL]


def test_asean_ilo_report(invoke: Invoke, seeded: Path) -> None:
    document = report_json(invoke, seeded, "--cycle", "2018", "--collaborator", "ilo")
    assert document["title"] == "ASEAN-ILO: Progress report to SLOM, cycle 2018"
    assert any("Article 4" in note for note in document["notes"])
    ilo = [p.id for p in catalogue().projects
           if any(c == "ILO" or c.startswith("ILO ") for c in names(p, Part.COLLABORATOR))]
    rows = [r for b in document["bodies"] for g in b["groups"] for a in g["thematic_areas"]
            for r in a["projects"]]
    assert sorted(r["id"] for r in rows) == sorted(ilo)
    text = run(invoke, seeded, "report", "--cycle", "2018", "--collaborator", "ILO")
    assert "Article 4 of the ASEAN-ILO Cooperation Agreement" in text


# --- what changed ------------------------------------------------------------------------------

def _expected_shift(project: Any, first: int, last: int) -> str | None:
    """The documented rules, applied to the scenario."""
    old = as_of(first).get(project.id, (None, 0))[0]
    new = as_of(last).get(project.id, (None, 0))[0]
    if new is not None and new != old:
        if new in FINAL:
            return str(new)
        if new in ("ongoing", "delayed") and old in (None, "not-started"):
            return "started"
        return "slipped" if new in ("delayed", "postponed") else "other"
    end = project.all_years[-1] if project.all_years else None
    if end is not None and first <= end < last and new not in FINAL:
        return "slipped"
    return None


@pytest.mark.parametrize(("first", "last"), [(2016, 2017), (2017, 2018), (2016, 2018)])
def test_changes_between_cycles(invoke: Invoke, seeded: Path, first: int, last: int) -> None:
    document = json.loads(run(invoke, seeded, "report", "--changes", "--from", str(first),
                              "--to", str(last), "-f", "json", "--no-timestamp"))
    assert document["kind"] == "changes"
    expected = {p.id: _expected_shift(p, first, last) for p in catalogue().projects}
    got = {c["id"]: c["shift"] for c in document["changes"]}
    assert got == {pid: shift for pid, shift in expected.items() if shift}
    assert document["counts"]["unchanged"] == sum(1 for s in expected.values() if s is None)
    assert document["counts"]["started"] == list(expected.values()).count("started")


def test_changes_in_the_terminal_name_each_shift(invoke: Invoke, seeded: Path) -> None:
    out = run(invoke, seeded, "report", "--changes", "--from", "2016", "--to", "2017",
              env={"COLUMNS": "200"})
    assert out.startswith("What changed between the 2016 and 2017 cycles")
    for heading in ("Started", "Completed", "Slipped (delayed, postponed, or past the "
                    "timeline)", "Other status changes"):
        assert re.search(rf"^\d\. {re.escape(heading)} ─", out, re.M), heading
    line = next(line for line in out.splitlines() if line.startswith("OSHNET-2 "))
    assert "ongoing (2016)" in line and "postponed (2017)" in line


def test_changes_default_to_the_cycle_before(invoke: Invoke, seeded: Path) -> None:
    document = json.loads(run(invoke, seeded, "report", "--changes", "--cycle", "2018",
                              "-f", "json", "--no-timestamp"))
    assert (document["from_cycle"], document["to_cycle"]) == (2017, 2018)


# --- files and refusals --------------------------------------------------------------------------

def test_existing_file_is_kept_unless_forced(invoke: Invoke, seeded: Path,
                                             tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_text("keep me", "utf-8")
    result = invoke("report", "--cycle", "2017", "-o", str(target), "--plans", str(seeded))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"error: {target} already exists; use --force to replace it\n"
    assert target.read_text("utf-8") == "keep me"
    run(invoke, seeded, "report", "--cycle", "2017", "-o", str(target), "--force")
    assert target.read_text("utf-8").startswith("# Progress report to SLOM, cycle 2017")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_write_file_is_atomic_and_never_replaces_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_file(target, b"one", force=False)
    with pytest.raises(UsageError, match="already exists"):
        write_file(target, b"two", force=False)
    assert target.read_bytes() == b"one"
    write_file(target, b"three", force=True)
    assert target.read_bytes() == b"three"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left
    with pytest.raises(ReportFileError, match="does not exist"):
        write_file(tmp_path / "missing" / "out.json", b"x", force=False)


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["--cycle", "2030"], "--cycle 2030 is outside the loaded plans (2016-2020); try "
         "--cycle 2018 (the latest cycle with recorded progress)", EXIT_USAGE),
        (["--cycle", "17"], "cycle must be a year such as 2017, got 17", EXIT_USAGE),
        (["--cycle", "2017", "-o", "report.pdf"], "cannot tell the format from the "
         "extension '.pdf'", EXIT_USAGE),
        (["--cycle", "2017", "-o", "report"], "cannot tell the format from no extension",
         EXIT_USAGE),
        (["--cycle", "2017", "-f", "json", "-o", "report.md"], "--format json does not "
         "match --output report.md (a .md file is markdown)", EXIT_USAGE),
        (["--cycle", "2017", "-f", "docx"], "--format docx writes a Word file: give "
         "--output FILE.docx", EXIT_USAGE),
        (["--cycle", "2017", "--force"], "--force replaces an existing --output file",
         EXIT_USAGE),
        (["--cycle", "2017", "-o", "no-such-folder/r.md"], "the folder no-such-folder does "
         "not exist; nothing was written", EXIT_FAILURE),
        (["--cycle", "2017", "--coordinator", "Atlantis"], "unknown country or coordinator "
         "'Atlantis'", EXIT_USAGE),
        (["--cycle", "2017", "--body", "SLOMM"], "unknown body 'SLOMM'. Did you mean 'SLOM'",
         EXIT_USAGE),
        (["--cycle", "2017", "--collaborator", "Nobody"], "unknown collaborator 'Nobody'",
         EXIT_USAGE),
        (["--cycle", "2017", "--date", "02/05/2018"], "--date: expected a date as "
         "YYYY-MM-DD, got '02/05/2018'", EXIT_USAGE),
        (["--cycle", "2017", "--date", "2018-05-02", "--no-timestamp"], "--date and "
         "--no-timestamp cannot be used together", EXIT_USAGE),
        (["--changes", "--from", "2018", "--to", "2017"], "--from 2018 is after --to 2017; "
         "give an earlier --from", EXIT_USAGE),
        (["--changes", "--from", "2017", "--to", "2017"], "--from 2017 is the same cycle as "
         "--to 2017", EXIT_USAGE),
        (["--changes", "--from", "2015", "--to", "2017"], "--from 2015 is outside the loaded "
         "plans (2016-2020); try --from 2016 (the cycle before 2017)", EXIT_USAGE),
        (["--changes", "--from", "2018"], "--to is missing: --changes compares --from 2018 "
         "with a later cycle; give --to (e.g. --to 2019)", EXIT_USAGE),
        (["--changes", "--to", "2016"], "--changes compares 2016 with the cycle before it, "
         "2015, which is outside the loaded plans (2016-2020); give a later --to",
         EXIT_USAGE),
        (["--changes", "--to", "2031"], "--to 2031 is outside the loaded plans (2016-2020); "
         "try --to 2018 (the latest cycle with recorded progress)", EXIT_USAGE),
        (["--changes", "--cycle", "2018", "--to", "2017"], "--cycle 2018 and --to 2017 "
         "disagree", EXIT_USAGE),
        (["--cycle", "2018", "--from", "2017"], "--from and --to compare two cycles: add "
         "--changes", EXIT_USAGE),
    ],
)
def test_refusals(invoke: Invoke, seeded: Path, args: list[str], message: str,
                  code: int) -> None:
    result = invoke("report", *args, "--plans", str(seeded))
    assert result.exit_code == code, result
    assert message in result.stderr
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not Path("report.md").exists() and not Path("report").exists()


def test_a_folder_as_output_is_refused(invoke: Invoke, seeded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out.md"
    folder.mkdir()
    result = invoke("report", "--cycle", "2017", "-o", str(folder), "--plans", str(seeded))
    assert result.exit_code == EXIT_USAGE


@pytest.mark.parametrize("name", ["report", "scorecard", "review", "timeline"])
def test_every_reporting_command_has_help_with_an_example(invoke: Invoke, name: str) -> None:
    result = invoke(name, "--help")
    assert result.exit_code == EXIT_OK
    assert "Example" in result.stdout and "--output" in result.stdout
    assert "--coordinator" in result.stdout  # the filters of `list`


# --- the core, directly ------------------------------------------------------------------------

def test_core_report_on_a_small_plan(tiny_plans: Callable[..., Path]) -> None:
    from asean_labour.loading import load_catalogue

    folder = tiny_plans()
    small = load_catalogue(folder)
    history = ProgressStore(folder).history(small)
    everything = resolve(Filters(), small)
    early = build_report(small, history, everything, 2021)
    assert [(r.id, r.state) for r in early.no_report] == [("T-1", State.NO_REPORT)]
    assert early.total.count("not-due") == 1  # T-2: its first event is in 2023
    late = build_report(small, history, everything, 2023)
    assert [r.id for r in late.past_timeline] == ["T-1"]
    assert [r.id for r in late.due] == ["T-2"]
    assert [g.label for g in late.by_group] == ["KRA 1: Skilled and Adaptable Workforce",
                                                "KRA 2: Productive Employment"]
    with pytest.raises(UsageError, match=r"cycle 2017 is outside the loaded plans \(2021-2025\); "
                       r"try cycle 2021 \(the nearest year the plans cover\)"):
        build_report(small, history, everything, 2017)


def test_the_example_batch_gives_a_word_report_and_the_same_summary_in_the_terminal(
        invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    """Done when: from the shipped plans and a cycle of updates, one command writes the Word
    report, another shows the same summary, and the scorecard and review come out too."""
    example = ROOT / "examples" / "acmw-2017.csv"
    assert invoke("update", "--file", str(example), "--by", "Ana", "--plans",
                  str(plans)).exit_code == EXIT_OK
    target = tmp_path / "slom-2017.docx"
    run(invoke, plans, "report", "--cycle", "2017", "-o", str(target))
    alt = _docx(target).inline_shapes[0]._inline.docPr.get("descr")
    word = dict(re.findall(r"(?:\. |; )([A-Z][A-Z-]+): (\d+) projects", alt))
    terminal = run(invoke, plans, "report", "--cycle", "2017")
    for body in shipped_vocabulary().body_order:
        line = next(line for line in terminal.splitlines()
                    if line.startswith(f"{body} ") and "%" in line)
        assert line.split()[1] == word[str(body)]
    assert "15 of the 79 projects reported on their progress in the 2017 cycle" in terminal
    assert "ACMW" in run(invoke, plans, "scorecard", "--cycle", "2017")
    assert "Mid-term review" in run(invoke, plans, "review", "--from", "2016", "--to", "2018")


def test_characters_xml_cannot_hold_are_escaped_in_word(invoke: Invoke, plans: Path,
                                                        tmp_path: Path) -> None:
    note = "nul\x00 bell\x07 esc\x1b[0m nonchar\ufffe end"
    assert invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017", "--date",
                  "2017-05-01", "--note", note, "--plans", str(plans)).exit_code == EXIT_OK
    target = tmp_path / "r.docx"
    run(invoke, plans, "report", "--cycle", "2017", "--body", "ACMW", "-o", str(target))
    texts = [c.text for t in _docx(target).tables for r in t.rows for c in r.cells]
    assert "nul\\x00 bell\\x07 esc\\x1b[0m nonchar\\ufffe end" in texts


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_fits_in_a_word_run(value: str) -> None:
    from asean_labour.render.report_docx import xml_safe

    paragraph = _WORD.add_paragraph()
    paragraph.add_run(xml_safe(value))  # python-docx raises on text XML cannot hold
    assert paragraph.text.replace("\n", "").replace("\t", "") == \
        xml_safe(value).replace("\n", "").replace("\t", "")
