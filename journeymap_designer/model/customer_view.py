"""The one rule for what a customer may see, used by the canvas, ``render``, the deck and the workbook.

A journey shown to a customer is rebuilt from the allow-list in ``audience``: each element keeps only
the fields that place it and the fields named there (plus the map's own opt-ins), and everything else
is left at its default. So a field added to the model later never reaches a customer until someone
names it, and an exporter handed :func:`customer_workspace` cannot leak what it was never given:
notes, owners, handoffs, playbooks, risks, KPIs, personas, segments and customers' answers are not in it.

What stays: customer-side lanes and lanes not marked internal-only, the cards on them, the arrows
between those cards (their order; no labels, no handoffs), stages, success milestones (and
celebrations when opted in) with the customer actions that reach them, and the channels.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, cast

from .audience import ALWAYS_SHOWN, OPT_IN, STRUCTURE
from .elements import (
    Channel,
    Element,
    Lane,
    MomentKind,
    MomentOfTruth,
    SuccessCriteria,
)
from .workspace import Journey, Workspace

E = TypeVar("E", bound=Element)


def shown_fields(kind: str, opt_ins: Iterable[str] = ()) -> frozenset[str]:
    """The fields of ``kind`` a customer sees: placing fields, the allow-list and the map's opt-ins."""
    chosen = {name.split(".", 1)[1] for name in opt_ins if name.startswith(f"{kind}.") and name in OPT_IN}
    return STRUCTURE.get(kind, frozenset()) | ALWAYS_SHOWN.get(kind, frozenset()) | chosen


def _only(element: E, fields: frozenset[str], **replaced: Any) -> E:
    """A copy holding only ``fields`` (validated values, taken as they are); the rest at defaults."""
    values = {name: value for name, value in element.__dict__.items() if name in fields}
    return cast(E, type(element).model_construct(**{**values, **replaced}))


def lane_shown(lane: Lane) -> bool:
    return lane.side == "customer" or not lane.internal_only


def moment_shown(moment: MomentOfTruth, opt_ins: Iterable[str] = ()) -> bool:
    if moment.kind == MomentKind.SUCCESS_MILESTONE:
        return True
    return moment.kind == MomentKind.CELEBRATION and "moment.celebration" in set(opt_ins)


def customer_journey(journey: Journey, opt_ins: Iterable[str] = ()) -> Journey:
    """The journey as a customer may see it (see the module's docstring)."""
    opt_ins = tuple(opt_ins)
    lanes = {k: _only(v, shown_fields("lane", opt_ins)) for k, v in journey.lanes.items() if lane_shown(v)}
    card_fields = shown_fields("touchpoint", opt_ins)
    touchpoints = {k: _only(t, card_fields) for k, t in journey.touchpoints.items() if t.lane_id in lanes}
    with_handoff = {h.flow_id for h in journey.handoffs.values()}
    flows = {
        k: _only(f, shown_fields("flow", opt_ins))
        for k, f in journey.flows.items()
        if f.source in touchpoints and f.target in touchpoints and k not in with_handoff
    }
    moment_fields = shown_fields("moment", opt_ins)
    moments = {
        k: _only(
            m,
            moment_fields,
            success_criteria=SuccessCriteria.model_construct(actions=m.success_criteria.actions, kpis=()),
            touchpoint_id=m.touchpoint_id if m.touchpoint_id in touchpoints else None,
        )
        for k, m in journey.moments.items()
        if moment_shown(m, opt_ins)
    }
    return Journey.model_construct(
        stages={k: _only(s, shown_fields("stage", opt_ins)) for k, s in journey.stages.items()},
        lanes=lanes,
        touchpoints=touchpoints,
        moments=moments,
        flows=flows,
        handoffs={},
        playbooks={},
    )


def customer_workspace(workspace: Workspace, journey: Journey) -> Workspace:
    """A workspace holding only what a customer may see of ``journey`` (the core or a resolved segment):
    the map's name (its description only when opted in), the channels its cards use, and the customer
    journey as its core."""
    shown = customer_journey(journey, workspace.customer_fields)
    return Workspace.model_construct(
        name=workspace.name,
        description=workspace.description if "workspace.description" in workspace.customer_fields else "",
        channels=_channels(workspace.channels, shown),
        personas={},
        core=shown,
        segments={},
        customer_fields=workspace.customer_fields,
        feedback={},
    )


def _channels(channels: Mapping[str, Channel], journey: Journey) -> dict[str, Channel]:
    used = {t.channel_id for t in journey.touchpoints.values()}
    fields = shown_fields("channel")
    return {k: _only(c, fields) for k, c in channels.items() if k in used}


__all__ = ["customer_journey", "customer_workspace", "lane_shown", "moment_shown", "shown_fields"]
