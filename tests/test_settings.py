"""Settings once: the config file's `plans` (relative to the config file's folder), each
setting's precedence (option, environment, config file, default), and `asean-labour config`,
which shows every setting and where it comes from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, PlansNotFound
from asean_labour.settings import find_plans_dir, plans_setting
from tests.conftest import SHIPPED_PLANS, Invoke


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The config file the commands read ($ASEAN_LABOUR_CONFIG), in its own folder."""
    path = tmp_path / "settings" / "config.toml"
    path.parent.mkdir()
    monkeypatch.setenv("ASEAN_LABOUR_CONFIG", str(path))
    return path


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with no plans/ in it or above it."""
    folder = tmp_path / "work" / "deep"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    return folder


def _settings(invoke: Invoke, *args: str) -> dict[str, Any]:
    result = invoke("config", "--format", "json", *args)
    assert result.exit_code == EXIT_OK, result
    document: dict[str, Any] = json.loads(result.stdout)
    return {s["name"]: s for s in document["settings"]}


def test_the_config_files_plans_is_relative_to_its_folder(
        invoke: Invoke, config_file: Path, elsewhere: Path) -> None:
    shutil.copytree(SHIPPED_PLANS, config_file.parent / "my plans",
                    ignore=shutil.ignore_patterns("progress"))
    config_file.write_text('plans = "my plans"\n', "utf-8")
    result = invoke("list", "--body", "ACMW", "--format", "json")
    assert result.exit_code == EXIT_OK, result
    assert json.loads(result.stdout)["count"] == 18
    found = _settings(invoke)["plans"]
    assert found == {"name": "plans", "value": str(config_file.parent / "my plans"),
                     "source": "config file", "origin": str(config_file), "problem": None}


def test_plans_precedence_option_environment_config_file_default(
        tmp_path: Path, config_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folders = {name: tmp_path / name / "plans" for name in ("option", "env", "config", "cwd")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    config_file.write_text(f'plans = "{folders["config"]}"\n', "utf-8")
    monkeypatch.setenv("ASEAN_LABOUR_PLANS", str(folders["env"]))
    cwd = folders["cwd"].parent
    assert find_plans_dir(folders["option"], cwd=cwd) == folders["option"]
    assert find_plans_dir(cwd=cwd) == folders["env"]
    monkeypatch.delenv("ASEAN_LABOUR_PLANS")
    assert find_plans_dir(cwd=cwd) == folders["config"]
    assert plans_setting(cwd=cwd).source == "config file"
    config_file.write_text("", "utf-8")
    assert find_plans_dir(cwd=cwd) == folders["cwd"]
    assert plans_setting(cwd=cwd).source == "default"


def test_a_home_folder_in_the_config_file(tmp_path: Path, config_file: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "mine").mkdir()
    config_file.write_text('plans = "~/mine"\n', "utf-8")
    assert find_plans_dir(cwd=tmp_path) == tmp_path / "mine"


def test_a_config_files_plans_that_is_no_folder_is_refused(
        invoke: Invoke, config_file: Path, elsewhere: Path) -> None:
    config_file.write_text('plans = "missing"\n', "utf-8")
    result = invoke("list")
    assert result.exit_code == EXIT_FAILURE
    assert result.stderr == (f"error: {config_file}: plans = {config_file.parent / 'missing'}: "
                             "no such folder\n")
    with pytest.raises(PlansNotFound):
        find_plans_dir()
    shown = invoke("config")  # config shows the problem rather than fail
    assert shown.exit_code == EXIT_OK, shown
    assert "plans: " in shown.stdout and "no such folder" in shown.stdout


@pytest.mark.parametrize(("body", "message"), [
    ("plans = 3\n", "plans: expected a string"),
    ('plans = "a\\u0000b"\n', "plans: contains a NUL character; expected the path of the plans "
     "folder"),
])
def test_a_bad_plans_setting_is_refused(invoke: Invoke, config_file: Path, elsewhere: Path,
                                        body: str, message: str) -> None:
    config_file.write_text(body, "utf-8")
    for args in (["list"], ["config"]):
        result = invoke(*args)
        assert result.exit_code == EXIT_FAILURE, result
        assert message in result.stderr
        assert result.stderr.endswith(f"error: fix the configuration file {config_file}\n")


def test_config_shows_every_setting_and_its_source(
        invoke: Invoke, config_file: Path, plans: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    config_file.write_text('reporter = "Ana"\ncommit = true\nmeeting = "The 14th SLOM"\n',
                           "utf-8")
    monkeypatch.setenv("PAGER", "cat")
    found = _settings(invoke, "--plans", str(plans))
    assert {name: (s["value"], s["source"], s["origin"]) for name, s in found.items()} == {
        "plans": (str(plans), "option", "--plans"),
        "reporter": ("Ana", "config file", str(config_file)),
        "commit": (True, "config file", str(config_file)),
        "meeting": ("The 14th SLOM", "config file", str(config_file)),
        "prepared_by": ("the ASEAN Secretariat", "default", "the ASEAN Secretariat"),
        "pager": (None, "environment", "$PAGER"),
    }
    monkeypatch.setenv("ASEAN_LABOUR_REPORTER", "Ben")
    monkeypatch.setenv("ASEAN_LABOUR_PLANS", str(plans))
    found = _settings(invoke)
    assert (found["reporter"]["value"], found["reporter"]["source"]) == ("Ben", "environment")
    assert found["plans"]["origin"] == "$ASEAN_LABOUR_PLANS"


def test_config_as_a_table(invoke: Invoke, config_file: Path, plans: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASEAN_LABOUR_REPORTER", "Ben")
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.delenv("ASEAN_LABOUR_PAGER", raising=False)
    result = invoke("config", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    lines = result.stdout.splitlines()
    shown = config_file.relative_to(Path.cwd())  # as the user would type it, from here
    assert lines[0] == f"Settings (config file: {shown}, not found)"
    assert lines[1].split() == ["Setting", "Value", "From"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[3:]}
    assert rows["plans"] == [str(plans), "--plans"]
    assert rows["reporter"] == ["Ben", "$ASEAN_LABOUR_REPORTER"]
    assert rows["commit"] == ["false", "default"]
    assert rows["meeting"] == ["none", "default"]
    assert rows["pager"] == ["less", "-FRX", "default"]


def test_config_path(invoke: Invoke, config_file: Path, tmp_path: Path,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke("config", "--path")
    assert (result.exit_code, result.stdout) == (EXIT_OK, f"{config_file}\n")
    monkeypatch.delenv("ASEAN_LABOUR_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert invoke("config", "--path").stdout == f"{tmp_path / 'xdg'}/asean-labour/config.toml\n"
    refused = invoke("config", "--path", "--format", "json")
    assert refused.exit_code == EXIT_USAGE
    assert "--path prints the config file's path alone" in refused.stderr


def test_the_reports_cover_from_the_config_file_and_options(
        invoke: Invoke, config_file: Path, plans: Path) -> None:
    config_file.write_text('meeting = "The 14th SLOM"\nprepared_by = "the Secretariat"\n',
                           "utf-8")
    found = _settings(invoke, "--plans", str(plans))
    assert found["prepared_by"]["value"] == "the Secretariat"
    document = json.loads(invoke("report", "--cycle", "2017", "--format", "json",
                                 "--meeting", "The 15th SLOM", "--plans", str(plans)).stdout)
    assert (document["meeting"], document["prepared_by"]) == ("The 15th SLOM",
                                                              "the Secretariat")
