"""The merge benchmark runs and measures both sides (tiny sizes: no budget is checked here)."""

from __future__ import annotations

import pytest

from tests.benchmarks import bench_merge


@pytest.mark.slow  # runs the benchmark (tiny size); `make test-fast` leaves it out
def test_merge_bench_times_the_merge_and_git_merge_file() -> None:
    merged, files = bench_merge.run(300, 3, 1)
    assert merged.name.startswith("merge two branches (300 cards, 3 segments")
    assert merged.median_ms > 0 and merged.baseline_ms is not None and merged.baseline_ms > 0
    assert merged.budget_ms is None  # the budget holds at the issue's size only
    assert "clean by element and field" in merged.note
    assert files.median_ms > 0 and files.baseline_name == "git merge-file"


def test_budget_is_the_issues() -> None:
    assert (bench_merge.ISSUE_SIZE, bench_merge.BUDGET_MS) == ((10_000, 50), 2000.0)
