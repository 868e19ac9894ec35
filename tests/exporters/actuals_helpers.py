"""Actuals for the sample map, built in code with known dates, for the exporters' funnel tests.

Accounts move through the sample's four success milestones at fixed, index-driven rates, some churn,
and a few stay at a milestone long enough to be stuck. Two stuck accounts have names a spreadsheet would
run as formulas, which must stay text wherever they are written.
"""

from __future__ import annotations

from datetime import date, timedelta

from journeymap_designer.model.actuals import Account, Actuals

AS_OF = date(2026, 9, 1)
HOSTILE_NAMES = ('=HYPERLINK("http://evil.example/","Click")', "+cmd|' /C calc'!A0")
SEGMENTS = ("Enterprise", "SMB", "seg-education", "")
STEPS = ("mot-kickoff-complete", "mot-first-value", "mot-adopted", "mot-renewed-expanded")


def sample_actuals(count: int = 300) -> Actuals:
    """``count`` accounts of the sample: every tenth stops before the kickoff, later ones thin out."""
    accounts = []
    for i in range(count):
        start = date(2025, 6, 1) + timedelta(days=(i * 7) % 400)
        reached: dict[str, date] = {}
        day = start
        keep = (i % 10 != 0, i % 6 != 1, i % 4 != 2, i % 3 == 0)
        gaps = (3 + i % 9, 10 + i % 25, 30 + i % 50, 300 + i % 120)
        for milestone, goes_on, gap in zip(STEPS, keep, gaps, strict=True):
            if not goes_on:
                break
            day += timedelta(days=gap)
            if day > AS_OF:
                break
            reached[milestone] = day
        churned = start + timedelta(days=200) if i % 11 == 5 else None
        name = HOSTILE_NAMES[i - 1] if 0 < i <= len(HOSTILE_NAMES) else f"Customer {i:03d} GmbH"
        accounts.append(
            Account(
                id=f"ACC-{i:04d}",
                name=name,
                segment=SEGMENTS[i % len(SEGMENTS)],
                owner=f"CSM {i % 5}" if i % 2 else "",
                start=start,
                churned=churned,
                reached=reached,
            )
        )
    return Actuals(accounts=tuple(accounts), source="accounts.csv", imported_at="2026-09-01T08:00:00")
