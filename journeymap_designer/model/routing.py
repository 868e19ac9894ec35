"""Arrows that never cross a card, and handoff labels that never cover a card or another label.

The layout is a grid: every stage's cards stand in the same sub-columns in every lane, and every
lane's cards stand in the same rows in every stage. So the gaps between card columns run the whole
height of the map, and the bands where two lanes meet (12 units of padding on each side) run its
whole width, and no card is ever in them. Arrows are routed orthogonally in those gaps, the way
service-blueprint tools draw them: out of the source's right edge into the gap beside it, along
that gap to the band at the top of the target's lane, along the band to the gap before the target,
and into the target's left edge. Corners are rounded when drawn.

A handoff's label sits on the band stretch of its arrow, slid along it until it covers no other
label; where none fits, a small numbered badge does, with the text in its tooltip and the inspector; where
not even a badge fits within reach of its arrow (only on crowded generated maps), there is none.
Qt-free: the scene measures text widths and draws what this module decides.
"""

from __future__ import annotations

import bisect
import math
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
    if abs(source.x - target.x) < 0.5:  # one above the other in a sub-column, next to each other
        cx = source.x + source.w / 2
        if 0 <= target.y - source.bottom <= GAP + 0.5:
            return [(cx, source.bottom), (cx, target.y)]
        if 0 <= source.y - target.bottom <= GAP + 0.5:
            return [(cx, source.y), (cx, target.bottom)]
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

    def _keep(self, flow_id: str, rect: Rect, badge: bool) -> Placed:
        if badge:
            self.numbers.setdefault(flow_id, len(self.numbers) + 1)
        found = Placed(rect, badge)
        self.placed[flow_id] = found
        bisect.insort(self.bands.setdefault(rect.y, []), (rect.x, rect.right, flow_id))
        return found

    def shift(self, moves: dict[str, float]) -> set[str]:
        """Move labels with their arrows (their stages moved sideways by dx); returns the ones that
        landed on another label there and must be placed again.

        Band by band in one pass: the band's list is rebuilt and sorted once, and a moved label is
        kept only where it meets neither neighbour, instead of one removal and insertion per label."""
        clashed: set[str] = set()
        by_band: dict[float, dict[str, float]] = {}
        for flow_id, dx in moves.items():
            found = self.placed.get(flow_id)
            if found is not None and dx:
                by_band.setdefault(found.rect.y, {})[flow_id] = dx
        for top, moving in by_band.items():
            entries = []
            for x, right, flow_id in self.bands[top]:
                step = moving.get(flow_id)
                if step is None:
                    entries.append((x, right, flow_id))
                else:  # the right end as Rect.right will give it, to the last bit
                    entries.append((x + step, x + step + self.placed[flow_id].rect.w, flow_id))
            entries.sort()
            # For each entry, the first label after it that did not move (those never overlap).
            next_still: list[tuple[float, float, str] | None] = [None] * len(entries)
            still = None
            for index in range(len(entries) - 1, -1, -1):
                next_still[index] = still
                if entries[index][2] not in moving:
                    still = entries[index]
            kept: list[tuple[float, float, str]] = []
            for index, entry in enumerate(entries):
                x, right, flow_id = entry
                if flow_id in moving:
                    # Kept only clear of the last label kept (the rightmost end so far) and of the
                    # next one that stayed: a label that stayed wins over one that moved onto it.
                    after = next_still[index]
                    if (kept and kept[-1][1] > x) or (after is not None and after[0] < right):
                        clashed.add(flow_id)
                        del self.placed[flow_id]
                        continue
                    old = self.placed[flow_id]
                    old.rect = tuple.__new__(Rect, (x, top, old.rect.w, old.rect.h))
                kept.append(entry)
            self.bands[top] = kept
        return clashed

    def place(self, flow_id: str, x0: float, x1: float, band_y: float, width: float) -> Placed | None:
        """A place for a label ``width`` wide on the band stretch x0..x1 (or near it) at ``band_y``;
        None when not even a badge fits within reach of the arrow (a badge far from its arrow would
        only mislead: the text is then in the arrow's tooltip and the inspector).

        A label already on this stretch stays where it is (it is free there, being in the band):
        arrows redrawn because a stage moved keep their labels, and the picture does not jitter.
        """
        left, right = min(x0, x1), max(x0, x1)
        top = band_y - LABEL_H / 2
        found = self.placed.get(flow_id)
        if (
            found is not None
            and not found.badge
            and found.rect.y == top
            and found.rect.w == width
            and left <= found.rect.x
            and found.rect.right <= right
        ):
            return found
        self.remove(flow_id)
        band = self.bands.get(top, [])
        for badge, w in ((False, width), (True, BADGE_W)):
            if not badge and right - left < w:  # the stretch is shorter than the label: a badge then
                continue
            reach = max(0.0, (right - left - w) / 2) + (40 * SLIDE_STEP if badge else 0.0)
            x = _nearest_free(band, (left + right) / 2 - w / 2, w, math.floor(reach / SLIDE_STEP + 1e-9))
            if x is not None:
                return self._keep(flow_id, Rect(x, top, w, LABEL_H), badge)
        return None  # no room near its arrow: the text is in the tooltip and the inspector only


def _blocker(band: list[tuple[float, float, str]], x: float, w: float) -> tuple[float, float, str] | None:
    """The label of a band (sorted, none overlapping) that starts last before x + w, if it covers x."""
    index = bisect.bisect_left(band, (x + w, float("-inf"), "")) - 1
    return band[index] if index >= 0 and band[index][1] > x else None


def _nearest_free(band: list[tuple[float, float, str]], start: float, w: float, steps: int) -> float | None:
    """The free left edge nearest ``start`` among start + k * SLIDE_STEP, |k| <= steps (right first
    on a tie), or None. Each side jumps straight past the label in the way instead of trying every
    step, so a crowded band costs a few bisections, not one per step."""

    def walk(direction: int) -> int | None:
        k = 0
        while k <= steps:
            x = start + direction * k * SLIDE_STEP
            hit = _blocker(band, x, w)
            if hit is None:
                return k
            if direction > 0:  # past its right end
                k = max(k + 1, math.ceil((hit[1] - start) / SLIDE_STEP - 1e-9))
            else:  # clear of its left end
                k = max(k + 1, math.ceil((start + w - hit[0]) / SLIDE_STEP - 1e-9))
        return None

    right_k, left_k = walk(1), walk(-1)
    if right_k is None and left_k is None:
        return None
    if left_k is None or (right_k is not None and right_k <= left_k):
        assert right_k is not None
        return start + right_k * SLIDE_STEP
    return start - left_k * SLIDE_STEP
