"""The `final` batch column (`update --final` in a batch): yes/no, true/false, 1/0 in a CSV, a
boolean in TOML, a boolean cell in a workbook; anything else is an error naming the row and
cell, and nothing is recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK
from asean_labour.loading import load_catalogue
from asean_labour.progress import ProgressStore
from tests.conftest import Invoke

# ACMW-2 (the annual forum) is planned 2016-2020: completed in 2017 it is that year's part,
# unless `final` says the whole project is finished.


def recorded(plans: Path) -> dict[str, Any]:
    return dict(ProgressStore(plans).history(load_catalogue(plans)).latest(2017))


def standing(invoke: Invoke, plans: Path) -> dict[str, Any]:
    import json

    result = invoke("list", "--cycle", "2017", "--body", "ACMW", "--format", "json",
                    "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    return {p["id"]: p["standing"] for p in json.loads(result.stdout)["projects"]}


@pytest.mark.parametrize(("value", "final"), [
    ("yes", True), ("Yes", True), ("TRUE", True), ("true", True), ("1", True),
    ("no", False), ("No", False), ("false", False), ("FALSE", False), ("0", False), ("", False),
])
def test_final_in_a_csv(invoke: Invoke, plans: Path, tmp_path: Path, value: str,
                        final: bool) -> None:
    path = tmp_path / "round.csv"
    path.write_text(f"project,status,cycle,final\nACMW-2,completed,2017,{value}\n", "utf-8")
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert bool(recorded(plans)["ACMW-2"].final) is final
    found = standing(invoke, plans)["ACMW-2"]
    assert (found["closed"], found["part_completed"]) == (final, not final)
    change = next((plans / "progress" / "2017").glob("*.toml")).read_text("utf-8")
    assert ("final = true" in change) is final


@pytest.mark.parametrize(("value", "final"), [("true", True), ("false", False)])
def test_final_in_toml_is_a_boolean(invoke: Invoke, plans: Path, tmp_path: Path, value: str,
                                    final: bool) -> None:
    path = tmp_path / "round.toml"
    path.write_text(f'cycle = 2017\n[[updates]]\nproject = "ACMW-2"\nstatus = "completed"\n'
                    f"final = {value}\n", "utf-8")
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert bool(recorded(plans)["ACMW-2"].final) is final


def workbook(path: Path, final: object) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Updates"
    sheet.append(["Project", "Status", "Cycle", "Date", "Final"])
    sheet.append(["ACMW-2", "completed", 2017, dt.date(2017, 10, 25), final])
    book.save(path)
    return path


@pytest.mark.parametrize(("cell", "final"), [(True, True), (False, False), (1, True),
                                             ("yes", True), (None, False)])
def test_final_in_a_workbook_is_a_boolean_cell(invoke: Invoke, plans: Path, tmp_path: Path,
                                               cell: object, final: bool) -> None:
    path = workbook(tmp_path / "round.xlsx", cell)
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert bool(recorded(plans)["ACMW-2"].final) is final


@pytest.mark.parametrize(("kind", "content", "where"), [
    ("csv", "project,status,cycle,final\nACMW-2,completed,2017,maybe\n",
     "round.csv row 2: ACMW-2: final: expected yes or no, got text ('maybe')"),
    ("csv", "project,status,cycle,final\nACMW-2,completed,2017,2\n",
     "round.csv row 2: ACMW-2: final: expected yes or no, got text ('2')"),
    ("toml", 'cycle = 2017\n[[updates]]\nproject = "ACMW-2"\nstatus = "completed"\n'
     'final = "perhaps"\n', "round.toml:5: ACMW-2: final: expected yes or no, got text "
     "('perhaps')"),
    ("toml", 'cycle = 2017\n[[updates]]\nproject = "ACMW-2"\nstatus = "completed"\n'
     "final = 2\n", "round.toml:5: ACMW-2: final: expected yes or no, got a number (2)"),
])
def test_anything_else_is_an_error(invoke: Invoke, plans: Path, tmp_path: Path, kind: str,
                                   content: str, where: str) -> None:
    path = tmp_path / f"round.{kind}"
    path.write_text(content, "utf-8")
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE, result
    assert where in result.stderr.replace(str(tmp_path) + "/", "")
    assert "nothing was recorded" in result.stderr
    assert not (plans / "progress").exists()


def test_a_workbook_cell_that_is_no_yes_or_no_names_the_cell(invoke: Invoke, plans: Path,
                                                            tmp_path: Path) -> None:
    path = workbook(tmp_path / "round.xlsx", 7)
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE, result
    assert "round.xlsx: Updates!E2: ACMW-2: final: expected" in result.stderr
    assert not (plans / "progress").exists()


def test_final_goes_with_completed_only(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    path = tmp_path / "round.csv"
    path.write_text("project,status,cycle,final\nACMW-2,ongoing,2017,yes\n", "utf-8")
    result = invoke("update", "--file", str(path), "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE, result
    assert "round.csv row 2: ACMW-2: final: marks a completed project finished for good: it " \
        "goes with status completed" in result.stderr.replace(str(tmp_path) + "/", "")
    assert not (plans / "progress").exists()
