"""The one funnel report the CLI, both exports and the app show, so all show the same numbers.

:func:`funnel_report` takes the map, its actuals and a day, and gives the core journey's funnel over
every account, then one funnel per segment that has accounts (each over its own accounts and its own
resolved journey), or only the segment asked for; and the stuck accounts of those journeys, each
judged by its own segment's journey (the rules are the core's milestones', the playbook named may be
the segment's version), with the segment shown by name. The texts (:func:`percent_text`,
:func:`days_text`) are the one rounding every output uses: 84.9 %, 14 d, 12.5 d.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .actuals import Account, Actuals
from .funnel import Funnel, FunnelStep, StuckAccount, compute_funnel, stuck_accounts
from .resolve import resolve
from .workspace import Workspace

CORE_LABEL = "Core journey"
STATUS_WORDS = {"on": "on target", "near": "near target", "off": "off target", "none": ""}


@dataclass(frozen=True)
class FunnelReport:
    """The funnels (core first, then segments in the map's order) and the stuck list, as of a day."""

    as_of: date
    funnels: tuple[Funnel, ...]
    stuck: tuple[StuckAccount, ...]
    source: str = ""  # the actuals' file
    imported_at: str = ""
    segment_id: str | None = None  # the segment asked for (None: the core and every segment)

    def funnel(self, segment_id: str | None = None) -> Funnel | None:
        """The funnel of the core (None) or of a segment, when the report has it."""
        return next((f for f in self.funnels if f.segment_id == segment_id), None)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values with stable keys (``journeymap funnel --format json``)."""
        return {
            "as_of": self.as_of.isoformat(),
            "source": self.source,
            "imported_at": self.imported_at,
            "segment_id": self.segment_id,
            "funnels": [funnel_dict(f) for f in self.funnels],
            "stuck": [stuck_dict(s) for s in self.stuck],
        }


def funnel_dict(funnel: Funnel) -> dict[str, Any]:
    return {
        "journey": funnel.journey_label,
        "segment_id": funnel.segment_id,
        "accounts": funnel.accounts,
        "churned_before_first": funnel.churned_before_first,
        "steps": [step_dict(s) for s in funnel.steps],
    }


def step_dict(step: FunnelStep) -> dict[str, Any]:
    return {
        "milestone_id": step.milestone_id,
        "title": step.title,
        "stage_id": step.stage_id,
        "reached": step.reached,
        "previous": step.previous,
        "conversion": _rounded(step.conversion),
        "target_conversion": step.target_conversion,
        "conversion_status": step.conversion_status,
        "days_from": str(step.days_from),
        "median_days": _rounded(step.median_days),
        "p90_days": _rounded(step.p90_days),
        "time_frame_days": step.time_frame_days,
        "time_status": step.time_status,
        "churned": step.churned,
    }


def _rounded(value: float | None) -> float | None:
    """Four decimals: enough for any comparison, without float noise (9.600000000000001)."""
    return None if value is None else round(value, 4)


def stuck_dict(stuck: StuckAccount) -> dict[str, Any]:
    return {
        "account_id": stuck.account_id,
        "name": stuck.name,
        "segment": stuck.segment,
        "milestone_id": stuck.milestone_id,
        "milestone_title": stuck.milestone_title,
        "reached_on": stuck.reached_on.isoformat(),
        "days_at": stuck.days_at,
        "after_days": stuck.after_days,
        "action": stuck.action,
        "playbook_id": stuck.playbook_id,
        "playbook_title": stuck.playbook_title,
        "owner": stuck.owner,
    }


def percent_text(value: float | None) -> str:
    """A conversion or a target as every output shows it: one decimal, "–" when there is none."""
    return "\u2013" if value is None else f"{value:.1f} %"


def days_text(value: float | None) -> str:
    """Days as every output shows them: whole days plain, halves and tenths with one decimal."""
    if value is None:
        return "\u2013"
    shown = round(float(value), 1)
    return f"{shown:.0f} d" if shown.is_integer() else f"{shown:.1f} d"


def _segment_accounts(workspace: Workspace, actuals: Actuals) -> dict[str | None, list[Account]]:
    """Accounts by the segment they belong to (by its id or name; None: no segment of this map)."""
    by_key: dict[str, str] = {}
    for segment in workspace.segments.values():
        by_key.setdefault(segment.name.casefold(), segment.id)
    for segment in workspace.segments.values():
        by_key[segment.id.casefold()] = segment.id
    grouped: dict[str | None, list[Account]] = {}
    for account in actuals.accounts:
        key = by_key.get(account.segment.casefold()) if account.segment else None
        grouped.setdefault(key, []).append(account)
    return grouped


def funnel_report(
    workspace: Workspace, actuals: Actuals, as_of: date | None = None, segment_id: str | None = None
) -> FunnelReport:
    """The report for ``workspace`` over ``actuals`` as of a day (None: today).

    ``segment_id`` (an id, or a name ignoring case) asks for that segment only; a KeyError names an
    unknown one.
    """
    day = as_of or date.today()
    asked = None
    if segment_id is not None:
        asked = workspace.segment_by_name(segment_id)
        if asked is None:
            raise KeyError(segment_id)
    grouped = _segment_accounts(workspace, actuals)
    chosen = [asked] if asked is not None else [s for s in workspace.segments.values() if grouped.get(s.id)]
    funnels = [] if asked is not None else [journey_funnel(workspace, actuals, None, day)]
    funnels += [journey_funnel(workspace, actuals, s.id, day) for s in chosen]
    return FunnelReport(
        as_of=day,
        funnels=tuple(funnels),
        stuck=tuple(stuck_for(workspace, actuals, asked.id if asked else None, day)),
        source=actuals.source,
        imported_at=actuals.imported_at,
        segment_id=asked.id if asked is not None else None,
    )


def journey_funnel(workspace: Workspace, actuals: Actuals, segment_id: str | None, as_of: date) -> Funnel:
    """The funnel of the core (None: over every account) or of one segment (over its accounts, on its
    own resolved journey): what every output shows for that journey."""
    if segment_id is None:
        return compute_funnel(workspace.core, actuals.accounts, CORE_LABEL, as_of)
    segment = workspace.segments[segment_id]
    accounts = _segment_accounts(workspace, actuals).get(segment.id, [])
    return compute_funnel(resolve(workspace, segment), accounts, segment.name, as_of, segment.id)


def stuck_for(
    workspace: Workspace, actuals: Actuals, segment_id: str | None, as_of: date
) -> list[StuckAccount]:
    """The stuck accounts of one segment, or (None) of every account, each judged by its own journey
    (the core for accounts of no segment), the segment shown by name; longest stuck first."""
    grouped = _segment_accounts(workspace, actuals)
    stuck: list[StuckAccount] = []
    if segment_id is None:
        stuck += stuck_accounts(workspace.core, grouped.get(None, []), as_of)
    for segment in workspace.segments.values():
        if segment_id is not None and segment.id != segment_id:
            continue
        accounts = grouped.get(segment.id, [])
        if accounts:
            journey = resolve(workspace, segment)
            stuck += [replace(s, segment=segment.name) for s in stuck_accounts(journey, accounts, as_of)]
    stuck.sort(key=lambda s: (-s.days_at, s.account_id))
    return stuck
