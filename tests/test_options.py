"""One meaning per option across every command: an option's name has one kind of value, a short
flag one long name, --output is a file, --from and --to are cycles, the table has one name;
the old spellings (`update --from FILE`, `update --output data`, `--format terminal`) still
work for this release, with a warning, or are refused when they would mean something else."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from asean_labour.cli import app
from asean_labour.errors import EXIT_OK, EXIT_USAGE
from tests.conftest import ROOT, Invoke
from tests.helpers import run_json

EXAMPLE = ROOT / "examples" / "acmw-2017.csv"


def _commands(command: Any = None, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every command of the app, the plans group's subcommands included, by its name."""
    command = command or typer.main.get_command(app)
    for name, sub in getattr(command, "commands", {}).items():
        if hasattr(sub, "commands"):
            yield from _commands(sub, (*path, name))
        else:
            yield " ".join((*path, name)), sub


def _options() -> list[tuple[str, Any]]:
    """Every visible option of every command, with its command's name."""
    return [(name, p) for name, command in _commands() for p in command.params
            if p.param_type_name == "option" and not p.hidden]


def test_every_command_is_audited() -> None:
    names = {name for name, _ in _commands()}
    assert {"list", "update", "report", "config", "plans new", "plans import"} <= names
    assert len(names) == 20


def test_a_short_flag_has_one_long_name_everywhere() -> None:
    seen: dict[str, set[str]] = {}
    for _, option in _options():
        longs = [o for o in option.opts if o.startswith("--")]
        for short in (o for o in option.opts if not o.startswith("--")):
            seen.setdefault(short, set()).update(longs)
    assert {short: longs for short, longs in seen.items() if len(longs) != 1} == {}
    assert seen["-o"] == {"--output"} and seen["-f"] == {"--format"}
    assert seen["-i"] == {"--file"} and seen["-c"] == {"--coordinator"}


def test_an_option_takes_one_kind_of_value_everywhere() -> None:
    kinds: dict[str, set[str]] = {}
    for _, option in _options():
        kinds.setdefault(option.opts[0], set()).add(option.type.name)
    assert {name: k for name, k in kinds.items() if len(k) != 1} == {}


def test_output_is_a_file_in_every_command_that_has_it() -> None:
    found = [(name, o) for name, o in _options() if "--output" in o.opts]
    assert len(found) >= 15
    for name, option in found:
        assert option.type.name == "file" and option.metavar.startswith("FILE"), name
        assert "-o" in option.opts, name


def test_from_and_to_are_cycles_wherever_they_appear() -> None:
    found = [(name, o) for name, o in _options() if {"--from", "--to"} & set(o.opts)]
    assert {name for name, _ in found} == {"report", "review"}
    assert all(o.type.name == "int" and o.metavar == "YEAR" for _, o in found)
    cycles = [o for _, o in _options() if "--cycle" in o.opts]
    assert len(cycles) >= 8 and all(o.type.name == "int" for o in cycles)


def test_the_table_has_one_name_in_every_format_option(invoke: Invoke) -> None:
    formats = [(name, o) for name, o in _options() if "--format" in o.opts]
    assert len(formats) >= 15
    for name, option in formats:
        assert "table" in option.type.choices and "terminal" not in option.type.choices, name
    for command in ("report", "list", "update"):
        shown = re.findall(r"--format <([a-z|]+)>", invoke(command, "--help").stdout)
        assert shown and "table" in shown[0] and "terminal" not in shown[0], command


# --- the old spellings --------------------------------------------------------------------------

def test_format_terminal_still_works(invoke: Invoke, plans: Path) -> None:
    table = invoke("report", "--cycle", "2017", "--format", "table", "--plans", str(plans))
    terminal = invoke("report", "--cycle", "2017", "--format", "Terminal", "--plans",
                      str(plans))
    assert terminal.exit_code == EXIT_OK and terminal.stdout == table.stdout
    assert "Progress report to SLOM, cycle 2017" in terminal.stdout
    listed = invoke("list", "--body", "ACMW", "-f", "terminal", "--plans", str(plans))
    assert listed.exit_code == EXIT_OK and listed.stdout == invoke(
        "list", "--body", "ACMW", "--plans", str(plans)).stdout
    wrong = invoke("list", "--format", "terminals", "--plans", str(plans))
    assert wrong.exit_code == EXIT_USAGE and "'terminals' is not one of" in wrong.stderr


def test_format_terminal_writes_a_report_to_a_text_file(invoke: Invoke, plans: Path,
                                                        tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    result = invoke("report", "--cycle", "2017", "-o", str(target), "--plans", str(plans))
    assert result.stdout == f"Wrote {target} (table).\n"
    assert "Progress report to SLOM, cycle 2017" in target.read_text("utf-8")


def test_update_file_and_its_short_flag(invoke: Invoke, plans: Path) -> None:
    for flag in ("--file", "-i"):
        result = invoke("update", flag, str(EXAMPLE), "--dry-run", "--format", "json",
                        "--plans", str(plans))
        assert result.exit_code == EXIT_OK, result
        assert result.stderr == ""
        assert len(json.loads(result.stdout)["change"]["updates"]) == 15


def test_update_from_file_still_works_with_a_warning(invoke: Invoke, plans: Path) -> None:
    new = invoke("update", "--file", str(EXAMPLE), "--dry-run", "--plans", str(plans))
    old = invoke("update", "--from", str(EXAMPLE), "--dry-run", "--plans", str(plans))
    assert old.exit_code == EXIT_OK, old
    assert old.stdout == new.stdout
    assert old.stderr == "warning: update --from FILE is deprecated: use --file FILE (or -i FILE)\n"
    assert "--from" not in invoke("update", "--help").stdout.replace("--from -", "")


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2017"], "--from 2017: --from and --to are cycles, in `report --changes` and "
     "`review`; `update` records one cycle, given by --cycle (and reads a batch with --file "
     "FILE)"),
    (["--from", str(EXAMPLE), "--file", str(EXAMPLE)],
     "--from FILE is the old spelling of --file FILE: give one of them"),
    (["ACMW-2", "--status", "ongoing", "--output", "report.docx"],
     "--output report.docx: `update` writes no file; the outputs a project delivered are "
     "--delivered data|laws"),
])
def test_the_old_spellings_are_refused_when_they_mean_something_else(
        invoke: Invoke, plans: Path, args: list[str], message: str) -> None:
    result = invoke("update", *args, "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE, result
    assert result.stderr.endswith(f"error: {message}\n")
    assert not (plans / "progress").exists()


def test_update_output_data_still_works_with_a_warning(invoke: Invoke, plans: Path) -> None:
    result = invoke("update", "SLOM-WG-3", "--status", "completed", "--cycle", "2017",
                    "--output", "data", "--delivered", "laws", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert result.stderr == \
        "warning: update --output data|laws is deprecated: use --delivered data|laws\n"
    recorded = run_json(invoke, plans, "show", "SLOM-WG-3")["project"]["progress"][0]
    assert sorted(recorded["outputs"]) == ["data", "laws"]


def test_a_batch_column_may_be_called_delivered(invoke: Invoke, plans: Path,
                                                tmp_path: Path) -> None:
    batch = tmp_path / "batch.csv"
    batch.write_text("project,status,cycle,delivered\nSLOM-WG-3,completed,2017,data\n",
                     "utf-8")
    result = invoke("update", "--file", str(batch), "--format", "json", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert json.loads(result.stdout)["change"]["updates"][0]["outputs"] == ["data"]


def test_iso_codes_name_a_coordinator(invoke: Invoke, plans: Path) -> None:
    from tests.helpers import listed_ids

    viet_nam = listed_ids(invoke, plans, "--coordinator", "Viet Nam")
    assert viet_nam and listed_ids(invoke, plans, "--coordinator", "VN") == viet_nam
    assert listed_ids(invoke, plans, "-c", "vnm") == viet_nam
    assert listed_ids(invoke, plans, "-c", "LA") == listed_ids(invoke, plans, "-c", "Lao PDR")
