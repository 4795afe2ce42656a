"""What `instruments` shows, in each format: the list of instruments, or one instrument with
its commitments and the projects linked to it, with their latest status."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asean_labour.instruments import (
    Commitment,
    Instrument,
    LinkedProject,
    Relation,
    Relevance,
    commitment_projects,
)
from asean_labour.involvement import Part, acting, labels
from asean_labour.model import Catalogue
from asean_labour.query import Filters
from asean_labour.render import Column, ListFormat, Listing

if TYPE_CHECKING:
    from asean_labour.standing import Standing

Out = Callable[[str], None]

INSTRUMENT_FIELDS: tuple[str, ...] = (
    "id", "kind", "title", "short_title", "adopted_by", "occasion", "place", "date",
    "date_as_printed", "commitments", "linked_projects", "matching_projects",
    "naming_commitments", "source", "note", "file",
)
COMMITMENT_FIELDS: tuple[str, ...] = (
    "instrument", "number", "section", "text", "note", "projects",
)
#: The linked projects' sheet of one instrument's workbook.
LINKED_FIELDS: tuple[str, ...] = ("id", "title", "link", "coordinators", "cycle", "status")


def instrument_record(instrument: Instrument, relevance: Relevance | None = None,
                      linked: int = 0) -> dict[str, Any]:
    """An instrument's fields, in the documented order (docs/output.md)."""
    record: dict[str, Any] = {
        "id": instrument.id, "kind": str(instrument.kind), "title": instrument.title,
        "short_title": instrument.short_title, "adopted_by": instrument.adopted_by,
        "occasion": instrument.occasion, "place": instrument.place,
        "date": instrument.date.isoformat(), "date_as_printed": instrument.date_as_printed,
        "commitments": len(instrument.commitments), "linked_projects": linked,
        "matching_projects": [r.project.id for r in relevance.projects] if relevance else [],
        "naming_commitments": [c.number for c in relevance.naming] if relevance else [],
        "source": instrument.source, "note": instrument.note,
        "file": instrument.path.name,
    }
    return record


# --- the list ----------------------------------------------------------------------------------

def emit_instruments(relevant: Sequence[Relevance], linked: dict[str, int], total: int,
                     filtered: bool, fmt: ListFormat, out: Out) -> None:
    """The instruments (those the filters concern, when `filtered`)."""
    from asean_labour import views

    records = [instrument_record(r.instrument, r, linked[r.instrument.id]) for r in relevant]
    if fmt is ListFormat.JSON:
        _json("instruments", out, count=len(records), total=total, instruments=records)
        return
    if fmt is ListFormat.CSV:
        _csv(records, INSTRUMENT_FIELDS, out)
        return
    if fmt is ListFormat.XLSX:
        from asean_labour.render import xlsx_out

        views.emit_workbook([xlsx_out.sheet("Instruments", records, INSTRUMENT_FIELDS,
                                            dates=("date",))], out, "ASEAN instruments")
        return
    columns = [Column("ID", no_wrap=True), Column("Adopted", ratio=1, min_width=11),
               Column("Title", ratio=4, min_width=16),
               Column("Items", justify="right"),
               Column("Matching" if filtered else "Projects", justify="right")]
    rows = []
    naming = []
    for relevance in relevant:
        instrument = relevance.instrument
        count = len(relevance.projects) if filtered else linked[instrument.id]
        rows.append((instrument.id, f"{instrument.date.isoformat()}\n{instrument.place}",
                     instrument.name, str(len(instrument.commitments)), str(count)))
        if relevance.naming:
            numbers = [str(c.number) for c in relevance.naming]
            noun = "item" if len(numbers) == 1 else "items"
            naming.append(f"{instrument.id}: {noun} {', '.join(numbers)} "
                          f"name{'s' if len(numbers) == 1 else ''} the partner.")
    if not relevant:
        footer = ("No instrument concerns this selection." if filtered else
                  "No instruments: add them to the plans folder's instruments/ "
                  "(see docs/instruments.md).")
    else:
        noun = "instrument" if len(relevant) == 1 else "instruments"
        footer = f"{len(relevant)} {noun}" + (f" (of {total})" if len(relevant) != total
                                               else "")
        if filtered:
            footer += "; Matching: the linked projects that match the filters"
        footer += "; `asean-labour instruments ID` shows one."
        footer = "\n".join([footer, *naming])
    views.emit_listing(Listing(None, tuple(columns), tuple(rows), footer), fmt, out)


# --- one instrument ----------------------------------------------------------------------------

def detail_fields(instrument: Instrument) -> list[tuple[str, str]]:
    from asean_labour.ratification_views import long_date

    links = []
    for link in instrument.links:
        targets = ", ".join([*link.projects, *(f"every project of {p}" for p in link.plans)])
        if link.relation is Relation.ADOPTED_AT:
            what = f"the {instrument.noun} was adopted there"
        elif link.commitments:
            noun = "item" if len(link.commitments) == 1 else "items"
            what = f"implements {noun} {', '.join(map(str, link.commitments))}"
        else:
            what = f"implements the {instrument.noun}"
        links.append(f"- {targets}: {what}. Basis: {link.basis}")
    return [
        ("Kind", instrument.noun),
        ("Adopted by", instrument.adopted_by or ""),
        ("On the occasion of", instrument.occasion or ""),
        ("Place", instrument.place),
        ("Date", long_date(instrument.date)),
        ("As printed", instrument.date_as_printed or ""),
        ("Operative clause", instrument.operative_clause or ""),
        ("Tasks", instrument.tasked or ""),
        ("Links", "\n".join(links) or "none: the plans do not name this instrument"),
        ("Source", instrument.source or ""),
        ("Note", instrument.note or ""),
    ]


def _commitment_projects(rows: Sequence[LinkedProject], number: int) -> list[str]:
    return [p.id for p in commitment_projects(rows, number)]


def commitments_listing(instrument: Instrument, rows: Sequence[LinkedProject]) -> Listing:
    """The commitments as printed, under their section headings (bold rows after a blank
    line); the Projects column only when some commitment has linked projects."""
    linked = any(r.commitments for r in rows)
    table: list[tuple[str, ...]] = []
    styles: list[str | None] = []
    section: str | None = None
    for commitment in instrument.commitments:
        if commitment.section and commitment.section != section:
            heading = instrument.section(commitment.section)
            words = ("\n" if table else "") + commitment.section + (
                f"\n{heading.lead_in}" if heading and heading.lead_in else "")
            table.append(("", words, "") if linked else ("", words))
            styles.append("bold")
        section = commitment.section
        words = commitment.text + (f"\n(Note: {commitment.note})" if commitment.note else "")
        row: tuple[str, ...] = (str(commitment.number), words)
        if linked:
            row += (", ".join(_commitment_projects(rows, commitment.number)),)
        table.append(row)
        styles.append(None)
    columns: tuple[Column, ...] = (Column("No.", justify="right"),
                                   Column("Text", ratio=6, min_width=30))
    if linked:
        columns += (Column("Projects", ratio=1, min_width=8),)
    return Listing("Commitments, numbered as printed", columns, tuple(table), None,
                   tuple(styles))


def status_text(found: Standing | None) -> str:
    """The project's standing in words, as `list` and `show` print it (`ongoing`, `no report
    received (last: ongoing, 2017)`)."""
    return found.words() if found is not None else "no report received"


def projects_listing(instrument: Instrument, rows: Sequence[LinkedProject], total: int,
                     status: dict[str, Standing], cycle: int) -> Listing:
    table = tuple(
        (r.project.id, r.project.title or "(item missing from the source)",
         r.describe(instrument.noun), ", ".join(labels(acting(r.project, Part.COORDINATOR))),
         status_text(status.get(r.project.id)))
        for r in rows)
    if not total:
        footer = "No project is linked: the plans do not name this instrument."
    else:
        noun = "project" if len(rows) == 1 else "projects"
        footer = f"{len(rows)} linked {noun}" + (f" (of {total}; filtered)"
                                                  if len(rows) != total else "")
        if any(t.via_plan for r in rows for t in r.ties):
            footer += "; (plan): linked through its whole plan (see Links above)"
    return Listing(f"Linked projects, status as of cycle {cycle}",
                   (Column("ID", no_wrap=True), Column("Title", ratio=4, min_width=16),
                    Column("Link", ratio=2, min_width=10),
                    Column("Coordinators", ratio=1, min_width=10, drop=1),
                    Column(f"Status {cycle}", min_width=9)),
                   table, footer)


def commitment_record(instrument: Instrument, commitment: Commitment,
                      rows: Sequence[LinkedProject]) -> dict[str, Any]:
    return {"instrument": instrument.id, "number": commitment.number,
            "section": commitment.section, "text": commitment.text, "note": commitment.note,
            "projects": _commitment_projects(rows, commitment.number)}


def emit_instrument(instrument: Instrument, catalogue: Catalogue, rows: Sequence[LinkedProject],
                    total: int, status: dict[str, Standing], cycle: int, fmt: ListFormat,
                    out: Out) -> None:
    """One instrument: its facts, its commitments, and its linked projects with status."""
    from asean_labour import views

    if fmt is ListFormat.CSV:
        _csv([commitment_record(instrument, c, rows) for c in instrument.commitments],
             COMMITMENT_FIELDS, out)
        return
    if fmt is ListFormat.XLSX:
        from asean_labour.render import xlsx_out

        linked = [{"id": r.project.id, "title": r.project.title,
                   "link": r.describe(instrument.noun),
                   "coordinators": list(labels(acting(r.project, Part.COORDINATOR))),
                   "cycle": cycle, "status": status_text(status.get(r.project.id))}
                  for r in rows]
        views.emit_workbook(
            [xlsx_out.sheet("Commitments", [commitment_record(instrument, c, rows)
                                            for c in instrument.commitments],
                            COMMITMENT_FIELDS),
             xlsx_out.sheet("Linked projects", linked, LINKED_FIELDS)],
            out, instrument.title)
        return
    if fmt is ListFormat.JSON:
        from asean_labour.records import project_record

        record = instrument_record(instrument, None, total)
        del record["matching_projects"], record["naming_commitments"]
        record |= {
            "operative_clause": instrument.operative_clause, "tasked": instrument.tasked,
            "sections": [{"title": s.title, "lead_in": s.lead_in} for s in instrument.sections],
            "commitments": [commitment_record(instrument, c, rows)
                            for c in instrument.commitments],
            "links": [{"relation": str(link.relation), "projects": list(link.projects),
                       "plans": list(link.plans), "commitments": list(link.commitments),
                       "basis": link.basis} for link in instrument.links],
        }
        linked = [project_record(catalogue, r.project) | {
            "link": [{"relation": str(t.relation), "commitments": list(t.commitments),
                      "via_plan": t.via_plan, "basis": t.basis} for t in r.ties],
            "progress": views.progress_record(status.get(r.project.id)),
        } for r in rows]
        _json("instrument", out, cycle=cycle, instrument=record, linked_projects=linked)
        return
    fields = detail_fields(instrument)
    commitments = commitments_listing(instrument, rows)
    projects = projects_listing(instrument, rows, total, status, cycle)
    if fmt is ListFormat.MARKDOWN:
        out(_markdown(instrument, fields, rows))
        views.emit_listing(projects, fmt, out)
        return
    views.print_fields(f"{instrument.id}  {instrument.title}", fields)
    for listing in (commitments, projects):
        out("\n")
        views.print_listing(listing)


def _markdown(instrument: Instrument, fields: list[tuple[str, str]],
              rows: Sequence[LinkedProject]) -> str:
    from asean_labour.text_safety import markdown_escape as esc

    lines = [f"# {esc(instrument.title)}", ""]
    lines += [f"- **{esc(k)}:** {esc(v)}" for k, v in fields
              if v and k not in ("Links", "Operative clause")]
    links = [f"- {esc(line.removeprefix('- '))}" for line in dict(fields)["Links"].split("\n")]
    lines += ["", "## Links to the plans", "", *links, "", "## Commitments", ""]
    if instrument.operative_clause:
        lines += [esc(instrument.operative_clause), ""]
    section: str | None = None
    for commitment in instrument.commitments:
        if commitment.section and commitment.section != section:
            lines += [""] if lines[-1] else []
            lines += [f"### {esc(commitment.section)}", ""]
            heading = instrument.section(commitment.section)
            if heading and heading.lead_in:
                lines += [esc(heading.lead_in), ""]
        section = commitment.section
        line = f"{commitment.number}. {esc(commitment.text)}"
        projects = _commitment_projects(rows, commitment.number)
        if projects:
            line += f" (linked: {esc(', '.join(projects))})"
        if commitment.note:
            line += f" (Note: {esc(commitment.note)})"
        lines.append(line)
    return "\n".join(lines) + "\n\n"


def _json(kind: str, out: Out, **payload: Any) -> None:
    from asean_labour.render import json_out

    out(json_out.dumps(json_out.envelope(kind, **payload)))


def _csv(records: list[dict[str, Any]], fields: Sequence[str], out: Out) -> None:
    from asean_labour.render import csv_out

    out(csv_out.dumps(records, fields))


# --- the command -------------------------------------------------------------------------------

def run(folder: Path, catalogue: Catalogue, filters: Filters, wanted: str | None,
        cycle: int | None, fmt: ListFormat, out: Out) -> None:
    """`instruments`: the list (those the filters concern), or one instrument."""
    from asean_labour.instruments import (
        find_instrument,
        latest_status,
        linked_projects,
        load_instruments,
        relevant_instruments,
    )
    from asean_labour.query import resolve

    selection = resolve(filters, catalogue)
    instruments = load_instruments(folder, catalogue)
    if wanted is None:
        relevant = relevant_instruments(instruments, catalogue, selection)
        linked = {i.id: len(linked_projects(i, catalogue)) for i in instruments}
        emit_instruments(relevant, linked, len(instruments), not filters.is_empty(), fmt, out)
        return
    from asean_labour import cycles, views
    from asean_labour.progress import ProgressStore

    instrument = find_instrument(instruments, wanted)
    history = ProgressStore(folder).history(catalogue)
    choice = cycles.choose(catalogue, history, cycle)
    year = choice.year
    views.announce_cycle({"--cycle": choice}, fmt is not ListFormat.TABLE)
    rows = linked_projects(instrument, catalogue)
    shown = [r for r in rows if selection.matches(r.project, catalogue)]
    status = latest_status(history, [r.project for r in rows], year) if rows else {}
    emit_instrument(instrument, catalogue, shown, len(rows), status, year, fmt, out)
