"""The personas of the journey shown, as a strip of chips along the top of the map.

The seeds put the customer at the centre ("step into the customer's shoes"): the room sees whose
journey this is. A segment shows its own personas; the core shows every persona of the workspace.
The strip sits above the map, not on it, so it never covers a stage header or a moment of truth.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ...model.elements import Persona
from .scene import MapScene

MAX_CHIPS = 5


class PersonaStrip(QWidget):
    """Chips with the personas' short names (full names and roles as tooltips); hidden when none."""

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.setObjectName("persona-strip")
        self.setStyleSheet("#persona-strip { background: palette(alternate-base); }")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(10, 3, 10, 3)
        self.row.setSpacing(6)
        self.title = QLabel("Personas:")
        self.title.setStyleSheet("color: palette(text); font-weight: bold;")
        self.row.addWidget(self.title)
        self.chips: list[QLabel] = []
        self._shown: list[tuple[str, str]] | None = None
        self.row.addStretch(1)
        scene.journey_changed.connect(lambda _change: self.refresh())
        self.refresh()

    def personas(self) -> list[Persona]:
        """The segment's personas in its order, or every persona of the workspace for the core."""
        if self.scene.customer_view:
            return []  # personas are the team's picture of its customers, not shown to them
        workspace = self.scene.document.workspace
        segment = workspace.segments.get(self.scene.segment_id or "")
        ids = list(segment.persona_ids) if segment is not None else list(workspace.personas)
        return [workspace.personas[i] for i in ids if i in workspace.personas]

    def names(self) -> list[str]:
        return [p.name for p in self.personas()]

    def refresh(self) -> None:
        personas = self.personas()
        shown_now = [(p.name, p.role) for p in personas]
        if shown_now == self._shown:
            return  # an edit of a card: nothing to redo (and the map below must not move)
        self._shown = shown_now
        for chip in self.chips:
            self.row.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        shown = personas[:MAX_CHIPS]
        for persona in shown:
            role = f"\n{persona.role}" if persona.role else ""
            self.chips.append(self._chip(short_name(persona.name), persona.name + role))
        if len(personas) > len(shown):
            rest = personas[len(shown) :]
            self.chips.append(self._chip(f"+{len(rest)} more", "\n".join(p.name for p in rest)))
        for index, chip in enumerate(self.chips):
            self.row.insertWidget(1 + index, chip)
        self.setVisible(bool(personas))
        self.setFixedHeight(self.row.sizeHint().height())  # chips come and go; the map stays put

    def _chip(self, text: str, tooltip: str) -> QLabel:
        chip = QLabel(text, self)
        chip.setToolTip(tooltip)
        chip.setStyleSheet(
            "background: #ffffff; color: #1f2a3c; border: 1px solid #9aa3b0;"
            " border-radius: 9px; padding: 1px 8px; font-weight: bold;"
        )
        return chip


def short_name(name: str) -> str:
    """What a chip says: "Dr. Grace Okafor" of "Dr. Grace Okafor, Director of Institutional Research"."""
    return name.split(",")[0].strip() or name
