"""The life of one open document in the main window: new, open, save, recent files, the
unsaved-changes prompt, and crash recovery (restored work is one undoable step on the saved file).

A mixin of the main window, kept apart so the window's own module stays about placing its parts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from ...model.document import Document
from ...model.fileformat import FILE_SUFFIX, DocumentError
from ...model.recovery import RecoveryEntry
from ...model.workspace import Workspace
from ...starter import new_from_template
from ..canvas.view import MapView
from ..dialogs.startup import TemplateGallery, ask_to_restore
from ..editing.controller import EditingController
from ..widgets.folders import file_stem, start_folder
from .actions import WindowActions
from .autosave import Autosaver

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
        try:
            document = Document.open(path)
        except DocumentError as exc:
            QMessageBox.critical(self, "Cannot open the map", f"{exc}\n\nThe file was not changed.")
            return False
        self._attach(document)
        self.remember(Path(path))
        self.view.show_start()
        return True

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

    def _save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except DocumentError as exc:
            QMessageBox.critical(
                self, "Cannot save the map", f"{exc}\n\nYour work is still open and was not lost."
            )
            return False
        self.autosaver.saved()
        self.remember(path)
        self._on_state()
        self.statusBar().showMessage(f"Saved {path}", 4000)
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
