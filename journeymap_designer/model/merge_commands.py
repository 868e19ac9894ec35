"""Settling what a merge left open: take ours, take theirs, or give a value, as one undoable command.

A conflict recorded in ``Workspace.merge_conflicts`` (see :mod:`.merge`) says which slot of the map it
is about; settling writes the chosen value into that slot and drops the record, both in one command,
so Undo brings the conflict back exactly as it was. The value is validated as the slot's type first,
so a settled map is as valid as an edited one. The Differences dock's buttons (Take ours, Take
theirs, Edit...) are meant to push :func:`settle_conflict`'s intent through the editing controller.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from .commands import CommandError, _check_references, core_path, first_error, plan_cascade
from .edits import MISSING, ORDER, Command, Write
from .elements import ConflictKey, MergeConflict
from .intents import Intent, single
from .segment_commands import DeleteSegment
from .workspace import KINDS, FieldOverride, Segment, Workspace, field_adapter

Choice = Literal["ours", "theirs", "value"]
_SEGMENT_FIELDS = ("name", "description", "lead", "persona_ids")
_WORKSPACE_FIELDS = ("name", "description", "customer_fields")


def find_conflict(workspace: Workspace, key: ConflictKey) -> MergeConflict:
    for conflict in workspace.merge_conflicts:
        if conflict.key() == key:
            return conflict
    raise CommandError("that merge conflict is no longer in the map (it may have been settled)")


def describe(conflict: MergeConflict) -> str:
    """What a conflict is about, for an undo step or a finding: "touchpoint tp-1, title"."""
    what = "the map" if conflict.kind == "workspace" else f"{conflict.kind} {conflict.element_id}"
    if conflict.part == "override":
        what += f" as segment {conflict.segment_id} changes it"
    elif conflict.where == "segment" and conflict.kind != "segment":
        what += f" added by segment {conflict.segment_id}"
    return f"{what}, {conflict.field}" if conflict.field else what


class SettleConflict(Command):
    """Give a conflict's slot ours, theirs or a given value, and drop the conflict: one undo step."""

    def __init__(self, key: ConflictKey, choice: Choice, value: Any = None) -> None:
        if choice not in ("ours", "theirs", "value"):
            raise CommandError(f"settle a conflict with ours, theirs or a value, not {choice!r}")
        self.key = key
        self.choice = choice
        self.value = value
        super().__init__("Settle merge conflict")

    def plan(self, workspace: Workspace) -> list[Write]:
        conflict = find_conflict(workspace, self.key)
        chosen = {"ours": conflict.ours, "theirs": conflict.theirs}.get(self.choice, self.value)
        taken = {"ours": conflict.ours_label, "theirs": conflict.theirs_label}.get(self.choice, "a new value")
        self.name = f"Settle {describe(conflict)}: take {taken}"
        writes = _slot_writes(workspace, conflict, chosen)
        remaining = tuple(c for c in workspace.merge_conflicts if c.key() != self.key)
        self.also_affected = frozenset(i for i in (conflict.element_id, conflict.segment_id) if i)
        return [*writes, Write(("workspace",), "merge_conflicts", remaining)]


def settle_conflict(key: ConflictKey, choice: Choice, value: Any = None) -> Intent:
    """The intention behind Take ours / Take theirs / Edit... on one conflict."""
    return single(SettleConflict(key, choice, value), result=key[4] or None)


def _checked(adapter: TypeAdapter[Any], value: Any, what: str) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise CommandError(f"{what}: {first_error(exc)}") from None


def _slot_writes(workspace: Workspace, conflict: MergeConflict, value: Any) -> list[Write]:
    if conflict.kind == "workspace":
        return _field_write(("workspace",), workspace, Workspace, conflict.field, value, _WORKSPACE_FIELDS)
    if conflict.kind == "segment":
        return _segment_writes(workspace, conflict, value)
    kind = KINDS.get(conflict.kind)
    if kind is None:
        raise CommandError(f"a merge conflict names an unknown kind of element {conflict.kind!r}")
    segment = None
    if conflict.where == "segment":
        segment = workspace.segments.get(conflict.segment_id or "")
        if segment is None:
            raise CommandError(f"there is no segment {conflict.segment_id!r} any more")
    if conflict.part == "override":
        assert segment is not None and conflict.field is not None
        return _override_writes(
            segment, kind.name, kind.collection, conflict.element_id, conflict.field, value
        )
    path = ("segment", segment.id, "added", kind.collection) if segment else core_path(kind)
    holder: dict[str, Any] = (
        workspace.collection(kind.name) if segment is None else getattr(segment.added, kind.collection)
    )
    current = holder.get(conflict.element_id)
    if conflict.field is None:  # the element as a whole: deleted, or one of two additions
        if value is None:
            if current is None:
                return []
            return plan_cascade(workspace, {kind.name: {conflict.element_id}}, only_segment=segment)
        element = _checked(TypeAdapter(kind.model), value, kind.label)
        if element.id != conflict.element_id:
            raise CommandError("an element's id never changes")
        if current is None and workspace.has_id(element.id):
            raise CommandError(f"the id {element.id!r} is already used elsewhere in this workspace")
        _check_references(workspace, segment, kind, element)
        return [Write(path, element.id, element)]
    if current is None:
        raise CommandError(f"there is no {kind.label.lower()} {conflict.element_id!r} any more")
    checked = _checked(field_adapter(kind.name, conflict.field), value, f"{kind.label} {conflict.field}")
    updated = current.model_copy(update={conflict.field: checked})
    _check_references(workspace, segment, kind, updated)
    return [Write(path, conflict.element_id, updated)] if updated != current else []


def _field_write(
    path: tuple[str, ...], holder: Any, model: Any, field: str | None, value: Any, allowed: tuple[str, ...]
) -> list[Write]:
    if field not in allowed:
        raise CommandError(f"a merge conflict names a field that cannot be settled: {field!r}")
    adapter: TypeAdapter[Any] = TypeAdapter(model.model_fields[field].rebuild_annotation())
    checked = _checked(adapter, value, field)
    if field == "name" and not str(checked).strip():
        raise CommandError("a name cannot be empty")
    return [Write(path, field, checked)] if checked != getattr(holder, field) else []


def _segment_writes(workspace: Workspace, conflict: MergeConflict, value: Any) -> list[Write]:
    segment_id = conflict.element_id
    current = workspace.segments.get(segment_id)
    if conflict.field is not None:
        if current is None:
            raise CommandError(f"there is no segment {segment_id!r} any more")
        if conflict.field == "persona_ids":
            missing = [p for p in value or () if p not in workspace.personas]
            if missing:
                raise CommandError(f"there is no persona {missing[0]!r}")
        return _field_write(("segment", segment_id), current, Segment, conflict.field, value, _SEGMENT_FIELDS)
    if value is None:
        return DeleteSegment(segment_id).plan(workspace) if current is not None else []
    segment = _checked(TypeAdapter(Segment), value, "segment")
    if segment.id != segment_id:
        raise CommandError("a segment's id never changes")
    writes = [Write(("workspace", "segments"), segment_id, segment)]
    if current is None:  # back where it was not: keep the order as it is, with it at the end
        writes.insert(0, Write(("workspace", "segments"), ORDER, list(workspace.segments)))
    return writes


def _override_writes(
    segment: Segment, kind_name: str, collection: str, element_id: str, field: str, value: Any
) -> list[Write]:
    overrides: dict[str, FieldOverride] = dict(getattr(segment.changed, collection).get(element_id, {}))
    if value is None:
        overrides.pop(field, None)
    else:
        override = _checked(TypeAdapter(FieldOverride), value, f"override of {field}")
        adapter = field_adapter(kind_name, field)
        overrides[field] = FieldOverride(
            value=_checked(adapter, override.value, field), base=_checked(adapter, override.base, field)
        )
    path = ("segment", segment.id, "changed", collection)
    return [Write(path, element_id, dict(sorted(overrides.items())) if overrides else MISSING)]
