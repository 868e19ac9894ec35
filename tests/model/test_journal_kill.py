"""A process journalling edits as fast as it can, killed with SIGKILL at random moments, many times.

No Qt: the history, the recovery store and its journal as the autosaver drives them, with a full copy
(a new checkpoint) every 25 edits. The edits are a fixed sequence (renames, new cards, undos and
redos), so the test replays the same sequence here and knows the state after each one. After every
kill the recovery copy plus its journal must be exactly the state after the last edit the process
reported, or the one after it (done, not yet reported).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journeymap_designer.model.commands import AddElement, UpdateElement
from journeymap_designer.model.edits import Change
from journeymap_designer.model.fileformat import dump_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.history import History
from journeymap_designer.model.journal import CommandTracker
from journeymap_designer.model.recovery import RecoveryStore

ROOT = Path(__file__).resolve().parents[2]
SESSION = """
import sys
from tests.model.test_journal_kill import journalled_session
journalled_session(sys.argv[1])
"""
ATTEMPTS = int(os.environ.get("JOURNEYMAP_KILL_ATTEMPTS", "20"))


def edit(history: History, number: int) -> None:
    """Edit ``number`` of the fixed sequence."""
    workspace = history.workspace
    cards = sorted(workspace.core.touchpoints)
    if number % 7 == 3 and history.can_undo:
        history.undo()
    elif number % 7 == 5 and history.can_redo:
        history.redo()
    elif number % 3 == 0:
        card = workspace.core.touchpoints[cards[0]]
        data = {"id": f"tp-kill-{number}", "title": f"New {number}", "stage_id": card.stage_id}
        history.push(AddElement("touchpoint", {**data, "lane_id": card.lane_id}))
    else:
        history.push(UpdateElement("touchpoint", cards[number % len(cards)], {"title": f"Title {number}"}))


def journalled_session(folder: str) -> None:
    workspace = generate_workspace(300, 2, seed=11)
    history = History(workspace)
    store = RecoveryStore(folder)
    tracker = CommandTracker(history)
    store.write_saved(dump_workspace(workspace), None)

    def heard(_change: Change) -> None:
        command = tracker.last()
        assert command is not None
        store.record(workspace, command)

    history.subscribe(heard)
    print("ready", flush=True)
    number = 0
    while True:
        number += 1
        edit(history, number)
        if number % 25 == 0:
            store.write(workspace, None)  # a periodic copy: the checkpoint moves, the journal restarts
        if number % 10 == 0:
            store.sync()
        print(number, flush=True)


def _expected_states(count: int) -> list[bytes]:
    history = History(generate_workspace(300, 2, seed=11))
    states = [dump_workspace(history.workspace)]
    for number in range(1, count + 1):
        edit(history, number)
        states.append(dump_workspace(history.workspace))
    return states


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_kill_at_a_random_moment_keeps_every_completed_edit(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("JOURNEYMAP_KILL_SEED", "14")))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    outcomes = []
    for attempt in range(ATTEMPTS):
        folder = tmp_path / f"recovery-{attempt}"
        with subprocess.Popen(
            [sys.executable, "-c", SESSION, str(folder)], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
        ) as session:
            assert session.stdout is not None
            assert session.stdout.readline().strip() == "ready"
            reported = [int(session.stdout.readline()) for _ in range(rng.randint(1, 120))]
            time.sleep(rng.uniform(0, 0.02))
            session.send_signal(signal.SIGKILL)
            session.wait(timeout=60)
            reported += [int(line) for line in session.stdout.read().split()]
        assert session.returncode == -signal.SIGKILL
        last = reported[-1] if reported else 0
        (entry,) = RecoveryStore(folder).orphans()
        restored = dump_workspace(entry.load())
        states = _expected_states(last + 1)
        assert restored in (states[last], states[last + 1]), (attempt, last)
        outcomes.append(restored == states[last + 1])
    assert len(outcomes) == ATTEMPTS
