"""The progress store: every command that records progress writes one new, immutable file.

Layout: `<plans>/progress/<cycle>/<UTC time>-<random>.toml`, one file per command (a single
update, a whole batch, an undo or a redo). Nothing is ever rewritten or deleted, so

* no file grows, and a change file, once parsed, is served from the cache;
* officers on different git clones add different files and never conflict when they merge;
* a batch lands whole or not at all (one file, written to a temporary name, fsynced, then
  linked into place under an exclusive lock);
* `undo` appends a reversal of the last command in effect, `redo` a reversal of the last
  undo; a project's status in a cycle is its latest update in effect.

The store's order is the order of writing: a command reads the store and the clock inside the
lock, and stamps its change later than every change already in the store (so a clone whose
clock runs behind still orders its changes after the ones it has pulled).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from asean_labour.atomic import reason, write_atomically
from asean_labour.errors import AseanLabourError, InvalidInput, Problem, UsageError
from asean_labour.files import LineFinder, display_path, parse_toml
from asean_labour.model import Catalogue
from asean_labour.status import Output, Status, parse_output, parse_status

#: Version 2 added `kind = "redo"` and the update fields `final`, `moved_back_from` and
#: `moved_back_from_cycle`; version 3 `return_bodies` and `return_countries` (whose return a
#: batch is: returns.py). Files of earlier versions are read as they are.
STORE_SCHEMA_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
PROGRESS_DIR = "progress"
LOCK_NAME = ".lock"
CHANGE_NAME = re.compile(r"^([0-9]{8}T[0-9]{12}Z)-([0-9a-f]{8})\.toml$")
CYCLE_NAME = re.compile(r"^[0-9]{4}$")
ID_TIME = "%Y%m%dT%H%M%S%fZ"
MAX_NOTE = 20_000
MAX_FIELD = 2_000
MAX_CHANGE_FILE_BYTES = 64 * 1024 * 1024
LOCK_TIMEOUT = 60.0
#: Kinds of change: an update records statuses; an undo or a redo reverses an earlier change.
UPDATE, UNDO, REDO = "update", "undo", "redo"
KINDS = (UPDATE, UNDO, REDO)
REVERSING = (UNDO, REDO)

T = TypeVar("T")
FileKey = tuple[int, int, int, int]  # a file's size, modification and change times, inode
#: Changes parsed afresh that a command about to write (`append`) leaves out of the cache:
#: below this many, parsing them again costs less than writing their cycle's cache file,
#: and the next command that only reads (or a later write) caches them.
DEFER_CACHE_WRITE = 16


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
    #: True: the officer said the project is finished for good (`update --final`).
    final: bool | None = None
    #: The project's status (and its cycle) before this update, when the update moved the
    #: project backwards (completed -> ongoing...): the tool warned, and the log shows it.
    moved_back_from: Status | None = None
    moved_back_from_cycle: int | None = None

    # Pickled (the cache of parsed change files) as a call of `_rebuild_update` with the
    # fields' values: dataclasses' own slotted-state functions look the fields up for every
    # object, a `__setstate__` is one more call per object, and the frozen class's
    # `__init__` sets each field through `object.__setattr__`; the slots' own setters take
    # a third of the time of the latter (a store of 30,000 updates at 10,000 projects).
    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_update, (tuple(getattr(self, name) for name in _UPDATE_FIELDS),))


_UPDATE_FIELDS = tuple(f.name for f in fields(Update))
_UPDATE_SLOTS = tuple(getattr(Update, name).__set__ for name in _UPDATE_FIELDS)


def _rebuild_update(values: tuple[Any, ...]) -> Update:
    """An update from its fields' values, as pickled by `Update.__reduce__`."""
    update = object.__new__(Update)
    for setter, value in zip(_UPDATE_SLOTS, values, strict=True):
        setter(update, value)
    return update


@dataclass(frozen=True, slots=True)
class Reversal:
    """What an undo (or redo) did to one project: its status before and after."""

    project: str
    before: Status | None
    after: Status | None


@dataclass(frozen=True)
class Change:
    """The record of one command: updates, or the reversal of an earlier change."""

    id: str
    kind: str  # "update", "undo" or "redo"
    cycle: int
    recorded_at: dt.datetime
    recorded_by: str
    updates: tuple[Update, ...] = ()
    reverses: str | None = None
    restored: tuple[Reversal, ...] = ()
    source: str | None = None
    path: Path | None = None
    #: A batch that is a return (returns.py): the bodies and Member States it answers for.
    return_bodies: tuple[str, ...] = ()
    return_countries: tuple[str, ...] = ()

    @property
    def projects(self) -> tuple[str, ...]:
        if self.kind in REVERSING:
            return tuple(r.project for r in self.restored)
        return tuple(u.project for u in self.updates)


def new_change_id(now: dt.datetime) -> str:
    return now.strftime(ID_TIME) + "-" + os.urandom(4).hex()


def id_time(change_id: str) -> dt.datetime | None:
    """The UTC time a change id starts with (None for an id not written by the tool)."""
    try:
        return dt.datetime.strptime(change_id[:22], ID_TIME).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


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
    """All changes of the store, in the order they were recorded, with undo and redo applied.

    An undo or redo in effect takes the change it reverses out of effect, newest first: so a
    redo (which reverses an undo) puts the undone change back."""

    changes: list[Change]
    reversed_by: dict[str, str] = field(default_factory=dict)
    _by_cycle: dict[int, dict[str, Update]] | None = field(default=None, init=False,
                                                           repr=False, compare=False)

    def __post_init__(self) -> None:
        self.changes.sort(key=attrgetter("recorded_at", "id"))
        killed: dict[str, str] = {}
        for change in reversed(self.changes):
            if change.id not in killed and change.kind in REVERSING and change.reverses:
                killed.setdefault(change.reverses, change.id)
        self.reversed_by = killed

    def in_effect(self, change: Change) -> bool:
        return change.id not in self.reversed_by

    def updates(self, effective_only: bool = True) -> Iterator[Update]:
        for change in self.changes:
            if change.kind == UPDATE and (not effective_only or self.in_effect(change)):
                yield from change.updates

    def latest(self, cycle: int, as_of: bool = False) -> dict[str, Update]:
        """Each project's latest update in effect in `cycle` (or in any cycle up to it)."""
        index = self._index()
        if not as_of:
            return dict(index.get(cycle, {}))
        merged: dict[str, Update] = {}
        for year in sorted(y for y in index if y <= cycle):
            merged.update(index[year])
        return merged

    def _index(self) -> dict[int, dict[str, Update]]:
        """Each cycle's latest update in effect per project, computed once: changes are in
        the order recorded, so the last seen of a cycle is its latest."""
        if self._by_cycle is None:
            index: dict[int, dict[str, Update]] = {}
            for change in self.changes:
                if change.kind == UPDATE and self.in_effect(change):
                    cycle = index.setdefault(change.cycle, {})
                    for update in change.updates:
                        cycle[update.project] = update
            self._by_cycle = index
        return self._by_cycle

    def project_history(self, project_id: str) -> list[tuple[Change, Update | Reversal, bool]]:
        """Every entry about one project: (change, update or reversal, in effect)."""
        rows: list[tuple[Change, Update | Reversal, bool]] = []
        for change in self.changes:
            if change.kind == UPDATE:
                rows.extend((change, u, self.in_effect(change)) for u in change.updates
                            if u.project == project_id)
            else:
                rows.extend((change, r, self.in_effect(change)) for r in change.restored
                            if r.project == project_id)
        return rows

    def undo_target(self) -> Change | None:
        """What `undo` reverses: the newest update still in effect (the top of the stack)."""
        for change in reversed(self.changes):
            if change.kind == UPDATE and self.in_effect(change):
                return change
        return None

    def redo_target(self) -> tuple[Change | None, Change | None]:
        """What `redo` reverses: the newest undo of an update still in effect, unless an
        update was recorded after it (a new command clears what can be redone, as in an
        editor). Returns (the undo, None), or (None, the update in the way, if any)."""
        by_id = {c.id: c for c in self.changes}
        for change in reversed(self.changes):
            if change.kind == UPDATE:
                return None, change
            if change.kind != UNDO or not self.in_effect(change):
                continue
            target = by_id.get(change.reverses or "")
            if target is not None and target.kind == UPDATE:
                return change, None
        return None, None

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

    def reported_cycles(self) -> list[int]:
        """The cycles with an update in effect, in order."""
        return sorted({c.cycle for c in self.changes
                       if c.kind == UPDATE and self.in_effect(c)})

    def last_time(self) -> dt.datetime | None:
        """The latest time in the store: of any change's `recorded_at` or its id (ids start
        with the time in a fixed-width form, so the greatest id has the latest)."""
        if not self.changes:
            return None
        newest = id_time(max(c.id for c in self.changes))
        latest = max(c.recorded_at for c in self.changes)
        return max(latest, newest) if newest is not None else latest

    def chain_problems(self) -> list[tuple[Change, str]]:
        """Undos and redos that cannot be applied: pointing at a change that is missing, at
        themselves, at a later change, at another cycle, or (a redo) at an update."""
        by_id = {c.id: c for c in self.changes}
        order = {c.id: index for index, c in enumerate(self.changes)}
        found: list[tuple[Change, str]] = []
        for change in self.changes:
            if change.kind not in REVERSING or change.reverses is None:
                continue
            target = by_id.get(change.reverses)
            if change.reverses == change.id:
                found.append((change, f"this {change.kind} reverses itself"))
            elif target is None:
                found.append((change, f"reverses change {change.reverses}, which is not in "
                                      "the progress store"))
            elif target.cycle != change.cycle:
                found.append((change, f"reverses change {target.id} of the {target.cycle} "
                                      f"cycle; an {change.kind} stays in the cycle of the "
                                      "change it reverses"))
            elif order[target.id] > order[change.id]:
                found.append((change, f"reverses change {target.id}, which was recorded "
                                      "after it"))
            elif change.kind == REDO and target.kind == UPDATE:
                found.append((change, f"a redo reverses an undo, but {target.id} is an "
                                      "update"))
            else:
                stray = sorted(set(change.projects) - set(target.projects))
                if stray:
                    found.append((change, f"restores {', '.join(stray)}, which change "
                                          f"{target.id} does not touch"))
        return found


# --- the store ---------------------------------------------------------------------------------

class ProgressStore:
    """The progress folder of a plans folder."""

    def __init__(self, plans_dir: Path) -> None:
        self.plans_dir = plans_dir
        self.root = plans_dir / PROGRESS_DIR
        self.seen: tuple[tuple[str, object], ...] = ()  # the fingerprint `read` saw

    # reading

    def change_files(self) -> tuple[list[Path], list[Problem]]:
        """The change files, and every entry that has no place in the store: the progress
        folder or a cycle folder that is a file or a link, folders not named after a cycle,
        `.toml` files not named as change files, anything that is not a regular file.
        Other files (a README) and hidden files (the lock) are left alone."""
        found, problems = self._scan()
        return [Path(path) for path, _key in found], problems

    def _scan(self) -> tuple[list[tuple[str, FileKey | None]], list[Problem]]:
        """`change_files`, as plain strings, each with its file's key (size, times, inode)
        from the one `lstat` that also says it is a regular file: a store of thousands of
        files is listed once per read, with no `Path` per file."""
        files: list[tuple[str, FileKey | None]] = []
        problems: list[Problem] = []
        root = _kind(self.root)
        if root is None:
            return files, problems
        if root != "folder":
            problems.append(Problem(display_path(self.root), f"the progress store is {root}, "
                                    "not a folder; move it away (the tool keeps progress in "
                                    "a folder of change files here)"))
            return files, problems
        for entry in _listing(self.root, problems):
            if entry.name.startswith("."):
                continue
            shown = display_path(entry)
            kind = _kind(entry)
            if CYCLE_NAME.match(entry.name):
                if kind != "folder":
                    problems.append(Problem(shown, f"unexpected entry in the progress folder: "
                                            f"{kind}, where a folder of the {entry.name} "
                                            "cycle's change files belongs"))
                    continue
            else:
                if kind == "folder" or entry.suffix == ".toml" or kind not in ("a file",):
                    problems.append(Problem(shown, "unexpected entry in the progress folder: "
                                            "expected a folder named after a cycle (a year) "
                                            "holding the tool's change files"))
                continue
            for name, path, kind, key in _entries(entry, problems):
                if name.startswith("."):
                    continue
                if kind != "a file":
                    problems.append(Problem(display_path(Path(path)), f"unexpected entry: "
                                            f"{kind}, where only change files written by "
                                            "asean-labour belong"))
                elif not CHANGE_NAME.match(name):
                    if name.endswith(".toml"):
                        problems.append(Problem(display_path(Path(path)), "unexpected file "
                                                "name: change files are named "
                                                "TIME-RANDOM.toml"))
                else:
                    files.append((path, key))
        return files, problems

    def read(self, catalogue: Catalogue | None = None, cached: bool = True,
             writing: bool = False) -> tuple[History, list[Problem]]:
        """Every change in the store and the problems found (file, line, what).

        Change files are never rewritten by the tool, so a parsed change is reused from the
        cache while its file's size, times and inode are unchanged (an edit by hand changes
        them); the cache is kept per cycle folder, and only the cycles whose files changed
        are written again. `cached=False` (validate) parses every file. `writing` (a command
        about to record a change, under the lock) leaves the cache as it is unless more than
        DEFER_CACHE_WRITE changes were parsed afresh."""
        from asean_labour import cache

        files, problems = self._scan()
        use_cache = cached and cache.enabled()
        cycles = list(dict.fromkeys(os.path.basename(os.path.dirname(path))
                                    for path, _key in files))
        known = cache.load_changes(self.root, cycles) if use_cache else {}
        fresh: dict[str, dict[str, tuple[object, Change]]] = {cycle: {} for cycle in cycles}
        dirty: set[str] = set()
        parsed = 0
        changes = []
        ids = frozenset(p.id for p in catalogue.projects) if catalogue is not None else \
            frozenset()
        from asean_labour.meter import metered

        with metered("Reading the progress store") as meter:
            for done, (path, key) in enumerate(files, start=1):
                folder, name = os.path.split(path)
                cycle = os.path.basename(folder)
                hit = known.get(cycle, {}).get(name)
                if hit is not None and hit[0] == key:
                    change: Change | None = hit[1]
                    if catalogue is not None and change is not None:
                        _check_projects(change, catalogue, ids, problems)
                else:
                    change = read_change(Path(path), problems, catalogue)
                    hit = None
                if change is not None:
                    changes.append(change)
                    if key is not None and not cache.racy(key[1:3]):
                        fresh[cycle][name] = (key, change)
                        if hit is None:
                            dirty.add(cycle)  # newly parsed: its cycle's file is written
                            parsed += 1
                if meter is not None:
                    meter(done, len(files))
        if use_cache and not problems and (not writing or parsed > DEFER_CACHE_WRITE):
            dirty.update(cycle for cycle in cycles
                         if fresh[cycle].keys() != known.get(cycle, {}).keys())
            if dirty:
                cache.store_changes(self.root, {cycle: fresh[cycle] for cycle in dirty},
                                    cycles)
        self.seen = tuple(files)
        first: dict[str, Path] = {}
        for change in changes:
            if change.id in first and change.path is not None:
                problems.append(Problem(display_path(change.path), f"change id {change.id} is "
                                        f"also used by {display_path(first[change.id])}"))
            elif change.path is not None:
                first[change.id] = change.path
        history = History(changes)
        for change, message in history.chain_problems():
            if change.path is not None:
                problems.append(Problem(display_path(change.path), message,
                                        line=_key_line(change.path, "reverses"),
                                        field="reverses"))
        return history, problems

    def history(self, catalogue: Catalogue | None = None, writing: bool = False) -> History:
        """The history; `InvalidInput` if any change file is broken (never written over).
        `writing`: as `read`'s."""
        history, problems = self.read(catalogue, writing=writing)
        if problems:
            raise InvalidInput(problems, f"the progress store in {display_path(self.root)} has "
                               f"{len(problems)} problem{'s' if len(problems) != 1 else ''}; "
                               "fix the files named above (the tool never rewrites them)")
        return history

    def check(self, catalogue: Catalogue) -> list[Problem]:
        return self.read(catalogue, cached=False)[1]

    # writing

    def fingerprint(self) -> tuple[tuple[str, object], ...]:
        """Names, sizes, times and inodes of every change file: to detect a change between
        read and write by anything that does not take our lock (an editor, a `git pull`).
        `read` keeps the fingerprint of what it read in `self.seen`."""
        return tuple(self._scan()[0])

    @contextmanager
    def locked(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """An exclusive lock on the store. The OS releases it when a process dies, so a
        killed command never leaves a lock behind that blocks the next user."""
        import fcntl

        self._ensure_dir(self.root)
        path = self.root / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
        except OSError as exc:
            raise _store_error(exc, path) from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise StoreError(f"{display_path(path)} is not a regular file; nothing was "
                                 "recorded (remove it: the tool makes a new one)")
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
            kind = _kind(part)
            if kind == "folder":
                continue
            if kind is not None:
                what = "the progress store" if part == self.root else \
                    f"the folder of the {part.name} cycle's change files"
                raise StoreError(f"{display_path(part)}: {what} is {kind}, not a folder; move "
                                 "it away; nothing was recorded")
            try:
                part.mkdir()
            except FileExistsError:
                if _kind(part) != "folder":
                    raise StoreError(f"{display_path(part)} appeared as something other than "
                                     "a folder; nothing was recorded") from None
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
        """Write a change made elsewhere, as it is, under the lock (its time is kept: the
        commands use `append`, which stamps the change inside the lock)."""
        with self.locked():
            return self.write(change)

    def append(self, catalogue: Catalogue | None,
               build: Callable[[History, dt.datetime], tuple[Change | None, T]],
               reading: dt.datetime | None = None) -> tuple[T, Path | None]:
        """Read the store, stamp and build a change, and write it, all under the lock.

        `build` gets the history and the time to record the change at: the clock, read
        now, made later than every change already in the store. It returns the change to
        write (None: nothing to write) and what to report. If a change file appears or
        changes on disk meanwhile (a `git pull`, an editor), the change is built again.
        A command refused on an empty store (nothing to undo), or a progress "folder" that is
        not one, is refused before anything is created (the folder, its lock file)."""
        kind = _kind(self.root)
        if kind is None:
            empty = History([])
            change, result = build(empty, next_time(empty, reading))
            if change is None:
                return result, None
        elif kind != "folder":
            self.history(catalogue)  # raises, naming what is there instead
        with self.locked():
            for _attempt in range(3):
                history = self.history(catalogue, writing=True)
                seen = self.seen
                change, result = build(history, next_time(history, reading))
                if change is None:
                    return result, None
                if self.fingerprint() == seen:
                    return result, self.write(change)
        raise StoreError("the progress store kept changing while the command ran; nothing was "
                         "recorded, try again")


def next_time(history: History, reading: dt.datetime | None = None) -> dt.datetime:
    """The time to record a new change at: the clock (or `reading`), or just after the latest
    time in the store when that is later (another clone's clock ran ahead)."""
    now = reading if reading is not None else now_utc()
    last = history.last_time()
    if last is None or now > last:
        return now
    try:
        return last + dt.timedelta(microseconds=1)
    except OverflowError:
        raise StoreError(f"the progress store holds a change dated {last.isoformat()}, the "
                         "latest time there can be; fix its recorded_at (and file name) by "
                         "hand") from None


def _kind(path: Path) -> str | None:
    """What is at a path, without following a link: None (nothing), "folder", "a file", or
    words for anything else."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    return _mode_kind(mode)


def _mode_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _listing(folder: Path, problems: list[Problem]) -> list[Path]:
    try:
        return [folder / name for name in sorted(os.listdir(folder))]
    except OSError as exc:
        problems.append(Problem(display_path(folder), f"cannot list: {reason(exc)}"))
        return []


def _entries(folder: Path, problems: list[Problem]
             ) -> list[tuple[str, str, str | None, FileKey | None]]:
    """A cycle folder's entries, by name: (name, path, what it is as `_kind` says, and for
    a regular file its key), from one `lstat` per entry."""
    found: list[tuple[str, str, str | None, FileKey | None]] = []
    try:
        with os.scandir(folder) as listing:
            items = sorted((item.name, item.path, item) for item in listing)
    except OSError as exc:
        problems.append(Problem(display_path(folder), f"cannot list: {reason(exc)}"))
        return found
    for name, path, item in items:
        if name.startswith("."):
            found.append((name, path, None, None))
            continue
        try:
            st = item.stat(follow_symlinks=False)
        except FileNotFoundError:
            found.append((name, path, None, None))
            continue
        except OSError as exc:
            found.append((name, path, f"unreadable ({exc.strerror or exc})", None))
            continue
        kind = _mode_kind(st.st_mode)
        key = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) if kind == "a file" \
            else None
        found.append((name, path, kind, key))
    return found


def _key_line(path: Path, key: str) -> int | None:
    """The line of a top-level key in a change file (for a problem found across files)."""
    try:
        text = path.read_bytes()[:MAX_CHANGE_FILE_BYTES].decode("utf-8", errors="replace")
    except OSError:
        return None
    line = LineFinder(text).key(0, key)
    return line or None


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
    if change.return_bodies:
        doc["return_bodies"] = list(change.return_bodies)
    if change.return_countries:
        doc["return_countries"] = list(change.return_countries)
    if change.kind in REVERSING:
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
        if u.final:
            row["final"] = True
        if u.moved_back_from is not None:
            row["moved_back_from"] = str(u.moved_back_from)
            if u.moved_back_from_cycle is not None:
                row["moved_back_from_cycle"] = u.moved_back_from_cycle
        rows.append(row)
    doc["updates"] = rows
    return doc


def dump_change(change: Change) -> str:
    """The change as TOML: top-level keys, then one `[[updates]]` (or `[[restored]]`) table
    per row, so every row stands on its own lines (readable diffs, precise error lines).
    tomli-w encodes every value; the layout is ours."""
    import tomli_w

    document = change_document(change)
    rows_key = "restored" if change.kind in REVERSING else "updates"
    rows = document.pop(rows_key)
    parts = [tomli_w.dumps(document)]
    parts.extend(f"\n[[{rows_key}]]\n" + tomli_w.dumps(row) for row in rows)
    return "".join(parts)


_CHANGE_KEYS = {"schema_version", "change", "kind", "cycle", "recorded_at", "recorded_by",
                "source", "reverses", "restored", "updates", "return_bodies",
                "return_countries"}
_RETURN_KEYS = ("return_bodies", "return_countries")
_UPDATE_KEYS = {"project", "status", "date", "reported_by", "note", "outputs", "evidence",
                "carried_to", "final", "moved_back_from", "moved_back_from_cycle"}
_RESTORED_KEYS = {"project", "before", "after"}


def _read_bytes(path: Path, shown: str, problems: list[Problem]) -> bytes | None:
    """A change file's bytes: a regular file only (never through a link, never a FIFO), at
    most the size limit (read that far and a byte more, whatever the file claims)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        problems.append(Problem(shown, f"cannot read: {reason(exc)}"))
        return None
    chunks: list[bytes] = []
    size = 0
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            problems.append(Problem(shown, "not a regular file: expected a change file "
                                    "written by asean-labour"))
            return None
        while size <= MAX_CHANGE_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_CHANGE_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        problems.append(Problem(shown, f"cannot read: {reason(exc)}"))
        return None
    finally:
        os.close(fd)
    if size > MAX_CHANGE_FILE_BYTES:
        problems.append(Problem(shown, f"file is larger than {MAX_CHANGE_FILE_BYTES:,} bytes: "
                                "too large to be a change file"))
        return None
    return b"".join(chunks)


def read_change(path: Path, problems: list[Problem],
                catalogue: Catalogue | None = None) -> Change | None:
    """Parse and check one change file; problems carry the file and line."""
    shown = display_path(path)
    raw = _read_bytes(path, shown, problems)
    if raw is None:
        return None
    data = parse_toml(raw, shown, problems)
    if data is None:
        return None
    finder = LineFinder(raw.decode("utf-8-sig", errors="replace"))
    before = len(problems)

    def bad(message: str, key: str | None = None, line: int | None = None,
            item: str | None = None) -> None:
        if key is not None and finder.lines:
            line = finder.key(line or 0, key) or line
        problems.append(Problem(shown, message, line=line or None, item=item, field=key))

    for key in data:
        if key not in _CHANGE_KEYS:
            bad(f"unknown field; expected one of: {', '.join(sorted(_CHANGE_KEYS))}", key)
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and \
            version > STORE_SCHEMA_VERSION:
        bad(f"schema_version {version} was written by a newer asean-labour (this one reads "
            f"versions {READABLE_VERSIONS[0]} to {READABLE_VERSIONS[-1]}); upgrade asean-labour",
            "schema_version")
    elif version not in READABLE_VERSIONS or isinstance(version, bool):
        bad(f"expected schema_version = {STORE_SCHEMA_VERSION}", "schema_version")
    change_id = data.get("change")
    match = CHANGE_NAME.match(path.name)
    if not isinstance(change_id, str) or match is None or f"{change_id}.toml" != path.name:
        bad("expected the change id, equal to the file name", "change")
    kind = data.get("kind")
    if kind not in KINDS:
        bad('expected "update", "undo" or "redo"', "kind")
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
    covered: dict[str, tuple[str, ...]] = {}
    for key in _RETURN_KEYS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() and "\n" not in v and len(v) <= MAX_FIELD
                for v in value):
            bad("expected a list of names, e.g. [\"ACMW\"]", key)
        elif kind != UPDATE:
            bad("only an update records a return", key)
        else:
            covered[key] = tuple(value)
    updates: list[Update] = []
    restored: list[Reversal] = []
    if kind in REVERSING:
        reverses = data.get("reverses")
        if not isinstance(reverses, str) or not reverses.strip():
            bad(f"expected the id of the change this {kind} reverses", "reverses")
        rows_line = finder.key(0, "restored") or None  # an inline array: `restored = [...]`
        for index, row in enumerate(_table_list(data.get("restored"), "restored", bad)):
            item = f"restored #{index + 1}"
            line = finder.table("restored", index) or rows_line
            project = row.get("project")
            where = project if isinstance(project, str) else item
            for key in row:
                if key not in _RESTORED_KEYS:
                    bad(f"unknown field; expected one of: {', '.join(sorted(_RESTORED_KEYS))}",
                        key, line, where)
            if not isinstance(project, str):
                bad("expected a project id", "project", line, item)
                continue
            if catalogue is not None and catalogue.project(project) is None:
                bad("no such project in the plans", "project", line, project)
            states = []
            for key in ("before", "after"):
                value = row.get(key)
                status = parse_status(value) if isinstance(value, str) else None
                if value is not None and status is None:
                    bad(f"expected a status, got {value!r}", key, line, project)
                states.append(status)
            restored.append(Reversal(project, states[0], states[1]))
    elif kind == UPDATE:
        rows_line = finder.key(0, "updates") or None
        for index, row in enumerate(_table_list(data.get("updates"), "updates", bad)):
            line = finder.table("updates", index) or rows_line
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
                  restored=tuple(restored), source=source, path=path,
                  return_bodies=covered.get("return_bodies", ()),
                  return_countries=covered.get("return_countries", ()))


def _check_projects(change: Change, catalogue: Catalogue, known: frozenset[str],
                    problems: list[Problem]) -> None:
    """A cached change was checked against the plans of its day: check it against today's
    (`known`: today's project ids, for the quick check that nearly always passes)."""
    carried = [u for u in change.updates if u.carried_to is not None]
    if change.path is None or (known.issuperset(u.project for u in change.updates)
                               and known.issuperset(r.project for r in change.restored)
                               and not carried):
        return
    for pid in change.projects:
        if catalogue.project(pid) is None:
            problems.append(Problem(display_path(change.path), "no such project in the plans",
                                    item=pid, field="project"))
    for update in carried:
        # The project it is carried to must exist and succeed it in today's plans (a plan's
        # `succeeds` may have changed since the change was cached).
        assert update.carried_to is not None
        problem = "no such project in the plans" if catalogue.project(update.carried_to) \
            is None else carried_to_problem(update.carried_to, catalogue, update.project)
        if problem is not None:
            problems.append(Problem(display_path(change.path), problem, item=update.project,
                                    field="carried_to"))


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
    if carried_to is not None:
        problem = carried_to_problem(carried_to, catalogue,
                                     project if isinstance(project, str) else None)
        if problem is not None:
            fail(problem, "carried_to")
    final = row.get("final")
    if final is not None and not isinstance(final, bool):
        fail("expected true or false", "final")
    elif final and status is not Status.COMPLETED:
        fail("only a completed update is marked final", "final")
    moved = row.get("moved_back_from")
    moved_status = parse_status(moved) if isinstance(moved, str) else None
    if moved is not None and moved_status is None:
        fail(f"expected one of: {', '.join(Status)}", "moved_back_from")
    moved_cycle = row.get("moved_back_from_cycle")
    if moved_cycle is not None and (not isinstance(moved_cycle, int) or
                                    isinstance(moved_cycle, bool) or
                                    not 1000 <= moved_cycle <= cycle):
        fail(f"expected a cycle no later than {cycle}", "moved_back_from_cycle")
    if count[0]:
        return None
    assert isinstance(project, str)
    assert status is not None
    assert isinstance(date, dt.date)
    assert isinstance(reporter, str)
    return Update(project=project, cycle=cycle, status=status, date=date, reported_by=reporter,
                  note=note, outputs=tuple(outputs), evidence=tuple(evidence),
                  carried_to=carried_to, final=True if final else None,
                  moved_back_from=moved_status, moved_back_from_cycle=moved_cycle)


def carried_to_problem(value: Any, catalogue: Catalogue | None,
                       project: str | None = None) -> str | None:
    """What is wrong with a `carried_to` value (None: nothing): it must be the id of a
    project of a loaded plan that succeeds the project's own (`lineage.carry_problem`: the
    rule the plans' `carried_over_from` follows too)."""
    from asean_labour.loading import PROJECT_ID

    if not isinstance(value, str):
        return "expected a project id"
    if len(value) > 64:
        return f"is {len(value):,} characters long; a project id has at most 64"
    if not PROJECT_ID.match(value):
        return ("expected a project id (a letter, then letters, digits, '-' or '.'), got "
                f"{value!r}")
    if catalogue is None:
        return None
    target = catalogue.project(value)
    if target is None:
        from asean_labour.query import nearest_ids

        close = nearest_ids(catalogue, value)
        return (f"no project {value!r} in the loaded plans" +
                (f" (did you mean {', '.join(close)}?)" if close else "") +
                "; the project it is carried to must be in a loaded plan")
    source = catalogue.project(project) if project is not None else None
    if source is None:
        return None
    from asean_labour.lineage import carry_problem

    return carry_problem(catalogue, source, target)


def _strings(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fail("expected a list of strings", key)
        return ()
    return tuple(value)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- undo and redo -----------------------------------------------------------------------------

def reverse(history: History, target: Change, recorded_by: str, now: dt.datetime,
            kind: str = UNDO) -> Change:
    """The undo (or redo) change that takes `target` out of effect, with each project's
    status in the cycle before and after."""
    cycle = target.cycle
    before = history.latest(cycle)
    projects = list(dict.fromkeys(target.projects))
    after_history = History([*history.changes, Change(
        id="~pending", kind=kind, cycle=cycle, recorded_at=now, recorded_by=recorded_by,
        reverses=target.id)])
    after = after_history.latest(cycle)
    restored = tuple(
        Reversal(pid, before[pid].status if pid in before else None,
                 after[pid].status if pid in after else None)
        for pid in projects
    )
    return Change(id=new_change_id(now), kind=kind, cycle=cycle, recorded_at=now,
                  recorded_by=recorded_by, reverses=target.id, restored=restored)


@dataclass(frozen=True)
class Reversed:
    """What `undo` or `redo` did (or would do): the new change, the change it reverses, and
    for a redo the update it puts back."""

    change: Change
    target: Change
    path: Path | None
    reapplied: Change | None = None


def _undo_target(history: History, change_id: str | None) -> Change:
    if change_id:
        target = history.find(change_id)
        if target is None:
            raise UsageError(f"no change {change_id!r} in the progress store; "
                             "`asean-labour log` lists the changes")
        if not history.in_effect(target):
            raise UsageError(f"change {target.id} is already undone (by "
                             f"{history.reversed_by[target.id]}); `asean-labour redo` puts "
                             "back the last change undone")
        return target
    target = history.undo_target()
    if target is None:
        raise UsageError("nothing to undo: the progress store holds no update in effect")
    return target


def undo(store: ProgressStore, catalogue: Catalogue | None, recorded_by: str,
         now: dt.datetime | None = None, change_id: str | None = None,
         dry_run: bool = False) -> Reversed:
    """Append the reversal of the last update still in effect (each undo walks one command
    further back), or of `change_id`. The store is read, and the time taken, under the lock
    (`now`, for tests, stands for the clock's reading)."""

    def build(history: History, stamp: dt.datetime) -> tuple[Change, Reversed]:
        target = _undo_target(history, change_id)
        change = reverse(history, target, recorded_by, stamp)
        return change, Reversed(change, target, None)

    if dry_run:
        history = store.history(catalogue)
        return build(history, next_time(history, now))[1]
    done, path = store.append(catalogue, build, now)
    return Reversed(done.change, done.target, path)


def redo(store: ProgressStore, catalogue: Catalogue | None, recorded_by: str,
         now: dt.datetime | None = None, dry_run: bool = False) -> Reversed:
    """Append the reversal of the last undo still in effect, putting its update back; each
    redo walks one command further forward. A new update after the undo clears the way, as
    in an editor."""

    def build(history: History, stamp: dt.datetime) -> tuple[Change, Reversed]:
        target, blocker = history.redo_target()
        if target is None:
            if blocker is not None:
                raise UsageError(f"nothing to redo: change {blocker.id} was recorded after the "
                                 "last undo (`undo --change ID` reverses a named change)")
            raise UsageError("nothing to redo: no undo in effect")
        reapplied = history.find(target.reverses or "")
        change = reverse(history, target, recorded_by, stamp, kind=REDO)
        return change, Reversed(change, target, None, reapplied)

    if dry_run:
        history = store.history(catalogue)
        return build(history, next_time(history, now))[1]
    done, path = store.append(catalogue, build, now)
    return Reversed(done.change, done.target, path, done.reapplied)
