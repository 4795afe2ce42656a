"""What each reading command shows, in each format: builds records or listings from the core
and hands them to one renderer. Only the table format imports Rich's table machinery."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asean_labour.errors import UsageError
from asean_labour.involvement import Part, acting, labels, years_text
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
    from asean_labour.cycles import CycleChoice
    from asean_labour.lineage import Lineage, Link
    from asean_labour.progress import Change, History, Reversal, Update
    from asean_labour.render.xlsx_out import Sheet
    from asean_labour.returns import Answer
    from asean_labour.standing import Standing

Out = Callable[[str], None]

#: Columns of names are at least this wide when they wrap, so no country name of the shipped
#: vocabulary ever wraps (Brunei Darussalam, the longest); a longer name (ASEAN-OSHNET
#: Secretariat) wraps between its words.
NAMES = len("Brunei Darussalam")
#: The status labels ("not started"): never broken over lines, in a column at least as wide.
STATUS_WORDS = (*(s.label for s in Status), "no report received", "no report", "not yet due",
                "part completed")
STATUSES = max(len(s.label) for s in Status)
#: The longest phrase of a standing ("no report received"): a column of standings is at least
#: this wide, so no phrase is ever shortened.
PHRASES = max(len(words) for words in STATUS_WORDS)


def _console() -> Any:
    from asean_labour.console import make_console

    return make_console()


def plain_output() -> bool:
    """Output that is not a terminal gets plain text, laid out without Rich's console (no
    colour; the terminal's width, else $COLUMNS, else no limit: see console.output_width),
    unless FORCE_COLOR asks for styles."""
    import os
    import sys

    return not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR")


def print_listing(listing: Listing) -> None:
    """A table on standard output, for a terminal or piped (laid out for the display's width)."""
    if plain_output():
        from asean_labour.console import current_display
        from asean_labour.render.text_table import plain_listing

        display = current_display()
        _stdout(plain_listing(listing, display.width, display.wide))
        return
    from asean_labour.render.terminal import print_listing

    print_listing(_console(), listing)


def print_fields(title: str, fields: Sequence[tuple[str, str]]) -> None:
    """A title and its name: value lines on standard output."""
    if plain_output():
        from asean_labour.console import current_display
        from asean_labour.render.text_table import plain_fields

        _stdout(plain_fields(title, fields, current_display().width))
        return
    from asean_labour.render.terminal import print_fields

    print_fields(_console(), title, fields)


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


def emit_workbook(sheets: Sequence[Sheet], out: Out, title: str = "") -> None:
    """The sheets as an Excel workbook, for the command's --output file."""
    from asean_labour.render import xlsx_out
    from asean_labour.render.destination import Destination

    if not isinstance(out, Destination):
        raise UsageError("--format xlsx writes an Excel workbook: give --output FILE.xlsx")
    out.workbook(xlsx_out.render(sheets, title))


def announce_cycle(choices: dict[str, CycleChoice], machine: bool) -> None:
    """Say which cycle a command chose by itself, as the output's first line: on standard
    output, or on standard error when the output is for machines (JSON, CSV, Markdown), so
    that it stays clean. Nothing when every cycle was given."""
    import sys

    from asean_labour.cycles import announcement

    text = announcement(choices)
    if text is not None:
        if machine:
            sys.stderr.write(text + "\n")
        else:  # the first line of a table: laid out for the same width
            sys.stdout.write(paragraphs([text], "text"))


# --- list --------------------------------------------------------------------------------------

@dataclass
class ProjectList:
    catalogue: Catalogue
    projects: list[Project]
    total: int
    cycle: int | None = None
    standing: dict[str, Standing] | None = None
    choice: CycleChoice | None = None
    #: With --stale: per body and country, whether its return for the cycle came in.
    returns: tuple[Answer, ...] | None = None


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


def project_list(folder: Path, catalogue: Catalogue, filters: Filters, sort: str | None,
                 cycle: int | None, statuses: Sequence[str], stale: bool) -> ProjectList:
    """The projects selected; with a cycle (given, or the default cycle with --status or
    --stale), each one's standing in it (`standing.standings`, the rule every command uses):
    --status filters on the project's status as of the cycle, --stale keeps the projects due
    with no report received in it."""
    selection = resolve(filters, catalogue)
    projects = select(catalogue, selection, sort)
    wanted = parse_statuses(statuses)
    if cycle is None and not (statuses or stale):
        return ProjectList(catalogue, projects, len(catalogue.projects))
    from asean_labour import cycles
    from asean_labour.progress import ProgressStore
    from asean_labour.standing import State, standings

    history = ProgressStore(folder).history(catalogue)
    choice = cycles.choose(catalogue, history, cycle)
    found = standings(projects, history, choice.year)
    answers = None
    if stale:
        from asean_labour.returns import answers_for

        answers = answers_for(catalogue, projects, history, choice.year, found,
                              selection.coordinators)
        projects = [p for p in projects if found[p.id].state is State.NO_REPORT]
    if wanted:
        projects = [p for p in projects if found[p.id].status in wanted]
    return ProjectList(catalogue, projects, len(catalogue.projects), choice.year, found, choice,
                       answers)


def progress_record(found: Standing | None) -> dict[str, Any] | None:
    """A project's progress as of a cycle (None: no report as of it)."""
    if found is None or found.update is None or found.status is None:
        return None
    update = found.update
    return {
        "cycle": found.cycle, "status": str(found.status),
        "iati_status": found.status.iati_code, "state": str(found.state),
        "reported_status": str(update.status), "part_completed": found.part,
        "final": found.closed, "reported_in_cycle": update.cycle,
        "date": update.date.isoformat(), "reported_by": update.reported_by,
        "note": update.note, "outputs": [str(o) for o in update.outputs],
        "evidence": list(update.evidence), "carried_to": update.carried_to,
        "change": update.change,
    }


def standing_record(found: Standing) -> dict[str, Any]:
    """A project's standing in a cycle: the report's category, in a key and in words."""
    return {"cycle": found.cycle, "state": str(found.state), "words": found.words(),
            "closed": found.closed, "part_completed": found.part}


PROGRESS_CSV_FIELDS = ("cycle", "status", "iati_status", "status_date", "status_note", "state")


def emit_projects(view: ProjectList, fmt: ListFormat, out: Out) -> None:
    catalogue = view.catalogue
    if fmt is ListFormat.JSON:
        records = []
        for project in view.projects:
            record = project_record(catalogue, project)
            if view.cycle is not None and view.standing is not None:
                found = view.standing[project.id]
                record["progress"] = progress_record(found)
                record["standing"] = standing_record(found)
            records.append(record)
        payload: dict[str, Any] = {"count": len(records), "total": view.total}
        if view.cycle is not None:
            payload["cycle"] = view.cycle
        if view.returns is not None:
            payload["returns"] = [a.record() for a in view.returns]
        from asean_labour.render import json_out

        # Records of the model, progress and returns: strings, integers, booleans, None,
        # lists and dictionaries, no float (json_out.dumps, `plain_records`).
        out(json_out.dumps(json_out.envelope("projects", **payload, projects=records),
                           plain_records=len(records)))
        return
    if fmt in (ListFormat.CSV, ListFormat.XLSX):
        fields = list(PROJECT_FIELDS)
        records = []
        for project in view.projects:
            record = csv_project_record(catalogue, project)
            if view.cycle is not None and view.standing is not None:
                found = view.standing[project.id]
                update = found.update
                record |= {"cycle": view.cycle,
                           "status": str(found.status) if found.status else "",
                           "iati_status": found.status.iati_code if found.status else "",
                           "status_date": update.date if update else None,
                           "status_note": update.note if update else "",
                           "state": str(found.state)}
            records.append(record)
        if view.cycle is not None:
            fields += PROGRESS_CSV_FIELDS
        if fmt is ListFormat.CSV:
            _csv(records, fields, out)
            return
        from asean_labour.render import xlsx_out

        sheets = [xlsx_out.sheet("Projects", records, fields)]
        if view.returns is not None:
            sheets.append(returns_sheet(view.returns))
        title = "Projects" + (f", cycle {view.cycle}" if view.cycle is not None else "")
        emit_workbook(sheets, out, title)
        return
    listing = projects_listing(view)
    returns = returns_listing(view.returns, view.cycle) \
        if view.returns is not None and view.cycle is not None else None
    if fmt is ListFormat.MARKDOWN:
        _markdown(listing, out)
        if returns is not None:
            out("\n")
            _markdown(returns, out)
    else:
        print_listing(listing)
        if returns is not None:
            _stdout("\n")
            print_listing(returns)


def csv_project_record(catalogue: Catalogue, project: Project) -> dict[str, Any]:
    """The project record with its lists of records as text: one line per event, one label
    per coordinator and collaborator (`Malaysia (2016-2018)`)."""
    record = project_record(catalogue, project)
    record["events"] = [event_line(e) for e in project.events]
    record["coordination"] = list(coordinator_labels(project))
    record["collaboration"] = list(collaborator_labels(project))
    return record


def coordinator_labels(project: Project) -> tuple[str, ...]:
    """`ACMW Chair, Lao PDR (2016), ...`: who coordinates, with the years the rule limits
    each to (docs/output.md)."""
    return labels(acting(project, Part.COORDINATOR))


def collaborator_labels(project: Project) -> tuple[str, ...]:
    return labels(acting(project, Part.COLLABORATOR))


def projects_listing(view: ProjectList) -> Listing:
    columns = [Column("ID", no_wrap=True), Column("Body", no_wrap=True, drop=5),
               Column("KRA", justify="right", drop=4),
               Column("Title", ratio=5, min_width=24, shorten=True),
               Column("Years", items=True, drop=1),
               Column("Coordinators", ratio=2, min_width=NAMES, items=True, drop=2),
               Column("Collaborators", ratio=2, min_width=13, items=True, drop=3)]
    with_status = view.cycle is not None and view.standing is not None
    if with_status:
        columns.append(Column(f"Status {view.cycle}", no_wrap=True))
    rows = []
    for p in view.projects:
        row = [p.id, str(p.body), str(p.kra or ""),
               p.title or "(item missing from the source)", years_text(p.all_years),
               ", ".join(coordinator_labels(p)), ", ".join(collaborator_labels(p))]
        if with_status:
            assert view.standing is not None
            row.append(view.standing[p.id].words())
        rows.append(tuple(row))
    noun = "project" if len(view.projects) == 1 else "projects"
    footer = f"{len(view.projects)} {noun}" + (
        f" (of {view.total})" if len(view.projects) != view.total else "")
    return Listing(None, tuple(columns), tuple(rows), footer)


def returns_listing(answers: Sequence[Answer], cycle: int,
                    day: Callable[[dt.date], str] = dt.date.isoformat) -> Listing:
    """Per body, then per Member State, whether its return for the cycle came in: when (the
    day it was recorded, written by `day`), from which file, and how many returns in all
    (returns.py, "who has answered")."""
    rows = tuple((a.name, "yes" if a.answered else "no",
                  day(a.received_on) if a.received_on else "",
                  (a.latest.file or "") if a.latest else "", str(len(a.returns)))
                 for a in answers)
    missing = [a.name for a in answers if not a.answered]
    footer = (f"Still to answer: {', '.join(missing)}." if missing else
              "Every body and Member State asked has answered.") if answers else \
        "No return is expected: no project selected is due in the cycle."
    return Listing(f"Returns for cycle {cycle}",
                   (Column("Body or Member State", ratio=1, min_width=NAMES),
                    Column("Received", no_wrap=True), Column("On", no_wrap=True, drop=2),
                    Column("File", ratio=2, min_width=12, drop=1),
                    Column("Returns", justify="right", drop=3)),
                   rows, footer)


RETURN_FIELDS = ("name", "kind", "cycle", "answered", "received_on", "file", "returns",
                 "change")


def returns_sheet(answers: Sequence[Answer]) -> Sheet:
    """The returns as a workbook's sheet (the JSON record's first fields, typed)."""
    from asean_labour.render import xlsx_out

    records = [a.record() | {"returns": len(a.returns), "received_on": a.received_on}
               for a in answers]
    return xlsx_out.sheet("Returns", records, RETURN_FIELDS)


# --- show --------------------------------------------------------------------------------------

def emit_project_detail(folder: Path, catalogue: Catalogue, project_id: str, fmt: ListFormat,
                        out: Out) -> None:
    from asean_labour.progress import ProgressStore

    project = require_project(catalogue, project_id)
    history = ProgressStore(folder).history(catalogue)
    entries = history.project_history(project.id)
    found = project_standing(catalogue, project, history)
    record = project_record(catalogue, project)
    kra = catalogue.key_result_area(project)
    record["kra_intermediate_targets"] = list(kra.intermediate_targets) if kra else []
    record["measure_texts"] = {code: catalogue.measure_text(project, code)
                               for code in catalogue.measures_of(project)}
    record["standing"] = standing_record(found)
    record["progress"] = [history_record(c, e, live, project) for c, e, live in entries]
    from asean_labour.lineage import lineage

    links = lineage(catalogue, project, history)
    record["lineage"] = {"came_from": [link_record(catalogue, k) for k in links.came_from],
                         "went_to": [link_record(catalogue, k) for k in links.went_to]}
    if fmt is ListFormat.JSON:
        _json("project", out, project=record)
        return
    if fmt in (ListFormat.CSV, ListFormat.XLSX):
        record |= {k: v for k, v in csv_project_record(catalogue, project).items()
                   if k in ("events", "coordination", "collaboration")}
        record["standing"] = f"{found.cycle}: {found.words()}"
        record["progress"] = [_history_line(c, e, live, project) for c, e, live in entries]
        record["kra_intermediate_targets"] = record["kra_intermediate_targets"]
        record["measure_texts"] = [f"{k}: {v}" for k, v in record["measure_texts"].items()]
        record["lineage"] = [f"{label}: {link_line(catalogue, k)}"
                             for label, chain in (("from", links.came_from),
                                                  ("to", links.went_to)) for k in chain]
        if fmt is ListFormat.CSV:
            _csv([record], list(record), out)
            return
        from asean_labour.render import xlsx_out

        progress = [{"project": project.id} | history_record(c, e, live, project)
                    for c, e, live in entries]
        emit_workbook([xlsx_out.sheet("Project", [record], list(record)),
                       xlsx_out.sheet("Progress", progress, LOG_FIELDS, dates=("date",),
                                      times=("recorded_at",))],
                      out, f"{project.id}: {project.title}")
        return
    fields = [*detail_fields(catalogue, project, links),
              (f"Standing in {found.cycle}", found.words())]
    history_listing = history_table(entries, project)
    if fmt is ListFormat.MARKDOWN:
        from asean_labour.text_safety import markdown_escape

        lines = [f"# {markdown_escape(project.id)}: {markdown_escape(project.title)}", ""]
        lines += [f"- **{markdown_escape(k)}:** {markdown_escape(v)}" for k, v in fields if v]
        out("\n".join(lines) + "\n\n")
        _markdown(history_listing, out)
        return
    title = f"{project.id}  {project.title or '(item missing from the source)'}"
    print_fields(title, fields)
    _stdout("\n")
    print_listing(history_listing)


def project_standing(catalogue: Catalogue, project: Project, history: History) -> Standing:
    """`show`'s standing: in the default cycle, or the nearest year of the project's own plan
    when the default cycle lies outside it."""
    from asean_labour.cycles import default_cycle, today
    from asean_labour.standing import standing

    year = default_cycle(catalogue, history, today()).year
    plan = catalogue.plan_of(project)
    return standing(project, history, min(max(year, plan.start), plan.end))


def link_record(catalogue: Catalogue, link: Link) -> dict[str, Any]:
    """One step of a project's lineage (docs/output.md)."""
    other = catalogue.project(link.project)
    return {"project": link.project, "plan": other.plan_id if other else None,
            "title": other.title if other else None, "recorded_in_cycle": link.cycle}


def link_line(catalogue: Catalogue, link: Link) -> str:
    """`ACMW-2 (ACMW-2016-2020): ASEAN Forum on Migrant Labour; reported in the 2020
    cycle`."""
    other = catalogue.project(link.project)
    where = f" ({other.plan_id}): {other.title}" if other is not None else ""
    return f"{link.project}{where}" + ("" if link.cycle is None else f"; {link.recorded}")


def detail_fields(catalogue: Catalogue, project: Project,
                  links: Lineage | None = None) -> list[tuple[str, str]]:
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
        ("Coordinators", ", ".join(coordinator_labels(project))),
        ("Coordinator note", project.coordinator_note or ""),
        ("Collaborators", ", ".join(collaborator_labels(project))),
        ("Indicative budget", project.budget or "not given in the plan"),
        ("Carried over", "yes, from the previous work plan" if project.carried_over
         and not (links and links.came_from) else ""),
        ("Carried over from", "\n".join(link_line(catalogue, k)
                                         for k in (links.came_from if links else ()))),
        ("Carried over to", "\n".join(link_line(catalogue, k)
                                       for k in (links.went_to if links else ()))),
        ("Events", "\n".join(event_line(e) for e in project.events)),
        ("Note", project.note or ""),
    ]


def history_record(change: Change, entry: Update | Reversal, live: bool,
                   project: Project | None) -> dict[str, Any]:
    from asean_labour.progress import Update
    from asean_labour.standing import is_part

    base = {"change": change.id, "kind": change.kind, "cycle": change.cycle,
            "recorded_at": change.recorded_at.isoformat(), "recorded_by": change.recorded_by,
            "in_effect": live}
    if isinstance(entry, Update):
        return base | {"status": str(entry.status), "iati_status": entry.status.iati_code,
                       "date": entry.date.isoformat(), "reported_by": entry.reported_by,
                       "note": entry.note, "outputs": [str(o) for o in entry.outputs],
                       "evidence": list(entry.evidence), "carried_to": entry.carried_to,
                       "final": bool(entry.final),
                       "part_completed": is_part(entry, project),
                       "moved_back_from": str(entry.moved_back_from)
                       if entry.moved_back_from else None,
                       "moved_back_from_cycle": entry.moved_back_from_cycle}
    return base | {"reverses": change.reverses,
                   "before": str(entry.before) if entry.before else None,
                   "after": str(entry.after) if entry.after else None}


def update_words(update: Update, project: Project | None) -> str:
    """What an update reported, in words: `ongoing`, `2017 part completed`, `completed
    (final)`, `ongoing (back from completed, 2017)`."""
    from asean_labour.standing import is_part, part_label

    text = part_label(update.cycle) if is_part(update, project) else update.status.label
    if update.final:
        text += " (final)"
    if update.moved_back_from is not None:
        when = f", {update.moved_back_from_cycle}" if update.moved_back_from_cycle else ""
        text += f" (back from {update.moved_back_from.label}{when})"
    return text


def _history_line(change: Change, entry: Update | Reversal, live: bool,
                  project: Project | None) -> str:
    from asean_labour.progress import Update

    if isinstance(entry, Update):
        text = (f"{change.cycle} {entry.date.isoformat()} {update_words(entry, project)} by "
                f"{entry.reported_by}")
        if entry.note:
            text += f": {entry.note}"
    else:
        text = (f"{change.cycle} {change.kind} of {change.reverses} by {change.recorded_by}: "
                f"{_state(entry.before)} -> {_state(entry.after)}")
    return text + ("" if live else " [undone]")


def _state(status: Status | None) -> str:
    return status.label if status else "no report"


def history_table(entries: list[tuple[Change, Update | Reversal, bool]],
                  project: Project | None) -> Listing:
    from asean_labour.progress import Update

    columns = (Column("Cycle", no_wrap=True, hoist=True), Column("Date", no_wrap=True, drop=1),
               Column("Status", ratio=2, min_width=STATUSES, keep=STATUS_WORDS),
               Column("Reported by", ratio=1, min_width=NAMES, drop=2),
               Column("Recorded (UTC)", no_wrap=True, drop=3),
               Column("Note", ratio=4, min_width=16))
    rows = []
    for change, entry, live in entries:
        recorded = change.recorded_at.strftime("%Y-%m-%d %H:%M")
        if isinstance(entry, Update):
            status = update_words(entry, project) + ("" if live else " (undone)")
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
                         f"{change.kind}: {_state(entry.before)} -> {_state(entry.after)}"
                         + ("" if live else " (undone)"),
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
    if fmt is ListFormat.XLSX:
        from asean_labour.render import xlsx_out

        emit_workbook([xlsx_out.sheet("Plans", records, PLAN_FIELDS)], out, "Plans")
        return
    listing = Listing(
        None,
        (Column("Plan", no_wrap=True), Column("Title", ratio=4, min_width=20, shorten=True),
         Column("Body", no_wrap=True, drop=4), Column("Period", no_wrap=True, drop=3),
         Column("Projects", justify="right", drop=2),
         Column("Areas", justify="right", drop=5)),
        tuple((r["id"], r["title"], r["body"], r["period"], str(r["projects"]),
               str(r["thematic_areas"])) for r in records),
        f"{len(records)} plans, {sum(r['projects'] for r in records)} projects",
    )
    if fmt is ListFormat.MARKDOWN:
        _markdown(listing, out)
    else:
        print_listing(listing)


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
    if fmt in (ListFormat.CSV, ListFormat.XLSX):
        flat = {k: v for k, v in record.items() if not isinstance(v, list | dict) or
                (isinstance(v, list) and all(isinstance(x, str) for x in v))}
        if fmt is ListFormat.CSV:
            _csv([flat], list(flat), out)
            return
        from asean_labour.render import xlsx_out

        emit_workbook([xlsx_out.sheet("Plan", [flat], list(flat))], out, plan.title)
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
    print_fields(plan.title, fields)


def emit_stats(catalogue: Catalogue, filters: Filters, fmt: ListFormat, out: Out) -> None:
    selection = resolve(filters, catalogue)
    projects = select(catalogue, selection)
    tables = statistics(catalogue, projects, selection.years)
    if fmt is ListFormat.JSON:
        _json("stats", out, projects=len(projects), tables=[t.as_record() for t in tables])
        return
    if fmt is ListFormat.CSV:
        cells = [{"table": f"{t.row_label} x {t.column_label}", "row": key, "column": col,
                  "count": n, "programme": t.programme or ""}
                 for t in tables for key, counts in t.rows
                 for col, n in zip(t.columns, counts, strict=True)]
        _csv(cells, ("table", "row", "column", "count", "programme"), out)
        return
    if fmt is ListFormat.XLSX:
        emit_workbook([_stats_sheet(t) for t in tables], out,
                      f"Projects counted: {len(projects)}")
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
            (Column(table.row_label.capitalize(), ratio=1, min_width=NAMES),
             *(Column(c, justify="right") for c in table.columns),
             Column("Total", justify="right")),
            rows), peak))
    if fmt is ListFormat.MARKDOWN:
        out(f"{len(projects)} projects\n\n")
        for listing, _ in listings:
            _markdown(listing, out)
            out("\n")
        return
    from asean_labour.render.text_table import heat_map

    for listing, peak in listings:
        print_listing(heat_map(listing, peak))
        _stdout("\n")
    _stdout(f"{len(projects)} projects\n")


def _stats_sheet(table: Any) -> Sheet:
    """A count table as a sheet: a row per key (a year as a number), a column per body or
    KRA, the row's total; the column totals in a last row, outside the filter."""
    from asean_labour.render.xlsx_out import Sheet

    def key(value: str) -> str | int:
        return int(value) if table.row_label == "year" and value.isdigit() else value

    rows = [[key(k), *counts, sum(counts)] for k, counts in table.rows]
    totals = table.column_totals()
    short = {"body": "Body x KRA", "coordinator": "Coordinator x body", "year": "Year x body"}
    return Sheet(short.get(table.row_label, table.title),
                 (table.row_label, *table.columns, "total"), rows,
                 totals=["total", *totals, sum(totals)])


# --- progress ----------------------------------------------------------------------------------

def changes_listing(title: str, updates: Sequence[Update], before: dict[str, Standing] | None,
                    parts: set[str], footer: str | None = None) -> Listing:
    """The table of what a command records (or would record), with each project's standing
    in the cycle before the change. A completed report of the cycle's part of a longer
    project reads `part completed` (the cycle is beside it)."""
    columns = [Column("Project", no_wrap=True), Column("Cycle", no_wrap=True, hoist=True)]
    if before is not None:
        columns.append(Column("Before", ratio=2, min_width=PHRASES, keep=STATUS_WORDS, drop=1))
    columns += [Column("Status", ratio=2, min_width=PHRASES, keep=STATUS_WORDS),
                Column("Date", no_wrap=True, hoist=True, drop=3),
                Column("Reported by", ratio=1, min_width=NAMES, hoist=True, drop=2),
                Column("Note", ratio=4, min_width=16)]
    rows = []
    for u in updates:
        row = [u.project, str(u.cycle)]
        if before is not None:
            old = before.get(u.project)
            row.append(old.words() if old is not None else _state(None))
        status = "part completed" if u.project in parts else u.status.label
        if u.final:
            status += " (final)"
        row += [status, u.date.isoformat(), u.reported_by, u.note or ""]
        rows.append(tuple(row))
    return Listing(title, tuple(columns), tuple(rows), footer)


def change_record(change: Change, path: Path | None,
                  parts: set[str] | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": change.id, "kind": change.kind, "cycle": change.cycle,
        "recorded_at": change.recorded_at.isoformat(), "recorded_by": change.recorded_by,
        "source": change.source, "file": str(path) if path else None,
    }
    if change.kind == "update":
        record["return_bodies"] = list(change.return_bodies)
        record["return_countries"] = list(change.return_countries)
    if change.kind != "update":
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
             "carried_to": u.carried_to, "final": bool(u.final),
             "part_completed": u.project in (parts or set()),
             "moved_back_from": str(u.moved_back_from) if u.moved_back_from else None,
             "moved_back_from_cycle": u.moved_back_from_cycle}
            for u in change.updates]
    return record


def _ids(updates: Sequence[Update], limit: int = 8) -> str:
    ids = [u.project for u in updates]
    return ", ".join(ids[:limit]) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def recorded_notes(result: Any, catalogue: Catalogue) -> list[str]:
    """What an officer should know about what `update` did, besides the table: rows that
    matched what is recorded, and completed reports that cover one cycle's part only."""
    notes = []
    dry = result.dry_run
    skipped = result.skipped
    cycle = result.cycle
    if skipped:
        rows = "row matches" if len(skipped) == 1 else "rows match"
        if result.change is None:
            notes.append(f"{len(skipped)} {rows} what is already recorded for cycle {cycle} "
                         f"({_ids(skipped)}); nothing new" +
                         ("" if dry else ": nothing was written") + ".")
        else:
            notes.append(f"{len(skipped)} {rows} what is already recorded for cycle {cycle} "
                         f"and {'would be' if dry else 'were'} left out ({_ids(skipped)}).")
    change = result.change
    if change is not None and (change.return_bodies or change.return_countries):
        whose = ", ".join((*change.return_bodies, *change.return_countries))
        notes.append(f"{'This would be' if dry else 'Recorded as'} the return of {whose} for "
                     f"cycle {cycle}" + (f" ({change.source})" if change.source else "") +
                     ": `report` and `list --stale` show who has answered.")
    for update in result.parts:
        project = catalogue.project(update.project)
        last = project.last_year if project is not None else None
        notes.append(
            f"{update.project} is planned until {last}: this completed report "
            f"{'would record' if dry else 'records'} its {update.cycle} part, and the project "
            f"stays ongoing, due again in {update.cycle + 1}. If the whole project is "
            "finished, record it with --final (a `final` column in a batch).")
    return notes


def moved_back_warnings(result: Any) -> list[str]:
    """One warning per update that takes its project backwards."""
    verb = "would move" if result.dry_run else "moves"
    done = "" if result.dry_run else "; recorded, and marked in the log"
    return [f"warning: {u.project} {verb} back from {u.moved_back_from.label}"
            f"{f' ({u.moved_back_from_cycle})' if u.moved_back_from_cycle else ''} to "
            f"{u.status.label} in the {u.cycle} cycle{done}"
            for u in result.moved_back if u.moved_back_from is not None]


def emit_nothing_new(fmt: str, out: Out) -> None:
    """`update` read a batch in which every row repeats what is recorded: nothing to do."""
    text = "Nothing new: every row repeats what is already recorded; nothing was written."
    if fmt == "json":
        _json("change", out, dry_run=False, change=None, skipped=[], part_completed=[],
              notes=[text])
        return
    out(paragraphs([text], fmt))


def emit_recorded(result: Any, catalogue: Catalogue, fmt: str, out: Out) -> None:
    """Report what `update` recorded (or, on a dry run, would record); warnings about
    projects moved backwards go to standard error in every format."""
    import sys

    for warning in moved_back_warnings(result):
        sys.stderr.write(warning + "\n")
    change: Change | None = result.change
    dry = result.dry_run
    parts = {u.project for u in result.parts}
    notes = recorded_notes(result, catalogue)
    if fmt == "json":
        _json("change", out, dry_run=dry,
              change=change_record(change, result.path, parts) if change else None,
              skipped=[u.project for u in result.skipped],
              part_completed=sorted(parts), notes=notes)
        return
    if change is not None:
        count = len(change.updates)
        noun = "update" if count == 1 else "updates"
        if dry:
            footer = (f"Dry run: {count} {noun} for cycle {change.cycle} checked; nothing "
                      "written.")
        else:
            footer = (f"Recorded {count} {noun} for cycle {change.cycle} as change "
                      f"{change.id} ({result.path}).")
        listing = changes_listing("Would record" if dry else "Recorded", change.updates,
                                  result.before, parts, footer)
        emit_listing(listing, ListFormat(fmt), out)
    if notes:
        out(("\n" if change is not None else "") + paragraphs(notes, fmt))


def paragraphs(texts: Sequence[str], fmt: str) -> str:
    """Sentences after a table: escaped for Markdown, else wrapped at word boundaries to the
    terminal's width (or $COLUMNS when piped)."""
    if fmt == "markdown":
        from asean_labour.text_safety import markdown_escape

        return "\n\n".join(markdown_escape(t) for t in texts) + "\n"
    from asean_labour.console import current_display
    from asean_labour.render.text_table import wrap_cell
    from asean_labour.text_safety import visible_controls

    width = current_display().width if plain_output() else _console().width
    room = max(20, width - 1) if width is not None else None
    return "".join("\n".join(wrap_cell(visible_controls(t), room)) + "\n" for t in texts)


def emit_undone(done: Any, fmt: str, out: Out) -> None:
    """Report what `undo` or `redo` did (or would do)."""
    target: Change = done.target
    change: Change = done.change
    dry = done.path is None
    redo = change.kind == "redo"
    if fmt == "json":
        _json(change.kind, out, dry_run=dry, **{change.kind: change_record(change, done.path)},
              target=change_record(target, target.path),
              reapplied=change_record(done.reapplied, done.reapplied.path)
              if done.reapplied else None)
        return
    subject = done.reapplied if redo and done.reapplied is not None else target
    what = (f"change {subject.id} ({subject.kind}, cycle {subject.cycle}, recorded "
            f"{subject.recorded_at.strftime('%Y-%m-%d %H:%M')} UTC by {subject.recorded_by}"
            + (f" from {subject.source}" if subject.source else "")
            + f", {len(subject.projects)} project{'s' if len(subject.projects) != 1 else ''})")
    if redo:
        footer = (f"Dry run: would put back {what}, undone by {target.id}; nothing written."
                  if dry else f"Put back {what}, undone by {target.id}, by appending change "
                  f"{change.id}; the history keeps every step.")
        title = "Would redo" if dry else "Redone"
    else:
        footer = (f"Dry run: would reverse {what}; nothing written." if dry else
                  f"Reversed {what} by appending change {change.id}; the history keeps both.")
        title = "Would undo" if dry else "Undone"
    listing = Listing(
        title,
        (Column("Project", no_wrap=True), Column("Cycle", no_wrap=True, hoist=True),
         Column("Status before", no_wrap=True), Column("Status after", no_wrap=True)),
        tuple((r.project, str(change.cycle), _state(r.before), _state(r.after))
              for r in change.restored),
        footer)
    emit_listing(listing, ListFormat(fmt), out)


#: Characters that never go into a commit message from user text: controls (line breaks
#: included, so no text can add a line such as a forged `Signed-off-by:` trailer), the
#: Unicode line separators, and bidirectional controls.
_NOT_IN_COMMITS = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def commit_text(text: str) -> str:
    """User text made fit for one line of a commit message: every control character shown
    as an escape (a line break as `\\x0a`, ESC as `\\x1b`)."""
    import re

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return re.sub(_NOT_IN_COMMITS, escape, text)


def _trailers(change: Change) -> str:
    """The message's last paragraph: git trailers the tool writes, and only those."""
    lines = [f"Asean-Labour-Change: {change.id}"]
    if change.source:
        lines.append(f"Asean-Labour-Source: {commit_text(change.source)}")
    return "\n\n" + "\n".join(lines)


def commit_message(change: Change) -> str:
    """`progress 2017: ACMW-2 completed, ACMW-3 ongoing (by Ana)` and, for long batches, a
    body with every project; then the tool's trailers. User text is one line each."""
    items = [f"{u.project} {u.status}" for u in change.updates]
    head = f"progress {change.cycle}: " + ", ".join(items[:3])
    if len(items) > 3:
        head += f" and {len(items) - 3} more"
    head += f" (by {commit_text(change.recorded_by)})"
    body = "\n".join(items) if len(items) > 3 else ""
    return head + ("\n\n" + body if body else "") + _trailers(change)


def undo_message(done: Any) -> str:
    """The commit message of an undo or a redo."""
    change: Change = done.change
    items = [f"{r.project} {_state(r.before)} -> {_state(r.after)}" for r in change.restored]
    head = f"{change.kind} {done.target.id} in {change.cycle}: " + ", ".join(items[:3])
    if len(items) > 3:
        head += f" and {len(items) - 3} more"
    return head + f" (by {commit_text(change.recorded_by)})" + _trailers(change)


def emit_listing(listing: Listing, fmt: ListFormat, out: Out) -> None:
    if fmt is ListFormat.MARKDOWN:
        _markdown(listing, out)
    else:
        print_listing(listing)


def log_rows(history: History, catalogue: Catalogue, cycle: int, filters: Filters,
             reporters: Sequence[str]) -> list[dict[str, Any]]:
    """The cycle's entries (updates, undos and redos), oldest first, as records."""
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
            record = history_record(change, entry, live, project)
            who = record.get("reported_by") or change.recorded_by
            if wanted_by and who.casefold() not in wanted_by and \
                    change.recorded_by.casefold() not in wanted_by:
                continue
            rows.append({"project": entry.project} | record)
    return rows


LOG_FIELDS = ("recorded_at", "change", "kind", "cycle", "project", "status", "iati_status",
              "date", "reported_by", "recorded_by", "note", "outputs", "evidence",
              "carried_to", "reverses", "before", "after", "in_effect", "final",
              "part_completed", "moved_back_from", "moved_back_from_cycle")


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
    if fmt is ListFormat.XLSX:
        from asean_labour.render import xlsx_out

        emit_workbook([xlsx_out.sheet("Log", rows, LOG_FIELDS, dates=("date",),
                                      times=("recorded_at",))],
                      out, f"Progress log, cycle {cycle}")
        return
    from asean_labour.standing import part_label

    table_rows = []
    for r in rows:
        when = r["recorded_at"][:16].replace("T", " ")
        if r["kind"] != "update":
            what = f"{r['kind']}: {r['before'] or 'no report'} -> {r['after'] or 'no report'}"
            note = f"reverses {r['reverses']}"
            who = r["recorded_by"]
        else:
            what = part_label(r["cycle"]) if r["part_completed"] else \
                r["status"].replace("-", " ")
            if r["final"]:
                what += " (final)"
            if r["moved_back_from"]:
                since = f", {r['moved_back_from_cycle']}" if r["moved_back_from_cycle"] else ""
                what += f" (warning: back from {r['moved_back_from'].replace('-', ' ')}{since})"
            note = r["note"] or ""
            who = r["reported_by"]
        if not r["in_effect"]:
            what += " (undone)"
        table_rows.append((when, r["project"], what, who, note, short_id(r["change"])))
    listing = Listing(
        f"Progress log, cycle {cycle}",
        (Column("Recorded (UTC)", no_wrap=True, drop=2), Column("Project", no_wrap=True),
         Column("Status", ratio=2, min_width=STATUSES, keep=STATUS_WORDS),
         Column("By", ratio=1, min_width=NAMES, drop=3),
         Column("Note", ratio=4, min_width=16), Column("Change", no_wrap=True, drop=1)),
        tuple(table_rows), f"{len(rows)} {'entry' if len(rows) == 1 else 'entries'}")
    emit_listing(listing, fmt, out)
