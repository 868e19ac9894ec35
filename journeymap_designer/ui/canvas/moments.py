"""Moment-of-truth markers in their band: a check badge, a risk triangle or a celebration star."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPainter,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...model.layout import Rect
from ..widgets.theme import (
    MARK_COLORS,
    MOMENT_COLORS,
    Theme,
)
from .badges import badge_of
from .items import BADGE_H, TEXT_LOD, Z_MOMENT, MapItem, font_of, lod, pen_of


class MomentItem(MapItem):
    """A moment of truth: a check badge for a success milestone, a triangle for a risk, a star for a win."""

    kind = "moment"

    def __init__(self, element_id: str, theme: Theme) -> None:
        super().__init__(element_id, theme)
        self.setZValue(Z_MOMENT)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self._rect = QRectF()
        self.title = ""
        self.moment_kind = "success_milestone"
        self._badge_room = 0.0  # a feedback badge at the right end of the title's row: the title ends before

    def _shows_title(self) -> bool:
        return self._rect.width() > self._rect.height() + 10 + (
            self._badge_room + 4 if self._badge_room else 0
        )

    def _text_rect(self) -> QRectF:
        h = self._rect.height()
        room = self._badge_room + 4 if self._badge_room else 0.0
        return QRectF(h + 6, 0, self._rect.width() - h - 6 - room, h)

    def badge_slot(self, width: float) -> QRectF:
        """At the right end of the moment's row, after its title (which is elided shorter); a moment
        too narrow for both shows the badge over its marker's lower corner, and no title."""
        h, w = self._rect.height(), self._rect.width()
        if w >= h + 10 + width + 4:
            return QRectF(w - width, (h - BADGE_H) / 2, width, BADGE_H)
        return QRectF(w - width, h - BADGE_H + 1, width, BADGE_H)

    def set_badge_room(self, width: float) -> None:
        if width != self._badge_room:
            self._badge_room = width
            self.update()

    def content_rects(self) -> list[QRectF]:
        h = self._rect.height()
        found = [] if self._badge_room and not self._shows_title() else [QRectF(0, 0, h, h)]
        if self._shows_title():
            found.append(self._text_rect())
        return found

    def set_content(self, rect: Rect, title: str, moment_kind: str, tooltip: str) -> None:
        self.prepareGeometryChange()
        self._rect = QRectF(0, 0, rect.w, rect.h)
        self.setPos(rect.x, rect.y)
        self.title, self.moment_kind = title, moment_kind
        self.setToolTip(tooltip)
        self.update()
        badge = badge_of(self)
        if badge is not None:  # its slot moves with the moment's width
            badge.place()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-6, -6, 6, 6)  # room for the compare-mode ring

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        level = lod(option, painter)
        color = MOMENT_COLORS.get(self.moment_kind, MOMENT_COLORS["success_milestone"])
        h = self._rect.height()
        marker = QRectF(0, 0, h, h)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.theme.card_selected, 2.5) if self.isSelected() else Qt.PenStyle.NoPen)
        painter.setBrush(color)
        c = marker.center()
        if self.moment_kind == "risk":
            painter.drawPolygon(QPolygonF([QPointF(c.x(), 1), QPointF(h - 1, h - 2), QPointF(1, h - 2)]))
            glyph = "!"
        elif self.moment_kind == "celebration":
            points = []
            for i in range(10):
                radius = h / 2 - 1 if i % 2 == 0 else h / 4.4
                angle = math.pi / 2 + i * math.pi / 5
                points.append(QPointF(c.x() + radius * math.cos(angle), c.y() - radius * math.sin(angle)))
            painter.drawPolygon(QPolygonF(points))
            glyph = ""
        else:
            painter.drawRoundedRect(marker.adjusted(1, 1, -1, -1), 5, 5)
            glyph = "\u2713"
        painter.setPen(QColor("#ffffff"))
        painter.setFont(font_of(11, True))
        painter.drawText(marker.adjusted(0, 2, 0, 0), Qt.AlignmentFlag.AlignCenter, glyph)
        if self.mark == "changed":  # the segment changed its playbook
            painter.setPen(pen_of(MARK_COLORS["changed"].name(), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(marker.center(), h / 2 + 3, h / 2 + 3)
        if level >= TEXT_LOD and self._shows_title():
            painter.setPen(self.theme.card_text)
            painter.setFont(font_of(9, True))
            text_rect = self._text_rect()
            text = QFontMetricsF(painter.font()).elidedText(
                self.title, Qt.TextElideMode.ElideRight, text_rect.width()
            )
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
