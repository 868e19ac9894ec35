"""The open map's actuals in the window: loaded with the map, imported from a file, shown on the map.

- **Opening a map** loads its sidecar (``map.actuals.json``, ``model/actuals.py``) when it has one. A
  sidecar that cannot be read is one message; the map opens all the same, without actuals.
- **File > Import Actuals…** reads a CSV or XLSX (``exporters.actuals_import``: a file from outside,
  read as hostile input), shows how its columns were matched in the mapping dialog
  (``dialogs/actuals_import.py``), and on Import keeps the good rows and writes the sidecar beside the
  map. A file that cannot be read at all is one message and changes nothing.
- **A map never saved** has nowhere for a sidecar yet: its actuals are kept in memory and written beside
  it at its first save (and beside the new file on Save As, so they follow the map).
- Importing is **not an edit of the map**: no undo step, the map is not marked modified; the status bar
  says so.
- The **markers** of the journey shown get its funnel (``MapScene.set_conversions``), recomputed when
  the actuals, the journey shown or a milestone change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QMainWindow, QMessageBox, QWidget

from exporters.actuals_import import ActualsImport
from exporters.safety import ExportError

from ...model.actuals import Actuals, load_actuals, save_actuals
from ...model.edits import Change
from ...model.fileformat import DocumentError
from ..canvas.scene import MapScene
from ..dialogs.actuals_import import ActualsImportDialog, read_file
from ..docks.funnel import FunnelDock
from ..docks.funnel_state import ActualsState, funnel_of
from ..editing.controller import EditingController

DOCK_SHARE, MIN_DOCK_W = 0.45, 520  # the Funnel panel's share of the window when it first shows
FILE_FILTER = "Account exports (*.csv *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx);;All files (*)"


class ActualsGlue(QObject):
    """One window's actuals: the state, the Funnel panel, the import, the sidecar and the markers."""

    def __init__(
        self,
        parent: QWidget,
        controller: EditingController,
        scene: MapScene,
        say: Callable[[str], None],
        start_folder: Callable[[], str],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.controller = controller
        self.scene = scene
        self.say = say
        self.start_folder = start_folder
        self.state = ActualsState(self)
        self.dock = FunnelDock(controller, self.state, parent)
        self.dock.import_requested.connect(lambda: self.run())
        self._written_for: Path | None = None  # the map path the sidecar was last read from or written to
        self.state.changed.connect(self.update_markers)
        controller.document_changed.connect(lambda _document: self.load_for_document())
        controller.shown_changed.connect(lambda _segment: self.update_markers())
        controller.changed.connect(self._on_change)
        controller.state_changed.connect(self._follow_save)
        self.load_for_document()

    # -- the sidecar ----------------------------------------------------------------------------

    def load_for_document(self) -> None:
        """The open map's actuals: its sidecar's, or none (one message when the sidecar is unreadable)."""
        path = self.controller.document.path
        self._written_for = path
        actuals: Actuals | None = None
        if path is not None:
            try:
                actuals = load_actuals(path)
            except DocumentError as exc:
                QMessageBox.warning(
                    self.parent_widget,
                    "Actuals not loaded",
                    f"The actuals kept beside this map could not be read:\n{exc}\n\n"
                    "The map is open without them; import the accounts again to replace the file.",
                )
        self.state.set(actuals)

    def _follow_save(self) -> None:
        """A first save, or Save As: the actuals go beside the map's (new) file."""
        path = self.controller.document.path
        if path is None or path == self._written_for or self.state.actuals is None:
            return
        try:
            written = save_actuals(self.state.actuals, path)
        except DocumentError as exc:
            self.say(f"The actuals could not be saved beside the map: {exc}")
            return
        self._written_for = path
        self.say(f"Actuals saved beside the map in {written.name}")

    # -- File > Import Actuals… -------------------------------------------------------------------

    def run(self, path: str | Path | None = None) -> Actuals | None:
        """Ask for a file (unless given), read it, show the mapping dialog, import; the actuals kept
        (None when nothing changed: cancelled, or a file that cannot be read)."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self.parent_widget, "Import actuals", self.start_folder(), FILE_FILTER
            )
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        workspace = self.controller.workspace
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            first = read_file(path, workspace, None)
        except ExportError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self.parent_widget, "Actuals not imported", f"{exc}\n\nNothing was imported.")
            return None
        QApplication.restoreOverrideCursor()
        dialog = ActualsImportDialog(path, workspace, first, self.parent_widget)
        if dialog.exec() != ActualsImportDialog.DialogCode.Accepted or dialog.result_import is None:
            return None
        return self.keep(dialog.result_import, path)

    def keep(self, found: ActualsImport, path: Path) -> Actuals:
        """Hold the imported actuals, write them beside the map when it has a file, and say so."""
        actuals = found.actuals
        map_path = self.controller.document.path
        where = "kept until the map is first saved, then written beside it"
        if map_path is not None:
            try:
                written = save_actuals(actuals, map_path)
                self._written_for = map_path
                where = f"kept beside the map in {written.name}"
            except DocumentError as exc:
                where = f"kept for this session only: {exc}"
        self.state.set(actuals)
        count = len(actuals.accounts)
        skipped = f"; {found.problem_count:,} rows left out" if found.problem_count else ""
        self.say(
            f"Imported {count:,} account{'s' * (count != 1)} from {path.name} ({where}){skipped}. "
            "Not an edit of the map: nothing to undo."
        )
        self.show_dock()
        return actuals

    # -- the panel ----------------------------------------------------------------------------------

    def place_dock(self, window: QMainWindow, beside: QDockWidget) -> None:
        """At first start: a tab of the column right of the map (``beside``: the inspector's), shown
        when there are actuals; it widens the column when it comes forward (``show_dock``), so the
        map keeps the rest. A window's saved layout wins later."""
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(beside, self.dock)
        beside.raise_()
        self.dock.setVisible(self.state.loaded)

    def show_dock(self) -> None:
        """Bring the panel forward, wide enough for its chart (about 45 % of the window)."""
        self.dock.show()
        self.dock.raise_()
        window = self.parent_widget
        if isinstance(window, QMainWindow) and not self.dock.isFloating() and self.dock.width() < MIN_DOCK_W:
            width = max(MIN_DOCK_W, int(window.width() * DOCK_SHARE))
            window.resizeDocks([self.dock], [width], Qt.Orientation.Horizontal)

    # -- the markers ------------------------------------------------------------------------------

    def _on_change(self, change: Change | None) -> None:
        if self.state.actuals is None or change is None:
            return
        ids = change.added | change.removed | change.changed
        journey = self.controller.workspace.core
        if ids & journey.moments.keys() or ids & self.controller.workspace.segments.keys():
            self.update_markers()
        elif any(i not in journey.touchpoints and i not in journey.flows for i in ids):
            self.update_markers()  # a stage reordered or removed changes the funnel's order

    def update_markers(self) -> None:
        """Give the map's success milestones the funnel of the journey shown ({}: no actuals)."""
        actuals = self.state.actuals
        if actuals is None:
            self.scene.set_conversions({})
            return
        funnel = funnel_of(self.controller.workspace, actuals, self.controller.segment_id, date.today())
        self.scene.set_conversions({step.milestone_id: step for step in funnel.steps})
