"""The edit journal: the recovery copy plus the journal replay to exactly the live workspace.

Hypothesis draws the same random command sequences as the undo properties (core and segment edits,
macros), interleaved with undos and redos; every change the history reports goes to a real journal
file, and a workspace loaded from the checkpoint's bytes then replayed must save to the same bytes as
the live one, after every step. Torn tails and journals of another checkpoint are cut or ignored.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap_designer.model.commands import CommandError, UpdateElement
from journeymap_designer.model.edits import Change
from journeymap_designer.model.fileformat import dump_workspace, parse_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.history import History
from journeymap_designer.model.journal import (
    CommandTracker,
    JournalWriter,
    encode_entry,
    read_entries,
    replay,
)
from journeymap_designer.model.segment_commands import RestoreWorkspace, UpdateWorkspace
from journeymap_designer.model.workspace import Workspace

from .test_command_properties import OPS, SINGLE_OPS, Builder, _pick

STEP = st.one_of(
    st.tuples(st.sampled_from(OPS), st.lists(st.integers(0, 1000), min_size=6, max_size=6)),
    st.tuples(st.sampled_from(("undo", "redo")), st.just([0] * 6)),
)


class Journalled:
    """A history whose every change is journalled, as the autosaver does it."""

    def __init__(self, workspace: Workspace, path: Path) -> None:
        self.checkpoint = dump_workspace(workspace)
        self.history = History(workspace)
        self.writer = JournalWriter(path, self.checkpoint)
        self.tracker = CommandTracker(self.history)
        self.history.subscribe(self._heard)

    def _heard(self, _change: Change) -> None:
        command = self.tracker.last()
        assert command is not None
        self.writer.append(encode_entry(self.history.workspace, command))

    def restored(self) -> Workspace:
        entries = read_entries(self.writer.path, self.checkpoint)
        assert entries is not None
        workspace = parse_workspace(self.checkpoint)
        assert replay(workspace, entries) == len(entries)
        return workspace


def _step(journalled: Journalled, builder: Builder, op: str, numbers: list[int]) -> None:
    history = journalled.history
    if op == "undo":
        history.undo()
    elif op == "redo":
        history.redo()
    elif op == "macro":
        with contextlib.suppress(CommandError), history.macro("Macro"):
            for sub_op in (_pick(list(SINGLE_OPS), numbers[1]), _pick(list(SINGLE_OPS), numbers[2])):
                command = builder.command(sub_op, numbers)
                if command is not None:
                    history.push(command)
    else:
        command = builder.command(op, numbers)
        if command is not None:
            with contextlib.suppress(CommandError):
                history.push(command)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=1, max_size=25))
def test_the_copy_plus_the_journal_is_the_live_workspace(steps: list[tuple[str, list[int]]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        workspace = generate_workspace(16, 2, seed=3)
        journalled = Journalled(workspace, Path(folder) / "s.journal")
        builder = Builder(workspace)
        for op, numbers in steps:
            _step(journalled, builder, op, numbers)
            assert dump_workspace(journalled.restored()) == dump_workspace(workspace)
        journalled.writer.close()


def _restored_equals_live(journalled: Journalled) -> None:
    assert dump_workspace(journalled.restored()) == dump_workspace(journalled.history.workspace)


def test_whole_workspace_edits_segment_order_and_their_undo_replay_exactly(tmp_path: Path) -> None:
    from journeymap_designer.model.segment_commands import DeleteSegment

    workspace = generate_workspace(40, 4, seed=5)
    journalled = Journalled(workspace, tmp_path / "s.journal")
    history = journalled.history
    first = next(iter(workspace.segments))
    history.push(DeleteSegment(first))  # undo puts it back in its place, not at the end
    history.undo()
    _restored_equals_live(journalled)
    other = generate_workspace(30, 2, seed=9)
    history.push(RestoreWorkspace(other))  # every part of the workspace replaced at once
    _restored_equals_live(journalled)
    history.undo()
    history.push(UpdateWorkspace(name="Renamed map", customer_fields=["touchpoint.emotion"]))
    _restored_equals_live(journalled)
    assert list(journalled.restored().segments) == list(workspace.segments)


def _three_renames(tmp_path: Path) -> tuple[Journalled, list[bytes]]:
    workspace = generate_workspace(40, 2, seed=7)
    journalled = Journalled(workspace, tmp_path / "s.journal")
    card = next(iter(workspace.core.touchpoints))
    states = [dump_workspace(workspace)]
    for title in ("First title", "Second title", "Third title"):
        journalled.history.push(UpdateElement("touchpoint", card, {"title": title}))
        states.append(dump_workspace(workspace))
    return journalled, states


def _replayed(journalled: Journalled) -> bytes | None:
    entries = read_entries(journalled.writer.path, journalled.checkpoint)
    if entries is None:
        return None
    workspace = parse_workspace(journalled.checkpoint)
    replay(workspace, entries)
    return dump_workspace(workspace)


def test_a_torn_last_line_is_ignored_at_every_cut(tmp_path: Path) -> None:
    journalled, states = _three_renames(tmp_path)
    journalled.writer.close()
    path = journalled.writer.path
    whole = path.read_bytes()
    last_start = whole.rstrip(b"\n").rfind(b"\n") + 1
    assert _replayed(journalled) == states[3]
    for cut in range(last_start, len(whole)):  # a kill anywhere in the last write, newline included
        path.write_bytes(whole[:cut])
        assert _replayed(journalled) == states[2], cut


def test_garbage_or_a_line_out_of_sequence_ends_the_entries_there(tmp_path: Path) -> None:
    journalled, states = _three_renames(tmp_path)
    journalled.writer.close()
    path = journalled.writer.path
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([*lines[:2], b"\0" * 40, *lines[3:]]))  # a block lost in a power cut
    assert _replayed(journalled) == states[1]
    path.write_bytes(b"\n".join([lines[0], lines[1], lines[3], lines[2], b""]))  # third before second
    assert _replayed(journalled) == states[1]


def test_a_journal_of_another_checkpoint_is_ignored(tmp_path: Path) -> None:
    journalled, _states = _three_renames(tmp_path)
    journalled.writer.close()
    other = dump_workspace(generate_workspace(40, 2, seed=8))
    assert read_entries(journalled.writer.path, other) is None
    assert read_entries(tmp_path / "missing.journal", journalled.checkpoint) is None
    header = json.loads(journalled.writer.path.read_bytes().split(b"\n")[0])
    header["journal"] = 99  # a journal format this build does not know
    rest = journalled.writer.path.read_bytes().split(b"\n", 1)[1]
    journalled.writer.path.write_bytes(json.dumps(header).encode() + b"\n" + rest)
    assert read_entries(journalled.writer.path, journalled.checkpoint) is None


@pytest.mark.parametrize("bad", [[["x", ["core", "touchpoints"], "a"]], [["k", ["core", "nope"], "a", []]]])
def test_an_entry_that_does_not_apply_stops_the_replay_before_it(tmp_path: Path, bad: Any) -> None:
    journalled, states = _three_renames(tmp_path)
    journalled.writer.append(bad)
    journalled.history.push(
        UpdateElement(
            "touchpoint", next(iter(journalled.history.workspace.core.touchpoints)), {"title": "Fourth"}
        )
    )
    entries = read_entries(journalled.writer.path, journalled.checkpoint)
    assert entries is not None and len(entries) == 5
    workspace = parse_workspace(journalled.checkpoint)
    assert replay(workspace, entries) == 3
    assert dump_workspace(workspace) == states[3]


class _Killed(BaseException):
    """The process dies here (nothing after this step runs)."""


@pytest.mark.parametrize("kill_at", range(4))
def test_a_kill_between_any_two_steps_of_a_new_checkpoint_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kill_at: int
) -> None:
    """A new copy is three writes (sidecar, copy, journal header); dying before any of them, or
    after the last, leaves a folder that restores the live state."""
    from journeymap_designer.model import recovery

    workspace = generate_workspace(40, 2, seed=7)
    history, store = History(workspace), recovery.RecoveryStore(tmp_path)
    tracker = CommandTracker(history)
    history.subscribe(lambda _change: store.record(workspace, tracker.last()))  # type: ignore[arg-type]
    store.write_saved(dump_workspace(workspace), None)  # the saved file is the first checkpoint
    card = next(iter(workspace.core.touchpoints))
    for title in ("First", "Second", "Third"):
        history.push(UpdateElement("touchpoint", card, {"title": title}))
    live = dump_workspace(workspace)
    steps = {"n": 0}

    def dying(real: Any) -> Any:
        def step(*args: Any, **kwargs: Any) -> Any:
            steps["n"] += 1
            if steps["n"] > kill_at:
                raise _Killed
            return real(*args, **kwargs)

        return step

    for name in ("write_atomic", "save_workspace", "JournalWriter"):
        monkeypatch.setattr(recovery, name, dying(getattr(recovery, name)))
    with contextlib.suppress(_Killed):
        store.write(workspace, None)
    monkeypatch.undo()
    monkeypatch.setattr(recovery, "_alive", lambda _pid: False)
    (entry,) = recovery.RecoveryStore(tmp_path).orphans()
    assert dump_workspace(entry.load()) == live
