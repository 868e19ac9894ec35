"""Stage layers promise Qt that their cards and arrows draw inside the layer's bounds, so a repaint or
a click skips the stages it does not reach. The promise must hold after any edit, and a click, a
rubber band and a drag must still reach every card, in every stage."""

from __future__ import annotations

import random

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsItem

from journeymap_designer.model.commands import AddElement, RemoveElement, UpdateElement
from journeymap_designer.model.document import Document
from journeymap_designer.model.edits import CommandError
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.ui.canvas.items import CardItem, MapItem
from journeymap_designer.ui.canvas.layers import StageLayer
from journeymap_designer.ui.canvas.scene import MapScene
from journeymap_designer.ui.shell.mainwindow import MainWindow

from .conftest import viewport_point

CULLS = QGraphicsItem.GraphicsItemFlag.ItemContainsChildrenInShape


def assert_layers_hold_their_children(scene: MapScene) -> None:
    for stage_id, layer in scene.layers.items():
        bounds = layer.boundingRect()
        for child in layer.childItems():
            drawn = child.mapRectToParent(child.boundingRect() | child.childrenBoundingRect())
            assert bounds.contains(drawn), f"{stage_id}: {child} drawn at {drawn} outside {bounds}"


def _card_center(scene: MapScene, card_id: str) -> tuple[float, float]:
    rect = scene.layout.geometry.cards[card_id]
    return rect.x + rect.w / 2, rect.y + rect.h / 2


def test_layers_hold_their_cards_and_arrows_through_random_edits(qapp) -> None:  # type: ignore[no-untyped-def]
    document = Document(generate_workspace(300, 1, seed=11))
    scene = MapScene(document)
    core = document.workspace.core
    stages, lanes = list(core.stages), list(core.lanes)
    rng = random.Random(4)
    for step in range(80):
        cards = sorted(core.touchpoints)
        action = rng.randrange(5)
        try:
            if action < 2:  # pile cards into one cell: its stage widens and grows taller
                data = {"id": f"tp-c{step}", "title": "x" * rng.randrange(1, 90), "stage_id": stages[0]}
                document.push(AddElement("touchpoint", {**data, "lane_id": lanes[-1]}))
            elif action == 2:
                changes = {"stage_id": rng.choice(stages), "lane_id": rng.choice(lanes)}
                document.push(UpdateElement("touchpoint", rng.choice(cards), changes))
            elif action == 3:
                document.push(RemoveElement("touchpoint", rng.choice(cards)))
            else:
                document.history.undo()
        except CommandError:
            continue
        assert_layers_hold_their_children(scene)
    assert all(layer.flags() & CULLS for layer in scene.layers.values())
    scene.detach()


def _large_window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(Document(generate_workspace(2000, 0, seed=2)))
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.view.set_zoom(1.0)
    return window


def _close(window: MainWindow) -> None:
    window.document.history.set_clean()
    window.close()
    window.deleteLater()


def test_a_click_selects_a_card_of_the_last_stage_and_the_first(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _large_window(qtbot)
    scene, view = window.scene, window.view
    core = window.document.workspace.core
    stages = list(core.stages)
    for stage_id in (stages[-1], stages[0]):
        card_id = next(t.id for t in core.touchpoints.values() if t.stage_id == stage_id)
        point = viewport_point(view, *_card_center(scene, card_id))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        assert [i.element_id for i in scene.selectedItems()] == [card_id]
    _close(window)


def _empty_spot(window: MainWindow, area: QRectF) -> QPointF:
    """A point of ``area`` with no card or arrow under it (a rubber band starts there)."""
    steps = 24
    for i in range(steps * steps):
        column, row = i % steps, i // steps
        spot = QPointF(area.left() + area.width() * column / steps, area.top() + area.height() * row / steps)
        window.view.ensureVisible(QRectF(spot, spot), 200, 200)
        if not any(isinstance(item, MapItem) for item in window.view.items(window.view.mapFromScene(spot))):
            return spot
    raise AssertionError(f"nothing empty in {area}")


def test_a_rubber_band_across_two_stages_selects_the_cards_of_both(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _large_window(qtbot)
    scene, view = window.scene, window.view
    geometry = scene.layout.geometry
    core = window.document.workspace.core
    first, second = list(core.stages)[4:6]
    boundary = geometry.stages[second].x
    lane = next(r for r in geometry.lanes.values() if r.h > 0)
    start = _empty_spot(window, QRectF(boundary - 200, lane.y, 180, lane.h))
    end = QPointF(boundary + 150, start.y() + 2 * lane.h)
    band = QRectF(start, end)
    touched = {i for i, r in geometry.cards.items() if band.intersects(QRectF(r.x, r.y, r.w, r.h))}
    assert {core.touchpoints[i].stage_id for i in touched} == {first, second}
    view.ensureVisible(band, 10, 10)
    a, b = view.mapFromScene(start), view.mapFromScene(end)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for step in range(1, 9):
        QTest.mouseMove(view.viewport(), a + (b - a) * (step / 8))
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    selected = {i.element_id for i in scene.selectedItems() if isinstance(i, CardItem)}
    assert selected <= touched
    assert {core.touchpoints[i].stage_id for i in selected} == {first, second}
    _close(window)


def test_a_card_dragged_out_of_its_stage_is_drawn_and_hit_all_the_way(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _large_window(qtbot)
    scene, view = window.scene, window.view
    core = window.document.workspace.core
    first, _second, third = list(core.stages)[:3]
    card_id = next(t.id for t in core.touchpoints.values() if t.stage_id == first)
    layer = scene.cards[card_id].parentItem()
    assert isinstance(layer, StageLayer)
    start = _card_center(scene, card_id)
    target = scene.layout.geometry.stages[third]
    end = (target.x + target.w / 2, start[1])
    view.set_zoom(0.5)
    a = viewport_point(view, *start)
    b = view.mapFromScene(QPointF(*end))
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for step in range(1, 9):
        QTest.mouseMove(view.viewport(), a + (b - a) * (step / 8))
    card = scene.cards[card_id]
    assert not layer.boundingRect().contains(card.mapRectToParent(card.boundingRect()))  # outside its stage
    assert not layer.flags() & CULLS  # ... so the promise is lifted while it travels
    assert card in view.items(b)  # and Qt still finds (and draws) it there
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    assert core.touchpoints[card_id].stage_id == third
    assert all(each.flags() & CULLS for each in scene.layers.values())
    assert_layers_hold_their_children(scene)
    _close(window)
