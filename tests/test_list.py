"""`list`: every filter, repeated (OR) and combined (AND), aliases and typos, sorting, the count
line; and the two commands of the issue's definition of done, checked against the source."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_OK, EXIT_USAGE
from asean_labour.query import Filters, natural_key, resolve, select
from tests.conftest import Invoke
from tests.helpers import ids_in_text, listed_ids, run_json, shipped

# --- the definition of done --------------------------------------------------------------------

# Read from the source: the projects Viet Nam coordinates with a timeline covering 2018.
#   SLOM-WG 4 (2017-2018, Viet Nam), 8 (2017-2018, Viet Nam), 18 (2018, Viet Nam and Singapore),
#   23a (timeline 2018 with the 2017 Ho Chi Minh workshop; Viet Nam, the first of "Viet Nam
#   Thailand"); ACMW 6 (2017-2020, Viet Nam); OSHNET 11 (2016-2020 continuous, Viet Nam
#   Malaysia). Not: Viet Nam hosts the 2020 AFML (ACMW-2) and the 2016 AOC (OSHNET-5) only;
#   OSHNET-13 and -23 are TBC; SLOM-1a/1b/3, SLOM-WG-1 and -17 are other years or none.
VIET_NAM_2018 = ["SLOM-WG-4", "SLOM-WG-8", "SLOM-WG-18", "SLOM-WG-23a", "ACMW-6a", "OSHNET-11"]

# Read from the source: the ACMW rows whose "Potential Collaborator" names the ILO: 2 (ILO, IOM,
# TFAMW, ...), 5 (UN ESCAP, IOM, ILO), 6a (ILO (ASEAN Triangle Project), IOM), 6b (ILO, IOM),
# 7 (ILO (ASEAN Triangle Project)), 10a (IOM, ILO, ...), 11 (E-READI, ILO, IOM), 13 (READI
# AAPTIP, ILO), 14 (SLOM-WG, ILO, ...), 15 (SOMTC, SOMSWD, ILO, ...). Not: 1 (TBC), 3, 9, 12
# (none), 4 (READI), 8 (SOMHD, ASEAN-OSHNET, IOM), 10b and 10c (UN Women, FES).
ACMW_ILO = ["ACMW-2", "ACMW-5", "ACMW-6a", "ACMW-6b", "ACMW-7", "ACMW-10a", "ACMW-11",
            "ACMW-13", "ACMW-14", "ACMW-15"]


def test_what_viet_nam_coordinates_in_2018(invoke: Invoke, plans: Path) -> None:
    result = invoke("list", "--coordinator", "Vietnam", "--year", "2018", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert ids_in_text(result.stdout) == set(VIET_NAM_2018)
    assert result.stdout.rstrip().endswith("6 projects (of 79)")
    assert listed_ids(invoke, plans, "--coordinator", "Vietnam", "--year", "2018") == \
        VIET_NAM_2018


def test_acmw_projects_with_the_ilo_as_csv(invoke: Invoke, plans: Path) -> None:
    result = invoke("list", "--collaborator", "ILO", "--body", "ACMW", "--format", "csv",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["id"] for row in rows] == ACMW_ILO
    assert all("ILO" in row["collaborators"] for row in rows)


def test_an_event_host_counts_in_the_event_year_only(invoke: Invoke, plans: Path) -> None:
    assert listed_ids(invoke, plans, "--coordinator", "Viet Nam", "--year", "2020",
                      "--body", "ACMW") == ["ACMW-2", "ACMW-6a"]
    assert listed_ids(invoke, plans, "--coordinator", "Singapore", "--year", "2018",
                      "--search", "AFML") == ["ACMW-2"]
    # the project's own coordinator acts in every year, its events' years included
    assert "OSHNET-19" in listed_ids(invoke, plans, "--coordinator", "Malaysia", "--year",
                                     "2018")
    assert "OSHNET-19" not in listed_ids(invoke, plans, "--coordinator", "Malaysia", "--year",
                                         "2016")
    # a year alone, or a coordinator alone, finds a project through its events
    assert "OSHNET-5" in listed_ids(invoke, plans, "--coordinator", "Brunei")
    assert "OSHNET-19" in listed_ids(invoke, plans, "--year", "2020", "--body", "oshnet")


# --- each filter -------------------------------------------------------------------------------

def test_no_filter_lists_every_project_in_plan_order(invoke: Invoke, plans: Path) -> None:
    ids = listed_ids(invoke, plans)
    assert ids == [p.id for p in shipped().projects]
    assert len(ids) == 79
    assert ids[0] == "SLOM-1a" and ids[-1] == "OSHNET-23"


@pytest.mark.parametrize(("args", "expected"), [
    (["--body", "SLOM"], 9),
    (["--body", "slom-wg"], 29),
    (["--body", "OSHNET"], 23),
    (["--body", "acmw", "--body", "asean oshnet"], 41),
    (["--kra", "1"], 9),
    (["--kra", "KRA 3"], 30),
    (["--kra", "social protection"], 16),
    (["--kra", "2", "--kra", "4"], 31),
    (["--plan", "acmw-2016-2020"], 18),
    (["--plan", "ALM-WP-2016-2020", "--plan", "OSHNET-2016-2020"], 32),
])
def test_counts_by_body_kra_and_plan(invoke: Invoke, plans: Path, args: list[str],
                                     expected: int) -> None:
    assert len(listed_ids(invoke, plans, *args)) == expected


def test_year(invoke: Invoke, plans: Path) -> None:
    ids = listed_ids(invoke, plans, "--year", "2019", "--body", "ACMW")
    assert ids == ["ACMW-2", "ACMW-6a", "ACMW-6b", "ACMW-8", "ACMW-11", "ACMW-15"]


def test_repeated_year_is_or(invoke: Invoke, plans: Path) -> None:
    one = set(listed_ids(invoke, plans, "--year", "2016"))
    other = set(listed_ids(invoke, plans, "--year", "2020"))
    both = listed_ids(invoke, plans, "-y", "2016", "-y", "2020")
    assert set(both) == one | other
    assert len(both) == len(set(both))


def test_coordinator_with_aliases_and_any_case(invoke: Invoke, plans: Path) -> None:
    expected = listed_ids(invoke, plans, "--coordinator", "Lao PDR")
    assert expected[:3] == ["SLOM-3", "SLOM-WG-6", "SLOM-WG-7"]
    for spelling in ("Laos", "lao pdr", "LAO", "  Lao   PDR "):
        assert listed_ids(invoke, plans, "-c", spelling) == expected
    assert listed_ids(invoke, plans, "-c", "the Philippines") == \
        listed_ids(invoke, plans, "-c", "philippines")
    assert listed_ids(invoke, plans, "-c", "Brunei") == ["OSHNET-5"]


def test_coordinating_role(invoke: Invoke, plans: Path) -> None:
    assert listed_ids(invoke, plans, "--coordinator", "Host of CBM") == ["OSHNET-4", "OSHNET-5"]
    assert listed_ids(invoke, plans, "--coordinator", "Member States assuming the ASEAN "
                      "Chairmanship") == ["SLOM-WG-19"]


def test_repeated_coordinator_is_or(invoke: Invoke, plans: Path) -> None:
    ids = listed_ids(invoke, plans, "-c", "Brunei", "-c", "Myanmar")
    assert ids == ["SLOM-WG-2a", "SLOM-WG-6", "SLOM-WG-7", "OSHNET-5"]


def test_theme_by_number_words_and_cross_cutting_theme(invoke: Invoke, plans: Path) -> None:
    assert listed_ids(invoke, plans, "--theme", "15") == [
        "SLOM-WG-14", "SLOM-WG-15", "SLOM-WG-16", "SLOM-WG-17", "OSHNET-1", "OSHNET-2",
        "OSHNET-3"]
    assert listed_ids(invoke, plans, "--theme", "LABOUR INSPECTION") == \
        listed_ids(invoke, plans, "--theme", "15")
    assert listed_ids(invoke, plans, "--theme", "gender-equality") == ["SLOM-1a", "SLOM-1b"]
    assert listed_ids(invoke, plans, "--theme", "Emerging Labour Trends") == [
        "SLOM-7a", "SLOM-7b", "SLOM-8"]
    assert listed_ids(invoke, plans, "-t", "21", "-t", "23") == [
        "ACMW-7", "ACMW-8", "ACMW-13", "ACMW-14", "ACMW-15"]


def test_collaborator(invoke: Invoke, plans: Path) -> None:
    assert listed_ids(invoke, plans, "--collaborator", "KOSHA") == ["OSHNET-6", "OSHNET-12"]
    # aliases and any case
    women = ["ACMW-2", "ACMW-10b", "ACMW-10c"]
    for spelling in ("UN Women", "UN WOMEN", "un-women", "unwomen"):
        assert listed_ids(invoke, plans, "--collaborator", spelling) == women
    assert listed_ids(invoke, plans, "--collaborator", "International Labour Organization",
                      "--body", "ACMW") == ACMW_ILO
    # ILO finds the ILO's ASEAN TRIANGLE project; the full name finds only that
    assert listed_ids(invoke, plans, "--collaborator", "ILO (ASEAN Triangle Project)") == [
        "ACMW-6a", "ACMW-7"]
    assert listed_ids(invoke, plans, "--collaborator", "KOSHA", "--collaborator", "GIZ") == [
        "SLOM-WG-4", "OSHNET-6", "OSHNET-12"]


def test_measure(invoke: Invoke, plans: Path) -> None:
    assert listed_ids(invoke, plans, "--measure", "b.2.v") == ["SLOM-WG-1"]
    ids = listed_ids(invoke, plans, "--measure", "B.3.v", "--measure", "B.2.ii")
    assert ids == ["SLOM-1a", "SLOM-1b", "ACMW-9", "ACMW-10a", "ACMW-10b", "ACMW-10c",
                   "ACMW-11", "ACMW-12", "ACMW-13", "ACMW-14", "ACMW-15"]


def test_search(invoke: Invoke, plans: Path) -> None:
    assert listed_ids(invoke, plans, "--search", "afml") == ["ACMW-2", "ACMW-3"]
    assert listed_ids(invoke, plans, "-s", "ARROW Ceremony") == ["OSHNET-19"]  # event titles
    assert listed_ids(invoke, plans, "-s", "green job", "-s", "skills competition") == [
        "SLOM-4", "SLOM-WG-3"]


def test_different_filters_are_and(invoke: Invoke, plans: Path) -> None:
    ids = listed_ids(invoke, plans, "--body", "OSHNET", "--collaborator", "ILO", "--year",
                     "2018", "--theme", "17")
    assert ids == ["OSHNET-22"]
    assert listed_ids(invoke, plans, "--body", "SLOM", "--kra", "1") == []


def test_repeats_or_and_filters_and_against_the_core() -> None:
    catalogue = shipped()

    def ids(filters: Filters) -> set[str]:
        return {p.id for p in select(catalogue, resolve(filters, catalogue))}

    combined = ids(Filters(bodies=("ACMW", "OSHNET"), kras=("3", "4"), collaborators=("IOM",
                                                                                      "ISSA")))
    by_body = ids(Filters(bodies=("ACMW",))) | ids(Filters(bodies=("OSHNET",)))
    by_kra = ids(Filters(kras=("3",))) | ids(Filters(kras=("4",)))
    by_collaborator = ids(Filters(collaborators=("IOM",))) | ids(Filters(collaborators=("ISSA",)))
    assert combined == by_body & by_kra & by_collaborator
    assert combined


# --- sorting and the count line ----------------------------------------------------------------

def test_sort_by_id_is_natural(invoke: Invoke, plans: Path) -> None:
    ids = listed_ids(invoke, plans, "--body", "OSHNET", "--sort", "id")
    assert ids == [f"OSHNET-{n}" for n in range(1, 24)]
    every = listed_ids(invoke, plans, "--sort", "id")
    assert every == sorted(every, key=natural_key)
    assert every.index("SLOM-WG-2a") < every.index("SLOM-WG-10a")


def test_sort_by_year(invoke: Invoke, plans: Path) -> None:
    records = run_json(invoke, plans, "list", "--body", "ACMW", "--sort", "year")["projects"]
    firsts = [r["years"][0] if r["years"] else 9999 for r in records]
    assert firsts == sorted(firsts)
    assert [r["id"] for r in records][-3:] == ["ACMW-1", "ACMW-3", "ACMW-12"]  # no years: last


def test_sort_by_body(invoke: Invoke, plans: Path) -> None:
    records = run_json(invoke, plans, "list", "--year", "2020", "--sort", "body")["projects"]
    order = ["SLOM", "SLOM-WG", "ACMW", "ASEAN-OSHNET"]
    bodies = [order.index(r["body"]) for r in records]
    assert bodies == sorted(bodies)


def test_sort_by_coordinator(invoke: Invoke, plans: Path) -> None:
    records = run_json(invoke, plans, "list", "--body", "SLOM", "--sort", "coordinator")
    firsts = [r["coordinators"][0] if r["coordinators"] else None
              for r in records["projects"]]
    assert firsts == ["ASEAN Secretariat", "Lao PDR", "Malaysia", "Thailand", "Thailand",
                      "Thailand", "Viet Nam", "Viet Nam", None]


def test_count_line_under_the_table(invoke: Invoke, plans: Path) -> None:
    every = invoke("list", "--plans", str(plans))
    assert every.stdout.rstrip().splitlines()[-1] == "79 projects"
    some = invoke("list", "--body", "SLOM", "--plans", str(plans))
    assert some.stdout.rstrip().splitlines()[-1] == "9 projects (of 79)"
    one = invoke("list", "--search", "ARROW", "--plans", str(plans))
    assert one.stdout.rstrip().splitlines()[-1] == "1 project (of 79)"
    none = invoke("list", "--body", "SLOM", "--year", "2019", "--plans", str(plans))
    assert none.exit_code == EXIT_OK
    assert none.stdout.rstrip().splitlines()[-1] == "0 projects (of 79)"


# --- wrong values: a clear message, the valid values and the nearest one -----------------------

@pytest.mark.parametrize(("args", "message"), [
    (["--body", "ACMX"], "error: unknown body 'ACMX'. Did you mean 'ACMW'? Valid values: SLOM, "
                         "SLOM-WG, ACMW, ASEAN-OSHNET"),
    (["--coordinator", "Vietnamm"], "error: unknown country or coordinator 'Vietnamm'. Did you "
                                    "mean 'Viet Nam'? Valid values: Brunei Darussalam, "),
    (["--coordinator", "Laoss"], "error: unknown country or coordinator 'Laoss'. Did you mean "
                                 "'Lao PDR'? Valid values: "),
    (["--kra", "5"], "error: unknown key result area '5': the programmes define KRA 1, 2, 3, 4"),
    (["--kra", "skiled"], "error: unknown key result area 'skiled'. Did you mean '1 (Skilled "
                          "and Adaptable Workforce)'? Valid values: 1 (Skilled and Adaptable "
                          "Workforce), 2 (Productive Employment), 3 (Harmonious, Safe and "
                          "Progressive Workplace), 4 (Expanded Social Protection)"),
    (["--theme", "gendr"], "error: unknown thematic area 'gendr'. Did you mean 'gender-equality'"
                           " or '1 (Gender mainstreaming of labour sector)'? Valid values: 1 ("),
    (["--theme", "99"], "error: unknown thematic area '99'. Valid values: 1 (Gender "),
    (["--collaborator", "ILOO"], "error: unknown collaborator 'ILOO'. Did you mean 'ILO'? Valid "
                                 "values: AAPTIP, ADB, "),
    (["--measure", "B.2.x"], "error: unknown strategic measure 'B.2.x'. Did you mean 'B.2.v'"),
    (["--plan", "acmw"], "error: unknown plan 'acmw'. Did you mean 'ACMW-2016-2020'? Valid "
                         "values: ALM-WP-2016-2020, SLOM-WG-2016-2020, ACMW-2016-2020, "
                         "OSHNET-2016-2020"),
    (["--year", "2030"], "error: no loaded plan covers the year 2030; the plans cover "
                         "2016-2020"),
    (["--sort", "yeer"], "error: unknown sort key 'yeer' (did you mean 'year'?); expected one "
                         "of: id, year, body, coordinator"),
])
def test_unknown_values_name_the_valid_ones_and_the_nearest(
        invoke: Invoke, plans: Path, args: list[str], message: str) -> None:
    result = invoke("list", *args, "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(message), result.stderr


def test_kra_words_that_match_several(invoke: Invoke, plans: Path) -> None:
    result = invoke("list", "--kra", "e", "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith("error: 'e' names more than one key result area; use a "
                                    "number: 1 (Skilled and Adaptable Workforce), ")


@pytest.mark.parametrize(("args", "fragment"), [
    (["--year", "soon"], "Invalid value for '--year' / '-y': 'soon' is not a valid int"),
    (["--format", "xml"], "Invalid value for '--format' / '-f': 'xml' is not one of 'table', "
                          "'json', 'csv', 'markdown'"),
    (["--colour"], "No such option: --colour"),
])
def test_malformed_options_are_usage_errors(invoke: Invoke, plans: Path, args: list[str],
                                            fragment: str) -> None:
    result = invoke("list", *args, "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
