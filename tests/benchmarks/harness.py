"""A small benchmark harness: named cases with budgets, medians over repeats, one table.

The machines are shared and noisy, so every case reports the median of several runs, the ratio to
its budget, and where an issue names one, the time of a plain-library baseline in the same run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    median_ms: float
    budget_ms: float | None
    baseline_name: str = ""
    baseline_ms: float | None = None
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.budget_ms is None or self.median_ms <= self.budget_ms


def measure(action: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``action`` in milliseconds (``setup`` runs untimed before each run)."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def table(results: list[Result], title: str) -> str:
    header = f"{'benchmark':<44} {'median':>10} {'budget':>10} {'ratio':>7}  {'baseline':>28}  status"
    lines = [title, header, "-" * len(header)]
    for r in results:
        budget = f"{r.budget_ms:,.0f} ms" if r.budget_ms is not None else "-"
        ratio = f"{r.median_ms / r.budget_ms:.2f}" if r.budget_ms else "-"
        base = f"{r.baseline_name} {r.baseline_ms:,.1f} ms" if r.baseline_ms is not None else ""
        status = "ok" if r.ok else "OVER BUDGET"
        if r.budget_ms is None:
            status = "info"
        lines.append(f"{r.name:<44} {r.median_ms:>7,.1f} ms {budget:>10} {ratio:>7}  {base:>28}  {status}")
        if r.note:
            lines.append(f"    {r.note}")
    return "\n".join(lines)
