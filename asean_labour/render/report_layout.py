"""What each monitoring document says, in which order, as format-free blocks.

The core (`asean_labour.report`) builds the data; this module decides the sections, headings,
sentences, tables and charts of the page; `report_terminal`, `report_markdown`, `report_docx`
and `report_html` only draw these blocks. User text stays plain here: each renderer makes it
inert for its own format.

The progress report comes in four views of the same `Report`: the full report (a cover, a
table of contents, the executive summary, one section per body, the annex with every project
once), the one-pager of a country or a partner (`--coordinator`, `--collaborator`), the
one-page brief for Ministers (`--brief`), and the terminal's summary (figures, bars, what needs
attention; `--full` shows every section).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from asean_labour.involvement import years_text
from asean_labour.render import Column, Listing
from asean_labour.report import (
    DELIVERED,
    OUTCOMES,
    STATES,
    BodySection,
    Changes,
    Delivered,
    Header,
    ProjectRow,
    RatificationFacts,
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

MISSING_TITLE = "(item missing from the source)"
CHECK = "✓"
PREPARED_BY = "the ASEAN Secretariat"
MEETING = "Senior Labour Officials Meeting (SLOM)"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
#: Attention points name each delayed or postponed project up to this many; beyond, by body.
ATTENTION_ITEMS = 8


class View(StrEnum):
    """How much of the progress report to show."""

    FULL = "full"  # every section (files; the terminal with --full)
    SUMMARY = "summary"  # figures, bars, what needs attention (the terminal's default)
    BRIEF = "brief"  # one page for Ministers (--brief)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 (a numbered section) to 4
    new_page: bool = False  # starts a page in Word and in print


@dataclass(frozen=True)
class Paragraph:
    text: str
    small: bool = False  # explanations and legends, drawn quieter
    keep: bool = False  # on the same page as what follows (the words that lead into a table)


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    listing: Listing
    compact: bool = False  # smaller type, where a page must hold many rows (one-pagers)
    #: the same table cut into narrower ones (a matrix by group of columns), for a terminal
    #: too narrow for it whole; the other formats draw `listing`
    parts: tuple[Listing, ...] = ()
    whole: bool = False  # a short table kept on one page (Word, print)


@dataclass(frozen=True)
class ChartRow:
    label: str
    counts: tuple[tuple[str, int], ...]  # (category key, count), in category order
    total: int
    completed: float  # share completed (or what the chart's `share` names), 0..1


@dataclass(frozen=True)
class Chart:
    """Counts by category per row: stacked bars (a terminal, Word, HTML), a count table
    (Markdown). `title` is the caption; `key` names the figure (file names, HTML ids)."""

    title: str
    label: str  # the header of the row labels ("Body", "Key result area")
    categories: tuple[str, ...]  # keys; `state_label` names them
    rows: tuple[ChartRow, ...]
    total: ChartRow | None = None
    key: str = "chart"
    detail: bool = True  # the terminal prints each row's counts under its bar
    share: str = "completed"  # what each row's share counts ("Completed", "Share completed")
    bars: str = "Status"  # what the bars show, the header of their column in a terminal

    def shown_categories(self) -> tuple[str, ...]:
        """The categories with at least one project (so empty columns are left out)."""
        rows = (*self.rows, *((self.total,) if self.total else ()))
        return tuple(c for c in self.categories
                     if any(dict(r.counts).get(c, 0) for r in rows)) or self.categories[:1]

    def alt_text(self) -> str:
        """The chart in words, for readers who cannot see it (alt text in Word and HTML)."""
        rows = (*self.rows, *((self.total,) if self.total else ()))
        described = "; ".join(f"{r.label}: {_plural(r.total, 'project')}, "
                              f"{_counts_text(r.counts, self.categories)}" for r in rows)
        return f"Bar chart. {self.title}. {described}."


@dataclass(frozen=True)
class GanttRow:
    id: str
    title: str
    years: frozenset[int]
    status: str | None  # a status value, for the colour
    status_text: str
    coordinators: str = ""  # with the years a coordinator is limited to: Malaysia (2016-2018)
    #: who coordinates changes over the project's years (a coordinator the plan limits to some
    #: years, an event's host): the terminal says so under the bar
    varies: bool = False


@dataclass(frozen=True)
class Gantt:
    years: tuple[int, ...]
    rows: tuple[GanttRow, ...]


@dataclass(frozen=True)
class Contents:
    """A table of contents of the level 1 and 2 headings (Word and HTML only)."""

    title: str = "Contents"


Block = Heading | Paragraph | Bullets | Table | Chart | Gantt | Contents


@dataclass(frozen=True)
class Cover:
    """The cover page of a document that leaves the secretariat (Word and HTML)."""

    meeting: str  # "The 14th SLOM"
    title: str
    lines: tuple[str, ...]  # programme, scope
    prepared_by: str  # "Prepared by the ASEAN Secretariat"
    date: str | None  # "1 December 2026"


@dataclass(frozen=True)
class Document:
    title: str
    meta: tuple[str, ...]  # programme, scope, date: under the title
    blocks: tuple[Block, ...] = field(default=())
    cover: Cover | None = None
    running_title: str = ""  # the page header in Word and print (default: the title)
    subject: str = ""  # document properties
    author: str = ""
    category: str = "Progress report"  # document properties: what kind of document
    pages: int | None = None  # the most pages it may take in Word (a one-pager: 2)
    shorter: Document | None = None  # a shorter version, for Word when it takes more pages
    dense: bool = False  # Word sets the compact tables in smaller type

    def __post_init__(self) -> None:
        # A chart of nothing says nothing (no project selected): leave it out.
        object.__setattr__(self, "blocks", tuple(
            b for b in self.blocks if not (isinstance(b, Chart) and not b.rows)))
        if not self.running_title:
            object.__setattr__(self, "running_title", self.title)


# --- shared ------------------------------------------------------------------------------------

def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def long_date(day: dt.date) -> str:
    """A date as a ministry writes it: `1 December 2026` (whatever the locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def and_list(parts: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _imprint(header: Header, *extra: str) -> tuple[str, ...]:
    """Under the title where there is no cover (a terminal, Markdown, a one-pager): the
    meeting, programmes, any `extra`, what is covered, notes, who prepared it and when."""
    when = f", {long_date(header.generated_on)}" if header.generated_on else ""
    return (*((header.meeting,) if header.meeting else ()), *header.programmes, *extra,
            _scope(header), *header.notes, f"{prepared_by(header)}{when}.")


def _running(header: Header, title: str) -> str:
    """The page header of Word and print: the meeting and the title."""
    return f"{header.meeting}: {title}" if header.meeting else title


def cover_page(header: Header, title: str | None = None) -> Cover:
    """The cover of a document that goes to SLOM: the meeting (SLOM itself by default), the
    title, the programme and what is covered, who prepared it, the date."""
    bodies = and_list(list(header.bodies))
    scope = (f"{_plural(header.projects, 'project')} of {header.total} "
             f"({'; '.join(header.selection)})" if header.selection else
             f"All {_plural(header.total, 'project')} of the {bodies} work plans" if bodies
             else f"All {_plural(header.total, 'project')} of the work plans")
    return Cover(
        meeting=header.meeting or MEETING,
        title=title or header.title,
        lines=(*header.programmes, scope),
        prepared_by=prepared_by(header),
        date=long_date(header.generated_on) if header.generated_on else None,
    )


def _sent(header: Header, blocks: Sequence[Block], subject: str, category: str,
          *extra: str) -> Document:
    """A document that leaves the secretariat: the cover, the running title, the properties
    (`extra`: lines under the title where there is no cover)."""
    return Document(header.title, _imprint(header, *extra), tuple(blocks),
                    cover=cover_page(header), running_title=_running(header, header.title),
                    subject=subject, author=_author(header), category=category)


def _scope(header: Header) -> str:
    if header.selection:
        return f"Projects: {header.projects} of {header.total} ({'; '.join(header.selection)})."
    return f"Projects: all {header.total}."


def prepared_by(header: Header) -> str:
    return f"Prepared by {header.prepared_by or PREPARED_BY}"


def _author(header: Header) -> str:
    """The document's author property: who prepared it, without a leading article."""
    name = header.prepared_by or PREPARED_BY
    return name[4:] if name.casefold().startswith("the ") else name


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


def last_report(row: ProjectRow, cycle: int) -> str:
    """The latest status reported before or in the cycle: `ongoing (2017)`, or `none`."""
    if row.status is None:
        return "none"
    return f"{row.status.label} ({row.status_cycle})"


def _status_as_of(status: Status | None, cycle: int | None) -> str:
    if status is None:
        return "no report"
    return f"{status.label} ({cycle})" if cycle is not None else status.label


def _counts_text(counts: Tally | Iterable[tuple[str, int]], categories: Sequence[str],
                 skip: Sequence[str] = ()) -> str:
    """`6 completed, 2 ongoing and 51 no report received` (categories with projects only)."""
    pairs = counts.counts if isinstance(counts, Tally) else counts
    parts = [f"{n} {state_label(key)}" for key, n in pairs
             if n and key in categories and key not in skip]
    return and_list(parts) if parts else "none"


def _chart_row(tally: Tally, share: Sequence[str] = ("completed",)) -> ChartRow:
    """A chart's row from a tally; its share counts the categories `share` (completed)."""
    part = sum(tally.count(key) for key in share)
    return ChartRow(tally.label, tally.counts, tally.total,
                    part / tally.total if tally.total else 0.0)


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
    "last": Column("Last report", ratio=1, min_width=11, keep=_STATUS.keep),
    "note": Column("Note", ratio=3, min_width=12, drop=3),
    "status-note": Column("Status and note", ratio=2, min_width=14, keep=_STATUS.keep),
}
_CELLS: dict[str, Callable[[ProjectRow, int], str]] = {
    "id": lambda r, c: r.id,
    "body": lambda r, c: str(r.body),
    "title": lambda r, c: title_of(r),
    "coordinators": lambda r, c: ", ".join(r.coordinator_labels),
    "timeline": lambda r, c: r.timeline,
    "status": status_text,
    "last": last_report,
    "note": lambda r, c: r.note or "",
    "status-note": lambda r, c: status_text(r, c) + (f": {r.note}" if r.note else ""),
}


def _section(number: int, title: str, new_page: bool = False) -> Heading:
    return Heading(f"{number}. {title}", 1, new_page)


def _none(text: str = "None.") -> Paragraph:
    return Paragraph(text)


# --- the progress report -----------------------------------------------------------------------

def report_document(report: Report, view: View = View.FULL) -> Document:
    """The progress report in the view asked for; a country's or a partner's report is a
    one-pager rather than the full report."""
    if view is View.BRIEF:
        return brief_document(report)
    if view is View.SUMMARY:
        return summary_document(report)
    if report.header.subject:
        return one_pager_document(report)
    return full_report_document(report)


def _running_title(report: Report) -> str:
    return _running(report.header, report.header.title)


def _report_meta(report: Report) -> tuple[str, ...]:
    """Under the title when there is no cover: meeting, programmes, scope, notes, who, when."""
    return _imprint(report.header)


def _document(report: Report, title: str, blocks: Sequence[Block],
              cover: Cover | None = None) -> Document:
    header = report.header
    return Document(title, _report_meta(report), tuple(blocks), cover=cover,
                    running_title=_running_title(report) if title == header.title
                    else f"{_running_title(report)}: brief",
                    subject=f"Progress of the ASEAN labour work plans in the {report.cycle} "
                            "reporting cycle", author=_author(header))


def headline(report: Report) -> tuple[str, ...]:
    """The headline figures in sentences: reported, completed, the other states, overdue."""
    c, total = report.cycle, report.total
    if not total.total:
        return ("No project matches the selection.",)
    silent = len(report.attention.silent)
    no_report = total.count(State.NO_REPORT)
    first = (f"{report.reported} of the {_plural(total.total, 'project')} reported on their "
             f"progress in the {c} cycle")
    if no_report:
        first += (f"; no report was received for {_plural(no_report, 'project')} that "
                  f"{'was' if no_report == 1 else 'were'} due")
        if silent:
            first += f", {silent} of them for the second cycle running"
    sentences = [first + "."]
    done, now = total.completed, len(report.completed)
    if done:
        sentences.append(
            f"{_plural(done, 'project')} {'is' if done == 1 else 'are'} completed "
            f"({total.share_completed:.0%} of all), "
            + ("none of them in this cycle." if not now else
               "all in this cycle." if now == done else f"{now} of them in this cycle."))
    else:
        sentences.append("No project is completed yet.")
    others = _counts_text(total, STATES, skip=(State.COMPLETED, State.NO_REPORT))
    if others != "none":
        sentences.append(f"Of the others: {others}.")
    if report.past_timeline:
        past = len(report.past_timeline)
        sentences.append(f"{_plural(past, 'project')} {'is' if past == 1 else 'are'} past "
                         "the timeline of the plan and not completed.")
    if report.carried_over:
        carried = len(report.carried_over)
        verb = "continues" if carried == 1 else "continue"
        sentences.append(f"{_plural(carried, 'project')} {verb} one carried over from an "
                         "earlier plan.")
    return (" ".join(sentences),)


def by_body_sentences(report: Report) -> tuple[str, ...]:
    """One sentence per body: reported, completed, delayed (postponed), no report received."""
    lines = []
    for body in report.bodies:
        tally = body.tally
        slipped = f"{tally.count(State.DELAYED)} delayed"
        if tally.count(State.POSTPONED):
            slipped += f", {tally.count(State.POSTPONED)} postponed"
        lines.append(f"{body.body}: {body.reported} of {_plural(tally.total, 'project')} "
                     f"reported; {tally.completed} completed ({tally.share_completed:.0%}), "
                     f"{slipped}, {tally.count(State.NO_REPORT)} no report received.")
    return tuple(lines)


def status_charts(report: Report, detail: bool = True) -> tuple[Chart, Chart]:
    c = report.cycle
    return (
        Chart(f"Status of the projects in the {c} cycle, by body", "Body", STATES,
              tuple(_chart_row(t) for t in report.by_body), _chart_row(report.total),
              key="status-by-body", detail=detail),
        Chart(f"Status of the projects in the {c} cycle, by key result area",
              "Key result area", STATES, tuple(_chart_row(t) for t in report.by_group),
              _chart_row(report.total), key="status-by-kra", detail=detail),
    )


def _briefly(row: ProjectRow, short: bool = False) -> str:
    who = f" ({', '.join(row.coordinators)})" if row.coordinators else ""
    title = shortened(title_of(row), 80) if short else title_of(row)
    return f"{row.id}, {row.state.label}: {title}{who}."


def _ids_by_body(rows: Sequence[ProjectRow], order: Sequence[str]
                 ) -> list[tuple[str, list[str]]]:
    return [(str(body), ids) for body in order
            if (ids := [r.id for r in rows if r.body == body])]


def _ids(ids: Sequence[str], limit: int | None) -> str:
    if limit is None or len(ids) <= limit:
        return ", ".join(ids)
    return ", ".join(ids[:limit]) + f" and {len(ids) - limit} more"


def attention_points(report: Report, limit: int | None = None) -> tuple[str, ...]:
    """What needs SLOM's attention: each delayed or postponed project (by body when there are
    many), and by body the projects with no report in this cycle nor the one before (`limit`:
    name at most so many ids per line and shorten titles, for a screen; 0: count them
    only)."""
    c, points = report.cycle, report.attention
    order = [section.body for section in report.bodies]
    slipped = (*points.delayed, *points.postponed)
    items: list[str] = []
    if len(slipped) <= ATTENTION_ITEMS:
        items.extend(_briefly(row, short=limit is not None) for row in slipped)
    else:
        for rows in (points.delayed, points.postponed):
            if rows:
                label = rows[0].state.label.capitalize()
                items.extend(f"{label}, {body} ({len(ids)}): {_ids(ids, limit)}."
                             for body, ids in _ids_by_body(rows, order))
    items.extend(f"{body}: {len(ids)} without a report in either {c - 1} or {c}"
                 + (f": {_ids(ids, limit)}." if limit != 0 else ".")
                 for body, ids in _ids_by_body(points.silent, order))
    if not items:
        items.append("No project is reported delayed or postponed, and none due has gone "
                     "without a report two cycles running.")
    return tuple(items)


def shortened(text: str, limit: int = 60) -> str:
    """Text cut at a word to at most `limit` characters, with "…" when cut (the brief names
    projects; the full report gives their titles whole)."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def brief_points(report: Report) -> tuple[str, str, str, str, str]:
    """Five lines of what matters, for Ministers."""
    c, total, points = report.cycle, report.total, report.attention
    no_report = total.count(State.NO_REPORT)
    reporting = (f"Reporting: {report.reported} of {_plural(total.total, 'project')} "
                 f"reported in the {c} cycle; no report was received for {no_report} that "
                 f"{'was' if no_report == 1 else 'were'} due"
                 + (f", {len(points.silent)} of them for two cycles running." if points.silent
                    else "."))
    completed = (f"Delivered: {len(report.completed)} completed in the {c} cycle, "
                 f"{total.completed} in all so far ({total.share_completed:.0%}).")
    slipped = (*points.delayed, *points.postponed)
    if slipped:
        named = "; ".join(f"{r.id} {shortened(title_of(r))}" for r in slipped[:3])
        more = f"; and {len(slipped) - 3} more" if len(slipped) > 3 else ""
        end = "" if (more or named)[-1] in ".…" else "."
        delays = (f"Delays: {len(points.delayed)} delayed and {len(points.postponed)} "
                  f"postponed: {named}{more}{end}")
    else:
        delays = "Delays: no project is reported delayed or postponed."
    by_silence = sorted(((b.tally.count(State.NO_REPORT), b.tally.total, str(b.body))
                         for b in report.bodies), key=lambda b: -b[0])
    if by_silence and by_silence[0][0]:
        count, of, body = by_silence[0]
        gaps = (f"Follow-up: {body} has the most projects without a report ({count} of "
                f"{of}).")
    else:
        gaps = "Follow-up: every project due has reported."
    past = len(report.past_timeline)
    overdue = (f"Timelines: {_plural(past, 'project')} {'is' if past == 1 else 'are'} past "
               "the timeline of the plan and not completed." if past else
               "Timelines: no project is past the timeline of the plan without being "
               "completed.")
    return reporting, completed, delays, gaps, overdue


def full_report_document(report: Report) -> Document:
    """Cover, contents, executive summary, one section per body, the annex."""
    c = report.cycle
    by_body, by_kra = status_charts(report)
    blocks: list[Block] = [
        Contents(),
        _section(1, "Executive summary", new_page=True),
        Heading("Headline figures", 2),
        *(Paragraph(text) for text in headline(report)),
        Bullets(by_body_sentences(report)),
        by_body,
        by_kra,
        Heading("Points for SLOM's attention", 2),
        Bullets(attention_points(report)),
        *returns_blocks(report),
        _section(2, "Progress by body", new_page=True),
        Paragraph(f"For each body: what was completed in the {c} cycle, what is delayed or "
                  "postponed, and the projects due from which no report was received. Every "
                  "project is listed in the annex.", small=True),
    ]
    for index, body in enumerate(report.bodies):
        blocks.extend(_body_blocks(report, body, new_page=index > 0))
    blocks.extend(_annex(report))
    return _document(report, report.header.title, blocks, cover=cover_page(report.header))


def _body_blocks(report: Report, body: BodySection, new_page: bool) -> list[Block]:
    """A body's section: its figures, then only what matters; each body after the first
    starts a page (so a body's pages can be handed to it)."""
    c = report.cycle
    rows = body.rows
    completed = {r.id for r in report.completed}
    done = [r for r in rows if r.id in completed]
    slipped = [r for r in rows if r.state in (State.DELAYED, State.POSTPONED)]
    silent = [r for r in rows if r.state is State.NO_REPORT]
    blocks: list[Block] = [
        Heading(str(body.body), 2, new_page),
        Paragraph(f"{'; '.join(body.plans) + ': ' if body.plans else ''}"
                  f"{_plural(body.tally.total, 'project')}, {body.reported} reported in the "
                  f"{c} cycle: {_counts_text(body.tally, STATES)} "
                  f"({body.tally.share_completed:.0%} completed)."),
    ]
    if done:
        blocks += [Heading(f"Completed in the {c} cycle", 3),
                   _project_table(done, ("id", "title", "coordinators", "note"), c)]
    if slipped:
        blocks += [Heading("Delayed or postponed", 3),
                   _project_table(slipped, ("id", "title", "coordinators", "status", "note"),
                                  c)]
    if silent:
        blocks += [Heading("No report received", 3),
                   _project_table(silent, ("id", "title", "coordinators", "timeline", "last"),
                                  c)]
    if not (done or slipped or silent):
        blocks.append(Paragraph(f"Nothing completed, delayed or postponed in the {c} cycle, "
                                "and every project due reported."))
    return blocks


def _explanation(report: Report) -> Paragraph:
    c = report.cycle
    return Paragraph(
        f"Status in the {c} cycle: the latest update recorded for the cycle; a project "
        "completed, cancelled or carried over in an earlier cycle keeps that status, with its "
        "cycle; a completed report of one year of a longer project is that year's part, and "
        f"the project stays ongoing. No report received: due (the plan starts it by {c} or "
        "gives it no years, or it has reported before) and not finished, with no update in "
        f"the {c} cycle; the last report is shown. Not yet due: the plan starts it after "
        f"{c}.", small=True)


def _completeness(report: Report) -> Paragraph:
    done = report.completeness
    return Paragraph(
        f"Completeness of the data: {len(done.missing_coordinator)} without a coordinator "
        f"and {len(done.missing_timeline)} without a timeline (years) in the plan; "
        f"{_plural(len(done.placeholders), 'item')} missing from the source.", small=True)


def _annex(report: Report) -> list[Block]:
    c = report.cycle
    blocks: list[Block] = [
        Heading("Annex. Every project, by body and thematic area", 1, new_page=True),
        _explanation(report),
        _completeness(report),
    ]
    for index, body in enumerate(report.bodies):
        blocks.append(Heading(f"{body.body}: {'; '.join(body.plans)}" if body.plans
                              else str(body.body), 2, new_page=index > 0))
        for group in body.groups:
            blocks.append(Heading(group.group.label, 3))
            for area in group.areas:
                blocks.append(Heading(f"Thematic area {area.number}: {area.title}"
                                      if area.title else f"Thematic area {area.number}", 4))
                blocks.append(_project_table(area.rows, ("id", "title", "coordinators",
                                                         "timeline", "status", "note"),
                                             c, footer=False))
    return blocks


# --- a one-pager's conventions and instruments -------------------------------------------------

_CONVENTION_TITLE = re.compile(r"^(.*?) Convention, \d{4} \(No\. ?\d+\)$")


def short_convention(title: str) -> str:
    """`Forced Labour` for `Forced Labour Convention, 1930 (No. 29)`: the legend under a
    one-pager's matrix, where the codes head the columns."""
    found = _CONVENTION_TITLE.match(title)
    return found.group(1) if found else title


def _groups(facts: RatificationFacts) -> list[tuple[str, list[int]]]:
    """The conventions' groups, in order, with the positions of their conventions."""
    groups: dict[str, list[int]] = {}
    for index, convention in enumerate(facts.conventions):
        groups.setdefault(str(convention.group), []).append(index)
    return list(groups.items())


def ratification_listing(facts: RatificationFacts) -> tuple[Listing, tuple[Listing, ...]]:
    """The matrix (Member States x conventions; a country: its row), the count of Member
    States that ratified each convention last; and the same cut by group of conventions."""
    from asean_labour.ratification_views import cell_text

    columns = (Column("Member State", no_wrap=True),
               *(Column(c.code, no_wrap=True, justify="center") for c in facts.conventions))
    rows = [(row.country, *(cell_text(f) for f in row.facts)) for row in facts.rows]
    rows.append(("Ratified by" if facts.every_state else "ASEAN: ratified by",
                 *(str(n) for n in facts.ratified_by)))
    whole = Listing(None, columns, tuple(rows))
    parts = tuple(
        Listing(None, (columns[0], *(columns[1 + i] for i in positions)),
                tuple((row[0], *(row[1 + i] for i in positions)) for row in rows))
        for _, positions in _groups(facts))
    return whole, parts if len(parts) > 1 else ()


def _ratified(facts: RatificationFacts, positions: Sequence[int]) -> int:
    from asean_labour.ratifications import Standing as Ratified

    row = facts.rows[0]
    return sum(1 for i in positions
               if (fact := row.facts[i]) is not None and fact.standing is Ratified.RATIFIED)


def ratification_blocks(report: Report, level: int = 2, matrix: bool = True) -> list[Block]:
    """A one-pager's ILO conventions: the ILO's, the matrix of every Member State (without
    `matrix`: only how many ratified each convention); a country's, its own row with how
    many Member States ratified each; the date the facts are taken as of and why, the
    legend, the conventions' names and the sources."""
    from asean_labour.ratification_views import LEGEND

    facts = report.ratifications
    if facts is None:
        return []
    groups = _groups(facts)
    names = and_list([group for group, _ in groups])
    when = f"as verified on or before {long_date(facts.as_of)}, {facts.basis}"
    most = max(facts.with_data, default=0)
    if facts.every_state:
        heading = f"ILO {names} conventions: ratification by the Member States"
        intro = f"Ratification by each ASEAN Member State, {when}." if matrix else (
            f"How many of the {most} ASEAN Member States with data have ratified each "
            f"convention, {when}. Each Member State's standing is in the HTML version of "
            "this report.")
    else:
        row = facts.rows[0]
        heading = f"{row.country} and the ILO {names} conventions"
        if all(f is None for f in row.facts):
            since = f" (an ASEAN Member State since {long_date(row.member_since)})" \
                if row.member_since else ""
            intro = f"No data on {row.country}{since}, {when}."
        else:
            counts = and_list([
                (f"all {len(positions)}" if _ratified(facts, positions) == len(positions)
                 else f"{_ratified(facts, positions)} of the {len(positions)}")
                + f" {group} convention{'s' if len(positions) > 1 else ''}"
                for group, positions in groups])
            intro = f"{row.country} has ratified {counts}, {when}."
    of = f"of the {most} with data" if len(set(facts.with_data)) == 1 else "of those with data"
    legend = [LEGEND, f"{'Ratified by' if facts.every_state else 'ASEAN: ratified by'}: "
              f"the Member States that have ratified it, {of}."]
    legend += [f"{group.capitalize()}: " + "; ".join(
        f"{facts.conventions[i].code} {short_convention(facts.conventions[i].title)}"
        for i in positions) + "." for group, positions in groups]
    legend += [f"* {row.country}, {fact.code}: {fact.note}" for row in facts.rows
               for fact in row.facts if fact is not None and fact.note]
    if facts.every_state:
        legend += [f"{row.country}: no data (an ASEAN Member State since "
                   f"{long_date(row.member_since)})." for row in facts.rows
                   if row.member_since and all(f is None for f in row.facts)]
    by_date: dict[dt.date, list[str]] = {}
    for record in facts.records:
        by_date.setdefault(record.verified, []).append(record.title or record.source)
    legend += [f"Verified {long_date(day)}: {'; '.join(titles)}."
               for day, titles in by_date.items()]
    whole, parts = ratification_listing(facts)
    if not matrix:  # the count row alone
        first = replace(whole.columns[0], header="Convention")
        whole = replace(whole, columns=(first, *whole.columns[1:]), rows=whole.rows[-1:])
        parts = tuple(replace(part, columns=(first, *part.columns[1:]), rows=part.rows[-1:])
                      for part in parts)
        # no cell to explain (the intro says what the counts are), no cell's note
        legend = [line for line in legend[2:] if not line.startswith("* ")]
    return [Heading(heading, level), Paragraph(intro, keep=True),
            Table(whole, compact=True, parts=parts, whole=True),
            Paragraph(" ".join(legend), small=True)]


def instrument_blocks(report: Report, level: int = 2) -> list[Block]:
    """The ASEAN instruments a one-pager's projects are linked to, or whose commitments name
    its partner: adopted where and when, which of its projects, which items."""
    found = report.instruments
    if found is None:
        return []
    blocks: list[Block] = [Heading("ASEAN instruments", level)]
    partner = found.partner
    if not found.items:
        naming = f" or names the {partner}" if partner else ""
        blocks.append(Paragraph(f"None of the {_plural(found.loaded, 'ASEAN instrument')} "
                                f"in the plans is linked to these projects{naming}."))
        return blocks
    rows = []
    for item in found.items:
        lines = []
        if item.projects:
            ids = ", ".join(pid for pid, _ in item.projects)
            lines.append(f"{ids} ({len(item.projects)} of the {item.linked} linked)")
        else:
            lines.append(f"none (of the {item.linked} linked)" if item.linked
                         else "none (no project is linked)")
        if item.naming:
            noun = "Item" if len(item.naming) == 1 else "Items"
            verb = "names" if len(item.naming) == 1 else "name"
            lines.append(f"{noun} {', '.join(map(str, item.naming))} {verb} the {partner}.")
        rows.append((f"{item.name} ({item.id})", f"{long_date(item.date)}\n{item.place}",
                     "\n".join(lines)))
    dates = tuple(long_date(item.date) for item in found.items)
    blocks.append(Table(Listing(
        None, (Column("Instrument", ratio=3, min_width=20),
               Column("Adopted", ratio=1, min_width=max(map(len, dates)), keep=dates),
               Column("Projects here", ratio=2, min_width=14, items=True)),
        tuple(rows)), compact=True, whole=True))
    return blocks


#: A one-pager takes at most this many pages in Word.
ONE_PAGER_PAGES = 2


def one_pager_document(report: Report) -> Document:
    """A country's or a partner's report: the figures, one chart, what needs attention, each
    of its projects once, its ILO ratifications and its ASEAN instruments. In Word it takes
    at most two pages: where it does not fit, shorter versions are tried in turn (`shorter`):
    its tables in 8 pt; then without the chart (the sentences above it give its figures);
    then the ILO's matrix as the count of Member States that ratified each convention."""
    versions = [_one_pager(report, dense, chart, matrix) for dense, chart, matrix in
                ((False, True, True), (True, True, True), (True, False, True),
                 (True, False, False))]
    if report.ratifications is None or not report.ratifications.every_state:
        versions = versions[:3]  # no matrix to count
    document = versions[-1]
    for version in reversed(versions[:-1]):
        document = replace(version, shorter=document)
    return document


def _one_pager(report: Report, dense: bool, chart: bool, matrix: bool) -> Document:
    c = report.cycle
    by_body, _ = status_charts(report)
    rows = [r for body in report.bodies for r in body.rows]
    blocks: list[Block] = [
        Heading("Summary", 2),
        *(Paragraph(text) for text in headline(report)),
        *((by_body,) if chart else ()),
        Heading("Points for attention", 2),
        Bullets(attention_points(report, limit=0)),  # the table below names each project
        *returns_blocks(report, summary=True),
        Heading(f"The projects and their status in the {c} cycle", 2),
        Table(_project_table(rows, ("id", "title", "status-note"), c, footer=False).listing,
              compact=True),
        *ratification_blocks(report, matrix=matrix),
        *instrument_blocks(report),
    ]
    return replace(_document(report, report.header.title, blocks), pages=ONE_PAGER_PAGES,
                   dense=dense)


def returns_sentence(report: Report) -> str:
    """Who has answered, in a sentence: `Returns for the 2018 cycle received from ACMW (2 March
    2018, acmw-2018.xlsx); still to answer: SLOM-WG and 7 of the 9 Member States asked
    (Indonesia, ...).`"""
    from asean_labour.returns import BODY

    c = report.cycle
    if not report.returns:
        return f"No return is expected for the {c} cycle: no project selected is due in it."
    received = [f"{a.name} ({long_date(a.received_on)}"
                + (f", {a.latest.file}" if a.latest is not None and a.latest.file else "")
                + ")" for a in report.returns if a.received_on is not None]
    bodies = [a.name for a in report.returns if a.kind == BODY and not a.answered]
    countries = [a for a in report.returns if a.kind != BODY]
    silent = [a.name for a in countries if not a.answered]
    text = (f"Returns for the {c} cycle received from {and_list(received)}" if received
            else f"No return for the {c} cycle has been received yet")
    missing = list(bodies)
    if len(silent) == 1 == len(countries):
        missing.append(silent[0])
    elif silent and len(silent) == len(countries):
        missing.append(f"all {len(countries)} Member States asked")
    elif silent:
        missing.append(f"{len(silent)} of the {_plural(len(countries), 'Member State')} "
                       f"asked ({', '.join(silent)})")
    return text + (f"; still to answer: {and_list(missing)}." if missing else
                   "; every body and Member State asked has answered.")


def returns_blocks(report: Report, summary: bool = False) -> list[Block]:
    """Who has answered (returns.py): under its own heading, a table per body and Member
    State in the full report; in the summaries (the terminal's, a one-pager), a sentence
    after the points for attention."""
    if summary:
        return [Paragraph(returns_sentence(report))]
    heading = Heading(f"Returns for the {report.cycle} cycle", 2)
    from asean_labour.views import returns_listing

    listing = replace(returns_listing(report.returns, report.cycle, long_date), title=None)
    return [heading, Paragraph("Per body, and per Member State coordinating a project due in "
                               "the cycle: whether its return (the reporting workbook or file "
                               "it sent back) has been recorded, on which day, from which "
                               "file, and how many returns in all.", small=True),
            Table(listing)]


def summary_document(report: Report) -> Document:
    """The terminal's default, within a screen or two: the figures, the bars (by body, with
    the number reported; by KRA), what needs attention, and where the rest is."""
    by_body, by_kra = status_charts(report, detail=False)
    blocks: list[Block] = [
        Heading("Summary", 1),
        *(Paragraph(text) for text in headline(report)),
        by_body,
        by_kra,
        Heading("Points for SLOM's attention", 1),
        Bullets(attention_points(report, limit=6)),
        *returns_blocks(report, summary=True),
        *ratification_blocks(report, 1),
        *instrument_blocks(report, 1),
        Paragraph("Every section (each body, every project): add --full. For SLOM: "
                  f"--output slom-{report.cycle}.docx (or .html).", small=True),
    ]
    header = report.header
    meeting = f"{header.meeting}: " if header.meeting else ""
    meta = (f"{meeting}{'; '.join(header.programmes)}.", _scope(header), *header.notes)
    return Document(header.title, meta, tuple(blocks))


def brief_title(report: Report) -> str:
    subject = report.header.subject
    return (f"{subject}: " if subject else "") + \
        f"Brief for Ministers, reporting cycle {report.cycle}"


def brief_document(report: Report) -> Document:
    """One page for Ministers: the figures, one chart, five lines of what matters."""
    by_body, _ = status_charts(report, detail=False)
    blocks: list[Block] = [
        Heading("The figures", 1),
        *(Paragraph(text) for text in headline(report)),
        by_body,
        Heading("What matters", 1),
        Bullets(brief_points(report)),
    ]
    return _document(report, brief_title(report), blocks)


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
        notes = [(r.project.note or "") if r.after_cycle and r.after_cycle > first else ""
                 for r in rows]
        reasons = tuple(dict.fromkeys(f"({r.reason})" for r in rows if r.reason))
        listing = Listing(
            None,
            (_COLUMNS["id"], _COLUMNS["title"], _COLUMNS["coordinators"],
             replace(_STATUS, header=f"As of {first}"),
             replace(_STATUS, header=f"As of {last}", keep=_STATUS.keep + reasons),
             *((_COLUMNS["note"],) if any(notes) else ())),  # (the ids name the bodies)
            tuple((r.project.id, title_of(r.project),
                   ", ".join(r.project.coordinator_labels), _status_as_of(r.before, r.before_cycle),
                   _status_as_of(r.after, r.after_cycle)
                   + (f"\n({r.reason})" if r.reason else ""),
                   *((note,) if any(notes) else ()))
                  for r, note in zip(rows, notes, strict=True)),
            _plural(len(rows), "project"))
        blocks.append(Table(listing))
    if not changes.rows:
        blocks.append(_none(f"No project changed between the {first} and {last} cycles."))
    return _sent(changes.header, blocks,
                 f"Changes in the ASEAN labour work plans between the {first} and {last} "
                 "reporting cycles", "Changes between reporting cycles")


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
        Paragraph(f"Outputs are those reported with each project's latest update in the {c} "
                  f"cycle. In the checklists, Data: {data.lower()}; Laws: {laws.lower()}.",
                  small=True),
        output_chart(scorecard),
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
    return _sent(scorecard.header, blocks,
                 f"Outputs of the ASEAN labour work plans in the {c} reporting cycle",
                 "Scorecard")


def output_chart(scorecard: Scorecard) -> Chart:
    """The scorecard's chart: each body's projects by what they delivered in the cycle (both
    kinds of output, one, none recorded, no update), with the share that delivered any."""
    delivered = (Delivered.DATA_AND_LAWS, Delivered.DATA_ONLY, Delivered.LAWS_ONLY)
    return Chart(f"Outputs of the projects in the {scorecard.cycle} cycle, by body", "Body",
                 DELIVERED, tuple(_chart_row(b.tally, delivered) for b in scorecard.bodies),
                 _chart_row(scorecard.tally, delivered), key="outputs-by-body",
                 share="with output", bars="Outputs")


# --- the reviews -------------------------------------------------------------------------------

def review_document(review: Review) -> Document:
    first, last = review.from_cycle, review.to_cycle
    total = review.total
    cycles = [cp.cycle for cp in review.cycles]
    # Outcomes no project reached are left out of the tables (the summary still names them).
    shown = tuple(o for o in OUTCOMES if total.count(o) or any(
        cp.tally.count(o) for cp in review.cycles)) or OUTCOMES[:1]
    blocks: list[Block] = [
        Contents(),
        _section(1, "Summary", new_page=True),
        Paragraph(f"{_plural(total.total, 'project')} as of the {last} cycle: "
                  f"{_counts_text(total, OUTCOMES)}; {total.share_completed:.0%} completed."),
        Chart(f"Outcomes as of the {last} cycle, by body", "Body", OUTCOMES,
              tuple(_chart_row(t) for t in review.by_body), _chart_row(total),
              key="outcomes-by-body", bars="Outcomes"),
        Chart(f"Outcomes as of the {last} cycle, by key result area", "Key result area",
              OUTCOMES, tuple(_chart_row(g.tally) for g in review.groups),
              _chart_row(total), key="outcomes-by-kra", bars="Outcomes"),
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
    span = f"cycles {first}-{last}" if first != last else f"cycle {last}"
    return _sent(review.header, blocks,
                 f"{review.stage.capitalize()} review of the ASEAN labour work plans, {span}",
                 f"{review.stage.capitalize()} review",
                 f"{review.stage.capitalize()} review: outcomes as of the {last} cycle"
                 + (f", progress over the cycles {first}-{last}." if first != last else "."))


# --- the timeline ------------------------------------------------------------------------------

def timeline_document(timeline: Timeline) -> Document:
    since = f"as of the {timeline.cycle} cycle" if timeline.cycle is not None else \
        "the latest recorded"
    blocks: list[Block] = [Paragraph(
        f"Bars: the years the plan gives each project (its events included). Status: {since}; "
        "projects without years have no timeline in the plan. Coordinators: with the years "
        "the plan limits one to, or the year of the event it hosts, e.g. Malaysia "
        "(2016-2018).", small=True)]
    first = True
    for body in timeline.bodies:
        rows = [r for r in timeline.rows if r.body == body]
        if not rows:
            continue
        blocks.append(Heading(str(body), 1, new_page=not first))
        first = False
        blocks.append(Gantt(timeline.years, tuple(
            GanttRow(r.id, title_of(r), frozenset(r.years),
                     str(r.status) if r.status else None,
                     _status_as_of(r.status, r.status_cycle) if r.status else
                     ("" if r.years else "no timeline"),
                     ", ".join(r.coordinator_labels),
                     len({names for _, names in r.coordinators}) > 1)
            for r in rows)))
    if not timeline.rows:
        blocks.append(_none("No project matches."))
    span = years_text(timeline.years)
    return _sent(timeline.header, blocks,
                 f"Timeline of the ASEAN labour work plans{f', {span}' if span else ''}",
                 "Timeline")


def document(result: Report | Changes | Scorecard | Review | Timeline,
             view: View = View.FULL) -> Document:
    """The layout of any monitoring document (`view`: of the progress report)."""
    if isinstance(result, Report):
        return report_document(result, view)
    if isinstance(result, Changes):
        return changes_document(result)
    if isinstance(result, Scorecard):
        return scorecard_document(result)
    if isinstance(result, Review):
        return review_document(result)
    return timeline_document(result)
