"""Graph checks on a resolved journey (networkx), reported as findings with severity and element id.

Touchpoints are the nodes and flows the edges. The journey starts at the touchpoints of its first
stage that has any, and ends at those of its last.
"""

from __future__ import annotations

import itertools
import json
from collections import deque
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

import networkx as nx

from .references import REFERENCES
from .resolve import resolve
from .workspace import KINDS, SEGMENT_KINDS, Journey, Segment, Workspace


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One result of a check: what is wrong, where, and how bad it is."""

    severity: Severity
    code: str
    element_id: str
    message: str
    segment: str | None = None  # segment id, or None for the core

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "severity": str(self.severity)}


def journey_graph(journey: Journey) -> nx.DiGraph:
    """The directed graph of a journey: touchpoints as nodes, flows as edges (id kept on the edge)."""
    graph = nx.DiGraph()
    graph.add_nodes_from(journey.touchpoints)
    graph.add_edges_from(
        (f.source, f.target, {"flow": f.id})
        for f in journey.flows.values()
        if f.source in journey.touchpoints and f.target in journey.touchpoints
    )
    return graph


def _stage_rank(journey: Journey) -> dict[str, int]:
    return {stage.id: rank for rank, stage in enumerate(journey.ordered_stages())}


def _ends(journey: Journey) -> tuple[list[str], list[str]]:
    """Touchpoints of the first and of the last stage that hold any."""
    rank = _stage_rank(journey)
    by_rank: dict[int, list[str]] = {}
    for tp in journey.touchpoints.values():
        if tp.stage_id in rank:
            by_rank.setdefault(rank[tp.stage_id], []).append(tp.id)
    if not by_rank:
        return [], []
    return sorted(by_rank[min(by_rank)]), sorted(by_rank[max(by_rank)])


def _quote(text: str) -> str:
    return f"\u201c{text}\u201d"


def _dangling(journey: Journey, workspace: Workspace | None, segment: str | None) -> list[Finding]:
    findings = []
    for kind_name, fields in REFERENCES.items():
        kind = KINDS[kind_name]
        elements = getattr(journey, kind.collection)
        for element in elements.values():
            for field_name, (target_kind, _mode) in fields.items():
                value = getattr(element, field_name)
                if value is None:
                    continue
                target = KINDS[target_kind]
                holder: Any = journey if target.scope == "journey" else workspace
                if holder is None or value in getattr(holder, target.collection):
                    continue
                findings.append(
                    Finding(
                        Severity.ERROR,
                        "dangling-reference",
                        element.id,
                        f"{kind.label} {element.id} refers to {target.label.lower()} {value!r} "
                        f"({field_name}), which does not exist",
                        segment,
                    )
                )
    return findings


def check_journey(
    journey: Journey, workspace: Workspace | None = None, segment: str | None = None
) -> list[Finding]:
    """Every finding for one (resolved) journey."""
    findings = _dangling(journey, workspace, segment)
    add = findings.append
    lanes = journey.lanes
    graph = _successors(journey)

    for tp in journey.touchpoints.values():
        owner = journey.owner_of(tp)
        if owner is None or owner not in lanes or lanes[owner].side != "internal":
            add(
                Finding(
                    Severity.ERROR,
                    "unowned-touchpoint",
                    tp.id,
                    f"Touchpoint {_quote(tp.title)} has no owner: put it in an internal lane or name one",
                    segment,
                )
            )

    handed_over = set()
    for handoff in journey.handoffs.values():
        handed_over.add(handoff.flow_id)
        flow = journey.flows.get(handoff.flow_id)
        if flow is not None:
            source, target = journey.touchpoints.get(flow.source), journey.touchpoints.get(flow.target)
            if (
                source is not None
                and target is not None
                and journey.owner_of(source) == journey.owner_of(target)
            ):
                add(
                    Finding(
                        Severity.WARNING,
                        "handoff-same-owner",
                        handoff.id,
                        f"Handoff from {_quote(source.title)} to {_quote(target.title)} stays with one owner",
                        segment,
                    )
                )
        if not handoff.information and not handoff.artifacts:
            add(
                Finding(
                    Severity.WARNING,
                    "handoff-no-information",
                    handoff.id,
                    "Handoff hands over no information",
                    segment,
                )
            )

    for flow in journey.flows.values():
        if flow.id in handed_over:
            continue
        source, target = journey.touchpoints.get(flow.source), journey.touchpoints.get(flow.target)
        if source is None or target is None:
            continue
        if journey.owner_of(source) != journey.owner_of(target):
            add(
                Finding(
                    Severity.INFO,
                    "undocumented-handoff",
                    flow.id,
                    f"Flow from {_quote(source.title)} to {_quote(target.title)} changes owner "
                    "without a handoff",
                    segment,
                )
            )

    playbook_count: dict[str, int] = {}
    for playbook in journey.playbooks.values():
        if playbook.moment_id:
            playbook_count[playbook.moment_id] = playbook_count.get(playbook.moment_id, 0) + 1
    with_playbook = set(playbook_count)
    for moment_id, count in sorted(playbook_count.items()):
        if count > 1 and moment_id in journey.moments:
            title = journey.moments[moment_id].title
            message = f"Moment {_quote(title)} has {count} playbooks; exports use the first by id"
            add(Finding(Severity.WARNING, "several-playbooks", moment_id, message, segment))
    for moment in journey.moments.values():
        if moment.kind != "success_milestone":
            continue
        if moment.success_criteria.is_empty():
            add(
                Finding(
                    Severity.ERROR,
                    "milestone-no-criteria",
                    moment.id,
                    f"Success milestone {_quote(moment.title)} has no success criteria",
                    segment,
                )
            )
        if moment.id not in with_playbook:
            add(
                Finding(
                    Severity.WARNING,
                    "milestone-no-playbook",
                    moment.id,
                    f"Success milestone {_quote(moment.title)} has no playbook",
                    segment,
                )
            )

    for moment in journey.moments.values():
        rule = moment.stuck_rule
        if rule is not None and rule.playbook_id and rule.playbook_id not in journey.playbooks:
            message = (
                f"The stuck rule of {_quote(moment.title)} runs playbook {rule.playbook_id!r}, "
                "which does not exist"
            )
            add(Finding(Severity.WARNING, "stuck-rule-playbook", moment.id, message, segment))

    used_stages = {tp.stage_id for tp in journey.touchpoints.values()}
    for stage in journey.ordered_stages():
        if stage.id not in used_stages:
            add(
                Finding(
                    Severity.WARNING,
                    "empty-stage",
                    stage.id,
                    f"Stage {_quote(stage.name)} has no touchpoint",
                    segment,
                )
            )

    starts, finals = _ends(journey)
    reached = _reachable(graph, starts)
    final_stage = journey.touchpoints[finals[0]].stage_id if finals else None
    for tp in journey.touchpoints.values():
        if tp.id not in reached:
            add(
                Finding(
                    Severity.WARNING,
                    "unreachable-touchpoint",
                    tp.id,
                    f"Touchpoint {_quote(tp.title)} cannot be reached from the start of the journey",
                    segment,
                )
            )
        if tp.stage_id != final_stage and not graph[tp.id]:
            add(
                Finding(
                    Severity.WARNING,
                    "dead-end",
                    tp.id,
                    f"Touchpoint {_quote(tp.title)} leads nowhere before the last stage",
                    segment,
                )
            )
    return findings


def _successors(journey: Journey) -> dict[str, set[str]]:
    """Each touchpoint's successors along the flows: `journey_graph`'s adjacency, in plain dicts.
    A networkx graph whose views were used refers to itself (it caches them): only the cyclic
    collector frees it, and after a large open that collector is held back (open_worker.py)."""
    successors: dict[str, set[str]] = {tp_id: set() for tp_id in journey.touchpoints}
    for flow in journey.flows.values():
        if flow.source in successors and flow.target in successors:
            successors[flow.source].add(flow.target)
    return successors


def _reachable(successors: dict[str, set[str]], starts: list[str]) -> set[str]:
    seen = set(starts)
    queue = deque(starts)
    while queue:
        for nxt in successors[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _segment_findings(workspace: Workspace, segment: Segment) -> list[Finding]:
    """Overrides and hides of elements that the core no longer has."""
    findings = []
    for element_id in sorted(segment.hidden):
        if not any(element_id in workspace.collection(k.name) for k in SEGMENT_KINDS):
            findings.append(
                Finding(
                    Severity.WARNING,
                    "stale-override",
                    element_id,
                    f"Segment {_quote(segment.name)} hides {element_id}, which the core no longer has",
                    segment.id,
                )
            )
    for kind in SEGMENT_KINDS:
        core = workspace.collection(kind.name)
        for element_id in getattr(segment.changed, kind.collection):
            if element_id not in core:
                findings.append(
                    Finding(
                        Severity.WARNING,
                        "stale-override",
                        element_id,
                        f"Segment {_quote(segment.name)} changes {kind.label.lower()} {element_id}, "
                        "which the core no longer has",
                        segment.id,
                    )
                )
    for persona_id in segment.persona_ids:
        if persona_id not in workspace.personas:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "dangling-reference",
                    segment.id,
                    f"Segment {_quote(segment.name)} targets persona {persona_id!r}, which does not exist",
                    segment.id,
                )
            )
    return findings


def _short(value: Any, limit: int = 40) -> str:
    """A conflict's value in a line: text quoted, anything else as JSON, long ones cut."""
    if value is None:
        return "nothing"
    shown = _quote(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= limit else shown[: limit - 1] + "\u2026"


def conflict_findings(workspace: Workspace) -> list[Finding]:
    """Each conflict a merge left unsettled, as an error naming the element and the field."""
    findings = []
    for c in workspace.merge_conflicts:
        kind = KINDS.get(c.kind)
        label = kind.label if kind else c.kind.capitalize()
        element: Any = None
        if kind is not None and c.where != "segment":
            element = workspace.collection(kind.name).get(c.element_id)
        elif kind is not None and c.segment_id in workspace.segments:
            holder = workspace.segments[c.segment_id]
            element = getattr(holder.added, kind.collection, {}).get(c.element_id)
            if element is None and c.part == "override":
                element = workspace.collection(kind.name).get(c.element_id)
        elif c.kind == "segment":
            element = workspace.segments.get(c.element_id)
        title = getattr(element, "title", None) or getattr(element, "name", None)
        what = "The map" if c.kind == "workspace" else f"{label} {c.element_id}"
        if title:
            what += f" {_quote(title)}"
        if c.part == "override":
            what += f" (as segment {c.segment_id} changes it)"
        sides = (
            f"{c.ours_label}: {_short(c.ours)}; {c.theirs_label}: {_short(c.theirs)}; base: {_short(c.base)}"
        )
        if c.field is not None:
            message = f"Merge conflict: {what}, field {c.field!r} changed on both sides ({sides})"
        elif c.base is None:
            message = f"Merge conflict: {what} added on both sides with different content ({sides})"
        else:
            gone = c.ours_label if c.ours is None else c.theirs_label
            message = f"Merge conflict: {what} deleted in {gone} and changed on the other side ({sides})"
        scope = c.segment_id if c.where == "segment" else None
        findings.append(Finding(Severity.ERROR, "merge-conflict", c.element_id or "map", message, scope))
    return findings


def check_workspace(
    workspace: Workspace, segment: Segment | str | None = None, *, all_segments: bool = True
) -> list[Finding]:
    """Findings for the core and every segment, or only for ``segment`` when one is given."""
    if segment is not None:
        seg = segment if isinstance(segment, Segment) else workspace.segment_by_name(segment)
        if seg is None:
            raise KeyError(f"no segment named {segment!r}")
        return (
            conflict_findings(workspace)
            + _segment_findings(workspace, seg)
            + check_journey(resolve(workspace, seg), workspace, seg.id)
        )
    findings = conflict_findings(workspace) + check_journey(workspace.core, workspace)
    if all_segments:
        for seg in workspace.segments.values():
            findings += _segment_findings(workspace, seg)
            findings += check_journey(resolve(workspace, seg), workspace, seg.id)
    return findings


def alternative_paths(journey: Journey, limit: int = 10) -> list[list[str]]:
    """Up to ``limit`` distinct paths (touchpoint ids) from the first stage to the last, shortest first.

    Paths run from the first stage's entry cards (no flow leads into them) to the last stage's exit
    cards (no flow leads out); a stage that loops on itself falls back to all of its cards.
    """
    starts, finals = _ends(journey)
    if not starts or not finals:
        return []
    graph = journey_graph(journey)
    starts = [s for s in starts if graph.in_degree(s) == 0] or starts
    finals = [f for f in finals if graph.out_degree(f) == 0] or finals
    source, sink = object(), object()
    graph.add_edges_from((source, s) for s in starts)
    graph.add_edges_from((f, sink) for f in finals)
    if not nx.has_path(graph, source, sink):
        return []
    paths = itertools.islice(nx.shortest_simple_paths(graph, source, sink), limit)
    return [path[1:-1] for path in paths]
