"""File > Compare with Version…: a real git history, the dialog answered, the differences, a restore."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from journeymap_designer.model.document import Document
from journeymap_designer.model.versions import load_version
from journeymap_designer.starter import new_from_template, sample_path
from journeymap_designer.ui.dialogs.versions import VersionDialog
from journeymap_designer.ui.shell.mainwindow import MainWindow
from tests.git_history import ADDED, DELETED, MESSAGES, RENAMED, MapHistory, build_history


def open_window(qtbot: QtBot, document: Document) -> MainWindow:
    window = MainWindow(document)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def history(tmp_path: Path) -> MapHistory:
    return build_history(tmp_path)


@pytest.fixture
def window(qtbot: QtBot, history: MapHistory) -> Iterator[MainWindow]:
    win = open_window(qtbot, Document.open(history.file))
    yield win
    win.document.history.set_clean()
    win.close()
    win.deleteLater()


def answer_with(monkeypatch: pytest.MonkeyPatch, index: int | None, seen: list[list[str]]) -> None:
    """Answer the versions dialog: note its rows, pick row ``index`` (None: cancel)."""

    def exec_(dialog: VersionDialog) -> int:
        rows = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
        seen.append([row.text(2) for row in rows if row is not None])
        if index is None:
            return QDialog.DialogCode.Rejected.value
        dialog.select(index)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(VersionDialog, "exec", exec_)


def test_compare_with_the_first_version_then_restore_the_deleted_card(
    qtbot: QtBot, window: MainWindow, history: MapHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = window.actions_.compare_version
    assert action.isEnabled() and action in window.actions_.file_menu.actions()
    seen: list[list[str]] = []
    answer_with(monkeypatch, None, seen)
    action.trigger()  # cancelled: nothing changes
    dock = window.diff_dock
    assert seen == [list(MESSAGES[::-1])] and "version" not in dock.summary.text()

    answer_with(monkeypatch, 3, seen)  # the oldest: the sample as bundled
    action.trigger()
    first = history.ids[0][:8]
    assert dock.against.currentText().startswith(f"Version: {first}")
    assert f"Core journey against version {first}" in dock.summary.text()
    assert dock.element_ids("changed") >= {RENAMED[0]}
    assert DELETED[0] in dock.element_ids("removed") and ADDED[0] in dock.element_ids("added")

    row = dock.item_for(DELETED[0], "removed")
    assert row is not None
    dock.tree.setCurrentItem(row)
    assert dock.restore_button.isEnabled() and "Added back" in dock.restore_button.toolTip()
    steps_before = window.document.history.undo_name
    dock.restore_button.click()
    restored = window.document.workspace.core.touchpoints[DELETED[0]]
    assert restored == load_version(history.file, history.ids[0]).core.touchpoints[DELETED[0]]
    assert window.scene.item(DELETED[0]) is not None  # drawn on the map
    assert DELETED[0] not in dock.element_ids()  # no longer a difference
    undo_text = window.actions_.undo.text()
    assert (
        undo_text.startswith("&Undo Restore ")
        and f"\u201c{DELETED[1]}\u201d from version {first}" in undo_text
    )

    window.actions_.undo.trigger()  # one step takes it out again
    assert DELETED[0] not in window.document.workspace.core.touchpoints
    assert window.document.history.undo_name == steps_before and not window.document.is_modified
    window.actions_.redo.trigger()
    assert DELETED[0] in window.document.workspace.core.touchpoints


def test_restore_sets_a_renamed_card_back(
    qtbot: QtBot, window: MainWindow, history: MapHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_with(monkeypatch, 3, [])
    window.actions_.compare_version.trigger()
    dock = window.diff_dock
    row = dock.item_for(RENAMED[0], "changed")
    assert row is not None
    dock.tree.setCurrentItem(row)
    menu = dock.actions_.build_context_menu(dock.tree.visualItemRect(row).center())
    restore = next(a for a in menu.actions() if a.text() == "Restore from this version")
    assert restore.isEnabled()
    restore.trigger()
    assert window.document.workspace.core.touchpoints[RENAMED[0]].title == RENAMED[1]
    window.actions_.undo.trigger()
    assert window.document.workspace.core.touchpoints[RENAMED[0]].title == RENAMED[2]


def test_a_map_outside_git_says_it_has_no_versions(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loose = tmp_path / "loose.journeymap"
    shutil.copyfile(sample_path(), loose)
    win = open_window(qtbot, Document.open(loose))
    try:
        action = win.actions_.compare_version
        assert not action.isEnabled() and "loose.journeymap is not in a git repository" in action.toolTip()
        warnings: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
        assert win.version_compare.run() is None  # a shortcut or a stale menu: it says so, once
        assert len(warnings) == 1 and "not in a git repository" in warnings[0]
        win._attach(Document(new_from_template("blank")))  # File > New: not saved yet
        assert not action.isEnabled() and "not been saved yet" in action.toolTip()
    finally:
        win.document.history.set_clean()
        win.close()
        win.deleteLater()
