"""Undoable edit commands, Qt-free.

A command first *plans* its edit against the current workspace: a list of slot writes (a key of an
id-keyed collection, a member of a set, or an attribute), validated before anything is touched. Apply
runs the writes and remembers what each slot held; revert puts those values back in reverse order.
Elements are immutable, so remembering a value is just keeping a reference. Plans address their
containers by name (core, a segment's additions...), never by object, as Meshroom's commands do.

Commands aim at the core (``target=None``) or at a segment (``target=segment id``). In a segment, an
edit of a core element becomes a field override, a delete becomes a hide, and an add is an addition.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from .elements import Element
from .references import DEPENDENCY_ORDER, REFERENCES, OnDelete
from .resolve import apply_overrides
from .workspace import KINDS, FieldOverride, Kind, Segment, SegmentAdditions, Workspace


class CommandError(ValueError):
    """An edit that cannot be made; nothing was changed. The message is meant for the user."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
ORDER = object()  # key of a slot write that reorders a dict to the given list of keys


@dataclass(frozen=True)
class Change:
    """The ids an edit added, removed or changed, so that views can patch only what moved.

    For edits inside a segment, ids are reported as changed: a view showing that segment looks the
    element up again and adds, updates or drops its item accordingly.
    """

    added: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    changed: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def inverted(self) -> Change:
        return Change(added=self.removed, removed=self.added, changed=self.changed)

    def then(self, later: Change) -> Change:
        """This change followed by ``later``, as one change."""
        readded = self.removed & later.added
        added = ((self.added - later.removed) | later.added) - readded
        removed = (self.removed - later.added) | (later.removed - self.added)
        changed = (self.changed | later.changed | readded) - removed - added
        return Change(frozenset(added), frozenset(removed), frozenset(changed))


Path = tuple[str, ...]


@dataclass
class _Write:
    path: Path
    key: Any
    value: Any


def _container(workspace: Workspace, path: Path) -> Any:
    """Find a container by name: ("core", coll), ("workspace", attr?), ("segment", id, part?, coll?)."""
    head = path[0]
    if head == "core":
        return getattr(workspace.core, path[1])
    if head == "workspace":
        return getattr(workspace, path[1]) if len(path) > 1 else workspace
    if head == "segment":
        obj: Any = workspace.segments[path[1]]
        for part in path[2:]:
            obj = getattr(obj, part)
        return obj
    raise AssertionError(f"unknown container path {path}")


def _read(container: Any, key: Any) -> Any:
    if key is ORDER:
        return list(container)
    if isinstance(container, dict):
        return container.get(key, MISSING)
    if isinstance(container, set):
        return key in container
    return getattr(container, key)


def _write(container: Any, key: Any, value: Any) -> None:
    if key is ORDER:
        items = [(k, container[k]) for k in value if k in container]
        container.clear()
        container.update(items)
    elif isinstance(container, dict):
        if value is MISSING:
            container.pop(key, None)
        else:
            container[key] = value
    elif isinstance(container, set):
        if value:
            container.add(key)
        else:
            container.discard(key)
    else:
        setattr(container, key, value)


def _change_of(path: Path, key: Any, old: Any, new: Any) -> Change:
    if key is ORDER:
        return Change()
    if path[0] == "core" or (path[0] == "workspace" and len(path) > 1):
        if old is MISSING:
            return Change(added=frozenset([key]))
        if new is MISSING:
            return Change(removed=frozenset([key]))
        return Change(changed=frozenset([key]))
    if path[0] == "segment" and len(path) == 2:
        return Change(changed=frozenset([path[1]]))  # an attribute of the segment itself
    if path[0] == "workspace":
        return Change(changed=frozenset(["workspace"]))
    return Change(changed=frozenset([key]))  # something inside a segment: the view re-reads it


class Command:
    """Base of every edit: plan once, then apply and revert any number of times."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._plan: list[_Write] | None = None
        self._before: list[Any] = []

    def plan(self, workspace: Workspace) -> list[_Write]:  # pragma: no cover - abstract
        raise NotImplementedError

    def apply(self, workspace: Workspace) -> Change:
        if self._plan is None:
            self._plan = self.plan(workspace)
        change = Change()
        self._before = []
        for write in self._plan:
            container = _container(workspace, write.path)
            old = _read(container, write.key)
            self._before.append(old)
            _write(container, write.key, write.value)
            change = change.then(_change_of(write.path, write.key, old, write.value))
        return change

    def revert(self, workspace: Workspace) -> Change:
        assert self._plan is not None, "revert before apply"
        change = Change()
        for write, old in zip(reversed(self._plan), reversed(self._before), strict=True):
            _write(_container(workspace, write.path), write.key, old)
            change = change.then(_change_of(write.path, write.key, write.value, old))
        return change


class CompoundCommand(Command):
    """Several commands as one undo step (a macro)."""

    def __init__(self, name: str, commands: Sequence[Command] = ()) -> None:
        super().__init__(name)
        self.commands = list(commands)

    def apply(self, workspace: Workspace) -> Change:
        change = Change()
        done: list[Command] = []
        try:
            for command in self.commands:
                change = change.then(command.apply(workspace))
                done.append(command)
        except Exception:
            for command in reversed(done):
                command.revert(workspace)
            raise
        return change

    def revert(self, workspace: Workspace) -> Change:
        change = Change()
        for command in reversed(self.commands):
            change = change.then(command.revert(workspace))
        return change


# --- helpers ---------------------------------------------------------------------------------


def new_id(prefix: str, existing: Iterable[str] = ()) -> str:
    """A fresh random id such as ``tp-3fa9c27d01be``, unused in ``existing``."""
    taken = existing if isinstance(existing, set | frozenset | dict) else set(existing)
    while True:
        candidate = f"{prefix}-{secrets.token_hex(6)}"
        if candidate not in taken:
            return candidate


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


def _mapping_name(data: Mapping[str, Any]) -> str:
    return str(data.get("title") or data.get("name") or data.get("id") or "")


def display_name(element: Any) -> str:
    for attr in ("title", "name"):
        value = getattr(element, attr, None)
        if value:
            return str(value)
    return str(getattr(element, "id", "element"))


def _kind(kind_name: str) -> Kind:
    try:
        return KINDS[kind_name]
    except KeyError:
        raise CommandError(f"unknown kind of element {kind_name!r}") from None


def _segment(workspace: Workspace, target: str | None) -> Segment | None:
    if target is None:
        return None
    segment = workspace.segments.get(target)
    if segment is None:
        raise CommandError(f"there is no segment {target!r}")
    return segment


def _core_path(kind: Kind) -> Path:
    return ("core", kind.collection) if kind.scope == "journey" else ("workspace", kind.collection)


def _require_segment_editable(kind: Kind) -> None:
    if not kind.segment_editable:
        raise CommandError(f"{kind.label}s are shared by every segment: edit them in the core journey")


def _validated(kind: Kind, data: Mapping[str, Any]) -> Element:
    try:
        return kind.model.model_validate(dict(data))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise CommandError(f"{kind.label} {where}: {first.get('msg')}".replace(" :", ":")) from None


def _exists(workspace: Workspace, segment: Segment | None, kind_name: str, element_id: str) -> bool:
    kind = KINDS[kind_name]
    core = workspace.collection(kind_name)
    if segment is not None and kind.segment_editable:
        if element_id in getattr(segment.added, kind.collection):
            return True
        return element_id in core and element_id not in segment.hidden
    return element_id in core


def _check_references(workspace: Workspace, segment: Segment | None, kind: Kind, element: Element) -> None:
    for field_name, (target_kind, _mode) in REFERENCES.get(kind.name, {}).items():
        value = getattr(element, field_name)
        if value is not None and not _exists(workspace, segment, target_kind, value):
            label = KINDS[target_kind].label.lower()
            raise CommandError(
                f"{kind.label} {display_name(element)!r}: {field_name} names no {label} {value!r}"
            )


# --- element commands ---------------------------------------------------------------------------


class AddElement(Command):
    """Add a stage, lane, touchpoint, moment, flow, handoff, playbook, channel or persona."""

    def __init__(self, kind_name: str, element: Element | Mapping[str, Any], target: str | None = None):
        self.kind = _kind(kind_name)
        self.target = target
        self.element = element
        shown = display_name(element) if isinstance(element, Element) else _mapping_name(element)
        super().__init__(f"Add {self.kind.label.lower()} \u201c{shown}\u201d")

    def plan(self, workspace: Workspace) -> list[_Write]:
        kind = self.kind
        segment = _segment(workspace, self.target)
        element = self.element
        if not isinstance(element, Element) or type(element) is not kind.model:
            data = element.model_dump() if isinstance(element, Element) else dict(element)
            element = _validated(kind, data)
        if segment is not None:
            _require_segment_editable(kind)
        if element.id in workspace.all_ids():
            raise CommandError(f"the id {element.id!r} is already used in this workspace")
        _check_references(workspace, segment, kind, element)
        if segment is None:
            return [_Write(_core_path(kind), element.id, element)]
        return [_Write(("segment", segment.id, "added", kind.collection), element.id, element)]


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
        self.kind = _kind(kind_name)
        self.element_id = element_id
        self.changes = dict(changes)
        self.target = target
        super().__init__(name or "")

    def plan(self, workspace: Workspace) -> list[_Write]:
        segment = _segment(workspace, self.target)
        writes = plan_update(workspace, segment, self.kind, self.element_id, self.changes)
        if not self.name:
            self.name = _update_name(self.kind, workspace, self.element_id, self.changes)
        return writes


def _update_name(kind: Kind, workspace: Workspace, element_id: str, changes: Mapping[str, Any]) -> str:
    element = workspace.collection(kind.name).get(element_id)
    if element is None:
        for segment in workspace.segments.values():
            if kind.segment_editable:
                element = getattr(segment.added, kind.collection).get(element_id)
            if element is not None:
                break
    label = f"{kind.label.lower()} \u201c{display_name(element) if element else element_id}\u201d"
    fields = set(changes)
    if fields <= {"stage_id", "lane_id", "order", "owner_id"}:
        return f"Move {label}" if fields - {"order"} else f"Reorder {label}"
    if fields <= {"title", "name"}:
        return f"Rename {label}"
    shown = ", ".join(sorted(f.replace("_", " ") for f in fields))
    return f"Edit {label}: {shown}"


def plan_update(
    workspace: Workspace, segment: Segment | None, kind: Kind, element_id: str, changes: Mapping[str, Any]
) -> list[_Write]:
    """The writes that set ``changes`` on one element, in the core or as a segment override."""
    if "id" in changes and changes["id"] != element_id:
        raise CommandError("an element's id never changes")
    unknown = set(changes) - set(kind.model.model_fields)
    if unknown:
        raise CommandError(f"{kind.label}s have no field {sorted(unknown)[0]!r}")
    core_collection = workspace.collection(kind.name)
    if segment is None:
        current = core_collection.get(element_id)
        if current is None:
            raise CommandError(f"there is no {kind.label.lower()} {element_id!r}")
        updated = _validated(kind, {**current.model_dump(), **changes})
        _check_references(workspace, None, kind, updated)
        return [_Write(_core_path(kind), element_id, updated)]
    _require_segment_editable(kind)
    added = getattr(segment.added, kind.collection)
    if element_id in added:
        updated = _validated(kind, {**added[element_id].model_dump(), **changes})
        _check_references(workspace, segment, kind, updated)
        return [_Write(("segment", segment.id, "added", kind.collection), element_id, updated)]
    core_element = core_collection.get(element_id)
    if core_element is None:
        raise CommandError(f"there is no {kind.label.lower()} {element_id!r} in segment {segment.name!r}")
    overrides_path = ("segment", segment.id, "changed", kind.collection)
    current_overrides: dict[str, FieldOverride] = getattr(segment.changed, kind.collection).get(
        element_id, {}
    )
    effective = apply_overrides(core_element, current_overrides)
    updated = _validated(kind, {**effective.model_dump(), **changes})
    _check_references(workspace, segment, kind, updated)
    overrides = dict(current_overrides)
    for field_name in changes:
        value = getattr(updated, field_name)
        core_value = getattr(core_element, field_name)
        if value == core_value:
            overrides.pop(field_name, None)  # back to the core's value: no longer an override
        else:
            base = current_overrides[field_name].base if field_name in current_overrides else core_value
            overrides[field_name] = FieldOverride(value=value, base=base)
    return [_Write(overrides_path, element_id, dict(sorted(overrides.items())) if overrides else MISSING)]


def move_touchpoint(
    touchpoint_id: str,
    stage_id: str | None = None,
    lane_id: str | None = None,
    order: int | None = None,
    target: str | None = None,
) -> UpdateElement:
    """Move a card to another stage and/or lane (another owner), or to another place in its cell."""
    changes: dict[str, Any] = {}
    if stage_id is not None:
        changes["stage_id"] = stage_id
    if lane_id is not None:
        changes["lane_id"] = lane_id
    if order is not None:
        changes["order"] = order
    return UpdateElement("touchpoint", touchpoint_id, changes, target)


class ReorderElements(Command):
    """Give elements of one kind the orders 0, 1, 2... in the sequence given (stages, lanes, cards)."""

    def __init__(self, kind_name: str, ordered_ids: Sequence[str], target: str | None = None) -> None:
        self.kind = _kind(kind_name)
        self.ordered_ids = list(ordered_ids)
        self.target = target
        super().__init__(f"Reorder {self.kind.label.lower()}s")
        if "order" not in self.kind.model.model_fields:
            raise CommandError(f"{self.kind.label}s have no order")

    def plan(self, workspace: Workspace) -> list[_Write]:
        segment = _segment(workspace, self.target)
        writes: list[_Write] = []
        for index, element_id in enumerate(self.ordered_ids):
            element = workspace.collection(self.kind.name).get(element_id)
            if segment is not None and self.kind.segment_editable:
                added = getattr(segment.added, self.kind.collection)
                element = added.get(element_id, element)
                overrides = getattr(segment.changed, self.kind.collection).get(element_id, {})
                if element is not None and element_id not in added:
                    element = apply_overrides(element, overrides)
            if element is None:
                raise CommandError(f"there is no {self.kind.label.lower()} {element_id!r}")
            if getattr(element, "order", None) != index:
                writes += plan_update(workspace, segment, self.kind, element_id, {"order": index})
        return writes


class RemoveElement(Command):
    """Delete an element and everything that cannot exist without it (flows of a card, ...).

    In a segment, deleting a core element hides it there; deleting a segment's own addition removes it.
    Optional references to a deleted element are cleared, and segment overrides of it are dropped.
    """

    def __init__(self, kind_name: str, element_id: str, target: str | None = None) -> None:
        self.kind = _kind(kind_name)
        self.element_id = element_id
        self.target = target
        super().__init__(f"Delete {self.kind.label.lower()}")

    def plan(self, workspace: Workspace) -> list[_Write]:
        segment = _segment(workspace, self.target)
        kind = self.kind
        element = workspace.collection(kind.name).get(self.element_id)
        if segment is not None:
            _require_segment_editable(kind)
            added = getattr(segment.added, kind.collection)
            if self.element_id in added:
                self.name = f"Delete {kind.label.lower()} \u201c{display_name(added[self.element_id])}\u201d"
                return _plan_cascade(workspace, {kind.name: {self.element_id}}, only_segment=segment)
            if element is None or self.element_id in segment.hidden:
                raise CommandError(
                    f"there is no {kind.label.lower()} {self.element_id!r} in {segment.name!r}"
                )
            self.name = f"Hide {kind.label.lower()} \u201c{display_name(element)}\u201d in {segment.name}"
            return [_Write(("segment", segment.id, "hidden"), self.element_id, True)]
        if element is None:
            raise CommandError(f"there is no {kind.label.lower()} {self.element_id!r}")
        self.name = f"Delete {kind.label.lower()} \u201c{display_name(element)}\u201d"
        return _plan_cascade(workspace, {kind.name: {self.element_id}}, only_segment=None)


def _plan_cascade(
    workspace: Workspace, seeds: dict[str, set[str]], only_segment: Segment | None
) -> list[_Write]:
    """Writes that delete ``seeds`` and, in dependency order, whatever refers to them.

    With ``only_segment`` the seeds are that segment's own additions and only its additions are
    searched; otherwise the seeds are core elements and the core and every segment are searched.
    """
    removed: dict[str, set[str]] = {name: set(ids) for name, ids in seeds.items()}
    writes: list[_Write] = []
    segments = [only_segment] if only_segment is not None else list(workspace.segments.values())

    def holders(kind: Kind) -> list[tuple[Path, dict[str, Any]]]:
        found: list[tuple[Path, dict[str, Any]]] = []
        if only_segment is None:
            found.append((_core_path(kind), workspace.collection(kind.name)))
        if kind.segment_editable:
            for seg in segments:
                found.append(
                    (("segment", seg.id, "added", kind.collection), getattr(seg.added, kind.collection))
                )
        return found

    for kind_name in DEPENDENCY_ORDER:
        kind = KINDS[kind_name]
        refs = REFERENCES.get(kind_name, {})
        live = {f: spec for f, spec in refs.items() if removed.get(spec[0])}
        for path, collection in holders(kind):
            for element_id, element in collection.items():
                if element_id in removed.get(kind_name, ()):
                    continue
                cleared: dict[str, None] = {}
                for field_name, (target_kind, mode) in live.items():
                    if getattr(element, field_name) in removed[target_kind]:
                        if mode is OnDelete.CASCADE:
                            removed.setdefault(kind_name, set()).add(element_id)
                            break
                        cleared[field_name] = None
                else:
                    if cleared:
                        writes.append(_Write(path, element_id, element.model_copy(update=cleared)))
        for path, collection in holders(kind):
            for element_id in sorted(removed.get(kind_name, ())):
                if element_id in collection:
                    writes.append(_Write(path, element_id, MISSING))
    all_removed = set().union(*removed.values()) if removed else set()
    writes += _forget_in_segments(workspace, segments, all_removed)
    if only_segment is None and removed.get("persona"):
        for seg in workspace.segments.values():
            kept = tuple(p for p in seg.persona_ids if p not in removed["persona"])
            if kept != seg.persona_ids:
                writes.append(_Write(("segment", seg.id), "persona_ids", kept))
    return writes


def _forget_in_segments(workspace: Workspace, segments: list[Segment], removed: set[str]) -> list[_Write]:
    """Drop hides and overrides of deleted elements, and override values that point at them."""
    writes: list[_Write] = []
    for seg in segments:
        for element_id in sorted(removed & seg.hidden):
            writes.append(_Write(("segment", seg.id, "hidden"), element_id, False))
        for kind in KINDS.values():
            if not kind.segment_editable:
                continue
            path = ("segment", seg.id, "changed", kind.collection)
            refs = REFERENCES.get(kind.name, {})
            for element_id, overrides in getattr(seg.changed, kind.collection).items():
                if element_id in removed:
                    writes.append(_Write(path, element_id, MISSING))
                    continue
                kept = {f: o for f, o in overrides.items() if not (f in refs and o.value in removed)}
                if len(kept) != len(overrides):
                    writes.append(_Write(path, element_id, kept or MISSING))
    return writes


# --- segment commands ---------------------------------------------------------------------------


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

    def plan(self, workspace: Workspace) -> list[_Write]:
        name = self.segment_name.strip()
        if not name:
            raise CommandError("a segment needs a name")
        existing = workspace.segment_by_name(name)
        if existing is not None and existing.name.casefold() == name.casefold():
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
            source = _segment(workspace, self.copy_of)
            assert source is not None
            data.update(_copied_overrides(source, taken | {segment_id}))
        try:
            segment = Segment.model_validate(data)
        except ValidationError as exc:
            raise CommandError(f"segment: {exc.errors(include_url=False)[0]['msg']}") from None
        return [_Write(("workspace", "segments"), segment_id, segment)]


def _copied_overrides(source: Segment, taken: set[str]) -> dict[str, Any]:
    """A copy of a segment's hides, overrides and additions; additions get fresh ids."""
    renamed: dict[str, str] = {}
    for _name, element in source.added.all_elements():
        prefix = element.id.split("-", 1)[0] if "-" in element.id else "el"
        renamed[element.id] = new_id(prefix, taken | set(renamed.values()))
    added: dict[str, dict[str, Element]] = {}
    for collection_name, element in source.added.all_elements():
        kind_name = next(k.name for k in KINDS.values() if k.collection == collection_name)
        updates: dict[str, Any] = {"id": renamed[element.id]}
        for field_name in REFERENCES.get(kind_name, {}):
            value = getattr(element, field_name)
            if value in renamed:
                updates[field_name] = renamed[value]
        added.setdefault(collection_name, {})[renamed[element.id]] = element.model_copy(update=updates)
    additions = SegmentAdditions()
    for collection_name, elements in added.items():
        getattr(additions, collection_name).update(elements)
    return {
        "persona_ids": source.persona_ids,
        "hidden": set(source.hidden),
        "changed": source.changed.model_copy(deep=True),
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

    def plan(self, workspace: Workspace) -> list[_Write]:
        segment = _segment(workspace, self.segment_id)
        assert segment is not None
        if "name" in self.changes:
            name = str(self.changes["name"]).strip()
            if not name:
                raise CommandError("a segment needs a name")
            other = workspace.segment_by_name(name)
            if other is not None and other.id != segment.id and other.name.casefold() == name.casefold():
                raise CommandError(f"there is already a segment named {name!r}")
            self.changes["name"] = name
        if "persona_ids" in self.changes:
            missing = [p for p in self.changes["persona_ids"] if p not in workspace.personas]
            if missing:
                raise CommandError(f"there is no persona {missing[0]!r}")
            self.changes["persona_ids"] = tuple(self.changes["persona_ids"])
        try:
            Segment.model_validate({**segment.model_dump(), **self.changes})
        except ValidationError as exc:
            raise CommandError(f"segment: {exc.errors(include_url=False)[0]['msg']}") from None
        return [_Write(("segment", segment.id), key, value) for key, value in self.changes.items()]


class DeleteSegment(Command):
    """Delete a segment with all its overrides; undo puts it back in its place."""

    def __init__(self, segment_id: str) -> None:
        super().__init__("Delete segment")
        self.segment_id = segment_id

    def plan(self, workspace: Workspace) -> list[_Write]:
        segment = _segment(workspace, self.segment_id)
        assert segment is not None
        self.name = f"Delete segment \u201c{segment.name}\u201d"
        # Reverting runs backwards: the segment is re-inserted (at the end of the dict), then the
        # order write's remembered value (the order before the delete) puts it back in its place.
        return [
            _Write(("workspace", "segments"), ORDER, list(workspace.segments)),
            _Write(("workspace", "segments"), segment.id, MISSING),
        ]


class UpdateWorkspace(Command):
    """Rename the workspace or change its description."""

    def __init__(self, **changes: Any) -> None:
        unknown = set(changes) - {"name", "description"}
        if unknown:
            raise CommandError(f"the workspace has no editable field {sorted(unknown)[0]!r}")
        super().__init__("Rename workspace" if set(changes) == {"name"} else "Edit workspace")
        self.changes = changes

    def plan(self, workspace: Workspace) -> list[_Write]:
        return [_Write(("workspace",), key, str(value)) for key, value in self.changes.items()]


__all__ = [
    "AddElement",
    "Change",
    "Command",
    "CommandError",
    "CompoundCommand",
    "CreateSegment",
    "DeleteSegment",
    "RemoveElement",
    "ReorderElements",
    "UpdateElement",
    "UpdateSegment",
    "UpdateWorkspace",
    "move_touchpoint",
    "new_id",
]
