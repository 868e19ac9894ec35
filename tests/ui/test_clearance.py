"""Arrows and labels that never cover a card: 0 labels over cards or labels, 0 arrows across cards,
on the sample, every bundled template and generated maps, before and after edits.

The measure itself is first proven able to see a crossing and a covered card, so its 0 means something.
"""

from __future__ import annotations

import pytest

from journeymap_designer.model.document import Document
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.canvas.clearance import measure
from journeymap_designer.ui.canvas.scene import MapScene
from journeymap_designer.ui.editing.controller import EditingController


def test_an_arrow_through_a_card_is_counted(qapp) -> None:  # type: ignore[no-untyped-def]
    document = Document.open(sample_path())
    scene = MapScene(document)
    assert measure(scene).clean
    flow_id, item = next(iter(scene.flows.items()))
    ends = set(item.ends)  # type: ignore[attr-defined]
    card = next(i for i in scene.cards if i not in ends)
    rect = scene.layout.geometry.cards[card]
    dx = item.parentItem().x() if item.parentItem() is not None else 0.0
    y = rect.y + rect.h / 2
    item.set_route([(rect.x - 4 - dx, y), (rect.right + 4 - dx, y)], False, None)
    assert measure(scene).arrows_over_cards == [(flow_id, card)]
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


def _maps() -> list[tuple[str, Document]]:
    from journeymap_designer.model.generate import generate_workspace
    from journeymap_designer.starter import template_names, template_path

    maps = [("sample", Document.open(sample_path()))]
    maps += [(name, Document.open(template_path(name))) for name in template_names()]
    maps += [(f"generated {n}", Document(generate_workspace(n, 3, seed=n))) for n in (60, 400)]
    return maps


def test_no_label_or_arrow_covers_a_card_on_any_bundled_or_generated_map(qapp) -> None:  # type: ignore[no-untyped-def]
    for name, document in _maps():
        scene = MapScene(document)
        for segment in [None, *document.workspace.segments]:
            scene.show_segment(segment)
            for customer_view in (False, True):
                scene.set_customer_view(customer_view)
                found = measure(scene)
                where = f"{name} / {segment or 'core'} / customer view {customer_view}"
                assert found.clean, f"{where}: {found.summary()}"
            scene.set_customer_view(False)
        scene.detach()


def test_journeymap_render_draws_a_clean_scene(qapp, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """``journeymap render`` draws the scene the canvas shows: the one it paints is measured clean."""
    from journeymap_designer.ui.canvas import render

    drawn: list[str] = []
    original = render._png

    def measured(scene: MapScene, scale: float) -> bytes:
        found = measure(scene)
        assert found.clean, found.summary()
        drawn.append(found.summary())
        return original(scene, scale)

    monkeypatch.setattr(render, "_png", measured)
    document = Document.open(sample_path())
    for segment in [None, *document.workspace.segments]:
        render.render_map(document, tmp_path / "map.png", segment=segment, scale=0.25)
    assert len(drawn) == 1 + len(document.workspace.segments)
    assert (tmp_path / "map.png").stat().st_size > 0


def test_edits_keep_the_map_clean(qapp) -> None:  # type: ignore[no-untyped-def]
    """Labels placed one edit at a time never land on each other, and moved cards take arrows along."""
    document = Document.open(sample_path())
    scene = MapScene(document)
    controller = EditingController(document)
    journey = document.workspace.core
    cards = sorted(journey.touchpoints)
    owners = {t.id: journey.owner_of(t) for t in journey.touchpoints.values()}
    made = 0
    for index, source in enumerate(cards):
        target = cards[(index * 7 + 3) % len(cards)]
        handoff_wanted = source != target and owners[source] != owners[target] and made < 15
        if handoff_wanted and controller.connect_cards(source, target, None) is not None:
            made += 1
            flow = next(f for f in journey.flows.values() if (f.source, f.target) == (source, target))
            handoff = next(h for h in journey.handoffs.values() if h.flow_id == flow.id)
            controller.set_field("handoff", handoff.id, "information", [f"Account notes {index}"], None)
    for card in cards[:6]:
        tp = journey.touchpoints[card]
        controller.move_card(card, "stage-renewal", tp.lane_id, 0, None)
    found = measure(scene)
    assert made >= 10 and found.clean, found.summary()
    scene.detach()


def test_arrows_off_screen_follow_at_the_next_turn_and_nothing_is_left_crossing(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A card that makes its stage gain a sub-column shifts every stage right of it: the arrows in
    view are re-routed at once, the others at the event loop's next turn, and then all are clean."""
    from collections import Counter

    from journeymap_designer.model.commands import AddElement
    from journeymap_designer.model.generate import generate_workspace
    from journeymap_designer.ui.canvas.arrows import FlowItem
    from journeymap_designer.ui.canvas.view import MapView

    document = Document(generate_workspace(300, 0, seed=3))
    scene = MapScene(document)
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    view.resetTransform()
    journey = document.workspace.core
    cells = Counter((t.stage_id, t.lane_id) for t in journey.touchpoints.values())
    (stage_id, lane_id), fullest = cells.most_common(1)[0]
    columns = scene.layout.geometry.stage_columns[stage_id]
    for number in range(columns * columns - fullest):  # the cell as full as its columns hold
        data = {"id": f"tp-more-{number}", "title": f"More {number}", "stage_id": stage_id}
        document.push(AddElement("touchpoint", {**data, "lane_id": lane_id, "order": 10_000}))
    assert scene.layout.geometry.stage_columns[stage_id] == columns
    qtbot.waitUntil(lambda: not scene._stale)
    stage = scene.layout.geometry.stages[stage_id]
    view.centerOn(stage.right, scene.layout.geometry.lanes[lane_id].y)  # where the stages will part
    data = {"id": "tp-one-more", "title": "One more", "stage_id": stage_id, "lane_id": lane_id}
    stretched: list[str] = []
    original = FlowItem.stretch_tail

    def counted(item: FlowItem, dx: float) -> bool:
        done = original(item, dx)
        stretched.extend([item.element_id] if done else [])
        return done

    monkeypatch.setattr(FlowItem, "stretch_tail", counted)
    document.push(AddElement("touchpoint", {**data, "order": 10_001}))
    assert scene.layout.geometry.stage_columns[stage_id] == columns + 1  # this one widened the stage
    assert stretched  # arrows in view into the stages that moved: only their tails were redrawn
    assert scene._stale  # arrows out of view were left for later
    qtbot.waitUntil(lambda: not scene._stale)  # the event loop settles what was left
    assert measure(scene).clean
    # Every arrow, stretched in view or routed later, is where a map drawn afresh puts it.
    fresh = MapScene(document)
    for flow_id, item in scene.flows.items():
        drawn = [(round(p.x(), 2), round(p.y(), 2)) for p in item.scene_polyline()]
        again = [(round(p.x(), 2), round(p.y(), 2)) for p in fresh.flows[flow_id].scene_polyline()]
        assert drawn == again, flow_id
    fresh.detach()
    document.history.undo()  # and back: the stages shift left again
    found = measure(scene)  # settles first
    assert found.clean, found.summary()
    scene.detach()
