"""User settings: who reports, whether `update` commits to git by default, and the meeting
and the author the progress report names (`meeting`, `prepared_by`).

Read from `$ASEAN_LABOUR_CONFIG`, else `$XDG_CONFIG_HOME/asean-labour/config.toml`
(`~/.config/asean-labour/config.toml`). The environment overrides the file.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from asean_labour.errors import InvalidInput, Problem
from asean_labour.files import display_path, parse_toml

CONFIG_ENV = "ASEAN_LABOUR_CONFIG"
REPORTER_ENV = "ASEAN_LABOUR_REPORTER"
CONFIG_KEYS = {"reporter": str, "commit": bool, "meeting": str, "prepared_by": str}


@dataclass(frozen=True)
class Config:
    reporter: str | None = None
    commit: bool = False
    path: Path | None = None
    meeting: str | None = None  # the report's cover: "The 14th SLOM"
    prepared_by: str | None = None  # the report's cover: "the ASEAN Secretariat"


def config_path() -> Path:
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "asean-labour" / "config.toml"


def load_config() -> Config:
    """The settings; a missing file means the defaults, a broken one is an error."""
    path = config_path()
    if not path.is_file():
        return Config()
    shown = display_path(path)
    problems: list[Problem] = []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput([Problem(shown, f"cannot read: {exc.strerror}")],
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
                  else None, commit=bool(data.get("commit", False)), path=path,
                  meeting=_text(data, "meeting"), prepared_by=_text(data, "prepared_by"))


def _text(data: dict[str, object], key: str) -> str | None:
    """A text setting, blank meaning unset."""
    value = data.get(key)
    return value.strip() or None if isinstance(value, str) else None


def default_reporter(config: Config) -> str:
    """$ASEAN_LABOUR_REPORTER, else the config's `reporter`, else the login name."""
    name = os.environ.get(REPORTER_ENV, "").strip() or config.reporter
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
