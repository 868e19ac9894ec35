"""The sample's funnel computed the plain way, from the issue's words, for tests to hold every output
against (the model, the CLI, the exports, the app).

Nothing here calls ``model/funnel.py``: the sample's milestones, their order, where their days count
from and their stuck rules are written down from the sample file, and the numbers come from loops,
``statistics.median`` and ``statistics.quantiles``.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from journeymap_designer.model.actuals import Account
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.generate_actuals import AS_OF, generate_accounts, write_actuals_csv
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path

# The sample's success milestones in funnel order (stage order, then order in the stage).
MILESTONES = ("mot-kickoff-complete", "mot-first-value", "mot-adopted", "mot-renewed-expanded")
FROM_START = {"mot-kickoff-complete"}  # its time frame counts from entering Onboarding: the first stage
STUCK_AFTER = {
    "mot-kickoff-complete": 14,
    "mot-first-value": 30,
    "mot-adopted": 90,
    "mot-renewed-expanded": 400,
}
CONVERSIONS = (0.9, 0.8, 0.6, 0.5)  # the known conversions of the generated accounts
COUNT = 400


@dataclass(frozen=True)
class Step:
    reached: int
    previous: int
    conversion: float | None
    median: float | None
    p90: float | None
    churned: int


def sample_accounts(count: int = COUNT, seed: int = 13) -> tuple[Workspace, list[Account]]:
    workspace = load_workspace(sample_path())
    return workspace, generate_accounts(workspace, count, seed=seed, conversions=CONVERSIONS)


def sample_csv(path: Path, count: int = COUNT, seed: int = 13) -> tuple[Workspace, list[Account]]:
    """The accounts written as a platform's export (columns headed by the milestones' titles)."""
    workspace, accounts = sample_accounts(count, seed)
    moments = [workspace.core.moments[m] for m in MILESTONES]
    write_actuals_csv(accounts, path, moments, "title")
    return workspace, accounts


def _p90(values: list[int]) -> float:
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def expected_steps(accounts: Sequence[Account], as_of: date = AS_OF) -> list[Step]:
    live = [a for a in accounts if a.start is None or a.start <= as_of]
    seen = [{k: d for k, d in a.reached.items() if d <= as_of} for a in live]
    steps = []
    for index, milestone in enumerate(MILESTONES):
        got = [s for s in seen if milestone in s]
        if index == 0:
            previous, both = len(live), len(got)
        else:
            before = MILESTONES[index - 1]
            previous = sum(1 for s in seen if before in s)
            both = sum(1 for s in got if before in s)
        days = []
        for account, s in zip(live, seen, strict=True):
            if milestone not in s:
                continue
            if milestone in FROM_START or index == 0:
                if account.start is not None:
                    days.append((s[milestone] - account.start).days)
            elif MILESTONES[index - 1] in s:
                days.append((s[milestone] - s[MILESTONES[index - 1]]).days)
        churned = 0
        for account, s in zip(live, seen, strict=True):
            if account.churned is None or account.churned > as_of:
                continue
            furthest = max((MILESTONES.index(k) for k in s if k in MILESTONES), default=-1)
            churned += furthest == index
        steps.append(
            Step(
                reached=len(got),
                previous=previous,
                conversion=100 * both / previous if previous else None,
                median=float(statistics.median(days)) if days else None,
                p90=_p90(days) if days else None,
                churned=churned,
            )
        )
    return steps


def expected_stuck(accounts: Sequence[Account], as_of: date = AS_OF) -> set[str]:
    """The ids of the accounts past their furthest milestone's stuck rule on ``as_of``."""
    stuck = set()
    for account in accounts:
        if account.churned is not None and account.churned <= as_of:
            continue
        reached = [m for m in MILESTONES if m in account.reached and account.reached[m] <= as_of]
        if not reached:
            continue
        last = reached[-1]
        if (as_of - account.reached[last]).days > STUCK_AFTER[last]:
            stuck.add(account.id)
    return stuck
