"""Recovery copies of open documents and their edit journals, so a crash or a kill loses no edit.

Each running window writes its document to ``<folder>/<session>.journeymap`` (atomically, never over
the user's own file) with a small sidecar ``<session>.json`` naming the original file and the writing
process, and appends every edit made since that copy to ``<session>.journal`` (:mod:`.journal`; the
copy is the journal's checkpoint, and each copy starts the journal afresh). A copy whose process is
gone was left by a crash: the next start offers to restore it, the copy plus its journal's complete
entries, which is the document as it was after its last completed edit. Qt-free; the timers that
decide *when* to write a copy and when to fsync the journal live in the UI.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from .atomicfile import write_atomic
from .edits import Command
from .fileformat import DocumentError, dump_workspace, parse_workspace, read_map_bytes, save_workspace
from .journal import JournalWriter, encode_entry, read_entries, replay
from .workspace import Workspace


@dataclass(frozen=True)
class RecoveryEntry:
    """A recovery copy on disk."""

    session: str
    copy_path: Path
    original: Path | None
    pid: int
    saved_at: float  # when the copy was written, or the journal's last edit if later
    journal_path: Path | None = None

    @property
    def title(self) -> str:
        return self.original.name if self.original is not None else "an untitled map"

    def journal_entries(self, checkpoint: bytes) -> list[list[list[object]]]:
        """The complete edits the journal holds after ``checkpoint`` (none when it is not its journal)."""
        if self.journal_path is None:
            return []
        return read_entries(self.journal_path, checkpoint) or []

    def load(self) -> Workspace:
        """The copy with its journal replayed: the document after the last completed edit.

        The result is validated as a file would be (saved and parsed again); should the journal lead
        anywhere invalid, the copy alone is what comes back.
        """
        raw = read_map_bytes(self.copy_path)
        workspace = parse_workspace(raw, str(self.copy_path))
        entries = self.journal_entries(raw)
        if not entries:
            return workspace
        replay(workspace, entries)
        try:
            return parse_workspace(dump_workspace(workspace), str(self.journal_path))
        except DocumentError:
            return parse_workspace(raw, str(self.copy_path))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _has_edits(entry: RecoveryEntry) -> bool:
    try:
        return bool(entry.journal_entries(read_map_bytes(entry.copy_path)))
    except DocumentError:
        return False


class RecoveryStore:
    """The recovery folder: write this session's copy, find copies that crashed sessions left."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.session = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.journal: JournalWriter | None = None  # this session's journal, once a copy started it

    def _paths(self, session: str) -> tuple[Path, Path]:
        return self.folder / f"{session}.journeymap", self.folder / f"{session}.json"

    def journal_path(self, session: str | None = None) -> Path:
        return self.folder / f"{session or self.session}.journal"

    def write(self, workspace: Workspace, original: Path | None) -> Path:
        """Write (replace) this session's recovery copy of unsaved work, and start its journal afresh."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.close_journal()
        copy_path, _meta = self._paths(self.session)
        # The sidecar says "unsaved" before the copy changes: a kill between the two must not leave
        # a new copy under a sidecar that calls it the saved file (and so offers nothing).
        self._write_meta(original, unsaved=True)
        data = save_workspace(workspace, copy_path)
        self.journal = JournalWriter(self.journal_path(), data)  # the copy is written first (see journal)
        return copy_path

    def write_saved(self, data: bytes | bytearray, original: Path | None) -> Path:
        """Checkpoint on the saved file's bytes (the document still equals them), and start a journal.

        The first edit after an open or a save goes to the journal at once; copying bytes already in
        memory costs far less than serialising the map, which the next periodic copy does.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        self.close_journal()
        copy_path, _meta = self._paths(self.session)
        try:
            write_atomic(copy_path, data)
        except OSError as exc:
            raise DocumentError(copy_path, f"cannot be saved: {exc.strerror or exc}") from None
        self._write_meta(original, unsaved=False)
        self.journal = JournalWriter(self.journal_path(), data)
        return copy_path

    def _write_meta(self, original: Path | None, unsaved: bool) -> None:
        _copy, meta_path = self._paths(self.session)
        meta = {
            "original": str(original) if original else None,
            "pid": os.getpid(),
            "saved_at": time.time(),
            "unsaved": unsaved,  # False: the copy is the saved file; only its journal holds work
        }
        write_atomic(meta_path, json.dumps(meta).encode("utf-8"))

    def record(self, workspace: Workspace, command: Command) -> bool:
        """Append the edit ``command`` just made (or undid) to the journal; False when none is open."""
        if self.journal is None:
            return False
        self.journal.append(encode_entry(workspace, command))
        return True

    def sync(self) -> None:
        """fsync the journal's latest entries (they already survive a kill of this process)."""
        if self.journal is not None:
            self.journal.sync()

    def close_journal(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    def discard(self, session: str | None = None) -> None:
        """Remove a recovery copy and its journal (this session's by default): after a save, a clean
        close, a restore."""
        if session is None or session == self.session:
            self.close_journal()
        session = session or self.session
        for path in (*self._paths(session), self.journal_path(session)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def orphans(self) -> list[RecoveryEntry]:
        """Copies left by sessions that are no longer running, newest first (unreadable ones skipped)."""
        found: list[RecoveryEntry] = []
        if not self.folder.is_dir():
            return found
        for meta_path in self.folder.glob("*.json"):
            session = meta_path.stem
            copy_path, _ = self._paths(session)
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                pid, saved_at = int(meta["pid"]), float(meta["saved_at"])
                original = Path(meta["original"]) if meta.get("original") else None
                unsaved = meta.get("unsaved", True) is not False
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if session == self.session or _alive(pid) or not copy_path.is_file():
                continue
            journal = self.journal_path(session)
            with contextlib.suppress(OSError):
                saved_at = max(saved_at, journal.stat().st_mtime)
            entry = RecoveryEntry(session, copy_path, original, pid, saved_at, journal)
            if not unsaved and not _has_edits(entry):
                self.discard(session)  # a copy of the saved file and no edit after it: nothing to restore
                continue
            found.append(entry)
        return sorted(found, key=lambda e: e.saved_at, reverse=True)
