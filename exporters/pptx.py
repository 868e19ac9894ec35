"""The PowerPoint deck: a journey map and its lifecycle playbooks, built on the bundled or a user's template.

Slides, in order: a title slide; an overview; the journey map as native, editable shapes (cut
across slides by groups of stages when it is big); one slide per stage; one per playbook (a moment of
truth's first, each followed by its task list); handoffs; roles & responsibilities; for a segment, what
differs from the core; and the customer validation slide. Long content continues on following slides.

The deck is built in memory and written in one atomic step at the end: an error, or a progress
callback that raises (to cancel), leaves no file behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pptx.slide import Slide

from journeymap_designer.model.diff import core_ids, diff_journeys
from journeymap_designer.model.resolve import customer_view as customer_journey
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.workspace import Journey, Segment, Workspace
from journeymap_designer.starter import resources_dir

from . import pptx_content as content
from . import pptx_content_tables as tables
from .pptx_flow import Section, Table, column_count, draw_columns, draw_table, flow_pages, table_pages
from .pptx_map import draw_tile
from .pptx_map_plan import Tile, plan_tiles
from .pptx_template import Box, DeckTemplate, add_textbox
from .pptx_text import EMU_PER_PT, Para, paras_height, write_paras
from .safety import ExportError, check_template, write_output

Progress = Callable[[float, str], None]


def default_template() -> Path:
    return resources_dir() / "export" / "deck-default.pptx"


def export_deck(
    workspace: Workspace,
    out: str | Path,
    *,
    segment: str | None = None,
    template: str | Path | None = None,
    customer_view: bool = False,
    progress: Progress | None = None,
) -> None:
    """Write the deck of the core (or of a segment, by id or name) to ``out``.

    ``customer_view`` makes the deck for customers to validate. It leaves out: the lanes marked
    internal-only and every card in them (with the arrows and handoffs that touch those cards), the
    internal notes of touchpoints and handoffs, the internal roles of every playbook (external roles
    stay), and the segment lead's name. Everything else (stages, moments, the other playbook
    categories and tasks, handoffs between the remaining owners) stays.

    Errors are :class:`ExportError` with a one-line message. ``progress`` gets a fraction (0..1, never
    going back) and a message; an exception it raises stops the export and nothing is written.
    """
    report = _Reporter(progress)
    report(0.0, "Reading the template")
    path = Path(template) if template is not None else default_template()
    deck = DeckTemplate(check_template(path, "pptx"), f"template {path}")
    chosen = _segment(workspace, segment)
    journey = resolve(workspace, chosen)
    if customer_view:
        journey = customer_journey(journey)
    builder = _Builder(deck, report, customer_view)
    builder.build(workspace, journey, chosen)
    report(0.96, "Saving the deck")
    data = deck.save()
    report(1.0, f"Writing {Path(out).name}")
    write_output(out, data)


def _segment(workspace: Workspace, name: str | None) -> Segment | None:
    if name is None:
        return None
    found = workspace.segment_by_name(name)
    if found is None:
        known = ", ".join(s.name for s in workspace.segments.values()) or "none"
        raise ExportError(f"no segment {name!r} in this workspace (segments: {known})")
    return found


def _map_titles(tiles: list[Tile]) -> list[str]:
    if len(tiles) == 1:
        return ["Journey map"]
    return [f"Journey map{' (continued)' if index else ''}: {tile.title}" for index, tile in enumerate(tiles)]


class _Reporter:
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


class _Builder:
    """Adds the slides in order; pagination of text and tables goes through one place."""

    def __init__(self, deck: DeckTemplate, report: _Reporter, customer: bool) -> None:
        self.deck = deck
        self.report = report
        self.customer = customer

    def build(self, workspace: Workspace, journey: Journey, segment: Segment | None) -> None:
        report, customer = self.report, self.customer
        subtitle = ["Customer journey map and lifecycle playbooks"]
        subtitle.append(f"Segment: {segment.name}" if segment else "Core journey")
        if customer:
            subtitle.append("For customer validation")
        subtitle.append(dt.date.today().strftime("%d %B %Y").lstrip("0"))
        self.deck.title_slide(workspace.name, " · ".join(subtitle[:2]) + "\n" + " · ".join(subtitle[2:]))
        self.flow("Overview", content.overview_sections(workspace, journey, segment, customer))
        report(0.04, "Drawing the map")
        self.map(journey)
        stages = journey.ordered_stages()
        channels = {c.id: c.name for c in workspace.channels.values()}
        for index, stage in enumerate(stages):
            report.part(0.35, 0.5, index, len(stages), f"Stage {stage.name}")
            self.flow(
                f"Stage {index + 1} of {len(stages)}: {stage.name}",
                content.stage_sections(journey, stage, customer, channels),
            )
        playbooks = content.ordered_playbooks(journey)
        for index, playbook in enumerate(playbooks):
            report.part(0.5, 0.75, index, len(playbooks), f"Playbook {playbook.title}")
            title = f"Playbook: {playbook.title}"
            self.flow(
                title,
                content.playbook_sections(journey, playbook, customer),
                content.playbook_lead(journey, playbook),
            )
            if playbook.tasks:
                self.table(f"{title} — task list", content.task_table(playbook.tasks))
        report(0.75, "Handoffs")
        self.table(
            "Handoffs between owners", tables.handoff_table(journey, customer), empty="No handoffs yet."
        )
        report(0.8, "Roles and responsibilities")
        self.table(
            "Roles & responsibilities", tables.roles_table(journey, customer), empty="No roles named yet."
        )
        if segment is not None:
            report(0.85, "What differs from the core")
            core = customer_journey(workspace.core) if customer else workspace.core
            differences = diff_journeys(core, journey, core_ids(workspace))
            intro = [
                content.body(
                    f"What the {segment.name} segment adds, changes and leaves out, "
                    "compared with the core journey."
                )
            ]
            self.table(
                f"What differs from the core: {segment.name}",
                tables.differs_table(workspace, core, journey, differences),
                intro,
                "Nothing: this segment follows the core journey.",
            )
        report(0.9, "Customer validation")
        intro = [
            content.body(
                "Is this true for you? Tick one box per line, and tell us in the comment what is different "
                "for you or what is missing."
            )
        ]
        self.table(
            "Customer validation: is this your experience?",
            tables.validation_table(journey),
            intro,
            "Nothing to validate yet.",
        )

    def map(self, journey: Journey) -> None:
        owners = {}
        for tp in journey.touchpoints.values():
            lane = journey.lanes.get(journey.owner_of(tp) or "")
            owners[tp.id] = (lane.color[1:] if lane is not None and lane.color else "7D8799").upper()
        area = self.deck.content_area
        tiles = plan_tiles(journey, area)
        if not tiles:
            self.flow("Journey map", [Section(None, [content.muted("No stages yet.")])])
            return
        titles = _map_titles(tiles)
        room = min((self.deck.room_for(t) for t in titles), key=lambda b: b.h)
        if room.h < area.h:  # a title too long for its placeholder takes room from the map: plan again
            tiles = plan_tiles(journey, room)
            titles = _map_titles(tiles)
        for index, (tile, title) in enumerate(zip(tiles, titles, strict=True)):
            self.report.part(0.04, 0.35, index, len(tiles), "Drawing the map")
            slide, box = self.deck.content_slide(title)
            draw_tile(slide, box, tile, owners)

    def flow(self, title: str, sections: list[Section], lead: list[Para] | None = None) -> None:
        """Slides of text in columns; pages after the first are titled "(continued)"."""
        area = self.deck.room_for(f"{title} (continued)")
        columns = column_count(area)
        first = area
        if lead:
            first = area.below(self._lead_height(lead, area))
        pages = flow_pages(sections, area, columns, first)
        for number, page in enumerate(pages):
            slide, box = self.deck.content_slide(title if number == 0 else f"{title} (continued)")
            if number == 0 and lead:
                height = self._lead_height(lead, box)
                self._text(slide, box, lead, height)
                box = box.below(height)
            draw_columns(slide, box, page, columns)

    def table(self, title: str, table: Table, intro: list[Para] | None = None, empty: str = "None.") -> None:
        area = self.deck.room_for(f"{title} (continued)")
        if not table.rows:
            self.flow(title, [Section(None, [*(intro or []), content.muted(empty, 12)])])
            return
        first = area.below(self._lead_height(intro, area)) if intro else area
        pages = table_pages(table, area, first)
        for number, rows in enumerate(pages):
            slide, box = self.deck.content_slide(title if number == 0 else f"{title} (continued)")
            if number == 0 and intro:
                height = self._lead_height(intro, box)
                self._text(slide, box, intro, height)
                box = box.below(height)
            draw_table(slide, box, table, rows)

    @staticmethod
    def _lead_height(paras: list[Para], box: Box) -> int:
        return int((paras_height(paras, box.w_pt - 10) + 6 + 8) * EMU_PER_PT)

    @staticmethod
    def _text(slide: Slide, box: Box, paras: list[Para], height: int) -> None:
        shape = add_textbox(slide, Box(box.x, box.y, box.w, height), "Lead")
        write_paras(shape.text_frame, paras)
