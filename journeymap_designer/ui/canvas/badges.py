"""Customers' answers on the map: a small badge on each card and moment of truth they answered.

The badge counts the answers still open (resolved ones no longer ask anything of the team) and takes
the colour of the most serious of them: a change or a missing step asks for work, a confirmation does
not. It never says it with colour alone: "!" or a check mark goes with the count. The tooltip lists
the answers, so a facilitator reads them without leaving the map.

Badges are children of the card or moment they sit on, so they move with it, and they sit where the
item keeps room for them (``badge_slot``): never over a card's text or another badge, which
``clearance.measure`` checks. The scene keeps one ``BadgeStates`` and patches only the items whose
badge changed, so an import, a resolve or an undo never redraws the map.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...model.elements import Feedback, Verdict
from ...model.workspace import Workspace
from .items import BADGE_H, DETAIL_LOD, TEXT_LOD, MapItem, font_of, lod, metrics_of

ATTENTION = QColor("#c2410c")  # a change or a missing step is asked for
CONFIRMED = QColor("#3f6fb0")  # every open answer confirms the map (blue: not an emotion's green)
BADGE_FONT = 7.5
TAIL = 4.0  # the bubble's tail, below its pill
VERDICT_WORDS = {
    Verdict.CONFIRMED: "Confirmed",
    Verdict.NEEDS_CHANGE: "Needs change",
    Verdict.MISSING: "Missing something",
}
MAX_TOOLTIP_ANSWERS = 12


@dataclass(frozen=True)
class BadgeState:
    """What one element's badge says: how many answers are open, whether one asks for work, and the list."""

    count: int
    serious: bool
    tooltip: str

    @property
    def text(self) -> str:
        return f"{'!' if self.serious else chr(0x2713)} {self.count}"

    @property
    def width(self) -> float:
        return max(BADGE_H + 8, metrics_of(BADGE_FONT, True).horizontalAdvance(self.text) + 10)


def _line(answer: Feedback) -> str:
    who = ", ".join(p for p in (answer.customer, answer.answered_at[:10]) if p)
    comment = f": \u201c{answer.comment.strip()}\u201d" if answer.comment.strip() else ""
    return (
        f"\u2022 {VERDICT_WORDS.get(answer.verdict, str(answer.verdict))}"
        + (f" ({who})" if who else "")
        + comment
    )


def badge_states(workspace: Workspace) -> dict[str, BadgeState]:
    """The badge of every element with open answers, by element id (steps customers added have none)."""
    answers: dict[str, list[Feedback]] = {}
    for answer in workspace.feedback.values():
        if answer.element_id:
            answers.setdefault(answer.element_id, []).append(answer)
    states: dict[str, BadgeState] = {}
    for element_id, given in answers.items():
        open_ = [a for a in given if not a.resolved]
        if not open_:
            continue
        open_.sort(key=lambda a: (a.verdict == Verdict.CONFIRMED, a.answered_at, a.customer))
        serious = any(a.verdict != Verdict.CONFIRMED for a in open_)
        noun = "answer" if len(open_) == 1 else "answers"
        lines = [f"{len(open_)} open {noun} from customers:"]
        lines += [_line(a) for a in open_[:MAX_TOOLTIP_ANSWERS]]
        if len(open_) > MAX_TOOLTIP_ANSWERS:
            lines.append(f"\u2026 and {len(open_) - MAX_TOOLTIP_ANSWERS} more in the Feedback panel")
        resolved = len(given) - len(open_)
        if resolved:
            lines.append(f"({resolved} resolved)")
        states[element_id] = BadgeState(len(open_), serious, "\n".join(lines))
    return states


class FeedbackBadge(QGraphicsItem):
    """The badge itself: a pill with a sign and a count, in the slot its card or moment keeps for it."""

    def __init__(self, parent: MapItem, state: BadgeState) -> None:
        super().__init__(parent)
        self.state = state
        self._rect = QRectF()
        self._bounds = QRectF()
        self.setAcceptHoverEvents(True)  # its own tooltip (the answers), not the card's
        self.place()

    def place(self) -> None:
        parent = self.parentItem()
        slot = parent.badge_slot(self.state.width) if isinstance(parent, MapItem) else QRectF()
        self.prepareGeometryChange()
        self._rect = slot
        self._bounds = slot.adjusted(0, 0, 0, TAIL)
        self.setToolTip(self.state.tooltip)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds  # the pill and its tail

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        level = lod(option, painter)
        if level < DETAIL_LOD or self._rect.isEmpty():
            return
        color = ATTENTION if self.state.serious else CONFIRMED
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        r = self._rect
        bubble = QPainterPath()  # a speech bubble: what a customer said, not another emotion sign
        bubble.addRoundedRect(r, BADGE_H / 2, BADGE_H / 2)
        tail = QPainterPath()
        tail.addPolygon(
            QPolygonF(
                [
                    QPointF(r.left() + 5, r.bottom() - 3),
                    QPointF(r.left() + 12, r.bottom() - 2),
                    QPointF(r.left() + 3, r.bottom() + TAIL),
                ]
            )
        )
        painter.drawPath(bubble.united(tail))
        if level >= TEXT_LOD:
            painter.setPen(QColor("#ffffff"))
            painter.setFont(font_of(BADGE_FONT, True))
            painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self.state.text)


def badge_of(item: MapItem) -> FeedbackBadge | None:
    return next((c for c in item.childItems() if isinstance(c, FeedbackBadge)), None)


def show_badge(item: MapItem, state: BadgeState | None) -> None:
    """Give an item its badge, change it, or take it away; nothing is touched when nothing changed."""
    badge = badge_of(item)
    if state is None:
        if badge is not None:
            scene = badge.scene()
            if scene is not None:
                scene.removeItem(badge)  # detaches it from its item too
            else:
                badge.setParentItem(None)
            item.set_badge_room(0.0)
        return
    if badge is None:
        item.set_badge_room(state.width)
        FeedbackBadge(item, state)
    elif badge.state != state:
        badge.state = state
        item.set_badge_room(state.width)
        badge.place()
