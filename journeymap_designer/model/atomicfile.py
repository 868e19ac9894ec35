"""Atomic file writes: a temp file in the same folder, fsync, then os.replace.

The target is either the old file or the new one, never half of each, and a save that fails leaves
no temp file behind. Temp files carry the saving process's id, so the next save removes those that a
crash stranded without touching one another live process is still writing. Saving through a
symbolic link writes the file it points to and keeps the link (``follow_symlinks``; exports refuse
links instead, as a link planted in a shared folder would redirect the write).

A write goes only where it should: ``os.replace`` onto a FIFO, a device node (``/dev/null``) or a
socket would replace it with a regular file, so a target that exists and is not a regular file is
refused (`TargetRefusedError`), checked before writing and again just before the rename; so is a
read-only file (no write bit, or no write permission for this user): its mode says "do not change
me", and replacing it through a writable folder would change it, and its owner, without a word.
Every error names the target the caller gave, never the temp file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

_TEMP_SUFFIX = ".tmp"
_EFFECTIVE = os.access in os.supports_effective_ids  # the user the process acts as, as open() checks


# Read once, while the program is still single-threaded: os.umask can only be read by setting it.
_UMASK = os.umask(0)
os.umask(_UMASK)


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists but is not ours, or we cannot tell: leave its file alone
    return True


def remove_stray_temp_files(target: Path) -> list[Path]:
    """Delete temp files that an interrupted save of ``target`` left in its folder."""
    removed = []
    prefix = _temp_prefix(target)
    with contextlib.suppress(OSError):
        for entry in target.parent.iterdir():
            name = entry.name
            if not (name.startswith(prefix) and name.endswith(_TEMP_SUFFIX)):
                continue
            pid_text = name[len(prefix) :].split(".", 1)[0]
            if pid_text.isdigit() and int(pid_text) != os.getpid() and _process_alive(int(pid_text)):
                continue
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed


class TargetRefusedError(OSError):
    """The target may not be written: not a regular file, a link an export may not follow, read-only.

    An OSError whose ``filename`` is the target as given and whose ``strerror`` says why in words, so
    every caller's ``f"{target}: cannot be saved ({exc.strerror})"`` reads right.
    """

    def __init__(self, target: str | os.PathLike[str], problem: str, code: int | None = errno.EPERM) -> None:
        super().__init__(code or errno.EPERM, problem, os.fspath(target))


_KINDS = (
    (stat.S_ISDIR, "is a folder"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "is a device, not a regular file"),
    (stat.S_ISBLK, "is a device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def not_regular(mode: int) -> str | None:
    """What a file of ``mode`` is, in words, when it is not a regular file (None when it is one)."""
    if stat.S_ISREG(mode):
        return None
    return next((words for test, words in _KINDS if test(mode)), "is not a regular file")


def check_target(target: str | os.PathLike[str], follow_symlinks: bool = True) -> Path:
    """The path a write of ``target`` replaces (the link's end when following), or TargetRefusedError.

    Absent is fine (a new file). A link is refused unless ``follow_symlinks``; what it points to, or
    the target itself, must be a regular file this user may write, with a write bit set.
    """
    given = os.fspath(target)
    try:
        info = os.lstat(given)
    except FileNotFoundError:
        return Path(os.path.realpath(given))
    except OSError as exc:
        raise TargetRefusedError(given, f"cannot be checked ({exc.strerror or exc})", exc.errno) from None
    if stat.S_ISLNK(info.st_mode):
        real = os.path.realpath(given)
        if not follow_symlinks:
            raise TargetRefusedError(
                given, f"is a symbolic link (to {real}); refused, it would redirect the write"
            )
        try:
            info = os.stat(real)
        except FileNotFoundError:
            return Path(real)  # a dangling link: the save creates the file it names
        except OSError as exc:
            raise TargetRefusedError(given, f"cannot be checked ({exc.strerror or exc})", exc.errno) from None
        path = Path(real)
    else:
        path = Path(os.path.realpath(given))
    problem = not_regular(info.st_mode)
    if problem is not None:
        raise TargetRefusedError(given, problem)
    if not (info.st_mode & 0o222) or not os.access(path, os.W_OK, effective_ids=_EFFECTIVE):
        raise TargetRefusedError(
            given, "is read-only; nothing was written (make it writable first)", errno.EACCES
        )
    return path


def write_atomic(
    target: str | os.PathLike[str],
    data: bytes | bytearray,
    check: Callable[[], None] | None = None,
    follow_symlinks: bool = True,
) -> None:
    """Write ``data`` to ``target`` so that a crash at any moment leaves the old file intact.

    ``check`` runs after the new bytes are on disk and just before the rename: if it raises (the
    target changed since it was read), the temp file goes and the target is left as it is. The
    target is checked (`check_target`) before writing and again just before the rename. An OSError
    (a full disk, a read-only folder) names ``target``, never the temp file.
    """
    path = check_target(target, follow_symlinks)
    folder = path.parent
    remove_stray_temp_files(path)
    prefix = f"{_temp_prefix(path)}{os.getpid()}."
    try:
        fd, temp_name = tempfile.mkstemp(prefix=prefix, suffix=_TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        problem = f"{exc.strerror or exc}: cannot create a file in the folder {folder}"
        raise OSError(exc.errno, problem, os.fspath(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            old = path.stat()
        except FileNotFoundError:
            os.chmod(temp_name, 0o666 & ~_UMASK)
        else:
            os.chmod(temp_name, stat.S_IMODE(old.st_mode))
            if old.st_uid != os.geteuid() or old.st_gid != os.getegid():
                with contextlib.suppress(OSError):  # only root may: the file keeps its owner
                    os.chown(temp_name, old.st_uid, old.st_gid)
        if check is not None:
            check()
        if check_target(target, follow_symlinks) != path:  # swapped for a link meanwhile
            raise TargetRefusedError(
                target, "was replaced by a link while it was written; nothing was written"
            )
        os.replace(temp_name, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError) and not isinstance(exc, TargetRefusedError):
            raise OSError(exc.errno, exc.strerror or str(exc), os.fspath(target)) from None
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
