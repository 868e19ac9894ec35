"""The commonality benchmark runs and measures both sides (tiny size: no budget is checked here)."""

from __future__ import annotations

import pytest

from tests.benchmarks import bench_commonality


@pytest.mark.slow  # runs the benchmark (tiny size); `make test-fast` leaves it out
def test_matrix_bench_times_the_view_and_the_plain_qt_baseline() -> None:
    results = bench_commonality.run(200, 2, 1)
    assert len(results) == 1
    matrix = results[0]
    assert matrix.name.startswith("matrix reset+2 sorts+filter, ") and matrix.name.endswith(" rows")
    assert matrix.median_ms > 0 and matrix.baseline_ms is not None and matrix.baseline_ms > 0
    assert matrix.budget_ms is None  # the budget holds at the issue's size only
    assert "rows shown after the filter" in matrix.note and "sorted()" in matrix.note


def test_budget_is_the_issues() -> None:
    assert (bench_commonality.ISSUE_SIZE, bench_commonality.BUDGET_MS) == (5000, 1000.0)
