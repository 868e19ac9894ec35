"""The journey map on slides as native, editable shapes: stage headers, lane labels, cards, connectors
and moment-of-truth markers (not a picture: a lead can move a card and its arrows follow).

:mod:`exporters.pptx_map_plan` decides what goes on which slide and where; this module draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pptx.slide import Slide

from journeymap_designer.model.layout import CARD_W, CELL_PAD, GAP
from journeymap_designer.model.workspace import Journey

from .pptx_map_plan import (
    CARD_FONT,
    CUSTOMER_LEGEND,
    HEADER_FONT,
    LABEL_FONT,
    LABEL_W,
    LEGEND_FONT,
    LEGEND_PARTS,
    MOMENT_FONT,
    PAD,
    ROW_GAP,
    Tile,
    card_height,
    legend_height,
    moment_label,
)
from .pptx_shapes import ShapeWriter
from .pptx_template import Box
from .pptx_text import EMU_PER_PT, Para, Run, truncate
from .pptx_theme import palette_of

MOMENT_COLORS = {"success_milestone": "1F9D8B", "risk": "D64545", "celebration": "8E5BD6"}
FLOW_COLOR, HANDOFF_COLOR, CARD_BORDER, CARD_TEXT = "8C95A6", "D9730D", "C9CED8", "1B2230"
GRID, CUSTOMER_FILL, INTERNAL_FILL, DEFAULT_OWNER = "DDE1E8", "EAF1FC", "FFFFFF", "7D8799"
Rect = tuple[float, float, float, float]


@dataclass
class DrawnMap:
    """What a map slide holds, for progress and tests."""

    cards: dict[str, int] = field(default_factory=dict)  # touchpoint id -> shape id
    connectors: int = 0
    moments: int = 0
    crossing: int = 0  # arrows with one end on another map slide


def draw_tile(
    slide: Slide, area: Box, tile: Tile, owners: dict[str, str], customer: bool = False
) -> DrawnMap:
    """Draw one tile; ``owners`` maps a touchpoint id to its owner lane's colour (RRGGBB).

    ``customer``: the map a customer reads: no handoff colour and a legend without owners."""
    drawn = DrawnMap(crossing=tile.crossing)
    out = ShapeWriter(slide)
    sub = tile.journey
    x0, y0 = area.x / EMU_PER_PT, area.y / EMU_PER_PT
    stage_x = {s: x0 + LABEL_W + x for s, x in tile.stage_x().items()}
    width = LABEL_W + tile.width()
    head_h = tile.header_height()
    palette = palette_of(slide)
    for stage in sub.ordered_stages():
        w = tile.stage_w(stage.id)
        name = truncate(stage.name, w - 12, HEADER_FONT, 3, bold=True)
        text = Para(
            (Run(name, bold=True, color=palette.on_strong),), HEADER_FONT, space_before=0, align="center"
        )
        out.shape(
            (stage_x[stage.id] + 1, y0, w - 2, head_h),
            f"Stage {stage.id}",
            fill=palette.strong,
            paras=[text],
            anchor="ctr",
        )
    y = y0 + head_h
    if tile.show_moments:
        y += _draw_moments(out, tile, x0, y, stage_x, drawn)
    lanes_top = y
    boxes, y = _draw_lanes(out, tile, x0, y, width, stage_x)
    for stage in sub.ordered_stages()[1:]:
        out.shape((stage_x[stage.id] - 0.5, lanes_top, 1.0, y - lanes_top), "Divider", fill=GRID)
    ids: dict[str, int] = {}
    first_card = None
    for tp_id, box in boxes.items():
        tp = sub.touchpoints[tp_id]
        x, top, w, h = box
        title = truncate(tp.title, w - 9.5, CARD_FONT, tile.card_lines)
        text = Para((Run(title, color=CARD_TEXT),), CARD_FONT, space_before=0)
        ids[tp_id] = out.shape(
            box, f"Card {tp.id}", geometry="roundRect", fill="FFFFFF", line=CARD_BORDER, corner=0.08,
            paras=[text], anchor="ctr", insets=(6.5, 1.5, 3.0, 1.5),
        )  # fmt: skip
        first_card = first_card if first_card is not None else out.tree[-1]
        owner = owners.get(tp.id, DEFAULT_OWNER)
        out.shape((x + 0.75, top + 2, 3.5, h - 4), f"Owner {tp.id}", fill=owner)
    drawn.cards = ids
    connectors = []
    for flow in sorted(sub.flows.values(), key=lambda f: f.id):
        if flow.source not in ids or flow.target not in ids:
            continue
        a, b = boxes[flow.source], boxes[flow.target]
        sites = _sites(a, b)
        handoff = not customer and owners_differ(sub, flow.source, flow.target)
        connectors.append(
            out.connector(
                f"Flow {flow.id}",
                (ids[flow.source], sites[0], a),
                (ids[flow.target], sites[1], b),
                HANDOFF_COLOR if handoff else FLOW_COLOR,
                1.25 if handoff else 1.0,
                flow.alternative,
            )
        )
    if first_card is not None:  # arrows under the cards, not across their text
        for connector in connectors:
            first_card.addprevious(connector)
    drawn.connectors = len(connectors)
    _legend(out, x0, y + 3, width, drawn, customer)
    return drawn


def _draw_moments(
    out: ShapeWriter, tile: Tile, x0: float, y: float, stage_x: dict[str, float], drawn: DrawnMap
) -> float:
    band = tile.band_height()
    if not band:
        return 0.0
    label = Para((Run("Moments of truth", bold=True, muted=True),), LABEL_FONT, space_before=0)
    out.textbox((x0, y, LABEL_W, band), "Moments label", [label], anchor="ctr")
    for stage_id, placed in tile.moments().items():
        for moment_id, dx, dy, w, h in placed:
            m = tile.journey.moments[moment_id]
            text = truncate(moment_label(m), w - 8, MOMENT_FONT, 3)
            pill = Para((Run(text, color="FFFFFF"),), MOMENT_FONT, space_before=0)
            color = MOMENT_COLORS.get(m.kind, "1F9D8B")
            box = (stage_x[stage_id] + dx, y + dy, w, h)
            out.shape(box, f"Moment {m.id}", geometry="roundRect", fill=color, paras=[pill], anchor="ctr")
            drawn.moments += 1
    return band


def _draw_lanes(
    out: ShapeWriter, tile: Tile, x0: float, y: float, width: float, stage_x: dict[str, float]
) -> tuple[dict[str, Rect], float]:
    """Lane rows with their labels; returns where each card of the shown lanes goes, and the bottom."""
    places = tile.place_cards()
    card_h = card_height(tile.card_lines)
    card_w = CARD_W * tile.scale
    by_lane: dict[str, list[str]] = {}
    for (_stage, lane_id), cards in tile.cells.items():
        by_lane.setdefault(lane_id, []).extend(tp.id for tp in cards)
    boxes: dict[str, Rect] = {}
    previous_side = None
    for lane_id in tile.lane_ids:
        lane = tile.journey.lanes[lane_id]
        h = tile.lane_height(lane_id)
        fill = CUSTOMER_FILL if lane.side == "customer" else INTERNAL_FILL
        out.shape((x0, y, width, h), f"Row {lane.id}", fill=fill, line=GRID)
        if previous_side == "customer" and lane.side == "internal":
            out.shape((x0, y - 0.75, width, 1.5), "Line of visibility", fill="9AA3B2")
        previous_side = lane.side
        out.shape((x0, y, 3.5, h), f"Swatch {lane.id}", fill=(lane.color or "#" + DEFAULT_OWNER)[1:].upper())
        name = Para((Run(lane.name, bold=True),), LABEL_FONT, space_before=0)
        out.textbox((x0 + 3.5, y, LABEL_W - 3.5, h), f"Lane {lane.id}", [name], anchor="ctr")
        for tp_id in by_lane.get(lane_id, []):
            stage_id, col, row = places[tp_id]
            x = stage_x[stage_id] + (CELL_PAD + col * (CARD_W + GAP)) * tile.scale
            boxes[tp_id] = (x, y + PAD + row * (card_h + ROW_GAP), card_w, card_h)
        y += h
    return boxes, y


def _legend(out: ShapeWriter, x: float, y: float, width: float, drawn: DrawnMap, customer: bool) -> None:
    parts = list(CUSTOMER_LEGEND if customer else LEGEND_PARTS[:3])
    if drawn.crossing:
        parts.append(f"{drawn.crossing} arrow{'s' if drawn.crossing > 1 else ''} to other map slides")
    text = truncate("  ·  ".join(parts), width - 2, LEGEND_FONT, 2)
    para = Para((Run(text, muted=True),), LEGEND_FONT, space_before=0)
    out.textbox((x, y, width, legend_height(width) - 3), "Legend", [para], inset_x=0, inset_y=0.5)


def owners_differ(journey: Journey, source: str, target: str) -> bool:
    a, b = journey.touchpoints.get(source), journey.touchpoints.get(target)
    return a is not None and b is not None and journey.owner_of(a) != journey.owner_of(b)


def _sites(a: Rect, b: Rect) -> tuple[int, int]:
    """Which connection sites an arrow from ``a`` to ``b`` uses: facing sides, across or down."""
    ax, ay, aw, ah = a
    bx, by, bw, _bh = b
    if bx >= ax + aw:
        return (3, 1)  # right side to left side
    if bx + bw <= ax:
        return (1, 3)
    if by >= ay + ah:
        return (2, 0)  # bottom to top
    return (0, 2)
