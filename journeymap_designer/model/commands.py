"""Undoable commands on elements (stages, lanes, touchpoints, moments, flows, handoffs, playbooks...).

Commands aim at the core (``target=None``) or at a segment (``target=segment id``). In a segment, an
edit of a core element becomes a field override, a delete becomes a hide, and an add is an addition.
The engine they run on (planned writes, apply, revert, Change) is in :mod:`.edits`; segment and
workspace commands are in :mod:`.segment_commands`.
"""

from __future__ import annotations

import secrets
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from .edits import MISSING, Change, Command, CommandError, CompoundCommand, Path, Write
from .elements import Element
from .naming import element_label
from .references import DEPENDENCY_ORDER, REFERENCES, OnDelete
from .resolve import apply_overrides, effective_element
from .workspace import KINDS, FieldOverride, IdView, Kind, Segment, Workspace

__all__ = [
    "AddElement",
    "Change",
    "Command",
    "CommandError",
    "CompoundCommand",
    "RemoveElement",
    "ReorderElements",
    "ResetToCore",
    "ShowElement",
    "UpdateElement",
    "move_touchpoint",
    "new_id",
]

ID_PREFIXES = {
    "stage": "stg",
    "lane": "lane",
    "touchpoint": "tp",
    "moment": "mot",
    "flow": "flow",
    "handoff": "hof",
    "playbook": "pb",
    "channel": "ch",
    "persona": "per",
    "segment": "seg",
    "task": "task",
}


def new_id(prefix: str, existing: Iterable[str] | IdView = ()) -> str:
    """A fresh random id such as ``tp-3fa9c27d01be``, unused in ``existing``."""
    taken: Container[str] = (
        existing if isinstance(existing, set | frozenset | dict | IdView) else set(existing)
    )
    while True:
        candidate = f"{prefix}-{secrets.token_hex(6)}"
        if candidate not in taken:
            return candidate


def display_name(element: Any) -> str:
    """What the user calls an element: its title or name (or its id when it has neither)."""
    for attr in ("title", "name", "id"):
        value = element.get(attr) if isinstance(element, Mapping) else getattr(element, attr, None)
        if value:
            return str(value)
    return "element"


def quoted(element: Any) -> str:
    return f"\u201c{display_name(element)}\u201d"


def kind_named(kind_name: str) -> Kind:
    try:
        return KINDS[kind_name]
    except KeyError:
        raise CommandError(f"unknown kind of element {kind_name!r}") from None


def target_segment(workspace: Workspace, target: str | None) -> Segment | None:
    """The segment an edit aims at (None for the core); CommandError if there is no such segment."""
    if target is None:
        return None
    segment = workspace.segments.get(target)
    if segment is None:
        raise CommandError(f"there is no segment {target!r}")
    return segment


def first_error(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first.get('msg')}" if where else str(first.get("msg"))


def core_path(kind: Kind) -> Path:
    return ("core", kind.collection) if kind.scope == "journey" else ("workspace", kind.collection)


def _require_segment_editable(kind: Kind) -> None:
    if not kind.segment_editable:
        raise CommandError(
            f"{plural_label(kind.label)} are shared by every segment: "
            "switch to the core journey to change them"
        )


def plural_label(label: str) -> str:
    """ "Moment of truth" -> "Moments of truth", "Stage" -> "Stages"."""
    first, _, rest = label.partition(" ")
    return f"{first}s {rest}".strip()


def _validated(kind: Kind, data: Mapping[str, Any]) -> Element:
    try:
        return kind.model.model_validate(dict(data))
    except ValidationError as exc:
        raise CommandError(f"{kind.label} {first_error(exc)}") from None


def _check_references(workspace: Workspace, segment: Segment | None, kind: Kind, element: Element) -> None:
    for field_name, (target_kind, _mode) in REFERENCES.get(kind.name, {}).items():
        value = getattr(element, field_name)
        if value is not None and effective_element(workspace, segment, target_kind, value) is None:
            label = KINDS[target_kind].label.lower()
            raise CommandError(f"{kind.label} {quoted(element)}: {field_name} names no {label} {value!r}")


class AddElement(Command):
    """Add a stage, lane, touchpoint, moment, flow, handoff, playbook, channel or persona."""

    def __init__(self, kind_name: str, element: Element | Mapping[str, Any], target: str | None = None):
        self.kind = kind_named(kind_name)
        self.target = target
        self.element = element
        super().__init__(f"Add {self.kind.label.lower()} {quoted(element)}")

    def plan(self, workspace: Workspace) -> list[Write]:
        kind = self.kind
        segment = target_segment(workspace, self.target)
        if segment is not None:
            _require_segment_editable(kind)
        element = self.element
        if not isinstance(element, Element) or type(element) is not kind.model:
            data = element.model_dump() if isinstance(element, Element) else dict(element)
            element = _validated(kind, data)
        if workspace.has_id(element.id):
            raise CommandError(f"the id {element.id!r} is already used in this workspace")
        _check_references(workspace, segment, kind, element)
        self.name = f"Add {element_label(workspace, segment, kind.name, element)}"
        if segment is None:
            return [Write(core_path(kind), element.id, element)]
        return [Write(("segment", segment.id, "added", kind.collection), element.id, element)]


class UpdateElement(Command):
    """Change fields of an element: rename, edit a playbook field, move a card, re-point a flow..."""

    def __init__(
        self,
        kind_name: str,
        element_id: str,
        changes: Mapping[str, Any],
        target: str | None = None,
        name: str | None = None,
    ) -> None:
        self.kind = kind_named(kind_name)
        self.element_id = element_id
        self.changes = dict(changes)
        self.target = target
        super().__init__(name or "")

    def plan(self, workspace: Workspace) -> list[Write]:
        segment = target_segment(workspace, self.target)
        writes = plan_update(workspace, segment, self.kind, self.element_id, self.changes)
        if self.kind.name == "flow":  # re-pointing a flow can show or hide it, with its handoffs, in segments
            holders = [workspace.core.handoffs, *(s.added.handoffs for s in workspace.segments.values())]
            self.also_affected = frozenset(
                h.id for hs in holders for h in hs.values() if h.flow_id == self.element_id
            )
        if not self.name:
            self.name = _update_name(self.kind, workspace, segment, self.element_id, self.changes)
        return writes


def _update_name(
    kind: Kind, workspace: Workspace, segment: Segment | None, element_id: str, changes: Mapping[str, Any]
) -> str:
    element = effective_element(workspace, segment, kind.name, element_id)
    label = element_label(workspace, segment, kind.name, element)
    fields = set(changes)
    if fields <= {"stage_id", "lane_id", "order", "owner_id"}:
        return f"Move {label}" if fields - {"order"} else f"Reorder {label}"
    if fields <= {"title", "name"}:
        return f"Rename {label}"
    shown = ", ".join(sorted(f.replace("_", " ") for f in fields))
    return f"Edit {label}: {shown}"


def plan_update(
    workspace: Workspace, segment: Segment | None, kind: Kind, element_id: str, changes: Mapping[str, Any]
) -> list[Write]:
    """The writes that set ``changes`` on one element, in the core or as a segment override.

    No write at all when nothing would change, so a no-op edit never becomes an undo step.
    """
    if "id" in changes and changes["id"] != element_id:
        raise CommandError("an element's id never changes")
    unknown = set(changes) - set(kind.model.model_fields)
    if unknown:
        raise CommandError(f"{kind.label}s have no field {sorted(unknown)[0]!r}")
    if segment is not None:
        _require_segment_editable(kind)
    current = effective_element(workspace, segment, kind.name, element_id)
    if current is None:
        where = f" in segment {segment.name!r}" if segment is not None else ""
        raise CommandError(f"there is no {kind.label.lower()} {element_id!r}{where} (it may be hidden there)")
    updated = _validated(kind, {**current.model_dump(), **changes})
    if updated == current:
        return []
    _check_references(workspace, segment, kind, updated)
    if segment is None:
        return [Write(core_path(kind), element_id, updated)]
    added = getattr(segment.added, kind.collection)
    if element_id in added:
        return [Write(("segment", segment.id, "added", kind.collection), element_id, updated)]
    core_element = workspace.collection(kind.name)[element_id]
    current_overrides: dict[str, FieldOverride] = getattr(segment.changed, kind.collection).get(
        element_id, {}
    )
    overrides = dict(current_overrides)
    for field_name in changes:
        value = getattr(updated, field_name)
        core_value = getattr(core_element, field_name)
        if value == core_value:
            overrides.pop(field_name, None)  # back to the core's value: no longer an override
        else:
            # The base stays what the core held when the segment first departed from it, so a
            # later core change to this field remains recognisable as a conflict.
            base = current_overrides[field_name].base if field_name in current_overrides else core_value
            overrides[field_name] = FieldOverride(value=value, base=base)
    path = ("segment", segment.id, "changed", kind.collection)
    return [Write(path, element_id, dict(sorted(overrides.items())) if overrides else MISSING)]


def move_touchpoint(
    touchpoint_id: str,
    stage_id: str | None = None,
    lane_id: str | None = None,
    order: int | None = None,
    target: str | None = None,
    clear_owner: bool = False,
) -> UpdateElement:
    """Move a card to another stage and/or lane (another owner), or to another place in its cell.

    ``clear_owner`` for a move into an internal owner's lane: that lane owns the moment then.
    """
    changes: dict[str, Any] = {}
    if stage_id is not None:
        changes["stage_id"] = stage_id
    if lane_id is not None:
        changes["lane_id"] = lane_id
    if order is not None:
        changes["order"] = order
    if clear_owner:
        changes["owner_id"] = None
    return UpdateElement("touchpoint", touchpoint_id, changes, target)


class ReorderElements(Command):
    """Give elements of one kind the orders 0, 1, 2... in the sequence given (stages, lanes, cards)."""

    def __init__(self, kind_name: str, ordered_ids: Sequence[str], target: str | None = None) -> None:
        self.kind = kind_named(kind_name)
        if "order" not in self.kind.model.model_fields:
            raise CommandError(f"{self.kind.label}s have no order")
        self.ordered_ids = list(ordered_ids)
        self.target = target
        super().__init__(f"Reorder {self.kind.label.lower()}s")

    def plan(self, workspace: Workspace) -> list[Write]:
        segment = target_segment(workspace, self.target)
        writes: list[Write] = []
        for index, element_id in enumerate(self.ordered_ids):
            writes += plan_update(workspace, segment, self.kind, element_id, {"order": index})
        return writes


class RemoveElement(Command):
    """Delete an element and everything that cannot exist without it (flows of a card, ...).

    In a segment, deleting a core element hides it there; deleting a segment's own addition removes it.
    Optional references to a deleted element are cleared, and segment overrides of it are dropped.
    """

    def __init__(self, kind_name: str, element_id: str, target: str | None = None) -> None:
        self.kind = kind_named(kind_name)
        self.element_id = element_id
        self.target = target
        super().__init__(f"Delete {self.kind.label.lower()}")

    def plan(self, workspace: Workspace) -> list[Write]:
        segment = target_segment(workspace, self.target)
        kind = self.kind
        if segment is not None:
            _require_segment_editable(kind)
        element = effective_element(workspace, segment, kind.name, self.element_id)
        if element is None:
            where = f" in {segment.name!r}" if segment is not None else ""
            raise CommandError(f"there is no {kind.label.lower()} {self.element_id!r}{where}")
        self.name = f"Delete {element_label(workspace, segment, kind.name, element)}"
        if segment is None:
            return plan_cascade(workspace, {kind.name: {self.element_id}}, only_segment=None)
        if self.element_id in getattr(segment.added, kind.collection):
            return plan_cascade(workspace, {kind.name: {self.element_id}}, only_segment=segment)
        self.name = f"Hide {element_label(workspace, segment, kind.name, element)} in {segment.name}"
        self.also_affected = frozenset(_hidden_with(workspace, segment, kind.name, self.element_id))
        return [Write(("segment", segment.id, "hidden"), self.element_id, True)]


def _hidden_with(workspace: Workspace, segment: Segment, kind_name: str, element_id: str) -> set[str]:
    """Ids that leave a segment's journey along with a hidden card (its flows, their handoffs...)."""
    gone = set()
    if kind_name == "touchpoint":
        # The flows as the segment draws them (with its overrides), whether the card is hidden yet or not.
        overrides = segment.changed.flows
        flows = [
            apply_overrides(f, overrides.get(i, {}))
            for i, f in workspace.core.flows.items()
            if i not in segment.hidden
        ]
        for flow in [*flows, *segment.added.flows.values()]:
            if element_id in (flow.source, flow.target):  # type: ignore[attr-defined]
                gone.add(flow.id)
        gone |= {m.id for m in workspace.core.moments.values() if m.touchpoint_id == element_id}
    if kind_name == "flow":
        gone.add(element_id)
    if gone:
        for handoffs in (workspace.core.handoffs, segment.added.handoffs):
            gone |= {h.id for h in handoffs.values() if h.flow_id in gone}
    gone.discard(element_id)
    return gone


class ShowElement(Command):
    """Show again, in a segment, a core element the segment hides."""

    def __init__(self, kind_name: str, element_id: str, target: str) -> None:
        self.kind = kind_named(kind_name)
        self.element_id = element_id
        self.target = target
        super().__init__(f"Show {self.kind.label.lower()}")

    def plan(self, workspace: Workspace) -> list[Write]:
        segment = target_segment(workspace, self.target)
        assert segment is not None
        element = workspace.collection(self.kind.name).get(self.element_id)
        if element is None or self.element_id not in segment.hidden:
            raise CommandError(
                f"{segment.name!r} does not hide {self.kind.label.lower()} {self.element_id!r}"
            )
        self.name = f"Show {element_label(workspace, segment, self.kind.name, element)} in {segment.name}"
        self.also_affected = frozenset(_hidden_with(workspace, segment, self.kind.name, self.element_id))
        return [Write(("segment", segment.id, "hidden"), self.element_id, False)]


class ResetToCore(Command):
    """Drop a segment's overrides of one core element (all fields, or the ones given)."""

    def __init__(
        self, kind_name: str, element_id: str, target: str, fields: Sequence[str] | None = None
    ) -> None:
        self.kind = kind_named(kind_name)
        self.element_id = element_id
        self.target = target
        self.fields = None if fields is None else set(fields)
        super().__init__(f"Reset {self.kind.label.lower()} to core")

    def plan(self, workspace: Workspace) -> list[Write]:
        segment = target_segment(workspace, self.target)
        assert segment is not None
        _require_segment_editable(self.kind)
        overrides = getattr(segment.changed, self.kind.collection).get(self.element_id)
        if not overrides:
            raise CommandError(
                f"{segment.name!r} does not change {self.kind.label.lower()} {self.element_id!r}"
            )
        kept = {f: o for f, o in overrides.items() if self.fields is not None and f not in self.fields}
        element = workspace.collection(self.kind.name).get(self.element_id, self.element_id)
        label = element_label(workspace, segment, self.kind.name, element)
        self.name = f"Reset {label} to core in {segment.name}"
        path = ("segment", segment.id, "changed", self.kind.collection)
        return [Write(path, self.element_id, kept or MISSING)]


def plan_cascade(
    workspace: Workspace, seeds: dict[str, set[str]], only_segment: Segment | None
) -> list[Write]:
    """Writes that delete ``seeds`` and, in dependency order, whatever refers to them.

    With ``only_segment`` the seeds are that segment's own additions and only its additions are
    searched; otherwise the seeds are core elements and the core and every segment are searched.
    """
    removed: dict[str, set[str]] = {name: set(ids) for name, ids in seeds.items()}
    writes: list[Write] = []
    segments = [only_segment] if only_segment is not None else list(workspace.segments.values())

    def holders(kind: Kind) -> list[tuple[Path, dict[str, Any]]]:
        found: list[tuple[Path, dict[str, Any]]] = []
        if only_segment is None:
            found.append((core_path(kind), workspace.collection(kind.name)))
        if kind.segment_editable:
            for seg in segments:
                found.append(
                    (("segment", seg.id, "added", kind.collection), getattr(seg.added, kind.collection))
                )
        return found

    for kind_name in DEPENDENCY_ORDER:
        kind = KINDS[kind_name]
        live = {f: spec for f, spec in REFERENCES.get(kind_name, {}).items() if removed.get(spec[0])}
        gone = removed.setdefault(kind_name, set())
        for path, collection in holders(kind) if live else ():
            for element_id, element in collection.items():
                if element_id in gone:
                    continue
                cleared: dict[str, None] = {}
                for field_name, (target_kind, mode) in live.items():
                    if getattr(element, field_name) in removed[target_kind]:
                        if mode is OnDelete.CASCADE:
                            gone.add(element_id)
                            break
                        cleared[field_name] = None
                else:
                    if cleared:
                        writes.append(Write(path, element_id, element.model_copy(update=cleared)))
        for path, collection in holders(kind):
            writes += [
                Write(path, element_id, MISSING) for element_id in sorted(gone) if element_id in collection
            ]
    all_removed = set().union(*removed.values())
    writes += _forget_in_segments(segments, all_removed)
    if only_segment is None and removed.get("persona"):
        for seg in workspace.segments.values():
            kept = tuple(p for p in seg.persona_ids if p not in removed["persona"])
            if kept != seg.persona_ids:
                writes.append(Write(("segment", seg.id), "persona_ids", kept))
    return writes


def _forget_in_segments(segments: list[Segment], removed: set[str]) -> list[Write]:
    """Drop hides and overrides of deleted elements, and override values that point at them."""
    writes: list[Write] = []
    for seg in segments:
        writes += [Write(("segment", seg.id, "hidden"), i, False) for i in sorted(removed & seg.hidden)]
        for kind in KINDS.values():
            if not kind.segment_editable:
                continue
            path = ("segment", seg.id, "changed", kind.collection)
            refs = REFERENCES.get(kind.name, {})
            for element_id, overrides in getattr(seg.changed, kind.collection).items():
                if element_id in removed:
                    writes.append(Write(path, element_id, MISSING))
                    continue
                kept = {f: o for f, o in overrides.items() if not (f in refs and o.value in removed)}
                if len(kept) != len(overrides):
                    writes.append(Write(path, element_id, kept or MISSING))
    return writes
