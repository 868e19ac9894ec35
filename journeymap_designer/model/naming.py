"""What the user calls an element in an undo step or a message: never an id when a name can be made.

A card or a moment is its title; a flow (an arrow) is the two cards it joins; a handoff is the two owners it
joins ("handoff Sales → Onboarding"); a playbook is its title, else its moment's.
"""

from __future__ import annotations

from typing import Any

from .elements import Flow, Touchpoint
from .resolve import effective_element
from .workspace import Segment, Workspace

ARROW = "\u2192"


def _title(element: Any) -> str:
    for attr in ("title", "name"):
        value = getattr(element, attr, None)
        if value:
            return str(value)
    return ""


def _owner_name(workspace: Workspace, segment: Segment | None, card_id: str) -> str:
    card = effective_element(workspace, segment, "touchpoint", card_id)
    if not isinstance(card, Touchpoint):
        return "?"
    owner = card.owner_id
    lane = workspace.core.lanes.get(card.lane_id)
    if not owner and lane is not None and lane.side == "internal":
        owner = lane.id
    owner_lane = workspace.core.lanes.get(owner or "")
    return owner_lane.name if owner_lane is not None else "nobody"


def _card_title(workspace: Workspace, segment: Segment | None, card_id: str) -> str:
    card = effective_element(workspace, segment, "touchpoint", card_id)
    return f"\u201c{card.title}\u201d" if isinstance(card, Touchpoint) else "?"


def element_label(workspace: Workspace, segment: Segment | None, kind: str, element: Any) -> str:
    """The words after the verb of an undo step: ``handoff Sales → Onboarding``, ``touchpoint “Demo”``."""
    noun = {"moment": "moment of truth"}.get(kind, kind)
    if element is None:
        return noun
    if kind == "flow":
        ends = [_card_title(workspace, segment, getattr(element, end)) for end in ("source", "target")]
        return f"flow {ends[0]} {ARROW} {ends[1]}"
    if kind == "handoff":
        flow = effective_element(workspace, segment, "flow", element.flow_id)
        if isinstance(flow, Flow):
            owners = [_owner_name(workspace, segment, card) for card in (flow.source, flow.target)]
            return f"handoff {owners[0]} {ARROW} {owners[1]}"
        return "handoff"
    title = _title(element)
    if not title and kind == "playbook":
        moment = effective_element(workspace, segment, "moment", element.moment_id or "")
        title = _title(moment)
    return f"{noun} \u201c{title}\u201d" if title else noun
