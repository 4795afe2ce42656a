"""What `update` does, from the options it was given to a recorded change, for any front end:
which options go together, who reports, reading a batch file, the cycle it goes into, the rows
of an export read back that repeat what is recorded, the refusal that names every problem, and
whose return a batch is. Nothing here prints: remarks go to the `note` and `announce`
functions the caller gives.

Two steps, so that a mistake in the options is refused before the plans are loaded:
`prepare` (the options and the batch file) and `apply` (against the plans and the store).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from asean_labour.errors import UsageError

if TYPE_CHECKING:
    from asean_labour.batch import Batch, Request
    from asean_labour.config import Config
    from asean_labour.cycles import CycleChoice
    from asean_labour.model import Catalogue
    from asean_labour.recording import Recorded

STATUSES = ("not-started, ongoing, delayed, postponed, completed, cancelled, carried-over")


@dataclass(frozen=True)
class UpdateOptions:
    """What `update` was asked: one project's update (`project` and its fields), or a batch
    file (`file`, '-' for standard input) and whose return it is."""

    project: str | None = None
    status: str | None = None
    final: bool = False
    note: str | None = None
    cycle: int | None = None
    date: str | None = None
    by: str | None = None
    delivered: Sequence[str] = ()
    evidence: Sequence[str] = ()
    carried_to: str | None = None
    file: str | None = None
    input_format: str | None = None
    return_bodies: Sequence[str] = ()
    return_countries: Sequence[str] = ()
    dry_run: bool = False


@dataclass(frozen=True)
class Prepared:
    """The updates asked for, read and typed, not yet checked against the plans."""

    options: UpdateOptions
    requests: list[Request]
    source: str  # "command line", or the batch file's name as messages give it
    reporter: str
    cycle: int | None  # --cycle, or the cycle a reporting workbook was made for
    batch: Batch | None = None
    batch_name: str | None = None  # the change's source: the file's name, "standard input"


def prepare(options: UpdateOptions, config: Config, note: Callable[[str], None]) -> Prepared:
    """Check which options go together, find who reports, and read the batch file (its
    remarks to `note`); `UsageError` or `InvalidInput` for what cannot be recorded."""
    from asean_labour.batch import Request, format_from_name, read_batch, read_input
    from asean_labour.settings import reporter_setting

    if (options.project is None) == (options.file is None):
        raise UsageError("give either a project ID or --file FILE (see `asean-labour update "
                         "--help`)")
    if options.file is None and (options.return_bodies or options.return_countries):
        raise UsageError("--body and --coordinator say whose return a batch is: use them "
                         "with --file FILE (a single update is no return)")
    reporter = str(reporter_setting(options.by, config).value)
    if options.file is None:
        if options.status is None:
            raise UsageError(f"--status is required: one of {STATUSES}")
        request = Request(project=options.project, status=options.status, cycle=options.cycle,
                          date=options.date, note=options.note,
                          reported_by=options.by if options.by and options.by.strip()
                          else None,
                          outputs=tuple(options.delivered), evidence=tuple(options.evidence),
                          carried_to=options.carried_to, final=options.final or None)
        return Prepared(options, [request], "command line", reporter, options.cycle)
    given = [name for name, value in (("--status", options.status), ("--note", options.note),
                                      ("--date", options.date),
                                      ("--delivered", options.delivered),
                                      ("--evidence", options.evidence),
                                      ("--carried-to", options.carried_to),
                                      ("--final", options.final)) if value]
    if given:
        raise UsageError(f"{', '.join(given)} cannot be used with --file: the batch file "
                         "gives them per row (--cycle and --by set defaults)")
    raw, source = read_input(options.file)
    batch = read_batch(raw, source, options.input_format or format_from_name(options.file))
    for line in batch.notes:
        note(line)
    name = Path(options.file).name if options.file != "-" else "standard input"
    return Prepared(options, batch.requests, source, reporter,
                    batch.default_cycle(options.cycle), batch, name)


def apply(prepared: Prepared, folder: Path, catalogue: Catalogue, *,
          note: Callable[[str], None],
          announce: Callable[[dict[str, CycleChoice]], None]) -> Recorded | None:
    """Check the updates against the plans and record them as one change (or, dry, say what
    would be recorded); None when every row of an export repeats what is recorded. The
    cycle a row takes by default is given to `announce`; skipped rows to `note`."""
    from asean_labour import cycles
    from asean_labour.progress import ProgressStore
    from asean_labour.recording import check_requests, export_cycle, record

    store = ProgressStore(folder)
    requests = prepared.requests
    batch = prepared.batch
    defaulted = any(r.cycle is None or (isinstance(r.cycle, str) and not r.cycle.strip())
                    for r in requests)
    # The default cycle needs the store read: only when a row takes it (or --cycle is
    # outside the plans, and the refusal suggests it).
    choice = cycles.choose(catalogue, lambda: store.history(catalogue), prepared.cycle) \
        if prepared.cycle is not None or defaulted else cycles.CycleChoice(0)
    if defaulted:
        announce({"--cycle": choice})
    if batch is not None and batch.export:
        # A `list --format csv` export read back: rows that only repeat the status shown as
        # of the export's cycle are no new report (batch.drop_unchanged).
        batch.drop_unchanged(catalogue, store.history(catalogue).latest(
            export_cycle(requests, choice.year), as_of=True))
        requests = batch.requests
    if batch is not None and batch.problems:  # refused: with the checks against the plans
        raise batch.refusal(check_requests(requests, catalogue, prepared.source, choice.year,
                                           prepared.reporter, cycles.today()).problems)
    covers = None
    if batch is not None:
        from asean_labour.returns import coverage

        options = prepared.options
        covers = coverage(batch, catalogue, options.return_bodies, options.return_countries)
        for line in batch.skipped_notes():
            note(line)
    if not requests:  # every row of an export repeats what is recorded
        return None
    return record(store, catalogue, requests, source=prepared.source,
                  default_cycle=choice.year, reporter=prepared.reporter,
                  batch_name=prepared.batch_name, dry_run=prepared.options.dry_run,
                  covers=covers)


def from_option(value: str) -> str:
    """`update --from FILE`, this release's spelling of `--file FILE` (deprecated): the file.
    A year is refused: `--from` and `--to` are cycles (in `report` and `review`)."""
    if re.fullmatch(r"\s*\d{4}\s*", value):
        raise UsageError(f"--from {value.strip()}: --from and --to are cycles, in `report "
                         "--changes` and `review`; `update` records one cycle, given by "
                         "--cycle (and reads a batch with --file FILE)")
    return value


def output_option(values: Sequence[str]) -> list[str]:
    """`update --output data|laws`, this release's spelling of `--delivered` (deprecated):
    the outputs delivered. Anything else is refused: --output is a file everywhere, and
    `update` writes none."""
    from asean_labour.status import Output, parse_output

    for value in values:
        if parse_output(value) is None:
            raise UsageError(f"--output {value}: `update` writes no file; the outputs a "
                             f"project delivered are --delivered {'|'.join(Output)}")
    return list(values)
