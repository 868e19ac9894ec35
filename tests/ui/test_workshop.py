"""Workshop mode on a projector: a stage with all its lanes, frozen headers, Escape back to where you were."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from journeymap_designer.ui.shell.mainwindow import MainWindow
from journeymap_designer.ui.shell.workshop import READABLE_ZOOM


def _shown(window: MainWindow):  # type: ignore[no-untyped-def]
    return window.view.mapToScene(window.view.viewport().rect()).boundingRect()


def test_f11_presents_each_stage_with_all_its_lanes_and_escape_goes_back(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    view.set_zoom(0.9)
    view.centerOn(1500, 700)
    before = (view.zoom, view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    start = window.workshop_mode.current_stage_index()
    QTest.keyClick(view, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.waitUntil(lambda: window.workshop_stage == start)
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert view.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    geometry = window.scene.layout.geometry
    for step in range(3):
        stage = window.scene.journey.ordered_stages()[window.workshop_stage]
        column = geometry.stages[stage.id]
        shown = _shown(window)
        assert shown.left() <= column.x and column.right <= shown.right() + 1  # the whole stage, across
        fits = shown.bottom() >= geometry.height
        assert fits or abs(view.zoom - READABLE_ZOOM) < 1e-6  # every lane, or readable type and scroll
        assert view.zoom >= READABLE_ZOOM - 1e-6
        if step < 2:
            QTest.keyClick(view, Qt.Key.Key_PageDown)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert not window.workshop
    qtbot.waitUntil(lambda: not window.isFullScreen())
    qtbot.waitUntil(lambda: abs(view.zoom - before[0]) < 1e-6)
    qtbot.waitUntil(lambda: view.horizontalScrollBar().value() == before[1])
    assert view.verticalScrollBar().value() == before[2]
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded


def test_escape_in_the_inline_editor_is_not_leaving_workshop_mode(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    QTest.keyClick(view, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    QTest.keyClicks(view, "Kickoff")
    assert view.editor.isVisible()
    QTest.keyClick(view.editor, Qt.Key.Key_Escape)  # ends the entry and keeps the card
    assert window.workshop and not view.editor.isVisible()
    assert any(t.title == "Kickoff" for t in window.document.workspace.core.touchpoints.values())
    QTest.keyClick(view, Qt.Key.Key_F11)
    assert not window.workshop


def test_long_card_titles_are_not_cut_off(window: MainWindow) -> None:
    title = "Onboarding close-out and the CSM handover call"  # two lines would cut it
    card = window.controller.add_card("stage-onboarding", "lane-csm", title, None)
    assert card is not None
    item = window.scene.cards[card]
    window.view.select(card)
    window.view.viewport().repaint()
    drawn = " ".join(line.text() for line in item._title_lines())
    assert drawn.split() == title.split() and "\u2026" not in drawn
