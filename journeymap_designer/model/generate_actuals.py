"""Synthetic accounts for a journey, with known conversions: for tests, the benchmark and demos.

Deterministic for a seed. Conversions are exact quotas, not random draws: of the ``n`` accounts that
reached milestone ``i - 1``, exactly ``round(n * conversions[i])`` reach milestone ``i`` (for the first
milestone, of all accounts), so a test knows the reached counts before it reads a file
(:func:`expected_reached`). Every date lies on or before ``as_of``: the days between milestones are
drawn first and the start is put far enough back. A share of the accounts churned after their
furthest milestone. Segments are the workspace's segment names (an export holds names), owners a few
CSM names. :func:`write_actuals_csv` writes them as a platform's export would: one row per account,
one date column per milestone, headed by the milestone's title or id.
"""

from __future__ import annotations

import csv
import io
import os
import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

from .actuals import Account
from .atomicfile import write_atomic
from .elements import MomentOfTruth, Playbook, Stage, StuckRule, Task, TimeFrom
from .funnel import milestones
from .workspace import Journey, Segment, Workspace

AS_OF = date(2026, 6, 30)
OWNERS = ("Ana Souza", "Ben Clarke", "Chloé Martin", "Dev Patel", "Eun-ji Park", "Femi Adeyemi")
NAME_PARTS = (
    ("Acme", "Blue", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper"),
    ("Analytics", "Logistics", "Health", "Foods", "Robotics", "Media", "Energy", "Labs", "Bank", "Retail"),
)
DEFAULT_CONVERSION = 0.8


def expected_reached(count: int, conversions: Sequence[float]) -> list[int]:
    """How many of ``count`` generated accounts reach each milestone, for these conversions."""
    reached, previous = [], count
    for share in conversions:
        previous = round(previous * share)
        reached.append(previous)
    return reached


def default_conversions(steps: Sequence[MomentOfTruth]) -> list[float]:
    """Each milestone's target conversion (as a share), else :data:`DEFAULT_CONVERSION`."""
    return [
        m.target_conversion / 100 if m.target_conversion is not None else DEFAULT_CONVERSION for m in steps
    ]


def generate_accounts(
    workspace: Workspace,
    count: int,
    *,
    seed: int = 1,
    conversions: Sequence[float] | None = None,
    churn_share: float = 0.1,
    as_of: date = AS_OF,
    segment_share: float = 0.75,
) -> list[Account]:
    """``count`` accounts through ``workspace``'s success milestones (see the module's docstring).

    ``segment_share`` of them belong to one of the workspace's segments (by name), the rest to none.
    """
    rng = random.Random(seed)
    steps = milestones(workspace.core)
    shares = list(conversions) if conversions is not None else default_conversions(steps)
    if len(shares) != len(steps):
        raise ValueError(f"{len(shares)} conversions for {len(steps)} milestones")
    furthest = [-1] * count
    pool = list(range(count))
    for index, share in enumerate(shares):
        rng.shuffle(pool)
        pool = sorted(pool[: round(len(pool) * share)])
        for account in pool:
            furthest[account] = index
    segments = [s.name for s in workspace.segments.values()]
    accounts = []
    for number in range(count):
        gaps = []
        for step in steps[: furthest[number] + 1]:
            frame = step.time_frame_days or 30
            gaps.append(rng.randint(0, max(1, frame * 3 // 2)))
        slack = rng.randint(0, 400)
        start = as_of - timedelta(days=sum(gaps) + slack)
        reached, day = {}, start
        for step, gap in zip(steps, gaps, strict=False):
            day += timedelta(days=gap)
            reached[step.id] = day
        churned = None
        if rng.random() < churn_share and slack > 0:
            churned = day + timedelta(days=rng.randint(1, slack))
        segment = rng.choice(segments) if segments and rng.random() < segment_share else ""
        first, second = rng.choice(NAME_PARTS[0]), rng.choice(NAME_PARTS[1])
        accounts.append(
            Account(
                id=f"ACC-{number + 1:06d}",
                name=f"{first} {second} {number + 1}",
                segment=segment,
                owner=rng.choice(OWNERS),
                start=start,
                churned=churned,
                reached=reached,
            )
        )
    return accounts


HEADERS = ("Account ID", "Account name", "Segment", "CSM", "Start date", "Churn date")


def actuals_csv(
    accounts: Sequence[Account],
    steps: Sequence[MomentOfTruth],
    header_style: Literal["title", "id"] = "title",
) -> str:
    """The accounts as CSV text, one date column per milestone headed by its title or id."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*HEADERS, *(m.title if header_style == "title" else m.id for m in steps)])
    for a in accounts:
        days = [a.start, a.churned, *(a.reached.get(m.id) for m in steps)]
        shown = [d.isoformat() if d else "" for d in days]
        writer.writerow([a.id, a.name, a.segment, a.owner, *shown])
    return out.getvalue()


def write_actuals_csv(
    accounts: Sequence[Account],
    path: str | os.PathLike[str],
    milestones: Sequence[MomentOfTruth],
    header_style: Literal["title", "id"] = "title",
) -> None:
    """Write :func:`actuals_csv` to ``path`` (UTF-8), atomically."""
    write_atomic(path, actuals_csv(accounts, milestones, header_style).encode("utf-8"))


def funnel_workspace(count: int = 10, segments: int = 3) -> Workspace:
    """A journey of ``count`` stages with one success milestone each, every one with a target
    conversion, a time frame and a stuck rule (every other one naming a playbook): the benchmark's map."""
    journey = Journey()
    for index in range(count):
        stage = Stage(id=f"stg-{index:02d}", name=f"Stage {index + 1}", order=index, duration_days=60)
        journey.stages[stage.id] = stage
        playbook_id = f"pb-{index:02d}" if index % 2 else None
        moment = MomentOfTruth(
            id=f"mot-{index:02d}",
            title=f"Milestone {index + 1}",
            stage_id=stage.id,
            target_conversion=90.0 - index * 3,
            time_frame_days=20 + 5 * index,
            time_frame_from=TimeFrom.STAGE_ENTRY if index % 3 == 2 else TimeFrom.PREVIOUS_MILESTONE,
            stuck_rule=StuckRule(
                after_days=30 + 10 * index, action=f"Call about step {index + 1}", playbook_id=playbook_id
            ),
        )
        journey.moments[moment.id] = moment
        if playbook_id:
            task = Task(
                id=f"{playbook_id}-t1", title="Call the sponsor", owner="CSM", due="Day 2", due_days=2
            )
            journey.playbooks[playbook_id] = Playbook(
                id=playbook_id, title=f"Unblock step {index + 1}", moment_id=moment.id, tasks=(task,)
            )
    workspace = Workspace(name=f"Funnel benchmark ({count} milestones)", core=journey)
    for number in range(segments):
        segment = Segment(id=f"seg-{number}", name=f"Segment {number + 1}")
        workspace.segments[segment.id] = segment
    return workspace
