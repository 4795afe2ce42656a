"""The data behind each monitoring document as JSON: the versioned envelope of json_out, keys in
a fixed, documented order (docs/reports.md), every category present even when zero."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from asean_labour.render import json_out
from asean_labour.report import (
    ChangeRow,
    Changes,
    Header,
    InstrumentFacts,
    ProjectRow,
    RatificationFacts,
    Report,
    Review,
    ReviewArea,
    Scorecard,
    Shift,
    Tally,
    Timeline,
)

if TYPE_CHECKING:
    from asean_labour.render.report_layout import View


def dumps(result: Report | Changes | Scorecard | Review | Timeline,
          view: View | None = None) -> str:
    """The document's data; `--brief` gives the brief's (kind "brief")."""
    from asean_labour.render.report_layout import View

    if isinstance(result, Report) and view is View.BRIEF:
        kind, payload = "brief", brief_payload(result)
    elif isinstance(result, Report):
        kind, payload = "report", report_payload(result)
    elif isinstance(result, Changes):
        kind, payload = "changes", changes_payload(result)
    elif isinstance(result, Scorecard):
        kind, payload = "scorecard", scorecard_payload(result)
    elif isinstance(result, Review):
        kind, payload = "review", review_payload(result)
    else:
        kind, payload = "timeline", timeline_payload(result)
    return json_out.dumps(json_out.envelope(kind, **payload))


def header_record(header: Header) -> dict[str, Any]:
    return {
        "title": header.title,
        "generated_on": header.generated_on.isoformat() if header.generated_on else None,
        "programmes": list(header.programmes),
        "selection": list(header.selection),
        "projects": header.projects,
        "total": header.total,
        "notes": list(header.notes),
        "meeting": header.meeting,
        "prepared_by": header.prepared_by,
    }


def tally_record(tally: Tally) -> dict[str, Any]:
    return {
        "key": tally.key,
        "label": tally.label,
        "projects": tally.total,
        "counts": {str(key): n for key, n in tally.counts},
        "completed_share": round(tally.share_completed, 4),
    }


def project_row_record(row: ProjectRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "body": str(row.body),
        "kra": row.kra,
        "thematic_area": row.thematic_area,
        "coordinators": list(row.coordinators),
        "collaborators": list(row.collaborators),
        "timeline": row.timeline,
        "years": list(row.years),
        "state": str(row.state),
        "status": str(row.status) if row.status else None,
        "iati_status": row.status.iati_code if row.status else None,
        "status_cycle": row.status_cycle,
        "part_completed": row.part,
        "note": row.note,
        "outputs": [str(o) for o in row.outputs],
        "evidence": list(row.evidence),
        "reported_by": row.reported_by,
        "date": row.date.isoformat() if row.date else None,
        "coordinator_labels": list(row.coordinator_labels),
    }


def _rows(rows: tuple[ProjectRow, ...]) -> list[dict[str, Any]]:
    return [project_row_record(r) for r in rows]


def attention_record(report: Report) -> dict[str, list[str]]:
    points = report.attention
    return {"delayed": [r.id for r in points.delayed],
            "postponed": [r.id for r in points.postponed],
            "no_report_two_cycles": [r.id for r in points.silent]}


def brief_payload(report: Report) -> dict[str, Any]:
    """The brief for Ministers: its figures, and its five lines as written."""
    from asean_labour.render.report_layout import brief_points, brief_title

    return {
        **header_record(report.header),
        "title": brief_title(report),
        "cycle": report.cycle,
        "reported": report.reported,
        "completed_in_cycle": len(report.completed),
        "past_timeline": len(report.past_timeline),
        "summary": {"total": tally_record(report.total),
                    "by_body": [tally_record(t) for t in report.by_body]},
        "attention": attention_record(report),
        "points": list(brief_points(report)),
    }


def report_payload(report: Report) -> dict[str, Any]:
    done = report.completeness
    return {
        **header_record(report.header),
        "cycle": report.cycle,
        "reported": report.reported,
        "summary": {
            "total": tally_record(report.total),
            "by_body": [tally_record(t) for t in report.by_body],
            "by_kra": [tally_record(t) for t in report.by_group],
        },
        "completed_in_cycle": _rows(report.completed),
        "due": _rows(report.due),
        "no_report": _rows(report.no_report),
        "past_timeline": _rows(report.past_timeline),
        "carried_over": _rows(report.carried_over),
        "bodies": [
            {
                "body": str(body.body),
                "plans": list(body.plans),
                "summary": tally_record(body.tally),
                "reported": body.reported,
                "groups": [
                    {
                        "key": group.group.key,
                        "label": group.group.label,
                        "kra": group.group.kra,
                        "programme": group.group.programme,
                        "thematic_areas": [
                            {"number": area.number, "title": area.title,
                             "projects": _rows(area.rows)}
                            for area in group.areas],
                    }
                    for group in body.groups],
            }
            for body in report.bodies],
        "completeness": {
            "no_update": [r.id for r in done.no_update],
            "missing_coordinator": [r.id for r in done.missing_coordinator],
            "missing_timeline": [r.id for r in done.missing_timeline],
            "placeholders": [r.id for r in done.placeholders],
        },
        "attention": attention_record(report),
        "returns": [answer.record() for answer in report.returns],
        "ratifications": ratifications_record(report.ratifications),
        "instruments": instruments_record(report.instruments),
    }


def ratifications_record(facts: RatificationFacts | None) -> dict[str, Any] | None:
    """A one-pager's ILO ratifications (null elsewhere): each fact as `ratifications`
    gives it (docs/instruments.md), as of the date the document says."""
    from asean_labour.ratification_views import fact_record

    if facts is None:
        return None

    def fact(one: Any, code: str) -> dict[str, Any]:
        record = fact_record(one, code, [])
        del record["history"]  # the one-pager gives the latest fact
        return record

    return {
        "as_of": facts.as_of.isoformat(),
        "as_of_basis": facts.basis,
        "every_member_state": facts.every_state,
        "conventions": [{"code": c.code, "title": c.title, "group": str(c.group)}
                        for c in facts.conventions],
        "member_states": [
            {"country": row.country,
             "member_since": row.member_since.isoformat() if row.member_since else None,
             "conventions": [fact(f, c.code)
                             for f, c in zip(row.facts, facts.conventions, strict=True)]}
            for row in facts.rows],
        "ratified_by": {c.code: n for c, n in zip(facts.conventions, facts.ratified_by,
                                                  strict=True)},
        "with_data": {c.code: n for c, n in zip(facts.conventions, facts.with_data,
                                                strict=True)},
        "sources": [{"verified": r.verified.isoformat(), "title": r.title, "source": r.source,
                     "file": r.path.name} for r in facts.records],
    }


def instruments_record(found: InstrumentFacts | None) -> dict[str, Any] | None:
    """A one-pager's ASEAN instruments (null elsewhere)."""
    if found is None:
        return None
    return {
        "loaded": found.loaded,
        "partner": found.partner,
        "items": [
            {"id": i.id, "title": i.title, "short_title": i.name, "kind": i.noun.lower(),
             "date": i.date.isoformat(),
             "place": i.place, "commitments": i.commitments, "linked_projects": i.linked,
             "projects": [{"id": pid, "link": how} for pid, how in i.projects],
             "naming_commitments": list(i.naming)}
            for i in found.items],
    }


def _change_record(row: ChangeRow) -> dict[str, Any]:
    return {
        "id": row.project.id,
        "shift": str(row.shift),
        "before": str(row.before) if row.before else None,
        "before_cycle": row.before_cycle,
        "after": str(row.after) if row.after else None,
        "after_cycle": row.after_cycle,
        "reason": row.reason or None,
        "project": project_row_record(row.project),
    }


def changes_payload(changes: Changes) -> dict[str, Any]:
    return {
        **header_record(changes.header),
        "from_cycle": changes.from_cycle,
        "to_cycle": changes.to_cycle,
        "counts": {str(shift): len(changes.of(shift)) for shift in Shift}
        | {"unchanged": changes.unchanged},
        "changes": [_change_record(r) for r in changes.rows],
    }


def scorecard_payload(scorecard: Scorecard) -> dict[str, Any]:
    rows = scorecard.rows
    return {
        **header_record(scorecard.header),
        "cycle": scorecard.cycle,
        "totals": {"projects": len(rows), "reported": sum(r.reported for r in rows),
                   "data": sum(r.data for r in rows), "laws": sum(r.laws for r in rows)},
        "delivered": tally_record(scorecard.tally),
        "bodies": [
            {
                "body": str(body.body),
                "projects": len(body.rows),
                "reported": body.reported,
                "data": list(body.data),
                "laws": list(body.laws),
                "delivered": tally_record(body.tally),
                "checklist": [
                    {"id": r.project.id, "title": r.project.title,
                     "status": str(r.project.status) if r.reported and r.project.status
                     else None,
                     "reported": r.reported, "data": r.data, "laws": r.laws,
                     "evidence": list(r.project.evidence) if r.reported else []}
                    for r in body.rows],
            }
            for body in scorecard.bodies],
    }


def _area_record(area: ReviewArea) -> dict[str, Any]:
    return {"number": area.number, "title": area.title, "programme": area.programme,
            "group": area.group, "summary": tally_record(area.tally),
            "projects": list(area.projects)}


def review_payload(review: Review) -> dict[str, Any]:
    return {
        **header_record(review.header),
        "stage": review.stage,
        "from_cycle": review.from_cycle,
        "to_cycle": review.to_cycle,
        "summary": tally_record(review.total),
        "by_body": [tally_record(t) for t in review.by_body],
        "cycles": [{"cycle": c.cycle, "reports": c.reports, "summary": tally_record(c.tally)}
                   for c in review.cycles],
        "groups": [
            {"key": g.group.key, "label": g.group.label, "kra": g.group.kra,
             "programme": g.group.programme, "summary": tally_record(g.tally),
             "completed_by_cycle": {str(year): n for year, n in g.completed_by_cycle},
             "thematic_areas": [_area_record(a) for a in g.areas]}
            for g in review.groups],
        "undelivered": [_area_record(a) for a in review.undelivered],
        "never_started": [r.id for r in review.never_started],
        "cancelled": [r.id for r in review.cancelled],
        "no_report": [r.id for r in review.no_report],
    }


def timeline_payload(timeline: Timeline) -> dict[str, Any]:
    return {
        **header_record(timeline.header),
        "cycle": timeline.cycle,
        "years": list(timeline.years),
        "rows": [
            {"id": r.id, "title": r.title, "body": str(r.body), "timeline": r.timeline,
             "years": list(r.years), "status": str(r.status) if r.status else None,
             "status_cycle": r.status_cycle,
             "coordinators_by_year": {str(year): list(names) for year, names in r.coordinators},
             "coordinator_labels": list(r.coordinator_labels)}
            for r in timeline.rows],
    }
