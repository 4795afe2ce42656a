"""An invisible cache of the loaded plans and of the parsed progress store, so a command does
not parse and check every file on every run, and a change re-parses only what changed.

The plans. Each plans folder has a folder of its own in the cache, `plans-<digest>/`, holding

* one entry per plan file (`<digest of the file's path>.plan`): the file's plan with its
  projects built and checked (`loading.Built`), keyed by the file's path, size, modification
  and change times and inode, by the vocabulary file's (the folder's own, else the built-in
  one), and by the tool's version, the shapes of the cached classes and the Python version;
* an `index`: every plan file's key and the vocabulary's, with the vocabulary, written when
  those files, taken together, passed the checks across files (plan ids, programmes, project
  ids, lineage).

A command whose files all match the index takes every plan from its entry and checks nothing
(the warm path). After an edit (`git pull`, a hand edit, a checkout), only the files whose key
changed are parsed and checked; the others' plans come from their entries, and the checks
across files run again on the plans (`loading.load_reusing`). Any problem anywhere means the
whole folder is loaded from the files (`loading.check_plans`), so `validate` and every error
message always come from the files themselves, and only plans that validate are cached. A
file changed in the last two seconds is not cached (a same-size rewrite within the file
system's clock tick could go unseen: git's "racily clean"), nor is an index naming one.

The cache does not grow without bound: an entry is named by its file's path, so an edit
replaces it, and when an index is written every other entry of that plans folder (a file
renamed or removed since, a temporary file a killed command left) is deleted.

The progress store. Change files are never rewritten by the tool, so a parsed change is reused
while its file's key is unchanged. The parsed changes are kept one cache file per cycle folder
(`progress-<digest>/<cycle>`), so a read that parsed a change afresh rewrites only its cycle's
file (an update, reading under the lock, leaves the cache alone while it parsed only a few:
`progress.DEFER_CACHE_WRITE`); the file of a cycle that no longer exists is deleted when
another is written.

Every cache file starts with a header (a magic string, the length and a CRC-32 of what
follows), is opened without following a symbolic link and read only if it is a regular file,
and is written to a temporary name and renamed into place. A torn, stale, foreign (another
version's, another folder's, any other pickle), unreadable or non-regular cache file is
ignored and rebuilt: never an error, never a wrong answer. Set ASEAN_LABOUR_NO_CACHE=1 to
bypass the cache.

The cache lives in the user's cache folder ($XDG_CACHE_HOME/asean-labour, ~/.cache); it is the
user's own, like their shell history, and is trusted as such.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import sys
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asean_labour import __version__
from asean_labour.errors import InvalidInput
from asean_labour.files import NotReadable, plan_files, read_regular, vocabulary_path
from asean_labour.model import Catalogue, Plan
from asean_labour.vocabulary import Vocabulary

if TYPE_CHECKING:
    from asean_labour.loading import Built, Progress

NO_CACHE_ENV = "ASEAN_LABOUR_NO_CACHE"
#: Every cache file starts with this, then the length and CRC-32 of the pickle that follows.
MAGIC = b"asean-labour cache 2\n"
_HEADER = struct.Struct(">QI")
MAX_CACHE_FILE_BYTES = 1 << 30
INDEX_NAME = "index"
ENTRY_SUFFIX = ".plan"


def _shape(*classes: Any) -> tuple[object, ...]:
    """The field names of the cached classes: a code change that adds, removes or reorders a
    field changes this, so an old cache is never unpickled into the new shape."""
    from dataclasses import fields, is_dataclass

    def names(cls: Any) -> tuple[str, ...]:
        if is_dataclass(cls):
            return tuple(f.name for f in fields(cls))
        if hasattr(cls, "_fields"):  # a named tuple
            return tuple(cls._fields)
        if hasattr(cls, "FIELDS"):  # a plain class that says what it holds (Vocabulary)
            return tuple(cls.FIELDS)
        return tuple(str(member) for member in cls)  # an enum

    return tuple((cls.__name__, names(cls)) for cls in classes)


def _catalogue_shape() -> tuple[object, ...]:
    from asean_labour import model, vocabulary

    return _shape(model.Catalogue, model.Plan, model.Project, model.Event, model.Participant,
                  model.ThematicArea, model.KeyResultArea, model.Measure,
                  model.CrossCuttingTheme, model.ProgrammeContent, model.PlanKind,
                  model.ProjectKind, vocabulary.Vocabulary, vocabulary.MemberState,
                  vocabulary.BodyInfo, vocabulary.Role, vocabulary.Organisation)


def _changes_shape() -> tuple[object, ...]:
    from asean_labour import progress, status

    return _shape(progress.Change, progress.Update, progress.Reversal, status.Status,
                  status.Output)


Key = tuple[object, ...]
FileKey = tuple[int, int, int, int]


def _digest(text: str) -> str:
    """A short name for a cache file or folder (what it stands for is checked inside)."""
    data = text.encode("utf-8", errors="surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "asean-labour"


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def file_key(path: Path) -> FileKey | None:
    """A file's identity: any write to it changes one of these."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


RACY_NS = 2_000_000_000  # file times within 2 s of now may not change on a quick rewrite


def racy(stamps: Iterable[Any]) -> bool:
    """Whether a file was changed so recently that a same-size rewrite within the file
    system's clock tick could go unseen: such a file is not cached (git's "racily clean")."""
    import time

    now = time.time_ns()
    return any(now - stamp < RACY_NS for stamp in stamps)


# --- cache files: a header, a pickle; read only if whole and regular -------------------------

def _read(path: Path) -> Any:
    """What a cache file holds, or None: missing, not a regular file, a symbolic link, torn,
    damaged or anything but a pickle written by `_write`. Unpickled with the garbage collector
    paused: unpickling 100,000 projects otherwise spends half its time in collections that
    find nothing to free."""
    import gc

    try:
        raw = read_regular(path, MAX_CACHE_FILE_BYTES, follow_symlinks=False)
    except NotReadable:
        return None
    start = len(MAGIC) + _HEADER.size
    if len(raw) < start or not raw.startswith(MAGIC):
        return None
    length, checksum = _HEADER.unpack_from(raw, len(MAGIC))
    body = memoryview(raw)[start:]
    if len(body) != length or zlib.crc32(body) != checksum:
        return None
    enabled_before = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(body)
    except Exception:  # any damage the checksum missed, or a class that is gone
        return None
    finally:
        if enabled_before:
            gc.enable()


_REDUCERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _reducers() -> dict[type, Callable[[Any], tuple[Any, ...]]]:
    """How the cached frozen dataclasses with slots are pickled: as a call of the class with
    its fields' values, which unpickles in half the time of dataclasses' own slotted state
    (that looks up the class's fields for every object)."""
    if not _REDUCERS:
        from dataclasses import fields

        from asean_labour import model

        for cls in (model.Plan, model.Project, model.Event, model.Participant,
                    model.ThematicArea, model.KeyResultArea, model.Measure,
                    model.CrossCuttingTheme):
            names = tuple(f.name for f in fields(cls))
            if all(f.init for f in fields(cls)) and not hasattr(cls, "__post_init__"):
                _REDUCERS[cls] = _reducer(cls, names)
    return _REDUCERS


def _reducer(cls: type, names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    return lambda item: (cls, tuple(getattr(item, name) for name in names))


def _child(parent: Path, name: str) -> Path:
    """A path rebuilt from its folder and its name, as pickled by `_path_reducer`."""
    return parent / name


def _path_reducer() -> Callable[[Path], tuple[Any, ...]]:
    """How paths are pickled: as their folder (one object for every path of a folder, so
    pickled once) and their name. Unpickling a path otherwise parses all its parts again:
    the 3,000 change files of a store took a tenth of loading their cache."""
    folders: dict[Path, Path] = {}

    def reduce(path: Path) -> tuple[Any, ...]:
        if not path.name:  # the root, or "."
            return type(path), (str(path),)
        parent = folders.setdefault(path.parent, path.parent)
        return _child, (parent, path.name)

    return reduce


def _dumps(value: object) -> bytes:
    import copyreg
    import io

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, **_reducers(),
                              type(Path()): _path_reducer()}
    pickler.dump(value)
    return buffer.getvalue()


def _write(target: Path, value: object) -> None:
    """Save a cache file atomically (a temporary file renamed into place); any failure
    (read-only home, full disk, a folder where the file belongs) is ignored."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        body = _dumps(value)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
                     | getattr(os, "O_CLOEXEC", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + _HEADER.pack(len(body), zlib.crc32(body)))
            handle.write(body)
        try:
            os.replace(temp, target)  # replaces a symbolic link or a named pipe too
        except IsADirectoryError:
            os.rmdir(target)  # an empty folder in the way; a full one stays, and is ignored
            os.replace(temp, target)
    except (OSError, pickle.PicklingError, RecursionError):
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


# --- the plans -------------------------------------------------------------------------------

def _plans_version() -> Key:
    return (__version__, _catalogue_shape(), sys.version_info[:2])


def _plans_dir(plans_dir: Path) -> Path:
    return cache_dir() / f"plans-{_digest(str(plans_dir.resolve()))}"


def _entry_path(folder: Path, path: Path) -> Path:
    return folder / f"{_digest(str(path))}{ENTRY_SUFFIX}"


class _Plans:
    """The cache of one plans folder, as read at the start of a command."""

    def __init__(self, plans_dir: Path, files: list[Path]) -> None:
        self.folder = _plans_dir(plans_dir)
        self.paths = files
        self.version = (_plans_version(), str(plans_dir.resolve()))
        vocabulary = vocabulary_path(plans_dir)
        self.stats: dict[Path, FileKey] = {}
        for path in (*files, vocabulary):
            st = path.stat()  # an OSError (a file gone meanwhile) means no cache this time
            self.stats[path] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        self.vocabulary = (str(vocabulary), self.stats[vocabulary])
        self.files = tuple((str(path), self.stats[path]) for path in files)

    def index(self) -> Any:
        """The vocabulary, if the index says these very files passed every check."""
        stored = _read(self.folder / INDEX_NAME)
        if (isinstance(stored, tuple) and len(stored) == 5 and stored[0] == INDEX_NAME
                and stored[1] == self.version and stored[2] == self.vocabulary
                and stored[3] == self.files and isinstance(stored[4], Vocabulary)):
            return stored[4]
        return None

    def entry(self, path: Path) -> tuple[Any, Any] | None:
        """A plan file's plan and the programme content it was checked against, if built from
        the file as it is now, with this vocabulary, by this version of the tool."""
        stored = _read(_entry_path(self.folder, path))
        if (isinstance(stored, tuple) and len(stored) == 6 and stored[0] == ENTRY_SUFFIX
                and stored[1] == self.version and stored[2] == str(path)
                and stored[3] == self.stats.get(path) and stored[4] == self.vocabulary):
            value = stored[5]
            if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Plan):
                return value[0], value[1]
        return None

    def cacheable(self, path: Path) -> bool:
        return not racy(self.stats[path][1:3])

    def store_entry(self, path: Path, plan: Any, content: Any) -> None:
        _write(_entry_path(self.folder, path),
               (ENTRY_SUFFIX, self.version, str(path), self.stats[path], self.vocabulary,
                (plan, content)))

    def store_index(self, vocabulary: Any) -> None:
        """Write the index, then delete every other file of this plans folder's cache."""
        _write(self.folder / INDEX_NAME,
               (INDEX_NAME, self.version, self.vocabulary, self.files, vocabulary))
        keep = {INDEX_NAME, *(_entry_path(self.folder, Path(name)).name
                              for name, _ in self.files)}
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name not in keep:
                    _remove(Path(entry.path))
        _remove(self.folder.with_suffix(".pickle"))  # the one-file cache of earlier builds


def load_catalogue(plans_dir: Path, progress: Progress | None = None) -> Catalogue:
    """The catalogue of a plans folder; `InvalidInput` lists every problem.

    Plans of unchanged files come from the cache, and only changed files are parsed;
    `loading.check_plans` (and so `validate`) always reads every file. `progress` is told
    how far the parsing has come."""
    cached: _Plans | None = None
    if enabled():
        try:
            cached = _Plans(plans_dir, plan_files(plans_dir))
        except OSError:
            cached = None
    if cached is not None:
        catalogue = _warm(cached)
        if catalogue is not None:
            return catalogue
        catalogue = _incremental(plans_dir, cached, progress)
        if catalogue is not None:
            return catalogue
    from asean_labour.loading import check_plans, summary

    catalogue, problems, _ = check_plans(plans_dir, progress=progress)
    if catalogue is None:
        raise InvalidInput(problems, summary(problems))
    return catalogue


def _warm(cached: _Plans) -> Catalogue | None:
    """Every plan from its entry, when the index names these very files."""
    vocabulary = cached.index()
    if vocabulary is None:
        return None
    plans = []
    for path in cached.paths:
        entry = cached.entry(path)
        if entry is None:
            return None
        plans.append(entry[0])
    try:
        return Catalogue(tuple(plans), vocabulary)
    except Exception:  # a foreign pickle that passed every check but is no plan
        return None


def _incremental(plans_dir: Path, cached: _Plans, progress: Progress | None
                 ) -> Catalogue | None:
    """Parse only the files whose entry is missing or stale; None if any problem."""
    from asean_labour.loading import Built, load_reusing

    def reuse(path: Path) -> Built | None:
        entry = cached.entry(path)
        return Built(*entry) if entry is not None else None

    try:
        catalogue, built = load_reusing(plans_dir, cached.paths, reuse, progress)
    except Exception:  # a foreign entry that is no plan: load from the files
        return None
    if catalogue is None:
        return None
    for path, item in built.items():
        if cached.cacheable(path):
            cached.store_entry(path, item.plan, item.content)
    if all(cached.cacheable(path) for path in cached.stats):
        cached.store_index(catalogue.vocabulary)
    return catalogue


# --- the progress store ----------------------------------------------------------------------

def _progress_dir(store_root: Path) -> Path:
    return cache_dir() / f"progress-{_digest(str(store_root.resolve()))}"


def _store_version(store_root: Path, cycle: str) -> Key:
    return (__version__, _changes_shape(), sys.version_info[:2], str(store_root.resolve()),
            cycle)


def load_changes(store_root: Path, cycles: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Parsed change files of a progress store, by cycle folder, then by file name, with the
    key each was read at."""
    folder = _progress_dir(store_root)
    found: dict[str, dict[str, Any]] = {}
    for cycle in cycles:
        stored = _read(folder / cycle)
        if (isinstance(stored, tuple) and len(stored) == 2
                and stored[0] == _store_version(store_root, cycle)
                and isinstance(stored[1], dict)):
            found[cycle] = stored[1]
    return found


def store_changes(store_root: Path, cycles: dict[str, dict[str, Any]],
                  present: Iterable[str]) -> None:
    """Write the cache files of `cycles` (those whose changes differ from their cache file),
    and delete those of cycles not `present` in the store any more."""
    folder = _progress_dir(store_root)
    for cycle, entries in cycles.items():
        _write(folder / cycle, (_store_version(store_root, cycle), entries))
    keep = set(present)
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name not in keep:
                _remove(Path(entry.path))
    _remove(folder.with_suffix(".pickle"))  # the one-file cache of earlier builds


# for tests and tools: every cache file of a plans folder or a store
def plans_cache_files(plans_dir: Path) -> list[Path]:
    folder = _plans_dir(plans_dir)
    return sorted(folder.iterdir()) if folder.is_dir() else []


def progress_cache_files(store_root: Path) -> list[Path]:
    folder = _progress_dir(store_root)
    return sorted(folder.iterdir()) if folder.is_dir() else []

