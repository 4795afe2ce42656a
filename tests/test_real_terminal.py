"""The real program in a real terminal: tmux at 80 columns (tmux must be installed: .ci/run
installs it). What a user sees: the terminal's width, whole words, the pager."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import shipped

END = "__END__"


class Terminal:
    """A tmux terminal of 80 columns running one shell command line, then printing END."""

    def __init__(self, server: list[str], environment: dict[str, str], cwd: Path,
                 line: str, rows: int) -> None:
        self.server = server
        self.environment = environment
        self.session = f"s{time.monotonic_ns()}"
        self._tmux("new-session", "-d", "-s", self.session, "-x", "80", "-y", str(rows),
                   f"{line}; echo {END}; sleep 60", cwd=cwd)

    def _tmux(self, *args: str, cwd: Path | None = None) -> str:
        return subprocess.run([*self.server, *args], capture_output=True, text=True,
                              check=True, env=self.environment, cwd=cwd).stdout

    def screen(self) -> str:
        """The screen and its history, lines joined where the terminal wrapped them."""
        return self._tmux("capture-pane", "-p", "-J", "-S", "-5000", "-t", self.session)

    def wait(self, text: str, seconds: float = 90) -> str:  # generous: CI machines are busy
        deadline = time.monotonic() + seconds
        shown = self.screen()
        while text not in shown and time.monotonic() < deadline:
            time.sleep(0.1)
            shown = self.screen()
        assert text in shown, shown
        return shown

    def keys(self, keys: str) -> None:
        self._tmux("send-keys", "-t", self.session, keys)


Run = Callable[..., Terminal]


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Run]:
    """Start a command line in a new tmux terminal (its own tmux server, without the test
    run's COLUMNS, NO_COLOR or pager settings)."""
    assert shutil.which("tmux"), "these tests need tmux (apt-get install tmux; .ci/run does)"
    # a server of its own for each test: a server being killed by the test before can never
    # take the next test's session down with it
    server = ["tmux", "-L", f"asean-labour-test-{os.getpid()}-{time.monotonic_ns()}", "-f",
              "/dev/null"]
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("COLUMNS", "LINES", "NO_COLOR", "PAGER", "LESS",
                                  "ASEAN_LABOUR_PAGER")}
    environment |= {"TERM": "xterm-256color",
                    "PATH": f"{Path(sys.executable).parent}:{environment.get('PATH', '')}"}

    def run(line: str, rows: int = 60) -> Terminal:
        return Terminal(server, environment, tmp_path, line, rows)

    yield run
    subprocess.run([*server, "kill-server"], capture_output=True, env=environment,
                   check=False)


def _asean(plans: Path, *args: str) -> str:
    return shlex.join(["asean-labour", *args, "--plans", str(plans)])


def test_list_at_80_columns_in_a_real_terminal(tmux: Run, plans: Path) -> None:
    shown = tmux(_asean(plans, "list", "--no-pager")).wait(END)
    lines = shown[:shown.index(END)].rstrip("\n").splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0].split() == ["ID", "Title", "Years", "Coordinators"]  # the terminal's width
    text = " ".join(shown.split())
    assert text.endswith("(hidden to fit 80 columns: Body, KRA, Collaborators; --wide shows "
                         f"everything, --format json every field) {END}")
    words = set(text.split())
    for project in shipped().projects:
        assert project.id in words
        assert set(project.title.split()) <= words, project.id  # whole words, all of them


def test_piped_in_a_terminal_the_width_is_the_terminals(tmux: Run, plans: Path) -> None:
    shown = tmux(_asean(plans, "list") + " | cat").wait(END)
    assert "(hidden to fit 80 columns: Body, KRA, Collaborators;" in " ".join(shown.split())
    assert all(len(line) <= 80 for line in shown.splitlines())


def test_long_output_goes_through_less_until_the_user_quits(tmux: Run, plans: Path) -> None:
    terminal = tmux(_asean(plans, "list"), rows=24)
    shown = terminal.wait("SLOM-1a")
    time.sleep(0.5)
    shown = terminal.screen()
    assert END not in shown  # less holds the output: the command has not finished
    assert shown.splitlines()[0].split() == ["ID", "Title", "Years", "Coordinators"]
    terminal.keys("q")
    shown = terminal.wait(END)
    assert "SLOM-1a" in shown  # less -X leaves the page read on the screen
