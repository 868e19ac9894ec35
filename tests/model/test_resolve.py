"""Segments resolve to their effective journey; the core shows through wherever they did not override."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap_designer.model.commands import UpdateElement
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.history import History
from journeymap_designer.model.resolve import apply_overrides, effective_element, resolve
from journeymap_designer.model.workspace import Workspace


def test_core_resolves_to_itself(small_workspace: Workspace) -> None:
    assert resolve(small_workspace) is small_workspace.core


def test_segment_applies_additions_hides_and_overrides(small_workspace: Workspace) -> None:
    segment = small_workspace.segments["seg-00"]
    journey = resolve(small_workspace, "Segment 1")  # by name as well as by id
    core = small_workspace.core
    assert set(segment.added.touchpoints) <= set(journey.touchpoints)
    assert not segment.hidden & set(journey.touchpoints)
    for element_id, overrides in segment.changed.touchpoints.items():
        for field, override in overrides.items():
            assert getattr(journey.touchpoints[element_id], field) == override.value
            assert getattr(core.touchpoints[element_id], field) == override.base
    # Untouched elements are shared with the core, not copied.
    untouched = next(
        i for i in core.touchpoints if i not in segment.changed.touchpoints and i not in segment.hidden
    )
    assert journey.touchpoints[untouched] is core.touchpoints[untouched]
    assert journey.stages is core.stages and journey.moments is core.moments


def test_hiding_a_touchpoint_hides_its_flows_and_handoffs(small_workspace: Workspace) -> None:
    core = small_workspace.core
    handoff = next(iter(core.handoffs.values()))
    flow = core.flows[handoff.flow_id]
    segment = small_workspace.segments["seg-01"]
    segment.hidden.add(flow.source)
    journey = resolve(small_workspace, segment)
    assert flow.id not in journey.flows and handoff.id not in journey.handoffs
    assert flow.id in core.flows  # the core keeps them


def test_core_change_reaches_segments_that_did_not_override(small_workspace: Workspace) -> None:
    segment = small_workspace.segments["seg-00"]
    overridden = next(iter(segment.changed.touchpoints))
    plain = next(i for i in small_workspace.core.touchpoints if i not in segment.changed.touchpoints)
    history = History(small_workspace)
    history.push(UpdateElement("touchpoint", overridden, {"title": "Core title", "timing": "Day 9"}))
    history.push(UpdateElement("touchpoint", plain, {"title": "Core title"}))
    journey = resolve(small_workspace, segment)
    assert journey.touchpoints[plain].title == "Core title"
    assert journey.touchpoints[overridden].title != "Core title"  # the segment's own title wins
    assert journey.touchpoints[overridden].timing == "Day 9"  # an unchanged field follows the core
    assert (
        effective_element(small_workspace, segment, "touchpoint", overridden)
        == journey.touchpoints[overridden]
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 80), segments=st.integers(0, 3))
def test_effective_element_agrees_with_resolve(seed: int, size: int, segments: int) -> None:
    workspace = generate_workspace(size, segments, seed=seed)
    for segment in workspace.segments.values():
        journey = resolve(workspace, segment)
        for kind, collection in (("touchpoint", "touchpoints"), ("playbook", "playbooks")):
            ids = set(getattr(workspace.core, collection)) | set(getattr(segment.added, collection))
            for element_id in ids:
                assert effective_element(workspace, segment, kind, element_id) == getattr(
                    journey, collection
                ).get(element_id)


def test_apply_overrides_equals_model_copy(small_workspace: Workspace) -> None:
    segment = small_workspace.segments["seg-00"]
    for kind, collection in (("touchpoint", "touchpoints"), ("playbook", "playbooks")):
        for element_id, overrides in getattr(segment.changed, collection).items():
            core = getattr(small_workspace.core, collection)[element_id]
            fast = apply_overrides(core, overrides)
            slow = core.model_copy(update={f: o.value for f, o in overrides.items()})
            assert fast == slow and fast.model_dump() == slow.model_dump()
            assert fast.model_fields_set == slow.model_fields_set
            assert type(fast) is type(core) and fast is not core
            assert effective_element(small_workspace, segment, kind, element_id) == fast
