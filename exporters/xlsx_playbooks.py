"""The playbooks sheet of one journey: a section per moment of truth, stage and activity playbook, in
the map's stage order.

Each section carries every category of a lifecycle playbook (event trigger, objectives and success
criteria, key activities, deliverables, key milestones, internal and external roles &
responsibilities, the task list), even when one is still empty, so a team sees the gaps. A moment
without a playbook still gets its section, saying so, with the moment's own success criteria. A
playbook is titled by what it hangs off (``playbook_anchor``): within a stage, the stage's own
playbooks come first, then its moments of truth, then the playbooks of its activities (cards) in the
map's card order. Tasks show their owner role and when they are due, as typed and in days from the
start of what the playbook hangs off; the communication emails are named here and written out whole
on the Emails sheet (``xlsx_emails``).
"""

from __future__ import annotations

from journeymap_designer.model.elements import MomentOfTruth, Playbook, RoleResponsibility, playbook_anchor

from .journey_facts import due_label
from .xlsx_sheets import MOMENT_KIND, MOMENT_MARK, JourneyView, kpi_text, title_rows
from .xlsx_stream import Sheet, Value

LABELS = {
    "event_trigger": "Event trigger",
    "objectives": "Objectives",
    "success_criteria": "Success criteria",
    "key_activities": "Key activities",
    "deliverables": "Deliverables",
    "key_milestones": "Key milestones",
    "internal_roles": "Internal roles & responsibilities",
    "external_roles": "External roles & responsibilities",
    "tasks": "Task list",
}
NONE_YET = "(none yet)"
NO_PLAYBOOK = "No playbook yet for this moment of truth."
TASK_HEADS = ("Task", "Description", "Owner role", "Due", "Due (days)")
EMAILS_LABEL = "Communication emails"
WIDTHS = (28, 52, 46, 16, 14, 12)
_BAND = ("JM Section",) * len(WIDTHS)
_TEXT = ("JM Label", "JM Wrapped")
_EMPTY = ("JM Label", "JM Note")
_MARKED = {"added": "added by this segment", "changed": "changed in this segment", "same": "same as the core"}
_MARK_STYLE = {"added": "JM Added", "changed": "JM Changed", "same": "JM Cell"}


def playbooks_sheet(view: JourneyView, title: str) -> Sheet:
    journey = view.journey
    sheet = Sheet(title, WIDTHS, gridlines=False, tab_color="2F6FDB")
    title_rows(
        sheet,
        f"Playbooks: {view.label}",
        "One section per moment of truth, stage and activity playbook, in stage order: event trigger, "
        "objectives and success criteria, key activities, deliverables, key milestones, roles & "
        "responsibilities and the task list.",
        "Due (days): days from the start of the milestone, stage or activity the playbook hangs off "
        "(negative: before it).",
    )
    by_anchor: dict[tuple[str, str], list[Playbook]] = {}
    for playbook in sorted(journey.playbooks.values(), key=lambda p: (p.title, p.id)):
        anchor = playbook_anchor(playbook)
        if anchor is not None:
            by_anchor.setdefault(anchor, []).append(playbook)
    used: set[str] = set()

    def place(heading: tuple[str, str, str], playbook: Playbook | None, moment: MomentOfTruth | None) -> None:
        _section(sheet, view, heading, playbook, moment)
        if playbook is not None:
            used.add(playbook.id)

    cards = sorted(journey.touchpoints.values(), key=lambda t: (t.order, t.title, t.id))
    lane_rank = {lane.id: rank for rank, lane in enumerate(journey.ordered_lanes())}
    cards.sort(key=lambda t: lane_rank.get(t.lane_id, len(lane_rank)))
    for stage in journey.ordered_stages():
        for playbook in by_anchor.get(("stage", stage.id), []):
            place((stage.name, f"Stage: {stage.name}", "Stage playbook"), playbook, None)
        moments = [m for m in journey.moments.values() if m.stage_id == stage.id]
        for moment in sorted(moments, key=lambda m: (m.order, m.title, m.id)):
            attached = journey.playbook_for(moment.id)
            heading = (stage.name, f"{MOMENT_MARK[moment.kind]} {moment.title}", MOMENT_KIND[moment.kind])
            place(heading, attached, moment)
        for card in (c for c in cards if c.stage_id == stage.id):
            for playbook in by_anchor.get(("activity", card.id), []):
                place((stage.name, f"Activity: {card.title}", "Activity playbook"), playbook, None)
    for playbook in sorted(journey.playbooks.values(), key=lambda p: p.id):
        if playbook.id not in used:  # what it hangs off is gone, or a second one for a moment
            stage_name = journey.stages[playbook.stage_id].name if playbook.stage_id in journey.stages else ""
            place((stage_name, playbook.title, "Other playbook"), playbook, None)
    return sheet


def _section(
    sheet: Sheet,
    view: JourneyView,
    heading: tuple[str, str, str],
    playbook: Playbook | None,
    moment: MomentOfTruth | None,
) -> None:
    """One band (stage, marker and title, kind), then every category, then a blank row."""
    sheet.add(heading, _BAND)
    if view.segment_id and playbook is not None:
        mark = view.mark(playbook.id)
        sheet.add(
            ["Versus core", f"Playbook {_MARKED.get(mark, mark)}"],
            ("JM Label", _MARK_STYLE.get(mark, "JM Cell")),
        )
    if moment is not None and moment.description:
        sheet.add(["About this moment", moment.description], _TEXT)
    if playbook is None:
        sheet.add(["Playbook", NO_PLAYBOOK], _EMPTY)
        _moment_criteria(sheet, moment)
        sheet.blank()
        return
    sheet.add(["Playbook", playbook.title], _TEXT)
    sheet.add(
        [LABELS["event_trigger"], playbook.event_trigger or NONE_YET],
        _TEXT if playbook.event_trigger else _EMPTY,
    )
    _list(sheet, LABELS["objectives"], playbook.objectives)
    own_criteria = moment is not None and not moment.success_criteria.is_empty()
    _list(sheet, LABELS["success_criteria"], playbook.success_criteria, allow_empty=own_criteria)
    _moment_criteria(sheet, moment)
    _list(sheet, LABELS["key_activities"], playbook.key_activities)
    _list(sheet, LABELS["deliverables"], playbook.deliverables)
    rows: list[list[Value]] = [
        [m.title, m.description, "⚠ Risk" if m.kind == "risk" else "★ Celebration"]
        for m in playbook.key_milestones
    ]
    _table(
        sheet, LABELS["key_milestones"], ["Risk or celebration", "What it means, what to do", "Kind"], rows
    )
    for field in ("internal_roles", "external_roles"):
        roles: tuple[RoleResponsibility, ...] = getattr(playbook, field)
        _table(
            sheet,
            LABELS[field],
            ["Role", "Responsibilities"],
            [[r.role, _bullets(r.responsibilities)] for r in roles],
        )
    tasks: list[list[Value]] = [
        [t.title, t.description, t.owner, due_label(t), t.due_days] for t in playbook.tasks
    ]
    _table(sheet, LABELS["tasks"], list(TASK_HEADS), tasks)
    if playbook.emails:
        _list(
            sheet, EMAILS_LABEL, [f"{e.name}: {e.subject}" if e.subject else e.name for e in playbook.emails]
        )
    sheet.blank()


def _moment_criteria(sheet: Sheet, moment: MomentOfTruth | None) -> None:
    """The milestone's own criteria: what the customer does, and the KPI minimums that prove it."""
    if moment is None or moment.success_criteria.is_empty():
        return
    criteria = moment.success_criteria
    _list(sheet, "Milestone reached when the customer…", criteria.actions, allow_empty=True)
    _list(
        sheet,
        "…and these KPIs reach",
        [kpi_text(k.name, k.minimum, k.unit) for k in criteria.kpis],
        allow_empty=True,
    )


def _list(sheet: Sheet, label: str, values: tuple[str, ...] | list[str], allow_empty: bool = False) -> None:
    if not values:
        if not allow_empty:
            sheet.add([label, NONE_YET], _EMPTY)
        return
    for index, value in enumerate(values):
        sheet.add([label if index == 0 else "", value], _TEXT)


def _table(sheet: Sheet, label: str, heads: list[str], rows: list[list[Value]]) -> None:
    if not rows:
        sheet.add([label, NONE_YET], _EMPTY)
        return
    sheet.add([label, *heads], ("JM Label", *(["JM Subheader"] * len(heads))))
    styles = ("JM Label", "JM Wrapped", *(["JM Wrapped"] * (len(heads) - 1)))
    for row in rows:
        sheet.add(["", *row], styles)


def _bullets(values: tuple[str, ...]) -> str:
    return "\n".join(f"• {v}" for v in values) if len(values) > 1 else "".join(values)
