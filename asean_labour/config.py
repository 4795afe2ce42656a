"""The config file: where the plans are (`plans`), who reports (`reporter`), whether `update`
commits to git by default (`commit`), and the meeting and the author the reports name
(`meeting`, `prepared_by`).

Read from `$ASEAN_LABOUR_CONFIG`, else `$XDG_CONFIG_HOME/asean-labour/config.toml`
(`~/.config/asean-labour/config.toml`). Options and the environment override the file:
`settings.py` holds each setting's order of precedence.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from asean_labour.errors import InvalidInput, Problem
from asean_labour.files import NotReadable, display_path, parse_toml, read_regular

CONFIG_ENV = "ASEAN_LABOUR_CONFIG"
REPORTER_ENV = "ASEAN_LABOUR_REPORTER"
CONFIG_KEYS = {"plans": str, "reporter": str, "commit": bool, "meeting": str,
               "prepared_by": str}
MAX_NAME = 2_000

#: Characters a name may not hold: controls (NUL, line breaks, escapes), the Unicode line and
#: paragraph separators, and the bidirectional embeddings, overrides and isolates that make
#: a name read as another. Names go into change files, tables and git commit messages.
_NOT_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def name_problem(name: str) -> str | None:
    """Why a text cannot be a reporter's name (None: it can): a name is one line of plain
    text, so it can never add a line (a forged git trailer) or hide what it says."""
    if not name.strip():
        return "is empty; expected a name"
    if len(name) > MAX_NAME:
        return f"is {len(name):,} characters long; the limit is {MAX_NAME:,}"
    match = _NOT_IN_NAMES.search(name)
    if match is None:
        return None
    char = match.group()
    if char == "\x00":
        what = "a NUL character"
    elif char in _LINE_BREAKS:
        what = "a line break"
    elif "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        what = "a bidirectional control character"
    else:
        what = "a control character"
    return f"contains {what} (U+{ord(char):04X}); a name is one line of plain text"

MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Config:
    reporter: str | None = None
    commit: bool = False
    path: Path | None = None
    meeting: str | None = None  # the report's cover: "The 14th SLOM"
    prepared_by: str | None = None  # the report's cover: "the ASEAN Secretariat"
    plans: Path | None = None  # the plans folder (relative to the file's folder), ~ expanded


def config_path() -> Path:
    """$ASEAN_LABOUR_CONFIG, else the XDG place (the file need not exist)."""
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "asean-labour" / "config.toml"


def load_config() -> Config:
    """The settings; a missing file means the defaults, a broken one is an error."""
    path = config_path()
    shown = display_path(path)
    problems: list[Problem] = []
    try:  # a settings file may be a symbolic link (dotfile managers), but not a pipe or device
        raw = read_regular(path, MAX_CONFIG_BYTES, follow_symlinks=True)
    except NotReadable as exc:
        if exc.missing:
            return Config()
        raise InvalidInput([Problem(shown, f"cannot read: {exc.reason}")],
                           "the configuration file cannot be read") from None
    data = parse_toml(raw, shown, problems) or {}
    for key, value in data.items():
        expected = CONFIG_KEYS.get(key)
        if expected is None:
            problems.append(Problem(shown, f"unknown setting; expected one of: "
                                    f"{', '.join(CONFIG_KEYS)}", field=key))
        elif not isinstance(value, expected):
            wanted = "a string" if expected is str else "true or false"
            problems.append(Problem(shown, f"expected {wanted}", field=key))
        elif key == "reporter" and isinstance(value, str) and value.strip() and \
                (problem := name_problem(value)) is not None:
            problems.append(Problem(shown, problem, line=_line_of(raw, key), field=key))
        elif key == "plans" and isinstance(value, str) and "\x00" in value:
            problems.append(Problem(shown, "contains a NUL character; expected the path of "
                                    "the plans folder", line=_line_of(raw, key), field=key))
    if problems:
        raise InvalidInput(problems, f"fix the configuration file {shown}")
    reporter = data.get("reporter")
    plans = _text(data, "plans")
    return Config(reporter=reporter.strip() if isinstance(reporter, str) and reporter.strip()
                  else None, commit=bool(data.get("commit", False)), path=path,
                  meeting=_text(data, "meeting"), prepared_by=_text(data, "prepared_by"),
                  plans=path.parent / Path(plans).expanduser() if plans else None)


def _text(data: dict[str, object], key: str) -> str | None:
    """A text setting, blank meaning unset."""
    value = data.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _line_of(raw: bytes, key: str) -> int | None:
    from asean_labour.files import LineFinder

    return LineFinder(raw.decode("utf-8-sig", errors="replace")).key(0, key) or None


def login_name() -> str:
    """The login name, the reporter's last default ("unknown" when there is none)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def checked_name(name: str, where: str, key: str | None = None) -> str:
    """The name, stripped, if it can be a reporter's name; else `InvalidInput` naming where
    the name came from."""
    problem = name_problem(name)
    if problem is not None:
        raise InvalidInput([Problem(where, problem, field=key)],
                           "the reporter's name cannot be used; nothing was recorded")
    return name.strip()
