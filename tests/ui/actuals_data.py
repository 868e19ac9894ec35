"""Accounts made for the sample with known numbers, and the numbers computed here, independently.

Account ``i`` (0-based) reaches milestone ``k`` when ``i < QUOTAS[k]``: the first accounts go furthest,
so the reached counts are the quotas and the conversions their ratios, known before any file is read.
Dates are simple arithmetic of ``i`` and ``k`` so the stuck accounts on a day can be counted by hand.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from journeymap_designer.model.elements import MomentKind
from journeymap_designer.model.workspace import Workspace

ACCOUNTS = 300
QUOTAS = (270, 220, 160, 60)  # reached per success milestone of the sample, in funnel order
SEGMENTS = ("Enterprise", "SMB", "Education", "")
AS_OF = date(2026, 6, 30)
START = date(2025, 1, 1)
RENAMED = "Go-live date"  # the column of the second milestone, named as a platform would


def funnel_ids(workspace: Workspace) -> list[str]:
    """The sample's success milestones in stage order (checked by hand against the sample)."""
    ids = ["mot-kickoff-complete", "mot-first-value", "mot-adopted", "mot-renewed-expanded"]
    found = {m.id for m in workspace.core.moments.values() if m.kind == MomentKind.SUCCESS_MILESTONE}
    assert set(ids) == found
    return ids


def start_of(i: int) -> date:
    return START + timedelta(days=i % 60)


def reached_on(i: int, k: int) -> date | None:
    if i >= QUOTAS[k]:
        return None
    return start_of(i) + timedelta(days=20 * (k + 1) + i % 9 + (k * 37 if i % 5 == 0 else 0))


def churned_on(i: int) -> date | None:
    if i % 10 != 7:
        return None
    last = max((reached_on(i, k) for k in range(len(QUOTAS)) if reached_on(i, k)), default=start_of(i))
    return last + timedelta(days=15)


def segment_of(i: int) -> str:
    return SEGMENTS[i % 4]


def write_csv(path: Path, workspace: Workspace, titles: bool = True) -> Path:
    """The accounts as a platform's export: the second milestone's column headed :data:`RENAMED`."""
    ids = funnel_ids(workspace)
    headers = ["Account ID", "Account name", "Segment", "CSM", "Start date", "Churn date"]
    for k, moment_id in enumerate(ids):
        title = workspace.core.moments[moment_id].title
        headers.append(RENAMED if k == 1 else (title if titles else moment_id))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        for i in range(ACCOUNTS):
            days = [start_of(i), churned_on(i), *(reached_on(i, k) for k in range(len(ids)))]
            writer.writerow(
                [f"ACC-{i:04d}", f"Customer {i}", segment_of(i), f"CSM {i % 3}"]
                + [d.isoformat() if d else "" for d in days]
            )
    return path


def expected_reached(segment: str | None = None) -> list[int]:
    chosen = [i for i in range(ACCOUNTS) if segment is None or segment_of(i) == segment]
    return [sum(1 for i in chosen if reached_on(i, k)) for k in range(len(QUOTAS))]


def expected_conversions(segment: str | None = None) -> list[float]:
    reached = expected_reached(segment)
    total = sum(1 for i in range(ACCOUNTS) if segment is None or segment_of(i) == segment)
    previous = [total, *reached[:-1]]
    return [100.0 * r / p for r, p in zip(reached, previous, strict=True)]


def expected_stuck(workspace: Workspace, as_of: date, segment: str | None = None) -> set[str]:
    """Accounts not churned by ``as_of`` whose furthest milestone's rule is past, counted by hand."""
    ids = funnel_ids(workspace)
    rules = [workspace.core.moments[m].stuck_rule for m in ids]
    found = set()
    for i in range(ACCOUNTS):
        if segment is not None and segment_of(i) != segment:
            continue
        churned = churned_on(i)
        if churned is not None and churned <= as_of:
            continue
        # As of that day: only what had happened by then (a milestone reached later does not count).
        reached = [k for k in range(len(ids)) if (day := reached_on(i, k)) is not None and day <= as_of]
        if not reached:
            continue
        rule = rules[reached[-1]]
        day = reached_on(i, reached[-1])
        assert day is not None
        if rule is not None and (as_of - day).days > rule.after_days:
            found.add(f"ACC-{i:04d}")
    return found
