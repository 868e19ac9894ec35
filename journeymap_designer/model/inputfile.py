"""Reading a file someone else made (a map, a template, a returned workbook, an accounts export).

Only a regular file is read: a FIFO would block for ever, ``/dev/zero`` or ``/dev/urandom`` would be
read until memory runs out, and opening some devices has effects of its own. So the type and size
are checked with ``stat`` before the file is opened, the file is opened without blocking (a FIFO
swapped in after the check cannot hang the open) and checked again on the open descriptor, and the
read itself is bounded, in case the file grows meanwhile.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Generator

from .atomicfile import not_regular

STEP_BYTES = 1 << 20  # read in one step


class InputRefusedError(OSError):
    """The input is not a regular file, or is larger than its limit: ``strerror`` says which in words."""

    def __init__(self, path: str | os.PathLike[str], problem: str, code: int = errno.EINVAL) -> None:
        super().__init__(code, problem, os.fspath(path))


def _check(path: str | os.PathLike[str], info: os.stat_result, limit: int) -> None:
    problem = not_regular(info.st_mode)
    if problem is not None:
        code = errno.EISDIR if stat.S_ISDIR(info.st_mode) else errno.EINVAL
        raise InputRefusedError(path, problem, code)
    if info.st_size > limit:
        raise InputRefusedError(path, f"is too large ({info.st_size:,} bytes; limit {limit:,})", errno.EFBIG)


def read_input(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them; InputRefusedError when it is
    not a regular file or is larger; other OSErrors (no such file, permission denied) as they come."""
    steps = read_input_steps(path, limit)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return bytes(done.value)


def read_input_steps(path: str | os.PathLike[str], limit: int) -> Generator[int, None, bytearray]:
    """``read_input`` a megabyte at a time, yielding the bytes read so far after each (a window
    reading a large map keeps its event loop turning); the bytes in one buffer."""
    _check(path, os.stat(path), limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    with os.fdopen(os.open(path, flags), "rb", buffering=0) as file:
        info = os.fstat(file.fileno())
        _check(path, info, limit)
        # Grown a megabyte at a time: no allocation of the whole size at once (a new buffer of a
        # hundred megabytes is zeroed in one call), and none of a join of the pieces at the end.
        data = bytearray()
        piece = bytearray(STEP_BYTES)
        while len(data) <= limit:
            got = file.readinto(piece)
            if not got:
                break
            data += memoryview(piece)[:got]
            yield len(data)
    if len(data) > limit:
        raise InputRefusedError(path, f"is too large (more than {limit:,} bytes)", errno.EFBIG)
    return data
