"""Frozen panes: stage headers and lane labels stay on screen while the map scrolls, in every mode.

Like frozen rows and columns in a spreadsheet, so the room can always tell which stage and which team
it is looking at. The corner above the lane labels always says which journey is being edited (the
core, or a segment by name) and whether the customer view is on, in type big enough to read across a
room. Painted by the view over the scene (``drawForeground``), from the grid's own painting code.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from ...model.layout import HEADER_H, LANE_LABEL_W
from .items import font_of
from .scene import MapScene

SEGMENT_FILL = QColor("#8a4b00")  # a dark amber: a segment, not the core, is being edited
CUSTOMER_FILL = QColor("#0b6e4f")  # a dark green: what a customer may see


def journey_caption(scene: MapScene) -> tuple[str, str, QColor]:
    """(small line, big line, fill) for the corner: what is shown and edited."""
    segment = scene.document.workspace.segments.get(scene.segment_id or "")
    top = "CUSTOMER VIEW" if scene.customer_view else "EDITING"
    if segment is not None:
        return top, f"Segment: {segment.name}", CUSTOMER_FILL if scene.customer_view else SEGMENT_FILL
    return top, "Core journey", CUSTOMER_FILL if scene.customer_view else scene.theme.header_fill


def paint_frozen(
    painter: QPainter,
    scene: MapScene,
    origin: QPointF,
    exposed: QRectF,
    level: float,
    presenting: str | None = None,
) -> None:
    """Paint the frozen header row and label column for a view whose top-left shows scene ``origin``.

    ``presenting``: the stage workshop mode presents; the other stages are veiled, so the room knows
    which one is being talked about.
    """
    grid = scene.grid
    dx, dy = max(0.0, origin.x()), max(0.0, origin.y())
    if presenting is not None:
        veil = QColor(scene.theme.canvas)
        veil.setAlpha(185)
        for stage_id, column in scene.layout.geometry.stages.items():
            if stage_id != presenting:
                painter.fillRect(QRectF(column.x, column.y, column.w, column.h), veil)
    if dx > 0:
        painter.save()
        painter.translate(dx, 0)
        grid.paint_side(painter, level, exposed.translated(-dx, 0))
        painter.restore()
    if dy > 0:
        painter.save()
        painter.translate(0, dy)
        grid.paint_headers(painter, level, exposed.translated(0, -dy))
        painter.restore()
    corner = QRectF(dx, dy, LANE_LABEL_W, HEADER_H)
    small, big, fill = journey_caption(scene)
    painter.fillRect(corner, fill)
    if level >= 0.15:
        painter.setPen(QColor("#ffffff"))
        painter.setFont(font_of(9, True))
        painter.drawText(
            corner.adjusted(14, 8, -8, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, small
        )
        painter.setFont(font_of(14, True))
        text = painter.fontMetrics().elidedText(big, Qt.TextElideMode.ElideRight, int(corner.width() - 22))
        painter.drawText(
            corner.adjusted(14, 0, -8, -10), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text
        )
