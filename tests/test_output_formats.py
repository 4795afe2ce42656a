"""The output formats: the JSON envelope and records (parsed back), CSV (read back with the
csv module, spreadsheet-safe), Markdown, and tables that fit the terminal with no escape codes
when piped or under NO_COLOR."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asean_labour.errors import EXIT_OK, UsageError
from asean_labour.involvement import Part, acting, labels
from asean_labour.query import SORT_KEYS, Filters, resolve, select
from asean_labour.records import PLAN_FIELDS, PROJECT_FIELDS, event_line, project_record
from asean_labour.render import ListFormat
from asean_labour.render.csv_out import cell
from asean_labour.views import ProjectList, emit_projects
from tests.conftest import WORK_PLAN, Invoke
from tests.helpers import ESCAPE, run_json, shipped

Plans = Callable[..., Path]


# --- JSON --------------------------------------------------------------------------------------

def test_list_json_envelope_and_every_field(invoke: Invoke, plans: Path) -> None:
    document = run_json(invoke, plans, "list", "--search", "ARROW")
    assert document == {
        "schema_version": 1, "kind": "projects", "count": 1, "total": 79,
        "projects": [{
            "id": "OSHNET-19", "plan": "OSHNET-2016-2020", "body": "ASEAN-OSHNET", "kra": 3,
            "kra_name": "Harmonious, Safe and Progressive Workplace", "thematic_area": 17,
            "thematic_area_title": "HIV prevention and control in the workplace",
            "measures": ["B.3.iv"], "number": "19", "parent": None,
            "title": "ASEAN Red Ribbon for Outstanding Workplace (ARROW) Award",
            "kind": "project", "timeline": None, "years": [2016, 2018, 2020], "dates": None,
            "venue": None, "coordinators": ["Indonesia", "Malaysia", "ASEAN BCA Coordinator"],
            "coordinator_note": None, "collaborators": [], "budget": None,
            "carried_over": False, "placeholder": False,
            "note": "No timeline, coordinator or potential collaborator printed for the item "
                    "itself; only its three ceremonies (events) have dates and hosts.",
            "events": [
                {"title": "1st ARROW Ceremony", "year": 2016, "dates": "14 September 2016",
                 "venue": "Bogor, Indonesia", "coordinators": ["Indonesia"], "note": None,
                 "collaborators": []},
                {"title": "2nd ARROW Ceremony", "year": 2018, "dates": "11 May 2018",
                 "venue": "Kuala Lumpur, Malaysia", "coordinators": ["Malaysia"], "note": None,
                 "collaborators": []},
                {"title": "3rd ARROW Ceremony", "year": 2020, "dates": None, "venue": None,
                 "coordinators": ["ASEAN BCA Coordinator"],
                 "note": "Host printed 'Subsequent BCA Coordinator' (the ASEAN BCA Coordinator "
                         "after Malaysia's 2016-2018 term, see OSHNET-18); no country named.",
                 "collaborators": []},
            ],
            # each host acts in its ceremony's year only
            "coordination": [
                {"name": "Indonesia", "acts_in": [2016], "limited_to": None, "role": None,
                 "event": "1st ARROW Ceremony", "label": "Indonesia (2016)"},
                {"name": "Malaysia", "acts_in": [2018], "limited_to": None, "role": None,
                 "event": "2nd ARROW Ceremony", "label": "Malaysia (2018)"},
                {"name": "ASEAN BCA Coordinator", "acts_in": [2020], "limited_to": None,
                 "role": None, "event": "3rd ARROW Ceremony",
                 "label": "ASEAN BCA Coordinator (2020)"},
            ],
            "collaboration": [],
            "carried_over_from": [],
        }],
    }


def test_json_key_order_is_the_documented_one(invoke: Invoke, plans: Path) -> None:
    result = invoke("list", "--plans", str(plans), "--format", "json")
    document = json.loads(result.stdout)
    assert list(document) == ["schema_version", "kind", "count", "total", "projects"]
    assert all(list(record) == list(PROJECT_FIELDS) for record in document["projects"])


def test_every_field_is_documented() -> None:
    documented = (Path(__file__).parent.parent / "docs" / "output.md").read_text("utf-8")
    for name in (*PROJECT_FIELDS, *PLAN_FIELDS, "kra_intermediate_targets", "measure_texts",
                 "progress", "count", "total", "cycle", "schema_version", "kind", "row_label",
                 "columns", "rows", "iati_status", "reported_in_cycle", "in_effect"):
        assert f"`{name}`" in documented, name
    assert ", ".join(PROJECT_FIELDS) in documented  # the CSV header of list
    assert ", ".join(PLAN_FIELDS) in documented


def test_json_with_a_cycle_adds_progress(invoke: Invoke, plans: Path) -> None:
    document = run_json(invoke, plans, "list", "--cycle", "2017", "--body", "SLOM")
    assert list(document) == ["schema_version", "kind", "count", "total", "cycle", "projects"]
    assert document["cycle"] == 2017
    assert all(list(r) == [*PROJECT_FIELDS, "progress", "standing"] and r["progress"] is None
               for r in document["projects"])
    # No report yet: due (no report received) unless the plan starts it after 2017.
    catalogue = shipped()
    for record in document["projects"]:
        project = catalogue.project(record["id"])
        assert project is not None
        due = project.first_year is None or project.first_year <= 2017
        assert record["standing"] == {
            "cycle": 2017, "state": "no-report" if due else "not-due",
            "words": "no report received" if due else "not yet due", "closed": False,
            "part_completed": False}


def test_an_empty_selection_is_valid_json(invoke: Invoke, plans: Path) -> None:
    document = run_json(invoke, plans, "list", "--body", "SLOM", "--kra", "1")
    assert (document["count"], document["projects"]) == (0, [])


# --- the JSON export of any selection round-trips ----------------------------------------------

ANY_CASE = st.sampled_from([str.lower, str.upper, str])
BODIES = st.sampled_from(["SLOM", "SLOM-WG", "ACMW", "ASEAN-OSHNET", "OSHNET", "slom wg"])
COORDINATORS = st.sampled_from(["Viet Nam", "Vietnam", "Laos", "the Philippines", "Brunei",
                                "Thailand", "Malaysia", "Host of CBM", "ACMW Chair", "AMS"])
COLLABORATORS = st.sampled_from(["ILO", "IOM", "UN WOMEN", "ISSA", "E-READI", "FES", "KOSHA"])
SEARCH = st.sampled_from(["workshop", "AFML", "study", "OSH", "migrant", "forum"])


@st.composite
def filters(draw: st.DrawFn) -> Filters:
    def some(values: st.SearchStrategy[str]) -> tuple[str, ...]:
        return tuple(draw(ANY_CASE)(v) for v in draw(st.lists(values, max_size=2)))

    return Filters(
        bodies=some(BODIES), coordinators=some(COORDINATORS),
        collaborators=some(COLLABORATORS), search=some(SEARCH),
        years=tuple(draw(st.lists(st.integers(2016, 2020), max_size=2))),
        kras=tuple(draw(st.lists(st.sampled_from(["1", "2", "3", "4", "KRA 3"]), max_size=2))),
        themes=tuple(draw(st.lists(st.sampled_from(["15", "16", "22", "gender-equality",
                                                    "migrant"]), max_size=1))),
        measures=tuple(draw(st.lists(st.sampled_from(["B.3.iv", "a.2.iv", "E.2.i"]),
                                     max_size=1))),
    )


@given(chosen=filters(), sort=st.sampled_from([None, *SORT_KEYS]))
@settings(deadline=None)
def test_json_export_of_any_selection_round_trips(chosen: Filters, sort: str | None) -> None:
    catalogue = shipped()
    projects = select(catalogue, resolve(chosen, catalogue), sort)
    written: list[str] = []
    emit_projects(ProjectList(catalogue, projects, len(catalogue.projects)), ListFormat.JSON,
                  written.append)
    document = json.loads("".join(written))
    assert document == {
        "schema_version": 1, "kind": "projects", "count": len(projects),
        "total": len(catalogue.projects),
        "projects": [project_record(catalogue, p) for p in projects]}
    # and the records parsed back are enough to find the projects again
    assert [catalogue.project(r["id"]) for r in document["projects"]] == projects


@given(chosen=filters())
@settings(deadline=None)
def test_csv_export_of_any_selection_reads_back(chosen: Filters) -> None:
    catalogue = shipped()
    projects = select(catalogue, resolve(chosen, catalogue))
    written: list[str] = []
    emit_projects(ProjectList(catalogue, projects, len(catalogue.projects)), ListFormat.CSV,
                  written.append)
    rows = list(csv.DictReader(io.StringIO("".join(written), newline="")))
    assert [row["id"] for row in rows] == [p.id for p in projects]
    for row, project in zip(rows, projects, strict=True):
        record = project_record(catalogue, project)
        record["events"] = [event_line(e) for e in project.events]
        record["coordination"] = labels(acting(project, Part.COORDINATOR))
        record["collaboration"] = labels(acting(project, Part.COLLABORATOR))
        assert row == {name: cell(record[name]) for name in PROJECT_FIELDS}


def test_unknown_values_are_never_silently_ignored() -> None:
    with pytest.raises(UsageError):
        resolve(Filters(coordinators=("Narnia",)), shipped())


# --- CSV ---------------------------------------------------------------------------------------

def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_carries_every_field_with_lists_joined(invoke: Invoke, plans: Path) -> None:
    result = invoke("list", "--search", "AFML", "--format", "csv", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert result.stdout.startswith(",".join(PROJECT_FIELDS) + "\n")
    row = read_csv(result.stdout)[0]
    assert list(row) == list(PROJECT_FIELDS)
    assert row["id"] == "ACMW-2"
    assert row["years"] == "2016; 2017; 2018; 2019; 2020"
    assert row["coordinators"] == "ACMW Chair; Lao PDR; Philippines; Singapore; Thailand; " \
                                  "Viet Nam"
    assert row["collaborators"] == "ILO; IOM; TFAMW; UN Women; UN ESCAP"
    # who acts when: each forum's host in its year only, the ACMW Chair in every year
    assert row["coordination"] == "ACMW Chair; Lao PDR (2016); Philippines (2017); " \
                                  "Singapore (2018); Thailand (2019); Viet Nam (2020)"
    assert row["collaboration"] == "ILO; IOM; TFAMW; UN Women; UN ESCAP"
    assert row["events"].split("; 20")[0] == "2016: 9th AFML: Better Quality of Life for ASEAN " \
                                             "Migrant Workers through Strengthened Social " \
                                             "Protection (Lao PDR)"
    assert (row["carried_over"], row["placeholder"], row["parent"], row["kra"]) == \
        ("yes", "no", "", "2")


@pytest.mark.parametrize(("value", "shown"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("a=b", "a=b"), (-3, "'-3"), (2018, "2018"), (None, ""), (True, "yes"), (False, "no"),
    (["=a", "b"], "'=a; b"), ("\x1b[2J", "\\x1b[2J"),
])
def test_csv_cell(value: object, shown: str) -> None:
    assert cell(value) == shown


def test_csv_is_comma_separated_with_crlf_and_quotes() -> None:
    from asean_labour.render.csv_out import dumps

    text = dumps([{"a": "x, y", "b": 'say "hi"\nthere'}], ("a", "b"))
    assert text == 'a,b\r\n"x, y","say ""hi""\nthere"\r\n'
    assert read_csv(text) == [{"a": "x, y", "b": 'say "hi"\nthere'}]


def test_csv_with_a_cycle_adds_status_columns(invoke: Invoke, plans: Path) -> None:
    result = invoke("list", "--cycle", "2017", "--body", "SLOM", "--format", "csv",
                    "--plans", str(plans))
    rows = read_csv(result.stdout)
    assert list(rows[0])[-6:] == ["cycle", "status", "iati_status", "status_date",
                                  "status_note", "state"]
    assert {(r["cycle"], r["status"]) for r in rows} == {("2017", "")}
    later = {p.id for p in shipped().projects if (p.first_year or 0) > 2017}
    assert {r["id"]: r["state"] for r in rows} == {
        r["id"]: "not-due" if r["id"] in later else "no-report" for r in rows}


HOSTILE = (WORK_PLAN
           .replace('title = "Stock taking of labour market information"',
                    'title = "=HYPERLINK(\\"http://example.org\\")"')
           .replace('timeline = "2021-2022"', 'timeline = "-2021"')
           .replace('collaborators = ["ILO", "IOM"]', 'collaborators = ["@SUM(A1)", "ILO"]')
           .replace('title = "Forum on migrant labour"',
                    'title = "+Forum"\nnote = "\\u001b[31mred\\u0007 | *bold*"\n'
                    'coordinator_note = "-1 (co-coordinator)"'))


def test_csv_cells_are_spreadsheet_safe(invoke: Invoke, tiny_plans: Plans) -> None:
    result = invoke("list", "--format", "csv", "--plans", str(tiny_plans(work_plan=HOSTILE)))
    assert result.exit_code == EXIT_OK, result
    first, second = read_csv(result.stdout)
    assert first["title"] == "'=HYPERLINK(\"http://example.org\")"
    assert first["timeline"] == "'-2021"
    assert first["collaborators"] == "'@SUM(A1); ILO"
    assert second["title"] == "'+Forum"
    assert second["coordinator_note"] == "'-1 (co-coordinator)"
    assert second["note"] == "\\x1b[31mred\\x07 | *bold*"
    assert ESCAPE not in result.stdout
    for row in (first, second):
        assert not any(v.startswith(("=", "+", "-", "@", "\t")) for v in row.values())


def test_json_and_tables_keep_hostile_text_inert(invoke: Invoke, tiny_plans: Plans) -> None:
    folder = str(tiny_plans(work_plan=HOSTILE))
    document = run_json(invoke, Path(folder), "show", "T-2")
    assert document["project"]["note"] == "\x1b[31mred\x07 | *bold*"  # data kept as is...
    raw = invoke("show", "T-2", "--format", "json", "--plans", folder).stdout
    assert ESCAPE not in raw and "\\u001b[31m" in raw  # ...but escaped in the text
    table = invoke("show", "T-2", "--plans", folder).stdout
    assert ESCAPE not in table and "\\x1b[31mred\\x07" in table
    markdown = invoke("list", "--format", "markdown", "--plans", folder).stdout
    assert "| T-2 |" in markdown and ESCAPE not in markdown


# --- Markdown ----------------------------------------------------------------------------------

def test_markdown_list(invoke: Invoke, plans: Path) -> None:
    result = invoke("list", "--body", "ACMW", "--year", "2019", "--format", "markdown",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    lines = result.stdout.splitlines()
    assert lines[0] == "| ID | Body | KRA | Title | Years | Coordinators | Collaborators |"
    assert lines[1] == "|---|---|---:|---|---|---|---|"
    assert lines[2].startswith("| ACMW-2 | ACMW | 2 | ASEAN Forum on Migrant Labour | "
                               "2016-2020 |")
    assert len(lines) == 2 + 6 + 2
    assert lines[-1] == "6 projects (of 79)"


# --- tables: no escape codes when piped (the layout itself: test_layout.py) ----------------

@pytest.mark.parametrize("command", [["list"], ["show", "ACMW-2"], ["plans"], ["stats"],
                                     ["list", "--format", "markdown"]])
def test_piped_output_has_no_escape_codes(invoke: Invoke, plans: Path, command: list[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm-256color")
    result = invoke(*command, "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert ESCAPE not in result.stdout


@pytest.mark.parametrize("command", [["stats"], ["list"], ["show", "OSHNET-5"]])
def test_no_color_removes_colour_even_on_a_terminal(invoke: Invoke, plans: Path,
                                                    command: list[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # as if the output were a terminal
    coloured = invoke(*command, "--plans", str(plans), env={"NO_COLOR": ""})
    plain = invoke(*command, "--plans", str(plans))  # NO_COLOR=1
    if command == ["stats"]:
        assert colour_codes(coloured.stdout)  # the heat map
    assert colour_codes(plain.stdout) == []


def test_errors_go_to_standard_error_without_escape_codes(invoke: Invoke, plans: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.delenv("NO_COLOR")
    result = invoke("show", "ACMW-99", "--plans", str(plans))
    assert result.stdout == ""
    assert ESCAPE not in result.stderr
    assert result.stderr.startswith("error: unknown project id 'ACMW-99'.")


def colour_codes(text: str) -> list[str]:
    """The colour parameters (foreground or background) of the SGR escape codes in a text."""
    return [code for params in re.findall(r"\x1b\[([0-9;]*)m", text)
            for code in params.split(";")
            if code and (30 <= int(code) <= 49 or 90 <= int(code) <= 107)]
