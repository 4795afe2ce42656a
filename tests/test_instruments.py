"""`instruments` and `instruments ID`: the list, one instrument with its commitments and linked
projects' status, the filters, every format, and the core look-ups the one-pagers call."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from asean_labour.errors import EXIT_OK, EXIT_USAGE, UsageError
from asean_labour.instrument_views import COMMITMENT_FIELDS, INSTRUMENT_FIELDS
from asean_labour.instruments import (
    find_instrument,
    linked_projects,
    load_instruments,
    naming_commitments,
    relevant_instruments,
)
from asean_labour.involvement import Part, names
from asean_labour.query import Filters, resolve
from tests.conftest import SHIPPED_PLANS, Invoke
from tests.helpers import command_stdout, run_json, shipped

ORDER = ["CEBU-2007", "HRD-2010", "VIENTIANE-2016", "OSH-2017"]
ACMW_IDS = [p.id for p in shipped().projects if p.plan_id == "ACMW-2016-2020"]


def is_ilo(collaborator: str) -> bool:
    """As `list --collaborator ILO` reads it: `ILO` and `ILO (ASEAN Triangle Project)`."""
    return collaborator == "ILO" or collaborator.startswith("ILO (")


def out(invoke: Invoke, plans: Path, *args: str) -> str:
    return command_stdout("instruments", invoke, plans, *args)


def failure(invoke: Invoke, plans: Path, *args: str) -> str:
    result = invoke("instruments", *args, "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return result.stderr


# --- the list ----------------------------------------------------------------------------------

def test_the_list_shows_every_instrument_in_date_order(invoke: Invoke, plans: Path) -> None:
    text = out(invoke, plans)
    rows = [line.split()[0] for line in text.splitlines() if line[:1].isupper()
            and line.split()[0] in ORDER]
    assert rows == ORDER
    lines = {line.split()[0]: line.split() for line in text.splitlines()
             if line.split() and line.split()[0] in ORDER}
    assert lines["CEBU-2007"][-2:] == ["22", str(len(ACMW_IDS))]
    assert lines["HRD-2010"][-2:] == ["20", "0"]
    assert lines["VIENTIANE-2016"][-2:] == ["9", "1"]
    assert lines["OSH-2017"][-2:] == ["10", "1"]
    assert "4 instruments; `asean-labour instruments ID` shows one." in text


def test_the_list_as_json(invoke: Invoke, plans: Path) -> None:
    document = run_json(invoke, plans, "instruments")
    assert document["kind"] == "instruments" and document["schema_version"] == 1
    assert document["count"] == document["total"] == 4
    records = document["instruments"]
    assert [r["id"] for r in records] == ORDER
    assert all(list(r) == list(INSTRUMENT_FIELDS) for r in records)
    assert records[2] | {"source": None, "note": None, "date_as_printed": None} == {
        "id": "VIENTIANE-2016", "kind": "declaration",
        "title": "Vientiane Declaration on Transition from Informal Employment to Formal "
                 "Employment towards Decent Work Promotion in ASEAN",
        "short_title": "Vientiane Declaration on Transition from Informal to Formal "
                       "Employment",
        "adopted_by": "the Heads of State/Government of ASEAN",
        "occasion": "the 28th and 29th Summits in Vientiane, Lao PDR",
        "place": "Vientiane, Lao PDR", "date": "2016-09-06", "date_as_printed": None,
        "commitments": 9, "linked_projects": 1, "matching_projects": ["SLOM-WG-9"],
        "naming_commitments": [], "source": None, "note": None,
        "file": "vientiane-declaration-2016.toml",
    }


def test_the_list_as_csv_and_markdown(invoke: Invoke, plans: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(out(invoke, plans, "--format", "csv"),
                                           newline=""), strict=True))
    assert [r["id"] for r in rows] == ORDER
    assert list(rows[0]) == list(INSTRUMENT_FIELDS)
    assert rows[3]["date"] == "2017-09-03" and rows[3]["place"] == "Singapore"
    markdown = out(invoke, plans, "--format", "markdown")
    assert markdown.splitlines()[0] == "| ID | Adopted | Title | Items | Projects |"
    assert "| OSH-2017 | 2017-09-03<br>Singapore | ASEAN Labour Ministers' Statement " \
           "on OSH | 10 | 1 |" in markdown


def test_the_ilo_filter_keeps_the_instruments_that_concern_the_ilo(invoke: Invoke,
                                                                    plans: Path) -> None:
    document = run_json(invoke, plans, "instruments", "--collaborator", "ILO")
    records = {r["id"]: r for r in document["instruments"]}
    assert list(records) == ["CEBU-2007", "VIENTIANE-2016", "OSH-2017"]
    assert document["count"] == 3 and document["total"] == 4
    with_ilo = [p.id for p in shipped().projects if p.plan_id == "ACMW-2016-2020"
                and any(is_ilo(c) for c in names(p, Part.COLLABORATOR))]
    assert with_ilo  # the ACMW plan names the ILO as a collaborator somewhere
    assert records["CEBU-2007"]["matching_projects"] == with_ilo
    assert records["VIENTIANE-2016"]["matching_projects"] == ["SLOM-WG-9"]
    # Action 10: "Increase collaboration with key partners such as the International Labour
    # Organization and Plus Three Countries"
    assert records["OSH-2017"]["matching_projects"] == []
    assert records["OSH-2017"]["naming_commitments"] == [10]
    table = out(invoke, plans, "--collaborator", "ilo")
    assert "OSH-2017: item 10 names the partner." in table
    assert "HRD-2010" not in table


def test_a_country_filter_keeps_the_instruments_it_helps_implement(invoke: Invoke,
                                                                    plans: Path) -> None:
    document = run_json(invoke, plans, "instruments", "--coordinator", "Laos")
    records = {r["id"]: r for r in document["instruments"]}
    lao = [p.id for p in shipped().projects
           if p.plan_id == "ACMW-2016-2020" and "Lao PDR" in names(p, Part.COORDINATOR)]
    assert list(records) == ["CEBU-2007", "VIENTIANE-2016"]
    assert records["CEBU-2007"]["matching_projects"] == lao
    assert records["VIENTIANE-2016"]["naming_commitments"] == []
    singapore = run_json(invoke, plans, "instruments", "--coordinator", "Singapore")
    assert "OSH-2017" in [r["id"] for r in singapore["instruments"]]


def test_a_filter_no_instrument_concerns(invoke: Invoke, plans: Path) -> None:
    text = out(invoke, plans, "--plan", "ALM-WP-2016-2020")
    assert "No instrument concerns this selection." in text
    assert run_json(invoke, plans, "instruments", "--plan", "ALM-WP-2016-2020")["count"] == 0


def test_an_unknown_filter_value_is_a_usage_error(invoke: Invoke, plans: Path) -> None:
    assert "unknown country or coordinator 'Atlantis'" in failure(
        invoke, plans, "--coordinator", "Atlantis")


# --- one instrument ----------------------------------------------------------------------------

def test_one_instrument_shows_its_facts_commitments_and_linked_project(invoke: Invoke,
                                                                       plans: Path) -> None:
    text = out(invoke, plans, "vientiane", "--cycle", "2017")
    flat = " ".join(text.split())
    assert text.splitlines()[0].startswith("VIENTIANE-2016  Vientiane Declaration on")
    for fragment in [
        "Kind Declaration", "Place Vientiane, Lao PDR", "Date 6 September 2016",
        "On the occasion of the 28th and 29th Summits in Vientiane, Lao PDR",
        "Tasks WE TASK the ASEAN Labour Ministers Meeting (ALMM)",
        "Links - SLOM-WG-9: implements the Declaration. Basis: SLOM-WG Work Plan 2016-2020",
        "Commitments, numbered as printed",
        "1 Promote the elimination of forced labour, child labour",
        "9 Encourage the participation of employers' organisations and workers' "
        "organisations in facilitating the transition",
        "Linked projects, status as of cycle 2017", "Status 2017",
        "SLOM-WG-9 Special Meeting for", "implements Lao PDR no report",
        "1 linked project",
    ]:
        assert fragment in flat, fragment


def test_linked_projects_show_their_latest_status_as_of_the_cycle(invoke: Invoke,
                                                                  plans: Path) -> None:
    done = invoke("update", "SLOM-WG-9", "--status", "completed", "--cycle", "2017",
                  "--note", "Regional Action Plan drafted", "--plans", str(plans))
    assert done.exit_code == EXIT_OK, done

    def status(cycle: str) -> str:
        row = next(line for line in out(invoke, plans, "VIENTIANE-2016", "--cycle",
                                        cycle).splitlines() if line.startswith("SLOM-WG-9"))
        return " ".join(row.split()[-2:])

    # SLOM-WG-9 is a 2017 meeting: not yet due in 2016; completed in 2017 and after, in the
    # words `list` and `show` use for a project's standing (standing.Standing.words)
    assert status("2016") == "yet due"
    assert status("2017") == "PDR completed"
    assert status("2019") == "completed (2017)"
    document = run_json(invoke, plans, "instruments", "VIENTIANE-2016", "--cycle", "2019")
    progress = document["linked_projects"][0]["progress"]
    assert progress["status"] == "completed" and progress["reported_in_cycle"] == 2017
    assert progress["cycle"] == 2019 and progress["note"] == "Regional Action Plan drafted"


def test_the_default_cycle_is_the_one_every_command_takes(invoke: Invoke, plans: Path) -> None:
    def chosen() -> tuple[int, str]:
        result = invoke("instruments", "OSH-2017", "--format", "json", "--plans", str(plans))
        assert result.exit_code == EXIT_OK, result
        return json.loads(result.stdout)["cycle"], result.stderr  # said apart from the JSON

    # no progress recorded, today past the plans: the last year of the plans (cycles.py)
    assert chosen() == (2020, "Cycle 2020: the last year of the loaded plans, which today is "
                              "past (give --cycle to "
                              "choose another).\n")
    done = invoke("update", "OSHNET-8", "--status", "completed", "--cycle", "2017",
                  "--plans", str(plans))
    assert done.exit_code == EXIT_OK, done
    # then the latest cycle with recorded progress, said on the first line of a table
    assert chosen()[0] == 2017
    assert out(invoke, plans, "OSH-2017").startswith("Cycle 2017: the latest cycle with")


def test_one_instrument_as_json(invoke: Invoke, plans: Path) -> None:
    document = run_json(invoke, plans, "instruments", "cebu-2007", "--cycle", "2018")
    assert document["kind"] == "instrument" and document["cycle"] == 2018
    instrument = document["instrument"]
    assert instrument["id"] == "CEBU-2007" and instrument["linked_projects"] == len(ACMW_IDS)
    assert [c["number"] for c in instrument["commitments"]] == list(range(1, 23))
    assert instrument["commitments"][21] == {
        "instrument": "CEBU-2007", "number": 22, "section": "COMMITMENTS BY ASEAN",
        "text": instrument["commitments"][21]["text"],
        "note": "The text extraction reads 'SecretaryGeneral' (a hyphen lost).",
        "projects": ["ACMW-9"]}
    assert [s["title"] for s in instrument["sections"]] == [
        "GENERAL PRINCIPLES", "OBLIGATIONS OF RECEIVING STATES",
        "OBLIGATIONS OF SENDING STATES", "COMMITMENTS BY ASEAN"]
    assert [(link["plans"], link["projects"], link["commitments"])
            for link in instrument["links"]] == [(["ACMW-2016-2020"], [], []),
                                                 ([], ["ACMW-9"], [22])]
    linked = document["linked_projects"]
    assert [p["id"] for p in linked] == ACMW_IDS
    assert all(p["progress"] is None for p in linked)
    nine = next(p for p in linked if p["id"] == "ACMW-9")
    assert [(t["relation"], t["commitments"], t["via_plan"]) for t in nine["link"]] == [
        ("implements", [], "ACMW-2016-2020"), ("implements", [22], None)]


def test_one_instrument_as_csv_is_its_commitments(invoke: Invoke, plans: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(out(invoke, plans, "HRD-2010", "-f", "csv"),
                                           newline=""), strict=True))
    assert list(rows[0]) == list(COMMITMENT_FIELDS)
    assert [int(r["number"]) for r in rows] == list(range(1, 21))
    assert rows[16]["section"] == "Promote lifelong learning"
    assert all(r["projects"] == "" for r in rows)
    cebu = list(csv.DictReader(io.StringIO(out(invoke, plans, "CEBU-2007", "-f", "csv"),
                                           newline=""), strict=True))
    assert [r["projects"] for r in cebu if r["projects"]] == ["ACMW-9"]


def test_one_instrument_as_markdown(invoke: Invoke, plans: Path) -> None:
    text = out(invoke, plans, "CEBU-2007", "--format", "markdown", "--cycle", "2018")
    lines = text.splitlines()
    assert lines[0] == ("# ASEAN Declaration on the Protection and Promotion of the Rights of "
                        "Migrant Workers")
    assert "## Links to the plans" in lines and "## Commitments" in lines
    assert "### GENERAL PRINCIPLES" in lines and "### COMMITMENTS BY ASEAN" in lines
    assert any(line.startswith("22. Task the relevant ASEAN bodies") and
               line.endswith("(linked: ACMW-9) (Note: The text extraction reads "
                             "'SecretaryGeneral' (a hyphen lost).)") for line in lines)
    assert "## Linked projects, status as of cycle 2018" in lines
    assert sum(1 for line in lines if line.startswith("| ACMW")) == len(ACMW_IDS)


def test_filters_narrow_the_linked_projects_of_one_instrument(invoke: Invoke,
                                                              plans: Path) -> None:
    document = run_json(invoke, plans, "instruments", "CEBU-2007", "--coordinator",
                        "Indonesia", "--cycle", "2018")
    indonesia = [p for p in ACMW_IDS if "Indonesia" in
                 (names(shipped().project(p), Part.COORDINATOR))]  # type: ignore[arg-type]
    assert [p["id"] for p in document["linked_projects"]] == indonesia
    assert document["instrument"]["linked_projects"] == len(ACMW_IDS)
    text = out(invoke, plans, "CEBU-2007", "--coordinator", "Indonesia")
    assert f"{len(indonesia)} linked projects (of {len(ACMW_IDS)}; filtered)" in \
        " ".join(text.split())


def test_an_instrument_the_plans_do_not_name(invoke: Invoke, plans: Path) -> None:
    text = " ".join(out(invoke, plans, "HRD-2010").split())
    assert "Links none: the plans do not name this instrument" in text
    assert "No project is linked: the plans do not name this instrument." in text
    assert "Promote lifelong learning 17 Promote the sharing of experiences" in text


@pytest.mark.parametrize(("typed", "message"), [
    ("OSH-2071", "unknown instrument 'OSH-2071'. Did you mean OSH-2017"),
    ("UNKNOWN", "unknown instrument 'UNKNOWN'. Loaded instruments: CEBU-2007, HRD-2010, "
                "VIENTIANE-2016, OSH-2017"),
])
def test_an_unknown_instrument_is_a_usage_error(invoke: Invoke, plans: Path, typed: str,
                                                message: str) -> None:
    assert message in failure(invoke, plans, typed)


def test_a_bad_cycle_is_a_usage_error(invoke: Invoke, plans: Path) -> None:
    result = invoke("instruments", "OSH-2017", "--cycle", "17", "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE and "cycle must be a year" in result.stderr


def test_output_fits_the_terminal_width(invoke: Invoke, plans: Path) -> None:
    for args in ([], ["CEBU-2007"], ["HRD-2010"], ["--collaborator", "ILO"]):
        result = invoke("instruments", *args, "--plans", str(plans), env={"COLUMNS": "80"})
        assert result.exit_code == EXIT_OK
        assert max(len(line) for line in result.stdout.splitlines()) <= 80, args


def test_no_instruments_folder_lists_none(invoke: Invoke, tiny_plans: Callable[..., Path]
                                          ) -> None:
    folder = tiny_plans()
    text = out(invoke, folder)
    assert "No instruments: add them to the plans folder's instruments/" in text
    assert run_json(invoke, folder, "instruments")["instruments"] == []
    assert "no instruments are loaded" in failure(invoke, folder, "OSH-2017")


# --- the core look-ups (what the one-pagers call) ----------------------------------------------

def test_find_instrument_by_id_any_case_or_unique_start() -> None:
    instruments = load_instruments(SHIPPED_PLANS, shipped())
    assert find_instrument(instruments, "osh-2017").id == "OSH-2017"
    assert find_instrument(instruments, " Vientiane ").id == "VIENTIANE-2016"
    with pytest.raises(UsageError, match="unknown instrument ''"):
        find_instrument(instruments, "")


def test_relevant_instruments_to_the_ilo_and_to_a_country() -> None:
    catalogue = shipped()
    instruments = load_instruments(SHIPPED_PLANS, catalogue)
    ilo = relevant_instruments(instruments, catalogue,
                               resolve(Filters(collaborators=["International Labour "
                                                              "Organization"]), catalogue))
    assert [r.instrument.id for r in ilo] == ["CEBU-2007", "VIENTIANE-2016", "OSH-2017"]
    assert all(any(is_ilo(c) for c in names(row.project, Part.COLLABORATOR))
               for r in ilo for row in r.projects)
    assert [c.number for c in ilo[2].naming] == [10]
    viet_nam = relevant_instruments(instruments, catalogue,
                                    resolve(Filters(coordinators=["Vietnam"]), catalogue))
    for relevance in viet_nam:
        assert relevance.projects
        assert all("Viet Nam" in names(row.project, Part.COORDINATOR) for row in relevance.projects)
    everything = relevant_instruments(instruments, catalogue, resolve(Filters(), catalogue))
    assert [r.instrument.id for r in everything] == ORDER
    assert [len(r.projects) for r in everything] == [
        len(linked_projects(i, catalogue)) for i in instruments]


def test_a_partner_is_named_as_a_whole_word_only() -> None:
    instruments = {i.id: i for i in load_instruments(SHIPPED_PLANS, shipped())}
    vocabulary = shipped().vocabulary
    # action 10 names the International Labour Organization: the vocabulary's alias of ILO
    assert [c.number for c in naming_commitments(instruments["OSH-2017"], ["ilo"],
                                                 vocabulary)] == [10]
    assert naming_commitments(instruments["OSH-2017"], ["labour"], vocabulary) != ()
    assert naming_commitments(instruments["OSH-2017"], ["lab"], vocabulary) == ()
    assert naming_commitments(instruments["CEBU-2007"], ["ilo"], vocabulary) == ()


def test_json_is_valid_and_stable(invoke: Invoke, plans: Path) -> None:
    first = out(invoke, plans, "OSH-2017", "--format", "json", "--cycle", "2018")
    assert first == out(invoke, plans, "OSH-2017", "--format", "json", "--cycle", "2018")
    assert json.loads(first)["instrument"]["id"] == "OSH-2017"


# --- shell completion --------------------------------------------------------------------------

def test_completion_of_ids_countries_and_conventions(plans: Path, tmp_path: Path) -> None:
    from types import SimpleNamespace

    from asean_labour.options import (
        complete_conventions,
        complete_instruments,
        complete_member_states,
    )

    ctx: Any = SimpleNamespace(params={"plans": plans})
    assert complete_instruments(ctx, "") == ORDER
    assert complete_instruments(ctx, "vi") == ["vientiane-2016"]
    assert complete_member_states(ctx, "Ti") == ["Timor-Leste"]
    assert complete_member_states(ctx, "viet") == ["viet nam"]
    assert complete_member_states(ctx, "East") == ["East Timor"]
    assert complete_member_states(ctx, "tl") == ["tl", "tls"]  # ISO codes
    assert complete_conventions(ctx, "C0") == ["C029", "C087", "C098", "C081"]
    assert complete_conventions(ctx, "gov") == ["governance"]
    broken: Any = SimpleNamespace(params={"plans": tmp_path / "missing"})
    assert complete_instruments(broken, "") == []
    assert complete_conventions(broken, "") == []
