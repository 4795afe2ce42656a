"""What `config` shows: every setting's effective value and where it comes from, as a table,
JSON or Markdown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from asean_labour.render import Column, ListFormat, Listing
from asean_labour.settings import CONFIG_FILE, DEFAULT, Setting

Out = Callable[[str], None]


def value_text(setting: Setting) -> str:
    """A value as the config file would spell it: true/false, a path, "none"."""
    if isinstance(setting.value, bool):
        return "true" if setting.value else "false"
    if setting.value is None:
        return "off" if setting.name == "pager" else "none"
    return str(setting.value)


def source_text(setting: Setting) -> str:
    """Where a value comes from: the option or variable that gave it, the config file, or
    the default."""
    if setting.source in (CONFIG_FILE, DEFAULT):
        return setting.source
    return setting.origin


def record(setting: Setting) -> dict[str, Any]:
    value = setting.value
    return {"name": setting.name,
            "value": str(value) if isinstance(value, Path) else value,
            "source": setting.source, "origin": setting.origin, "problem": setting.problem}


def listing(path: Path, exists: bool, settings: Sequence[Setting]) -> Listing:
    from asean_labour.files import display_path

    where = display_path(path) + ("" if exists else ", not found")
    problems = [f"{s.name}: {s.problem}" for s in settings if s.problem]
    return Listing(
        f"Settings (config file: {where})",
        (Column("Setting", no_wrap=True), Column("Value", ratio=2, min_width=12),
         Column("From", ratio=1, min_width=8, items=True, drop=1)),
        tuple((s.name, value_text(s), source_text(s)) for s in settings),
        "; ".join(problems) or None)


def emit(path: Path, exists: bool, settings: Sequence[Setting], fmt: ListFormat,
         out: Out) -> None:
    """The settings in a format (a table, JSON, CSV, Markdown or a workbook)."""
    from asean_labour import views

    if fmt is ListFormat.JSON:
        from asean_labour.render import json_out

        out(json_out.dumps(json_out.envelope(
            "config", config_file={"path": str(path), "exists": exists},
            settings=[record(s) for s in settings])))
        return
    if fmt in (ListFormat.CSV, ListFormat.XLSX):
        fields = ("name", "value", "source", "origin", "problem")
        records = [record(s) for s in settings]
        if fmt is ListFormat.CSV:
            from asean_labour.render import csv_out

            out(csv_out.dumps(records, fields))
            return
        from asean_labour.render import xlsx_out

        views.emit_workbook([xlsx_out.sheet("Settings", records, fields)], out, "Settings")
        return
    views.emit_listing(listing(path, exists, settings), fmt, out)
