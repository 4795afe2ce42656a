"""Data fidelity: every cell of Annex 1 and Annex 2 of the source publication.

The annex lines below are copied from
/work/shared/sources/alm-work-programme-2016-2020-and-subsidiary-work-plans.txt; in the text
extraction the cells of a row are separated by one tab, so an empty cell is two tabs in a row
(written here as \\t). My reading of each row is written out by hand in EXPECTED, and checked
twice: against the quoted lines, and against the shipped data."""

from __future__ import annotations

import datetime as dt

import pytest

from asean_labour.ratifications import (
    Ratifications,
    Standing,
    load_ratifications,
    matrix,
)
from tests.conftest import SHIPPED_PLANS

ANNEX_1 = (
    "ILO Convention\t29\t87\t98\t100\t105\t111\t138\t182\n"
    "Member States\t\t\t\t\t\t\t\t\n"
    "Brunei Darussalam\t\t\t\t\t\t\tYes\tYes\n"
    "Cambodia\tYes\tYes\tYes\tYes\tYes\tYes\tYes\tYes\n"
    "Indonesia\tYes\tYes\tYes\tYes\tYes\tYes\tYes\tYes\n"
    "Lao PDR\tYes\t\t\tYes\t\tYes\tYes\tYes\n"
    "Malaysia\tYes\t\tYes\tYes\tDenounced\t\tYes\tYes\n"
    "Myanmar\tYes\tYes\t\t\t\t\t\tYes\n"
    "Philippines\tYes\tYes\tYes\tYes\tYes\tYes\tYes\tYes\n"
    "Singapore\tYes\t\tYes\tYes\tDenounced\t\tYes\tYes\n"
    "Thailand\tYes\t\t\tYes\tYes\tYes\tYes\tYes\n"
    "Viet Nam\tYes\t\t\tYes\t\tYes\tYes\tYes\n"
)
ANNEX_2 = (
    "ILO Convention Member States\t81\t122\t129\t144\n"
    "Brunei Darussalam\t\t\t\t\n"
    "Cambodia\t\tYes\t\t\n"
    "Indonesia\tYes\t\t\tYes\n"
    "Lao PDR\t\t\t\tYes\n"
    "Malaysia\tYes\t\t\tYes\n"
    "Myanmar\t\t\t\t\n"
    "Philippines\t\tYes\t\tYes\n"
    "Singapore\tYes\t\t\tYes\n"
    "Thailand\t\tYes\t\t\n"
    "Viet Nam\tYes\tYes\t\tYes\n"
)
# "Source: ILO Database on International Labour Standards, accessed on 10 October 2017 and
#  verified by ILO Regional Office for Asia and the Pacific on 31 October 2017" (both annexes)
VERIFIED = dt.date(2017, 10, 31)

Y, N, D = Standing.RATIFIED, Standing.NOT_RATIFIED, Standing.DENOUNCED
FUNDAMENTAL = ("C029", "C087", "C098", "C100", "C105", "C111", "C138", "C182")
GOVERNANCE = ("C081", "C122", "C129", "C144")
# My reading, row by row: an empty cell is "not ratified".
EXPECTED: dict[str, tuple[Standing, ...]] = {
    #                   C029 C087 C098 C100 C105 C111 C138 C182  C081 C122 C129 C144
    "Brunei Darussalam": (N, N, N, N, N, N, Y, Y, N, N, N, N),
    "Cambodia": (Y, Y, Y, Y, Y, Y, Y, Y, N, Y, N, N),
    "Indonesia": (Y, Y, Y, Y, Y, Y, Y, Y, Y, N, N, Y),
    "Lao PDR": (Y, N, N, Y, N, Y, Y, Y, N, N, N, Y),
    "Malaysia": (Y, N, Y, Y, D, N, Y, Y, Y, N, N, Y),
    "Myanmar": (Y, Y, N, N, N, N, N, Y, N, N, N, N),
    "Philippines": (Y, Y, Y, Y, Y, Y, Y, Y, N, Y, N, Y),
    "Singapore": (Y, N, Y, Y, D, N, Y, Y, Y, N, N, Y),
    "Thailand": (Y, N, N, Y, Y, Y, Y, Y, N, Y, N, N),
    "Viet Nam": (Y, N, N, Y, N, Y, Y, Y, Y, Y, N, Y),
}
CODES = FUNDAMENTAL + GOVERNANCE


def annex_cells(annex: str, codes: tuple[str, ...]) -> dict[tuple[str, str], str]:
    """The quoted annex as {(Member State, code): cell text}, checking each row's width."""
    lines = annex.splitlines()
    numbers = lines[0].split("\t")[1:]
    assert [f"C{int(n):03d}" for n in numbers] == list(codes)
    cells = {}
    for line in lines[1:]:
        country, *row = line.split("\t")
        if country == "Member States":
            continue
        assert len(row) == len(codes), line
        cells.update({(country, code): cell for code, cell in zip(codes, row, strict=True)})
    return cells


@pytest.fixture(scope="module")
def shipped() -> Ratifications:
    return load_ratifications(SHIPPED_PLANS)


@pytest.mark.parametrize(("annex", "codes"), [(ANNEX_1, FUNDAMENTAL), (ANNEX_2, GOVERNANCE)])
def test_my_reading_agrees_with_the_quoted_annex(annex: str, codes: tuple[str, ...]) -> None:
    words = {Y: "Yes", D: "Denounced", N: ""}
    cells = annex_cells(annex, codes)
    assert {country for country, _ in cells} == set(EXPECTED)
    for (country, code), cell in cells.items():
        assert words[EXPECTED[country][CODES.index(code)]] == cell, (country, code)


@pytest.mark.parametrize("country", list(EXPECTED))
@pytest.mark.parametrize("code", CODES)
def test_every_cell_of_both_annexes(shipped: Ratifications, country: str, code: str) -> None:
    fact = shipped.latest(country, code, VERIFIED)
    assert fact is not None
    assert fact.standing is EXPECTED[country][CODES.index(code)]
    assert fact.verified == VERIFIED
    assert "ILO Regional Office for Asia and the Pacific on 31 October 2017" in \
        fact.record.source
    assert fact.ratified_on is None and fact.denounced_on is None  # the annexes print none


def test_the_annexes_hold_no_other_fact(shipped: Ratifications) -> None:
    assert len(shipped.facts) == len(EXPECTED) * len(CODES) == 120
    assert {(f.country, f.code) for f in shipped.facts} == {
        (country, code) for country in EXPECTED for code in CODES}


def test_the_conventions_and_their_legend(shipped: Ratifications) -> None:
    assert tuple(c.code for c in shipped.conventions) == CODES
    assert [str(c.group) for c in shipped.conventions] == ["fundamental"] * 8 + \
        ["governance"] * 4
    titles = {c.code: c.title for c in shipped.conventions}
    # "C 087 : Freedom of Association and Protection of the Right to Organise Convention,
    #  1948 (No. 87)"; "C 129 : Labour Inspection (Agriculture) Convention, 1969 (No.129)"
    assert titles["C087"] == ("Freedom of Association and Protection of the Right to "
                              "Organise Convention, 1948 (No. 87)")
    assert titles["C129"] == "Labour Inspection (Agriculture) Convention, 1969 (No. 129)"
    assert titles["C182"] == "Worst Forms of Child Labour Convention, 1999 (No. 182)"
    assert titles["C144"] == ("Tripartite Consultation (International Labour Standards) "
                              "Convention, 1976 (No. 144)")


def test_before_the_verification_there_is_no_data(shipped: Ratifications) -> None:
    before = matrix(shipped, VERIFIED - dt.timedelta(days=1))
    assert before.facts() == []
    after = matrix(shipped, VERIFIED)
    assert len(after.facts()) == 120
    assert after.without_data() == ["Timor-Leste"]
    assert after.countries == shipped.vocabulary.country_names
    assert after.countries[-2:] == ("Timor-Leste", "Viet Nam")  # ASEAN's alphabetical order
