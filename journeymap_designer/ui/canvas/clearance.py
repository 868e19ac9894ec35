"""Does the map read cleanly? Counts, from the scene's own items, what covers what.

- a handoff label over a card, or over another label;
- a stretch of an arrow that crosses a card it does not connect.

The figures the facilitator sees on the canvas, and that `journeymap render` draws, because both come
from the same scene. Used by the tests and by ``python -m journeymap_designer.ui.canvas.clearance``.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass, field

from PySide6.QtCore import QLineF, QRectF

from .scene import MapScene

INSET = 2.0  # a card's rim: touching the edge it enters or leaves is not crossing it


@dataclass
class Clearance:
    labels_over_cards: list[tuple[str, str]] = field(default_factory=list)  # (flow id, card id)
    labels_over_labels: list[tuple[str, str]] = field(default_factory=list)  # (flow id, flow id)
    arrows_over_cards: list[tuple[str, str]] = field(default_factory=list)  # (flow id, card id)

    @property
    def clean(self) -> bool:
        return not (self.labels_over_cards or self.labels_over_labels or self.arrows_over_cards)

    def summary(self) -> str:
        return (
            f"{len(self.labels_over_cards)} labels over cards, {len(self.labels_over_labels)} labels over "
            f"labels, {len(self.arrows_over_cards)} arrows crossing cards they do not connect"
        )


def _crosses(line: QLineF, rect: QRectF) -> bool:
    """Whether a straight stretch enters the inside of ``rect``."""
    if rect.contains(line.p1()) or rect.contains(line.p2()):
        return True
    corners = [rect.topLeft(), rect.topRight(), rect.bottomRight(), rect.bottomLeft()]
    for index in range(4):
        edge = QLineF(corners[index], corners[(index + 1) % 4])
        kind, _point = line.intersects(edge)
        if kind == QLineF.IntersectionType.BoundedIntersection:
            return True
    return False


def measure(scene: MapScene) -> Clearance:
    """Every overlap of labels and cards, and every arrow stretch across a card, on the map drawn."""
    scene.settle()  # arrows an edit left for the next turn of the event loop are routed first
    found = Clearance()
    cards = {
        i: QRectF(r.x, r.y, r.w, r.h) for i, r in scene.layout.geometry.cards.items() if i in scene.cards
    }
    labels: list[tuple[str, QRectF]] = []
    for flow_id, item in scene.flows.items():
        label = item.scene_label_rect()
        if label is not None:
            labels.append((flow_id, label))
            found.labels_over_cards += [(flow_id, c) for c, rect in cards.items() if rect.intersects(label)]
    for index, (first, rect) in enumerate(labels):
        found.labels_over_labels += [(first, other) for other, r in labels[index + 1 :] if r.intersects(rect)]
    for flow_id, item in scene.flows.items():
        ends = set(getattr(item, "ends", ()))
        points = item.scene_polyline()
        segments = [QLineF(a, b) for a, b in itertools.pairwise(points)]
        xs, ys = [p.x() for p in points], [p.y() for p in points]
        box = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        for card_id, rect in cards.items():
            if card_id in ends or not rect.intersects(box.adjusted(-1, -1, 1, 1)):
                continue
            inner = rect.adjusted(INSET, INSET, -INSET, -INSET)
            if any(_crosses(segment, inner) for segment in segments):
                found.arrows_over_cards.append((flow_id, card_id))
    return found


def main(argv: list[str]) -> int:  # pragma: no cover - a command for people
    """``python -m journeymap_designer.ui.canvas.clearance FILE...``: the counts for each map."""
    from PySide6.QtWidgets import QApplication

    from ...model.document import Document

    app = QApplication.instance() or QApplication(["clearance"])
    for path in argv:
        scene = MapScene(Document.open(path))
        print(f"{path}: {measure(scene).summary()}")
        scene.detach()
    del app
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
