"""The one place Rich consoles are made, so width and colour are read when a command runs."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def make_console(stderr: bool = False) -> Console:
    """A console that honours NO_COLOR, COLUMNS and a piped output (no colour, no codes)."""
    from rich.console import Console

    no_color = "NO_COLOR" in os.environ and os.environ["NO_COLOR"] != ""
    return Console(stderr=stderr, no_color=no_color, highlight=False, emoji=False,
                   markup=False, soft_wrap=False)
