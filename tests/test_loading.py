"""Finding the plans folder, which files are plans, and the names the loader normalises."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK, PlansNotFound
from asean_labour.involvement import Part, names
from asean_labour.loading import PLANS_ENV, load_catalogue, plan_files
from asean_labour.model import Participant
from asean_labour.settings import find_plans_dir
from asean_labour.vocabulary import Body
from tests.conftest import WORK_PLAN, Invoke
from tests.helpers import shipped

Plans = Callable[..., Path]


# --- discovery ---------------------------------------------------------------------------------

def test_explicit_folder_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plans").mkdir()
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.setenv(PLANS_ENV, str(tmp_path / "plans"))
    assert find_plans_dir(other) == other


def test_environment_variable_comes_before_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plans").mkdir()
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    monkeypatch.setenv(PLANS_ENV, str(chosen))
    assert find_plans_dir() == chosen


def test_plans_folder_in_the_current_folder(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    assert find_plans_dir() == tmp_path.resolve() / "plans"


def test_plans_folder_in_a_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plans").mkdir()
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_plans_dir() == tmp_path.resolve() / "plans"
    assert find_plans_dir(cwd=deep) == tmp_path.resolve() / "plans"


def test_no_plans_folder_anywhere(tmp_path: Path) -> None:
    with pytest.raises(PlansNotFound) as raised:
        find_plans_dir(cwd=tmp_path)
    message = raised.value.message
    assert message.startswith(f"no plans folder found: looked for plans/ in {tmp_path.resolve()}"
                              " and its parents")
    assert "--plans DIR" in message and PLANS_ENV in message


def test_missing_explicit_folder(tmp_path: Path) -> None:
    with pytest.raises(PlansNotFound, match=r"^--plans .*nowhere: no such folder$"):
        find_plans_dir(tmp_path / "nowhere")


def test_missing_environment_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PLANS_ENV, str(tmp_path / "gone"))
    with pytest.raises(PlansNotFound, match=rf"^{PLANS_ENV}=.*gone: no such folder$"):
        find_plans_dir()


@pytest.mark.parametrize("command", [["list"], ["show", "ACMW-2"], ["plans"], ["stats"],
                                     ["validate"]])
def test_commands_without_a_plans_folder_say_so(invoke: Invoke, command: list[str]) -> None:
    result = invoke(*command)
    assert result.exit_code == EXIT_FAILURE
    assert result.stdout == ""
    assert result.stderr.startswith("error: no plans folder found: looked for plans/ in ")
    assert "give one with --plans DIR, set ASEAN_LABOUR_PLANS" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_commands_use_the_environment_variable(invoke: Invoke, plans: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PLANS_ENV, str(plans))
    result = invoke("plans", "--format", "csv")
    assert result.exit_code == EXIT_OK, result
    assert len(result.stdout.splitlines()) == 5


def test_commands_find_plans_in_a_parent_folder(invoke: Invoke, plans: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    sub = plans.parent / "reports" / "2018"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    result = invoke("list", "--body", "ACMW", "--format", "csv")
    assert result.exit_code == EXIT_OK, result
    assert len(result.stdout.splitlines()) == 19


def test_plan_files_skips_private_hidden_and_progress(tmp_path: Path) -> None:
    for name in ("a.toml", "_draft.toml", ".hidden.toml", "notes.txt", "progress/2017/x.toml",
                 "sub/b.toml", "_old/c.toml", ".git/d.toml"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", "utf-8")
    assert plan_files(tmp_path) == [tmp_path / "a.toml", tmp_path / "sub" / "b.toml"]


def test_an_empty_plans_folder(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("validate", "--plans", str(tmp_path / "empty"))
    assert result.exit_code == EXIT_FAILURE
    assert result.stderr.splitlines()[0] == "empty: no plan files (*.toml) in this folder"


# --- names normalised --------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "canonical"), [
    ("Viet Nam", "Viet Nam"), ("Vietnam", "Viet Nam"), ("viet  nam", "Viet Nam"),
    ("Lao PDR", "Lao PDR"), ("Laos", "Lao PDR"), ("lao", "Lao PDR"),
    ("the Philippines", "Philippines"), ("The Philippines", "Philippines"),
    ("Philippines", "Philippines"),
    ("Brunei", "Brunei Darussalam"), ("brunei darussalam", "Brunei Darussalam"),
    ("Burma", "Myanmar"), ("VN", "Viet Nam"), ("vnm", "Viet Nam"), ("LA", "Lao PDR"),
    ("LAO", "Lao PDR"), ("East Timor", "Timor-Leste"), ("TLS", "Timor-Leste"),
])
def test_country_aliases(typed: str, canonical: str) -> None:
    vocabulary = shipped().vocabulary
    assert vocabulary.country(typed) == canonical
    assert vocabulary.coordinator(typed) == canonical


@pytest.mark.parametrize(("typed", "canonical"), [
    ("Member States assuming the ASEAN Chairmanship", "ASEAN Chair"),
    ("ASEAN Member States", "AMS"),
    ("Subsequent BCA Coordinator", "ASEAN BCA Coordinator"),
    ("asean oshnet secretariat", "ASEAN-OSHNET Secretariat"),
])
def test_role_aliases(typed: str, canonical: str) -> None:
    assert shipped().vocabulary.country(typed) is None
    assert shipped().vocabulary.coordinator(typed) == canonical


@pytest.mark.parametrize(("typed", "canonical"), [
    ("UN WOMEN", "UN Women"), ("UN Women", "UN Women"), ("UN ESCAP", "UN ESCAP"),
    ("ESCAP", "UN ESCAP"), ("ASEAN BCA", "ASEAN-BCA"), ("EU OSHA", "EU-OSHA"),
    ("The Plus 3 Countries", "Plus Three Countries"), ("tripartite partners",
                                                       "Tripartite Partners"),
    ("ASEAN Japan Fund for Building SSN", "ASEAN-Japan Fund for Building SSN"),
    ("International Labour Organization", "ILO"), ("  ILO ", "ILO"),
    ("World Vision", "World Vision"),  # unknown organisations keep their spelling
])
def test_organisation_aliases(typed: str, canonical: str) -> None:
    assert shipped().vocabulary.organisation(typed) == canonical


@pytest.mark.parametrize(("typed", "body"), [
    ("OSHNET", "ASEAN-OSHNET"), ("asean oshnet", "ASEAN-OSHNET"),
    ("slom wg", "SLOM-WG"), ("acmw", "ACMW"), ("SLOM", "SLOM"),
])
def test_body_aliases(typed: str, body: str) -> None:
    assert shipped().vocabulary.body(typed) == body


def test_plan_files_are_normalised_when_loaded(tiny_plans: Plans) -> None:
    text = (WORK_PLAN
            .replace('body = "SLOM-WG"', 'body = "slom wg"')
            .replace('"Philippines", "Viet Nam"', '"the Philippines", "Vietnam", "Brunei", '
                                                  '"Viet Nam"')
            .replace('collaborators = ["ILO", "IOM"]',
                     'collaborators = ["International Labour Organization", "IOM", "ILO", '
                     '"EU OSHA"]')
            .replace('coordinators = ["Laos"]', 'coordinators = ["Lao PDR", "laos"]'))
    catalogue = load_catalogue(tiny_plans(work_plan=text))
    first, second = catalogue.projects
    assert first.body == Body("SLOM-WG")
    assert first.coordinators == (Participant("Philippines"), Participant("Viet Nam"),
                                  Participant("Brunei Darussalam"))
    assert first.collaborators == (Participant("ILO"), Participant("IOM"),
                                   Participant("EU-OSHA"))
    assert second.collaborators == (Participant("UN Women"),)
    assert second.events[0].coordinators == ("Lao PDR",)
    assert names(second, Part.COORDINATOR) == ("ACMW Chair", "Lao PDR")
    assert second.all_years == (2023,)


def test_a_file_given_as_the_plans_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text("", "utf-8")
    with pytest.raises(PlansNotFound, match=r"^--plans .*plan\.toml: is a file, not a folder$"):
        find_plans_dir(plan)
    monkeypatch.setenv(PLANS_ENV, str(plan))
    with pytest.raises(PlansNotFound, match=rf"^{PLANS_ENV}=.*: is a file, not a folder$"):
        find_plans_dir()
