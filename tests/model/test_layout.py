"""Automatic layout: deterministic, cards never overlap, and incremental updates equal a full layout."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap_designer.model.commands import AddElement, RemoveElement, UpdateElement
from journeymap_designer.model.edits import CommandError
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.history import History
from journeymap_designer.model.layout import LayoutEngine, emotion_points, layout_journey
from journeymap_designer.model.workspace import Journey


def _overlaps(journey: Journey) -> list[tuple[str, str]]:
    rects = layout_journey(journey).cards
    return [
        (a, b)
        for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2)
        if ra.x < rb.right and rb.x < ra.right and ra.y < rb.bottom and rb.y < ra.bottom
    ]


def test_every_card_is_placed_inside_its_cell_without_overlap() -> None:
    journey = generate_workspace(300, 0, seed=4).core
    geometry = layout_journey(journey)
    assert set(geometry.cards) == set(journey.touchpoints)
    for tp in journey.touchpoints.values():
        cell = geometry.cell(tp.stage_id, tp.lane_id)
        rect = geometry.cards[tp.id]
        assert cell is not None and cell.contains(rect.x, rect.y) and rect.right <= cell.right
        assert rect.bottom <= cell.bottom
    assert _overlaps(journey) == []
    assert layout_journey(journey) == geometry  # the same journey gives the same picture
    assert geometry.visibility_line_y is not None
    assert len(emotion_points(journey, geometry)) == len(journey.stages)


def test_customer_lanes_come_first_and_stages_in_order() -> None:
    journey = generate_workspace(80, 0).core
    geometry = layout_journey(journey)
    lanes = sorted(journey.lanes.values(), key=lambda lane: geometry.lanes[lane.id].y)
    sides = [lane.side for lane in lanes]
    assert sides == sorted(sides, key=lambda s: s != "customer")
    xs = [geometry.stages[s.id].x for s in journey.ordered_stages()]
    assert xs == sorted(xs)


@settings(max_examples=40, deadline=None)
@given(
    edits=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10_000), st.integers(0, 10_000)), max_size=30)
)
def test_incremental_layout_equals_a_full_layout(edits: list[tuple[int, int, int]]) -> None:
    workspace = generate_workspace(60, 0, seed=2)
    history = History(workspace)
    engine = LayoutEngine()
    engine.full(workspace.core)
    history.subscribe(
        lambda change: engine.update_cards(
            workspace.core, {i for i in change.added | change.removed | change.changed if i.startswith("tp-")}
        )
    )
    stages, lanes = list(workspace.core.stages), list(workspace.core.lanes)
    for number, (op, a, b) in enumerate(edits):
        cards = sorted(workspace.core.touchpoints)
        try:
            if op == 0 or not cards:
                data = {
                    "id": f"tp-new{number}",
                    "title": "New",
                    "stage_id": stages[a % len(stages)],
                    "lane_id": lanes[b % len(lanes)],
                    "owner_id": lanes[-1],
                }
                history.push(AddElement("touchpoint", data))
            elif op == 1:
                changes = {
                    "stage_id": stages[a % len(stages)],
                    "lane_id": lanes[b % len(lanes)],
                    "order": a % 5,
                }
                history.push(UpdateElement("touchpoint", cards[a % len(cards)], changes))
            elif op == 2:
                history.push(UpdateElement("touchpoint", cards[a % len(cards)], {"title": f"Renamed {b}"}))
            else:
                history.push(RemoveElement("touchpoint", cards[a % len(cards)]))
        except CommandError:
            continue
        full = layout_journey(workspace.core)
        g = engine.geometry
        assert (g.cards, g.stages, g.headers, g.lanes, g.width) == (
            full.cards,
            full.stages,
            full.headers,
            full.lanes,
            full.width,
        )
        assert (g.stage_columns, g.emotion_band, g.moment_band) == (
            full.stage_columns,
            full.emotion_band,
            full.moment_band,
        )


def test_corresponding_point_keeps_the_place_in_the_journey_not_the_pixel() -> None:
    from journeymap_designer.model.layout import corresponding_point
    from journeymap_designer.model.resolve import resolve

    workspace = generate_workspace(60, 1, seed=2)
    core = layout_journey(workspace.core)
    segment_id = next(iter(workspace.segments))
    journey = resolve(workspace, segment_id)
    seg = layout_journey(journey)
    for stage_id, rect in core.stages.items():
        for lane_id, lane in core.lanes.items():
            x, y = corresponding_point(core, seg, rect.x + rect.w * 0.25, lane.y + lane.h * 0.5)
            other, other_lane = seg.stages[stage_id], seg.lanes[lane_id]
            assert abs(x - (other.x + other.w * 0.25)) < 1e-6
            assert abs(y - (other_lane.y + other_lane.h * 0.5)) < 1e-6
    assert corresponding_point(core, core, 12.5, 7.0) == (12.5, 7.0)


def test_the_emotion_curve_kept_between_edits_equals_one_computed_afresh() -> None:
    workspace = generate_workspace(300, 0, seed=4)
    history = History(workspace)
    engine = LayoutEngine()
    engine.full(workspace.core)
    history.subscribe(
        lambda change: engine.update_cards(
            workspace.core, {i for i in change.added | change.removed | change.changed if i.startswith("tp-")}
        )
    )
    cards = sorted(workspace.core.touchpoints)
    stages = list(workspace.core.stages)
    assert engine.emotion_curve() == emotion_points(workspace.core, engine.geometry)
    history.push(UpdateElement("touchpoint", cards[0], {"emotion": 2}))
    history.push(UpdateElement("touchpoint", cards[1], {"emotion": -2, "stage_id": stages[-1]}))
    history.push(RemoveElement("touchpoint", cards[2]))
    assert engine.emotion_curve() == emotion_points(workspace.core, engine.geometry)
    history.undo()
    history.undo()
    assert engine.emotion_curve() == emotion_points(workspace.core, engine.geometry)
