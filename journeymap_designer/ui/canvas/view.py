"""The map view: turns mouse and keyboard gestures into intentions on the editing controller.

Keyboard first, for live workshops: arrows move the selection, Delete removes, Ctrl+D duplicates,
F2 renames, and typing starts a card (:mod:`.quick_entry`). A drag (move a card, or connect two
cards from a card's right-edge handle) is one intention, one undo step, sent on release. The view
decides where on the map a gesture lands; what it means is the controller's and the model's.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QLineF, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsView, QWidget

from ..editing.controller import EditingController
from .frozen import paint_frozen
from .inline_editor import InlineEditor
from .items import DETAIL_LOD, TEXT_LOD, Z_CARD, Z_DRAG, Z_MOMENT, CardItem, MapItem
from .layers import StageLayer
from .moments import MomentItem
from .quick_entry import QuickEntryMixin
from .scene import MapScene
from .structure_menu import StructureMenu

MIN_ZOOM, MAX_ZOOM = 0.02, 4.0


START_ZOOM = 0.9  # a map opens no smaller than this: card titles about 12 px
START_ZOOM_MAX = 1.25


class MapView(QuickEntryMixin, QGraphicsView):
    """The canvas widget: zoom, pan, select, edit; every edit goes through the editing controller."""

    message = Signal(str)  # a short note for the status bar (e.g. why an edit was refused)
    selection_changed = Signal(object)  # (kind, id) of the single selected element, or None
    resized = Signal()
    view_changed = Signal()  # zoomed or scrolled: what the viewport shows moved (side by side follows)
    element_menu_requested = Signal(object)  # a right-click on a card, arrow or moment: its global QPoint

    def __init__(
        self, scene: MapScene, controller: EditingController | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(scene, parent)
        self.map_scene = scene
        # Edits go through the window's controller; a view on its own (a test, a benchmark) gets one.
        self.controller = controller or EditingController(scene.document, self)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self._space_held = False
        self._pan_from: QPointF | None = None
        self._drag_card: CardItem | MomentItem | None = None  # a card or a moment being dragged
        self._drag_offset = QPointF()
        self._drag_start = QPointF()
        self._dragging = False
        self._connect_from: str | None = None
        self._connect_line: QGraphicsLineItem | None = None
        self.editor = InlineEditor(self.viewport())
        self.editor.hide()
        self.editor.finished.connect(self._editor_finished)
        self._edit_target: tuple[str, ...] | None = None  # ("new", stage, lane) | ("rename", kind, id)
        self.clicked_cell: tuple[str, str] | None = None
        self.presenting: str | None = None  # the stage workshop mode presents; the others are dimmed
        scene.selectionChanged.connect(self._emit_selection)
        self.horizontalScrollBar().valueChanged.connect(lambda _value: self.view_changed.emit())
        self.verticalScrollBar().valueChanged.connect(lambda _value: self.view_changed.emit())
        scene.journey_changed.connect(lambda _change: self._reposition_editor())

    # -- commands -----------------------------------------------------------------------------

    @property
    def target(self) -> str | None:
        """Edits go to what is shown: the core, or the segment on screen."""
        return self.map_scene.segment_id

    def say(self, text: str) -> None:
        self.message.emit(text)

    # -- selection ----------------------------------------------------------------------------

    def selected_items(self) -> list[tuple[str, str]]:
        """(kind, id) of every selected card, arrow and moment."""
        return [(i.kind, i.element_id) for i in self.map_scene.selectedItems() if isinstance(i, MapItem)]

    def selected_ids(self, kind: str | None = None) -> list[str]:
        return [
            i.element_id
            for i in self.map_scene.selectedItems()
            if isinstance(i, MapItem) and (kind is None or i.kind == kind)
        ]

    def select(self, element_id: str | None, center: bool = True) -> None:
        scene = self.map_scene
        item = scene.item(element_id)
        scene.clearSelection()
        if item is not None:
            item.setSelected(True)
            if center:
                self.ensureVisible(item, 60, 60)

    def reveal(self, element_id: str) -> bool:
        """Select an element drawn here and scroll to it, or centre a stage's or lane's header.

        False when this map does not draw it (hidden in the segment shown, say).
        """
        if self.map_scene.item(element_id) is not None:
            self.select(element_id)
            return True
        self.select(None)
        geometry = self.map_scene.layout.geometry
        rect = geometry.headers.get(element_id) or geometry.lane_labels.get(element_id)
        if rect is not None:
            self.centerOn(QPointF(*rect.center))
        return rect is not None

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

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawForeground(painter, rect)
        paint_frozen(painter, self.map_scene, self.mapToScene(0, 0), QRectF(rect), self.zoom, self.presenting)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.viewport().update()  # the frozen headers do not scroll with the map: repaint, no blit

    def zoom_by(self, step: float) -> None:
        self.set_zoom(self.zoom * step)

    def fit_all(self) -> None:
        self.fitInView(self.map_scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.view_changed.emit()

    def show_start(self) -> None:
        """Where a map opens: all of it if it can be read that way, else at a comfortable reading size
        (card titles about 12 px, not the 8 or 9 of a squeezed fit) from its start, top left."""
        self.fit_all()
        if self.zoom > START_ZOOM_MAX:  # a small map is not blown up to poster size
            self.set_zoom(START_ZOOM_MAX)
        if self.zoom < START_ZOOM:
            self.set_zoom(START_ZOOM)
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

    def _moment_under(self, pos: QPointF) -> MomentItem | None:
        return next((i for i in self.items(pos.toPoint()) if isinstance(i, MomentItem)), None)

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
        self.commit_editor()
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
            card: CardItem | MomentItem | None = self._card_under(event.position())
            card = card or self._moment_under(event.position())
            scene_pos = self.mapToScene(event.position().toPoint())
            self.clicked_cell = self.map_scene.layout.geometry.cell_at(scene_pos.x(), scene_pos.y())
            if card is not None and self.map_scene.is_ghost(card.element_id):
                card = None  # a ghost can be selected, never dragged or connected
            if card is not None:
                local = card.mapFromScene(self.mapToScene(event.position().toPoint()))
                if isinstance(card, CardItem) and card.connector_rect().contains(local):
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
                layer = card.parentItem()
                if isinstance(layer, StageLayer):
                    layer.lift(True)  # above the other stages, and drawn outside its own, while it travels
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
            if isinstance(card, MomentItem):
                card.setZValue(Z_MOMENT)
                self.drop_moment(card.element_id, scene_pos)
                return
            card.setZValue(Z_CARD)
            layer = card.parentItem()
            if isinstance(layer, StageLayer):
                layer.lift(False)
            self.drop_card(card.element_id, scene_pos)
            return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        header = self._header_under(self.mapToScene(event.pos()))
        if header is not None:
            StructureMenu(self, self.controller, *header, self.start_rename, self.add_moment).exec(
                event.globalPos()
            )
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
        moment = self._moment_under(event.position())
        if moment is not None:
            self.start_rename("moment", moment.element_id)
            return
        geometry = self.map_scene.layout.geometry
        in_band = geometry.moment_band.contains(scene_pos.x(), scene_pos.y())
        stage_id = geometry.stage_at(scene_pos.x()) if in_band else None
        if stage_id is not None:  # the moments band: which kind, then its title in place
            self.ask_moment_kind(stage_id, event.globalPosition().toPoint())
            return
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
        if cell is not None and card_id in scene.journey.touchpoints:
            stage_id, lane_id = cell
            slot = geometry.slot_at(stage_id, lane_id, scene_pos.x(), scene_pos.y())
            self.controller.move_card(card_id, stage_id, lane_id, slot, self.target, scene.journey)
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

    def drop_moment(self, moment_id: str, scene_pos: QPointF) -> None:
        """Move a moment to the stage under ``scene_pos``, at the place among its moments it was dropped."""
        geometry = self.map_scene.layout.geometry
        stage_id = geometry.stage_at(scene_pos.x())
        if stage_id is not None:
            before = [
                i
                for i, rect in geometry.moments.items()
                if i != moment_id
                and self.map_scene.journey.moments[i].stage_id == stage_id
                and (
                    rect.y + rect.h < scene_pos.y()
                    or (rect.y <= scene_pos.y() and rect.center[0] < scene_pos.x())
                )
            ]
            self.controller.move_moment(moment_id, stage_id, len(before))
        self.map_scene.restore_positions({moment_id})

    def connect_cards(self, source: str, target: str) -> None:
        """Add a flow; when the two cards have different owners it is a handoff."""
        flow_id = self.controller.connect_cards(source, target, self.target, self.map_scene.journey)
        if flow_id is not None:
            self.select(flow_id, center=False)

    # -- keyboard -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        typed = event.text() and event.text().isprintable()
        if typed and self.editor.isVisible() and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            self.editor.insert(event.text())  # keys that reach the map while an entry is open go into it
            return
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
            selected = self.selected_items()
            if len(selected) == 1 and selected[0][0] in ("touchpoint", "moment"):
                if key == Qt.Key.Key_F2 or not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.start_rename(*selected[0])
                return
        if key == Qt.Key.Key_Insert:
            self.start_new_card_here()
            return
        if (
            event.text()
            and event.text().isprintable()
            and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        ):
            # Typing with nothing to edit starts a new card where the selection or the last click is
            # (or in the first cell).
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

    def delete_selection(self) -> None:
        selected = [i for i in self.map_scene.selectedItems() if isinstance(i, MapItem)]
        items = [(i.kind, i.element_id) for i in selected if not self.map_scene.is_ghost(i.element_id)]
        if not items and selected:
            self.message.emit(self.map_scene.ghost_note())
        self.controller.delete(items, self.target, self.map_scene.journey)

    def duplicate_selection(self) -> None:
        """Ctrl+D: copies of the selected cards (in the journey shown) and moments (in the core)."""
        moments = self.selected_ids("moment")
        copy_id = self.controller.duplicate_cards(self.selected_ids("touchpoint"), self.target)
        if moments:
            copy_id = self.controller.duplicate_moments(moments) or copy_id
        if copy_id is not None:
            self.select(copy_id)

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
