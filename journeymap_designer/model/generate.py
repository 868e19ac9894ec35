"""Synthetic but realistic workspaces of any size, for benchmarks and stress tests.

The shape follows a real B2B journey: lifecycle stages repeating in yearly cycles, customer lanes
over internal owner lanes, a flow from every card into the next stage plus alternative paths,
handoffs wherever the owner changes, a success milestone with a full playbook per stage, and
segments that hide, change and add touchpoints, flows, handoffs and playbook content.
"""

from __future__ import annotations

import random
from typing import Any

from .elements import (
    Channel,
    Flow,
    Handoff,
    KeyMilestone,
    KpiThreshold,
    Lane,
    LaneSide,
    MarkerKind,
    MomentKind,
    MomentOfTruth,
    Playbook,
    RoleResponsibility,
    Stage,
    SuccessCriteria,
    Task,
    Touchpoint,
)
from .workspace import FieldOverride, Journey, Segment, SegmentAdditions, SegmentChanges, Workspace

STAGE_NAMES = (
    "Awareness",
    "Acquisition",
    "Purchase",
    "Onboarding",
    "Adoption",
    "Renewal",
    "Expansion",
    "Advocacy",
)
CHANNELS = (
    "email",
    "call",
    "meeting",
    "in-app",
    "web",
    "social",
    "sms",
    "webinar",
    "community",
    "business-review",
)
CUSTOMER_LANES = ("Customer actions", "Executive sponsor")
OWNER_LANES = (
    ("Marketing", "#8e6cbf"),
    ("Sales", "#3a7bd5"),
    ("Onboarding", "#2a9d8f"),
    ("Customer Success", "#e9a23b"),
    ("Support", "#d1495b"),
    ("Product", "#5c677d"),
)
VERBS = (
    "Reviews",
    "Attends",
    "Receives",
    "Completes",
    "Schedules",
    "Explores",
    "Shares",
    "Requests",
    "Joins",
    "Signs",
)
OBJECTS = (
    "product tour",
    "pricing page",
    "kickoff agenda",
    "success plan",
    "training session",
    "health check",
    "usage report",
    "renewal quote",
    "case study",
    "feature announcement",
    "support ticket",
    "community forum thread",
    "executive business review",
    "integration guide",
    "NPS survey",
)
INFORMATION = (
    "Stakeholder map",
    "Success plan",
    "Signed order form",
    "Technical requirements",
    "Open risks",
    "Usage baseline",
)


def _stage_names(count: int) -> list[str]:
    names = []
    for index in range(count):
        cycle, position = divmod(index, len(STAGE_NAMES))
        names.append(STAGE_NAMES[position] if cycle == 0 else f"Year {cycle + 1}: {STAGE_NAMES[position]}")
    return names


def _playbook(playbook_id: str, moment: MomentOfTruth, rng: random.Random) -> Playbook:
    return Playbook(
        id=playbook_id,
        title=f"{moment.title} playbook",
        moment_id=moment.id,
        event_trigger=f"Customer enters {moment.title.lower()}",
        objectives=("Confirm the customer's goals", "Reach the milestone on time"),
        success_criteria=moment.success_criteria.actions,
        key_activities=tuple(f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}" for _ in range(4)),
        deliverables=("Success plan update", "Milestone summary email"),
        key_milestones=(
            KeyMilestone(kind=MarkerKind.RISK, title="No executive sponsor engaged"),
            KeyMilestone(kind=MarkerKind.CELEBRATION, title="Milestone reached"),
        ),
        internal_roles=(RoleResponsibility(role="CSM", responsibilities=("Owns the plan", "Runs reviews")),),
        external_roles=(RoleResponsibility(role="Project lead", responsibilities=("Drives adoption",)),),
        tasks=tuple(
            Task(id=f"{playbook_id}-t{n}", title=f"Task {n + 1}", owner="CSM", due=f"Day {7 * (n + 1)}")
            for n in range(4)
        ),
    )


def generate_workspace(touchpoints: int = 500, segments: int = 3, seed: int = 1) -> Workspace:
    """A workspace with about ``touchpoints`` core touchpoints, as many flows, and ``segments`` variants."""
    if touchpoints < 1 or segments < 0:
        raise ValueError("touchpoints must be at least 1 and segments at least 0")
    rng = random.Random(seed)
    stage_count = max(1, min(40, touchpoints // 200 if touchpoints >= 1600 else min(8, touchpoints)))
    stages = [
        Stage(id=f"stg-{i:03d}", name=name, order=i, goal=f"Customer progresses through {name.lower()}")
        for i, name in enumerate(_stage_names(stage_count))
    ]
    lanes = [
        Lane(id=f"lane-c{i}", name=n, side=LaneSide.CUSTOMER, order=i) for i, n in enumerate(CUSTOMER_LANES)
    ]
    lanes += [Lane(id=f"lane-o{i}", name=n, color=c, order=i) for i, (n, c) in enumerate(OWNER_LANES)]
    owners = [lane.id for lane in lanes if lane.side == LaneSide.INTERNAL]

    per_stage: list[list[Touchpoint]] = [[] for _ in stages]
    cell_orders: dict[tuple[int, str], int] = {}
    for index in range(touchpoints):
        stage_index = index * stage_count // touchpoints
        lane = lanes[index % len(lanes)]
        order = cell_orders.get((stage_index, lane.id), 0)
        cell_orders[(stage_index, lane.id)] = order + 1
        per_stage[stage_index].append(
            Touchpoint(
                id=f"tp-{index:05d}",
                title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                stage_id=stages[stage_index].id,
                lane_id=lane.id,
                owner_id=rng.choice(owners) if lane.side == LaneSide.CUSTOMER else None,
                order=order,
                description="Synthetic touchpoint for benchmarks",
                channel_id=rng.choice(CHANNELS),
                emotion=rng.randint(-2, 2),
                pain_points=("Too many steps",) if index % 7 == 0 else (),
                opportunities=("Automate the reminder",) if index % 5 == 0 else (),
                timing=f"Week {1 + index % 12}",
            )
        )
    all_tps = [tp for stage in per_stage for tp in stage]

    flows: list[Flow] = []
    for stage_index, stage_tps in enumerate(per_stage[:-1]):
        following = per_stage[stage_index + 1]
        for i, tp in enumerate(stage_tps):
            target = following[i * len(following) // len(stage_tps)]
            flows.append(Flow(id=f"flow-{len(flows):05d}", source=tp.id, target=target.id))
        for j, target in enumerate(following):  # every card in the next stage has a way in
            source = stage_tps[j * len(stage_tps) // len(following)]
            if not any(f.target == target.id for f in flows[-len(stage_tps) :]):
                flows.append(Flow(id=f"flow-{len(flows):05d}", source=source.id, target=target.id))
    while len(flows) < touchpoints and stage_count > 1:
        stage_index = rng.randrange(stage_count - 1)
        source, target = rng.choice(per_stage[stage_index]), rng.choice(per_stage[stage_index + 1])
        flows.append(
            Flow(
                id=f"flow-{len(flows):05d}",
                source=source.id,
                target=target.id,
                alternative=True,
                condition="High touch",
            )
        )

    journey = Journey(stages={s.id: s for s in stages}, lanes={lane.id: lane for lane in lanes})
    journey.touchpoints.update((tp.id, tp) for tp in all_tps)
    journey.flows.update((f.id, f) for f in flows)
    for flow in flows:
        source, target = journey.touchpoints[flow.source], journey.touchpoints[flow.target]
        if journey.owner_of(source) != journey.owner_of(target):
            handoff = Handoff(
                id=f"hof-{flow.id[5:]}",
                flow_id=flow.id,
                information=(rng.choice(INFORMATION),),
                timing="Within 2 days",
            )
            journey.handoffs[handoff.id] = handoff

    for i, stage in enumerate(stages):
        milestone = MomentOfTruth(
            id=f"mot-{i:03d}",
            title=f"{stage.name} milestone reached",
            stage_id=stage.id,
            success_criteria=SuccessCriteria(
                actions=("Complete the stage checklist",),
                kpis=(KpiThreshold(name="Weekly active users", minimum=10),),
            ),
        )
        journey.moments[milestone.id] = milestone
        playbook = _playbook(f"pb-{i:03d}", milestone, rng)
        journey.playbooks[playbook.id] = playbook
        if i % 3 == 1:
            kind = MomentKind.RISK if i % 2 else MomentKind.CELEBRATION
            marker = MomentOfTruth(
                id=f"mot-{i:03d}-m", title=f"{stage.name} {kind.value}", stage_id=stage.id, kind=kind
            )
            journey.moments[marker.id] = marker

    workspace = Workspace(
        name=f"Generated journey ({touchpoints} touchpoints, {segments} segments)",
        channels={c: Channel(id=c, name=c.replace("-", " ").title(), icon=c) for c in CHANNELS},
        core=journey,
    )
    for s in range(segments):
        segment = _make_segment(s, journey, all_tps, per_stage, rng)
        workspace.segments[segment.id] = segment
    return workspace


def _make_segment(
    number: int,
    journey: Journey,
    all_tps: list[Touchpoint],
    per_stage: list[list[Touchpoint]],
    rng: random.Random,
) -> Segment:
    """A segment changing ~5% of touchpoints, hiding ~1%, adding ~2% (connected by flows and handoffs)."""
    count = len(all_tps)
    changed: dict[str, dict[str, FieldOverride]] = {}
    for tp in rng.sample(all_tps, max(1, count // 20)):
        new_emotion = (tp.emotion + 3) % 5 - 2
        changed[tp.id] = {
            "title": FieldOverride(value=f"{tp.title} (segment {number + 1})", base=tp.title),
            "emotion": FieldOverride(value=new_emotion, base=tp.emotion),
        }
    # Hide cards of the last stage only, so that the segment's journey stays connected.
    final = per_stage[-1]
    hidden = {tp.id for tp in rng.sample(final, min(len(final) // 2, max(1, count // 100)))}
    prefix = f"s{number:02d}"
    added = SegmentAdditions()

    def connect(flow_id: str, source: Touchpoint, target: Touchpoint) -> None:
        flow = Flow(id=flow_id, source=source.id, target=target.id)
        added.flows[flow.id] = flow
        if journey.owner_of(source) != journey.owner_of(target):
            handoff = Handoff(id=f"hof-{flow_id}", flow_id=flow_id, information=("Segment brief",))
            added.handoffs[handoff.id] = handoff

    kept_final = [tp for tp in final if tp.id not in hidden]
    for flow in journey.flows.values():
        if flow.target in hidden:  # reroute to a card the segment keeps, so nothing dead-ends
            connect(f"{flow.id}-{prefix}", journey.touchpoints[flow.source], rng.choice(kept_final))
    for i in range(max(1, count // 50)):
        stage_index = rng.randrange(len(per_stage))
        anchor = rng.choice([tp for tp in per_stage[stage_index] if tp.id not in hidden])
        tp = anchor.model_copy(
            update={"id": f"tp-{prefix}-{i:04d}", "title": f"Segment step {i + 1}", "order": 99 + i}
        )
        added.touchpoints[tp.id] = tp
        connect(f"flow-{prefix}-{i:04d}a", anchor, tp)
        if stage_index + 1 < len(per_stage):
            following = [t for t in per_stage[stage_index + 1] if t.id not in hidden]
            connect(f"flow-{prefix}-{i:04d}b", tp, rng.choice(following))
    playbook_changes: dict[str, dict[str, FieldOverride]] = {}
    for playbook in list(journey.playbooks.values())[::2]:
        activities: Any = (*playbook.key_activities, f"Segment {number + 1} check-in")
        playbook_changes[playbook.id] = {
            "key_activities": FieldOverride(value=activities, base=playbook.key_activities)
        }
    return Segment(
        id=f"seg-{number:02d}",
        name=f"Segment {number + 1}",
        description="Generated segment",
        lead=f"Lead {number + 1}",
        added=added,
        hidden=hidden,
        changed=SegmentChanges(touchpoints=changed, playbooks=playbook_changes),
    )
