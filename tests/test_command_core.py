"""The commands' rules, in the core where a second front end can use them: `update`'s options
and batch (updating.py), the reporting commands' options and cycles (report_request.py), the
workbook's file and rows (template.py), the whole check of `validate` (validation.py), and the
one rule for an output's format and file (render/target.py). Called directly, without Typer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from asean_labour import report_request, updating
from asean_labour.cache import load_catalogue
from asean_labour.config import Config
from asean_labour.errors import InvalidInput, UsageError
from asean_labour.progress import ProgressStore
from asean_labour.query import Filters
from asean_labour.render import ListFormat, ReportFormat
from asean_labour.render.destination import FORMATS as LIST_FORMATS
from asean_labour.render.report_output import FORMATS as REPORT_FORMATS
from asean_labour.render.target import choose
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "acmw-2017.csv"
NO_CONFIG = Config()


# --- update -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("options", "message"), [
    (updating.UpdateOptions(), "give either a project ID or --file FILE"),
    (updating.UpdateOptions(project="ACMW-2", file="x.csv"), "give either a project ID"),
    (updating.UpdateOptions(project="ACMW-2", status="ongoing", return_bodies=("ACMW",)),
     "--body and --coordinator say whose return a batch is"),
    (updating.UpdateOptions(project="ACMW-2"), "--status is required"),
    (updating.UpdateOptions(file=str(EXAMPLE), note="x", delivered=("data",)),
     "--note, --delivered cannot be used with --file"),
    (updating.UpdateOptions(project="ACMW-2", status="ongoing", by="a\nb"),
     "--by: contains a line break"),
])
def test_updates_options_are_checked_before_anything_is_read(
        options: updating.UpdateOptions, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(")):
        updating.prepare(options, NO_CONFIG, note=lambda text: None)


def test_a_batch_prepared_then_applied(plans: Path) -> None:
    notes: list[str] = []
    announced: list[object] = []
    prepared = updating.prepare(updating.UpdateOptions(file=str(EXAMPLE), by="Ana",
                                                       dry_run=True),
                                NO_CONFIG, note=notes.append)
    assert (prepared.source, prepared.batch_name, prepared.reporter) == (
        str(EXAMPLE), "acmw-2017.csv", "Ana")
    assert len(prepared.requests) == 15
    recorded = updating.apply(prepared, plans, load_catalogue(plans), note=notes.append,
                              announce=announced.append)
    assert recorded is not None and recorded.dry_run and recorded.change is not None
    assert recorded.cycle == 2017 and len(recorded.change.updates) == 15
    assert announced == []  # every row names its cycle
    assert not (plans / "progress").exists()  # a dry run writes nothing


def test_one_update_takes_the_default_cycle_and_says_so(plans: Path) -> None:
    announced: list[dict[str, object]] = []
    notes: list[str] = []
    prepared = updating.prepare(updating.UpdateOptions(project="ACMW-2", status="ongoing",
                                                       by="Ana"), NO_CONFIG, note=notes.append)
    recorded = updating.apply(prepared, plans, load_catalogue(plans), note=notes.append,
                              announce=announced.append)
    assert notes == []
    assert recorded is not None and recorded.path is not None and recorded.path.exists()
    assert list(announced[0]) == ["--cycle"]


def test_the_old_spellings_rules() -> None:
    assert updating.from_option("round.csv") == "round.csv"
    with pytest.raises(UsageError, match="--from and --to are cycles"):
        updating.from_option(" 2017 ")
    assert updating.output_option(["data", "Laws"]) == ["data", "Laws"]
    with pytest.raises(UsageError, match="`update` writes no file"):
        updating.output_option(["data", "out.csv"])


# --- the reporting commands -----------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    ((False, 2017, None, False, False, ReportFormat.TABLE), "add --changes"),
    ((False, None, None, True, True, ReportFormat.TABLE), "cannot be used together"),
    ((True, None, None, False, True, ReportFormat.TABLE), "--full is for the progress report"),
    ((False, None, None, True, False, ReportFormat.XLSX), "--brief is one page of text"),
])
def test_the_report_options_rules(args: tuple[bool, int | None, int | None, bool, bool,
                                              ReportFormat], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        report_request.report_view(*args)


def test_the_report_views_and_dates() -> None:
    from asean_labour.render.report_layout import View

    assert report_request.report_view(False, None, None, True, False, ReportFormat.DOCX) \
        is View.BRIEF
    assert report_request.report_view(False, None, None, False, False, ReportFormat.TABLE) \
        is None
    assert report_request.generated_on(True, None) is None
    assert report_request.generated_on(False, "2026-12-01") == dt.date(2026, 12, 1)
    with pytest.raises(UsageError, match="cannot be used together"):
        report_request.generated_on(True, "2026-12-01")
    with pytest.raises(UsageError, match="expected a date as YYYY-MM-DD"):
        report_request.generated_on(False, "1 December")


def test_the_cycles_of_changes_and_reviews(plans: Path) -> None:
    catalogue = load_catalogue(plans)
    history = ProgressStore(plans).history(catalogue)
    chosen = report_request.changes_cycles(catalogue, history, None, None, 2018)
    assert (chosen["--from"].year, chosen["--to"].year) == (2017, 2018)
    assert chosen["--from"].reason == "the cycle before 2018" and chosen["--to"].given
    with pytest.raises(UsageError, match="outside the loaded plans"):
        report_request.changes_cycles(catalogue, history, None, None, 2016)
    with pytest.raises(UsageError, match="disagree"):
        report_request.changes_cycles(catalogue, history, 2017, None, 2018)
    review = report_request.review_cycles(catalogue, history, None, 2018)
    assert (review["--from"].year, review["--to"].year) == (2016, 2018)


def test_the_imprint_from_options_and_the_config_file(tmp_path: Path) -> None:
    config = Config(meeting="The 14th SLOM", prepared_by=None, path=tmp_path / "c.toml")
    assert report_request.imprint(None, None, config) == report_request.Imprint(
        "The 14th SLOM", None)  # the document's own default for who prepared it
    assert report_request.imprint("Special SLOM", " the Secretariat ", config) == \
        report_request.Imprint("Special SLOM", "the Secretariat")
    with pytest.raises(UsageError, match="--meeting: expected a name on one line"):
        report_request.imprint("two\nlines", None, config)


# --- the reporting workbook, validate -----------------------------------------------------------

def test_the_workbooks_file_and_rows(plans: Path, tmp_path: Path) -> None:
    from asean_labour import template

    with pytest.raises(UsageError, match="a reporting workbook is an Excel file"):
        template.check_output(tmp_path / "acmw.csv", force=False)
    catalogue = load_catalogue(plans)
    history = ProgressStore(plans).history(catalogue)
    made, choice = template.make(catalogue, history, Filters(bodies=("ACMW",)), 2018,
                                 dt.date(2018, 3, 1), tmp_path / "a.xlsx")
    assert (choice.year, choice.given, made.body) == (2018, True, "ACMW")
    assert len(made.rows) == 18
    with pytest.raises(InvalidInput) as refused:
        template.make(catalogue, history, Filters(search=("no such words anywhere",)), 2018,
                      dt.date(2018, 3, 1), tmp_path / "a.xlsx")
    assert refused.value.problems[0].file == str(tmp_path / "a.xlsx")
    assert "nothing was written" in refused.value.message


def test_validation_of_a_whole_folder(plans: Path) -> None:
    from asean_labour.validation import validate

    valid = validate(plans)
    assert (valid.files, len(valid.catalogue.projects), valid.thematic_areas) == (4, 79, 23)
    (plans / "ratifications" / "broken.toml").write_text("[[", "utf-8")
    with pytest.raises(InvalidInput, match="1 problem found"):
        validate(plans)


# --- which format and file ----------------------------------------------------------------------

def test_one_rule_for_the_format_and_the_file(tmp_path: Path) -> None:
    assert choose(None, None, False, LIST_FORMATS) == (ListFormat.TABLE, None)
    assert choose(None, None, False, REPORT_FORMATS) == (ReportFormat.TABLE, None)
    assert choose(None, tmp_path / "a.csv", False, LIST_FORMATS) == (ListFormat.CSV,
                                                                    tmp_path / "a.csv")
    assert choose(None, tmp_path / "a.txt", False, REPORT_FORMATS)[0] is ReportFormat.TABLE
    assert choose(ReportFormat.DOCX, tmp_path / "a.doc", False, REPORT_FORMATS)[0] \
        is ReportFormat.DOCX  # an extension that names no format: --format says
    for fmt, formats, output, message in (
            (ListFormat.XLSX, LIST_FORMATS, None, "give --output FILE.xlsx"),
            (ReportFormat.HTML, REPORT_FORMATS, None, "writes a web page: give --output "
             "FILE.html"),
            (ListFormat.TABLE, LIST_FORMATS, tmp_path / "a.txt", "is for the terminal"),
            (ReportFormat.XLSX, REPORT_FORMATS, tmp_path / "a.csv", "a workbook's name ends "
             "in .xlsx"),
            (ReportFormat.JSON, REPORT_FORMATS, tmp_path / "a.md", "does not match"),
            (None, REPORT_FORMATS, tmp_path / "a.pdf", "cannot tell the format")):
        with pytest.raises(UsageError, match=message):
            choose(fmt, output, False, formats)  # type: ignore[type-var]
    (tmp_path / "there.csv").write_text("x", "utf-8")
    with pytest.raises(UsageError, match="already exists; use --force"):
        choose(None, tmp_path / "there.csv", False, LIST_FORMATS)
    with pytest.raises(UsageError, match="--force replaces an existing --output file"):
        choose(None, None, True, REPORT_FORMATS)
