"""The deck a customer validates: short, in the customer's words, and nothing internal in it.

Slides: a cover; how to answer; the journey map; and one slide per stage, each a table of what
happens in it (and the success milestones reached there) with boxes to tick and room for a comment.
It is built from :func:`customer_workspace` only, so what a customer may see is decided in one place
(``model.customer_view``), not here.
"""

from __future__ import annotations

import datetime as dt

from journeymap_designer.model.elements import MomentKind, MomentOfTruth, Stage, Touchpoint
from journeymap_designer.model.workspace import Journey, Workspace

from .pptx_builder import DeckBuilder
from .pptx_content import (
    CHECKBOX,
    EMOTION,
    body,
    bullet,
    muted,
    ordered_moments,
    ordered_touchpoints,
    without_kind,
)
from .pptx_flow import Column, Section, Table
from .pptx_text import Para, Run, para

ANSWER_COLUMNS = ("Confirmed", "Needs change", "Missing something")  # the workbook's words


def build_customer_deck(builder: DeckBuilder, workspace: Workspace) -> None:
    """Every slide of the customer's deck; ``workspace`` is already the customer's view of the map."""
    journey, report = workspace.core, builder.report
    today = dt.date.today().strftime("%d %B %Y").lstrip("0")
    builder.deck.title_slide(workspace.name, f"Your journey with us: is this your experience?\n{today}")
    builder.flow("How to review this journey", [Section(None, how_to_answer(workspace))])
    report(0.04, "Drawing the map")
    builder.map(journey, customer=True)
    stages = journey.ordered_stages()
    channels = {c.id: c.name for c in workspace.channels.values()}
    for index, stage in enumerate(stages):
        report.part(0.35, 0.9, index, len(stages), f"Stage {stage.name}")
        builder.table(
            f"Stage {index + 1} of {len(stages)}: {stage.name}",
            stage_table(journey, stage, channels),
            stage_intro(stage),
            "Nothing written for this stage yet: tell us what happens for you here.",
        )


def how_to_answer(workspace: Workspace) -> list[Para]:
    paras = [
        body(
            "This is how we understand your journey with us, from the first contact to renewal. "
            "Please tell us where it matches your experience and where it does not."
        )
    ]
    if workspace.description:
        paras.append(muted(workspace.description, 11))
    paras += [
        para(Run("How to answer", bold=True), size=13, space_before=10),
        bullet(
            "The next slide shows the whole journey: stages left to right, who is involved top to bottom."
        ),
        bullet("Each stage then has a slide listing what happens in it."),
        bullet(
            Run(f"{CHECKBOX} Confirmed", bold=True),
            " when it happens like this for you; ",
            Run(f"{CHECKBOX} Needs change", bold=True),
            " when it happens differently; ",
            Run(f"{CHECKBOX} Missing something", bold=True),
            " when a step around it is missing.",
        ),
        bullet("Add a comment where you can: what is different, what is missing, what you would expect."),
        bullet(
            "A step we did not show at all? Tick Missing something beside the step it comes after, "
            "and tell us in the comment."
        ),
        bullet(
            "If you received the workbook too, answer there instead: one line per step, "
            "a list to choose your answer from, and a column for your comment. Save it and send it back."
        ),
        muted(f"Thank you for helping us get {workspace.name} right.", 11),
    ]
    return paras


def stage_intro(stage: Stage) -> list[Para]:
    parts: list[Para] = []
    if stage.goal:
        parts.append(para(Run("What this stage is for: ", bold=True), stage.goal, size=11, space_before=0))
    facts = [f"Usually {stage.typical_duration}" if stage.typical_duration else ""]
    if stage.entry_criteria:
        facts.append("Starts when: " + "; ".join(stage.entry_criteria))
    if any(facts):
        parts.append(muted(" · ".join(f for f in facts if f), 10))
    if stage.description:
        parts.append(muted(stage.description, 10))
    return parts


def stage_table(journey: Journey, stage: Stage, channels: dict[str, str]) -> Table:
    """What happens in the stage, then its success milestones, each with boxes to tick."""
    rows = [_row(_card(tp, channels)) for tp in ordered_touchpoints(journey) if tp.stage_id == stage.id]
    rows += [_row(_milestone(m)) for m in ordered_moments(journey) if m.stage_id == stage.id]
    columns = [
        Column("What happens", 7.0),
        *(Column(label, 1.0, "center") for label in ANSWER_COLUMNS),
        Column("Your comment", 2.6),
    ]
    return Table(columns, rows)


def _card(tp: Touchpoint, channels: dict[str, str]) -> list[Para]:
    out = [
        para(
            Run(tp.title, bold=True),
            f" \u2014 {tp.description}" if tp.description else "",
            size=10,
            space_before=0,
        )
    ]
    facts = [channels.get(tp.channel_id or "", ""), tp.timing]
    if tp.emotion:  # zero unless the map shows customers the emotion curve
        facts.append(f"You feel {EMOTION.get(tp.emotion, '')}".split(" (")[0])
    if any(facts):
        out.append(para(Run(" · ".join(f for f in facts if f), muted=True), size=9, space_before=1))
    for label, items in (
        ("What gets in the way: ", tp.pain_points),
        ("What could be better: ", tp.opportunities),
    ):
        if items:
            out.append(para(Run(label, bold=True), "; ".join(items), size=9, space_before=1))
    return out


def _milestone(moment: MomentOfTruth) -> list[Para]:
    label = "Milestone" if moment.kind == MomentKind.SUCCESS_MILESTONE else "Celebration"
    description = f" \u2014 {moment.description}" if moment.description else ""
    title = without_kind(moment.title, label)
    out = [para(Run(f"{label}: {title}", bold=True), description, size=10, space_before=0)]
    actions = moment.success_criteria.actions
    if actions:
        out.append(para(Run("Reached when you: ", muted=True), "; ".join(actions), size=9, space_before=1))
    return out


def _row(what: list[Para]) -> list[list[Para]]:
    box = Para((Run(CHECKBOX),), 12, space_before=0, align="center")
    return [what, [box], [box], [box], []]
