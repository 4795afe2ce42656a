"""`validate`: every class of problem in a plan file, each with a small broken plan; every
problem reported in one run, one line each, naming file, line, project and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK, InvalidInput
from asean_labour.loading import check_plans, load_catalogue
from tests.conftest import PROGRAMME, WORK_PLAN, Invoke, Result

Plans = Callable[..., Path]
WP = "tiny/work-plan.toml"
PROG = "tiny/programme.toml"


def line_of(text: str, fragment: str, after: str | None = None) -> int:
    """The number of the first line holding `fragment` (after the line holding `after`)."""
    lines = text.splitlines()
    start = lines.index(next(x for x in lines if after in x)) + 1 if after else 0
    return next(n for n, line in enumerate(lines[start:], start + 1) if fragment in line)


def id_line(text: str, item_id: str) -> int:
    return line_of(text, f'id = "{item_id}"')


def validate(invoke: Invoke, folder: Path) -> Result:
    result = invoke("validate", "--plans", str(folder))
    assert result.exit_code == EXIT_FAILURE, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("error: ")
    return result


def problems(result: Result) -> list[str]:
    """The problem lines: every line of standard error but the summary."""
    return result.stderr.splitlines()[:-1]


def test_the_tiny_plans_are_valid(invoke: Invoke, tiny_plans: Plans) -> None:
    result = invoke("validate", "--plans", str(tiny_plans()))
    assert result.exit_code == EXIT_OK, result
    assert "2 plan files, 2 plans, 2 projects, 2 thematic areas" in result.stdout
    assert result.stdout.rstrip().endswith("all valid")


def test_toml_syntax_error_names_file_line_and_column(invoke: Invoke, tiny_plans: Plans
                                                      ) -> None:
    text = WORK_PLAN.replace('title = "Forum on migrant labour"', 'title = "Forum on migrant')
    result = validate(invoke, tiny_plans(work_plan=text))
    line = line_of(text, 'title = "Forum on migrant')
    column = len('title = "Forum on migrant') + 1
    assert problems(result) == [f"{WP}:{line}:{column}: TOML syntax error: Illegal character "
                                "'\\n'"]


def test_a_toml_syntax_error_in_one_file_does_not_hide_the_others(
        invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace("years = [2021, 2022]", "years = [2021, 2032]")
    result = validate(invoke, tiny_plans(work_plan=text, extra={"broken.toml": "x = 1\ny = = 2\n"}))
    lines = problems(result)
    assert len(lines) == 2
    assert lines[0] == "tiny/broken.toml:2:5: TOML syntax error: Invalid value"
    assert lines[1].endswith("T-1: years: year 2032 is outside the plan's period 2021-2025")


def test_unknown_body(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace('body = "SLOM-WG"', 'body = "SLOM-WGG"')
    result = validate(invoke, tiny_plans(work_plan=text))
    line = line_of(text, "body = ")
    assert problems(result) == [
        f"{WP}:{line}: [plan]: body: unknown body 'SLOM-WGG' (did you mean 'SLOM-WG'?); "
        "expected one of: SLOM, SLOM-WG, ACMW, ASEAN-OSHNET (a new body goes in the plans "
        "folder's vocabulary.toml)"]


def test_unknown_responsible_body_of_a_thematic_area(invoke: Invoke, tiny_plans: Plans
                                                     ) -> None:
    text = PROGRAMME.replace('bodies = ["ACMW"]', 'bodies = ["ACMV"]')
    result = validate(invoke, tiny_plans(programme=text))
    line = line_of(text, 'bodies = ["ACMV"]')
    assert problems(result) == [
        f"{PROG}:{line}: thematic area 2: bodies: unknown body 'ACMV' (did you mean 'ACMW'?); "
        "expected one of: SLOM, SLOM-WG, ACMW, ASEAN-OSHNET (a new body goes in the plans "
        "folder's vocabulary.toml)"]


def test_project_kra_not_one_of_its_programmes(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace("thematic_area = 1\n", "thematic_area = 1\nkra = 5\n")
    result = validate(invoke, tiny_plans(work_plan=text))
    assert problems(result) == [f"{WP}:{line_of(text, 'kra = 5')}: T-1: kra: KRA must be one "
                                "of WP-T's KRAs (1, 2), got 5"]


def test_a_programme_numbers_its_own_kras(invoke: Invoke, tiny_plans: Plans) -> None:
    text = PROGRAMME.replace("number = 2\nname = \"Productive", "number = 7\nname = \"Productive")
    result = validate(invoke, tiny_plans(programme=text))
    # KRA 7 is the programme's to give; its thematic area 2 still names KRA 2
    assert problems(result) == [f"{PROG}:{line_of(text, 'kra = 2')}: thematic area 2: kra: KRA "
                                "must be one of the programme's KRAs (1, 7), got 2"]
    text = PROGRAMME.replace("number = 2\nname = \"Productive", "number = 0\nname = \"Productive")
    result = validate(invoke, tiny_plans(programme=text))
    assert f"{PROG}:{line_of(text, 'number = 0')}: key result area #2: number: KRA must be " \
           "1-20, numbered as the programme prints them, got 0" in problems(result)


def test_project_kra_disagreeing_with_its_thematic_area(invoke: Invoke, tiny_plans: Plans
                                                        ) -> None:
    text = WORK_PLAN.replace("thematic_area = 1\n", "thematic_area = 1\nkra = 2\n")
    result = validate(invoke, tiny_plans(work_plan=text))
    assert problems(result) == [f"{WP}:{line_of(text, 'kra = 2')}: T-1: kra: KRA 2 disagrees "
                                "with thematic area 1, which is under KRA 1"]


def test_year_outside_the_plan_period(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace("years = [2021, 2022]", "years = [2020, 2022]")
    result = validate(invoke, tiny_plans(work_plan=text))
    assert problems(result) == [f"{WP}:{line_of(text, 'years = ')}: T-1: years: year 2020 is "
                                "outside the plan's period 2021-2025"]


def test_event_year_outside_the_plan_period(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace("year = 2023", "year = 2026")
    result = validate(invoke, tiny_plans(work_plan=text))
    assert problems(result) == [f"{WP}:{line_of(text, 'year = 2026')}: T-2 event 1: year: year "
                                "2026 is outside the plan's period 2021-2025"]


def test_unknown_country(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace('"Philippines", "Viet Nam"', '"Philippines", "Vietnan"')
    result = validate(invoke, tiny_plans(work_plan=text))
    [line] = problems(result)
    assert line.startswith(f"{WP}:{line_of(text, 'Vietnan')}: T-1: coordinators: unknown "
                           "country or coordinator 'Vietnan' (did you mean 'Viet Nam'?); "
                           "expected an ASEAN Member State or a coordinating role: Brunei "
                           "Darussalam, Cambodia, ")


def test_unknown_event_host(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace('coordinators = ["Laos"]', 'coordinators = ["Atlantis"]')
    result = validate(invoke, tiny_plans(work_plan=text))
    [line] = problems(result)
    assert line.startswith(f"{WP}:{line_of(text, 'Atlantis')}: T-2 event 1: coordinators: "
                           "unknown country or coordinator 'Atlantis'")


def test_duplicate_id_across_plans(invoke: Invoke, tiny_plans: Plans) -> None:
    other = WORK_PLAN.replace('id = "WG-T"', 'id = "WG-U"').replace('id = "T-2"', 'id = "T-3"')
    result = validate(invoke, tiny_plans(extra={"z-other.toml": other}))
    assert problems(result) == [
        f"tiny/z-other.toml:{id_line(other, 'T-1')}: T-1: id: duplicate project id "
        "'T-1': also in tiny/work-plan.toml (WG-T)"]


def test_duplicate_id_differing_only_in_case(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace('id = "T-2"', 'id = "t-1"')
    result = validate(invoke, tiny_plans(work_plan=text))
    assert problems(result) == [f"{WP}:{id_line(text, 't-1')}: t-1: id: duplicate "
                                "project id 't-1': also in tiny/work-plan.toml (WG-T)"]


def test_a_duplicate_id_is_reported_even_when_the_project_has_other_problems(
        invoke: Invoke, tiny_plans: Plans) -> None:
    other = WORK_PLAN.replace('id = "WG-T"', 'id = "WG-U"').replace('id = "T-2"', 'id = "T-3"')
    broken = WORK_PLAN.replace("years = [2021, 2022]", "years = [2021, 2099]")
    result = validate(invoke, tiny_plans(work_plan=broken, extra={"z-other.toml": other}))
    lines = problems(result)
    assert any("T-1: years: year 2099 is outside" in x for x in lines)
    assert any("tiny/z-other.toml" in x and "duplicate project id 'T-1'" in x for x in lines)


def test_duplicate_plan_id(invoke: Invoke, tiny_plans: Plans) -> None:
    other = WORK_PLAN.replace('id = "T-1"', 'id = "T-8"').replace('id = "T-2"', 'id = "T-9"')
    result = validate(invoke, tiny_plans(extra={"z-other.toml": other}))
    assert problems(result) == [f"tiny/z-other.toml:{id_line(other, 'WG-T')}: [plan]: "
                                "id: plan id 'WG-T' is also used by tiny/work-plan.toml"]


def test_missing_title(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace('title = "Forum on migrant labour"\n', "")
    result = validate(invoke, tiny_plans(work_plan=text))
    header = line_of(text, "[[projects]]", after='id = "T-1"')
    assert problems(result) == [f"{WP}:{header}: T-2: title: missing (required)"]


def test_empty_title(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace('title = "Forum on migrant labour"', 'title = "  "')
    result = validate(invoke, tiny_plans(work_plan=text))
    line = line_of(text, 'title = "  "')
    assert problems(result) == [f"{WP}:{line}: T-2: title: is empty; a project needs a title"]


def test_a_placeholder_needs_no_title(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace('title = "Forum on migrant labour"\n',
                             'placeholder = true\nnote = "missing from the source"\n')
    assert invoke("validate", "--plans", str(tiny_plans(work_plan=text))).exit_code == EXIT_OK


@pytest.mark.parametrize(("old", "new", "field", "message"), [
    ('timeline = "Annual"', "timeline = 2021", "timeline",
     "expected a string, got 2021 (a number)"),
    ("years = [2021, 2022]", 'years = "2021"', "years",
     "expected a list of whole numbers, got the string '2021'"),
    ("thematic_area = 1\n", 'thematic_area = "1"\n', "thematic_area",
     "expected a whole number, got the string '1'"),
    ('coordinators = ["Philippines", "Viet Nam"]', 'coordinators = "Philippines"',
     "coordinators", "expected a list of names or of tables { name = ..., years = [...] }, "
     "got the string 'Philippines'"),
    ('collaborators = ["ILO", "IOM"]', 'collaborators = ["ILO", 3]', "collaborators",
     "expected a list of names or of tables { name = ..., years = [...] }, got a list "
     "holding 3 (a number)"),
    ("years = [2021, 2022]", 'years = [2021, "2022"]', "years",
     "expected a list of whole numbers, got a list holding the string '2022'"),
])
def test_wrong_type(invoke: Invoke, tiny_plans: Plans, old: str, new: str, field: str,
                    message: str) -> None:
    text = WORK_PLAN.replace(old, new, 1)
    result = validate(invoke, tiny_plans(work_plan=text))
    item = "T-2" if field == "timeline" else "T-1"
    assert f"{WP}:{line_of(text, new.strip())}: {item}: {field}: {message}" in problems(result)


def test_wrong_type_of_a_plan_field(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace("period = [2021, 2025]", 'period = "2021-2025"')
    result = validate(invoke, tiny_plans(work_plan=text))
    lines = problems(result)
    assert f"{WP}:{line_of(text, 'period = ')}: [plan]: period: expected a list of whole " \
           "numbers, got the string '2021-2025'" in lines


def test_unknown_field_is_an_error_with_the_nearest_name(invoke: Invoke, tiny_plans: Plans
                                                         ) -> None:
    text = WORK_PLAN.replace('coordinators = ["ACMW Chair"]', 'coordinater = ["ACMW Chair"]')
    result = validate(invoke, tiny_plans(work_plan=text))
    [line] = problems(result)
    assert line.startswith(f"{WP}:{line_of(text, 'coordinater')}: T-2: coordinater: unknown "
                           "field (did you mean 'coordinators'?); expected one of: id, number, "
                           "title, thematic_area, ")


@pytest.mark.parametrize(("where", "old", "new", "item"), [
    ("plan", 'programme = "WP-T"', 'programme = "WP-T"\nperiode = 1', "[plan]"),
    ("event", "year = 2023", "year = 2023\nvenu = 'Vientiane'", "T-2 event 1"),
])
def test_unknown_field_anywhere(invoke: Invoke, tiny_plans: Plans, where: str, old: str,
                                new: str, item: str) -> None:
    text = WORK_PLAN.replace(old, new)
    result = validate(invoke, tiny_plans(work_plan=text))
    typo = new.splitlines()[-1].split(" =")[0]
    lines = problems(result)
    assert any(x.startswith(f"{WP}:{line_of(text, typo + ' =')}: {item}: {typo}: unknown field")
               for x in lines), (where, lines)


def test_unknown_top_level_table(invoke: Invoke, tiny_plans: Plans) -> None:
    result = validate(invoke, tiny_plans(work_plan=WORK_PLAN + "\n[[project]]\nid = 'X'\n"))
    [line] = problems(result)
    assert line.startswith(f"{WP}: project: unknown field (did you mean 'projects'?)")


def test_every_problem_is_reported_in_one_run_one_line_each(invoke: Invoke, tiny_plans: Plans
                                                            ) -> None:
    text = (WORK_PLAN
            .replace('body = "SLOM-WG"', 'body = "SLOMWG-X"')           # unknown body
            .replace("thematic_area = 1\n", "thematic_area = 1\nkra = 9\n")  # KRA
            .replace("years = [2021, 2022]", "years = [2021, 2030]")     # year
            .replace('"Philippines", "Viet Nam"', '"Philippines", "Vietnamm"')  # country
            .replace('title = "Forum on migrant labour"\n', "")           # missing title
            .replace('timeline = "Annual"', "timeline = 1")               # type
            .replace('collaborators = ["UN WOMEN"]', 'colaborators = ["UN WOMEN"]'))  # field
    other = WORK_PLAN.replace('id = "WG-T"', 'id = "WG-U"').replace('id = "T-2"', 'id = "T-3"')
    folder = tiny_plans(work_plan=text, extra={"a-first.toml": other})
    result = validate(invoke, folder)
    lines = problems(result)
    expected = [
        "[plan]: body: unknown body 'SLOMWG-X'",
        "T-1: id: duplicate project id 'T-1': also in tiny/a-first.toml (WG-U)",
        "T-1: kra: KRA must be one of WP-T's KRAs (1, 2), got 9",
        "T-1: years: year 2030 is outside the plan's period 2021-2025",
        "T-1: coordinators: unknown country or coordinator 'Vietnamm'",
        "T-2: colaborators: unknown field (did you mean 'collaborators'?)",
        "T-2: timeline: expected a string, got 1 (a number)",
        "T-2: title: missing (required)",
    ]
    assert len(lines) == len(expected), lines
    for fragment in expected:
        assert sum(fragment in line for line in lines) == 1, fragment
    assert all(line.startswith(f"{WP}:") for line in lines)
    assert result.stderr.splitlines()[-1] == f"error: 8 problems found in {folder}"


def test_check_plans_returns_every_problem_and_no_catalogue(tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace("years = [2021, 2022]", "years = [2030]").replace(
        'coordinators = ["Laos"]', 'coordinators = ["Narnia"]')
    catalogue, found, files = check_plans(tiny_plans(work_plan=text))
    assert catalogue is None
    assert files == 2
    assert [(p.file, p.item, p.field) for p in found] == [
        (WP, "T-1", "years"), (WP, "T-2 event 1", "coordinators")]


def test_other_commands_refuse_invalid_plans_with_every_problem(invoke: Invoke,
                                                                tiny_plans: Plans) -> None:
    bad = WORK_PLAN.replace("years = [2021, 2022]", "years = [2030]")
    folder = tiny_plans(work_plan=bad)
    result = invoke("list", "--plans", str(folder))
    assert result.exit_code == EXIT_FAILURE
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{WP}:{line_of(bad, 'years = ')}: T-1: years: year 2030 is outside the plan's period "
        "2021-2025",
        "error: 1 problem in 1 file; run `asean-labour validate` after fixing them"]
    with pytest.raises(InvalidInput) as raised:
        load_catalogue(folder)
    assert len(raised.value.problems) == 1


def test_a_programme_missing_from_the_folder(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace('programme = "WP-T"', 'programme = "WP-X"')
    result = validate(invoke, tiny_plans(work_plan=text))
    assert problems(result) == [f"{WP}:{line_of(text, 'programme = ')}: [plan]: programme: "
                                "programme 'WP-X' is not a loaded work programme (did you mean "
                                "'WP-T'?); loaded: WP-T"]


def test_thematic_area_not_defined_by_the_programme(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace("thematic_area = 2", "thematic_area = 7")
    result = validate(invoke, tiny_plans(work_plan=text))
    assert problems(result) == [f"{WP}:{line_of(text, 'thematic_area = 7')}: T-2: thematic_area:"
                                " thematic area 7 is not defined by WP-T (defined: 1, 2)"]


def test_the_shipped_plans_are_valid(invoke: Invoke, plans: Path) -> None:
    result = invoke("validate", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert "4 plan files, 4 plans, 79 projects, 23 thematic areas" in result.stdout


def test_unknown_field_in_the_programme(invoke: Invoke, tiny_plans: Plans) -> None:
    text = PROGRAMME.replace('title = "Migrant workers"', 'titel = "Migrant workers"')
    result = validate(invoke, tiny_plans(programme=text))
    line = line_of(text, "titel")
    assert problems(result)[:1] == [
        f"{PROG}:{line}: thematic area #2: titel: unknown field (did you mean 'title'?); "
        "expected one of: number, title, kra, cross_cutting_theme, bodies, measures, note"]
    assert any(x.endswith("title: missing (required)") for x in problems(result))
