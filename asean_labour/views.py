"""What each reading command shows, in each format: builds records or listings from the core
and hands them to one renderer. Only the table format imports Rich's table machinery."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asean_labour.errors import UsageError
from asean_labour.model import Catalogue, Project
from asean_labour.query import Filters, require_project, resolve, select
from asean_labour.records import (
    PLAN_FIELDS,
    PROJECT_FIELDS,
    event_line,
    plan_record,
    project_record,
    statistics,
)
from asean_labour.render import Column, ListFormat, Listing
from asean_labour.status import Status, parse_status

if TYPE_CHECKING:  # the progress store is imported only by the commands that read it
    from asean_labour.progress import Change, History, Reversal, Update

Out = Callable[[str], None]


def years_text(years: Sequence[int]) -> str:
    """`2016-2018, 2020` from [2016, 2017, 2018, 2020]."""
    if not years:
        return ""
    runs: list[list[int]] = [[years[0], years[0]]]
    for year in years[1:]:
        if year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _console() -> Any:
    from asean_labour.console import make_console

    return make_console()


def plain_output() -> bool:
    """Output that is not a terminal gets plain text, laid out without Rich's console (as
    Rich itself would print it: no colour, $COLUMNS or 80 wide), unless FORCE_COLOR asks
    for styles."""
    import os
    import sys

    return not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR")


def _print_listing(listing: Listing) -> None:
    if plain_output():
        from asean_labour.render.text_table import output_width, plain_listing

        _stdout(plain_listing(listing, output_width()))
        return
    from asean_labour.render.terminal import print_listing

    print_listing(_console(), listing)


def _stdout(text: str) -> None:
    import sys

    sys.stdout.write(text)


def _json(kind: str, out: Out, **payload: Any) -> None:
    from asean_labour.render import json_out

    out(json_out.dumps(json_out.envelope(kind, **payload)))


def _csv(records: list[dict[str, Any]], fields: Sequence[str], out: Out) -> None:
    from asean_labour.render import csv_out

    out(csv_out.dumps(records, fields))


def _markdown(listing: Listing, out: Out) -> None:
    from asean_labour.render import markdown

    out(markdown.table(listing))


def current_year() -> int:
    return dt.date.today().year


# --- list --------------------------------------------------------------------------------------

@dataclass
class ProjectList:
    catalogue: Catalogue
    projects: list[Project]
    total: int
    cycle: int | None = None
    status: dict[str, Update] | None = None


STATUS_NONE = "none"


def parse_statuses(values: Sequence[str]) -> set[Status | None]:
    wanted: set[Status | None] = set()
    for value in values:
        if value.strip().casefold() in (STATUS_NONE, "no-report", "no report"):
            wanted.add(None)
            continue
        status = parse_status(value)
        if status is None:
            from asean_labour.vocabulary import did_you_mean

            raise UsageError(f"unknown status {value!r}{did_you_mean(value, list(Status))}; "
                             f"expected one of: {', '.join(Status)}, {STATUS_NONE}")
        wanted.add(status)
    return wanted


def stale_projects(projects: Sequence[Project], history: History, cycle: int) -> list[Project]:
    """Due in the cycle (`template.due_projects`) with no update in it."""
    from asean_labour.template import due_projects

    in_cycle = history.latest(cycle)
    return [p for p in due_projects(projects, history, cycle) if p.id not in in_cycle]


def project_list(folder: Path, catalogue: Catalogue, filters: Filters, sort: str | None,
                 cycle: int | None, statuses: Sequence[str], stale: bool) -> ProjectList:
    selection = resolve(filters, catalogue)
    projects = select(catalogue, selection, sort)
    if cycle is None and (statuses or stale):
        cycle = current_year()
    if cycle is None:
        return ProjectList(catalogue, projects, len(catalogue.projects))
    from asean_labour.progress import check_cycle

    cycle = check_cycle(cycle)
    wanted = parse_statuses(statuses)
    from asean_labour.progress import ProgressStore

    history = ProgressStore(folder).history(catalogue)
    state = history.latest(cycle, as_of=True)
    if stale:
        projects = stale_projects(projects, history, cycle)
    if wanted:
        projects = [p for p in projects
                    if (state[p.id].status if p.id in state else None) in wanted]
    return ProjectList(catalogue, projects, len(catalogue.projects), cycle, state)


def progress_record(update: Update | None, cycle: int) -> dict[str, Any] | None:
    if update is None:
        return None
    return {
        "cycle": cycle, "status": str(update.status), "iati_status": update.status.iati_code,
        "reported_in_cycle": update.cycle, "date": update.date.isoformat(),
        "reported_by": update.reported_by, "note": update.note,
        "outputs": [str(o) for o in update.outputs], "evidence": list(update.evidence),
        "carried_to": update.carried_to, "change": update.change,
    }


PROGRESS_CSV_FIELDS = ("cycle", "status", "iati_status", "status_date", "status_note")


def emit_projects(view: ProjectList, fmt: ListFormat, out: Out) -> None:
    catalogue = view.catalogue
    if fmt is ListFormat.JSON:
        records = []
        for project in view.projects:
            record = project_record(catalogue, project)
            if view.cycle is not None and view.status is not None:
                record["progress"] = progress_record(view.status.get(project.id), view.cycle)
            records.append(record)
        payload: dict[str, Any] = {"count": len(records), "total": view.total}
        if view.cycle is not None:
            payload["cycle"] = view.cycle
        _json("projects", out, **payload, projects=records)
        return
    if fmt is ListFormat.CSV:
        fields = list(PROJECT_FIELDS)
        records = []
        for project in view.projects:
            record = project_record(catalogue, project)
            record["events"] = [event_line(e) for e in project.events]
            if view.cycle is not None and view.status is not None:
                update = view.status.get(project.id)
                record |= {"cycle": view.cycle,
                           "status": str(update.status) if update else "",
                           "iati_status": update.status.iati_code if update else "",
                           "status_date": update.date.isoformat() if update else "",
                           "status_note": update.note if update else ""}
            records.append(record)
        if view.cycle is not None:
            fields += PROGRESS_CSV_FIELDS
        _csv(records, fields, out)
        return
    listing = projects_listing(view)
    if fmt is ListFormat.MARKDOWN:
        _markdown(listing, out)
    else:
        _print_listing(listing)


def projects_listing(view: ProjectList) -> Listing:
    columns = [Column("ID", no_wrap=True), Column("Body", no_wrap=True, drop=2),
               Column("KRA", justify="right"), Column("Title", ratio=5, min_width=24),
               Column("Years", no_wrap=True), Column("Coordinators", ratio=2, min_width=12),
               Column("Collaborators", ratio=2, min_width=13, drop=1)]
    with_status = view.cycle is not None and view.status is not None
    if with_status:
        columns.append(Column(f"Status {view.cycle}", min_width=11))
    rows = []
    for p in view.projects:
        row = [p.id, str(p.body), str(p.kra or ""),
               p.title or "(item missing from the source)", years_text(p.all_years),
               ", ".join(p.all_coordinators), ", ".join(p.collaborators)]
        if with_status:
            assert view.status is not None
            update = view.status.get(p.id)
            row.append(_status_cell(update, view.cycle))
        rows.append(tuple(row))
    noun = "project" if len(view.projects) == 1 else "projects"
    footer = f"{len(view.projects)} {noun}" + (
        f" (of {view.total})" if len(view.projects) != view.total else "")
    return Listing(None, tuple(columns), tuple(rows), footer)


def _status_cell(update: Update | None, cycle: int | None) -> str:
    if update is None:
        return "no report"
    text = update.status.label
    if cycle is not None and update.cycle != cycle:
        text += f" ({update.cycle})"
    return text


# --- show --------------------------------------------------------------------------------------

def emit_project_detail(folder: Path, catalogue: Catalogue, project_id: str, fmt: ListFormat,
                        out: Out) -> None:
    from asean_labour.progress import ProgressStore

    project = require_project(catalogue, project_id)
    history = ProgressStore(folder).history(catalogue)
    entries = history.project_history(project.id)
    record = project_record(catalogue, project)
    kra = catalogue.key_result_area(project)
    record["kra_intermediate_targets"] = list(kra.intermediate_targets) if kra else []
    record["measure_texts"] = {code: catalogue.measure_text(project, code)
                               for code in catalogue.measures_of(project)}
    record["progress"] = [history_record(c, e, live) for c, e, live in entries]
    if fmt is ListFormat.JSON:
        _json("project", out, project=record)
        return
    if fmt is ListFormat.CSV:
        record["events"] = [event_line(e) for e in project.events]
        record["progress"] = [_history_line(c, e, live) for c, e, live in entries]
        record["kra_intermediate_targets"] = record["kra_intermediate_targets"]
        record["measure_texts"] = [f"{k}: {v}" for k, v in record["measure_texts"].items()]
        _csv([record], list(record), out)
        return
    fields = detail_fields(catalogue, project)
    history_listing = history_table(entries)
    if fmt is ListFormat.MARKDOWN:
        from asean_labour.text_safety import markdown_escape

        lines = [f"# {markdown_escape(project.id)}: {markdown_escape(project.title)}", ""]
        lines += [f"- **{markdown_escape(k)}:** {markdown_escape(v)}" for k, v in fields if v]
        out("\n".join(lines) + "\n\n")
        _markdown(history_listing, out)
        return
    title = f"{project.id}  {project.title or '(item missing from the source)'}"
    if plain_output():
        from asean_labour.render.text_table import output_width, plain_fields, plain_listing

        width = output_width()
        _stdout(plain_fields(title, fields, width) + "\n" + plain_listing(history_listing,
                                                                           width))
        return
    from asean_labour.render.terminal import print_fields, print_listing

    console = _console()
    print_fields(console, title, fields)
    console.print()
    print_listing(console, history_listing)


def detail_fields(catalogue: Catalogue, project: Project) -> list[tuple[str, str]]:
    plan = catalogue.plan_of(project)
    area = catalogue.thematic_area(project)
    kra = catalogue.key_result_area(project)
    measures = catalogue.measures_of(project)
    return [
        ("Plan", f"{plan.title} ({plan.id})"),
        ("Body", str(project.body)),
        ("Kind", str(project.kind) + (" (placeholder: missing from the source)"
                                      if project.placeholder else "")),
        ("Number", project.number or ""),
        ("Part of", project.parent or ""),
        ("KRA", f"{kra.number}. {kra.name}" if kra else ""),
        ("KRA targets by 2020" if plan.end == 2020 else "KRA targets",
         "\n".join(f"- {t}" for t in kra.intermediate_targets) if kra else ""),
        ("Thematic area", f"{area.number}. {area.title}" if area else
         str(project.thematic_area)),
        ("Strategic measures", "\n".join(
            f"{code}: {catalogue.measure_text(project, code) or ''}" for code in measures)),
        ("Timeline", project.timeline or ""),
        ("Years", years_text(project.all_years)),
        ("Dates", project.dates or ""),
        ("Venue", project.venue or ""),
        ("Coordinators", ", ".join(project.coordinators)),
        ("Coordinator note", project.coordinator_note or ""),
        ("Collaborators", ", ".join(project.collaborators)),
        ("Indicative budget", project.budget or "not given in the plan"),
        ("Carried over", "yes, from the previous work plan" if project.carried_over else ""),
        ("Events", "\n".join(event_line(e) for e in project.events)),
        ("Note", project.note or ""),
    ]


def history_record(change: Change, entry: Update | Reversal, live: bool) -> dict[str, Any]:
    from asean_labour.progress import Update

    base = {"change": change.id, "kind": change.kind, "cycle": change.cycle,
            "recorded_at": change.recorded_at.isoformat(), "recorded_by": change.recorded_by,
            "in_effect": live}
    if isinstance(entry, Update):
        return base | {"status": str(entry.status), "iati_status": entry.status.iati_code,
                       "date": entry.date.isoformat(), "reported_by": entry.reported_by,
                       "note": entry.note, "outputs": [str(o) for o in entry.outputs],
                       "evidence": list(entry.evidence), "carried_to": entry.carried_to}
    return base | {"reverses": change.reverses,
                   "before": str(entry.before) if entry.before else None,
                   "after": str(entry.after) if entry.after else None}


def _history_line(change: Change, entry: Update | Reversal, live: bool) -> str:
    from asean_labour.progress import Update

    if isinstance(entry, Update):
        text = f"{change.cycle} {entry.date.isoformat()} {entry.status} by {entry.reported_by}"
        if entry.note:
            text += f": {entry.note}"
    else:
        text = (f"{change.cycle} undo of {change.reverses} by {change.recorded_by}: "
                f"{_state(entry.before)} -> {_state(entry.after)}")
    return text + ("" if live else " [undone]")


def _state(status: Status | None) -> str:
    return status.label if status else "no report"


def history_table(entries: list[tuple[Change, Update | Reversal, bool]]) -> Listing:
    from asean_labour.progress import Update

    columns = (Column("Cycle"), Column("Date", no_wrap=True),
               Column("Status", ratio=2, min_width=12), Column("Reported by", ratio=1,
                                                                 min_width=8),
               Column("Recorded (UTC)", no_wrap=True, drop=1),
               Column("Note", ratio=4, min_width=12))
    rows = []
    for change, entry, live in entries:
        recorded = change.recorded_at.strftime("%Y-%m-%d %H:%M")
        if isinstance(entry, Update):
            status = entry.status.label + ("" if live else " (undone)")
            note = entry.note or ""
            if entry.outputs:
                note += ("\n" if note else "") + "Outputs: " + ", ".join(
                    o.label for o in entry.outputs)
            if entry.evidence:
                note += ("\n" if note else "") + "Evidence: " + "; ".join(entry.evidence)
            rows.append((str(change.cycle), entry.date.isoformat(), status,
                         entry.reported_by, recorded, note))
        else:
            rows.append((str(change.cycle), change.recorded_at.date().isoformat(),
                         f"undo: {_state(entry.before)} -> {_state(entry.after)}",
                         change.recorded_by, recorded,
                         f"reverses change {change.reverses}"))
    footer = "No progress recorded yet." if not rows else None
    return Listing("Progress history", columns, tuple(rows), footer)


# --- plans, stats ------------------------------------------------------------------------------

def emit_plans(catalogue: Catalogue, fmt: ListFormat, out: Out) -> None:
    records = [plan_record(catalogue, plan) for plan in catalogue.plans]
    if fmt is ListFormat.JSON:
        _json("plans", out, count=len(records), plans=records)
        return
    if fmt is ListFormat.CSV:
        _csv(records, PLAN_FIELDS, out)
        return
    listing = Listing(
        None,
        (Column("Plan", no_wrap=True), Column("Title", ratio=4, min_width=20),
         Column("Body", no_wrap=True, drop=1), Column("Period", no_wrap=True),
         Column("Projects", justify="right"), Column("Areas", justify="right")),
        tuple((r["id"], r["title"], r["body"], r["period"], str(r["projects"]),
               str(r["thematic_areas"])) for r in records),
        f"{len(records)} plans, {sum(r['projects'] for r in records)} projects",
    )
    if fmt is ListFormat.MARKDOWN:
        _markdown(listing, out)
    else:
        _print_listing(listing)


def plan_detail_record(catalogue: Catalogue, plan: Any) -> dict[str, Any]:
    """Everything a plan file says besides its projects."""
    record = plan_record(catalogue, plan) | {
        "source": plan.source, "note": plan.note, "monitoring": list(plan.monitoring),
        "resource_mobilisation": list(plan.resource_mobilisation),
    }
    content = plan.content
    if content is not None:
        record["programme_content"] = {
            "ascc_vision": content.ascc_vision,
            "ascc_objectives": list(content.ascc_objectives),
            "overall_objective": content.overall_objective,
            "key_result_areas": [{"number": k.number, "name": k.name,
                                  "intermediate_targets": list(k.intermediate_targets)}
                                 for k in content.key_result_areas],
            "cross_cutting_themes": [{"id": t.id, "name": t.name}
                                     for t in content.cross_cutting_themes],
            "measures": [{"code": m.code, "text": m.text} for m in content.measures],
            "thematic_areas": [{"number": a.number, "title": a.title, "kra": a.kra,
                                "cross_cutting_theme": a.cross_cutting_theme,
                                "bodies": [str(b) for b in a.bodies],
                                "measures": list(a.measures), "note": a.note}
                               for a in content.thematic_areas],
        }
    return record


def emit_plan_detail(catalogue: Catalogue, plan_id: str, fmt: ListFormat, out: Out) -> None:
    plan = next((p for p in catalogue.plans if p.id.casefold() == plan_id.strip().casefold()),
                None)
    if plan is None:
        from asean_labour.vocabulary import suggest

        ids = [p.id for p in catalogue.plans]
        close = suggest(plan_id, ids)
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        raise UsageError(f"unknown plan {plan_id!r}.{hint} Loaded plans: {', '.join(ids)}")
    record = plan_detail_record(catalogue, plan)
    if fmt is ListFormat.JSON:
        _json("plan", out, plan=record)
        return
    if fmt is ListFormat.CSV:
        flat = {k: v for k, v in record.items() if not isinstance(v, list | dict) or
                (isinstance(v, list) and all(isinstance(x, str) for x in v))}
        _csv([flat], list(flat), out)
        return
    numbered = "\n".join
    defined: dict[str, Any] = record.get("programme_content") or {}
    fields = [
        ("Plan", plan.id), ("Body", str(plan.body)), ("Period", plan.period),
        ("Kind", str(plan.kind)), ("Programme", record["programme"] or ""),
        ("Projects", str(len(plan.projects))), ("File", plan.path.name),
        ("Source", plan.source or ""),
        ("ASCC Vision 2025", defined.get("ascc_vision") or ""),
        ("Overall objective", defined.get("overall_objective") or ""),
        ("Key result areas", numbered(
            f"{k['number']}. {k['name']}" + "".join(f"\n   - {t}"
                                                   for t in k["intermediate_targets"])
            for k in defined.get("key_result_areas", []))),
        ("Cross-cutting themes", ", ".join(t["name"]
                                           for t in defined.get("cross_cutting_themes", []))),
        ("Thematic areas", numbered(
            f"{a['number']}. {a['title']} ({', '.join(a['bodies'])}"
            + (f"; KRA {a['kra']}" if a["kra"] else "")
            + (f"; {', '.join(a['measures'])}" if a["measures"] else "") + ")"
            for a in defined.get("thematic_areas", []))),
        ("Monitoring and evaluation", numbered(f"- {m}" for m in plan.monitoring)),
        ("Resource mobilisation", numbered(f"- {m}" for m in plan.resource_mobilisation)),
        ("Note", plan.note or ""),
    ]
    if fmt is ListFormat.MARKDOWN:
        from asean_labour.text_safety import markdown_escape

        lines = [f"# {markdown_escape(plan.title)}", ""]
        lines += [f"- **{markdown_escape(k)}:** {markdown_escape(v)}" for k, v in fields if v]
        out("\n".join(lines) + "\n")
        return
    from asean_labour.render.terminal import print_fields

    print_fields(_console(), plan.title, fields)


def emit_stats(catalogue: Catalogue, filters: Filters, fmt: ListFormat, out: Out) -> None:
    projects = select(catalogue, resolve(filters, catalogue))
    tables = statistics(catalogue, projects)
    if fmt is ListFormat.JSON:
        _json("stats", out, projects=len(projects), tables=[t.as_record() for t in tables])
        return
    if fmt is ListFormat.CSV:
        cells = [{"table": t.row_label + " x " + ("kra" if t is tables[0] else "body"),
                  "row": key, "column": col, "count": n}
                 for t in tables for key, counts in t.rows
                 for col, n in zip(t.columns, counts, strict=True)]
        _csv(cells, ("table", "row", "column", "count"), out)
        return
    listings = []
    for table in tables:
        peak = max((n for _, counts in table.rows for n in counts), default=0)
        rows = tuple((key, *(str(n) if n else "·" for n in counts), str(sum(counts)))
                     for key, counts in table.rows)
        totals = table.column_totals()
        rows += (("Total", *(str(n) for n in totals), str(sum(totals))),)
        listings.append((Listing(
            table.title,
            (Column(table.row_label.capitalize(), no_wrap=True),
             *(Column(c, justify="right") for c in table.columns),
             Column("Total", justify="right")),
            rows), peak))
    if fmt is ListFormat.MARKDOWN:
        out(f"{len(projects)} projects\n\n")
        for listing, _ in listings:
            _markdown(listing, out)
            out("\n")
        return
    from asean_labour.render.terminal import heat_table

    console = _console()
    for listing, peak in listings:
        console.print(heat_table(listing, peak))
        console.print()
    console.print(f"{len(projects)} projects")


# --- progress ----------------------------------------------------------------------------------

def changes_listing(title: str, updates: Sequence[Update], before: dict[str, Update] | None,
                    footer: str | None = None) -> Listing:
    """The table of what a command records (or would record), with the status before when
    it is known (a dry run reads the store; a real update never needs to)."""
    columns = [Column("Project", no_wrap=True), Column("Cycle")]
    if before is not None:
        columns.append(Column("Before", ratio=1))
    columns += [Column("Status", ratio=1), Column("Date", no_wrap=True),
                Column("Reported by", ratio=1), Column("Note", ratio=4)]
    rows = []
    for u in updates:
        row = [u.project, str(u.cycle)]
        if before is not None:
            old = before.get(u.project)
            row.append(_state(old.status if old else None))
        row += [u.status.label, u.date.isoformat(), u.reported_by, u.note or ""]
        rows.append(tuple(row))
    return Listing(title, tuple(columns), tuple(rows), footer)


def change_record(change: Change, path: Path | None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": change.id, "kind": change.kind, "cycle": change.cycle,
        "recorded_at": change.recorded_at.isoformat(), "recorded_by": change.recorded_by,
        "source": change.source, "file": str(path) if path else None,
    }
    if change.kind == "undo":
        record["reverses"] = change.reverses
        record["restored"] = [{"project": r.project,
                               "before": str(r.before) if r.before else None,
                               "after": str(r.after) if r.after else None}
                              for r in change.restored]
    else:
        record["updates"] = [
            {"project": u.project, "cycle": u.cycle, "status": str(u.status),
             "iati_status": u.status.iati_code, "date": u.date.isoformat(),
             "reported_by": u.reported_by, "note": u.note,
             "outputs": [str(o) for o in u.outputs], "evidence": list(u.evidence),
             "carried_to": u.carried_to}
            for u in change.updates]
    return record


def emit_recorded(result: Any, fmt: str, out: Out) -> None:
    """Report what `update` recorded (or, on a dry run, would record)."""
    change: Change = result.change
    count = len(change.updates)
    noun = "update" if count == 1 else "updates"
    dry = result.path is None
    if fmt == "json":
        _json("change", out, dry_run=dry, change=change_record(change, result.path))
        return
    if dry:
        footer = f"Dry run: {count} {noun} for cycle {change.cycle} checked; nothing written."
    else:
        footer = (f"Recorded {count} {noun} for cycle {change.cycle} as change {change.id} "
                  f"({result.path}).")
    listing = changes_listing("Would record" if dry else "Recorded", change.updates,
                              result.before, footer)
    emit_listing(listing, ListFormat(fmt), out)


def emit_undone(done: Any, fmt: str, out: Out) -> None:
    target: Change = done.target
    undo: Change = done.undo
    dry = done.path is None
    if fmt == "json":
        _json("undo", out, dry_run=dry, undo=change_record(undo, done.path),
              target=change_record(target, target.path))
        return
    what = (f"change {target.id} ({target.kind}, cycle {target.cycle}, recorded "
            f"{target.recorded_at.strftime('%Y-%m-%d %H:%M')} UTC by {target.recorded_by}"
            + (f" from {target.source}" if target.source else "")
            + f", {len(target.projects)} project{'s' if len(target.projects) != 1 else ''})")
    footer = (f"Dry run: would reverse {what}; nothing written." if dry else
              f"Reversed {what} by appending change {undo.id}; the history keeps both.")
    listing = Listing(
        "Would undo" if dry else "Undone",
        (Column("Project", no_wrap=True), Column("Cycle"), Column("Status before", ratio=1),
         Column("Status after", ratio=1)),
        tuple((r.project, str(undo.cycle), _state(r.before), _state(r.after))
              for r in undo.restored),
        footer)
    emit_listing(listing, ListFormat(fmt), out)


def commit_message(change: Change) -> str:
    """`progress 2017: ACMW-2 completed, ACMW-3 ongoing (by Ana)` and, for long batches, a
    body with every project."""
    items = [f"{u.project} {u.status}" for u in change.updates]
    head = f"progress {change.cycle}: " + ", ".join(items[:3])
    if len(items) > 3:
        head += f" and {len(items) - 3} more"
    head += f" (by {change.recorded_by})"
    body = "\n".join(items) if len(items) > 3 else ""
    trailer = f"\n\nasean-labour change {change.id}" + (
        f"\nsource: {change.source}" if change.source else "")
    return head + ("\n\n" + body if body else "") + trailer


def undo_message(done: Any) -> str:
    undo: Change = done.undo
    items = [f"{r.project} {_state(r.before)} -> {_state(r.after)}" for r in undo.restored]
    head = f"undo {done.target.id} in {undo.cycle}: " + ", ".join(items[:3])
    if len(items) > 3:
        head += f" and {len(items) - 3} more"
    return head + f" (by {undo.recorded_by})\n\nasean-labour change {undo.id}"


def emit_listing(listing: Listing, fmt: ListFormat, out: Out) -> None:
    if fmt is ListFormat.MARKDOWN:
        _markdown(listing, out)
    else:
        _print_listing(listing)


def log_rows(history: History, catalogue: Catalogue, cycle: int, filters: Filters,
             reporters: Sequence[str]) -> list[dict[str, Any]]:
    """The cycle's entries (updates and undos), oldest first, as records."""
    selection = resolve(filters, catalogue)
    wanted_by = {r.casefold() for r in reporters}
    rows = []
    for change in history.changes:
        if change.cycle != cycle:
            continue
        live = history.in_effect(change)
        entries: list[Update | Reversal] = list(
            change.updates if change.kind == "update" else change.restored)
        for entry in entries:
            project = catalogue.project(entry.project)
            if project is None or not selection.matches(project, catalogue):
                continue
            record = history_record(change, entry, live)
            who = record.get("reported_by") or change.recorded_by
            if wanted_by and who.casefold() not in wanted_by and \
                    change.recorded_by.casefold() not in wanted_by:
                continue
            rows.append({"project": entry.project} | record)
    return rows


LOG_FIELDS = ("recorded_at", "change", "kind", "cycle", "project", "status", "iati_status",
              "date", "reported_by", "recorded_by", "note", "outputs", "evidence",
              "carried_to", "reverses", "before", "after", "in_effect")


def short_id(change_id: str) -> str:
    """The random part of a change id: enough to name it to `undo --change`."""
    return change_id.rsplit("-", 1)[-1]


def emit_log(rows: list[dict[str, Any]], cycle: int, fmt: ListFormat, out: Out) -> None:
    if fmt is ListFormat.JSON:
        _json("log", out, cycle=cycle, count=len(rows),
              entries=[{k: r.get(k) for k in LOG_FIELDS} for r in rows])
        return
    if fmt is ListFormat.CSV:
        _csv(rows, LOG_FIELDS, out)
        return
    table_rows = []
    for r in rows:
        when = r["recorded_at"][:16].replace("T", " ")
        if r["kind"] == "undo":
            what = f"undo: {r['before'] or 'no report'} -> {r['after'] or 'no report'}"
            note = f"reverses {r['reverses']}"
            who = r["recorded_by"]
        else:
            what = r["status"].replace("-", " ")
            note = r["note"] or ""
            who = r["reported_by"]
        if not r["in_effect"]:
            what += " (undone)"
        table_rows.append((when, r["project"], what, who, note, short_id(r["change"])))
    listing = Listing(
        f"Progress log, cycle {cycle}",
        (Column("Recorded (UTC)", no_wrap=True), Column("Project", no_wrap=True),
         Column("Status", ratio=2, min_width=11), Column("By", ratio=1, min_width=8),
         Column("Note", ratio=4, min_width=12), Column("Change", no_wrap=True, drop=1)),
        tuple(table_rows), f"{len(rows)} entries")
    emit_listing(listing, fmt, out)
