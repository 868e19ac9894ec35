"""What customers said, for the team's own deck and workbook: each answer with the element it is about.

Rows are read from ``Workspace.feedback`` (answers brought back with ``journeymap feedback import``),
grouped by the map's order (stage, then the element), open answers before resolved ones. This is the
team's material: it never goes into a customer's file (the customer exports are built from
``customer_workspace``, which holds no answers).
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap_designer.model import feedback
from journeymap_designer.model.elements import Feedback
from journeymap_designer.model.workspace import Workspace


@dataclass(frozen=True)
class SaidRow:
    stage: str
    about: str  # the element's title now, or what the customer wrote for a step they added
    verdict: str
    comment: str
    customer: str
    when: str
    status: str  # "Open" or "Resolved: …"
    element_id: str


def said_rows(workspace: Workspace) -> list[SaidRow]:
    """Every answer, in the map's order; answers about elements since deleted keep their old wording."""
    core = workspace.core
    stage_rank = {s.id: i for i, s in enumerate(core.ordered_stages())}
    elements: dict[str, tuple[str, str, int]] = {}  # id -> (stage id, title, order)
    cards = [*core.touchpoints.values()]
    cards += [tp for s in workspace.segments.values() for tp in s.added.touchpoints.values()]
    for tp in cards:
        elements[tp.id] = (tp.stage_id, tp.title, tp.order)
    for moment in core.moments.values():
        elements[moment.id] = (moment.stage_id, moment.title, -1)

    def row(fb: Feedback) -> tuple[tuple[int, int, int, str, str], SaidRow]:
        stage_id, title, order = elements.get(fb.element_id or "", ("", "", 0))
        about = title or fb.step or "(a step the customer added)"
        if fb.element_id and not title:
            about = f"{fb.step or fb.element_id} (no longer on the map)"
        stage = core.stages.get(stage_id)
        status = "Resolved" + (f": {fb.resolution}" if fb.resolution else "") if fb.resolved else "Open"
        key = (int(fb.resolved), stage_rank.get(stage_id, len(stage_rank)), order, about, fb.id)
        said = SaidRow(
            stage.name if stage else "",
            about,
            feedback.verdict_label(fb.verdict),
            fb.comment,
            fb.customer,
            fb.answered_at[:10],
            status,
            fb.element_id or "",
        )
        return key, said

    return [
        said for _key, said in sorted((row(fb) for fb in workspace.feedback.values()), key=lambda r: r[0])
    ]


def said_summary(workspace: Workspace) -> str:
    """The model's summary ("34 confirmed, 5 need a change, 2 missing") and how many customers."""
    customers = len(feedback.customers(workspace))
    return f"{feedback.summary(workspace)} from {customers} customer{'s' if customers != 1 else ''}"
