"""Where the map's pieces go on slides: which stages share a slide, and the grid of cards on each.

The grid follows the app's automatic layout (same stage and lane order, cards of a cell in the same
order, cells wrapped into sub-columns starting from the app's square-ish count, the same card and gap
proportions), scaled so cards are at least 1.2 in wide with 9 pt text. A slide is wide and short where
the canvas is endless, so a cell may take more sub-columns than on screen to save rows, and a lane
with no cards on the slide is only as tall as its label.

A map too big for one slide is cut into tiles, one slide each: groups of whole stages side by side;
a stage that cannot share a slide alone; its lanes in groups if they are too tall for one slide; and
its cards in parts if a cell holds more than one slide can show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from journeymap_designer.model.elements import MomentOfTruth, Touchpoint
from journeymap_designer.model.layout import CARD_W, CELL_PAD, GAP, cell_key
from journeymap_designer.model.workspace import Journey

from .pptx_template import Box
from .pptx_text import LINE, Para, Run, line_spans

LABEL_W = 108.0  # pt, the lane-label column
MIN_CARD_W = 86.0  # pt: about 20 characters a line at 9 pt
MIN_SCALE = MIN_CARD_W / CARD_W  # pt per layout pixel
MAX_SCALE = 1.0  # cards no wider than 176 pt (2.4 in) when the map is small
CARD_FONT, HEADER_FONT, LABEL_FONT, MOMENT_FONT, LEGEND_FONT = 9.0, 10.5, 9.0, 9.0, 9.0
MAX_TITLE_LINES = 3  # longer titles end in "…" on the map; the stage slides show them whole
PAD, ROW_GAP = 4.0, 4.0  # pt, inside a lane and between card rows
MIN_PILL_W = 130.0  # pt: moments sit side by side in a stage when each still gets this much
MOMENT_MARKS = {"success_milestone": "◆", "risk": "▲", "celebration": "★"}
LEGEND_PARTS = (
    "◆ success milestone  ▲ risk  ★ celebration",
    "arrows: the order of touchpoints, orange = a handoff between owners",
    "card bar = owner",
    "00 arrows to other map slides",
)
CUSTOMER_LEGEND = ("◆ success milestone  ★ celebration", "arrows: the order of the steps")
Placed = tuple[str, float, float, float, float]  # id, x, y, width, height (pt, relative)


def lines_of(text: str, width: float, size: float, bold: bool = False) -> int:
    return len(line_spans(Para((Run(text, bold=bold),), size, space_before=0), width))


def card_height(lines: int) -> float:
    return lines * CARD_FONT * LINE + 5.0


def moment_label(m: MomentOfTruth) -> str:
    return f"{MOMENT_MARKS.get(m.kind, '◆')} {m.title}"


def legend_height(width: float) -> float:
    """One line on a wide slide, two on a narrow one."""
    return min(2, lines_of("  ·  ".join(LEGEND_PARTS), width, LEGEND_FONT)) * LEGEND_FONT * LINE + 6


def stage_px(columns: int) -> float:
    """A stage column's width in layout pixels, as the app computes it."""
    return 2 * CELL_PAD + columns * CARD_W + (columns - 1) * GAP


@dataclass
class Tile:
    """One map slide: a sub-journey, its grid, and the lanes this slide shows (all, or a group)."""

    journey: Journey
    columns: dict[str, int]  # card sub-columns per stage
    lane_ids: list[str]
    scale: float = 1.0  # pt per layout pixel
    card_lines: int = 2
    show_moments: bool = True
    title: str = ""
    crossing: int = 0  # arrows with one end on this slide and the other on another map slide
    cells: dict[tuple[str, str], list[Touchpoint]] = field(default_factory=dict)

    def stage_x(self) -> dict[str, float]:
        """Left edge of each stage column, in pt from the left of the cards' area."""
        x, out = 0.0, {}
        for stage in self.journey.ordered_stages():
            out[stage.id] = x
            x += stage_px(self.columns[stage.id]) * self.scale
        return out

    def stage_w(self, stage_id: str) -> float:
        return stage_px(self.columns[stage_id]) * self.scale

    def width(self) -> float:
        return sum(self.stage_w(s) for s in self.columns)

    def rows(self, lane_id: str) -> int:
        return max(
            (
                math.ceil(len(cards) / self.columns[s])
                for (s, lane), cards in self.cells.items()
                if lane == lane_id
            ),
            default=0,
        )

    def lane_height(self, lane_id: str) -> float:
        rows = self.rows(lane_id)
        label = (
            lines_of(self.journey.lanes[lane_id].name, LABEL_W - 12, LABEL_FONT, True) * LABEL_FONT * LINE + 8
        )
        if rows == 0:
            return max(label, 20.0)
        return max(label, 2 * PAD + rows * card_height(self.card_lines) + (rows - 1) * ROW_GAP)

    def header_height(self) -> float:
        lines = max(
            (
                lines_of(s.name, self.stage_w(s.id) - 10, HEADER_FONT, True)
                for s in self.journey.stages.values()
            ),
            default=1,
        )
        return min(3, lines) * HEADER_FONT * LINE + 8

    def moments(self) -> dict[str, list[Placed]]:
        """Per stage, its moments placed in rows (x, y relative to the stage column and the band)."""
        per_stage: dict[str, list[MomentOfTruth]] = {}
        for m in sorted(self.journey.moments.values(), key=lambda m: (m.order, m.title, m.id)):
            if m.stage_id in self.columns:
                per_stage.setdefault(m.stage_id, []).append(m)
        grid: dict[str, list[Placed]] = {}
        for stage_id, moments in per_stage.items():
            room = self.stage_w(stage_id) - 2 * PAD
            count = max(1, min(len(moments), int((room + 4) // (MIN_PILL_W + 4))))
            width = (room - (count - 1) * 4) / count
            top, placed = PAD, []
            for start in range(0, len(moments), count):
                row = moments[start : start + count]
                lines = max(min(3, lines_of(moment_label(m), width - 8, MOMENT_FONT)) for m in row)
                height = lines * MOMENT_FONT * LINE + 5
                placed += [(m.id, PAD + i * (width + 4), top, width, height) for i, m in enumerate(row)]
                top += height + 3
            grid[stage_id] = placed
        return grid

    def band_height(self) -> float:
        if not self.show_moments:
            return 0.0
        bottoms = [y + h for placed in self.moments().values() for _i, _x, y, _w, h in placed]
        return max(bottoms) + PAD if bottoms else 0.0

    def height(self, area: Box) -> float:
        lanes = sum(self.lane_height(lane) for lane in self.lane_ids)
        return self.header_height() + self.band_height() + lanes + legend_height(area.w_pt)

    def place_cards(self) -> dict[str, tuple[str, int, int]]:
        """Each card's (stage, sub-column, row), as the app places cards in a cell."""
        out = {}
        for (stage_id, _lane), cards in self.cells.items():
            for index, tp in enumerate(cards):
                row, col = divmod(index, self.columns[stage_id])
                out[tp.id] = (stage_id, col, row)
        return out


def _tile(
    journey: Journey, stage_ids: list[str], cards: list[Touchpoint], moments: bool, area: Box, compact: bool
) -> Tile:
    """A tile for these stages and cards, scaled to the area, with the app's sub-column counts.

    ``compact``: lanes with no card in these stages are left out (the customer's shorter map)."""
    ids = {tp.id for tp in cards}
    sub = Journey.model_construct(
        stages={s: journey.stages[s] for s in stage_ids},
        lanes=journey.lanes,
        touchpoints={tp.id: tp for tp in cards},
        moments={m.id: m for m in journey.moments.values() if moments and m.stage_id in stage_ids},
        flows={f.id: f for f in journey.flows.values() if f.source in ids and f.target in ids},
        handoffs={},
        playbooks={},
    )
    cells: dict[tuple[str, str], list[Touchpoint]] = {}
    for tp in cards:
        cells.setdefault((tp.stage_id, tp.lane_id), []).append(tp)
    for key in cells:
        cells[key].sort(key=cell_key)
    fullest = {s: max((len(v) for (st, _l), v in cells.items() if st == s), default=0) for s in stage_ids}
    columns = {s: max(1, math.ceil(math.sqrt(fullest[s]))) for s in stage_ids}
    used = {lane_id for (_stage, lane_id) in cells}
    lane_ids = [lane.id for lane in sub.ordered_lanes() if not compact or lane.id in used]
    tile = Tile(sub, columns, lane_ids, show_moments=moments, cells=cells)
    _rescale(tile, area)
    return tile


def _rescale(tile: Tile, area: Box) -> None:
    span = sum(stage_px(c) for c in tile.columns.values())
    tile.scale = min(MAX_SCALE, (area.w_pt - LABEL_W) / span) if span else MAX_SCALE
    width = CARD_W * tile.scale - 9.5
    needed = max(
        (lines_of(tp.title, width, CARD_FONT) for tp in tile.journey.touchpoints.values()), default=1
    )
    tile.card_lines = max(2, min(MAX_TITLE_LINES, needed))


def _widen(tile: Tile, area: Box) -> bool:
    """Give cells more sub-columns, fullest first, until the tile fits the area's height.

    False when it cannot (the slide is as wide as it gets, or no lane has a second row left)."""
    cap = (area.w_pt - LABEL_W) / MIN_SCALE
    while tile.height(area) > area.h_pt:
        tallest = max(tile.lane_ids, key=tile.rows, default=None)
        if tallest is None or tile.rows(tallest) <= 1:
            return False
        stage_id = max(
            (s for (s, lane) in tile.cells if lane == tallest),
            key=lambda s: math.ceil(len(tile.cells[(s, tallest)]) / tile.columns[s]),
        )
        tile.columns[stage_id] += 1
        if sum(stage_px(c) for c in tile.columns.values()) > cap:
            tile.columns[stage_id] -= 1
            _rescale(tile, area)
            return False
        _rescale(tile, area)
    return True


def plan_tiles(journey: Journey, area: Box, compact: bool = False) -> list[Tile]:
    """Cut the map into slides that keep cards readable (see the module docstring).

    ``compact`` leaves out, on each slide, the lanes with no card in its stages."""
    stages = journey.ordered_stages()
    if not stages:
        return []
    cap = (area.w_pt - LABEL_W) / MIN_SCALE
    by_stage: dict[str, list[Touchpoint]] = {}
    for tp in journey.touchpoints.values():
        if tp.lane_id in journey.lanes:
            by_stage.setdefault(tp.stage_id, []).append(tp)
    per_cell = _cards_per_cell(area, cap)

    def group_tile(group: list[str]) -> Tile:
        return _tile(journey, group, [tp for s in group for tp in by_stage.get(s, [])], True, area, compact)

    tiles: list[Tile] = []
    group: list[str] = []
    current: Tile | None = None
    for stage in stages:
        cards = by_stage.get(stage.id, [])
        if _fullest(cards) > per_cell:
            if current is not None:
                tiles += _lane_groups(current, area, "")
                group, current = [], None
            parts = _chunks(cards, per_cell)
            for number, part in enumerate(parts):
                tile = _tile(journey, [stage.id], part, number == 0, area, compact)
                _widen(tile, area)
                suffix = f", part {number + 1} of {len(parts)}" if len(parts) > 1 else ""
                tiles += _lane_groups(tile, area, suffix)
            continue
        trial = group_tile([*group, stage.id])
        if _widen(trial, area) or not group:
            group, current = [*group, stage.id], trial
        else:
            assert current is not None
            tiles += _lane_groups(current, area, "")
            group, current = [stage.id], group_tile([stage.id])
            _widen(current, area)
    if current is not None:
        tiles += _lane_groups(current, area, "")
    _count_crossing(journey, tiles)
    return tiles


def _fullest(cards: list[Touchpoint]) -> int:
    counts: dict[str, int] = {}
    for tp in cards:
        counts[tp.lane_id] = counts.get(tp.lane_id, 0) + 1
    return max(counts.values(), default=0)


def _cards_per_cell(area: Box, cap: float) -> int:
    """The most cards one cell can hold and still fit a slide with its lane alone."""
    columns = max(1, int((cap - 2 * CELL_PAD + GAP) // (CARD_W + GAP)))
    room = area.h_pt - legend_height(area.w_pt) - 3 * HEADER_FONT * LINE - 8 - 2 * PAD
    rows = max(1, int((room + ROW_GAP) // (card_height(MAX_TITLE_LINES) + ROW_GAP)))
    return columns * rows


def _chunks(cards: list[Touchpoint], per_cell: int) -> list[list[Touchpoint]]:
    cells: dict[str, list[Touchpoint]] = {}
    for tp in cards:
        cells.setdefault(tp.lane_id, []).append(tp)
    ordered = [sorted(items, key=cell_key) for items in cells.values()]
    count = max((math.ceil(len(v) / per_cell) for v in ordered), default=1)
    return [[tp for v in ordered for tp in v[i * per_cell : (i + 1) * per_cell]] for i in range(count)]


def _lane_groups(tile: Tile, area: Box, suffix: str) -> list[Tile]:
    """The tile itself when it fits; otherwise one tile per group of lanes that does."""
    names = [short(s.name) for s in tile.journey.ordered_stages()]
    label = (names[0] if len(names) == 1 else f"{names[0]} – {names[-1]}") + suffix
    fixed = tile.header_height() + legend_height(area.w_pt)
    groups: list[list[str]] = [[]]
    room = area.h_pt - fixed - tile.band_height()
    for lane_id in tile.lane_ids:
        height = tile.lane_height(lane_id)
        if groups[-1] and height > room:
            groups.append([])
            room = area.h_pt - fixed
        groups[-1].append(lane_id)
        room -= height
    tiles = []
    for number, lanes in enumerate(groups):
        part = Tile(
            tile.journey,
            tile.columns,
            lanes,
            tile.scale,
            tile.card_lines,
            number == 0 and tile.show_moments,
            label,
            cells=tile.cells,
        )
        if len(groups) > 1:
            part.title += f" (lanes, {number + 1} of {len(groups)})"
        tiles.append(part)
    return tiles


def short(name: str, limit: int = 40) -> str:
    """A stage name short enough for a slide title (the header shape on the map shows it whole)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _count_crossing(journey: Journey, tiles: list[Tile]) -> None:
    """For each tile, the arrows that leave it for (or arrive from) a card on another map slide."""
    where: dict[str, int] = {}
    for index, tile in enumerate(tiles):
        shown = set(tile.lane_ids)
        for tp in tile.journey.touchpoints.values():
            if tp.lane_id in shown:
                where[tp.id] = index
    for flow in journey.flows.values():
        a, b = where.get(flow.source), where.get(flow.target)
        if a is not None and b is not None and a != b:
            tiles[a].crossing += 1
            tiles[b].crossing += 1
