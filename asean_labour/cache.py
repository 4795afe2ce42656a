"""An invisible cache of the loaded plans, so a command does not parse and check every plan
file on every run.

The cache holds the catalogue of one plans folder, keyed by the path, size, modification and
change times and inode of every plan file, and by the tool's version. Any edit to a plan file
(by hand, by git, by a copy) changes its key, so the cache is never stale: a mismatch means a
full load and a new cache. Only plans that validate are cached, so `validate` and every error
message always come from the files themselves. Set ASEAN_LABOUR_NO_CACHE=1 to bypass it.

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
from asean_labour.files import plan_files
from asean_labour.model import Catalogue

NO_CACHE_ENV = "ASEAN_LABOUR_NO_CACHE"
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
    """What the cached catalogue was built from: every plan file's identity and version."""
    stats = []
    for path in files:
        st = path.stat()
        stats.append((str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return (__version__, sys.version_info[:2], str(plans_dir.resolve()), tuple(stats))


def _path(plans_dir: Path) -> Path:
    return cache_dir() / f"plans-{_digest(plans_dir)}.pickle"


def load(plans_dir: Path, key: Key) -> Catalogue | None:
    """The cached catalogue if it was built from exactly these files, else None."""
    try:
        with _path(plans_dir).open("rb") as handle:
            stored_key, catalogue = pickle.load(handle)
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
        with _changes_path(store_root).open("rb") as handle:
            version, entries = pickle.load(handle)
    except Exception:  # a missing, old or damaged cache is simply rebuilt
        return {}
    return entries if version == _store_version(store_root) and isinstance(
        entries, dict) else {}


def store_changes(store_root: Path, entries: dict[str, Any]) -> None:
    _write(_changes_path(store_root), (_store_version(store_root), entries))


def _store_version(store_root: Path) -> tuple[object, ...]:
    return (__version__, sys.version_info[:2], str(store_root.resolve()))


def load_catalogue(plans_dir: Path) -> Catalogue:
    """The catalogue of a plans folder; `InvalidInput` lists every problem.

    Served from the cache when no plan file has changed since it was last loaded;
    `loading.check_plans` (and so `validate`) always reads the files."""
    key = None
    if enabled():
        try:
            key = cache_key(plans_dir, plan_files(plans_dir))
        except OSError:
            key = None
        cached = load(plans_dir, key) if key is not None else None
        if cached is not None:
            return cached
    from asean_labour.loading import check_plans, summary

    catalogue, problems, _ = check_plans(plans_dir)
    if catalogue is None:
        raise InvalidInput(problems, summary(problems))
    if key is not None:
        store(plans_dir, key, catalogue)
    return catalogue
