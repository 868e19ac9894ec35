"""The customer-answers benchmark runs and measures both sides (tiny sizes: no budget is checked here)."""

from __future__ import annotations

import pytest

from tests.benchmarks import bench_feedback


@pytest.mark.slow  # runs the benchmark (tiny size); `make test-fast` leaves it out
def test_feedback_bench_times_the_import_and_the_plain_openpyxl_baseline() -> None:
    results = bench_feedback.run(120, 1)
    imported = results[0]
    assert imported.name == "import a returned workbook (120 rows)"
    assert imported.median_ms > 0 and imported.baseline_ms is not None and imported.baseline_ms > 0
    assert imported.budget_ms is None  # the budget holds at the issue's size only
    assert "120 answers added in one undo step" in imported.note
    assert results[1].name == "import the same workbook again" and results[1].median_ms > 0


def test_budget_is_the_issues() -> None:
    assert (bench_feedback.ISSUE_SIZE, bench_feedback.BUDGET_MS) == (5000, 2000.0)
