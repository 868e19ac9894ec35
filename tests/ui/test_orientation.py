"""Orientation, always: headers and lane labels stay on screen while the map scrolls, and the corner
says which journey is being edited. Checked on the pixels the view really paints."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage

from journeymap_designer.model.layout import HEADER_H, LANE_LABEL_W
from journeymap_designer.ui.canvas.frozen import SEGMENT_FILL
from journeymap_designer.ui.shell.mainwindow import MainWindow


def _shot(window: MainWindow) -> QImage:
    window.view.viewport().repaint()
    return window.view.viewport().grab().toImage()


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 30


def test_headers_and_lane_labels_stay_while_the_map_scrolls(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, scene = window.view, window.scene
    view.set_zoom(1.0)
    geometry = scene.layout.geometry
    view.centerOn(geometry.width * 0.6, geometry.height * 0.7)  # well down and to the right
    origin = view.mapToScene(0, 0)
    assert origin.x() > LANE_LABEL_W and origin.y() > HEADER_H  # the real header row is off screen
    image = _shot(window)
    header_fill = scene.theme.header_fill
    # The top band of the viewport is the header row, right of the frozen label column.
    for x in (int(LANE_LABEL_W + 40), int(image.width() * 0.5), image.width() - 40):
        assert _near(image.pixelColor(x, 4), header_fill), x
    # The stage named at the top is the stage under the middle of the screen.
    middle = view.mapToScene(image.width() // 2, image.height() // 2).x()
    assert geometry.stage_at(middle) is not None
    # The lane label column sits at the left edge, below the header: not a card, not the canvas.
    label_x = 3  # the lane's colour bar
    lane_colours = {c.name() for c in scene.grid.lane_colors.values()}
    below = int(HEADER_H * view.zoom) + 40
    assert image.pixelColor(label_x, below).name() in lane_colours | {scene.theme.column_even.name()}


def test_the_corner_says_which_journey_is_edited(window: MainWindow) -> None:
    view = window.view

    def corner() -> QColor:
        origin = view.mapToScene(0, 0)
        point = view.mapFromScene(QPointF(max(0.0, origin.x()) + 5, max(0.0, origin.y()) + 5))
        return _shot(window).pixelColor(point)

    assert _near(corner(), window.scene.theme.header_fill)  # the core
    window.controller.show_journey("seg-smb")
    assert _near(corner(), SEGMENT_FILL)  # a segment: amber, from across the room
    view.set_zoom(1.0)
    view.centerOn(2000, 1200)
    assert _near(corner(), SEGMENT_FILL)  # and it stays there, scrolled
    from journeymap_designer.ui.canvas.frozen import journey_caption

    assert journey_caption(window.scene)[1] == "Segment: SMB"
    window.actions_.customer_view.setChecked(True)
    assert journey_caption(window.scene)[0] == "CUSTOMER VIEW"
