"""Merge budget (issue 12, point 7): merging two branches of a generated 10,000-card, 50-segment
workspace takes <= 2 s, shown next to ``git merge-file`` on the same three files.

How it is measured:

- the files: the generated workspace as the base; "ours" renames every 50th card, moves every 70th
  to order 9, and edits one segment's description; "theirs" edits the goal of every stage, changes
  the timing of every 50th card from the 25th (different cards in the same stages), adds 20 cards and
  hides a card in another segment; saved canonically (untimed).
- the merge (budgeted): :func:`merge_workspaces` on the three loaded workspaces, as the app does when
  it merges a changed file with its unsaved edits.
- the whole file merge (information): ``cli_merge.merge_files``, what ``journeymap merge`` does:
  read the three files (the base validated in full, each branch only where it differs from the base:
  ``model/merge_load.py``), merge, check what the merge assembled, save the result atomically.
- the baseline: ``git merge-file -p`` on the same three files (a subprocess, timed the same way),
  which merges lines and knows nothing of cards.

The budget holds at 10,000 cards and 50 segments (``ISSUE_SIZE``); smaller runs are information.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from journeymap_designer.cli_merge import merge_files
from journeymap_designer.model.commands import AddElement, RemoveElement, UpdateElement
from journeymap_designer.model.fileformat import load_workspace, save_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.merge import merge_workspaces
from journeymap_designer.model.segment_commands import UpdateSegment
from journeymap_designer.model.workspace import Workspace

from .harness import Result, measure

ISSUE_SIZE = (10_000, 50)
BUDGET_MS = 2000.0


def branches(touchpoints: int, segments: int) -> tuple[Workspace, Workspace, Workspace]:
    """The base and two branches that edit different cards of the same stages (no conflict)."""
    base = generate_workspace(touchpoints, segments, seed=3)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    cards = sorted(base.core.touchpoints)
    for card_id in cards[::50]:
        UpdateElement("touchpoint", card_id, {"title": f"Renamed {card_id}"}).apply(ours)
    for card_id in cards[::70]:
        UpdateElement("touchpoint", card_id, {"order": 9}).apply(ours)
    for card_id in cards[25::50]:
        UpdateElement("touchpoint", card_id, {"timing": "Week 2"}).apply(theirs)
    for stage_id in base.core.stages:
        UpdateElement("stage", stage_id, {"goal": "Agreed goal"}).apply(theirs)
    template = base.core.touchpoints[cards[0]]
    for number in range(20):
        AddElement("touchpoint", template.model_copy(update={"id": f"tp-theirs-{number}"})).apply(theirs)
    segment_ids = list(base.segments)
    if segment_ids:
        UpdateSegment(segment_ids[0], description="Ours says more").apply(ours)
        segment = base.segments[segment_ids[-1]]
        visible = sorted(set(cards) - segment.hidden)
        RemoveElement("touchpoint", visible[1], target=segment.id).apply(theirs)
    return base, ours, theirs


def git_merge_file(folder: Path) -> int:
    done = subprocess.run(
        ["git", "merge-file", "-p", "ours.journeymap", "base.journeymap", "theirs.journeymap"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        check=False,
    )
    return done.returncode  # the number of conflicting hunks (0: clean)


def run(touchpoints: int, segments: int, repeat: int) -> list[Result]:
    base, ours, theirs = branches(touchpoints, segments)
    folder = Path(tempfile.mkdtemp(prefix="jm-bench-merge-"))
    try:
        paths = [folder / f"{name}.journeymap" for name in ("base", "ours", "theirs")]
        for workspace, path in zip((base, ours, theirs), paths, strict=True):
            save_workspace(workspace, path)
        loaded = [load_workspace(p) for p in paths]
        merged = measure(lambda: merge_workspaces(*loaded), repeat)
        result = merge_workspaces(*loaded)
        assert result.clean, result.conflicts[:3]

        def whole() -> None:
            base_file, ours_file, theirs_file = (str(p) for p in paths)
            merge_files(base_file, ours_file, theirs_file, str(folder / "out.journeymap"), "ours", "theirs")

        files = measure(whole, max(1, repeat // 3))
        hunks = git_merge_file(folder)
        git = measure(lambda: git_merge_file(folder), repeat)
        at_size = (touchpoints, segments) >= ISSUE_SIZE
        size = f"{touchpoints:,} cards, {segments} segments, {paths[0].stat().st_size / 1e6:.0f} MB each"
        return [
            Result(
                f"merge two branches ({size})",
                merged,
                BUDGET_MS if at_size else None,
                "git merge-file",
                git,
                note=(
                    f"clean by element and field; git merge-file on the same files: {hunks} conflicting "
                    f"hunk(s) (budget: <= {BUDGET_MS / 1000:.0f} s, loaded workspaces)"
                ),
            ),
            Result(
                "merge three files (load 3, merge, atomic save)",
                files,
                None,
                "git merge-file",
                git,
                note="what `journeymap merge` does; mostly decoding the three files' JSON",
            ),
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
