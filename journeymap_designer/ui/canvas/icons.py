"""Channel icons drawn as simple vector shapes, so they stay crisp at any zoom and need no files."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen


def draw_channel_icon(painter: QPainter, rect: QRectF, channel: str | None, color: QColor) -> None:
    """Draw the icon of a channel (email, call, meeting, in-app...) inside ``rect``."""
    if not channel:
        return
    painter.save()
    pen = QPen(color, max(1.0, rect.width() / 11))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    r = rect.adjusted(rect.width() * 0.1, rect.height() * 0.15, -rect.width() * 0.1, -rect.height() * 0.15)
    x, y, w, h = r.x(), r.y(), r.width(), r.height()
    kind = channel.lower()
    if kind == "email":
        painter.drawRect(r)
        painter.drawPolyline([QPointF(x, y), QPointF(x + w / 2, y + h * 0.55), QPointF(x + w, y)])
    elif kind in ("call", "phone"):
        path = QPainterPath()
        path.moveTo(x + w * 0.15, y)
        path.cubicTo(x - w * 0.1, y + h * 0.6, x + w * 0.4, y + h * 1.1, x + w, y + h * 0.85)
        painter.drawPath(path)
        painter.drawLine(QPointF(x + w * 0.15, y), QPointF(x + w * 0.35, y + h * 0.25))
        painter.drawLine(QPointF(x + w, y + h * 0.85), QPointF(x + w * 0.75, y + h * 0.65))
    elif kind == "meeting":
        for cx in (x + w * 0.3, x + w * 0.7):
            painter.drawEllipse(QPointF(cx, y + h * 0.28), w * 0.14, h * 0.2)
            painter.drawArc(QRectF(cx - w * 0.22, y + h * 0.55, w * 0.44, h * 0.7), 0, 180 * 16)
    elif kind == "in-app":
        painter.drawRoundedRect(r, 2, 2)
        painter.drawLine(QPointF(x, y + h * 0.3), QPointF(x + w, y + h * 0.3))
    elif kind == "web":
        painter.drawEllipse(r)
        painter.drawLine(QPointF(x, y + h / 2), QPointF(x + w, y + h / 2))
        painter.drawEllipse(QRectF(x + w * 0.3, y, w * 0.4, h))
    elif kind in ("social", "community"):
        painter.drawRoundedRect(QRectF(x, y, w, h * 0.75), 3, 3)
        painter.drawLine(QPointF(x + w * 0.25, y + h * 0.75), QPointF(x + w * 0.2, y + h))
        if kind == "community":
            for i in range(3):
                painter.drawPoint(QPointF(x + w * (0.3 + 0.2 * i), y + h * 0.38))
    elif kind == "sms":
        painter.drawRoundedRect(QRectF(x + w * 0.2, y, w * 0.6, h), 2, 2)
        painter.drawLine(QPointF(x + w * 0.4, y + h * 0.85), QPointF(x + w * 0.6, y + h * 0.85))
    elif kind == "webinar":
        painter.drawRect(QRectF(x, y, w, h * 0.75))
        triangle = QPainterPath()
        triangle.moveTo(x + w * 0.42, y + h * 0.2)
        triangle.lineTo(x + w * 0.62, y + h * 0.38)
        triangle.lineTo(x + w * 0.42, y + h * 0.56)
        triangle.closeSubpath()
        painter.drawPath(triangle)
        painter.drawLine(QPointF(x + w * 0.3, y + h), QPointF(x + w * 0.7, y + h))
    elif kind == "business-review":
        for i, height in enumerate((0.45, 0.75, 1.0)):
            bx = x + w * (0.1 + 0.3 * i)
            painter.drawRect(QRectF(bx, y + h * (1 - height), w * 0.2, h * height))
    else:
        painter.drawEllipse(r)
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter, kind[:1].upper())
    painter.restore()
