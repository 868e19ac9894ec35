"""Never lose work: a real app process killed with SIGKILL mid-session, then restored on the next start."""

from __future__ import annotations

import json
import os
import random
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
# with the keyboard one after another, each reported on stdout once Enter has been handled (its
# command completed); every fifth card is undone and redone with the shortcuts before it is reported.
# It never stops by itself; the test kills it.
SESSION = r"""
import sys
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
view = window.view
stage = window.scene.journey.ordered_stages()[1]
lane = [lane for lane in window.scene.journey.ordered_lanes() if lane.side == "internal"][0]
print("ready", flush=True)
number = 0
while True:
    number += 1
    view.start_new_card(stage.id, lane.id)
    QTest.keyClicks(view.editor, f"Workshop card {number}")
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    QTest.keyClick(view.editor, Qt.Key.Key_Escape)
    if number % 5 == 0:
        window.actions_.undo.trigger()
        window.actions_.redo.trigger()
    print(f"Workshop card {number}", flush=True)
    QTest.qWait(int(sys.argv[2]))
"""
# Kills: the suite's default; JOURNEYMAP_KILL_ATTEMPTS=100 for a longer run.
ATTEMPTS = int(os.environ.get("JOURNEYMAP_KILL_ATTEMPTS", "5"))


def _cards(window: MainWindow) -> list[int]:
    titles = [t.title for t in window.document.workspace.core.touchpoints.values()]
    return sorted(int(t.rsplit(" ", 1)[1]) for t in titles if t.startswith("Workshop card "))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_at_a_random_moment_loses_no_completed_edit(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Each attempt kills a typing session after a random number of cards and a random pause (into
    the next card's keys, its command, its journal entry, an fsync or a periodic copy); the restart
    must bring back every card reported before the kill, in order, with nothing else changed."""
    rng = random.Random(int(os.environ.get("JOURNEYMAP_KILL_SEED", "14")))
    sample = sample_path().read_bytes()
    original_count = len(Document.open(sample_path()).workspace.core.touchpoints)
    for attempt in range(ATTEMPTS):
        recovery, target = tmp_path / f"recovery-{attempt}", tmp_path / f"map-{attempt}.journeymap"
        target.write_bytes(sample)
        env = {**os.environ, "JOURNEYMAP_RECOVERY_DIR": str(recovery), "QT_QPA_PLATFORM": "offscreen"}
        pause = rng.choice([0, 5, 30])  # ms between cards: back-to-back typing, or a little slower
        cards, linger = rng.randint(1, 30), rng.uniform(0, 0.25)
        with subprocess.Popen(
            [sys.executable, "-c", SESSION, str(target), str(pause)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        ) as session:
            assert session.stdout is not None
            assert session.stdout.readline().strip() == "ready"
            reported = [session.stdout.readline().strip() for _ in range(cards)]
            time.sleep(linger)
            session.send_signal(signal.SIGKILL)
            session.wait(timeout=60)
            reported += [line.strip() for line in session.stdout if line.strip()]  # those already in the pipe
        assert session.returncode == -signal.SIGKILL
        assert reported == [f"Workshop card {n}" for n in range(1, len(reported) + 1)]

        window = MainWindow(Document.open(target), RecoveryStore(recovery))
        assert window.offer_recovery(lambda _parent, _entry: True), attempt
        restored = _cards(window)
        # Every completed card, and at most the one whose Enter ran just before the kill.
        assert restored in (list(range(1, len(reported) + 1)), list(range(1, len(reported) + 2))), (
            attempt,
            len(reported),
            restored,
        )
        assert len(window.document.workspace.core.touchpoints) == original_count + len(restored)
        assert window.document.is_modified and window.document.path == target
        assert target.read_bytes() == sample  # the recovery never went over the user's file
        # The crashed session's copy and journal are gone; the restored work has our own.
        assert {p.stem for p in recovery.iterdir()} == {window.autosaver.store.session}
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
