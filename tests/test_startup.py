"""What keeps start-up lean (docs/performance.md, "Start-up (issue 18)"): the JSON writer that
replaces the standard library's indented encoder, the fast path of `visible_controls`, and a
command that imports only the module that registers it."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Any

import pytest

from asean_labour import cli
from asean_labour.render import json_out
from asean_labour.text_safety import INVISIBLE, visible_controls

ROOT = Path(__file__).resolve().parent.parent


def reference(document: Any) -> str:
    """What json_out.dumps wrote before: the standard library's indented JSON, then the
    invisible characters escaped in the whole text."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return INVISIBLE.sub(json_out._json_escape, text) + "\n"


class Colour(StrEnum):
    RED = "red"


class Level(IntEnum):
    HIGH = 3


class Record(dict[str, Any]):
    pass


class Items(list[Any]):
    pass


#: Every invisible character of text_safety, alone and inside words, and the emoji joiner
#: kept between two pictures.
SPOOFS = ["\x1b[31mred", "Ana\u202eneB", "a\u200bb", "\u200d", "x\u200d", "\u200dy",
          "👩\u200d🔧", "👩\u200dx", "\x7f", "\x85", "\xad", "\ufeff", "\U000e0041",
          "tab\there", "line\nbreak", 'quote " and \\ backslash', "\u2028\u2029", "–—é"]

#: Deeper than the writer's table of indents (32 levels).
DEEP: Any = "deep"
for _ in range(40):
    DEEP = [DEEP, {"level": DEEP}] if _ % 10 == 0 else [DEEP]

DOCUMENTS: list[Any] = [
    {},
    [],
    {"a": {}, "b": [], "c": [[]], "d": [{}]},
    {"schema_version": 1, "kind": "projects", "count": 2, "projects": [
        {"id": "SLOM-1", "title": "A title", "notes": None, "years": [2016, 2017],
         "done": True, "late": False, "share": 0.5, "events": [
             {"date": "2017-05-01", "venue": "Ha Noi", "tags": ["x", "y"]}]},
        {"id": "SLOM-2", "title": "", "notes": "n", "years": [], "done": False,
         "late": None, "share": -1.25e-7, "events": []}]},
    {"floats": [1.0, 1e300, -0.0, math.inf, -math.inf, math.nan, 3.141592653589793]},
    {"ints": [0, -1, 10**30, True, False, None]},
    {1: "int key", 2.5: "float key", None: "none key"},
    {True: "true key", False: "false key"},
    {"enum": Colour.RED, Colour.RED: "as a key", "int enum": Level.HIGH, Level.HIGH: "k"},
    {"tuple": (1, "two", (3,)), "subclasses": Record(x=Items([1, 2]))},
    Record(a=1),
    Items(["a"]),
    "just a string",
    None,
    42,
    {"spoofs": SPOOFS, **{text: text for text in SPOOFS}},
    [SPOOFS, DEEP],
]


@pytest.mark.parametrize("document", DOCUMENTS, ids=range(len(DOCUMENTS)))
def test_json_writer_writes_what_the_standard_library_wrote(document: Any) -> None:
    assert json_out.dumps(document) == reference(document)


def test_json_writer_on_the_shipped_plans_listing() -> None:
    from asean_labour.cache import load_catalogue
    from asean_labour.records import project_record

    catalogue = load_catalogue(ROOT / "plans")
    records = [project_record(catalogue, p) for p in catalogue.projects]
    document = json_out.envelope("projects", count=len(records), projects=records)
    assert len(records) > 50
    assert json_out.dumps(document) == reference(document)


def test_json_writer_joins_a_long_listing_in_blocks_without_changing_it() -> None:
    """Past json_out._BLOCK parts the writer joins what it has into a block."""
    document = {"projects": [{"id": f"P-{n}", "years": [2016, n], "note": SPOOFS[n % 18],
                              "events": [{"n": n}] if n % 3 else []} for n in range(3000)]}
    assert json_out.dumps(document) == reference(document)


@pytest.mark.parametrize("bad", [object(), {"set": {1}}, [b"bytes"]])
def test_json_writer_refuses_what_json_cannot_hold(bad: Any) -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        json_out.dumps(bad)


def test_json_writer_refuses_a_key_json_cannot_hold() -> None:
    with pytest.raises(TypeError, match="keys must be str, int, float, bool or None"):
        json_out.dumps({(1, 2): "tuple key"})


def test_every_invisible_character_is_unprintable() -> None:
    """The fast paths (`visible_controls`, the JSON writer) pass printable text through
    untouched: right only while INVISIBLE matches no printable character."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    matched = set(INVISIBLE.findall(everything))
    assert "\u202e" in matched and "\x1b" in matched and "\u200d" in matched
    assert [f"U+{ord(c):04X}" for c in sorted(matched) if c.isprintable()] == []


@pytest.mark.parametrize("text", [*SPOOFS, "plain", "", "Viet Nam – Lao PDR"])
def test_visible_controls_unchanged_by_its_fast_path(text: str) -> None:
    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code < 0x100:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

    assert visible_controls(text) == INVISIBLE.sub(escape, text)


# --- which module a command imports ------------------------------------------------------------

def test_elsewhere_names_every_command_registered_outside_cli() -> None:
    app = cli.register_all()
    outside: dict[str, str] = {}
    for info in app.registered_commands:
        module = info.callback.__module__ if info.callback else ""
        if module != "asean_labour.cli":
            outside[str(info.name)] = module.removeprefix("asean_labour.")
    for group in app.registered_groups:
        module = group.typer_instance.registered_commands[0].callback.__module__ \
            if group.typer_instance and group.typer_instance.registered_commands[0].callback \
            else ""
        outside[str(group.name)] = module.removeprefix("asean_labour.")
    assert outside == cli.ELSEWHERE


#: Runs `main` as the script does, then says which of the command modules were imported.
PROBE = """
import sys
sys.argv = ["asean-labour", *sys.argv[1:]]
from asean_labour.cli import main
try:
    main()
except SystemExit:
    pass
import gc
sys.stderr.write("\\nFROZEN %d\\n" % gc.get_freeze_count())
sys.stderr.write("\\nMODULES " + " ".join(sorted(
    name for name in sys.modules
    if name in ("asean_labour.report_commands", "asean_labour.plans_commands", "json"))) + "\\n")
"""


def imported_by(*argv: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True,
                          text=True, cwd=ROOT, check=False, timeout=60)
    line = next(x for x in reversed(done.stderr.splitlines()) if x.startswith("MODULES"))
    return set(line.split()[1:])


def test_list_imports_neither_the_report_commands_nor_the_plans_group() -> None:
    """Nor the json package: the JSON writer needs only the C string encoder (_json)."""
    plans = str(ROOT / "plans")
    assert imported_by("list", "--format", "json", "--plans", plans) == set()
    assert imported_by("list", "--format", "csv", "--plans", plans) == set()


def test_a_report_command_imports_its_module_and_the_help_imports_both() -> None:
    assert imported_by("report", "--help") - {"json"} == {"asean_labour.report_commands"}
    assert imported_by("plans", "--help") - {"json"} == {"asean_labour.plans_commands"}
    assert imported_by("--help") - {"json"} == {"asean_labour.report_commands",
                                                "asean_labour.plans_commands"}


def test_main_freezes_what_was_imported_out_of_the_garbage_collector() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, "list", "--format", "json", "--plans",
                           str(ROOT / "plans")], capture_output=True, text=True, cwd=ROOT,
                          check=False, timeout=60)
    frozen = next(int(x.split()[1]) for x in done.stderr.splitlines() if x.startswith("FROZEN"))
    assert frozen > 10_000  # the modules, classes and functions of Typer and the tool
    # ... and the loaded plans (app.load, in the script only): more than the imports alone.
    imports = subprocess.run([sys.executable, "-c", PROBE, "--version"], capture_output=True,
                             text=True, cwd=ROOT, check=False, timeout=60)
    only_imports = next(int(x.split()[1]) for x in imports.stderr.splitlines()
                        if x.startswith("FROZEN"))
    assert frozen > only_imports + 79  # at least one object per shipped project
    plain = subprocess.run([sys.executable, "-c", "import gc, asean_labour.cli; "
                            "print(gc.get_freeze_count())"], capture_output=True, text=True,
                           cwd=ROOT, check=True, timeout=60)
    assert plain.stdout.strip() == "0"  # importing the module alone freezes nothing


def test_commands_run_in_a_process_that_goes_on_freeze_nothing() -> None:
    """Typer's runner (the tests, any program that runs commands in turn): no freezing, so
    the garbage of one command is collected before the next."""
    import gc

    from typer.testing import CliRunner

    before = gc.get_freeze_count()
    done = CliRunner().invoke(cli.register_all(), ["list", "--format", "json", "--plans",
                                                   str(ROOT / "plans")])
    assert done.exit_code == 0, done.output
    assert gc.get_freeze_count() == before
