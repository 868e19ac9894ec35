"""Which fields of which elements point at other elements, and what happens when the target goes.

One table serves both the cascade of a delete command and the dangling-reference graph check, so
the two can never disagree about what a reference is.
"""

from __future__ import annotations

from enum import Enum


class OnDelete(Enum):
    CASCADE = "cascade"  # the referring element cannot exist without its target: delete it too
    CLEAR = "clear"  # the reference is optional: set it to None


# kind -> field -> (kind referred to, what a delete of the target does)
REFERENCES: dict[str, dict[str, tuple[str, OnDelete]]] = {
    "touchpoint": {
        "stage_id": ("stage", OnDelete.CASCADE),
        "lane_id": ("lane", OnDelete.CASCADE),
        "owner_id": ("lane", OnDelete.CLEAR),
        "channel_id": ("channel", OnDelete.CLEAR),
    },
    "moment": {
        "stage_id": ("stage", OnDelete.CASCADE),
        "touchpoint_id": ("touchpoint", OnDelete.CLEAR),
    },
    "flow": {
        "source": ("touchpoint", OnDelete.CASCADE),
        "target": ("touchpoint", OnDelete.CASCADE),
    },
    "handoff": {"flow_id": ("flow", OnDelete.CASCADE)},
    "playbook": {
        "moment_id": ("moment", OnDelete.CASCADE),
        "stage_id": ("stage", OnDelete.CLEAR),
        # An activity's playbook outlives the activity: it then hangs off its stage (schema 4).
        "touchpoint_id": ("touchpoint", OnDelete.CLEAR),
    },
}

# Kinds in an order where every kind comes after the kinds it refers to, so one pass in this order
# finds everything a delete cascades to.
DEPENDENCY_ORDER: tuple[str, ...] = (
    "stage",
    "lane",
    "channel",
    "persona",
    "touchpoint",
    "moment",
    "flow",
    "handoff",
    "playbook",
)
