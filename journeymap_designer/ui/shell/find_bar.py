"""The find bar under the map: cards by title, Enter or F3 for the next match, Shift for the previous."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from ..canvas.view import MapView


class FindBar(QWidget):
    """Find cards by title: Enter or F3 for the next match, Shift+Enter or Shift+F3 for the previous."""

    def __init__(self, view: MapView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find a touchpoint\u2026")
        self.field.setClearButtonEnabled(True)
        self.status = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.status)
        self.matches: list[str] = []
        self.index = -1
        self.field.textChanged.connect(self.search)
        view.map_scene.journey_changed.connect(lambda _change: self._refresh_matches())
        self.field.returnPressed.connect(lambda: self.step(1))
        QShortcut(QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_Return), self.field, lambda: self.step(-1))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.field, self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.search(self.field.text())

    def close_bar(self) -> None:
        self._highlight(set())
        self.hide()
        self.view.setFocus()

    def _find(self) -> list[str]:
        scene = self.view.map_scene
        needle = self.field.text().strip().casefold()
        rects = scene.layout.geometry.cards
        found = [t.id for t in scene.journey.touchpoints.values() if needle and needle in t.title.casefold()]
        self.status.setText(f"{len(found)} found" if needle else "")
        return sorted((i for i in found if i in rects), key=lambda i: (rects[i].x, rects[i].y))

    def search(self, text: str) -> None:
        self.matches = self._find()
        self.index = -1
        self._highlight(set(self.matches))
        if self.matches:
            self.step(1)

    def _refresh_matches(self) -> None:
        """After an edit, an undo or a segment switch: search again, staying on the same card."""
        if not self.isVisible():
            return
        current = self.matches[self.index] if 0 <= self.index < len(self.matches) else None
        self.matches = self._find()
        self.index = self.matches.index(current) if current in self.matches else -1
        self._highlight(set(self.matches))

    def step(self, direction: int) -> None:
        if not self.matches:
            return
        self.index = (self.index + direction) % len(self.matches)
        self.view.select(self.matches[self.index])
        self.status.setText(f"{self.index + 1} of {len(self.matches)}")

    def _highlight(self, ids: set[str]) -> None:
        for card_id, item in self.view.map_scene.cards.items():
            lit = card_id in ids
            if item.highlighted != lit:
                item.highlighted = lit
                item.update()
