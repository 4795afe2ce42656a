"""`timeline`: projects as bars across the plan's years, with the filters of `list`, coloured
by status."""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_USAGE
from asean_labour.progress import ProgressStore
from asean_labour.query import Filters, resolve
from asean_labour.report import build_timeline
from tests.conftest import WORK_PLAN, Invoke
from tests.helpers import command_document, command_stdout
from tests.test_report import parse_markdown
from tests.test_report_data import as_of, catalogue, seeded_template


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_template(tmp_path_factory.mktemp("timeline"))


run = functools.partial(command_stdout, "timeline")
timeline_json = functools.partial(command_document, "timeline")


def test_same_projects_as_list_with_the_latest_status(invoke: Invoke, seeded: Path) -> None:
    filters = ("--year", "2018", "--body", "ACMW", "--body", "SLOM-WG")
    document = timeline_json(invoke, seeded, *filters)
    listed = json.loads(invoke("list", *filters, "--plans", str(seeded), "-f", "json").stdout)
    assert [r["id"] for r in document["rows"]] == [p["id"] for p in listed["projects"]]
    assert document["years"] == [2016, 2017, 2018, 2019, 2020]
    latest = as_of(2018)
    for row in document["rows"]:
        expected = latest.get(row["id"])
        assert (row["status"], row["status_cycle"]) == (expected if expected else (None, None))
    earlier = timeline_json(invoke, seeded, "--cycle", "2016", "--body", "ACMW")
    assert {r["id"]: r["status"] for r in earlier["rows"] if r["status"]} == {
        pid: status for pid, (status, _) in as_of(2016).items() if pid.startswith("ACMW")}


def test_terminal_gantt_bars_sit_under_their_years(invoke: Invoke, seeded: Path) -> None:
    out = run(invoke, seeded, "--body", "ACMW", "--cycle", "2017")
    lines = out.splitlines()
    header = next(line for line in lines if "2016 2017 2018 2019 2020" in line)
    start = header.index("2016")

    def bar(pid: str) -> str:
        line = next(line for line in lines if line.startswith(pid + " "))
        return line[start:start + 25]

    assert bar("ACMW-4") == "█████████" + " " * 16  # 2016-2017, joined
    assert bar("ACMW-7") == " " * 10 + "████" + " " * 11  # 2018 alone
    assert bar("ACMW-2") == "█" * 24 + " "  # every year
    assert bar("ACMW-3").strip() == ""  # no years in the plan
    row = next(line for line in lines if line.startswith("ACMW-4 "))
    assert row.rstrip().endswith("ongoing (2017)")
    assert "\x1b" not in out


def test_bars_are_coloured_by_status(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from asean_labour.render.report_layout import document
    from asean_labour.render.report_terminal import print_document

    monkeypatch.delenv("NO_COLOR")
    history = ProgressStore(seeded).history(catalogue())
    result = build_timeline(catalogue(), history, resolve(Filters(bodies=("ACMW",)),
                                                          catalogue()))
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, force_terminal=True, color_system="standard")
    print_document(console, document(result))
    lines = {line.split()[0]: line for line in buffer.getvalue().splitlines()
             if line.startswith("ACMW-")}
    assert "\x1b[32m" in lines["ACMW-9"]  # completed: green
    assert "\x1b[31m" in lines["ACMW-5"]  # cancelled: red
    assert "\x1b[34m" in lines["ACMW-2"]  # ongoing: blue


def test_markdown_and_word_timelines(invoke: Invoke, seeded: Path, tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    headings, tables = parse_markdown(run(invoke, seeded, "--body", "ACMW", "-f", "markdown",
                                          "--no-timestamp"))
    assert (2, "ACMW") in headings
    header, *rows = tables[0]
    assert header == ["ID", "Title", "Coordinators", "2016", "2017", "2018", "2019", "2020",
                      "Status"]
    acmw4 = next(r for r in rows if r[0] == "ACMW-4")
    assert acmw4[3:8] == ["■", "■", "", "", ""]
    assert next(r for r in rows if r[0] == "ACMW-2")[8] == "ongoing (2018)"
    assert next(r for r in rows if r[0] == "ACMW-3")[8] == "no timeline"
    assert next(r for r in rows if r[0] == "ACMW-15")[8] == ""

    target = tmp_path / "timeline.docx"
    run(invoke, seeded, "--body", "ACMW", "-o", str(target))
    table = docx.Document(str(target)).tables[0]
    row = next(r for r in table.rows if r.cells[0].text == "ACMW-9")
    fills = [cell._tc.tcPr.find(qn("w:shd")) for cell in row.cells[3:8]]
    assert [f.get(qn("w:fill")) if f is not None else None for f in fills] == [
        None, "A9D18E", None, None, None]  # 2017 only, completed green


def test_a_project_without_years_and_status_says_so(invoke: Invoke,
                                                    tiny_plans: Callable[..., Path]) -> None:
    title = "[red]Forum[/red] <i>on</i> **migrant** labour"
    folder = tiny_plans(work_plan=WORK_PLAN.replace(
        'title = "Stock taking of labour market information"', f"title = {json.dumps(title)}")
        + '\n[[projects]]\nid = "T-3"\ntitle = "Undated"\nthematic_area = 1\n'
          'timeline = "TBC"\n')
    out = run(invoke, folder, env={"COLUMNS": "200"})
    assert title in out
    assert next(line for line in out.splitlines()
                if line.startswith("T-3 ")).rstrip().endswith("no timeline")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cycle", "2031"], "--cycle 2031 is outside the loaded plans (2016-2020); try "
         "--cycle 2018 (the latest cycle with recorded progress)"),
        (["--theme", "astronomy"], "unknown thematic area 'astronomy'"),
        (["-o", "gantt.pdf"], "cannot tell the format from the extension '.pdf'"),
    ],
)
def test_refusals(invoke: Invoke, seeded: Path, args: list[str], message: str) -> None:
    result = invoke("timeline", *args, "--plans", str(seeded))
    assert result.exit_code == EXIT_USAGE, result
    assert message in result.stderr and result.stdout == ""


@pytest.mark.parametrize("width", [120, 60, 40])
def test_gantt_rows_printed_in_batches_give_the_same_bytes(
        seeded: Path, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """The Gantt's rows go to the console a batch at a time (one `print` per row was most of a
    large timeline's time): the bytes, colours and the lines under narrow bars included, are
    those of one print per row, and the prints are one per batch."""
    from rich.console import Console

    from asean_labour.render import report_terminal
    from asean_labour.render.report_layout import Gantt, document

    monkeypatch.delenv("NO_COLOR")
    result = build_timeline(catalogue(), ProgressStore(seeded).history(catalogue()),
                            resolve(Filters(), catalogue()))
    gantts = [len(b.rows) for b in document(result).blocks if isinstance(b, Gantt)]
    rows = sum(gantts)
    prints = [0]
    original = Console.print

    def counted(self: Console, *args: object, **kwargs: object) -> None:
        prints[0] += 1
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Console, "print", counted)

    def shown(batch: int) -> tuple[str, int]:
        monkeypatch.setattr(report_terminal, "GANTT_BATCH", batch)
        prints[0] = 0
        buffer = io.StringIO()
        console = Console(file=buffer, width=width, force_terminal=True,
                          color_system="standard")
        report_terminal.print_document(console, document(result))
        return buffer.getvalue(), prints[0]

    one_by_one, each = shown(1)
    assert rows > 20 and "\x1b[" in one_by_one
    for batch in (7, max(gantts), report_terminal.GANTT_BATCH):
        out, batched = shown(batch)
        assert out == one_by_one
        assert each - batched == rows - sum(-(-n // batch) for n in gantts)  # ceil, each
