"""The elements of a journey map, as immutable pydantic models.

Elements are frozen so that a segment's effective journey can share every unchanged element with the
core instead of copying it, and so that an undo command can keep the old element as its snapshot.
An edit replaces an element with a new one (``model_copy`` / ``model_validate``); it never mutates it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints

# Ids are short, readable and stable: kept across save, load, copy and segments.
ElementId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$")]
Text = Annotated[str, StringConstraints(max_length=100_000)]
Line = Annotated[str, StringConstraints(max_length=2_000)]
TextList = tuple[Text, ...]
MAX_DAYS = 36_500  # a hundred years: any longer is a typing error
Days = Annotated[int, Field(ge=0, le=MAX_DAYS)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class Element(BaseModel):
    """Base of every element: frozen, strict about unknown fields, with a stable id.

    Unknown fields are an error rather than silently dropped: a newer format bumps schema_version.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)

    id: ElementId


class LaneSide(StrEnum):
    CUSTOMER = "customer"
    INTERNAL = "internal"


class MomentKind(StrEnum):
    SUCCESS_MILESTONE = "success_milestone"
    RISK = "risk"
    CELEBRATION = "celebration"


class MarkerKind(StrEnum):
    RISK = "risk"
    CELEBRATION = "celebration"


class Stage(Element):
    """An ordered phase of the lifecycle (a column of the map)."""

    name: Line
    order: int = 0
    goal: Text = ""
    entry_criteria: TextList = ()
    typical_duration: Line = ""
    kpis: TextList = ()
    description: Text = ""
    # The typical duration as a number (schema 4), beside the text: what the funnel and the tasks'
    # due days count with. None: not given.
    duration_days: Days | None = None


class Lane(Element):
    """A row of the map: who acts. Internal lanes are owners; customer lanes are the customer side."""

    name: Line
    side: LaneSide = LaneSide.INTERNAL
    order: int = 0
    color: Annotated[str, StringConstraints(pattern=r"^(#[0-9a-fA-F]{6})?$")] = ""
    description: Text = ""
    internal_only: bool = False


class Channel(Element):
    """A vocabulary entry: how a touchpoint reaches the customer (email, call, in-app...)."""

    name: Line
    icon: Line = ""


class Persona(Element):
    """Who the customer is; segments may target personas."""

    name: Line
    role: Line = ""
    goals: TextList = ()
    description: Text = ""


class Touchpoint(Element):
    """A card in one stage x lane cell.

    The owner is the lane itself when it is an internal lane; a card in a customer lane names the
    internal lane that owns the moment in ``owner_id`` ("someone always owns the moment").
    """

    title: Line
    stage_id: ElementId
    lane_id: ElementId
    owner_id: ElementId | None = None
    order: int = 0
    description: Text = ""
    channel_id: ElementId | None = None
    emotion: Annotated[int, Field(ge=-2, le=2)] = 0
    pain_points: TextList = ()
    opportunities: TextList = ()
    timing: Line = ""
    notes: Text = ""


class KpiThreshold(BaseModel):
    """A minimum KPI value that shows a success milestone is reached."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Line
    minimum: Annotated[float, Field(allow_inf_nan=False)]  # JSON cannot hold inf or NaN
    unit: Line = ""


class SuccessCriteria(BaseModel):
    """Actions the customer completes and minimum KPI values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    actions: TextList = ()
    kpis: tuple[KpiThreshold, ...] = ()

    def is_empty(self) -> bool:
        return not self.actions and not self.kpis


class TimeFrom(StrEnum):
    """Where a success milestone's time frame is counted from."""

    PREVIOUS_MILESTONE = "previous_milestone"
    STAGE_ENTRY = "stage_entry"


class StuckRule(BaseModel):
    """After ``after_days`` at a milestone without reaching the next one, a customer is stuck there:
    take ``action`` (and run ``playbook_id``'s playbook, when one is named)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    after_days: Annotated[int, Field(ge=1, le=MAX_DAYS)]
    action: Text = ""
    playbook_id: ElementId | None = None


class MomentOfTruth(Element):
    """A success milestone, risk or celebration marker in a stage.

    A success milestone can carry targets (schema 4): the share of the customers who reached the
    previous milestone that should reach this one (``target_conversion``, in %), within
    ``time_frame_days`` counted from the previous milestone or from entering the stage; and a
    ``stuck_rule`` for customers who stay too long.
    """

    title: Line
    stage_id: ElementId
    kind: MomentKind = MomentKind.SUCCESS_MILESTONE
    order: int = 0
    description: Text = ""
    touchpoint_id: ElementId | None = None
    success_criteria: SuccessCriteria = SuccessCriteria()
    target_conversion: Percent | None = None
    time_frame_days: Days | None = None
    time_frame_from: TimeFrom = TimeFrom.PREVIOUS_MILESTONE
    stuck_rule: StuckRule | None = None


class Flow(Element):
    """A directed edge: the order in which the customer meets touchpoints."""

    source: ElementId
    target: ElementId
    label: Line = ""
    condition: Line = ""
    alternative: bool = False


class Handoff(Element):
    """What travels along a flow whose two ends have different owners.

    The owners are not stored: they are the owners of the flow's two touchpoints, so a moved card
    can never leave a handoff naming stale departments.
    """

    flow_id: ElementId
    information: TextList = ()
    artifacts: TextList = ()
    timing: Line = ""
    notes: Text = ""


class KeyMilestone(BaseModel):
    """A risk to watch or a celebration to hold while the playbook runs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: MarkerKind
    title: Line
    description: Text = ""


class RoleResponsibility(BaseModel):
    """A role and what it is responsible for in a playbook."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Line
    responsibilities: TextList = ()


class Task(BaseModel):
    """One step of a playbook's task list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: ElementId
    title: Line
    owner: Line = ""
    due: Line = ""
    description: Text = ""
    # Schema 4: due so many days after the start of what the playbook hangs off (its milestone, stage
    # or activity; negative: before it), as customer-success platforms plan tasks. ``owner`` is the
    # role that owns the task ("CSM", "Champion"), resolved to a person per account by the platform.
    due_days: Annotated[int, Field(ge=-MAX_DAYS, le=MAX_DAYS)] | None = None


class EmailTemplate(BaseModel):
    """A communication email a playbook sends (schema 4); ``{customer}``, ``{csm}``, ``{milestone}``
    and the other :data:`EMAIL_PLACEHOLDERS` are filled in when a draft is made."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: ElementId
    name: Line
    subject: Line = ""
    body: Text = ""


EMAIL_PLACEHOLDERS: tuple[str, ...] = (
    "customer",
    "csm",
    "milestone",
    "stage",
    "activity",
    "playbook",
    "company",
)


class Playbook(Element):
    """The lifecycle playbook of a moment of truth, a stage or (schema 4) an activity (a touchpoint).

    It hangs off one of them: ``moment_id`` first, then ``touchpoint_id``, then ``stage_id`` (see
    :func:`playbook_anchor`); its tasks' ``due_days`` count from that one's start.
    """

    title: Line
    moment_id: ElementId | None = None
    stage_id: ElementId | None = None
    touchpoint_id: ElementId | None = None
    event_trigger: Text = ""
    objectives: TextList = ()
    success_criteria: TextList = ()
    key_activities: TextList = ()
    deliverables: TextList = ()
    key_milestones: tuple[KeyMilestone, ...] = ()
    internal_roles: tuple[RoleResponsibility, ...] = ()
    external_roles: tuple[RoleResponsibility, ...] = ()
    tasks: tuple[Task, ...] = ()
    emails: tuple[EmailTemplate, ...] = ()


Anchor = Literal["milestone", "activity", "stage"]


def playbook_anchor(playbook: Playbook) -> tuple[Anchor, str] | None:
    """What a playbook hangs off, as (kind, id): the moment, else the activity, else the stage."""
    if playbook.moment_id:
        return "milestone", playbook.moment_id
    if playbook.touchpoint_id:
        return "activity", playbook.touchpoint_id
    if playbook.stage_id:
        return "stage", playbook.stage_id
    return None


# The fields a playbook carries, in the order exports and inspectors show them.
PLAYBOOK_FIELDS: tuple[str, ...] = (
    "event_trigger",
    "objectives",
    "success_criteria",
    "key_activities",
    "deliverables",
    "key_milestones",
    "internal_roles",
    "external_roles",
    "tasks",
)  # a playbook's communication emails (``emails``, schema 4) have their own sheet and inspector tab


class Verdict(StrEnum):
    """A customer's answer on one step of the validation workbook."""

    CONFIRMED = "confirmed"
    NEEDS_CHANGE = "needs_change"
    MISSING = "missing"


class Feedback(Element):
    """One customer's answer on one element (or a step they added), kept beside the map it validates.

    ``element_id`` is the answered element's stable id (None for a row the customer added: it reads
    as "missing something"); ``step`` is what the row said when it went out, so the answer still reads
    after the element is renamed or deleted. ``resolved`` marks it handled by the team.
    """

    element_id: ElementId | None = None
    segment_id: ElementId | None = None
    verdict: Verdict
    comment: Text = ""
    step: Text = ""
    customer: Line = ""
    answered_at: Line = ""  # ISO 8601, from the returned file (or when it was imported)
    source: Line = ""  # the returned file's name
    resolved: bool = False
    resolution: Text = ""


# The map itself has no id: a conflict on its own fields (name, description...) names it with "".
ConflictElementId = Annotated[str, StringConstraints(pattern=r"^([A-Za-z0-9][A-Za-z0-9_.:-]{0,79})?$")]
ConflictKey = tuple[str, str, str, str, str, str]


class MergeConflict(BaseModel):
    """One place where a three-way merge found both sides changing the same thing differently (schema 3).

    Kept in the merged file so that the file stays loadable and still says what was at stake: the
    merged map holds ``ours`` there, and ``theirs`` and ``base`` wait beside it until someone settles
    the conflict (``model/merge_commands.py``). Values are JSON as the file would hold them.

    - ``where`` says where the element lives: the core journey, the workspace (its vocabularies,
      customers' answers and its own fields: ``kind`` "workspace", ``element_id`` "") or a segment
      (``segment_id``: the segment's own fields, kind "segment", or one of its additions).
    - ``part`` "override" is a segment's field override of a core element: the values are the override
      as the file holds it (``{"value": ..., "base": ...}``), null where a side has none.
    - ``field`` None means the element as a whole: one side deleted what the other edited, or both
      added the same id with different content; the values are whole elements, null where absent.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Line
    element_id: ConflictElementId
    where: Literal["core", "workspace", "segment"]
    segment_id: ElementId | None = None
    part: Literal["element", "override"] = "element"
    field: Line | None = None
    base: JsonValue = None
    ours: JsonValue = None
    theirs: JsonValue = None
    ours_label: Line = "ours"
    theirs_label: Line = "theirs"

    def key(self) -> ConflictKey:
        """What identifies a conflict: one per field of one element in one place."""
        return (self.where, self.segment_id or "", self.part, self.kind, self.element_id, self.field or "")
