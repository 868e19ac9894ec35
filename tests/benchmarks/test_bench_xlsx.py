"""The workbook benchmark runs and measures both sides (tiny sizes: no budget is checked here)."""

from __future__ import annotations

import pytest

from tests.benchmarks import bench_xlsx


@pytest.mark.slow  # runs the benchmark (tiny size); `make test-fast` leaves it out
def test_workbook_bench_times_the_export_and_the_plain_openpyxl_baseline() -> None:
    results = bench_xlsx.run(200, 2, 1)
    workbook = results[0]
    assert workbook.name == "workbook, core + 2 segments (200 touchpoints)"
    assert workbook.median_ms > 0 and workbook.baseline_ms is not None and workbook.baseline_ms > 0
    assert workbook.budget_ms is None  # budgets hold at the issue's size only
    assert "non-empty cells" in workbook.note and "openpyxl normal mode" in workbook.note
    assert results[1].name == "workbook, core journey only" and results[1].median_ms > 0


def test_budget_is_the_issues() -> None:
    assert (bench_xlsx.ISSUE_SIZE, bench_xlsx.BUDGET_MS, bench_xlsx.BASELINE_RATIO) == (5000, 5000.0, 2.0)
