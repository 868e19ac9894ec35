"""The funnel benchmark runs and measures both sides (a small size: no budget is checked here)."""

from __future__ import annotations

import pytest

from tests.benchmarks import bench_funnel


@pytest.mark.slow  # runs the benchmark (small size); `make test-fast` leaves it out
def test_funnel_bench_times_the_funnel_and_plain_dicts() -> None:
    funnel, report, stuck, read = bench_funnel.run(2_000, 1)
    assert funnel.name == "funnel (2,000 accounts x 10 milestones)"
    assert funnel.median_ms > 0 and funnel.baseline_name == "plain dicts" and funnel.baseline_ms
    assert funnel.budget_ms is None  # the budget holds at the issue's size only
    assert report.median_ms > 0 and stuck.median_ms > 0 and "accounts past their rule" in stuck.note
    assert read.name == "read a 2,000-row CSV" and read.median_ms > 0


def test_budget_is_the_issues() -> None:
    assert (bench_funnel.ISSUE_SIZE, bench_funnel.MILESTONES, bench_funnel.BUDGET_MS) == (100_000, 10, 1000.0)
