"""What the deck's tables say: handoffs, roles & responsibilities, customer validation, and what a
segment changes compared with the core (field by field, with names instead of ids).

Like :mod:`exporters.pptx_content`, nothing here draws; tables are paginated by :mod:`exporters.pptx_flow`.
"""

from __future__ import annotations

from typing import Any

from journeymap_designer.model.diff import ElementDiff
from journeymap_designer.model.elements import KeyMilestone, Playbook, RoleResponsibility, Task, Touchpoint
from journeymap_designer.model.workspace import Journey, Workspace

from .pptx_content import (
    CHECKBOX,
    bullet,
    kind_label,
    lane_name,
    muted,
    ordered_moments,
    ordered_playbooks,
    ordered_touchpoints,
    without_kind,
)
from .pptx_flow import Column, Table
from .pptx_text import Para, Run, para


def handoff_table(journey: Journey, customer: bool) -> Table:
    """Every handoff: who hands over to whom, between which touchpoints, what travels, and when."""
    order = {tp.id: i for i, tp in enumerate(ordered_touchpoints(journey))}
    rows = []
    handoffs = []
    for h in journey.handoffs.values():
        flow = journey.flows.get(h.flow_id)
        if flow is None or flow.source not in journey.touchpoints or flow.target not in journey.touchpoints:
            continue
        handoffs.append(
            (order.get(flow.source, len(order)), order.get(flow.target, len(order)), h.id, h, flow)
        )
    for _a, _b, _id, h, flow in sorted(handoffs, key=lambda t: t[:3]):
        source, target = journey.touchpoints[flow.source], journey.touchpoints[flow.target]
        info = [bullet(i, size=10) for i in h.information]
        info += [bullet(Run("Artifact: ", bold=True), a, size=10) for a in h.artifacts]
        if h.notes and not customer:
            info.append(
                para(
                    Run("Internal note: ", bold=True, italic=True),
                    Run(h.notes, italic=True),
                    size=10,
                    space_before=2,
                )
            )
        rows.append(
            [
                [_cell(Run(lane_name(journey, journey.owner_of(source)), bold=True)),
                 _cell("→ ", Run(lane_name(journey, journey.owner_of(target)), bold=True))],
                [_cell(source.title), _cell(f"→ {target.title}")],
                info or [muted("Nothing written yet.", size=10)],
                [_cell(h.timing)],
            ]
        )  # fmt: skip
    columns = [
        Column("From → to (owner)", 2.2),
        Column("From → to (touchpoint)", 3.0),
        Column("Information handed over", 4.6),
        Column("Timing", 2.0),
    ]
    return Table(columns, rows)


def _cell(*runs: Run | str) -> Para:
    return para(*runs, size=10, space_before=0)


def roles_table(journey: Journey, customer: bool) -> Table:
    """Each role once, with what it is responsible for in every playbook that names it."""
    found: dict[tuple[str, str], list[tuple[str, RoleResponsibility]]] = {}
    for playbook in ordered_playbooks(journey):
        sides = [("Customer", playbook.external_roles)]
        if not customer:
            sides.insert(0, ("Internal", playbook.internal_roles))
        for side, roles in sides:
            for role in roles:
                found.setdefault((side, role.role), []).append((playbook.title, role))
    rows = []
    for (side, name), uses in found.items():
        duties = [
            bullet(
                Run(f"{title}: ", bold=True),
                "; ".join(r.responsibilities) or "named, no responsibilities yet",
                size=10,
            )
            for title, r in uses
        ]
        rows.append(
            [
                [para(Run(name, bold=True), size=10, space_before=0)],
                [para(side, size=10, space_before=0)],
                duties,
            ]
        )
    return Table(
        [Column("Role", 2.4), Column("Side", 1.2), Column("Responsibilities, by playbook", 8.0)], rows
    )


def validation_table(journey: Journey) -> Table:
    """Every milestone and touchpoint, stage by stage, with boxes to tick and room for a comment."""
    rows = []
    cards = ordered_touchpoints(journey)
    for stage in journey.ordered_stages():
        for m in (m for m in ordered_moments(journey) if m.stage_id == stage.id):
            what = [
                para(
                    Run(f"{kind_label(m.kind)}: ", bold=True),
                    without_kind(m.title, kind_label(m.kind)),
                    size=10,
                    space_before=0,
                )
            ]
            rows.append(_check_row(stage.name, what))
        for tp in (tp for tp in cards if tp.stage_id == stage.id):
            what = [
                para(Run(tp.title, bold=True), size=10, space_before=0),
                para(Run(lane_name(journey, tp.lane_id), muted=True), size=9, space_before=0),
            ]
            rows.append(_check_row(stage.name, what))
    columns = [
        Column("Stage", 1.5),
        Column("Touchpoint or milestone", 4.6),
        Column("True for you ✓", 1.1, "center"),
        Column("Needs change", 1.1, "center"),
        Column("Something missing", 1.1, "center"),
        Column("Comment", 3.0),
    ]
    return Table(columns, rows, group_first_column=True)


def _check_row(stage: str, what: list[Para]) -> list[list[Para]]:
    box = Para((Run(CHECKBOX),), 12, space_before=0, align="center")
    return [[para(stage, size=10, space_before=0)], what, [box], [box], [box], []]


def differs_table(
    workspace: Workspace, core: Journey, shown: Journey, differences: list[ElementDiff]
) -> Table:
    """A segment's additions, changes (field by field, core value → segment value), moves and hides."""
    rank = {"added": 0, "changed": 1, "moved": 2, "hidden": 3, "removed": 4}
    kinds = {"touchpoint": 0, "playbook": 1, "handoff": 2, "flow": 3}
    rows = []
    for d in sorted(differences, key=lambda d: (rank.get(d.status, 9), kinds.get(d.kind, 9), d.element_id)):
        collection = _collection(d.kind)
        element = getattr(shown, collection).get(d.element_id) or getattr(core, collection).get(d.element_id)
        label = describe(core, shown, d.kind, element, d.title)
        details: list[Para] = []
        if d.status == "added":
            details.append(para(_added_detail(shown, element), size=10, space_before=0))
        elif d.status in ("hidden", "removed"):
            details.append(muted("Not part of this segment's journey.", size=10))
        for change in d.fields:
            details += _field_change(workspace, core, shown, change.field, change.old, change.new)
        status = d.status.capitalize()
        rows.append(
            [
                [para(Run(status, bold=True), size=10, space_before=0)],
                [para(label, size=10, space_before=0)],
                details,
            ]
        )
    return Table([Column("Change", 1.2), Column("Element", 3.6), Column("Core → this segment", 7.0)], rows)


def _field_change(
    workspace: Workspace, core: Journey, shown: Journey, field: str, old: Any, new: Any
) -> list[Para]:
    """One changed field: "core → segment" for a value; for a list, the items taken out and put in."""
    label = Run(f"{field_label(field)}: ", bold=True)
    if isinstance(old, tuple) and isinstance(new, tuple):
        before = [_item_text(x) for x in old]
        after = [_item_text(x) for x in new]
        removed = [x for x in before if x not in after]
        added = [x for x in after if x not in before]
        out = [bullet(label, "the same items in another order" if not (removed or added) else "", size=10)]
        out += [
            para(Run("– ", bold=True), Run(x, muted=True), size=10, indent=True, space_before=1)
            for x in removed
        ]
        out += [para(Run("+ ", bold=True), x, size=10, indent=True, space_before=1) for x in added]
        return out
    before_text = value_text(workspace, core, field, old)
    after_text = value_text(workspace, shown, field, new)
    return [bullet(label, Run(before_text, muted=True), " → ", after_text, size=10)]


def _collection(kind: str) -> str:
    return {"touchpoint": "touchpoints", "flow": "flows", "handoff": "handoffs", "playbook": "playbooks",
            "stage": "stages", "lane": "lanes", "moment": "moments"}[kind]  # fmt: skip


def describe(core: Journey, shown: Journey, kind: str, element: Any, title: str) -> str:
    """A readable name for a changed element: a flow by its two touchpoints, a card with its stage."""

    def tp_title(tp_id: str) -> str:
        tp = shown.touchpoints.get(tp_id) or core.touchpoints.get(tp_id)
        return tp.title if tp is not None else tp_id

    if kind == "flow" and element is not None:
        return f"Arrow: {tp_title(element.source)} → {tp_title(element.target)}"
    if kind == "handoff" and element is not None:
        flow = shown.flows.get(element.flow_id) or core.flows.get(element.flow_id)
        if flow is not None:
            return f"Handoff: {tp_title(flow.source)} → {tp_title(flow.target)}"
    if kind == "touchpoint" and element is not None:
        stage = shown.stages.get(element.stage_id)
        return f"Touchpoint: {title}" + (f" ({stage.name})" if stage else "")
    return f"{kind.capitalize()}: {title}"


def _added_detail(journey: Journey, element: Any) -> str:
    if isinstance(element, Touchpoint):
        return element.description or f"New touchpoint in {lane_name(journey, element.lane_id)}."
    if isinstance(element, Playbook):
        return f"A playbook of its own: {element.title}."
    return "Added in this segment."


FIELD_LABELS = {
    "stage_id": "Stage",
    "lane_id": "Lane",
    "owner_id": "Owner",
    "channel_id": "Channel",
    "flow_id": "Arrow",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def value_text(workspace: Workspace, journey: Journey, field: str, value: Any) -> str:
    """A field's value as a reader expects it: names instead of ids, lists one item per line."""
    if value is None or value == "" or value == ():
        return "(empty)"
    if field in ("stage_id", "lane_id", "owner_id") and isinstance(value, str):
        found = journey.stages.get(value) or journey.lanes.get(value)
        return found.name if found is not None else value
    if field == "channel_id" and isinstance(value, str):
        channel = workspace.channels.get(value)
        return channel.name if channel is not None else value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):
        return "; ".join(_item_text(v) for v in value)
    return str(value)


def _item_text(item: Any) -> str:
    if isinstance(item, Task):
        extra = ", ".join(x for x in (item.owner, item.due) if x)
        return f"{item.title} ({extra})" if extra else item.title
    if isinstance(item, RoleResponsibility):
        return f"{item.role}: {', '.join(item.responsibilities)}"
    if isinstance(item, KeyMilestone):
        return f"{item.kind}: {item.title}"
    if hasattr(item, "model_dump"):
        return ", ".join(f"{k}: {v}" for k, v in item.model_dump(mode="json").items())
    return str(item)
