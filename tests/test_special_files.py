"""Special files where the tool reads or writes: plan files, batch files, the config file and
report outputs are regular files only. A named pipe, a device, a socket or a symbolic link to
one is refused with a clear message, never read (hang, memory) nor replaced (a device)."""

from __future__ import annotations

import os
import signal
import socket
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from asean_labour.files import NotReadable, read_regular
from tests.conftest import Invoke


class Hung(Exception):
    pass


@contextmanager
def deadline(seconds: int = 20) -> Iterator[None]:
    """Fail, rather than hang the test run, if the command blocks (on a named pipe, say)."""
    def expire(*_: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def make_special(path: Path, kind: str) -> None:
    """A special file (or a symbolic link to one) at `path`."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "null":
        path.symlink_to("/dev/null")
    elif kind == "folder":
        path.mkdir()
    else:
        raise AssertionError(kind)


SPECIAL = ["fifo", "socket", "zero", "null"]


@pytest.mark.parametrize("kind", SPECIAL)
def test_a_special_plan_file_is_refused_by_every_command(invoke: Invoke, plans: Path,
                                                         kind: str) -> None:
    make_special(plans / "x.toml", kind)
    for command in (("validate",), ("list",), ("show", "ACMW-2"), ("report", "--cycle",
                                                                   "2017")):
        with deadline():
            result = invoke(*command, "--plans", str(plans))
        assert result.exit_code == EXIT_FAILURE, (command, result)
        assert "x.toml: is " in result.stderr
        assert "not a regular file; only regular files are read" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_symlinked_plan_file_is_refused_even_to_a_good_plan(invoke: Invoke, plans: Path,
                                                              tmp_path: Path) -> None:
    # git stores symbolic links: one committed to a shared plans repository names anything on
    # each user's machine. Plan files are read as regular files only (lstat), never followed.
    outside = tmp_path / "elsewhere.toml"
    (plans / "acmw-2016-2020.toml").rename(outside)
    (plans / "acmw-2016-2020.toml").symlink_to(outside)
    result = invoke("validate", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert "acmw-2016-2020.toml: is a symbolic link, not a regular file" in result.stderr


def test_a_folder_named_like_a_plan_is_walked_not_read(invoke: Invoke, plans: Path) -> None:
    make_special(plans / "x.toml", "folder")
    result = invoke("validate", "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result


@pytest.mark.parametrize("kind", [*SPECIAL, "folder"])
def test_a_special_config_file_is_refused(invoke: Invoke, plans: Path, tmp_path: Path,
                                          kind: str) -> None:
    config = tmp_path / "config.toml"
    make_special(config, kind)
    with deadline():
        result = invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017",
                        "--plans", str(plans), env={"ASEAN_LABOUR_CONFIG": str(config)})
    assert result.exit_code == EXIT_FAILURE, result
    assert "config.toml: cannot read: is " in result.stderr
    assert not (plans / "progress").exists()


def test_a_config_file_may_be_a_symbolic_link_to_a_regular_file(invoke: Invoke, plans: Path,
                                                               tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text('reporter = "Ana"\n', "utf-8")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    result = invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017", "--plans",
                    str(plans), "--format", "json", env={"ASEAN_LABOUR_CONFIG": str(link)})
    assert result.exit_code == EXIT_OK, result
    assert '"reported_by": "Ana"' in result.stdout


@pytest.mark.parametrize(("kind", "expected"), [
    ("fifo", "is a named pipe (FIFO), not a regular file; only regular files are read; to "
             "read a pipe, use --file - (standard input)"),
    ("socket", "is a socket, not a regular file"),
    ("zero", "is a character device, not a regular file"),
    ("folder", "is a folder, not a file"),
])
def test_a_special_batch_file_is_refused(invoke: Invoke, plans: Path, tmp_path: Path,
                                         kind: str, expected: str) -> None:
    batch = tmp_path / "round.csv"
    make_special(batch, kind)
    with deadline():
        result = invoke("update", "--file", str(batch), "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE, result
    assert f"--file {batch}: {expected}" in result.stderr
    with deadline():
        zero = invoke("update", "--file", "/dev/zero", "--plans", str(plans))
    assert zero.exit_code == EXIT_USAGE
    assert "--file /dev/zero: is a character device" in zero.stderr


def test_a_batch_file_that_grows_past_the_limit_is_read_no_further(tmp_path: Path) -> None:
    # The size the file system reports is not trusted: at most limit + 1 bytes are read.
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(NotReadable) as raised:
        read_regular(big, 1000)
    assert raised.value.too_large
    assert read_regular(big, 4096) == b"x" * 2048


def output_device(tmp_path: Path, suffix: str) -> Path:
    """A character device to write a report to: as root (who could replace /dev/null) a
    device node of our own in the test folder, else /dev/null itself (which a user cannot
    replace anyway); either way the tool must refuse it."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    node = tmp_path / f"null-device{suffix}"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


@pytest.mark.parametrize("kind", ["fifo", "socket", "null", "device"])
@pytest.mark.parametrize("command", [("report", "--cycle", "2017", "--format", "markdown"),
                                     ("template", "--cycle", "2017")])
def test_an_output_that_is_no_regular_file_is_never_replaced(
        invoke: Invoke, plans: Path, tmp_path: Path, kind: str,
        command: tuple[str, ...]) -> None:
    suffix = ".xlsx" if command[0] == "template" else ".md"
    if kind == "device":
        target = output_device(tmp_path, suffix)
    else:
        target = tmp_path / f"out{suffix}"
        make_special(target, kind)
    if target.suffix != suffix:  # /dev/null, for a user who is not root
        link = tmp_path / f"device{suffix}"
        link.symlink_to(target)
        target = link
    before = os.lstat(target)
    with deadline():
        result = invoke(*command, "-o", str(target), "--force", "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE, result
    assert "only regular files are written" in result.stderr
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino,
                                                            before.st_rdev)


def test_names_longer_than_the_system_allows(invoke: Invoke, plans: Path,
                                             tmp_path: Path) -> None:
    long = "x" * 300
    cases: list[tuple[tuple[str, ...], dict[str, str] | None, str, int]] = [
        (("list", "--plans", long), None, f"--plans {long}: the name is longer than the "
                                          "system allows", EXIT_FAILURE),
        (("update", "--file", long + ".csv", "--plans", str(plans)), None,
         "the name is longer than the system allows", EXIT_USAGE),
        (("report", "--cycle", "2017", "-o", long + ".md", "--plans", str(plans)), None,
         "the file name is longer than the system allows", EXIT_USAGE),
        (("template", "--cycle", "2017", "-o", long + ".xlsx", "--plans", str(plans)), None,
         "the file name is longer than the system allows", EXIT_USAGE),
        (("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017", "--plans",
          str(plans)), {"ASEAN_LABOUR_CONFIG": long},
         "cannot read: the name is longer than the system allows", EXIT_FAILURE),
    ]
    for args, env, expected, code in cases:
        result = invoke(*args, env=env)
        assert result.exit_code == code, (args[0], result)
        assert expected in result.stderr, (args[0], result.stderr)
        assert "Traceback" not in result.stderr
    # A name just within the limit is written (its temporary name is shortened).
    target = tmp_path / ("y" * 250 + ".md")
    result = invoke("report", "--cycle", "2017", "-o", str(target), "--plans", str(plans))
    assert result.exit_code == EXIT_OK, result
    assert target.is_file()


def test_file_names_are_shown_with_control_characters_made_visible(
        invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    broken = plans / "bad\x1b[31mname\u202e.toml"
    broken.write_text("[plan\n", "utf-8")
    result = invoke("validate", "--plans", str(plans))
    assert result.exit_code == EXIT_FAILURE
    assert "bad\\x1b[31mname\\u202e.toml:1:" in result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    broken.unlink()
    missing = invoke("update", "--file", "r\x07\u2066.csv", "--plans", str(plans))
    assert "--file r\\x07\\u2066.csv: no such file" in missing.stderr
    folder = plans.rename(plans.with_name("plans\x1b[2J\u202e"))
    checked = invoke("validate", "--plans", str(folder))
    assert checked.exit_code == EXIT_OK, checked
    assert "plans\\x1b[2J\\u202e: all valid" in checked.stdout
    plans = folder
    target = tmp_path / "r\x1b]0;x\x07.md"
    written = invoke("report", "--cycle", "2017", "-o", str(target), "--plans", str(plans))
    assert written.exit_code == EXIT_OK, written
    assert "r\\x1b]0;x\\x07.md" in written.stdout
    assert "\x1b" not in written.stdout
