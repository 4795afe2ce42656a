"""`review`: the mid-term and final reviews, checked against outcomes computed from the
scenario."""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_USAGE
from asean_labour.model import Project
from tests.conftest import Invoke
from tests.helpers import command_document, command_stdout
from tests.test_report import parse_markdown, style_of
from tests.test_report_data import FINAL, SCENARIO, as_of, catalogue, seeded_template

UNDER_WAY = {"ongoing", "delayed", "completed", "carried-over"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_template(tmp_path_factory.mktemp("review"))


run = functools.partial(command_stdout, "review")
review_json = functools.partial(command_document, "review")


def outcome(project: Project, cycle: int) -> str:
    """The documented outcome rules, applied to the scenario (whose completed projects all
    end by the cycle they are completed in: none is a part of a longer project)."""
    status = as_of(cycle).get(project.id, (None, 0))[0]
    if status in FINAL:
        return str(status)
    started = any(pid == project.id and s in UNDER_WAY
                  for year, rows in SCENARIO.items() if year <= cycle for pid, s, _, _ in rows)
    if status in ("ongoing", "delayed") or started:
        return "ongoing"
    if status is None:  # no report at all: not yet due if the plan starts it later
        first = project.first_year
        return "not-due" if first is not None and first > cycle else "no-report"
    return "never-started"  # reported not started (or postponed), never under way


def group_key(project: Project) -> str:
    if project.kra is not None:
        return f"kra-{project.kra}"
    area = catalogue().thematic_area(project)
    assert area is not None and area.cross_cutting_theme
    return f"theme-{area.cross_cutting_theme}"


def test_mid_term_review_counts_match_the_scenario(invoke: Invoke, seeded: Path) -> None:
    document = review_json(invoke, seeded, "--from", "2016", "--to", "2018")
    assert (document["kind"], document["stage"]) == ("review", "mid-term")
    assert document["title"].startswith("Mid-term review of the ASEAN Labour Ministers'")
    projects = catalogue().projects
    expected = Counter(outcome(p, 2018) for p in projects)
    assert {k: v for k, v in document["summary"]["counts"].items() if v} == dict(expected)
    for group in document["groups"]:
        mine = [p for p in projects if group_key(p) == group["key"]]
        assert {k: v for k, v in group["summary"]["counts"].items() if v} == dict(
            Counter(outcome(p, 2018) for p in mine))
        assert group["completed_by_cycle"] == {
            str(year): sum(1 for p in mine if outcome(p, year) == "completed")
            for year in (2016, 2017, 2018)}
    assert [(c["cycle"], c["reports"]) for c in document["cycles"]] == [
        (year, len(SCENARIO[year])) for year in (2016, 2017, 2018)]
    assert document["never_started"] == [p.id for p in projects
                                         if outcome(p, 2018) == "never-started"]
    assert document["never_started"] == ["SLOM-4"]  # reported not started in 2017
    assert document["no_report"] == [p.id for p in projects
                                     if outcome(p, 2018) == "no-report"]
    assert len(document["no_report"]) > 50  # most projects of the scenario never reported
    assert document["cancelled"] == ["SLOM-7a", "ACMW-5"]
    delivered = {p.thematic_area for p in projects if outcome(p, 2018) == "completed"}
    assert sorted(a["number"] for a in document["undelivered"]) == sorted(
        set(range(1, 24)) - delivered)
    empty = next(a for a in document["undelivered"] if a["number"] == 5)
    assert empty["projects"] == []  # an area without any project has delivered nothing


def test_final_review_and_a_filtered_review(invoke: Invoke, seeded: Path) -> None:
    final = review_json(invoke, seeded, "--from", "2016", "--to", "2020")
    assert final["stage"] == "final" and final["title"].startswith("Final review")
    assert len(final["cycles"]) == 5
    acmw = review_json(invoke, seeded, "--from", "2016", "--to", "2018", "--body", "ACMW")
    assert [a["number"] for a in acmw["undelivered"]] == [14, 21, 23]
    assert acmw["projects"] == 18 and acmw["selection"] == ["body ACMW"]
    single = review_json(invoke, seeded, "--from", "2017", "--to", "2017")
    assert [c["cycle"] for c in single["cycles"]] == [2017]


def test_word_and_markdown_reviews_read_back(invoke: Invoke, seeded: Path,
                                             tmp_path: Path) -> None:
    import docx

    sections = ["1. Summary", "2. Progress cycle by cycle",
                "3. By key result area and thematic area",
                "4. Thematic areas where nothing has been delivered",
                "5. Never started by 2018", "6. No report received by 2018",
                "7. Cancelled by 2018"]
    target = tmp_path / "mid-term.docx"
    run(invoke, seeded, "--from", "2016", "--to", "2018", "-o", str(target), "--no-timestamp")
    doc = docx.Document(str(target))
    assert [p.text for p in doc.paragraphs if style_of(p) == "Heading 1"] == sections
    assert "KRA 3: Harmonious, Safe and Progressive Workplace" in [
        p.text for p in doc.paragraphs if style_of(p) == "Heading 2"]
    cycles = next(t for t in doc.tables if t.rows[0].cells[0].text == "Cycle")
    assert [[c.text for c in r.cells][:2] for r in cycles.rows[1:]] == [
        [str(y), str(len(SCENARIO[y]))] for y in (2016, 2017, 2018)]
    headings, tables = parse_markdown(run(invoke, seeded, "--from", "2016", "--to", "2018",
                                          "-f", "markdown", "--no-timestamp"))
    assert [h for level, h in headings if level == 2] == sections
    cancelled = tables[-1]
    assert [row[0] for row in cancelled[1:]] == ["SLOM-7a", "ACMW-5"]


def test_terminal_review_has_a_chart_per_kra(invoke: Invoke, seeded: Path) -> None:
    out = run(invoke, seeded, "--from", "2016", "--to", "2018")
    assert "Outcomes as of the 2018 cycle, by key result area" in out
    assert "Outcomes as of the 2018 cycle, by body" in out
    assert "█ completed" in out and "▁ never started" in out
    assert "5. Engagement of tripartite" in out  # an area with no project, not delivered


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2018", "--to", "2016"], "--from 2018 is after --to 2016"),
        (["--from", "2015", "--to", "2018"], "--from 2015 is outside the loaded plans "
         "(2016-2020); try --from 2016 (the start of the plans covering 2018)"),
        (["--from", "2016", "--to", "2021"], "--to 2021 is outside the loaded plans "
         "(2016-2020); try --to 2018 (the latest cycle with recorded progress)"),
        (["--from", "2016", "--to", "17"], "cycle must be a year such as 2017, got 17"),
        (["--from", "2016", "--to", "2018", "--theme", "astronomy"],
         "unknown thematic area 'astronomy'"),
    ],
)
def test_refusals(invoke: Invoke, seeded: Path, args: list[str], message: str) -> None:
    result = invoke("review", *args, "--plans", str(seeded))
    assert result.exit_code == EXIT_USAGE, result
    assert message in result.stderr and result.stdout == ""
