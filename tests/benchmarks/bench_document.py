"""Document-core budgets (issue 2), on a generated workspace of 5,000 touchpoints and 20 segments.

Budgets: load <= 300 ms, save <= 300 ms, resolving all 20 segments <= 100 ms, graph checks <= 200 ms.
Plain-library baselines (json.loads / json.dumps of the same document) are timed in the same run.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from journeymap_designer.model.checks import alternative_paths, check_journey, check_workspace
from journeymap_designer.model.diff import core_ids, diff_journeys
from journeymap_designer.model.fileformat import load_workspace, save_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.resolve import resolve

from .harness import Result, measure


def run(touchpoints: int, segments: int, repeat: int) -> list[Result]:
    workspace = generate_workspace(touchpoints, segments)
    folder = Path(tempfile.mkdtemp(prefix="jm-bench-"))
    path = folder / "bench.journeymap"
    save_workspace(workspace, path)
    raw = path.read_bytes()
    data = json.loads(raw)
    size = f"{touchpoints:,} touchpoints, {segments} segments, {len(raw) / 1e6:.1f} MB"
    results = [
        Result(
            f"load ({size})",
            measure(lambda: load_workspace(path), repeat),
            300,
            "json.loads",
            measure(lambda: json.loads(raw), repeat),
        ),
        Result(
            "save (atomic, fsync)",
            measure(lambda: save_workspace(workspace, path), repeat),
            300,
            "json.dumps+write",
            measure(lambda: (folder / "plain.json").write_text(json.dumps(data, indent=2)), repeat),
        ),
        Result(
            f"resolve all {segments} segments",
            measure(lambda: [resolve(workspace, s) for s in workspace.segments.values()], repeat),
            100,
        ),
        Result(
            "graph checks (core journey)",
            measure(lambda: check_journey(workspace.core, workspace), repeat),
            200,
        ),
    ]
    ids = core_ids(workspace)

    def diff_all() -> object:
        return [
            diff_journeys(workspace.core, resolve(workspace, s), ids) for s in workspace.segments.values()
        ]

    results.append(
        Result(
            f"diff all {segments} segments against the core",
            measure(diff_all, repeat),
            500,
            note="issue 4's budget; includes resolving each segment",
        )
    )
    one_segment = next(iter(workspace.segments.values()), None)
    if one_segment is not None:
        results.append(
            Result(
                "graph checks (one segment, resolved)",
                measure(
                    lambda: check_journey(resolve(workspace, one_segment), workspace, one_segment.id), repeat
                ),
                200,
            )
        )
    results.append(
        Result(
            f"graph checks (core + all {segments} segments)",
            measure(lambda: check_workspace(workspace), max(1, repeat // 2)),
            None,
            note="what `journeymap validate` runs; no budget in the issue, shown for information",
        )
    )
    results.append(
        Result(
            "alternative paths (10 shortest)",
            measure(lambda: alternative_paths(workspace.core), repeat),
            None,
        )
    )
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()
    return results
