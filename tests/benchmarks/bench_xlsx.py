"""Workbook budget (issue 5, point 4), on a generated workspace of 5,000 touchpoints and 20 segments.

Budget: the workbook of the core and all 20 segments in <= 5 s, and within 2x the time plain openpyxl
takes to write the same cell values.

How it is measured:

- the export: ``export_workbook(workspace, out, segments=[None, *all segment ids])``, the call the
  CLI's ``--all-segments`` makes, timed whole: resolving and comparing the segments, building every
  sheet, the template, writing and the atomic save.
- the baseline: the very cell values of that export (taken from ``exporters.xlsx.plan``, untimed),
  appended row by row to a write-only ``openpyxl.Workbook`` (its fastest mode; no styles, no
  settings) and saved to a file, in the same run. Normal mode is timed once for information.

Budgets hold at 5,000 touchpoints (``ISSUE_SIZE``); smaller runs (the smoke test) are information.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from exporters.xlsx import export_workbook, plan
from exporters.xlsx_stream import Sheet
from journeymap_designer.model.generate import generate_workspace

from .harness import Result, measure

ISSUE_SIZE = 5000
BUDGET_MS = 5000.0
BASELINE_RATIO = 2.0


def write_plain(sheets: Sequence[Sheet], path: Path, write_only: bool = True) -> None:
    """The same cell values with plain openpyxl: no styles, widths, filters or print setup."""
    workbook = Workbook(write_only=write_only)
    if not write_only:
        workbook.remove(workbook.active)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title)
        for values in sheet.values():
            ws.append(values)
    workbook.save(path)


def run(touchpoints: int, segments: int, repeat: int) -> list[Result]:
    workspace = generate_workspace(touchpoints, segments, seed=1)
    journeys = [None, *workspace.segments]
    folder = Path(tempfile.mkdtemp(prefix="jm-bench-xlsx-"))
    try:
        out = folder / "playbooks.xlsx"
        exported = measure(lambda: export_workbook(workspace, out, segments=journeys), repeat)
        sheets, _ = plan(workspace, journeys)
        cells = sum(1 for sheet in sheets for values in sheet.values() for v in values if v not in (None, ""))
        plain = folder / "plain.xlsx"
        baseline_runs = max(1, repeat // 3)  # plain openpyxl is the slow one: fewer runs
        baseline = measure(lambda: write_plain(sheets, plain), baseline_runs)
        normal = measure(lambda: write_plain(sheets, folder / "normal.xlsx", write_only=False), 1)
        at_size = touchpoints >= ISSUE_SIZE
        budget = min(BUDGET_MS, BASELINE_RATIO * baseline) if at_size else None
        size = out.stat().st_size / 1e6
        results = [
            Result(
                f"workbook, core + {segments} segments ({touchpoints:,} touchpoints)",
                exported,
                budget,
                "plain openpyxl, write-only",
                baseline,
                note=(
                    f"{len(sheets)} sheets, {cells:,} non-empty cells, {size:.1f} MB; "
                    f"{exported / baseline:.2f}x the baseline (budget: <= {BUDGET_MS / 1000:.0f} s and "
                    f"<= {BASELINE_RATIO:.0f}x); openpyxl normal mode takes {normal / 1000:.1f} s"
                ),
            )
        ]
        core_out = folder / "core.xlsx"
        results.append(
            Result(
                "workbook, core journey only",
                measure(lambda: export_workbook(workspace, core_out), repeat),
                None,
                note="what `journeymap export FILE --xlsx OUT` makes; no budget in the issue",
            )
        )
        return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)
