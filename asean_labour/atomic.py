"""Writing a file so that a crash never leaves half of it: the one way the tool writes."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "a symbolic link is in the way",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the file name is longer than the system allows",
    errno.ENOTDIR: "a part of the path is not a folder",
}


class NotRegularFile(OSError):
    """The path names something that is not a regular file (a device, a named pipe, a socket,
    a folder, or a symbolic link to one of them): the tool never replaces it."""


def reason(exc: OSError) -> str:
    """Why a write failed, in words an officer can act on."""
    if isinstance(exc, NotRegularFile):
        return str(exc)
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def check_replaceable(path: Path) -> None:
    """Refuse (`NotRegularFile`) to put a file where something other than a regular file is:
    replacing `/dev/null`, a named pipe or a socket would break whoever uses it. A symbolic link
    is replaced as a whole (never written through), unless it points to such a special file
    (`/dev/stdout`). A path that does not exist is fine."""
    from asean_labour.files import file_kind

    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        try:
            target = os.stat(path).st_mode
        except OSError:  # a dangling link: replacing it harms nothing
            return
        if not stat.S_ISREG(target):
            raise NotRegularFile(f"it is a symbolic link to {file_kind(target)}; only regular "
                                 "files are written")
        return
    if not stat.S_ISREG(mode):
        raise NotRegularFile(f"it is {file_kind(mode)}, not a regular file; only regular "
                             "files are written")


def hidden_temp_name(name: str) -> str:
    """A hidden temporary name beside `name` that is never longer than the system allows."""
    stem = name if len(name.encode("utf-8", "surrogateescape")) <= 200 else \
        name.encode("utf-8", "surrogateescape")[:200].decode("utf-8", "ignore")
    return f".{stem}.{os.urandom(4).hex()}.tmp"


def write_atomically(path: Path, data: bytes, replace: bool = False,
                     temp_name: str | None = None) -> None:
    """Write `data` to a hidden temporary file in the same folder, fsync it, then put it in
    place and fsync the folder. Without `replace` the file is linked into place, which never
    replaces an existing file (FileExistsError); with it, an existing regular file or symbolic
    link at `path` is replaced as a whole (never written through), and anything else (a device,
    a named pipe) is refused (`NotRegularFile`). OSError is left to the caller."""
    folder = path.parent
    if replace:
        check_replaceable(path)
    temp = folder / (temp_name or hidden_temp_name(path.name))
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            check_replaceable(path)  # again: the narrowest window before the rename
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
