"""Quick entry never loses typing: Escape keeps a typed card, and typing after a click lands there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from journeymap_designer.ui.canvas.quick_entry import ENTRY_MARGIN
from journeymap_designer.ui.shell.mainwindow import MainWindow

from .conftest import click
from .test_canvas import _cards_in, _empty_cell


def test_escape_ends_entry_and_keeps_a_typed_card(window: MainWindow) -> None:
    view = window.view
    stage_id, lane_id = _empty_cell(window)
    cell = window.scene.layout.geometry.cell(stage_id, lane_id)
    assert cell is not None
    click(view, cell.x + cell.w / 2, cell.y + cell.h / 2, double=True)
    QTest.keyClicks(view.editor, "Quarterly business review")
    QTest.keyClick(view.editor, Qt.Key.Key_Escape)
    assert not view.editor.isVisible()
    assert _cards_in(window, stage_id, lane_id) == ["Quarterly business review"]
    # An empty entry ended with Escape adds nothing.
    click(view, cell.x + cell.w - 10, cell.y + cell.h - 6, double=True)
    QTest.keyClick(view.editor, Qt.Key.Key_Escape)
    assert _cards_in(window, stage_id, lane_id) == ["Quarterly business review"]
    # Renaming is different: Escape there cancels and keeps the old title.
    card = next(
        t.id for t in window.scene.journey.touchpoints.values() if t.title == "Quarterly business review"
    )
    view.select(card)
    QTest.keyClick(view, Qt.Key.Key_F2)
    QTest.keyClicks(view.editor, "Typed then abandoned")
    QTest.keyClick(view.editor, Qt.Key.Key_Escape)
    assert _cards_in(window, stage_id, lane_id) == ["Quarterly business review"]


def test_typing_after_a_click_starts_the_card_in_the_clicked_cell(window: MainWindow) -> None:
    view = window.view
    stage_id, lane_id = _empty_cell(window)
    cell = window.scene.layout.geometry.cell(stage_id, lane_id)
    assert cell is not None
    click(view, cell.x + cell.w / 2, cell.y + cell.h / 2)  # a single click on empty space
    assert view.selected_ids() == []
    QTest.keyClicks(view, "Escalation call")
    assert view.editor.isVisible()
    editor_box = view.editor.geometry()
    corner = view.mapToScene(editor_box.topLeft())
    assert cell.x <= corner.x() < cell.right and cell.y <= corner.y() < cell.bottom  # where it will land
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    assert _cards_in(window, stage_id, lane_id) == ["Escalation call"]


def test_the_map_does_not_jump_while_typing_and_each_card_lands_under_its_entry_box(
    window: MainWindow,
) -> None:
    view = window.view
    stage_id, lane_id = _empty_cell(window)
    cell = window.scene.layout.geometry.cell(stage_id, lane_id)
    assert cell is not None
    geometry = window.scene.layout.geometry
    size_before = (geometry.stage_columns[stage_id], geometry.lane_rows[lane_id])
    click(view, cell.x + cell.w / 2, cell.y + 30, double=True)
    scrolled = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    titles = [f"Sticky note {n}" for n in range(1, 8)]
    for title in titles:
        assert view.editor.isVisible()
        box = view.mapToScene(view.editor.geometry().topLeft())
        for letter in title:
            QTest.keyClick(view.editor, letter)
            assert (view.horizontalScrollBar().value(), view.verticalScrollBar().value()) == scrolled
        QTest.keyClick(view.editor, Qt.Key.Key_Return)
        card = next(t.id for t in window.scene.journey.touchpoints.values() if t.title == title)
        landed = window.scene.layout.geometry.cards[card]
        assert abs(landed.x - box.x()) <= 2 and abs(landed.y - box.y()) <= 2, (title, landed, box)
        # The next entry box opens in view; the map moves only if that box would leave it, and then
        # only as far as it must.
        now = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        editor = view.editor.geometry()
        assert view.viewport().rect().contains(editor)
        if now != scrolled:
            near_edge = min(editor.top(), view.viewport().height() - editor.bottom())
            assert (
                near_edge <= ENTRY_MARGIN + 1
                and max(abs(a - b) for a, b in zip(now, scrolled, strict=True)) < 120
            )
            scrolled = now
    QTest.keyClick(view.editor, Qt.Key.Key_Escape)
    assert _cards_in(window, stage_id, lane_id) == titles
    geometry = window.scene.layout.geometry
    assert geometry.stage_columns[stage_id] > size_before[0]  # the stage made room as cards came
