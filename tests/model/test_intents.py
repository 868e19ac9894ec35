"""The business rules of editing, without a window: what each user intention pushes (model/intents.py)."""

from __future__ import annotations

import pytest

from journeymap_designer.model.document import Document
from journeymap_designer.model.edits import CommandError
from journeymap_designer.model.fileformat import dump_workspace
from journeymap_designer.model.intents import (
    add_card,
    add_lane,
    add_stage,
    connect,
    delete,
    duplicate_cards,
    how_to_reset,
    insert_beside,
    move_beside,
    move_card,
    perform,
    reset_to_core,
)
from journeymap_designer.model.resolve import resolve
from journeymap_designer.starter import sample_path

CARD = "tp-acq-demo-request"  # customer lane, owned by Marketing, in Acquisition
SMB = "seg-smb"


@pytest.fixture
def document() -> Document:
    return Document.open(sample_path())


def test_a_card_typed_into_a_customer_lane_gets_an_internal_owner(document: Document) -> None:
    ws = document.workspace
    intent = add_card(ws, ws.core, None, "stage-acquisition", "lane-customer", "Reads a review")
    perform(document.history, intent)
    card = ws.core.touchpoints[intent.result or ""]
    first_internal = next(lane.id for lane in ws.core.ordered_lanes() if lane.side == "internal")
    assert card.owner_id == first_internal and card.title == "Reads a review"
    assert document.history.undo_name.startswith("Add")
    document.history.undo()
    assert intent.result not in ws.core.touchpoints


def test_a_card_dropped_into_an_owner_lane_takes_that_owner_in_one_undo_step(document: Document) -> None:
    ws = document.workspace
    before = dump_workspace(ws)
    assert ws.core.touchpoints[CARD].owner_id == "lane-marketing"
    intent = move_card(ws.core, None, CARD, "stage-adoption", "lane-csm", 0)
    assert intent is not None
    perform(document.history, intent)
    card = ws.core.touchpoints[CARD]
    assert (card.stage_id, card.lane_id, card.owner_id) == ("stage-adoption", "lane-csm", None)
    assert ws.core.owner_of(card) == "lane-csm"
    assert document.history.undo_name.startswith("Move touchpoint \u201c")
    document.history.undo()  # one step undoes the move, the owner and the new order together
    assert dump_workspace(ws) == before


def test_a_card_dropped_into_a_customer_lane_keeps_its_owner(document: Document) -> None:
    ws = document.workspace
    intent = move_card(ws.core, None, CARD, "stage-adoption", "lane-champion", 0)
    assert intent is not None
    perform(document.history, intent)
    assert ws.core.touchpoints[CARD].owner_id == "lane-marketing"


def test_connecting_two_owners_makes_a_handoff_and_a_second_connection_is_refused(document: Document) -> None:
    ws = document.workspace
    cards = sorted(ws.core.touchpoints.values(), key=lambda t: t.id)
    a = next(t for t in cards if ws.core.owner_of(t) == "lane-sales")
    b = next(t for t in cards if ws.core.owner_of(t) == "lane-support")
    intent = connect(ws, ws.core, None, a.id, b.id)
    perform(document.history, intent)
    assert any(h.flow_id == intent.result for h in ws.core.handoffs.values())
    assert "Handoff" in intent.note
    with pytest.raises(CommandError, match="already leads to"):
        connect(ws, ws.core, None, a.id, b.id)


def test_deleting_in_a_segment_hides_and_takes_the_card_before_its_arrows(document: Document) -> None:
    ws = document.workspace
    journey = resolve(ws, ws.segments[SMB])
    flow = next(f for f in journey.flows.values() if f.source in ws.core.touchpoints)
    items = [("flow", flow.id), ("touchpoint", flow.source)]  # the arrow first, as a selection may list it
    perform(document.history, delete(ws, journey, SMB, items))
    assert flow.source in ws.segments[SMB].hidden
    assert flow.source in ws.core.touchpoints  # the core keeps it
    assert document.history.undo_name == "Hide 2 elements"


def test_duplicates_are_read_from_the_model_next_to_their_originals(document: Document) -> None:
    ws = document.workspace
    intent = duplicate_cards(ws, None, [CARD])
    assert intent is not None
    perform(document.history, intent)
    copy = ws.core.touchpoints[intent.result or ""]
    original = ws.core.touchpoints[CARD]
    assert copy.model_dump(exclude={"id", "order"}) == original.model_dump(exclude={"id", "order"})
    assert duplicate_cards(ws, None, ["no-such-card"]) is None


def test_stages_and_lanes_are_added_inserted_and_moved_in_the_core(document: Document) -> None:
    ws = document.workspace
    stage = add_stage(ws)
    perform(document.history, stage)
    assert ws.core.ordered_stages()[-1].id == stage.result
    first = ws.core.ordered_stages()[0].id
    inserted = insert_beside(ws, "stage", first, 1)
    perform(document.history, inserted)
    assert ws.core.ordered_stages()[1].id == inserted.result
    moved = move_beside(ws, "stage", first, 1)
    assert moved is not None
    perform(document.history, moved)
    assert ws.core.ordered_stages()[1].id == first
    assert move_beside(ws, "stage", ws.core.ordered_stages()[-1].id, 1) is None  # already last
    lane = add_lane(ws, "internal")
    perform(document.history, lane)
    assert ws.core.lanes[lane.result or ""].side == "internal"


def test_reset_to_core_undoes_each_kind_of_departure(document: Document) -> None:
    ws = document.workspace
    segment = ws.segments[SMB]
    plans = []
    for element_id in sorted(segment.hidden & ws.core.touchpoints.keys())[:1]:
        plans.append(("touchpoint", element_id, how_to_reset(ws, SMB, "touchpoint", element_id)))
    for element_id in sorted(segment.changed.touchpoints)[:1]:
        plans.append(("touchpoint", element_id, how_to_reset(ws, SMB, "touchpoint", element_id)))
    assert [how for _k, _i, how in plans] == ["show", "reset"]
    assert how_to_reset(ws, None, "touchpoint", CARD) is None  # the core has nothing to reset
    perform(document.history, reset_to_core(ws, SMB, plans))  # type: ignore[arg-type]
    assert plans[0][1] not in segment.hidden and plans[1][1] not in segment.changed.touchpoints
    assert document.history.undo_name == "Reset 2 elements to core"


def test_undo_steps_name_what_the_element_is_never_an_id(document: Document) -> None:
    from journeymap_designer.model.commands import UpdateElement
    from journeymap_designer.starter import new_from_template

    ws = document.workspace
    cards = sorted(ws.core.touchpoints.values(), key=lambda t: t.id)
    a = next(t for t in cards if ws.core.owner_of(t) == "lane-sales")
    b = next(t for t in cards if ws.core.owner_of(t) == "lane-support")
    intent = connect(ws, ws.core, None, a.id, b.id)
    perform(document.history, intent)
    handoff = next(h for h in ws.core.handoffs.values() if h.flow_id == intent.result)
    document.history.push(UpdateElement("handoff", handoff.id, {"information": ["Ticket history"]}))
    sales, support = ws.core.lanes["lane-sales"].name, ws.core.lanes["lane-support"].name
    assert document.history.undo_name == f"Edit handoff {sales} \u2192 {support}: information"
    assert handoff.id not in document.history.undo_name
    fresh = new_from_template("b2b-saas-lifecycle", "Acme onboarding")
    assert (fresh.name, fresh.description) == ("Acme onboarding", "")  # no template instructions
    assert new_from_template("blank").name == "Untitled journey map"
