"""The progress store: every command that records progress writes one new, immutable file.

Layout: `<plans>/progress/<cycle>/<UTC time>-<random>.toml`, one file per command (a single
update, a whole batch, or an undo). Nothing is ever rewritten or deleted, so

* an update costs the same however long the history is (no file grows);
* officers on different git clones add different files and never conflict when they merge;
* a batch lands whole or not at all (one file, written to a temporary name, fsynced, then
  linked into place under an exclusive lock);
* `undo` appends a reversal; a project's status in a cycle is its latest update in effect.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asean_labour.atomic import reason, write_atomically
from asean_labour.errors import AseanLabourError, InvalidInput, Problem, UsageError
from asean_labour.files import LineFinder, display_path, parse_toml
from asean_labour.model import Catalogue
from asean_labour.status import Output, Status, parse_output, parse_status

STORE_SCHEMA_VERSION = 1
PROGRESS_DIR = "progress"
LOCK_NAME = ".lock"
CHANGE_NAME = re.compile(r"^([0-9]{8}T[0-9]{12}Z)-([0-9a-f]{8})\.toml$")
CYCLE_NAME = re.compile(r"^[0-9]{4}$")
MAX_NOTE = 20_000
MAX_FIELD = 2_000
MAX_CHANGE_FILE_BYTES = 64 * 1024 * 1024
LOCK_TIMEOUT = 60.0


class StoreError(AseanLabourError):
    """The store cannot be read or written; nothing was recorded."""


@dataclass(frozen=True, slots=True)
class Update:
    """One project's reported progress in one cycle."""

    project: str
    cycle: int
    status: Status
    date: dt.date
    reported_by: str
    note: str | None = None
    outputs: tuple[Output, ...] = ()
    evidence: tuple[str, ...] = ()
    carried_to: str | None = None
    change: str = ""
    recorded_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Reversal:
    """What an undo did to one project: its status before and after."""

    project: str
    before: Status | None
    after: Status | None


@dataclass(frozen=True)
class Change:
    """The record of one command: updates, or the reversal of an earlier change."""

    id: str
    kind: str  # "update" or "undo"
    cycle: int
    recorded_at: dt.datetime
    recorded_by: str
    updates: tuple[Update, ...] = ()
    reverses: str | None = None
    restored: tuple[Reversal, ...] = ()
    source: str | None = None
    path: Path | None = None

    @property
    def projects(self) -> tuple[str, ...]:
        if self.kind == "undo":
            return tuple(r.project for r in self.restored)
        return tuple(u.project for u in self.updates)


def new_change_id(now: dt.datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%fZ") + "-" + os.urandom(4).hex()


def check_cycle(value: Any) -> int:
    """A cycle is a year (it names a folder; nothing else may)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise UsageError(f"cycle must be a year such as 2017, got {value!r}")
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{4}", text):
        raise UsageError(f"cycle must be a year such as 2017, got {value!r}")
    return int(text)


# --- history -----------------------------------------------------------------------------------

@dataclass
class History:
    """All changes of the store, in the order they were recorded, with undo applied."""

    changes: list[Change]
    reversed_by: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.changes.sort(key=lambda c: (c.recorded_at, c.id))
        killed: dict[str, str] = {}
        # Newest first: an undo in effect takes its target out of effect (an undo of an undo
        # therefore puts the original back).
        for change in reversed(self.changes):
            if change.id not in killed and change.kind == "undo" and change.reverses:
                killed[change.reverses] = change.id
        self.reversed_by = killed

    def in_effect(self, change: Change) -> bool:
        return change.id not in self.reversed_by

    def updates(self, effective_only: bool = True) -> Iterator[Update]:
        for change in self.changes:
            if change.kind == "update" and (not effective_only or self.in_effect(change)):
                yield from change.updates

    def latest(self, cycle: int, as_of: bool = False) -> dict[str, Update]:
        """Each project's latest update in effect in `cycle` (or in any cycle up to it)."""
        state: dict[str, tuple[tuple[int, dt.datetime, str], Update]] = {}
        for update in self.updates():
            if update.cycle == cycle or (as_of and update.cycle < cycle):
                key = (update.cycle, update.recorded_at or dt.datetime.min, update.change)
                held = state.get(update.project)
                if held is None or key >= held[0]:
                    state[update.project] = (key, update)
        return {pid: item[1] for pid, item in state.items()}

    def project_history(self, project_id: str) -> list[tuple[Change, Update | Reversal, bool]]:
        """Every entry about one project: (change, update or reversal, in effect)."""
        rows: list[tuple[Change, Update | Reversal, bool]] = []
        for change in self.changes:
            if change.kind == "update":
                rows.extend((change, u, self.in_effect(change)) for u in change.updates
                            if u.project == project_id)
            else:
                rows.extend((change, r, self.in_effect(change)) for r in change.restored
                            if r.project == project_id)
        return rows

    def last_in_effect(self) -> Change | None:
        for change in reversed(self.changes):
            if self.in_effect(change):
                return change
        return None

    def find(self, change_id: str) -> Change | None:
        """The change with this id, or the only one whose id starts or ends with it."""
        exact = next((c for c in self.changes if c.id == change_id), None)
        if exact is not None:
            return exact
        hits = [c for c in self.changes if len(change_id) >= 6 and (
            c.id.startswith(change_id) or c.id.endswith(change_id))]
        return hits[0] if len(hits) == 1 else None

    def cycles(self) -> list[int]:
        return sorted({c.cycle for c in self.changes})


# --- the store ---------------------------------------------------------------------------------

class ProgressStore:
    """The progress folder of a plans folder."""

    def __init__(self, plans_dir: Path) -> None:
        self.plans_dir = plans_dir
        self.root = plans_dir / PROGRESS_DIR

    # reading

    def change_files(self) -> tuple[list[Path], list[Problem]]:
        files: list[Path] = []
        problems: list[Problem] = []
        if not self.root.exists():
            return files, problems
        if self.root.is_symlink():
            problems.append(Problem(display_path(self.root), "the progress folder is a "
                                    "symbolic link; refusing to follow it"))
            return files, problems
        for entry in sorted(self.root.iterdir()):
            if entry.name.startswith("."):
                continue
            shown = display_path(entry)
            if not CYCLE_NAME.match(entry.name) or not entry.is_dir() or entry.is_symlink():
                if entry.suffix == ".toml" or entry.is_dir():
                    problems.append(Problem(shown, "unexpected entry in the progress folder: "
                                            "expected a folder named after a cycle (a year) "
                                            "holding the tool's change files"))
                continue
            for item in sorted(entry.iterdir()):
                if item.name.startswith("."):
                    continue
                if item.is_symlink() or not item.is_file():
                    problems.append(Problem(display_path(item), "unexpected entry: expected "
                                            "a change file written by asean-labour"))
                elif not CHANGE_NAME.match(item.name):
                    if item.suffix == ".toml":
                        problems.append(Problem(display_path(item), "unexpected file name: "
                                                "change files are named TIME-RANDOM.toml"))
                else:
                    files.append(item)
        return files, problems

    def read(self, catalogue: Catalogue | None = None,
             cached: bool = True) -> tuple[History, list[Problem]]:
        """Every change in the store and the problems found (file, line, what).

        Change files are never rewritten by the tool, so a parsed change is reused from the
        cache while its file's size, times and inode are unchanged (an edit by hand changes
        them); `cached=False` (validate) parses every file."""
        from asean_labour import cache

        files, problems = self.change_files()
        use_cache = cached and cache.enabled()
        known = cache.load_changes(self.root) if use_cache else {}
        fresh: dict[str, tuple[object, Change]] = {}
        changes = []
        parsed = False
        for path in files:
            name = f"{path.parent.name}/{path.name}"
            key = cache.file_key(path)
            hit = known.get(name)
            if hit is not None and hit[0] == key:
                change: Change | None = hit[1]
                if catalogue is not None and change is not None:
                    _check_projects(change, catalogue, problems)
            else:
                change = read_change(path, problems, catalogue)
                parsed = True
            if change is not None:
                changes.append(change)
                if key is not None and not cache.racy(key[1:3]):
                    fresh[name] = (key, change)
        if use_cache and not problems and (parsed or fresh.keys() != known.keys()):
            cache.store_changes(self.root, fresh)
        seen: dict[str, Path] = {}
        for change in changes:
            if change.id in seen and change.path is not None:
                problems.append(Problem(display_path(change.path), f"change id {change.id} is "
                                        f"also used by {display_path(seen[change.id])}"))
            elif change.path is not None:
                seen[change.id] = change.path
        return History(changes), problems

    def history(self, catalogue: Catalogue | None = None) -> History:
        """The history; `InvalidInput` if any change file is broken (never written over)."""
        history, problems = self.read(catalogue)
        if problems:
            raise InvalidInput(problems, f"the progress store in {display_path(self.root)} has "
                               f"{len(problems)} problem{'s' if len(problems) != 1 else ''}; "
                               "fix the files named above (the tool never rewrites them)")
        return history

    def check(self, catalogue: Catalogue) -> list[Problem]:
        return self.read(catalogue, cached=False)[1]

    # writing

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Names, sizes and times of every change file: to detect a change between read
        and write by anything that does not take our lock (an editor, a `git pull`)."""
        files, _ = self.change_files()
        out = []
        for path in files:
            try:
                st = path.stat()
            except OSError:
                continue
            out.append((str(path), st.st_size, st.st_mtime_ns))
        return tuple(out)

    @contextmanager
    def locked(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """An exclusive lock on the store. The OS releases it when a process dies, so a
        killed command never leaves a lock behind that blocks the next user."""
        import fcntl

        self._ensure_dir(self.root)
        path = self.root / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise _store_error(exc, path) from None
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(f"{display_path(path)}: another asean-labour command "
                                         f"has held the progress lock for {timeout:.0f} s; "
                                         "nothing was recorded, try again") from None
                    time.sleep(0.02)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _ensure_dir(self, folder: Path) -> None:
        for part in (self.root, folder):
            if part.is_symlink():
                raise StoreError(f"{display_path(part)} is a symbolic link; refusing to write "
                                 "through it")
            try:
                part.mkdir(exist_ok=True)
            except OSError as exc:
                raise _store_error(exc, part) from None

    def write(self, change: Change) -> Path:
        """Write a change as a new file, atomically: temp file, fsync, link into place."""
        folder = self.root / str(check_cycle(change.cycle))
        self._ensure_dir(folder)
        data = dump_change(change).encode("utf-8")
        final = folder / f"{change.id}.toml"
        try:
            write_atomically(final, data, temp_name=f".{change.id}.tmp")
        except FileExistsError:
            raise StoreError(f"{display_path(final)} already exists; nothing was recorded, "
                             "try again") from None
        except OSError as exc:
            raise _store_error(exc, final) from None
        return final

    def record(self, change: Change) -> Path:
        with self.locked():
            return self.write(change)


def _store_error(exc: OSError, path: Path) -> StoreError:
    return StoreError(f"{display_path(path)}: cannot write: {reason(exc)}; nothing was "
                      "recorded")


# --- the change file format --------------------------------------------------------------------

def change_document(change: Change) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema_version": STORE_SCHEMA_VERSION,
        "change": change.id,
        "kind": change.kind,
        "cycle": change.cycle,
        "recorded_at": change.recorded_at,
        "recorded_by": change.recorded_by,
    }
    if change.source:
        doc["source"] = change.source
    if change.kind == "undo":
        doc["reverses"] = change.reverses
        doc["restored"] = [
            {"project": r.project, **({"before": str(r.before)} if r.before else {}),
             **({"after": str(r.after)} if r.after else {})}
            for r in change.restored
        ]
        return doc
    rows = []
    for u in change.updates:
        row: dict[str, Any] = {"project": u.project, "status": str(u.status), "date": u.date,
                               "reported_by": u.reported_by}
        if u.note is not None:
            row["note"] = u.note
        if u.outputs:
            row["outputs"] = [str(o) for o in u.outputs]
        if u.evidence:
            row["evidence"] = list(u.evidence)
        if u.carried_to:
            row["carried_to"] = u.carried_to
        rows.append(row)
    doc["updates"] = rows
    return doc


def dump_change(change: Change) -> str:
    """The change as TOML: top-level keys, then one `[[updates]]` (or `[[restored]]`) table
    per row, so every row stands on its own lines (readable diffs, precise error lines).
    tomli-w encodes every value; the layout is ours."""
    import tomli_w

    document = change_document(change)
    rows_key = "restored" if change.kind == "undo" else "updates"
    rows = document.pop(rows_key)
    parts = [tomli_w.dumps(document)]
    parts.extend(f"\n[[{rows_key}]]\n" + tomli_w.dumps(row) for row in rows)
    return "".join(parts)


_CHANGE_KEYS = {"schema_version", "change", "kind", "cycle", "recorded_at", "recorded_by",
                "source", "reverses", "restored", "updates"}
_UPDATE_KEYS = {"project", "status", "date", "reported_by", "note", "outputs", "evidence",
                "carried_to"}


def read_change(path: Path, problems: list[Problem],
                catalogue: Catalogue | None = None) -> Change | None:
    """Parse and check one change file; problems carry the file and line."""
    shown = display_path(path)
    try:
        if path.stat().st_size > MAX_CHANGE_FILE_BYTES:
            problems.append(Problem(shown, "file is too large to be a change file"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, f"cannot read: {exc.strerror or exc}"))
        return None
    data = parse_toml(raw, shown, problems)
    if data is None:
        return None
    finder = LineFinder(raw.decode("utf-8-sig", errors="replace"))
    before = len(problems)

    def bad(message: str, key: str | None = None, line: int | None = None,
            item: str | None = None) -> None:
        if key is not None and finder.lines:
            line = finder.key(line or 0, key)
        problems.append(Problem(shown, message, line=line, item=item, field=key))

    for key in data:
        if key not in _CHANGE_KEYS:
            bad(f"unknown field; expected one of: {', '.join(sorted(_CHANGE_KEYS))}", key)
    if data.get("schema_version") != STORE_SCHEMA_VERSION:
        bad(f"expected schema_version = {STORE_SCHEMA_VERSION}", "schema_version")
    change_id = data.get("change")
    match = CHANGE_NAME.match(path.name)
    if not isinstance(change_id, str) or match is None or f"{change_id}.toml" != path.name:
        bad("expected the change id, equal to the file name", "change")
    kind = data.get("kind")
    if kind not in ("update", "undo"):
        bad("expected \"update\" or \"undo\"", "kind")
    cycle = data.get("cycle")
    if not isinstance(cycle, int) or isinstance(cycle, bool) or str(cycle) != path.parent.name:
        bad(f"expected the cycle {path.parent.name}, as the folder name", "cycle")
    recorded_at = data.get("recorded_at")
    if not isinstance(recorded_at, dt.datetime) or recorded_at.tzinfo is None:
        bad("expected a date and time with a time zone, e.g. 2017-05-04T09:00:00Z",
            "recorded_at")
    recorded_by = data.get("recorded_by")
    if not isinstance(recorded_by, str) or not recorded_by.strip():
        bad("expected the name of who recorded the change", "recorded_by")
    source = data.get("source")
    if source is not None and not isinstance(source, str):
        bad("expected a string", "source")
    updates: list[Update] = []
    restored: list[Reversal] = []
    if kind == "undo":
        if not isinstance(data.get("reverses"), str):
            bad("expected the id of the change this undo reverses", "reverses")
        for index, row in enumerate(_table_list(data.get("restored"), "restored", bad)):
            item = f"restored #{index + 1}"
            line = finder.table("restored", index)
            project = row.get("project")
            if not isinstance(project, str):
                bad("expected a project id", "project", line, item)
                continue
            states = []
            for key in ("before", "after"):
                value = row.get(key)
                status = parse_status(value) if isinstance(value, str) else None
                if value is not None and status is None:
                    bad(f"expected a status, got {value!r}", key, line, project)
                states.append(status)
            restored.append(Reversal(project, states[0], states[1]))
    elif kind == "update":
        for index, row in enumerate(_table_list(data.get("updates"), "updates", bad)):
            line = finder.table("updates", index)
            update = _read_update(row, line, index, bad, catalogue,
                                  cycle if isinstance(cycle, int) else 0)
            if update is not None:
                updates.append(update)
    if len(problems) != before:
        return None
    assert isinstance(change_id, str)
    assert isinstance(cycle, int)
    assert isinstance(recorded_at, dt.datetime)
    assert isinstance(recorded_by, str)
    stamped = tuple(_stamp(u, change_id, recorded_at) for u in updates)
    return Change(id=change_id, kind=str(kind), cycle=cycle, recorded_at=recorded_at,
                  recorded_by=recorded_by, updates=stamped, reverses=data.get("reverses"),
                  restored=tuple(restored), source=source, path=path)


def _check_projects(change: Change, catalogue: Catalogue, problems: list[Problem]) -> None:
    """A cached change was checked against the plans of its day: check it against today's."""
    for pid in change.projects:
        if catalogue.project(pid) is None and change.path is not None:
            problems.append(Problem(display_path(change.path), "no such project in the plans",
                                    item=pid, field="project"))


def _stamp(update: Update, change_id: str, recorded_at: dt.datetime) -> Update:
    from dataclasses import replace

    return replace(update, change=change_id, recorded_at=recorded_at)


def _table_list(value: Any, key: str, bad: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        bad(f"expected [[{key}]] tables", key)
        return []
    return value


def _read_update(row: dict[str, Any], line: int | None, index: int, bad: Any,
                 catalogue: Catalogue | None, cycle: int) -> Update | None:
    project = row.get("project")
    item = project if isinstance(project, str) else f"update #{index + 1}"
    count = [0]

    def fail(message: str, key: str) -> None:
        count[0] += 1
        bad(message, key, line, item)

    for key in row:
        if key not in _UPDATE_KEYS:
            fail(f"unknown field; expected one of: {', '.join(sorted(_UPDATE_KEYS))}", key)
    if not isinstance(project, str):
        fail("expected a project id", "project")
    elif catalogue is not None and catalogue.project(project) is None:
        fail("no such project in the plans", "project")
    status = parse_status(row["status"]) if isinstance(row.get("status"), str) else None
    if status is None:
        fail(f"expected one of: {', '.join(Status)}", "status")
    date = row.get("date")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        fail("expected a date such as 2017-10-25", "date")
    reporter = row.get("reported_by")
    if not isinstance(reporter, str) or not reporter.strip():
        fail("expected the reporter's name", "reported_by")
    note = row.get("note")
    if note is not None and not isinstance(note, str):
        fail("expected a string", "note")
    outputs = []
    for value in _strings(row.get("outputs", []), "outputs", fail):
        output = parse_output(value)
        if output is None:
            fail(f"expected outputs among: {', '.join(Output)}, got {value!r}", "outputs")
        else:
            outputs.append(output)
    evidence = _strings(row.get("evidence", []), "evidence", fail)
    carried_to = row.get("carried_to")
    if carried_to is not None and not isinstance(carried_to, str):
        fail("expected a project id", "carried_to")
    if count[0]:
        return None
    assert isinstance(project, str)
    assert status is not None
    assert isinstance(date, dt.date)
    assert isinstance(reporter, str)
    return Update(project=project, cycle=cycle, status=status, date=date, reported_by=reporter,
                  note=note, outputs=tuple(outputs), evidence=tuple(evidence),
                  carried_to=carried_to)


def _strings(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fail("expected a list of strings", key)
        return ()
    return tuple(value)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def reverse(history: History, target: Change, recorded_by: str, now: dt.datetime) -> Change:
    """The undo change that takes `target` out of effect, with each project's status before
    and after."""
    cycle = target.cycle
    before = history.latest(cycle)
    projects = list(dict.fromkeys(target.projects))
    after_history = History([*history.changes, Change(
        id="~pending", kind="undo", cycle=cycle, recorded_at=now, recorded_by=recorded_by,
        reverses=target.id)])
    after = after_history.latest(cycle)
    restored = tuple(
        Reversal(pid, before[pid].status if pid in before else None,
                 after[pid].status if pid in after else None)
        for pid in projects
    )
    return Change(id=new_change_id(now), kind="undo", cycle=cycle, recorded_at=now,
                  recorded_by=recorded_by, reverses=target.id, restored=restored)


@dataclass(frozen=True)
class Undone:
    """What `undo` did (or would do): the reversal and the change it reverses."""

    undo: Change
    target: Change
    path: Path | None


def undo(store: ProgressStore, catalogue: Catalogue | None, recorded_by: str,
         now: dt.datetime, change_id: str | None = None, dry_run: bool = False) -> Undone:
    """Append the reversal of the last change in effect (or of `change_id`).

    Read and write happen under the store's lock; if a change file appears or changes on
    disk meanwhile (another clone's `git pull`, an editor), the undo is computed again."""
    with store.locked():
        for _attempt in range(3):
            seen = store.fingerprint()
            history = store.history(catalogue)
            if change_id:
                target = history.find(change_id)
                if target is None:
                    raise UsageError(f"no change {change_id!r} in the progress store; "
                                     "`asean-labour log` lists the changes")
                if not history.in_effect(target):
                    raise UsageError(f"change {target.id} is already undone (by "
                                     f"{history.reversed_by[target.id]})")
            else:
                target = history.last_in_effect()
                if target is None:
                    raise UsageError("nothing to undo: the progress store holds no change in "
                                     "effect")
            reversal = reverse(history, target, recorded_by, now)
            if dry_run:
                return Undone(reversal, target, None)
            if store.fingerprint() == seen:
                return Undone(reversal, target, store.write(reversal))
        raise StoreError("the progress store kept changing while undo ran; nothing was "
                         "recorded, try again")
