"""The main window: places the canvas, the docks and the menus, and lives one open document's life.

It wires parts that do not know each other: the editing controller (what is open, what is shown,
every edit), the map scene and view, the docks and dialogs (each publishes its actions; this window
places them). File handling (new, open, save, recent files, the unsaved-changes prompt, crash
recovery) lives here too. Only the entry point (:mod:`.app`) imports this module.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ...model.document import Document
from ...model.edits import Change
from ...model.fileformat import FILE_SUFFIX
from ...model.intents import has_element
from ...model.merge import merge_workspaces
from ...model.recovery import RecoveryStore
from ...model.workspace import KINDS, Workspace
from ...starter import new_from_template
from ..canvas.legend import CompareLegend
from ..canvas.personas import PersonaStrip
from ..canvas.scene import MapScene
from ..canvas.side_by_side import SideBySide, caption, pane
from ..canvas.view import MapView
from ..dialogs.commonality import CommonalityDialog
from ..dialogs.export import Exporter, Format
from ..dialogs.map_properties import MapPropertiesDialog
from ..dialogs.vocabulary import VocabularyDialog
from ..docks.diff_dock import DiffDock
from ..docks.feedback import FeedbackDock
from ..docks.findings import FindingsDock
from ..docks.inspector import InspectorDock
from ..docks.segments import SegmentsDock
from ..editing.controller import EditingController
from ..widgets.theme import system_theme
from . import window_layout
from .actions import WindowActions
from .actuals import ActualsGlue
from .autosave import Autosaver, recovery_folder
from .feedback_import import FeedbackImport
from .file_guard import ChangedBar, FileGuard
from .files import DocumentFilesMixin
from .find_bar import FindBar
from .open_worker import collect_frozen
from .version_compare import VersionCompare
from .workshop import WorkshopMode

MAX_RECENT = 10
FILE_FILTER = f"Journey maps (*{FILE_SUFFIX});;All files (*)"


def merge_with_disk(base: Workspace, mine: Workspace, on_disk: Workspace) -> Workspace:
    """My unsaved edits and the file's new version, merged against what was last read; where both
    changed one thing differently, mine is kept and the conflict recorded for the Differences dock."""
    return merge_workspaces(base, mine, on_disk, "my edits", "on disk").workspace


class MainWindow(DocumentFilesMixin, QMainWindow):
    """One document in one window."""

    def __init__(self, document: Document | None = None, recovery: RecoveryStore | None = None) -> None:
        super().__init__()
        self.setMinimumSize(900, 600)
        self.resize(1500, 900)
        self.settings = QSettings()
        self.theme = system_theme()
        self.controller = EditingController(document or Document(new_from_template("blank")), self)
        # Drawn once, here; a child of the window, so that closing the window frees the drawn map
        # (a scene without a parent outlived its window, with every card and arrow of the map).
        self.scene = MapScene(self.controller.document, self.theme, parent=self)
        self.scene.long_work = self._long_drawing
        self.scene.follow(self.controller)
        self.view = MapView(self.scene, self.controller)
        self.find_bar = FindBar(self.view, self)
        self.file_guard = FileGuard(self)  # watches the file, holds its lock (file_guard.py)
        self.file_guard.merger = merge_with_disk  # "Merge with my edits": the three-way merge
        self.changed_bar = ChangedBar()
        self._build_centre()
        self.segment_box = QComboBox()
        self.segment_box.setMinimumWidth(200)
        self.segment_box.setToolTip("Show the core journey or one segment; edits go to what is shown")
        self.segment_box.currentIndexChanged.connect(self._segment_chosen)
        self.workshop_mode = WorkshopMode(self, self.view, self.statusBar().showMessage)
        self.autosaver = Autosaver(recovery or RecoveryStore(recovery_folder()), self)
        self.autosaver.failed.connect(self.say)
        self.legend = CompareLegend(self.scene, self.view.viewport())
        self.toolbar = QToolBar("Main")
        self.toolbar.setObjectName("main-toolbar")
        self.addToolBar(self.toolbar)
        self.exporter = Exporter(
            self, self.controller, lambda: self.scene.customer_view, self.view.commit_editor
        )
        self.actions_ = WindowActions(self, self.controller, self.view)
        self.feedback_import = FeedbackImport(
            self, self.controller, self.settings, self._last_folder, self.say, self._show_feedback
        )
        self.commonality_dialog: CommonalityDialog | None = None
        self._install_docks()
        self._place_segment_actions()
        self.version_compare = VersionCompare(
            self,
            self.controller,
            self.diff_dock,
            self.actions_.compare_version,
            self.say,
            self.scene,
            self.actions_.compare,
            self.legend,
        )
        self.actions_.file_menu.aboutToShow.connect(lambda: self.version_compare.refresh(force=True))
        self._connect()
        self._follow_document()
        QTimer.singleShot(0, self.view.show_start)
        # Once gone, what a large open froze of it goes too (open_worker.collect_frozen).
        self.destroyed.connect(lambda: QTimer.singleShot(0, collect_frozen))

    def _build_centre(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.changed_bar)  # "changed on disk": above the map, hidden until then
        self.map_splitter = QSplitter(Qt.Orientation.Horizontal)  # the core joins on the left, side by side
        main_caption = caption()
        self.personas = PersonaStrip(self.scene)
        self.map_splitter.addWidget(pane(main_caption, self.view, self.personas))
        layout.addWidget(self.map_splitter, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.side_by_side = SideBySide(self.view, self.controller, self.map_splitter, main_caption)

    # -- docks, and the actions they publish ----------------------------------------------------

    def _install_docks(self) -> None:
        self.inspector = InspectorDock(self.controller, self)
        self.findings = FindingsDock(self.controller, self)
        self.segments_dock = SegmentsDock(self.controller, self)
        self.diff_dock = DiffDock(self.controller, self)  # differences and conflicts: beside the findings
        self.diff_dock.setObjectName("DiffDock")
        self.feedback = FeedbackDock(self.controller, self)  # customers' answers: beside the findings
        self.feedback.edit_requested.connect(lambda _kind, _id: self.inspector.raise_())
        self.scene.set_feedback_shown(True)  # their badges on the map: this window's, not images'
        self.actuals = ActualsGlue(self, self.controller, self.scene, self.say, self._last_folder)
        self.funnel_dock = self.actuals.dock  # the Funnel panel: a chart and lists beside the map
        self._docks: list[QWidget] = [
            self.inspector,
            self.findings,
            self.segments_dock,
            self.diff_dock,
            self.feedback,
            self.funnel_dock,
        ]
        for dock in (self.inspector, self.findings, self.segments_dock):
            dock.setObjectName(type(dock).__name__)
        for panel in (self.inspector, self.segments_dock, self.findings, self.diff_dock, self.feedback):
            self.actions_.view_menu.addAction(panel.toggleViewAction())
        self.actions_.view_menu.addAction(self.funnel_dock.toggleViewAction())
        # The panels are placed when the window is first shown (showEvent): the map gets most of
        # the window at first start (window_layout.py); later, the layout is as the user left it.
        self._panels_placed = False
        self.findings.errors_appeared.connect(self.findings.raise_)  # tabbed away, errors still show
        self.held_checks = QLabel()  # brainstorming first: checks that wait while cards are typed
        self.held_checks.setObjectName("held-checks")
        self.statusBar().addPermanentWidget(self.held_checks)
        self.held_checks.hide()
        self.findings.held_changed.connect(self._checks_held)

    def _place_segment_actions(self) -> None:
        """The Segment menu: compare and side by side, the segments, commonality, reset and promote."""
        actions, menu = self.actions_, self.actions_.segment_menu
        self.commonality_action = actions.add(
            menu, "&Commonality\u2026", self.open_commonality, "Ctrl+Shift+M"
        )
        menu.removeAction(self.commonality_action)  # placed below, in its turn
        self.commonality_action.setToolTip(
            "Which core elements every segment shares, changes or hides, and what each adds"
        )
        diff_actions = self.diff_dock.actions_
        actions.place(
            menu,
            [
                *self.segments_dock.menu_actions,
                None,
                self.segments_dock.toggleViewAction(),
                self.commonality_action,
                None,
                *diff_actions.menu_actions,
                self.diff_dock.toggleViewAction(),
            ],
        )
        menu.aboutToShow.connect(diff_actions.update_canvas_actions)

    def _connect(self) -> None:
        controller, view = self.controller, self.view
        controller.message.connect(self.say)
        controller.state_changed.connect(self._on_state)
        controller.changed.connect(self._on_change)
        controller.shown_changed.connect(self._shown_changed)
        controller.document_changed.connect(lambda _document: self._follow_document())
        controller.reveal_requested.connect(self._reveal)
        view.message.connect(self.say)
        self.file_guard.changed.connect(self.show_changed_on_disk)
        self.file_guard.settled.connect(self.changed_bar.hide)
        self.changed_bar.reload_requested.connect(self.reload_from_disk)
        self.changed_bar.merge_requested.connect(self.merge_from_disk)
        self.changed_bar.keep_requested.connect(self.file_guard.keep_mine)
        view.selection_changed.connect(self.inspector.show_element)
        view.selection_changed.connect(lambda _selection: controller.set_selection(view.selected_items()))
        view.element_menu_requested.connect(self._element_menu)
        leave = QAction("Leave Workshop Mode", view)
        leave.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        leave.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the inline editor keeps its Escape
        leave.triggered.connect(lambda: self.set_workshop_mode(False) if self.workshop else None)
        view.addAction(leave)

    def _checks_held(self, count: int) -> None:
        self.held_checks.setText(f"{count} completeness check{'s' * (count != 1)} wait until you stop typing")
        self.held_checks.setVisible(count > 0)

    def say(self, text: str) -> None:
        """A short note in the status bar."""
        self.statusBar().showMessage(text, 10000)

    # -- the document -------------------------------------------------------------------------

    @property
    def document(self) -> Document:
        return self.controller.document

    def _attach(self, document: Document) -> None:
        self.autosaver.close()
        self.controller.set_document(document)

    def _follow_document(self) -> None:
        self.autosaver.watch(self.document)
        self.file_guard.follow(self.document)
        self._refresh_segments()
        self._on_state()

    def _on_change(self, change: Change | None) -> None:
        segments = self.document.workspace.segments
        listed = [self.segment_box.itemData(i) for i in range(1, self.segment_box.count())]
        if list(segments) != listed or (change is not None and change.changed & set(segments)):
            self._refresh_segments()

    def _on_state(self) -> None:
        self._refresh_title()
        self.actions_.refresh(self.workshop)

    def _refresh_title(self) -> None:
        self.setWindowModified(self.document.is_modified)
        shown = f" \u2014 {self.segment_box.currentText()}" if self.controller.segment_id else ""
        read_only = " (read-only)" if self.document.read_only else ""
        self.setWindowTitle(f"{self.document.display_name}[*]{read_only}{shown} \u2014 Journey Map Designer")
        self.setWindowFilePath(str(self.document.path) if self.document.path else "")

    def _refresh_segments(self) -> None:
        box = self.segment_box
        box.blockSignals(True)
        box.clear()
        box.addItem("Core journey", None)
        for segment in self.document.workspace.segments.values():
            box.addItem(f"Segment: {segment.name}", segment.id)
        index = box.findData(self.controller.segment_id) if self.controller.segment_id else 0
        box.setCurrentIndex(max(0, index))
        box.blockSignals(False)

    def _segment_chosen(self, index: int) -> None:
        self.controller.show_journey(self.segment_box.itemData(index))

    def _shown_changed(self, segment_id: str | None) -> None:
        index = self.segment_box.findData(segment_id) if segment_id else 0
        if index >= 0 and index != self.segment_box.currentIndex():
            self.segment_box.blockSignals(True)
            self.segment_box.setCurrentIndex(index)
            self.segment_box.blockSignals(False)
        self._refresh_title()

    def _reveal(self, kind: str, element_id: str, note: str) -> None:
        """Show an element the controller was asked to reveal; a hidden one as a ghost in compare mode."""
        if kind in ("stage", "lane"):
            self.view.reveal(element_id)
            self.inspector.show_element((kind, element_id))
            return
        workspace, segment_id = self.document.workspace, self.controller.segment_id
        core_kind = "touchpoint" if element_id in workspace.core.touchpoints else "flow"
        hidden_here = (  # a core card or arrow the segment shown does not have (not merely undrawn)
            segment_id is not None
            and element_id in getattr(workspace.core, KINDS[core_kind].collection)
            and not has_element(workspace, segment_id, core_kind, element_id)
        )
        if hidden_here and self.scene.item(element_id) is None and not self.actions_.compare.isChecked():
            self.actions_.compare.setChecked(True)  # what a segment hides is drawn as a ghost there
        if not self.view.reveal(element_id) and note:
            self.statusBar().showMessage(note, 6000)

    def _element_menu(self, global_pos: QPoint) -> None:
        """Right-click on a card, arrow or moment: the edits that apply to it, and the segment's."""
        menu = QMenu(self)
        segment_actions = self.diff_dock.actions_
        segment_actions.update_canvas_actions()
        playbook = self.actions_.playbook  # create or open the card's or moment's playbook
        for action in (
            self.actions_.rename,
            self.actions_.duplicate,
            self.actions_.delete,
            *((None, playbook) if playbook.isEnabled() else ()),
            None,
            segment_actions.reset_action,
            segment_actions.promote_action,
            None,
            self.actions_.compare,
        ):
            menu.addSeparator() if action is None else menu.addAction(action)
        menu.exec(global_pos)
        menu.deleteLater()

    # -- what the menus ask for (see actions.Shell) --------------------------------------------

    def set_compare(self, on: bool) -> None:
        """Compare mode: mark the shown segment against the core (or the map against a version, see
        version_compare.py), with a legend in the map's corner."""
        self.scene.set_compare(on)
        if not on:
            self.version_compare.end()  # the next Compare with Core compares with the core
        if on:
            self.diff_dock.raise_()  # the list of what the marks mean, element by element
        if self.actions_.compare.isChecked() != on:
            self.actions_.compare.setChecked(on)
        self.legend.refresh()
        if on and self.controller.segment_id is None and self.version_compare.version is None:
            self.say("Compare mode: switch to a segment to see how it differs")

    def set_customer_view(self, on: bool) -> None:
        """Customer view: everything on the map pane shows only what a customer may see (no marks of
        compare mode, no personas, the core pane beside it in customer view too)."""
        self.scene.set_customer_view(on)
        self.side_by_side.set_customer_view(on)
        self.personas.refresh()

    def set_side_by_side(self, on: bool) -> None:
        self.side_by_side.set_on(on)

    def export(self, fmt: Format) -> None:
        self.exporter.ask_and_export(fmt)

    def import_feedback(self) -> None:
        """File > Import Customer Feedback…: a returned validation workbook's answers."""
        self.view.commit_editor()  # a title being typed is its own undo step, before the import's
        self.feedback_import.run()

    def import_actuals(self) -> None:
        """File > Import Actuals…: accounts and the days they reached each milestone, beside the map."""
        self.actuals.run()

    def compare_with_version(self) -> None:
        """File > Compare with Version…: the map at one of its git commits, in the Differences panel."""
        self.view.commit_editor()  # a title being typed is part of the map compared
        self.version_compare.run()

    def _show_feedback(self) -> None:
        self.feedback.show()
        self.feedback.raise_()

    def export_image(self) -> None:
        try:  # QtSvg may be missing from a trimmed build: the rest of the app still runs
            from ..canvas.render import export_image_dialog
        except ImportError:
            self.say("Image export is not available in this build")
            return
        export_image_dialog(self, self.scene, say=self.say)

    def edit_properties(self) -> None:
        """File > Properties: the map's name and description."""
        MapPropertiesDialog(self.controller, self).exec()

    def edit_vocabulary(self, kind: str) -> None:
        """Map > Personas… or Channels…"""
        VocabularyDialog(self.controller, kind, self).exec()

    def open_commonality(self) -> CommonalityDialog:
        """Show (or raise) the window's one commonality view."""
        if self.commonality_dialog is None:
            self.commonality_dialog = CommonalityDialog(self.controller, self)
        self.commonality_dialog.show()
        self.commonality_dialog.raise_()
        self.commonality_dialog.activateWindow()
        return self.commonality_dialog

    # -- workshop mode ------------------------------------------------------------------------

    @property
    def workshop(self) -> bool:
        return self.workshop_mode.on

    @property
    def workshop_stage(self) -> int:
        return self.workshop_mode.stage

    def set_workshop_mode(self, on: bool) -> None:
        """Full screen, docks and toolbar hidden, one stage at a time in large type (PgDn / PgUp)."""
        bars: list[QWidget] = [self.toolbar, self.menuBar(), self.statusBar()]
        self.workshop_mode.set_on(on, self._docks, bars)
        self.actions_.refresh(self.workshop)

    def show_stage(self, index: int) -> None:
        self.workshop_mode.show_stage(index)

    def step_stage(self, direction: int) -> None:
        self.workshop_mode.step(direction)

    # -- closing ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._panels_placed:  # once shown: tabbed before, Qt leaves a stale tab bar painted
            self._panels_placed = True
            side: list[QDockWidget] = [self.inspector, self.segments_dock]
            bottom: list[QDockWidget] = [self.findings, self.diff_dock, self.feedback]
            if window_layout.compact(self.screen().availableGeometry()):
                side, bottom = side + bottom, []
            window_layout.arrange_panels(self, side, bottom, self.inspector)
            self.actuals.place_dock(self, self.inspector)  # the Funnel panel: a tab beside the map
            if not window_layout.restore_panels(self, self.settings):  # sized again once laid out
                QTimer.singleShot(0, lambda: window_layout.size_panels(self, side, bottom))

    def show_at_start(self) -> None:
        """Show the window as it was left, or fitted to the screen the first time."""
        if window_layout.restore_geometry(self, self.settings):
            self.show()
            return
        rect, maximise = window_layout.first_start_size(self.screen().availableGeometry())
        self.setGeometry(rect)
        self.showMaximized() if maximise else self.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        if not self.workshop_mode.on:  # the normal layout, not the projector's
            window_layout.save(self, self.settings)
        self.exporter.stop()
        self.autosaver.close()
        self.file_guard.close()  # the lock goes with the window
        self.controller.detach()
        with contextlib.suppress(RuntimeError):
            self.scene.detach()
        event.accept()
