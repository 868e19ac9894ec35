"""The PowerPoint deck: a journey map and its lifecycle playbooks, built on the bundled or a user's template.

Slides, in order: a title slide; an overview; the journey map as native, editable shapes (cut
across slides by groups of stages when it is big); one slide per stage; with actuals, the success
funnel (a native chart) and the stuck customers (``pptx_funnel``); one per playbook (a moment of
truth's first, then activities' and stages'), each followed by its task list and its communication
emails; handoffs; roles & responsibilities; for a segment, what differs from the core; and the
customer validation slide. Long content continues on following slides.

The deck is built in memory and written in one atomic step at the end: an error, or a progress
callback that raises (to cancel), leaves no file behind.
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from pathlib import Path

from journeymap_designer.model.actuals import Actuals
from journeymap_designer.model.customer_view import customer_journey, customer_workspace
from journeymap_designer.model.diff import core_ids, diff_journeys
from journeymap_designer.model.filestate import fingerprint_of
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.workspace import Journey, Segment, Workspace
from journeymap_designer.starter import resources_dir

from . import pptx_content as content
from . import pptx_content_tables as tables
from .feedback_said import SaidRow, said_rows, said_summary
from .journey_facts import JourneyNumbers, journey_numbers
from .pptx_builder import DeckBuilder, Progress, Reporter
from .pptx_customer import build_customer_deck
from .pptx_flow import Column, Table
from .pptx_funnel import funnel_slide, stuck_slide
from .pptx_template import DeckTemplate
from .pptx_text import Run, para
from .safety import ExportError, check_output, check_template, write_output


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
    actuals: Actuals | None = None,
    as_of: date | None = None,
    follow_symlinks: bool = False,
) -> None:
    """Write the deck of the core (or of a segment, by id or name) to ``out``.

    ``customer_view`` makes the short deck a customer validates (:mod:`exporters.pptx_customer`),
    built only from :func:`customer_workspace`: what the allow-list lets a customer see, nothing else.
    ``actuals`` adds the funnel and stuck-customers slides to the team's deck (stuck as of ``as_of``,
    None: today); a customer's deck never gets them.

    Errors are :class:`ExportError` with a one-line message. ``progress`` gets a fraction (0..1, never
    going back) and a message; an exception it raises stops the export and nothing is written.
    """
    report = Reporter(progress)
    check_output(out, follow_symlinks)  # a FIFO, a device, a link, a read-only file: refused before any work
    seen = fingerprint_of(out)  # the target as it was checked: re-checked just before the replace
    report(0.0, "Reading the template")
    path = Path(template) if template is not None else default_template()
    deck = DeckTemplate(check_template(path, "pptx"), f"template {path}")
    chosen = _segment(workspace, segment)
    journey = resolve(workspace, chosen)
    builder = DeckBuilder(deck, report)
    if customer_view:
        build_customer_deck(builder, customer_workspace(workspace, journey))
    else:
        numbers = None
        if actuals is not None:
            label = chosen.name if chosen is not None else "Core journey"
            numbers = journey_numbers(workspace, actuals, chosen, label, as_of or date.today())
        _build_team_deck(builder, workspace, journey, chosen, numbers)
    report(0.96, "Saving the deck")
    data = deck.save()
    report(1.0, f"Writing {Path(out).name}")
    write_output(out, data, seen, checked=True, follow_symlinks=follow_symlinks)


def _segment(workspace: Workspace, name: str | None) -> Segment | None:
    if name is None:
        return None
    found = workspace.segment_by_name(name)
    if found is None:
        known = ", ".join(s.name for s in workspace.segments.values()) or "none"
        raise ExportError(f"no segment {name!r} in this workspace (segments: {known})")
    return found


def _build_team_deck(
    self: DeckBuilder,
    workspace: Workspace,
    journey: Journey,
    segment: Segment | None,
    numbers: JourneyNumbers | None = None,
) -> None:
    """The team's deck: cover, overview, map, stages, playbooks, handoffs, roles, differences, validation."""
    report, customer = self.report, False
    subtitle = ["Customer journey map and lifecycle playbooks"]
    subtitle.append(f"Segment: {segment.name}" if segment else "Core journey")
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
    if numbers is not None:
        report(0.5, "The success funnel")
        funnel_slide(self, numbers)
        stuck_slide(self, numbers)
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
            self.table(f"{title} — task list", content.task_table(playbook), content.task_lead(playbook))
        if playbook.emails:
            self.table(f"{title} — emails", content.email_table(playbook.emails), content.email_lead())
    report(0.75, "Handoffs")
    self.table("Handoffs between owners", tables.handoff_table(journey, customer), empty="No handoffs yet.")
    report(0.8, "Roles and responsibilities")
    self.table("Roles & responsibilities", tables.roles_table(journey, customer), empty="No roles named yet.")
    if segment is not None:
        report(0.85, "What differs from the core")
        core = workspace.core
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
        tables.validation_table(customer_journey(journey, workspace.customer_fields)),
        intro,
        "Nothing to validate yet.",
    )
    if workspace.feedback:
        report(0.93, "What customers said")
        lead = [
            content.body(
                f"Answers brought back from customers' validation workbooks: {said_summary(workspace)}."
            )
        ]
        self.table("What customers said", said_table(said_rows(workspace)), lead)


def said_table(rows: list[SaidRow]) -> Table:
    """Customers' answers, open ones first, in the map's order."""
    body_rows = [
        [
            [para(r.stage, size=9, space_before=0)],
            [para(Run(r.about, bold=True), size=9, space_before=0)],
            [para(r.verdict, size=9, space_before=0)],
            [para(r.comment, size=9, space_before=0)] if r.comment else [],
            [para(r.customer, size=9, space_before=0), para(Run(r.when, muted=True), size=8, space_before=0)],
            [para(r.status, size=9, space_before=0)],
        ]
        for r in rows
    ]
    columns = [
        Column("Stage", 1.3),
        Column("About", 3.0),
        Column("Answer", 1.3),
        Column("Comment", 4.0),
        Column("Customer", 1.5),
        Column("Status", 1.4),
    ]
    return Table(columns, body_rows, size=9.0, group_first_column=True)
