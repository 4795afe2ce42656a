"""What each monitoring document says, in which order, as format-free blocks.

The core (`asean_labour.report`) builds the data; this module decides the sections, headings,
tables and charts of the page; `report_terminal`, `report_markdown` and `report_docx` only draw
these blocks. User text stays plain here: each renderer makes it inert for its own format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from asean_labour import __version__
from asean_labour.render import Column, Listing
from asean_labour.report import (
    OUTCOMES,
    STATES,
    Changes,
    Header,
    ProjectRow,
    Report,
    Review,
    Scorecard,
    Shift,
    State,
    Tally,
    Timeline,
    TimelineRow,
    state_label,
)
from asean_labour.standing import part_label
from asean_labour.status import Output, Status
from asean_labour.vocabulary import BODY_ORDER

MISSING_TITLE = "(item missing from the source)"
CHECK = "✓"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 (a numbered section) to 4


@dataclass(frozen=True)
class Paragraph:
    text: str
    small: bool = False  # explanations and legends, drawn quieter


@dataclass(frozen=True)
class Table:
    listing: Listing


@dataclass(frozen=True)
class ChartRow:
    label: str
    counts: tuple[tuple[str, int], ...]  # (category key, count), in category order
    total: int
    completed: float  # share completed, 0..1


@dataclass(frozen=True)
class Chart:
    """Counts by category per row: stacked bars on a terminal, a count table elsewhere."""

    title: str
    label: str  # the header of the row labels ("Body", "Key result area")
    categories: tuple[str, ...]  # keys; `state_label` names them
    rows: tuple[ChartRow, ...]
    total: ChartRow | None = None

    def shown_categories(self) -> tuple[str, ...]:
        """The categories with at least one project (so empty columns are left out)."""
        rows = (*self.rows, *((self.total,) if self.total else ()))
        return tuple(c for c in self.categories
                     if any(dict(r.counts).get(c, 0) for r in rows)) or self.categories[:1]


@dataclass(frozen=True)
class GanttRow:
    id: str
    title: str
    years: frozenset[int]
    status: str | None  # a status value, for the colour
    status_text: str


@dataclass(frozen=True)
class Gantt:
    years: tuple[int, ...]
    rows: tuple[GanttRow, ...]


Block = Heading | Paragraph | Table | Chart | Gantt


@dataclass(frozen=True)
class Document:
    title: str
    meta: tuple[str, ...]  # programme, scope, generated-on: under the title
    blocks: tuple[Block, ...] = field(default=())

    def __post_init__(self) -> None:
        # A chart of nothing says nothing (no project selected): leave it out.
        object.__setattr__(self, "blocks", tuple(
            b for b in self.blocks if not (isinstance(b, Chart) and not b.rows)))


# --- shared ------------------------------------------------------------------------------------

def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _meta(header: Header, *extra: str) -> tuple[str, ...]:
    """The lines under the title: programmes, any `extra`, selection, notes, date."""
    lines = [*header.programmes, *extra]
    if header.selection:
        lines.append(f"Projects: {header.projects} of {header.total} "
                     f"({'; '.join(header.selection)}).")
    else:
        lines.append(f"Projects: all {header.total}.")
    lines.extend(header.notes)
    if header.generated_on is not None:
        lines.append(f"Generated on {header.generated_on.isoformat()} by asean-labour "
                     f"{__version__}.")
    return tuple(lines)


def title_of(row: ProjectRow | TimelineRow) -> str:
    return row.title or MISSING_TITLE


def status_text(row: ProjectRow, cycle: int) -> str:
    """The project's standing in the cycle, in words: `ongoing`, `completed (2016)`,
    `ongoing (2017 part completed)`, `no report received (last: ongoing, 2016)`."""
    if row.status is not None and row.status_cycle == cycle:
        return row.status.label + (f" ({part_label(cycle)})" if row.part else "")
    if row.state in (State.NO_REPORT, State.NOT_DUE):
        text = row.state.label
        if row.status is not None and row.status_cycle is not None:
            when = part_label(row.status_cycle) if row.part else str(row.status_cycle)
            text += f" (last: {row.status.label}, {when})"
        return text
    return f"{row.state.label} ({row.status_cycle})" if row.status_cycle else row.state.label


def _status_as_of(status: Status | None, cycle: int | None) -> str:
    if status is None:
        return "no report"
    return f"{status.label} ({cycle})" if cycle is not None else status.label


def _counts_text(tally: Tally, categories: Sequence[str]) -> str:
    parts = [f"{n} {state_label(key)}" for key, n in tally.counts if n and key in categories]
    return ", ".join(parts) if parts else "none"


def _chart_row(tally: Tally) -> ChartRow:
    return ChartRow(tally.label, tally.counts, tally.total, tally.share_completed)


def _project_table(rows: Sequence[ProjectRow], columns: Sequence[str], cycle: int,
                   footer: bool = True) -> Table:
    """A table of projects with the named columns (see `_CELLS`)."""
    listing = Listing(
        None, tuple(_COLUMNS[name] for name in columns),
        tuple(tuple(_CELLS[name](row, cycle) for name in columns) for row in rows),
        _plural(len(rows), "project") if footer else None)
    return Table(listing)


#: Status and outcome labels ("no report received"): never broken over lines.
_LABELS = tuple(dict.fromkeys((*(s.label for s in Status), "no report",
                               *(state_label(k) for k in (*STATES, *OUTCOMES)))))
_STATUS = Column("Status", ratio=1, min_width=max(map(len, _LABELS)), keep=_LABELS)
_COLUMNS = {
    "id": Column("ID", no_wrap=True),
    "body": Column("Body", no_wrap=True, drop=4),
    "title": Column("Title", ratio=4, min_width=20, shorten=True),
    "coordinators": Column("Coordinators", ratio=2, min_width=len("Brunei Darussalam"),
                           items=True, drop=2),
    "timeline": Column("Timeline", ratio=1, min_width=10, drop=1),
    "status": _STATUS,
    "note": Column("Note", ratio=3, min_width=12, drop=3),
}
_CELLS: dict[str, Callable[[ProjectRow, int], str]] = {
    "id": lambda r, c: r.id,
    "body": lambda r, c: str(r.body),
    "title": lambda r, c: title_of(r),
    "coordinators": lambda r, c: ", ".join(r.coordinator_labels),
    "timeline": lambda r, c: r.timeline,
    "status": status_text,
    "note": lambda r, c: r.note or "",
}


def _section(number: int, title: str) -> Heading:
    return Heading(f"{number}. {title}", 1)


def _none(text: str = "None.") -> Paragraph:
    return Paragraph(text)


# --- the progress report -----------------------------------------------------------------------

def report_document(report: Report) -> Document:
    c = report.cycle
    total = report.total
    blocks: list[Block] = [
        _section(1, "Summary"),
        Paragraph(f"{_plural(total.total, 'project')}; {report.reported} reported in the "
                  f"{c} cycle; {total.completed} completed ({total.share_completed:.0%}). "
                  f"{_counts_text(total, STATES).capitalize()}."),
        Chart(f"Status in the {c} cycle by body", "Body", STATES,
              tuple(_chart_row(t) for t in report.by_body), _chart_row(total)),
        Chart(f"Status in the {c} cycle by key result area", "Key result area", STATES,
              tuple(_chart_row(t) for t in report.by_group), _chart_row(total)),
        Paragraph(f"Status in the {c} cycle: the latest update recorded for the cycle; a "
                  "project completed, cancelled or carried over in an earlier cycle keeps that "
                  "status; a completed report of one year of a longer project is that year's "
                  "part, and the project stays ongoing. No report received: due (the plan "
                  f"starts it by {c} or gives it no years, or it has reported before) and not "
                  f"finished, with no update in the {c} cycle. Not yet due: the plan starts it "
                  f"after {c}. Completed share: completed projects over all projects counted.",
                  small=True),
        _section(2, f"Completed in the {c} cycle"),
    ]
    if report.completed:
        blocks.append(_project_table(report.completed,
                                     ("id", "body", "title", "coordinators", "note"), c))
    else:
        blocks.append(_none(f"No project was reported completed in the {c} cycle."))
    blocks.append(_section(3, f"Due in {c}"))
    blocks.append(Paragraph(f"Projects the plans schedule in {c}, unless finished before "
                            f"the {c} cycle.", small=True))
    blocks.append(_project_table(report.due, ("id", "body", "title", "coordinators",
                                              "status"), c)
                  if report.due else _none())
    blocks.append(_section(4, "No report received"))
    blocks.append(_project_table(report.no_report, ("id", "body", "title", "coordinators",
                                                    "timeline", "status"), c)
                  if report.no_report else _none("Every project due has reported."))
    blocks.append(_section(5, "Past the timeline and not completed"))
    blocks.append(_project_table(report.past_timeline, ("id", "body", "title", "coordinators",
                                                        "timeline", "status"), c)
                  if report.past_timeline else _none())
    blocks.append(_section(6, "Progress by body"))
    for body in report.bodies:
        blocks.append(Heading(f"{body.body}: {'; '.join(body.plans)}"
                              if body.plans else str(body.body), 2))
        blocks.append(Paragraph(f"{_plural(body.tally.total, 'project')}: "
                                f"{_counts_text(body.tally, STATES)}; "
                                f"{body.tally.share_completed:.0%} completed."))
        for group in body.groups:
            blocks.append(Heading(group.group.label, 3))
            for area in group.areas:
                blocks.append(Heading(f"Thematic area {area.number}: {area.title}"
                                      if area.title else f"Thematic area {area.number}", 4))
                blocks.append(_project_table(area.rows, ("id", "title", "coordinators",
                                                         "timeline", "status", "note"),
                                             c, footer=False))
    blocks.append(_section(7, "Completeness of the data"))
    done = report.completeness
    blocks.append(Paragraph(
        f"{_plural(len(done.no_update), 'project')} with no update in the {c} cycle; "
        f"{len(done.missing_coordinator)} without a coordinator and "
        f"{len(done.missing_timeline)} without a timeline (years) in the plan; "
        f"{_plural(len(done.placeholders), 'item')} missing from the source."))
    gaps = done.gaps
    if gaps:
        blocks.append(Table(Listing(
            None, (_COLUMNS["id"], _COLUMNS["body"], _COLUMNS["title"],
                   Column("Missing", ratio=2, min_width=14)),
            tuple((row.id, str(row.body), title_of(row), "; ".join(words))
                  for row, words in gaps))))
    return Document(report.header.title, _meta(report.header), tuple(blocks))


# --- what changed ------------------------------------------------------------------------------

def changes_document(changes: Changes) -> Document:
    first, last = changes.from_cycle, changes.to_cycle
    counts = [f"{len(changes.of(shift))} {shift.value.replace('-', ' ')}" for shift in Shift]
    blocks: list[Block] = [
        Paragraph(f"Status as of the {first} cycle compared with status as of the {last} "
                  f"cycle, for {_plural(changes.header.projects, 'project')}: "
                  + ", ".join(counts) + f"; {changes.unchanged} unchanged."),
        Paragraph("Started: from no report or not started to ongoing or delayed. Slipped: "
                  "became delayed or postponed, or its timeline ended without it being "
                  "completed. Other: any other change of status, such as a first report of "
                  "not started.", small=True),
    ]
    number = 0
    for shift in Shift:
        rows = changes.of(shift)
        if not rows:
            continue
        number += 1
        blocks.append(_section(number, shift.label))
        listing = Listing(
            None,
            (_COLUMNS["id"], _COLUMNS["body"], _COLUMNS["title"], _COLUMNS["coordinators"],
             replace(_STATUS, header=f"As of {first}"),
             replace(_STATUS, header=f"As of {last}"),
             _COLUMNS["note"]),
            tuple((r.project.id, str(r.project.body), title_of(r.project),
                   ", ".join(r.project.coordinator_labels), _status_as_of(r.before, r.before_cycle),
                   _status_as_of(r.after, r.after_cycle)
                   + (f"; {r.reason}" if r.reason else ""),
                   (r.project.note or "") if r.after_cycle and r.after_cycle > first else "")
                  for r in rows),
            _plural(len(rows), "project"))
        blocks.append(Table(listing))
    if not changes.rows:
        blocks.append(_none(f"No project changed between the {first} and {last} cycles."))
    return Document(changes.header.title, _meta(changes.header), tuple(blocks))


# --- the scorecard -----------------------------------------------------------------------------

def scorecard_document(scorecard: Scorecard) -> Document:
    c = scorecard.cycle
    data, laws = Output.DATA.label, Output.LAWS.label
    rows = scorecard.rows
    summary = Listing(
        None,
        (Column("Body", no_wrap=True), Column("Projects", justify="right"),
         Column(f"Reported in {c}", justify="right"),
         Column(data.replace("/", ", "), justify="right"),
         Column(laws.replace("/", ", "), justify="right")),
        (*((str(b.body), str(len(b.rows)), str(b.reported), str(len(b.data)),
            str(len(b.laws))) for b in scorecard.bodies),
         ("Total", str(len(rows)), str(sum(r.reported for r in rows)),
          str(sum(r.data for r in rows)), str(sum(r.laws for r in rows)))))
    blocks: list[Block] = [
        _section(1, "Summary"),
        Table(summary),
        Paragraph(f"Outputs are those recorded with each project's latest update in the {c} "
                  "cycle (asean-labour update --output data or --output laws). In the "
                  f"checklists, Data: {data.lower()}; Laws: {laws.lower()}.", small=True),
    ]
    for number, body in enumerate(scorecard.bodies, start=2):
        blocks.append(_section(number, str(body.body)))
        blocks.append(Paragraph(f"{data}: " + (", ".join(body.data) or "none") + "."))
        blocks.append(Paragraph(f"{laws}: " + (", ".join(body.laws) or "none") + "."))
        blocks.append(Table(Listing(
            None,
            (_COLUMNS["id"], _COLUMNS["title"], _COLUMNS["status"],
             Column("Data", justify="center"), Column("Laws", justify="center"),
             Column("Evidence", ratio=2, min_width=10, drop=1)),
            tuple((r.project.id, title_of(r.project), status_text(r.project, c),
                   CHECK if r.data else "", CHECK if r.laws else "",
                   "; ".join(r.project.evidence) if r.reported else "")
                  for r in body.rows),
            f"{_plural(len(body.rows), 'project')}, {body.reported} reported in {c}")))
    return Document(scorecard.header.title, _meta(scorecard.header), tuple(blocks))


# --- the reviews -------------------------------------------------------------------------------

def review_document(review: Review) -> Document:
    first, last = review.from_cycle, review.to_cycle
    total = review.total
    cycles = [cp.cycle for cp in review.cycles]
    # Outcomes no project reached are left out of the tables (the summary still names them).
    shown = tuple(o for o in OUTCOMES if total.count(o) or any(
        cp.tally.count(o) for cp in review.cycles)) or OUTCOMES[:1]
    blocks: list[Block] = [
        _section(1, "Summary"),
        Paragraph(f"{_plural(total.total, 'project')} as of the {last} cycle: "
                  f"{_counts_text(total, OUTCOMES)}; {total.share_completed:.0%} completed."),
        Chart(f"Outcomes as of the {last} cycle by key result area", "Key result area",
              OUTCOMES, tuple(_chart_row(g.tally) for g in review.groups),
              _chart_row(total)),
        Paragraph("Ongoing: ongoing or delayed, or started and since postponed. Never "
                  f"started: reported not started (or postponed) up to {last}, never under "
                  f"way. No report received: no report at all up to {last}. Not yet due: no "
                  f"report, and the plan starts it after {last}.", small=True),
        _section(2, "Progress cycle by cycle"),
        Table(Listing(
            None,
            (Column("Cycle", no_wrap=True), Column("Reports received", justify="right"),
             *(Column(state_label(o).capitalize(), justify="right") for o in shown)),
            tuple((str(cp.cycle), str(cp.reports), *(str(cp.tally.count(o)) for o in shown))
                  for cp in review.cycles),
            "Outcomes as of each cycle (counted from the latest status up to it).")),
        Table(Listing(
            None,
            (Column("Completed by cycle", ratio=3, min_width=16),
             Column("Projects", justify="right"),
             *(Column(str(year), justify="right") for year in cycles)),
            tuple((g.group.label, str(g.tally.total),
                   *(str(n) for _, n in g.completed_by_cycle)) for g in review.groups))),
        _section(3, "By key result area and thematic area"),
    ]
    for group in review.groups:
        blocks.append(Heading(group.group.label, 2))
        blocks.append(Table(Listing(
            None,
            (Column("Thematic area", ratio=4, min_width=16), Column("Projects", justify="right"),
             *(Column(state_label(o).capitalize(), justify="right") for o in shown)),
            tuple((f"{a.number}. {a.title}", str(a.tally.total),
                   *(str(a.tally.count(o)) for o in shown)) for a in group.areas))))
    blocks.append(_section(4, "Thematic areas where nothing has been delivered"))
    if review.undelivered:
        blocks.append(Table(Listing(
            None,
            (Column("Thematic area", ratio=4, min_width=16),
             Column("Key result area", ratio=2, min_width=12),
             Column("Projects", justify="right"), Column("Where they stand", ratio=3,
                                                         min_width=12)),
            tuple((f"{a.number}. {a.title}", a.group, str(a.tally.total),
                   _counts_text(a.tally, OUTCOMES) if a.tally.total else
                   "no project in the plans") for a in review.undelivered),
            _plural(len(review.undelivered), "thematic area"))))
    else:
        blocks.append(_none("Every thematic area has delivered at least one project."))
    blocks.append(_section(5, f"Never started by {last}"))
    blocks.append(_project_table(review.never_started, ("id", "body", "title", "coordinators",
                                                        "timeline"), last)
                  if review.never_started else _none())
    blocks.append(_section(6, f"No report received by {last}"))
    blocks.append(_project_table(review.no_report, ("id", "body", "title", "coordinators",
                                                    "timeline"), last)
                  if review.no_report else _none())
    blocks.append(_section(7, f"Cancelled by {last}"))
    blocks.append(_project_table(review.cancelled, ("id", "body", "title", "coordinators",
                                                    "note"), last)
                  if review.cancelled else _none())
    meta = _meta(review.header,
                 f"{review.stage.capitalize()} review: outcomes as of the {last} cycle"
                 + (f", progress over the cycles {first}-{last}." if first != last else "."))
    return Document(review.header.title, meta, tuple(blocks))


# --- the timeline ------------------------------------------------------------------------------

def timeline_document(timeline: Timeline) -> Document:
    since = f"as of the {timeline.cycle} cycle" if timeline.cycle is not None else \
        "the latest recorded"
    blocks: list[Block] = [Paragraph(
        f"Bars: the years the plan gives each project (its events included). Status: {since}; "
        "projects without years have no timeline in the plan.", small=True)]
    for body in BODY_ORDER:
        rows = [r for r in timeline.rows if r.body is body]
        if not rows:
            continue
        blocks.append(Heading(str(body), 1))
        blocks.append(Gantt(timeline.years, tuple(
            GanttRow(r.id, title_of(r), frozenset(r.years),
                     str(r.status) if r.status else None,
                     _status_as_of(r.status, r.status_cycle) if r.status else
                     ("" if r.years else "no timeline"))
            for r in rows)))
    if not timeline.rows:
        blocks.append(_none("No project matches."))
    return Document(timeline.header.title, _meta(timeline.header), tuple(blocks))


def document(result: Report | Changes | Scorecard | Review | Timeline) -> Document:
    """The layout of any monitoring document."""
    if isinstance(result, Report):
        return report_document(result)
    if isinstance(result, Changes):
        return changes_document(result)
    if isinstance(result, Scorecard):
        return scorecard_document(result)
    if isinstance(result, Review):
        return review_document(result)
    return timeline_document(result)
