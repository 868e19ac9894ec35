"""Arrows on the map: flows from card to card, and handoffs (heavier, orange, labelled with what travels).

Where a handoff is drawn: ``FlowItem.draw``, called by its stage layer (``layers.py``), which paints
all of its arrows in one pass; the route and the label's place come from the scene.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QStaticText,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..widgets.theme import (
    MARK_COLORS,
    Theme,
)
from .items import DETAIL_LOD, TEXT_LOD, Z_FLOW, MapItem, flow_pen, font_of, metrics_of

PLAIN_WIDTH = 1.5  # a plain flow's line, in map units (a handoff's is heavier)
CORNER = 8.0  # the radius of an arrow's rounded corners
LABEL_PT = 8.0
LABEL_MAX_W = 200.0


@lru_cache(maxsize=8192)
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
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)  # its layer paints it
        self._path: QPainterPath | None = None
        self._shape: QPainterPath | None = None
        self._outline_of: tuple[float, QPainterPath] | None = None
        self._tooltip = ""
        self._batch: tuple[QPainterPath, QPolygonF] | None = None
        self._arrow: QPolygonF | None = None
        self.setPen(Qt.PenStyle.NoPen)
        self._at: tuple[float, float] | None = None  # where the item stands in its layer
        self.handoff_label = ""
        self.alternative = False
        self.is_handoff = False
        self._label_box: tuple[float, float, float, float] | None = None  # x, y, w, h: no QRectF kept
        self.badge: int | None = None
        self._key: tuple[Any, ...] | None = None
        self._local: list[tuple[float, float]] = []  # the route's corners, in the item's coordinates
        self._corners_of: tuple[float, QPainterPath] | None = None
        self._dashes_of: tuple[float, list[QRectF]] | None = None
        self._label_text: QStaticText | None = None

    def set_route(
        self,
        points: list[tuple[float, float]],
        alternative: bool,
        handoff_label: str | None,
        label_rect: QRectF | None = None,
        badge: int | None = None,
    ) -> None:
        """Draw the arrow along ``points`` (its corners, in the parent's coordinates), rounded at the
        corners; a handoff's label in ``label_rect``, or a numbered badge there when ``badge`` is set.

        An edit that shifts a stage re-routes hundreds of arrows: this only records the route and
        the bounds (plain floats); the path, its outline and the head are made when first drawn."""
        label_key = None if label_rect is None else label_rect.getRect()
        key = (points, alternative, handoff_label, label_key, badge)
        if key == self._key:
            return
        self._key = key
        self.alternative = alternative
        self.is_handoff = handoff_label is not None
        self.handoff_label = handoff_label or ""
        self.badge = badge
        x0, y0 = points[0]
        if (x0, y0) != self._at:
            self._at = (x0, y0)
            self.setPos(x0, y0)
        local = [(x - x0, y - y0) for x, y in points]
        self._local = local
        # The drawing's parts are made when first drawn (most arrows are off screen).
        self._path = self._arrow = self._shape = self._outline_of = self._corners_of = None
        self._dashes_of = self._label_text = self._batch = None
        if label_rect is None:
            self._label_box = None
        else:
            self._label_box = (
                label_rect.x() - x0,
                label_rect.y() - y0,
                label_rect.width(),
                label_rect.height(),
            )
        tooltip = f"Handoff: {self.handoff_label}" if self.is_handoff and self.handoff_label else ""
        if tooltip != self._tooltip:
            self._tooltip = tooltip
            self.setToolTip(tooltip)
        xs, ys = [x for x, _y in local], [y for _x, y in local]
        # The line's corners, and room for the arrowhead (5 either side) and a selected line's width.
        left, top = min(xs), min(ys)
        bounds = QRectF(left - 8, top - 8, max(xs) - left + 16, max(ys) - top + 16)
        if self._label_box is not None:
            bounds = bounds.united(QRectF(*self._label_box).adjusted(-2, -2, 2, 2))
        self.setRect(bounds)  # the bounds, given to Qt from C++ (see MapItem); Qt is told they changed
        layer = self.parentItem()
        if hasattr(layer, "place_flow"):
            layer.place_flow(self, bounds.translated(x0, y0))

    def stretch_tail(self, dx: float) -> bool:
        """The target's stage moved ``dx`` to the right of the source's: the route is the same but
        for its last three corners, and its label's stretch only grew. False (nothing done) when the
        route is not the usual six corners or dx is not positive: route it again then."""
        local = self._local
        if dx <= 0 or len(local) != 6 or self._key is None or self._at is None:
            return False
        local = [*local[:3], *((x + dx, y) for x, y in local[3:])]
        self._local = local
        x0, y0 = self._at
        self._key = ([(x + x0, y + y0) for x, y in local], *self._key[1:])
        self._path = self._arrow = self._shape = self._outline_of = self._corners_of = None
        self._dashes_of = self._batch = None
        rect = self.rect()  # the end was the rightmost corner: the bounds reach 8 past it
        bounds = QRectF(
            rect.left(), rect.top(), max(rect.width(), local[-1][0] + 8 - rect.left()), rect.height()
        )
        self.setRect(bounds)
        layer = self.parentItem()
        if hasattr(layer, "place_flow"):
            layer.place_flow(self, bounds.translated(x0, y0))
        return True

    def refresh(self) -> None:
        """Have the stage layer repaint this arrow (Qt does not repaint an item without contents)."""
        layer = self.parentItem()
        if hasattr(layer, "repaint_flow"):
            layer.repaint_flow(self.element_id)

    def set_mark(self, mark: str, tag: str = "") -> None:
        if mark != self.mark:
            self.mark, self.tag = mark, tag
            self.refresh()

    def _route_path(self) -> QPainterPath:
        """The arrow's line, rounded at the corners, in the item's coordinates."""
        if self._path is None:
            local = self._local
            path = QPainterPath()
            path.moveTo(0.0, 0.0)
            for (bx, by), (cx, cy), (ax, ay) in zip(local, local[1:], local[2:], strict=False):
                before, after = math.hypot(cx - bx, cy - by), math.hypot(ax - cx, ay - cy)
                radius = min(CORNER, before / 2, after / 2)
                if radius <= 0:
                    path.lineTo(cx, cy)
                    continue
                path.lineTo(cx - (cx - bx) / before * radius, cy - (cy - by) / before * radius)
                path.quadTo(cx, cy, cx + (ax - cx) / after * radius, cy + (ay - cy) / after * radius)
            if local:
                path.lineTo(*local[-1])
            self._path = path
        return self._path

    def _head(self) -> QPolygonF:
        """The arrowhead at the target's edge."""
        if self._arrow is None:
            local = self._local or [(0.0, 0.0)]
            ex, ey = local[-1]
            px, py = local[-2] if len(local) > 1 else (ex - 1, ey)
            length = math.hypot(ex - px, ey - py) or 1.0
            ux, uy = (ex - px) / length, (ey - py) / length
            bx, by, sx, sy = ex - ux * 10, ey - uy * 10, -uy * 5, ux * 5
            self._arrow = QPolygonF([QPointF(ex, ey), QPointF(bx + sx, by + sy), QPointF(bx - sx, by - sy)])
        return self._arrow

    def scene_line(self) -> QLineF:
        """A straight stand-in for the arrow, in scene coordinates (for the overview)."""
        end = self._local[-1] if self._local else (0.0, 0.0)
        return QLineF(QPointF(0.0, 0.0), QPointF(*end)).translated(self.scenePos())

    def _label_rect(self) -> QRectF:
        return QRectF(*self._label_box) if self._label_box is not None else QRectF()

    def scene_label_rect(self) -> QRectF | None:
        """Where the handoff label is drawn, in scene coordinates (None: no label)."""
        if not (self.is_handoff and self.handoff_label) or self._label_box is None:
            return None
        return QRectF(*self._label_box).translated(self.scenePos())

    def scene_polyline(self) -> list[QPointF]:
        """The drawn arrow as points in scene coordinates, curves flattened finely, for clearance checks."""
        origin = self.scenePos()
        points: list[QPointF] = []
        for polygon in self._route_path().toSubpathPolygons():
            points += [polygon.at(index) + origin for index in range(polygon.count())]
        return points

    def shape(self) -> QPainterPath:
        if self._shape is None:  # only hit tests need it: built on first use
            stroker = QPainterPathStroker()
            stroker.setWidth(10)
            self._shape = stroker.createStroke(self._route_path())
        return self._shape

    def plain(self) -> bool:
        """A thin, solid, unselected, unmarked arrow: most of any map, drawn by its layer in a batch."""
        return not (self.is_handoff or self.alternative or self.mark != "same" or self.isSelected())

    def batch_parts(self) -> tuple[QPainterPath, QPolygonF]:
        """A plain arrow's line (as a shape to fill) and head, in its layer's coordinates."""
        if self._batch is None:
            at = self.pos()
            self._batch = (self._outline(PLAIN_WIDTH).translated(at), self._head().translated(at))
        return self._batch

    def _segments(self) -> list[tuple[float, float, float, float]]:
        """The straight stretches of the route between its rounded corners (axis-aligned)."""
        local, found = self._local, []
        for index in range(len(local) - 1):
            (ax, ay), (bx, by) = local[index], local[index + 1]
            length = abs(bx - ax) + abs(by - ay)
            if not length:
                continue
            ux, uy = (bx - ax) / length, (by - ay) / length
            before = min(CORNER, length / 2) if index > 0 else 0.0
            after = min(CORNER, length / 2) if index < len(local) - 2 else 0.0
            found.append((ax + ux * before, ay + uy * before, bx - ux * after, by - uy * after))
        return found

    def _dashes(self, width: float) -> list[QRectF]:
        """A dashed line (dashes 4 widths long, gaps 2) as rects, made once per route and width: a
        dashed pen on a long arrow is slow to stroke, filling rects is not."""
        if self._dashes_of is None or self._dashes_of[0] != width:
            dash, period, half = 4 * width, 6 * width, width / 2
            rects: list[QRectF] = []
            for ax, ay, bx, by in self._segments():
                horizontal = abs(by - ay) < abs(bx - ax)
                start, end = (min(ax, bx), max(ax, bx)) if horizontal else (min(ay, by), max(ay, by))
                across = ay if horizontal else ax
                at = start
                while at < end:
                    length = min(dash, end - at)
                    rects.append(
                        QRectF(at, across - half, length, width)
                        if horizontal
                        else QRectF(across - half, at, width, length)
                    )
                    at += period
            self._dashes_of = (width, rects)
        return self._dashes_of[1]

    def _corner_outline(self, width: float) -> QPainterPath:
        """The rounded corners alone, as a shape to fill (the dashes leave them out)."""
        if self._corners_of is None or self._corners_of[0] != width:
            corners = QPainterPath()
            local = self._local
            for (bx, by), (cx, cy), (ax, ay) in zip(local, local[1:], local[2:], strict=False):
                before, after = abs(cx - bx) + abs(cy - by), abs(ax - cx) + abs(ay - cy)
                radius = min(CORNER, before / 2, after / 2)
                if radius > 0:
                    corners.moveTo(cx - (cx - bx) / before * radius, cy - (cy - by) / before * radius)
                    corners.quadTo(cx, cy, cx + (ax - cx) / after * radius, cy + (ay - cy) / after * radius)
            stroker = QPainterPathStroker()
            stroker.setWidth(width)
            stroker.setCapStyle(Qt.PenCapStyle.FlatCap)
            self._corners_of = (width, stroker.createStroke(corners))
        return self._corners_of[1]

    def _outline(self, width: float) -> QPainterPath:
        """The arrow's line as a shape to fill, ``width`` wide (made once per route and width)."""
        if self._outline_of is None or self._outline_of[0] != width:
            stroker = QPainterPathStroker()
            stroker.setWidth(width)
            stroker.setCapStyle(Qt.PenCapStyle.FlatCap)
            stroker.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            self._outline_of = (width, stroker.createStroke(self._route_path()))
        return self._outline_of[1]

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        return  # never called (no contents): the stage layer calls draw()

    def draw(self, painter: QPainter, level: float) -> None:
        """Paint the arrow, in its own coordinates, at zoom ``level``."""
        theme = self.theme
        ghost = self.mark == "hidden"  # compare mode: drawn faint
        if ghost:
            painter.setOpacity(0.45)
        color = (
            theme.card_selected if self.isSelected() else (theme.handoff if self.is_handoff else theme.flow)
        )
        dashed = self.alternative or self.mark == "hidden"
        width = 2.6 if self.is_handoff else PLAIN_WIDTH
        if self.mark in ("added", "changed") and not self.isSelected():
            color, width = MARK_COLORS[self.mark], width + 1.2
        if level < DETAIL_LOD:
            painter.setPen(flow_pen(color.name(), 1.0, dashed, True))
            painter.drawLine(QPointF(0.0, 0.0), QPointF(*(self._local[-1] if self._local else (0.0, 0.0))))
            if ghost:
                painter.setOpacity(1.0)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if dashed:  # dashes as rects, only those in view: a dashed pen on a long arrow is slow
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            dashes = self._dashes(width)
            if dashes:  # (an empty list crashes PySide's drawRects)
                painter.drawRects(dashes)
            painter.drawPath(self._corner_outline(width))
        else:
            # Filling the line's outline, kept from frame to frame, is cheaper than stroking anew;
            # thin plain arrows, most of any map, are filled without antialiasing (a third of the
            # cost, and a 1.5-unit orthogonal line looks the same), heavier ones stay smooth.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            smooth = width > 2
            if not smooth:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.drawPath(self._outline(width))
            if not smooth:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(color)
        painter.drawPolygon(self._head())
        if ghost:
            painter.setOpacity(1.0)

    def has_label(self) -> bool:
        """A handoff with its label drawn on the map (by ``HandoffLabels``, above every arrow)."""
        return self.is_handoff and bool(self.handoff_label) and self._label_box is not None

    def draw_label(self, painter: QPainter, level: float) -> None:
        """Paint the handoff's label, in the arrow's coordinates, at zoom ``level``."""
        if self._label_box is None or not self.has_label() or level < TEXT_LOD:
            return
        theme = self.theme
        ghost = self.mark == "hidden"
        if ghost:
            painter.setOpacity(0.45)
        rect = QRectF(*self._label_box)
        painter.setPen(QPen(theme.handoff, 1))
        painter.setBrush(theme.handoff_label_fill)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(theme.card_text)
        painter.setFont(font_of(LABEL_PT, True))
        if self.badge is not None:  # no room for the text here: its number (the text is the tooltip)
            painter.setFont(font_of(7.0, True))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(self.badge))
        else:  # laid out once per route: text layout is the dearest part of a label
            if self._label_text is None:
                text = metrics_of(LABEL_PT, True).elidedText(
                    self.handoff_label, Qt.TextElideMode.ElideRight, rect.width() - 8
                )
                self._label_text = QStaticText(text)
                self._label_text.setTextFormat(Qt.TextFormat.PlainText)
                self._label_text.prepare(font=font_of(LABEL_PT, True))
            size = self._label_text.size()
            painter.drawStaticText(
                QPointF(rect.center().x() - size.width() / 2, rect.center().y() - size.height() / 2),
                self._label_text,
            )
        if ghost:
            painter.setOpacity(1.0)
