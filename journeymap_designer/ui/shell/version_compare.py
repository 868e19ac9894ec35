"""File > Compare with Version…: the map as it was at one of its git commits, against the map now.

The history is read on the model's side (``model/versions.py``, through dulwich); the user picks a
commit in :class:`~..dialogs.versions.VersionDialog`, and the map at that commit goes to the
Differences panel the way another file does: each difference listed, a click leads to the element,
and Restore from this version brings one element back as one undo step (through the controller).

It goes on the map too: the scene takes the version as its reference and compare mode turns on, so
cards and arrows are marked added, changed or same since the version, and what was deleted since is
drawn as a ghost where it was (``ui/canvas/compare_state.py``). While a version is the reference the
Compare action reads "Compare with Version <id>"; unchecking it (Ctrl+Shift+D) ends the comparison,
and the next Compare with Core compares with the core again. Opening another map ends it too.

A map that is not saved, or not in a git repository, has no versions: the menu item is disabled and
its tooltip says why (checked again when the file's path changes and whenever the File menu opens).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ...model.versions import Version, VersionError, find_repository, list_versions, load_version
from ...model.workspace import Workspace
from ..canvas.legend import CompareLegend
from ..canvas.scene import MapScene
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
        scene: MapScene,
        compare: QAction,
        legend: CompareLegend,
    ) -> None:
        self.parent = parent
        self.controller = controller
        self.dock = dock
        self.action = action
        self.say = say
        self.scene = scene  # the main map, marked against the version chosen
        self.compare = compare  # Segment > Compare with Core, checkable: compare mode on the map
        self.legend = legend
        self.version: Version | None = None  # the version the map is compared with, if any
        self._compare_text = compare.text()
        self._compare_tip = compare.toolTip()
        self._checked: Path | None = _UNCHECKED
        controller.document_changed.connect(lambda _document: self._document_changed())
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
        self.show_on_map(version, workspace)
        return version

    # -- on the map ---------------------------------------------------------------------------

    def show_on_map(self, version: Version, workspace: Workspace) -> None:
        """The map at ``version`` as compare mode's reference; compare mode on."""
        self.version = version
        detail = f"{version.date:%Y-%m-%d}, {version.author}: {version.message or 'no message'}"
        self.scene.set_reference(version.short_id, workspace, detail)
        self._label_compare()
        if self.compare.isChecked():
            self.legend.refresh()
        else:
            self.compare.setChecked(True)  # the window's set_compare: the scene, the legend
        self.say(
            f"Compared with version {version.label()}: marked on the map (ghosts were deleted since) and"
            " listed in the Differences panel. Ctrl+Shift+D ends the comparison"
        )

    def end(self) -> None:
        """Compare mode was turned off: the version is no longer the reference (the core is again)."""
        if self.version is None and self.scene.compare_state.reference is None:
            return
        self.version = None
        self.scene.set_reference("", None)
        self._label_compare()

    def _document_changed(self) -> None:
        self.refresh()
        if self.version is not None:  # a version of the map that was open: compare mode ends with it
            self.end()
            self.compare.setChecked(False)

    def _label_compare(self) -> None:
        """The Compare action says what it compares with: the core, or the version."""
        if self.version is None:
            self.compare.setText(self._compare_text)
            self.compare.setToolTip(self._compare_tip)
            self.compare.setStatusTip("")
            return
        tip = (
            f"Compare mode marks the map against version {self.version.label()}. Uncheck"
            " (Ctrl+Shift+D) to end it: Compare with Core then compares with the core again"
        )
        self.compare.setText(f"&Compare with Version {self.version.short_id}")
        self.compare.setToolTip(tip)
        self.compare.setStatusTip(tip)
