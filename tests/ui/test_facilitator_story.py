"""The facilitator's story, from the Blank template, with keyboard and mouse only.

Stages, owner lanes, cards, a handoff, a success milestone with criteria and a playbook, a risk and
a celebration, the map's name, a persona, then workshop mode stage by stage with the headers always
on screen, and a map where no label or arrow covers a card.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton

from journeymap_designer.ui.canvas.clearance import measure
from journeymap_designer.ui.dialogs.vocabulary import VocabularyDialog
from journeymap_designer.ui.shell.mainwindow import MainWindow
from journeymap_designer.ui.widgets.fieldeditors import TextBox

from .conftest import drag


def _type_into_editor(window: MainWindow, text: str) -> None:
    editor = window.view.editor
    assert editor.isVisible()
    editor.selectAll()
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)


def _add_stage(window: MainWindow, name: str) -> str:
    before = set(window.document.workspace.core.stages)
    window.actions_.add_stage.trigger()
    _type_into_editor(window, name)
    (stage_id,) = set(window.document.workspace.core.stages) - before
    return stage_id


def test_from_blank_to_a_workshop(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    window.document.history.set_clean()
    assert window.new_document("blank")
    core = window.document.workspace.core
    view.setFocus()

    # Stages and owner lanes (the Map menu, names typed in place).
    stages = [_add_stage(window, name) for name in ("Onboarding", "Adoption", "Renewal")]
    window.actions_.add_owner_lane.trigger()
    _type_into_editor(window, "Customer Success")
    csm = next(lane.id for lane in core.lanes.values() if lane.name == "Customer Success")
    sales = next(lane.id for lane in core.lanes.values() if lane.side == "internal" and lane.id != csm)

    # Cards: quick entry with Enter and Tab.
    view.start_new_card(stages[0], sales)
    _type_into_editor(window, "Kickoff call")  # Enter: the next card in the same cell
    QTest.keyClick(view.editor, Qt.Key.Key_Escape)
    view.start_new_card(stages[0], csm)
    QTest.keyClicks(view.editor, "Success plan workshop")
    QTest.keyClick(view.editor, Qt.Key.Key_Tab)  # on to the next stage, same lane
    QTest.keyClicks(view.editor, "First dashboard live")
    QTest.keyClick(view.editor, Qt.Key.Key_Escape)  # Escape keeps what was typed
    titles = {t.title: t.id for t in core.touchpoints.values()}
    assert {"Kickoff call", "Success plan workshop", "First dashboard live"} <= set(titles)

    # A handoff: drag from the kickoff card's handle to the workshop card (Sales → Customer Success).
    geometry = window.scene.layout.geometry
    source, target = geometry.cards[titles["Kickoff call"]], geometry.cards[titles["Success plan workshop"]]
    drag(view, (source.right - 5, source.y + source.h / 2), (target.x + 40, target.y + target.h / 2))
    assert len(core.handoffs) == 1
    assert window.document.history.undo_name.startswith("Connect with a handoff")

    # A success milestone with criteria and a playbook, a risk and a celebration.
    view.select(titles["First dashboard live"])
    QTest.keySequence(view, QKeySequence("Ctrl+M"))
    _type_into_editor(window, "First value")
    milestone = next(m for m in core.moments.values() if m.title == "First value")
    view.select(milestone.id)
    actions = window.inspector.field_widget("moment.success_criteria.actions")
    assert isinstance(actions, TextBox)
    actions.setFocus()
    QTest.keyClicks(actions, "Builds a first dashboard")
    view.setFocus()
    qtbot.waitUntil(lambda: bool(core.moments[milestone.id].success_criteria.actions))
    button = window.inspector.scroll_area.widget().findChild(QPushButton, "create-playbook")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert core.playbook_for(milestone.id) is not None
    view.setFocus()
    view.select(titles["Kickoff call"])
    QTest.keySequence(view, QKeySequence("Ctrl+Alt+R"))
    _type_into_editor(window, "Sponsor goes quiet")
    view.select(titles["First dashboard live"])
    QTest.keySequence(view, QKeySequence("Ctrl+Alt+C"))
    _type_into_editor(window, "First weekly report sent")
    kinds = sorted(str(m.kind) for m in core.moments.values())
    assert kinds == ["celebration", "risk", "success_milestone"]

    # The map's name (the inspector with nothing selected) and a persona.
    view.select(None)
    name = window.inspector.field_widget("map.name")
    assert isinstance(name, QLineEdit)
    name.setFocus()
    name.selectAll()
    QTest.keyClicks(name, "Acme onboarding workshop")
    QTest.keyClick(name, Qt.Key.Key_Return)
    assert window.document.workspace.name == "Acme onboarding workshop"
    dialog = VocabularyDialog(window.controller, "persona", window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add()
    dialog.name.selectAll()
    QTest.keyClicks(dialog.name, "Dana, Head of Operations")
    QTest.keyClick(dialog.name, Qt.Key.Key_Return)
    dialog.close()
    assert [p.name for p in window.document.workspace.personas.values()] == ["Dana, Head of Operations"]

    # Nothing covers a card.
    assert measure(window.scene).clean, measure(window.scene).summary()

    # Workshop mode, stage by stage: every lane, headers on screen.
    view.set_zoom(1.0)
    view.centerOn(0, 0)
    QTest.keyClick(view, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    for _step in range(3):
        shown = view.mapToScene(view.viewport().rect()).boundingRect()
        stage = window.scene.journey.ordered_stages()[window.workshop_stage]
        column = window.scene.layout.geometry.stages[stage.id]
        assert shown.left() <= column.x and column.right <= shown.right() + 1
        assert shown.bottom() >= window.scene.layout.geometry.height or view.zoom >= 0.6 - 1e-6
        QTest.keyClick(view, Qt.Key.Key_PageDown)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert not window.workshop
