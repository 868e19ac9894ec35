"""Funnel budget (issue 13, point 8): the success funnel over 100,000 accounts x 10 success milestones
in <= 1 s, next to the same counts computed with plain Python dicts.

How it is measured:

- the data (untimed): ``generate_actuals.funnel_workspace(10)`` (ten stages, one success milestone
  each, with targets, time frames, some counted from entering the stage, and stuck rules) and
  100,000 generated accounts with the milestones' target conversions, segments, owners, churn;
- the funnel (budgeted): ``compute_funnel`` of the core journey over every account, as of a day:
  reached, conversion, median and 90th percentile days, churn per milestone, statuses;
- the baseline: the same counts with plain dicts (reached and reached-both per milestone, days
  lists sorted for the median and p90, churn at the furthest milestone), no dataclasses, no as-of;
- information: the whole report the app and the exports show (``funnel_report``: the core and each
  segment's funnel, and the stuck list), the stuck list alone, and reading the accounts back from a
  100,000-row CSV (``exporters.actuals_import.read_actuals``).

The budget holds at 100,000 accounts (``ISSUE_SIZE``); smaller runs are information.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from exporters.actuals_import import read_actuals
from journeymap_designer.model.actuals import Account, Actuals
from journeymap_designer.model.funnel import compute_funnel, milestones, percentile, stuck_accounts
from journeymap_designer.model.funnel_report import funnel_report
from journeymap_designer.model.generate_actuals import (
    AS_OF,
    funnel_workspace,
    generate_accounts,
    write_actuals_csv,
)

from .harness import Result, measure

ISSUE_SIZE = 100_000
MILESTONES = 10
BUDGET_MS = 1000.0


def plain_counts(
    ids: Sequence[str], accounts: Sequence[Account]
) -> dict[str, tuple[int, int, float, float, int]]:
    """Per milestone: reached, reached with the one before, median and p90 days, churned there."""
    reached = dict.fromkeys(ids, 0)
    both = dict.fromkeys(ids, 0)
    churned = dict.fromkeys(ids, 0)
    days: dict[str, list[int]] = {i: [] for i in ids}
    for account in accounts:
        got = account.reached
        previous = None
        last = None
        for milestone_id in ids:
            when = got.get(milestone_id)
            if when is not None:
                reached[milestone_id] += 1
                last = milestone_id
                if previous is None or previous in got:
                    both[milestone_id] += 1
                since = account.start if previous is None else got.get(previous)
                if since is not None:
                    days[milestone_id].append((when - since).days)
            previous = milestone_id
        if account.churned is not None and last is not None:
            churned[last] += 1
    result = {}
    for milestone_id in ids:
        ordered = sorted(days[milestone_id]) or [0]
        median, p90 = percentile(ordered, 0.5), percentile(ordered, 0.9)
        result[milestone_id] = (reached[milestone_id], both[milestone_id], median, p90, churned[milestone_id])
    return result


def run(accounts_count: int, repeat: int) -> list[Result]:
    workspace = funnel_workspace(MILESTONES, 3)
    accounts = generate_accounts(workspace, accounts_count, seed=5)
    ids = [m.id for m in milestones(workspace.core)]
    funnel_ms = measure(lambda: compute_funnel(workspace.core, accounts, as_of=AS_OF), repeat)
    plain_ms = measure(lambda: plain_counts(ids, accounts), repeat)
    funnel = compute_funnel(workspace.core, accounts, as_of=AS_OF)
    plain = plain_counts(ids, accounts)
    assert [s.reached for s in funnel.steps] == [plain[i][0] for i in ids]  # the same counts
    actuals = Actuals(tuple(accounts))
    report_ms = measure(lambda: funnel_report(workspace, actuals, AS_OF), max(1, repeat // 3))
    stuck_ms = measure(lambda: stuck_accounts(workspace.core, accounts, AS_OF), repeat)
    stuck = len(stuck_accounts(workspace.core, accounts, AS_OF))
    folder = Path(tempfile.mkdtemp(prefix="jm-bench-funnel-"))
    try:
        path = folder / "accounts.csv"
        write_actuals_csv(accounts, path, milestones(workspace.core), "title")
        size_mb = path.stat().st_size / 1e6
        read_ms = measure(lambda: read_actuals(path, workspace), max(1, repeat // 3))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    at_size = accounts_count >= ISSUE_SIZE
    size = f"{accounts_count:,} accounts x {MILESTONES} milestones"
    return [
        Result(
            f"funnel ({size})",
            funnel_ms,
            BUDGET_MS if at_size else None,
            "plain dicts",
            plain_ms,
            note=f"reached, conversion, median and p90 days, churn, statuses (<= {BUDGET_MS / 1000:.0f} s)",
        ),
        Result(
            "funnel report (core + 3 segments + stuck)",
            report_ms,
            None,
            "plain dicts",
            plain_ms,
            note="what the app, the CLI and the exports show",
        ),
        Result("stuck list", stuck_ms, None, note=f"{stuck:,} accounts past their rule"),
        Result(
            f"read a {accounts_count:,}-row CSV", read_ms, None, note=f"{size_mb:.1f} MB, every value checked"
        ),
    ]
