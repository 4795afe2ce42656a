"""`ratifications`: the Member States x conventions matrix in every format, --convention,
--country and --as-of, later verifications kept as history, and the core look-ups."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import textwrap
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_OK, EXIT_USAGE, UsageError
from asean_labour.ratifications import (
    Standing,
    country_facts,
    load_ratifications,
    resolve_conventions,
    resolve_countries,
)
from tests.conftest import SHIPPED_PLANS, Invoke
from tests.helpers import command_stdout, run_json
from tests.test_ratification_data import CODES, EXPECTED, FUNDAMENTAL, GOVERNANCE

ANNEX = "2017-10-31"
#: The Member States in the vocabulary's order: ASEAN's alphabetical order, Timor-Leste
#: before Viet Nam.
STATES = sorted([*EXPECTED, "Timor-Leste"])
LABEL = {Standing.RATIFIED: "Yes", Standing.NOT_RATIFIED: "No",
         Standing.DENOUNCED: "Denounced"}

UPDATE = """\
schema_version = 1
title = "Verification after the annexes"
verified = 2019-08-01
source = "ILO NORMLEX, checked by the secretariat on 1 August 2019"

[[member_states]]
country = "Vietnam"
ratified = ["C098"]
ratified_on = { C098 = 2019-07-05 }
notes = { C098 = "=HYPERLINK(\\"x\\") [red]ratified[/red]" }
"""


def out(invoke: Invoke, plans: Path, *args: str) -> str:
    return command_stdout("ratifications", invoke, plans, *args)


def rows_of(text: str) -> dict[str, list[str]]:
    """The table rows of a matrix, by Member State (the first table if there are two)."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        for state in [*STATES, "Ratified by"]:
            if line.startswith(state + "  ") and state not in rows:
                rows[state] = line[len(state):].split()
    return rows


def usage_error(invoke: Invoke, plans: Path, *args: str) -> str:
    result = invoke("ratifications", *args, "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE, result
    assert result.stdout == ""
    return result.stderr


# --- the matrix --------------------------------------------------------------------------------

def test_the_matrix_as_in_the_annexes(invoke: Invoke, plans: Path) -> None:
    text = out(invoke, plans, "--as-of", ANNEX)
    fundamental, governance = text.split("\n\n")
    assert fundamental.splitlines()[0] == "Ratification of ILO fundamental conventions, " \
                                          "as of 2017-10-31"
    assert fundamental.splitlines()[1].split() == ["Member", "State", *FUNDAMENTAL]
    assert governance.splitlines()[1].split() == ["Member", "State", *GOVERNANCE]
    for table, codes in ((fundamental, FUNDAMENTAL), (governance, GOVERNANCE)):
        rows = rows_of(table)
        for state, standings in EXPECTED.items():
            assert rows[state] == [LABEL[standings[CODES.index(c)]] for c in codes], state
        assert rows["Timor-Leste"] == ["-"] * len(codes)
        assert rows["Ratified by"] == [
            str(sum(EXPECTED[s][CODES.index(c)] is Standing.RATIFIED for s in EXPECTED))
            for c in codes]
        flat = " ".join(table.split())
        assert "Timor-Leste: no data (an ASEAN Member State since 26 October 2025)." in flat
        assert "Verified 31 October 2017: ILO Database on International Labour Standards" in flat
    assert "C087: Freedom of Association and Protection of the Right to Organise " \
           "Convention, 1948 (No. 87)" in " ".join(fundamental.split())


def test_the_counts_row_reads_the_annex(invoke: Invoke, plans: Path) -> None:
    # Annex 1: C087 is "Yes" for Cambodia, Indonesia, Myanmar and the Philippines only.
    assert rows_of(out(invoke, plans, "--convention", "C087"))["Ratified by"] == ["4"]
    # Annex 2: no Member State ratified C129.
    assert rows_of(out(invoke, plans, "--convention", "129"))["Ratified by"] == ["0"]


@pytest.mark.parametrize("typed", ["C087", "c87", "87", "No. 87", "C 087"])
def test_a_convention_any_way_it_is_written(invoke: Invoke, plans: Path, typed: str) -> None:
    document = run_json(invoke, plans, "ratifications", "--convention", typed)
    assert [c["code"] for c in document["conventions"]] == ["C087"]


def test_a_group_of_conventions(invoke: Invoke, plans: Path) -> None:
    text = out(invoke, plans, "--convention", "governance", "--convention", "C182")
    assert "fundamental conventions" in text and "governance conventions" in text
    document = run_json(invoke, plans, "ratifications", "--convention", "Governance")
    assert [c["code"] for c in document["conventions"]] == list(GOVERNANCE)


@pytest.mark.parametrize(("typed", "state"), [
    ("Viet Nam", "Viet Nam"), ("vietnam", "Viet Nam"), ("Laos", "Lao PDR"),
    ("the Philippines", "Philippines"), ("East Timor", "Timor-Leste"),
    ("timor leste", "Timor-Leste"),
])
def test_a_country_by_any_of_its_names(invoke: Invoke, plans: Path, typed: str,
                                       state: str) -> None:
    document = run_json(invoke, plans, "ratifications", "--country", typed)
    assert [s["country"] for s in document["member_states"]] == [state]


def test_countries_keep_the_member_state_order(invoke: Invoke, plans: Path) -> None:
    text = out(invoke, plans, "--country", "Viet Nam", "--country", "Cambodia",
               "--convention", "C098")
    rows = rows_of(text)
    assert list(rows) == ["Cambodia", "Viet Nam", "Ratified by"]
    assert rows["Cambodia"] == ["Yes"] and rows["Viet Nam"] == ["No"]


def test_one_country_has_no_counts_row(invoke: Invoke, plans: Path) -> None:
    rows = rows_of(out(invoke, plans, "--country", "Malaysia", "--convention", "C105"))
    assert rows == {"Malaysia": ["Denounced"]}


def test_before_the_annexes_there_is_no_data(invoke: Invoke, plans: Path) -> None:
    text = out(invoke, plans, "--as-of", "2017-10-30", "--convention", "C029")
    assert rows_of(text)["Indonesia"] == ["-"]
    assert "No fact verified on or before 30 October 2017." in " ".join(text.split())
    document = run_json(invoke, plans, "ratifications", "--as-of", "2017-10-30")
    assert document["records"] == []
    assert all(c["standing"] is None for s in document["member_states"]
               for c in s["conventions"])


@pytest.mark.parametrize(("args", "message"), [
    (("--as-of", "31/10/2017"),
     "--as-of expects a date as YYYY-MM-DD, e.g. 2017-10-31; got '31/10/2017'"),
    (("--convention", "C999"), "unknown convention 'C999'; the ratifications files define: "
                               "C029, C087, C098, C100, C105, C111, C138, C182, C081, C122, "
                               "C129, C144 (or a group: fundamental, governance, technical)"),
    (("--country", "Vietnma"), "unknown Member State 'Vietnma'. Did you mean 'Viet Nam'?"),
    (("--country", "Japan"), "unknown Member State 'Japan'. Valid values: Brunei "
                             "Darussalam, Cambodia"),
])
def test_bad_options_are_usage_errors(invoke: Invoke, plans: Path, args: tuple[str, ...],
                                      message: str) -> None:
    assert message in usage_error(invoke, plans, *args)


# --- formats -----------------------------------------------------------------------------------

def test_csv_is_the_matrix(invoke: Invoke, plans: Path) -> None:
    text = out(invoke, plans, "--format", "csv", "--as-of", ANNEX)
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert rows[0] == ["member_state", *CODES]
    assert [r[0] for r in rows[1:]] == STATES
    for row in rows[1:]:
        if row[0] == "Timor-Leste":
            assert row[1:] == [""] * len(CODES)
        else:
            assert row[1:] == [str(s) for s in EXPECTED[row[0]]]


def test_json_has_every_fact_with_its_source(invoke: Invoke, plans: Path) -> None:
    document = run_json(invoke, plans, "ratifications", "--as-of", ANNEX, "--country",
                        "Malaysia", "--convention", "C105", "--convention", "C081")
    assert document["kind"] == "ratifications" and document["as_of"] == ANNEX
    assert document["conventions"] == [
        {"code": "C105", "number": 105,
         "title": "Abolition of Forced Labour Convention, 1957 (No. 105)",
         "group": "fundamental"},
        {"code": "C081", "number": 81,
         "title": "Labour Inspection Convention, 1947 (No. 81)", "group": "governance"}]
    [malaysia] = document["member_states"]
    assert malaysia["country"] == "Malaysia" and malaysia["member_since"] == "1967-08-08"
    assert malaysia["ratified"] == {"fundamental": 0, "governance": 1}
    denounced = malaysia["conventions"][0]
    assert {k: denounced[k] for k in ("convention", "standing", "ratified_on", "verified",
                                      "file")} == {
        "convention": "C105", "standing": "denounced", "ratified_on": None,
        "verified": ANNEX, "file": "annex-1-fundamental-2017-10-31.toml"}
    assert denounced["source"].startswith("ILO Database on International Labour Standards")
    assert denounced["history"] == [{"standing": "denounced", "verified": ANNEX,
                                     "file": "annex-1-fundamental-2017-10-31.toml"}]
    assert [r["file"] for r in document["records"]] == [
        "annex-1-fundamental-2017-10-31.toml", "annex-2-governance-2017-10-31.toml"]
    timor = run_json(invoke, plans, "ratifications", "--country", "Timor-Leste")
    assert timor["member_states"][0]["member_since"] == "2025-10-26"
    assert timor["member_states"][0]["ratified"] == {"fundamental": 0, "governance": 0}


def test_markdown_tables_with_their_legend(invoke: Invoke, plans: Path) -> None:
    text = out(invoke, plans, "--format", "markdown", "--convention", "C087",
               "--as-of", ANNEX)
    lines = text.splitlines()
    assert lines[0] == "## Ratification of ILO fundamental conventions, as of 2017-10-31"
    assert "| Member State | C087 |" in lines
    assert "| Malaysia | No |" in lines and "| Timor-Leste | - |" in lines
    assert "| Ratified by | 4 |" in lines
    assert "- C087: Freedom of Association and Protection of the Right to Organise " \
           "Convention, 1948 (No. 87)" in lines


def test_the_matrix_fits_80_columns(invoke: Invoke, plans: Path) -> None:
    text = command_stdout("ratifications", invoke, plans, env={"COLUMNS": "80"})
    assert max(len(line) for line in text.splitlines()) <= 80


# --- history: a later verification -------------------------------------------------------------

@pytest.fixture
def updated(plans: Path) -> Path:
    (plans / "ratifications" / "2019-08-01-viet-nam.toml").write_text(UPDATE, "utf-8")
    return plans


def test_a_newer_verification_is_shown_and_the_older_kept(invoke: Invoke, updated: Path
                                                          ) -> None:
    now = rows_of(out(invoke, updated, "--country", "Viet Nam", "--convention", "C098"))
    assert now == {"Viet Nam": ["Yes", "(2019)*"]}
    before = rows_of(out(invoke, updated, "--country", "Viet Nam", "--convention", "C098",
                         "--as-of", ANNEX))
    assert before == {"Viet Nam": ["No"]}
    document = run_json(invoke, updated, "ratifications", "--country", "vietnam",
                        "--convention", "C098", "--as-of", "2020-01-01")
    cell = document["member_states"][0]["conventions"][0]
    assert cell["standing"] == "ratified" and cell["ratified_on"] == "2019-07-05"
    assert cell["verified"] == "2019-08-01" and cell["file"] == "2019-08-01-viet-nam.toml"
    assert [(h["standing"], h["verified"]) for h in cell["history"]] == [
        ("not ratified", ANNEX), ("ratified", "2019-08-01")]


def test_the_table_names_every_source_it_shows(invoke: Invoke, updated: Path) -> None:
    text = " ".join(out(invoke, updated, "--convention", "fundamental").split())
    assert "Verified 31 October 2017: ILO Database" in text
    assert "Verified 1 August 2019: ILO NORMLEX, checked by the secretariat on 1 August " \
           "2019." in text
    assert "* Viet Nam, C098: =HYPERLINK(\"x\") [red]ratified[/red]" in text
    counts = rows_of(out(invoke, updated, "--convention", "C098"))["Ratified by"]
    assert counts == [str(1 + sum(EXPECTED[s][2] is Standing.RATIFIED for s in EXPECTED))]


def test_notes_stay_literal_in_markdown(invoke: Invoke, updated: Path) -> None:
    markdown = out(invoke, updated, "--format", "markdown", "--convention", "C098")
    assert "\\[red]ratified\\[/red]" in markdown  # an opening bracket escaped: never a link
    assert "[red]" not in markdown.replace("\\[red]", "")


# --- the core (what the country one-pagers call) -----------------------------------------------

def test_country_facts_for_a_one_pager() -> None:
    ratifications = load_ratifications(SHIPPED_PLANS)
    facts = country_facts(ratifications, "Viet Nam", dt.date(2017, 10, 31))
    assert [c.code for c, _ in facts] == list(CODES)
    assert [f.standing if f else None for _, f in facts] == list(EXPECTED["Viet Nam"])
    timor = country_facts(ratifications, "Timor-Leste", dt.date(2026, 1, 1))
    assert len(timor) == 12 and all(f is None for _, f in timor)


def test_member_states_are_the_vocabularys_with_timor_leste() -> None:
    vocabulary = load_ratifications(SHIPPED_PLANS).vocabulary
    assert vocabulary.country_names == (
        "Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR", "Malaysia", "Myanmar",
        "Philippines", "Singapore", "Thailand", "Timor-Leste", "Viet Nam")
    assert vocabulary.country("TIMOR-LESTE") == "Timor-Leste"
    assert vocabulary.country("Brunei") == "Brunei Darussalam"
    assert vocabulary.country("Timor") is None
    assert resolve_countries(["Timor-Leste", "brunei", "VNM"], vocabulary) == (
        "Brunei Darussalam", "Timor-Leste", "Viet Nam")


def test_resolve_conventions_refuses_what_is_not_defined() -> None:
    ratifications = load_ratifications(SHIPPED_PLANS)
    assert resolve_conventions(["C087", "governance"], ratifications) == (
        "C087", *GOVERNANCE)
    with pytest.raises(UsageError, match="no technical convention is defined"):
        resolve_conventions(["technical"], ratifications)
    with pytest.raises(UsageError, match="unknown convention 'forced labour'"):
        resolve_conventions(["forced labour"], ratifications)


def test_no_ratifications_folder(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    shutil.copytree(SHIPPED_PLANS, folder, ignore=shutil.ignore_patterns("ratifications"))
    assert "No ratification records" in out(invoke, folder)
    document = run_json(invoke, folder, "ratifications")
    assert document["conventions"] == [] and len(document["member_states"]) == 11
    assert textwrap.dedent(out(invoke, folder, "--format", "csv")).splitlines()[0] == \
        "member_state"
    result = invoke("ratifications", "--plans", str(folder))
    assert result.exit_code == EXIT_OK
