"""Playbooks created from the canvas for a card (an activity) or a stage, opened, moved and undone.

Driven as a user does: a right-click on a card or a stage header and a click in its menu, the Map
menu's action and its shortcut, the inspector's Hangs off combo; then undo, redo and a saved file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QMenu, QPushButton

from journeymap_designer.model.document import Document
from journeymap_designer.model.edits import CommandError
from journeymap_designer.model.elements import playbook_anchor
from journeymap_designer.model.playbook_anchors import add_anchored_playbook, anchored_playbook, move_playbook
from journeymap_designer.model.resolve import resolve
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.shell.mainwindow import MainWindow
from journeymap_designer.ui.widgets.fieldeditors import TextBox

from .conftest import viewport_point

CARD = "tp-onb-kickoff-call"  # an activity without a playbook
RESCUE_CARD = "tp-onb-data-connection"  # the sample's activity with one (pb-data-rescue)
STAGE = "stage-adoption"  # a stage without a playbook of its own


def _right_click(window: MainWindow, point: QPoint, choose: str) -> list[str]:
    """Right-click at a viewport point and trigger the menu entry ``choose``; the menu's texts."""
    seen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.extend(a.text() for a in menu.actions() if a.text())
        action = next((a for a in menu.actions() if a.text() == choose), None)
        if action is None or not action.isEnabled():
            menu.close()
            return
        where = menu.actionGeometry(action).center()  # a click on the entry, as a hand does
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)

    QTimer.singleShot(200, pick)
    QApplication.sendEvent(
        window.view.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, window.view.viewport().mapToGlobal(point)),
    )
    window.activateWindow()  # offscreen, the window comes back from its popup when told to
    QTest.qWaitForWindowActive(window)
    return seen


def _card_point(window: MainWindow, card_id: str) -> QPoint:
    rect = window.scene.layout.geometry.cards[card_id]
    return viewport_point(window.view, rect.x + rect.w / 2, rect.y + 20)


def _header_point(window: MainWindow, stage_id: str) -> QPoint:
    rect = window.scene.layout.geometry.headers[stage_id]
    return viewport_point(window.view, rect.x + rect.w / 2, rect.y + rect.h / 2)


def _playbooks(window: MainWindow, segment: str | None = None) -> dict[str, tuple[str, str] | None]:
    workspace = window.document.workspace
    journey = resolve(workspace, workspace.segments.get(segment or ""))
    return {p.id: playbook_anchor(p) for p in journey.playbooks.values()}


def _new(window: MainWindow, before: dict[str, object], segment: str | None = None) -> str:
    added = [i for i in _playbooks(window, segment) if i not in before]
    assert len(added) == 1, added
    return added[0]


def test_a_cards_menu_creates_its_playbook_shown_in_the_inspector_and_undo_removes_it(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    before = _playbooks(window)
    texts = _right_click(window, _card_point(window, CARD), "Create &Playbook for this Activity")
    assert "Create &Playbook for this Activity" in texts
    playbook_id = _new(window, before)
    playbook = window.document.workspace.core.playbooks[playbook_id]
    assert playbook_anchor(playbook) == ("activity", CARD)
    assert playbook.title == window.document.workspace.core.touchpoints[CARD].title
    assert playbook.stage_id == "stage-onboarding"  # the activity's stage, as exports group it
    # Selected and shown: the card on the map, its playbook in the inspector, ready to type into.
    assert window.view.selected_ids() == [CARD]
    assert window.inspector.selection == ("touchpoint", CARD)
    trigger = window.inspector.field_widget("playbook.event_trigger")
    assert isinstance(trigger, TextBox)
    qtbot.waitUntil(trigger.hasFocus)
    anchor = window.inspector.field_widget("playbook.anchor")
    assert isinstance(anchor, QComboBox) and anchor.currentText().startswith("Activity: Kickoff call")
    QTest.keyClicks(trigger, "The signed order reaches onboarding")
    window.view.setFocus()
    qtbot.waitUntil(lambda: not trigger.hasFocus())
    assert window.document.workspace.core.playbooks[playbook_id].event_trigger.startswith("The signed")
    # Saved and opened again, it still hangs off the card.
    path = tmp_path / "map.journeymap"
    window.document.save(path)
    reopened = Document.open(path).workspace.core.playbooks[playbook_id]
    assert playbook_anchor(reopened) == ("activity", CARD) and reopened.event_trigger
    window.actions_.undo.trigger()  # the trigger
    window.actions_.undo.trigger()  # the playbook
    assert _playbooks(window) == before
    page = window.inspector.scroll_area.widget()
    assert page.findChild(QPushButton, "create-playbook") is not None  # "no playbook yet" again
    window.actions_.redo.trigger()
    assert playbook_id in window.document.workspace.core.playbooks


def test_a_card_with_a_playbook_offers_open_its_playbook(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = _playbooks(window)
    history = len(window.document.history)
    texts = _right_click(window, _card_point(window, RESCUE_CARD), "Open its &Playbook")
    assert "Open its &Playbook" in texts and "Create &Playbook for this Activity" not in texts
    assert _playbooks(window) == before and len(window.document.history) == history  # nothing made
    assert window.inspector.selection == ("touchpoint", RESCUE_CARD)
    title = window.inspector.field_widget("playbook.title")
    assert (
        title is not None and title.text() == window.document.workspace.core.playbooks["pb-data-rescue"].title
    )  # type: ignore[attr-defined]
    assert window.inspector.isVisible()


def test_an_arrow_has_no_playbook_entry(window: MainWindow) -> None:
    flow_id = next(iter(sorted(window.document.workspace.core.flows)))
    window.view.select(flow_id)
    assert not window.actions_.playbook.isEnabled()


def test_the_shortcut_creates_the_selected_cards_playbook(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = _playbooks(window)
    window.view.select(CARD)
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    assert window.actions_.playbook.text() == "Create &Playbook for this Activity"
    QTest.keyClick(
        window.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    playbook_id = _new(window, before)
    assert window.actions_.playbook.text() == "Open its &Playbook"  # now it has one
    assert window.document.history.undo_name.startswith("Add playbook")
    window.actions_.undo.trigger()
    assert playbook_id not in _playbooks(window)
    assert window.actions_.playbook.text() == "Create &Playbook for this Activity"


def test_a_stage_headers_menu_creates_the_stages_playbook(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = _playbooks(window)
    texts = _right_click(window, _header_point(window, STAGE), "Create Playbook for this Stage")
    assert "Create Playbook for this Stage" in texts
    playbook_id = _new(window, before)
    assert _playbooks(window)[playbook_id] == ("stage", STAGE)
    assert window.inspector.selection == ("stage", STAGE)
    assert window.inspector.field_widget("playbook.title").text() == "Adoption"  # type: ignore[union-attr]
    # The same header now opens it.
    texts = _right_click(window, _header_point(window, STAGE), "Open its Playbook")
    assert "Open its Playbook" in texts and "Create Playbook for this Stage" not in texts
    assert len(_playbooks(window)) == len(before) + 1
    window.actions_.undo.trigger()
    assert _playbooks(window) == before


def test_in_a_segment_the_playbook_is_the_segments(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """As Create playbook on a moment always did: a playbook made while a segment is shown is its own."""
    window.controller.show_journey("seg-smb")
    before = _playbooks(window, "seg-smb")
    _right_click(window, _card_point(window, CARD), "Create &Playbook for this Activity")
    playbook_id = _new(window, before, "seg-smb")
    workspace = window.document.workspace
    assert playbook_id in workspace.segments["seg-smb"].added.playbooks
    assert playbook_id not in workspace.core.playbooks
    note = window.inspector.scroll_area.widget().findChildren(QPushButton)
    assert all(b.objectName() != "create-playbook" for b in note)
    window.actions_.undo.trigger()
    assert playbook_id not in workspace.segments["seg-smb"].added.playbooks


def _choose(combo: QComboBox, text: Callable[[str], bool], qtbot) -> None:  # type: ignore[no-untyped-def]
    """Focus a combo, open its list with the Down key, walk to the entry and press Enter."""
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    QTest.keyClick(combo, Qt.Key.Key_Down)  # opens the list (arrows never step a closed one)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    target = next(i for i in range(combo.count()) if text(combo.itemText(i)))
    key = Qt.Key.Key_Down if target > view.currentIndex().row() else Qt.Key.Key_Up
    for _ in range(combo.count()):
        if view.currentIndex().row() == target:
            break
        QTest.keyClick(view, key)
    QTest.keyClick(view, Qt.Key.Key_Return)


def test_hangs_off_moves_a_playbook_and_the_inspector_follows(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.view.select(RESCUE_CARD)
    anchor = window.inspector.field_widget("playbook.anchor")
    assert isinstance(anchor, QComboBox)
    assert anchor.currentText() == "Activity: Connects the first data source (Onboarding)"
    _choose(anchor, lambda t: t == "Stage: Adoption", qtbot)
    playbook = window.document.workspace.core.playbooks["pb-data-rescue"]
    assert playbook_anchor(playbook) == ("stage", STAGE)
    assert (playbook.touchpoint_id, playbook.moment_id, playbook.stage_id) == (None, None, STAGE)
    assert window.document.history.undo_name.startswith("Move playbook")
    assert window.inspector.selection == ("stage", STAGE)  # the playbook stays in view
    window.document.save(tmp_path / "moved.journeymap")
    reopened = Document.open(tmp_path / "moved.journeymap").workspace.core.playbooks["pb-data-rescue"]
    assert playbook_anchor(reopened) == ("stage", STAGE)
    window.actions_.undo.trigger()
    assert playbook_anchor(window.document.workspace.core.playbooks["pb-data-rescue"]) == (
        "activity",
        RESCUE_CARD,
    )
    window.actions_.redo.trigger()
    assert playbook_anchor(window.document.workspace.core.playbooks["pb-data-rescue"]) == ("stage", STAGE)


def test_hangs_off_refuses_an_anchor_that_has_a_playbook(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.select(RESCUE_CARD)
    anchor = window.inspector.field_widget("playbook.anchor")
    assert isinstance(anchor, QComboBox)
    history = len(window.document.history)
    _choose(anchor, lambda t: t.startswith("Milestone: First value"), qtbot)
    assert len(window.document.history) == history  # nothing half-applied
    assert "already has a playbook" in window.statusBar().currentMessage()
    assert playbook_anchor(window.document.workspace.core.playbooks["pb-data-rescue"]) == (
        "activity",
        RESCUE_CARD,
    )
    assert anchor.currentText().startswith("Activity: Connects the first data source")  # shown back


def test_the_model_refuses_a_second_playbook_and_unknown_anchors() -> None:
    workspace = Document.open(sample_path()).workspace
    journey = workspace.core
    with pytest.raises(CommandError, match="already has a playbook"):
        add_anchored_playbook(workspace, journey, None, "activity", RESCUE_CARD)
    with pytest.raises(CommandError, match="no activity"):
        add_anchored_playbook(workspace, journey, None, "activity", "tp-nowhere")
    with pytest.raises(CommandError, match="no playbook"):
        move_playbook(journey, None, "pb-nowhere", "stage", STAGE)
    found = anchored_playbook(journey, "milestone", "mot-first-value")
    assert found is not None and found.id == "pb-first-value"
