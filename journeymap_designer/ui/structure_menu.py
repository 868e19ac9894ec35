"""The context menu of stage headers and lane labels: rename, insert, move and delete, as commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QMessageBox

from ..model.commands import AddElement, RemoveElement, ReorderElements, new_id

if TYPE_CHECKING:
    from .view import MapView


class StructureMenu(QMenu):
    """Right-click on a stage header or lane label: rename, insert, move, delete."""

    def __init__(self, view: MapView, kind: str, element_id: str) -> None:
        super().__init__(view)
        self.view, self.kind, self.element_id = view, kind, element_id
        before, after = ("Left", "Right") if kind == "stage" else ("Up", "Down")
        noun = "stage" if kind == "stage" else "lane"
        self.addAction(f"Rename {noun}", lambda: view.start_rename(kind, element_id))
        self.addAction(f"Insert {noun} before", lambda: self.insert(0))
        self.addAction(f"Insert {noun} after", lambda: self.insert(1))
        self.addSeparator()
        self.addAction(f"Move {before.lower()}", lambda: self.move(-1))
        self.addAction(f"Move {after.lower()}", lambda: self.move(1))
        self.addSeparator()
        self.addAction(f"Delete {noun}\u2026", self.delete)

    def _siblings(self) -> list[str]:
        journey = self.view.map_scene.document.workspace.core
        if self.kind == "stage":
            return [s.id for s in journey.ordered_stages()]
        side = journey.lanes[self.element_id].side
        return [lane.id for lane in journey.ordered_lanes() if lane.side == side]

    def insert(self, offset: int) -> None:
        view = self.view
        workspace = view.map_scene.document.workspace
        order = self._siblings()
        new = new_id("stg" if self.kind == "stage" else "lane", workspace.all_ids())
        order.insert(order.index(self.element_id) + offset, new)
        data: dict[str, object] = {"id": new, "name": "New stage" if self.kind == "stage" else "New lane"}
        if self.kind == "lane":
            data["side"] = workspace.core.lanes[self.element_id].side
        history = view.map_scene.document.history

        def build() -> None:
            history.push(AddElement(self.kind, data))
            history.push(ReorderElements(self.kind, order))

        if view.macro(f"Insert {self.kind}", build):
            view.start_rename(self.kind, new)

    def move(self, step: int) -> None:
        order = self._siblings()
        index = order.index(self.element_id)
        if 0 <= index + step < len(order):
            order[index], order[index + step] = order[index + step], order[index]
            self.view.push(ReorderElements(self.kind, order))

    def delete(self) -> None:
        view = self.view
        journey = view.map_scene.document.workspace.core
        field = "stage_id" if self.kind == "stage" else "lane_id"
        cards = sum(1 for t in journey.touchpoints.values() if getattr(t, field) == self.element_id)
        name = (journey.stages if self.kind == "stage" else journey.lanes)[self.element_id].name
        if cards:
            plural = "s" if cards != 1 else ""
            question = f"Delete {self.kind} \u201c{name}\u201d and its {cards} touchpoint{plural}?"
            question += " You can undo this."
            answer = QMessageBox.question(view, f"Delete {self.kind}", question)
            if answer != QMessageBox.StandardButton.Yes:
                return
        view.push(RemoveElement(self.kind, self.element_id))
