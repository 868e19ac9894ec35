"""A scene patched through segment switches, compare mode, customer view and every segment command
draws exactly what a scene built from scratch in the same state draws.

Random but seeded: each step is a switch, a toggle, an edit in the core or a segment (which can widen
stages, hide cards, show them again...), a reset, a promote, a conflict settled, an undo or a redo.
A review found four drawing bugs this way (cards a sub-column off after a widening switch, a map too
narrow after its last stage widened, ghosts missing for hidden arrows, arrows missing for a card shown
again in the customer view); each made this test fail.
"""

from __future__ import annotations

import contextlib
import random
from typing import Any

import pytest

from journeymap_designer.model.commands import (
    AddElement,
    RemoveElement,
    ResetToCore,
    ShowElement,
    UpdateElement,
)
from journeymap_designer.model.diff import conflicts
from journeymap_designer.model.document import Document
from journeymap_designer.model.edits import Command, CommandError
from journeymap_designer.model.reconcile import PromoteToCore, ResolveConflict, promotable
from journeymap_designer.model.resolve import resolve
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.canvas.scene import MapScene


def _rect(item: Any) -> tuple[float, ...]:
    return tuple(round(v, 3) for v in item.sceneBoundingRect().getRect())


def _drawn(scene: MapScene) -> dict[str, Any]:
    flows = {}
    for i, item in scene.flows.items():
        line = item.scene_line()
        ends = tuple(round(v, 3) for v in (line.x1(), line.y1(), line.x2(), line.y2()))
        flows[i] = (ends, item.is_handoff, item.handoff_label, item.mark)
    return {
        "cards": {i: (_rect(c), c.title, c.mark, c.opacity()) for i, c in scene.cards.items()},
        "flows": flows,
        "moments": {i: (_rect(m), m.title, m.mark) for i, m in scene.moments.items()},
        "scene rect": scene.sceneRect().getRect(),
        "emotion": scene.grid.emotion_points,
    }


def _fresh(scene: MapScene) -> dict[str, Any]:
    fresh = MapScene(scene.document, scene.theme)
    fresh.segment_id, fresh.compare, fresh.customer_view = (
        scene.segment_id,
        scene.compare,
        scene.customer_view,
    )
    fresh.rebuild()
    drawn = _drawn(fresh)
    fresh.detach()
    return drawn


def _step(rng: random.Random, document: Document, scene: MapScene, step: int) -> None:
    ws = document.workspace
    target = rng.choice([None, *ws.segments])
    journey = resolve(ws, target)
    cards = sorted(journey.touchpoints)
    internal = sorted(i for i, lane in ws.core.lanes.items() if lane.side == "internal")
    op = rng.randrange(12)
    command: Command | None = None
    if op == 0:
        scene.show_segment(rng.choice([None, *ws.segments]))
    elif op == 1:
        scene.set_compare(not scene.compare)
    elif op == 2:
        scene.set_customer_view(not scene.customer_view)
    elif op == 3 and rng.random() < 0.5 and journey.flows:
        command = RemoveElement("flow", rng.choice(sorted(journey.flows)), target)
    elif op == 3:
        command = RemoveElement("touchpoint", rng.choice(cards), target)
    elif op == 4:
        changes = {"stage_id": rng.choice(sorted(ws.core.stages)), "lane_id": rng.choice(internal)}
        command = UpdateElement("touchpoint", rng.choice(cards), changes, target)
    elif op == 5:  # piles cards into one cell now and then, so stages widen and the ones after shift
        stages = [s.id for s in ws.core.ordered_stages()]
        stage = rng.choice([*stages[:2], stages[-1]])  # the last one too: it widens the map itself
        data = {"id": f"tp-r{step}", "title": f"Card {step}", "stage_id": stage, "lane_id": internal[0]}
        command = AddElement("touchpoint", data, target)
    elif op == 6 and target is not None:
        hidden = sorted(i for i in ws.segments[target].hidden if i in ws.core.touchpoints)
        command = ShowElement("touchpoint", rng.choice(hidden), target) if hidden else None
    elif op == 7 and target is not None:
        changed = sorted(ws.segments[target].changed.touchpoints)
        command = ResetToCore("touchpoint", rng.choice(changed), target) if changed else None
    elif op == 8 and target is not None:
        items = promotable(ws, target)
        command = PromoteToCore(target, rng.sample(items, min(2, len(items)))) if items else None
    elif op == 9 and target is not None:
        found = conflicts(ws, target)
        if found:
            c = rng.choice(found)
            command = ResolveConflict(c.kind, c.element_id, c.field, target, rng.choice(["mine", "core"]))
    elif op == 10:
        document.history.undo()
    else:
        document.history.redo()
    if command is not None:
        with contextlib.suppress(CommandError):  # refused edits change nothing, as in the app
            document.push(command)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_patched_scene_matches_a_fresh_one_through_segment_work(qapp, seed: int) -> None:  # type: ignore[no-untyped-def]
    document = Document.open(sample_path())
    scene = MapScene(document)
    rng = random.Random(seed)
    for step in range(70):
        _step(rng, document, scene, step)
        state = f"step {step} (segment {scene.segment_id}, compare {scene.compare}, cv {scene.customer_view})"
        assert _drawn(scene) == _fresh(scene), state
    scene.detach()


def _widening_segment(document: Document, stage_id: str, segment_id: str = "seg-wide") -> str:
    """A segment that adds just enough cards to the fullest cell of a stage for the stage to widen."""
    from collections import Counter

    from journeymap_designer.model.segment_commands import CreateSegment

    ws = document.workspace
    cells = Counter((t.stage_id, t.lane_id) for t in ws.core.touchpoints.values() if t.stage_id == stage_id)
    (_stage, lane), fullest = cells.most_common(1)[0]
    columns = MapScene(document).layout.geometry.stage_columns[stage_id]
    document.push(CreateSegment("Wide", segment_id=segment_id))
    for n in range(columns**2 - fullest + 1):
        data = {"id": f"tp-wide-{n}", "title": f"Extra {n}", "stage_id": stage_id, "lane_id": lane}
        document.push(AddElement("touchpoint", data, segment_id))
    return lane


def test_switching_to_a_segment_that_widens_an_early_stage_places_later_cards_right(qapp) -> None:  # type: ignore[no-untyped-def]
    document = Document.open(sample_path())
    stages = [s.id for s in document.workspace.core.ordered_stages()]
    lane = _widening_segment(document, stages[0])
    later = {"id": "tp-later", "title": "Later", "stage_id": stages[1], "lane_id": lane}
    document.push(AddElement("touchpoint", later, "seg-wide"))
    scene = MapScene(document)
    scene.show_segment("seg-wide")
    assert scene.cards["tp-later"].scenePos().x() == scene.layout.geometry.cards["tp-later"].x
    assert _drawn(scene) == _fresh(scene)
    scene.set_compare(True)
    assert _drawn(scene) == _fresh(scene)


def test_a_segment_that_widens_the_last_stage_widens_the_map(qapp) -> None:  # type: ignore[no-untyped-def]
    document = Document.open(sample_path())
    _widening_segment(document, document.workspace.core.ordered_stages()[-1].id)
    scene = MapScene(document)
    scene.show_segment("seg-wide")
    rightmost = max(item.sceneBoundingRect().right() for item in scene.cards.values())
    assert scene.sceneRect().right() > rightmost
    assert _drawn(scene) == _fresh(scene)


def test_compare_mode_shows_a_ghost_for_an_arrow_hidden_on_its_own(qapp) -> None:  # type: ignore[no-untyped-def]
    document = Document.open(sample_path())
    education = document.workspace.segments["seg-education"]
    hidden_cards = education.hidden & document.workspace.core.touchpoints.keys()
    for card_id in sorted(hidden_cards):  # show its cards again: it now hides arrows only
        document.push(ShowElement("touchpoint", card_id, education.id))
    hidden_flows = education.hidden & document.workspace.core.flows.keys()
    assert hidden_flows
    scene = MapScene(document)
    scene.show_segment(education.id)
    scene.set_compare(True)
    assert all(scene.flows[f].mark == "hidden" for f in hidden_flows)
    assert _drawn(scene) == _fresh(scene)


def test_a_card_back_in_the_customer_view_comes_back_with_its_arrows(qapp) -> None:  # type: ignore[no-untyped-def]
    document = Document.open(sample_path())
    card = "tp-onb-data-connection"
    document.push(UpdateElement("touchpoint", card, {"lane_id": "lane-product"}, "seg-smb"))  # internal-only
    scene = MapScene(document)
    scene.show_segment("seg-smb")
    scene.set_customer_view(True)
    assert card not in scene.cards
    document.push(ResetToCore("touchpoint", card, "seg-smb"))
    assert any(card in item.ends for item in scene.flows.values())  # type: ignore[attr-defined]
    assert _drawn(scene) == _fresh(scene)
