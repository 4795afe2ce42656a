"""The data of each monitoring document as an Excel workbook (`--format xlsx`, `-o FILE.xlsx`):
the tables a secretariat officer sorts and filters, typed (render/xlsx_out.py), the columns
named as in the JSON (docs/reports.md), and a last sheet, "About", with what the document
says about itself (title, meeting, selection, date).

| document | sheets |
|---|---|
| report | Projects, By body, By KRA, Returns, About |
| report --changes | Changes, About |
| scorecard | Scorecard, About |
| review | By cycle, By area, To note, About |
| timeline | Timeline, About |
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from asean_labour.render.xlsx_out import Sheet, pairs_sheet, sheet
from asean_labour.render.xlsx_out import render as render_sheets
from asean_labour.report import (
    OUTCOMES,
    STATES,
    Changes,
    Header,
    ProjectRow,
    Report,
    Review,
    Scorecard,
    Tally,
    Timeline,
)

SHARE = "0%"
PROJECT_FIELDS = ("body", "id", "kra", "group", "thematic_area", "thematic_area_title", "title",
                  "coordinators", "timeline", "years", "state", "standing", "status",
                  "status_cycle", "part_completed", "date", "reported_by", "note", "outputs",
                  "evidence", "attention")
#: A sign in the timeline's year cells for a project that runs that year with no coordinator
#: named for it.
RUNS = "✓"


def render(result: Report | Changes | Scorecard | Review | Timeline) -> bytes:
    """The workbook of a monitoring document."""
    if isinstance(result, Report):
        sheets = report_sheets(result)
    elif isinstance(result, Changes):
        sheets = [changes_sheet(result)]
    elif isinstance(result, Scorecard):
        sheets = [scorecard_sheet(result)]
    elif isinstance(result, Review):
        sheets = review_sheets(result)
    else:
        sheets = [timeline_sheet(result)]
    extra = _extra(result)
    sheets.append(about_sheet(result.header, extra))
    return render_sheets(sheets, result.header.title, result.header.generated_on)


def _extra(result: Report | Changes | Scorecard | Review | Timeline) -> list[tuple[str, Any]]:
    if isinstance(result, Report | Scorecard):
        return [("cycle", result.cycle)]
    if isinstance(result, Changes):
        return [("from_cycle", result.from_cycle), ("to_cycle", result.to_cycle),
                ("unchanged", result.unchanged)]
    if isinstance(result, Review):
        return [("stage", result.stage), ("from_cycle", result.from_cycle),
                ("to_cycle", result.to_cycle)]
    return [("cycle", result.cycle)]


def about_sheet(header: Header, extra: Sequence[tuple[str, Any]] = ()) -> Sheet:
    """What the document says about itself, one field a row."""
    return pairs_sheet("About", [
        ("title", header.title), ("meeting", header.meeting),
        ("programmes", list(header.programmes)), ("selection", list(header.selection)),
        ("projects", header.projects), ("total", header.total), *extra,
        ("notes", list(header.notes)), ("prepared_by", header.prepared_by),
        ("generated_on", header.generated_on),
    ])


def _tally_row(tally: Tally, categories: Sequence[str]) -> list[Any]:
    return [tally.total, *(tally.count(c) for c in categories), tally.share_completed]


def _tally_sheet(title: str, label: str, tallies: Sequence[Tally], total: Tally | None,
                 categories: Sequence[str], reported: Sequence[int] | None = None) -> Sheet:
    """Counts by category, a row per body (or KRA, area, cycle), the totals in a last row."""
    first = (label, "projects", *(("reported",) if reported is not None else ()))
    rows = [[t.label, *_tally_row(t, categories)[:1],
             *((reported[i],) if reported is not None else ()),
             *_tally_row(t, categories)[1:]] for i, t in enumerate(tallies)]
    totals = None
    if total is not None:
        totals = ["total", total.total, *((sum(reported),) if reported is not None else ()),
                  *_tally_row(total, categories)[1:]]
    return Sheet(title, (*first, *categories, "completed_share"), rows, totals=totals,
                 formats={"completed_share": SHARE})


# --- the progress report -----------------------------------------------------------------------

def report_sheets(report: Report) -> list[Sheet]:
    from asean_labour.render.report_layout import status_text
    from asean_labour.views import returns_sheet

    cycle = report.cycle
    points = report.attention
    attention = {r.id: "delayed" for r in points.delayed} | \
        {r.id: "postponed" for r in points.postponed} | \
        {r.id: "no report two cycles running" for r in points.silent}
    records = []
    for body in report.bodies:
        for group in body.groups:
            for area in group.areas:
                for row in area.rows:
                    records.append(_project_record(row, cycle) | {
                        "group": group.group.label, "thematic_area_title": area.title,
                        "standing": status_text(row, cycle),
                        "attention": attention.get(row.id)})
    return [
        sheet("Projects", records, PROJECT_FIELDS),
        _tally_sheet("By body", "body", report.by_body, report.total, STATES,
                     [b.reported for b in report.bodies]),
        _tally_sheet("By KRA", "key_result_area", report.by_group, report.total, STATES),
        returns_sheet(report.returns),
    ]


def _project_record(row: ProjectRow, cycle: int) -> dict[str, Any]:
    return {
        "body": str(row.body), "id": row.id, "kra": row.kra, "thematic_area": row.thematic_area,
        "title": row.title, "coordinators": list(row.coordinator_labels),
        "timeline": row.timeline, "years": list(row.years), "state": str(row.state),
        "status": str(row.status) if row.status else None, "status_cycle": row.status_cycle,
        "part_completed": row.part, "date": row.date, "reported_by": row.reported_by,
        "note": row.note, "outputs": [str(o) for o in row.outputs],
        "evidence": list(row.evidence),
    }


# --- what changed, the scorecard, the review, the timeline --------------------------------------

def changes_sheet(changes: Changes) -> Sheet:
    records = [{"shift": str(r.shift), "id": r.project.id, "body": str(r.project.body),
                "title": r.project.title,
                "before": str(r.before) if r.before else None, "before_cycle": r.before_cycle,
                "after": str(r.after) if r.after else None, "after_cycle": r.after_cycle,
                "reason": r.reason or None}
               for r in changes.rows]
    return sheet("Changes", records, ("shift", "id", "body", "title", "before", "before_cycle",
                                      "after", "after_cycle", "reason"))


def scorecard_sheet(scorecard: Scorecard) -> Sheet:
    rows = [[str(body.body), r.project.id, r.project.title, r.reported,
             str(r.project.status) if r.reported and r.project.status else None,
             r.data, r.laws, list(r.project.evidence) if r.reported else []]
            for body in scorecard.bodies for r in body.rows]
    every = scorecard.rows
    totals = ["total", len(every), None, sum(r.reported for r in every), None,
              sum(r.data for r in every), sum(r.laws for r in every), None]
    return Sheet("Scorecard", ("body", "id", "title", "reported", "status", "data", "laws",
                               "evidence"), rows, totals=totals)


def review_sheets(review: Review) -> list[Sheet]:
    by_cycle = _tally_sheet("By cycle", "cycle", [c.tally for c in review.cycles], None,
                            OUTCOMES, [c.reports for c in review.cycles])
    cycles = Sheet(by_cycle.title, by_cycle.fields,
                   [[int(row[0]), *row[1:]] for row in by_cycle.rows],
                   formats=by_cycle.formats)
    area_rows = [[g.group.label, a.programme, a.number, a.title, *_tally_row(a.tally, OUTCOMES)]
                 for g in review.groups for a in g.areas]
    areas = Sheet("By area", ("group", "programme", "thematic_area", "title", "projects",
                              *OUTCOMES, "completed_share"), area_rows,
                  totals=["total", None, None, None, *_tally_row(review.total, OUTCOMES)],
                  formats={"completed_share": SHARE})
    noted = [[outcome, r.id, str(r.body), r.title]
             for outcome, rows in (("never-started", review.never_started),
                                   ("cancelled", review.cancelled),
                                   ("no-report", review.no_report))
             for r in rows]
    return [cycles, areas, Sheet("To note", ("outcome", "id", "body", "title"), noted)]


def timeline_sheet(timeline: Timeline) -> Sheet:
    """A row per project, a column per year: who coordinates it that year ("✓" when it runs
    that year and the plan names no coordinator for it)."""
    rows = []
    for r in timeline.rows:
        by_year = dict(r.coordinators)
        cells = ["; ".join(by_year.get(year, ())) or RUNS if year in r.years else None
                 for year in timeline.years]
        rows.append([r.id, str(r.body), r.title, r.timeline,
                     str(r.status) if r.status else None, r.status_cycle, *cells])
    return Sheet("Timeline", ("id", "body", "title", "timeline", "status", "status_cycle",
                              *(str(y) for y in timeline.years)), rows)
