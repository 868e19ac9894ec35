"""Workshop mode: full screen, docks and bars hidden, one stage at a time in large type (PgDn / PgUp)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow, QWidget

from ..canvas.view import MapView


class WorkshopMode:
    """Presents the map on a projector and brings the window back as it was afterwards."""

    def __init__(self, window: QMainWindow, view: MapView, say: Callable[[str, int], None]) -> None:
        self.window = window
        self.view = view
        self.say = say
        self.on = False
        self.stage = 0  # the stage presented (workshop mode) or last zoomed to
        self._visible_docks: list[QWidget] = []
        self._maximized = False
        self._bars: list[QWidget] = []
        view.resized.connect(lambda: self.show_stage(self.stage) if self.on else None)

    def set_on(self, on: bool, docks: list[QWidget], bars: list[QWidget]) -> None:
        if on == self.on:
            return
        self.on = on
        window = self.window
        if on:
            self._visible_docks = [d for d in docks if d.isVisible()]
            self._maximized = window.isMaximized()
            self._bars = bars
            for widget in [*docks, *bars]:
                widget.hide()
            window.showFullScreen()
            self.show_stage(0)
        else:
            for widget in [*self._visible_docks, *self._bars]:
                widget.show()
            window.showMaximized() if self._maximized else window.showNormal()
            QTimer.singleShot(0, self.view.fit_all)

    def current_stage_index(self) -> int:
        """The stage at the centre of the view."""
        scene = self.view.map_scene
        centre = self.view.mapToScene(self.view.viewport().rect().center()).x()
        for index, stage in enumerate(scene.journey.ordered_stages()):
            rect = scene.layout.geometry.stages.get(stage.id)
            if rect is not None and rect.x <= centre < rect.right:
                return index
        return 0

    def show_stage(self, index: int) -> None:
        stages = self.view.map_scene.journey.ordered_stages()
        if stages:
            index = max(0, min(len(stages) - 1, index))
            self.stage = index
            if self.on:
                self.view.present_stage(stages[index].id)
            else:
                self.view.zoom_to_stage(stages[index].id)
            self.say(f"Stage {index + 1} of {len(stages)}: {stages[index].name}", 3000)

    def step(self, direction: int) -> None:
        start = self.stage if self.on else self.current_stage_index()
        self.show_stage(start + direction)
