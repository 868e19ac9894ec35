"""The keyboard on the map: typing cards and moments in place, quick entry, renaming, arrow keys.

Keyboard first, for live workshops: type a title and press Enter to add the next card in the same
cell, Tab to go on to the next stage, Escape to stop. A mixin of :class:`.view.MapView`, kept apart so
the view's mouse handling and this editing each stay small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtWidgets import QGraphicsView, QMenu

from ..editing.controller import EditingController
from .inline_editor import InlineEditor
from .scene import MapScene

MOMENT_KINDS = (
    ("success_milestone", "Success milestone"),
    ("risk", "Risk"),
    ("celebration", "Celebration"),
)
ENTRY_MARGIN = 24  # pixels kept between the entry box and the view's edge

_ViewBase = QGraphicsView if TYPE_CHECKING else object


class QuickEntryMixin(_ViewBase):  # type: ignore[misc,valid-type]
    """The inline editor of a map view: new cards, quick entry and renaming."""

    map_scene: MapScene
    controller: EditingController
    editor: InlineEditor
    _edit_target: tuple[str, ...] | None  # ("new", stage, lane) | ("rename", kind, id)
    _editor_scene_rect: QRectF
    clicked_cell: tuple[str, str] | None  # (stage, lane) of the last click on the map's empty space

    if TYPE_CHECKING:

        @property
        def target(self) -> str | None: ...

        @property
        def zoom(self) -> float: ...

        def select(self, element_id: str | None, center: bool = True) -> None: ...

        def say(self, text: str) -> None: ...

        def selected_ids(self, kind: str | None = None) -> list[str]: ...

        def selected_items(self) -> list[tuple[str, str]]: ...

    # -- inline editing and quick entry -------------------------------------------------------

    def start_new_card(self, stage_id: str, lane_id: str) -> None:
        """Open the inline editor on the next free slot of a cell; Enter adds the card."""
        slot = self.map_scene.layout.slot_for_new_card(stage_id, lane_id)
        if slot is None:
            return
        rect = QRectF(slot.x, slot.y, slot.w, 34)  # where the card will land once added
        self._edit_target = ("new", stage_id, lane_id)
        self.controller.set_brainstorming(True)
        self._open_editor(rect, "", "New touchpoint: type a title, Enter to add, Tab for the next stage")

    def start_rename(self, kind: str, element_id: str) -> None:
        scene = self.map_scene
        if scene.is_ghost(element_id):
            self.say(scene.ghost_note())
            return
        geometry = scene.layout.geometry
        if kind == "touchpoint":
            rect = geometry.cards.get(element_id)
            text = (
                scene.journey.touchpoints[element_id].title if element_id in scene.journey.touchpoints else ""
            )
        elif kind == "moment":
            rect = geometry.moments.get(element_id)
            moment = scene.journey.moments.get(element_id)
            text = moment.title if moment is not None else ""
        elif kind == "stage":
            rect = geometry.headers.get(element_id)
            text = scene.journey.stages[element_id].name
        else:
            rect = geometry.lane_labels.get(element_id)
            text = scene.journey.lanes[element_id].name
        if rect is None:
            return
        self._edit_target = ("rename", kind, element_id)
        noun = "moment of truth" if kind == "moment" else kind
        top = rect.y - 5 if kind == "moment" else rect.y + 4  # a moment's marker is shorter than the box
        self._open_editor(QRectF(rect.x + 4, top, max(rect.w - 8, 160), 34), text, f"Rename the {noun}")

    # -- moments of truth -------------------------------------------------------------------------

    def add_moment(self, stage_id: str, kind: str) -> str | None:
        """Add a moment of ``kind`` to a stage and type its title in place."""
        moment_id = self.controller.add_moment(stage_id, kind)
        if moment_id is not None:
            self.select(moment_id)
            self.start_rename("moment", moment_id)
        return moment_id

    def add_moment_here(self, kind: str) -> str | None:
        """Map menu: in the stage of the selection, or else the stage in the middle of the view."""
        journey = self.map_scene.journey
        stage_id = None
        for element_kind, element_id in self.selected_items():
            element = journey.touchpoints.get(element_id) or journey.moments.get(element_id)
            if element_kind in ("touchpoint", "moment") and element is not None:
                stage_id = element.stage_id
                break
        if stage_id is None:
            centre = self.mapToScene(self.viewport().rect().center())
            stage_id = self.map_scene.layout.geometry.stage_at(centre.x())
        if stage_id is None:
            stages = journey.ordered_stages()
            stage_id = stages[0].id if stages else None
        if stage_id is None:
            self.say("Add a stage first (Map menu): a moment of truth belongs to a stage")
            return None
        return self.add_moment(stage_id, kind)

    def ask_moment_kind(self, stage_id: str, global_pos: QPoint) -> None:
        """A double-click in the moments band: choose the kind in one step, then type the title."""
        menu = QMenu(self)
        for kind, label in MOMENT_KINDS:
            action = menu.addAction(label)
            action.triggered.connect(lambda _checked=False, k=kind: self.add_moment(stage_id, k))
        menu.exec(global_pos)
        menu.deleteLater()

    def _open_editor(self, scene_rect: QRectF, text: str, hint: str) -> None:
        self._editor_scene_rect = scene_rect
        self.ensureVisible(scene_rect, ENTRY_MARGIN, ENTRY_MARGIN)  # scrolls only when it must
        self.editor.setPlaceholderText(hint)
        self.editor.setText(text)
        font = self.editor.font()
        font.setPointSizeF(max(9.0, min(28.0, 11 * self.zoom)))
        self.editor.setFont(font)
        self._reposition_editor()
        self.editor.show()
        self.editor.setFocus()
        self.editor.selectAll()

    def _reposition_editor(self) -> None:
        if self.editor.isVisible() or self._edit_target is not None:
            rect = self.mapFromScene(getattr(self, "_editor_scene_rect", QRectF())).boundingRect()
            self.editor.setGeometry(rect.x(), rect.y(), max(rect.width(), 160), max(rect.height(), 30))

    def commit_editor(self) -> None:
        """A title being typed belongs to the document (before a save, a close or an export)."""
        if self.editor.isVisible():
            self._editor_finished(self.editor.text(), "focus")

    def _close_editor(self) -> None:
        self._edit_target = None
        self.editor.hide()
        self.setFocus()

    def _editor_finished(self, text: str, how: str) -> None:
        target = self._edit_target
        if target is None:
            return
        try:
            self._finish_entry(target, text, how)
        finally:
            if self._edit_target is None:  # no next card was opened: quick entry is over
                self.controller.set_brainstorming(False)

    def _finish_entry(self, target: tuple[str, ...], text: str, how: str) -> None:
        text = text.strip()
        if target[0] == "rename":
            _, kind, element_id = target
            self._close_editor()
            if how != "escape" and text:
                self.controller.rename(kind, element_id, text, self.target)
            return
        _, stage_id, lane_id = target
        self._close_editor()
        if text:  # Escape ends quick entry but keeps what was typed, as sticky notes do
            self.add_card(stage_id, lane_id, text)
        if how == "enter":
            self.start_new_card(stage_id, lane_id)  # at once, so the next keystrokes land in it
        elif how in ("tab", "backtab"):
            stages = [s.id for s in self.map_scene.journey.ordered_stages()]
            index = stages.index(stage_id) + (1 if how == "tab" else -1)
            if 0 <= index < len(stages):
                self.start_new_card(stages[index], lane_id)

    def add_card(self, stage_id: str, lane_id: str, title: str) -> str | None:
        card_id = self.controller.add_card(stage_id, lane_id, title, self.target, self.map_scene.journey)
        if card_id is not None:
            self.select(card_id, center=False)  # it stands where its entry box was: in view already
        return card_id

    def start_new_card_here(self) -> None:
        """Quick entry in the selected card's cell, or in the first cell when nothing is selected."""
        cards = self.selected_ids("touchpoint")
        tp = self.map_scene.journey.touchpoints.get(cards[0]) if cards else None
        clicked = self.clicked_cell
        if tp is not None:
            self.start_new_card(tp.stage_id, tp.lane_id)
        elif clicked is not None and self.map_scene.layout.geometry.cell(*clicked) is not None:
            self.start_new_card(*clicked)  # typing after a click on the map starts the card there
        else:
            self._start_in_first_cell()

    def _start_in_first_cell(self) -> None:
        journey = self.map_scene.journey
        stages, lanes = journey.ordered_stages(), journey.ordered_lanes()
        if stages and lanes:
            self.start_new_card(stages[0].id, lanes[0].id)
        else:
            self.say("Add a stage and a lane first (Map menu)")

    # -- arrow keys ---------------------------------------------------------------------------

    def move_selection(self, key: int) -> None:
        """Select the nearest card in the arrow's direction."""
        scene = self.map_scene
        cards = self.selected_ids("touchpoint")
        rects = scene.layout.geometry.cards
        if not cards or cards[0] not in rects:
            first = min(rects.items(), key=lambda kv: (kv[1].x, kv[1].y), default=None)
            if first is not None:
                self.select(first[0])
            return
        cx, cy = rects[cards[0]].center
        dx, dy = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }[Qt.Key(key)]
        best, best_score = None, float("inf")
        for card_id, rect in rects.items():
            x, y = rect.center
            along = (x - cx) * dx + (y - cy) * dy
            if card_id == cards[0] or along <= 1:
                continue
            across = abs((x - cx) * dy) + abs((y - cy) * dx)
            score = along + 2.5 * across
            if score < best_score:
                best, best_score = card_id, score
        if best is not None:
            self.select(best)
