"""Stage layers: one item per stage holding its cards, and painting the arrows that leave them.

When a stage widens, the stages right of it shift sideways: moving their layers moves thousands of
cards and arrows with a handful of calls instead of one call each.

The layer, not each arrow, paints the arrows. An arrow is still an item of its own (it is selected,
hit, and given a tooltip like any other), but it has no contents for Qt to paint: a frame at 100 %
crosses a hundred and more arrows, and Qt's call into Python for each cost more than the drawing.
The layer keeps its arrows in horizontal bands of the map, so it finds the ones a repaint reaches
without looking at the others.

A layer tells Qt that its children draw only within its bounds (``ItemContainsChildrenInShape``), so
a repaint or a click skips the stages it does not reach without walking their cards: on a
100,000-card map, Qt's walk over every item cost 80 ms a frame. The bounds are the stage's column
and its arrows, grown as cards are placed; a card being dragged out of its stage lifts the promise
until it lands.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

from ...model.layout import MapGeometry
from ..widgets.theme import MARK_COLORS
from .arrows import FlowItem
from .handoff_labels import HandoffLabels
from .items import DETAIL_LOD, Z_DRAG, Z_LAYER, CardItem, lod

BAND = 256.0  # height of the bands arrows are filed under
Edges = tuple[float, float, float, float]  # left, top, right, bottom


def _rect(edges: Edges) -> QRectF:
    left, top, right, bottom = edges
    return QRectF(left, top, right - left, bottom - top)


CARD_MARGIN = 24.0  # around a card's rect: its outline, handle and badges are drawn within


class StageLayer(QGraphicsItem):
    """One stage's cards (children) and the arrows leaving them (children, painted here)."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_LAYER)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # exposedRect
        self._bounds = QRectF()
        # flow id -> (item, its rect in the layer as left, top, right, bottom): floats, not a QRectF
        # per arrow (each kept Qt value is a wrapper in shiboken's table: see CardItem._size).
        self._flows: dict[str, tuple[FlowItem, Edges]] = {}
        self._bands: dict[int, dict[str, None]] = {}  # band number -> flow ids (ordered, as a set)
        self.flows_shown = True  # off while the overview stands in for the whole map
        self.labels: HandoffLabels | None = None  # who paints its handoffs' labels (the scene's)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # a click goes to what is under it
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemContainsChildrenInShape)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        """The bounds: Qt looks for a click's or a rubber band's cards only inside them (the layer
        itself takes no click, so a click goes to the card or arrow under it, or to the empty map)."""
        path = QPainterPath()
        path.addRect(self._bounds)
        return path

    def include(self, rect: QRectF) -> None:
        """Grow the bounds to hold ``rect`` (in the layer): a child is about to be drawn there."""
        if not self._bounds.contains(rect):
            self.prepareGeometryChange()
            self._bounds = self._bounds.united(rect) if not self._bounds.isNull() else QRectF(rect)

    def lift(self, travelling: bool) -> None:
        """A card of this stage is dragged (``travelling``): above the other stages, and drawn
        wherever it goes; back in place once it lands."""
        self.setZValue(Z_DRAG if travelling else Z_LAYER)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemContainsChildrenInShape, not travelling)

    def place_flow(self, flow: FlowItem, rect: QRectF) -> None:
        """File a child arrow under where it now is (``rect``, in the layer), and repaint where it
        was and where it is."""
        flow_id = flow.element_id
        old = self._flows.get(flow_id)
        edges = (rect.left(), rect.top(), rect.right(), rect.bottom())
        self._flows[flow_id] = (flow, edges)
        first, last = int(edges[1] // BAND), int(edges[3] // BAND)
        if old is None or (int(old[1][1] // BAND), int(old[1][3] // BAND)) != (first, last):
            if old is not None:
                self._unfile(flow_id, old[1])
            for band in range(first, last + 1):
                self._bands.setdefault(band, {})[flow_id] = None
        self.include(rect)  # grows only: arrows come and go, the area stays
        self.update(rect if old is None else rect.united(_rect(old[1])))
        if flow.has_label() or (old is not None and old[0].is_handoff):
            self._touch_label(rect if old is None else rect.united(_rect(old[1])))

    def release_flow(self, flow_id: str) -> None:
        """Forget an arrow that left this layer or the map."""
        old = self._flows.pop(flow_id, None)
        if old is not None:
            self._unfile(flow_id, old[1])
            self.update(_rect(old[1]))
            if old[0].is_handoff:
                self._touch_label(_rect(old[1]))

    def repaint_flow(self, flow_id: str) -> None:
        found = self._flows.get(flow_id)
        if found is not None:
            self.update(_rect(found[1]))
            if found[0].has_label():
                self._touch_label(_rect(found[1]))

    def _touch_label(self, rect: QRectF) -> None:
        if self.labels is not None:
            self.labels.touch(rect.translated(self.pos()))

    def labelled_in(self, rect: QRectF) -> list[FlowItem]:
        """The visible arrows with a label whose bounds meet ``rect`` (in the layer), each once."""
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        found: dict[str, FlowItem] = {}
        for band in range(int(top // BAND), int(bottom // BAND) + 1):
            for flow_id in self._bands.get(band, ()):
                flow, (x0, y0, x1, y1) = self._flows[flow_id]
                if flow_id in found or not (x0 < right and left < x1 and y0 < bottom and top < y1):
                    continue
                if flow.has_label() and flow.isVisible():
                    found[flow_id] = flow
        return list(found.values())

    def _unfile(self, flow_id: str, edges: Edges) -> None:
        for band in range(int(edges[1] // BAND), int(edges[3] // BAND) + 1):
            self._bands.get(band, {}).pop(flow_id, None)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if not self.flows_shown:
            return
        exposed = option.exposedRect
        left, top, right, bottom = exposed.left(), exposed.top(), exposed.right(), exposed.bottom()
        level = lod(option, painter)
        drawn: set[str] = set()
        plain: list[FlowItem] = []
        special: list[FlowItem] = []
        for band in range(int(exposed.top() // BAND), int(exposed.bottom() // BAND) + 1):
            for flow_id in self._bands.get(band, ()):
                if flow_id in drawn:
                    continue
                drawn.add(flow_id)
                flow, (x0, y0, x1, y1) = self._flows[flow_id]
                if x0 < right and left < x1 and y0 < bottom and top < y1 and flow.isVisible():
                    (plain if level >= DETAIL_LOD and flow.plain() else special).append(flow)
        if plain:  # one state for all: a call or two per arrow (the drawing itself is cheap)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(plain[0].theme.flow)
            # Thin orthogonal lines look the same without antialiasing, at a third of the cost.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            parts = [flow.batch_parts() for flow in plain]
            for line, _head in parts:
                painter.drawPath(line)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for _line, head in parts:
                painter.drawPolygon(head)
        base = painter.transform()
        for flow in special:
            painter.setTransform(base)
            painter.translate(flow.pos())
            flow.draw(painter, level)
        painter.setTransform(base)


class SelectedFlows:
    """Repaints arrows whose selection changed (an arrow without contents is not repainted by Qt)."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.selected: dict[str, FlowItem] = {}
        scene.selectionChanged.connect(self.changed)

    def changed(self) -> None:
        try:
            selected = self.scene.selectedItems()
        except RuntimeError:  # the scene is being destroyed: nothing left to repaint
            return
        now = {i.element_id: i for i in selected if isinstance(i, FlowItem)}
        for flow_id, flow in {**self.selected, **now}.items():
            if (flow_id in now) != (flow_id in self.selected):
                flow.refresh()
        self.selected = now


def overview_content(
    cards: dict[str, CardItem], flows: dict[str, FlowItem], geometry: MapGeometry, compared: bool
) -> tuple[QRectF, dict[str, list[QRectF]], list[QLineF], list[QLineF]]:
    """What the overview item draws: card rects by colour (owner, or compare mark), and straight
    stand-ins for flows and for handoffs."""
    by_color: dict[str, list[QRectF]] = defaultdict(list)
    for card_id, item in cards.items():
        rect = geometry.cards.get(card_id)
        if rect is not None:
            color = MARK_COLORS[item.mark] if compared else item.owner_color
            by_color[color.name()].append(QRectF(rect.x, rect.y, rect.w, rect.h))
    lines: list[QLineF] = []
    handoffs: list[QLineF] = []
    for flow_item in flows.values():
        (handoffs if flow_item.is_handoff else lines).append(flow_item.scene_line())
    return QRectF(0, 0, geometry.width, geometry.height), dict(by_color), lines, handoffs
