"""Recovery copies of open documents, so a crash or a kill never loses more than a few seconds of work.

Each running window writes its document to ``<folder>/<session>.journeymap`` (atomically, never over
the user's own file) with a small sidecar ``<session>.json`` naming the original file and the writing
process. A copy whose process is gone was left by a crash: the next start offers to restore it.
Qt-free; the timer that decides *when* to write lives in the UI.
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
from .fileformat import load_workspace, save_workspace
from .workspace import Workspace


@dataclass(frozen=True)
class RecoveryEntry:
    """A recovery copy on disk."""

    session: str
    copy_path: Path
    original: Path | None
    pid: int
    saved_at: float

    @property
    def title(self) -> str:
        return self.original.name if self.original is not None else "an untitled map"

    def load(self) -> Workspace:
        return load_workspace(self.copy_path)


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


class RecoveryStore:
    """The recovery folder: write this session's copy, find copies that crashed sessions left."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.session = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:6]}"

    def _paths(self, session: str) -> tuple[Path, Path]:
        return self.folder / f"{session}.journeymap", self.folder / f"{session}.json"

    def write(self, workspace: Workspace, original: Path | None) -> Path:
        """Write (replace) this session's recovery copy."""
        self.folder.mkdir(parents=True, exist_ok=True)
        copy_path, meta_path = self._paths(self.session)
        save_workspace(workspace, copy_path)
        meta = {"original": str(original) if original else None, "pid": os.getpid(), "saved_at": time.time()}
        write_atomic(meta_path, json.dumps(meta).encode("utf-8"))
        return copy_path

    def discard(self, session: str | None = None) -> None:
        """Remove a recovery copy (this session's by default): after a save, a clean close, a restore."""
        for path in self._paths(session or self.session):
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
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if session == self.session or _alive(pid) or not copy_path.is_file():
                continue
            found.append(RecoveryEntry(session, copy_path, original, pid, saved_at))
        return sorted(found, key=lambda e: e.saved_at, reverse=True)
