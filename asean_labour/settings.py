"""Every setting's effective value and where it comes from: an option, the environment, the
config file, or the default. One function per setting, used by the commands (for their
defaults) and by `asean-labour config` (to show them all).

Precedence, first found wins:

    plans        --plans, $ASEAN_LABOUR_PLANS, the config file's `plans` (relative to the
                 config file's folder), then ./plans or a parent folder's plans/
    reporter     --by, $ASEAN_LABOUR_REPORTER, the config file's `reporter`, the login name
    commit       --commit/--no-commit, the config file's `commit`, off
    meeting      --meeting, the config file's `meeting`, none
    prepared_by  --prepared-by, the config file's `prepared_by`, the ASEAN Secretariat
    pager        $ASEAN_LABOUR_PAGER, $PAGER, less -FRX (--no-pager turns it off)

Kept light: every command finds its plans folder here, and the config file is read only when
neither --plans nor $ASEAN_LABOUR_PLANS says where the plans are.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from asean_labour.errors import PlansNotFound, UsageError
from asean_labour.files import PLANS_ENV, display_path

if TYPE_CHECKING:
    from asean_labour.config import Config

OPTION, ENVIRONMENT, CONFIG_FILE, DEFAULT = "option", "environment", "config file", "default"
#: Who prepared a report when neither --prepared-by nor the config file says.
PREPARED_BY_DEFAULT = "the ASEAN Secretariat"
#: The longest text --meeting and --prepared-by take (one line on a cover).
MAX_IMPRINT = 120


class Setting:
    """A setting's effective value and where it comes from: `source` is one of option,
    environment, config file, default; `origin` names it (`--plans`, `$ASEAN_LABOUR_PLANS`,
    the config file's path, what the default is); `problem` says why the value cannot be
    used (a plans folder not found). (A plain class: every command finds its plans folder
    here, and a dataclass or a named tuple costs most of a millisecond to define.)"""

    __slots__ = ("name", "origin", "problem", "source", "value")

    def __init__(self, name: str, value: str | bool | Path | None, source: str, origin: str,
                 problem: str | None = None) -> None:
        self.name, self.value, self.source, self.origin = name, value, source, origin
        self.problem = problem

    def _fields(self) -> tuple[object, ...]:
        return (self.name, self.value, self.source, self.origin, self.problem)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Setting) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Setting({})".format(", ".join(repr(f) for f in self._fields()))


# --- the plans folder --------------------------------------------------------------------------

def plans_setting(option: Path | None = None, cwd: Path | None = None,
                  config: Config | None = None) -> Setting:
    """Where the plans folder is, and why; `problem` says what is wrong with it (never
    raised here: `config` shows it, `find_plans_dir` refuses it)."""
    if option is not None:
        return _folder(option, OPTION, "--plans", f"--plans {option}")
    env = os.environ.get(PLANS_ENV)
    if env:
        return _folder(Path(env), ENVIRONMENT, f"${PLANS_ENV}", f"{PLANS_ENV}={env}")
    if config is None:
        from asean_labour.config import load_config

        config = load_config()
    if config.plans is not None and config.path is not None:
        return _folder(config.plans, CONFIG_FILE, str(config.path),
                       f"{display_path(config.path)}: plans = {config.plans}")
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "plans"
        if _is_dir(candidate):
            return Setting("plans", candidate, DEFAULT, "./plans or a parent's plans/")
    return Setting("plans", None, DEFAULT, "./plans or a parent's plans/",
                   f"no plans folder found: looked for plans/ in {here} and its parents; "
                   f"give one with --plans DIR, set {PLANS_ENV}, or set plans in the config "
                   "file (see `asean-labour config`)")


def _folder(path: Path, source: str, origin: str, named: str) -> Setting:
    if _is_dir(path):
        return Setting("plans", path, source, origin)
    return Setting("plans", path, source, origin, f"{named}: {_not_a_folder(path)}")


def find_plans_dir(option: Path | None = None, cwd: Path | None = None) -> Path:
    """The plans folder (`plans_setting`), or `PlansNotFound` saying what was looked for."""
    found = plans_setting(option, cwd)
    if found.problem is not None or not isinstance(found.value, Path):
        raise PlansNotFound(found.problem or "no plans folder found")
    return found.value


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name longer than the system allows, a loop of links...
        return False


def _not_a_folder(path: Path) -> str:
    import errno

    from asean_labour.files import file_kind, os_reason

    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return "no such folder" if exc.errno in (errno.ENOENT, errno.ENOTDIR) else \
            os_reason(exc)
    except ValueError:
        return "not a usable path (it holds a NUL character)"
    kind = file_kind(mode)
    return f"is {'a file' if kind == 'a regular file' else kind}, not a folder"


# --- who reports, git, the reports' cover ------------------------------------------------------

def reporter_setting(option: str | None, config: Config) -> Setting:
    """Who reports: --by, $ASEAN_LABOUR_REPORTER, the config file's `reporter`, the login
    name; each checked as a name (`--by` a `UsageError`, the others `InvalidInput` naming
    where the name came from)."""
    from asean_labour.config import REPORTER_ENV, checked_name, login_name, name_problem

    if option is not None and option.strip():
        problem = name_problem(option)
        if problem is not None:
            raise UsageError(f"--by: {problem}")
        return Setting("reporter", option.strip(), OPTION, "--by")
    env = os.environ.get(REPORTER_ENV, "").strip()
    if env:
        return Setting("reporter", checked_name(env, f"${REPORTER_ENV}"), ENVIRONMENT,
                       f"${REPORTER_ENV}")
    if config.reporter and config.path is not None:
        return Setting("reporter", checked_name(config.reporter, display_path(config.path),
                                                "reporter"), CONFIG_FILE, str(config.path))
    return Setting("reporter", checked_name(login_name(), "your login name (give --by NAME)"),
                   DEFAULT, "your login name")


def commit_setting(option: bool | None, config: Config) -> Setting:
    """Whether `update`, `undo` and `redo` commit their change file to git."""
    if option is not None:
        return Setting("commit", option, OPTION, "--commit" if option else "--no-commit")
    if config.path is not None and config.commit:
        return Setting("commit", True, CONFIG_FILE, str(config.path))
    return Setting("commit", False, DEFAULT, "off")


def meeting_setting(option: str | None, config: Config) -> Setting:
    """The meeting a report is for, on its cover ("The 14th SLOM"); none by default."""
    return _cover_setting("meeting", "--meeting", option, config.meeting, config, None)


def prepared_by_setting(option: str | None, config: Config) -> Setting:
    """Who prepared a report, on its cover."""
    return _cover_setting("prepared_by", "--prepared-by", option, config.prepared_by, config,
                          PREPARED_BY_DEFAULT)


def _cover_setting(name: str, flag: str, option: str | None, configured: str | None,
                   config: Config, default: str | None) -> Setting:
    given = _imprint_text(flag, option)
    if given is not None:
        return Setting(name, given, OPTION, flag)
    if configured and config.path is not None:
        return Setting(name, configured, CONFIG_FILE, str(config.path))
    return Setting(name, default, DEFAULT, default or "none")


def _imprint_text(option: str, value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if not text or "\n" in text or len(text) > MAX_IMPRINT:
        raise UsageError(f"{option}: expected a name on one line of at most {MAX_IMPRINT} "
                         f"characters, got {value!r}")
    return text


def pager_setting() -> Setting:
    """The pager long output on a terminal goes through (pager.py)."""
    from asean_labour.pager import DEFAULT_PAGER, pager_choice

    command, variable = pager_choice()
    if variable is None:
        return Setting("pager", command, DEFAULT, DEFAULT_PAGER)
    return Setting("pager", command, ENVIRONMENT, f"${variable}")


def effective(plans: Path | None = None) -> tuple[Path, bool, list[Setting]]:
    """The config file's path, whether it exists, and every setting as a command run here
    (with `--plans` as given) would take it."""
    from asean_labour.config import config_path, load_config

    config = load_config()
    path = config_path()
    return path, config.path is not None, [
        plans_setting(plans, config=config),
        reporter_setting(None, config),
        commit_setting(None, config),
        meeting_setting(None, config),
        prepared_by_setting(None, config),
        pager_setting(),
    ]
