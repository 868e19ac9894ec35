"""Moment-of-truth markers in their band: a check badge, a risk triangle or a celebration star.

A success milestone with a target or actuals also shows its numbers (``milestone_marks.py``): beside
its title when the row has room for both, else on a second line under a smaller title; the texts and
where they go are worked out when they change, not in every frame.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
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
from .items import BADGE_H, TEXT_LOD, Z_MOMENT, MapItem, font_of, lod, metrics_of, pen_of
from .milestone_marks import NO_MARK, TARGET_COLOR, MilestoneMark

TITLE_FONT, SMALL_TITLE_FONT, MARK_FONT = 9.0, 8.5, 8.0
MARK_GAP = 10.0  # between the title and the numbers on one row; between target and actual


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
        self.numbers: MilestoneMark = NO_MARK  # a success milestone's target and actual conversion
        self._tooltip = ""
        self._title_rect = QRectF()  # where the (elided) title and the numbers go: set by _relayout
        self._mark_rect = QRectF()
        self._mark_parts = ("", "")  # the (target, actual) texts that fit
        self._shown_title = ""
        self._title_font = TITLE_FONT
        self._content: tuple[Rect, str, str, str] | None = None  # what set_content was last given

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
            self._relayout()
            self.update()

    def set_numbers(self, numbers: MilestoneMark) -> None:
        """The milestone's target and actual conversion (NO_MARK: none); redraws only on a change."""
        if numbers != self.numbers:
            self.numbers = numbers
            self._relayout()
            self._set_tooltip()
            self.update()

    def _set_tooltip(self) -> None:
        extra = f"\n{self.numbers.tooltip}" if self.numbers.tooltip else ""
        self.setToolTip(self._tooltip + extra)

    def _relayout(self) -> None:
        """Where the title and the numbers go: one row when both fit, else the numbers under the title."""
        self._mark_rect = QRectF()
        if not self._shows_title():
            self._title_rect, self._shown_title = QRectF(), ""
            return
        text = self._text_rect()
        title_w = metrics_of(TITLE_FONT, True).horizontalAdvance(self.title)
        if self.numbers.empty:
            self._title_font, self._title_rect = TITLE_FONT, text
        else:
            self._mark_parts = (self.numbers.target, self.numbers.actual)
            mark_w = self.mark_width(*self._mark_parts)
            if title_w + MARK_GAP + mark_w <= text.width():
                self._title_font = TITLE_FONT
                self._title_rect = QRectF(text.x(), 0, title_w + 1, text.height())
                self._mark_rect = QRectF(text.x() + title_w + MARK_GAP, 0, mark_w, text.height())
            else:
                half = text.height() / 2
                for parts in self.numbers.variants():  # the fullest that fits under the title
                    self._mark_parts, mark_w = parts, self.mark_width(*parts)
                    if mark_w <= text.width():
                        break
                self._title_font = SMALL_TITLE_FONT
                self._title_rect = QRectF(text.x(), -1, text.width(), half + 1)
                self._mark_rect = QRectF(text.x(), half, min(mark_w, text.width()), half)
        self._shown_title = metrics_of(self._title_font, True).elidedText(
            self.title, Qt.TextElideMode.ElideRight, self._title_rect.width()
        )

    @staticmethod
    def mark_width(target: str, actual: str) -> float:
        """The numbers' width on one line: the target, a gap, the actual."""
        target_w = metrics_of(MARK_FONT).horizontalAdvance(target) if target else 0.0
        actual_w = metrics_of(MARK_FONT, True).horizontalAdvance(actual) if actual else 0.0
        return target_w + actual_w + (MARK_GAP if target and actual else 0.0) + 2

    @property
    def shown_mark(self) -> tuple[str, str]:
        """The (target, actual) texts drawn on the marker ("" where left out for room; both "" when none)."""
        return self._mark_parts if not self._mark_rect.isEmpty() else ("", "")

    def content_rects(self) -> list[QRectF]:
        h = self._rect.height()
        found = [] if self._badge_room and not self._shows_title() else [QRectF(0, 0, h, h)]
        if self._shows_title():
            found.append(self._text_rect())
        return found

    def set_content(self, rect: Rect, title: str, moment_kind: str, tooltip: str) -> None:
        """Place and label the marker; nothing happens when nothing changed (every edit refreshes
        every marker, and laying out a title measures text)."""
        content = (rect, title, moment_kind, tooltip)
        if content == self._content:
            return
        self._content = content
        self.prepareGeometryChange()
        self._rect = QRectF(0, 0, rect.w, rect.h)
        self.setPos(rect.x, rect.y)
        self.title, self.moment_kind = title, moment_kind
        self._tooltip = tooltip
        self._set_tooltip()
        self._relayout()
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
        if level >= TEXT_LOD and self._shown_title:
            painter.setPen(self.theme.card_text)
            painter.setFont(font_of(self._title_font, True))
            left = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            painter.drawText(self._title_rect, left, self._shown_title)
            if not self._mark_rect.isEmpty():
                self._paint_mark(painter)

    def _paint_mark(self, painter: QPainter) -> None:
        """The target in grey, then the actual in its status colour (its words say it too)."""
        rect, (target, actual) = self._mark_rect, self._mark_parts
        left = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        x = rect.x()
        if target:
            painter.setPen(TARGET_COLOR)
            painter.setFont(font_of(MARK_FONT))
            painter.drawText(QRectF(x, rect.y(), rect.right() - x, rect.height()), left, target)
            x += metrics_of(MARK_FONT).horizontalAdvance(target) + MARK_GAP  # cached metrics
        if actual and x < rect.right():
            painter.setPen(self.numbers.color)
            painter.setFont(font_of(MARK_FONT, True))
            painter.drawText(QRectF(x, rect.y(), rect.right() - x, rect.height()), left, actual)
