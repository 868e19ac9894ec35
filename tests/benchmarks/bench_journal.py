"""The edit journal's cost per edit (issue 14: at most 1 ms added to an edit).

On a generated map, the same rename of a card is timed with and without the journal in one run
(interleaved, so both see the same machine), each edit on its own; the budget is on the difference
of the medians. The first edit after an open or a save (its checkpoint: the saved bytes written as
the copy), an fsync of a batch and the replay of the journal are reported beside it.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from journeymap_designer.model.commands import UpdateElement
from journeymap_designer.model.edits import Change
from journeymap_designer.model.fileformat import dump_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.history import History
from journeymap_designer.model.journal import CommandTracker
from journeymap_designer.model.recovery import RecoveryEntry, RecoveryStore

from .harness import Result, measure

BUDGET_MS = 1.0
ISSUE_SIZE = 5000  # the budget holds on the issue's 5,000-card map; smaller runs are information
EDITS = 201  # timed renames per side


def _rename_times(history: History, card: str, tag: str, count: int) -> list[float]:
    times = []
    for number in range(count):
        command = UpdateElement("touchpoint", card, {"title": f"{tag} {number}"})
        start = time.perf_counter()
        history.push(command)
        times.append((time.perf_counter() - start) * 1000)
    return times


def run(touchpoints: int, repeat: int) -> list[Result]:
    workspace = generate_workspace(touchpoints, 3, seed=1)
    plain = History(generate_workspace(touchpoints, 3, seed=1))
    journalled = History(workspace)
    card = sorted(workspace.core.touchpoints)[len(workspace.core.touchpoints) // 2]
    with tempfile.TemporaryDirectory() as folder:
        store = RecoveryStore(Path(folder))
        tracker = CommandTracker(journalled)
        saved = dump_workspace(workspace)

        def heard(_change: Change) -> None:
            command = tracker.last()
            assert command is not None
            store.record(workspace, command)

        journalled.subscribe(heard)
        checkpoint_ms = measure(lambda: store.write_saved(saved, None), repeat)
        with_journal: list[float] = []
        without: list[float] = []
        for _ in range(max(1, repeat)):
            with_journal += _rename_times(journalled, card, "Journalled", EDITS // max(1, repeat) + 1)
            without += _rename_times(plain, card, "Plain", EDITS // max(1, repeat) + 1)
        store.sync()
        added = statistics.median(with_journal) - statistics.median(without)

        def one_synced_edit() -> None:
            journalled.push(UpdateElement("touchpoint", card, {"title": f"Synced {time.perf_counter()}"}))
            store.sync()

        synced_ms = measure(one_synced_edit, repeat)
        copy = Path(folder) / f"{store.session}.journeymap"
        entry = RecoveryEntry(store.session, copy, None, 0, 0.0, store.journal_path())
        entries = len(entry.journal_entries(saved))
        replay_ms = measure(entry.load, max(1, repeat // 3))
        store.discard()
    cards = f"{touchpoints:,} cards"
    return [
        Result(
            f"journal: added to a rename ({cards})",
            max(added, 0.0),
            BUDGET_MS if touchpoints >= ISSUE_SIZE else None,
            "rename without journal",
            statistics.median(without),
            f"median rename {statistics.median(with_journal):.3f} ms with the journal, "
            f"{statistics.median(without):.3f} ms without ({len(with_journal)} edits each)",
        ),
        Result(f"journal: rename + fsync, unbatched ({cards})", synced_ms, None),
        Result(f"journal: first edit's checkpoint ({cards})", checkpoint_ms, None),
        Result(f"journal: restore copy + {entries} entries ({cards})", replay_ms, None),
    ]
