"""Injection: hostile titles and notes are inert in every command and every format; output
files and progress paths never land outside where they belong."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asean_labour.errors import EXIT_FAILURE, EXIT_OK
from tests.conftest import SHIPPED_PLANS, WORK_PLAN, Invoke

HOSTILE = ("=HYPERLINK(\"http://evil\") [bold red]x[/bold red] \x1b[2J\x1b]0;pwned\x07 "
           "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\ <img src=x onerror=alert(1)> "
           "**bold** | pipe | `code` \x9b31m \u2028 end")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
FORMULA = ("=", "+", "-", "@")


@pytest.fixture
def hostile(tiny_plans: Callable[..., Path], invoke: Invoke) -> Path:
    """A plan whose project title is hostile, with a hostile progress note and reporter."""
    folder = tiny_plans(work_plan=WORK_PLAN.replace(
        'title = "Stock taking of labour market information"',
        f"title = {json.dumps(HOSTILE)}"))
    result = invoke("update", "T-1", "--status", "ongoing", "--cycle", "2022", "--note",
                    HOSTILE, "--by", "@SUM(A1)", "--plans", str(folder))
    assert result.exit_code == EXIT_OK, result
    return folder


COMMANDS = [
    ("list", "--cycle", "2022"), ("show", "T-1"), ("log", "--cycle", "2022"),
    ("stats",), ("plans",), ("report", "--cycle", "2022", "--no-timestamp", "--full"),
    ("scorecard", "--cycle", "2022", "--no-timestamp"),
    ("review", "--from", "2021", "--to", "2022", "--no-timestamp"),
    ("timeline", "--cycle", "2022", "--no-timestamp"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_terminal_output_is_inert(invoke: Invoke, hostile: Path, command: tuple[str, ...]
                                  ) -> None:
    result = invoke(*command, "--plans", str(hostile), env={"COLUMNS": "400"})
    assert result.exit_code == EXIT_OK, result
    assert not CONTROLS.search(result.stdout.replace("\n", ""))
    if command[0] in ("list", "show", "log", "report"):
        assert "[bold red]x[/bold red]" in result.stdout  # shown, not interpreted
        assert "\\x1b]0;pwned\\x07" in result.stdout


@pytest.mark.parametrize("command", [c for c in COMMANDS if c[0] not in ("timeline",)],
                         ids=lambda c: c[0])
def test_markdown_output_is_inert(invoke: Invoke, hostile: Path, command: tuple[str, ...]
                                  ) -> None:
    result = invoke(*command, "--plans", str(hostile), "--format", "markdown")
    assert result.exit_code == EXIT_OK, result
    assert not CONTROLS.search(result.stdout.replace("\n", ""))
    assert not re.search(r"(?<!\\)<img", result.stdout)  # HTML escaped: \<img
    assert "**bold**" not in result.stdout  # Markdown escaped


@pytest.mark.parametrize("command", [c for c in COMMANDS if c[0] in
                                     ("list", "show", "log", "stats", "plans")],
                         ids=lambda c: c[0])
def test_csv_output_is_inert(invoke: Invoke, hostile: Path, command: tuple[str, ...]) -> None:
    result = invoke(*command, "--plans", str(hostile), "--format", "csv")
    assert result.exit_code == EXIT_OK, result
    rows = list(csv.reader(io.StringIO(result.stdout)))
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA), cell
            assert not CONTROLS.search(cell.replace("\n", "").replace("\r", ""))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_json_output_round_trips_the_text(invoke: Invoke, hostile: Path,
                                          command: tuple[str, ...]) -> None:
    result = invoke(*command, "--plans", str(hostile), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    assert not CONTROLS.search(result.stdout.replace("\n", ""))  # escaped as \u001b etc.
    document = json.loads(result.stdout)
    strings: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)
    if command[0] in ("list", "show", "log", "report"):
        assert HOSTILE in strings  # the exact text, every character


def test_word_output_is_inert(invoke: Invoke, hostile: Path, tmp_path: Path) -> None:
    import docx

    target = tmp_path / "r.docx"
    result = invoke("report", "--cycle", "2022", "--plans", str(hostile), "-o", str(target))
    assert result.exit_code == EXIT_OK, result
    document = docx.Document(str(target))
    texts = [c.text for t in document.tables for r in t.rows for c in r.cells]
    texts += [p.text for p in document.paragraphs]
    assert any("[bold red]x[/bold red]" in t and "\\x1b]0;pwned\\x07" in t for t in texts)
    assert not any(CONTROLS.search(t.replace("\n", "").replace("\t", "")) for t in texts)


def test_html_output_is_inert(invoke: Invoke, hostile: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    for args in ((), ("--brief",), ("--coordinator", "Viet Nam")):
        result = invoke("report", "--cycle", "2022", *args, "--plans", str(hostile), "-o",
                        str(target), "--force")
        assert result.exit_code == EXIT_OK, result
        text = target.read_text("utf-8")
        assert not CONTROLS.search(text.replace("\n", ""))
        assert "<img" not in text and "onerror=alert(1)" not in text.replace(
            "&lt;img src=x onerror=alert(1)&gt;", "")
    result = invoke("report", "--cycle", "2022", "--full", "--plans", str(hostile), "-o",
                    str(target), "--force")
    text = target.read_text("utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "[bold red]x[/bold red]" in text
    assert "\\x1b]0;pwned\\x07" in text and "=HYPERLINK(&#34;http://evil&#34;)" in text


# --- paths -------------------------------------------------------------------------------------

def test_an_output_path_that_is_a_symlink_is_never_followed(invoke: Invoke, plans: Path,
                                                            tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", "utf-8")
    link = tmp_path / "report.md"
    link.symlink_to(precious)
    refused = invoke("report", "--cycle", "2017", "--plans", str(plans), "-o", str(link))
    assert refused.exit_code != EXIT_OK
    assert precious.read_text("utf-8") == "keep me"
    forced = invoke("report", "--cycle", "2017", "--plans", str(plans), "-o", str(link),
                    "--force")
    assert forced.exit_code == EXIT_OK, forced
    assert precious.read_text("utf-8") == "keep me"  # the link was replaced, not its target
    assert not link.is_symlink()


@pytest.mark.parametrize("cycle", ["../2017", "/tmp/2017", "2017/..", "2017\x00", "２０１７"])
def test_a_cycle_can_never_name_another_folder(invoke: Invoke, plans: Path,
                                               tmp_path: Path, cycle: str) -> None:
    batch = tmp_path / "b.csv"
    batch.write_text(f"project,status,cycle\nACMW-2,ongoing,{cycle}\n", "utf-8")
    result = invoke("update", "--file", str(batch), "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert "cycle: expected a year such as 2017" in result.stderr
    assert not (plans / "progress").exists()


def test_project_ids_with_path_characters_are_refused(invoke: Invoke,
                                                      tiny_plans: Callable[..., Path]) -> None:
    folder = tiny_plans(work_plan=WORK_PLAN.replace('id = "T-1"', 'id = "../../T-1"'))
    result = invoke("validate", "--plans", str(folder))
    assert result.exit_code == EXIT_FAILURE
    assert "'../../T-1' is not a valid project id" in result.stderr


# --- any text in any option --------------------------------------------------------------------

OPTIONS = ["--body", "--coordinator", "--kra", "--theme", "--collaborator", "--measure",
           "--plan", "--search", "--sort", "--status"]


@pytest.mark.slow
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(option=st.sampled_from(OPTIONS), value=st.text(min_size=1, max_size=30).filter(
    lambda v: not v.startswith("-")))
def test_any_option_value_gives_a_result_or_a_clean_error(invoke: Invoke, option: str,
                                                          value: str) -> None:
    result = invoke("list", option, value, "--cycle", "2017", "--plans", str(SHIPPED_PLANS),
                    "--format", "json")
    assert "Traceback" not in result.stderr
    if result.exit_code == EXIT_OK:
        assert json.loads(result.stdout)["kind"] == "projects"
    else:
        assert result.exit_code == 2
        assert result.stderr.strip()
