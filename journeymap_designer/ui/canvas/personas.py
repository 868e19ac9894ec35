"""The personas of the journey shown, as chips over the map's top-right corner.

The seeds put the customer at the centre ("step into the customer's shoes"): the room sees whose
journey this is. A segment shows its own personas; the core shows every persona of the workspace.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ...model.elements import Persona
from .scene import MapScene

MAX_CHIPS = 4


class PersonaStrip(QWidget):
    """Chips with the personas' names (their roles as tooltips); hidden when there are none."""

    def __init__(self, scene: MapScene, viewport: QWidget) -> None:
        super().__init__(viewport)
        self.scene = scene
        self.setObjectName("persona-strip")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(6)
        self.chips: list[QLabel] = []
        scene.journey_changed.connect(lambda _change: self.refresh())
        viewport.installEventFilter(self)
        self.refresh()

    def personas(self) -> list[Persona]:
        """The segment's personas in its order, or every persona of the workspace for the core."""
        workspace = self.scene.document.workspace
        segment = workspace.segments.get(self.scene.segment_id or "")
        ids = list(segment.persona_ids) if segment is not None else list(workspace.personas)
        return [workspace.personas[i] for i in ids if i in workspace.personas]

    def names(self) -> list[str]:
        return [p.name for p in self.personas()]

    def refresh(self) -> None:
        personas = self.personas()
        for chip in self.chips:
            self.row.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        shown = personas[:MAX_CHIPS]
        for persona in shown:
            chip = QLabel(persona.name)
            chip.setToolTip(persona.role or persona.name)
            self.chips.append(chip)
        if len(personas) > len(shown):
            more = QLabel(f"+{len(personas) - len(shown)} more")
            more.setToolTip(", ".join(p.name for p in personas[len(shown) :]))
            self.chips.append(more)
        for chip in self.chips:
            chip.setStyleSheet(
                "background: #ffffff; color: #1f2a3c; border: 1px solid #9aa3b0;"
                " border-radius: 10px; padding: 2px 8px; font-weight: bold;"
            )
            self.row.addWidget(chip)
            chip.show()  # a child added to a visible widget is hidden until shown
        self.setVisible(bool(personas))
        self.row.activate()  # the new chips' sizes, now: the strip is placed by its width
        self.resize(self.row.sizeHint())
        self._place()
        self.raise_()

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.move(max(0, parent.width() - self.width() - 14), 84)  # below the frozen header row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False
