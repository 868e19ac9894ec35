"""Keeping a segment in step with the core: settle conflicts, and promote a segment's changes to the core.

A conflict is a field both sides changed (see :func:`.diff.conflicts`). Settling it moves the
override's ``base`` to what the core holds now, so the same core change is never raised again.
Promoting moves a segment's additions, overrides and hides into the core, for every segment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from pydantic import ValidationError

from .commands import _check_references, _validated, core_path, first_error, kind_named, plan_cascade, quoted
from .edits import MISSING, Change, Command, CommandError, CompoundCommand, Write
from .naming import element_label
from .references import DEPENDENCY_ORDER, REFERENCES
from .resolve import apply_overrides
from .workspace import KINDS, FieldOverride, Segment, Workspace, field_adapter

__all__ = ["PromoteToCore", "ResolveConflict", "promotable"]

Keep = Literal["mine", "core", "value"]


def _segment(workspace: Workspace, segment_id: str) -> Segment:
    segment = workspace.segments.get(segment_id)
    if segment is None:
        raise CommandError(f"there is no segment {segment_id!r}")
    return segment


class ResolveConflict(Command):
    """Settle one conflicting field: keep the segment's value, take the core's, or set a new value."""

    def __init__(
        self, kind_name: str, element_id: str, field: str, target: str, keep: Keep, value: Any = MISSING
    ) -> None:
        self.kind = kind_named(kind_name)
        self.element_id = element_id
        self.field = field
        self.target = target
        self.keep = keep
        self.value = value
        if keep == "value" and value is MISSING:
            raise CommandError("a new value is needed to settle a conflict with an edit")
        super().__init__("Resolve conflict")

    def plan(self, workspace: Workspace) -> list[Write]:
        segment = _segment(workspace, self.target)
        kind = self.kind
        overrides: dict[str, FieldOverride] = getattr(segment.changed, kind.collection).get(
            self.element_id, {}
        )
        override = overrides.get(self.field)
        core_element = workspace.collection(kind.name).get(self.element_id)
        if override is None or core_element is None:
            raise CommandError(
                f"{segment.name!r} does not change {self.field!r} of {kind.label.lower()} {self.element_id!r}"
            )
        core_now = getattr(core_element, self.field)
        if core_now in (override.base, override.value):
            raise CommandError(f"{self.field!r} of {quoted(core_element)} is not in conflict")
        kept = dict(overrides)
        if self.keep == "core":
            del kept[self.field]
            how = "take the core's"
        else:
            value = override.value if self.keep == "mine" else self._checked(workspace, segment, overrides)
            how = "keep mine" if self.keep == "mine" else "edit"
            if value == core_now:
                del kept[self.field]
            else:
                kept[self.field] = FieldOverride(value=value, base=core_now)
        self.name = f"Resolve conflict on {quoted(core_element)} ({self.field}): {how}"
        path = ("segment", segment.id, "changed", kind.collection)
        return [Write(path, self.element_id, dict(sorted(kept.items())) if kept else MISSING)]

    def _checked(self, workspace: Workspace, segment: Segment, overrides: dict[str, FieldOverride]) -> Any:
        try:
            value = field_adapter(self.kind.name, self.field).validate_python(self.value)
        except ValidationError as exc:
            raise CommandError(f"{self.field}: {first_error(exc)}") from None
        core_element = workspace.collection(self.kind.name)[self.element_id]
        seen = apply_overrides(core_element, {**overrides, self.field: FieldOverride(value=value, base=None)})
        checked = _validated(self.kind, seen.model_dump())
        _check_references(workspace, segment, self.kind, checked)
        return value


Item = tuple[str, str]  # (kind name, element id)


def promotable(workspace: Workspace, segment_id: str) -> list[Item]:
    """Every change of a segment that can be promoted: its additions, overrides and hides."""
    segment = _segment(workspace, segment_id)
    items: list[Item] = []
    for kind_name in DEPENDENCY_ORDER:
        kind = KINDS[kind_name]
        if not kind.segment_editable:
            continue
        items += [(kind_name, i) for i in sorted(getattr(segment.added, kind.collection))]
        core = workspace.collection(kind_name)
        hidden = sorted(i for i in segment.hidden if i in core)
        items += [(kind_name, i) for i in hidden]
        changed = getattr(segment.changed, kind.collection)
        items += [(kind_name, i) for i in sorted(changed) if i not in hidden]
    return items


class _MoveIntoCore(Command):
    """Additions move into the core (with the additions they refer to); overrides become core values."""

    def __init__(self, segment_id: str, additions: set[str], overridden: list[Item]) -> None:
        super().__init__("Promote to core")
        self.segment_id = segment_id
        self.additions = additions
        self.overridden = overridden

    def plan(self, workspace: Workspace) -> list[Write]:
        segment = _segment(workspace, self.segment_id)
        promoted: list[tuple[Item, Any]] = []
        wanted = set(self.additions)
        for kind_name, element_id in self.overridden:
            overrides = getattr(segment.changed, KINDS[kind_name].collection)[element_id]
            element = apply_overrides(workspace.collection(kind_name)[element_id], overrides)
            promoted.append(((kind_name, element_id), element))
            wanted |= {getattr(element, f) for f in REFERENCES.get(kind_name, {})} - {None}
        moving = _with_dependencies(segment, wanted)  # an addition moves with the additions it needs
        writes: list[Write] = []
        for kind_name in DEPENDENCY_ORDER:
            kind = KINDS[kind_name]
            if not kind.segment_editable:
                continue
            added = getattr(segment.added, kind.collection)
            for element_id in sorted(moving & added.keys()):
                writes.append(Write(("segment", segment.id, "added", kind.collection), element_id, MISSING))
                writes.append(Write(core_path(kind), element_id, added[element_id]))
        for (kind_name, element_id), element in promoted:
            kind = KINDS[kind_name]
            writes.append(Write(core_path(kind), element_id, _validated(kind, element.model_dump())))
            writes.append(Write(("segment", segment.id, "changed", kind.collection), element_id, MISSING))
        return writes


def _with_dependencies(segment: Segment, ids: Iterable[str]) -> set[str]:
    """The segment's additions ``ids`` and every other addition of the segment they refer to."""
    by_id = {element.id: (name, element) for name, element in segment.added.all_elements()}
    kind_of = {kind.collection: kind.name for kind in KINDS.values()}
    found: set[str] = set()
    todo = [i for i in ids if i in by_id]
    while todo:
        element_id = todo.pop()
        if element_id in found:
            continue
        found.add(element_id)
        collection, element = by_id[element_id]
        for field_name in REFERENCES.get(kind_of[collection], {}):
            value = getattr(element, field_name)
            if isinstance(value, str) and value in by_id:
                todo.append(value)
    return found


class _DeleteFromCore(Command):
    """A segment's hides, promoted: the core elements go, for every segment, with what depends on them."""

    def __init__(self, hidden: list[Item]) -> None:
        super().__init__("Promote to core")
        self.hidden = hidden

    def plan(self, workspace: Workspace) -> list[Write]:
        seeds: dict[str, set[str]] = {}
        for kind_name, element_id in self.hidden:
            if element_id in workspace.collection(kind_name):  # not already gone with another
                seeds.setdefault(kind_name, set()).add(element_id)
        return plan_cascade(workspace, seeds, only_segment=None) if seeds else []


class PromoteToCore(CompoundCommand):
    """Move a segment's changes (all, or the elements given) into the core, for every segment.

    An addition becomes a core element (with the segment's additions it refers to); an override
    becomes the core's value; a hide deletes the element from the core. Other segments that override
    the same field keep their value, and see a conflict if it differs from the new core value.
    """

    def __init__(self, target: str, items: Sequence[Item] | None = None) -> None:
        super().__init__("Promote to core")
        self.target = target
        self.items = None if items is None else list(items)

    def apply(self, workspace: Workspace) -> Change:
        if not self.commands:
            self.commands = self._split(workspace)
        return super().apply(workspace)

    def _split(self, workspace: Workspace) -> list[Command]:
        segment = _segment(workspace, self.target)
        items = list(dict.fromkeys(promotable(workspace, segment.id) if self.items is None else self.items))
        additions: set[str] = set()
        overridden: list[Item] = []
        hidden: list[Item] = []
        for kind_name, element_id in items:
            kind = kind_named(kind_name)
            if element_id in getattr(segment.added, kind.collection, {}):
                additions.add(element_id)
            elif element_id in segment.hidden and element_id in workspace.collection(kind_name):
                hidden.append((kind_name, element_id))  # hidden wins over its overrides: it is not shown
            elif element_id in getattr(segment.changed, kind.collection, {}):
                overridden.append((kind_name, element_id))
            else:
                label = kind.label.lower()
                raise CommandError(
                    f"{segment.name!r} does not change {label} {element_id!r}: nothing to promote"
                )
        if not (additions or overridden or hidden):
            raise CommandError(f"{segment.name!r} has no changes to promote")
        if len(items) == 1:
            kind_name, element_id = items[0]
            element = workspace.collection(kind_name).get(element_id) or getattr(
                segment.added, KINDS[kind_name].collection
            ).get(element_id)
            self.name = f"Promote {element_label(workspace, segment, kind_name, element)} to core"
        else:
            self.name = f"Promote {len(items)} changes of {segment.name} to core"
        return [_MoveIntoCore(segment.id, additions, overridden), _DeleteFromCore(hidden)]
