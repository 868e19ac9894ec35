"""Compare mode: a segment's journey marked element by element against the core, with its hides as ghosts.

The canvas draws the journey returned here instead of the plain resolved segment: the core cards and
flows the segment hides are put back in their places, marked "hidden", so the lead sees what is missing
where it would be. Everything else is marked by the diff against the core.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .diff import core_ids, diff_journeys
from .resolve import resolve
from .workspace import Journey, Workspace

Mark = Literal["same", "added", "changed", "hidden"]
MARKS: tuple[Mark, ...] = ("same", "added", "changed", "hidden")


@dataclass
class Comparison:
    """What compare mode draws: the journey (with ghosts) and the mark of every element not "same"."""

    journey: Journey
    marks: dict[str, Mark] = field(default_factory=dict)

    def mark(self, element_id: str) -> Mark:
        return self.marks.get(element_id, "same")

    def counts(self, kinds: tuple[str, ...] = ("touchpoints", "flows")) -> dict[Mark, int]:
        """How many cards and arrows (by default) carry each mark: the legend's numbers."""
        totals: dict[Mark, int] = dict.fromkeys(MARKS, 0)
        for name in kinds:
            for element_id in getattr(self.journey, name):
                totals[self.mark(element_id)] += 1
        return totals


def compare_with_core(workspace: Workspace, segment_id: str | None) -> Comparison:
    """The segment's journey with ghosts of what it hides, marked against the core (the core: all same)."""
    core = workspace.core
    if segment_id is None:
        return Comparison(core)
    shown = resolve(workspace, segment_id)
    marks: dict[str, Mark] = {}
    for d in diff_journeys(core, shown, core_ids(workspace)):
        status: Mark = "changed" if d.status in ("changed", "moved") else d.status  # type: ignore[assignment]
        if d.kind == "handoff":  # a handoff is drawn as the label of its flow
            element = shown.handoffs.get(d.element_id) or core.handoffs[d.element_id]
            marks.setdefault(element.flow_id, "changed")
        elif d.kind == "playbook":  # a playbook belongs to its moment's marker
            playbook = shown.playbooks.get(d.element_id) or core.playbooks[d.element_id]
            if playbook.moment_id:
                marks.setdefault(playbook.moment_id, "changed")
        elif d.kind == "moment":
            continue  # moments are shared; only a hidden card unpins them (the ghost keeps the pin)
        else:
            marks[d.element_id] = status
    hidden = {i for i, m in marks.items() if m == "hidden"}
    ghost_cards = {i: core.touchpoints[i] for i in hidden if i in core.touchpoints}
    touchpoints = {**shown.touchpoints, **ghost_cards}
    ghost_flows = {
        i: flow
        for i, flow in core.flows.items()
        if i in hidden and flow.source in touchpoints and flow.target in touchpoints
    }
    if not ghost_cards and not ghost_flows:
        return Comparison(shown, marks)
    ghost_handoffs = {i: h for i, h in core.handoffs.items() if h.flow_id in ghost_flows}
    journey = Journey.model_construct(
        None,
        stages=shown.stages,
        lanes=shown.lanes,
        touchpoints=touchpoints,
        moments=core.moments,
        flows={**shown.flows, **ghost_flows},
        handoffs={**shown.handoffs, **ghost_handoffs},
        playbooks=shown.playbooks,
    )
    return Comparison(journey, marks)
