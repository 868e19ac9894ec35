"""Never lose work: a real app process killed with SIGKILL mid-session, then restored on the next start."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from journeymap_designer.model.document import Document
from journeymap_designer.model.recovery import RecoveryEntry, RecoveryStore
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.shell.autosave import INTERVAL_MS
from journeymap_designer.ui.shell.mainwindow import MainWindow

# A facilitator's session in a real application process: the real window, the real view, cards typed
# with the keyboard one after another, each reported on stdout with the time it was made, and each
# recovery copy reported once it is written. It never stops by itself; the test kills it.
SESSION = r"""
import sys, time
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from journeymap_designer.model.document import Document
from journeymap_designer.ui.shell.app import make_application
from journeymap_designer.ui.shell.mainwindow import MainWindow

app = make_application()
window = MainWindow(Document.open(sys.argv[1]))
window.resize(1400, 900)
window.show()
QTest.qWaitForWindowActive(window)
window.autosaver.written.connect(lambda: print(f"{time.time():.3f} autosaved", flush=True))
view = window.view
stage = window.scene.journey.ordered_stages()[1]
lane = [lane for lane in window.scene.journey.ordered_lanes() if lane.side == "internal"][0]
view.start_new_card(stage.id, lane.id)
number = 0
while True:
    number += 1
    QTest.keyClicks(view.editor, f"Workshop card {number}")
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    print(f"{time.time():.3f} Workshop card {number}", flush=True)
    QTest.qWait(150)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_session_loses_at_most_a_few_seconds(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    recovery = tmp_path / "recovery"
    original_bytes = sample_path().read_bytes()
    env = {**os.environ, "JOURNEYMAP_RECOVERY_DIR": str(recovery), "QT_QPA_PLATFORM": "offscreen"}
    session = subprocess.Popen(
        [sys.executable, "-c", SESSION, str(sample_path())], stdout=subprocess.PIPE, text=True, env=env
    )
    assert session.stdout is not None
    made: list[tuple[float, str]] = []
    saved_before: list[str] = []  # the cards made before the last recovery copy the session reported
    saves = 0
    started = time.time()
    while time.time() - started < 120:
        line = session.stdout.readline()
        if not line:
            break
        stamp, title = line.strip().split(" ", 1)
        if title == "autosaved":
            saves += 1
            saved_before = [t for _s, t in made]
        else:
            made.append((float(stamp), title))
        # Six seconds of typing and two recovery copies (on a busy machine they come later), then
        # pull the plug, mid-typing.
        if made and made[-1][0] - made[0][0] > 6 and saves >= 2:
            break
    session.send_signal(signal.SIGKILL)
    session.wait(timeout=30)
    assert session.returncode == -signal.SIGKILL and len(made) > 10

    # The next start finds the copy the dead session left, offers it, and the user says yes.
    window = MainWindow(Document.open(sample_path()), RecoveryStore(recovery))
    offered = []
    assert window.offer_recovery(lambda _parent, entry: offered.append(entry) or True)
    assert offered[0].original == sample_path()
    titles = {t.title for t in window.document.workspace.core.touchpoints.values()}
    # Every card made before the last copy the session wrote comes back. How soon a copy follows an
    # edit (INTERVAL_MS) is a budget, not something a test on a busy machine can assert.
    assert saved_before and set(saved_before) <= titles
    assert window.document.is_modified and window.document.path == sample_path()  # unsaved until saved
    assert sample_path().read_bytes() == original_bytes  # the recovery copy never went over the user's file
    # The crashed session's copy is gone; the restored (still unsaved) work is protected by our own copy.
    assert [p.stem for p in recovery.glob("*.json")] == [window.autosaver.store.session]
    window.document.history.set_clean()
    window.close()


def test_a_saved_or_closed_document_leaves_no_recovery_copy(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    recovery = tmp_path / "recovery"
    target = tmp_path / "map.journeymap"
    target.write_bytes(sample_path().read_bytes())
    window = MainWindow(Document.open(target), RecoveryStore(recovery))
    window.show()
    qtbot.waitExposed(window)
    window.view.start_new_card(*_first_internal_cell(window))
    QTest.keyClick(window.view.editor, Qt.Key.Key_Escape)  # escape on an empty entry: nothing added
    window.view.start_new_card(*_first_internal_cell(window))
    QTest.keyClicks(window.view.editor, "Kept card")
    QTest.keyClick(window.view.editor, Qt.Key.Key_Tab)
    # The edit is in the journal the moment it is made: the copy (here the saved file) plus the
    # journal already hold it, before any periodic copy.
    store = window.autosaver.store
    copy = recovery / f"{store.session}.journeymap"
    entry = RecoveryEntry(store.session, copy, target, os.getpid(), 0.0, store.journal_path())
    assert "Kept card" in {t.title for t in entry.load().core.touchpoints.values()}
    qtbot.waitUntil(lambda: "Kept card" in copy.read_text(), timeout=INTERVAL_MS + 30_000)
    assert "Kept card" in copy.read_text() and "Recovered card" not in copy.read_text()
    meta = json.loads(copy.with_suffix(".json").read_text())
    assert meta["original"] == str(target) and target.read_bytes() == sample_path().read_bytes()
    assert window.save()
    assert not any(recovery.iterdir())
    window.close()


def _first_internal_cell(window: MainWindow) -> tuple[str, str]:
    journey = window.scene.journey
    lane = next(lane for lane in journey.ordered_lanes() if lane.side == "internal")
    return journey.ordered_stages()[0].id, lane.id


def test_restored_work_is_one_undo_step_on_top_of_the_saved_file(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    recovery = tmp_path / "recovery"
    saved = tmp_path / "map.journeymap"
    saved.write_bytes(sample_path().read_bytes())
    crashed = RecoveryStore(recovery)  # a session that died: its pid is not running any more
    work = Document.open(saved).workspace
    work.name = "Work that was never saved"
    crashed.write(work, saved)
    meta = recovery / f"{crashed.session}.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "pid": 2**22 + 12345}))
    window = MainWindow(Document.open(sample_path()), RecoveryStore(recovery))
    qtbot.addWidget(window)
    assert window.offer_recovery(lambda _parent, _entry: True)
    assert window.document.workspace.name == "Work that was never saved" and window.document.is_modified
    assert window.document.history.undo_name == "Restore unsaved work"
    assert "Undo goes back to the last saved version" in window.statusBar().currentMessage()
    window.actions_.undo.trigger()
    assert window.document.workspace.name == Document.open(saved).workspace.name
    assert not window.document.is_modified  # back exactly at the saved file
    window.actions_.redo.trigger()
    assert window.document.workspace.name == "Work that was never saved"
    window.document.history.set_clean()
