"""Arrows on the map: flows from card to card, and handoffs (heavier, orange, labelled with what travels).

Where a handoff is drawn: ``FlowItem.paint``; its route and label place come from the scene.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...model.layout import Rect
from ..widgets.theme import (
    MARK_COLORS,
    Theme,
)
from .items import DETAIL_LOD, TEXT_LOD, Z_FLOW, MapItem, flow_pen, font_of, lod, metrics_of, qrect


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
        self._label_pos = QPointF()
        self._key: tuple[float, float, float, float] | None = None

    def follow(self, source: Rect, target: Rect) -> None:
        """Its cards moved (the flow itself did not change): move or redraw the arrow to match."""
        key = (source.x, source.y, target.x, target.y)
        if self._key is not None and key != self._key:
            dx, dy = key[0] - self._key[0], key[1] - self._key[1]
            if (key[2] - self._key[2], key[3] - self._key[3]) == (dx, dy):
                self._key = key
                self.moveBy(dx, dy)
                return
        if key != self._key:
            label = self.handoff_label if self.is_handoff else None
            self.set_ends(qrect(source), qrect(target), self.alternative, label)

    def set_ends(self, source: QRectF, target: QRectF, alternative: bool, handoff_label: str | None) -> None:
        key = (source.x(), source.y(), target.x(), target.y())
        same_look = alternative == self.alternative and (handoff_label or "") == self.handoff_label
        same_look = same_look and (handoff_label is not None) == self.is_handoff
        if self._key is not None and same_look:
            dx, dy = key[0] - self._key[0], key[1] - self._key[1]
            if key == self._key:
                return
            if (key[2] - self._key[2], key[3] - self._key[3]) == (dx, dy):
                self._key = key
                self.moveBy(dx, dy)  # both ends moved together: same arrow, elsewhere
                return
        self._key = key
        self.prepareGeometryChange()
        self.alternative = alternative
        self.is_handoff = handoff_label is not None
        self.handoff_label = handoff_label or ""
        if target.left() > source.right() + 8:  # onward: right edge to left edge
            start = QPointF(source.right(), source.center().y())
            end = QPointF(target.left(), target.center().y())
            dx = max(30.0, (end.x() - start.x()) / 2)
            c1, c2 = start + QPointF(dx, 0), end - QPointF(dx, 0)
            direction = QPointF(1, 0)
        elif abs(target.center().x() - source.center().x()) < source.width() * 1.5:  # same column: up or down
            down = target.center().y() > source.center().y()
            start = QPointF(source.center().x(), source.bottom() if down else source.top())
            end = QPointF(target.center().x(), target.top() if down else target.bottom())
            dy = max(20.0, abs(end.y() - start.y()) / 2) * (1 if down else -1)
            c1, c2 = start + QPointF(0, dy), end - QPointF(0, dy)
            direction = QPointF(0, 1 if down else -1)
        else:  # backwards: leave from the top, come back in from the top
            start = QPointF(source.center().x(), source.top())
            end = QPointF(target.center().x(), target.top())
            lift = 50.0 + abs(end.x() - start.x()) * 0.08
            c1, c2 = start - QPointF(0, lift), end - QPointF(0, lift)
            direction = QPointF(0, 1)
        self.setPos(start)
        c1, c2, end = c1 - start, c2 - start, end - start
        path = QPainterPath(QPointF(0, 0))
        path.cubicTo(c1, c2, end)
        self._path = path
        self._line = QLineF(QPointF(0, 0), end)
        back = end - direction * 10
        side = QPointF(-direction.y(), direction.x()) * 5
        self._arrow = QPolygonF([end, back + side, back - side])
        self._label_pos = path.pointAtPercent(0.5)
        self._shape = None
        self._bounds = path.boundingRect().united(self._arrow.boundingRect()).adjusted(-8, -8, 8, 8)
        if self.is_handoff:
            self._bounds = self._bounds.united(self._label_rect())
        self.update()

    def scene_line(self) -> QLineF:
        """A straight stand-in for the arrow, in scene coordinates (for the overview)."""
        return self._line.translated(self.scenePos())

    def _label_rect(self) -> QRectF:
        width = min(220.0, metrics_of(8.5, True).horizontalAdvance(self.handoff_label) + 16)
        return QRectF(self._label_pos.x() - width / 2, self._label_pos.y() - 11, width, 22)

    def scene_label_rect(self) -> QRectF | None:
        """Where the handoff label is drawn, in scene coordinates (None: no label)."""
        if not (self.is_handoff and self.handoff_label):
            return None
        return self._label_rect().translated(self.scenePos())

    def scene_polyline(self, steps: int = 24) -> list[QPointF]:
        """The drawn arrow as points in scene coordinates (curves sampled), for clearance checks."""
        origin = self.scenePos()
        return [self._path.pointAtPercent(i / steps) + origin for i in range(steps + 1)]

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
        if self.is_handoff and self.handoff_label and level >= TEXT_LOD:
            rect = self._label_rect()
            painter.setPen(QPen(theme.handoff, 1))
            painter.setBrush(theme.handoff_label_fill)
            painter.drawRoundedRect(rect, 11, 11)
            painter.setPen(theme.card_text)
            painter.setFont(font_of(8.5, True))
            text = metrics_of(8.5, True).elidedText(
                self.handoff_label, Qt.TextElideMode.ElideRight, rect.width() - 14
            )
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
