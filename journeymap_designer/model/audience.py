"""What a customer may see: the allow-list, as plain data (no imports, so the workspace can check
a map's opt-ins against it and every exporter and view can share it).

An allow-list, not a deny-list: a field added to an element later stays internal until it is named
here. ``ALWAYS_SHOWN`` is what every customer view shows; ``OPT_IN`` is what a team may choose to show
for one map (``Workspace.customer_fields``, as ``"kind.field"``); everything else (notes, owners,
handoffs, internal roles, risks, tasks, segment differences, findings) never reaches a customer.
"""

from __future__ import annotations

ALWAYS_SHOWN: dict[str, frozenset[str]] = {
    "stage": frozenset({"name", "goal", "typical_duration"}),
    "lane": frozenset({"name"}),  # customer-side lanes and lanes not marked internal-only
    "touchpoint": frozenset({"title", "description", "channel_id", "timing"}),
    "moment": frozenset({"title", "success_criteria.actions"}),  # success milestones and celebrations
    "channel": frozenset({"name", "icon"}),
    "workspace": frozenset({"name"}),
}

# What a team may opt in, per map, with the words the app shows for each.
OPT_IN: dict[str, str] = {
    "workspace.description": "The map's description",
    "stage.description": "Stages' descriptions",
    "stage.entry_criteria": "Stages' entry criteria",
    "touchpoint.emotion": "How the customer feels at each card (the emotion curve)",
    "touchpoint.pain_points": "Cards' pain points",
    "touchpoint.opportunities": "Cards' opportunities",
    "moment.description": "Moments' descriptions",
    "moment.celebration": "Celebrations (moments the team celebrates with the customer)",
}

# Fields that only place an element (ids, order, where it sits): kept so the map can be drawn.
STRUCTURE: dict[str, frozenset[str]] = {
    "stage": frozenset({"id", "order"}),
    "lane": frozenset({"id", "side", "order", "color", "internal_only"}),
    "touchpoint": frozenset({"id", "stage_id", "lane_id", "order"}),
    "moment": frozenset({"id", "stage_id", "kind", "order", "touchpoint_id"}),
    "flow": frozenset({"id", "source", "target", "alternative"}),
    "channel": frozenset({"id"}),
}
