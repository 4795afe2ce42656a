"""What `ratifications` shows, in each format: the Member States x conventions matrix as of a
date, one table per group of conventions (as the annexes print them), with the legend of the
conventions, the sources of the facts and the Member States without data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from asean_labour.ratifications import (
    Convention,
    ConventionGroup,
    Fact,
    Matrix,
    Ratifications,
    Record,
    Standing,
)
from asean_labour.render import Column, ListFormat, Listing

Out = Callable[[str], None]

NO_DATA = "-"
LEGEND = "Yes: ratified; No: not ratified; Denounced: ratified, then denounced; " \
         f"{NO_DATA}: no data."


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def long_date(day: dt.date) -> str:
    """`6 September 2016`, as the instruments and annexes print dates (whatever the
    locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def cell_text(fact: Fact | None) -> str:
    """`Yes`, `No`, `Denounced`, `-` (no data); the year when the fact dates the
    ratification (`Yes (2019)`); `*` when the fact has a note."""
    if fact is None:
        return NO_DATA
    words = fact.standing.label
    if fact.standing is Standing.DENOUNCED and fact.denounced_on:
        words += f" ({fact.denounced_on.year})"
    elif fact.ratified_on:
        words += f" ({fact.ratified_on.year})"
    return words + ("*" if fact.note else "")


def _sources(records: list[Record]) -> str:
    return "\n".join(f"Verified {long_date(r.verified)}: {r.source}." for r in records)


def group_listing(view: Matrix, group: ConventionGroup,
                  conventions: tuple[Convention, ...]) -> Listing:
    rows: list[tuple[str, ...]] = []
    styles: list[str | None] = []
    for country in view.countries:
        rows.append((country, *(cell_text(view.cell(country, c.code)) for c in conventions)))
        styles.append(None)
    if len(view.countries) > 1:
        rows.append(("Ratified by", *(str(view.count(Standing.RATIFIED, code=c.code))
                                      for c in conventions)))
        styles.append("bold")
    shown = [f for f in view.facts() if any(f.code == c.code for c in conventions)]
    records = sorted({f.record: None for f in shown}, key=lambda r: (r.verified, r.file))
    lines = [LEGEND]
    lines += [f"{c.code}: {c.title}" for c in conventions]
    lines += [f"* {f.country}, {f.code}: {f.note}" for f in shown if f.note]
    for country in view.countries:
        if all(view.cell(country, c.code) is None for c in conventions):
            # Its date of joining says why a state has no data: it joined after the facts
            # shown were verified (Timor-Leste, after the 2017 annexes).
            joined = view.joined.get(country)
            recent = joined is not None and any(joined > r.verified for r in records)
            since = f" (an ASEAN Member State since {long_date(joined)})" \
                if recent and joined else ""
            lines.append(f"{country}: no data{since}.")
    if records:
        lines.append(_sources(records))
    else:
        lines.append(f"No fact verified on or before {long_date(view.as_of)}.")
    title = f"Ratification of ILO {group.value} conventions, as of {view.as_of.isoformat()}"
    columns = (Column("Member State", no_wrap=True),
               *(Column(c.code, no_wrap=True) for c in conventions))
    return Listing(title, columns, tuple(rows), "\n".join(lines), tuple(styles))


def fact_record(fact: Fact | None, code: str, history: list[Fact]) -> dict[str, Any]:
    if fact is None:
        return {"convention": code, "standing": None, "ratified_on": None,
                "denounced_on": None, "verified": None, "source": None, "note": None,
                "file": None, "history": []}
    return {
        "convention": code, "standing": str(fact.standing),
        "ratified_on": fact.ratified_on.isoformat() if fact.ratified_on else None,
        "denounced_on": fact.denounced_on.isoformat() if fact.denounced_on else None,
        "verified": fact.verified.isoformat(), "source": fact.record.source,
        "note": fact.note, "file": fact.record.path.name,
        "history": [{"standing": str(f.standing), "verified": f.verified.isoformat(),
                     "file": f.record.path.name} for f in history],
    }


def emit_ratifications(ratifications: Ratifications, view: Matrix, fmt: ListFormat,
                       out: Out) -> None:
    from asean_labour import views

    if fmt is ListFormat.JSON:
        _json(ratifications, view, out)
        return
    if fmt in (ListFormat.CSV, ListFormat.XLSX):
        from asean_labour.render import csv_out

        fields = ["member_state", *(c.code for c in view.conventions)]
        records = [{"member_state": country} | {
            c.code: str(fact.standing) if (fact := view.cell(country, c.code)) else ""
            for c in view.conventions} for country in view.countries]
        if fmt is ListFormat.CSV:
            out(csv_out.dumps(records, fields))
            return
        from asean_labour.render import xlsx_out

        views.emit_workbook([xlsx_out.sheet("Ratifications", records, fields)], out,
                            f"Ratification of ILO conventions, as of {view.as_of.isoformat()}")
        return
    if not view.conventions:
        out("No ratification records: add them to the plans folder's ratifications/ "
            "(see docs/instruments.md).\n")
        return
    for index, (group, conventions) in enumerate(view.groups()):
        if index:
            out("\n")
        listing = group_listing(view, group, conventions)
        if fmt is ListFormat.MARKDOWN:
            # The legend and sources as a list under the table, one item a line.
            from asean_labour.text_safety import markdown_escape

            views.emit_listing(replace(listing, footer=None), fmt, out)
            out("\n" + "".join(f"- {markdown_escape(line)}\n"
                               for line in (listing.footer or "").split("\n")))
        else:
            views.emit_listing(listing, fmt, out)


def _json(ratifications: Ratifications, view: Matrix, out: Out) -> None:
    from asean_labour.render import json_out

    states = []
    for country in view.countries:
        joined = view.joined.get(country)
        states.append({
            "country": country,
            "member_since": joined.isoformat() if joined else None,
            "ratified": {g.value: view.count(Standing.RATIFIED, country=country, group=g)
                         for g, _ in view.groups()},
            "conventions": [fact_record(view.cell(country, c.code), c.code,
                                        ratifications.history(country, c.code, view.as_of))
                            for c in view.conventions],
        })
    document = json_out.envelope(
        "ratifications", as_of=view.as_of.isoformat(),
        conventions=[{"code": c.code, "number": c.number, "title": c.title,
                      "group": str(c.group)} for c in view.conventions],
        member_states=states,
        records=[{"verified": r.verified.isoformat(), "title": r.title, "source": r.source,
                  "note": r.note, "file": r.path.name} for r in view.records()],
    )
    out(json_out.dumps(document))


def run(folder: Path, conventions: Sequence[str], countries: Sequence[str],
        as_of: str | None, fmt: ListFormat, out: Out) -> None:
    """`ratifications`: the matrix as of a date, for the chosen states and conventions."""
    from asean_labour.ratifications import (
        load_ratifications,
        matrix,
        parse_date,
        resolve_conventions,
        resolve_countries,
    )

    day = parse_date(as_of, "--as-of") if as_of is not None else dt.date.today()
    ratifications = load_ratifications(folder)
    rows = resolve_countries(countries, ratifications.vocabulary)
    codes = resolve_conventions(conventions, ratifications)
    emit_ratifications(ratifications, matrix(ratifications, day, rows, codes), fmt, out)
