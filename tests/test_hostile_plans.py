"""Hostile plan files: random and mutated TOML always gives a clean error or a clean load, and
whatever loads round-trips through the JSON export."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asean_labour.errors import EXIT_FAILURE, EXIT_OK
from asean_labour.involvement import Part, names
from asean_labour.loading import check_plans
from tests.conftest import PROGRAMME, WORK_PLAN, Invoke

HYPOTHESIS = settings(deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _folder(programme: bytes, work_plan: bytes) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="asean-fuzz-"))
    (folder / "programme.toml").write_bytes(programme)
    (folder / "work-plan.toml").write_bytes(work_plan)
    return folder


def _check(invoke: Invoke, folder: Path) -> None:
    """validate and list either succeed or fail cleanly; a load round-trips through JSON."""
    try:
        catalogue, problems, _ = check_plans(folder)
        result = invoke("validate", "--plans", str(folder))
        assert "Traceback" not in result.stderr
        if catalogue is None:
            assert problems
            assert result.exit_code == EXIT_FAILURE
            lines = result.stderr.strip().splitlines()
            assert len(lines) == len(problems) + 1  # one line each, then the summary
            assert all(line.startswith(("programme.toml", "work-plan.toml", "/", "tiny",
                                        "asean-fuzz"))
                       or "toml" in line for line in lines[:-1])
            return
        assert result.exit_code == EXIT_OK, result
        listed = invoke("list", "--plans", str(folder), "--format", "json")
        assert listed.exit_code == EXIT_OK
        document = json.loads(listed.stdout)
        assert [p["id"] for p in document["projects"]] == [p.id for p in catalogue.projects]
        for record, project in zip(document["projects"], catalogue.projects, strict=True):
            assert record["title"] == project.title
            assert record["coordinators"] == list(names(project, Part.COORDINATOR))
            assert record["years"] == list(project.all_years)
    finally:
        shutil.rmtree(folder)


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    data = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["delete", "insert", "replace", "truncate", "swap-line"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if kind == "delete":
            del data[at: at + draw(st.integers(1, 20))]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from([
                b"[", b"]", b'"', b"=", b"\n", b"\x00", b"\xff\xfe", b"\r\n", b"#",
                b"[[projects]]\n", b'years = ["x"]\n', b"kra = 9\n", b"coordinater = []\n",
                b'\nid = "T-1"\n', b"\xef\xbb\xbf", b"a" * 5000, b"[" * 2000]))
        elif kind == "replace":
            data[at] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[at:]
        else:
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@pytest.mark.slow
@HYPOTHESIS
@given(programme=mutated(PROGRAMME), work_plan=mutated(WORK_PLAN))
def test_mutated_plans_never_crash(invoke: Invoke, programme: bytes, work_plan: bytes) -> None:
    _check(invoke, _folder(programme, work_plan))


toml_scalars = st.one_of(st.integers(-10**6, 10**6), st.booleans(), st.text(max_size=30),
                         st.floats(allow_nan=False), st.dates())
toml_values = st.recursive(toml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)


@pytest.mark.slow
@HYPOTHESIS
@given(field=st.sampled_from(["id", "title", "thematic_area", "kra", "years", "timeline",
                              "coordinators", "collaborators", "events", "placeholder",
                              "note", "kind", "measures", "unknown_field"]),
       value=toml_values)
def test_any_value_in_any_project_field(invoke: Invoke, field: str, value: object) -> None:
    import tomllib

    import tomli_w

    plan = tomllib.loads(WORK_PLAN)
    plan["projects"][0][field] = value
    _check(invoke, _folder(PROGRAMME.encode(), tomli_w.dumps(plan).encode()))


def test_encodings_and_line_ends(invoke: Invoke) -> None:
    bom_crlf = ("\ufeff" + WORK_PLAN.replace("\n", "\r\n")).encode("utf-8")
    _check(invoke, _folder(PROGRAMME.encode(), bom_crlf))
    folder = _folder(PROGRAMME.encode(), WORK_PLAN.encode("utf-16"))
    result = invoke("validate", "--plans", str(folder))
    assert result.exit_code == EXIT_FAILURE
    assert "work-plan.toml:1: not valid UTF-8" in result.stderr
    shutil.rmtree(folder)


def test_deep_nesting_and_enormous_strings(invoke: Invoke) -> None:
    deep = WORK_PLAN + "\n[plan2]\nx = " + "[" * 5000 + "]" * 5000 + "\n"
    folder = _folder(PROGRAMME.encode(), deep.encode())
    result = invoke("validate", "--plans", str(folder))
    assert result.exit_code == EXIT_FAILURE
    assert "Traceback" not in result.stderr
    shutil.rmtree(folder)
    huge = WORK_PLAN.replace('title = "Forum on migrant labour"',
                             'title = "' + "x" * 2_000_000 + '"')
    _check(invoke, _folder(PROGRAMME.encode(), huge.encode()))
