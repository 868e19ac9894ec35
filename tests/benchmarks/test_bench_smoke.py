"""The benchmark harness works (tiny sizes keep the suite fast); `make bench` runs it at full size.

At tiny sizes the budgets are not checked (they hold for the issue's 5,000-card map), so a passing
exit code here says the benchmarks ran and measured something, not that the canvas is fast enough.
"""

from __future__ import annotations

import pytest

from tests.benchmarks import bench_canvas
from tests.benchmarks.__main__ import main

pytestmark = pytest.mark.slow  # runs every benchmark (tiny sizes); `make test-fast` leaves it out


def test_bench_runs_and_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--touchpoints", "200", "--segments", "2", "--repeat", "1"])
    out = capsys.readouterr().out
    # 1 says a budget was missed: a wall-clock verdict, which a test on a busy machine must not give
    # (the customer deck of the sample keeps its budget at any size). It ran: that is what counts.
    assert code in (0, 1)
    for name in ("load", "save", "resolve all 2 segments", "graph checks (core journey)"):
        assert name in out
    for name in (
        "open to first paint (200 cards, 200 flows)",
        "one frame zoomed to fit",
        "one frame at 100 % zoom",
        "edit: add a card",
        "edit: move a card to another cell",
        "edit: rename a card",
        "Qt rect+text+line items",
        "compare mode on (200 cards, 2 segments)",
        "bare Qt rects recoloured",
        "switch the shown segment (patched)",
        "matrix reset+2 sorts+filter",
    ):
        assert name in out


def test_canvas_bench_measures_real_paints_and_edits() -> None:
    results = {r.name: r for r in bench_canvas.run(200, 1)}
    assert all(r.budget_ms is None for r in results.values())  # budgets only at the issue's size
    fit = results["one frame zoomed to fit"]
    assert fit.median_ms > 0 and fit.baseline_ms is not None and fit.baseline_ms > 0
    assert "200 cards and 200 flows in view" in fit.note
    assert "whole map laid out again in 0/1 runs" in results["edit: rename a card"].note
    opened = results["open to first paint (200 cards, 200 flows)"]
    assert opened.median_ms > 0 and "load" in opened.note and "paint" in opened.note


def test_budgets_apply_at_the_issue_size() -> None:
    assert bench_canvas.ISSUE_SIZE == 5000
    assert bench_canvas.BUDGETS == {"open": 2000.0, "fit": 50.0, "100%": 16.0, "edit": 10.0}
