"""The segments dock driven through its real widgets: row clicks, buttons, typed names, Enter and Tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from journeymap_designer.model.workspace import Segment
from journeymap_designer.ui.docks.segments import ROLE_SUMMARY, SegmentsDock
from journeymap_designer.ui.shell.mainwindow import MainWindow

from .conftest import SCREENSHOTS


@pytest.fixture
def dock(window: MainWindow) -> SegmentsDock:
    return window.segments_dock


def names(dock: SegmentsDock) -> list[str]:
    return [dock.list.item(row).text() for row in range(dock.list.count())]


def combo_texts(window: MainWindow) -> list[str]:
    return [window.segment_box.itemText(i) for i in range(window.segment_box.count())]


def segment_named(window: MainWindow, name: str) -> Segment:
    found = window.document.workspace.segment_by_name(name)
    assert found is not None, name
    return found


def click_row(dock: SegmentsDock, segment_id: str | None, double: bool = False) -> None:
    item = dock.item_for(segment_id)
    assert item is not None
    dock.list.scrollToItem(item)
    point = dock.list.visualItemRect(item).center()
    click = QTest.mouseDClick if double else QTest.mouseClick
    click(dock.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def retype(widget: QWidget, text: str, done: Qt.Key = Qt.Key.Key_Return) -> None:
    """Click into a field, replace its text by typing, and finish with Enter (or Tab)."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    target = widget.viewport() if hasattr(widget, "viewport") else widget
    widget.setFocus()
    QTest.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(target, text)
    QTest.keyClick(target, done)


def test_lists_the_core_then_each_segment_with_a_summary(dock: SegmentsDock) -> None:
    assert names(dock) == ["Core journey", "Enterprise", "SMB", "Education"]
    assert dock.list.currentItem() is dock.item_for(None)
    enterprise = dock.item_for("seg-enterprise")
    assert enterprise is not None
    summary = enterprise.data(ROLE_SUMMARY)
    lead, departs = summary.split("\n")
    assert lead == "Lead: Priya Raman" and "added" in departs and "hidden" in departs
    assert not dock.name_field.isEnabled() and not dock.delete_button.isEnabled()


def test_selecting_a_row_shows_that_journey_and_the_combo_follows(
    window: MainWindow, dock: SegmentsDock
) -> None:
    click_row(dock, "seg-smb")
    assert window.scene.segment_id == "seg-smb"
    assert window.segment_box.currentText() == "Segment: SMB"
    assert dock.name_field.text() == "SMB" and dock.name_field.isEnabled()
    click_row(dock, None)
    assert window.scene.segment_id is None
    assert window.segment_box.currentIndex() == 0


def test_choosing_in_the_combo_moves_the_list_selection(window: MainWindow, dock: SegmentsDock) -> None:
    window.segment_box.setCurrentIndex(window.segment_box.findData("seg-education"))
    assert window.scene.segment_id == "seg-education"
    assert dock.list.currentItem() is dock.item_for("seg-education")
    assert dock.name_field.text() == "Education"


def test_new_segment_from_the_core_is_shown_and_undoable(
    window: MainWindow, dock: SegmentsDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(dock, "ask_name", lambda _title, default: asked.append(default) or default)
    QTest.mouseClick(dock.new_button, Qt.MouseButton.LeftButton)
    assert asked == ["New segment"]
    created = segment_named(window, "New segment")
    assert not created.hidden and created.changed.count() == 0 and not any(created.added.all_elements())
    assert names(dock)[-1] == "New segment" and combo_texts(window)[-1] == "Segment: New segment"
    assert window.scene.segment_id == created.id
    assert dock.list.currentItem() is dock.item_for(created.id)
    assert window.segment_box.currentData() == created.id

    window.actions_.undo.trigger()
    assert "New segment" not in names(dock) and "Segment: New segment" not in combo_texts(window)
    assert window.scene.segment_id is None and dock.list.currentItem() is dock.item_for(None)
    window.actions_.redo.trigger()
    assert names(dock)[-1] == "New segment" and combo_texts(window)[-1] == "Segment: New segment"

    QTest.mouseClick(dock.new_button, Qt.MouseButton.LeftButton)  # the default name stays unique
    assert asked[-1] == "New segment 2"


def test_cancelling_the_name_prompt_changes_nothing(
    window: MainWindow, dock: SegmentsDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dock, "ask_name", lambda _title, _default: None)
    QTest.mouseClick(dock.new_button, Qt.MouseButton.LeftButton)
    assert len(window.document.history) == 0 and len(window.document.workspace.segments) == 3


def test_duplicate_copies_every_override(
    window: MainWindow, dock: SegmentsDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(dock, "ask_name", lambda _title, default: asked.append(default) or default)
    click_row(dock, "seg-enterprise")
    QTest.mouseClick(dock.duplicate_button, Qt.MouseButton.LeftButton)
    assert asked == ["Enterprise copy"]
    source, copy = segment_named(window, "Enterprise"), segment_named(window, "Enterprise copy")
    assert source.hidden and copy.hidden == source.hidden
    assert source.changed.count() and copy.changed == source.changed
    added = {e.id for _c, e in source.added.all_elements()}
    copied = {e.id for _c, e in copy.added.all_elements()}
    assert len(copied) == len(added) > 0 and not copied & added  # additions get their own ids
    assert (copy.lead, copy.description) == (source.lead, source.description)
    assert window.scene.segment_id == copy.id and dock.name_field.text() == "Enterprise copy"
    assert window.document.history.undo_name.startswith("Create segment")


def test_rename_in_the_form_is_one_undo_step(window: MainWindow, dock: SegmentsDock) -> None:
    click_row(dock, "seg-smb")
    retype(dock.name_field, "Small business")
    assert window.document.workspace.segments["seg-smb"].name == "Small business"
    assert (
        names(dock)[2] == "Small business" and window.segment_box.currentText() == "Segment: Small business"
    )
    assert len(window.document.history) == 1
    window.actions_.undo.trigger()
    assert window.document.workspace.segments["seg-smb"].name == "SMB"
    assert names(dock)[2] == "SMB" and dock.name_field.text() == "SMB"


def test_a_taken_name_is_refused_with_a_clear_message(window: MainWindow, dock: SegmentsDock) -> None:
    click_row(dock, "seg-smb")
    retype(dock.name_field, "enterprise")
    assert window.document.workspace.segments["seg-smb"].name == "SMB"
    assert len(window.document.history) == 0
    assert dock.name_field.text() == "SMB"  # the field shows the model again
    assert not dock.message.isHidden()
    assert "already a segment named 'enterprise'" in dock.message.text()
    assert "already a segment named" in window.statusBar().currentMessage()
    retype(dock.name_field, "   ")
    assert dock.message.text() == "A segment needs a name" and dock.name_field.text() == "SMB"


def test_lead_and_description_commit_when_done(window: MainWindow, dock: SegmentsDock) -> None:
    click_row(dock, "seg-education")
    retype(dock.lead_field, "Ana Costa")
    education = window.document.workspace.segments["seg-education"]
    assert education.lead == "Ana Costa"
    assert dock.item_for("seg-education").data(ROLE_SUMMARY).startswith("Lead: Ana Costa")  # type: ignore[union-attr]
    retype(dock.description_field, "Schools and universities", done=Qt.Key.Key_Tab)  # Tab leaves the box
    assert window.document.workspace.segments["seg-education"].description == "Schools and universities"
    assert len(window.document.history) == 2
    window.actions_.undo.trigger()
    assert dock.description_field.toPlainText() == education.description
    assert window.document.workspace.segments["seg-education"].lead == "Ana Costa"


def test_a_field_left_by_clicking_another_row_is_saved_to_its_own_segment(
    window: MainWindow, dock: SegmentsDock
) -> None:
    click_row(dock, "seg-smb")
    QTest.mouseClick(dock.lead_field, Qt.MouseButton.LeftButton)
    dock.lead_field.setFocus()
    QTest.keyClick(dock.lead_field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(dock.lead_field, "Jo Park")  # no Enter: the click elsewhere ends the edit
    click_row(dock, "seg-education")
    assert window.document.workspace.segments["seg-smb"].lead == "Jo Park"
    assert window.document.workspace.segments["seg-education"].lead == "Aisha Mensah"
    assert window.scene.segment_id == "seg-education" and dock.lead_field.text() == "Aisha Mensah"


def test_undoing_the_creation_of_the_shown_segment_shows_the_core(
    window: MainWindow, dock: SegmentsDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dock, "ask_name", lambda _title, default: default)
    click_row(dock, "seg-enterprise")
    QTest.mouseClick(dock.duplicate_button, Qt.MouseButton.LeftButton)
    window.actions_.undo.trigger()
    assert window.scene.segment_id is None and dock.list.currentItem() is dock.item_for(None)
    assert set(window.scene.cards) == set(window.document.workspace.core.touchpoints)


def test_delete_asks_and_undo_puts_it_back_in_its_place(
    window: MainWindow, dock: SegmentsDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(dock, "confirm_delete", lambda segment: asked.append(segment.name) or answer[0])
    click_row(dock, "seg-smb")
    QTest.mouseClick(dock.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["SMB"] and "seg-smb" in window.document.workspace.segments  # declined

    answer[0] = True
    QTest.mouseClick(dock.delete_button, Qt.MouseButton.LeftButton)
    assert "seg-smb" not in window.document.workspace.segments
    assert names(dock) == ["Core journey", "Enterprise", "Education"]
    assert "Segment: SMB" not in combo_texts(window) and window.scene.segment_id is None

    window.actions_.undo.trigger()
    assert names(dock) == ["Core journey", "Enterprise", "SMB", "Education"]
    assert combo_texts(window)[1:] == ["Segment: Enterprise", "Segment: SMB", "Segment: Education"]


def test_a_segment_without_changes_is_deleted_without_asking(
    window: MainWindow, dock: SegmentsDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dock, "ask_name", lambda _title, _default: "Partners")
    monkeypatch.setattr(dock, "confirm_delete", lambda _segment: pytest.fail("asked for an empty segment"))
    QTest.mouseClick(dock.new_button, Qt.MouseButton.LeftButton)
    partners = segment_named(window, "Partners").id
    click_row(dock, partners)  # the list has the focus: Delete is for the row, not for the canvas
    assert dock.list.hasFocus()
    QTest.keyClick(dock.list, Qt.Key.Key_Delete)
    assert window.document.workspace.segment_by_name("Partners") is None
    assert len(window.document.history) == 2


def test_double_click_renames_in_place(window: MainWindow, dock: SegmentsDock, qtbot) -> None:  # type: ignore[no-untyped-def]
    click_row(dock, "seg-education")
    click_row(dock, "seg-education", double=True)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Education"
    editor.selectAll()
    QTest.keyClicks(editor, "Higher education")
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on a queued call
    qtbot.waitUntil(lambda: window.document.workspace.segments["seg-education"].name == "Higher education")
    assert names(dock)[3] == "Higher education" and dock.name_field.text() == "Higher education"


def test_segment_menu_actions(
    window: MainWindow, dock: SegmentsDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [a.text() for a in window.actions_.segment_menu.actions()]
    assert {"&New Segment\u2026", "D&uplicate Segment\u2026", "&Delete Segment"} <= set(texts)
    assert dock.toggleViewAction() in window.actions_.segment_menu.actions()
    assert not dock.duplicate_action.isEnabled()  # the core is selected
    monkeypatch.setattr(dock, "ask_name", lambda _title, default: default)
    click_row(dock, "seg-smb")
    dock.duplicate_action.trigger()
    assert segment_named(window, "SMB copy").id == window.scene.segment_id


def test_follows_the_window_to_a_new_document(
    window: MainWindow, dock: SegmentsDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    click_row(dock, "seg-smb")
    window.document.history.set_clean()
    assert window.new_document("blank")
    assert names(dock) == ["Core journey"] and dock.list.currentItem() is dock.item_for(None)
    monkeypatch.setattr(dock, "ask_name", lambda _title, default: default)
    QTest.mouseClick(dock.new_button, Qt.MouseButton.LeftButton)
    assert [s.name for s in window.document.workspace.segments.values()] == ["New segment"]
    assert names(dock) == ["Core journey", "New segment"]


def test_screenshot(window: MainWindow, dock: SegmentsDock, qtbot) -> None:  # type: ignore[no-untyped-def]
    click_row(dock, "seg-enterprise")
    qtbot.wait(50)  # let the form lay out around the description
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "segments_panel.png"))
