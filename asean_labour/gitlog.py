"""`update --commit`: each command's change file committed, so git history is an audit trail."""

from __future__ import annotations

import subprocess
from pathlib import Path

from asean_labour.errors import AseanLabourError


class GitError(AseanLabourError):
    """The change was recorded, but committing it failed."""


def is_repository(folder: Path) -> bool:
    try:
        done = subprocess.run(["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
                              capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and done.stdout.strip() == "true"


def commit(folder: Path, files: list[Path], message: str) -> None:
    """Commit exactly `files` (nothing else that is staged) with `message`."""
    if not is_repository(folder):
        raise GitError(f"{folder} is not in a git repository; the update is recorded but "
                       "not committed (drop --commit, or run `git init` there)")
    paths = [str(f) for f in files]
    for args in (["add", "--", *paths], ["commit", "--quiet", "-m", message, "--", *paths]):
        try:
            done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                                  text=True, check=False, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GitError(f"git {args[0]} failed ({exc}); the update is recorded but not "
                           "committed") from None
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise GitError(f"git {args[0]} failed: {detail[-1] if detail else 'no message'}; "
                           "the update is recorded but not committed")
