"""The compare-mode legend: what each mark means on the map, with how many cards and arrows carry it.

It floats in the map's bottom-right corner (like a map's key, clear of the stage headers), so it stays
readable on a projector without taking room from the docks, and follows every edit and segment switch.
Its words follow what is compared with: the core ("Added in this segment"), or a version of the map
("Added since 3f2a9c1e"), with a title line naming both sides.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMoveEvent, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from ...model.compare import MARKS, Mark
from ...model.diff import counterpart
from ..widgets.theme import LIGHT, MARK_COLORS, MARK_FILLS
from .compare_state import Reference
from .scene import MapScene

MEANINGS: dict[Mark, str] = {
    "same": "Same as the core",
    "added": "Added in this segment",
    "changed": "Changed from the core",
    "hidden": "Hidden here (ghost)",
}
DETAIL_WIDTH = 380  # pixels: a long commit message is cut short, the legend stays a corner's key


def meanings(reference: Reference | None) -> dict[Mark, str]:
    """What each mark means against the core, or against a version of the map."""
    if reference is None:
        return MEANINGS
    name = reference.label
    return {
        "same": f"Same as version {name}",
        "added": f"Added since {name}",
        "changed": f"Changed since {name}",
        "hidden": f"Deleted since {name} (ghost)",
    }


class Swatch(QWidget):
    """A small card outline drawn the way the map draws that mark."""

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.setFixedSize(34, 20)

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = MARK_COLORS[self.mark]
        pen = QPen(color, 1.0 if self.mark == "same" else 2.5)
        if self.mark == "hidden":
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setOpacity(0.6)
        painter.setPen(pen)
        painter.setBrush(MARK_FILLS[False].get(self.mark, LIGHT.card_fill))
        painter.drawRoundedRect(self.rect().adjusted(2, 2, -2, -2), 4, 4)


class CompareLegend(QFrame):
    """Key to compare mode, with counts; hidden unless compare mode is on."""

    def __init__(self, scene: MapScene, viewport: QWidget) -> None:
        super().__init__(viewport)
        self.scene = scene
        self.setObjectName("compare-legend")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#compare-legend { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold;")
        grid.addWidget(self.heading, 0, 0, 1, 3)
        self.detail = QLabel()  # the version's date and message
        grid.addWidget(self.detail, 1, 0, 1, 3)
        self.meanings: dict[Mark, QLabel] = {}
        self.counts: dict[Mark, QLabel] = {}
        for row, mark in enumerate(MARKS, 2):
            grid.addWidget(Swatch(mark), row, 0)
            self.meanings[mark] = QLabel()
            grid.addWidget(self.meanings[mark], row, 1)
            count = QLabel()
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts[mark] = count
            grid.addWidget(count, row, 2)
        self.note = QLabel("Switch to a segment to compare it with the core.")
        self.note.setWordWrap(True)
        grid.addWidget(self.note, len(MARKS) + 2, 0, 1, 3)
        scene.journey_changed.connect(lambda _change: self.refresh())
        viewport.installEventFilter(self)
        self.hide()

    def refresh(self) -> None:
        scene = self.scene
        if not scene.compare:
            self.hide()
            return
        segment = scene.document.workspace.segments.get(scene.segment_id or "")
        reference = scene.compare_state.reference
        if reference is not None:
            shown = segment.name if segment else "Core journey"
            then = "" if counterpart(reference.workspace, segment) or not segment else "'s core"
            self.heading.setText(f"{shown} compared with version {reference.label}{then}: cards and arrows")
            detail = self.detail.fontMetrics().elidedText(
                reference.detail, Qt.TextElideMode.ElideRight, DETAIL_WIDTH
            )
            self.detail.setText(detail)
            self.detail.setToolTip(reference.detail)
        else:
            self.heading.setText(
                f"{segment.name} vs core: cards and arrows" if segment else "Compare with the core"
            )
        self.detail.setVisible(reference is not None and bool(reference.detail))
        tags = scene.compare_state.tags
        for mark, text in meanings(reference).items():
            self.meanings[mark].setText(text + (f"  [{tags[mark]}]" if mark in tags else ""))
        compared = segment is not None or reference is not None
        drawn = Counter(item.mark for item in (*scene.cards.values(), *scene.flows.values()))
        counts = {mark: drawn.get(mark, 0) for mark in MARKS}  # what is on screen (customer view too)
        for mark, label in self.counts.items():
            label.setText(str(counts[mark]) if compared else "")
        self.note.setVisible(not compared)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        self.move(parent.width() - self.width() - 14, parent.height() - self.height() - 14)

    def moveEvent(self, event: QMoveEvent) -> None:
        """Scrolling the map scrolls the viewport's children with it (QWidget.scroll): back to the corner."""
        super().moveEvent(event)
        parent = self.parentWidget()
        corner = (
            (parent.width() - self.width() - 14, parent.height() - self.height() - 14) if parent else None
        )
        if corner is not None and (self.x(), self.y()) != corner:
            self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
