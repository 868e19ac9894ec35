"""Bringing one element back as another journey has it: an older version of the map, another file.

A lead comparing the map with last quarter's version sees a card that was deleted since, or a title
that was better before, and wants that one element back, not the whole old file. This is the intent
for it (Qt-free, as every intent in :mod:`.intents`): whatever the element's state now, it becomes
what the other journey holds, in one undo step. A card deleted since is added back (with its id, so
the arrows and handoffs of that version can follow it back one by one); a hidden core card is shown
again in the segment; changed fields are set back; an element the version lacks is removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from .commands import AddElement, RemoveElement, ShowElement, UpdateElement, display_name
from .edits import Command
from .intents import Intent
from .resolve import effective_element
from .workspace import KINDS, Journey, Segment, Workspace

Restore = Literal["add", "show", "update", "remove"]


def _where(workspace: Workspace, target: str | None, kind: str) -> Segment | None:
    """The segment edited (None: the core); shared kinds (stages, lanes, moments) are the core's."""
    return workspace.segments.get(target or "") if KINDS[kind].segment_editable else None


def _fields(old: Any, now: Any) -> dict[str, Any]:
    return {
        name: getattr(old, name)
        for name in type(old).model_fields
        if name != "id" and getattr(old, name) != getattr(now, name)
    }


def how_to_restore(
    workspace: Workspace, target: str | None, kind: str, element_id: str, version: Journey
) -> Restore | None:
    """What restoring the element from ``version`` would do in the journey ``target`` (None: nothing)."""
    if kind not in KINDS or KINDS[kind].scope != "journey":
        return None
    segment = _where(workspace, target, kind)
    old = getattr(version, KINDS[kind].collection).get(element_id)
    now = effective_element(workspace, segment, kind, element_id)
    if old is None:
        return "remove" if now is not None else None
    if now is None:
        hidden = segment is not None and element_id in segment.hidden
        return "show" if hidden and element_id in workspace.collection(kind) else "add"
    return "update" if _fields(old, now) else None


def restore_element(
    workspace: Workspace, target: str | None, kind: str, element_id: str, version: Journey, source: str
) -> Intent | None:
    """One element of the journey ``target`` made as ``version`` has it, as one undo step.

    ``source`` names the version in the step's name ("Restore card “Kickoff” from 3f2a9c1e").
    None when the element is already as the version has it.
    """
    how = how_to_restore(workspace, target, kind, element_id, version)
    if how is None:
        return None
    segment = _where(workspace, target, kind)
    where = segment.id if segment is not None else None
    old = getattr(version, KINDS[kind].collection).get(element_id)
    shown = old if old is not None else effective_element(workspace, segment, kind, element_id)

    def steps() -> Iterator[Command]:
        if how == "remove":
            yield RemoveElement(kind, element_id, where)
            return
        if how == "add":
            yield AddElement(kind, old, where)
            return
        if how == "show" and where is not None:
            yield ShowElement(kind, element_id, where)
        edited = workspace.segments.get(where or "")  # read again: the show replaced the segment
        now = effective_element(workspace, edited, kind, element_id)
        changes = _fields(old, now) if now is not None else {}
        if changes:
            yield UpdateElement(kind, element_id, changes, where)

    label = KINDS[kind].label.lower()
    return Intent(f"Restore {label} \u201c{display_name(shown)}\u201d from {source}", steps)
