"""A segment's changes applied to the core reproduce its journey; conflicts are settled, undoably.

The random workspaces come from the same random command sequences as the undo property test, so the
segments hold every kind of change the editor can make (additions that refer to additions, hides of
cards with flows and moments, overrides of references...).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap_designer.model.checks import check_workspace
from journeymap_designer.model.commands import AddElement, CommandError, RemoveElement, UpdateElement
from journeymap_designer.model.diff import apply_diff, conflicts, core_ids, diff_journeys
from journeymap_designer.model.fileformat import dump_workspace, load_workspace, parse_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.history import History
from journeymap_designer.model.reconcile import PromoteToCore, ResolveConflict, promotable
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.workspace import Journey, Workspace
from journeymap_designer.starter import sample_path

from .test_command_properties import Builder, _run, operation


def _edited_workspace(ops: list[tuple[str, list[int]]]) -> Workspace:
    workspace = generate_workspace(16, 2, seed=3)
    _run(History(workspace), Builder(workspace), ops)
    return workspace


def _dump(journey: Journey) -> dict[str, Any]:
    return journey.model_dump(mode="json")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(operation, min_size=0, max_size=25))
def test_a_segments_changes_applied_to_the_core_reproduce_its_resolved_journey(
    ops: list[tuple[str, list[int]]],
) -> None:
    workspace = _edited_workspace(ops)
    for segment_id in workspace.segments:
        expected = _dump(resolve(workspace, segment_id))
        # Applied as a diff:
        differences = diff_journeys(workspace.core, resolve(workspace, segment_id), core_ids(workspace))
        assert _dump(apply_diff(workspace.core, differences)) == expected
        # Applied as an undoable edit: every change promoted to the core, for everyone.
        if not promotable(workspace, segment_id):
            continue
        before = dump_workspace(workspace)
        history = History(workspace)
        history.push(PromoteToCore(segment_id))
        assert _dump(workspace.core) == expected
        assert _dump(resolve(workspace, segment_id)) == expected  # nothing left of its own
        assert promotable(workspace, segment_id) == []
        reloaded = parse_workspace(dump_workspace(workspace))  # still a valid file
        assert not [f for f in check_workspace(reloaded) if f.code == "dangling_reference"]
        history.undo()
        assert dump_workspace(workspace) == before


def _sample_with_conflict() -> tuple[Workspace, History, str, str]:
    """The sample, with the core retitling a card the SMB segment had already retitled."""
    workspace = load_workspace(sample_path())
    segment = workspace.segment_by_name("SMB")
    assert segment is not None
    card_id = next(i for i, o in segment.changed.touchpoints.items() if "title" in o)
    history = History(workspace)
    history.push(UpdateElement("touchpoint", card_id, {"title": "Core retitled it"}))
    assert [(c.element_id, c.field) for c in conflicts(workspace, segment.id)] == [(card_id, "title")]
    return workspace, history, segment.id, card_id


@pytest.mark.parametrize(
    ("keep", "value", "shown"),
    [("mine", None, "mine"), ("core", None, "Core retitled it"), ("value", "A third title", "A third title")],
)
def test_settling_a_conflict_keeps_mine_takes_the_core_or_edits(keep: str, value: Any, shown: str) -> None:
    workspace, history, segment_id, card_id = _sample_with_conflict()
    mine = workspace.segments[segment_id].changed.touchpoints[card_id]["title"].value
    before = dump_workspace(workspace)
    args = {} if value is None else {"value": value}
    history.push(ResolveConflict("touchpoint", card_id, "title", segment_id, keep, **args))  # type: ignore[arg-type]
    assert conflicts(workspace, segment_id) == []
    seen = resolve(workspace, segment_id).touchpoints[card_id].title
    assert seen == (mine if shown == "mine" else shown)
    assert workspace.core.touchpoints[card_id].title == "Core retitled it"  # the core is untouched
    history.undo()
    assert dump_workspace(workspace) == before
    assert len(conflicts(workspace, segment_id)) == 1


def test_a_settled_conflict_comes_back_only_when_the_core_changes_the_field_again() -> None:
    workspace, history, segment_id, card_id = _sample_with_conflict()
    history.push(ResolveConflict("touchpoint", card_id, "title", segment_id, "mine"))
    history.push(UpdateElement("touchpoint", card_id, {"timing": "Day 99"}))  # another field
    assert conflicts(workspace, segment_id) == []
    history.push(UpdateElement("touchpoint", card_id, {"title": "Core retitled it twice"}))
    assert [c.core for c in conflicts(workspace, segment_id)] == ["Core retitled it twice"]


def test_settling_refuses_what_is_not_a_conflict_and_bad_values() -> None:
    workspace, history, segment_id, card_id = _sample_with_conflict()
    with pytest.raises(CommandError, match="not in conflict"):
        other = next(
            (i, f)
            for i, o in workspace.segments[segment_id].changed.touchpoints.items()
            for f in o
            if (i, f) != (card_id, "title")
        )
        history.push(ResolveConflict("touchpoint", other[0], other[1], segment_id, "mine"))
    with pytest.raises(CommandError, match="title"):
        history.push(ResolveConflict("touchpoint", card_id, "title", segment_id, "value", value="x" * 3000))
    with pytest.raises(CommandError, match="valid string"):
        history.push(ResolveConflict("touchpoint", card_id, "title", segment_id, "value", value=123))
    assert len(history) == 1  # only the core edit that raised the conflict


def test_promoting_one_change_reaches_every_segment_that_did_not_change_it() -> None:
    workspace = load_workspace(sample_path())
    smb = workspace.segment_by_name("SMB")
    assert smb is not None
    card_id, overrides = next((i, o) for i, o in smb.changed.touchpoints.items() if "title" in o)
    history = History(workspace)
    history.push(PromoteToCore(smb.id, [("touchpoint", card_id)]))
    assert workspace.core.touchpoints[card_id].title == overrides["title"].value
    assert card_id not in smb.changed.touchpoints
    for other in workspace.segments.values():
        if card_id not in other.hidden and "title" not in other.changed.touchpoints.get(card_id, {}):
            assert resolve(workspace, other.id).touchpoints[card_id].title == overrides["title"].value
    assert history.undo_name.startswith("Promote touchpoint")


def test_promoting_an_added_flow_takes_the_cards_it_needs_along() -> None:
    workspace = load_workspace(sample_path())
    segment = workspace.segment_by_name("SMB")
    assert segment is not None
    history = History(workspace)
    stage, lane = next(iter(workspace.core.stages)), next(iter(workspace.core.lanes))
    card = {"id": "tp-new-one", "title": "Self-serve tour", "stage_id": stage, "lane_id": lane}
    history.push(AddElement("touchpoint", card, segment.id))
    first_card = next(iter(workspace.core.touchpoints))
    flow = {"id": "flow-new-one", "source": first_card, "target": "tp-new-one"}
    history.push(AddElement("flow", flow, segment.id))
    history.push(PromoteToCore(segment.id, [("flow", "flow-new-one")]))
    assert "flow-new-one" in workspace.core.flows and "tp-new-one" in workspace.core.touchpoints
    assert not segment.added.flows.keys() & {"flow-new-one"}
    assert not segment.added.touchpoints.keys() & {"tp-new-one"}


def test_promoting_a_hide_deletes_the_card_from_the_core_with_its_flows() -> None:
    workspace = load_workspace(sample_path())
    segment = workspace.segment_by_name("SMB")
    assert segment is not None
    card_id = next(f.source for f in workspace.core.flows.values() if f.source not in segment.hidden)
    history = History(workspace)
    history.push(RemoveElement("touchpoint", card_id, segment.id))  # hides it in SMB
    history.push(PromoteToCore(segment.id, [("touchpoint", card_id)]))
    assert card_id not in workspace.core.touchpoints
    assert all(card_id not in (f.source, f.target) for f in workspace.core.flows.values())
    assert card_id not in segment.hidden
    with pytest.raises(CommandError, match="does not change"):
        history.push(PromoteToCore(segment.id, [("touchpoint", card_id)]))
