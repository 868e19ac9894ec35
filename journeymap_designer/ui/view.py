"""The map view: turns mouse and keyboard gestures into model commands, and navigates the map.

Keyboard first, for live workshops: type a title and press Enter to add the next card in the same
cell, Tab to go on to the next stage, arrows to move the selection, Delete to remove, Ctrl+D to
duplicate, F2 to rename. A drag (move a card, or connect two cards from a card's right-edge handle)
is one command, pushed on release.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsView, QWidget

from ..model.commands import (
    AddElement,
    RemoveElement,
    ReorderElements,
    UpdateElement,
    new_id,
)
from ..model.edits import Command, CommandError
from ..model.elements import Touchpoint
from ..model.layout import CARD_H, CARD_W, CELL_PAD, GAP, cell_key
from ..model.resolve import effective_element
from .inline_editor import InlineEditor
from .items import DETAIL_LOD, TEXT_LOD, Z_CARD, Z_DRAG, Z_LAYER, CardItem, FlowItem, MapItem, MomentItem
from .scene import MapScene
from .structure_menu import StructureMenu

MIN_ZOOM, MAX_ZOOM = 0.02, 4.0
GHOST_NOTE = "This segment hides it (a ghost in compare mode): Segment > Reset to Core shows it again"


class MapView(QGraphicsView):
    """The canvas widget: zoom, pan, select, edit; every edit a command on the document's history."""

    message = Signal(str)  # a short note for the status bar (e.g. why an edit was refused)
    selection_changed = Signal(object)  # (kind, id) of the single selected element, or None
    resized = Signal()
    view_changed = Signal()  # zoomed or scrolled: what the viewport shows moved (side by side follows)
    element_menu_requested = Signal(object)  # a right-click on a card, arrow or moment: its global QPoint

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.map_scene = scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self._space_held = False
        self._pan_from: QPointF | None = None
        self._drag_card: CardItem | None = None
        self._drag_offset = QPointF()
        self._drag_start = QPointF()
        self._dragging = False
        self._connect_from: str | None = None
        self._connect_line: QGraphicsLineItem | None = None
        self.editor = InlineEditor(self.viewport())
        self.editor.hide()
        self.editor.finished.connect(self._editor_finished)
        self._edit_target: tuple[str, ...] | None = None  # ("new", stage, lane) | ("rename", kind, id)
        scene.selectionChanged.connect(self._emit_selection)
        self.horizontalScrollBar().valueChanged.connect(lambda _value: self.view_changed.emit())
        self.verticalScrollBar().valueChanged.connect(lambda _value: self.view_changed.emit())
        scene.journey_changed.connect(lambda _change: self._reposition_editor())

    # -- commands -----------------------------------------------------------------------------

    @property
    def target(self) -> str | None:
        """Edits go to what is shown: the core, or the segment on screen."""
        return self.map_scene.segment_id

    def push(self, command: Command) -> bool:
        try:
            self.map_scene.document.push(command)
        except CommandError as exc:
            self.message.emit(str(exc))
            return False
        return True

    def macro(self, name: str, build: Callable[[], None]) -> bool:
        try:
            with self.map_scene.document.history.macro(name):
                build()
        except CommandError as exc:
            self.message.emit(str(exc))
            return False
        return True

    # -- selection ----------------------------------------------------------------------------

    def selected_ids(self, kind: str | None = None) -> list[str]:
        return [
            i.element_id
            for i in self.map_scene.selectedItems()
            if isinstance(i, MapItem) and (kind is None or i.kind == kind)
        ]

    def select(self, element_id: str | None, center: bool = True) -> None:
        scene = self.map_scene
        item: MapItem | None = scene.cards.get(element_id or "") or scene.flows.get(element_id or "")
        item = item or scene.moments.get(element_id or "")
        scene.clearSelection()
        if item is not None:
            item.setSelected(True)
            if center:
                self.ensureVisible(item, 60, 60)

    def _emit_selection(self) -> None:
        if not shiboken6.isValid(self.map_scene):  # the scene is being destroyed with the window
            return
        items = [i for i in self.map_scene.selectedItems() if isinstance(i, MapItem)]
        self.selection_changed.emit((items[0].kind, items[0].element_id) if len(items) == 1 else None)

    # -- zoom and pan -------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.setTransform(self.transform().fromScale(factor, factor))
        self.view_changed.emit()

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # Below the detail zoom the scene draws one overview item instead of every card and arrow;
        # checked here so every way of zooming (wheel, keys, fit, a test's setTransform) is covered.
        self.map_scene.set_overview(self.zoom < DETAIL_LOD)
        self.map_scene.set_card_cache(self.zoom >= TEXT_LOD)
        super().paintEvent(event)

    def zoom_by(self, step: float) -> None:
        self.set_zoom(self.zoom * step)

    def fit_all(self) -> None:
        self.fitInView(self.map_scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.view_changed.emit()

    def show_start(self) -> None:
        """Where a map opens: all of it if that can be read, else readable size from its start."""
        self.fit_all()
        if self.zoom < 0.6:
            self.set_zoom(0.6)
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
            self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def zoom_to_stage(self, stage_id: str) -> None:
        rect = self.map_scene.layout.geometry.stages.get(stage_id)
        if rect is not None:
            self.fitInView(
                QRectF(rect.x - 20, rect.y - 10, rect.w + 40, rect.h + 20), Qt.AspectRatioMode.KeepAspectRatio
            )
            self.view_changed.emit()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._reposition_editor()
        self.resized.emit()

    def present_stage(self, stage_id: str) -> None:
        """Workshop presentation: the stage in large type, its header at the top of the screen.

        Fills the width with the stage (and a margin), but never zooms so far that fewer than about
        600 scene units (header, moments, emotion and the first lanes) fit on screen.
        """
        geometry = self.map_scene.layout.geometry
        rect = geometry.stages.get(stage_id)
        if rect is None:
            return
        viewport = self.viewport().rect()
        zoom = min(viewport.width() / (rect.w + 80), viewport.height() / 600)
        self.set_zoom(zoom)
        self.centerOn(rect.x + rect.w / 2, rect.y + viewport.height() / zoom / 2 - 20)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            event.accept()
            return
        super().wheelEvent(event)

    # -- mouse --------------------------------------------------------------------------------

    def _card_under(self, pos: QPointF) -> CardItem | None:
        for item in self.items(pos.toPoint()):
            if isinstance(item, CardItem) and item is not self._drag_card:
                return item
        return None

    def _header_under(self, scene_pos: QPointF) -> tuple[str, str] | None:
        geometry = self.map_scene.layout.geometry
        for stage_id, rect in geometry.headers.items():
            if rect.contains(scene_pos.x(), scene_pos.y()):
                return ("stage", stage_id)
        for lane_id, rect in geometry.lane_labels.items():
            if rect.contains(scene_pos.x(), scene_pos.y()):
                return ("lane", lane_id)
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._commit_editor_if_open()
        if event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space_held
        ):
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            header = self._header_under(self.mapToScene(event.position().toPoint()))
            if header is not None:  # a stage header or lane label: show it in the inspector
                self.map_scene.clearSelection()
                self.selection_changed.emit(header)
                event.accept()
                return
            card = self._card_under(event.position())
            if card is not None and self.map_scene.is_ghost(card.element_id):
                card = None  # a ghost can be selected, never dragged or connected
            if card is not None:
                local = card.mapFromScene(self.mapToScene(event.position().toPoint()))
                if card.connector_rect().contains(local):
                    self._start_connect(card)
                    event.accept()
                    return
                self._drag_card = card
                self._drag_start = self.mapToScene(event.position().toPoint())
                self._drag_offset = self._drag_start - card.scenePos()
                self._dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(int(self.horizontalScrollBar().value() - delta.x()))
            self.verticalScrollBar().setValue(int(self.verticalScrollBar().value() - delta.y()))
            return
        scene_pos = self.mapToScene(event.position().toPoint())
        if self._connect_line is not None:
            line = self._connect_line.line()
            self._connect_line.setLine(QLineF(line.p1(), scene_pos))
            return
        card = self._drag_card
        if card is not None and event.buttons() & Qt.MouseButton.LeftButton:
            travelled = (scene_pos - self._drag_start).manhattanLength()
            if not self._dragging and travelled > 6 / max(self.zoom, 0.05):
                self._dragging = True
                card.setZValue(Z_DRAG)
                if card.parentItem() is not None:
                    card.parentItem().setZValue(Z_DRAG)  # above the other stages while it travels
            if self._dragging:
                target = scene_pos - self._drag_offset  # a preview; the model moves on release
                parent = card.parentItem()
                card.setPos(parent.mapFromScene(target) if parent is not None else target)
                return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().setCursor(
                Qt.CursorShape.OpenHandCursor if self._space_held else Qt.CursorShape.ArrowCursor
            )
            return
        scene_pos = self.mapToScene(event.position().toPoint())
        if self._connect_line is not None:
            self._finish_connect(scene_pos)
            return
        card, dragging = self._drag_card, self._dragging
        self._drag_card, self._dragging = None, False
        if card is not None and dragging:
            card.setZValue(Z_CARD)
            if card.parentItem() is not None:
                card.parentItem().setZValue(Z_LAYER)
            self.drop_card(card.element_id, scene_pos)
            return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        header = self._header_under(self.mapToScene(event.pos()))
        if header is not None:
            StructureMenu(self, *header).exec(event.globalPos())
            return
        item = next((i for i in self.items(event.pos()) if isinstance(i, MapItem)), None)
        if item is None:
            super().contextMenuEvent(event)
            return
        if not item.isSelected():  # right-click acts on what is under the mouse, as everywhere
            self.map_scene.clearSelection()
            item.setSelected(True)
        self.element_menu_requested.emit(event.globalPos())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        scene_pos = self.mapToScene(event.position().toPoint())
        card = self._card_under(event.position())
        if card is not None:
            self.start_rename("touchpoint", card.element_id)
            return
        geometry = self.map_scene.layout.geometry
        for stage_id, rect in geometry.headers.items():
            if rect.contains(scene_pos.x(), scene_pos.y()):
                self.start_rename("stage", stage_id)
                return
        for lane_id, rect in geometry.lane_labels.items():
            if rect.contains(scene_pos.x(), scene_pos.y()):
                self.start_rename("lane", lane_id)
                return
        cell = geometry.cell_at(scene_pos.x(), scene_pos.y())
        if cell is not None:
            self.start_new_card(*cell)
            return
        super().mouseDoubleClickEvent(event)

    # -- moving and connecting ----------------------------------------------------------------

    def drop_card(self, card_id: str, scene_pos: QPointF) -> None:
        """Move a card to the cell and slot under ``scene_pos``: one undo step, however far it went."""
        scene = self.map_scene
        geometry = scene.layout.geometry
        cell = geometry.cell_at(scene_pos.x(), scene_pos.y())
        tp = scene.journey.touchpoints.get(card_id)
        if cell is None or tp is None:
            scene.restore_positions({card_id})
            return
        stage_id, lane_id = cell
        slot = geometry.slot_at(stage_id, lane_id, scene_pos.x(), scene_pos.y())
        others = sorted(
            (
                t
                for t in scene.journey.touchpoints.values()
                if (t.stage_id, t.lane_id) == cell and t.id != card_id
            ),
            key=cell_key,
        )
        order = [t.id for t in others]
        order.insert(min(slot, len(order)), card_id)

        def build() -> None:
            if (tp.stage_id, tp.lane_id) != cell:
                changes: dict[str, object] = {"stage_id": stage_id, "lane_id": lane_id}
                lane = scene.journey.lanes.get(lane_id)
                if lane is not None and lane.side == "internal":
                    changes["owner_id"] = None  # in an owner's lane, that lane owns the moment
                history.push(UpdateElement("touchpoint", card_id, changes, self.target))
            history.push(ReorderElements("touchpoint", order, self.target))

        history = scene.document.history
        moved_cell = (tp.stage_id, tp.lane_id) != cell
        self.macro(
            f"Move touchpoint \u201c{tp.title}\u201d" if moved_cell else f"Reorder \u201c{tp.title}\u201d",
            build,
        )
        scene.restore_positions({card_id})  # a refused or no-op drop puts the preview back

    def _start_connect(self, card: CardItem) -> None:
        self._connect_from = card.element_id
        start = card.sceneBoundingRect().center()
        self._connect_line = QGraphicsLineItem(QLineF(start, start))
        pen = QPen(self.map_scene.theme.card_selected, 2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._connect_line.setPen(pen)
        self._connect_line.setZValue(Z_DRAG)
        self.map_scene.addItem(self._connect_line)

    def _finish_connect(self, scene_pos: QPointF) -> None:
        assert self._connect_line is not None
        self.map_scene.removeItem(self._connect_line)
        self._connect_line = None
        source, self._connect_from = self._connect_from, None
        target_item = next((i for i in self.map_scene.items(scene_pos) if isinstance(i, CardItem)), None)
        if source is None or target_item is None or target_item.element_id == source:
            return
        self.connect_cards(source, target_item.element_id)

    def connect_cards(self, source: str, target: str) -> None:
        """Add a flow; when the two cards have different owners it is a handoff."""
        scene = self.map_scene
        journey = scene.journey
        ids = scene.document.workspace.all_ids()
        flow_id = new_id("flow", ids)
        a, b = journey.touchpoints[source], journey.touchpoints[target]
        if any((f.source, f.target) == (source, target) for f in journey.flows.values()):
            self.message.emit(f"\u201c{a.title}\u201d already leads to \u201c{b.title}\u201d")
            return
        handoff = journey.owner_of(a) != journey.owner_of(b)
        history = scene.document.history

        def build() -> None:
            history.push(AddElement("flow", {"id": flow_id, "source": source, "target": target}, self.target))
            if handoff:
                history.push(
                    AddElement(
                        "handoff", {"id": new_id("hof", ids | {flow_id}), "flow_id": flow_id}, self.target
                    )
                )

        name = "Connect with a handoff" if handoff else "Connect"
        if self.macro(f"{name}: \u201c{a.title}\u201d \u2192 \u201c{b.title}\u201d", build):
            self.select(flow_id, center=False)
            if handoff:
                self.message.emit("Handoff created: say what information travels with it in the inspector")

    # -- inline editing and quick entry -------------------------------------------------------

    def start_new_card(self, stage_id: str, lane_id: str) -> None:
        """Open the inline editor on the next free slot of a cell; Enter adds the card."""
        geometry = self.map_scene.layout.geometry
        cell = geometry.cell(stage_id, lane_id)
        if cell is None:
            return
        count = sum(
            1
            for t in self.map_scene.journey.touchpoints.values()
            if (t.stage_id, t.lane_id) == (stage_id, lane_id)
        )
        columns = geometry.stage_columns.get(stage_id, 1)
        row, col = divmod(count, columns)
        rect = QRectF(
            cell.x + CELL_PAD + col * (CARD_W + GAP), cell.y + CELL_PAD + row * (CARD_H + GAP), CARD_W, 34
        )
        self._edit_target = ("new", stage_id, lane_id)
        self._open_editor(rect, "", "New touchpoint: type a title, Enter to add, Tab for the next stage")

    def start_rename(self, kind: str, element_id: str) -> None:
        scene = self.map_scene
        if scene.is_ghost(element_id):
            self.message.emit(GHOST_NOTE)
            return
        geometry = scene.layout.geometry
        if kind == "touchpoint":
            rect = geometry.cards.get(element_id)
            text = (
                scene.journey.touchpoints[element_id].title if element_id in scene.journey.touchpoints else ""
            )
        elif kind == "stage":
            rect = geometry.headers.get(element_id)
            text = scene.journey.stages[element_id].name
        else:
            rect = geometry.lane_labels.get(element_id)
            text = scene.journey.lanes[element_id].name
        if rect is None:
            return
        self._edit_target = ("rename", kind, element_id)
        self._open_editor(
            QRectF(rect.x + 4, rect.y + 4, max(rect.w - 8, 120), 34), text, f"Rename the {kind}"
        )

    def _open_editor(self, scene_rect: QRectF, text: str, hint: str) -> None:
        self._editor_scene_rect = scene_rect
        self.ensureVisible(scene_rect, 80, 80)
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

    def _commit_editor_if_open(self) -> None:
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
        text = text.strip()
        if target[0] == "rename":
            _, kind, element_id = target
            self._close_editor()
            field = "title" if kind == "touchpoint" else "name"
            if how != "escape" and text:
                self.push(
                    UpdateElement(
                        kind, element_id, {field: text}, self.target if kind == "touchpoint" else None
                    )
                )
            return
        _, stage_id, lane_id = target
        self._close_editor()
        if how != "escape" and text:
            self.add_card(stage_id, lane_id, text)
        if how == "enter":
            self.start_new_card(stage_id, lane_id)  # at once, so the next keystrokes land in it
        elif how in ("tab", "backtab"):
            stages = [s.id for s in self.map_scene.journey.ordered_stages()]
            index = stages.index(stage_id) + (1 if how == "tab" else -1)
            if 0 <= index < len(stages):
                self.start_new_card(stages[index], lane_id)

    def add_card(self, stage_id: str, lane_id: str, title: str) -> str | None:
        scene = self.map_scene
        cell = [
            t for t in scene.journey.touchpoints.values() if (t.stage_id, t.lane_id) == (stage_id, lane_id)
        ]
        order = max((t.order for t in cell), default=-1) + 1
        card_id = new_id("tp", scene.document.workspace.all_ids())
        data: dict[str, object] = {
            "id": card_id,
            "title": title,
            "stage_id": stage_id,
            "lane_id": lane_id,
            "order": order,
        }
        lane = scene.journey.lanes.get(lane_id)
        if lane is not None and lane.side == "customer":
            data["owner_id"] = self._default_owner()
        if self.push(AddElement("touchpoint", data, self.target)):
            self.select(card_id)
            return card_id
        return None

    def _default_owner(self) -> str | None:
        """Cards typed into a customer lane get the first internal lane as owner (changeable later)."""
        internal = [lane for lane in self.map_scene.journey.ordered_lanes() if lane.side == "internal"]
        return internal[0].id if internal else None

    # -- keyboard -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (
            key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.zoom_by(1.25)
            return
        if event.matches(QKeySequence.StandardKey.ZoomOut) or (
            key == Qt.Key.Key_Minus and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.zoom_by(0.8)
            return
        if event.matches(QKeySequence.StandardKey.Delete) or key == Qt.Key.Key_Backspace:
            self.delete_selection()
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_selection(key)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            cards = self.selected_ids("touchpoint")
            if len(cards) == 1:
                if key == Qt.Key.Key_F2 or not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.start_rename("touchpoint", cards[0])
                return
        if key == Qt.Key.Key_Insert:
            self.start_new_card_here()
            return
        if (
            event.text()
            and event.text().isprintable()
            and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        ):
            # Typing with nothing to edit starts a new card where the selection is (or in the first cell).
            self.start_new_card_here()
            if self.editor.isVisible():
                self.editor.setText(event.text())
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            return
        super().keyReleaseEvent(event)

    def start_new_card_here(self) -> None:
        """Quick entry in the selected card's cell, or in the first cell when nothing is selected."""
        cards = self.selected_ids("touchpoint")
        tp = self.map_scene.journey.touchpoints.get(cards[0]) if cards else None
        if tp is not None:
            self.start_new_card(tp.stage_id, tp.lane_id)
        else:
            self._start_in_first_cell()

    def _start_in_first_cell(self) -> None:
        journey = self.map_scene.journey
        stages, lanes = journey.ordered_stages(), journey.ordered_lanes()
        if stages and lanes:
            self.start_new_card(stages[0].id, lanes[0].id)
        else:
            self.message.emit("Add a stage and a lane first (Map menu)")

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

    def delete_selection(self) -> None:
        selected = [i for i in self.map_scene.selectedItems() if isinstance(i, MapItem)]
        items = [i for i in selected if not self.map_scene.is_ghost(i.element_id)]
        if not items:
            if selected:
                self.message.emit(GHOST_NOTE)
            return
        history = self.map_scene.document.history
        order = {CardItem: 0, MomentItem: 1, FlowItem: 2}

        def build() -> None:
            for item in sorted(items, key=lambda i: order.get(type(i), 3)):
                if self.map_scene.journey_has(item.kind, item.element_id):
                    history.push(RemoveElement(item.kind, item.element_id, self.target))

        noun = (
            f"{items[0].kind} {_title_of(self.map_scene, items[0])}"
            if len(items) == 1
            else f"{len(items)} elements"
        )
        self.macro(f"Delete {noun}" if self.target is None else f"Hide {noun}", build)

    def duplicate_selection(self) -> None:
        scene = self.map_scene
        workspace = scene.document.workspace
        segment = workspace.segments.get(self.target or "")
        # From the model, not the drawing: the customer view draws cards without their internal notes.
        found = [
            effective_element(workspace, segment, "touchpoint", i) for i in self.selected_ids("touchpoint")
        ]
        cards = [tp for tp in found if isinstance(tp, Touchpoint)]
        if not cards:
            return
        ids = scene.document.workspace.all_ids()
        copies: list[str] = []
        history = scene.document.history

        def build() -> None:
            for tp in cards:
                copy_id = new_id("tp", ids | set(copies))
                copies.append(copy_id)
                data = tp.model_dump()
                data.update(id=copy_id, order=tp.order + 1)
                history.push(AddElement("touchpoint", data, self.target))

        if self.macro(
            "Duplicate touchpoint" if len(cards) == 1 else f"Duplicate {len(cards)} touchpoints", build
        ):
            self.select(copies[-1])

    def event(self, event: QEvent) -> bool:
        is_tab = isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        if event.type() == QEvent.Type.KeyPress and is_tab and not self.editor.isVisible():
            assert isinstance(event, QKeyEvent)
            cards = self.selected_ids("touchpoint")
            tp = self.map_scene.journey.touchpoints.get(cards[0]) if cards else None
            if tp is not None:  # Tab on a card: start a card in the next stage, same lane
                stages = [s.id for s in self.map_scene.journey.ordered_stages()]
                index = stages.index(tp.stage_id) + (1 if event.key() == Qt.Key.Key_Tab else -1)
                if 0 <= index < len(stages):
                    self.start_new_card(stages[index], tp.lane_id)
                return True
        return super().event(event)


def _title_of(scene: MapScene, item: MapItem) -> str:
    element = scene.journey.touchpoints.get(item.element_id) or scene.journey.moments.get(item.element_id)
    return f"\u201c{element.title}\u201d" if element is not None else ""
