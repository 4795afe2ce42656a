"""Bidirectional overrides and zero-width characters in names, titles and notes are shown as
escapes in every terminal and document output, so no text can be made to read as other text
("Ana" + U+202E + "neB" reads "AnaBen"); JSON escapes them and keeps the exact text."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from asean_labour.errors import EXIT_OK
from asean_labour.text_safety import markdown_escape, spreadsheet_safe, visible_controls
from tests.conftest import WORK_PLAN, Invoke

# Every character of the class, spelt out here (not taken from the code under test).
INVISIBLE = ("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d"
             "\u200e\u200f\ufeff\u2060\u2061\u2062\u2063\u2064\u206a\u206f\xad\u061c\u180e"
             "\ufff9\ufffb\U000e0001\U000e0041\U000e007f")
RAW = re.compile(f"[{INVISIBLE}]")
#: A reporter's name with a zero-width space: names with bidirectional controls are refused
#: (config.name_problem), but an invisible space is allowed in a name, and must show.
SPOOF_NAME = "Ana\u200bBen"
TITLE = "Forum\u200b\u2066on\u2069 migrant\ufeff labour \u2067\u202b\u202c\U000e0041"
NOTE = "held in \u202eiloH\u202c " + INVISIBLE


@pytest.mark.parametrize("character", list(INVISIBLE))
def test_each_character_is_made_visible(character: str) -> None:
    shown = visible_controls(f"a{character}b")
    assert character not in shown
    code = ord(character)
    assert shown == "a" + (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
                           if code < 0x10000 else f"\\U{code:08x}") + "b"
    assert character not in spreadsheet_safe(f"a{character}b")
    assert character not in markdown_escape(f"a{character}b")


def test_emoji_joined_by_a_zero_width_joiner_stay_whole() -> None:
    for emoji in ("👩🏽\u200d🔧", "🏳️\u200d🌈", "❤️\u200d🔥"):
        assert visible_controls(emoji) == emoji
    assert visible_controls("a\u200d🔧") == "a\\u200d🔧"  # a joiner beside a letter is not
    assert visible_controls("ສົມພອນ ภาษาไทย ភាសាខ្មែរ") == "ສົມພອນ ภาษาไทย ភាសាខ្មែរ"


@pytest.fixture
def spoofed(tiny_plans: Callable[..., Path], invoke: Invoke) -> Path:
    folder = tiny_plans(work_plan=WORK_PLAN.replace(
        'title = "Stock taking of labour market information"',
        "title = " + json.dumps(TITLE, ensure_ascii=False)))
    result = invoke("update", "T-1", "--status", "ongoing", "--cycle", "2022", "--note", NOTE,
                    "--by", SPOOF_NAME, "--plans", str(folder))
    assert result.exit_code == EXIT_OK, result
    return folder


COMMANDS = [("list", "--cycle", "2022"), ("show", "T-1"), ("log", "--cycle", "2022"),
            ("report", "--cycle", "2022", "--no-timestamp")]


@pytest.mark.parametrize(("command", "fmt"), [
    *((c, f) for c in COMMANDS[:3] for f in ("table", "markdown", "csv")),
    (COMMANDS[3], "terminal"), (COMMANDS[3], "markdown")], ids=lambda v: str(v[0]) if
    isinstance(v, tuple) else v)
def test_terminal_and_document_text_shows_them(invoke: Invoke, spoofed: Path,
                                               command: tuple[str, ...], fmt: str) -> None:
    result = invoke(*command, "--plans", str(spoofed), "--format", fmt,
                    env={"COLUMNS": "400"})
    assert result.exit_code == EXIT_OK, result
    assert not RAW.search(result.stdout), (command, fmt)
    escaped = "Ana\\u200bBen"  # (Markdown needs no escape for a backslash before a letter)
    if command[0] in ("show", "log"):
        assert escaped in result.stdout
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert any("\\u202e" in cell for row in rows for cell in row)


#: The user texts each command's JSON holds.
IN_JSON = {"list": (TITLE,), "show": (TITLE, NOTE, SPOOF_NAME), "log": (NOTE, SPOOF_NAME),
           "report": (TITLE,)}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_json_escapes_them_and_keeps_the_exact_text(invoke: Invoke, spoofed: Path,
                                                    command: tuple[str, ...]) -> None:
    result = invoke(*command, "--plans", str(spoofed), "--format", "json")
    assert result.exit_code == EXIT_OK, result
    assert not RAW.search(result.stdout)
    assert "\\u202" in result.stdout or "\\u200b" in result.stdout
    strings: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(result.stdout))
    for text in IN_JSON[command[0]]:
        assert text in strings, (command[0], text)  # every character, as typed


def test_word_shows_them(invoke: Invoke, spoofed: Path, tmp_path: Path) -> None:
    import docx

    target = tmp_path / "r.docx"
    result = invoke("report", "--cycle", "2022", "--plans", str(spoofed), "-o", str(target))
    assert result.exit_code == EXIT_OK, result
    document = docx.Document(str(target))
    texts = [c.text for t in document.tables for r in t.rows for c in r.cells]
    texts += [p.text for p in document.paragraphs]
    assert not any(RAW.search(t) for t in texts)
    assert any("Forum\\u200b\\u2066on\\u2069" in t for t in texts)


def test_the_reporting_workbook_shows_them(invoke: Invoke, spoofed: Path,
                                           tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    result = invoke("template", "--cycle", "2022", "-o", str(target), "--plans", str(spoofed))
    assert result.exit_code == EXIT_OK, result
    workbook = openpyxl.load_workbook(target)
    values = [str(c.value) for s in workbook.worksheets for r in s.iter_rows() for c in r
              if c.value is not None]
    assert not any(RAW.search(v) for v in values)
    assert any("Forum\\u200b\\u2066on\\u2069" in v for v in values)


def test_error_messages_show_them(invoke: Invoke, spoofed: Path) -> None:
    result = invoke("update", "T-1\u202e", "--status", "on\u200bgoing", "--cycle", "2022",
                    "--plans", str(spoofed))
    assert result.exit_code != EXIT_OK
    assert not RAW.search(result.stderr)
    assert "T-1\\u202e" in result.stderr and "on\\u200bgoing" in result.stderr
