"""Automatic layout of a journey map: geometry derived only from stage, lane and order.

The same journey gives the same picture on every machine and in every segment, and the canvas, the
image export and the slide exporter all place things from this one (Qt-free) source.

Bands from top to bottom: stage headers, moments of truth, the emotion curve, customer lanes, then
internal owner lanes. Each stage column is wide enough for the fullest cell of that stage (cards
wrap into sub-columns), each lane row tall enough for its fullest cell.

Cards fill a cell column by column (down the lane's rows, then the next sub-column), like sticky
notes stacked under a stage. So a card's place depends on its lane's row count and not on its
stage's column count: when a stage gains a sub-column, no card in it moves (only the stages to its
right shift, as wholes), which keeps an edit on a 5,000-card map within its 10 ms.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from .elements import Touchpoint
from .workspace import Journey

CARD_W, CARD_H = 176.0, 72.0
GAP = 10.0
CELL_PAD = 12.0
LANE_LABEL_W = 190.0
HEADER_H = 70.0
MOMENT_BAND_H = 64.0  # two rows of markers, so their titles stay readable
EMOTION_BAND_H = 96.0
MIN_STAGE_W = CARD_W + 2 * CELL_PAD
MIN_LANE_H = CARD_H + 2 * CELL_PAD


class Rect(NamedTuple):
    """A rectangle in scene units. A named tuple: thousands are made on every edit that shifts a
    stage, and a frozen dataclass costs three times as much to make."""

    x: float
    y: float
    w: float
    h: float

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x < self.x + self.w and self.y <= y < self.y + self.h


@dataclass
class MapGeometry:
    """Where everything goes. Rects are in scene units (1 unit = 1 pixel at 100 % zoom)."""

    stages: dict[str, Rect] = field(default_factory=dict)  # the whole column, header to bottom
    lanes: dict[str, Rect] = field(default_factory=dict)  # the whole row, label to right edge
    headers: dict[str, Rect] = field(default_factory=dict)  # stage header boxes
    lane_labels: dict[str, Rect] = field(default_factory=dict)
    cards: dict[str, Rect] = field(default_factory=dict)
    moments: dict[str, Rect] = field(default_factory=dict)
    emotion_band: Rect = field(default_factory=lambda: Rect(0, 0, 0, 0))
    moment_band: Rect = field(default_factory=lambda: Rect(0, 0, 0, 0))
    visibility_line_y: float | None = None  # between customer lanes and internal lanes
    width: float = 0.0
    height: float = 0.0
    stage_columns: dict[str, int] = field(default_factory=dict)  # sub-columns of cards per stage
    lane_rows: dict[str, int] = field(default_factory=dict)  # rows of cards per lane

    def cell(self, stage_id: str, lane_id: str) -> Rect | None:
        stage, lane = self.stages.get(stage_id), self.lanes.get(lane_id)
        if stage is None or lane is None:
            return None
        return Rect(stage.x, lane.y, stage.w, lane.h)

    def stage_at(self, x: float) -> str | None:
        """The stage whose column holds scene x, if any."""
        return next((s for s, r in self.stages.items() if r.x <= x < r.right), None)

    def cell_at(self, x: float, y: float) -> tuple[str, str] | None:
        """The (stage id, lane id) under a scene point, if any."""
        stage_id = self.stage_at(x)
        lane_id = next((lane for lane, r in self.lanes.items() if r.y <= y < r.bottom), None)
        if stage_id is None or lane_id is None:
            return None
        return stage_id, lane_id

    def slot_at(self, stage_id: str, lane_id: str, x: float, y: float) -> int:
        """The order a card dropped at (x, y) in this cell should take."""
        cell = self.cell(stage_id, lane_id)
        if cell is None:
            return 0
        columns, rows = self.stage_columns.get(stage_id, 1), self.lane_rows.get(lane_id, 1)
        col = min(columns - 1, max(0, int((x - cell.x - CELL_PAD + GAP / 2) // (CARD_W + GAP))))
        row = min(rows - 1, max(0, int((y - cell.y - CELL_PAD + GAP / 2) // (CARD_H + GAP))))
        return col * rows + row

    def slot_rect(self, stage_id: str, lane_id: str, index: int, rows: int | None = None) -> Rect | None:
        """Where the card at ``index`` of a cell stands (``rows``: the lane's rows, if not as now)."""
        cell = self.cell(stage_id, lane_id)
        if cell is None:
            return None
        col, row = divmod(index, rows or self.lane_rows.get(lane_id, 1))
        return Rect(
            cell.x + CELL_PAD + col * (CARD_W + GAP), cell.y + CELL_PAD + row * (CARD_H + GAP), CARD_W, CARD_H
        )


def corresponding_point(source: MapGeometry, target: MapGeometry, x: float, y: float) -> tuple[float, float]:
    """The point of ``target`` that shows what (x, y) shows in ``source``: same stage, same lane.

    Two journeys of one workspace (the core and a segment) share stages and lanes, but a segment's
    extra cards can make a stage wider or a lane taller; side by side, the views stay on the same
    place of the journey, not on the same pixel.
    """
    return (
        _along(x, [(r.x, r.right, target.stages.get(k)) for k, r in source.stages.items()], "x"),
        _along(y, [(r.y, r.bottom, target.lanes.get(k)) for k, r in source.lanes.items()], "y"),
    )


def _along(value: float, spans: list[tuple[float, float, Rect | None]], axis: str) -> float:
    """Map ``value`` from the span holding it to that span's counterpart (or shift by the nearest one)."""
    nearest: tuple[float, float] | None = None  # (distance, offset to apply)
    for start, end, other in spans:
        if other is None:
            continue
        other_start, other_end = (other.x, other.right) if axis == "x" else (other.y, other.bottom)
        if start <= value < end and end > start:
            return other_start + (value - start) / (end - start) * (other_end - other_start)
        distance = min(abs(value - start), abs(value - end))
        offset = (other_start - start) if abs(value - start) <= abs(value - end) else (other_end - end)
        if nearest is None or distance < nearest[0]:
            nearest = (distance, offset)
    return value + nearest[1] if nearest is not None else value


def cell_key(tp: Touchpoint) -> tuple[int, str, str]:
    return (tp.order, tp.title, tp.id)


def layout_journey(journey: Journey) -> MapGeometry:
    """Compute the whole geometry of a journey (O(cards); a few ms for 5,000 cards)."""
    stages = journey.ordered_stages()
    lanes = journey.ordered_lanes()
    stage_ids = {s.id for s in stages}
    lane_ids = {lane.id for lane in lanes}
    cells: dict[tuple[str, str], list[Touchpoint]] = defaultdict(list)
    for tp in journey.touchpoints.values():
        if tp.stage_id in stage_ids and tp.lane_id in lane_ids:
            cells[(tp.stage_id, tp.lane_id)].append(tp)

    fullest_in_stage: dict[str, int] = defaultdict(int)
    for (stage_id, _lane), cards in cells.items():
        fullest_in_stage[stage_id] = max(fullest_in_stage[stage_id], len(cards))
    columns = {s.id: max(1, math.ceil(math.sqrt(fullest_in_stage[s.id]))) for s in stages}
    rows_in_lane: dict[str, int] = defaultdict(lambda: 1)
    for (stage_id, lane_id), cards in cells.items():
        rows_in_lane[lane_id] = max(rows_in_lane[lane_id], math.ceil(len(cards) / columns[stage_id]))

    geometry = MapGeometry(
        stage_columns=columns, lane_rows={lane.id: rows_in_lane[lane.id] for lane in lanes}
    )
    top_of_lanes = HEADER_H + MOMENT_BAND_H + EMOTION_BAND_H
    lanes_height = 0.0
    lane_rows: list[tuple[str, float, float]] = []
    y = top_of_lanes
    previous_side = None
    for lane in lanes:
        if previous_side == "customer" and lane.side == "internal":
            geometry.visibility_line_y = y
        previous_side = lane.side
        rows = rows_in_lane[lane.id]
        height = 2 * CELL_PAD + rows * CARD_H + (rows - 1) * GAP
        lane_rows.append((lane.id, y, height))
        y += height
    lanes_height = y - top_of_lanes

    x = LANE_LABEL_W
    for stage in stages:
        cols = columns[stage.id]
        width = 2 * CELL_PAD + cols * CARD_W + (cols - 1) * GAP
        geometry.stages[stage.id] = Rect(x, 0, width, top_of_lanes + lanes_height)
        geometry.headers[stage.id] = Rect(x, 0, width, HEADER_H)
        x += width
    geometry.width = x
    geometry.height = top_of_lanes + lanes_height
    for lane_id, lane_y, height in lane_rows:
        geometry.lanes[lane_id] = Rect(0, lane_y, geometry.width, height)
        geometry.lane_labels[lane_id] = Rect(0, lane_y, LANE_LABEL_W, height)
    geometry.moment_band = Rect(LANE_LABEL_W, HEADER_H, geometry.width - LANE_LABEL_W, MOMENT_BAND_H)
    geometry.emotion_band = Rect(
        LANE_LABEL_W, HEADER_H + MOMENT_BAND_H, geometry.width - LANE_LABEL_W, EMOTION_BAND_H
    )

    for (stage_id, lane_id), cards in cells.items():
        place_cell(geometry, stage_id, lane_id, cards)
    place_moments(geometry, journey)
    return geometry


def place_cell(
    geometry: MapGeometry, stage_id: str, lane_id: str, cards: list[Touchpoint]
) -> dict[str, Rect]:
    """Place the cards of one cell in their order; returns the rects it set."""
    placed: dict[str, Rect] = {}
    for index, tp in enumerate(sorted(cards, key=cell_key)):
        rect = geometry.slot_rect(stage_id, lane_id, index)
        if rect is None:
            return placed
        geometry.cards[tp.id] = rect
        placed[tp.id] = rect
    return placed


MOMENT_SIZE = 24.0


def place_moments(geometry: MapGeometry, journey: Journey) -> None:
    """Moments of truth sit in their stage's band in their order: two per row, in two rows.

    A third pair shares the rows (narrower); titles get the width of half a stage, not a sliver.
    """
    per_stage: dict[str, list[str]] = defaultdict(list)
    for moment in sorted(journey.moments.values(), key=lambda m: (m.order, m.title, m.id)):
        per_stage[moment.stage_id].append(moment.id)
    band = geometry.moment_band
    for stage_id, ids in per_stage.items():
        column = geometry.stages.get(stage_id)
        if column is None:
            continue
        rows = 1 if len(ids) == 1 else 2
        per_row = math.ceil(len(ids) / rows)
        step = (column.w - 2 * CELL_PAD) / per_row
        gap = (band.h - rows * MOMENT_SIZE) / (rows + 1)
        for index, moment_id in enumerate(ids):
            row, col = divmod(index, per_row)
            geometry.moments[moment_id] = Rect(
                column.x + CELL_PAD + col * step,
                band.y + gap + row * (MOMENT_SIZE + gap),
                max(MOMENT_SIZE, step - 8),
                MOMENT_SIZE,
            )


def emotion_points(journey: Journey, geometry: MapGeometry) -> list[tuple[float, float]]:
    """The emotion curve: per stage, the mean emotion (-2..+2) of its cards, at the column centre.

    Returns (x, y) in scene units inside the emotion band; stages without cards are skipped.
    """
    totals: dict[str, list[int]] = defaultdict(list)
    for tp in journey.touchpoints.values():
        totals[tp.stage_id].append(tp.emotion)
    band = geometry.emotion_band
    points = []
    for stage in journey.ordered_stages():
        values = totals.get(stage.id)
        column = geometry.stages.get(stage.id)
        if not values or column is None:
            continue
        mean = sum(values) / len(values)
        y = band.y + band.h / 2 - (mean / 2) * (band.h / 2 - 12)
        points.append((column.x + column.w / 2, y))
    return points


class LayoutEngine:
    """Keeps a journey's geometry up to date edit by edit.

    Moving, adding or renaming a card re-places only the cells it left and entered; the whole map is
    laid out again only when a stage column must widen or a lane row must grow (or shrink).
    """

    def __init__(self) -> None:
        self.geometry = MapGeometry()
        self._cells: dict[tuple[str, str], dict[str, Touchpoint]] = defaultdict(dict)
        self._cell_of: dict[str, tuple[str, str]] = {}
        self._lane_rows: dict[str, int] = {}
        self._stage_ids: list[str] = []
        self._lane_ids: list[str] = []
        self._emotion: dict[str, tuple[int, int]] = {}  # stage -> (sum, count) of its cards' emotions
        self.shifted: dict[str, float] = {}  # stages the last update moved sideways, and by how much
        self.resized = False  # whether the last update changed a stage's width (so the map's width)

    def full(self, journey: Journey) -> MapGeometry:
        self.shifted = {}
        self.resized = False
        self.geometry = layout_journey(journey)
        self._stage_ids = list(self.geometry.stages)
        self._lane_ids = list(self.geometry.lanes)
        self._cells = defaultdict(dict)
        self._cell_of = {}
        self._emotion = {}
        for tp in journey.touchpoints.values():
            if tp.id in self.geometry.cards:
                self._cells[(tp.stage_id, tp.lane_id)][tp.id] = tp
                self._cell_of[tp.id] = (tp.stage_id, tp.lane_id)
        self._lane_rows = dict(self.geometry.lane_rows)
        return self.geometry

    def _columns(self, stage_id: str) -> int:
        fullest = max((len(self._cells.get((stage_id, lane), ())) for lane in self._lane_ids), default=0)
        return max(1, math.ceil(math.sqrt(fullest)))

    def _rows(self, lane_id: str) -> int:
        columns = self.geometry.stage_columns
        counts = (
            math.ceil(len(self._cells.get((s, lane_id), ())) / columns.get(s, 1)) for s in self._stage_ids
        )
        return max(1, *counts) if self._stage_ids else 1

    def update_cards(self, journey: Journey, card_ids: set[str]) -> tuple[bool, set[str]]:
        """Bring the geometry up to date after the given cards changed, appeared or went.

        Returns whether the whole map was laid out again, and the ids of cards whose rect changed.
        """
        touched: set[tuple[str, str]] = set()
        for card_id in card_ids:
            old_cell = self._cell_of.pop(card_id, None)
            if old_cell is not None:
                self._cells[old_cell].pop(card_id, None)
                touched.add(old_cell)
            tp = journey.touchpoints.get(card_id)
            if tp is not None and tp.stage_id in self.geometry.stages and tp.lane_id in self.geometry.lanes:
                cell = (tp.stage_id, tp.lane_id)
                self._cells[cell][card_id] = tp
                self._cell_of[card_id] = cell
                touched.add(cell)
        self.shifted = {}
        stages = {stage for stage, _lane in touched}
        for stage_id in stages:
            self._emotion.pop(stage_id, None)
        widened = {
            s: self._columns(s) for s in stages if self._columns(s) != self.geometry.stage_columns.get(s)
        }
        self.resized = bool(widened)
        old_columns = dict(self.geometry.stage_columns)
        self.geometry.stage_columns.update(widened)
        if any(self._rows(lane) != self._lane_rows.get(lane) for lane in self._lane_ids):
            self.geometry.stage_columns = old_columns
            previous = dict(self.geometry.cards)
            self.full(journey)
            after = self.geometry.cards
            return True, {i for i in previous.keys() | after.keys() if previous.get(i) != after.get(i)}
        if widened:  # a stage gained or lost a sub-column: the stages right of it move, nothing else
            self._widen()  # (cards fill columns first, so none moves within its stage)
        moved: set[str] = set()
        for card_id in card_ids:
            if card_id not in self._cell_of and self.geometry.cards.pop(card_id, None) is not None:
                moved.add(card_id)
        for stage_id, lane_id in touched:
            before: dict[str, Rect | None] = {
                i: self.geometry.cards.get(i) for i in self._cells[(stage_id, lane_id)]
            }
            placed = place_cell(
                self.geometry, stage_id, lane_id, list(self._cells[(stage_id, lane_id)].values())
            )
            # _widen already moved the cards of shifted stages (their layers move with them): only a
            # change within the stage counts here.
            moved |= {i for i, rect in placed.items() if before.get(i) != rect}
        return False, moved

    def _widen(self) -> None:
        """Resize the widened stages and shift the stages right of them (and their cards) sideways.

        ``self.shifted`` then says how far each shifted stage moved, so a view can move whole stages.
        """
        g = self.geometry
        x = LANE_LABEL_W
        for stage_id in self._stage_ids:
            old = g.stages[stage_id]
            columns = g.stage_columns.get(stage_id, 1)
            width = 2 * CELL_PAD + columns * CARD_W + (columns - 1) * GAP
            if (old.x, old.w) != (x, width):
                g.stages[stage_id] = Rect(x, old.y, width, old.h)
                g.headers[stage_id] = Rect(x, 0, width, HEADER_H)
                if old.x != x:
                    self.shifted[stage_id] = x - old.x
            x += width
        g.width = x
        for lane_id, rect in g.lanes.items():
            g.lanes[lane_id] = Rect(0, rect.y, x, rect.h)
        g.moment_band = Rect(g.moment_band.x, g.moment_band.y, x - LANE_LABEL_W, g.moment_band.h)
        g.emotion_band = Rect(g.emotion_band.x, g.emotion_band.y, x - LANE_LABEL_W, g.emotion_band.h)
        cards, make = g.cards, tuple.__new__  # (half the cost of Rect(...): thousands of cards move)
        for stage_id, dx in self.shifted.items():
            for lane_id in self._lane_ids:
                for card_id in self._cells.get((stage_id, lane_id), ()):
                    r = cards.get(card_id)
                    if r is not None:
                        cards[card_id] = make(Rect, (r[0] + dx, r[1], r[2], r[3]))

    def emotion_curve(self) -> list[tuple[float, float]]:
        """The points of ``emotion_points``, from per-stage sums kept between edits (an edit sums
        again only the stages it touched: the curve follows every card edit on a 5,000-card map)."""
        g, band = self.geometry, self.geometry.emotion_band
        points = []
        for stage_id in self._stage_ids:
            sums = self._emotion.get(stage_id)
            if sums is None:
                emotions = [
                    tp.emotion
                    for lane in self._lane_ids
                    for tp in self._cells.get((stage_id, lane), {}).values()
                ]
                sums = self._emotion[stage_id] = (sum(emotions), len(emotions))
            total, count = sums
            column = g.stages.get(stage_id)
            if count and column is not None:
                y = band.y + band.h / 2 - (total / count / 2) * (band.h / 2 - 12)
                points.append((column.x + column.w / 2, y))
        return points

    def slot_for_new_card(self, stage_id: str, lane_id: str) -> Rect | None:
        """Where a card added last to this cell will stand once the map has made room for it.

        The quick-entry box opens there, so that the card lands exactly where its title was typed.
        Computed from the cells' counts (O(stages x lanes)), without laying the map out.
        """
        g = self.geometry
        if stage_id not in g.stages or lane_id not in g.lanes:
            return None
        counts = {cell: len(cards) for cell, cards in self._cells.items()}
        index = counts.get((stage_id, lane_id), 0)
        counts[(stage_id, lane_id)] = index + 1
        lanes = self._lane_ids
        columns = {
            s: max(1, math.ceil(math.sqrt(max((counts.get((s, lane), 0) for lane in lanes), default=0))))
            for s in self._stage_ids
        }
        rows = max(1, *(math.ceil(counts.get((s, lane_id), 0) / columns[s]) for s in self._stage_ids))
        x = LANE_LABEL_W
        for s in self._stage_ids[: self._stage_ids.index(stage_id)]:
            x += 2 * CELL_PAD + columns[s] * CARD_W + (columns[s] - 1) * GAP
        y = HEADER_H + MOMENT_BAND_H + EMOTION_BAND_H
        for lane in lanes[: lanes.index(lane_id)]:
            above = max(1, *(math.ceil(counts.get((s, lane), 0) / columns[s]) for s in self._stage_ids))
            y += 2 * CELL_PAD + above * CARD_H + (above - 1) * GAP
        col, row = divmod(index, rows)
        return Rect(x + CELL_PAD + col * (CARD_W + GAP), y + CELL_PAD + row * (CARD_H + GAP), CARD_W, CARD_H)

    def replace_moments(self, journey: Journey) -> None:
        self.geometry.moments = {}
        place_moments(self.geometry, journey)
