"""Arrows on the map: flows from card to card, and handoffs (heavier, orange, labelled with what travels).

Where a handoff is drawn: ``FlowItem.paint``; its route and label place come from the scene.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..widgets.theme import (
    MARK_COLORS,
    Theme,
)
from .items import DETAIL_LOD, TEXT_LOD, Z_FLOW, MapItem, flow_pen, font_of, lod, metrics_of

CORNER = 8.0  # the radius of an arrow's rounded corners
LABEL_PT = 8.0
LABEL_MAX_W = 200.0


def _length(point: QPointF) -> float:
    return math.hypot(point.x(), point.y())


def _unit(point: QPointF) -> QPointF:
    length = _length(point)
    return point / length if length else QPointF(0, 0)


def label_width(text: str) -> float:
    """How wide a handoff label is drawn (the placer keeps this much room for it)."""
    return min(LABEL_MAX_W, metrics_of(LABEL_PT, True).horizontalAdvance(text) + 16)


class FlowItem(MapItem):
    """An arrow from one card to the next; a handoff is heavier, coloured and labelled.

    The path is kept relative to the item's position, so when both cards shift together (a column
    widened to their left) the arrow just moves instead of being rebuilt.
    """

    kind = "flow"

    def __init__(self, element_id: str, theme: Theme) -> None:
        super().__init__(element_id, theme)
        self.setZValue(Z_FLOW)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self._path = QPainterPath()
        self._shape: QPainterPath | None = None
        self._arrow = QPolygonF()
        self._bounds = QRectF()
        self._line = QLineF()
        self.handoff_label = ""
        self.alternative = False
        self.is_handoff = False
        self._label_box: QRectF | None = None
        self.badge: int | None = None
        self._key: object = None

    def set_route(
        self,
        points: list[QPointF],
        alternative: bool,
        handoff_label: str | None,
        label_rect: QRectF | None = None,
        badge: int | None = None,
    ) -> None:
        """Draw the arrow along ``points`` (its corners, in the parent's coordinates), rounded at the
        corners; a handoff's label in ``label_rect``, or a numbered badge there when ``badge`` is set."""
        key = (tuple((p.x(), p.y()) for p in points), alternative, handoff_label, label_rect, badge)
        if key == self._key:
            return
        self._key = key
        self.prepareGeometryChange()
        self.alternative = alternative
        self.is_handoff = handoff_label is not None
        self.handoff_label = handoff_label or ""
        self.badge = badge
        start = points[0]
        self.setPos(start)
        local = [p - start for p in points]
        path = QPainterPath(local[0])
        for index in range(1, len(local) - 1):
            before, corner, after = local[index - 1], local[index], local[index + 1]
            radius = min(CORNER, _length(corner - before) / 2, _length(after - corner) / 2)
            path.lineTo(corner - _unit(corner - before) * radius)
            path.quadTo(corner, corner + _unit(after - corner) * radius)
        path.lineTo(local[-1])
        self._path = path
        end = local[-1]
        self._line = QLineF(QPointF(0, 0), end)
        direction = _unit(end - local[-2]) if len(local) > 1 else QPointF(1, 0)
        back = end - direction * 10
        side = QPointF(-direction.y(), direction.x()) * 5
        self._arrow = QPolygonF([end, back + side, back - side])
        self._label_box = label_rect.translated(-start) if label_rect is not None else None
        self.setToolTip(f"Handoff: {self.handoff_label}" if self.is_handoff and self.handoff_label else "")
        self._shape = None
        self._bounds = path.boundingRect().united(self._arrow.boundingRect()).adjusted(-8, -8, 8, 8)
        if self._label_box is not None:
            self._bounds = self._bounds.united(self._label_box.adjusted(-2, -2, 2, 2))
        self.update()

    def scene_line(self) -> QLineF:
        """A straight stand-in for the arrow, in scene coordinates (for the overview)."""
        return self._line.translated(self.scenePos())

    def _label_rect(self) -> QRectF:
        return self._label_box if self._label_box is not None else QRectF()

    def scene_label_rect(self) -> QRectF | None:
        """Where the handoff label is drawn, in scene coordinates (None: no label)."""
        if not (self.is_handoff and self.handoff_label) or self._label_box is None:
            return None
        return self._label_box.translated(self.scenePos())

    def scene_polyline(self) -> list[QPointF]:
        """The drawn arrow as points in scene coordinates, curves flattened finely, for clearance checks."""
        origin = self.scenePos()
        points: list[QPointF] = []
        for polygon in self._path.toSubpathPolygons():
            points += [polygon.at(index) + origin for index in range(polygon.count())]
        return points

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:  # only hit tests need it: built on first use
            stroker = QPainterPathStroker()
            stroker.setWidth(10)
            self._shape = stroker.createStroke(self._path)
        return self._shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme = self.theme
        level = lod(option, painter)
        color = (
            theme.card_selected if self.isSelected() else (theme.handoff if self.is_handoff else theme.flow)
        )
        dashed = self.alternative or self.mark == "hidden"
        width = 2.6 if self.is_handoff else 1.5
        if self.mark in ("added", "changed") and not self.isSelected():
            color, width = MARK_COLORS[self.mark], width + 1.2
        if level < DETAIL_LOD:
            painter.setPen(flow_pen(color.name(), 1.0, dashed, True))
            painter.drawLine(self._line)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(flow_pen(color.name(), width, dashed, False))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(self._arrow)
        if self.is_handoff and self.handoff_label and self._label_box is not None and level >= TEXT_LOD:
            rect = self._label_box
            painter.setPen(QPen(theme.handoff, 1))
            painter.setBrush(theme.handoff_label_fill)
            painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
            painter.setPen(theme.card_text)
            painter.setFont(font_of(LABEL_PT, True))
            if self.badge is not None:  # no room for the text here: its number (the text is the tooltip)
                painter.setFont(font_of(7.0, True))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(self.badge))
                return
            text = metrics_of(LABEL_PT, True).elidedText(
                self.handoff_label, Qt.TextElideMode.ElideRight, rect.width() - 8
            )
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
