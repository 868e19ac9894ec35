"""The main window: the canvas in the centre, docks around it, and the life of one open document.

File handling (new, open, save, recent files, the unsaved-changes prompt, crash recovery) lives
here; the menus are built in :mod:`.actions`, the canvas in :mod:`.view`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..model.document import Document
from ..model.edits import Change
from ..model.fileformat import FILE_SUFFIX, DocumentError
from ..model.history import segment_acted_on
from ..model.recovery import RecoveryEntry, RecoveryStore
from ..model.workspace import Workspace
from ..starter import new_from_template
from .actions import build_actions
from .autosave import Autosaver, recovery_folder
from .commonality import install_commonality
from .dialogs import TemplateGallery, ask_to_restore
from .diff_dock import DiffDock
from .export_dialog import Exporter
from .findings import FindingsDock
from .inspector import InspectorDock
from .legend import CompareLegend
from .scene import MapScene
from .segments_panel import SegmentsDock
from .side_by_side import SideBySide, caption, pane
from .theme import system_theme
from .view import MapView

MAX_RECENT = 10
FILE_FILTER = f"Journey maps (*{FILE_SUFFIX});;All files (*)"


class FindBar(QWidget):
    """Find cards by title: Enter or F3 for the next match, Shift+Enter or Shift+F3 for the previous."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find a touchpoint\u2026")
        self.field.setClearButtonEnabled(True)
        self.status = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.status)
        self.matches: list[str] = []
        self.index = -1
        self.field.textChanged.connect(self.search)
        window.scene.journey_changed.connect(lambda _change: self._refresh_matches())
        self.field.returnPressed.connect(lambda: self.step(1))
        QShortcut(QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_Return), self.field, lambda: self.step(-1))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.field, self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.search(self.field.text())

    def close_bar(self) -> None:
        self._highlight(set())
        self.hide()
        self.window_.view.setFocus()

    def _find(self) -> list[str]:
        scene = self.window_.scene
        needle = self.field.text().strip().casefold()
        rects = scene.layout.geometry.cards
        found = [t.id for t in scene.journey.touchpoints.values() if needle and needle in t.title.casefold()]
        self.status.setText(f"{len(found)} found" if needle else "")
        return sorted((i for i in found if i in rects), key=lambda i: (rects[i].x, rects[i].y))

    def search(self, text: str) -> None:
        self.matches = self._find()
        self.index = -1
        self._highlight(set(self.matches))
        if self.matches:
            self.step(1)

    def _refresh_matches(self) -> None:
        """After an edit, an undo or a segment switch: search again, staying on the same card."""
        if not self.isVisible():
            return
        current = self.matches[self.index] if 0 <= self.index < len(self.matches) else None
        self.matches = self._find()
        self.index = self.matches.index(current) if current in self.matches else -1
        self._highlight(set(self.matches))

    def step(self, direction: int) -> None:
        if not self.matches:
            return
        self.index = (self.index + direction) % len(self.matches)
        self.window_.view.select(self.matches[self.index])
        self.status.setText(f"{self.index + 1} of {len(self.matches)}")

    def _highlight(self, ids: set[str]) -> None:
        for card_id, item in self.window_.scene.cards.items():
            lit = card_id in ids
            if item.highlighted != lit:
                item.highlighted = lit
                item.update()


class MainWindow(QMainWindow):
    """One document in one window."""

    def __init__(self, document: Document | None = None, recovery: RecoveryStore | None = None) -> None:
        super().__init__()
        self.setMinimumSize(900, 600)
        self.resize(1500, 900)
        self.settings = QSettings()
        self.theme = system_theme()
        self.document = document or Document(new_from_template("blank"))
        self.scene = MapScene(self.document, self.theme)
        self.view = MapView(self.scene)
        self.find_bar = FindBar(self)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.map_splitter = QSplitter(Qt.Orientation.Horizontal)  # the core joins on the left, side by side
        main_caption = caption()
        self.map_splitter.addWidget(pane(main_caption, self.view))
        layout.addWidget(self.map_splitter, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.side_by_side = SideBySide(self, self.map_splitter, main_caption)
        self.segment_box = QComboBox()
        self.segment_box.setMinimumWidth(200)
        self.segment_box.setToolTip("Show the core journey or one segment; edits go to what is shown")
        self.segment_box.currentIndexChanged.connect(self._segment_chosen)
        self.workshop = False
        self.workshop_stage = 0
        self._before_workshop: dict[str, object] = {}
        self.autosaver = Autosaver(recovery or RecoveryStore(recovery_folder()), self)
        self.autosaver.failed.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.view.resized.connect(lambda: self.show_stage(self.workshop_stage) if self.workshop else None)
        self.legend = CompareLegend(self.scene, self.view.viewport())
        self.view.element_menu_requested.connect(self._element_menu)
        self.toolbar = QToolBar("Main")
        self.toolbar.setObjectName("main-toolbar")
        self.addToolBar(self.toolbar)
        self.exporter = Exporter(self)
        self.actions_ = build_actions(self)
        self._docks: list[QWidget] = []
        self._install_docks()
        self._unsubscribe: Callable[[], None] | None = None
        self._attach(self.document)
        QTimer.singleShot(0, self.view.show_start)

    # -- docks (the inspector and the findings list plug in here) ------------------------------

    def _install_docks(self) -> None:
        self.inspector = InspectorDock(self.view, self)
        self.findings = FindingsDock(self.view, self)
        self.segments_dock = SegmentsDock(self)
        for dock, area in (
            (self.inspector, Qt.DockWidgetArea.RightDockWidgetArea),
            (self.findings, Qt.DockWidgetArea.BottomDockWidgetArea),
            (self.segments_dock, Qt.DockWidgetArea.LeftDockWidgetArea),
        ):
            dock.setObjectName(type(dock).__name__)
            self.addDockWidget(area, dock)
            self._docks.append(dock)
            self.actions_.view_menu.addAction(dock.toggleViewAction())
        self.findings.element_activated.connect(
            lambda selection: (
                self.inspector.show_element(selection) if selection[0] in ("stage", "lane") else None
            )
        )
        self.resizeDocks([self.inspector], [380], Qt.Orientation.Horizontal)
        self.resizeDocks([self.findings], [230], Qt.Orientation.Vertical)
        self.actions_.segment_menu.addAction(self.segments_dock.toggleViewAction())
        install_commonality(self)
        self.resizeDocks([self.segments_dock], [280], Qt.Orientation.Horizontal)
        self.diff_dock = DiffDock(self)  # differences and conflicts: a tab beside the findings
        self.diff_dock.setObjectName("DiffDock")
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.diff_dock)
        self.tabifyDockWidget(self.findings, self.diff_dock)
        self.findings.raise_()
        self._docks.append(self.diff_dock)
        self.actions_.view_menu.addAction(self.diff_dock.toggleViewAction())
        self.actions_.segment_menu.addAction(self.diff_dock.toggleViewAction())

    # -- the document -------------------------------------------------------------------------

    def _attach(self, document: Document) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.document = document
        self.scene.set_document(document)
        self.side_by_side.adopt()
        unsubscribe_changes = document.history.subscribe(self._on_change)
        unsubscribe_state = document.history.subscribe_state(self._on_state)

        def unsubscribe() -> None:
            unsubscribe_changes()
            unsubscribe_state()

        self._unsubscribe = unsubscribe
        self.autosaver.watch(document)
        self._refresh_segments()
        self._refresh_title()
        self.actions_.refresh()

    def _on_change(self, change: Change) -> None:
        if self.document.workspace.segments.keys() != set(self._segment_ids()) or change.changed & set(
            self.document.workspace.segments
        ):
            self._refresh_segments()

    def _on_state(self) -> None:
        self._refresh_title()
        self.actions_.refresh()

    def _refresh_title(self) -> None:
        self.setWindowModified(self.document.is_modified)
        shown = f" \u2014 {self.segment_box.currentText()}" if self.scene.segment_id else ""
        self.setWindowTitle(f"{self.document.display_name}[*]{shown} \u2014 Journey Map Designer")
        self.setWindowFilePath(str(self.document.path) if self.document.path else "")

    def _segment_ids(self) -> list[str | None]:
        return [
            self.segment_box.itemData(i)
            for i in range(self.segment_box.count())
            if self.segment_box.itemData(i)
        ]

    def _refresh_segments(self) -> None:
        box = self.segment_box
        box.blockSignals(True)
        box.clear()
        box.addItem("Core journey", None)
        for segment in self.document.workspace.segments.values():
            box.addItem(f"Segment: {segment.name}", segment.id)
        index = box.findData(self.scene.segment_id) if self.scene.segment_id else 0
        box.setCurrentIndex(max(0, index))
        box.blockSignals(False)

    def _segment_chosen(self, index: int) -> None:
        segment_id = self.segment_box.itemData(index)
        self.scene.show_segment(segment_id)
        self._refresh_title()

    def _element_menu(self, global_pos: QPoint) -> None:
        """Right-click on a card, arrow or moment: the edits that apply to it, and the segment's."""
        menu = QMenu(self)
        segment_actions = self.diff_dock.actions_
        segment_actions.update_canvas_actions()
        for action in (
            self.actions_.rename,
            self.actions_.duplicate,
            self.actions_.delete,
            None,
            segment_actions.reset_action,
            segment_actions.promote_action,
            None,
            self.actions_.compare,
        ):
            menu.addSeparator() if action is None else menu.addAction(action)
        menu.exec(global_pos)
        menu.deleteLater()

    def step_history(self, undo: bool) -> None:
        """Undo or redo; a step that edited another segment than the one shown brings that segment up."""
        history = self.document.history
        segment_id = segment_acted_on(history.next_undo if undo else history.next_redo)
        history.undo() if undo else history.redo()
        if segment_id is not None and segment_id != self.scene.segment_id:
            index = self.segment_box.findData(segment_id)
            if index >= 0:
                self.segment_box.setCurrentIndex(index)
                self.statusBar().showMessage(
                    f"{'Undone' if undo else 'Redone'} in {self.segment_box.currentText()}", 5000
                )

    def set_compare(self, on: bool) -> None:
        """Compare mode: mark the shown segment against the core, with a legend in the map's corner."""
        self.scene.set_compare(on)
        if on:
            self.diff_dock.raise_()  # the list of what the marks mean, element by element
        if self.actions_.compare.isChecked() != on:
            self.actions_.compare.setChecked(on)
        self.legend.refresh()
        if on and self.scene.segment_id is None:
            self.statusBar().showMessage("Compare mode: switch to a segment to see how it differs", 6000)

    def confirm_discard(self) -> bool:
        """Ask before losing unsaved changes; True when it is fine to go on."""
        self.view._commit_editor_if_open()  # a title being typed is part of the unsaved work
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
        if template is None:
            gallery = TemplateGallery(self)
            if gallery.exec() != TemplateGallery.DialogCode.Accepted or gallery.chosen() is None:
                return False
            template = gallery.chosen()
        assert template is not None
        self.autosaver.close()
        self._attach(Document(new_from_template(template)))
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
        self.autosaver.close()
        self._attach(document)
        self._remember(Path(path))
        self.view.show_start()
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
        suggested = str(Path(self._last_folder()) / self.document.display_name)
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
        self._remember(path)
        self._refresh_title()
        self.actions_.refresh()
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    # -- recent files and recovery ------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        files = value if isinstance(value, list) else [value] if value else []
        return [str(f) for f in files if f]

    def _remember(self, path: Path) -> None:
        files = [str(path.resolve())] + [f for f in self.recent_files() if f != str(path.resolve())]
        self.settings.setValue("recent_files", files[:MAX_RECENT])
        self.actions_.refresh_recent()

    def _last_folder(self) -> str:
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

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
                self.adopt(workspace, entry.original)
                store.discard(entry.session)
                self.statusBar().showMessage(
                    f"Restored unsaved work on {entry.title}: save it to keep it", 10000
                )
                return True
            store.discard(entry.session)
        return False

    # -- workshop mode ------------------------------------------------------------------------

    def set_workshop_mode(self, on: bool) -> None:
        """Full screen, docks and toolbar hidden, one stage at a time in large type (PgDn / PgUp)."""
        if on == self.workshop:
            return
        self.workshop = on
        if on:
            self._before_workshop = {
                "docks": [d for d in self._docks if d.isVisible()],
                "maximized": self.isMaximized(),
            }
            for dock in self._docks:
                dock.hide()
            self.toolbar.hide()
            self.menuBar().hide()
            self.statusBar().hide()
            self.showFullScreen()
            self.show_stage(0)
        else:
            for dock in self._before_workshop.get("docks", []):  # type: ignore[attr-defined]
                dock.show()
            self.toolbar.show()
            self.menuBar().show()
            self.statusBar().show()
            self.showMaximized() if self._before_workshop.get("maximized") else self.showNormal()
            QTimer.singleShot(0, self.view.fit_all)
        self.actions_.refresh()

    def current_stage_index(self) -> int:
        stages = self.scene.journey.ordered_stages()
        centre = self.view.mapToScene(self.view.viewport().rect().center()).x()
        for index, stage in enumerate(stages):
            rect = self.scene.layout.geometry.stages.get(stage.id)
            if rect is not None and rect.x <= centre < rect.right:
                return index
        return 0

    def show_stage(self, index: int) -> None:
        stages = self.scene.journey.ordered_stages()
        if stages:
            index = max(0, min(len(stages) - 1, index))
            self.workshop_stage = index
            if self.workshop:
                self.view.present_stage(stages[index].id)
            else:
                self.view.zoom_to_stage(stages[index].id)
            self.statusBar().showMessage(f"Stage {index + 1} of {len(stages)}: {stages[index].name}", 3000)

    def step_stage(self, direction: int) -> None:
        start = self.workshop_stage if self.workshop else self.current_stage_index()
        self.show_stage(start + direction)

    # -- closing ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        self.exporter.stop()
        self.autosaver.close()
        with contextlib.suppress(RuntimeError):
            self.scene.detach()
        event.accept()
