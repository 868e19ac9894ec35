"""Properties of the three-way merge on random edit scripts applied to both sides of a base (issue 12, 6).

- merge(base, X, base) = X and merge(base, base, Y) = Y, for any script of user intentions;
- for scripts that touch disjoint elements and fields, merge(base, X, Y) holds both and equals
  merge(base, Y, X);
- a conflict is reported exactly where both sides changed the same field to different values.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap_designer.model import intents
from journeymap_designer.model.commands import AddElement, RemoveElement, UpdateElement
from journeymap_designer.model.edits import CommandError
from journeymap_designer.model.fileformat import dump_workspace, parse_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.history import History
from journeymap_designer.model.merge import merge_workspaces
from journeymap_designer.model.segment_commands import UpdateSegment
from journeymap_designer.model.workspace import Workspace
from tests.model.test_intent_properties import _intent, intention

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE = dump_workspace(generate_workspace(16, 2, seed=5))


def base() -> Workspace:
    return parse_workspace(BASE)


def scripted(script: list[tuple[str, list[int]]]) -> Workspace:
    """The base after a script of user intentions (refused ones change nothing)."""
    workspace = base()
    history = History(workspace)
    for kind, n in script:
        try:
            intent = _intent(workspace, kind, n)
            if intent is not None:
                intents.perform(history, intent)
        except CommandError:
            continue
    return workspace


@SETTINGS
@given(script=st.lists(intention, min_size=1, max_size=10))
def test_merging_with_an_unchanged_side_gives_the_changed_side(script: list[tuple[str, list[int]]]) -> None:
    changed = scripted(script)
    expected = dump_workspace(changed)
    ours = merge_workspaces(base(), changed, base())
    theirs = merge_workspaces(base(), base(), changed)
    assert ours.clean and theirs.clean
    assert dump_workspace(ours.workspace) == expected
    assert dump_workspace(theirs.workspace) == expected


# Disjoint scripts: each edit names a card, a stage or a segment by index; X takes the even indices and
# Y the odd ones, so the two sides never touch the same element (additions get fresh ids on each side).
FIELDS = {
    "title": st.sampled_from(["A", "B", "C"]),
    "emotion": st.integers(-2, 2),
    "timing": st.just("Day 9"),
}
edit = st.tuples(
    st.sampled_from(["card", "stage", "segment", "hide", "add", "delete_flow"]),
    st.integers(0, 60),
    st.sampled_from(sorted(FIELDS)),
    st.integers(0, 2),
)


def _apply_disjoint(workspace: Workspace, edits: list[tuple[str, int, str, int]], parity: int) -> list[Any]:
    """Apply the edits whose index has this parity; return what each did, to find it in the merge."""
    done: list[Any] = []
    cards = sorted(base().core.touchpoints)
    stages = sorted(base().core.stages)
    segments = sorted(base().segments)
    flows = sorted(base().core.flows)
    for what, index, field, value in edits:
        index = index * 2 + parity
        values: dict[str, Any] = {
            "title": "ABC"[value] + str(parity),
            "emotion": value - parity,
            "timing": "Day 9",
        }
        if what == "card":
            command: Any = UpdateElement("touchpoint", cards[index % len(cards)], {field: values[field]})
        elif what == "stage":
            command = UpdateElement("stage", stages[index % len(stages)], {"goal": f"goal {parity}{value}"})
        elif what == "segment":
            segment = segments[parity]  # one segment each
            command = UpdateSegment(segment, description=f"about {value}")
        elif what == "hide":
            segment = segments[parity]
            command = RemoveElement("touchpoint", cards[index % len(cards)], target=segment)
        elif what == "add":
            card = workspace.core.touchpoints[cards[0]]
            new = card.model_copy(update={"id": f"tp-new-{parity}-{index}", "title": f"new {parity}"})
            command = AddElement("touchpoint", new)
        else:
            command = RemoveElement("flow", flows[index % len(flows)])
        try:
            command.apply(workspace)
        except CommandError:
            continue
        done.append(command)
    return done


@SETTINGS
@given(edits=st.lists(edit, min_size=1, max_size=12))
def test_disjoint_edits_merge_into_both_and_in_either_order(edits: list[tuple[str, int, str, int]]) -> None:
    x, y = base(), base()
    _apply_disjoint(x, edits, 0)
    _apply_disjoint(y, edits, 1)
    xy = merge_workspaces(base(), x, y)
    yx = merge_workspaces(base(), y, x)
    assert xy.clean and yx.clean
    assert xy.workspace == yx.workspace
    assert dump_workspace(xy.workspace) == dump_workspace(yx.workspace)
    for side in (x, y):
        for card_id, card in side.core.touchpoints.items():
            if card != base().core.touchpoints.get(card_id):
                assert xy.workspace.core.touchpoints[card_id] == card
        for flow_id in base().core.flows.keys() - side.core.flows.keys():
            assert flow_id not in xy.workspace.core.flows
        for segment_id, segment in side.segments.items():
            before = base().segments[segment_id]
            merged_segment = xy.workspace.segments[segment_id]
            assert segment.hidden - before.hidden <= merged_segment.hidden
            if segment.description != before.description:
                assert merged_segment.description == segment.description


# Overlapping edits of a few fields of a few cards, from few values, so that sides often agree.
overlap = st.lists(
    st.tuples(st.integers(0, 3), st.sampled_from(["title", "emotion", "timing"]), st.integers(0, 2)),
    max_size=8,
)


def _edit_fields(workspace: Workspace, edits: list[tuple[int, str, int]]) -> None:
    cards = sorted(workspace.core.touchpoints)[:4]
    for index, field, value in edits:
        new = {"title": "xyz"[value], "emotion": value - 1, "timing": ["", "Day 1", "Day 2"][value]}[field]
        UpdateElement("touchpoint", cards[index], {field: new}).apply(workspace)


@SETTINGS
@given(ours_edits=overlap, theirs_edits=overlap)
def test_a_conflict_is_reported_exactly_where_both_sides_changed_a_field_differently(
    ours_edits: list[tuple[int, str, int]], theirs_edits: list[tuple[int, str, int]]
) -> None:
    ours, theirs = base(), base()
    _edit_fields(ours, ours_edits)
    _edit_fields(theirs, theirs_edits)
    result = merge_workspaces(base(), ours, theirs)
    expected = set()
    for card_id, before in base().core.touchpoints.items():
        for field in ("title", "emotion", "timing"):
            b = getattr(before, field)
            o, t = (
                getattr(ours.core.touchpoints[card_id], field),
                getattr(theirs.core.touchpoints[card_id], field),
            )
            if o != b and t != b and o != t:
                expected.add((card_id, field))
    assert {(c.element_id, c.field) for c in result.conflicts} == expected
    assert {(c.element_id, c.field) for c in result.workspace.merge_conflicts} == expected
    for card_id, field in expected:  # the merged map holds ours where they disagree
        assert getattr(result.workspace.core.touchpoints[card_id], field) == getattr(
            ours.core.touchpoints[card_id], field
        )
    raw = dump_workspace(result.workspace)
    assert dump_workspace(parse_workspace(raw)) == raw
