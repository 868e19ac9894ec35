"""Atomic file writes: a temp file in the same folder, fsync, then os.replace.

The target is either the old file or the new one, never half of each, and a save that fails leaves
no temp file behind. Temp files carry the saving process's id, so the next save removes those that a
crash stranded without touching one another live process is still writing. Saving through a
symbolic link writes the file it points to and keeps the link.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

_TEMP_SUFFIX = ".tmp"


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


def write_atomic(
    target: str | os.PathLike[str], data: bytes, check: Callable[[], None] | None = None
) -> None:
    """Write ``data`` to ``target`` so that a crash at any moment leaves the old file intact.

    ``check`` runs after the new bytes are on disk and just before the rename: if it raises (the
    target changed since it was read), the temp file goes and the target is left as it is.
    """
    path = Path(os.path.realpath(target))
    folder = path.parent
    remove_stray_temp_files(path)
    prefix = f"{_temp_prefix(path)}{os.getpid()}."
    fd, temp_name = tempfile.mkstemp(prefix=prefix, suffix=_TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
        os.chmod(temp_name, mode)
        if check is not None:
            check()
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
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
