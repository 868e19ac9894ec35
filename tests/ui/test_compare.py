"""Compare mode, driven like a lead would: switch to a segment, press Compare, read the map and the legend.

Expected marks are worked out from the segment's own records (added, changed, hidden), not from the
comparison code under test.
"""

from __future__ import annotations

import random

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from journeymap_designer.model.commands import RemoveElement, UpdateElement
from journeymap_designer.model.document import Document
from journeymap_designer.model.edits import CommandError
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.workspace import Segment, Workspace
from journeymap_designer.ui.canvas.scene import MapScene
from journeymap_designer.ui.shell.mainwindow import MainWindow

from .conftest import SCREENSHOTS, click, viewport_point
from .test_scene_incremental import _drawing


def _show(window: MainWindow, segment_id: str | None) -> None:
    window.segment_box.setCurrentIndex(window.segment_box.findData(segment_id) if segment_id else 0)


def _press_compare(window: MainWindow) -> None:
    button = window.toolbar.widgetForAction(window.actions_.compare)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _expected_card_marks(workspace: Workspace, segment: Segment) -> dict[str, str]:
    marks = {}
    for card_id in workspace.core.touchpoints:
        if card_id in segment.hidden:
            marks[card_id] = "hidden"
        elif segment.changed.touchpoints.get(card_id):
            marks[card_id] = "changed"
        else:
            marks[card_id] = "same"
    marks.update(dict.fromkeys(segment.added.touchpoints, "added"))
    return marks


def test_compare_mode_marks_every_card_and_shows_hidden_ones_as_ghosts(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = window.document.workspace
    smb = workspace.segments["seg-smb"]
    _show(window, smb.id)
    assert all(item.mark == "same" for item in window.scene.cards.values())
    hidden_cards = smb.hidden & workspace.core.touchpoints.keys()
    assert hidden_cards and not hidden_cards & window.scene.cards.keys()  # plain view: hidden cards are gone
    _press_compare(window)
    assert window.actions_.compare.isChecked()
    expected = _expected_card_marks(workspace, smb)
    assert {i: item.mark for i, item in window.scene.cards.items()} == expected
    for card_id in hidden_cards:
        assert window.scene.cards[card_id].opacity() < 1  # a ghost, drawn faint
    assert {"added", "changed", "hidden", "same"} <= set(expected.values())
    # The legend is up, and its numbers are what the map shows (cards and arrows).
    legend = window.legend
    assert legend.isVisible() and "SMB" in legend.heading.text()
    flow_marks = [item.mark for item in window.scene.flows.values()]
    card_marks = list(expected.values())
    for mark in ("same", "added", "changed", "hidden"):
        assert legend.counts[mark].text() == str(card_marks.count(mark) + flow_marks.count(mark))
    window.view.set_zoom(0.7)
    window.grab().save(str(SCREENSHOTS / "compare_mode.png"))
    # Another segment: the marks follow it.
    _show(window, "seg-enterprise")
    enterprise = workspace.segments["seg-enterprise"]
    assert {i: item.mark for i, item in window.scene.cards.items()} == _expected_card_marks(
        workspace, enterprise
    )
    # Off again: plain segment view, no ghosts, no legend.
    _press_compare(window)
    assert not window.legend.isVisible()
    assert not (enterprise.hidden & window.scene.cards.keys())
    assert all(item.mark == "same" for item in window.scene.cards.values())


def test_edits_in_compare_mode_change_the_marks_and_undo_restores_them(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = window.document.workspace
    smb = workspace.segments["seg-smb"]
    _show(window, smb.id)
    _press_compare(window)
    view, scene = window.view, window.scene
    same = next(i for i, item in scene.cards.items() if item.mark == "same")
    rect = scene.layout.geometry.cards[same]
    click(view, rect.x + rect.w / 2, rect.y + 20)
    QTest.keyClick(view, Qt.Key.Key_F2)
    QTest.keyClicks(view.editor, "SMB wording")
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    assert smb.changed.touchpoints[same]["title"].value == "SMB wording"
    assert scene.cards[same].mark == "changed"
    # Delete in a segment hides the card: in compare mode it stays on the map, as a ghost.
    view.select(same)
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert same in smb.hidden and scene.cards[same].mark == "hidden"
    assert window.legend.counts["hidden"].text() != ""
    window.actions_.undo.trigger()
    assert scene.cards[same].mark == "changed"
    window.actions_.undo.trigger()
    assert scene.cards[same].mark == "same" and scene.cards[same].opacity() == 1


def test_a_ghost_can_be_selected_but_not_edited(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = window.document.workspace
    smb = workspace.segments["seg-smb"]
    _show(window, smb.id)
    _press_compare(window)
    ghost = sorted(smb.hidden & workspace.core.touchpoints.keys())[0]
    messages: list[str] = []
    window.view.message.connect(messages.append)
    rect = window.scene.layout.geometry.cards[ghost]
    before = window.document.history.undo_name
    click(window.view, rect.x + rect.w / 2, rect.y + 20)
    assert window.view.selected_ids() == [ghost]
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    QTest.keyClick(window.view, Qt.Key.Key_F2)
    assert not window.view.editor.isVisible()
    assert len(messages) == 2 and "hides it" in messages[0]
    assert window.document.history.undo_name == before and ghost in smb.hidden


def test_a_core_edit_shows_in_the_compared_segment(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The core changes while a segment is compared: the segment's card is still "same" (it follows)."""
    workspace = window.document.workspace
    _show(window, "seg-smb")
    _press_compare(window)
    smb = workspace.segments["seg-smb"]
    card_id = next(
        i for i in workspace.core.touchpoints if i not in smb.hidden and i not in smb.changed.touchpoints
    )
    window.document.push(UpdateElement("touchpoint", card_id, {"title": "New core title"}))
    assert window.scene.cards[card_id].title == "New core title"
    assert window.scene.cards[card_id].mark == "same"


def test_patched_compare_scene_matches_a_fresh_one(qapp) -> None:  # type: ignore[no-untyped-def]
    """Switching segments and compare mode patches the scene; it must equal a scene built from scratch."""
    document = Document(generate_workspace(150, 3, seed=11))
    scene = MapScene(document)
    rng = random.Random(7)
    segments = [None, *document.workspace.segments]
    for step in range(40):
        action = rng.randrange(4)
        try:
            if action == 0:
                scene.show_segment(rng.choice(segments))
            elif action == 1:
                scene.set_compare(not scene.compare)
            elif action == 2 and scene.segment_id is not None:
                card = rng.choice(sorted(scene.journey.touchpoints))
                if not scene.is_ghost(card):
                    document.push(RemoveElement("touchpoint", card, scene.segment_id))
            else:
                document.history.undo()
        except CommandError:
            continue
        fresh = MapScene(document)
        fresh.segment_id, fresh.compare = scene.segment_id, scene.compare
        fresh.rebuild()
        assert _drawing(scene) == _drawing(fresh), f"step {step}"
        assert {i: c.mark for i, c in scene.cards.items()} == {i: c.mark for i, c in fresh.cards.items()}
        assert {i: f.mark for i, f in scene.flows.items()} == {i: f.mark for i, f in fresh.flows.items()}
        fresh.detach()


def test_undoing_a_segment_edit_from_the_core_brings_that_segment_up(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = window.document.workspace
    _show(window, "seg-smb")
    card_id = next(i for i in window.scene.cards if i in workspace.core.touchpoints)
    window.view.select(card_id)
    QTest.keyClick(window.view, Qt.Key.Key_Delete)  # hides it in SMB
    assert card_id in workspace.segments["seg-smb"].hidden
    _show(window, None)
    assert card_id in window.scene.cards  # the core still has it: nothing to see here
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.scene.segment_id == "seg-smb" and card_id in window.scene.cards
    assert card_id not in workspace.segments["seg-smb"].hidden
    assert "Undone in Segment: SMB" in window.statusBar().currentMessage()
    # A core edit undone while a segment is shown stays where the user is.
    window.document.push(UpdateElement("touchpoint", card_id, {"timing": "Day 1"}))
    window.actions_.undo.trigger()
    assert window.scene.segment_id == "seg-smb"


def test_right_click_on_a_changed_card_offers_reset_to_core(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = window.document.workspace
    smb = workspace.segments["seg-smb"]
    _show(window, smb.id)
    card_id = next(i for i in smb.changed.touchpoints if i in window.scene.cards)
    rect = window.scene.layout.geometry.cards[card_id]
    point = viewport_point(window.view, rect.x + rect.w / 2, rect.y + 20)
    chosen: list[str] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        action = next(a for a in menu.actions() if a.text() == "&Reset to Core")
        chosen.append(action.text() if action.isEnabled() else "disabled")
        menu.close()
        action.trigger()

    QTimer.singleShot(200, choose)
    # What Qt sends the viewport on a right-click (QTest has no way to synthesise it).
    QApplication.sendEvent(
        window.view.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, window.view.viewport().mapToGlobal(point)),
    )
    assert chosen == ["&Reset to Core"]
    assert window.view.selected_ids() == [card_id]
    assert card_id not in smb.changed.touchpoints
    window.actions_.undo.trigger()
    assert card_id in smb.changed.touchpoints


def test_customer_view_shows_no_marks_no_ghosts_no_personas_and_a_customer_core_beside_it(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Compare mode's marks and ghosts, the persona strip and the team's core pane are the team's
    material: with Customer View on, the map pane shows only what a customer may see."""
    workspace = window.document.workspace
    smb = workspace.segments["seg-smb"]
    _show(window, smb.id)
    _press_compare(window)
    window.actions_.side_by_side.trigger()
    hidden_cards = smb.hidden & workspace.core.touchpoints.keys()
    assert hidden_cards <= window.scene.cards.keys()  # ghosts, in compare mode
    assert window.personas.isVisibleTo(window)
    window.actions_.customer_view.trigger()
    assert not hidden_cards & window.scene.cards.keys()
    assert all(item.mark == "same" for item in window.scene.cards.values())
    assert not window.personas.isVisibleTo(window)
    core_scene = window.side_by_side.core_scene
    assert core_scene is not None and core_scene.customer_view
    internal_only = {i for i, lane in workspace.core.lanes.items() if lane.internal_only}
    assert internal_only and not any(
        card.lane_id in internal_only for card in core_scene.journey.touchpoints.values()
    )
    window.actions_.customer_view.trigger()  # off again: the compare marks come back
    assert hidden_cards <= window.scene.cards.keys()
    assert window.personas.isVisibleTo(window)
