"""Property test: any sequence of user intentions is one undo step each, and undoes byte for byte.

Hypothesis draws abstract intentions (indices, not ids) on the core or a segment; each is turned into
a real intent against the workspace as it is then, as the editing controller would. A refused
intention changes nothing and adds no undo step.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap_designer.model import intents
from journeymap_designer.model.checks import check_workspace
from journeymap_designer.model.edits import CommandError
from journeymap_designer.model.fileformat import dump_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.history import History
from journeymap_designer.model.intents import Intent
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.workspace import Workspace

KINDS = ("add_card", "move_card", "connect", "delete", "duplicate", "add_stage", "insert", "move", "reset")
intention = st.tuples(st.sampled_from(KINDS), st.lists(st.integers(0, 1000), min_size=5, max_size=5))


def _pick(items: list[Any], n: int) -> Any:
    return sorted(items)[n % len(items)] if items else None


def _intent(workspace: Workspace, kind: str, n: list[int]) -> Intent | None:
    segments = sorted(workspace.segments)
    target = None if n[0] % 3 == 0 or not segments else segments[n[0] % len(segments)]
    journey = resolve(workspace, workspace.segments.get(target or ""))
    stages, lanes = sorted(journey.stages), sorted(journey.lanes)
    cards = sorted(journey.touchpoints)
    if kind == "add_card":
        return intents.add_card(workspace, journey, target, _pick(stages, n[1]), _pick(lanes, n[2]), "Card")
    if kind == "move_card" and cards:
        return intents.move_card(
            journey, target, _pick(cards, n[1]), _pick(stages, n[2]), _pick(lanes, n[3]), n[4] % 4
        )
    if kind == "connect" and len(cards) > 1:
        return intents.connect(workspace, journey, target, _pick(cards, n[1]), _pick(cards, n[2] + 1))
    if kind == "delete" and cards:
        flows = sorted(journey.flows)
        items = [("touchpoint", _pick(cards, n[1]))] + ([("flow", _pick(flows, n[2]))] if flows else [])
        return intents.delete(workspace, journey, target, items[: 1 + n[3] % 2])
    if kind == "duplicate" and cards:
        return intents.duplicate_cards(workspace, target, [_pick(cards, n[1])])
    if kind == "add_stage":
        return intents.add_stage(workspace)
    if kind == "insert" and stages:
        return intents.insert_beside(workspace, "stage", _pick(stages, n[1]), n[2] % 2)
    if kind == "move" and lanes:
        return intents.move_beside(workspace, "lane", _pick(lanes, n[1]), 1 if n[2] % 2 else -1)
    if kind == "reset" and target is not None:
        changed = sorted(workspace.segments[target].changed.touchpoints)
        element = _pick(changed, n[1])
        how = intents.how_to_reset(workspace, target, "touchpoint", element) if element else None
        return intents.reset_to_core(workspace, target, [("touchpoint", element, how)]) if how else None
    return None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequence=st.lists(intention, min_size=1, max_size=15))
def test_each_intention_is_one_undo_step_and_all_undo_byte_for_byte(
    sequence: list[tuple[str, list[int]]],
) -> None:
    workspace = generate_workspace(16, 2, seed=5)
    original = dump_workspace(workspace)
    history = History(workspace)
    steps = 0
    for kind, n in sequence:
        before = dump_workspace(workspace)
        try:
            intent = _intent(workspace, kind, n)
            if intent is None:
                continue
            intents.perform(history, intent)
        except CommandError:
            assert dump_workspace(workspace) == before  # a refusal changes nothing
            continue
        if dump_workspace(workspace) != before:
            steps += 1
            history.undo()  # one undo takes the whole intention back
            assert dump_workspace(workspace) == before
            history.redo()
    broken = [f for f in check_workspace(workspace) if f.code in ("dangling-reference", "stale-override")]
    assert not broken, broken[:3]
    final = dump_workspace(workspace)
    undone = 0
    while history.can_undo:
        history.undo()
        undone += 1
    assert undone == steps
    assert dump_workspace(workspace) == original
    while history.can_redo:
        history.redo()
    assert dump_workspace(workspace) == final
