"""Long opens never freeze the window (issue 14): a large map opens behind a progress dialog, the
event loop keeps running meanwhile, Cancel leaves the map that was open as it was, and a broken
file is still one message. Real files, the real window, the dialog's real Cancel button."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from journeymap_designer.model.checks import check_journey, conflict_findings
from journeymap_designer.model.fileformat import dump_workspace, save_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.ui.shell import app as app_module
from journeymap_designer.ui.shell.mainwindow import MainWindow

CARDS = 3000  # large enough that drawing takes many turns of the event loop, small enough to be quick
MIN_TURNS = 3  # of the event loop while a redraw shows its dialog (300 ms in): it was not one call


@pytest.fixture(scope="module")
def large_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "large.journeymap"
    save_workspace(generate_workspace(CARDS, 3), path)
    return path


@pytest.fixture
def watches() -> Iterator[list[Watch]]:
    """Every watch a test starts, stopped when it ends (also when it fails half-way)."""
    started: list[Watch] = []
    yield started
    for watch in started:
        watch.stop()


class Watch:
    """A 10 ms timer that counts its ticks and notes the progress dialog's labels while it runs."""

    def __init__(self, window: MainWindow, act: Callable[[QProgressDialog], bool] | None = None) -> None:
        self.window = window
        self.ticks = 0
        self.labels: list[str] = []
        self.shown = False
        self.act = act
        self.acted = False
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.ticks += 1
        dialog = self.window.findChild(QProgressDialog, "long-work-progress")
        if dialog is None or not dialog.isVisible():
            return
        self.shown = True
        if not self.labels or self.labels[-1] != dialog.labelText():
            self.labels.append(dialog.labelText())
        if self.act is not None and not self.acted and self.act(dialog):
            self.acted = True

    def stop(self) -> None:
        self.timer.stop()


def _drawn_cards(window: MainWindow) -> set[str]:
    return set(window.scene.cards)


def test_a_large_map_opens_behind_progress_with_the_event_loop_running(
    window: MainWindow, large_map: Path, watches: list[Watch]
) -> None:
    watch = Watch(window)
    watches.append(watch)
    assert window.open_file(large_map)
    watch.stop()
    assert watch.shown, "no progress dialog while a large map opened"
    assert "Drawing the map" in watch.labels
    assert watch.ticks >= 10, f"the event loop ran {watch.ticks} times while opening"
    assert window.document.path == large_map
    assert len(window.scene.cards) == len(window.document.workspace.core.touchpoints) == CARDS
    assert len(window.scene.flows) == len(window.document.workspace.core.flows)
    workspace = window.document.workspace
    expected = conflict_findings(workspace) + check_journey(workspace.core, workspace)
    assert sorted(f.message for f in window.findings.findings) == sorted(f.message for f in expected)
    assert not window.findings.pending  # listed from the open's own check, not checked again
    assert not window.document.is_modified
    assert window.document.disk is not None and window.document.base == large_map.read_bytes()


def _press_cancel(when: str) -> Callable[[QProgressDialog], bool]:
    def act(dialog: QProgressDialog) -> bool:
        if dialog.labelText() != when:
            return False
        button = dialog.findChild(QPushButton)
        assert button is not None
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        return True

    return act


@pytest.mark.parametrize("when", ["Reading", "Drawing the map"])
def test_cancel_leaves_the_map_that_was_open(
    window: MainWindow, large_map: Path, when: str, monkeypatch: pytest.MonkeyPatch, watches: list[Watch]
) -> None:
    discard = QMessageBox.StandardButton.Discard  # "Save your changes first?": go on without saving
    monkeypatch.setattr(QMessageBox, "warning", lambda *_args: discard)
    controller = window.controller
    card = next(iter(window.document.workspace.core.touchpoints))
    assert window.controller.rename("touchpoint", card, "Edited first", None)
    before_doc = window.document
    before_bytes = dump_workspace(before_doc.workspace)
    before_cards = _drawn_cards(window)
    undo_name = before_doc.history.undo_name
    watch = Watch(window, _press_cancel(when))
    watches.append(watch)
    assert not window.open_file(large_map)
    watch.stop()
    assert watch.acted, f"never saw {when!r} to cancel during"
    assert window.document is before_doc and controller.document is before_doc
    assert dump_workspace(window.document.workspace) == before_bytes
    assert window.document.is_modified  # the unsaved edit is still there, still undoable
    assert before_doc.history.undo_name == undo_name
    assert _drawn_cards(window) == before_cards  # the map drawn again as it was
    assert window.scene.document is before_doc
    assert window.file_guard.lock is None or window.file_guard.lock.path != large_map
    assert not (large_map.parent / f".~{large_map.name}.lock").exists()
    assert "cancelled" in window.statusBar().currentMessage()
    window.controller.undo()  # the old document's history still works and still draws
    assert window.scene.document is before_doc


def test_a_broken_large_file_is_one_message(
    window: MainWindow, large_map: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.loads(large_map.read_bytes())
    data["core"]["touchpoints"][-1]["emotion"] = "very"
    broken = tmp_path / "broken.journeymap"
    broken.write_text(json.dumps(data))
    messages: list[str] = []

    def critical(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        messages.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", critical)
    before_doc, before_cards = window.document, _drawn_cards(window)
    assert not window.open_file(broken)
    assert len(messages) == 1
    assert str(broken) in messages[0] and "emotion" in messages[0]
    assert window.document is before_doc and _drawn_cards(window) == before_cards


def test_start_up_opens_the_file_given_after_showing_the_window(
    qtbot, large_map: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    offered: list[bool] = []
    win.offer_recovery = lambda: offered.append(True) or False  # type: ignore[method-assign]
    app_module.start(win, str(large_map))
    assert win.document.path == large_map and offered == [True]
    broken = tmp_path / "broken.journeymap"
    broken.write_text("{ not json")
    app_module.start(win, str(broken))
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "journeymap-designer: error:" in err and "not valid JSON" in err
    assert win.document.path == large_map  # the map that was open stays
    assert str(broken) in win.statusBar().currentMessage()
    win.document.history.set_clean()
    QApplication.processEvents()


def _drawing(window: MainWindow) -> tuple[dict[str, tuple[float, ...]], set[str]]:
    cards = {i: item.sceneBoundingRect().getRect() for i, item in window.scene.cards.items()}
    return cards, set(window.scene.flows)


def test_a_large_map_drawn_again_says_so_and_the_window_keeps_repainting(
    window: MainWindow, large_map: Path, watches: list[Watch]
) -> None:
    """The customer view (Ctrl+Shift+C) and a new stage redraw the whole map: behind progress, the
    event loop running, and the result the same as drawn in one go."""
    assert window.open_file(large_map)
    for act in (window.actions_.customer_view, window.actions_.customer_view):  # on, then off
        watch = Watch(window)
        watches.append(watch)
        act.trigger()
        watch.stop()
        assert watch.shown and watch.labels == ["Drawing the map"]
        # Not a count that needs a slow machine: the dialog shows only once the work has gone on
        # for 300 ms, and the event loop turned at least thrice within that time. (A redraw of
        # these 3,000 cards is quick, and quicker since each card keeps one Qt wrapper: 8 turns.)
        assert watch.ticks >= MIN_TURNS, f"the event loop ran {watch.ticks} times while drawing"
        stepped = _drawing(window)
        window.scene.long_work = None  # the same, drawn in one go
        window.scene.rebuild()
        assert _drawing(window) == stepped
        window.scene.long_work = window._long_drawing
    watch = Watch(window)
    watches.append(watch)
    stage_id = window.controller.add_stage()  # Map > Add Stage: the stages right of it move
    watch.stop()
    assert watch.shown and watch.ticks >= MIN_TURNS
    assert stage_id in window.scene.layout.geometry.stages and stage_id in window.scene.grid.stage_names
    assert len(window.scene.cards) == CARDS
