"""Generated hostile input of the classes an outside test found (issue 17), so the next bug of
the class is found here: CSV batches with unbalanced quotes, TOML batches with any value of any
type in any field, and special files (pipes, sockets, devices, dangling and looping links)
wherever the tool reads or writes, under any file name."""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asean_labour.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from asean_labour.loading import load_catalogue
from asean_labour.progress import ProgressStore
from asean_labour.status import Status
from tests.conftest import SHIPPED_PLANS, Invoke
from tests.test_special_files import deadline

CATALOGUE = load_catalogue(SHIPPED_PLANS)
IDS = [p.id for p in CATALOGUE.projects if CATALOGUE.plan_of(p).start <= 2017]
HYPOTHESIS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                            HealthCheck.too_slow])
STATUS_WORDS = [*(str(s) for s in Status), *(s.label.title() for s in Status), "On going",
                "in progress", "done"]


@contextmanager
def fresh_plans() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="asean-hostile-"))
    try:
        shutil.copytree(SHIPPED_PLANS, folder / "plans",
                        ignore=shutil.ignore_patterns("progress"))
        yield folder / "plans"
    finally:
        shutil.rmtree(folder)


def stored(plans: Path) -> dict[str, Any]:
    return dict(ProgressStore(plans).history(CATALOGUE).latest(2017))


def change_files(plans: Path) -> list[Path]:
    return sorted((plans / "progress").glob("*/*.toml"))


# --- CSV with unbalanced quotes -----------------------------------------------------------------

note_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(['a "quoted" word', "a, b; c", "line one\nline two", 'ends with "',
                     '"starts', "12\" pipe", "ACMW-2,ongoing,x", "=1+1", ""]))


@st.composite
def quoted_batches(draw: st.DrawFn) -> tuple[str, int, str]:
    """A batch as csv.writer (Excel) writes it, with 0-3 stray quotes put anywhere; the
    number of rows it was written with; and the separator."""
    separator = draw(st.sampled_from([",", ";", "\t"]))
    projects = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=8, unique=True))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator=draw(
        st.sampled_from(["\r\n", "\n"])))
    writer.writerow(["project", "status", "note"])
    for project in projects:
        writer.writerow([project, draw(st.sampled_from(STATUS_WORDS)), draw(note_text)])
    text = out.getvalue()
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + '"' + text[at:]
    return text, len(projects), separator


@pytest.mark.slow
@HYPOTHESIS
@given(batch=quoted_batches())
def test_unbalanced_quotes_never_fold_rows_silently(invoke: Invoke,
                                                    batch: tuple[str, int, str]) -> None:
    text, rows, _separator = batch
    with fresh_plans() as plans:
        result = invoke("update", "--file", "-", "--input-format", "csv", "--cycle", "2017",
                        "--plans", str(plans), input=text)
        assert "Traceback" not in result.stderr
        if result.exit_code == EXIT_OK:
            # Every row written is recorded: none was swallowed into another's cell.
            assert len(stored(plans)) == rows, (text, result)
        else:
            assert result.exit_code in (EXIT_FAILURE, EXIT_USAGE), result
            assert result.stderr.splitlines()[-1].startswith("error: ")
            assert change_files(plans) == []


# --- TOML: any value of any type in any field ---------------------------------------------------

toml_scalars = st.one_of(st.integers(-10**6, 10**6), st.booleans(), st.text(max_size=20),
                         st.floats(allow_nan=False, allow_infinity=False), st.dates(),
                         st.datetimes(), st.times())
toml_values = st.recursive(toml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8)
FIELDS = ["project", "id", "status", "cycle", "date", "note", "reported_by", "outputs",
          "evidence", "carried_to"]


def well_typed(field: str, value: object) -> bool:
    """The type each field holds (docs/progress.md), as an oracle independent of the code."""
    import datetime as dt

    if field in ("project", "id", "status", "note", "reported_by", "carried_to"):
        return isinstance(value, str)
    if field == "cycle":
        return isinstance(value, int) and not isinstance(value, bool)
    if field == "date":
        return isinstance(value, dt.date | str | int | float) and not isinstance(value, bool)
    if field in ("outputs", "evidence"):
        return isinstance(value, str) or (isinstance(value, list)
                                          and all(isinstance(v, str) for v in value))
    raise AssertionError(field)


@st.composite
def typed_tables(draw: st.DrawFn) -> dict[str, Any]:
    table: dict[str, Any] = {"project": draw(st.sampled_from(IDS)),
                             "status": draw(st.sampled_from(STATUS_WORDS))}
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
        table[field] = draw(toml_values)
    return table


@pytest.mark.slow
@HYPOTHESIS
@given(table=typed_tables())
def test_any_value_in_any_batch_field(invoke: Invoke, table: dict[str, Any]) -> None:
    batch = tomli_w.dumps({"updates": [table]})
    ill = [f for f, v in table.items() if not well_typed(f, v)]
    with fresh_plans() as plans:
        result = invoke("update", "--file", "-", "--input-format", "toml", "--cycle", "2017",
                        "--plans", str(plans), input=batch)
        assert "Traceback" not in result.stderr
        assert result.exit_code in (EXIT_OK, EXIT_FAILURE), result
        if ill or ("id" in table and "project" in table):
            assert result.exit_code == EXIT_FAILURE, (table, result)
            for field in ill:
                named = "project" if field == "id" else field
                assert f": {named}: " in result.stderr, (field, result.stderr)
            assert change_files(plans) == []
        elif result.exit_code == EXIT_OK:
            update = next(iter(stored(plans).values()))
            if isinstance(table.get("reported_by"), str) and table["reported_by"].strip():
                assert update.reported_by == table["reported_by"].strip()
            given_evidence = table.get("evidence")
            for item in update.evidence:  # each entry comes from the text given, as text
                texts = [given_evidence] if isinstance(given_evidence, str) else given_evidence
                assert any(item in text for text in texts)


# --- special files under any name, wherever the tool reads or writes ----------------------------

file_names = st.text(alphabet=st.characters(blacklist_characters="/\x00",
                                            blacklist_categories=["Cs"]),
                     min_size=1, max_size=30).filter(
    lambda n: n not in (".", "..") and len(n.encode()) < 200)
KINDS = ["fifo", "socket", "zero", "null", "dangling", "loop"]


def make(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind in ("zero", "null"):
        path.symlink_to(f"/dev/{kind}")
    elif kind == "dangling":
        path.symlink_to(path.parent / "nowhere")
    else:  # a link to itself
        path.symlink_to(path)


def short_folder() -> Path:
    """A temporary folder with a short path: a socket's path must fit in 108 bytes."""
    return Path(tempfile.mkdtemp(prefix="h-", dir="/tmp"))


@pytest.mark.slow
@HYPOTHESIS
@given(kind=st.sampled_from(KINDS), name=file_names,
       place=st.sampled_from(["plan", "config", "batch", "report", "template"]))
def test_special_files_anywhere_are_refused_cleanly(invoke: Invoke, kind: str, name: str,
                                                    place: str) -> None:
    folder = short_folder()
    try:
        plans = folder / "p"
        shutil.copytree(SHIPPED_PLANS, plans, ignore=shutil.ignore_patterns("progress"))
        suffix = {"plan": ".toml", "batch": ".csv", "report": ".md", "template": ".xlsx"}
        # "x-": a plan file named ".x" or "_x" is not a plan file (it is not read at all).
        path = (plans if place == "plan" else folder) / ("x-" + name[:12] +
                                                         suffix.get(place, ""))
        make(path, kind)
        env = {"ASEAN_LABOUR_CONFIG": str(path)} if place == "config" else None
        command = {
            "plan": ("validate",), "config": ("update", "ACMW-2", "--status", "ongoing",
                                              "--cycle", "2017"),
            "batch": ("update", "--file", str(path), "--cycle", "2017"),
            "report": ("report", "--cycle", "2017", "-o", str(path), "--force"),
            "template": ("template", "--cycle", "2017", "-o", str(path), "--force"),
        }[place]
        before = os.lstat(path)
        with deadline():
            result = invoke(*command, "--plans", str(plans), env=env)
        assert "Traceback" not in result.stderr
        if place in ("report", "template") and kind in ("dangling", "loop"):
            # A link to nothing harms nothing to replace: the file is written in its place.
            assert result.exit_code == EXIT_OK, result
            assert path.is_file() and not path.is_symlink()
            return
        if place == "config" and kind == "dangling":
            assert result.exit_code == EXIT_OK, result  # no settings file: the defaults
            return
        assert result.exit_code in (EXIT_FAILURE, EXIT_USAGE), (kind, place, result)
        assert not any(ord(c) < 32 and c not in "\n\t" for c in result.stderr)
        after = os.lstat(path)
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
        assert not (plans / "progress").exists()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
