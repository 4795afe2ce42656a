"""Hostile input for the progress store: generated batches, any characters in a note, and a
loop of commands killed at random moments."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
import signal
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asean_labour.errors import EXIT_OK, EXIT_USAGE
from asean_labour.loading import load_catalogue
from asean_labour.progress import ProgressStore
from tests.conftest import SHIPPED_PLANS, Invoke

CATALOGUE = load_catalogue(SHIPPED_PLANS)
IDS = [p.id for p in CATALOGUE.projects]
ESCAPES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HYPOTHESIS = settings(deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow])


def _fresh_plans() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="asean-plans-"))
    shutil.copytree(SHIPPED_PLANS, folder / "plans", ignore=shutil.ignore_patterns("progress"))
    return folder / "plans"


def _changes(plans: Path) -> list[Path]:
    return sorted((plans / "progress").glob("*/*.toml"))


# Cells drawn from valid and invalid values alike.
project_cell = st.one_of(st.sampled_from(IDS), st.sampled_from(["", "ACMW-99", "acmw-2 ", "x"]))
status_cell = st.sampled_from(["ongoing", "completed", "Not started", "", "bogus", "DONE"])
cycle_cell = st.sampled_from(["2017", "", "17", "2030", "../x", "2017.0"])
note_cell = st.text(max_size=40)
date_cell = st.sampled_from(["", "2017-05-01", "2017-02-30", "01/05/2017"])


@st.composite
def csv_batches(draw: st.DrawFn) -> str:
    columns = draw(st.lists(st.sampled_from(
        ["project", "status", "cycle", "note", "date", "outputs", "stauts", "extra"]),
        max_size=6, unique=True))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    strategies = {"project": project_cell, "status": status_cell, "cycle": cycle_cell,
                  "note": note_cell, "date": date_cell,
                  "outputs": st.sampled_from(["", "data", "laws; data", "nope"]),
                  "stauts": status_cell, "extra": note_cell}
    for _ in range(draw(st.integers(0, 8))):
        row = [draw(strategies[c]) for c in columns]
        if draw(st.booleans()):
            row.append(draw(note_cell))  # sometimes one cell too many
        writer.writerow(row)
        if draw(st.booleans()):
            out.write("\r\n")  # empty lines
    return out.getvalue()


@pytest.mark.slow
@HYPOTHESIS
@given(batch=csv_batches())
def test_generated_batches_are_all_or_nothing(invoke: Invoke, batch: str) -> None:
    plans = _fresh_plans()
    try:
        result = invoke("update", "--file", "-", "--input-format", "csv", "--cycle", "2017",
                        "--plans", str(plans), input=batch)
        assert "Traceback" not in result.stderr
        files = _changes(plans)
        if result.exit_code == EXIT_OK:
            header, *rows = list(csv.reader(io.StringIO(batch)))
            at = header.index("status")  # rows with no status are skipped and counted
            given = [r for r in rows if len(r) > at and r[at].strip()]
            assert len(files) == 1
            history = ProgressStore(plans).history(CATALOGUE)
            assert len(list(history.updates())) == len(given)
            assert len(rows) == len(given) or "with no status" in result.stderr
        else:
            assert result.exit_code in (1, EXIT_USAGE)
            assert files == []
            assert result.stderr.strip().splitlines()[-1].startswith("error: ")
    finally:
        shutil.rmtree(plans.parent)


NOTE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]),  # any character but lone surrogates
    min_size=1, max_size=200,
).filter(lambda s: s.strip() != "")

SCRIPTS = ["ພາສາລາວ", "ภาษาไทย", "ភាសាខ្មែរ", "မြန်မာဘာသာ", "Tiếng Việt", "Bahasa Melayu",
           "Filipino ñ", "中文", "தமிழ்", "🇻🇳🎉👩🏽‍🔧", "\x1b[31mred\x1b[0m", "\x1b]0;title\x07",
           "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "[bold]x[/bold]", "=cmd|' /C calc'!A0",
           "<script>alert(1)</script>", "**md** _x_ | pipe", "line1\nline2\r\nline3", "\x00\x7f"]


@pytest.mark.slow
@HYPOTHESIS
@given(note=st.one_of(NOTE_TEXT, st.sampled_from(SCRIPTS)), reporter=st.sampled_from(
    ["Ana", "Nguyễn Văn A", "ສົມພອນ", "=1+1", "[i]x[/i]"]))
def test_any_accepted_note_reads_back_identical(invoke: Invoke, note: str,
                                                reporter: str) -> None:
    plans = _fresh_plans()
    try:
        result = invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017",
                        "--note", note, "--by", reporter, "--plans", str(plans))
        assert result.exit_code == EXIT_OK, result
        shown = json.loads(invoke("show", "ACMW-2", "--plans", str(plans), "--format",
                                  "json").stdout)["project"]["progress"][0]
        assert shown["note"] == note.strip("\x00") or shown["note"] == note
        logged = json.loads(invoke("log", "--cycle", "2017", "--plans", str(plans),
                                   "--format", "json").stdout)["entries"][0]
        assert logged["note"] == shown["note"]
        assert logged["reported_by"] == reporter
        for command in (("show", "ACMW-2"), ("log", "--cycle", "2017")):
            table = invoke(*command, "--plans", str(plans)).stdout
            assert not ESCAPES.search(table), table  # no control character reaches a terminal
            markdown = invoke(*command, "--plans", str(plans), "--format", "markdown").stdout
            assert not ESCAPES.search(markdown)
        log_csv = invoke("log", "--cycle", "2017", "--plans", str(plans), "--format",
                         "csv").stdout
        assert not ESCAPES.search(log_csv.replace("\r\n", "\n").replace("\n", ""))
        row = next(csv.DictReader(io.StringIO(log_csv)))
        assert row["note"][:1] not in ("=", "+", "-", "@")
    finally:
        shutil.rmtree(plans.parent)


def test_a_note_is_stored_exactly(invoke: Invoke, plans: Path) -> None:
    note = "".join(SCRIPTS)
    assert invoke("update", "ACMW-2", "--status", "ongoing", "--cycle", "2017", "--note", note,
                  "--plans", str(plans)).exit_code == EXIT_OK
    history = ProgressStore(plans).history(CATALOGUE)
    assert next(history.updates()).note == note


def test_a_huge_batch_is_all_or_nothing(invoke: Invoke, plans: Path, tmp_path: Path) -> None:
    # 100,000 rows, one of them bad at the very end: nothing is written, the row is named.
    batch = tmp_path / "huge.csv"
    rows = ["project,status"] + [f"{IDS[i % len(IDS)]},ongoing" for i in range(100_000)]
    batch.write_text("\n".join(rows) + "\nACMW-2,bogus\n", "utf-8")
    started = time.monotonic()
    result = invoke("update", "--file", str(batch), "--cycle", "2017", "--plans", str(plans))
    assert result.exit_code != EXIT_OK
    assert "row 100002: ACMW-2: status: unknown status 'bogus'" in result.stderr
    assert "already updated on row 2" in result.stderr  # repeated projects are named too
    assert _changes(plans) == []
    assert time.monotonic() - started < 60


def test_oversized_inputs_are_refused_without_reading_them(invoke: Invoke, plans: Path,
                                                           tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: no memory, no disk
    result = invoke("update", "--file", str(big), "--plans", str(plans))
    assert result.exit_code == EXIT_USAGE
    assert "larger than 52,428,800 bytes; split the batch" in result.stderr
    assert _changes(plans) == []


# --- the kill loop -----------------------------------------------------------------------------

@pytest.mark.slow
def test_kill_loop_never_loses_or_corrupts_an_update(plans: Path, tmp_path: Path) -> None:
    from tests.test_store_safety import skewed_cli

    rng = random.Random(20171023)
    acknowledged: list[tuple[str, int]] = []  # (change id, rows) of commands that said so
    for round_number in range(40):
        if round_number % 3 == 0:
            batch = tmp_path / f"batch-{round_number}.csv"  # new notes: never a re-import
            batch.write_text("project,status,note\n" + "".join(
                f"{pid},ongoing,row {i} of round {round_number}\n"
                for i, pid in enumerate(IDS[:60])), "utf-8")
            args, rows = ["update", "--file", str(batch), "--cycle", "2018"], 60
        else:
            args, rows = ["update", rng.choice(IDS), "--status", "ongoing", "--cycle",
                          "2018", "--note", f"round {round_number}"], 1
        # Each command runs on a clock up to an hour behind or ahead of the last one's.
        proc = skewed_cli(plans, rng.uniform(-3600, 3600), *args, "--format", "json",
                          reporter="kill-loop")
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate()
        if proc.returncode == EXIT_OK:
            acknowledged.append((json.loads(out)["change"]["id"], rows))
        # After every kill the store loads, and every change in it is whole.
        history = ProgressStore(plans).history(CATALOGUE)
        for change in history.changes:
            assert len(change.updates) in (1, 60)
        # A temporary file left by a kill is hidden (starts with '.') and never read as data.
        assert all(t.name.startswith(".") for t in (plans / "progress").glob("*/*.tmp"))
    for skew in (-7200, 7200, -7200):  # and three left to finish, on clocks far apart
        proc = skewed_cli(plans, skew, "update", rng.choice(IDS), "--status", "delayed",
                          "--cycle", "2018", "--note", f"skew {skew}", "--format", "json",
                          reporter="kill-loop")
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == EXIT_OK, err
        acknowledged.append((json.loads(out)["change"]["id"], 1))
    history = ProgressStore(plans).history(CATALOGUE)
    # Every command that reported success is in the store, whole (a command killed after its
    # file was linked but before it printed may be there too: durable first, then reported).
    stored = {c.id: len(c.updates) for c in history.changes}
    assert all(stored.get(change_id) == rows for change_id, rows in acknowledged)
    # Each command was acknowledged after the one before it: the store orders them so,
    # whatever their clocks said.
    order = [c.id for c in history.changes]
    positions = [order.index(change_id) for change_id, _ in acknowledged]
    assert positions == sorted(positions)
