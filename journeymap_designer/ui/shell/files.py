"""The life of one open document in the main window: new, open, save, recent files, the
unsaved-changes prompt, and crash recovery (restored work is one undoable step on the saved file).
With the window's `FileGuard`: the lock on open, read-only documents, the question before saving over
a file that changed on disk, and Reload (or, given a merger, Merge with my edits) when it does.

A mixin of the main window, kept apart so the window's own module stays about placing its parts.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from ...model.checks import Finding
from ...model.document import Document
from ...model.fileformat import FILE_SUFFIX, DocumentError
from ...model.filelock import FileLock, LockedError
from ...model.filestate import FileChangedError
from ...model.recovery import RecoveryEntry
from ...model.workspace import Workspace
from ...starter import new_from_template
from ..canvas.scene import MapScene
from ..canvas.view import MapView
from ..dialogs.merge_conflicts import unsettled_conflicts_prompt
from ..dialogs.startup import TemplateGallery, ask_to_restore
from ..docks.findings import FindingsDock
from ..editing.controller import EditingController
from ..widgets.folders import file_stem, start_folder
from ..widgets.progress import run_steps
from .actions import WindowActions
from .autosave import Autosaver
from .file_guard import Choice, FileGuard, ask_changed_on_save, ask_locked
from .open_worker import OpenJob

MAX_RECENT = 10
FILE_FILTER = f"Journey maps (*{FILE_SUFFIX});;All files (*)"

_WindowBase = QMainWindow if TYPE_CHECKING else object


class DocumentFilesMixin(_WindowBase):  # type: ignore[misc,valid-type]
    """File handling of the main window."""

    controller: EditingController
    view: MapView
    autosaver: Autosaver
    settings: QSettings
    actions_: WindowActions
    file_guard: FileGuard
    scene: MapScene
    findings: FindingsDock
    _opened_findings: list[Finding] | None = None  # worked out while opening: for the findings panel

    if TYPE_CHECKING:

        @property
        def document(self) -> Document: ...

        def _attach(self, document: Document) -> None: ...

        def _on_state(self) -> None: ...

        def say(self, text: str) -> None: ...

    # -- files --------------------------------------------------------------------------------

    def confirm_discard(self) -> bool:
        """Ask before losing unsaved changes; True when it is fine to go on."""
        self.view.commit_editor()  # a title being typed is part of the unsaved work
        if not self.document.is_modified:
            return True
        answer = QMessageBox.warning(
            self,
            "Unsaved changes",
            f"Save the changes to {self.document.display_name} before closing it?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_document(self, template: str | None = None) -> bool:
        if not self.confirm_discard():
            return False
        name = None
        if template is None:
            gallery = TemplateGallery(self)
            if gallery.exec() != TemplateGallery.DialogCode.Accepted or gallery.chosen() is None:
                return False
            template, name = gallery.chosen(), gallery.map_name()
        assert template is not None
        self._attach(Document(new_from_template(template, name)))
        self.view.show_start()
        return True

    def open_file(self, path: str | Path | None = None) -> bool:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Open journey map", self._last_folder(), FILE_FILTER
            )
            if not chosen:
                return False
            path = chosen
        if not self.confirm_discard():
            return False
        claimed = self._claim(Path(path))
        if claimed is None:
            return False
        lock, read_only = claimed
        try:
            document = self._open_in_steps(Path(path))
        except DocumentError as exc:
            document = None
            QMessageBox.critical(self, "Cannot open the map", f"{exc}\n\nThe file was not changed.")
        return self._take_opened(Path(path), document, lock, read_only)

    def _take_opened(
        self, path: Path, document: Document | None, lock: FileLock | None, read_only: bool
    ) -> bool:
        """Show a map just opened (None: it could not be read, or the open was cancelled, and the
        map that was open stays, unchanged, its claim on the other file let go)."""
        if document is None:
            if lock is not None and lock is not self.file_guard.lock:
                lock.release()
            return False
        document.read_only = read_only
        self.file_guard.set_lock(lock)  # before attaching: the guard keeps a lock on the file it follows
        self._attach(document)
        self._list_opened_findings()
        self.remember(path)
        self.view.show_start()
        return True

    def _open_in_steps(self, path: Path) -> Document | None:
        """Read, draw and check a map behind a progress dialog (open_worker.py), the window live.

        The document, drawn already and with its findings listed, but not attached yet; None when
        the user cancelled (the previous map drawn again). Raises DocumentError as Document.open."""
        job = OpenJob(path, self.scene)
        try:
            document = run_steps(self, f"Opening {path.name}", job.steps())
        except BaseException:
            if job.drawing_started:
                self._go_back(job)
            raise
        if document is None:
            if job.drawing_started:
                self._go_back(job)
            self.say(f"Opening {path.name} was cancelled: the map that was open is unchanged")
            return None
        self._opened_findings = job.findings
        return document

    def _list_opened_findings(self) -> None:
        """The findings worked out while opening, listed now (instead of checked again, at once)."""
        found, self._opened_findings = self._opened_findings, None
        if found is not None:
            self.findings.refresh(found)

    def _long_drawing(self, title: str, steps: Iterator[float]) -> None:
        """A large map drawn again (another segment, the customer view, a new stage) behind a
        progress dialog: the window repaints meanwhile and says what it does. No Cancel: what is
        drawn must follow the map."""
        run_steps(self, title, ((fraction, title) for fraction in steps), cancellable=False)

    def _go_back(self, job: OpenJob) -> None:
        run_steps(self, "Going back", job.go_back_steps(), cancellable=False)

    def open_at_start(self, path: str) -> bool:
        """The file given on the command line, once the window is shown: opened as File > Open opens
        one (progress, Cancel), its lock asked about with no Cancel; a failure is one message, in the
        status bar and on stderr."""
        claimed = self._claim(Path(path), can_cancel=False)
        lock, read_only = claimed if claimed is not None else (None, True)
        try:
            document = self._open_in_steps(Path(path))
        except DocumentError as exc:
            document = None
            self.statusBar().showMessage(str(exc), 15000)
            print(f"journeymap-designer: error: {exc}", file=sys.stderr)
        return self._take_opened(Path(path), document, lock, read_only)

    def restore(self, workspace: Workspace, original: Path | None) -> bool:
        """Open the last saved file and put the recovered work on top of it, as one undoable step.

        Returns False when there is no saved file to start from (never saved, or gone): the work is
        then shown as an unsaved document with an empty history.
        """
        base = None
        if original is not None:
            with contextlib.suppress(DocumentError):
                base = Document.open(original)
        if base is None:
            self.adopt(workspace, original)
            return False
        assert original is not None
        self.file_guard.set_lock(self._lock_quietly(original))
        self._attach(base)
        self.controller.restore_unsaved(workspace)
        self.autosaver.write_now()  # restored work is protected at once, not after the interval
        return True

    def adopt(self, workspace: Workspace, path: Path | None) -> None:
        """Show a restored workspace as an unsaved document (saving it goes to ``path``)."""
        document = Document(workspace, path)
        document.history.forget_clean_state()  # restored work is unsaved until the user saves it
        self._attach(document)

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        if self.document.read_only:
            self.say(
                f"{self.document.display_name} was opened read-only: save your version under another name"
            )
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        name = self.document.display_name
        if self.document.path is None:  # untitled: suggest the map's own name
            name = file_stem(self.document.workspace.name) + FILE_SUFFIX
        suggested = str(Path(self._last_folder()) / name)
        chosen, _ = QFileDialog.getSaveFileName(self, "Save journey map", suggested, FILE_FILTER)
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != FILE_SUFFIX:
            path = path.with_name(path.name + FILE_SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path, overwrite: bool = False) -> bool:
        if not overwrite and not unsettled_conflicts_prompt(self, self.document):
            return False  # merge conflicts not settled, and the user chose not to save yet
        try:
            self.document.save(path, overwrite=overwrite)
        except FileChangedError:
            choice = ask_changed_on_save(self, path.name, gone=not path.exists())
            if choice is Choice.OVERWRITE:
                return self._save_to(path, overwrite=True)
            if choice is Choice.RELOAD:
                self.reload_from_disk(confirm=False)  # the question said Reload discards the edits
            return False
        except DocumentError as exc:
            QMessageBox.critical(
                self, "Cannot save the map", f"{exc}\n\nYour work is still open and was not lost."
            )
            return False
        self.autosaver.saved()
        if not self.file_guard.holds(path):  # Save As: this window now edits the new file
            self.file_guard.set_lock(self._lock_quietly(path))
        self.file_guard.follow(self.document)
        self.remember(path)
        self._on_state()
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    # -- the file on disk: locks, reload, merge --------------------------------------------------

    def _claim(self, path: Path, can_cancel: bool = True) -> tuple[FileLock | None, bool] | None:
        """This window's lock on ``path`` and whether to open it read-only; None when the user cancels."""
        try:
            return self.file_guard.take(path), False
        except LockedError as exc:
            choice = ask_locked(self, exc, can_cancel)
        if choice is Choice.CANCEL:
            return None
        return None, choice is Choice.READ_ONLY

    def _lock_quietly(self, path: Path) -> FileLock | None:
        """The lock on ``path`` if it is free; else none, and a note (saves still ask before replacing)."""
        try:
            return self.file_guard.take(path)
        except LockedError as exc:
            self.say(f"{exc}: saving will ask before replacing their changes")
            return None

    def claim_started_file(self) -> None:
        """The file given on the command line, already open: lock it, or ask (read-only or anyway)."""
        path = self.document.path
        if path is None:
            return
        claimed = self._claim(path, can_cancel=False)
        lock, read_only = claimed if claimed is not None else (None, True)
        self.document.read_only = read_only
        self.file_guard.set_lock(lock)
        self._on_state()

    def show_changed_on_disk(self, text: str) -> None:
        """The guard saw the file change: say so in the bar above the map, with what can be done."""
        can_merge = self.file_guard.merger is not None and self.document.base is not None
        exists = self.document.path is not None and self.document.path.exists()
        self.changed_bar.say(text, can_merge=can_merge and exists, can_reload=exists)

    def reload_from_disk(self, confirm: bool = True) -> bool:
        """Load the file as it is on disk now, discarding unsaved edits (asked first when ``confirm``)."""
        path = self.document.path
        if path is None:
            return False
        self.view.commit_editor()
        if confirm and self.document.is_modified:
            answer = QMessageBox.question(
                self,
                "Reload from disk",
                f"Discard your unsaved edits to {path.name} and load the version on disk?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return False
        try:
            document = Document.open(path)
        except DocumentError as exc:
            QMessageBox.critical(self, "Cannot reload the map", f"{exc}\n\nYour version is still open.")
            return False
        document.read_only = self.document.read_only
        self._attach(document)
        self.say(f"Reloaded {path.name} from disk")
        return True

    def merge_from_disk(self) -> bool:
        """Put the unsaved edits on top of the file as it is now: merge(base, mine, theirs), one Undo
        step over the version on disk. Offered only when the guard has a merger (model/merge.py)."""
        merger, path = self.file_guard.merger, self.document.path
        base = self.document.base_workspace()
        if merger is None or path is None or base is None:
            return False
        self.view.commit_editor()
        try:
            theirs = Document.open(path)
        except DocumentError as exc:
            QMessageBox.critical(self, "Cannot merge", f"{exc}\n\nYour version is still open.")
            return False
        merged = merger(base, self.document.workspace, theirs.workspace)
        theirs.read_only = self.document.read_only
        self._attach(theirs)
        self.controller.restore_unsaved(merged)
        self.say(f"Merged your edits with {path.name} on disk: save to keep them; Undo shows the file's")
        return True

    # -- recent files and recovery ------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        files = value if isinstance(value, list) else [value] if value else []
        return [str(f) for f in files if f]

    def remember(self, path: Path) -> None:
        files = [str(path.resolve())] + [f for f in self.recent_files() if f != str(path.resolve())]
        self.settings.setValue("recent_files", files[:MAX_RECENT])
        self.actions_.refresh_recent()

    def _last_folder(self) -> str:
        """The map's folder, a recent one, or the documents folder: never inside the installation."""
        return str(start_folder(self.document.path, self.recent_files()))

    def offer_recovery(self, ask: Callable[[QWidget, RecoveryEntry], bool] = ask_to_restore) -> bool:
        """After a crash, offer to restore the newest recovery copy; returns whether one was restored."""
        store = self.autosaver.store
        for entry in store.orphans():
            if ask(self, entry):
                try:
                    workspace = entry.load()
                except DocumentError as exc:
                    QMessageBox.critical(self, "Cannot restore", str(exc))
                    continue
                undoable = self.restore(workspace, entry.original)
                store.discard(entry.session)
                self.say(
                    f"Restored unsaved work on {entry.title}: save it to keep it"
                    + (
                        "; Undo goes back to the last saved version"
                        if undoable
                        else "; it was never saved, so there is no saved version for Undo to go back to"
                    )
                )
                return True
            store.discard(entry.session)
        return False
