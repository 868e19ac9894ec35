"""The differences dock: what the journey shown changes against a reference, and the conflicts to settle.

A map that a three-way merge left with conflicts lists them first, under "Merge conflicts", whatever
it is compared with (they are the map's, not the journey's): Take ours, Take theirs and Edit… settle
them (``merge_actions.py``), and the dock comes to the front when such a map is opened.

A lead keeping a segment sees here, element by element, where it departs from the core (or from another
segment, the last saved file, any other file), and which of its changes the core has since changed too.
Each row leads to its element on the map; the buttons settle a conflict, reset a change to the core or
promote it into the core for every segment, each one undoable command. The list follows edits on a
short debounce, so typing on the map never waits for it.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model.diff import Conflict, ElementDiff, conflicts, core_ids, counterpart, diff_journeys
from ...model.fileformat import FILE_SUFFIX, DocumentError, load_workspace
from ...model.resolve import resolve
from ...model.workspace import Journey, Segment, Workspace
from ..dialogs.conflict import ConflictDialog
from ..editing.controller import EditingController
from ..widgets.fieldeditors import note
from .diff_actions import DiffActions
from .diff_rows import GROUP_ORDER, ROLE_ROW, DiffTree, Reference, Row, reveal_row
from .merge_actions import MergeActions
from .merge_rows import merge_items

DEBOUNCE_MS = 150
EMPTY_CORE = "Showing the core journey: choose a segment, or compare with the last saved version."
CORE, SAVED, OTHER = "core", "saved", "other"


class DiffDock(QDockWidget):
    """Lists the differences of the journey shown from a chosen reference; a click goes to the element."""

    def __init__(self, controller: EditingController, parent: QWidget | None = None) -> None:
        super().__init__("Differences", parent)
        self.setObjectName("differences")
        self.controller = controller
        self.diffs: list[ElementDiff] = []
        self.conflicts: list[Conflict] = []
        self.reference = Reference(None, "the core")
        self.conflict_dialog: ConflictDialog | None = None
        self.journeys: tuple[Journey, ...] = ()
        self._choice = CORE  # the reference: core, seg:<id>, saved or file:<path>
        self._other_path: str | None = None
        self._version: tuple[str, str, Workspace] | None = None  # (choice, name, the map at that version)
        self._files: dict[Path, tuple[tuple[int, int], Workspace]] = {}

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(QLabel("Against:"))
        self.against = QComboBox()
        self.against.setObjectName("diff-against")
        self.against.setMinimumWidth(140)
        self.against.setToolTip("What the journey shown is compared with")
        self.against.currentIndexChanged.connect(self._against_changed)
        top.addWidget(self.against)
        self.filter = QLineEdit()
        self.filter.setObjectName("diff-filter")
        self.filter.setPlaceholderText("Filter\u2026")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMaximumWidth(240)
        self.filter.textChanged.connect(self._filter_changed)
        top.addWidget(self.filter)
        self.summary = QLabel()
        self.summary.setObjectName("diff-summary")
        bold = QFont(self.summary.font())
        bold.setBold(True)
        self.summary.setFont(bold)
        # A long summary must not widen the panel: it is cut, and whole in its tooltip.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.summary, 1)
        layout.addLayout(top)

        self.tree = DiffTree()
        self.tree.itemClicked.connect(self._activated)
        self.tree.itemActivated.connect(self._activated)
        self.tree.currentItemChanged.connect(lambda *_args: self.actions_.update_buttons())
        self.empty = note(EMPTY_CORE)
        self.empty.setObjectName("diff-empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)
        # Beside the list in a low strip at the bottom, under it in a column at the side.
        middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.dockLocationChanged.connect(
            lambda area: middle.setDirection(
                QBoxLayout.Direction.TopToBottom
                if area in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
                else QBoxLayout.Direction.LeftToRight
            )
        )
        middle.addWidget(self.stack, 1)
        buttons = QGridLayout()
        buttons.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.take_ours_button = self._button("Take ours", "Keep our side of the merge conflict")
        self.take_theirs_button = self._button("Take theirs", "Take their side of the merge conflict")
        self.edit_merge_button = self._button(
            "Edit\u2026", "Choose or type the value, seeing base, ours and theirs; or keep or delete"
        )
        self.edit_merge_button.setObjectName("merge-edit")
        for column, button in enumerate(
            (self.take_ours_button, self.take_theirs_button, self.edit_merge_button)
        ):
            buttons.addWidget(button, 0, column)
        self.keep_button: QPushButton = self._button(
            "Keep mine", "Keep the segment's value; the core's change is noted"
        )
        self.core_button: QPushButton = self._button(
            "Take core's", "Drop the segment's value and show the core's"
        )
        self.edit_button: QPushButton = self._button(
            "Edit\u2026", "Type the value the segment keeps, seeing all three"
        )
        self.reset_button: QPushButton = self._button(
            "Reset to core", "Make the segment match the core for this element"
        )
        self.promote_button: QPushButton = self._button(
            "Promote to core", "Move this change into the core: every segment"
        )
        self.promote_all_button: QPushButton = self._button(
            "Promote all\u2026", "Move all the segment's changes into the core"
        )
        self.restore_button: QPushButton = self._button(
            "Restore from this version",
            "Make this element as the version compared with has it (added back, set back or removed)",
        )
        for index, button in enumerate(
            (
                self.keep_button,
                self.core_button,
                self.edit_button,
                self.reset_button,
                self.promote_button,
                self.promote_all_button,
                self.restore_button,
            )
        ):
            buttons.addWidget(button, 1 + index // 3, index % 3)
        middle.addLayout(buttons)
        layout.addLayout(middle, 1)
        self.setWidget(body)

        self.actions_: DiffActions = DiffActions(self)
        self.merges = MergeActions(
            controller,
            self.tree,
            (self.take_ours_button, self.take_theirs_button, self.edit_merge_button),
            self.refresh,
            self.window,
        )
        self.tree.currentItemChanged.connect(lambda *_args: self.merges.update_buttons())
        controller.document_changed.connect(lambda _document: self.bring_forward_conflicts())
        self._first_show = True
        self.tree.customContextMenuRequested.connect(self.actions_.context_menu)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._refresh_if_seen)
        self._stale = False
        self._on_screen = True  # until told otherwise: a tab behind the findings is not on screen
        self.visibilityChanged.connect(self._visibility_changed)
        controller.changed.connect(self._schedule)
        # A save changes the last saved version without an edit.
        controller.state_changed.connect(lambda: self._schedule() if self._choice == SAVED else None)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._first_show:  # after the window has placed its panels (it raises the findings then)
            self._first_show = False
            QTimer.singleShot(0, self.bring_forward_conflicts)

    def bring_forward_conflicts(self) -> bool:
        """Show this dock in front of its tab group when the map holds merge conflicts (it was opened)."""
        if not self.workspace.merge_conflicts:
            return False
        self.show()
        self.raise_()
        self.refresh()
        return True

    def _filter_changed(self, text: str) -> None:
        self.tree.apply_filter(text)

    @staticmethod
    def _button(text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setEnabled(False)
        return button

    # -- what is compared ---------------------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        return self.controller.workspace

    @property
    def shown_id(self) -> str | None:
        return self.controller.segment_id

    def segment(self) -> Segment | None:
        return self.workspace.segments.get(self.shown_id or "")

    def shown_name(self) -> str:
        segment = self.segment()
        return segment.name if segment is not None else "the core"

    @property
    def pending(self) -> bool:
        """True while a refresh waits for the debounce to run out."""
        return self._timer.isActive()

    def _schedule(self, _change: object = None) -> None:
        self._timer.start()  # restarting it is the debounce: a burst of edits costs one refresh

    def _fill_against(self) -> None:
        """The reference choices: the core, the other segments, the saved file, another file."""
        workspace, shown = self.workspace, self.shown_id
        if self._choice.startswith("seg:") and (
            self._choice[4:] == shown or self._choice[4:] not in workspace.segments
        ):
            self._choice = CORE  # the segment is now the one shown, or it was deleted
        wanted = [("Core journey", CORE)]
        wanted += [
            (f"Segment: {s.name}", f"seg:{s.id}") for s in workspace.segments.values() if s.id != shown
        ]
        wanted.append(("Last saved version", SAVED))
        if self._version is not None:
            wanted.append((f"Version: {self._version[1]}", self._version[0]))
        if self._other_path:
            wanted.append((f"File: {Path(self._other_path).name}", f"file:{self._other_path}"))
        wanted.append(("Other file\u2026", OTHER))
        box = self.against
        was = box.blockSignals(True)
        if [(box.itemText(i), box.itemData(i)) for i in range(box.count())] != wanted:
            box.clear()
            for text, data in wanted:
                box.addItem(text, data)
                if data.startswith("file:"):
                    box.setItemData(box.count() - 1, data[5:], Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(max(0, box.findData(self._choice)))
        box.blockSignals(was)

    def _against_changed(self, index: int) -> None:
        choice = self.against.itemData(index)
        if choice == OTHER:
            self._pick_other_file()
            return
        self._choice = str(choice or CORE)
        self.refresh()

    def choose_other_file(self) -> str | None:
        """Ask for a journey map to compare with (tests replace this)."""
        path = self.controller.document.path
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Compare with a journey map",
            str(path.parent if path is not None else Path.home()),
            f"Journey maps (*{FILE_SUFFIX});;All files (*)",
        )
        return chosen or None

    def show_error(self, title: str, text: str) -> None:
        """Tell the user why something could not be done (tests replace this)."""
        QMessageBox.warning(self, title, text)

    def confirm(self, title: str, text: str) -> bool:
        """Ask before a large or destructive step (tests replace this)."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def compare_with_version(self, key: str, name: str, workspace: Workspace) -> None:
        """Compare with the map as it was at a version (File > Compare with Version…), as with a file.

        ``key`` tells versions apart (the commit id); ``name`` is how the list and the summary call it.
        """
        self._version = (f"version:{key}", name, workspace)
        self._choice = self._version[0]
        self.refresh()

    def _pick_other_file(self) -> None:
        path = self.choose_other_file()
        if path:
            try:
                self._load(Path(path))
            except DocumentError as exc:
                self.show_error("Cannot compare with that file", f"{exc}\n\nChoose another journey map.")
                path = None
        if path:
            self._other_path = str(path)
            self._choice = f"file:{path}"
        self.refresh()  # also puts the combo back on the previous choice after a cancel or an error

    def _load(self, path: Path) -> Workspace:
        """A workspace from a file, read again only when the file changed on disk."""
        try:
            info = os.stat(path)
            key = (info.st_mtime_ns, info.st_size)
        except OSError:
            key = (-1, -1)
        cached = self._files.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        workspace = load_workspace(path)
        self._files[path] = (key, workspace)
        return workspace

    def _reference(self) -> Reference:
        workspace, shown, choice = self.workspace, self.shown_id, self._choice
        if choice.startswith("seg:") and choice[4:] in workspace.segments:
            segment = workspace.segments[choice[4:]]
            return Reference(resolve(workspace, segment.id), segment.name, source="segment")
        if choice == SAVED:
            path = self.controller.document.path
            if path is None:
                problem = "This map has not been saved yet: there is no saved version to compare with."
                return Reference(None, "the last saved version", problem, source="file")
            return self._file_reference(path, "the last saved version")
        if choice.startswith("file:"):
            return self._file_reference(Path(choice[5:]), Path(choice[5:]).name)
        if self._version is not None and choice == self._version[0]:
            return self._map_reference(self._version[2], f"version {self._version[1]}")
        if shown is None:
            return Reference(None, "the core", EMPTY_CORE)
        return Reference(workspace.core, "the core")

    def _file_reference(self, path: Path, name: str) -> Reference:
        try:
            other = self._load(path)
        except DocumentError as exc:
            return Reference(None, name, f"Cannot compare with {name}: {exc}", source="file")
        return self._map_reference(other, name)

    def _map_reference(self, other: Workspace, name: str) -> Reference:
        """Another map (a file, a version) as the reference: its journey that stands for the one shown."""
        paired = counterpart(other, self.segment())  # by id, else by name: as `journeymap diff` does
        note_text = "" if self.shown_id is None or paired else f" (its core: it has no {self.shown_name()})"
        return Reference(resolve(other, paired), name, note=note_text, source="file")

    # -- the list -----------------------------------------------------------------------------

    def _refresh_if_seen(self) -> None:
        """A dock behind another tab waits until it is shown: typing never pays for an unseen list."""
        if self._on_screen:
            self.refresh()
        else:
            self._stale = True

    def _visibility_changed(self, visible: bool) -> None:
        self._on_screen = visible  # isVisible() stays true for a dock whose tab is not current
        if visible and self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Compare again now and redraw the list, keeping the current row when it is still there."""
        self._timer.stop()
        self._stale = False
        self._fill_against()
        workspace, shown_id, segment = self.workspace, self.shown_id, self.segment()
        self.reference = reference = self._reference()
        shown = resolve(workspace, shown_id)
        self.diffs = diff_journeys(reference.journey, shown, core_ids(workspace)) if reference.journey else []
        self.conflicts = conflicts(workspace, shown_id) if shown_id else []
        self.journeys = tuple(j for j in (shown, reference.journey, workspace.core) if j is not None)
        merges = merge_items(workspace, workspace.merge_conflicts)
        self.tree.fill(workspace, segment, self.diffs, self.conflicts, self.journeys, reference, merges)
        m, n = len(merges), len(self.conflicts)
        unsettled = f"{m} merge conflict{'s' * (m != 1)} to settle" if m else ""
        counts = [f"{n} conflict{'s' * (n != 1)}"] if n else []
        for status in GROUP_ORDER[2:]:  # after merge conflicts and conflicts
            count = sum(1 for d in self.diffs if d.status == status)
            counts += [f"{count} {status}"] if count else []
        shown_label = segment.name if segment is not None else "Core journey"
        found = ", ".join(counts) or "no differences"
        compared = (
            f"{shown_label} against {reference.name}{reference.note}: {found}" if reference.journey else ""
        )
        self.summary.setText(" \u00b7 ".join(t for t in (unsettled, compared) if t))
        self.summary.setToolTip(self.summary.text())
        empty_text = reference.problem or (
            "" if counts else f"No differences: {self.shown_name()} matches {reference.name}{reference.note}."
        )
        self.empty.setText(empty_text)
        self.stack.setCurrentWidget(self.empty if empty_text and not m else self.tree)
        self.tree.apply_filter(self.filter.text())
        self.actions_.update_buttons()
        self.merges.update_buttons()
        self.actions_.update_canvas_actions()

    def item_for(self, element_id: str, status: str | None = None) -> QTreeWidgetItem | None:
        """The row of one element (in the group of ``status`` when given), for tests and shortcuts."""
        return self.tree.find_row(
            lambda r: r.role == "element" and r.element_id == element_id and status in (None, r.status)
        )

    def conflict_item(self, element_id: str, field: str) -> QTreeWidgetItem | None:
        return self.tree.find_row(
            lambda r: r.role == "conflict" and (r.element_id, r.field) == (element_id, field)
        )

    def merge_item(self, element_id: str, field: str | None = None) -> QTreeWidgetItem | None:
        """The row of one merge conflict (``field`` None: the element as a whole)."""
        return self.tree.find_row(
            lambda r: r.role == "merge" and (r.element_id, r.field) == (element_id, field or "")
        )

    def element_ids(self, status: str | None = None) -> set[str]:
        """The ids listed (in the group of ``status``, or in any group but the conflicts)."""
        return {d.element_id for d in self.diffs if status in (None, d.status)}

    def selected_row(self) -> Row | None:
        return self.tree.current_row()

    # -- going to an element ------------------------------------------------------------------

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        row = item.data(0, ROLE_ROW)
        if row is not None and row.role == "merge":
            self.merges.go_to(row)
        elif row is not None and row.role != "group":
            self.go_to(row)

    def go_to(self, row: Row) -> None:
        """Select the element on the map; a hidden one is drawn as a ghost in compare mode first."""
        reveal_row(self.controller, self.journeys, row)
