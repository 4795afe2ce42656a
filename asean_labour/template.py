"""The reporting workbook of a cycle: which projects it asks about and which columns it has.

Each year the secretariat sends every body (or country focal point) a workbook listing the
projects due in the cycle, with columns for reference (title, years, coordinators, the last
status reported) and columns to fill in (status, date, note, ...). The workbook records the
cycle and body it was made for, so it is never read back into another cycle by mistake.

This module is the plain data; `render/template_xlsx.py` writes it with openpyxl, and
`batch` reads the filled-in workbook back with the same column names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from asean_labour import __version__
from asean_labour.model import Catalogue, Project
from asean_labour.query import Filters
from asean_labour.status import Status

if TYPE_CHECKING:
    from asean_labour.cycles import CycleChoice
    from asean_labour.progress import History

UPDATES_SHEET = "Updates"
INSTRUCTIONS_SHEET = "Instructions"
#: The hidden sheet that records what the workbook was made for (key in A, value in B).
META_SHEET = "asean-labour"
META_TITLE = "asean-labour reporting workbook"
FORMAT_VERSION = 1
HEADER_ROW = 3  # a title and a hint above it


@dataclass(frozen=True)
class TemplateColumn:
    header: str  # as the workbook shows it; read back through batch.column_key
    field: str | None  # the batch field it holds; None: for reference, ignored when read back
    width: int  # in characters
    help: str
    fill: bool = False  # filled in by the focal point (else read-only, for reference)


PROJECT_COLUMN = TemplateColumn("Project", "project", 13, "The project id (do not change).")
REFERENCE_COLUMNS = (
    PROJECT_COLUMN,
    TemplateColumn("Title", None, 50, "The project as the work plan names it."),
    TemplateColumn("Years", None, 11, "The years the plan schedules it."),
    TemplateColumn("Coordinators", None, 20, "Who coordinates it."),
    TemplateColumn("Last reported", None, 16,
                   "The last status recorded, and its cycle ('no report' if none)."),
)
FILL_COLUMNS = (
    TemplateColumn("Status", "status", 14, "Required: pick from the list.", fill=True),
    TemplateColumn("Date", "date", 12, "When the progress happened, e.g. 2018-06-30 "
                   "(blank: the day it is recorded).", fill=True),
    TemplateColumn("Note", "note", 40, "What happened, in words.", fill=True),
    TemplateColumn("Reported by", "reported_by", 16, "Who reports (blank: the officer who "
                   "records the workbook).", fill=True),
    TemplateColumn("Outputs", "outputs", 11, "Scorecard outputs delivered: data "
                   "(data/information/statistics), laws (laws/standards/policies), or "
                   "'data; laws'.", fill=True),
    TemplateColumn("Evidence", "evidence", 26, "Links or document references, separated "
                   "by ';'.", fill=True),
)
CARRIED_TO_COLUMN = TemplateColumn(
    "Carried to", "carried_to", 14, "With 'carried over' only: the project that continues it "
    "in the successor plan.", fill=True)
ALL_COLUMNS = (*REFERENCE_COLUMNS, *FILL_COLUMNS, CARRIED_TO_COLUMN)

#: The statuses as the workbook's drop-down offers them (read back by `parse_status`).
STATUS_CHOICES = tuple(s.label for s in Status)
OUTPUT_CHOICES = ("data", "laws", "data; laws")


@dataclass(frozen=True)
class TemplateRow:
    project: str
    title: str
    years: str
    coordinators: str
    last_reported: str

    def reference(self) -> tuple[str, ...]:
        """The values of the reference columns, in order."""
        return (self.project, self.title, self.years, self.coordinators, self.last_reported)


@dataclass(frozen=True)
class Template:
    cycle: int
    body: str  # the body (or bodies) it is for; "" when it is for every body
    coordinators: str  # the coordinators it was limited to, if any
    filters: str  # the filters it was made with, as options
    made_on: dt.date
    columns: tuple[TemplateColumn, ...]
    rows: tuple[TemplateRow, ...]

    @property
    def audience(self) -> str:
        """Who the workbook is for, in words: 'ACMW', 'Viet Nam (ACMW)', 'all bodies'."""
        who = self.coordinators or self.body or "All bodies"
        return f"{who} ({self.body})" if self.coordinators and self.body else who

    @property
    def title(self) -> str:
        return f"{self.audience}: progress for the SLOM reporting cycle {self.cycle}"

    def meta(self) -> list[tuple[str, str | int]]:
        """What the hidden sheet records, read back by `read_meta`."""
        return [(META_TITLE, f"format {FORMAT_VERSION}"), ("cycle", self.cycle),
                ("body", self.body), ("coordinators", self.coordinators),
                ("filters", self.filters), ("projects", len(self.rows)),
                ("made_on", self.made_on.isoformat()), ("made_by", f"asean-labour {__version__}")]


def asked_projects(catalogue: Catalogue, projects: Sequence[Project], history: History,
                   cycle: int) -> list[Project]:
    """The projects a cycle's workbook asks about, in plan order: those the cycle asks for a
    report (`standing.Standing.due`, the rule `list --stale` and the report use: started by
    the cycle's year, or given no year at all ("TBC", "as needed"), and not finished before
    it), and only in plans whose period covers the cycle (an update outside a plan's period
    cannot be recorded)."""
    from asean_labour.standing import standings

    covered = [p for p in projects
               if catalogue.plan_of(p).start <= cycle <= catalogue.plan_of(p).end]
    found = standings(covered, history, cycle)
    return [p for p in covered if found[p.id].due]


def build(catalogue: Catalogue, history: History, selected: Sequence[Project], cycle: int,
          filters: Filters, today: dt.date) -> Template:
    """The workbook for a cycle: a row for each project it asks about (`asked_projects`)."""
    from asean_labour.involvement import years_text
    from asean_labour.standing import is_part, part_label
    from asean_labour.views import coordinator_labels

    due = asked_projects(catalogue, selected, history, cycle)
    latest = history.latest(cycle, as_of=True)  # the last report, in any cycle up to this one
    rows = []
    for project in due:
        update = latest.get(project.id)
        if update is None:
            last = "no report"
        elif is_part(update, project):
            last = part_label(update.cycle)
        else:
            last = f"{update.status.label} ({update.cycle})"
        rows.append(TemplateRow(project.id, project.title or "(missing from the source)",
                                years_text(project.all_years) or "no year given",
                                ", ".join(coordinator_labels(project)), last))
    vocabulary = catalogue.vocabulary
    bodies = [str(vocabulary.body(b) or b) for b in filters.bodies]
    if not bodies:
        bodies = sorted({str(p.body) for p in due}) if len({p.body for p in due}) == 1 else []
    coordinators = [vocabulary.coordinator(c) or c for c in filters.coordinators]
    closing = any(catalogue.plan_of(p).end == cycle for p in due)
    columns = (*REFERENCE_COLUMNS, *FILL_COLUMNS, *((CARRIED_TO_COLUMN,) if closing else ()))
    return Template(cycle, ", ".join(dict.fromkeys(bodies)), ", ".join(coordinators),
                    filter_options(filters), today, columns, tuple(rows))


def check_output(output: Path, force: bool) -> None:
    """Before any work is done: the workbook's file is an Excel file's name that may be
    written (`render.report_output.check_output`: a regular file, `force` to replace one)."""
    from asean_labour.errors import UsageError
    from asean_labour.render.report_output import check_output as check_file

    if output.suffix.casefold() != ".xlsx":
        raise UsageError(f"--output {output}: a reporting workbook is an Excel file; give a "
                         "name ending in .xlsx")
    check_file(output, force)


def make(catalogue: Catalogue, history: History, filters: Filters, cycle: int | None,
         today: dt.date, output: Path) -> tuple[Template, CycleChoice]:
    """The workbook of the cycle given (else the default cycle) for the projects the filters
    select, and the cycle chosen; `InvalidInput` naming `output` when no selected project is
    due in the cycle (nothing to ask about, so nothing is written)."""
    from asean_labour import cycles
    from asean_labour.errors import InvalidInput, Problem
    from asean_labour.query import resolve, select

    selected = select(catalogue, resolve(filters, catalogue))
    choice = cycles.choose(catalogue, history, cycle)
    made = build(catalogue, history, selected, choice.year, filters, today)
    if not made.rows:
        year = choice.year
        raise InvalidInput([Problem(str(output), f"no project of the {len(selected)} selected "
                                    f"is due in cycle {year} (due: scheduled by {year} or "
                                    "given no year, not finished before it, in a plan that "
                                    "covers the year)")],
                           "nothing to ask about; nothing was written")
    return made, choice


def filter_options(filters: Filters) -> str:
    """The filters as the options that give them: `--body ACMW --coordinator Viet Nam`."""
    names = (("--body", filters.bodies), ("--year", filters.years),
             ("--coordinator", filters.coordinators), ("--kra", filters.kras),
             ("--theme", filters.themes), ("--collaborator", filters.collaborators),
             ("--measure", filters.measures), ("--plan", filters.plans),
             ("--period", filters.periods),
             ("--search", filters.search))
    return " ".join(f"{option} {value}" for option, values in names for value in values)


@dataclass(frozen=True)
class Made:
    """What a workbook says it was made for (its hidden sheet), read back."""

    cycle: int | None
    body: str
    coordinators: str


def read_meta(pairs: Sequence[tuple[object, object]]) -> Made | None:
    """The hidden sheet's key/value rows, or None when the workbook has no such sheet (any
    workbook with the batch columns is read, not only the tool's own)."""
    values = {str(k).strip(): v for k, v in pairs if k is not None}
    if META_TITLE not in values:
        return None
    cycle = values.get("cycle")
    if isinstance(cycle, float) and cycle.is_integer():
        cycle = int(cycle)
    if isinstance(cycle, str) and cycle.strip().isdigit():
        cycle = int(cycle.strip())
    return Made(cycle if isinstance(cycle, int) and not isinstance(cycle, bool) else None,
                str(values.get("body") or ""), str(values.get("coordinators") or ""))
