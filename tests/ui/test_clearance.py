"""The clearance measure (labels over cards or labels, arrows across cards) counts what it should.

The target of 0 everywhere is the next step of the routing work; here the measure itself is proven
able to see a crossing and a covered card, so a 0 it reports later means something.
"""

from __future__ import annotations

from journeymap_designer.model.document import Document
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.canvas.clearance import measure
from journeymap_designer.ui.canvas.scene import MapScene
from journeymap_designer.ui.editing.controller import EditingController


def test_an_arrow_through_a_card_in_between_is_counted(qapp) -> None:  # type: ignore[no-untyped-def]
    document = Document.open(sample_path())
    scene = MapScene(document)
    controller = EditingController(document)
    before = {flow for flow, _card in measure(scene).arrows_over_cards}
    # Three rows of cards in one cell: an arrow from the top one to the bottom one goes through the middle.
    columns = scene.layout.geometry.stage_columns["stage-advocacy"]
    for n in range(3 * columns):
        controller.add_card("stage-advocacy", "lane-product", f"Card {n}", None)
    cell = [
        t.id
        for t in scene.journey.touchpoints.values()
        if (t.stage_id, t.lane_id) == ("stage-advocacy", "lane-product")
    ]
    rects = scene.layout.geometry.cards
    column = max(({i for i in cell if rects[i].x == rects[j].x} for j in cell), key=len)
    assert len(column) >= 3
    top, bottom = min(column, key=lambda i: rects[i].y), max(column, key=lambda i: rects[i].y)
    assert top is not None and bottom is not None
    flow = controller.connect_cards(top, bottom, None)
    found = measure(scene)
    crossed = {card for f, card in found.arrows_over_cards if f == flow}
    assert crossed, found.summary()
    assert top not in crossed and bottom not in crossed  # its own ends do not count
    assert {f for f, _card in found.arrows_over_cards} - before == {flow}
    scene.detach()


def test_a_label_on_a_card_is_counted(qapp) -> None:  # type: ignore[no-untyped-def]
    document = Document.open(sample_path())
    scene = MapScene(document)
    found = measure(scene)
    for flow_id, item in scene.flows.items():
        label = item.scene_label_rect()
        if label is None:
            continue
        card = next(iter(scene.cards))
        item.setPos(item.pos() + (scene.cards[card].sceneBoundingRect().center() - label.center()))
        assert (flow_id, card) in measure(scene).labels_over_cards
        break
    else:
        raise AssertionError("the sample has handoff labels")
    assert isinstance(found.summary(), str)
    scene.detach()
