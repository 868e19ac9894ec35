"""The static frame of the map: stage columns and headers, lane rows and labels, the bands above the
lanes (moments of truth, the emotion curve) and the line of visibility. One item, drawn in one pass.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...model.layout import CELL_PAD, HEADER_H, LANE_LABEL_W, MapGeometry
from ..widgets.theme import DEFAULT_OWNER_COLOR, EMOTION_COLORS, Theme
from .items import TEXT_LOD, Z_GRID, font_of, lod, qrect, static_text


class GridItem(QGraphicsItem):
    """The static frame: stage columns and headers, lane rows and labels, bands, line of visibility."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.setZValue(Z_GRID)
        self.geometry = MapGeometry()
        self.stage_names: dict[str, str] = {}
        self.lane_names: dict[str, str] = {}
        self.lane_sides: dict[str, str] = {}
        self.lane_colors: dict[str, QColor] = {}
        self.stage_numbers: dict[str, int] = {}
        self.emotion_points: list[tuple[float, float]] = []
        self.hidden_lanes: set[str] = set()

    def set_geometry(self, geometry: MapGeometry) -> None:
        self.prepareGeometryChange()
        self.geometry = geometry
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, max(self.geometry.width, 400), max(self.geometry.height, 300))

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme, g = self.theme, self.geometry
        level = lod(option, painter)
        exposed = option.exposedRect
        for index, rect in enumerate(g.stages.values()):
            column = qrect(rect)
            if not column.intersects(exposed):
                continue
            painter.fillRect(column, theme.column_even if index % 2 == 0 else theme.column_odd)
        for lane_id, rect in g.lanes.items():
            row = qrect(rect)
            if not row.intersects(exposed):
                continue
            if self.lane_sides.get(lane_id) == "customer":
                painter.fillRect(
                    row.adjusted(LANE_LABEL_W, 0, 0, 0).intersected(exposed),
                    QColor(
                        theme.customer_band.red(),
                        theme.customer_band.green(),
                        theme.customer_band.blue(),
                        150,
                    ),
                )
            painter.setPen(QPen(theme.grid_line, 1))
            painter.drawLine(
                QPointF(max(row.left(), exposed.left()), row.bottom()),
                QPointF(min(row.right(), exposed.right()), row.bottom()),
            )
        # Bands above the lanes (their titles are in the left column, paint_side).
        for band in (g.moment_band, g.emotion_band):
            strip = QRectF(0, band.y, g.width, band.h).intersected(exposed)
            if strip.isEmpty():
                continue
            painter.fillRect(strip, theme.column_even)
            painter.setPen(QPen(theme.grid_line, 1))
            painter.drawLine(QPointF(strip.left(), band.bottom), QPointF(strip.right(), band.bottom))
        if qrect(g.emotion_band).intersects(exposed):
            self._paint_emotion(painter, level, exposed)
        self.paint_headers(painter, level, exposed)
        self.paint_side(painter, level, exposed)
        if g.visibility_line_y is not None:
            pen = QPen(theme.visibility_line, 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            left, right = max(0.0, exposed.left()), min(g.width, exposed.right())
            painter.drawLine(QPointF(left, g.visibility_line_y), QPointF(right, g.visibility_line_y))
            if level >= TEXT_LOD:
                painter.setFont(font_of(8, True))
                painter.setPen(theme.subtle_text)
                painter.drawText(QPointF(LANE_LABEL_W + 8, g.visibility_line_y - 4), "LINE OF VISIBILITY")

    # -- the parts that stay on screen while the map scrolls (the view paints them frozen) --------

    def paint_headers(self, painter: QPainter, level: float, exposed: QRectF) -> None:
        """The stage headers (the top row), for the stages ``exposed`` reaches horizontally."""
        theme, g = self.theme, self.geometry
        for stage_id, rect in g.headers.items():
            header = qrect(rect)
            if not header.intersects(exposed):  # text is costly to lay out, even off screen
                continue
            painter.fillRect(header, theme.header_fill)
            painter.setPen(QPen(theme.canvas, 2))
            painter.drawLine(header.topRight(), header.bottomRight())
            if level >= TEXT_LOD * 0.5:
                painter.setPen(theme.header_text)
                painter.setFont(font_of(9, False))
                number = static_text(f"STAGE {self.stage_numbers.get(stage_id, 0)}", 9, False, 1e4)
                painter.drawStaticText(QPointF(header.left() + CELL_PAD, header.top() + 8), number)
                painter.setFont(font_of(15, True))
                width = header.width() - 2 * CELL_PAD
                name = static_text(self.stage_names.get(stage_id, ""), 15, True, width)
                top = header.bottom() - 10 - name.size().height()
                painter.drawStaticText(QPointF(header.left() + CELL_PAD, top), name)

    def paint_side(self, painter: QPainter, level: float, exposed: QRectF) -> None:
        """The left column: the band titles and the lane labels, and the corner above them."""
        theme, g = self.theme, self.geometry
        if exposed.left() > LANE_LABEL_W:
            return  # the left column is not in view
        painter.fillRect(QRectF(0, 0, LANE_LABEL_W, HEADER_H), theme.header_fill)
        for band, label in ((g.moment_band, "Moments of truth"), (g.emotion_band, "Customer emotion")):
            cell = QRectF(0, band.y, LANE_LABEL_W, band.h)
            painter.fillRect(cell, theme.column_even)
            painter.setPen(QPen(theme.grid_line, 1))
            painter.drawLine(cell.bottomLeft(), cell.bottomRight())
            painter.drawLine(cell.topRight(), cell.bottomRight())
            if level >= TEXT_LOD:
                painter.setPen(theme.subtle_text)
                painter.setFont(font_of(10, True))
                painter.drawText(cell.adjusted(14, 0, -6, 0), Qt.AlignmentFlag.AlignVCenter, label)
        for lane_id, rect in g.lane_labels.items():
            label_rect = qrect(rect)
            if not label_rect.intersects(exposed):
                continue
            painter.fillRect(
                label_rect,
                theme.customer_band if self.lane_sides.get(lane_id) == "customer" else theme.column_even,
            )
            painter.fillRect(
                QRectF(label_rect.x(), label_rect.y() + 1, 6, label_rect.height() - 2),
                self.lane_colors.get(lane_id, DEFAULT_OWNER_COLOR),
            )
            painter.setPen(QPen(theme.grid_line, 1))
            painter.drawLine(label_rect.topRight(), label_rect.bottomRight())
            if level >= TEXT_LOD * 0.5:
                painter.setPen(theme.card_text)
                painter.setFont(font_of(11.5, True))
                text_rect = label_rect.adjusted(18, 10, -10, -10)
                painter.drawText(
                    text_rect,
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                    self.lane_names.get(lane_id, ""),
                )

    def _paint_emotion(self, painter: QPainter, level: float, exposed: QRectF) -> None:
        band = self.geometry.emotion_band
        if band.w <= 0:
            return
        mid = band.y + band.h / 2
        painter.setPen(QPen(self.theme.grid_line, 1, Qt.PenStyle.DotLine))
        painter.drawLine(
            QPointF(max(band.x, exposed.left()), mid), QPointF(min(band.right, exposed.right()), mid)
        )
        # Only the stretch of the curve in view (and one point either side): stroking a curve
        # across a 24-stage map costs as much off screen as on it.
        points = self.emotion_points
        first = max(0, next((i for i, (x, _y) in enumerate(points) if x >= exposed.left()), len(points)) - 1)
        last = next((i for i, (x, _y) in enumerate(points) if x > exposed.right()), len(points) - 1)
        points = points[first : last + 1]
        if not points:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath(QPointF(*points[0]))
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            dx = (x1 - x0) / 2
            path.cubicTo(QPointF(x0 + dx, y0), QPointF(x1 - dx, y1), QPointF(x1, y1))
        painter.setPen(QPen(self.theme.emotion_line, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        for x, y in points:
            value = round((mid - y) / max(1.0, band.h / 2 - 12) * 2)
            painter.setPen(QPen(self.theme.card_fill, 2))
            painter.setBrush(QBrush(EMOTION_COLORS.get(max(-2, min(2, value)), EMOTION_COLORS[0])))
            painter.drawEllipse(QPointF(x, y), 7, 7)
