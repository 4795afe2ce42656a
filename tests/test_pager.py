"""The width output is laid out for, and the pager: on a real pseudo-terminal (pty), so
"is a terminal" is true as it is for a user; in tests through CliRunner, never paged."""

from __future__ import annotations

import fcntl
import io
import os
import select
import struct
import sys
import termios
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pytest

from asean_labour.console import current_display, displaying, output_width
from asean_labour.errors import EXIT_OK
from asean_labour.pager import DEFAULT_PAGER, pager_command, paging
from tests.conftest import Invoke


@pytest.fixture
def terminal() -> Iterator[tuple[int, TextIO]]:
    """A pseudo-terminal of 132 columns and 10 lines: its reading end, and its other end
    as a text stream (what a command's standard output is on a terminal)."""
    reader, end = os.openpty()
    fcntl.ioctl(end, termios.TIOCSWINSZ, struct.pack("HHHH", 10, 132, 0, 0))
    stream = open(end, "w", encoding="utf-8", closefd=True)  # noqa: SIM115
    yield reader, stream
    stream.close()
    os.close(reader)


def _shown(reader: int) -> str:
    """What reached the terminal (a pty turns each newline into CR LF)."""
    out = b""
    while select.select([reader], [], [], 0.2)[0]:
        chunk = os.read(reader, 65536)
        if not chunk:
            break
        out += chunk
    return out.decode("utf-8").replace("\r\n", "\n")


def _not_terminals(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("stdin", "stdout", "stderr"):
        monkeypatch.setattr(sys, name, io.StringIO())


# --- the width ---------------------------------------------------------------------------------

def test_columns_sets_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    _not_terminals(monkeypatch)
    monkeypatch.setenv("COLUMNS", "77")
    assert output_width() == 77


def test_piped_with_no_terminal_and_no_columns_there_is_no_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _not_terminals(monkeypatch)
    monkeypatch.delenv("COLUMNS")
    assert output_width() is None
    monkeypatch.setenv("COLUMNS", "wide")  # not a number: ignored
    assert output_width() is None


@pytest.mark.parametrize("stream", ["stdin", "stderr", "stdout"])
def test_piped_output_takes_the_width_of_the_terminal_it_runs_in(
        monkeypatch: pytest.MonkeyPatch, terminal: tuple[int, TextIO], stream: str) -> None:
    """`asean-labour list | less -S`: standard output is a pipe, but standard input and
    error are the terminal."""
    _not_terminals(monkeypatch)
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr(sys, stream, terminal[1])
    assert output_width() == 132
    monkeypatch.setenv("COLUMNS", "90")  # set by the user: it wins, as in git and Rich
    assert output_width() == 90


def test_a_command_keeps_the_width_it_started_with(monkeypatch: pytest.MonkeyPatch) -> None:
    _not_terminals(monkeypatch)
    monkeypatch.setenv("COLUMNS", "70")
    with displaying(wide=True) as display:
        monkeypatch.setenv("COLUMNS", "50")
        assert current_display() == display
        assert (display.width, display.wide) == (70, True)
    assert current_display().width == 50 and not current_display().wide


# --- the pager ---------------------------------------------------------------------------------

def test_which_pager(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.delenv("ASEAN_LABOUR_PAGER", raising=False)
    assert pager_command() == DEFAULT_PAGER == "less -FRX"
    monkeypatch.setenv("PAGER", "more")
    assert pager_command() == "more"
    monkeypatch.setenv("ASEAN_LABOUR_PAGER", "most")  # the tool's own setting comes first
    assert pager_command() == "most"
    for off in ("cat", "", "  "):
        monkeypatch.setenv("ASEAN_LABOUR_PAGER", off)
        assert pager_command() is None
    monkeypatch.delenv("ASEAN_LABOUR_PAGER")
    monkeypatch.setenv("PAGER", "cat")
    assert pager_command() is None


def _recording_pager(tmp_path: Path) -> tuple[str, Path, Path]:
    """A pager that keeps what it is given, and the LESS it was started with."""
    seen, less = tmp_path / "paged.txt", tmp_path / "less.txt"
    return f"printf '%s' \"$LESS\" > '{less}'; cat > '{seen}'", seen, less


def _write(lines: int) -> None:
    for number in range(lines):
        print(f"line {number}")


def test_long_output_on_a_terminal_goes_through_the_pager(
        monkeypatch: pytest.MonkeyPatch, terminal: tuple[int, TextIO], tmp_path: Path) -> None:
    command, seen, less = _recording_pager(tmp_path)
    monkeypatch.setenv("ASEAN_LABOUR_PAGER", command)
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys, "stdout", terminal[1])
    with paging():
        assert sys.stdout is not terminal[1] and sys.stdout.isatty()  # held back, "a terminal"
        _write(30)  # longer than the 10 lines of the screen
    assert sys.stdout is terminal[1]
    assert seen.read_text("utf-8") == "".join(f"line {n}\n" for n in range(30))
    assert less.read_text("utf-8") == "FRX"  # as git sets it for a bare `less`
    assert _shown(terminal[0]) == ""


@pytest.mark.parametrize("why", ["short", "no-pager", "PAGER=cat", "dumb terminal",
                                 "no such pager"])
def test_output_written_as_it_is(monkeypatch: pytest.MonkeyPatch, terminal: tuple[int, TextIO],
                                 tmp_path: Path, why: str) -> None:
    command, seen, _ = _recording_pager(tmp_path)
    monkeypatch.setenv("ASEAN_LABOUR_PAGER", command)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys, "stdout", terminal[1])
    lines = 30
    if why == "short":
        lines = 5  # fits the screen: no pager is started at all
    elif why == "PAGER=cat":
        monkeypatch.delenv("ASEAN_LABOUR_PAGER")
        monkeypatch.setenv("PAGER", "cat")
    elif why == "dumb terminal":
        monkeypatch.setenv("TERM", "dumb")
    elif why == "no such pager":
        monkeypatch.setenv("ASEAN_LABOUR_PAGER", "no-such-pager-here 2>/dev/null")
    with paging(enabled=why != "no-pager"):
        _write(lines)
    assert not seen.exists()
    assert _shown(terminal[0]) == "".join(f"line {n}\n" for n in range(lines))


def test_a_failing_command_writes_what_it_wrote_before_its_error(
        monkeypatch: pytest.MonkeyPatch, terminal: tuple[int, TextIO], tmp_path: Path) -> None:
    command, seen, _ = _recording_pager(tmp_path)
    monkeypatch.setenv("ASEAN_LABOUR_PAGER", command)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys, "stdout", terminal[1])

    def fail_after_writing() -> None:
        with paging():
            _write(30)
            raise RuntimeError("after the table")

    with pytest.raises(RuntimeError, match=r"^after the table$"):
        fail_after_writing()
    assert sys.stdout is terminal[1]
    assert not seen.exists()
    assert _shown(terminal[0]).startswith("line 0\nline 1\n")


def test_piped_or_in_tests_nothing_is_paged(invoke: Invoke, plans: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    command, seen, _ = _recording_pager(tmp_path)
    monkeypatch.setenv("ASEAN_LABOUR_PAGER", command)
    for args in (["list"], ["show", "ACMW-2"], ["stats"], ["plans"], ["log", "--cycle", "2017"],
                 ["report", "--cycle", "2017"]):
        result = invoke(*args, "--plans", str(plans))
        assert result.exit_code == EXIT_OK, result
        assert result.stdout  # written out, not to the pager
    assert not seen.exists()
