"""An invisible cache of the loaded plans, so a command does not parse and check every plan
file on every run.

The cache holds the catalogue of one plans folder, with the vocabulary it was checked with,
keyed by the path, size, modification and change times and inode of every plan file and of the
vocabulary file (the folder's own, else the built-in one), and by the tool's version. Any
edit to a plan file or the vocabulary (by hand, by git, by a copy) changes its key, so the
cache is never stale: a mismatch means a full load and a new cache. Only plans that validate
are cached, so `validate` and every error message always come from the files themselves.
Set ASEAN_LABOUR_NO_CACHE=1 to bypass it.

The cache lives in the user's cache folder ($XDG_CACHE_HOME/asean-labour, ~/.cache), written
atomically; it is the user's own file, like their shell history, and is trusted as such.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import zlib
from pathlib import Path
from typing import Any

from asean_labour import __version__
from asean_labour.errors import InvalidInput
from asean_labour.files import plan_files, vocabulary_path
from asean_labour.model import Catalogue

NO_CACHE_ENV = "ASEAN_LABOUR_NO_CACHE"


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


def _digest(folder: Path) -> str:
    """A short name for a folder's cache file (the full path is checked inside the file)."""
    data = str(folder.resolve()).encode("utf-8")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "asean-labour"


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_key(plans_dir: Path, files: list[Path]) -> Key:
    """What the cached catalogue was built from: every plan file's identity and version, and
    the vocabulary file's."""
    stats = []
    for path in (*files, vocabulary_path(plans_dir)):
        st = path.stat()
        stats.append((str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return (__version__, _catalogue_shape(), sys.version_info[:2], str(plans_dir.resolve()),
            tuple(stats))


def _path(plans_dir: Path) -> Path:
    return cache_dir() / f"plans-{_digest(plans_dir)}.pickle"


def _unpickle(path: Path) -> Any:
    """Load a cache file with the garbage collector paused: unpickling 100,000 projects
    otherwise spends half its time in collections that find nothing to free."""
    import gc

    enabled_before = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    finally:
        if enabled_before:
            gc.enable()


def load(plans_dir: Path, key: Key) -> Catalogue | None:
    """The cached catalogue if it was built from exactly these files, else None."""
    try:
        stored_key, catalogue = _unpickle(_path(plans_dir))
    except Exception:  # a missing, old or damaged cache is simply rebuilt
        return None
    if stored_key != key or not isinstance(catalogue, Catalogue):
        return None
    return catalogue


def store(plans_dir: Path, key: Key, catalogue: Catalogue) -> None:
    _write(_path(plans_dir), (key, catalogue))


def _write(target: Path, value: object) -> None:
    """Save a cache file atomically; any failure (read-only home, full disk) is ignored."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with temp.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, target)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


RACY_NS = 2_000_000_000  # file times within 2 s of now may not change on a quick rewrite


def racy(stamps: Any) -> bool:
    """Whether a file was changed so recently that a same-size rewrite within the file
    system's clock tick could go unseen: such a file is not cached (git's "racily clean")."""
    import time

    now = time.time_ns()
    return any(now - stamp < RACY_NS for stamp in stamps)


def _times(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_ctime_ns


def file_key(path: Path) -> tuple[int, int, int, int] | None:
    """A file's identity: any write to it changes one of these."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _changes_path(store_root: Path) -> Path:
    return cache_dir() / f"progress-{_digest(store_root)}.pickle"


def load_changes(store_root: Path) -> dict[str, Any]:
    """Parsed change files of a progress store by file name, with the key each was read at."""
    try:
        version, entries = _unpickle(_changes_path(store_root))
    except Exception:  # a missing, old or damaged cache is simply rebuilt
        return {}
    return entries if version == _store_version(store_root) and isinstance(
        entries, dict) else {}


def store_changes(store_root: Path, entries: dict[str, Any]) -> None:
    _write(_changes_path(store_root), (_store_version(store_root), entries))


def _store_version(store_root: Path) -> tuple[object, ...]:
    return (__version__, _changes_shape(), sys.version_info[:2], str(store_root.resolve()))


def load_catalogue(plans_dir: Path) -> Catalogue:
    """The catalogue of a plans folder; `InvalidInput` lists every problem.

    Served from the cache when no plan file has changed since it was last loaded;
    `loading.check_plans` (and so `validate`) always reads the files."""
    key = None
    stamps: list[int] = []
    if enabled():
        try:
            files = plan_files(plans_dir)
            key = cache_key(plans_dir, files)
            stamps = [t for path in (*files, vocabulary_path(plans_dir)) for t in _times(path)]
        except OSError:
            key = None
        cached = load(plans_dir, key) if key is not None else None
        if cached is not None:
            return cached
    from asean_labour.loading import check_plans, summary

    catalogue, problems, _ = check_plans(plans_dir)
    if catalogue is None:
        raise InvalidInput(problems, summary(problems))
    if key is not None and not racy(stamps):
        store(plans_dir, key, catalogue)
    return catalogue
