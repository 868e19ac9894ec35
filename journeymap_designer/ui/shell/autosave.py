"""Keeps the open document's recovery copy and edit journal, so a crash loses no completed edit.

Every edit, undo and redo is appended to the journal from inside the history's listener, so it is
in the kernel before the application handles its next event (a kill -9 cannot lose it); fsync is
batched on a short timer (``SYNC_DELAY_MS`` after the first unsynced entry, and every
``journal.SYNC_EVERY`` entries), which matters only if the machine itself goes down. A full copy is
still written within ``INTERVAL_MS`` of the first edit after the last one (the timer is not pushed
back by later edits), and each copy starts the journal afresh, so a restore replays a short journal.

The first edit after an open or a save needs a checkpoint before its entry: the saved file's bytes
(already in memory) are written as the copy, which costs far less than serialising the map. A
document without such bytes (untitled, or already modified when watched) is copied in full instead.
A saved (clean) document needs no copy, and its copy and journal are removed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

from ...model.document import Document
from ...model.edits import Change
from ...model.fileformat import DocumentError
from ...model.journal import CommandTracker
from ...model.recovery import RecoveryStore

INTERVAL_MS = 2000
SYNC_DELAY_MS = 500


def recovery_folder() -> Path:
    """Where recovery copies go: $JOURNEYMAP_RECOVERY_DIR, or the per-user application data folder."""
    override = os.environ.get("JOURNEYMAP_RECOVERY_DIR")
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".journeymap-designer") / "recovery"


class Autosaver(QObject):
    """Keeps this window's recovery copy and journal up to date."""

    failed = Signal(str)  # a recovery copy could not be written (disk full...): tell the user once
    written = Signal()  # a recovery copy of the document as it is now was written
    journalled = Signal()  # the edit just made is in the journal (it survives a kill from now on)

    def __init__(self, store: RecoveryStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.document: Document | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._tracker: CommandTracker | None = None
        self._on_saved_bytes = False  # the workspace equals document.base (just opened or saved)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.write_now)
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(SYNC_DELAY_MS)
        self._sync_timer.timeout.connect(self._sync)
        self._warned = False

    def watch(self, document: Document) -> None:
        self.stop_watching()
        self.document = document
        self._tracker = CommandTracker(document.history)
        self._unsubscribe = document.history.subscribe(self._on_change)
        self._on_saved_bytes = not document.is_modified and document.base is not None
        if document.is_modified:  # e.g. a restored document: protect it straight away
            self.write_now()

    def stop_watching(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._tracker = None
        self._timer.stop()
        self._sync()
        self._sync_timer.stop()

    def _on_change(self, change: Change) -> None:
        document, tracker = self.document, self._tracker
        command = tracker.last() if tracker is not None else None
        on_saved_bytes, self._on_saved_bytes = self._on_saved_bytes, False
        if document is None:
            return
        if not self._timer.isActive():
            self._timer.start()
        try:
            if self.store.journal is None or command is None:
                if not on_saved_bytes or document.base is None or command is None:
                    self.write_now()  # no checkpoint this edit can follow: copy the map as it is now
                    return
                self.store.write_saved(document.base, document.path)
            self.store.record(document.workspace, command)
        except (DocumentError, OSError) as exc:
            self.store.close_journal()  # the periodic copy tries again, and starts a new journal
            self._warn(exc)
            return
        if not self._sync_timer.isActive():
            self._sync_timer.start()
        self.journalled.emit()

    def _sync(self) -> None:
        try:
            self.store.sync()
        except OSError as exc:
            self.store.close_journal()
            self._warn(exc)

    def _warn(self, exc: Exception) -> None:
        if not self._warned:
            self._warned = True
            self.failed.emit(f"Could not write the recovery copy: {exc}")

    def write_now(self) -> None:
        self._timer.stop()
        document = self.document
        if document is None:
            return
        if not document.is_modified:
            self.store.discard()
            self._on_saved_bytes = document.base is not None  # clean: back at the saved bytes
            return
        try:
            self.store.write(document.workspace, document.path)
        except (DocumentError, OSError) as exc:
            self.store.close_journal()
            self._warn(exc)
            return
        self.written.emit()

    def saved(self) -> None:
        """The user saved: the recovery copy is no longer needed."""
        self._timer.stop()
        self.store.discard()
        self._on_saved_bytes = self.document is not None and self.document.base is not None

    def close(self) -> None:
        """A clean close: nothing to recover."""
        self.stop_watching()
        self.store.discard()
