"""Undoable commands on segments (create, copy, rename, describe, delete) and on the workspace itself."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from .commands import ID_PREFIXES, first_error, new_id, target_segment
from .edits import MISSING, ORDER, Command, CommandError, Write
from .elements import Element
from .references import REFERENCES
from .workspace import SEGMENT_KINDS, FieldOverride, Segment, SegmentAdditions, SegmentChanges, Workspace

__all__ = ["CreateSegment", "DeleteSegment", "UpdateSegment", "UpdateWorkspace"]


def _name_taken(workspace: Workspace, name: str, except_id: str | None = None) -> bool:
    wanted = name.casefold()
    return any(s.name.casefold() == wanted and s.id != except_id for s in workspace.segments.values())


class CreateSegment(Command):
    """Create a segment from the core, or as a copy of another segment (``copy_of``)."""

    def __init__(
        self,
        name: str,
        description: str = "",
        lead: str = "",
        segment_id: str | None = None,
        copy_of: str | None = None,
    ) -> None:
        super().__init__(f"Create segment \u201c{name}\u201d")
        self.segment_name = name
        self.description = description
        self.lead = lead
        self.segment_id = segment_id
        self.copy_of = copy_of

    def plan(self, workspace: Workspace) -> list[Write]:
        name = self.segment_name.strip()
        if not name:
            raise CommandError("a segment needs a name")
        if _name_taken(workspace, name):
            raise CommandError(f"there is already a segment named {name!r}")
        taken = workspace.all_ids()
        segment_id = self.segment_id or new_id(ID_PREFIXES["segment"], taken)
        if segment_id in taken:
            raise CommandError(f"the id {segment_id!r} is already used in this workspace")
        data: dict[str, Any] = {
            "id": segment_id,
            "name": name,
            "description": self.description,
            "lead": self.lead,
        }
        if self.copy_of is not None:
            source = target_segment(workspace, self.copy_of)
            assert source is not None
            data.update(_copied_overrides(source, taken | {segment_id}))
        try:
            segment = Segment.model_validate(data)
        except ValidationError as exc:
            raise CommandError(f"segment {first_error(exc)}") from None
        return [Write(("workspace", "segments"), segment_id, segment)]


def _renamed_refs(kind_name: str, values: dict[str, Any], renamed: dict[str, str]) -> dict[str, Any]:
    """``values`` with every reference to a renamed element pointing at its new id."""
    refs = REFERENCES.get(kind_name, {})
    return {f: renamed.get(v, v) if f in refs and isinstance(v, str) else v for f, v in values.items()}


def _copied_overrides(source: Segment, taken: set[str]) -> dict[str, Any]:
    """A copy of a segment's hides, overrides and additions; additions get fresh ids everywhere."""
    renamed: dict[str, str] = {}
    for _collection, element in source.added.all_elements():
        prefix = element.id.split("-", 1)[0] if "-" in element.id else "el"
        renamed[element.id] = new_id(prefix, taken | set(renamed.values()))
    additions = SegmentAdditions()
    changes = SegmentChanges()
    for kind in SEGMENT_KINDS:
        target: dict[str, Element] = getattr(additions, kind.collection)
        for element in getattr(source.added, kind.collection).values():
            updates = _renamed_refs(
                kind.name, {f: getattr(element, f) for f in REFERENCES.get(kind.name, {})}, renamed
            )
            updates["id"] = renamed[element.id]
            target[updates["id"]] = element.model_copy(update=updates)
        overrides: dict[str, dict[str, FieldOverride]] = getattr(changes, kind.collection)
        for element_id, per_field in getattr(source.changed, kind.collection).items():
            values = _renamed_refs(kind.name, {f: o.value for f, o in per_field.items()}, renamed)
            overrides[element_id] = {
                f: FieldOverride(value=values[f], base=o.base) for f, o in per_field.items()
            }
    return {
        "persona_ids": source.persona_ids,
        "hidden": set(source.hidden),
        "changed": changes,
        "added": additions,
    }


class UpdateSegment(Command):
    """Rename a segment, or change its description, lead or personas."""

    FIELDS = ("name", "description", "lead", "persona_ids")

    def __init__(self, segment_id: str, **changes: Any) -> None:
        unknown = set(changes) - set(self.FIELDS)
        if unknown:
            raise CommandError(f"segments have no editable field {sorted(unknown)[0]!r}")
        self.segment_id = segment_id
        self.changes = changes
        super().__init__("Rename segment" if set(changes) == {"name"} else "Edit segment")

    def plan(self, workspace: Workspace) -> list[Write]:
        segment = target_segment(workspace, self.segment_id)
        assert segment is not None
        changes = dict(self.changes)
        if "name" in changes:
            changes["name"] = str(changes["name"]).strip()
            if not changes["name"]:
                raise CommandError("a segment needs a name")
            if _name_taken(workspace, changes["name"], except_id=segment.id):
                raise CommandError(f"there is already a segment named {changes['name']!r}")
        if "persona_ids" in changes:
            changes["persona_ids"] = tuple(changes["persona_ids"])
            missing = [p for p in changes["persona_ids"] if p not in workspace.personas]
            if missing:
                raise CommandError(f"there is no persona {missing[0]!r}")
        writes = []
        for field_name, value in changes.items():
            try:
                checked = TypeAdapter(Segment.model_fields[field_name].rebuild_annotation()).validate_python(
                    value
                )
            except ValidationError as exc:
                raise CommandError(f"segment {field_name}: {first_error(exc)}") from None
            if checked != getattr(segment, field_name):
                writes.append(Write(("segment", segment.id), field_name, checked))
        return writes


class DeleteSegment(Command):
    """Delete a segment with all its overrides; undo puts it back in its place."""

    def __init__(self, segment_id: str) -> None:
        super().__init__("Delete segment")
        self.segment_id = segment_id

    def plan(self, workspace: Workspace) -> list[Write]:
        segment = target_segment(workspace, self.segment_id)
        assert segment is not None
        self.name = f"Delete segment \u201c{segment.name}\u201d"
        # Reverting runs backwards: the segment is re-inserted (at the end of the dict), then the
        # order write's remembered value (the order before the delete) puts it back in its place.
        return [
            Write(("workspace", "segments"), ORDER, list(workspace.segments)),
            Write(("workspace", "segments"), segment.id, MISSING),
        ]


class UpdateWorkspace(Command):
    """Rename the workspace or change its description."""

    FIELDS = ("name", "description", "customer_fields")

    def __init__(self, **changes: Any) -> None:
        unknown = set(changes) - set(self.FIELDS)
        if unknown:
            raise CommandError(f"the workspace has no editable field {sorted(unknown)[0]!r}")
        names = {"name": "Rename workspace", "customer_fields": "Change what customers are shown"}
        super().__init__(
            names.get(next(iter(changes)), "Edit workspace") if len(changes) == 1 else "Edit workspace"
        )
        self.changes = changes

    def plan(self, workspace: Workspace) -> list[Write]:
        writes = []
        if "name" in self.changes and not str(self.changes["name"]).strip():
            raise CommandError("a map needs a name")
        for field_name, value in self.changes.items():
            try:
                checked = TypeAdapter(
                    Workspace.model_fields[field_name].rebuild_annotation()
                ).validate_python(value)
                if field_name == "customer_fields":  # the field's own rules too (known opt-ins, in order),
                    # or the map would save a value the file format refuses to load
                    checked = Workspace.model_validate({field_name: checked}).customer_fields
            except ValidationError as exc:
                raise CommandError(f"workspace {field_name}: {first_error(exc)}") from None
            if checked != getattr(workspace, field_name):
                writes.append(Write(("workspace",), field_name, checked))
        return writes


class RestoreWorkspace(Command):
    """Put recovered unsaved work on top of the last saved state, as one step that Undo takes back.

    Every part of the workspace is replaced by the recovered one; views hear of every id either side
    has, so they draw the restored map from scratch.
    """

    PARTS = (
        "name",
        "description",
        "channels",
        "personas",
        "core",
        "segments",
        "customer_fields",
        "feedback",
        "merge_conflicts",
    )

    def __init__(self, recovered: Workspace) -> None:
        super().__init__("Restore unsaved work")
        self.recovered = recovered

    def plan(self, workspace: Workspace) -> list[Write]:
        self.also_affected = frozenset(
            workspace.all_ids() | self.recovered.all_ids() | set(workspace.segments)
        )
        return [Write(("workspace",), part, getattr(self.recovered, part)) for part in self.PARTS]
