"""The success funnel: how many accounts reached each success milestone, how fast, and who is stuck.

A map's success milestones are its targets (a conversion from the previous milestone, a time frame,
a stuck rule: schema 4); the actuals are accounts with the date each reached each milestone
(``model/actuals.py``). Here the two meet, in plain Python, so the app, the CLI and both exports show
the same numbers:

- the steps are the journey's success milestones in stage order, then in their order in the stage;
- ``reached``: the accounts with a date for the milestone; ``conversion``: of the accounts that
  reached the previous milestone (every account, for the first), the share that reached this one;
- ``median_days`` / ``p90_days``: days to reach the milestone from the previous one (from the
  account's start for the first), or from entering its stage where its time frame counts from there
  (entering a stage: reaching the last milestone of an earlier stage, else the account's start);
- ``churned``: churned accounts whose furthest milestone is this one (before the first: its own row);
- each is held against its target: on target, near (within :data:`NEAR_POINTS` points of the
  conversion, or :data:`NEAR_RATIO` times the time frame) or off; ``none`` without a target;
- stuck: an account that has not churned, whose furthest milestone has a stuck rule, and which has
  been there longer than the rule allows on the given day, without reaching the next milestone;
- as of a day (``as_of``): what the data says happened after it does not count yet (a milestone
  reached later is not reached, a later churn has not happened, an account that starts later is not
  an account yet), so a report for last quarter's end reads as it would have then.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .actuals import Account
from .elements import MomentKind, MomentOfTruth, TimeFrom
from .workspace import Journey

Status = Literal["on", "near", "off", "none"]
NEAR_POINTS = 5.0  # a conversion within 5 percentage points under its target is "near"
NEAR_RATIO = 1.2  # a median within 20 % over its time frame is "near"


@dataclass(frozen=True)
class FunnelStep:
    """One success milestone of the funnel, with its actuals and its targets."""

    milestone_id: str
    title: str
    stage_id: str
    reached: int
    previous: int  # accounts that reached the previous milestone (all accounts, for the first)
    conversion: float | None  # % of ``previous`` that reached this one; None when previous is 0
    target_conversion: float | None
    conversion_status: Status
    days_from: TimeFrom
    median_days: float | None
    p90_days: float | None
    time_frame_days: int | None
    time_status: Status
    churned: int


@dataclass(frozen=True)
class Funnel:
    """The funnel of one journey (the core, or a segment) over its accounts."""

    journey_label: str
    accounts: int
    churned_before_first: int
    steps: tuple[FunnelStep, ...]
    segment_id: str | None = None  # None: the core journey


@dataclass(frozen=True)
class StuckAccount:
    """An account past its milestone's stuck rule on the day asked about, and what to do."""

    account_id: str
    name: str
    segment: str
    milestone_id: str
    milestone_title: str
    reached_on: date
    days_at: int
    after_days: int
    action: str
    playbook_id: str | None
    playbook_title: str
    owner: str


def milestones(journey: Journey) -> list[MomentOfTruth]:
    """The journey's success milestones in funnel order: by stage, then by their order in the stage."""
    stage_rank = {stage.id: rank for rank, stage in enumerate(journey.ordered_stages())}
    found = [m for m in journey.moments.values() if m.kind == MomentKind.SUCCESS_MILESTONE]
    return sorted(found, key=lambda m: (stage_rank.get(m.stage_id, len(stage_rank)), m.order, m.title, m.id))


def percentile(sorted_values: Sequence[int], share: float) -> float:
    """The ``share`` percentile (0-1) by linear interpolation between closest ranks (as numpy's default)."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def _status_at_least(value: float | None, target: float | None) -> Status:
    if value is None or target is None:
        return "none"
    if value >= target:
        return "on"
    return "near" if value >= target - NEAR_POINTS else "off"


def _status_at_most(value: float | None, target: int | None) -> Status:
    if value is None or target is None:
        return "none"
    if value <= target:
        return "on"
    return "near" if value <= target * NEAR_RATIO else "off"


def _anchors(steps: list[MomentOfTruth], journey: Journey) -> list[int | None]:
    """For each step, the index of the step its days count from (None: the account's start)."""
    stage_rank = {stage.id: rank for rank, stage in enumerate(journey.ordered_stages())}
    anchors: list[int | None] = []
    for index, moment in enumerate(steps):
        if moment.time_frame_from == TimeFrom.STAGE_ENTRY:
            rank = stage_rank.get(moment.stage_id)
            earlier = [i for i in range(index) if stage_rank.get(steps[i].stage_id) != rank]
            anchors.append(earlier[-1] if earlier else None)
        else:
            anchors.append(index - 1 if index else None)
    return anchors


def compute_funnel(
    journey: Journey,
    accounts: Iterable[Account],
    label: str = "Core journey",
    as_of: date | None = None,
    segment_id: str | None = None,
) -> Funnel:
    """The funnel of ``journey`` over ``accounts`` (already chosen for that journey), as of a day."""
    steps = milestones(journey)
    ids = [m.id for m in steps]
    anchors = _anchors(steps, journey)
    total = 0
    reached = [0] * len(steps)
    both = [0] * len(steps)
    days: list[list[int]] = [[] for _ in steps]
    churned = [0] * len(steps)
    churned_before = 0
    for account in accounts:
        if as_of is not None and account.start is not None and account.start > as_of:
            continue
        total += 1
        if as_of is None:
            dates = list(map(account.reached.get, ids))
        else:
            dates = [d if d is not None and d <= as_of else None for d in map(account.reached.get, ids)]
        furthest = -1
        for index, when in enumerate(dates):
            if when is None:
                continue
            furthest = index
            reached[index] += 1
            if index == 0 or dates[index - 1] is not None:
                both[index] += 1
            anchor = anchors[index]
            start = account.start if anchor is None else dates[anchor]
            if start is not None:
                days[index].append((when - start).days)
        if account.churned is not None and (as_of is None or account.churned <= as_of):
            if furthest < 0:
                churned_before += 1
            else:
                churned[furthest] += 1
    result = []
    for index, moment in enumerate(steps):
        previous = total if index == 0 else reached[index - 1]
        conversion = 100.0 * both[index] / previous if previous else None
        ordered = sorted(days[index])
        median = percentile(ordered, 0.5) if ordered else None
        result.append(
            FunnelStep(
                milestone_id=moment.id,
                title=moment.title,
                stage_id=moment.stage_id,
                reached=reached[index],
                previous=previous,
                conversion=conversion,
                target_conversion=moment.target_conversion,
                conversion_status=_status_at_least(conversion, moment.target_conversion),
                days_from=moment.time_frame_from,
                median_days=median,
                p90_days=percentile(ordered, 0.9) if ordered else None,
                time_frame_days=moment.time_frame_days,
                time_status=_status_at_most(median, moment.time_frame_days),
                churned=churned[index],
            )
        )
    return Funnel(label, total, churned_before, tuple(result), segment_id)


def stuck_accounts(journey: Journey, accounts: Iterable[Account], as_of: date) -> list[StuckAccount]:
    """The accounts past their furthest milestone's stuck rule on ``as_of``, longest stuck first."""
    backwards = list(reversed(milestones(journey)))  # the furthest milestone is the first found
    titles = {m.id: _playbook_title(journey, m) for m in backwards}
    owners = {m.id: _owner_of(journey, m) for m in backwards}
    found: list[StuckAccount] = []
    for account in accounts:
        if account.churned is not None and account.churned <= as_of:
            continue
        got = account.reached
        moment = reached_on = None
        for candidate in backwards:
            when = got.get(candidate.id)
            if when is not None and when <= as_of:
                moment, reached_on = candidate, when
                break
        if moment is None or reached_on is None or moment.stuck_rule is None:
            continue
        rule = moment.stuck_rule
        days_at = (as_of - reached_on).days
        if days_at <= rule.after_days:
            continue
        found.append(
            StuckAccount(
                account_id=account.id,
                name=account.name,
                segment=account.segment,
                milestone_id=moment.id,
                milestone_title=moment.title,
                reached_on=reached_on,
                days_at=days_at,
                after_days=rule.after_days,
                action=rule.action,
                playbook_id=rule.playbook_id,
                playbook_title=titles[moment.id],
                owner=account.owner or owners[moment.id],
            )
        )
    found.sort(key=lambda s: (-s.days_at, s.account_id))
    return found


def _playbook_title(journey: Journey, moment: MomentOfTruth) -> str:
    rule = moment.stuck_rule
    playbook = journey.playbooks.get(rule.playbook_id) if rule and rule.playbook_id else None
    return playbook.title if playbook else ""


def _owner_of(journey: Journey, moment: MomentOfTruth) -> str:
    """Who owns a milestone's follow-up: the owner lane of the touchpoint it is pinned to."""
    touchpoint = journey.touchpoints.get(moment.touchpoint_id or "")
    owner = journey.owner_of(touchpoint) if touchpoint else None
    lane = journey.lanes.get(owner or "")
    return lane.name if lane else ""
