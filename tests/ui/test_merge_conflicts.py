"""A map a three-way merge left with conflicts, settled in the app (issue 12, point 3).

Both sides are the sample edited through the model's commands, merged by ``merge_workspaces``, saved
and opened in a real window. The tests click the Differences dock's rows and its Take ours, Take
theirs and Edit… buttons, answer the dialogs through their widgets, trigger the Undo and Redo actions,
and read the map (the scene) for the settled values.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTreeWidgetItem,
)
from pytestqt.qtbot import QtBot

from journeymap_designer.model.commands import RemoveElement, UpdateElement
from journeymap_designer.model.document import Document
from journeymap_designer.model.edits import Command
from journeymap_designer.model.fileformat import load_workspace, save_workspace
from journeymap_designer.model.merge import merge_workspaces
from journeymap_designer.model.segment_commands import UpdateSegment
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.dialogs.merge_conflicts import SAVE_ANYWAY, unsettled_conflicts_prompt
from journeymap_designer.ui.docks.diff_dock import DiffDock
from journeymap_designer.ui.docks.diff_rows import ROLE_ROW
from journeymap_designer.ui.shell.mainwindow import MainWindow

DEMO, TRIAL = "tp-acq-demo-request", "tp-acq-free-trial"  # two cards of the Acquisition stage
KICKOFF, ENTERPRISE = "tp-onb-kickoff-call", "seg-enterprise"


def edited(*commands: Command) -> Workspace:
    workspace = load_workspace(sample_path())
    for command in commands:
        command.apply(workspace)
    return workspace


def conflicted_map(folder: Path) -> Path:
    """Both sides rename one card; one deletes a card the other edits; a segment's lead and its
    override of a core card's title are changed both ways."""
    ours = edited(
        UpdateElement("touchpoint", DEMO, {"title": "Books a demo"}),
        RemoveElement("touchpoint", TRIAL),
        UpdateSegment(ENTERPRISE, lead="Ada"),
        UpdateElement("touchpoint", KICKOFF, {"title": "Kickoff (ent A)"}, ENTERPRISE),
    )
    theirs = edited(
        UpdateElement("touchpoint", DEMO, {"title": "Asks for a demo"}),
        UpdateElement("touchpoint", TRIAL, {"title": "Starts a trial"}),
        UpdateSegment(ENTERPRISE, lead="Grace"),
        UpdateElement("touchpoint", KICKOFF, {"title": "Kickoff (ent B)"}, ENTERPRISE),
    )
    result = merge_workspaces(load_workspace(sample_path()), ours, theirs, "main", "feature")
    assert len(result.conflicts) == 4
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "merged.journeymap"
    save_workspace(result.workspace, path)
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(Document.open(conflicted_map(tmp_path)))
    win.resize(1600, 950)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    yield win
    win.document.history.set_clean()
    win.close()
    win.deleteLater()


def dock_ready(qtbot: QtBot, window: MainWindow) -> DiffDock:
    dock = window.diff_dock
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty() and not dock.pending, timeout=3000)
    return dock


def click_row(dock: DiffDock, item: QTreeWidgetItem | None) -> None:
    assert item is not None
    dock.tree.scrollToItem(item)
    rect = dock.tree.visualItemRect(item)
    QTest.mouseClick(
        dock.tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def title_on_map(window: MainWindow, card_id: str) -> str | None:
    card = window.scene.journey.touchpoints.get(card_id)
    return card.title if card is not None and window.scene.item(card_id) is not None else None


def selected_on_map(window: MainWindow) -> list[str]:
    return [getattr(i, "element_id", "") for i in window.scene.selectedItems()]


def conflict_rows(dock: DiffDock) -> dict[tuple[str, str], QTreeWidgetItem]:
    group = dock.tree.topLevelItem(0)
    assert group is not None
    rows = [group.child(i) for i in range(group.childCount())]
    return {(r.data(0, ROLE_ROW).element_id, r.data(0, ROLE_ROW).field): r for r in rows if r is not None}


def test_a_conflicted_map_opens_on_its_merge_conflicts_named_with_three_values(
    qtbot: QtBot, window: MainWindow
) -> None:
    dock = dock_ready(qtbot, window)  # brought forward over the findings, without being asked
    group = dock.tree.topLevelItem(0)
    assert group is not None and group.text(0) == "Merge conflicts (4)"
    assert "4 merge conflicts to settle" in dock.summary.text()
    rows = conflict_rows(dock)
    assert set(rows) == {(DEMO, "title"), (TRIAL, ""), (ENTERPRISE, "lead"), (KICKOFF, "title")}
    demo = rows[DEMO, "title"]
    assert demo.text(0) == "Touchpoint: Books a demo \u00b7 Title"  # by name, never by id
    assert demo.text(1) == "main: \u201cBooks a demo\u201d \u00b7 feature: \u201cAsks for a demo\u201d"
    sides = [(demo.child(i).text(0), demo.child(i).text(1)) for i in range(demo.childCount())]
    assert sides == [
        ("main (ours)", "\u201cBooks a demo\u201d"),
        ("feature (theirs)", "\u201cAsks for a demo\u201d"),
        ("Base (before both)", "\u201cRequests a demo\u201d"),
    ]
    trial = rows[TRIAL, ""]
    assert trial.text(0) == "Touchpoint: Starts a trial \u00b7 deleted on one side, changed on the other"
    assert "main: \u201c(deleted)\u201d" in trial.text(1)
    assert "(in segment Enterprise)" in rows[KICKOFF, "title"].text(0)
    assert rows[ENTERPRISE, "lead"].text(0) == "Segment: Enterprise \u00b7 Lead"
    for button in (dock.take_ours_button, dock.take_theirs_button, dock.edit_merge_button):
        assert button.isVisible() and not button.isEnabled()  # no row chosen yet


def test_a_click_reveals_the_element_in_the_journey_that_holds_it(qtbot: QtBot, window: MainWindow) -> None:
    dock = dock_ready(qtbot, window)
    click_row(dock, dock.merge_item(DEMO, "title"))
    assert selected_on_map(window) == [DEMO]
    click_row(dock, dock.merge_item(KICKOFF, "title"))  # an override: the segment comes up first
    assert window.controller.segment_id == ENTERPRISE
    assert selected_on_map(window) == [KICKOFF]
    assert title_on_map(window, KICKOFF) == "Kickoff (ent A)"  # ours, until settled
    click_row(dock, dock.merge_item(TRIAL))  # deleted by ours: said, not drawn
    assert "main deleted it" in window.statusBar().currentMessage()


def test_take_theirs_and_take_ours_settle_one_undo_step_each(qtbot: QtBot, window: MainWindow) -> None:
    dock = dock_ready(qtbot, window)
    click_row(dock, dock.merge_item(DEMO, "title"))
    click(qtbot, dock.take_theirs_button)
    assert title_on_map(window, DEMO) == "Asks for a demo"
    assert dock.merge_item(DEMO, "title") is None and len(conflict_rows(dock)) == 3
    assert "took feature's" in window.statusBar().currentMessage()

    window.actions_.undo.trigger()
    qtbot.waitUntil(lambda: dock.merge_item(DEMO, "title") is not None, timeout=3000)
    assert title_on_map(window, DEMO) == "Books a demo"
    window.actions_.redo.trigger()
    qtbot.waitUntil(lambda: dock.merge_item(DEMO, "title") is None, timeout=3000)
    assert title_on_map(window, DEMO) == "Asks for a demo"

    click_row(dock, dock.merge_item(TRIAL))
    click(qtbot, dock.take_ours_button)  # ours deleted it: it stays deleted, and is settled
    assert title_on_map(window, TRIAL) is None and dock.merge_item(TRIAL) is None
    window.actions_.undo.trigger()
    qtbot.waitUntil(lambda: dock.merge_item(TRIAL) is not None, timeout=3000)
    assert title_on_map(window, TRIAL) is None  # undone: still ours (deleted), and open again


def test_edit_a_field_types_the_value_and_undo_brings_the_conflict_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    dock = dock_ready(qtbot, window)
    click_row(dock, dock.merge_item(DEMO, "title"))
    click(qtbot, dock.edit_merge_button)
    dialog = dock.merges.dialog
    assert dialog is not None
    editor = dialog.findChild(QLineEdit, "conflict-result")
    assert editor is not None and editor.text() == "Books a demo"  # starts from ours
    editor.clear()
    QTest.keyClicks(editor, "Requests a demo call")
    buttons = dialog.findChild(QDialogButtonBox)
    click(qtbot, buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert dock.merges.dialog is None
    assert title_on_map(window, DEMO) == "Requests a demo call"
    assert dock.merge_item(DEMO, "title") is None
    window.actions_.undo.trigger()
    qtbot.waitUntil(lambda: dock.merge_item(DEMO, "title") is not None, timeout=3000)
    assert title_on_map(window, DEMO) == "Books a demo"


def test_edit_an_override_and_a_segment_field(qtbot: QtBot, window: MainWindow) -> None:
    dock = dock_ready(qtbot, window)
    click_row(dock, dock.merge_item(KICKOFF, "title"))
    click(qtbot, dock.edit_merge_button)
    dialog = dock.merges.dialog
    assert dialog is not None
    editor = dialog.findChild(QLineEdit, "conflict-result")
    assert editor is not None and editor.text() == "Kickoff (ent A)"
    editor.setText("Kickoff (ent C)")
    click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
    assert window.controller.segment_id == ENTERPRISE
    assert title_on_map(window, KICKOFF) == "Kickoff (ent C)"

    click_row(dock, dock.merge_item(ENTERPRISE, "lead"))
    click(qtbot, dock.edit_merge_button)
    dialog = dock.merges.dialog
    assert dialog is not None
    combo = dialog.findChild(QComboBox, "conflict-result")
    assert combo is not None and combo.currentText().startswith("Ada (ours")
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemText(i).startswith("Grace")))
    click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
    assert window.document.workspace.segments[ENTERPRISE].lead == "Grace"
    assert len(conflict_rows(dock)) == 2


def test_edit_a_deleted_card_keeps_theirs_or_deletes_it(qtbot: QtBot, window: MainWindow) -> None:
    dock = dock_ready(qtbot, window)
    click_row(dock, dock.merge_item(TRIAL))
    click(qtbot, dock.edit_merge_button)
    dialog = dock.merges.dialog
    assert dialog is not None
    choices = {b.text(): b for b in dialog.findChildren(QRadioButton)}
    assert set(choices) == {"Keep it as feature has it", "Delete it"}
    qtbot.mouseClick(choices["Keep it as feature has it"], Qt.MouseButton.LeftButton)
    click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
    assert title_on_map(window, TRIAL) == "Starts a trial"  # back on the map, as feature had it
    assert dock.merge_item(TRIAL) is None
    window.actions_.undo.trigger()
    qtbot.waitUntil(lambda: dock.merge_item(TRIAL) is not None, timeout=3000)
    assert title_on_map(window, TRIAL) is None


def test_the_findings_list_each_merge_conflict_and_a_click_reveals_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    findings = window.findings
    findings.raise_()
    qtbot.waitUntil(lambda: not findings.pending and findings.item_for("merge-conflict", DEMO) is not None)
    item = findings.item_for("merge-conflict", DEMO)
    assert item is not None and item.text(1) == "Touchpoint: Books a demo"
    assert findings.item_for("merge-conflict", KICKOFF) is not None
    with qtbot.waitSignal(findings.element_activated) as activated:
        rect = findings.tree.visualItemRect(item)
        QTest.mouseClick(
            findings.tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
        )
    assert activated.args == [("touchpoint", DEMO)]
    assert selected_on_map(window) == [DEMO]
    kickoff = findings.item_for("merge-conflict", KICKOFF)
    assert kickoff is not None
    findings.tree.scrollToItem(kickoff)
    rect = findings.tree.visualItemRect(kickoff)
    QTest.mouseClick(
        findings.tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )
    assert window.controller.segment_id == ENTERPRISE and selected_on_map(window) == [KICKOFF]


def answer_next_box(button_text: str, seen: list[str]) -> None:
    """Click a button of the message box about to open, as a hand would (after it is shown)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text().replace("&", "") == button_text)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


def test_saving_with_unsettled_conflicts_asks_first(qtbot: QtBot, window: MainWindow) -> None:
    seen: list[str] = []
    answer_next_box("Cancel", seen)
    assert not unsettled_conflicts_prompt(window, window.document)
    assert seen == ["4 merge conflicts are not settled yet: save anyway?"]
    answer_next_box(SAVE_ANYWAY, seen)
    assert unsettled_conflicts_prompt(window, window.document)
    assert len(seen) == 2
    clean = Document.open(sample_path())  # nothing to settle: nothing asked
    assert unsettled_conflicts_prompt(window, clean)
    assert len(seen) == 2


def test_opening_a_conflicted_map_in_a_window_brings_the_differences_forward(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dock = dock_ready(qtbot, window)
    window.findings.raise_()
    qtbot.waitUntil(lambda: dock.visibleRegion().isEmpty(), timeout=3000)
    window.controller.set_document(Document.open(sample_path()))  # nothing to settle: left where it is
    assert dock.visibleRegion().isEmpty()
    window.controller.set_document(Document.open(conflicted_map(tmp_path / "again")))
    dock_ready(qtbot, window)
    assert len(conflict_rows(dock)) == 4


def test_file_save_asks_before_writing_a_map_with_unsettled_conflicts(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """File > Save As on a conflicted map: Cancel writes nothing; Save anyway writes the conflicts."""
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "saved as.journeymap"
    original = QFileDialog.getSaveFileName
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(target), ""))  # type: ignore[method-assign]
    try:
        seen: list[str] = []
        answer_next_box("Cancel", seen)
        window.actions_.save_as.trigger()
        assert seen and not target.exists()
        answer_next_box(SAVE_ANYWAY, seen)
        window.actions_.save_as.trigger()
        assert target.exists() and len(Document.open(target).workspace.merge_conflicts) == 4
    finally:
        QFileDialog.getSaveFileName = original  # type: ignore[method-assign]
