"""The large listing's JSON written by orjson (json_out.dumps, `plain_records`): the same text
as the writer of json_out and as the standard library, invisible characters escaped, and
nothing else written by orjson (floats aside, which the caller vouches are absent)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from asean_labour.errors import EXIT_OK
from asean_labour.render import json_out
from tests.conftest import WORK_PLAN, Invoke
from tests.test_startup import DEEP, SPOOFS, Colour, Items, Level, Record, reference

#: Hostile text: bidirectional and zero-width characters, C0 and C1 controls, DEL, quotes,
#: backslashes, characters beyond the BMP, line separators, an emoji joiner kept.
HOSTILE = [*SPOOFS, "", " ", "\x00", "\x1f\x1e", "\\u202e", '"\\"', "\U0001f600 \U00010348",
           "a\u2069b\u2066", "\u200d\U0001f527", "/", "</script>", "\ud7ff\ue000\uffff"]

PLAIN_DOCUMENTS: list[Any] = [
    {},
    [],
    {"a": {}, "b": [], "c": [[]], "d": [{}], "e": [[], {}, [[{}]]]},
    {"schema_version": 1, "kind": "projects", "count": 2, "projects": [
        {"id": "SLOM-1", "title": "A title", "notes": None, "years": [2016, 2017],
         "done": True, "late": False, "events": [{"venue": "Ha Noi", "tags": ["x", "y"]}]},
        {"id": "SLOM-2", "title": "", "notes": "n", "years": [], "done": False,
         "events": []}]},
    {"ints": [0, -1, 2**63 - 1, -(2**63), True, False, None]},
    {"hostile": HOSTILE, **{text: [text, {text: text}] for text in HOSTILE}},
    [HOSTILE, DEEP],
    "just a string",
    None,
    42,
]


def test_orjson_escapes_every_character_as_the_standard_library_does() -> None:
    """The premise of json_out._orjson: the same escapes (`"`, `\\`, C0 controls, with the
    same spellings) and every other character as itself."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert orjson.dumps(everything).decode() == json.dumps(everything, ensure_ascii=False)


@pytest.mark.parametrize("document", PLAIN_DOCUMENTS, ids=range(len(PLAIN_DOCUMENTS)))
def test_orjson_writes_what_the_standard_library_wrote(document: Any) -> None:
    assert json_out._orjson(document) == reference(document)
    assert json_out.dumps(document, plain_records=json_out.ORJSON_FROM) == reference(document)


def test_ascii_text_with_a_delete_is_escaped() -> None:
    document = {"note": "a\x7fb", "other": "plain"}
    assert json_out._orjson(document) == reference(document)
    assert "\\u007f" in reference(document)


#: Values orjson may write itself or hand back (enums, subclasses, tuples): the same text
#: either way.
OTHER_TYPES: list[Any] = [
    {"enum": Colour.RED}, {Colour.RED: "as a key"}, {"int enum": Level.HIGH},
    {"subclasses": Record(x=Items([1, 2]))}, Record(a=1), Items(["a"]),
    {"tuple": (1, "two", (3,))},
]

#: What orjson refuses where the standard library writes it: the writer of json_out does.
REFUSED_BY_ORJSON: list[Any] = [
    {"big": 2**64}, {"negative": -(2**63) - 1},
    {1: "int key"}, {None: "none key"}, {True: "true key"}, {2.5: "float key"},
    {"surrogate": "\ud800"},
]


@pytest.mark.parametrize("document", OTHER_TYPES, ids=range(len(OTHER_TYPES)))
def test_enums_subclasses_and_tuples_give_the_same_text(document: Any) -> None:
    assert json_out._orjson(document) in (None, reference(document))
    assert json_out.dumps(document, plain_records=json_out.ORJSON_FROM) == reference(document)


@pytest.mark.parametrize("document", REFUSED_BY_ORJSON, ids=range(len(REFUSED_BY_ORJSON)))
def test_what_orjson_refuses_falls_back_to_the_writer(document: Any) -> None:
    assert json_out._orjson(document) is None
    assert json_out.dumps(document, plain_records=json_out.ORJSON_FROM) == reference(document)


@pytest.mark.parametrize("bad", [object(), {"set": {1}}, [b"bytes"], {"d": Path("x")}])
def test_what_json_cannot_hold_is_refused_on_the_fast_path_too(bad: Any) -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        json_out.dumps(bad, plain_records=json_out.ORJSON_FROM)


def test_below_the_threshold_orjson_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(document: Any) -> str | None:
        raise AssertionError("orjson used below ORJSON_FROM")

    monkeypatch.setattr(json_out, "_orjson", refuse)
    document = {"projects": [{"id": "P-1"}]}
    assert json_out.dumps(document, plain_records=json_out.ORJSON_FROM - 1) == \
        reference(document)
    assert json_out.dumps(document) == reference(document)


def test_without_orjson_the_writer_writes_the_large_listing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "orjson", None)  # `import orjson` raises ImportError
    document = {"projects": [{"id": f"P-{n}", "note": HOSTILE[n % len(HOSTILE)]}
                             for n in range(50)]}
    assert json_out._orjson(document) is None
    assert json_out.dumps(document, plain_records=json_out.ORJSON_FROM) == \
        reference(document)


NOTE = "held in \u202eiloH\u202c \x1b[31m \"quoted\" \\ \U0001f600 \u200b"
TITLE = "Forum\u200b\u2066on\u2069 migrant\ufeff labour \u2067\u202b\u202c\U000e0041"


@pytest.fixture
def hostile_plans(tiny_plans: Callable[..., Path], invoke: Invoke) -> Path:
    folder = tiny_plans(work_plan=WORK_PLAN.replace(
        'title = "Stock taking of labour market information"',
        "title = " + json.dumps(TITLE, ensure_ascii=False)))
    result = invoke("update", "T-1", "--status", "ongoing", "--cycle", "2022", "--note", NOTE,
                    "--by", "Ana\u200bBen", "--plans", str(folder))
    assert result.exit_code == EXIT_OK, result
    return folder


@pytest.mark.parametrize("args", [(), ("--cycle", "2022")], ids=["plain", "progress"])
def test_list_json_is_the_same_text_through_orjson(
        invoke: Invoke, hostile_plans: Path, monkeypatch: pytest.MonkeyPatch,
        args: tuple[str, ...]) -> None:
    """`list --format json` with the threshold lowered to one record: orjson writes it, and
    the text is the writer's, byte for byte (the hostile title and note included)."""
    command = ("list", *args, "--plans", str(hostile_plans), "--format", "json")
    slow = invoke(*command)
    assert slow.exit_code == EXIT_OK, slow
    used: list[int] = []
    real = json_out._orjson

    def spy(document: Any) -> str | None:
        found = real(document)
        used.append(found is not None)
        return found

    monkeypatch.setattr(json_out, "ORJSON_FROM", 1)
    monkeypatch.setattr(json_out, "_orjson", spy)
    fast = invoke(*command)
    assert fast.exit_code == EXIT_OK, fast
    assert used == [True]
    assert fast.stdout == slow.stdout
    document = json.loads(fast.stdout)
    assert fast.stdout == reference(document)
    assert "\\u2066" in fast.stdout and "\u2066" not in fast.stdout
    assert TITLE in [p["title"] for p in document["projects"]]
    if args:  # the progress note, with its override, is in the listing of a cycle
        assert "\\u202e" in fast.stdout and "\u202e" not in fast.stdout
