"""Arrows that never cross a card, and handoff labels that never cover a card or another label.

The layout is a grid: every stage's cards stand in the same sub-columns in every lane, and every
lane's cards stand in the same rows in every stage. So the gaps between card columns run the whole
height of the map, and the bands where two lanes meet (12 units of padding on each side) run its
whole width, and no card is ever in them. Arrows are routed orthogonally in those gaps, the way
service-blueprint tools draw them: out of the source's right edge into the gap beside it, along
that gap to the band at the top of the target's lane, along the band to the gap before the target,
and into the target's left edge. Corners are rounded when drawn.

A handoff's label sits on the band stretch of its arrow, slid along it until it covers no other
label; where none fits, a small numbered badge does, with the text in its tooltip and the inspector.
Qt-free: the scene measures text widths and draws what this module decides.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .layout import CELL_PAD, GAP, Rect

Point = tuple[float, float]
LABEL_H = 18.0  # fits the 24-unit band where two lanes meet, with room to spare
BADGE_W = 22.0  # room for a two-digit number
SLIDE_STEP = 12.0


def route(source: Rect, target: Rect, band_y: float) -> list[Point]:
    """The corners of the arrow from ``source`` to ``target``; ``band_y`` is the target lane's top."""
    sy, ty = source.y + source.h / 2, target.y + target.h / 2
    start, end = (source.right, sy), (target.x, ty)
    gap = target.x - source.right
    if abs(sy - ty) < 0.5 and 0 <= gap <= 2 * CELL_PAD + 0.5:
        return [start, end]  # neighbours side by side: nothing can stand between them
    out_x = source.right + GAP / 2  # in the gap right of the source (a column or a stage boundary)
    in_x = target.x - GAP / 2  # in the gap left of the target
    return [start, (out_x, sy), (out_x, band_y), (in_x, band_y), (in_x, ty), end]


@dataclass
class Placed:
    rect: Rect
    badge: bool


@dataclass
class LabelPlacer:
    """Places handoff labels in the lane bands so that none covers another (cards are never there)."""

    placed: dict[str, Placed] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)  # badge numbers, stable per flow
    # Labels by band, sorted by x: two bands are a lane apart (far more than a label's height), so a
    # label only ever meets the labels of its own band, and since those never overlap, the one that
    # starts last before a candidate's right edge is the only one that can touch it (a bisection).
    bands: dict[float, list[tuple[float, float, str]]] = field(default_factory=dict)

    def clear(self) -> None:
        self.placed.clear()
        self.numbers.clear()
        self.bands.clear()

    def remove(self, flow_id: str) -> None:
        found = self.placed.pop(flow_id, None)
        if found is not None:
            band = self.bands.get(found.rect.y, [])
            index = bisect.bisect_left(band, (found.rect.x, float("-inf"), ""))
            while index < len(band) and band[index][2] != flow_id:
                index += 1
            if index < len(band):
                del band[index]

    def _free(self, rect: Rect, flow_id: str) -> bool:
        band = self.bands.get(rect.y)
        if not band:
            return True
        index = bisect.bisect_left(band, (rect.right, float("-inf"), "")) - 1
        return index < 0 or band[index][1] <= rect.x

    def _keep(self, flow_id: str, rect: Rect, badge: bool) -> Placed:
        if badge:
            self.numbers.setdefault(flow_id, len(self.numbers) + 1)
        found = Placed(rect, badge)
        self.placed[flow_id] = found
        bisect.insort(self.bands.setdefault(rect.y, []), (rect.x, rect.right, flow_id))
        return found

    def shift(self, moves: dict[str, float]) -> set[str]:
        """Move labels with their arrows (their stages moved sideways by dx); returns the ones that
        landed on another label there and must be placed again."""
        moving = {f: self.placed[f] for f in moves if f in self.placed}
        for flow_id in moving:
            self.remove(flow_id)
        clashed: set[str] = set()
        for flow_id, found in moving.items():
            moved = Rect(found.rect.x + moves[flow_id], found.rect.y, found.rect.w, found.rect.h)
            if self._free(moved, flow_id):
                self._keep(flow_id, moved, found.badge)
            else:
                clashed.add(flow_id)
        return clashed

    def place(self, flow_id: str, x0: float, x1: float, band_y: float, width: float) -> Placed:
        """A place for a label ``width`` wide on the band stretch x0..x1 (or near it) at ``band_y``."""
        self.remove(flow_id)
        left, right = min(x0, x1), max(x0, x1)
        top = band_y - LABEL_H / 2
        for badge, w in ((False, width), (True, BADGE_W)):
            centre = (left + right) / 2
            reach = max(0.0, (right - left - w) / 2)
            if not badge and right - left < w:  # the stretch is shorter than the label: a badge then
                continue
            for offset in _offsets(reach if not badge else reach + 40 * SLIDE_STEP):
                rect = Rect(centre + offset - w / 2, top, w, LABEL_H)
                if self._free(rect, flow_id):
                    return self._keep(flow_id, rect, badge)
        # Crowded beyond belief: a badge further along the band, wherever it is free.
        x = right
        while True:
            rect = Rect(x, top, BADGE_W, LABEL_H)
            if self._free(rect, flow_id):
                return self._keep(flow_id, rect, True)
            x += BADGE_W + 2


def _offsets(reach: float) -> list[float]:
    """0, then alternately right and left in steps, up to ``reach`` each way."""
    found = [0.0]
    step = SLIDE_STEP
    while step <= reach + 1e-9:
        found += [step, -step]
        step += SLIDE_STEP
    return found
