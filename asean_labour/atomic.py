"""Writing a file so that a crash never leaves half of it: the one way the tool writes."""

from __future__ import annotations

import errno
import os
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "a symbolic link is in the way",
    errno.EISDIR: "it is a folder",
}


def reason(exc: OSError) -> str:
    """Why a write failed, in words an officer can act on."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def write_atomically(path: Path, data: bytes, replace: bool = False,
                     temp_name: str | None = None) -> None:
    """Write `data` to a hidden temporary file in the same folder, fsync it, then put it in
    place and fsync the folder. Without `replace` the file is linked into place, which never
    replaces an existing file (FileExistsError); with it, an existing file or symbolic link at
    `path` is replaced as a whole (never written through). OSError is left to the caller."""
    folder = path.parent
    temp = folder / (temp_name or f".{path.name}.{os.urandom(4).hex()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temp, path)
        else:
            os.link(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    folder_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(folder_fd)
    finally:
        os.close(folder_fd)
