"""Core and segment side by side: one scroll, one zoom, one selection, and edits show in both panes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from journeymap_designer.model.commands import UpdateElement
from journeymap_designer.ui.shell.mainwindow import MainWindow

from .conftest import SCREENSHOTS, click


def _centre_stage(view) -> str:  # type: ignore[no-untyped-def]
    centre = view.mapToScene(view.viewport().rect().center())
    geometry = view.map_scene.layout.geometry
    return next(s for s, r in geometry.stages.items() if r.x <= centre.x() < r.right)


def test_side_by_side_scrolls_zooms_and_selects_together(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.segment_box.setCurrentIndex(window.segment_box.findData("seg-smb"))
    button = window.toolbar.widgetForAction(window.actions_.side_by_side)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    core_view = window.side_by_side.core_view
    assert core_view is not None and core_view.isVisible()
    assert core_view.map_scene.segment_id is None and window.scene.segment_id == "seg-smb"
    qtbot.waitUntil(lambda: core_view.width() > 300)
    # Zoom the segment pane with the keyboard: the core pane follows.
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert abs(core_view.zoom - window.view.zoom) < 1e-9
    # Scroll the core pane to a stage further on: the segment pane shows the same stage.
    for index in (4, 5):
        stage = core_view.map_scene.journey.ordered_stages()[index].id
        rect = core_view.map_scene.layout.geometry.stages[stage]
        core_view.centerOn(rect.x + rect.w / 2, rect.y + 300)
        assert _centre_stage(core_view) == stage and _centre_stage(window.view) == stage
    # Select a card in the segment pane: the same card is selected in the core pane.
    card_id = next(i for i in window.scene.cards if i in core_view.map_scene.cards)
    card = window.scene.layout.geometry.cards[card_id]
    click(window.view, card.x + card.w / 2, card.y + 20)
    assert [i.element_id for i in core_view.map_scene.selectedItems()] == [card_id]
    # An edit of the core shows in both panes.
    window.document.push(UpdateElement("touchpoint", card_id, {"title": "Both panes see this"}))
    assert core_view.map_scene.cards[card_id].title == "Both panes see this"
    if card_id not in window.document.workspace.segments["seg-smb"].changed.touchpoints:
        assert window.scene.cards[card_id].title == "Both panes see this"
    window.grab().save(str(SCREENSHOTS / "side_by_side.png"))
    # Off again: one map, and the window's own selection signal still reaches the inspector.
    window.actions_.side_by_side.trigger()
    assert window.side_by_side.core_view is None
    selections: list[object] = []
    window.view.selection_changed.connect(selections.append)
    window.view.select(card_id)
    assert selections and selections[-1] == ("touchpoint", card_id)
