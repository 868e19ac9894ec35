"""What the workbook and the deck both say the same way: what a playbook hangs off, when a task is due,
and a journey's funnel and stuck accounts.

Both exports call these so the team's workbook and deck can never disagree: the funnel numbers come
from ``model/funnel_report.py``, which the app's Funnel view and ``journeymap funnel`` use too, over
the same accounts (the core: every account; a segment: its own) and the same day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from journeymap_designer.model.actuals import Actuals
from journeymap_designer.model.days import due_text
from journeymap_designer.model.elements import MomentKind, Playbook, Task, playbook_anchor
from journeymap_designer.model.funnel import Funnel, StuckAccount
from journeymap_designer.model.funnel_report import journey_funnel, stuck_for
from journeymap_designer.model.workspace import Journey, Segment, Workspace

ANCHOR_KIND = {"milestone": "Moment of truth", "activity": "Activity", "stage": "Stage"}
_MOMENT_KIND = {
    MomentKind.SUCCESS_MILESTONE: "Success milestone",
    MomentKind.RISK: "Risk",
    MomentKind.CELEBRATION: "Celebration",
}
STATUS_TEXT = {"on": "on target", "near": "near target", "off": "off target", "none": "no target"}
FROM_TEXT = {"previous_milestone": "previous milestone", "stage_entry": "entering the stage"}


def anchor_label(journey: Journey, playbook: Playbook) -> str:
    """What a playbook hangs off, as a reader names it: "Success milestone: Kickoff complete",
    "Activity: Connects the data", "Stage: Onboarding" ("" when it hangs off nothing that exists)."""
    anchor = playbook_anchor(playbook)
    if anchor is None:
        return ""
    kind, element_id = anchor
    if kind == "milestone" and element_id in journey.moments:
        moment = journey.moments[element_id]
        return f"{_MOMENT_KIND.get(moment.kind, 'Moment of truth')}: {moment.title}"
    if kind == "activity" and element_id in journey.touchpoints:
        return f"Activity: {journey.touchpoints[element_id].title}"
    stage = journey.stages.get(playbook.stage_id or "")
    return f"Stage: {stage.name}" if stage is not None else ""


def anchor_start(playbook: Playbook) -> str:
    """What a task's due days count from, in words ("the milestone", "the activity", "the stage")."""
    anchor = playbook_anchor(playbook)
    return {"milestone": "the milestone", "activity": "the activity", "stage": "the stage"}.get(
        anchor[0] if anchor else "", "the start"
    )


def due_label(task: Task) -> str:
    """A task's due as typed, else as its number of days reads ("Day 5", "T-30 days")."""
    if task.due:
        return task.due
    return due_text(task.due_days) if task.due_days is not None else ""


@dataclass(frozen=True)
class JourneyNumbers:
    """One journey's funnel and its stuck accounts on ``as_of``, over the accounts that belong to it."""

    label: str
    funnel: Funnel
    stuck: tuple[StuckAccount, ...]
    as_of: date
    source: str


def journey_numbers(
    workspace: Workspace, actuals: Actuals, segment: Segment | None, label: str, as_of: date
) -> JourneyNumbers:
    """The funnel and the stuck list of the core (``segment`` None) or a segment, as
    ``model/funnel_report.py`` makes them for every output (the CLI, the app and both exports)."""
    segment_id = segment.id if segment is not None else None
    funnel = journey_funnel(workspace, actuals, segment_id, as_of)
    stuck = tuple(stuck_for(workspace, actuals, segment_id, as_of))
    return JourneyNumbers(label, funnel, stuck, as_of, actuals.source)


def percent(value: float | None) -> str:
    """A share as a reader reads it: "84.6 %" (one decimal, dropped when whole), "–" for none."""
    if value is None:
        return "–"
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} %"


def days(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}".removesuffix(".0")
