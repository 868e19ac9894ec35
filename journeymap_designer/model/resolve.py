"""Resolve a segment to its effective journey: the core, with the segment's overrides applied.

Unchanged elements are shared with the core (they are immutable), so resolving a segment costs in
proportion to what the segment changes, not to the size of the map.
"""

from __future__ import annotations

from typing import Any

from .elements import Element, Flow, Handoff, MomentOfTruth
from .workspace import KINDS, FieldOverride, Journey, Segment, Workspace


def find_segment(workspace: Workspace, segment: Segment | str | None) -> Segment | None:
    """The segment given by object, id or name (None for the core); KeyError if there is none."""
    if segment is None or isinstance(segment, Segment):
        return segment
    found = workspace.segment_by_name(segment)
    if found is None:
        raise KeyError(f"no segment named {segment!r}")
    return found


def apply_overrides(element: Element, overrides: dict[str, FieldOverride]) -> Element:
    """The element as a segment sees it (values were validated when the overrides were made).

    This is ``element.model_copy(update=...)`` without its generic copying machinery, which was most
    of the cost of resolving a segment; a test holds it equal to ``model_copy``.
    """
    if not overrides:
        return element
    values = {field: o.value for field, o in overrides.items()}
    copy = object.__new__(type(element))
    object.__setattr__(copy, "__dict__", {**element.__dict__, **values})
    object.__setattr__(copy, "__pydantic_fields_set__", element.__pydantic_fields_set__ | values.keys())
    object.__setattr__(copy, "__pydantic_extra__", None)
    object.__setattr__(copy, "__pydantic_private__", None)
    return copy


def _apply(
    base: dict[str, Any],
    changed: dict[str, dict[str, FieldOverride]],
    hidden: set[str],
    added: dict[str, Any],
) -> dict[str, Any]:
    hidden_here = {element_id for element_id in hidden if element_id in base}
    if not changed and not added and not hidden_here:
        return base
    result = dict(base)
    for element_id in hidden_here:
        del result[element_id]
    for element_id, overrides in changed.items():
        element = result.get(element_id)
        if element is not None:
            result[element_id] = apply_overrides(element, overrides)
    result.update(added)
    return result


def resolve(workspace: Workspace, segment: Segment | str | None = None) -> Journey:
    """The effective journey of a segment (or the core itself when segment is None).

    The result shares dicts and elements with the workspace: treat it as read-only.
    Hiding a touchpoint also hides the flows that touch it (and clears a moment's link to it), and
    hiding a flow hides its handoffs. :func:`effective_element` follows the same rules for one id.
    """
    seg = find_segment(workspace, segment)
    core = workspace.core
    if seg is None:
        return core
    hidden = seg.hidden
    touchpoints = _apply(core.touchpoints, seg.changed.touchpoints, hidden, seg.added.touchpoints)
    flows = _apply(core.flows, seg.changed.flows, hidden, seg.added.flows)
    hidden_touchpoints = {element_id for element_id in hidden if element_id in core.touchpoints}
    moments = core.moments
    if hidden_touchpoints:
        flows = {
            k: f
            for k, f in flows.items()
            if f.source not in hidden_touchpoints and f.target not in hidden_touchpoints
        }
        if any(m.touchpoint_id in hidden_touchpoints for m in core.moments.values()):
            moments = {
                k: m.model_copy(update={"touchpoint_id": None})
                if m.touchpoint_id in hidden_touchpoints
                else m
                for k, m in core.moments.items()
            }
    gone_flows: set[str] = set()
    if hidden:
        gone_flows = set(core.flows).union(seg.added.flows).difference(flows)
    handoffs = _apply(core.handoffs, seg.changed.handoffs, hidden, seg.added.handoffs)
    if gone_flows:
        handoffs = {k: h for k, h in handoffs.items() if h.flow_id not in gone_flows}
    playbooks = _apply(core.playbooks, seg.changed.playbooks, hidden, seg.added.playbooks)
    return Journey.model_construct(
        stages=core.stages,
        lanes=core.lanes,
        touchpoints=touchpoints,
        moments=moments,
        flows=flows,
        handoffs=handoffs,
        playbooks=playbooks,
    )


def _hides_touchpoint(workspace: Workspace, segment: Segment, touchpoint_id: str | None) -> bool:
    return touchpoint_id in segment.hidden and touchpoint_id in workspace.core.touchpoints


def effective_element(
    workspace: Workspace, segment: Segment | None, kind_name: str, element_id: str
) -> Element | None:
    """One element as a segment sees it (None when absent or hidden), without resolving the journey.

    It agrees with :func:`resolve` element for element; a property test holds the two together.
    """
    kind = KINDS[kind_name]
    core_collection = workspace.collection(kind_name)
    if segment is None:
        return core_collection.get(element_id)
    element: Any
    if not kind.segment_editable:
        element = core_collection.get(element_id)
        if isinstance(element, MomentOfTruth) and _hides_touchpoint(
            workspace, segment, element.touchpoint_id
        ):
            return element.model_copy(update={"touchpoint_id": None})
        return element  # type: ignore[no-any-return]
    element = getattr(segment.added, kind.collection).get(element_id)
    if element is None:
        core_element = core_collection.get(element_id)
        if core_element is None or element_id in segment.hidden:
            return None
        element = apply_overrides(core_element, getattr(segment.changed, kind.collection).get(element_id, {}))
    if isinstance(element, Flow) and (
        _hides_touchpoint(workspace, segment, element.source)
        or _hides_touchpoint(workspace, segment, element.target)
    ):
        return None
    if isinstance(element, Handoff):
        flow_id = element.flow_id
        flow_exists = flow_id in workspace.core.flows or flow_id in segment.added.flows
        if flow_exists and effective_element(workspace, segment, "flow", flow_id) is None:
            return None
    return element  # type: ignore[no-any-return]
