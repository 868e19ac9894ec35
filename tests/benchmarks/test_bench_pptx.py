"""The deck benchmark runs and measures both sides (small size: no budget is checked here)."""

from __future__ import annotations

import pytest

from tests.benchmarks import bench_pptx


@pytest.mark.slow  # runs the benchmark (tiny size); `make test-fast` leaves it out
def test_deck_bench_times_the_export_and_the_plain_python_pptx_baseline() -> None:
    results = bench_pptx.run(200, 2, 1)
    assert len(results) == 2
    customer, deck = results
    assert customer.name.startswith("customer deck of the sample") and customer.budget_ms == 3000.0
    assert customer.median_ms > 0 and customer.baseline_ms is not None and customer.baseline_ms > 0
    assert deck.name.startswith("deck, ") and "slides" in deck.name
    assert int(deck.name.split()[1]) >= 30
    assert deck.median_ms > 0 and deck.baseline_ms is not None and deck.baseline_ms > 0
    assert deck.budget_ms is None  # the budget holds at the issue's size only


def test_budget_is_the_issues() -> None:
    assert (bench_pptx.ISSUE_SIZE, bench_pptx.BUDGET_MS, bench_pptx.SLIDES) == (5000, 3000.0, 100)
