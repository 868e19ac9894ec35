"""Handoff labels are drawn above every arrow: no line, of this stage or another, crosses a
label's text (at 5705201, 3 of the sample's 21 labels had a handoff line across them).

The sample map is drawn into an image, as on screen and in an export, and the inside of every
label is looked at pixel by pixel for a handoff line's colour."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from journeymap_designer.model.commands import AddElement
from journeymap_designer.model.document import Document
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.canvas.scene import MapScene
from journeymap_designer.ui.widgets.theme import DARK, LIGHT, Theme

SCALE = 2.0


def _near(pixel: QColor, color: QColor, tolerance: int = 40) -> bool:
    return (
        abs(pixel.red() - color.red()) + abs(pixel.green() - color.green()) + abs(pixel.blue() - color.blue())
        <= tolerance
    )


def _pixels_inside(scene: MapScene, label: QRectF, color: QColor, tolerance: int = 40) -> int:
    """How many pixels inside ``label`` (its border left out) have about ``color``."""
    inner = label.adjusted(3, 3, -3, -3)  # the label's border is drawn in the handoff colour
    image = QImage(int(inner.width() * SCALE), int(inner.height() * SCALE), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    scene.render(painter, QRectF(QPointF(0, 0), inner.size() * SCALE), inner)
    painter.end()
    return sum(
        _near(image.pixelColor(x, y), color, tolerance)
        for x in range(image.width())
        for y in range(image.height())
    )


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_no_line_crosses_a_handoff_label(qapp, theme: Theme) -> None:  # type: ignore[no-untyped-def]
    scene = MapScene(Document.open(sample_path()), theme)
    scene.settle()
    labelled = [f for f in scene.flows.values() if f.has_label()]
    assert len(labelled) >= 10  # the sample's handoffs
    crossed = {
        flow.handoff_label: count
        for flow in labelled
        if (count := _pixels_inside(scene, flow.scene_label_rect() or QRectF(), theme.handoff))
    }
    assert crossed == {}


def test_labels_stay_on_top_and_in_bounds_as_stages_widen(qapp) -> None:  # type: ignore[no-untyped-def]
    """Cards piled into the first stages widen them: the stages after them move sideways with
    their arrows and labels, and the labels' item is told where each went."""
    document = Document.open(sample_path())
    scene = MapScene(document)
    core = document.workspace.core
    stages = [s.id for s in core.ordered_stages()]
    lane = next(lane.id for lane in core.lanes.values() if lane.side == "internal")
    scene.settle()
    was = {stage_id: layer.x() for stage_id, layer in scene.layers.items()}
    for step in range(12):  # into one cell: its stage widens, and the stages after it move
        data = {"id": f"tp-pile-{step}", "title": f"Pile {step}", "stage_id": stages[1], "lane_id": lane}
        document.push(AddElement("touchpoint", data))
        scene.settle()
    assert any(layer.x() > was.get(stage_id, layer.x()) for stage_id, layer in scene.layers.items())
    labelled = [f for f in scene.flows.values() if f.has_label()]
    assert len(labelled) >= 10
    for flow in labelled:
        rect = flow.scene_label_rect() or QRectF()
        assert _pixels_inside(scene, rect, LIGHT.handoff) == 0, flow.handoff_label
        assert _pixels_inside(scene, rect, LIGHT.handoff_label_fill, 10) > 0, (
            flow.handoff_label
        )  # drawn there
