"""The deck's building blocks: slides of flowing text, paginated tables and the map, and progress.

:mod:`exporters.pptx` (the team's deck) and :mod:`exporters.pptx_customer` (the deck a customer
validates) say what goes on the slides; this module places and paginates it on the template.
"""

from __future__ import annotations

from collections.abc import Callable

from pptx.slide import Slide

from journeymap_designer.model.workspace import Journey

from . import pptx_content as content
from .pptx_flow import Section, Table, column_count, draw_columns, draw_table, flow_pages, table_pages
from .pptx_map import draw_tile
from .pptx_map_plan import Tile, plan_tiles
from .pptx_template import Box, DeckTemplate, add_textbox
from .pptx_text import EMU_PER_PT, Para, paras_height, write_paras

Progress = Callable[[float, str], None]


def _map_titles(tiles: list[Tile]) -> list[str]:
    if len(tiles) == 1:
        return ["Journey map"]
    return [f"Journey map{' (continued)' if index else ''}: {tile.title}" for index, tile in enumerate(tiles)]


class Reporter:
    """Progress that only moves forward, whatever order the parts report in."""

    def __init__(self, callback: Progress | None) -> None:
        self.callback = callback
        self.done = 0.0

    def __call__(self, fraction: float, message: str) -> None:
        self.done = max(self.done, min(1.0, fraction))
        if self.callback is not None:
            self.callback(self.done, message)

    def part(self, start: float, end: float, index: int, count: int, message: str) -> None:
        self(start + (end - start) * index / max(count, 1), message)


class DeckBuilder:
    """Adds slides in order; pagination of text and tables goes through one place."""

    def __init__(self, deck: DeckTemplate, report: Reporter) -> None:
        self.deck = deck
        self.report = report

    def map(self, journey: Journey, customer: bool = False) -> None:
        """The map as native shapes, cut into slides by groups of stages; ``customer``: the customer's
        map (lanes without cards on a slide left out, no handoff colours, a legend without owners)."""
        owners = {}
        for tp in journey.touchpoints.values():
            lane = journey.lanes.get(journey.owner_of(tp) or "")
            owners[tp.id] = (lane.color[1:] if lane is not None and lane.color else "7D8799").upper()
        area = self.deck.content_area
        tiles = plan_tiles(journey, area, customer)
        if not tiles:
            self.flow("Journey map", [Section(None, [content.muted("No stages yet.")])])
            return
        titles = _map_titles(tiles)
        room = min((self.deck.room_for(t) for t in titles), key=lambda b: b.h)
        if room.h < area.h:  # a title too long for its placeholder takes room from the map: plan again
            tiles = plan_tiles(journey, room, customer)
            titles = _map_titles(tiles)
        for index, (tile, title) in enumerate(zip(tiles, titles, strict=True)):
            self.report.part(0.04, 0.35, index, len(tiles), "Drawing the map")
            slide, box = self.deck.content_slide(title)
            draw_tile(slide, box, tile, owners, customer)

    def flow(self, title: str, sections: list[Section], lead: list[Para] | None = None) -> None:
        """Slides of text in columns; pages after the first are titled "(continued)"."""
        area = self.deck.room_for(f"{title} (continued)")
        columns = column_count(area)
        first = area
        if lead:
            first = area.below(self._lead_height(lead, area))
        pages = flow_pages(sections, area, columns, first)
        for number, page in enumerate(pages):
            slide, box = self._page(title, number, lead)
            draw_columns(slide, box, page, columns)

    def table(self, title: str, table: Table, intro: list[Para] | None = None, empty: str = "None.") -> None:
        area = self.deck.room_for(f"{title} (continued)")
        if not table.rows:
            self.flow(title, [Section(None, [*(intro or []), content.muted(empty, 12)])])
            return
        first = area.below(self._lead_height(intro, area)) if intro else area
        pages = table_pages(table, area, first)
        for number, rows in enumerate(pages):
            slide, box = self._page(title, number, intro)
            draw_table(slide, box, table, rows)

    def slide(self, title: str, lead: list[Para] | None = None) -> tuple[Slide, Box]:
        """One content slide with its lead text; the room left below it (for a chart, a table)."""
        return self._page(title, 0, lead)

    def text(self, slide: Slide, box: Box, paras: list[Para]) -> None:
        """Text in a box of its own (a note under a table)."""
        self._text(slide, box, paras, box.h)

    def _page(self, title: str, number: int, lead: list[Para] | None) -> tuple[Slide, Box]:
        """Page ``number`` of a titled run of slides, and the room below its lead text (first page only)."""
        slide, box = self.deck.content_slide(title if number == 0 else f"{title} (continued)")
        if number == 0 and lead:
            height = self._lead_height(lead, box)
            self._text(slide, box, lead, height)
            box = box.below(height)
        return slide, box

    @staticmethod
    def _lead_height(paras: list[Para], box: Box) -> int:
        return int((paras_height(paras, box.w_pt - 10) + 6 + 8) * EMU_PER_PT)

    @staticmethod
    def _text(slide: Slide, box: Box, paras: list[Para], height: int) -> None:
        shape = add_textbox(slide, Box(box.x, box.y, box.w, height), "Lead")
        write_paras(shape.text_frame, paras)
