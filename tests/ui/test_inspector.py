"""The inspector driven through its real widgets: typed text, Enter, focus changes, combos and buttons."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
)

from journeymap_designer.model.commands import UpdateElement
from journeymap_designer.model.document import Document
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.canvas.scene import MapScene
from journeymap_designer.ui.canvas.view import MapView
from journeymap_designer.ui.docks.inspector import InspectorDock
from journeymap_designer.ui.editing.controller import EditingController
from journeymap_designer.ui.widgets.fieldeditors import TextBox

CARD = "tp-acq-demo-request"  # a customer-lane card owned by Marketing
MILESTONE = "mot-first-value"  # a success milestone with a playbook
RISK = "mot-risk-stalled-data"  # a risk marker without a playbook


@dataclass
class Env:
    document: Document
    scene: MapScene
    view: MapView
    controller: EditingController
    dock: InspectorDock
    window: QMainWindow
    messages: list[str]


@pytest.fixture
def env(qtbot) -> Iterator[Env]:  # type: ignore[no-untyped-def]
    document = Document.open(sample_path())
    window = QMainWindow()
    scene = MapScene(document, parent=window)  # the window owns the scene, as the app's does
    controller = EditingController(document, window)
    scene.follow(controller)
    view = MapView(scene, controller)
    controller.reveal_requested.connect(lambda _kind, element_id, _note: view.reveal(element_id))
    window.setCentralWidget(view)
    dock = InspectorDock(controller, window)
    view.selection_changed.connect(dock.show_element)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    messages: list[str] = []
    controller.message.connect(messages.append)
    yield Env(document, scene, view, controller, dock, window, messages)
    scene.clearSelection()  # the scene goes before the view when the window is deleted
    scene.detach()


def line(env: Env, name: str) -> QLineEdit:
    widget = env.dock.field_widget(name)
    assert isinstance(widget, QLineEdit), name
    return widget


def box(env: Env, name: str) -> TextBox:
    widget = env.dock.field_widget(name)
    assert isinstance(widget, TextBox), name
    return widget


def retype(qtbot, widget: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Focus a line edit, replace its text by typing, and press Enter."""
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    widget.selectAll()
    QTest.keyClicks(widget, text)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def add_line(qtbot, env: Env, widget: TextBox, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type a new last line into a multi-line field, then leave it (focus out commits)."""
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    widget.moveCursor(widget.textCursor().MoveOperation.End)
    QTest.keyClick(widget, Qt.Key.Key_Return)
    QTest.keyClicks(widget, text)
    env.view.setFocus()
    qtbot.waitUntil(lambda: not widget.hasFocus())


def test_typed_title_is_one_command_and_undo_restores_it(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.view.select(CARD)
    assert env.dock.selection == ("touchpoint", CARD)
    title = line(env, "touchpoint.title")
    assert title.text() == "Requests a demo"
    before = len(env.document.history)
    retype(qtbot, title, "Books a demo")
    assert env.document.workspace.core.touchpoints[CARD].title == "Books a demo"
    assert len(env.document.history) == before + 1
    assert env.document.history.undo_name == "Rename touchpoint \u201cRequests a demo\u201d"
    env.view.setFocus()  # leaving the field must not make a second command
    assert len(env.document.history) == before + 1
    env.document.history.undo()
    assert env.document.workspace.core.touchpoints[CARD].title == "Requests a demo"
    assert title.text() == "Requests a demo"  # the field follows the undo
    env.document.history.redo()
    assert title.text() == "Books a demo"


def test_unchanged_values_make_no_command(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.view.select(CARD)
    before = len(env.document.history)
    retype(qtbot, line(env, "touchpoint.title"), "Requests a demo")
    pains = box(env, "touchpoint.pain_points")
    pains.setFocus()
    qtbot.waitUntil(pains.hasFocus)
    QTest.keyClicks(pains, "   ")  # whitespace only: the list is the same
    env.view.setFocus()
    qtbot.waitUntil(lambda: not pains.hasFocus())
    assert len(env.document.history) == before
    assert pains.toPlainText() == "Waits a day before anyone replies"  # tidied back to the model's value


def test_playbook_field_of_a_milestone_lands_in_its_playbook(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.view.select(MILESTONE)
    activities = box(env, "playbook.key_activities")
    before = env.document.workspace.core.playbooks["pb-first-value"].key_activities
    add_line(qtbot, env, activities, "Send a thank-you note to the IT admin")
    after = env.document.workspace.core.playbooks["pb-first-value"].key_activities
    assert after == (*before, "Send a thank-you note to the IT admin")
    assert env.document.history.undo_name.startswith("Edit playbook")
    env.document.history.undo()
    assert activities.toPlainText() == "\n".join(before)


def test_edit_in_a_segment_becomes_an_override(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    segment = "seg-smb"
    env.controller.show_journey(segment)
    env.view.select(CARD)
    assert env.dock.selection == ("touchpoint", CARD)
    retype(qtbot, line(env, "touchpoint.title"), "Books a demo online")
    workspace = env.document.workspace
    override = workspace.segments[segment].changed.touchpoints[CARD]["title"]
    assert (override.value, override.base) == ("Books a demo online", "Requests a demo")
    assert workspace.core.touchpoints[CARD].title == "Requests a demo"  # the core is untouched
    label = env.dock.bindings[0].label
    assert label is not None and label.text().endswith("\u25cf")  # marked as overridden
    # Stages are shared by every segment: their edits still go to the core.
    env.dock.show_element(("stage", "stage-awareness"))
    retype(qtbot, line(env, "stage.name"), "Discovery")
    assert workspace.core.stages["stage-awareness"].name == "Discovery"


def test_refused_edits_show_the_models_value_again(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.dock.show_element(("lane", "lane-sales"))
    colour = line(env, "lane.color")
    assert colour.text() == "#4F7CA8"
    before = len(env.document.history)
    retype(qtbot, colour, "blue")
    assert colour.text() == "#4F7CA8"
    assert env.messages and "color" in env.messages[-1]
    swatch = env.dock.scroll_area.widget().findChild(QToolButton, "color-swatch")
    assert swatch is not None and "#4F7CA8" in swatch.styleSheet()
    retype(qtbot, colour, "336699")  # a hex colour without "#" is accepted
    assert env.document.workspace.core.lanes["lane-sales"].color == "#336699"
    assert colour.text() == "#336699" and "#336699" in swatch.styleSheet()
    title = line(env, "lane.name")
    retype(qtbot, title, "   ")
    assert title.text() == "Sales"
    assert env.messages[-1] == "Name cannot be empty"
    assert len(env.document.history) == before + 1


def test_bad_structured_line_is_refused_with_the_line_named(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.view.select(MILESTONE)
    kpis = box(env, "moment.success_criteria.kpis")
    shown = kpis.toPlainText()
    assert shown.splitlines()[0] == "Dashboards published >= 1 dashboards"
    before = len(env.document.history)
    add_line(qtbot, env, kpis, "More happy users")
    assert env.messages[-1].startswith("KPI line 4:")
    assert kpis.toPlainText() == shown
    add_line(qtbot, env, kpis, "NPS >= 40")
    criteria = env.document.workspace.core.moments[MILESTONE].success_criteria
    assert (criteria.kpis[-1].name, criteria.kpis[-1].minimum, criteria.kpis[-1].unit) == ("NPS", 40.0, "")
    assert len(criteria.actions) == 3  # the other part of the criteria is kept
    assert len(env.document.history) == before + 1


def test_tasks_keep_their_ids_when_retyped(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.view.select(MILESTONE)
    tasks = box(env, "playbook.tasks")
    old = env.document.workspace.core.playbooks["pb-first-value"].tasks
    rows = tasks.toPlainText().splitlines()
    assert rows[0] == "Allow-list Acme IP addresses | IT administrator | Day 8"
    rows[0] = "Allow-list the Acme IP range | IT administrator | Day 7"  # renamed in place
    rows[1], rows[2] = rows[2], rows[1]  # two swapped
    rows.append("Celebrate first value | CSM | Day 30 | Screenshot to the sponsor")
    tasks.setFocus()
    qtbot.waitUntil(tasks.hasFocus)
    tasks.selectAll()
    QTest.keyClicks(tasks, rows[0])
    for row in rows[1:]:
        QTest.keyClick(tasks, Qt.Key.Key_Return)
        QTest.keyClicks(tasks, row)
    QTest.keyClick(tasks, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter commits
    new = env.document.workspace.core.playbooks["pb-first-value"].tasks
    assert [t.id for t in new[:3]] == [old[0].id, old[2].id, old[1].id]
    assert (new[0].title, new[0].due) == ("Allow-list the Acme IP range", "Day 7")
    assert [t.id for t in new[3:-1]] == [t.id for t in old[3:]]
    assert new[-1].id.startswith("task-") and new[-1].id not in {t.id for t in old}
    assert (new[-1].owner, new[-1].description) == ("CSM", "Screenshot to the sponsor")


def test_undo_keeps_the_text_being_typed_in_another_field(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.view.select(CARD)
    retype(qtbot, line(env, "touchpoint.title"), "Books a demo")
    timing = line(env, "touchpoint.timing")
    timing.setFocus()
    qtbot.waitUntil(timing.hasFocus)
    timing.setCursorPosition(3)
    QTest.keyClicks(timing, "XY")
    typed = timing.text()
    env.document.history.undo()  # e.g. Edit > Undo from the menu while typing
    assert line(env, "touchpoint.title").text() == "Requests a demo"
    assert timing.text() == typed and timing.cursorPosition() == 5 and timing.hasFocus()


def test_create_playbook_button(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.view.select(RISK)
    assert env.dock.field_widget("playbook.tasks") is None
    button = env.dock.scroll_area.widget().findChild(QPushButton, "create-playbook")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    playbook = env.document.workspace.core.playbook_for(RISK)
    assert playbook is not None and playbook.stage_id == "stage-onboarding"
    trigger = box(env, "playbook.event_trigger")
    qtbot.waitUntil(trigger.hasFocus)  # ready to type the trigger
    QTest.keyClicks(trigger, "No data synced 10 days after kickoff")
    env.view.setFocus()
    qtbot.waitUntil(lambda: not trigger.hasFocus())
    assert env.document.workspace.core.playbooks[playbook.id].event_trigger.startswith("No data synced")
    env.document.history.undo()
    env.document.history.undo()
    assert env.document.workspace.core.playbook_for(RISK) is None
    assert env.dock.scroll_area.widget().findChild(QPushButton, "create-playbook") is not None


def test_flow_without_handoff_offers_one(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    journey = env.document.workspace.core
    handed = {h.flow_id for h in journey.handoffs.values()}
    flow_id = next(f for f in sorted(journey.flows) if f not in handed)
    env.view.select(flow_id)
    assert env.dock.selection == ("flow", flow_id)
    retype(qtbot, line(env, "flow.label"), "if the trial converts")
    assert journey.flows[flow_id].label == "if the trial converts"
    button = env.dock.scroll_area.widget().findChild(QPushButton, "make-a-handoff")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    info = box(env, "handoff.information")
    QTest.keyClicks(info, "Account plan")
    env.view.setFocus()
    qtbot.waitUntil(lambda: not info.hasFocus())
    handoffs = [h for h in journey.handoffs.values() if h.flow_id == flow_id]
    assert [h.information for h in handoffs] == [("Account plan",)]


def test_emotion_slider_and_combos_commit_one_command_each(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.view.select(CARD)
    before = len(env.document.history)
    slider = env.dock.field_widget("touchpoint.emotion")
    assert isinstance(slider, QSlider)
    slider.setFocus()
    QTest.keyClick(slider, Qt.Key.Key_Right)
    assert env.document.workspace.core.touchpoints[CARD].emotion == 1
    # A drag is one edit, made on release, however many steps the handle passed.
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    style = slider.style()
    handle = style.subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, handle.center())
    for x in range(handle.center().x(), 0, -4):
        QTest.mouseMove(slider, QPoint(x, handle.center().y()))
    assert env.document.workspace.core.touchpoints[CARD].emotion == 1  # not yet: still dragging
    QTest.mouseRelease(
        slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(1, handle.center().y())
    )
    assert env.document.workspace.core.touchpoints[CARD].emotion == -2
    assert len(env.document.history) == before + 2
    env.document.history.undo()
    channel = env.dock.field_widget("touchpoint.channel_id")
    assert isinstance(channel, QComboBox) and channel.currentData() == "web"
    channel.setCurrentIndex(channel.findData("email"))
    assert env.document.workspace.core.touchpoints[CARD].channel_id == "email"
    owner = env.dock.field_widget("touchpoint.owner_id")
    assert isinstance(owner, QComboBox)
    owner.setCurrentIndex(owner.findData("lane-sales"))
    assert env.document.workspace.core.touchpoints[CARD].owner_id == "lane-sales"
    assert len(env.document.history) == before + 3  # the undone drag left the history
    env.document.history.undo()
    env.document.history.undo()
    assert channel.currentData() == "web"
    env.document.history.undo()
    assert slider.value() == 0


def test_nothing_selected_shows_no_fields(env: Env) -> None:
    env.view.select(CARD)
    assert env.dock.bindings
    env.view.select(None)
    assert env.dock.selection is None and not env.dock.bindings
    env.dock.show_element(("touchpoint", CARD))
    env.document.push(UpdateElement("touchpoint", CARD, {"title": "Changed elsewhere"}))
    assert line(env, "touchpoint.title").text() == "Changed elsewhere"


def test_moving_a_card_with_the_stage_combo_rebuilds_the_form_safely(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.view.select(CARD)
    stage = env.dock.field_widget("touchpoint.stage_id")
    assert isinstance(stage, QComboBox)
    stage.setFocus()
    QTest.keyClick(stage, Qt.Key.Key_Down)  # the next stage, from the keyboard: the form is rebuilt inside
    qtbot.wait(10)  # the combo's own signal; the old form is deleted later, by the event loop
    assert env.document.workspace.core.touchpoints[CARD].stage_id == "stage-purchase"
    assert env.view.selected_ids() == [CARD]
    moved = env.dock.field_widget("touchpoint.stage_id")
    assert isinstance(moved, QComboBox) and moved.currentData() == "stage-purchase"
    labels = [w.text() for w in env.dock.scroll_area.widget().findChildren(QLabel)]
    assert "Purchase \u00b7 Customer actions" in labels
