"""What the deck says: the text of each kind of slide, as sections and tables, from the model.

Nothing here draws; :mod:`exporters.pptx` paginates and places what these functions return. Every
list a user typed is shown whole (never summarised), so the deck carries every playbook category.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from journeymap_designer.model.elements import (
    EmailTemplate,
    KeyMilestone,
    MomentKind,
    MomentOfTruth,
    Playbook,
    RoleResponsibility,
    Stage,
    Task,
    Touchpoint,
)
from journeymap_designer.model.textlists import format_number
from journeymap_designer.model.workspace import Journey, Segment, Workspace

from .journey_facts import anchor_start, due_label
from .pptx_flow import Column, Section, Table
from .pptx_text import Para, Run, para

KIND_LABEL = {
    MomentKind.SUCCESS_MILESTONE: "Success milestone",
    MomentKind.RISK: "Risk",
    MomentKind.CELEBRATION: "Celebration",
}
EMOTION = {
    -2: "very negative (−2)",
    -1: "negative (−1)",
    0: "neutral (0)",
    1: "positive (+1)",
    2: "very positive (+2)",
}
CHECKBOX = "☐"


def without_kind(title: str, label: str) -> str:
    """A title that already starts with its kind ("Risk: the champion leaves") loses that prefix, so
    the deck never says "Risk: Risk: …"."""
    head, sep, rest = title.partition(":")
    return rest.strip() if sep and rest.strip() and head.strip().casefold() == label.casefold() else title


def kind_label(kind: str) -> str:
    return KIND_LABEL.get(kind, kind)  # type: ignore[call-overload,no-any-return]


def bullet(*runs: Run | str, size: float = 11.0) -> Para:
    return para(*runs, size=size, bullet=True, space_before=2.0)


def body(*runs: Run | str, size: float = 11.0) -> Para:
    return para(*runs, size=size, space_before=3.0)


def muted(text: str, size: float = 10.0) -> Para:
    return para(Run(text, muted=True), size=size, space_before=2.0)


def _bullets(items: Iterable[str]) -> list[Para]:
    return [bullet(item) for item in items if item.strip()]


def stage_order(journey: Journey) -> dict[str, int]:
    return {s.id: i for i, s in enumerate(journey.ordered_stages())}


def lane_name(journey: Journey, lane_id: str | None) -> str:
    """A lane's name; "nobody" for no owner, "our team" for a lane the customer view leaves out."""
    if not lane_id:
        return "nobody"
    lane = journey.lanes.get(lane_id)
    return lane.name if lane is not None else "our team"


def ordered_touchpoints(journey: Journey) -> list[Touchpoint]:
    """Stage by stage, lane by lane (customer lanes first), then the cards' own order."""
    stages = stage_order(journey)
    lanes = {lane.id: i for i, lane in enumerate(journey.ordered_lanes())}
    return sorted(
        (tp for tp in journey.touchpoints.values() if tp.stage_id in stages and tp.lane_id in lanes),
        key=lambda tp: (stages[tp.stage_id], lanes[tp.lane_id], tp.order, tp.title, tp.id),
    )


def ordered_moments(journey: Journey) -> list[MomentOfTruth]:
    stages = stage_order(journey)
    return sorted(
        journey.moments.values(),
        key=lambda m: (stages.get(m.stage_id, len(stages)), m.order, m.title, m.id),
    )


def ordered_playbooks(journey: Journey) -> list[Playbook]:
    """Moment playbooks in the moments' order, then activity playbooks in the cards' order, then stage
    playbooks, then any others, by title."""
    moments = {m.id: i for i, m in enumerate(ordered_moments(journey))}
    cards = {tp.id: i for i, tp in enumerate(ordered_touchpoints(journey))}
    stages = stage_order(journey)

    def key(p: Playbook) -> tuple[int, int, str, str]:
        if p.moment_id in moments:
            return (0, moments[p.moment_id], p.title, p.id)
        if p.touchpoint_id in cards:
            return (1, cards[p.touchpoint_id], p.title, p.id)
        if p.stage_id in stages:
            return (2, stages[p.stage_id], p.title, p.id)
        return (3, 0, p.title, p.id)

    return sorted(journey.playbooks.values(), key=key)


# --- overview and stages -------------------------------------------------------------------------------


def overview_sections(
    workspace: Workspace, journey: Journey, segment: Segment | None, customer: bool
) -> list[Section]:
    sections = []
    if workspace.description.strip():
        sections.append(Section("About this journey", [body(workspace.description)]))
    if segment is not None:
        lines = [
            body(Run(segment.name, bold=True), f" — {segment.description}" if segment.description else "")
        ]
        if segment.lead and not customer:
            lines.append(muted(f"Segment lead: {segment.lead}"))
        personas = [workspace.personas[p] for p in segment.persona_ids if p in workspace.personas]
        lines += [bullet(Run(p.name, bold=True), f" — {p.role}" if p.role else "") for p in personas]
        sections.append(Section("Segment", lines))
    stages = [
        bullet(Run(s.name, bold=True), f" — {s.goal}" if s.goal else "") for s in journey.ordered_stages()
    ]
    sections.append(Section("The stages", stages or [body("No stages yet.")]))
    how = [
        bullet(
            "The map: who does what in each stage; arrows are the order a customer meets the touchpoints."
        ),
        bullet("One slide per stage, then one playbook per moment of truth (a milestone showing success)."),
        bullet("The last slides ask you to confirm each touchpoint and milestone: is this true for you?"),
    ]
    sections.append(Section("How to read this deck", how))
    return sections


def stage_sections(journey: Journey, stage: Stage, customer: bool, channels: dict[str, str]) -> list[Section]:
    """A stage's goal, requirements, duration, KPIs, moments, then its cards lane by lane."""
    sections: list[Section] = []
    about: list[Para] = []
    if stage.goal:
        about.append(body(Run("Goal: ", bold=True), stage.goal))
    if stage.description:
        about.append(body(stage.description))
    if stage.typical_duration:
        about.append(body(Run("Typical duration: ", bold=True), stage.typical_duration))
    sections.append(Section("About this stage", about or [muted("No goal written yet.")]))
    if stage.entry_criteria:
        sections.append(Section("Requirements to start", _bullets(stage.entry_criteria)))
    if stage.kpis:
        sections.append(Section("KPIs", _bullets(stage.kpis)))
    moments = [m for m in ordered_moments(journey) if m.stage_id == stage.id]
    if moments:
        items: list[Para] = []
        for m in moments:
            items.append(
                replace(
                    bullet(
                        Run(f"{kind_label(m.kind)}: ", bold=True), without_kind(m.title, kind_label(m.kind))
                    ),
                    keep_with_next=bool(m.description),
                )
            )
            if m.description:
                items.append(replace(muted(m.description), indent=True))
        sections.append(Section("Moments of truth", items))
    for lane in journey.ordered_lanes():
        cards = [
            tp for tp in ordered_touchpoints(journey) if tp.stage_id == stage.id and tp.lane_id == lane.id
        ]
        if cards:
            sections.append(
                Section(lane.name, [p for tp in cards for p in card_paras(journey, tp, customer, channels)])
            )
    return sections


def card_paras(journey: Journey, tp: Touchpoint, customer: bool, channels: dict[str, str]) -> list[Para]:
    channel = channels.get(tp.channel_id or "", tp.channel_id or "")
    facts = [f"Channel: {channel}" if channel else "", f"Timing: {tp.timing}" if tp.timing else ""]
    lane = journey.lanes.get(tp.lane_id)
    if lane is not None and lane.side == "customer":
        facts.insert(0, f"Owner: {lane_name(journey, journey.owner_of(tp))}")
    facts.append(f"Feels {EMOTION.get(tp.emotion, str(tp.emotion))}")
    details: list[Para] = [muted(" · ".join(f for f in facts if f), size=10)]
    if tp.pain_points:
        details.append(
            para(Run("Pain points: ", bold=True), "; ".join(tp.pain_points), size=10, space_before=1)
        )
    if tp.opportunities:
        details.append(
            para(Run("Opportunities: ", bold=True), "; ".join(tp.opportunities), size=10, space_before=1)
        )
    if tp.notes and not customer:
        note = para(
            Run("Internal note: ", bold=True, italic=True),
            Run(tp.notes, italic=True),
            size=10,
            space_before=1,
        )
        details.append(note)
    title = para(
        Run(tp.title, bold=True), f" — {tp.description}" if tp.description else "", size=11, bullet=True
    )
    out = [replace(title, keep_with_next=True)]
    out += [replace(p, indent=True, keep_with_next=i < len(details) - 1) for i, p in enumerate(details)]
    return out


# --- playbooks -----------------------------------------------------------------------------------------


def playbook_lead(journey: Journey, playbook: Playbook) -> list[Para]:
    """What the playbook hangs off (its moment, else its activity) and its stage."""
    moment = journey.moments.get(playbook.moment_id or "")
    card = None if moment else journey.touchpoints.get(playbook.touchpoint_id or "")
    stage_id = moment.stage_id if moment else card.stage_id if card else playbook.stage_id
    stage = journey.stages.get(stage_id or "")
    parts = []
    if moment is not None:
        label = kind_label(moment.kind)
        parts.append(f"{label}: {without_kind(moment.title, label)}")
    elif card is not None:
        parts.append(f"Activity: {card.title}")
    if stage is not None:
        parts.append(f"Stage: {stage.name}")
    return [muted(" · ".join(parts), size=11)] if parts else []


def playbook_sections(journey: Journey, playbook: Playbook, customer: bool) -> list[Section]:
    """Every category of a lifecycle playbook, in the order the seeds give them; tasks go to a table."""
    moment = journey.moments.get(playbook.moment_id or "")
    sections = [
        Section(
            "Event trigger",
            [body(playbook.event_trigger)] if playbook.event_trigger else [muted("Not written yet.")],
        )
    ]
    sections.append(Section("Objectives", _bullets(playbook.objectives) or [muted("None yet.")]))
    criteria = _bullets(playbook.success_criteria)
    if moment is not None:
        criteria += [
            bullet(Run("Customer completes: ", bold=True), a) for a in moment.success_criteria.actions
        ]
        criteria += [
            bullet(
                Run("KPI: ", bold=True),
                f"{k.name} ≥ {format_number(k.minimum)}{' ' + k.unit if k.unit else ''}",
            )
            for k in moment.success_criteria.kpis
        ]
    sections.append(Section("Success criteria", criteria or [muted("None yet.")]))
    sections.append(Section("Key activities", _bullets(playbook.key_activities) or [muted("None yet.")]))
    sections.append(Section("Deliverables", _bullets(playbook.deliverables) or [muted("None yet.")]))
    sections.append(
        Section("Key milestones", [_milestone(m) for m in playbook.key_milestones] or [muted("None yet.")])
    )
    if not customer:
        sections.append(Section("Internal roles & responsibilities", _roles(playbook.internal_roles)))
    sections.append(Section("External roles & responsibilities", _roles(playbook.external_roles)))
    return sections


def _milestone(m: KeyMilestone) -> Para:
    label = "Risk" if m.kind == "risk" else "Celebration"
    color = "C0392B" if m.kind == "risk" else "7A4BC2"
    return bullet(
        Run(f"{label}: ", bold=True, color=color),
        Run(without_kind(m.title, label), bold=True),
        f" — {m.description}" if m.description else "",
    )


def _roles(roles: Iterable[RoleResponsibility]) -> list[Para]:
    out = [
        bullet(Run(r.role, bold=True), ": " + "; ".join(r.responsibilities) if r.responsibilities else "")
        for r in roles
    ]
    return out or [muted("None yet.")]


def task_lead(playbook: Playbook) -> list[Para]:
    return [muted(f"Due: days from the start of {anchor_start(playbook)} (negative: before it).", size=11)]


def _due(task: Task) -> list[Para]:
    label = due_label(task)
    cell = [para(label, size=10, space_before=0)] if label else []
    if task.due_days is not None and task.due and f"{task.due_days:+d}" not in label:
        cell.append(para(Run(f"day {task.due_days:+d}", muted=True), size=9, space_before=0))
    return cell


def task_table(playbook: Playbook | Iterable[Task]) -> Table:
    """The task list: what to do, the owner role, when it is due (as typed, and in days)."""
    tasks = playbook.tasks if isinstance(playbook, Playbook) else tuple(playbook)
    rows = []
    for number, task in enumerate(tasks, 1):
        details = [para(task.description, size=10, space_before=0)] if task.description else []
        rows.append(
            [
                [para(str(number), size=10, space_before=0)],
                [para(Run(task.title, bold=True), size=10, space_before=0)],
                [para(task.owner, size=10, space_before=0)],
                _due(task),
                details,
            ]
        )
    columns = [
        Column("#", 0.4),
        Column("Task", 4.0),
        Column("Owner role", 1.8),
        Column("Due", 1.3),
        Column("Details", 3.0),
    ]
    return Table(columns, rows)


def email_lead() -> list[Para]:
    return [
        muted(
            "Communication emails this playbook sends. Words in braces ({customer}, {csm}, {milestone}…) "
            "are filled in for each customer when a draft is made.",
            size=11,
        )
    ]


def email_table(emails: Iterable[EmailTemplate]) -> Table:
    """One row per email template: its name, subject and whole body (line breaks kept)."""
    rows = []
    for email in emails:
        body = [
            para(line, size=10, space_before=0 if i == 0 else 2)
            for i, line in enumerate(email.body.split("\n"))
        ]
        rows.append(
            [
                [para(Run(email.name, bold=True), size=10, space_before=0)],
                [para(email.subject, size=10, space_before=0)],
                [p for p in body if p.runs]
                or [para(Run("(no body yet)", muted=True), size=10, space_before=0)],
            ]
        )
    return Table([Column("Email", 2.0), Column("Subject", 3.0), Column("Body", 6.5)], rows)
