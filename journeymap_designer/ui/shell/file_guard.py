"""The window's guard on its file: it watches it, holds its lock, and asks before anything is lost.

- **Watching.** A `QFileSystemWatcher` on the file and its folder. An atomic save (ours or anyone's)
  swaps the file's inode, and Qt drops a watched path whose file was replaced, so every event re-arms
  it. Events come in bursts (temp file, rename, folder); one check runs shortly after the last, and
  compares the file with what the document last read or wrote (`Document.disk`): our own saves, a
  `touch` or a copy of the same bytes say nothing.
- **Saying so.** `ChangedBar`, a non-modal bar above the map: Reload, Keep mine, and "Merge with my
  edits", shown only when the window is given a merger (see `FileGuard.merger`).
- **Locking.** `FileGuard` holds this window's `FileLock` (`model/filelock.py`), rewrites its time
  now and then so it never looks stale, and removes it when the window closes or opens another file.
- **Asking.** `ask_locked` and `ask_changed_on_save`: message boxes with standard buttons renamed,
  so tests answer them by monkeypatching `QMessageBox.exec`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from ...model.document import Document
from ...model.filelock import REFRESH_SECONDS, FileLock, LockedError, lock_path
from ...model.filestate import fingerprint_of
from ...model.workspace import Workspace

# merge(base, ours, theirs) -> the merged workspace (conflicts recorded in it, as the format says).
Merger = Callable[[Workspace, Workspace, Workspace], Workspace]

SETTLE_MS = 150  # an atomic replace is several events; check once they have settled


class Choice(Enum):
    """What the user chose in one of the guard's questions."""

    READ_ONLY = "read-only"
    ANYWAY = "anyway"
    OVERWRITE = "overwrite"
    RELOAD = "reload"
    CANCEL = "cancel"


def _ask(parent: QWidget, title: str, text: str, buttons: dict[QMessageBox.StandardButton, str]) -> int:
    """A warning box whose standard buttons carry our words; returns the standard button's value."""
    flags = QMessageBox.StandardButton.NoButton
    for button in buttons:
        flags |= button
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, flags, parent)
    for button, label in buttons.items():
        box.button(button).setText(label)
    if QMessageBox.StandardButton.Cancel in buttons:
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    answer = box.exec()
    box.deleteLater()
    return int(answer)


def ask_locked(parent: QWidget, error: LockedError, can_cancel: bool = True) -> Choice:
    """Someone else is editing the file: open it read-only, open it anyway, or (maybe) not at all."""
    buttons = {
        QMessageBox.StandardButton.Open: "Open &Read-Only",
        QMessageBox.StandardButton.Ignore: "Open &Anyway",
    }
    if can_cancel:
        buttons[QMessageBox.StandardButton.Cancel] = "Cancel"
    text = (
        f"{error}.\n\nRead-only, you can look and Save As under another name. Opened anyway, both of "
        "you edit it: whoever saves second is asked before replacing the other's work."
    )
    answer = _ask(parent, "The map is open elsewhere", text, buttons)
    if answer == int(QMessageBox.StandardButton.Open):
        return Choice.READ_ONLY
    if answer == int(QMessageBox.StandardButton.Ignore):
        return Choice.ANYWAY
    return Choice.CANCEL if can_cancel else Choice.READ_ONLY


def ask_changed_on_save(parent: QWidget, name: str, gone: bool) -> Choice:
    """Saving over a file that changed since it was read: overwrite it, reload it, or not save."""
    what = "was deleted or moved" if gone else "was changed by another window or program"
    text = f"{name} {what} since you opened or last saved it.\n\n" + (
        "Save Anyway puts your version back in its place."
        if gone
        else "Overwrite replaces that version with yours; Reload discards your unsaved edits and loads it."
    )
    buttons = {QMessageBox.StandardButton.Save: "&Overwrite" if not gone else "&Save Anyway"}
    if not gone:  # nothing to reload from a file that is not there
        buttons[QMessageBox.StandardButton.Reset] = "&Reload"
    buttons[QMessageBox.StandardButton.Cancel] = "Cancel"
    answer = _ask(parent, "The file changed on disk", text, buttons)
    if answer == int(QMessageBox.StandardButton.Save):
        return Choice.OVERWRITE
    if answer == int(QMessageBox.StandardButton.Reset) and not gone:
        return Choice.RELOAD
    return Choice.CANCEL


class ChangedBar(QFrame):
    """ "The file changed on disk": a bar above the map that waits for the user, never in the way."""

    reload_requested = Signal()
    merge_requested = Signal()
    keep_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changed-on-disk")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.reload_button = QPushButton("Reload")
        self.reload_button.setToolTip("Load the version on disk (asks first if you have unsaved edits)")
        self.merge_button = QPushButton("Merge with My Edits")
        self.merge_button.setToolTip("Put your unsaved edits on top of the version on disk")
        self.keep_button = QPushButton("Keep Mine")
        self.keep_button.setToolTip("Go on with your version; saving will ask before replacing the file")
        for button, signal in (
            (self.reload_button, self.reload_requested),
            (self.merge_button, self.merge_requested),
            (self.keep_button, self.keep_requested),
        ):
            button.clicked.connect(signal.emit)
            layout.addWidget(button)
        self.merge_button.hide()
        self.hide()

    def say(self, text: str, can_merge: bool, can_reload: bool) -> None:
        self.label.setText(text)
        self.merge_button.setVisible(can_merge)
        self.reload_button.setVisible(can_reload)
        self.show()


class FileGuard(QObject):
    """Watches the document's file and holds its lock; `changed` says the file is not ours any more."""

    changed = Signal(str)  # one line: what happened to the file
    settled = Signal()  # the file is again what the document read or wrote (or there is none)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.lock: FileLock | None = None
        self.merger: Merger | None = None  # set it to offer "Merge with my edits" (model/merge.py)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._event)
        self.watcher.directoryChanged.connect(self._event)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.check)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_SECONDS * 1000)
        self._refresh.timeout.connect(lambda: self.lock.refresh() if self.lock else None)
        self._dismissed: str | None = None  # the version the user chose to keep theirs over
        self.reported = False

    # -- the lock -----------------------------------------------------------------------------

    def holds(self, path: Path) -> bool:
        return self.lock is not None and self.lock.path == lock_path(path)

    def take(self, path: Path) -> FileLock:
        """This window's lock on ``path`` (its own, if it has it); LockedError when someone else has."""
        if self.lock is not None and self.holds(path):
            return self.lock
        return FileLock(path).acquire()

    def set_lock(self, lock: FileLock | None) -> None:
        """Hold ``lock`` from now on, releasing the one held before (if it is another)."""
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock = lock
        self._refresh.start() if lock is not None else self._refresh.stop()

    # -- watching -----------------------------------------------------------------------------

    def follow(self, document: Document) -> None:
        """Watch ``document``'s file (none for an untitled one); a lock on another file goes."""
        self.document = document
        if self.lock is not None and (document.path is None or not self.holds(document.path)):
            self.set_lock(None)
        self._dismissed = None
        self._arm()
        self._report(False)

    def _arm(self) -> None:
        for paths in (self.watcher.files(), self.watcher.directories()):
            if paths:
                self.watcher.removePaths(paths)
        path = self.document.path if self.document is not None else None
        if path is None:
            return
        real = os.path.realpath(path)
        wanted = [real, os.path.dirname(real)]
        self.watcher.addPaths([p for p in wanted if os.path.exists(p)])

    def _event(self, _path: str) -> None:
        path = self.document.path if self.document is not None else None
        if path is not None:
            real = os.path.realpath(path)
            if real not in self.watcher.files() and os.path.exists(real):
                self.watcher.addPath(real)  # replaced atomically: Qt stopped watching the old inode
        self._settle.start()

    def check(self) -> None:
        """Compare the file with what the document last read or wrote, and say so once per version
        (its stat first: a change elsewhere in its folder costs no hashing of a large map)."""
        document = self.document
        if document is None or document.path is None or document.disk is None:
            return
        if document.disk.untouched(document.path):  # something else in its folder changed
            self._dismissed = None
            self._report(False)
            return
        now = fingerprint_of(document.path)
        if now is not None and document.disk.same_content(now):
            self._dismissed = None
            self._report(False)
            return
        version = now.sha256 if now is not None else "gone"
        if version == self._dismissed:
            return
        name = document.path.name
        self._report(True)
        if now is None:
            self.changed.emit(
                f"{name} was deleted or moved on disk. Saving (after asking) puts your version back."
            )
        else:
            self.changed.emit(f"{name} changed on disk (saved by another window or program).")

    def _report(self, changed: bool) -> None:
        was, self.reported = self.reported, changed
        if was and not changed:
            self.settled.emit()

    def keep_mine(self) -> None:
        """The user keeps their version of this change: not told again about it; a save still asks."""
        if self.document is not None and self.document.path is not None:
            now = fingerprint_of(self.document.path)
            self._dismissed = now.sha256 if now is not None else "gone"
        self._report(False)

    def close(self) -> None:
        self._settle.stop()
        self.set_lock(None)
        self.document = None
        self._arm()
