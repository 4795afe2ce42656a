"""Reading the tool's input files: the plan files of a plans folder (settings.py finds the
folder), and TOML parsed with the file, line and column of every syntax error.

Kept light (no validation, no model): commands served from the cache import only this."""

from __future__ import annotations

import bisect
import errno
import os
import re
import stat
from pathlib import Path
from typing import Any

from asean_labour.errors import Problem

PLANS_ENV = "ASEAN_LABOUR_PLANS"
PROGRESS_DIR = "progress"
#: Folders of a plans folder that hold other data than plans (the progress store; the
#: instruments and ILO ratification records), and files beside the plans that are no plan.
RESERVED_DIRS = frozenset({PROGRESS_DIR, "instruments", "ratifications"})
VOCABULARY_FILE = "vocabulary.toml"
RESERVED_FILES = frozenset({VOCABULARY_FILE})
#: The vocabulary of a plans folder that has none of its own: the shipped file, kept in the
#: package (docs/plan-format.md, "The vocabulary").
BUILTIN_VOCABULARY = Path(__file__).parent / "data" / VOCABULARY_FILE
MAX_PLAN_FILE_BYTES = 64 * 1024 * 1024


def plan_files(plans_dir: Path) -> list[Path]:
    """The plan files of a folder: `*.toml` below it, except the reserved folders and files
    at its top (`progress/`, `instruments/`, `ratifications/`, `vocabulary.toml`) and names
    that start with `_` or `.`."""
    found: list[Path] = []
    for root, dirs, files in os.walk(plans_dir):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith((".", "_")) and not (
                Path(root) == plans_dir and d in RESERVED_DIRS
            )
        )
        found.extend(
            Path(root) / f for f in sorted(files)
            if f.endswith(".toml") and not f.startswith((".", "_"))
            and not (Path(root) == plans_dir and f in RESERVED_FILES)
        )
    return found


def vocabulary_path(plans_dir: Path) -> Path:
    """The vocabulary file a plans folder uses: its own, else the built-in one."""
    own = plans_dir / VOCABULARY_FILE
    return own if os.path.lexists(own) else BUILTIN_VOCABULARY


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:  # abspath, not resolve: a symbolic link is shown as itself, never followed
        return str(Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(Path.cwd()))))
    except ValueError:
        return str(path)


# --- reading TOML ------------------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: Path, shown: str, problems: list[Problem]) -> dict[str, Any] | None:
    """Parse one plan file; a syntax, encoding, size or file-type problem is recorded, not
    raised. A plan file must be a regular file: a symbolic link, a named pipe or a device in the
    plans folder is refused without being opened for reading (one bad commit to a shared plans
    repository must not hang every command or fill the memory)."""
    try:
        raw = read_regular(path, MAX_PLAN_FILE_BYTES, follow_symlinks=False)
    except NotReadable as exc:
        problems.append(Problem(shown, exc.reason))
        return None
    return parse_toml(raw, shown, problems)


# --- reading regular files, bounded --------------------------------------------------------------

class NotReadable(Exception):
    """A file the tool will not read, and why (`reason`, in words an officer can act on)."""

    def __init__(self, reason: str, missing: bool = False, too_large: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing
        self.too_large = too_large


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link"),
          (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def file_kind(mode: int) -> str:
    """What a file is, in words: "a regular file", "a named pipe (FIFO)", "a folder"..."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "a special file"


_OS_REASONS = {
    errno.ENOENT: "no such file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "the name is longer than the system allows",
    errno.ELOOP: "too many symbolic links",
    errno.EISDIR: "is a folder, not a file",
}


def os_reason(exc: OSError) -> str:
    """Why reading a path failed, in words."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def read_regular(path: Path, limit: int, follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; `NotReadable` (with the reason)
    for anything else: a missing file, a folder, a named pipe, a device, a socket, a file over
    the limit, and, unless `follow_symlinks`, a symbolic link.

    The file is opened without blocking (a named pipe with no writer would otherwise hang the
    command) and checked on the open descriptor, so it cannot be swapped for something else
    between the check and the read; at most `limit` + 1 bytes are ever read, whatever the size
    the file system reports."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= os.O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_symlinks:
            raise NotReadable(_refused(path, "a symbolic link")) from None
        try:  # a socket cannot be opened at all (ENXIO): say what it is
            mode = (os.stat if follow_symlinks else os.lstat)(path).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise NotReadable(_refused(path, file_kind(mode))) from None
        raise NotReadable(os_reason(exc), missing=exc.errno == errno.ENOENT) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotReadable(_refused(path, file_kind(mode)))
        size = os.fstat(fd).st_size
        if size > limit:
            raise NotReadable(f"is {size:,} bytes; the limit is {limit:,}", too_large=True)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise NotReadable(f"is more than {limit:,} bytes; the limit is {limit:,}",
                              too_large=True)
        return b"".join(chunks)
    except OSError as exc:
        raise NotReadable(os_reason(exc)) from None
    finally:
        os.close(fd)


def _refused(path: Path, kind: str) -> str:
    if kind == "a folder":
        return "is a folder, not a file"
    return f"is {kind}, not a regular file; only regular files are read"


def parse_toml(raw: bytes, shown: str, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, f"not valid UTF-8 (byte {exc.start + 1})",
                                line=raw[: exc.start].count(b"\n") + 1))
        return None
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line: int | None = None
        column: int | None = None
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()].strip()
        elif message.endswith("(at end of document)"):
            line = max(1, len(text.splitlines()))
            message = message.removesuffix("(at end of document)").strip() + \
                " at the end of the file"
        problems.append(Problem(shown, f"TOML syntax error: {message}", line=line, column=column))
        return None
    except RecursionError:
        problems.append(Problem(shown, "TOML nesting is too deep"))
        return None


class LineFinder:
    """Finds the line of a table or a key in a TOML text, for precise messages."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: dict[str, list[int]] = {}  # header name -> its lines, in order
        for number, line in enumerate(self.lines, start=1):
            if "[" in line:
                match = self._HEADER.match(line)
                if match:
                    name = match.group(2).replace(" ", "")
                    self.headers.setdefault(name, []).append(number)

    def table(self, name: str, index: int = 0, after: int = 0) -> int | None:
        """Line of the `index`-th `[name]`/`[[name]]` header after line `after`."""
        lines = self.headers.get(name, [])
        position = bisect.bisect_right(lines, after) + index
        return lines[position] if position < len(lines) else None

    def key(self, start: int | None, key: str) -> int | None:
        """Line of `key = ` inside the table whose header is on line `start`."""
        if start is None:
            return None
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for number in range(start + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if self._HEADER.match(line):
                break
            if pattern.match(line):
                return number
        return start
