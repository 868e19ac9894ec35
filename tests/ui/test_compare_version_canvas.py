"""File > Compare with Version… on the canvas: the map now marked against a git version of it.

The story a lead plays: the sample is committed; in the app a card is renamed, one deleted, one typed in,
and the map saved; then Compare with Version. The map shows the renamed card as changed, the new one as
added, the deleted one as a ghost where it was (which cannot be edited), the legend names the version;
Ctrl+Shift+D ends it, and Compare with Core compares a segment with the core again. Expected marks come
from the edits made, not from the comparison code.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from journeymap_designer.model.document import Document
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.starter import new_from_template, sample_path
from journeymap_designer.ui.shell.mainwindow import MainWindow
from tests.git_history import git

from .conftest import click
from .test_canvas import _empty_cell
from .test_compare_version import answer_with

RENAMED = ("tp-acq-pricing-page", "Reads the pricing page")
DELETED = "tp-acq-trial-checklist"  # three arrows go with it
ADDED = "Joins a product webinar"


def _press_compare(window: MainWindow) -> None:
    button = window.toolbar.widgetForAction(window.actions_.compare)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def committed(tmp_path: Path) -> tuple[Path, str]:
    """The sample map, committed once in a fresh repository; the file and the commit's id."""
    repo = tmp_path / "maps"
    repo.mkdir()
    git(repo, "init", "-q")
    file = repo / "customer.journeymap"
    shutil.copyfile(sample_path(), file)
    git(repo, "add", file.name)
    git(repo, "commit", "-q", "-m", "Sample map as bundled", date=1)
    return file, git(repo, "rev-parse", "HEAD")


@pytest.fixture
def window(qtbot: QtBot, committed: tuple[Path, str]) -> Iterator[MainWindow]:
    win = MainWindow(Document.open(committed[0]))
    win.resize(1600, 950)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitActive(win)
    win.view.setFocus()
    win.view.set_zoom(0.8)
    yield win
    win.document.history.set_clean()
    win.close()
    win.deleteLater()


def edit_and_save(window: MainWindow) -> str:
    """Rename, delete and type a card through the map, then File > Save; the new card's id."""
    view, scene = window.view, window.scene
    rect = scene.layout.geometry.cards[RENAMED[0]]
    click(view, rect.x + rect.w / 2, rect.y + 20)
    QTest.keyClick(view, Qt.Key.Key_F2)
    QTest.keyClicks(view.editor, RENAMED[1])
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    view.select(DELETED)
    QTest.keyClick(view, Qt.Key.Key_Delete)
    stage_id, lane_id = _empty_cell(window)
    cell = scene.layout.geometry.cell(stage_id, lane_id)
    assert cell is not None
    click(view, cell.x + cell.w / 2, cell.y + cell.h / 2, double=True)
    QTest.keyClicks(view.editor, ADDED)
    QTest.keyClick(view.editor, Qt.Key.Key_Escape)  # ends the entry, keeps the card
    core = window.document.workspace.core
    added = next(t.id for t in core.touchpoints.values() if t.title == ADDED)
    assert core.touchpoints[RENAMED[0]].title == RENAMED[1] and DELETED not in core.touchpoints
    window.actions_.save.trigger()
    assert not window.document.is_modified
    return added


def compare_with_the_version(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    answer_with(monkeypatch, 0, [])  # the one version: the sample as committed
    window.actions_.compare_version.trigger()


def test_compare_with_version_marks_the_map_and_draws_the_deleted_card_as_a_ghost(
    window: MainWindow, committed: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    short = committed[1][:8]
    added = edit_and_save(window)
    version = load_workspace(sample_path())
    gone_flows = {i for i, f in version.core.flows.items() if DELETED in (f.source, f.target)}
    scene, view, compare = window.scene, window.view, window.actions_.compare
    assert not compare.isChecked() and DELETED not in scene.cards

    compare_with_the_version(window, monkeypatch)
    assert compare.isChecked() and short in compare.text() and "version" in compare.text().lower()
    assert f"Compared with version {short}" in window.statusBar().currentMessage()
    assert DELETED in window.diff_dock.element_ids("removed")  # the list is still there
    marks = {i: item.mark for i, item in scene.cards.items()}
    assert marks[RENAMED[0]] == "changed" and marks[added] == "added" and marks[DELETED] == "hidden"
    assert Counter(marks.values()) == {"same": len(marks) - 3, "changed": 1, "added": 1, "hidden": 1}
    ghost = scene.cards[DELETED]
    assert ghost.opacity() < 1 and ghost.tag == "DELETED" and scene.cards[added].tag == "NEW"
    was = version.core.touchpoints[DELETED]
    cell = scene.layout.geometry.cell(was.stage_id, was.lane_id)  # drawn where it was
    box = scene.layout.geometry.cards[DELETED]
    assert cell is not None and cell.x <= box.x and box.x + box.w <= cell.right and cell.y <= box.y
    assert box.y + box.h <= cell.bottom
    assert gone_flows and all(scene.flows[i].mark == "hidden" for i in gone_flows)
    assert DELETED not in window.document.workspace.core.touchpoints  # drawn, not restored

    legend = window.legend
    assert legend.isVisible() and f"Core journey compared with version {short}" in legend.heading.text()
    assert "Sample map as bundled" in legend.detail.text()
    assert legend.meanings["same"].text() == f"Same as version {short}"
    assert legend.meanings["added"].text().startswith(f"Added since {short}")
    assert legend.meanings["changed"].text().startswith(f"Changed since {short}")
    assert legend.meanings["hidden"].text() == f"Deleted since {short} (ghost)  [DELETED]"
    drawn = Counter(item.mark for item in (*scene.cards.values(), *scene.flows.values()))
    assert drawn["hidden"] == 1 + len(gone_flows)
    for mark in ("same", "added", "changed", "hidden"):
        assert legend.counts[mark].text() == str(drawn[mark])
    viewport = view.viewport()
    for bar in (view.verticalScrollBar(), view.horizontalScrollBar()):  # scrolled: it stays in its corner
        bar.setValue(bar.maximum() // 2)
        bar.setValue(bar.maximum())
        assert legend.geometry().right() == viewport.width() - 15
        assert legend.geometry().bottom() == viewport.height() - 15

    # The ghost can be selected, not edited: F2, a double-click and Delete say why and change nothing.
    messages: list[str] = []
    view.message.connect(messages.append)
    before = window.document.history.undo_name
    click(view, box.x + box.w / 2, box.y + 20)
    assert view.selected_ids() == [DELETED]
    QTest.keyClick(view, Qt.Key.Key_F2)
    assert not view.editor.isVisible()
    click(view, box.x + box.w / 2, box.y + 20, double=True)
    assert not view.editor.isVisible()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert messages and all(f"Deleted since version {short}" in m for m in messages)
    assert "Restore from this version" in messages[0]
    assert window.document.history.undo_name == before and not window.document.is_modified

    # Ctrl+Shift+D ends it: no marks, no ghosts, no legend, the action compares with the core again.
    _press_compare(window)
    assert not compare.isChecked() and compare.text() == "&Compare with Core"
    assert scene.compare_state.reference is None and not legend.isVisible()
    assert DELETED not in scene.cards and not gone_flows & scene.flows.keys()
    assert all(item.mark == "same" and item.tag == "" for item in scene.cards.values())

    # Compare with Core afterwards, on a segment: against the core, in the core's words.
    window.segment_box.setCurrentIndex(window.segment_box.findData("seg-smb"))
    _press_compare(window)
    smb = window.document.workspace.segments["seg-smb"]
    assert compare.isChecked() and compare.text() == "&Compare with Core"
    assert "SMB vs core" in legend.heading.text() and legend.meanings["same"].text() == "Same as the core"
    hidden = smb.hidden & window.document.workspace.core.touchpoints.keys()
    assert hidden and all(scene.cards[i].mark == "hidden" and scene.cards[i].tag == "HIDDEN" for i in hidden)
    assert scene.cards[added].mark == "same"  # in the core now: the segment shares it
    assert all(scene.cards[i].mark == "added" for i in smb.added.touchpoints)


def test_a_segment_against_a_version_follows_edits_and_a_restore(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = edit_and_save(window)
    version = load_workspace(sample_path())
    window.segment_box.setCurrentIndex(window.segment_box.findData("seg-enterprise"))
    compare_with_the_version(window, monkeypatch)
    scene, legend = window.scene, window.legend
    assert "Enterprise compared with version" in legend.heading.text()
    assert scene.cards[added].mark == "added"
    hidden_then = version.segments["seg-enterprise"].hidden & version.core.touchpoints.keys()
    assert DELETED in hidden_then and not hidden_then & scene.cards.keys()  # hidden then: nothing lost
    window.segment_box.setCurrentIndex(window.segment_box.findData("seg-smb"))  # the marks follow
    assert "SMB compared with version" in legend.heading.text()
    assert DELETED not in version.segments["seg-smb"].hidden and scene.cards[DELETED].mark == "hidden"
    assert scene.cards[added].mark == "added" and scene.cards[RENAMED[0]].mark == "changed"
    smb_then = version.segments["seg-smb"]
    assert all(scene.cards[i].mark == "same" for i in smb_then.added.touchpoints)  # its own, then too
    # Restore from this version (the Differences panel, through the controller): the ghost is real again.
    dock = window.diff_dock
    qtbot.waitUntil(lambda: dock.item_for(DELETED, "removed") is not None)  # it follows the segment too
    row = dock.item_for(DELETED, "removed")
    assert row is not None
    dock.tree.setCurrentItem(row)
    dock.restore_button.click()
    assert scene.journey_has("touchpoint", DELETED)  # in the segment shown, as the version has it
    assert scene.cards[DELETED].mark == "same" and scene.cards[DELETED].opacity() == 1
    assert not any(item.mark == "hidden" for item in scene.cards.values())
    ghost_arrows = [i for i, item in scene.flows.items() if item.mark == "hidden"]  # its arrows: not yet
    assert len(ghost_arrows) == 3 and legend.counts["hidden"].text() == "3"
    window.actions_.undo.trigger()  # deleted again: a ghost again
    assert scene.cards[DELETED].mark == "hidden"


def test_opening_another_map_ends_the_version_comparison(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_and_save(window)
    compare_with_the_version(window, monkeypatch)
    assert window.scene.compare_state.reference is not None
    partners = window.controller.create_segment("Partners")  # new since the version: against its core
    window.segment_box.setCurrentIndex(window.segment_box.findData(partners))
    assert "Partners compared with version" in window.legend.heading.text()
    assert "'s core" in window.legend.heading.text()
    window._attach(Document(new_from_template("blank")))  # File > New in this window
    compare = window.actions_.compare
    assert window.scene.compare_state.reference is None and window.version_compare.version is None
    assert not compare.isChecked() and compare.text() == "&Compare with Core"
    assert not window.legend.isVisible()
