"""The stages -> activities -> tasks plan of a journey, one row per task, as customer-success
platforms import it.

ClientSuccess's SuccessCycles are stages, activities and tasks with days due; Gainsight's and
ChurnZero's playbook tasks have a name, an owner role and a due offset from the playbook's start. A
row here carries all of these: the stage (and its order), the activity (the touchpoint, when the
playbook hangs off one), the milestone (when it hangs off one), the playbook, the task, its owner
role, its due offset in days and what the offset counts from (the start of the milestone, stage or
activity: :func:`~.elements.playbook_anchor`), and the due text as typed.

Rows are in stage order; within a stage, the stage's own playbooks first, then the milestones'
(in their order), then the activities' (by the card's lane and order); within a playbook, tasks by
due day (tasks without one last, in their typed order). A playbook whose anchor is gone comes last
with no stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from .elements import Playbook, playbook_anchor
from .workspace import Journey

TASK_COLUMNS: tuple[str, ...] = (
    "Stage",
    "Stage order",
    "Activity",
    "Milestone",
    "Playbook",
    "Task ID",
    "Task",
    "Owner role",
    "Due (days)",
    "Due from",
    "Due text",
    "Description",
)


@dataclass(frozen=True)
class PlanRow:
    """One task of the plan (the columns of :data:`TASK_COLUMNS`, plus the ids behind them)."""

    stage: str
    stage_order: int | None  # 1-based position of the stage (None: the playbook has no stage)
    activity: str
    milestone: str
    playbook: str
    task_id: str
    task: str
    owner_role: str
    due_days: int | None
    due_from: str  # "milestone", "stage" or "activity" ("" for a playbook that hangs off nothing)
    due_text: str
    description: str
    playbook_id: str = ""
    stage_id: str = ""

    def cells(self) -> tuple[str | int | None, ...]:
        """The row's values in :data:`TASK_COLUMNS` order."""
        return (
            self.stage,
            self.stage_order,
            self.activity,
            self.milestone,
            self.playbook,
            self.task_id,
            self.task,
            self.owner_role,
            self.due_days,
            self.due_from,
            self.due_text,
            self.description,
        )


def _placement(journey: Journey, playbook: Playbook) -> tuple[str, str, str, str, tuple[int, int, int, str]]:
    """(stage id, due from, activity title, milestone title, order within the stage)."""
    anchor = playbook_anchor(playbook)
    lane_rank = {lane.id: rank for rank, lane in enumerate(journey.ordered_lanes())}
    if anchor is None:
        return "", "", "", "", (9, 0, 0, playbook.title)
    kind, element_id = anchor
    if kind == "milestone":
        moment = journey.moments.get(element_id)
        if moment is None:
            return "", kind, "", "", (9, 0, 0, playbook.title)
        return moment.stage_id, kind, "", moment.title, (1, moment.order, 0, moment.title)
    if kind == "activity":
        card = journey.touchpoints.get(element_id)
        if card is None:
            return "", kind, "", "", (9, 0, 0, playbook.title)
        return (
            card.stage_id,
            kind,
            card.title,
            "",
            (2, lane_rank.get(card.lane_id, 99), card.order, card.title),
        )
    stage = journey.stages.get(element_id)
    return (stage.id if stage else ""), kind, "", "", (0, 0, 0, playbook.title)


def task_plan(journey: Journey) -> list[PlanRow]:
    """Every task of every playbook of ``journey`` (the core, or a segment's resolved journey)."""
    stages = journey.ordered_stages()
    stage_rank = {stage.id: rank for rank, stage in enumerate(stages)}
    placed = []
    for playbook in journey.playbooks.values():
        stage_id, due_from, activity, milestone, order = _placement(journey, playbook)
        rank = stage_rank.get(stage_id, len(stages))
        placed.append(((rank, order, playbook.id), playbook, stage_id, due_from, activity, milestone))
    rows = []
    for (rank, _, _), playbook, stage_id, due_from, activity, milestone in sorted(placed, key=lambda p: p[0]):
        stage = journey.stages.get(stage_id)
        tasks = sorted(playbook.tasks, key=lambda t: (t.due_days is None, t.due_days or 0))
        for task in tasks:
            rows.append(
                PlanRow(
                    stage=stage.name if stage else "",
                    stage_order=rank + 1 if stage else None,
                    activity=activity,
                    milestone=milestone,
                    playbook=playbook.title,
                    task_id=task.id,
                    task=task.title,
                    owner_role=task.owner,
                    due_days=task.due_days,
                    due_from=due_from,
                    due_text=task.due,
                    description=task.description,
                    playbook_id=playbook.id,
                    stage_id=stage.id if stage else "",
                )
            )
    return rows
