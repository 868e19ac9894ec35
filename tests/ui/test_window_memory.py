"""A closed window lets its map go, and an open leaves no cyclic garbage behind.

After an open, the objects alive are frozen out of the cyclic collector's sight (``gc.freeze`` in
open_worker.py), so garbage in cycles made meanwhile would stay for good: the file's text, a
closed window with its drawing and its map. Each test fails when such a cycle is back."""

from __future__ import annotations

import gc
import weakref
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from shiboken6 import Shiboken

from journeymap_designer.model.checks import check_journey
from journeymap_designer.model.fileformat import save_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.staged_open import load_all
from journeymap_designer.ui.canvas.items import CardItem
from journeymap_designer.ui.shell import open_worker
from journeymap_designer.ui.shell.mainwindow import MainWindow


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.journeymap"
    save_workspace(generate_workspace(120, 2), path)
    return path


def _garbage_in_cycles(work: object) -> int:
    """How many objects ``work()`` left that only the cyclic collector would free."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        work()  # type: ignore[operator]
        return gc.collect()
    finally:
        if was_enabled:
            gc.enable()


def test_reading_a_map_leaves_no_cycles(map_file: Path) -> None:
    assert _garbage_in_cycles(lambda: load_all(map_file)) == 0


def test_checking_a_map_leaves_no_cycles(map_file: Path) -> None:
    workspace = load_all(map_file).workspace
    assert _garbage_in_cycles(lambda: check_journey(workspace.core, workspace)) == 0


def test_a_closed_window_frees_its_map_and_drawing(
    qtbot, map_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(open_worker, "FROZEN_WORTH_A_PASS", 0)  # however little this test froze
    window = MainWindow()
    window.show()
    qtbot.waitExposed(window)
    assert window.open_file(map_file)
    qtbot.wait(100)  # settled, as a window the user closes is
    cards = [i for i in window.scene.items() if isinstance(i, CardItem)]
    assert len(cards) == 120
    document, workspace = weakref.ref(window.document), weakref.ref(window.document.workspace)
    card = weakref.ref(cards[0])
    del cards
    window.document.history.set_clean()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del window
    qtbot.wait(50)  # the pass after the window is gone
    assert document() is None and workspace() is None
    gone = card()
    assert gone is None or not Shiboken.isValid(gone)
    gc.unfreeze()  # as the test found it: nothing frozen for the next


def test_a_drawn_map_keeps_one_wrapper_per_card_and_arrow(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each Qt object Python keeps is a row of shiboken's table of wrappers; growing that table
    past a large map's items is one long call (it stalled a 100,000-card open by 100-200 ms when
    each card kept its rect, colour bar and colour too)."""
    map_file = tmp_path / "map.journeymap"
    save_workspace(generate_workspace(600, 1), map_file)
    window = MainWindow()
    window.resize(900, 600)  # what is painted keeps a few values too (titles, dashes): little in view
    window.show()
    qtbot.waitExposed(window)
    before = Counter(type(w).__name__ for w in Shiboken.getAllValidWrappers())
    assert window.open_file(map_file)
    qtbot.wait(100)
    items = len(window.scene.cards) + len(window.scene.flows)
    assert items >= 1200
    after = Counter(type(w).__name__ for w in Shiboken.getAllValidWrappers())
    kept = sum((after - before).values())  # the panels' own few hundred included
    assert kept <= items * 2, (kept, items)  # was 4.3 per item: rect, bar, colour, arrow rects
    window.document.history.set_clean()
    window.close()
