"""What a playbook hangs off (a moment, an activity or a stage), as intentions: create one, move one.

Schema 4 lets a playbook hang off a touchpoint (an activity) as well as a moment of truth or a stage
(``playbook_anchor``). The canvas creates playbooks for any of the three and the inspector moves one
from anchor to anchor; the rules live here, Qt-free, beside :mod:`.intents`:

- one playbook per anchor: a second is refused with the name of the first, so the menus offer
  "Open its Playbook" instead and exports never have to pick one of several;
- a playbook's ``stage_id`` is always its anchor's stage (an activity's or a moment's stage, or the
  stage itself), as the bundled maps have it, so exports can group playbooks by stage;
- playbooks are segment-editable: created in the journey shown (a segment's playbook is that
  segment's), moved there as an override of the core's, exactly as a moment's playbook always was.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from .commands import AddElement, UpdateElement, display_name, new_id
from .edits import CommandError
from .elements import Element, Playbook, playbook_anchor
from .intents import Intent, single
from .workspace import Journey, Workspace

AnchorKind = Literal["milestone", "activity", "stage"]
ANCHOR_KINDS: tuple[AnchorKind, ...] = ("milestone", "activity", "stage")
# The element kind each anchor is, and what the user calls it.
ELEMENT_KIND: dict[AnchorKind, str] = {"milestone": "moment", "activity": "touchpoint", "stage": "stage"}
NOUN: dict[AnchorKind, str] = {"milestone": "moment", "activity": "activity", "stage": "stage"}


def anchor_kind_of(element_kind: str) -> AnchorKind:
    """The anchor a map element is: a moment, a touchpoint (an activity) or a stage."""
    for anchor, kind in ELEMENT_KIND.items():
        if kind == element_kind:
            return anchor
    raise CommandError(f"a playbook cannot hang off a {element_kind}")


def anchored_playbook(journey: Journey, anchor: AnchorKind, anchor_id: str) -> Playbook | None:
    """The playbook that hangs off one moment, activity or stage (the first by id, if several)."""
    found = [p for p in journey.playbooks.values() if playbook_anchor(p) == (anchor, anchor_id)]
    return min(found, key=lambda p: p.id) if found else None


def _anchor_element(journey: Journey, anchor: AnchorKind, anchor_id: str) -> Element:
    collections: dict[str, Mapping[str, Element]] = {
        "milestone": journey.moments,
        "activity": journey.touchpoints,
        "stage": journey.stages,
    }
    element = collections[anchor].get(anchor_id)
    if element is None:
        raise CommandError(f"there is no {NOUN[anchor]} {anchor_id!r} in the journey shown")
    return element


def anchor_fields(journey: Journey, anchor: AnchorKind, anchor_id: str) -> dict[str, str | None]:
    """The three fields that say what a playbook hangs off, for one anchor (its stage included)."""
    element = _anchor_element(journey, anchor, anchor_id)
    stage_id = anchor_id if anchor == "stage" else str(getattr(element, "stage_id", "")) or None
    return {
        "moment_id": anchor_id if anchor == "milestone" else None,
        "touchpoint_id": anchor_id if anchor == "activity" else None,
        "stage_id": stage_id,
    }


def _taken(journey: Journey, anchor: AnchorKind, anchor_id: str, but: str | None = None) -> None:
    """Refuse a second playbook on one anchor, naming the one it has."""
    existing = anchored_playbook(journey, anchor, anchor_id)
    if existing is not None and existing.id != but:
        name = display_name(_anchor_element(journey, anchor, anchor_id))
        raise CommandError(
            f"{NOUN[anchor].capitalize()} \u201c{name}\u201d already has a playbook "
            f"(\u201c{display_name(existing)}\u201d): open that one instead"
        )


def add_anchored_playbook(
    workspace: Workspace, journey: Journey, target: str | None, anchor: AnchorKind, anchor_id: str
) -> Intent:
    """A new, empty playbook for a moment, an activity or a stage of the journey edited (``target``).

    Its title is its anchor's; raises CommandError when the anchor is not there or has a playbook.
    """
    _taken(journey, anchor, anchor_id)
    fields = anchor_fields(journey, anchor, anchor_id)
    title = display_name(_anchor_element(journey, anchor, anchor_id))
    data = {"id": new_id("pb", workspace.id_view()), "title": title, **fields}
    return single(AddElement("playbook", data, target), data["id"])


def move_playbook(
    journey: Journey, target: str | None, playbook_id: str, anchor: AnchorKind, anchor_id: str
) -> Intent:
    """Hang a playbook off another moment, activity or stage: one undo step ("Move playbook …").

    Its tasks keep their days, now counted from the new anchor's start.
    """
    playbook = journey.playbooks.get(playbook_id)
    if playbook is None:
        raise CommandError(f"there is no playbook {playbook_id!r} in the journey shown")
    _taken(journey, anchor, anchor_id, but=playbook_id)
    fields = anchor_fields(journey, anchor, anchor_id)
    name = display_name(_anchor_element(journey, anchor, anchor_id))
    undo_name = f"Move playbook \u201c{display_name(playbook)}\u201d to {NOUN[anchor]} \u201c{name}\u201d"
    return single(UpdateElement("playbook", playbook_id, fields, target, name=undo_name))
