"""Who coordinates (or collaborates on) which project in which year: the one rule
(asean_labour/involvement.py), the year-limited coordinators and collaborators of the plan
format, and every command that answers the question agreeing with it.

The expectations of the source cases are my own reading of
/work/shared/sources/alm-work-programme-2016-2020-and-subsidiary-work-plans.txt, quoted line
by line (the text extraction runs table columns together: `|` below separates the columns
of a row as I read them). They are not read from the plan files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK
from asean_labour.involvement import (
    Acting,
    Part,
    acting,
    acting_rows,
    by_year,
    labels,
    names,
    organisation_matches,
    takes_part,
)
from asean_labour.loading import load_catalogue
from asean_labour.model import Event, Participant, Project
from asean_labour.vocabulary import Body
from tests.conftest import WORK_PLAN, Invoke, Result
from tests.helpers import command_document, listed_ids, run_json, shipped

Plans = Callable[..., Path]
YEARS = (2016, 2017, 2018, 2019, 2020)


def project(years: tuple[int, ...] = (), coordinators: tuple[Participant, ...] = (),
            collaborators: tuple[Participant, ...] = (), events: tuple[Event, ...] = ()
            ) -> Project:
    return Project(id="P-1", plan_id="PLAN", body=Body("SLOM-WG"), title="A project",
                   thematic_area=1, years=years, coordinators=coordinators,
                   collaborators=collaborators, events=events)


# --- the rule, on the core ---------------------------------------------------------------------

def coordinates(p: Project, name: str, years: tuple[int, ...] = ()) -> bool:
    return takes_part(p, Part.COORDINATOR, name.__eq__, years)


def collaborates(p: Project, wanted: str, years: tuple[int, ...] = ()) -> bool:
    return takes_part(p, Part.COLLABORATOR, lambda n: organisation_matches(n, wanted), years)


def test_a_coordinator_without_years_acts_in_every_year_of_the_project_and_its_events() -> None:
    p = project(years=(2017, 2018), coordinators=(Participant("Thailand"),),
                events=(Event("Forum", 2020, coordinators=("Viet Nam",)),))
    assert [coordinates(p, "Thailand", (y,)) for y in YEARS] == [
        False, True, True, False, True]  # 2020: the event's year is the project's too
    assert coordinates(p, "Thailand")


def test_a_year_limited_coordinator_acts_only_in_its_years_that_are_the_projects() -> None:
    # as SLOM-WG-6 prints it: a 2016-2017 item, "Lao PDR (2016-2018)"
    p = project(years=(2016, 2017), coordinators=(
        Participant("SLOM-WG Chair"), Participant("Lao PDR", (2016, 2017, 2018))))
    assert [coordinates(p, "Lao PDR", (y,)) for y in YEARS] == [
        True, True, False, False, False]
    assert coordinates(p, "Lao PDR")  # in any year
    assert coordinates(p, "Lao PDR", (2018, 2017))  # in one of the years asked
    assert not coordinates(p, "Lao PDR", (2018, 2019))
    assert [y for y, who in by_year(p, Part.COORDINATOR) if "Lao PDR" in who] == [2016, 2017]


def test_an_events_host_and_collaborators_act_in_the_events_year_only() -> None:
    p = project(years=(2016, 2017), coordinators=(Participant("ACMW Chair"),), events=(
        Event("First", 2016, coordinators=("Lao PDR",), collaborators=("READI",)),
        Event("Second", 2017, coordinators=("Philippines",),
              collaborators=("AAPTIP", "ILO")),
    ))
    assert [coordinates(p, "Philippines", (y,)) for y in (2016, 2017)] == [False, True]
    assert [collaborates(p, "ilo", (y,)) for y in (2016, 2017)] == [False, True]
    assert [collaborates(p, "readi", (y,)) for y in (2016, 2017)] == [True, False]
    assert collaborates(p, "ilo") and collaborates(p, "readi")
    assert names(p, Part.COORDINATOR) == ("ACMW Chair", "Lao PDR", "Philippines")
    assert names(p, Part.COORDINATOR, (2017,)) == ("ACMW Chair", "Philippines")
    assert names(p, Part.COLLABORATOR, (2016,)) == ("READI",)
    assert by_year(p, Part.COORDINATOR) == ((2016, ("ACMW Chair", "Lao PDR")),
                                            (2017, ("ACMW Chair", "Philippines")))


def test_a_project_without_years_has_its_coordinators_in_any_year_but_in_no_given_year(
        ) -> None:
    p = project(coordinators=(Participant("Viet Nam"),), collaborators=(Participant("ILO"),))
    assert coordinates(p, "Viet Nam") and collaborates(p, "ilo")
    assert not any(coordinates(p, "Viet Nam", (y,)) for y in YEARS)
    assert by_year(p, Part.COORDINATOR) == ()


def test_a_year_limited_collaborator() -> None:
    p = project(years=(2018, 2019, 2020),
                collaborators=(Participant("ILO (ASEAN Triangle Project)", (2019,)),))
    # `ILO` finds the ILO's projects under any of its printed names, in the years it acts
    assert [collaborates(p, "ilo", (y,)) for y in (2018, 2019, 2020)] == [False, True, False]
    assert not collaborates(p, "il")  # a name, not a prefix of one


def test_takes_part_is_the_one_question_behind_the_helpers() -> None:
    p = project(years=(2016, 2017), coordinators=(Participant("Malaysia", (2016,)),))
    assert takes_part(p, Part.COORDINATOR, lambda n: n.startswith("Mal"), (2016,))
    assert not takes_part(p, Part.COORDINATOR, lambda n: n.startswith("Mal"), (2017,))
    assert not takes_part(p, Part.COLLABORATOR, lambda n: True)


def test_labels_show_years_and_roles_and_merge_a_names_entries() -> None:
    p = project(years=(2016, 2017, 2018, 2019, 2020), coordinators=(
        Participant("ASEAN BCA Coordinator", role="rotated biennially among AMS"),
        Participant("Malaysia", (2016, 2017, 2018)),
        Participant("Lao PDR", (2016, 2018), role="chair"),
    ), events=(Event("A", 2016, coordinators=("Philippines",)),
               Event("B", 2017, coordinators=("Philippines",)),
               Event("C", 2019, coordinators=("Malaysia",))))
    assert labels(acting(p, Part.COORDINATOR)) == (
        "ASEAN BCA Coordinator (rotated biennially among AMS)",
        "Malaysia (2016-2019)",  # its years, and the year of the event it hosts
        "Lao PDR (chair, 2016, 2018)",
        "Philippines (2016-2017)",
    )
    assert acting(p, Part.COORDINATOR)[1] == Acting("Malaysia", (2016, 2017, 2018),
                                                     (2016, 2017, 2018))
    unlimited = project(years=(2016,), coordinators=(Participant("Malaysia"),),
                        events=(Event("A", 2016, coordinators=("Malaysia",)),))
    assert labels(acting(unlimited, Part.COORDINATOR)) == ("Malaysia",)


def test_acting_rows_are_acting_as_plain_values() -> None:
    """records.project_record writes `acting_rows`: the entries of `acting`, labels and all,
    on every shape of entry (roles, limits, events with hosts and collaborators, a project
    without years) and on every shipped project."""
    made = [
        project(years=(2016, 2017, 2018, 2019, 2020), coordinators=(
            Participant("ASEAN BCA Coordinator", role="rotated biennially among AMS"),
            Participant("Malaysia", (2016, 2017, 2018)),
            Participant("Lao PDR", (2016, 2018), role="chair"),
            Participant("Cambodia", (2030,))),
            collaborators=(Participant("ILO", role="technical"), Participant("IOM")),
            events=(Event("A", 2016, coordinators=("Philippines",), collaborators=("ILO",)),
                    Event("B", 2017, coordinators=("Philippines", "Viet Nam")),
                    Event("C", 2019, collaborators=("UN Women",)))),
        project(years=(), coordinators=(Participant("Thailand", (2016,)),)),
        project(years=(2016,)),
    ]
    projects = [*made, *shipped().projects]
    rows = 0
    for p in projects:
        for part in Part:
            entries = acting(p, part)
            assert acting_rows(p, part) == [
                (e.name, e.years, e.limited_to, e.role, e.event, e.label) for e in entries]
            rows += len(entries)
    assert rows > 100
    assert [row[5] for row in acting_rows(made[0], Part.COORDINATOR)] == [
        "ASEAN BCA Coordinator (rotated biennially among AMS)", "Malaysia (2016-2018)",
        "Lao PDR (chair, 2016, 2018)", "Cambodia (2030)", "Philippines (2016)",
        "Philippines (2017)", "Viet Nam (2017)"]


# --- the source, case by case, through `list` ---------------------------------------------------

def coordinated(invoke: Invoke, plans: Path, who: str, year: int | None = None) -> list[str]:
    return listed_ids(invoke, plans, "--coordinator", who,
                      *(("--year", str(year)) if year else ()))


def collaborated(invoke: Invoke, plans: Path, who: str, year: int | None = None) -> list[str]:
    return listed_ids(invoke, plans, "--collaborator", who,
                      *(("--year", str(year)) if year else ()))


def test_oshnet_18_malaysia_2016_to_2018(invoke: Invoke, plans: Path) -> None:
    # line 512: "18. ASEAN Business Coalition on HIV/AIDS (ASEAN BCA) | 2016-2020
    #   (continuous) | ASEAN BCA Coordinator (rotated biennially among AMS) Malaysia (2016-
    #   2018) | Asia Pacific Business Coalition on AIDS ..."
    for year in (2016, 2017, 2018):
        assert "OSHNET-18" in coordinated(invoke, plans, "Malaysia", year), year
    for year in (2019, 2020):
        assert "OSHNET-18" not in coordinated(invoke, plans, "Malaysia", year), year
        assert "OSHNET-18" in coordinated(invoke, plans, "ASEAN BCA Coordinator", year)
    assert "OSHNET-18" in coordinated(invoke, plans, "Malaysia")  # in any year


def test_oshnet_2_malaysia_2016_then_the_rotation(invoke: Invoke, plans: Path) -> None:
    # line 473: "2. Collaborate with SLOM-WG on the convening of the ASEAN Labour Inspection
    #   Conference | 2016-2020 (regularly) | Malaysia (2016) AMS (rotation) | ILO, IALI"
    assert "OSHNET-2" in coordinated(invoke, plans, "Malaysia", 2016)
    for year in (2017, 2018, 2019, 2020):
        assert "OSHNET-2" not in coordinated(invoke, plans, "Malaysia", year), year
        assert "OSHNET-2" in coordinated(invoke, plans, "AMS", year), year


def test_acmw_11_the_philippines_2017_indonesia_2018_2019(invoke: Invoke, plans: Path) -> None:
    # line 428: "11. Public campaign on safe migration | 2017 2018-2019 | The Philippines
    #   Indonesia | E-READI, ILO, IOM": two timelines, two coordinators on parallel lines
    assert "ACMW-11" in coordinated(invoke, plans, "Philippines", 2017)
    assert "ACMW-11" not in coordinated(invoke, plans, "Philippines", 2018)
    assert "ACMW-11" not in coordinated(invoke, plans, "Indonesia", 2017)
    for year in (2018, 2019):
        assert "ACMW-11" in coordinated(invoke, plans, "Indonesia", year)


def test_slom_wg_6_and_7_myanmar_2016_lao_pdr_2016_to_2018(invoke: Invoke, plans: Path
                                                           ) -> None:
    # line 313 (item 6): "... | 2016-2017 | SLOM-WG Chair to coordinate with the ATPMC Chair:
    #   Myanmar (2016) Lao PDR (2016-2018) | ATPMC"
    # line 314 (item 7): "... | 2016 onwards | SLOM-WG Chair to coordinate with AQRF Committee
    #   Chair: Myanmar (2016) Lao PDR (2016-2018) | AQRF Committee"
    myanmar = {year: coordinated(invoke, plans, "Myanmar", year) for year in YEARS}
    assert "SLOM-WG-6" in myanmar[2016] and "SLOM-WG-7" in myanmar[2016]
    assert not {"SLOM-WG-6", "SLOM-WG-7"} & {*myanmar[2017], *myanmar[2019]}
    laos = {year: coordinated(invoke, plans, "Laos", year) for year in YEARS}
    assert {"SLOM-WG-6", "SLOM-WG-7"} <= {*laos[2016]} & {*laos[2017]}
    assert "SLOM-WG-7" in laos[2018]
    assert "SLOM-WG-6" not in laos[2018]  # item 6 ends in 2017: Lao PDR's 2018 is not its
    assert "SLOM-WG-7" not in laos[2019]
    assert "SLOM-WG-7" in coordinated(invoke, plans, "SLOM-WG Chair", 2019)


def test_acmw_13_each_workshop_has_its_host_and_collaborators(invoke: Invoke, plans: Path
                                                               ) -> None:
    # line 442: "13. • ASEAN Workshop on Improving Border Controls ... • ASEAN Regional
    #   Workshop on Effective Investigations and Prosecution of TIP for Labour Exploitation |
    #   1-2 June 2016, Manila, the Philippines 6-8 June 2017, Manila, the Philippines |
    #   The Philippines The Philippines | READI AAPTIP, ILO"
    assert "ACMW-13" in collaborated(invoke, plans, "ILO", 2017)
    assert "ACMW-13" not in collaborated(invoke, plans, "ILO", 2016)
    assert "ACMW-13" in collaborated(invoke, plans, "READI", 2016)
    assert "ACMW-13" not in collaborated(invoke, plans, "READI", 2017)
    assert "ACMW-13" in collaborated(invoke, plans, "ILO")  # in any year
    for year in (2016, 2017):
        assert "ACMW-13" in coordinated(invoke, plans, "Philippines", year)
    record = run_json(invoke, plans, "show", "ACMW-13")["project"]
    assert [(e["year"], e["coordinators"], e["collaborators"]) for e in record["events"]] == [
        (2016, ["Philippines"], ["READI"]), (2017, ["Philippines"], ["AAPTIP", "ILO"])]
    assert record["collaborators"] == ["READI", "AAPTIP", "ILO"]


def test_acmw_2_and_oshnet_5_hosts_act_in_their_years(invoke: Invoke, plans: Path) -> None:
    # line 399: "... • 13th AFML | Annual 2016 2017 2018 2019 2020 | ACMW Chair Lao PDR
    #   Philippines Singapore Thailand Viet Nam"
    assert "ACMW-2" in coordinated(invoke, plans, "Vietnam", 2020)
    assert "ACMW-2" not in coordinated(invoke, plans, "Vietnam", 2018)
    assert "ACMW-2" in coordinated(invoke, plans, "ACMW Chair", 2018)
    # line 487: "• The 5 th AOC | 22 March 2018, Siem Reap, Cambodia | Cambodia"
    assert "OSHNET-5" in coordinated(invoke, plans, "Cambodia", 2018)
    assert "OSHNET-5" not in coordinated(invoke, plans, "Cambodia", 2019)


def test_roles_do_not_limit_the_years(invoke: Invoke, plans: Path) -> None:
    # line 290: "... | 2016 | | The Philippines and Viet Nam (co- coordinator) | ILO IOM"
    assert "SLOM-WG-1" in coordinated(invoke, plans, "Viet Nam", 2016)
    # line 429: "12. Repository of legislations and policies on migrant workers of AMS ... |
    #   AMS (English text submission) ASEAN Secretariat (uploading to website)": no timeline
    assert "ACMW-12" in coordinated(invoke, plans, "AMS")
    assert "ACMW-12" in coordinated(invoke, plans, "ASEAN Secretariat")
    assert "ACMW-12" not in coordinated(invoke, plans, "AMS", 2017)


def test_viet_nam_in_2018_by_my_reading_of_the_source(invoke: Invoke, plans: Path) -> None:
    # The case: stats counted 8 projects for Viet Nam in 2018, list 6.
    #   line 302 (SLOM-WG 4): "Research on the linkage between TVET ... | 2017-2018 | Viet Nam"
    #   line 315 (SLOM-WG 8): "Comparative study on of foreign workers ... | 2017-2018 |
    #     Viet Nam"
    #   line 351 (SLOM-WG 18): "18. Strengthening Capac ... | 2018 | Viet Nam and Singapore"
    #   line 370 (SLOM-WG 23): "... | 2018 21-22 September 2017, Ho Chi Minh, Viet Nam | Viet
    #     Nam Thailand" (a: Viet Nam)
    #   line 403 (ACMW 6): "Study on the demand and supply of migrant workers ... | 2017-2020 |
    #     Viet Nam"
    #   line 496 (OSHNET 11): "... | 2016-2020 (continuous) | Viet Nam Malaysia | ILO"
    # and not: the AFML it hosts in 2020, the AOC it hosted in 2016, OSHNET 13 and 23 (TBC).
    expected = {"SLOM-WG-4", "SLOM-WG-8", "SLOM-WG-18", "SLOM-WG-23a", "ACMW-6a", "OSHNET-11"}
    assert set(coordinated(invoke, plans, "Viet Nam", 2018)) == expected
    stats = run_json(invoke, plans, "stats", "--year", "2018")
    row = next(r for r in stats["tables"][1]["rows"] if r["key"] == "Viet Nam")
    assert row["total"] == len(expected)


def test_malaysia_in_2019_by_my_reading_of_the_source(invoke: Invoke, plans: Path) -> None:
    #   line 346 (SLOM-WG 16): "16. Continue the ASEA regularly | 28-29 November 2016, Kuala
    #     Lumpur, Malaysia 2016-2020 (regularly) | Malaysia"
    #   line 495 (OSHNET 10): "... Risk Management Guidebook ... | 2018-2020 | Malaysia"
    #   line 496 (OSHNET 11): "... | 2016-2020 (continuous) | Viet Nam Malaysia"
    #   line 503 (OSHNET 17): "... joint research ... | 2017 onwards | Indonesia Singapore
    #     Malaysia"
    # and not OSHNET 2 ("Malaysia (2016)"), OSHNET 18 ("Malaysia (2016- 2018)"), OSHNET 16
    # (TBC), SLOM-WG 3 (2016 and 2018), OSHNET 19's 2018 ceremony.
    assert set(coordinated(invoke, plans, "Malaysia", 2019)) == {
        "SLOM-WG-16", "OSHNET-10", "OSHNET-11", "OSHNET-17"}


# --- every command agrees ----------------------------------------------------------------------

def report_rows(document: dict[str, Any]) -> list[str]:
    return [r["id"] for b in document["bodies"] for g in b["groups"]
            for a in g["thematic_areas"] for r in a["projects"]]


def test_stats_list_and_report_agree_for_every_country_and_year(invoke: Invoke, plans: Path
                                                               ) -> None:
    """For each Member State and each year of the plans (and no year: any year), the
    projects `list --coordinator C --year Y` gives are the ones `report --coordinator C
    --year Y` reports, and as many as `stats --year Y` counts for C."""
    checked = 0
    for year in (None, *YEARS):
        by_year_args = ("--year", str(year)) if year else ()
        stats = run_json(invoke, plans, "stats", *by_year_args)
        counted = {r["key"]: r["total"] for r in stats["tables"][1]["rows"]}
        for country in shipped().vocabulary.country_names:
            listed = listed_ids(invoke, plans, "--coordinator", country, *by_year_args)
            report = command_document("report", invoke, plans, "--cycle", str(year or 2018),
                                      "--coordinator", country, *by_year_args)
            assert counted.get(country, 0) == len(listed), (country, year)
            assert report["projects"] == len(listed), (country, year)
            assert sorted(report_rows(report)) == sorted(listed), (country, year)
            checked += bool(listed)
    assert checked > 40  # most countries coordinate something in most years


@pytest.mark.parametrize("collaborator", ["ILO", "READI", "IOM"])
def test_list_and_report_agree_on_a_collaborator_in_every_year(
        invoke: Invoke, plans: Path, collaborator: str) -> None:
    for year in (None, *YEARS):
        by_year_args = ("--year", str(year)) if year else ()
        listed = listed_ids(invoke, plans, "--collaborator", collaborator, *by_year_args)
        report = command_document("report", invoke, plans, "--cycle", str(year or 2018),
                                  "--collaborator", collaborator, *by_year_args)
        assert sorted(report_rows(report)) == sorted(listed), (collaborator, year)


def test_the_timeline_shows_who_coordinates_each_year(invoke: Invoke, plans: Path) -> None:
    document = command_document("timeline", invoke, plans, "--coordinator", "Malaysia",
                                "--year", "2018")
    rows = {r["id"]: r for r in document["rows"]}
    assert set(rows) == set(coordinated(invoke, plans, "Malaysia", 2018))
    assert rows["OSHNET-18"]["coordinators_by_year"] == {
        "2016": ["ASEAN BCA Coordinator", "Malaysia"],
        "2017": ["ASEAN BCA Coordinator", "Malaysia"],
        "2018": ["ASEAN BCA Coordinator", "Malaysia"],
        "2019": ["ASEAN BCA Coordinator"], "2020": ["ASEAN BCA Coordinator"]}
    afml = command_document("timeline", invoke, plans, "--search", "AFML")["rows"][0]
    assert afml["coordinators_by_year"]["2020"] == ["ACMW Chair", "Viet Nam"]
    assert afml["coordinators_by_year"]["2018"] == ["ACMW Chair", "Singapore"]


def test_sorting_by_coordinator_uses_the_first_coordinator_in_any_year(
        invoke: Invoke, plans: Path) -> None:
    ids = listed_ids(invoke, plans, "--sort", "coordinator", "--body", "ACMW")
    # ACMW-13 names its coordinator on its workshops only (the Philippines)
    assert ids.index("ACMW-13") > ids.index("ACMW-5")  # Indonesia before Philippines
    assert ids[-1] == "ACMW-9"  # no coordinator printed: last


# --- how a year-limited coordinator shows ------------------------------------------------------

def test_show_list_and_json_show_the_years_and_roles(invoke: Invoke, plans: Path) -> None:
    shown = invoke("show", "OSHNET-18", "--plans", str(plans))
    assert shown.exit_code == EXIT_OK, shown
    text = " ".join(shown.stdout.split())
    assert "ASEAN BCA Coordinator (rotated biennially among AMS), Malaysia (2016-2018)" in text
    record = run_json(invoke, plans, "show", "OSHNET-18")["project"]
    assert record["coordinators"] == ["ASEAN BCA Coordinator", "Malaysia"]
    assert record["coordination"] == [
        {"name": "ASEAN BCA Coordinator", "acts_in": list(YEARS), "limited_to": None,
         "role": "rotated biennially among AMS", "event": None,
         "label": "ASEAN BCA Coordinator (rotated biennially among AMS)"},
        {"name": "Malaysia", "acts_in": [2016, 2017, 2018], "limited_to": [2016, 2017, 2018],
         "role": None, "event": None, "label": "Malaysia (2016-2018)"}]
    assert record["coordinator_note"] is None  # the qualifiers are data now
    listed = invoke("list", "--search", "safe migration", "-f", "markdown", "--plans",
                    str(plans)).stdout
    assert "| Philippines (2017), Indonesia (2018-2019) |" in listed  # nothing to escape
    csv_text = invoke("list", "--search", "ATPMC", "-f", "csv", "--plans", str(plans)).stdout
    assert "SLOM-WG Chair (to coordinate with the ATPMC Chair); Myanmar (2016); " \
           "Lao PDR (2016-2018)" in csv_text
    markdown = invoke("show", "SLOM-WG-1", "-f", "markdown", "--plans", str(plans)).stdout
    assert "- **Coordinators:** Philippines, Viet Nam (co-coordinator)" in markdown


def test_the_report_shows_the_years_of_a_limited_coordinator(invoke: Invoke, plans: Path
                                                            ) -> None:
    text = invoke("report", "--cycle", "2018", "--search", "ASEAN BCA", "--full", "--plans",
                  str(plans), env={"COLUMNS": "200"}).stdout
    assert "Malaysia (2016-2018)" in text
    document = command_document("report", invoke, plans, "--cycle", "2018", "--search",
                                "ASEAN BCA")
    row = document["due"][0]
    assert row["coordinators"] == ["ASEAN BCA Coordinator", "Malaysia"]
    assert row["coordinator_labels"] == [
        "ASEAN BCA Coordinator (rotated biennially among AMS)", "Malaysia (2016-2018)"]


def test_the_search_finds_a_printed_role(invoke: Invoke, plans: Path) -> None:
    # line 415: "... | 2016-2020 | ASEAN Secretariat (intermediary between ACMW and SOMHD)"
    assert listed_ids(invoke, plans, "--search", "intermediary") == ["ACMW-8"]


# --- the plan format: tables and their problems ------------------------------------------------

LIMITED = WORK_PLAN.replace(
    'coordinators = ["Philippines", "Viet Nam"]\ncollaborators = ["ILO", "IOM"]',
    'coordinators = [\n  "Philippines",\n  { name = "Vietnam", years = [2022], role = '
    '"co-coordinator" },\n]\ncollaborators = ["ILO", { name = "IOM", years = [2021] }]',
).replace('coordinators = ["Laos"]', 'coordinators = ["Laos"]\ncollaborators = ["UNODC"]')
WP = "tiny/work-plan.toml"


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_year_limited_coordinators_and_collaborators_load(invoke: Invoke, tiny_plans: Plans
                                                          ) -> None:
    folder = tiny_plans(work_plan=LIMITED)
    result = invoke("validate", "--plans", str(folder))
    assert result.exit_code == EXIT_OK, result
    first, second = load_catalogue(folder).projects
    assert first.coordinators == (Participant("Philippines"),
                                  Participant("Viet Nam", (2022,), "co-coordinator"))
    assert first.collaborators == (Participant("ILO"), Participant("IOM", (2021,)))
    assert second.events[0].collaborators == ("UNODC",)
    assert listed_ids(invoke, folder, "--coordinator", "Viet Nam", "--year", "2021") == []
    assert listed_ids(invoke, folder, "--coordinator", "Viet Nam", "--year", "2022") == ["T-1"]
    assert listed_ids(invoke, folder, "--collaborator", "IOM", "--year", "2022") == []
    assert listed_ids(invoke, folder, "--collaborator", "unodc", "--year", "2023") == ["T-2"]
    assert listed_ids(invoke, folder, "--collaborator", "UNODC", "--year", "2022") == []


def problems_of(invoke: Invoke, folder: Path) -> list[str]:
    result: Result = invoke("validate", "--plans", str(folder))
    assert result.exit_code == EXIT_FAILURE, result
    assert result.stdout == "" and "Traceback" not in result.stderr
    return result.stderr.splitlines()[:-1]


@pytest.mark.parametrize(("entry", "message"), [
    ('{ name = "Viet Nam", years = [2031] }',
     "'Viet Nam': year 2031 is outside the plan's period 2021-2025"),
    ('{ name = "Viet Nam", years = [2024, 2025] }',
     "'Viet Nam': limited to 2024-2025, but the project runs in 2021-2022: it would never "
     "act; check the years"),
    ('{ name = "Viet Nam", years = [] }',
     "'Viet Nam': years is empty; leave it out for every year of the project"),
    ('{ name = "Viet Nam", years = "2021" }',
     "'Viet Nam': years: expected a list of whole numbers, got the string '2021'"),
    ('{ name = "Viet Nam", years = [2021, "2022"] }',
     "'Viet Nam': years: expected a list of whole numbers, got a list holding the string "
     "'2022'"),
    ('{ name = "Viet Nam", yeras = [2021] }',
     "'Viet Nam': unknown field 'yeras' (did you mean 'years'?); expected one of: name, "
     "years, role"),
    ('{ years = [2021] }', 'entry 2: missing name; expected { name = "...", years = [...] }'),
    ('{ name = 5 }', "entry 2: name: expected a string, got 5 (a number)"),
    ('{ name = "Viet Nam", role = " " }',
     "'Viet Nam': role is empty; leave it out, or give the part it plays as printed"),
    ('{ name = "Vietnan", years = [2021] }', "unknown country or coordinator 'Vietnan' "
     "(did you mean 'Viet Nam'?); expected an ASEAN Member State or a coordinating role: "),
    ('{ name = "the Philippines", years = [2021] }',
     "'Philippines' is listed twice; give it once, with all its years and its role"),
])
def test_a_wrong_coordinator_entry_is_one_clear_line(invoke: Invoke, tiny_plans: Plans,
                                                     entry: str, message: str) -> None:
    text = WORK_PLAN.replace('coordinators = ["Philippines", "Viet Nam"]',
                             f'coordinators = [\n  "Philippines",\n  {entry},\n]')
    lines = problems_of(invoke, tiny_plans(work_plan=text))
    assert len(lines) == 1, lines
    # the entry's own line (not the `coordinators = [` line), the project and the field
    assert lines[0].startswith(f"{WP}:{line_of(text, entry)}: T-1: coordinators: {message}")


def test_a_limited_coordinator_needs_the_projects_years(invoke: Invoke, tiny_plans: Plans
                                                        ) -> None:
    text = WORK_PLAN.replace('timeline = "2021-2022"\nyears = [2021, 2022]\n', "").replace(
        'coordinators = ["Philippines", "Viet Nam"]',
        'coordinators = [{ name = "Viet Nam", years = [2021] }]')
    assert problems_of(invoke, tiny_plans(work_plan=text)) == [
        f"{WP}:{line_of(text, 'years = [2021]')}: T-1: coordinators: 'Viet Nam': limited to "
        "2021, but the project gives no years; give the project's years, or leave this "
        "entry's out"]


def test_collaborator_entries_are_checked_too(invoke: Invoke, tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace(
        'collaborators = ["ILO", "IOM"]',
        'collaborators = ["ILO", { name = "IOM", years = [2020] }, { name = " " }]').replace(
        'coordinators = ["Laos"]', 'coordinators = ["Laos"]\ncollaborators = "UNODC"')
    line = line_of(text, 'collaborators = ["ILO"')
    event_line = line_of(text, 'collaborators = "UNODC"')
    assert problems_of(invoke, tiny_plans(work_plan=text)) == [
        f"{WP}:{line}: T-1: collaborators: 'IOM': year 2020 is outside the plan's period "
        "2021-2025",
        f"{WP}:{line}: T-1: collaborators: a collaborator's name is empty",
        f"{WP}:{event_line}: T-2 event 1: collaborators: "
        "expected a list of strings, got the string 'UNODC'",
    ]


def test_every_problem_of_the_new_format_in_one_run(invoke: Invoke, tiny_plans: Plans) -> None:
    text = (WORK_PLAN
            .replace('coordinators = ["Philippines", "Viet Nam"]',
                     'coordinators = [{ name = "Atlantis" }, { name = "Thailand", '
                     'years = [2030] }]')
            .replace('coordinators = ["ACMW Chair"]',
                     'coordinators = [{ name = "ACMW Chair", years = [2021] }]'))
    lines = problems_of(invoke, tiny_plans(work_plan=text))
    assert len(lines) == 3, lines
    assert "T-1: coordinators: unknown country or coordinator 'Atlantis'" in lines[0]
    assert lines[1].endswith("T-1: coordinators: 'Thailand': year 2030 is outside the "
                             "plan's period 2021-2025")
    assert lines[2].endswith("T-2: coordinators: 'ACMW Chair': limited to 2021, but the "
                             "project runs in 2023: it would never act; check the years")
    listed = invoke("list", "--plans", str(tiny_plans(work_plan=text)))
    assert listed.exit_code == EXIT_FAILURE and listed.stdout == ""


def test_plain_names_stay_valid_and_a_plain_repeat_counts_once(invoke: Invoke,
                                                               tiny_plans: Plans) -> None:
    text = WORK_PLAN.replace('coordinators = ["Philippines", "Viet Nam"]',
                             'coordinators = ["Philippines", "Viet Nam", "Vietnam"]')
    folder = tiny_plans(work_plan=text)
    assert invoke("validate", "--plans", str(folder)).exit_code == EXIT_OK
    assert load_catalogue(folder).projects[0].coordinators == (Participant("Philippines"),
                                                               Participant("Viet Nam"))
    document = json.loads(invoke("list", "--plans", str(folder), "-f", "json").stdout)
    assert document["projects"][0]["coordination"][1] == {
        "name": "Viet Nam", "acts_in": [2021, 2022], "limited_to": None, "role": None,
        "event": None, "label": "Viet Nam"}
