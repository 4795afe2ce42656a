"""The progress report's views and options: the terminal summary within a screen or two and
`--full`, the brief for Ministers in every format, the meeting and "Prepared by" from the
options or the config file, the new JSON fields, and every refusal."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from asean_labour.involvement import Part, names
from tests.conftest import Invoke
from tests.helpers import command_document, command_stdout
from tests.test_report import parse_markdown
from tests.test_report_data import catalogue, expected_state, in_cycle, seeded_template


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_template(tmp_path_factory.mktemp("views"))


def silent(cycle: int) -> list[str]:
    return [p.id for p in catalogue().projects if expected_state(p, cycle) == "no-report"
            and expected_state(p, cycle - 1) == "no-report"]


# --- the terminal: the summary by default, every section with --full -------------------------

@pytest.mark.parametrize("cycle", ["2017", "2018", "2020"])
def test_the_terminal_summary_fits_a_screen_or_two(invoke: Invoke, seeded: Path,
                                                   cycle: str) -> None:
    out = command_stdout("report", invoke, seeded, "--cycle", cycle, env={"COLUMNS": "80"})
    lines = out.splitlines()
    assert len(lines) <= 50, len(lines)
    assert max(len(line) for line in lines) <= 80
    assert lines[0] == f"Progress report to SLOM, cycle {cycle}"
    assert any(line.startswith("Summary ─") for line in lines)
    assert any(line.startswith("Points for SLOM's attention ─") for line in lines)
    assert sum(1 for line in lines if line.startswith(("SLOM ", "ACMW ", "KRA 1"))) == 3
    assert "add --full" in out
    assert "Annex" not in out and "Thematic area" not in out


def test_full_shows_every_section_and_every_project(invoke: Invoke, seeded: Path) -> None:
    out = command_stdout("report", invoke, seeded, "--cycle", "2017", "--full",
                         env={"COLUMNS": "200"})
    for section in ("1. Executive summary", "2. Progress by body",
                    "Annex. Every project, by body and thematic area"):
        assert any(line.startswith(section + " ─") for line in out.splitlines()), section
    listed = {line.split()[0] for line in out.splitlines() if line.split()}
    assert {p.id for p in catalogue().projects} <= listed


def test_the_summary_says_each_figure_once(invoke: Invoke, seeded: Path) -> None:
    """Issue 11: "6 completed (8%). 6 completed, 8 ongoing, ..." said completed twice."""
    out = command_stdout("report", invoke, seeded, "--cycle", "2017", env={"COLUMNS": "400"})
    headline = next(line for line in out.splitlines() if "reported on their progress" in line)
    assert headline.count("completed") == 1
    assert headline.count("no report") == 1


# --- the brief, in every format ----------------------------------------------------------------

def test_the_brief_in_the_terminal(invoke: Invoke, seeded: Path) -> None:
    out = command_stdout("report", invoke, seeded, "--cycle", "2017", "--brief",
                         env={"COLUMNS": "100"})
    lines = out.splitlines()
    assert lines[0] == "Brief for Ministers, reporting cycle 2017"
    points = [line for line in lines if line.startswith("• ")]
    assert [p[2:].split(":")[0] for p in points] == ["Reporting", "Delivered", "Delays",
                                                     "Follow-up", "Timelines"]
    assert "Status of the projects in the 2017 cycle, by body" in out
    assert "key result area" not in out  # one chart
    assert len(lines) <= 40


def test_the_brief_in_markdown_and_json(invoke: Invoke, seeded: Path) -> None:
    text = command_stdout("report", invoke, seeded, "--cycle", "2017", "--brief", "-f",
                          "markdown", "--no-timestamp")
    headings, tables = parse_markdown(text)
    assert headings == [(1, "Brief for Ministers, reporting cycle 2017"),
                        (2, "The figures"), (2, "What matters")]
    assert len(tables) == 1  # the chart as counts
    assert sum(1 for line in text.splitlines() if line.startswith("- ")) == 5

    document = command_document("report", invoke, seeded, "--cycle", "2017", "--brief")
    assert document["kind"] == "brief" and document["schema_version"] == 1
    assert document["title"] == "Brief for Ministers, reporting cycle 2017"
    assert len(document["points"]) == 5
    assert document["points"][0].startswith(f"Reporting: {len(in_cycle(2017))} of 79 ")
    assert document["attention"]["no_report_two_cycles"] == silent(2017)
    assert [b["key"] for b in document["summary"]["by_body"]] == ["SLOM", "SLOM-WG", "ACMW",
                                                                 "ASEAN-OSHNET"]


def test_the_brief_as_html(invoke: Invoke, seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    command_stdout("report", invoke, seeded, "--cycle", "2017", "--brief", "-o", str(target))
    text = target.read_text("utf-8")
    assert "<title>Brief for Ministers, reporting cycle 2017</title>" in text
    assert text.count("<svg") == 1 and text.count("<li>") == 5


# --- the meeting and who prepared it ---------------------------------------------------------

def test_meeting_and_author_from_the_options(invoke: Invoke, seeded: Path) -> None:
    document = command_document("report", invoke, seeded, "--cycle", "2017", "--meeting",
                                "The 13th SLOM", "--prepared-by", "the SLOM-WG Chair")
    assert (document["meeting"], document["prepared_by"]) == ("The 13th SLOM",
                                                             "the SLOM-WG Chair")
    text = command_stdout("report", invoke, seeded, "--cycle", "2017", "-f", "markdown",
                          "--meeting", "The 13th SLOM", "--date", "2026-12-01")
    assert "\n\nThe 13th SLOM\n\n" in text
    assert "\n\nPrepared by the SLOM-WG Chair" not in text
    assert "Prepared by the ASEAN Secretariat, 1 December 2026." in text


def config(tmp_path: Path, body: str) -> dict[str, str]:
    path = tmp_path / "config.toml"
    path.write_text(body, "utf-8")
    return {"ASEAN_LABOUR_CONFIG": str(path)}


def test_meeting_and_author_from_the_config_file(invoke: Invoke, seeded: Path,
                                                 tmp_path: Path) -> None:
    env = config(tmp_path, 'meeting = "The 14th SLOM"\nprepared_by = "the ASEAN Secretariat '
                           '(Labour and Civil Service Division)"\n')
    document = json.loads(command_stdout("report", invoke, seeded, "--cycle", "2018", "-f",
                                         "json", env=env))
    assert document["meeting"] == "The 14th SLOM"
    assert document["prepared_by"] == "the ASEAN Secretariat (Labour and Civil Service " \
                                      "Division)"
    given = json.loads(command_stdout("report", invoke, seeded, "--cycle", "2018", "-f",
                                      "json", "--meeting", "Special SLOM", env=env))
    assert given["meeting"] == "Special SLOM"  # the option wins
    assert given["prepared_by"] == document["prepared_by"]


@pytest.mark.parametrize(("body", "message"), [
    ("meeting = 14\n", "meeting: expected a string"),
    ("prepared_by = true\n", "prepared_by: expected a string"),
    ('meting = "x"\n', "unknown setting; expected one of: plans, reporter, commit, "
                       "meeting, prepared_by"),
])
def test_a_bad_config_file_is_refused(invoke: Invoke, seeded: Path, tmp_path: Path,
                                      body: str, message: str) -> None:
    result = invoke("report", "--cycle", "2018", "--plans", str(seeded),
                    env=config(tmp_path, body))
    assert result.exit_code == EXIT_FAILURE, result
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


# --- JSON: new fields, the schema otherwise as it was ----------------------------------------

def test_json_gains_attention_reported_per_body_meeting_and_author(invoke: Invoke,
                                                                   seeded: Path) -> None:
    document = command_document("report", invoke, seeded, "--cycle", "2017")
    assert list(document)[:12] == ["schema_version", "kind", "title", "generated_on",
                                   "programmes", "selection", "projects", "total", "notes",
                                   "meeting", "prepared_by", "cycle"]
    assert (document["meeting"], document["prepared_by"]) == (None, None)
    assert list(document)[-5:] == ["completeness", "attention", "returns", "ratifications",
                                   "instruments"]
    # the full report: no one-pager's ratifications or instruments
    assert (document["ratifications"], document["instruments"]) == (None, None)
    slipped = {s: [p.id for p in catalogue().projects if expected_state(p, 2017) == s]
               for s in ("delayed", "postponed")}
    assert document["attention"] == {"delayed": slipped["delayed"],
                                     "postponed": slipped["postponed"],
                                     "no_report_two_cycles": silent(2017)}
    for body in document["bodies"]:
        assert body["reported"] == sum(1 for p in catalogue().projects
                                       if str(p.body) == body["body"]
                                       and p.id in in_cycle(2017))


# --- refusals ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["--brief", "--full"], "--brief (one page) and --full (every section) cannot be used "
                            "together"),
    (["--changes", "--from", "2016", "--to", "2017", "--brief"], "--brief is for the progress "
                                                                 "report of one cycle"),
    (["--changes", "--from", "2016", "--to", "2017", "--full"], "--full is for the progress "
                                                                "report of one cycle"),
    (["--format", "html"], "--format html writes a web page: give --output FILE.html"),
    (["--format", "html", "-o", "r.md"], "--format html does not match --output r.md"),
    (["--meeting", "  "], "--meeting: expected a name on one line of at most 120 characters"),
    (["--prepared-by", "a\nb"], "--prepared-by: expected a name on one line"),
    (["--meeting", "x" * 121], "--meeting: expected a name on one line of at most 120"),
])
def test_refusals(invoke: Invoke, seeded: Path, args: list[str], message: str) -> None:
    result = invoke("report", "--cycle", "2017", *args, "--plans", str(seeded))
    assert result.exit_code == EXIT_USAGE, result
    assert message in result.stderr and result.stderr.startswith("error: ")
    assert result.stdout == "" and not Path("r.md").exists()


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_the_extension_chooses_html(invoke: Invoke, seeded: Path, tmp_path: Path,
                                    suffix: str) -> None:
    target = tmp_path / f"report{suffix}"
    out = command_stdout("report", invoke, seeded, "--cycle", "2017", "-o", str(target))
    assert out == f"Wrote {target} (html).\n"
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_every_reporting_command_writes_html(invoke: Invoke, seeded: Path,
                                             tmp_path: Path) -> None:
    for command, args in (("scorecard", ("--cycle", "2017")),
                          ("review", ("--from", "2016", "--to", "2018")),
                          ("timeline", ("--cycle", "2018")),
                          ("report", ("--changes", "--from", "2016", "--to", "2017"))):
        target = tmp_path / f"{command}.html"
        result = invoke(command, *args, "-o", str(target), "--plans", str(seeded))
        assert result.exit_code == EXIT_OK, result
        text = target.read_text("utf-8")
        assert text.startswith("<!DOCTYPE html>")
        assert "<table" in text and "</html>" in text


def test_one_pager_views(invoke: Invoke, seeded: Path,
                         tiny_plans: Callable[..., Path]) -> None:
    document = command_document("report", invoke, seeded, "--cycle", "2018", "--coordinator",
                                "Viet Nam", "--brief")
    assert document["title"] == "Viet Nam: Brief for Ministers, reporting cycle 2018"
    text = command_stdout("report", invoke, seeded, "--cycle", "2018", "--coordinator",
                          "Viet Nam", "-f", "markdown", "--no-timestamp")
    headings, tables = parse_markdown(text)
    assert [h for level, h in headings if level == 3] == [
        "Summary", "Points for attention", "The projects and their status in the 2018 cycle",
        "Viet Nam and the ILO fundamental and governance conventions", "ASEAN instruments"]
    mine = [p.id for p in catalogue().projects if "Viet Nam" in names(p, Part.COORDINATOR)]
    projects = next(t for t in tables if t[0][0] == "ID")
    assert [row[0] for row in projects[1:]] == mine


@pytest.mark.parametrize("suffix", [".docx", ".html", ".md", ".json", ".txt"])
@pytest.mark.parametrize("brief", [False, True])
def test_a_selection_of_nothing_gives_a_report_that_says_so(
        invoke: Invoke, seeded: Path, tmp_path: Path, suffix: str, brief: bool) -> None:
    target = tmp_path / f"empty{suffix}"
    args = ("--brief",) if brief else ()
    result = invoke("report", "--cycle", "2018", "--search", "no such words", *args,
                    "--plans", str(seeded), "-o", str(target))
    assert result.exit_code == EXIT_OK, result
    if suffix == ".docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    else:
        text = target.read_text("utf-8")
    if suffix == ".json":
        assert json.loads(text)["projects"] == 0
    else:
        assert "No project matches the selection." in text


def test_the_first_cycle_claims_no_silence_it_cannot_know(invoke: Invoke, plans: Path) -> None:
    """2016 is the plans' first cycle: no project can have been silent two cycles running."""
    out = command_stdout("report", invoke, plans, "--cycle", "2016", env={"COLUMNS": "300"})
    assert "No project is reported delayed or postponed, and none due has gone without a " \
           "report two cycles running." in out
    assert "reported in 2015" not in out
