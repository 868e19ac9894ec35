"""Targets, stuck rules, stage days, the tasks' days and a playbook's emails, typed into the inspector.

Each value is typed or chosen in the real widgets of the real window, reaches the model as one undo
step, follows undo and redo, and is in the file saved and opened again; bad values are refused with a
clear message and change nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTreeWidget,
    QWidget,
)

from journeymap_designer.model.document import Document
from journeymap_designer.model.elements import StuckRule, TimeFrom
from journeymap_designer.ui.shell.mainwindow import MainWindow
from journeymap_designer.ui.widgets.emails import EmailsEditor
from journeymap_designer.ui.widgets.fieldeditors import TextBox

from .conftest import click

MILESTONE = "mot-adopted"  # target 75 %, 60 days, stuck after 90 days running pb-adopted
RISK = "mot-risk-stalled-data"
STAGE = "stage-onboarding"  # "30-45 days", 45


def widget(window: MainWindow, name: str) -> QWidget:
    found = window.inspector.field_widget(name)
    assert found is not None, name
    return found


def retype(qtbot, field: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Focus a field, select what it holds, type over it and press Enter (a text box: leave it)."""
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    if isinstance(field, TextBox):
        field.selectAll()
        for number, row in enumerate(text.split("\n")):
            if number:
                QTest.keyClick(field, Qt.Key.Key_Return)
            QTest.keyClicks(field, row)
        QTest.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        return
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        QTest.keyClicks(field, text)
    else:
        QTest.keyClick(field, Qt.Key.Key_Delete)
    QTest.keyClick(field, Qt.Key.Key_Return)


def choose(qtbot, combo: QComboBox, text: str) -> None:  # type: ignore[no-untyped-def]
    """Open a combo's list from the keyboard and pick the entry that reads ``text``."""
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    QTest.keyClick(combo, Qt.Key.Key_Space)  # opens the list
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    target = next(i for i in range(combo.count()) if combo.itemText(i) == text)
    for _ in range(combo.count()):
        if view.currentIndex().row() == target:
            break
        QTest.keyClick(view, Qt.Key.Key_Down if target > view.currentIndex().row() else Qt.Key.Key_Up)
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())


def reopened(window: MainWindow, tmp_path: Path) -> Document:
    path = tmp_path / "saved.journeymap"
    window.document.save(path)
    return Document.open(path)


def test_a_stages_duration_in_days_is_typed_cleared_and_undone(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rect = window.scene.layout.geometry.headers[STAGE]
    click(window.view, rect.x + 20, rect.y + rect.h / 2)  # a click on the header shows the stage
    assert window.inspector.selection == ("stage", STAGE)
    days = widget(window, "stage.duration_days")
    assert isinstance(days, QAbstractSpinBox) and days.text() == "45"
    stages = window.document.workspace.core.stages
    before = len(window.document.history)
    retype(qtbot, days, "60")
    assert stages[STAGE].duration_days == 60
    assert stages[STAGE].typical_duration == "30-45 days"  # the text beside it is its own field
    assert len(window.document.history) == before + 1
    retype(qtbot, days, "")  # empty: not set
    assert stages[STAGE].duration_days is None and days.text() == ""
    window.actions_.undo.trigger()
    assert window.document.workspace.core.stages[STAGE].duration_days == 60 and days.text() == "60"
    window.actions_.undo.trigger()
    assert window.document.workspace.core.stages[STAGE].duration_days == 45
    window.actions_.redo.trigger()
    QTest.keyClick(days, Qt.Key.Key_Up)  # the arrows step it; Enter commits
    QTest.keyClick(days, Qt.Key.Key_Return)
    assert window.document.workspace.core.stages[STAGE].duration_days == 61
    assert reopened(window, tmp_path).workspace.core.stages[STAGE].duration_days == 61


def test_hostile_days_are_refused_with_the_reason(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.controller.reveal("stage", STAGE)
    days = widget(window, "stage.duration_days")
    before = len(window.document.history)
    for typed, reason in (
        ("-5", "Duration cannot be negative"),
        ("12.5", "whole days only"),
        ("lots", "is not a number"),
        ("99999999", "at most 36500 days"),
        ("nan", "type from 0 to 36500 days"),
    ):
        retype(qtbot, days, typed)
        assert reason in window.statusBar().currentMessage(), typed
        assert days.text() == "45"  # the model's value, shown back
    assert len(window.document.history) == before
    assert window.document.workspace.core.stages[STAGE].duration_days == 45


def test_a_milestones_targets_are_typed_and_chosen(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.view.select(MILESTONE)
    moments = window.document.workspace.core.moments
    target = widget(window, "moment.target_conversion")
    frame = widget(window, "moment.time_frame_days")
    counted = widget(window, "moment.time_frame_from")
    assert isinstance(counted, QComboBox)
    assert (target.text(), frame.text(), counted.currentText()) == ("75", "60", "from the previous milestone")  # type: ignore[attr-defined]
    retype(qtbot, target, "82.5 %")
    assert moments[MILESTONE].target_conversion == 82.5
    retype(qtbot, frame, "45")
    assert moments[MILESTONE].time_frame_days == 45
    choose(qtbot, counted, "from entering the stage")
    assert window.document.workspace.core.moments[MILESTONE].time_frame_from == TimeFrom.STAGE_ENTRY
    saved = reopened(window, tmp_path).workspace.core.moments[MILESTONE]
    assert (saved.target_conversion, saved.time_frame_days, saved.time_frame_from) == (
        82.5,
        45,
        TimeFrom.STAGE_ENTRY,
    )
    for _ in range(3):
        window.actions_.undo.trigger()
    moment = window.document.workspace.core.moments[MILESTONE]
    assert (moment.target_conversion, moment.time_frame_days, moment.time_frame_from) == (
        75,
        60,
        TimeFrom.PREVIOUS_MILESTONE,
    )
    assert (target.text(), frame.text(), counted.currentText()) == ("75", "60", "from the previous milestone")  # type: ignore[attr-defined]
    window.actions_.redo.trigger()
    assert window.document.workspace.core.moments[MILESTONE].target_conversion == 82.5


def test_a_percent_over_100_is_refused_and_nothing_changes(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.select(MILESTONE)
    target = widget(window, "moment.target_conversion")
    before = len(window.document.history)
    for typed, reason in (
        ("150", "at most 100 %"),
        ("-1", "cannot be negative"),
        ("inf", "type from 0 to 100 %"),
    ):
        retype(qtbot, target, typed)
        assert reason in window.statusBar().currentMessage()
        assert "Target conversion" in window.statusBar().currentMessage()
        assert target.text() == "75"  # type: ignore[attr-defined]
    assert len(window.document.history) == before
    retype(qtbot, target, "")  # empty: no target
    assert window.document.workspace.core.moments[MILESTONE].target_conversion is None


def test_the_stuck_rule_is_cleared_made_again_and_runs_a_chosen_playbook(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.view.select(MILESTONE)
    after = widget(window, "moment.stuck_rule.after_days")
    action = widget(window, "moment.stuck_rule.action")
    playbook = widget(window, "moment.stuck_rule.playbook_id")
    assert isinstance(action, TextBox) and isinstance(playbook, QComboBox)
    assert after.text() == "90" and action.toPlainText().startswith("Executive business review")  # type: ignore[attr-defined]
    assert playbook.currentText() == "Adoption: weekly active usage"
    moments = window.document.workspace.core.moments
    retype(qtbot, after, "")  # no days: no rule
    assert window.document.workspace.core.moments[MILESTONE].stuck_rule is None
    assert not action.isEnabled() and not playbook.isEnabled() and action.toPlainText() == ""
    retype(qtbot, after, "0")  # a rule needs at least a day
    assert "Stuck after is at least 1 days" in window.statusBar().currentMessage()
    assert moments[MILESTONE].stuck_rule is None
    retype(qtbot, after, "120")
    assert window.document.workspace.core.moments[MILESTONE].stuck_rule == StuckRule(after_days=120)
    assert action.isEnabled() and playbook.isEnabled()
    retype(qtbot, action, "Call the sponsor")
    choose(qtbot, playbook, "Kickoff and success plan")
    rule = window.document.workspace.core.moments[MILESTONE].stuck_rule
    assert rule == StuckRule(after_days=120, action="Call the sponsor", playbook_id="pb-kickoff")
    assert reopened(window, tmp_path).workspace.core.moments[MILESTONE].stuck_rule == rule
    for _ in range(3):
        window.actions_.undo.trigger()
    assert window.document.workspace.core.moments[MILESTONE].stuck_rule is None
    window.actions_.undo.trigger()  # the cleared rule comes back whole
    rule = window.document.workspace.core.moments[MILESTONE].stuck_rule
    assert rule is not None and (rule.after_days, rule.playbook_id) == (90, "pb-adopted")
    assert after.text() == "90" and playbook.currentText() == "Adoption: weekly active usage"  # type: ignore[attr-defined]


def test_risks_and_celebrations_have_no_targets(window: MainWindow) -> None:
    window.view.select(RISK)
    assert window.inspector.selection == ("moment", RISK)
    assert window.inspector.field_widget("moment.target_conversion") is None
    assert window.inspector.field_widget("moment.stuck_rule.after_days") is None
    window.view.select(MILESTONE)
    assert window.inspector.field_widget("moment.target_conversion") is not None


def test_tasks_show_their_days_and_the_hint_says_how(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.select("mot-renewed-expanded")
    page = window.inspector.scroll_area.widget()
    hints = [label.text() for label in page.findChildren(QLabel)]
    assert any("\u201cDay 5\u201d" in h and "\u201cT-30 days\u201d" in h for h in hints)
    plan = widget(window, "playbook.due_days")
    assert isinstance(plan, QTreeWidget)

    def rows() -> list[tuple[str, ...]]:
        return [
            tuple(plan.topLevelItem(i).text(c) for c in range(3)) for i in range(plan.topLevelItemCount())
        ]

    assert rows()[0] == ("120 days before", "Renewal forecast review", "CSM")
    tasks = widget(window, "playbook.tasks")
    assert isinstance(tasks, TextBox)
    tasks.setFocus()
    qtbot.waitUntil(tasks.hasFocus)
    tasks.moveCursor(tasks.textCursor().MoveOperation.End)
    QTest.keyClick(tasks, Qt.Key.Key_Return)
    QTest.keyClicks(tasks, "Send the renewal reminder | CSM | T-30 days")
    QTest.keyClick(tasks, Qt.Key.Key_Return)
    QTest.keyClicks(tasks, "Thank the champion | CSM | when it renews")
    QTest.keyClick(tasks, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    added = window.document.workspace.core.playbooks["pb-renewed-expanded"].tasks[-2:]
    assert [(t.title, t.due_days) for t in added] == [
        ("Send the renewal reminder", -30),
        ("Thank the champion", None),
    ]
    assert ("30 days before", "Send the renewal reminder", "CSM") in rows()
    assert rows()[-1] == ("no day (\u201cwhen it renews\u201d)", "Thank the champion", "CSM")  # last
    window.actions_.undo.trigger()
    assert ("30 days before", "Send the renewal reminder", "CSM") not in rows()


def _emails(window: MainWindow) -> EmailsEditor:
    editor = widget(window, "playbook.emails")
    assert isinstance(editor, EmailsEditor)
    return editor


def test_emails_are_added_edited_warned_about_and_removed(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.view.select("mot-kickoff-complete")
    editor = _emails(window)
    names = editor.findChild(QListWidget, "email-list")
    assert [names.item(i).text() for i in range(names.count())] == ["Kickoff invitation"]
    hint = editor.findChild(QLabel, "email-hint")
    assert all(
        f"{{{p}}}" in hint.text() for p in ("customer", "csm", "milestone", "stage", "activity", "playbook")
    )
    playbooks = window.document.workspace.core.playbooks
    qtbot.mouseClick(editor.findChild(QPushButton, "add-email"), Qt.MouseButton.LeftButton)
    emails = window.document.workspace.core.playbooks["pb-kickoff"].emails
    assert [e.name for e in emails] == ["Kickoff invitation", "New email"]
    name = editor.findChild(QLineEdit, "email-name")
    qtbot.waitUntil(name.hasFocus)  # the new one is selected, its name ready to type over
    QTest.keyClicks(name, "Kickoff reminder")
    QTest.keyClick(name, Qt.Key.Key_Return)
    subject = editor.findChild(QLineEdit, "email-subject")
    warning = editor.findChild(QLabel, "email-warning")
    retype(qtbot, subject, "{custmer}: see you on {date}")
    assert warning.property("warns")
    assert "{custmer}, {date}" in warning.text() and "Known: {customer}" in warning.text()
    retype(qtbot, subject, "{customer}: your kickoff is tomorrow")
    assert not warning.property("warns") and warning.text() == ""
    body = editor.findChild(TextBox, "email-body")
    retype(qtbot, body, "Hi {customer} team,\nsee you tomorrow.\n{csm}")
    new = window.document.workspace.core.playbooks["pb-kickoff"].emails[-1]
    assert (new.name, new.subject, new.body) == (
        "Kickoff reminder",
        "{customer}: your kickoff is tomorrow",
        "Hi {customer} team,\nsee you tomorrow.\n{csm}",
    )
    assert new.id.startswith("email-")
    saved = reopened(window, tmp_path).workspace.core.playbooks["pb-kickoff"].emails
    assert saved == window.document.workspace.core.playbooks["pb-kickoff"].emails
    # A template without a name is refused; the name comes back.
    before = len(window.document.history)
    retype(qtbot, name, "")
    assert "needs a name" in window.statusBar().currentMessage()
    assert name.text() == "Kickoff reminder" and len(window.document.history) == before
    # The first one edited after picking it in the list.
    names.setFocus()
    names.setCurrentRow(0)
    assert name.text() == "Kickoff invitation"
    retype(qtbot, name, "Kickoff invitation (EMEA)")
    assert (
        window.document.workspace.core.playbooks["pb-kickoff"].emails[0].name == "Kickoff invitation (EMEA)"
    )
    names.setCurrentRow(1)
    qtbot.mouseClick(editor.findChild(QPushButton, "remove-email"), Qt.MouseButton.LeftButton)
    assert [e.name for e in window.document.workspace.core.playbooks["pb-kickoff"].emails] == [
        "Kickoff invitation (EMEA)"
    ]
    for _ in range(6):  # remove, rename, body, subject twice, name
        window.actions_.undo.trigger()
    assert [e.name for e in playbooks["pb-kickoff"].emails] == ["Kickoff invitation", "New email"]
    window.actions_.undo.trigger()  # the add
    assert [e.name for e in window.document.workspace.core.playbooks["pb-kickoff"].emails] == [
        "Kickoff invitation"
    ]
    assert names.count() == 1


def test_emails_in_a_segment_are_its_override(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.controller.show_journey("seg-enterprise")
    window.view.select("mot-kickoff-complete")
    editor = _emails(window)
    qtbot.mouseClick(editor.findChild(QPushButton, "add-email"), Qt.MouseButton.LeftButton)
    workspace = window.document.workspace
    assert [e.name for e in workspace.core.playbooks["pb-kickoff"].emails] == ["Kickoff invitation"]
    override = workspace.segments["seg-enterprise"].changed.playbooks["pb-kickoff"]["emails"]
    assert [e.name for e in override.value] == ["Kickoff invitation", "New email"]
    window.actions_.undo.trigger()
    assert "emails" not in workspace.segments["seg-enterprise"].changed.playbooks["pb-kickoff"]
