"""Does the map read cleanly? Counts, from the scene's own items, what covers what.

- a handoff label over a card, or over another label;
- a stretch of an arrow that crosses a card it does not connect;
- a customer-feedback badge over text or signs of a card or moment, over another card, a handoff
  label or another badge.

The figures the facilitator sees on the canvas, and that `journeymap render` draws, because both come
from the same scene. Used by the tests and by ``python -m journeymap_designer.ui.canvas.clearance``.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF

from .badges import badge_of
from .scene import MapScene

INSET = 2.0  # a card's rim: touching the edge it enters or leaves is not crossing it


@dataclass
class Clearance:
    labels_over_cards: list[tuple[str, str]] = field(default_factory=list)  # (flow id, card id)
    labels_over_labels: list[tuple[str, str]] = field(default_factory=list)  # (flow id, flow id)
    arrows_over_cards: list[tuple[str, str]] = field(default_factory=list)  # (flow id, card id)
    badges_over_content: list[tuple[str, str]] = field(default_factory=list)  # (element id, what it covers)

    @property
    def clean(self) -> bool:
        return not (
            self.labels_over_cards
            or self.labels_over_labels
            or self.arrows_over_cards
            or self.badges_over_content
        )

    def summary(self) -> str:
        text = (
            f"{len(self.labels_over_cards)} labels over cards, {len(self.labels_over_labels)} labels over "
            f"labels, {len(self.arrows_over_cards)} arrows crossing cards they do not connect"
        )
        if self.badges_over_content:
            text += f", {len(self.badges_over_content)} feedback badges over text, labels or badges"
        return text


Segment = tuple[float, float, float, float]


def _crosses(segment: Segment, left: float, top: float, right: float, bottom: float) -> bool:
    """Whether a straight stretch enters the inside of a rect (Liang-Barsky clipping, plain floats:
    the measure runs it hundreds of thousands of times on a generated map)."""
    x0, y0, x1, y1 = segment
    if max(x0, x1) <= left or min(x0, x1) >= right or max(y0, y1) <= top or min(y0, y1) >= bottom:
        return False
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return False
    return True


def measure(scene: MapScene) -> Clearance:
    """Every overlap of labels and cards, and every arrow stretch across a card, on the map drawn."""
    scene.settle()  # arrows an edit left for the next turn of the event loop are routed first
    found = Clearance()
    cards = {
        i: QRectF(r.x, r.y, r.w, r.h) for i, r in scene.layout.geometry.cards.items() if i in scene.cards
    }
    grid = _Buckets(cards)
    labels: list[tuple[str, QRectF]] = []
    for flow_id, item in scene.flows.items():
        label = item.scene_label_rect()
        if label is not None:
            labels.append((flow_id, label))
            found.labels_over_cards += [(flow_id, c) for c in grid.near(label) if cards[c].intersects(label)]
    label_grid = _Buckets(dict(labels))
    for flow_id, rect in labels:
        found.labels_over_labels += [
            (flow_id, other)
            for other in label_grid.near(rect)
            if other > flow_id and label_grid.rects[other].intersects(rect)
        ]
    for flow_id, item in scene.flows.items():
        ends = set(getattr(item, "ends", ()))
        points = [(p.x(), p.y()) for p in item.scene_polyline()]
        segments = [(a[0], a[1], b[0], b[1]) for a, b in itertools.pairwise(points)]
        xs, ys = [x for x, _y in points], [y for _x, y in points]
        box = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(-1, -1, 1, 1)
        for card_id in grid.near(box):
            rect = cards[card_id]
            if card_id in ends or not rect.intersects(box):
                continue
            inner = (rect.left() + INSET, rect.top() + INSET, rect.right() - INSET, rect.bottom() - INSET)
            if any(_crosses(segment, *inner) for segment in segments):
                found.arrows_over_cards.append((flow_id, card_id))
    found.badges_over_content = _badges_over_content(scene, cards, dict(labels))
    return found


def _badges_over_content(
    scene: MapScene, cards: dict[str, QRectF], labels: dict[str, QRectF]
) -> list[tuple[str, str]]:
    """Each badge against the text and signs of every card and moment near it (its own included),
    the other cards, the handoff labels and the other badges."""
    badges: dict[str, QRectF] = {}
    content: dict[str, QRectF] = {}  # "text of <id> #n" -> rect
    for element_id, item in [*scene.cards.items(), *scene.moments.items()]:
        badge = badge_of(item)
        if badge is not None:
            badges[element_id] = badge.sceneBoundingRect()
        for n, rect in enumerate(item.content_rects()):
            content[f"text of {element_id} #{n}"] = item.mapRectToScene(rect)
    found: list[tuple[str, str]] = []
    if not badges:
        return found
    obstacles = [_Buckets(content), _Buckets(cards), _Buckets(labels)]
    for element_id, rect in badges.items():
        for buckets in obstacles:
            found += [
                (element_id, key)
                for key in sorted(buckets.near(rect))
                if key != element_id and buckets.rects[key].intersects(rect)
            ]
    badge_grid = _Buckets(badges)
    for element_id, rect in badges.items():
        found += [
            (element_id, other)
            for other in sorted(badge_grid.near(rect))
            if other > element_id and badge_grid.rects[other].intersects(rect)
        ]
    return found


class _Buckets:
    """Rects filed in a coarse grid, to find the ones near a rect without looking at them all."""

    SIZE = 400.0

    def __init__(self, rects: dict[str, QRectF]) -> None:
        self.rects = rects
        self.cells: dict[tuple[int, int], list[str]] = {}
        for key, rect in rects.items():
            for cell in self._cells(rect):
                self.cells.setdefault(cell, []).append(key)

    def _cells(self, rect: QRectF) -> list[tuple[int, int]]:
        size = self.SIZE
        columns = range(int(rect.left() // size), int(rect.right() // size) + 1)
        rows = range(int(rect.top() // size), int(rect.bottom() // size) + 1)
        return [(c, r) for c in columns for r in rows]

    def near(self, rect: QRectF) -> set[str]:
        return {key for cell in self._cells(rect) for key in self.cells.get(cell, ())}


def main(argv: list[str]) -> int:  # pragma: no cover - a command for people
    """``python -m journeymap_designer.ui.canvas.clearance FILE...``: the counts for each journey of each map.

    Exits 1 when any journey (the core or a segment) has a label or an arrow covering a card."""
    from PySide6.QtWidgets import QApplication

    from ...model.document import Document

    app = QApplication.instance() or QApplication(["clearance"])
    dirty = 0
    for path in argv:
        document = Document.open(path)
        scene = MapScene(document)
        for segment in [None, *document.workspace.segments]:
            scene.show_segment(segment)
            found = measure(scene)
            dirty += not found.clean
            name = "core" if segment is None else document.workspace.segments[segment].name
            print(f"{path} [{name}]: {found.summary()}")
        scene.detach()
    del app
    return 1 if dirty else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
