"""Compare mode: a journey marked element by element against a reference, with what it lacks as ghosts.

The canvas draws the journey returned here instead of the plain one: the cards and flows of the
reference that the journey shown lacks are put back in their places, marked "hidden", so the lead sees
what is missing where it would be. Everything else is marked by the diff against the reference.

Two references exist: the core, for a segment (:func:`compare_with_core`: its hides are the ghosts),
and the map at a git version, for the core or a segment (:func:`compare_with_version`: what was
deleted since is the ghost). Both go through :func:`compare_journeys`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .diff import core_ids, counterpart, diff_journeys
from .elements import MomentOfTruth
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


def compare_journeys(
    reference: Journey,
    shown: Journey,
    hidden_means: set[str] | None = None,
    moments: dict[str, MomentOfTruth] | None = None,
) -> Comparison:
    """``shown`` marked against ``reference``, with ghosts of the reference's cards and flows it lacks.

    A card of the reference missing from ``shown`` is drawn as a ghost (marked "hidden") only where it
    can be drawn: its stage and lane are still shown; a missing flow only when both its ends are drawn.
    Stages, lanes and moments are not marked (moments are shared; their differences are listed in the
    Differences panel). ``hidden_means`` is passed to :func:`diff_journeys`; ``moments``: the moments
    to draw (default: those of ``shown``).
    """
    marks: dict[str, Mark] = {}
    for d in diff_journeys(reference, shown, hidden_means):
        status: Mark = (
            "changed" if d.status in ("changed", "moved") else "added" if d.status == "added" else "hidden"
        )
        if d.kind == "handoff":  # a handoff is drawn as the label of its flow
            element = shown.handoffs.get(d.element_id) or reference.handoffs[d.element_id]
            marks.setdefault(element.flow_id, "changed")
        elif d.kind == "playbook":  # a playbook belongs to its moment's marker
            playbook = shown.playbooks.get(d.element_id) or reference.playbooks[d.element_id]
            if playbook.moment_id:
                marks.setdefault(playbook.moment_id, "changed")
        elif d.kind in ("touchpoint", "flow"):
            marks[d.element_id] = status
        # moments are shared; only a hidden card unpins them (the ghost keeps the pin); stages and
        # lanes draw the grid, which carries no marks
    gone = {i for i, m in marks.items() if m == "hidden"}
    ghost_cards = {
        i: card
        for i, card in reference.touchpoints.items()
        if i in gone and card.stage_id in shown.stages and card.lane_id in shown.lanes
    }
    touchpoints = {**shown.touchpoints, **ghost_cards}
    ghost_flows = {
        i: flow
        for i, flow in reference.flows.items()
        if i in gone and flow.source in touchpoints and flow.target in touchpoints
    }
    for i in gone - ghost_cards.keys() - ghost_flows.keys():
        del marks[i]  # nowhere to draw it: not marked (the Differences panel lists it)
    drawn_moments = shown.moments if moments is None else moments
    if not ghost_cards and not ghost_flows and drawn_moments is shown.moments:
        return Comparison(shown, marks)
    ghost_handoffs = {i: h for i, h in reference.handoffs.items() if h.flow_id in ghost_flows}
    journey = Journey.model_construct(
        None,
        stages=shown.stages,
        lanes=shown.lanes,
        touchpoints=touchpoints,
        moments=drawn_moments,
        flows={**shown.flows, **ghost_flows},
        handoffs={**shown.handoffs, **ghost_handoffs},
        playbooks=shown.playbooks,
    )
    return Comparison(journey, marks)


def compare_with_core(workspace: Workspace, segment_id: str | None) -> Comparison:
    """The segment's journey with ghosts of what it hides, marked against the core (the core: all same)."""
    core = workspace.core
    if segment_id is None:
        return Comparison(core)
    return compare_journeys(core, resolve(workspace, segment_id), core_ids(workspace), core.moments)


def version_journey(version: Workspace, workspace: Workspace, segment_id: str | None) -> Journey:
    """What stands, in the map at a version, for the journey shown now: the core for the core; for a
    segment, that segment (by id, else by name, as the Differences panel pairs them) resolved in the
    version, or the version's core when the segment did not exist then."""
    segment = workspace.segments.get(segment_id or "")
    return resolve(version, counterpart(version, segment))


def compare_with_version(version: Workspace, workspace: Workspace, segment_id: str | None) -> Comparison:
    """The journey shown now (the core or a segment) marked against the map at a version: what was
    added, changed, and (as ghosts) deleted since."""
    return compare_journeys(version_journey(version, workspace, segment_id), resolve(workspace, segment_id))
