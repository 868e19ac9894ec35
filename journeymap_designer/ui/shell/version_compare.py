"""File > Compare with Version…: the map as it was at one of its git commits, against the map now.

The history is read on the model's side (``model/versions.py``, through dulwich); the user picks a
commit in :class:`~..dialogs.versions.VersionDialog`, and the map at that commit goes to the
Differences panel the way another file does: each difference listed, a click leads to the element,
and Restore from this version brings one element back as one undo step (through the controller).

A map that is not saved, or not in a git repository, has no versions: the menu item is disabled and
its tooltip says why (checked again when the file's path changes and whenever the File menu opens).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ...model.versions import Version, VersionError, find_repository, list_versions, load_version
from ..dialogs.versions import VersionDialog
from ..docks.diff_dock import DiffDock
from ..editing.controller import EditingController

TIP = "Compare the map with one of its versions in git: the commits that changed this file"
_UNCHECKED = Path("\0unchecked")  # no real path: the first refresh always checks


class VersionCompare:
    """Keeps the menu item's state and runs one comparison at a time; ``run`` is what the menu calls."""

    def __init__(
        self,
        parent: QWidget,
        controller: EditingController,
        dock: DiffDock,
        action: QAction,
        say: Callable[[str], None],
    ) -> None:
        self.parent = parent
        self.controller = controller
        self.dock = dock
        self.action = action
        self.say = say
        self._checked: Path | None = _UNCHECKED
        controller.document_changed.connect(lambda _document: self.refresh())
        controller.state_changed.connect(self.refresh)  # a first save, or Save As, moves the file
        self.refresh()

    def problem(self) -> str | None:
        """Why the open map has no versions to compare with (None: it has)."""
        path = self.controller.document.path
        if path is None:
            return "This map has not been saved yet: it has no versions in git to compare with."
        try:
            find_repository(path)
        except VersionError:
            return f"{path.name} is not in a git repository: it has no versions to compare with."
        return None

    def refresh(self, force: bool = False) -> None:
        """Enable the menu item, or disable it with the reason as its tooltip."""
        path = self.controller.document.path
        if path == self._checked and not force:
            return  # every edit says the state changed; the repository is looked for once per path
        self._checked = path
        problem = self.problem()
        self.action.setEnabled(problem is None)
        self.action.setToolTip(problem or TIP)
        self.action.setStatusTip(problem or TIP)

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def choose(self, file_name: str, versions: list[Version]) -> Version | None:
        """Ask which version (the dialog; tests answer it)."""
        dialog = VersionDialog(file_name, versions, self.parent)
        try:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def run(self) -> Version | None:
        """List the file's versions, let the user pick one, compare with it; the version compared."""
        path = self.controller.document.path
        problem = self.problem()
        if path is None or problem is not None:
            self.refresh(force=True)
            self.show_error("No versions to compare with", problem or "")
            return None
        try:
            versions = list_versions(path)
        except VersionError as exc:
            self.show_error("Cannot read the versions", str(exc))
            return None
        if not versions:
            self.show_error(
                "No versions to compare with",
                f"{path.name} has not been committed to its git repository yet: it has no versions.",
            )
            return None
        version = self.choose(path.name, versions)
        if version is None:
            return None
        try:
            workspace = load_version(path, version)
        except VersionError as exc:
            self.show_error("Cannot read that version", str(exc))
            return None
        self.dock.compare_with_version(version.id, version.label(), workspace)
        self.dock.show()
        self.dock.raise_()
        self.say(f"Compared with version {version.label()}: the differences are in the Differences panel")
        return version
