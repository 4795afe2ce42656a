"""Shared by the benchmark scripts: run them with the project's virtual environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def reexec_in_project_venv() -> None:
    """A benchmark started with a Python that lacks the tool re-runs itself with the
    project's `.venv/bin/python`."""
    try:
        import asean_labour  # noqa: F401
    except ImportError:
        venv = ROOT / ".venv"
        venv_python = venv / "bin" / "python"
        if venv_python.exists() and Path(sys.prefix).resolve() != venv.resolve():
            os.execv(str(venv_python), [str(venv_python), *sys.argv])
        raise SystemExit("asean_labour is not importable: install the project (pip install -e .)"
                         " or run with its virtual environment's python") from None
