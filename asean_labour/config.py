"""User settings: who reports, and whether `update` commits to git by default.

Read from `$ASEAN_LABOUR_CONFIG`, else `$XDG_CONFIG_HOME/asean-labour/config.toml`
(`~/.config/asean-labour/config.toml`). The environment overrides the file.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from asean_labour.errors import InvalidInput, Problem
from asean_labour.files import NotReadable, display_path, parse_toml, read_regular

CONFIG_ENV = "ASEAN_LABOUR_CONFIG"
REPORTER_ENV = "ASEAN_LABOUR_REPORTER"
CONFIG_KEYS = {"reporter": str, "commit": bool}
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Config:
    reporter: str | None = None
    commit: bool = False
    path: Path | None = None


def config_path() -> Path:
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
    if problems:
        raise InvalidInput(problems, f"fix the configuration file {shown}")
    reporter = data.get("reporter")
    return Config(reporter=reporter.strip() if isinstance(reporter, str) and reporter.strip()
                  else None, commit=bool(data.get("commit", False)), path=path)


def default_reporter(config: Config) -> str:
    """$ASEAN_LABOUR_REPORTER, else the config's `reporter`, else the login name."""
    name = os.environ.get(REPORTER_ENV, "").strip() or config.reporter
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
