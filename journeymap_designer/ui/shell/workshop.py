"""Workshop mode: full screen, docks and bars hidden, one stage at a time in large type (PgDn / PgUp)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QMainWindow, QWidget

from ...model.layout import LANE_LABEL_W
from ..canvas.view import MapView

READABLE_ZOOM = 0.6  # workshop mode never goes smaller: card titles stay readable on a projector
MAX_PRESENT_ZOOM = 2.5


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
        self._before: tuple[QTransform, int, int] | None = None  # zoom and scroll to come back to
        view.resized.connect(lambda: self.show_stage(self.stage) if self.on else None)

    def set_on(self, on: bool, docks: list[QWidget], bars: list[QWidget]) -> None:
        if on == self.on:
            return
        self.on = on
        window = self.window
        view = self.view
        if on:
            self._visible_docks = [d for d in docks if d.isVisible()]
            self._maximized = window.isMaximized()
            self._bars = bars
            self._before = (
                view.transform(),
                view.horizontalScrollBar().value(),
                view.verticalScrollBar().value(),
            )
            start = self.current_stage_index()  # the stage the facilitator was on
            for widget in [*docks, *bars]:
                widget.hide()
            for policy in (view.setHorizontalScrollBarPolicy, view.setVerticalScrollBarPolicy):
                policy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # no chrome on the projector
            window.showFullScreen()
            self.show_stage(start)
        else:
            for widget in [*self._visible_docks, *self._bars]:
                widget.show()
            for policy in (view.setHorizontalScrollBarPolicy, view.setVerticalScrollBarPolicy):
                policy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            view.presenting = None
            view.viewport().update()
            window.showMaximized() if self._maximized else window.showNormal()
            QTimer.singleShot(0, self._restore)

    def _restore(self) -> None:
        """Back where the facilitator was before the presentation: same zoom, same place."""
        if self._before is None or self.on:
            return
        transform, x, y = self._before
        self.view.setTransform(transform)
        self.view.horizontalScrollBar().setValue(x)
        self.view.verticalScrollBar().setValue(y)
        self.view.view_changed.emit()

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
                self.present(stages[index].id)
            else:
                self.view.zoom_to_stage(stages[index].id)
            self.say(f"Stage {index + 1} of {len(stages)}: {stages[index].name}", 3000)

    def present(self, stage_id: str) -> None:
        """Workshop presentation: one stage with every lane, at the largest type that fits.

        The stage (and the frozen lane labels) fill the width or all the lanes fill the height,
        whichever comes first; below a readable size the lanes scroll under the frozen labels instead.
        """
        view = self.view
        geometry = view.map_scene.layout.geometry
        rect = geometry.stages.get(stage_id)
        if rect is None:
            return
        view.presenting = stage_id
        viewport = view.viewport().rect()
        margin = 12.0
        fit_width = viewport.width() / (LANE_LABEL_W + rect.w + 2 * margin)
        fit_height = viewport.height() / (geometry.height + 2 * margin)
        zoom = min(fit_width, max(fit_height, READABLE_ZOOM), MAX_PRESENT_ZOOM)
        view.set_zoom(zoom)
        left, top = rect.x - LANE_LABEL_W - margin, -margin
        view.centerOn(left + viewport.width() / zoom / 2, top + viewport.height() / zoom / 2)

    def step(self, direction: int) -> None:
        start = self.stage if self.on else self.current_stage_index()
        self.show_stage(start + direction)
