"""Where commands write: a target that exists and is not a regular file (FIFO, folder, device node,
socket, a link loop), a link to another file or to nowhere, a read-only map, a full disk. Nothing
may be replaced or written through; a refusal is one line that names the target the user gave."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from . import places
from .runner import IS_ROOT, Runner, probe, probe_run
from .support import lay_out

CLEAN = "clean.journeymap"
Target = Callable[[str], list[str]]

WRITERS: dict[str, tuple[str, Target]] = {
    "export-xlsx": (".xlsx", lambda t: ["export", CLEAN, "--xlsx", t]),
    "export-pptx": (".pptx", lambda t: ["export", CLEAN, "--pptx", t]),
    "export-tasks": (".csv", lambda t: ["export", CLEAN, "--tasks", t]),
    "export-emails": ("", lambda t: ["export", CLEAN, "--emails", t]),
    "new": (".journeymap", lambda t: ["new", "--template", "b2b-saas-lifecycle", t]),
    "new-force": (".journeymap", lambda t: ["new", "--template", "b2b-saas-lifecycle", "--force", t]),
    "generate-force": (".journeymap", lambda t: ["generate", "--touchpoints", "5", "--force", t]),
    "merge": (".journeymap", lambda t: ["merge", CLEAN, CLEAN, CLEAN, "-o", t]),
    "render": (".png", lambda t: ["render", CLEAN, t]),
}


def _link_to_victim(path: Path) -> str:
    (path.parent / ("victim" + path.suffix)).write_bytes(b"the file the link points at")
    path.symlink_to("victim" + path.suffix)
    return path.name


def _dangling(path: Path) -> str:
    path.symlink_to("elsewhere" + path.suffix)
    return path.name


TARGETS: dict[str, Callable[[Path], str]] = {
    **places.OUTPUTS,
    "link-to-victim": _link_to_victim,
    "dangling-link": _dangling,
}


@pytest.mark.parametrize("kind", sorted(TARGETS))
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_odd_target(runner: Runner, tmp_path: Path, command: str, kind: str) -> None:
    """Every such target is refused: nothing in the folder changes (the outputs list is empty)."""
    lay_out(tmp_path)
    suffix, argv = WRITERS[command]
    target = TARGETS[kind](tmp_path / ("target" + suffix))
    timeout = 15.0 if places.hang_prone(kind) else None
    assert not probe(runner, argv(target), tmp_path, spawn=command == "render", timeout=timeout)


REWRITERS = {
    "fmt": ["fmt", "map.journeymap"],
    "persona-add": ["persona", "add", "map.journeymap", "Probe"],
    "properties-set": ["properties", "map.journeymap", "--name", "Probed"],
    "feedback-import": ["feedback", "import", "map.journeymap", "returned.xlsx"],
}


@pytest.mark.parametrize("command", sorted(REWRITERS))
def test_read_only_map_is_not_replaced(runner: Runner, tmp_path: Path, command: str) -> None:
    """A 0444 map in a writable folder: refused with one line (root included), never replaced."""
    lay_out(tmp_path)
    (tmp_path / "map.journeymap").write_bytes(
        b"{" + (tmp_path / CLEAN).read_bytes()[1:].replace(b"\n", b"\n ", 3)
    )
    (tmp_path / "map.journeymap").chmod(0o444)
    run, found = probe_run(runner, REWRITERS[command], tmp_path)
    assert not found
    assert run.code == 2 and b"map.journeymap" in run.stderr


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs filled to the last byte (root, and a system that lets us mount)."""
    if not IS_ROOT:
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        filler = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:
            pass
        os.close(filler)
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.parametrize("command", ["export-xlsx", "export-tasks", "new", "merge", "render"])
def test_full_disk_names_the_target(runner: Runner, tmp_path: Path, full_disk: Path, command: str) -> None:
    lay_out(tmp_path)
    suffix, argv = WRITERS[command]
    target = os.path.join("disk", "target" + suffix)
    run, found = probe_run(runner, argv(target), tmp_path, spawn=command == "render")
    assert not found
    assert run.code == 2 and target.encode() in run.stderr, run.stderr


@pytest.mark.skipif(IS_ROOT, reason="root writes into a read-only folder anyway")
@pytest.mark.parametrize("command", ["export-xlsx", "new", "render"])
def test_read_only_folder_names_the_target(runner: Runner, tmp_path: Path, command: str) -> None:
    lay_out(tmp_path)
    (tmp_path / "locked").mkdir(mode=0o555)
    suffix, argv = WRITERS[command]
    target = os.path.join("locked", "target" + suffix)
    run, found = probe_run(runner, argv(target), tmp_path, spawn=command == "render")
    assert not found
    assert run.code == 2 and target.encode() in run.stderr, run.stderr
