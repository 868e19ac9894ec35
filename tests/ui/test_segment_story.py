"""Issue 4's "done when", end to end: a lead sees a segment's differences on the map and in the list,
resolves the conflict a core change raises, and `journeymap diff` gives the same answers throughout.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from journeymap_designer.cli import main
from journeymap_designer.ui.shell.mainwindow import MainWindow

from .conftest import click
from .test_segments_panel import click_row

KICKOFF = "tp-onb-kickoff-call"  # SMB retitles this card


def _cli(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    assert main(["diff", str(path), "--segment", "SMB", "--format", "json"]) == 1
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _listed(window: MainWindow, qtbot) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    dock = window.diff_dock
    dock.raise_()
    qtbot.waitUntil(lambda: not dock.pending, timeout=3000)
    return {(i, s) for s in ("added", "hidden", "changed", "moved", "removed") for i in dock.element_ids(s)}


def test_a_lead_sees_the_differences_resolves_a_conflict_and_the_cli_agrees(
    window: MainWindow, qtbot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "map.journeymap"
    assert window._save_to(path)
    # Switch to SMB in the segments panel and turn compare mode on from the toolbar.
    click_row(window.segments_dock, "seg-smb")
    assert window.scene.segment_id == "seg-smb"
    QTest.mouseClick(window.toolbar.widgetForAction(window.actions_.compare), Qt.MouseButton.LeftButton)
    report = _cli(path, capsys)
    expected = {(d["id"], d["status"]) for d in report["differences"]}
    assert _listed(window, qtbot) == expected  # the list says what the CLI says
    on_map = {i: item.mark for i, item in window.scene.cards.items() if item.mark != "same"}
    assert on_map  # and the map marks the same cards the same way (moved counts as changed)
    for card_id, mark in on_map.items():
        statuses = {"changed", "moved"} if mark == "changed" else {mark}
        assert any((card_id, status) in expected for status in statuses), (card_id, mark)
    unmarked = {i for i, status in expected if i in window.scene.cards and i not in on_map}
    assert not unmarked
    assert report["conflicts"] == []
    # Change the core: select the kickoff card on the core's map and retitle it in the inspector.
    click_row(window.segments_dock, None)
    rect = window.scene.layout.geometry.cards[KICKOFF]
    click(window.view, rect.x + rect.w / 2, rect.y + 20)
    title = window.inspector.field_widget("touchpoint.title")
    assert isinstance(title, QLineEdit)
    title.selectAll()
    QTest.keyClicks(title, "Kickoff call with sponsor and admin")
    QTest.keyClick(title, Qt.Key.Key_Return)
    assert window.document.workspace.core.touchpoints[KICKOFF].title == "Kickoff call with sponsor and admin"
    assert window._save_to(path)
    report = _cli(path, capsys)
    assert [(c["id"], c["field"]) for c in report["conflicts"]] == [(KICKOFF, "title")]
    # Back in SMB the list shows the conflict; the lead keeps SMB's title with a click.
    click_row(window.segments_dock, "seg-smb")
    _listed(window, qtbot)
    dock = window.diff_dock
    item = dock.conflict_item(KICKOFF, "title")
    assert item is not None
    dock.tree.scrollToItem(item)
    QTest.mouseClick(
        dock.tree.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        dock.tree.visualItemRect(item).center(),
    )
    QTest.mouseClick(dock.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dock.pending, timeout=3000)
    assert dock.conflict_item(KICKOFF, "title") is None
    assert window.scene.cards[KICKOFF].title == "30-minute kickoff video call"
    assert window._save_to(path)
    report = _cli(path, capsys)
    assert report["conflicts"] == []
    assert _listed(window, qtbot) == {(d["id"], d["status"]) for d in report["differences"]}
