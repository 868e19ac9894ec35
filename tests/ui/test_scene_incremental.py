"""A scene patched edit by edit draws exactly what a scene built from scratch draws."""

from __future__ import annotations

import random

from journeymap_designer.model.commands import AddElement, RemoveElement, UpdateElement
from journeymap_designer.model.document import Document
from journeymap_designer.model.edits import CommandError
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.ui.canvas.scene import MapScene


def _drawing(scene: MapScene) -> tuple[dict[str, tuple[float, ...]], dict[str, tuple[float, ...]]]:
    cards = {i: item.sceneBoundingRect().getRect() for i, item in scene.cards.items()}
    flows = {}
    for i, item in scene.flows.items():
        line = item.scene_line()
        flows[i] = (
            round(line.x1(), 6),
            round(line.y1(), 6),
            round(line.x2(), 6),
            round(line.y2(), 6),
            item.is_handoff,
        )
    return cards, flows


def test_patched_scene_matches_a_fresh_one(qapp) -> None:  # type: ignore[no-untyped-def]
    document = Document(generate_workspace(120, 0, seed=5))
    scene = MapScene(document)
    rng = random.Random(3)
    core = document.workspace.core
    stages, lanes = list(core.stages), [lane for lane in core.lanes if core.lanes[lane].side == "internal"]
    for step in range(60):
        cards = sorted(core.touchpoints)
        action = rng.randrange(5)
        try:
            if action < 2:  # pile cards into one cell so its stage widens and the stages after it shift
                data = {
                    "id": f"tp-t{step}",
                    "title": f"Card {step}",
                    "stage_id": stages[1],
                    "lane_id": lanes[0],
                }
                document.push(AddElement("touchpoint", data))
            elif action == 2:
                changes = {"stage_id": rng.choice(stages), "lane_id": rng.choice(lanes)}
                document.push(UpdateElement("touchpoint", rng.choice(cards), changes))
            elif action == 3:
                document.push(RemoveElement("touchpoint", rng.choice(cards)))
            else:
                document.history.undo()
        except CommandError:
            continue
        fresh = MapScene(document)
        assert _drawing(scene) == _drawing(fresh), f"step {step}"
        fresh.detach()
    assert scene.layout.geometry.stage_columns[stages[1]] >= 3  # the widening really happened
