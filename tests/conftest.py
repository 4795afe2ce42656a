"""Shared fixtures: the shipped plans copied to a temporary folder, a tiny plan builder, and
a CLI runner with a fixed width and no colour."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from asean_labour.cli import app

# Generated cases: a quick profile for every run, and a thorough one (thousands of cases per
# property) for the documented hostile-input run: HYPOTHESIS_PROFILE=thorough pytest -m slow.
settings.register_profile("default", max_examples=40)
settings.register_profile("thorough", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_PLANS = ROOT / "plans"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's settings, terminal or plans folder."""
    for name in ("ASEAN_LABOUR_PLANS", "ASEAN_LABOUR_REPORTER", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASEAN_LABOUR_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A private copy of the shipped plans (tests may write progress into it)."""
    target = tmp_path / "plans"
    shutil.copytree(SHIPPED_PLANS, target, ignore=shutil.ignore_patterns("progress"))
    return target


Invoke = Callable[..., "Result"]
SetToday = Callable[[dt.date], None]


@pytest.fixture
def set_today(monkeypatch: pytest.MonkeyPatch) -> SetToday:
    """Fix the date the default cycle is chosen by: `set_today(dt.date(2018, 3, 1))`."""
    from asean_labour import cycles

    def fix(day: dt.date) -> None:
        monkeypatch.setattr(cycles, "today", lambda: day)

    return fix


class Result:
    """What a command did: exit code, standard output and standard error, apart."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self) -> str:
        return f"Result(exit_code={self.exit_code}, stdout={self.stdout!r}, " \
               f"stderr={self.stderr!r})"


@pytest.fixture
def invoke() -> Invoke:
    """Run the CLI in-process: `invoke("list", "--body", "ACMW", input=None)`."""

    def run(*args: str, input: str | bytes | None = None,
            env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


PROGRAMME = """\
schema_version = 1

[plan]
id = "WP-T"
kind = "work-programme"
title = "Test Work Programme"
body = "SLOM"
period = [2021, 2025]

[[key_result_areas]]
number = 1
name = "Skilled and Adaptable Workforce"
intermediate_targets = ["More skilled workers"]

[[key_result_areas]]
number = 2
name = "Productive Employment"

[[measures]]
code = "B.2.v"
text = "Databases."

[[thematic_areas]]
number = 1
title = "Labour market information system"
kra = 1
bodies = ["SLOM-WG"]
measures = ["B.2.v"]

[[thematic_areas]]
number = 2
title = "Migrant workers"
kra = 2
bodies = ["ACMW"]
"""

WORK_PLAN = """\
schema_version = 1

[plan]
id = "WG-T"
kind = "work-plan"
title = "Test SLOM-WG Work Plan"
body = "SLOM-WG"
period = [2021, 2025]
programme = "WP-T"

[[projects]]
id = "T-1"
title = "Stock taking of labour market information"
thematic_area = 1
timeline = "2021-2022"
years = [2021, 2022]
coordinators = ["Philippines", "Viet Nam"]
collaborators = ["ILO", "IOM"]

[[projects]]
id = "T-2"
title = "Forum on migrant labour"
thematic_area = 2
timeline = "Annual"
coordinators = ["ACMW Chair"]
collaborators = ["UN WOMEN"]

[[projects.events]]
title = "First forum"
year = 2023
coordinators = ["Laos"]
"""


@pytest.fixture
def tiny_plans(tmp_path: Path) -> Callable[..., Path]:
    """Write a small valid programme and work plan, optionally with edits, and return the
    folder: `tiny_plans(work_plan=WORK_PLAN.replace(...))`."""

    def make(programme: str = PROGRAMME, work_plan: str = WORK_PLAN,
             extra: dict[str, str] | None = None) -> Path:
        folder = tmp_path / "tiny"
        folder.mkdir(exist_ok=True)
        (folder / "programme.toml").write_text(textwrap.dedent(programme), "utf-8")
        (folder / "work-plan.toml").write_text(textwrap.dedent(work_plan), "utf-8")
        for name, text in (extra or {}).items():
            (folder / name).write_text(text, "utf-8")
        return folder

    return make


# A successor programme and an ACMW work plan for 2026-2030, made up for the tests (the
# real 2026-2030 plans are not in the sources): beside the shipped 2016-2020 plans, they
# make a plans folder with two programmes, Timor-Leste coordinating, and projects carried
# over from the 2016-2020 plans.
SUCCESSOR_PROGRAMME = """\
schema_version = 1

[plan]
id = "ALM-WP-2026-2030"
kind = "work-programme"
title = "Test Work Programme 2026-2030"
body = "SLOM"
period = [2026, 2030]
succeeds = "ALM-WP-2016-2020"

[[key_result_areas]]
number = 1
name = "Future-ready workforce"

[[key_result_areas]]
number = 2
name = "Safe and healthy workplaces"

[[thematic_areas]]
number = 1
title = "Labour migration"
kra = 1
bodies = ["ACMW"]

[[thematic_areas]]
number = 2
title = "Occupational safety and health"
kra = 2
bodies = ["ASEAN-OSHNET"]

[[projects]]
id = "SLOM-2026-1"
title = "Regional study on platform work"
thematic_area = 1
timeline = "2026-2027"
years = [2026, 2027]
coordinators = ["Viet Nam"]
collaborators = ["ILO"]
"""

SUCCESSOR_ACMW = """\
schema_version = 1

[plan]
id = "ACMW-2026-2030"
kind = "work-plan"
title = "Test ACMW Work Plan 2026-2030"
body = "ACMW"
period = [2026, 2030]
programme = "ALM-WP-2026-2030"
succeeds = "ACMW-2016-2020"

[[projects]]
id = "ACMW-2026-1"
number = "1"
title = "ASEAN Forum on Migrant Labour"
thematic_area = 1
timeline = "Annual"
years = [2026, 2027, 2028, 2029, 2030]
coordinators = ["ACMW Chair"]
collaborators = ["ILO", "IOM"]
carried_over_from = "ACMW-2"

[[projects]]
id = "ACMW-2026-2"
number = "2"
title = "Skills recognition for returning migrant workers"
thematic_area = 1
timeline = "2027-2028"
years = [2027, 2028]
coordinators = ["Timor-Leste", "Philippines"]
"""


@pytest.fixture
def successor(plans: Path) -> Path:
    """The shipped plans with the test successor programme and ACMW work plan beside them."""
    (plans / "alm-work-programme-2026-2030.toml").write_text(SUCCESSOR_PROGRAMME, "utf-8")
    (plans / "acmw-2026-2030.toml").write_text(SUCCESSOR_ACMW, "utf-8")
    return plans
