"""The undo engine under every command: planned slot writes, applied and reverted exactly.

A command first *plans* its edit against the current workspace: a list of slot writes (a key of an
id-keyed collection, a member of a set, or an attribute), validated before anything is touched. Apply
runs the writes and remembers what each slot held; revert puts those values back in reverse order.
Elements are immutable, so remembering a value is just keeping a reference. Plans address their
containers by name (core, a segment's additions...), never by object, as Meshroom's commands do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .workspace import Workspace


class CommandError(ValueError):
    """An edit that cannot be made; nothing was changed. The message is meant for the user."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()  # the value of an absent dict key: writing it deletes the key
ORDER = object()  # key of a slot write that reorders a dict to the given list of keys
WORKSPACE_ID = "<workspace>"  # reported as changed when the workspace's own fields change (not a valid id)


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

    def then(self, later: Change) -> Change:
        """This change followed by ``later``, as one change."""
        builder = ChangeBuilder()
        builder.extend(self)
        builder.extend(later)
        return builder.build()


@dataclass
class ChangeBuilder:
    """Accumulates a sequence of changes into their net effect (linear in the number of ids)."""

    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)

    def add(self, element_id: str) -> None:
        if element_id in self.removed:  # removed, then added back: it is the same id, changed
            self.removed.discard(element_id)
            self.changed.add(element_id)
        else:
            self.added.add(element_id)

    def remove(self, element_id: str) -> None:
        self.changed.discard(element_id)
        if element_id in self.added:  # added, then removed: no net change
            self.added.discard(element_id)
        else:
            self.removed.add(element_id)

    def change(self, element_ids: Iterable[str]) -> None:
        for element_id in element_ids:
            if element_id not in self.added and element_id not in self.removed:
                self.changed.add(element_id)

    def extend(self, change: Change) -> None:
        for element_id in change.removed:
            self.remove(element_id)
        for element_id in change.added:
            self.add(element_id)
        self.change(change.changed)

    def build(self) -> Change:
        return Change(frozenset(self.added), frozenset(self.removed), frozenset(self.changed))


Path = tuple[str, ...]


@dataclass
class Write:
    """Set ``key`` of the container at ``path`` to ``value`` (MISSING deletes; sets take booleans)."""

    path: Path
    key: Any
    value: Any


def container_at(workspace: Workspace, path: Path) -> Any:
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


def read_slot(container: Any, key: Any) -> Any:
    if key is ORDER:
        return list(container)
    if isinstance(container, dict):
        return container.get(key, MISSING)
    if isinstance(container, set):
        return key in container
    return getattr(container, key)


def write_slot(container: Any, key: Any, value: Any) -> None:
    if key is ORDER:
        listed = [k for k in value if k in container]
        items = [(k, container[k]) for k in listed] + [(k, v) for k, v in container.items() if k not in value]
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


def _record(builder: ChangeBuilder, path: Path, key: Any, old: Any, new: Any) -> None:
    if key is ORDER:
        return
    if path[0] == "core" or (path[0] == "workspace" and len(path) > 1):
        if old is MISSING:
            builder.add(key)
        elif new is MISSING:
            builder.remove(key)
        else:
            builder.change((key,))
    elif path[0] == "segment" and len(path) == 2:
        builder.change((path[1],))  # an attribute of the segment itself
    elif path[0] == "workspace":
        builder.change((WORKSPACE_ID,))
    else:
        builder.change((key,))  # something inside a segment: the view re-reads it


class Command:
    """Base of every edit: plan once, then apply and revert any number of times.

    ``also_affected`` lists ids whose look changes without a write of their own (the flows of a card
    a segment hides, say), so views hear about them too.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._plan: list[Write] | None = None
        self._before: list[Any] = []
        self.also_affected: frozenset[str] = frozenset()

    def plan(self, workspace: Workspace) -> list[Write]:  # pragma: no cover - abstract
        raise NotImplementedError

    def apply(self, workspace: Workspace) -> Change:
        if self._plan is None:
            self._plan = self.plan(workspace)
        builder = ChangeBuilder()
        self._before = []
        for write in self._plan:
            container = container_at(workspace, write.path)
            old = read_slot(container, write.key)
            self._before.append(old)
            write_slot(container, write.key, write.value)
            _record(builder, write.path, write.key, old, write.value)
        builder.change(self.also_affected)
        return builder.build()

    def revert(self, workspace: Workspace) -> Change:
        assert self._plan is not None, "revert before apply"
        builder = ChangeBuilder()
        for write, old in zip(reversed(self._plan), reversed(self._before), strict=True):
            write_slot(container_at(workspace, write.path), write.key, old)
            _record(builder, write.path, write.key, write.value, old)
        builder.change(self.also_affected)
        return builder.build()


class CompoundCommand(Command):
    """Several commands as one undo step (a macro)."""

    def __init__(self, name: str, commands: Sequence[Command] = ()) -> None:
        super().__init__(name)
        self.commands = list(commands)

    def apply(self, workspace: Workspace) -> Change:
        builder = ChangeBuilder()
        done: list[Command] = []
        try:
            for command in self.commands:
                builder.extend(command.apply(workspace))
                done.append(command)
        except Exception:
            for command in reversed(done):
                command.revert(workspace)
            raise
        return builder.build()

    def revert(self, workspace: Workspace) -> Change:
        builder = ChangeBuilder()
        for command in reversed(self.commands):
            builder.extend(command.revert(workspace))
        return builder.build()
