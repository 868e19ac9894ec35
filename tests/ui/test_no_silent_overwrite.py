"""Two windows on one file can no longer lose an edit: the real windows, the real actions and watcher.

Questions are answered by monkeypatching QMessageBox (``exec`` for the guard's boxes, whose standard
buttons carry their own words; ``question`` for Reload's "discard your edits?").
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.filelock import LockInfo, lock_path, read_lock
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.shell.mainwindow import MainWindow

Button = QMessageBox.StandardButton


class Boxes:
    """Answers the guard's message boxes in order and keeps what they said."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: list[Button] = []
        self.asked: list[str] = []
        self.questions: list[Button] = []
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))
        monkeypatch.setattr(QMessageBox, "question", self._question)

    def _exec(self, box: QMessageBox) -> Button:
        self.asked.append(f"{box.windowTitle()}: {box.text()}")
        assert self.answers, f"an unexpected question: {box.text()}"
        return self.answers.pop(0)

    def _question(self, _parent: object, _title: str, text: str, *_rest: object) -> Button:
        self.asked.append(text)
        assert self.questions, f"an unexpected question: {text}"
        return self.questions.pop(0)


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return Boxes(monkeypatch)


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.journeymap"
    path.write_bytes(sample_path().read_bytes())
    return path


@pytest.fixture
def windows(qtbot) -> Iterator[list[MainWindow]]:  # type: ignore[no-untyped-def]
    opened: list[MainWindow] = []
    yield opened
    for win in opened:
        win.document.history.set_clean()  # let it close without asking
        win.close()
        win.deleteLater()


def open_window(qtbot, windows: list[MainWindow], path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow()
    windows.append(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_file(path)
    return win


def rename(win: MainWindow, card_id: str, title: str) -> None:
    """Edit > Rename on a selected card, typed into the inline editor, as a user does."""
    win.view.select(card_id)
    win.actions_.rename.trigger()
    editor = win.view.editor
    assert editor.isVisible()
    editor.selectAll()
    QTest.keyClicks(editor, title)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert win.document.workspace.core.touchpoints[card_id].title == title


def two_cards(path: Path) -> tuple[str, str]:
    """Two different cards of the same stage."""
    cards = load_workspace(path).core.touchpoints.values()
    by_stage: dict[str, list[str]] = {}
    for card in cards:
        by_stage.setdefault(card.stage_id, []).append(card.id)
    first, second, *_ = next(ids for ids in by_stage.values() if len(ids) > 1)
    return first, second


def titles(path: Path, *ids: str) -> list[str]:
    touchpoints = load_workspace(path).core.touchpoints
    return [touchpoints[i].title for i in ids]


def test_two_windows_on_one_file_lose_no_edit(qtbot, windows, map_file: Path, boxes: Boxes) -> None:  # type: ignore[no-untyped-def]
    a = open_window(qtbot, windows, map_file)
    assert a.file_guard.lock is not None and read_lock(map_file) == a.file_guard.lock.info
    boxes.answers = [Button.Ignore]  # B is told A has it, and opens it anyway
    b = open_window(qtbot, windows, map_file)
    assert "being edited by" in boxes.asked[-1] and f"process {os.getpid()}" in boxes.asked[-1]
    assert b.file_guard.lock is None and not b.document.read_only
    first, second = two_cards(map_file)

    rename(a, first, "Kickoff call (A)")
    a.actions_.save.trigger()
    assert titles(map_file, first) == ["Kickoff call (A)"]
    qtbot.waitUntil(b.changed_bar.isVisible)  # B is told the file changed on disk
    assert "changed on disk" in b.changed_bar.label.text() and b.changed_bar.reload_button.isVisible()
    assert b.changed_bar.merge_button.isVisible()  # B may merge its edits with A's
    assert not a.changed_bar.isVisible()  # A's own save is no news to A

    rename(b, second, "Welcome pack (B)")
    boxes.answers = [Button.Reset]  # B saves: asked first; B reloads (the question said so)
    b.actions_.save.trigger()
    assert "changed by another window" in boxes.asked[-1]
    assert titles(map_file, first) == ["Kickoff call (A)"]  # A's edit is still there
    assert b.document.workspace.core.touchpoints[first].title == "Kickoff call (A)"
    assert not b.document.is_modified and not b.changed_bar.isVisible()

    rename(b, second, "Welcome pack (B)")  # again, on top of A's
    b.actions_.save.trigger()  # nothing changed since B read it: no question
    assert titles(map_file, first, second) == ["Kickoff call (A)", "Welcome pack (B)"]
    qtbot.waitUntil(a.changed_bar.isVisible)  # and now A is told
    a.changed_bar.reload_button.click()  # A has no unsaved edits: nothing to ask
    assert a.document.workspace.core.touchpoints[second].title == "Welcome pack (B)"
    assert not boxes.answers and not boxes.questions


WRITER = r"""
import os, sys
path, title = sys.argv[1], sys.argv[2]
data = open(path, encoding="utf-8").read().replace('"name": "', '"name": "' + title + ' ', 1)
with open(path + ".new", "w", encoding="utf-8") as handle:
    handle.write(data)
os.replace(path + ".new", path)  # as an editor or git does: a new inode
"""


def test_the_watcher_sees_another_process_rewrite_the_file(  # type: ignore[no-untyped-def]
    qtbot, windows, map_file: Path, boxes: Boxes
) -> None:
    win = open_window(qtbot, windows, map_file)
    first, _second = two_cards(map_file)
    with qtbot.waitSignal(win.file_guard.changed, timeout=10000) as said:
        subprocess.run([sys.executable, "-c", WRITER, str(map_file), "Theirs"], check=True)
    assert "changed on disk" in str(said.args[0]) and win.changed_bar.isVisible()

    win.changed_bar.keep_button.click()  # Keep mine: the bar goes, the next save still asks
    assert not win.changed_bar.isVisible()
    with qtbot.waitSignal(win.file_guard.changed, timeout=10000):  # re-armed after the inode swap
        subprocess.run([sys.executable, "-c", WRITER, str(map_file), "Again"], check=True)

    rename(win, first, "Mine")
    boxes.questions = [Button.Cancel]  # Reload with unsaved edits asks; No keeps them
    win.changed_bar.reload_button.click()
    assert win.document.is_modified and "Discard your unsaved edits" in boxes.asked[-1]
    boxes.answers = [Button.Save]  # Save: asked; Overwrite
    win.actions_.save.trigger()
    assert titles(map_file, first) == ["Mine"] and not win.document.is_modified
    assert not load_workspace(map_file).name.startswith("Again")
    assert not win.changed_bar.isVisible()


def test_a_second_window_is_told_who_has_it_and_opens_read_only(  # type: ignore[no-untyped-def]
    qtbot, windows, map_file: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = LockInfo("workshop-laptop", 4242, "alice", datetime.now(UTC).isoformat(), token="alice")
    lock_path(map_file).write_bytes(holder.to_json())
    boxes.answers = [Button.Open]  # Open Read-Only
    win = open_window(qtbot, windows, map_file)
    assert "alice on workshop-laptop (process 4242)" in boxes.asked[-1]
    assert win.document.read_only and "(read-only)" in win.windowTitle()
    first, _ = two_cards(map_file)
    rename(win, first, "Looked at")
    other = map_file.with_name("mine.journeymap")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(other), ""))
    win.actions_.save.trigger()  # read-only: Save goes to Save As
    assert map_file.read_bytes() == sample_path().read_bytes()
    assert titles(other, first) == ["Looked at"] and not win.document.read_only
    assert read_lock(other) is not None and read_lock(other) == win.file_guard.lock.info  # type: ignore[union-attr]
    assert read_lock(map_file) == holder  # alice's lock is alice's
    win.close()
    assert not lock_path(other).exists()  # the lock goes with the window


def test_a_stale_lock_is_taken_over(qtbot, windows, map_file: Path, boxes: Boxes) -> None:  # type: ignore[no-untyped-def]
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # a crashed app: same host, its process is gone
    crashed = LockInfo(os.uname().nodename, child.pid, "bob", datetime.now(UTC).isoformat())
    lock_path(map_file).write_bytes(crashed.to_json())
    win = open_window(qtbot, windows, map_file)  # no question asked (Boxes would fail)
    assert win.file_guard.lock is not None and win.file_guard.lock.took_over == crashed
    assert read_lock(map_file) == win.file_guard.lock.info and not win.document.read_only


def test_merge_with_my_edits_plugs_in_as_one_function(qtbot, windows, map_file: Path, boxes: Boxes) -> None:  # type: ignore[no-untyped-def]
    """The merge choice appears once the guard has a merger; its result is one Undo step over the file."""
    win = open_window(qtbot, windows, map_file)
    first, _second = two_cards(map_file)
    seen: list[tuple[str, str, str]] = []

    def merge(base, ours, theirs):  # type: ignore[no-untyped-def]  # stands in for model/merge.py
        seen.append((base.name, ours.name, theirs.name))
        mine = ours.core.touchpoints[first]
        return theirs.model_copy(
            update={
                "core": theirs.core.model_copy(
                    update={"touchpoints": {**theirs.core.touchpoints, first: mine}}
                )
            }
        )

    win.file_guard.merger = merge
    rename(win, first, "Mine")
    with qtbot.waitSignal(win.file_guard.changed, timeout=10000):
        subprocess.run([sys.executable, "-c", WRITER, str(map_file), "Theirs"], check=True)
    assert win.changed_bar.merge_button.isVisible()
    win.changed_bar.merge_button.click()
    base_name = load_workspace(sample_path()).name
    assert seen == [(base_name, base_name, "Theirs " + base_name)]
    assert win.document.workspace.name.startswith("Theirs") and win.document.is_modified
    assert win.document.workspace.core.touchpoints[first].title == "Mine"
    assert not win.changed_bar.isVisible()
    win.actions_.save.trigger()  # the merged map is saved over the version it merged: no question
    assert titles(map_file, first) == ["Mine"] and load_workspace(map_file).name.startswith("Theirs")


def test_a_file_given_at_start_is_claimed_too(qtbot, windows, map_file: Path, boxes: Boxes) -> None:  # type: ignore[no-untyped-def]
    """`journeymap-designer map.journeymap` while another process edits it: told, and read-only by default."""
    from journeymap_designer.model.document import Document
    from journeymap_designer.model.filelock import FileLock

    theirs = FileLock(map_file).acquire()
    win = MainWindow(Document.open(map_file))
    windows.append(win)
    boxes.answers = [Button.Cancel]  # closing the question: no Cancel offered, so read-only
    win.claim_started_file()
    assert "being edited by" in boxes.asked[-1] and win.document.read_only
    assert win.file_guard.lock is None and read_lock(map_file) == theirs.info
    theirs.release()


def test_merge_with_my_edits_keeps_both_windows_edits(qtbot, windows, map_file: Path, boxes: Boxes) -> None:  # type: ignore[no-untyped-def]
    """The real three-way merge: A saves a rename, B (with its own unsaved rename of another card)
    merges instead of reloading, and saves: the file holds both edits, no question asked."""
    a = open_window(qtbot, windows, map_file)
    boxes.answers = [Button.Ignore]
    b = open_window(qtbot, windows, map_file)
    first, second = two_cards(map_file)
    rename(a, first, "Kickoff call (A)")
    a.actions_.save.trigger()
    rename(b, second, "Welcome pack (B)")
    qtbot.waitUntil(b.changed_bar.isVisible)
    b.changed_bar.merge_button.click()
    assert not b.document.workspace.merge_conflicts
    b.actions_.save.trigger()
    assert titles(map_file, first) == ["Kickoff call (A)"] and titles(map_file, second) == [
        "Welcome pack (B)"
    ]
