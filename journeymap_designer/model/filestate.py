"""What a file was when it was read: so a save never replaces a file someone else changed since.

A `Fingerprint` is the SHA-256 of the bytes plus size, modification time and inode. The hash is the
truth (a `touch`, or a copy of the same bytes, is no change); size, time and inode are cheap first
looks and say why a watcher fired. `check_unchanged` is called just before an atomic replace, so the
window between the check and the rename is a few system calls, not the time a user spends editing.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .fileformat import DocumentError

# Bigger than any map the loader accepts; a file this big is "changed" without reading it all.
_MAX_HASHED = 256 * 1024 * 1024


@dataclass(frozen=True)
class Fingerprint:
    """A file's content hash, with size, modification time (ns) and inode as they were."""

    sha256: str
    size: int
    mtime_ns: int = 0
    inode: int = 0

    @classmethod
    def of_bytes(cls, data: bytes, path: str | os.PathLike[str] | None = None) -> Fingerprint:
        """The fingerprint of bytes just read from (or written to) ``path``, with its stat if it has one."""
        mtime_ns = inode = 0
        if path is not None:
            try:
                info = os.stat(path)
            except OSError:
                pass
            else:
                mtime_ns, inode = info.st_mtime_ns, info.st_ino
        return cls(hashlib.sha256(data).hexdigest(), len(data), mtime_ns, inode)

    def same_content(self, other: Fingerprint | None) -> bool:
        return other is not None and other.sha256 == self.sha256 and other.size == self.size

    def untouched(self, path: str | os.PathLike[str]) -> bool:
        """Whether the file at ``path`` has, by its stat alone, not been written since: same inode,
        size and modification time. A cheap first look (hashing a 100 MB map takes a tenth of a
        second); only a write about to replace the file must compare the content itself."""
        try:
            info = os.stat(path)
        except OSError:
            return False
        return self.mtime_ns != 0 and (info.st_ino, info.st_size, info.st_mtime_ns) == (
            self.inode,
            self.size,
            self.mtime_ns,
        )


def fingerprint_of(path: str | os.PathLike[str]) -> Fingerprint | None:
    """The file's fingerprint now, or None when it is gone (or cannot be read)."""
    try:
        info = os.stat(path)
        if info.st_size > _MAX_HASHED or not stat.S_ISREG(info.st_mode):
            # Never read a FIFO (it blocks) or a device (/dev/zero never ends): a writer refuses them.
            return Fingerprint("", info.st_size, info.st_mtime_ns, info.st_ino)
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return Fingerprint(digest.hexdigest(), info.st_size, info.st_mtime_ns, info.st_ino)


class FileChangedError(DocumentError):
    """The file on disk is no longer what was read (changed, replaced or deleted): nothing was written."""


def check_unchanged(path: str | os.PathLike[str], expected: Fingerprint) -> None:
    """Raise FileChangedError unless the file at ``path`` still holds the bytes ``expected`` describes."""
    now = fingerprint_of(path)
    if now is None:
        if not Path(path).exists():
            raise FileChangedError(path, "was deleted or moved since it was read; nothing was written")
        raise FileChangedError(path, "can no longer be read to check it; nothing was written")
    if not expected.same_content(now):
        raise FileChangedError(path, "changed on disk since it was read; nothing was written")


def still_as_seen(path: str | os.PathLike[str], seen: Fingerprint | None) -> Callable[[], None]:
    """A check for `write_atomic`: the file is still as ``seen`` (None: there was no file, and there
    still is none). Writers that checked a target before a long build re-check it this way."""

    def check() -> None:
        if seen is not None:
            check_unchanged(path, seen)
        elif os.path.lexists(path):
            raise FileChangedError(path, "appeared since it was checked; nothing was written")

    return check
