"""What the differences dock's Take ours, Take theirs and Edit… do to a merge conflict.

Each settles the conflict of the list's current row through the editing controller
(``settle_merge_conflict``), as one undo step: the row goes when settled and comes back on Undo,
because the list is rebuilt from ``Workspace.merge_conflicts`` after every change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from ...model.elements import MergeConflict
from ..dialogs.conflict import quote
from ..dialogs.merge_conflicts import KeepOrDeleteDialog, field_dialog
from ..editing.controller import EditingController
from .diff_rows import DiffTree, Row
from .merge_rows import conflict_title, field_text, reveal_conflict, side_value


class MergeActions:
    """Turns the three merge buttons into settled conflicts; knows which conflict a row stands for."""

    def __init__(
        self,
        controller: EditingController,
        tree: DiffTree,
        buttons: tuple[QPushButton, QPushButton, QPushButton],
        settled: Callable[[], None],
        parent: Callable[[], QWidget],
    ) -> None:
        self.controller = controller
        self.tree = tree
        self.ours_button, self.theirs_button, self.edit_button = buttons
        self._settled = settled  # the dock lists again at once: the row must not linger for the debounce
        self._parent = parent
        self.dialog: QDialog | None = None  # the open Edit… dialog (tests answer it)
        self.ours_button.clicked.connect(lambda _checked=False: self.take("ours"))
        self.theirs_button.clicked.connect(lambda _checked=False: self.take("theirs"))
        self.edit_button.clicked.connect(lambda _checked=False: self.edit())

    def conflict_of(self, row: Row | None) -> MergeConflict | None:
        if row is None or row.role != "merge":
            return None
        found = self.controller.workspace.merge_conflicts
        return next((c for c in found if c.key() == row.key), None)

    def selected(self) -> MergeConflict | None:
        return self.conflict_of(self.tree.current_row())

    def update_buttons(self) -> None:
        """Shown only while the map holds merge conflicts; enabled on a merge conflict's row."""
        any_left = bool(self.controller.workspace.merge_conflicts)
        conflict = self.selected()
        for button in (self.ours_button, self.theirs_button, self.edit_button):
            button.setVisible(any_left)
            button.setEnabled(conflict is not None)
        if conflict is not None:
            self.ours_button.setToolTip(f"Keep {conflict.ours_label}'s side (what the map holds now)")
            self.theirs_button.setToolTip(f"Take {conflict.theirs_label}'s side")

    def go_to(self, row: Row) -> None:
        conflict = self.conflict_of(row)
        if conflict is not None:
            reveal_conflict(self.controller, conflict)

    def _done_text(self, conflict: MergeConflict, side: str | None, value: Any) -> str:
        """The status line after settling: "Settled “Kickoff”, title: took feature's “Kickoff B”"."""
        title = conflict_title(self.controller.workspace, conflict)
        shown = quote(side_value(self.controller.workspace, conflict, value))
        how = f"took {side}'s {shown}" if side else f"now {shown}"
        return f"Settled \u201c{title}\u201d, {field_text(conflict).lower()}: {how}"

    def take(self, choice: str) -> None:
        """Take ours or theirs for the current row's conflict."""
        conflict = self.selected()
        if conflict is None:
            return
        ours = choice == "ours"
        label = conflict.ours_label if ours else conflict.theirs_label
        done = self._done_text(conflict, label, conflict.ours if ours else conflict.theirs)
        problem = self.controller.settle_merge_conflict(
            conflict.key(), "ours" if ours else "theirs", done=done
        )
        if problem is not None:
            self.controller.message.emit(problem)
        else:
            self._settled()

    def edit(self) -> QDialog | None:
        """Open Edit… (window-modal, not blocking): its OK settles the conflict with the chosen value."""
        conflict = self.selected()
        if conflict is None:
            return None
        title = conflict_title(self.controller.workspace, conflict)

        def submit(value: Any) -> str | None:
            done = self._done_text(conflict, None, value)
            problem = self.controller.settle_merge_conflict(conflict.key(), "value", value, done)
            if problem is None:
                self._settled()
            return problem

        dialog: QDialog
        if conflict.field is None:
            dialog = KeepOrDeleteDialog(conflict, title, submit, self._parent())
        else:
            dialog = field_dialog(self.controller.workspace, conflict, title, submit, self._parent())
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
