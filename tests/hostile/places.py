"""Paths that are not plain files: FIFOs, folders, sockets, links that loop or point nowhere,
unreadable files, private device nodes, a sparse file of many gigabytes.

Device nodes are made inside the case's folder (``mknod``, root only), never taken from ``/dev``
as outputs: a command that wrongly replaced its output would replace the test's node, not the
system's ``/dev/null``. The real ``/dev/zero`` and ``/dev/null`` are only ever given as inputs.
"""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from .runner import IS_ROOT

NULL_DEVICE, ZERO_DEVICE = os.makedev(1, 3), os.makedev(1, 5)


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return path.name


def _folder(path: Path) -> str:
    path.mkdir()
    return path.name


def _dangling(path: Path) -> str:
    path.symlink_to(path.with_name("nowhere"))
    return path.name


def _loop(path: Path) -> str:
    other = path.with_name(path.name + ".loop")
    path.symlink_to(other.name)
    other.symlink_to(path.name)
    return path.name


def _unreadable(path: Path) -> str:
    path.write_bytes(b"{}")
    path.chmod(0)
    return path.name


def _socket(path: Path) -> str:
    if len(str(path)) > 100:
        pytest.skip("the folder's path is too long for a socket")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
    return path.name


def _node(device: int) -> Callable[[Path], str]:
    def make(path: Path) -> str:
        if not IS_ROOT:
            pytest.skip("device nodes need root")
        os.mknod(path, stat.S_IFCHR | 0o666, device)
        return path.name

    return make


def _sparse(path: Path) -> str:
    with path.open("wb") as stream:
        stream.truncate(6 * 1024**3)
    return path.name


def _system(device: str) -> Callable[[Path], str]:
    return lambda _path: device  # an input only: the system's device, read (never written)


# kind -> make it at this path, return what to pass on the command line (relative to the folder)
INPUTS: dict[str, Callable[[Path], str]] = {
    "fifo": _fifo,
    "folder": _folder,
    "dangling-link": _dangling,
    "link-loop": _loop,
    "unreadable-000": _unreadable,
    "socket": _socket,
    "node-null": _node(NULL_DEVICE),
    "node-zero": _node(ZERO_DEVICE),
    "dev-zero": _system("/dev/zero"),
    "dev-null": _system("/dev/null"),
    "sparse-6gb": _sparse,
    "missing": lambda path: path.name,
}

# Targets that exist and are not regular files, or lead elsewhere: an output must never replace
# them or write through them.
OUTPUTS: dict[str, Callable[[Path], str]] = {
    "fifo": _fifo,
    "folder": _folder,
    "node-null": _node(NULL_DEVICE),
    "node-zero": _node(ZERO_DEVICE),
    "socket": _socket,
    "link-loop": _loop,
}


def hang_prone(kind: str) -> bool:
    """A FIFO with no writer blocks whoever opens it, and a zero device never ends for whoever reads
    it (to fingerprint an output before replacing it, say), nor does a sparse file of gigabytes read
    whole: such runs get a shorter time limit, so a hang costs the suite 15 s, not a minute."""
    return kind in ("fifo", "node-zero", "dev-zero", "sparse-6gb")
