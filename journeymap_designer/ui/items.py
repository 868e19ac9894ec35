"""The graphics items of the map: cards, flows, moment markers, stage headers, lane labels, the grid.

Items only draw what the scene tells them; they hold no state the model lacks. Below a zoom where
text could not be read, they skip it (level of detail), which keeps zoomed-out frames of thousands
of cards cheap.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QStaticText,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..model.layout import Rect
from .icons import draw_channel_icon
from .theme import (
    DEFAULT_OWNER_COLOR,
    EMOTION_COLORS,
    MARK_COLORS,
    MARK_FILLS,
    MARK_TAGS,
    MOMENT_COLORS,
    Theme,
)

TEXT_LOD = 0.42  # below this scale, text is too small to read: draw shapes only
DETAIL_LOD = 0.2  # below this, cards are plain blocks and flows plain lines

Z_GRID, Z_FLOW, Z_CARD, Z_MOMENT, Z_HEADER, Z_DRAG = 0, 1, 2, 3, 4, 10
Z_LAYER = 1.5  # stage layers: above the grid, below moments; cards and arrows stack inside them


@cache
def font_of(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.w, rect.h)


def lod(option: QStyleOptionGraphicsItem, painter: QPainter) -> float:
    return option.levelOfDetailFromTransform(painter.worldTransform())  # type: ignore[no-any-return]


def wrap_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """Word-wrap ``text`` into at most ``max_lines`` lines, eliding the last one."""
    metrics = QFontMetricsF(font)
    words = text.split()
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[index:])
            break
    if current:
        lines.append(current)
    if lines:
        lines[-1] = metrics.elidedText(lines[-1], Qt.TextElideMode.ElideRight, width)
    return lines[:max_lines]


class MapItem(QGraphicsItem):
    """An item that stands for one model element (``element_id``) of one kind."""

    kind = ""

    def __init__(self, element_id: str, theme: Theme) -> None:
        super().__init__()
        self.element_id = element_id
        self.theme = theme
        self.mark = "same"  # compare mode: same, added, changed or hidden (a ghost) against the core

    def set_mark(self, mark: str) -> None:
        if mark != self.mark:
            self.mark = mark
            self.setOpacity(0.45 if mark == "hidden" else 1.0)
            self.update()


@cache
def _pen(color: str, width: float) -> QPen:
    return QPen(QColor(color), width)


SIGNS = {-2: "\u2212\u2212", -1: "\u2212", 0: "\u00b7", 1: "+", 2: "++"}


class CardItem(MapItem):
    """A touchpoint card: owner colour bar, title, channel icon and emotion."""

    kind = "touchpoint"
    TITLE_SIZE = 10.5

    def __init__(self, element_id: str, theme: Theme, width: float, height: float) -> None:
        super().__init__(element_id, theme)
        self._rect = QRectF(0, 0, width, height)
        self._bounds = self._rect.adjusted(-3, -3, 3, 3)
        self._bar = QPainterPath()
        self._bar.addRoundedRect(QRectF(0, 0, 12, height), 6, 6)
        self.title = ""
        self.channel: str | None = None
        self.emotion = 0
        self.owner_color = DEFAULT_OWNER_COLOR
        self.highlighted = False
        self._lines: list[QStaticText] = []
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(Z_CARD)
        self.setAcceptHoverEvents(True)
        self._hovered = False

    def set_content(
        self, title: str, channel: str | None, emotion: int, owner_color: QColor, tooltip: str
    ) -> None:
        if (title, channel, emotion, owner_color) != (
            self.title,
            self.channel,
            self.emotion,
            self.owner_color,
        ):
            self.title, self.channel, self.emotion, self.owner_color = title, channel, emotion, owner_color
            self._lines = []  # laid out again at the next readable paint
            self.update()
        self.setToolTip(tooltip)

    def _title_lines(self) -> list[QStaticText]:
        if not self._lines and self.title:
            font = font_of(self.TITLE_SIZE, True)
            for line in wrap_lines(self.title, font, self._rect.width() - 26, 2):
                text = QStaticText(line)
                text.setTextFormat(Qt.TextFormat.PlainText)
                text.prepare(font=font)
                self._lines.append(text)
        return self._lines

    def boundingRect(self) -> QRectF:
        return self._bounds

    def connector_rect(self) -> QRectF:
        """The handle on the right edge: drag from it to another card to connect the two."""
        r = self._rect
        return QRectF(r.right() - 9, r.center().y() - 9, 18, 18)

    def hoverEnterEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._hovered = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._hovered = False
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme = self.theme
        r = self._rect
        level = lod(option, painter)
        selected = self.isSelected()
        if level < DETAIL_LOD:
            painter.fillRect(r, theme.card_selected if selected else self.owner_color)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, level >= TEXT_LOD)
        if selected:
            painter.setPen(_pen(theme.card_selected.name(), 2.5))
        elif self.mark in ("added", "changed"):
            painter.setPen(_pen(MARK_COLORS[self.mark].name(), 3.0))
        elif self.mark == "hidden":
            painter.setPen(_flow_pen(MARK_COLORS["hidden"].name(), 1.5, True, False))
        else:
            painter.setPen(_pen(theme.card_border.name(), 1.0))
        fill = MARK_FILLS[theme.dark].get(self.mark, theme.card_fill)
        painter.setBrush(theme.found if self.highlighted else fill)
        painter.drawRoundedRect(r, 7, 7)
        painter.fillPath(self._bar, self.owner_color)
        painter.fillRect(QRectF(6, 1, 7, r.height() - 2), self.owner_color)
        if (
            level < TEXT_LOD
        ):  # too small to read: grey bars where the title is, so the card still reads as text
            length = min(1.0, len(self.title) / 26)
            painter.fillRect(QRectF(19, 12, (r.width() - 40) * length, 7), theme.card_border)
            if len(self.title) > 22:
                painter.fillRect(
                    QRectF(19, 26, (r.width() - 40) * min(1.0, length * 0.6), 7), theme.card_border
                )
            painter.fillRect(
                QRectF(r.right() - 24, r.bottom() - 22, 16, 16),
                EMOTION_COLORS.get(self.emotion, EMOTION_COLORS[0]),
            )
            return
        painter.setPen(theme.card_text)
        painter.setFont(font_of(self.TITLE_SIZE, True))
        y = 8.0
        spacing = _metrics(self.TITLE_SIZE, True).lineSpacing()
        for line in self._title_lines():
            painter.drawStaticText(QPointF(19, y), line)
            y += spacing
        draw_channel_icon(painter, QRectF(18, r.bottom() - 22, 18, 16), self.channel, theme.subtle_text)
        centre = QPointF(r.right() - 16, r.bottom() - 14)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(EMOTION_COLORS.get(self.emotion, EMOTION_COLORS[0]))
        painter.drawEllipse(centre, 9, 9)
        painter.setPen(_pen("#ffffff", 1.6))
        painter.setFont(font_of(6.5 if abs(self.emotion) == 2 else 8, True))
        painter.drawText(
            QRectF(centre.x() - 9, centre.y() - 9, 18, 18),
            Qt.AlignmentFlag.AlignCenter,
            SIGNS.get(self.emotion, ""),
        )
        if self.mark in MARK_TAGS:
            draw_tag(painter, QPointF(42, r.bottom() - 21), MARK_TAGS[self.mark], MARK_COLORS[self.mark])
        if (self._hovered or selected) and self.mark != "hidden":
            painter.setPen(_pen(theme.card_selected.name(), 1.5))
            painter.setBrush(theme.card_fill)
            painter.drawEllipse(self.connector_rect().adjusted(3, 3, -3, -3))


def draw_tag(painter: QPainter, top_left: QPointF, text: str, color: QColor) -> None:
    """A small filled label ("NEW", "CHANGED"...): compare mode never says it with colour alone."""
    font = font_of(7, True)
    width = QFontMetricsF(font).horizontalAdvance(text) + 10
    rect = QRectF(top_left.x(), top_left.y(), width, 15)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(rect, 4, 4)
    painter.setPen(QColor("#ffffff"))
    painter.setFont(font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class StageLayer(QGraphicsItem):
    """An empty item holding one stage's cards and the arrows that leave them.

    When a stage widens, the stages right of it shift sideways: moving their layers moves thousands
    of cards and arrows with a handful of calls instead of one call each.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setZValue(Z_LAYER)

    def boundingRect(self) -> QRectF:
        return QRectF()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        return


class OverviewItem(QGraphicsItem):
    """The whole map in one item when zoomed too far out to read anything.

    Thousands of separate items cost Qt a visit each per frame even when they paint a plain block;
    below the detail zoom the scene hides them and this item draws every card with one drawRects call
    per owner colour and every flow with one drawLines call.
    """

    def __init__(
        self,
        theme: Theme,
        content: Callable[[], tuple[QRectF, dict[str, list[QRectF]], list[QLineF], list[QLineF]]],
    ) -> None:
        super().__init__()
        self.theme = theme
        self.setZValue(Z_CARD)
        self._content = content
        self._dirty = True
        self._bounds = QRectF(0, 0, 1e6, 1e6)
        self._cards: dict[str, list[QRectF]] = {}
        self._flows: list[QLineF] = []
        self._handoffs: list[QLineF] = []

    def mark_dirty(self) -> None:
        """The map changed: gather the rects and lines again, but only when next drawn (edits stay cheap)."""
        self._dirty = True
        if self.isVisible():
            self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._dirty:
            self._dirty = False
            bounds, self._cards, self._flows, self._handoffs = self._content()
            if bounds != self._bounds:
                self.prepareGeometryChange()
                self._bounds = bounds
        painter.setPen(_flow_pen(self.theme.flow.name(), 1.0, False, True))
        painter.drawLines(self._flows)
        painter.setPen(_flow_pen(self.theme.handoff.name(), 1.0, False, True))
        painter.drawLines(self._handoffs)
        painter.setPen(Qt.PenStyle.NoPen)
        for color, rects in self._cards.items():
            painter.setBrush(QColor(color))
            painter.drawRects(rects)


@cache
def _metrics(size: float, bold: bool = False) -> QFontMetricsF:
    return QFontMetricsF(font_of(size, bold))


@cache
def _flow_pen(color: str, width: float, dashed: bool, cosmetic: bool) -> QPen:
    pen = QPen(QColor(color), width)
    pen.setCosmetic(cosmetic)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


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
        width = min(220.0, _metrics(8.5, True).horizontalAdvance(self.handoff_label) + 16)
        return QRectF(self._label_pos.x() - width / 2, self._label_pos.y() - 11, width, 22)

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
            painter.setPen(_flow_pen(color.name(), 1.0, dashed, True))
            painter.drawLine(self._line)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(_flow_pen(color.name(), width, dashed, False))
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
            text = _metrics(8.5, True).elidedText(
                self.handoff_label, Qt.TextElideMode.ElideRight, rect.width() - 14
            )
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


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

    def set_content(self, rect: Rect, title: str, moment_kind: str, tooltip: str) -> None:
        self.prepareGeometryChange()
        self._rect = QRectF(0, 0, rect.w, rect.h)
        self.setPos(rect.x, rect.y)
        self.title, self.moment_kind = title, moment_kind
        self.setToolTip(tooltip)
        self.update()

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
            painter.setPen(_pen(MARK_COLORS["changed"].name(), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(marker.center(), h / 2 + 3, h / 2 + 3)
        if level >= TEXT_LOD and self._rect.width() > h + 10:
            painter.setPen(self.theme.card_text)
            painter.setFont(font_of(9, True))
            text_rect = QRectF(h + 6, 0, self._rect.width() - h - 6, h)
            text = QFontMetricsF(painter.font()).elidedText(
                self.title, Qt.TextElideMode.ElideRight, text_rect.width()
            )
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
