"""The editing controller without a window: one push, one refusal message, what is shown, reveal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMainWindow

from journeymap_designer.model.commands import UpdateElement
from journeymap_designer.model.document import Document
from journeymap_designer.model.edits import Command
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.canvas.scene import MapScene
from journeymap_designer.ui.editing.controller import EditingController

pytestmark = pytest.mark.usefixtures("qapp")

CARD = "tp-acq-demo-request"
SMB = "seg-smb"


@pytest.fixture
def controller() -> EditingController:
    return EditingController(Document.open(sample_path()))


def test_a_refused_edit_is_reported_once_and_changes_nothing(controller: EditingController) -> None:
    messages: list[str] = []
    controller.message.connect(messages.append)
    before = controller.document.history.undo_name
    assert not controller.rename("stage", "no-such-stage", "X", None)
    assert len(messages) == 1 and "no-such-stage" in messages[0]
    assert controller.last_refusal == messages[0]
    assert controller.document.history.undo_name == before
    assert controller.push(UpdateElement("touchpoint", CARD, {"title": "Asks for a demo"}), done="Renamed")
    assert messages[-1] == "Renamed"
    title = controller.workspace.core.touchpoints[CARD].title

    def half_refused() -> Iterator[Command]:
        yield UpdateElement("touchpoint", CARD, {"title": "Half"})
        yield UpdateElement("stage", "no-such-stage", {"name": "X"})

    assert not controller.macro("Two edits", half_refused)  # all or nothing: the first is rolled back
    assert controller.workspace.core.touchpoints[CARD].title == title
    assert len(messages) == 3 and "no-such-stage" in messages[-1]


def test_edits_go_to_the_target_and_undo_brings_that_segment_up(controller: EditingController) -> None:
    shown: list[object] = []
    controller.shown_changed.connect(shown.append)
    card = controller.add_card("stage-acquisition", "lane-customer", "Reads a review", SMB)
    assert card is not None and card in controller.workspace.segments[SMB].added.touchpoints
    assert controller.segment_id is None  # editing a segment does not show it by itself
    controller.undo()
    assert shown == [SMB] and controller.segment_id == SMB
    assert card not in controller.workspace.segments[SMB].added.touchpoints


def test_scenes_draw_before_the_panels_hear_of_a_change(controller: EditingController) -> None:
    """Panels read what the map shows; they must never see a map that has not caught up yet."""
    window = QMainWindow()
    scene = MapScene(controller.document, parent=window)
    scene.follow(controller)
    seen: list[bool] = []
    controller.changed.connect(lambda _change: seen.append(scene.segment_id == controller.segment_id))
    controller.show_journey(SMB)
    card = controller.add_card("stage-acquisition", "lane-customer", "Reads a review", SMB)
    controller.changed.connect(
        lambda _change: seen.append((card in scene.cards) == (card in controller.journey(SMB).touchpoints))
    )
    controller.undo()
    controller.redo()
    assert seen and all(seen)
    replaced = Document.open(sample_path())
    controller.set_document(replaced)
    assert scene.document is replaced and scene.segment_id is None
    scene.detach()


def test_a_deleted_segment_stops_being_shown(controller: EditingController) -> None:
    controller.show_journey(SMB)
    assert controller.delete_segment(SMB)
    assert controller.segment_id is None
    with pytest.raises(KeyError):
        controller.show_journey("no-such-segment")


def test_reveal_shows_a_handoff_on_its_flow_and_a_playbook_its_moment(controller: EditingController) -> None:
    revealed: list[tuple[str, str, str]] = []
    controller.reveal_requested.connect(lambda *args: revealed.append(args))
    handoff = sorted(controller.workspace.core.handoffs.values(), key=lambda h: h.id)[0]
    playbook = sorted(controller.workspace.core.playbooks.values(), key=lambda p: p.id)[0]
    controller.reveal("handoff", handoff.id)
    controller.reveal("playbook", playbook.id, note="gone")
    controller.reveal("stage", "stage-adoption")
    assert revealed == [
        ("handoff", handoff.flow_id, ""),
        ("playbook", playbook.moment_id or "", "gone"),
        ("stage", "stage-adoption", ""),
    ]


def test_the_map_is_built_once_when_a_window_opens(monkeypatch: pytest.MonkeyPatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    from journeymap_designer.ui.shell.mainwindow import MainWindow

    builds: list[int] = []
    original = MapScene.rebuild

    def counting(scene: MapScene) -> None:
        builds.append(1)
        original(scene)

    monkeypatch.setattr(MapScene, "rebuild", counting)
    window = MainWindow(Document.open(sample_path()))
    qtbot.addWidget(window)
    assert len(builds) == 1
    window.document.history.set_clean()


def test_the_window_shows_a_hidden_card_as_a_ghost_and_leaves_compare_alone_otherwise(window) -> None:  # type: ignore[no-untyped-def]
    controller, compare = window.controller, window.actions_.compare
    controller.reveal("touchpoint", "no-such-card", note="not there")
    assert not compare.isChecked() and window.view.selected_ids() == []
    assert window.statusBar().currentMessage() == "not there"
    controller.reveal("stage", "stage-adoption")
    assert window.inspector.selection == ("stage", "stage-adoption") and not compare.isChecked()
    controller.show_journey(SMB)
    hidden = sorted(controller.workspace.segments[SMB].hidden & controller.workspace.core.touchpoints.keys())[
        0
    ]
    controller.reveal("touchpoint", hidden)
    assert compare.isChecked() and window.view.selected_ids() == [hidden]  # drawn as a ghost, selected


def test_a_card_the_customer_view_leaves_out_does_not_turn_compare_on(window) -> None:  # type: ignore[no-untyped-def]
    """Undrawn is not hidden: only what the segment shown lacks is drawn as a ghost."""
    controller = window.controller
    controller.show_journey(SMB)
    window.actions_.customer_view.setChecked(True)
    journey = controller.journey(SMB)
    internal = {lane.id for lane in journey.lanes.values() if lane.internal_only}
    card = next(t.id for t in journey.touchpoints.values() if t.lane_id in internal)
    assert card not in window.scene.cards
    window.findings.go_to(card)
    assert not window.actions_.compare.isChecked()


def test_a_view_on_its_own_stops_following_the_document_when_deleted(qtbot) -> None:  # type: ignore[no-untyped-def]
    import shiboken6

    from journeymap_designer.ui.canvas.view import MapView

    document = Document.open(sample_path())
    scene = MapScene(document)
    view = MapView(scene)  # makes its own controller
    scene.detach()
    shiboken6.delete(view)
    document.history.push(UpdateElement("touchpoint", CARD, {"title": "After the view"}))  # no error
    assert document.workspace.core.touchpoints[CARD].title == "After the view"
