"""The default cycle and the refusal of a cycle outside the plans (issue 11, part 5): one rule
(`cycles.default_cycle`) for every command, announced on the output's first line (standard
error for JSON, CSV and Markdown, which stay clean); one refusal with the plans' years and a
cycle to try."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from asean_labour import cycles
from asean_labour.cycles import CycleChoice, default_cycle
from asean_labour.errors import EXIT_OK, EXIT_USAGE, UsageError
from asean_labour.loading import load_catalogue
from asean_labour.progress import ProgressStore
from tests.conftest import PROGRAMME, WORK_PLAN, Invoke, SetToday
from tests.test_update import change_files

LATEST = "Cycle 2018: the latest cycle with recorded progress (give --cycle to choose another)."
PAST = ("Cycle 2020: the last year of the loaded plans, which today is past (give --cycle to "
        "choose another).")


def _record(invoke: Invoke, plans: Path, project: str, cycle: str) -> None:
    result = invoke("update", project, "--status", "ongoing", "--cycle", cycle,
                    "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result


# --- the rule, in the core ---------------------------------------------------------------------

def test_the_default_cycle_rule(plans: Path, invoke: Invoke) -> None:
    catalogue = load_catalogue(plans)
    store = ProgressStore(plans)
    empty = store.history(catalogue)
    assert default_cycle(catalogue, empty, dt.date(2026, 5, 1)) == CycleChoice(
        2020, "the last year of the loaded plans, which today is past")
    assert default_cycle(catalogue, empty, dt.date(2018, 5, 1)) == CycleChoice(2018,
                                                                                "this year")
    assert default_cycle(catalogue, empty, dt.date(2014, 5, 1)) == CycleChoice(
        2016, "the first year of the loaded plans, which today is before")
    _record(invoke, plans, "ACMW-2", "2017")
    _record(invoke, plans, "ACMW-3", "2016")
    history = store.history(catalogue)
    assert default_cycle(catalogue, history, dt.date(2026, 5, 1)) == CycleChoice(
        2017, "the latest cycle with recorded progress")
    # A cycle whose only update was undone has no recorded progress.
    in_2017 = next(f for f in change_files(plans) if f.parent.name == "2017")
    assert invoke("undo", "--change", in_2017.stem, "--plans", str(plans)).exit_code == EXIT_OK
    assert default_cycle(catalogue, store.history(catalogue), dt.date(2026, 5, 1)).year == 2016


def test_between_two_plans_the_default_is_the_last_year_before_today(
        tiny_plans: Callable[..., Path]) -> None:
    def later(text: str) -> str:
        for old, new in (("[2021, 2025]", "[2031, 2035]"), ('"WP-T"', '"WP-U"'),
                         ('"WG-T"', '"WG-U"'), ('"T-1"', '"U-1"'), ('"T-2"', '"U-2"'),
                         ("2021", "2031"), ("2022", "2032"), ("2023", "2033")):
            text = text.replace(old, new)
        return text

    folder = tiny_plans(extra={"later-programme.toml": later(PROGRAMME),
                               "later-plan.toml": later(WORK_PLAN)})
    catalogue = load_catalogue(folder)
    assert cycles.span_text(catalogue) == "2021-2025 and 2031-2035"
    choice = default_cycle(catalogue, None, dt.date(2028, 1, 1))
    assert choice == CycleChoice(2025, "the last year of the loaded plans before today")
    with pytest.raises(UsageError) as caught:
        cycles.require(catalogue, 2028, "--cycle", choice)
    assert str(caught.value) == ("--cycle 2028 is outside the loaded plans (2021-2025 and "
                                 "2031-2035); try --cycle 2025 (the last year of the loaded "
                                 "plans before today)")


def test_the_announcement() -> None:
    assert cycles.announcement({"--cycle": CycleChoice(2017)}) is None
    assert cycles.announcement({"--cycle": CycleChoice(2018, "this year")}) == (
        "Cycle 2018: this year (give --cycle to choose another).")
    assert cycles.announcement({"--from": CycleChoice(2016, "the start"),
                                "--to": CycleChoice(2018)}) == (
        "Cycles: --from 2016 (the start); give --from to choose.")


# --- every command, through the CLI ------------------------------------------------------------

@pytest.mark.parametrize(("command", "machine"), [
    (["list", "--stale"], ["--format", "json"]),
    (["list", "--status", "ongoing"], ["--format", "csv"]),
    (["log"], ["--format", "json"]),
    (["report"], ["--format", "json"]),
    (["scorecard"], ["--format", "markdown"]),
])
def test_each_command_says_which_cycle_it_chose(invoke: Invoke, plans: Path,
                                               set_today: SetToday, command: list[str],
                                               machine: list[str]) -> None:
    set_today(dt.date(2026, 11, 1))
    first = invoke(*command, "--plans", str(plans), env={"COLUMNS": "200"})
    assert first.exit_code == EXIT_OK, first
    assert first.stdout.splitlines()[0] == PAST
    _record(invoke, plans, "ACMW-2", "2016")
    _record(invoke, plans, "ACMW-4", "2018")
    table = invoke(*command, "--plans", str(plans))
    assert table.stdout.splitlines()[0] == LATEST and table.stderr == ""
    clean = invoke(*command, *machine, "--plans", str(plans))
    assert clean.exit_code == EXIT_OK, clean
    assert clean.stderr == LATEST + "\n"
    assert "Cycle 2018" not in clean.stdout
    if "json" in machine:
        document = json.loads(clean.stdout)
        assert document.get("cycle", 2018) == 2018
    given = invoke(*command, "--cycle", "2018", "--plans", str(plans))
    assert "Cycle 2018:" not in given.stdout + given.stderr


def test_update_uses_and_says_the_default_cycle(invoke: Invoke, plans: Path,
                                                set_today: SetToday) -> None:
    set_today(dt.date(2026, 11, 1))
    _record(invoke, plans, "ACMW-4", "2018")
    result = invoke("update", "ACMW-2", "--status", "ongoing", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert result.stdout.splitlines()[0] == LATEST
    assert change_files(plans)[-1].parent.name == "2018"
    document = invoke("update", "ACMW-3", "--status", "ongoing", "--plans", str(plans),
                      "--format", "json")
    assert document.stderr == LATEST + "\n"
    assert json.loads(document.stdout)["change"]["cycle"] == 2018
    # A batch whose rows all name their cycle needs no default, and says none.
    batch = invoke("update", "--file", "-", "--plans", str(plans),
                   input="project,status,cycle\nACMW-5,ongoing,2017\n")
    assert batch.exit_code == EXIT_OK, batch
    assert not batch.stdout.startswith("Cycle")


def test_review_and_changes_default_both_ends(invoke: Invoke, plans: Path,
                                              set_today: SetToday) -> None:
    set_today(dt.date(2026, 11, 1))
    _record(invoke, plans, "ACMW-4", "2018")
    review = invoke("review", "--plans", str(plans))
    assert review.exit_code == EXIT_OK, review
    # the first paragraph, laid out for the terminal's width like the table under it
    first = review.stdout.split("\n")[:2]
    assert all(len(line) <= 120 for line in first)  # the tests run at 120 columns
    assert " ".join(" ".join(first).split()) == (
        "Cycles: --from 2016 (the start of the plans covering 2018), --to 2018 (the latest "
        "cycle with recorded progress); give --from and --to to choose.")
    document = json.loads(invoke("review", "--from", "2017", "--format", "json",
                                 "--plans", str(plans)).stdout)
    assert (document["from_cycle"], document["to_cycle"]) == (2017, 2018)
    changes = invoke("report", "--changes", "--plans", str(plans), "--format", "json")
    assert changes.stderr == ("Cycles: --from 2017 (the cycle before 2018), --to 2018 (the "
                              "latest cycle with recorded progress); give --from and --to to "
                              "choose.\n")
    assert (json.loads(changes.stdout)["from_cycle"], json.loads(changes.stdout)["to_cycle"]) \
        == (2017, 2018)


OUTSIDE = ("{option} 2030 is outside the loaded plans (2016-2020); try {option} 2018 (the "
           "latest cycle with recorded progress)")


@pytest.mark.parametrize(("command", "option"), [
    (["list", "--cycle", "2030"], "--cycle"),
    (["list", "--stale", "--cycle", "2030"], "--cycle"),
    (["log", "--cycle", "2030"], "--cycle"),
    (["update", "ACMW-2", "--status", "ongoing", "--cycle", "2030"], "--cycle"),
    (["report", "--cycle", "2030"], "--cycle"),
    (["report", "--changes", "--to", "2030"], "--to"),
    (["report", "--changes", "--cycle", "2030"], "--cycle"),
    (["scorecard", "--cycle", "2030"], "--cycle"),
    (["review", "--to", "2030"], "--to"),
    (["timeline", "--cycle", "2030"], "--cycle"),
])
def test_every_command_refuses_a_cycle_outside_the_plans_the_same_way(
        invoke: Invoke, plans: Path, command: list[str], option: str) -> None:
    _record(invoke, plans, "ACMW-4", "2018")
    files = change_files(plans)
    result = invoke(*command, "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE, result
    assert result.stderr == f"error: {OUTSIDE.format(option=option)}\n"
    assert result.stdout == ""
    assert change_files(plans) == files


def test_a_cycle_before_the_plans_suggests_the_default_too(invoke: Invoke, plans: Path,
                                                          set_today: SetToday) -> None:
    set_today(dt.date(2026, 11, 1))
    result = invoke("log", "--cycle", "1999", "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == ("error: --cycle 1999 is outside the loaded plans (2016-2020); try "
                             "--cycle 2020 (the last year of the loaded plans, which today is "
                             "past)\n")
