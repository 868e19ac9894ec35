"""Writes a recovery copy of the open document within a few seconds of each edit.

The timer starts at the first edit after a write and is not pushed back by later ones, so a long
burst of quick entry still gets a copy every couple of seconds. A saved (clean) document needs no
copy, and its copy is removed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

from ...model.document import Document
from ...model.edits import Change
from ...model.fileformat import DocumentError
from ...model.recovery import RecoveryStore

INTERVAL_MS = 2000


def recovery_folder() -> Path:
    """Where recovery copies go: $JOURNEYMAP_RECOVERY_DIR, or the per-user application data folder."""
    override = os.environ.get("JOURNEYMAP_RECOVERY_DIR")
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".journeymap-designer") / "recovery"


class Autosaver(QObject):
    """Keeps this window's recovery copy up to date."""

    failed = Signal(str)  # a recovery copy could not be written (disk full...): tell the user once
    written = Signal()  # a recovery copy of the document as it is now was written

    def __init__(self, store: RecoveryStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.document: Document | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.write_now)
        self._warned = False

    def watch(self, document: Document) -> None:
        self.stop_watching()
        self.document = document
        self._unsubscribe = document.history.subscribe(self._on_change)
        if document.is_modified:  # e.g. a restored document: protect it straight away
            self.write_now()

    def stop_watching(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._timer.stop()

    def _on_change(self, change: Change) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def write_now(self) -> None:
        self._timer.stop()
        document = self.document
        if document is None:
            return
        if not document.is_modified:
            self.store.discard()
            return
        try:
            self.store.write(document.workspace, document.path)
        except (DocumentError, OSError) as exc:
            if not self._warned:
                self._warned = True
                self.failed.emit(f"Could not write the recovery copy: {exc}")
            return
        self.written.emit()

    def saved(self) -> None:
        """The user saved: the recovery copy is no longer needed."""
        self._timer.stop()
        self.store.discard()

    def close(self) -> None:
        """A clean close: nothing to recover."""
        self.stop_watching()
        self.store.discard()
