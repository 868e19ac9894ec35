"""The graphics items of the map: cards, flows, moment markers, stage headers, lane labels, the grid.

Items only draw what the scene tells them; they hold no state the model lacks. Below a zoom where
text could not be read, they skip it (level of detail), which keeps zoomed-out frames of thousands
of cards cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QStaticText,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from ...model.layout import Rect
from ..widgets.theme import (
    DEFAULT_OWNER_COLOR,
    EMOTION_COLORS,
    MARK_COLORS,
    MARK_FILLS,
    Theme,
)
from .icons import draw_channel_icon

TEXT_LOD = 0.42  # below this scale, text is too small to read: draw shapes only
DETAIL_LOD = 0.2  # below this, cards are plain blocks and flows plain lines

Z_GRID, Z_FLOW, Z_CARD, Z_MOMENT, Z_HEADER, Z_DRAG = 0, 1, 2, 3, 4, 10
BADGE_H = 15.0  # a customer-feedback badge's height: the bottom row of a card has room for it
Z_LAYER = 1.5  # stage layers: above the grid, below moments; cards and arrows stack inside them


@cache
def font_of(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


@lru_cache(maxsize=4096)
def static_text(text: str, size: float, bold: bool, width: float) -> QStaticText:
    """``text`` elided to ``width`` and laid out once: headers repaint on every frame of a scroll."""
    font = font_of(size, bold)
    shown = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
    laid_out = QStaticText(shown)
    laid_out.setTextFormat(Qt.TextFormat.PlainText)
    laid_out.prepare(font=font)
    return laid_out


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.w, rect.h)


def lod(option: QStyleOptionGraphicsItem, painter: QPainter) -> float:
    return option.levelOfDetailFromTransform(painter.worldTransform())


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


class MapItem(QGraphicsRectItem):
    """An item that stands for one model element (``element_id``) of one kind.

    A rect item, so that an item whose bounds are a rect (a card) gives them to Qt from C++: Qt asks
    every card of every stage layer in view for its bounds on each frame, thousands of calls into
    Python that cost more than painting the cards did.
    """

    kind = ""

    def __init__(self, element_id: str, theme: Theme) -> None:
        super().__init__()
        self.element_id = element_id
        self.theme = theme
        self.mark = "same"  # compare mode: same, added, changed or hidden (a ghost) against the reference
        self.tag = ""  # the word a marked card shows (NEW, CHANGED, HIDDEN or DELETED); "" for none

    def shape(self) -> QPainterPath:
        """Hit where it is drawn (a rect item's own shape would be its rect, unused by most items)."""
        path = QPainterPath()
        path.addRect(self.boundingRect())
        return path

    def badge_slot(self, width: float) -> QRectF:
        """Where a customer-feedback badge ``width`` wide sits, in item coordinates (see badges.py)."""
        return QRectF(0, -BADGE_H, width, BADGE_H)

    def set_badge_room(self, width: float) -> None:
        """A badge ``width`` wide now sits in ``badge_slot`` (0: none): an item whose text shares the
        slot's row keeps the room free."""

    def content_rects(self) -> list[QRectF]:
        """What a badge must never cover (text, icons, signs), in item coordinates, for the clearance."""
        return []

    def set_mark(self, mark: str, tag: str = "") -> None:
        if mark != self.mark or tag != self.tag:
            self.mark, self.tag = mark, tag
            self.setOpacity(0.45 if mark == "hidden" else 1.0)
            self.update()


@cache
def pen_of(color: str, width: float) -> QPen:
    return QPen(QColor(color), width)


@cache
def bar_path(height: float) -> QPainterPath:
    """The owner's colour bar down a card's left edge, rounded like the card (one for all cards)."""
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, 12, height), 6, 6)
    return path


@cache
def color_of(name: str) -> QColor:
    """One QColor per colour name, shared by every card of that owner (see ``CardItem._size``)."""
    return QColor(name)


SIGNS = {-2: "\u2212\u2212", -1: "\u2212", 0: "\u00b7", 1: "+", 2: "++"}


class CardItem(MapItem):
    """A touchpoint card: owner colour bar, title, channel icon and emotion."""

    kind = "touchpoint"
    TITLE_SIZE = 10.5
    SMALL_TITLE_SIZE = 9.0  # three lines of it fit above the icon row

    def __init__(self, element_id: str, theme: Theme, width: float, height: float) -> None:
        super().__init__(element_id, theme)
        # Plain floats, not a QRectF: every Qt value an item keeps is one more wrapper in shiboken's
        # table of live objects, and growing that table past a large map's items stalled the open.
        self._size = (width, height)
        self.setRect(QRectF(-3, -3, width + 6, height + 6))  # the bounds, and the shape hits are tested on
        self.setPen(Qt.PenStyle.NoPen)
        self.title = ""
        self.channel: str | None = None
        self.emotion = 0
        self.owner_color = DEFAULT_OWNER_COLOR
        self.highlighted = False
        self._lines: list[QStaticText] = []
        self._title_size = self.TITLE_SIZE
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(Z_CARD)
        self.setAcceptHoverEvents(True)
        self._hovered = False

    @property
    def _rect(self) -> QRectF:
        """The card, in item coordinates (made when asked: see ``_size``)."""
        return QRectF(0, 0, *self._size)

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
        """The title in two lines, or, when it would be cut off there, in three lines of smaller type."""
        if not self._lines and self.title:
            width = self._rect.width() - 26
            self._title_size = self.TITLE_SIZE
            lines = wrap_lines(self.title, font_of(self.TITLE_SIZE, True), width, 2)
            if " ".join(lines).split() != self.title.split():  # elided: a long title gets a third line
                self._title_size = self.SMALL_TITLE_SIZE
                lines = wrap_lines(self.title, font_of(self.SMALL_TITLE_SIZE, True), width, 3)
            font = font_of(self._title_size, True)
            for line in lines:
                text = QStaticText(line)
                text.setTextFormat(Qt.TextFormat.PlainText)
                text.prepare(font=font)
                self._lines.append(text)
        return self._lines

    def badge_slot(self, width: float) -> QRectF:
        """In the bottom row, left of the emotion sign: the title, the channel icon and a compare tag
        (at most "CHANGED") all end before it."""
        r = self._rect
        return QRectF(r.right() - 33 - width, r.bottom() - 22, width, BADGE_H)

    def content_rects(self) -> list[QRectF]:
        r = self._rect
        lines = self._title_lines()
        spacing = metrics_of(self._title_size, True).lineSpacing()
        top = 8.0 if len(lines) < 3 else 5.0
        found = [
            QRectF(19, top, r.width() - 26, spacing * len(lines)),
            QRectF(18, r.bottom() - 22, 18, 16),  # the channel icon
            QRectF(r.right() - 25, r.bottom() - 23, 18, 18),  # the emotion sign
        ]
        if self.tag:
            width = metrics_of(7, True).horizontalAdvance(self.tag) + 10
            found.append(QRectF(42, r.bottom() - 21, width, 15))
        return found

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
            painter.setPen(pen_of(theme.card_selected.name(), 2.5))
        elif self.mark in ("added", "changed"):
            painter.setPen(pen_of(MARK_COLORS[self.mark].name(), 3.0))
        elif self.mark == "hidden":
            painter.setPen(flow_pen(MARK_COLORS["hidden"].name(), 1.5, True, False))
        else:
            painter.setPen(pen_of(theme.card_border.name(), 1.0))
        fill = MARK_FILLS[theme.dark].get(self.mark, theme.card_fill)
        painter.setBrush(theme.found if self.highlighted else fill)
        painter.drawRoundedRect(r, 7, 7)
        painter.fillPath(bar_path(r.height()), self.owner_color)
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
        lines = self._title_lines()
        painter.setFont(font_of(self._title_size, True))
        y = 8.0 if len(lines) < 3 else 5.0
        spacing = metrics_of(self._title_size, True).lineSpacing()
        for line in lines:
            painter.drawStaticText(QPointF(19, y), line)
            y += spacing
        draw_channel_icon(painter, QRectF(18, r.bottom() - 22, 18, 16), self.channel, theme.subtle_text)
        centre = QPointF(r.right() - 16, r.bottom() - 14)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(EMOTION_COLORS.get(self.emotion, EMOTION_COLORS[0]))
        painter.drawEllipse(centre, 9, 9)
        painter.setPen(pen_of("#ffffff", 1.6))
        painter.setFont(font_of(6.5 if abs(self.emotion) == 2 else 8, True))
        painter.drawText(
            QRectF(centre.x() - 9, centre.y() - 9, 18, 18),
            Qt.AlignmentFlag.AlignCenter,
            SIGNS.get(self.emotion, ""),
        )
        if self.tag:
            draw_tag(painter, QPointF(42, r.bottom() - 21), self.tag, MARK_COLORS[self.mark])
        if (self._hovered or selected) and self.mark != "hidden":
            painter.setPen(pen_of(theme.card_selected.name(), 1.5))
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
        painter.setPen(flow_pen(self.theme.flow.name(), 1.0, False, True))
        painter.drawLines(self._flows)
        painter.setPen(flow_pen(self.theme.handoff.name(), 1.0, False, True))
        painter.drawLines(self._handoffs)
        painter.setPen(Qt.PenStyle.NoPen)
        for color, rects in self._cards.items():
            painter.setBrush(QColor(color))
            painter.drawRects(rects)


@cache
def flow_pen(color: str, width: float, dashed: bool, cosmetic: bool) -> QPen:
    pen = QPen(QColor(color), width)
    pen.setCosmetic(cosmetic)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


@cache
def metrics_of(size: float, bold: bool = False) -> QFontMetricsF:
    return QFontMetricsF(font_of(size, bold))
