"""The canvas driven like a facilitator would: mouse and keys on the real view, never private helpers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from journeymap_designer.ui.shell.mainwindow import MainWindow

from .conftest import SCREENSHOTS, click, drag


def _empty_cell(window: MainWindow) -> tuple[str, str]:
    journey = window.scene.journey
    used = {(t.stage_id, t.lane_id) for t in journey.touchpoints.values()}
    for stage in journey.ordered_stages():
        for lane in journey.ordered_lanes():
            if (stage.id, lane.id) not in used and lane.side == "internal":
                return stage.id, lane.id
    raise AssertionError("the sample has no empty cell")


def _cards_in(window: MainWindow, stage_id: str, lane_id: str) -> list[str]:
    cards = [
        t for t in window.scene.journey.touchpoints.values() if (t.stage_id, t.lane_id) == (stage_id, lane_id)
    ]
    return [t.title for t in sorted(cards, key=lambda t: t.order)]


def test_quick_entry_with_keyboard_only(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    stage_id, lane_id = _empty_cell(window)
    cell = window.scene.layout.geometry.cell(stage_id, lane_id)
    assert cell is not None
    click(view, cell.x + cell.w / 2, cell.y + cell.h / 2, double=True)
    assert view.editor.isVisible()
    QTest.keyClicks(view.editor, "Kickoff call")
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    qtbot.waitUntil(view.editor.isVisible)  # Enter: the next card, same cell
    QTest.keyClicks(view.editor, "Success plan workshop")
    QTest.keyClick(view.editor, Qt.Key.Key_Tab)  # Tab: commit, then the next stage
    assert _cards_in(window, stage_id, lane_id) == ["Kickoff call", "Success plan workshop"]
    qtbot.waitUntil(view.editor.isVisible)
    QTest.keyClicks(view.editor, "Next-stage card")
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    stages = [s.id for s in window.scene.journey.ordered_stages()]
    next_stage = stages[stages.index(stage_id) + 1]
    assert "Next-stage card" in _cards_in(window, next_stage, lane_id)
    qtbot.waitUntil(view.editor.isVisible)
    QTest.keyClick(view.editor, Qt.Key.Key_Escape)  # Escape on an empty entry: stop, adding nothing
    assert not view.editor.isVisible()
    assert window.actions_.undo.text() == "&Undo Add touchpoint \u201cNext-stage card\u201d"
    # Arrow keys move the selection from the card just added.
    selected = view.selected_ids("touchpoint")
    QTest.keyClick(view, Qt.Key.Key_Left)
    assert view.selected_ids("touchpoint") and view.selected_ids("touchpoint") != selected


def test_undo_and_redo_with_standard_shortcuts(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    card_id = next(iter(window.scene.cards))
    rect = window.scene.layout.geometry.cards[card_id]
    click(view, rect.x + rect.w / 2, rect.y + 20)
    assert view.selected_ids() == [card_id]
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert card_id not in window.document.workspace.core.touchpoints
    assert card_id not in window.scene.cards
    assert window.isWindowModified()
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert card_id in window.document.workspace.core.touchpoints and card_id in window.scene.cards
    QTest.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert card_id not in window.document.workspace.core.touchpoints


def test_drag_a_card_to_another_cell_is_one_undo_step(window: MainWindow) -> None:
    view, scene = window.view, window.scene
    stage_id, lane_id = _empty_cell(window)
    card_id = next(t.id for t in scene.journey.touchpoints.values() if t.lane_id != lane_id)
    rect = scene.layout.geometry.cards[card_id]
    cell = scene.layout.geometry.cell(stage_id, lane_id)
    assert cell is not None
    steps_before = len(window.document.history)
    drag(view, (rect.x + rect.w / 2, rect.y + 25), (cell.x + 40, cell.y + 40))
    moved = window.document.workspace.core.touchpoints[card_id]
    assert (moved.stage_id, moved.lane_id) == (stage_id, lane_id)
    assert len(window.document.history) == steps_before + 1
    assert window.document.history.undo_name.startswith("Move touchpoint")
    new_rect = scene.layout.geometry.cards[card_id]
    assert scene.cards[card_id].scenePos().x() == new_rect.x and cell.contains(new_rect.x, new_rect.y)
    window.document.history.undo()
    back = window.document.workspace.core.touchpoints[card_id]
    assert (back.stage_id, back.lane_id) != (stage_id, lane_id)


def test_drag_from_the_handle_connects_two_cards(window: MainWindow) -> None:
    view, scene = window.view, window.scene
    journey = scene.journey
    cards = sorted(journey.touchpoints.values(), key=lambda t: scene.layout.geometry.cards[t.id].x)
    source = cards[0]
    target = next(t for t in cards[3:] if journey.owner_of(t) != journey.owner_of(source))
    a, b = scene.layout.geometry.cards[source.id], scene.layout.geometry.cards[target.id]
    flows_before = set(journey.flows)
    drag(view, (a.right - 1, a.y + a.h / 2), (b.x + b.w / 2, b.y + b.h / 2))
    core = window.document.workspace.core
    new_flows = set(core.flows) - flows_before
    assert len(new_flows) == 1
    flow = core.flows[new_flows.pop()]
    assert (flow.source, flow.target) == (source.id, target.id)
    assert any(h.flow_id == flow.id for h in core.handoffs.values())  # owners differ: a handoff
    assert flow.id in scene.flows and scene.flows[flow.id].is_handoff
    window.document.history.undo()
    assert flow.id not in core.flows and flow.id not in scene.flows


def test_rename_stage_in_place_and_duplicate_card(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, scene = window.view, window.scene
    stage = scene.journey.ordered_stages()[0]
    header = scene.layout.geometry.headers[stage.id]
    click(view, header.x + header.w / 2, header.y + header.h / 2, double=True)
    assert view.editor.isVisible() and view.editor.text() == stage.name
    view.editor.selectAll()
    QTest.keyClicks(view.editor, "Discover")
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    assert window.document.workspace.core.stages[stage.id].name == "Discover"
    assert scene.grid.stage_names[stage.id] == "Discover"
    card_id = next(iter(scene.cards))
    view.select(card_id)
    count = len(scene.cards)
    QTest.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(scene.cards) == count + 1


def test_edits_in_a_segment_stay_in_the_segment(window: MainWindow) -> None:
    view, scene = window.view, window.scene
    window.segment_box.setCurrentIndex(1)
    segment_id = scene.segment_id
    assert segment_id is not None
    card_id = next(i for i in scene.cards if i in window.document.workspace.core.touchpoints)
    view.select(card_id)
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert card_id in window.document.workspace.segments[segment_id].hidden
    assert card_id in window.document.workspace.core.touchpoints  # the core keeps it
    assert card_id not in scene.cards
    window.segment_box.setCurrentIndex(0)
    assert card_id in scene.cards


def _header_visible(window: MainWindow, index: int) -> bool:
    stage = window.scene.journey.ordered_stages()[index]
    header = window.scene.layout.geometry.headers[stage.id]
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    return shown.contains(header.x + header.w / 2, header.y + header.h / 2)


def test_workshop_mode_and_customer_view(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.set_zoom(2.0)  # close enough that the first stage can be in the middle of the view
    window.view.centerOn(300, 600)  # the first stage in the middle: the presentation starts there
    QTest.keyClick(window.view, Qt.Key.Key_F11)
    assert window.workshop and window.menuBar().isHidden() and window.toolbar.isHidden()
    assert all(not dock.isVisible() for dock in window._docks)
    qtbot.waitUntil(lambda: window.isFullScreen() and _header_visible(window, 0))
    assert window.view.zoom >= 0.6  # readable type (test_workshop.py checks the lanes and the return)
    QTest.keyClick(window.view, Qt.Key.Key_PageDown)
    assert window.workshop_stage == 1 and _header_visible(window, 1)
    QTest.keyClick(window.view, Qt.Key.Key_PageDown)
    QTest.keyClick(window.view, Qt.Key.Key_PageUp)
    assert window.workshop_stage == 1 and _header_visible(window, 1)
    QTest.keyClick(
        window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.scene.customer_view
    internal_only = {lane.id for lane in window.document.workspace.core.lanes.values() if lane.internal_only}
    assert internal_only and not internal_only & set(window.scene.layout.geometry.lanes)
    QTest.keyClick(window.view, Qt.Key.Key_F11)
    assert not window.workshop and not window.menuBar().isHidden()


def test_screenshot_of_the_sample_map(window: MainWindow) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.view.show_start()  # how the map opens: readable, from its start
    assert window.view.zoom >= 0.6
    image = window.grab()
    assert image.save(str(SCREENSHOTS / "sample-map.png"))
    assert image.width() >= 1600
    window.view.fit_all()
    assert window.grab().save(str(SCREENSHOTS / "sample-map-fit.png"))
    window.view.set_zoom(1.0)
    window.view.zoom_to_stage(window.scene.journey.ordered_stages()[3].id)
    assert window.view.grab().save(str(SCREENSHOTS / "sample-stage.png"))


def test_stages_and_lanes_insert_move_and_delete_from_their_menu(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from journeymap_designer.ui.canvas.structure_menu import StructureMenu

    core = window.document.workspace.core
    first, second = [s.id for s in core.ordered_stages()][:2]
    StructureMenu(window.view, window.controller, "stage", first, window.view.start_rename).move_by(1)
    assert [s.id for s in core.ordered_stages()][:2] == [second, first]
    assert window.scene.layout.geometry.stages[second].x < window.scene.layout.geometry.stages[first].x
    StructureMenu(window.view, window.controller, "stage", first, window.view.start_rename).insert(1)
    assert window.view.editor.isVisible()
    QTest.keyClicks(window.view.editor, "Evaluation")
    QTest.keyClick(window.view.editor, Qt.Key.Key_Return)
    names = [s.name for s in core.ordered_stages()]
    assert names[2] == "Evaluation" and len(names) == 9
    lane = [lane.id for lane in core.ordered_lanes() if lane.side == "internal"][-1]
    cards = sum(1 for t in core.touchpoints.values() if t.lane_id == lane)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    StructureMenu(window.view, window.controller, "lane", lane, window.view.start_rename).delete()
    print(
        "after",
        lane in core.lanes,
        lane in window.scene.layout.geometry.lanes,
        lane in window.scene.journey.lanes,
        window.scene.document is window.document,
    )
    assert lane not in core.lanes and lane not in window.scene.layout.geometry.lanes and cards > 0
    window.document.history.undo()
    assert lane in core.lanes and sum(1 for t in core.touchpoints.values() if t.lane_id == lane) == cards


def test_find_cycles_through_matching_cards(window: MainWindow) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible() and window.find_bar.field.hasFocus()
    QTest.keyClicks(window.find_bar.field, "review")
    matches = window.find_bar.matches
    titles = [window.scene.journey.touchpoints[i].title.lower() for i in matches]
    assert len(matches) >= 3 and all("review" in t for t in titles)
    assert window.view.selected_ids() == [matches[0]]
    QTest.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    assert window.view.selected_ids() == [matches[1]]
    QTest.keyClick(window.find_bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.selected_ids() == [matches[0]]
    assert window.scene.cards[matches[2]].highlighted
    QTest.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible() and not window.scene.cards[matches[2]].highlighted


def test_review_regressions(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Work typed but not committed is part of the unsaved work; segments never delete core moments;
    a card dragged into an owner's lane takes that owner; a pair is connected at most once."""
    from PySide6.QtWidgets import QMessageBox

    view, core = window.view, window.document.workspace.core
    window.document.history.set_clean()
    stage_id, lane_id = _empty_cell(window)
    view.start_new_card(stage_id, lane_id)
    QTest.keyClicks(view.editor, "Called out just now")
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda *a, **k: asked.append("x") or QMessageBox.StandardButton.Cancel
    )
    assert not window.confirm_discard() and asked  # the typed card counted as unsaved work
    assert "Called out just now" in _cards_in(window, stage_id, lane_id)

    window.segment_box.setCurrentIndex(1)
    moment_id = next(iter(window.scene.moments))
    view.select(moment_id)
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert moment_id in core.moments

    window.segment_box.setCurrentIndex(0)
    card = next(t for t in core.touchpoints.values() if t.owner_id)  # a customer-lane card, owned explicitly
    view.drop_card(card.id, _cell_centre(window, stage_id, lane_id))
    moved = core.touchpoints[card.id]
    assert (moved.lane_id, moved.owner_id) == (lane_id, None) and core.owner_of(moved) == lane_id

    flow = next(iter(core.flows.values()))
    count = len(core.flows)
    view.connect_cards(flow.source, flow.target)
    assert len(core.flows) == count


def _cell_centre(window: MainWindow, stage_id: str, lane_id: str):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF

    cell = window.scene.layout.geometry.cell(stage_id, lane_id)
    assert cell is not None
    return QPointF(cell.x + cell.w / 2, cell.y + cell.h / 2)
