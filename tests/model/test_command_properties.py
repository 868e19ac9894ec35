"""Property test: any sequence of edits undoes back to the original and redoes to the final state.

Hypothesis draws abstract operations (indices, not ids); each is turned into a real command against
the workspace as it is at that moment, aimed at the core or at a segment. Edits the model refuses
(CommandError) change nothing and are skipped, exactly as the UI would show an error and move on.
"""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap_designer.model.checks import check_workspace
from journeymap_designer.model.commands import (
    AddElement,
    Command,
    CommandError,
    RemoveElement,
    ReorderElements,
    ResetToCore,
    ShowElement,
    UpdateElement,
)
from journeymap_designer.model.edits import Change
from journeymap_designer.model.elements import PLAYBOOK_FIELDS
from journeymap_designer.model.fileformat import dump_workspace, parse_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.history import History
from journeymap_designer.model.resolve import effective_element, resolve
from journeymap_designer.model.segment_commands import CreateSegment, DeleteSegment, UpdateSegment
from journeymap_designer.model.workspace import KINDS, Journey, Workspace

OPS = (
    "add_touchpoint",
    "edit_touchpoint",
    "move_touchpoint",
    "remove",
    "add_flow",
    "add_handoff",
    "edit_playbook",
    "add_stage",
    "rename_stage",
    "reorder_stages",
    "add_lane",
    "add_moment",
    "create_segment",
    "rename_segment",
    "delete_segment",
    "edit_flow",
    "show",
    "reset_to_core",
    "macro",
)
SINGLE_OPS = OPS[:-1]

operation = st.tuples(st.sampled_from(OPS), st.lists(st.integers(0, 1000), min_size=6, max_size=6))


def _pick(items: list[Any], n: int) -> Any:
    return items[n % len(items)] if items else None


class Builder:
    """Turns an abstract operation into a command against the current workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.counter = 0

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-h{self.counter}"

    def command(self, op: str, n: list[int]) -> Command | None:
        ws = self.ws
        segments = list(ws.segments)
        target = _pick([None, *segments], n[0])
        journey = resolve(ws, target)
        stages, lanes = list(journey.stages), list(journey.lanes)
        cards, flows = list(journey.touchpoints), list(journey.flows)
        if op == "add_touchpoint" and stages and lanes:
            data = {
                "id": self.fresh("tp"),
                "title": f"Card {n[1]}",
                "stage_id": _pick(stages, n[1]),
                "lane_id": _pick(lanes, n[2]),
                "owner_id": _pick(lanes, n[3]),
                "emotion": n[4] % 5 - 2,
            }
            return AddElement("touchpoint", data, target)
        if op == "edit_touchpoint" and cards:
            field, value = _pick(
                [
                    ("title", f"Title {n[2]}"),
                    ("emotion", n[2] % 5 - 2),
                    ("pain_points", [f"Pain {n[2]}"]),
                    ("channel_id", _pick([None, *ws.channels], n[2])),
                    ("description", ""),
                ],
                n[3],
            )
            return UpdateElement("touchpoint", _pick(cards, n[1]), {field: value}, target)
        if op == "move_touchpoint" and cards and stages:
            changes = {"stage_id": _pick(stages, n[2]), "lane_id": _pick(lanes, n[3]), "order": n[4] % 4}
            return UpdateElement("touchpoint", _pick(cards, n[1]), changes, target)
        if op == "remove":
            kind = _pick(["touchpoint", "flow", "handoff", "playbook", "stage", "lane", "moment"], n[1])
            ids = list(getattr(journey, {"moment": "moments"}.get(kind, kind + "s")))
            return RemoveElement(kind, _pick(ids, n[2]), target) if ids else None
        if op == "add_flow" and cards:
            data = {"id": self.fresh("flow"), "source": _pick(cards, n[1]), "target": _pick(cards, n[2])}
            return AddElement("flow", data, target)
        if op == "add_handoff" and flows:
            data = {"id": self.fresh("hof"), "flow_id": _pick(flows, n[1]), "information": [f"Info {n[2]}"]}
            return AddElement("handoff", data, target)
        if op == "edit_playbook" and journey.playbooks:
            field = _pick(list(PLAYBOOK_FIELDS), n[2])
            value: Any = f"Trigger {n[3]}" if field == "event_trigger" else [f"Item {n[3]}"]
            if field == "key_milestones":
                value = [{"kind": "risk", "title": f"Risk {n[3]}"}]
            elif field in ("internal_roles", "external_roles"):
                value = [{"role": "CSM", "responsibilities": [f"Own {n[3]}"]}]
            elif field == "tasks":
                value = [{"id": f"task-{n[3]}", "title": f"Task {n[3]}"}]
            return UpdateElement("playbook", _pick(list(journey.playbooks), n[1]), {field: value}, target)
        if op == "add_stage":
            return AddElement("stage", {"id": self.fresh("stg"), "name": f"Stage {n[1]}", "order": n[2] % 10})
        if op == "rename_stage" and stages:
            return UpdateElement("stage", _pick(stages, n[1]), {"name": f"Renamed {n[2]}"})
        if op == "reorder_stages" and stages:
            order = sorted(stages, key=lambda s: (n[1] * sum(map(ord, s))) % 97)
            return ReorderElements("stage", order)
        if op == "add_lane":
            side = _pick(["customer", "internal"], n[2])
            return AddElement("lane", {"id": self.fresh("lane"), "name": f"Lane {n[1]}", "side": side})
        if op == "add_moment" and stages:
            kind = _pick(["success_milestone", "risk", "celebration"], n[2])
            return AddElement(
                "moment",
                {
                    "id": self.fresh("mot"),
                    "title": "M",
                    "stage_id": _pick(stages, n[1]),
                    "kind": kind,
                    "touchpoint_id": _pick([None, *cards], n[3]),
                },
            )
        if op == "create_segment":
            return CreateSegment(
                f"Segment {n[1]}", segment_id=self.fresh("seg"), copy_of=_pick([None, *segments], n[2])
            )
        if op == "rename_segment" and segments:
            return UpdateSegment(_pick(segments, n[1]), name=f"Renamed {n[2]}", lead=f"Lead {n[3]}")
        if op == "delete_segment" and segments:
            return DeleteSegment(_pick(segments, n[1]))
        if op == "edit_flow" and flows:
            changes = _pick(
                [{"target": _pick(cards, n[2])}, {"source": _pick(cards, n[2])}, {"label": f"L{n[2]}"}], n[3]
            )
            return UpdateElement("flow", _pick(flows, n[1]), changes, target)
        if op in ("show", "reset_to_core") and target is not None:
            segment = ws.segments[target]
            if op == "show" and segment.hidden:
                element_id = _pick(sorted(segment.hidden), n[1])
                kind = next(
                    k.name
                    for k in KINDS.values()
                    if k.segment_editable and element_id in ws.collection(k.name)
                )
                return ShowElement(kind, element_id, target)
            overridden = [
                (k.name, i)
                for k in KINDS.values()
                if k.segment_editable
                for i in getattr(segment.changed, k.collection)
            ]
            if op == "reset_to_core" and overridden:
                kind, element_id = _pick(overridden, n[1])
                return ResetToCore(kind, element_id, target)
        return None


def _views(workspace: Workspace) -> dict[str | None, dict[str, Any]]:
    """Every element as each view (the core, each segment) shows it, by id."""
    views: dict[str | None, dict[str, Any]] = {}
    for scope in [None, *workspace.segments]:
        journey: Journey = resolve(workspace, scope)
        shown: dict[str, Any] = {}
        for name in Journey.collection_names():
            shown.update(getattr(journey, name))
        shown.update(workspace.channels)
        shown.update(workspace.personas)
        views[scope] = shown
    return views


def _assert_change_reports(
    before: dict[str | None, dict[str, Any]], after: dict[str | None, dict[str, Any]], change: Change
) -> None:
    """A view that patches only the reported ids ends up showing exactly what the model holds."""
    reported = change.added | change.removed | change.changed
    for scope in set(before) & set(after):
        old, new = before[scope], after[scope]
        differing = {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
        assert differing <= reported, (scope, differing - reported, change)
    core_old, core_new = before[None], after[None]
    assert core_new.keys() - core_old.keys() <= change.added
    assert core_old.keys() - core_new.keys() <= change.removed


def _push(history: History, command: Command) -> None:
    before = _views(history.workspace)
    with contextlib.suppress(CommandError):
        change = history.push(command)
        _assert_change_reports(before, _views(history.workspace), change)


def _run(history: History, builder: Builder, ops: list[tuple[str, list[int]]]) -> None:
    for op, numbers in ops:
        if op == "macro":
            try:
                with history.macro("Macro"):
                    for sub_op in (_pick(list(SINGLE_OPS), numbers[1]), _pick(list(SINGLE_OPS), numbers[2])):
                        command = builder.command(sub_op, numbers)
                        if command is not None:
                            history.push(command)
            except CommandError:
                pass
            continue
        command = builder.command(op, numbers)
        if command is not None:
            _push(history, command)


def _assert_effective_elements_agree(workspace: Workspace) -> None:
    for segment in workspace.segments.values():
        journey = resolve(workspace, segment)
        for kind in KINDS.values():
            if kind.scope != "journey":
                continue
            shown = getattr(journey, kind.collection)
            ids = set(workspace.collection(kind.name)) | set(getattr(segment.added, kind.collection, {}))
            for element_id in ids:
                assert effective_element(workspace, segment, kind.name, element_id) == shown.get(element_id)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(operation, min_size=1, max_size=25))
def test_undo_all_restores_the_original_and_redo_all_the_final(ops: list[tuple[str, list[int]]]) -> None:
    workspace = generate_workspace(16, 2, seed=3)
    _assert_effective_elements_agree(workspace)
    original = workspace.model_dump()
    original_bytes = dump_workspace(workspace)
    history = History(workspace)
    _run(history, Builder(workspace), ops)

    final = workspace.model_dump()
    final_bytes = dump_workspace(workspace)
    # Whatever was done is still a valid document: it saves and loads to the same thing.
    assert parse_workspace(final_bytes).model_dump() == final
    # Commands keep references whole: no edit leaves a dangling reference or a stale override.
    broken = [f for f in check_workspace(workspace) if f.code in ("dangling-reference", "stale-override")]
    assert not broken, broken[:3]
    _assert_effective_elements_agree(workspace)

    while history.can_undo:
        history.undo()
    assert workspace.model_dump() == original
    assert dump_workspace(workspace) == original_bytes
    while history.can_redo:
        history.redo()
    assert workspace.model_dump() == final
    assert dump_workspace(workspace) == final_bytes
