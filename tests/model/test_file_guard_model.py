"""No silent overwrite, without Qt: a document refuses to save over a file changed since it was read,
and a lock file says who edits a map (stale ones taken over)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from journeymap_designer.model.atomicfile import write_atomic
from journeymap_designer.model.commands import UpdateElement
from journeymap_designer.model.document import Document
from journeymap_designer.model.fileformat import DocumentError, dump_workspace, load_workspace
from journeymap_designer.model.filelock import MAX_AGE, FileLock, LockedError, LockInfo, lock_path, read_lock
from journeymap_designer.model.filestate import FileChangedError, Fingerprint, fingerprint_of
from journeymap_designer.starter import sample_path


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.journeymap"
    path.write_bytes(sample_path().read_bytes())
    return path


def rename_first_card(document: Document, title: str) -> str:
    card_id = sorted(document.workspace.core.touchpoints)[0]
    document.push(UpdateElement("touchpoint", card_id, {"title": title}))
    return card_id


def dead_pid() -> int:
    """The id of a process that has finished (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_document_remembers_what_it_read(map_file: Path) -> None:
    document = Document.open(map_file)
    raw = map_file.read_bytes()
    assert document.base == raw
    assert document.disk == fingerprint_of(map_file)
    assert document.disk is not None and document.disk.same_content(Fingerprint.of_bytes(raw))
    assert document.base_workspace() == load_workspace(map_file)
    assert not document.changed_on_disk()


@pytest.mark.parametrize("how", ["changed", "replaced", "deleted"])
def test_save_refuses_a_file_changed_since_it_was_read(map_file: Path, how: str) -> None:
    mine, theirs = Document.open(map_file), Document.open(map_file)
    rename_first_card(theirs, "Their title")
    if how == "changed":
        theirs.save()
    elif how == "replaced":  # another program writes a new file and renames it over the map
        os.replace(_write(map_file.with_name("other"), b"{}"), map_file)
    else:
        map_file.unlink()
    before = map_file.read_bytes() if map_file.exists() else None
    rename_first_card(mine, "My title")
    assert mine.changed_on_disk()
    with pytest.raises(FileChangedError) as caught:
        mine.save()
    assert "\n" not in str(caught.value) and "map.journeymap" in str(caught.value)
    assert (map_file.read_bytes() if map_file.exists() else None) == before  # nothing written
    assert mine.is_modified
    assert [p.name for p in map_file.parent.iterdir() if p.name.endswith(".tmp")] == []
    mine.save(overwrite=True)  # the user said Overwrite
    assert load_workspace(map_file) == mine.workspace and not mine.is_modified
    mine.save()  # what it wrote is what it remembers: the next save needs no asking
    assert mine.base == map_file.read_bytes()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_touch_or_the_same_bytes_is_no_change(map_file: Path) -> None:
    document = Document.open(map_file)
    os.utime(map_file, (1, 1))
    os.replace(_write(map_file.with_name("copy"), map_file.read_bytes()), map_file)
    assert not document.changed_on_disk()
    rename_first_card(document, "Fine")
    document.save()


def test_save_as_elsewhere_is_not_checked_and_read_only_cannot_save_over_its_file(map_file: Path) -> None:
    document = Document.open(map_file)
    document.read_only = True
    rename_first_card(document, "Read only")
    with pytest.raises(DocumentError, match="read-only"):
        document.save()
    other = map_file.with_name("copy.journeymap")
    document.save(other)
    assert document.path == other and not document.read_only
    assert load_workspace(other) == document.workspace


def test_the_check_runs_just_before_the_replace(map_file: Path) -> None:
    """A file changed while the new bytes were being written is still caught, and left alone."""
    document = Document.open(map_file)
    rename_first_card(document, "Late")
    import journeymap_designer.model.atomicfile as atomicfile

    real_chmod = os.chmod

    def chmod_then_someone_writes(path: str, mode: int) -> None:  # the last step before the check
        real_chmod(path, mode)
        map_file.write_bytes(b"someone else's bytes")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(atomicfile.os, "chmod", chmod_then_someone_writes)
        with pytest.raises(FileChangedError):
            document.save()
    assert map_file.read_bytes() == b"someone else's bytes"
    assert [p.name for p in map_file.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_write_atomic_without_a_check_is_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"


# -- the lock -------------------------------------------------------------------------------------


def test_lock_file_format_and_release(map_file: Path) -> None:
    lock = FileLock(map_file).acquire()
    assert lock.path == map_file.with_name(".~map.journeymap.lock") == lock_path(map_file)
    data = json.loads(lock.path.read_text())
    assert data["host"] == socket.gethostname() and data["pid"] == os.getpid()
    assert data["user"] and datetime.fromisoformat(data["time"]).tzinfo is not None
    with pytest.raises(LockedError) as caught:
        FileLock(map_file).acquire()
    assert caught.value.holder == lock.info
    assert f"process {os.getpid()}" in str(caught.value) and data["user"] in str(caught.value)
    lock.release()
    assert not lock.path.exists()


def test_a_stale_lock_is_taken_over(map_file: Path) -> None:
    dead = LockInfo(socket.gethostname(), dead_pid(), "crashed", datetime.now(UTC).isoformat())
    lock_path(map_file).write_bytes(dead.to_json())
    assert dead.is_stale()
    lock = FileLock(map_file).acquire()
    assert lock.took_over == dead and read_lock(map_file) == lock.info
    lock.release()
    old = datetime.now(UTC) - timedelta(seconds=MAX_AGE + 60)
    elsewhere = LockInfo("another-host", 1, "far", old.isoformat())
    lock_path(map_file).write_bytes(elsewhere.to_json())
    assert FileLock(map_file).acquire().took_over == elsewhere


def test_a_live_lock_elsewhere_is_not_taken_and_release_keeps_anothers(map_file: Path) -> None:
    live = LockInfo("another-host", 1, "alice", datetime.now(UTC).isoformat(), token="theirs")
    lock_path(map_file).write_bytes(live.to_json())
    with pytest.raises(LockedError, match="alice on another-host"):
        FileLock(map_file).acquire()
    garbled = lock_path(map_file)
    garbled.write_bytes(b"{half")  # being written right now: someone's
    with pytest.raises(LockedError, match="cannot be read"):
        FileLock(map_file).acquire()
    os.utime(garbled, (1, 1))  # written long ago and never finished: stale
    mine = FileLock(map_file).acquire()
    garbled.write_bytes(live.to_json())  # taken over since (say, by hand)
    mine.release()
    assert read_lock(map_file) == live


def test_dump_of_a_fresh_document_matches_its_base(map_file: Path) -> None:
    document = Document.open(map_file)
    assert dump_workspace(document.workspace) == document.base  # the sample is canonical


def test_a_file_untouched_since_it_was_read_is_known_by_its_stat_alone(map_file: Path) -> None:
    """The watcher's first look (a change elsewhere in the folder must not hash a large map again)."""
    document = Document.open(map_file)
    assert document.disk is not None and document.disk.untouched(map_file)
    info = os.stat(map_file)
    data = map_file.read_bytes()
    map_file.write_bytes(data.replace(b'"name"', b'"Name"', 1))  # same size, same inode, new content
    os.utime(map_file, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert not document.disk.untouched(map_file)
    assert not document.disk.same_content(fingerprint_of(map_file))
    map_file.write_bytes(data)
    os.utime(map_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert document.disk.untouched(map_file)
    replaced = map_file.with_suffix(".new")
    replaced.write_bytes(data)
    os.utime(replaced, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(replaced, map_file)  # another inode (an atomic save elsewhere), however alike
    assert not document.disk.untouched(map_file)
    map_file.unlink()
    assert not document.disk.untouched(map_file)
    assert not Fingerprint("x", 1).untouched(sample_path())  # no stat was taken: never assumed
