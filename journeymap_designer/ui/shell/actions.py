"""Menus, toolbar and shortcuts of the main window (standard keys wherever Qt has one).

The window's own actions are made here; docks and dialogs publish theirs, and the window places them
in these menus (``place``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QMenu, QMenuBar, QToolBar

from ...model.playbook_anchors import anchor_kind_of, anchored_playbook
from ..canvas.view import MapView
from ..dialogs.export import Format
from ..editing.controller import EditingController
from .find_bar import FindBar


class Shell(Protocol):
    """What the menus ask of the window that holds them (the main window, in practice)."""

    find_bar: FindBar

    def menuBar(self) -> QMenuBar: ...
    def addAction(self, action: QAction, /) -> None: ...
    def close(self) -> bool: ...

    toolbar: QToolBar
    segment_box: QComboBox

    def new_document(self, template: str | None = None) -> bool: ...
    def open_file(self, path: str | Path | None = None) -> bool: ...
    def save(self) -> bool: ...
    def save_as(self) -> bool: ...
    def export(self, fmt: Format) -> None: ...
    def export_image(self) -> None: ...
    def import_feedback(self) -> None: ...
    def import_actuals(self) -> None: ...
    def compare_with_version(self) -> None: ...
    def edit_properties(self) -> None: ...
    def edit_vocabulary(self, kind: str) -> None: ...
    def set_workshop_mode(self, on: bool) -> None: ...
    def set_customer_view(self, on: bool) -> None: ...
    def step_stage(self, direction: int) -> None: ...
    def set_compare(self, on: bool) -> None: ...
    def set_side_by_side(self, on: bool) -> None: ...
    def recent_files(self) -> list[str]: ...


PLAYBOOK_TEXT = {
    "touchpoint": "Create &Playbook for this Activity",
    "moment": "Create &Playbook for this Moment",
    "open": "Open its &Playbook",
}


class WindowActions:
    """Builds and owns the window's actions; ``refresh`` keeps their text and state current."""

    def __init__(self, window: Shell, controller: EditingController, view: MapView) -> None:
        self.window = window
        self.controller = controller
        self.view = view
        bar = window.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.edit_menu = bar.addMenu("&Edit")
        self.view_menu = bar.addMenu("&View")
        self.map_menu = bar.addMenu("&Map")
        self.segment_menu = bar.addMenu("&Segment")  # segments panel, compare, conflicts, commonality
        w, v = window, view

        self.new = self.add(
            self.file_menu, "&New\u2026", lambda: w.new_document(), QKeySequence.StandardKey.New
        )
        self.open = self.add(
            self.file_menu, "&Open\u2026", lambda: w.open_file(), QKeySequence.StandardKey.Open
        )
        self.recent_menu = self.file_menu.addMenu("Open &Recent")
        self.file_menu.addSeparator()
        self.save = self.add(self.file_menu, "&Save", w.save, QKeySequence.StandardKey.Save)
        self.save_as = self.add(self.file_menu, "Save &As\u2026", w.save_as, QKeySequence.StandardKey.SaveAs)
        self.properties = self.add(self.file_menu, "P&roperties\u2026", w.edit_properties)
        self.properties.setToolTip("The map's name and description, as decks and workbooks show them")
        self.compare_version = self.add(self.file_menu, "Compare with &Version\u2026", w.compare_with_version)
        self.file_menu.addSeparator()
        self.export_image = self.add(self.file_menu, "Export &Image\u2026", w.export_image, "Ctrl+Shift+E")
        self.export_workbook = self.add(
            self.file_menu,
            "Export Playbook &Workbook (Excel)\u2026",
            lambda: w.export("xlsx"),
        )
        self.export_deck = self.add(
            self.file_menu,
            "Export Playbook &Deck (PowerPoint)\u2026",
            lambda: w.export("pptx"),
        )
        self.file_menu.addSeparator()
        self.import_feedback = self.add(self.file_menu, "Import Customer &Feedback\u2026", w.import_feedback)
        self.import_feedback.setToolTip(
            "Bring back a workbook a customer filled in: their answers, beside the map, in the Feedback panel"
        )
        self.import_actuals = self.add(self.file_menu, "Import &Actuals\u2026", w.import_actuals)
        self.import_actuals.setToolTip(
            "Accounts and the day each reached each success milestone (CSV or XLSX): the Funnel panel"
        )
        self.file_menu.addSeparator()
        self.add(self.file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)

        self.undo = self.add(self.edit_menu, "&Undo", controller.undo, QKeySequence.StandardKey.Undo)
        self.redo = self.add(self.edit_menu, "&Redo", controller.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
        self.edit_menu.addSeparator()
        self.delete = self.add(self.edit_menu, "&Delete", v.delete_selection)
        self.duplicate = self.add(self.edit_menu, "D&uplicate", v.duplicate_selection, "Ctrl+D")
        self.rename = self.add(self.edit_menu, "Re&name", self._rename_selected)
        self.select_all = self.add(
            self.edit_menu, "Select &All", self._select_all, QKeySequence.StandardKey.SelectAll
        )
        self.edit_menu.addSeparator()
        self.find = self.add(
            self.edit_menu, "&Find\u2026", w.find_bar.open_bar, QKeySequence.StandardKey.Find
        )
        self.find_next = self.add(
            self.edit_menu, "Find &Next", lambda: w.find_bar.step(1), QKeySequence.StandardKey.FindNext
        )
        self.find_previous = self.add(
            self.edit_menu,
            "Find &Previous",
            lambda: w.find_bar.step(-1),
            QKeySequence.StandardKey.FindPrevious,
        )

        self.zoom_in = self.add(
            self.view_menu, "Zoom &In", lambda: v.zoom_by(1.25), QKeySequence.StandardKey.ZoomIn
        )
        self.zoom_out = self.add(
            self.view_menu, "Zoom &Out", lambda: v.zoom_by(0.8), QKeySequence.StandardKey.ZoomOut
        )
        self.actual_size = self.add(self.view_menu, "&Actual Size", lambda: v.set_zoom(1.0), "Ctrl+0")
        self.fit = self.add(self.view_menu, "&Fit All", v.fit_all, "Ctrl+9")
        self.stage_menu = self.view_menu.addMenu("Zoom to &Stage")
        self.stage_menu.aboutToShow.connect(self._fill_stage_menu)
        self.view_menu.addSeparator()
        self.workshop = self.add(self.view_menu, "&Workshop Mode", w.set_workshop_mode, "F11", checkable=True)
        self.customer_view = self.add(
            self.view_menu,
            "&Customer View",
            w.set_customer_view,
            "Ctrl+Shift+C",
            checkable=True,
        )
        self.next_stage = self.add(self.view_menu, "Next Stage", lambda: w.step_stage(1), "PgDown")
        self.previous_stage = self.add(self.view_menu, "Previous Stage", lambda: w.step_stage(-1), "PgUp")
        self.view_menu.addSeparator()

        self.add_stage = self.add(self.map_menu, "Add &Stage", self._add_stage)
        self.add_customer_lane = self.add(
            self.map_menu, "Add &Customer Lane", lambda: self._add_lane("customer")
        )
        self.add_owner_lane = self.add(self.map_menu, "Add &Owner Lane", lambda: self._add_lane("internal"))
        self.map_menu.addSeparator()
        self.add_card = self.add(self.map_menu, "Add &Touchpoint", v.start_new_card_here, "Ctrl+Return")
        self.add_milestone = self.add(
            self.map_menu, "Add Success &Milestone", lambda: v.add_moment_here("success_milestone"), "Ctrl+M"
        )
        self.add_risk = self.add(self.map_menu, "Add &Risk", lambda: v.add_moment_here("risk"), "Ctrl+Alt+R")
        self.add_celebration = self.add(
            self.map_menu, "Add Ce&lebration", lambda: v.add_moment_here("celebration"), "Ctrl+Alt+C"
        )
        self.map_menu.addSeparator()
        self.personas = self.add(self.map_menu, "&Personas\u2026", lambda: w.edit_vocabulary("persona"))
        self.channels = self.add(self.map_menu, "C&hannels\u2026", lambda: w.edit_vocabulary("channel"))
        for moment_action in (self.add_milestone, self.add_risk, self.add_celebration):
            moment_action.setToolTip("A moment of truth in the selected card's stage (or the stage in view)")
        self.playbook = self.add(self.map_menu, PLAYBOOK_TEXT["touchpoint"], self._playbook, "Ctrl+Shift+P")
        self.playbook.setToolTip("A playbook for the selected card (an activity) or moment, or open its own")
        controller.selection_changed.connect(self._refresh_playbook)
        controller.changed.connect(lambda _change: self._refresh_playbook())
        self._refresh_playbook()

        self.compare = self.add(
            self.segment_menu, "&Compare with Core", w.set_compare, "Ctrl+Shift+D", checkable=True
        )
        self.compare.setToolTip("Mark what the shown segment adds, changes and hides compared with the core")
        self.side_by_side = self.add(
            self.segment_menu,
            "Side by Side with &Core",
            w.set_side_by_side,
            "Ctrl+Shift+B",
            checkable=True,
        )
        self.side_by_side.setToolTip("The core on the left, the shown segment on the right, moving together")
        self.segment_menu.addSeparator()

        toolbar = window.toolbar
        for action in (
            self.new,
            self.open,
            self.save,
            None,
            self.undo,
            self.redo,
            None,
            self.fit,
            self.workshop,
        ):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addWidget(window.segment_box)
        toolbar.addAction(self.compare)
        toolbar.addAction(self.side_by_side)
        toolbar.addAction(self.customer_view)
        self.refresh_recent()

    def add(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence.StandardKey | str | list[str] | None = None,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self.controller)  # the controller lives as long as the window
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every binding the platform has for it
        elif isinstance(shortcut, list):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.window.addAction(action)  # shortcuts work in workshop mode too, with the menu bar hidden
        return action

    def place(self, menu: QMenu, actions: Iterable[QAction | None]) -> None:
        """Put actions published by a dock or dialog in a menu (None: a separator); shortcuts work
        in workshop mode too, with the menu bar hidden."""
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
                self.window.addAction(action)

    def refresh(self, workshop: bool = False) -> None:
        history = self.controller.document.history
        self.undo.setEnabled(history.can_undo)
        self.redo.setEnabled(history.can_redo)
        self.undo.setText(f"&Undo {history.undo_name}" if history.can_undo else "&Undo")
        self.redo.setText(f"&Redo {history.redo_name}" if history.can_redo else "&Redo")
        for action, word, name in (
            (self.undo, "Undo", history.undo_name),
            (self.redo, "Redo", history.redo_name),
        ):
            action.setIconText(word)  # the toolbar button stays short; its tooltip names the step
            action.setToolTip(f"{word} {name}".strip())
        self.workshop.blockSignals(True)
        self.workshop.setChecked(workshop)
        self.workshop.blockSignals(False)

    def refresh_recent(self) -> None:
        self.recent_menu.clear()
        files = self.window.recent_files()
        for path in files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.window.open_file(p))
        self.recent_menu.setEnabled(bool(files))

    # -- map structure ------------------------------------------------------------------------

    def _fill_stage_menu(self) -> None:
        self.stage_menu.clear()
        view = self.view
        for stage in view.map_scene.journey.ordered_stages():
            action = self.stage_menu.addAction(stage.name)
            action.triggered.connect(lambda _checked=False, s=stage.id: view.zoom_to_stage(s))

    def _add_stage(self) -> None:
        stage_id = self.controller.add_stage()
        if stage_id is not None:
            self.view.start_rename("stage", stage_id)

    def _add_lane(self, side: str) -> None:
        lane_id = self.controller.add_lane(side)
        if lane_id is not None:
            self.view.start_rename("lane", lane_id)

    def _playbook_target(self) -> tuple[str, str, str | None] | None:
        """The one card or moment selected, and its playbook's id (None: it has none)."""
        selected = self.controller.selection
        if len(selected) != 1 or selected[0][0] not in ("touchpoint", "moment"):
            return None
        kind, element_id = selected[0]
        anchor = anchor_kind_of(kind)
        found = anchored_playbook(self.controller.journey(self.view.target), anchor, element_id)
        return kind, element_id, found.id if found is not None else None

    def _refresh_playbook(self) -> None:
        """Create for a card or moment without a playbook, Open for one with; nothing for the rest."""
        target = self._playbook_target()
        self.playbook.setEnabled(target is not None)
        kind = "touchpoint" if target is None else ("open" if target[2] else target[0])
        self.playbook.setText(PLAYBOOK_TEXT[kind])

    def _playbook(self) -> None:
        target = self._playbook_target()
        if target is None:
            return
        kind, element_id, playbook_id = target
        if playbook_id is None:
            playbook_id = self.controller.add_anchored_playbook(kind, element_id, self.view.target)
        if playbook_id is not None:
            self.controller.open_playbook(playbook_id)

    def _rename_selected(self) -> None:
        cards = self.view.selected_ids("touchpoint")
        if cards:
            self.view.start_rename("touchpoint", cards[0])

    def _select_all(self) -> None:
        for item in self.view.map_scene.cards.values():
            item.setSelected(True)
