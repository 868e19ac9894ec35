"""The context menu of stage headers and lane labels: rename, insert, move and delete; a stage's
playbook (create it, or open the one it has)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from ...model.intents import cards_in
from ...model.playbook_anchors import anchored_playbook
from ..editing.controller import EditingController
from .quick_entry import MOMENT_KINDS


class StructureMenu(QMenu):
    """Right-click on a stage header or lane label: rename, insert, move, delete (always the core's)."""

    def __init__(
        self,
        parent: QWidget,
        controller: EditingController,
        kind: str,
        element_id: str,
        start_rename: Callable[[str, str], None],
        add_moment: Callable[[str, str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller, self.kind, self.element_id = controller, kind, element_id
        self.start_rename = start_rename
        before, after = ("Left", "Right") if kind == "stage" else ("Up", "Down")
        noun = "stage" if kind == "stage" else "lane"
        self.addAction(f"Rename {noun}", lambda: start_rename(kind, element_id))
        self.addAction(f"Insert {noun} before", lambda: self.insert(0))
        self.addAction(f"Insert {noun} after", lambda: self.insert(1))
        self.addSeparator()
        self.addAction(f"Move {before.lower()}", lambda: self.move_by(-1))
        self.addAction(f"Move {after.lower()}", lambda: self.move_by(1))
        self.addSeparator()
        if kind == "stage" and add_moment is not None:
            for moment_kind, label in MOMENT_KINDS:
                action = self.addAction(f"Add {label.lower()} here")
                action.triggered.connect(lambda _checked=False, k=moment_kind: add_moment(element_id, k))
            self.addSeparator()
        if kind == "stage":  # a stage's playbook, in the journey the view shows
            self.target: str | None = getattr(parent, "target", controller.segment_id)
            journey = controller.journey(self.target)
            found = anchored_playbook(journey, "stage", element_id)
            self.playbook_id = found.id if found is not None else None
            text = "Open its Playbook" if found is not None else "Create Playbook for this Stage"
            self.addAction(text, self.playbook)
            self.addSeparator()
        self.addAction(f"Delete {noun}\u2026", self.delete)

    def playbook(self) -> None:
        """Create the stage's playbook (one undo step) or open the one it has, in the inspector."""
        playbook_id = self.playbook_id or self.controller.add_anchored_playbook(
            "stage", self.element_id, self.target
        )
        if playbook_id is not None:
            self.controller.open_playbook(playbook_id)

    def insert(self, offset: int) -> None:
        new = self.controller.insert_beside(self.kind, self.element_id, offset)
        if new is not None:
            self.start_rename(self.kind, new)

    def move_by(self, step: int) -> None:
        self.controller.move_beside(self.kind, self.element_id, step)

    def delete(self) -> None:
        """Asks first when cards would go with it (undo brings them back)."""
        workspace = self.controller.workspace
        cards = cards_in(workspace, self.kind, self.element_id)
        name = (workspace.core.stages if self.kind == "stage" else workspace.core.lanes)[self.element_id].name
        if cards:
            plural = "s" if cards != 1 else ""
            question = f"Delete {self.kind} \u201c{name}\u201d and its {cards} touchpoint{plural}?"
            question += " You can undo this."
            answer = QMessageBox.question(self.parentWidget(), f"Delete {self.kind}", question)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.controller.delete_structure(self.kind, self.element_id)
