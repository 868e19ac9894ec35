"""A user's intentions as the commands that carry them out (Qt-free).

The UI's editing controller (``ui/editing/controller.py``) asks this module what an intention means
("add a card here", "drop this card in that cell", "delete the selection") and pushes the answer as
one undo step. The business rules live here, where they can be tested without a window: a card typed
into a customer lane gets an internal owner, a card dropped into an owner's lane takes that owner, a
connection between two owners is a handoff, deleting in a segment hides.

Steps are generators: each command is built after the one before it has been applied, so a later
step sees what an earlier one did (a card deleted with its arrows takes them out of the selection).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .commands import (
    AddElement,
    RemoveElement,
    ReorderElements,
    ResetToCore,
    ShowElement,
    UpdateElement,
    display_name,
    move_touchpoint,
    new_id,
)
from .edits import Command, CommandError
from .elements import Touchpoint
from .history import History
from .layout import cell_key
from .resolve import effective_element
from .workspace import KINDS, Journey, Workspace

Item = tuple[str, str]  # (kind, element id)
Reset = Literal["reset", "show", "remove"]
DELETE_ORDER = {"touchpoint": 0, "moment": 1, "flow": 2}


@dataclass
class Intent:
    """What to push for one intention: one undo step named ``name`` (None: the command names itself)."""

    name: str | None
    steps: Callable[[], Iterator[Command]]
    result: str | None = None  # the id the intention creates, to select or rename it afterwards
    note: str = ""  # what to tell the user once it is done


def single(command: Command, result: str | None = None, note: str = "") -> Intent:
    return Intent(None, lambda: iter([command]), result, note)


def perform(history: History, intent: Intent) -> None:
    """Push an intention's commands as one undo step; raises CommandError and changes nothing if refused."""
    if intent.name is None:
        for command in intent.steps():  # one command (``single``): it names its own undo step
            history.push(command)
        return
    with history.macro(intent.name):  # rolled back whole if a step is refused
        for command in intent.steps():
            history.push(command)


def has_element(workspace: Workspace, target: str | None, kind: str, element_id: str) -> bool:
    """Whether the journey edited (the core, or segment ``target``) has the element now."""
    segment = workspace.segments.get(target or "")
    return effective_element(workspace, segment, kind, element_id) is not None


# -- cards --------------------------------------------------------------------------------------


def default_owner(journey: Journey) -> str | None:
    """Cards typed into a customer lane get the first internal lane as owner (changeable later)."""
    internal = [lane for lane in journey.ordered_lanes() if lane.side == "internal"]
    return internal[0].id if internal else None


def add_card(
    workspace: Workspace, journey: Journey, target: str | None, stage_id: str, lane_id: str, title: str
) -> Intent:
    cell = [t for t in journey.touchpoints.values() if (t.stage_id, t.lane_id) == (stage_id, lane_id)]
    card_id = new_id("tp", workspace.id_view())
    data: dict[str, object] = {
        "id": card_id,
        "title": title,
        "stage_id": stage_id,
        "lane_id": lane_id,
        "order": max((t.order for t in cell), default=-1) + 1,
    }
    lane = journey.lanes.get(lane_id)
    if lane is not None and lane.side == "customer":
        data["owner_id"] = default_owner(journey)
    return single(AddElement("touchpoint", data, target), card_id)


def rename(kind: str, element_id: str, text: str, target: str | None) -> Intent:
    """A card's title (in the segment shown), or a moment's title, a stage's or a lane's name (the core's)."""
    field = "title" if kind in ("touchpoint", "moment") else "name"
    return single(UpdateElement(kind, element_id, {field: text}, target if kind == "touchpoint" else None))


# -- moments of truth (always the core's) --------------------------------------------------------

MOMENT_TITLES = {"success_milestone": "New milestone", "risk": "New risk", "celebration": "New celebration"}


def add_moment(workspace: Workspace, stage_id: str, kind: str, title: str = "") -> Intent:
    """A success milestone, risk or celebration at the end of a stage's moments band."""
    if stage_id not in workspace.core.stages:
        raise CommandError("add a stage first: a moment of truth belongs to a stage")
    moment_id = new_id("mot", workspace.id_view())
    order = max((m.order for m in workspace.core.moments.values() if m.stage_id == stage_id), default=-1) + 1
    data: dict[str, object] = {"id": moment_id, "title": title or MOMENT_TITLES.get(kind, "New moment")}
    data.update(stage_id=stage_id, kind=kind, order=order)
    return single(AddElement("moment", data), moment_id)


def moments_in(workspace: Workspace, stage_id: str, leaving: str = "") -> list[str]:
    """A stage's moments in the order they are drawn (``leaving`` left out)."""
    found = [m for m in workspace.core.moments.values() if m.stage_id == stage_id and m.id != leaving]
    return [m.id for m in sorted(found, key=lambda m: (m.order, m.title, m.id))]


def move_moment(workspace: Workspace, moment_id: str, stage_id: str, slot: int) -> Intent | None:
    """Drag a moment to a place in a stage's band (another stage, or another place in its own)."""
    moment = workspace.core.moments.get(moment_id)
    if moment is None or stage_id not in workspace.core.stages:
        return None
    order = moments_in(workspace, stage_id, leaving=moment_id)
    order.insert(max(0, min(slot, len(order))), moment_id)
    moved = moment.stage_id != stage_id

    def steps() -> Iterator[Command]:
        if moved:
            changes: dict[str, Any] = {"stage_id": stage_id}
            linked = workspace.core.touchpoints.get(moment.touchpoint_id or "")
            if linked is not None and linked.stage_id != stage_id:
                changes["touchpoint_id"] = None  # the card it was linked to stays in the old stage
            yield UpdateElement("moment", moment_id, changes)
        yield ReorderElements("moment", order)

    name = f"Move moment \u201c{moment.title}\u201d" if moved else f"Reorder \u201c{moment.title}\u201d"
    return Intent(name, steps, moment_id)


def duplicate_moments(workspace: Workspace, moment_ids: Sequence[str]) -> Intent | None:
    """Copies of moments next to the originals (criteria included; the playbook stays with the original)."""
    moments = [workspace.core.moments[i] for i in moment_ids if i in workspace.core.moments]
    return _copies(workspace, "moment", "mot", moments, None, ("moment of truth", "moments of truth"))


def _copies(
    workspace: Workspace,
    kind: str,
    prefix: str,
    originals: Sequence[Any],
    target: str | None,
    nouns: tuple[str, str],
) -> Intent | None:
    """Copies of elements with new ids, each placed right after its original: one undo step."""
    if not originals:
        return None
    ids = workspace.all_ids()
    copies: list[str] = []
    for _original in originals:
        copies.append(new_id(prefix, ids | set(copies)))

    def steps() -> Iterator[Command]:
        for original, copy_id in zip(originals, copies, strict=True):
            data = original.model_dump()
            data.update(id=copy_id, order=original.order + 1)
            yield AddElement(kind, data, target)

    name = f"Duplicate {nouns[0]}" if len(originals) == 1 else f"Duplicate {len(originals)} {nouns[1]}"
    return Intent(name, steps, copies[-1])


def move_card(
    journey: Journey, target: str | None, card_id: str, stage_id: str, lane_id: str, slot: int
) -> Intent | None:
    """Drop a card at ``slot`` of a cell; in an owner's lane, that lane owns the moment."""
    tp = journey.touchpoints.get(card_id)
    if tp is None:
        return None
    cell = (stage_id, lane_id)
    others = sorted(
        (t for t in journey.touchpoints.values() if (t.stage_id, t.lane_id) == cell and t.id != card_id),
        key=cell_key,
    )
    order = [t.id for t in others]
    order.insert(min(slot, len(order)), card_id)
    moved_cell = (tp.stage_id, tp.lane_id) != cell
    lane = journey.lanes.get(lane_id)
    clear_owner = lane is not None and lane.side == "internal"

    def steps() -> Iterator[Command]:
        if moved_cell:
            yield move_touchpoint(card_id, stage_id, lane_id, target=target, clear_owner=clear_owner)
        yield ReorderElements("touchpoint", order, target)

    name = f"Move touchpoint \u201c{tp.title}\u201d" if moved_cell else f"Reorder \u201c{tp.title}\u201d"
    return Intent(name, steps, card_id)


def connect(workspace: Workspace, journey: Journey, target: str | None, source: str, to: str) -> Intent:
    """Add a flow; when the two cards have different owners it is a handoff. Refused if it exists."""
    a, b = journey.touchpoints[source], journey.touchpoints[to]
    if any((f.source, f.target) == (source, to) for f in journey.flows.values()):
        raise CommandError(f"\u201c{a.title}\u201d already leads to \u201c{b.title}\u201d")
    flow_id = new_id("flow", workspace.id_view())
    handoff = journey.owner_of(a) != journey.owner_of(b)

    def steps() -> Iterator[Command]:
        yield AddElement("flow", {"id": flow_id, "source": source, "target": to}, target)
        if handoff:
            yield AddElement(
                "handoff", {"id": new_id("hof", workspace.id_view()), "flow_id": flow_id}, target
            )

    name = "Connect with a handoff" if handoff else "Connect"
    note = "Handoff created: say what information travels with it in the inspector" if handoff else ""
    return Intent(f"{name}: \u201c{a.title}\u201d \u2192 \u201c{b.title}\u201d", steps, flow_id, note)


def delete(workspace: Workspace, journey: Journey, target: str | None, items: Sequence[Item]) -> Intent:
    """Delete cards, moments and arrows (in a segment: hide them), cards first so arrows go with them."""
    ordered = sorted(items, key=lambda item: DELETE_ORDER.get(item[0], 3))

    def steps() -> Iterator[Command]:
        for kind, element_id in ordered:
            if has_element(workspace, target, kind, element_id):
                yield RemoveElement(kind, element_id, target)

    first = journey.touchpoints.get(items[0][1]) or journey.moments.get(items[0][1]) if items else None
    title = f"\u201c{first.title}\u201d" if first is not None else ""
    noun = f"{items[0][0]} {title}" if len(items) == 1 else f"{len(items)} elements"
    return Intent(f"Delete {noun}" if target is None else f"Hide {noun}", steps)


def duplicate_cards(workspace: Workspace, target: str | None, card_ids: Sequence[str]) -> Intent | None:
    """Copies next to the originals, read from the model (a customer-view drawing lacks notes)."""
    segment = workspace.segments.get(target or "")
    found = [effective_element(workspace, segment, "touchpoint", i) for i in card_ids]
    cards = [tp for tp in found if isinstance(tp, Touchpoint)]
    return _copies(workspace, "touchpoint", "tp", cards, target, ("touchpoint", "touchpoints"))


def update_field(kind: str, element_id: str, field: str, value: Any, target: str | None) -> Intent:
    """One field of one element; shared kinds (stages, lanes, moments) always edit the core."""
    where = target if KINDS[kind].segment_editable else None
    return single(UpdateElement(kind, element_id, {field: value}, where))


def add_playbook(workspace: Workspace, target: str | None, moment_id: str) -> Intent | None:
    moment = effective_element(workspace, None, "moment", moment_id)
    if moment is None:
        return None
    data = {"id": new_id("pb", workspace.id_view()), "title": display_name(moment)}
    data.update(moment_id=moment_id, stage_id=getattr(moment, "stage_id", ""))
    return single(AddElement("playbook", data, target), data["id"])


def add_handoff(workspace: Workspace, target: str | None, flow_id: str) -> Intent:
    data = {"id": new_id("hof", workspace.id_view()), "flow_id": flow_id}
    return single(AddElement("handoff", data, target), data["id"])


# -- stages and lanes (always the core's) ---------------------------------------------------------


def siblings(workspace: Workspace, kind: str, element_id: str) -> list[str]:
    """The stages in order, or the lanes on the same side as ``element_id``."""
    journey = workspace.core
    if kind == "stage":
        return [s.id for s in journey.ordered_stages()]
    side = journey.lanes[element_id].side
    return [lane.id for lane in journey.ordered_lanes() if lane.side == side]


def add_stage(workspace: Workspace) -> Intent:
    stage_id = new_id("stg", workspace.id_view())
    order = [s.id for s in workspace.core.ordered_stages()]

    def steps() -> Iterator[Command]:
        yield AddElement("stage", {"id": stage_id, "name": "New stage", "order": len(order)})
        yield ReorderElements("stage", [*order, stage_id])

    return Intent("Add stage", steps, stage_id)


def add_lane(workspace: Workspace, side: str) -> Intent:
    lane_id = new_id("lane", workspace.id_view())
    same_side = [lane for lane in workspace.core.ordered_lanes() if lane.side == side]
    name = "Customer" if side == "customer" else "New owner"
    return single(
        AddElement("lane", {"id": lane_id, "name": name, "side": side, "order": len(same_side)}), lane_id
    )


def insert_beside(workspace: Workspace, kind: str, anchor: str, offset: int) -> Intent:
    """A new stage or lane just before (offset 0) or after (1) ``anchor``."""
    order = siblings(workspace, kind, anchor)
    new = new_id("stg" if kind == "stage" else "lane", workspace.id_view())
    order.insert(order.index(anchor) + offset, new)
    data: dict[str, object] = {"id": new, "name": "New stage" if kind == "stage" else "New lane"}
    if kind == "lane":
        data["side"] = workspace.core.lanes[anchor].side

    def steps() -> Iterator[Command]:
        yield AddElement(kind, data)
        yield ReorderElements(kind, order)

    return Intent(f"Insert {kind}", steps, new)


def move_beside(workspace: Workspace, kind: str, element_id: str, step: int) -> Intent | None:
    order = siblings(workspace, kind, element_id)
    index = order.index(element_id)
    if not 0 <= index + step < len(order):
        return None
    order[index], order[index + step] = order[index + step], order[index]
    return single(ReorderElements(kind, order))


def remove_structure(kind: str, element_id: str) -> Intent:
    """A stage or lane and every card in it (one command, so undo names it)."""
    return single(RemoveElement(kind, element_id))


def cards_in(workspace: Workspace, kind: str, element_id: str) -> int:
    """How many core cards a stage or lane holds (they go with it when it is deleted)."""
    field = "stage_id" if kind == "stage" else "lane_id"
    return sum(1 for t in workspace.core.touchpoints.values() if getattr(t, field) == element_id)


# -- vocabularies: channels and personas ----------------------------------------------------------

VOCABULARY_NAMES = {"channel": "New channel", "persona": "New persona"}


def add_vocabulary(workspace: Workspace, kind: str, name: str = "") -> Intent:
    """A channel or a persona, shared by the whole workspace."""
    element_id = new_id("chn" if kind == "channel" else "persona", workspace.id_view())
    data: dict[str, object] = {"id": element_id, "name": name or VOCABULARY_NAMES[kind]}
    return single(AddElement(kind, data), element_id)


def users_of(workspace: Workspace, kind: str, element_id: str) -> list[str]:
    """Who still uses a channel (cards, in the core and in segments) or a persona (segments), by name."""
    if kind == "persona":
        return [s.name for s in workspace.segments.values() if element_id in s.persona_ids]
    titles = [t.title for t in workspace.core.touchpoints.values() if t.channel_id == element_id]
    for segment in workspace.segments.values():
        titles += [t.title for t in segment.added.touchpoints.values() if t.channel_id == element_id]
        titles += [
            workspace.core.touchpoints[i].title
            for i, fields in segment.changed.touchpoints.items()
            if "channel_id" in fields
            and fields["channel_id"].value == element_id
            and i in workspace.core.touchpoints
        ]
    return sorted(set(titles))


def delete_vocabulary(workspace: Workspace, kind: str, element_id: str) -> Intent:
    """Delete a channel or persona nobody uses; refused, naming the users, while one does."""
    element = workspace.collection(kind).get(element_id)
    if element is None:
        raise CommandError(f"there is no {kind} {element_id!r}")
    users = users_of(workspace, kind, element_id)
    if users:
        shown = ", ".join(f"\u201c{u}\u201d" for u in users[:3]) + (" and more" if len(users) > 3 else "")
        what = "segment" if kind == "persona" else "card"
        noun = what if len(users) == 1 else f"{what}s"
        fix = "take it off their personas" if kind == "persona" else "give them another channel"
        raise CommandError(
            f"\u201c{element.name}\u201d is used by {len(users)} {noun} ({shown}): {fix} first"
        )
    return single(RemoveElement(kind, element_id))


# -- segments against the core ---------------------------------------------------------------------


def how_to_reset(workspace: Workspace, segment_id: str | None, kind: str, element_id: str) -> Reset | None:
    """How a segment goes back to the core for one element (None: it does not differ there)."""
    segment = workspace.segments.get(segment_id or "")
    if segment is None or kind not in KINDS or not KINDS[kind].segment_editable:
        return None
    collection = KINDS[kind].collection
    if element_id in getattr(segment.added, collection):
        return "remove"
    if element_id in segment.hidden and element_id in workspace.collection(kind):
        return "show"
    if element_id in getattr(segment.changed, collection):
        return "reset"
    return None


def reset_command(
    kind: str, element_id: str, segment_id: str, how: Reset, fields: list[str] | None = None
) -> Command:
    if how == "show":
        return ShowElement(kind, element_id, segment_id)
    if how == "remove":
        return RemoveElement(kind, element_id, segment_id)
    return ResetToCore(kind, element_id, segment_id, fields)


def reset_to_core(workspace: Workspace, segment_id: str, plans: Sequence[tuple[str, str, Reset]]) -> Intent:
    """Several elements back to the core in one step; a removal already done by a cascade is skipped."""
    if len(plans) == 1:
        kind, element_id, how = plans[0]
        return single(reset_command(kind, element_id, segment_id, how))

    def steps() -> Iterator[Command]:
        for kind, element_id, how in plans:
            if how == "remove" and not has_element(workspace, segment_id, kind, element_id):
                continue  # went with an element removed before it (a card's own arrows, say)
            yield reset_command(kind, element_id, segment_id, how)

    return Intent(f"Reset {len(plans)} elements to core", steps)
