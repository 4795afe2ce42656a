"""The command line as a whole: help with an example on every command, --version, exit codes
by their constants, and shell completion of ids, bodies, countries and KRAs."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import typer
from typer.testing import CliRunner

from asean_labour import __version__
from asean_labour.cli import app
from asean_labour.errors import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    AseanLabourError,
    InvalidInput,
    PlansNotFound,
    UsageError,
)
from asean_labour.loading import PLANS_ENV
from asean_labour.options import (
    complete_bodies,
    complete_collaborators,
    complete_coordinators,
    complete_ids,
    complete_kras,
)
from tests.conftest import Invoke

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_reading_commands_are_there() -> None:
    assert {"validate", "list", "show", "plans", "stats"} <= set(COMMANDS)


#: Every command, the plans group's subcommands included.
ALL_COMMANDS = [*(c for c in COMMANDS if c != "plans"), "plans",
                *(f"plans {name}" for name in ("list", "show", "new", "import"))]


def _examples(text: str) -> list[str]:
    """The lines of a help's Examples block, as printed."""
    lines = text.splitlines()
    start = lines.index(next(line for line in lines if line.strip() == "Examples:"))
    block = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        block.append(line)
    return block


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_every_command_has_help_with_examples_one_per_line(invoke: Invoke, command: str,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for flag in ("--help", "-h"):
        result = invoke(*command.split(), flag)
        assert result.exit_code == EXIT_OK, result
        assert result.stdout.startswith(f"Usage: asean-labour {command} ")
        examples = _examples(result.stdout)
        assert examples, command
        for before, line in zip(["", *examples], examples, strict=False):
            # Each example starts a line of its own (a long one goes on after a backslash),
            # and no line holds two.
            continued = before.endswith("\\")
            assert line.strip().startswith("asean-labour ") or continued, (command, line)
            assert line.count("asean-labour ") <= 1, (command, line)
            assert line.startswith("    "), (command, line)
        assert max(len(line) for line in result.stdout.splitlines()) <= 80, command


def test_main_help_groups_the_commands_with_whole_descriptions(invoke: Invoke,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = invoke("--help")
    assert result.exit_code == EXIT_OK
    lines = result.stdout.splitlines()
    groups = ["Browse the plans:", "Record progress:", "Report:", "Plans and settings:"]
    starts = [lines.index(group) for group in groups]
    assert starts == sorted(starts)
    sections = {}
    for group, start, end in zip(groups, starts, [*starts[1:], len(lines)], strict=True):
        sections[group] = [line.split()[0] for line in lines[start + 1:end] if line.strip()]
    assert sections == {
        "Browse the plans:": ["list", "show", "stats", "instruments", "ratifications"],
        "Record progress:": ["update", "template", "undo", "redo", "log"],
        "Report:": ["report", "scorecard", "review", "timeline"],
        "Plans and settings:": ["plans", "validate", "config"],
    }
    assert sorted(name for names in sections.values() for name in names) == sorted(COMMANDS)
    command = typer.main.get_command(app)
    for name in COMMANDS:  # each description whole, on one line at 80 columns
        short = command.commands[name].short_help  # type: ignore[attr-defined]
        assert short and f"  {name.ljust(13)}  {short}" in lines, name
    assert not any("..." in line for line in lines[starts[0]:])  # nothing cut
    assert "Examples:" in result.stdout
    no_arguments = invoke()
    assert "Browse the plans:" in no_arguments.stdout + no_arguments.stderr


def test_help_is_plain_text_when_piped(invoke: Invoke) -> None:
    for args in (["--help"], ["report", "--help"], ["plans", "new", "--help"]):
        text = invoke(*args, env={"FORCE_COLOR": "1"}).stdout
        assert "\x1b" not in text and "─" not in text, args


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == EXIT_OK
    assert result.stdout == f"asean-labour {__version__}\n"


def test_exit_codes_by_constant() -> None:
    assert (EXIT_OK, EXIT_FAILURE, EXIT_USAGE) == (0, 1, 2)
    assert AseanLabourError("x").exit_code == EXIT_FAILURE
    assert PlansNotFound("x").exit_code == EXIT_FAILURE
    assert InvalidInput([], "x").exit_code == EXIT_FAILURE
    assert UsageError("x").exit_code == EXIT_USAGE


@pytest.mark.parametrize(("args", "code"), [
    (["list"], EXIT_OK),
    (["list", "--body", "NOPE"], EXIT_USAGE),           # a wrong value
    (["list", "--year", "nope"], EXIT_USAGE),           # a malformed value
    (["list", "--no-such-option"], EXIT_USAGE),
    (["show", "NOPE-1"], EXIT_USAGE),
    (["show"], EXIT_USAGE),
    (["stats", "--kra", "9"], EXIT_USAGE),
    (["plans", "--format", "yaml"], EXIT_USAGE),
    (["no-such-command"], EXIT_USAGE),
])
def test_exit_codes(invoke: Invoke, plans: Path, args: list[str], code: int) -> None:
    result = invoke(*args, "--plans", str(plans)) if args[0] != "no-such-command" \
        else invoke(*args)
    assert result.exit_code == code, result
    assert "Traceback" not in result.stdout + result.stderr


def test_failure_exit_code_for_missing_or_broken_plans(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("list", "--plans", str(tmp_path / "none")).exit_code == EXIT_FAILURE
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "plan.toml").write_text("schema_version = [\n", "utf-8")
    result = invoke("list", "--plans", str(broken))
    assert result.exit_code == EXIT_FAILURE
    assert result.stderr.splitlines()[0].startswith("broken/plan.toml:")


# --- shell completion --------------------------------------------------------------------------

def context(plans: Path | None = None) -> typer.Context:
    """What the completion callbacks read of Typer's context: the parsed options."""
    return SimpleNamespace(params={"plans": plans})  # type: ignore[return-value]


def test_complete_ids_from_the_plans_option(plans: Path) -> None:
    assert complete_ids(context(plans), "ACMW-1") == [
        "ACMW-1", "ACMW-10a", "ACMW-10b", "ACMW-10c", "ACMW-11", "ACMW-12", "ACMW-13",
        "ACMW-14", "ACMW-15"]
    assert complete_ids(context(plans), "oshnet-2") == [
        "oshnet-2", "oshnet-20", "oshnet-21", "oshnet-22", "oshnet-23"]
    assert len(complete_ids(context(plans), "")) == 79
    assert complete_ids(context(plans), "XYZ") == []


def test_complete_ids_from_the_default_folder(plans: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    monkeypatch.setenv(PLANS_ENV, str(plans))
    assert complete_ids(context(), "SLOM-WG-10") == ["SLOM-WG-10a", "SLOM-WG-10b",
                                                     "SLOM-WG-10c"]


def test_complete_ids_never_fails(tmp_path: Path) -> None:
    assert complete_ids(context(tmp_path / "missing"), "A") == []
    assert complete_ids(context(), "A") == []  # no plans folder anywhere


def test_complete_bodies(plans: Path) -> None:
    ctx = context(plans)
    assert complete_bodies(ctx, "") == ["SLOM", "SLOM-WG", "ACMW", "ASEAN-OSHNET"]
    assert complete_bodies(ctx, "SLOM") == ["SLOM", "SLOM-WG"]
    assert complete_bodies(ctx, "a") == ["acmw", "asean-oshnet"]
    assert complete_bodies(ctx, "osh") == ["oshnet"]  # an alias when no name starts so
    assert complete_bodies(ctx, "X") == []


def test_complete_coordinators(plans: Path) -> None:
    ctx = context(plans)
    everything = complete_coordinators(ctx, "")
    assert everything[:11] == ["Brunei Darussalam", "Cambodia", "Indonesia", "Lao PDR",
                               "Malaysia", "Myanmar", "Philippines", "Singapore", "Thailand",
                               "Timor-Leste", "Viet Nam"]
    assert "ASEAN Secretariat" in everything and "Host of CBM" in everything
    assert complete_coordinators(ctx, "Vi") == ["Viet Nam"]
    assert complete_coordinators(ctx, "viet") == ["viet nam"]
    assert complete_coordinators(ctx, "Vietn") == ["Vietnam"]
    assert complete_coordinators(ctx, "Laos") == ["Laos"]
    assert complete_coordinators(ctx, "vnm") == ["vnm"]  # an ISO code
    assert complete_coordinators(ctx, "ASEAN") == ["ASEAN Secretariat", "ASEAN Chair",
                                                   "ASEAN-OSHNET Secretariat",
                                                   "ASEAN BCA Coordinator"]


def test_completion_reads_the_folders_vocabulary(plans: Path, tmp_path: Path) -> None:
    """A body or role added in the plans folder's vocabulary is completed; a folder whose
    plans do not load still completes from its vocabulary file; no folder: nothing."""
    vocabulary = plans / "vocabulary.toml"
    vocabulary.write_text(vocabulary.read_text("utf-8") + '\n[[bodies]]\nname = "ACLE"\n'
                          'full_name = "ASEAN Committee on Labour Exports"\n\n[[roles]]\n'
                          'name = "ACLE Chair"\n', "utf-8")
    assert complete_bodies(context(plans), "AC") == ["ACMW", "ACLE"]
    assert complete_coordinators(context(plans), "ACL") == ["ACLE Chair"]
    (plans / "broken.toml").write_text("schema_version = [", "utf-8")
    assert complete_bodies(context(plans), "ACL") == ["ACLE"]
    assert complete_bodies(context(tmp_path / "missing"), "A") == []


def test_complete_collaborators_from_the_plans(plans: Path) -> None:
    # AAPTIP is named only by ACMW-13's 2017 workshop: the plans' collaborators are those of
    # the one rule (involvement.names), events' included
    assert complete_collaborators(context(plans), "AA") == ["AAPTIP"]
    assert complete_collaborators(context(plans), "ilo") == ["ilo", "ilo (asean triangle "
                                                             "project)"]
    assert complete_collaborators(context(plans), "UN") == ["UN ESCAP", "UN Women", "UNODC"]
    assert complete_collaborators(context(plans), "XYZ") == []
    assert complete_collaborators(context(plans / "missing"), "I") == []


def test_complete_kras(plans: Path) -> None:
    assert complete_kras(context(plans), "") == [
        ("1", "Skilled and Adaptable Workforce"), ("2", "Productive Employment"),
        ("3", "Harmonious, Safe and Progressive Workplace"), ("4", "Expanded Social Protection")]
    assert complete_kras(context(plans), "3") == [
        ("3", "Harmonious, Safe and Progressive Workplace")]
    # the default plans folder (./plans here): its programmes' KRAs
    assert complete_kras(context(), "") == complete_kras(context(plans), "")


def complete(words: str) -> list[str]:
    """What the shell gets back for a zsh completion request, one value per entry."""
    result = CliRunner().invoke(app, [], prog_name="asean-labour", env={
        "_ASEAN_LABOUR_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words})
    return [line.strip().strip('"').split('":"')[0].removeprefix("_arguments '*: :((\"")
            .removesuffix("\"))'") for line in result.stdout.splitlines()]


def test_completion_through_the_shell_protocol(plans: Path) -> None:
    assert complete(f"asean-labour show --plans {plans} acmw-6") == ["acmw-6a", "acmw-6b"]
    assert complete("asean-labour list --body AC") == ["ACMW"]
    assert complete("asean-labour list --coordinator Cam") == ["Cambodia"]
    assert complete(f"asean-labour list --plans {plans} --kra 4") == ["4"]
    assert complete(f"asean-labour list --plans {plans} --collaborator READ") == ["READI"]
