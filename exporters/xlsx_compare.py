"""The sheets that compare: the segments with the core (commonality), and the journey with what a
customer actually lives (customer validation).

The validation sheet is the one a customer sees, so it is built from ``customer_view``: no
internal-only lanes, no internal notes, no owners, and no risk markers (a risk is the team's own
watch list). Each step gets an answer dropdown and a comment cell; the ID column lets the team match
a returned answer to its element.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from journeymap_designer.model.customer_view import customer_journey
from journeymap_designer.model.diff import CommonalityRow
from journeymap_designer.model.elements import MomentKind, MomentOfTruth, Touchpoint
from journeymap_designer.model.workspace import KINDS, SEGMENT_KINDS, Journey

from .feedback_said import said_rows, said_summary
from .xlsx_sheets import ANSWERS, MARK_STYLE, MOMENT_KIND, Context, kpi_text, title_rows
from .xlsx_stream import Dropdown, Sheet, Styles, Value

# --- Commonality -------------------------------------------------------------------------------------


def commonality_sheet(ctx: Context, title: str) -> Sheet:
    workspace = ctx.workspace
    found = ctx.commonality
    assert found is not None
    segments = list(workspace.segments.values())
    n = len(segments)
    sheet = Sheet(title, [16, 44, 30, *([12.0] * n)], freeze_columns=3, filter=True, tab_color="6B4F9E")
    kinds = [k.name for k in SEGMENT_KINDS]
    summary = found.summary(kinds)
    title_rows(
        sheet,
        "Commonality: what every segment shares with the core",
        f"{summary.shared:,} of {summary.elements:,} core touchpoints, flows, handoffs and playbooks "
        f"({summary.share:.0%}) are the same in every segment; stages, lanes and moments are shared "
        "by design.",
        "Each core element is the same, changed or hidden in each segment; rows marked added are the "
        "segment's own.",
    )
    sheet.header_row = sheet.add(
        ["Kind", "Element", "ID", *(s.name for s in segments)], ("JM Header",) * (n + 3)
    )
    shares = [summary.segments[s.id] for s in segments]
    label = ("JM Label", "JM Label", "JM Cell")
    sheet.add(
        ["Summary", "Unchanged share of the core", "", *(s.share for s in shares)],
        label + ("JM Percent",) * n,
    )
    for name, attr in (
        ("Same", "same"),
        ("Changed", "changed"),
        ("Hidden", "hidden"),
        ("Added by the segment", "added"),
    ):
        sheet.add(["Summary", name, "", *(getattr(s, attr) for s in shares)], label + ("JM Cell",) * n)
    core = workspace.core
    shared: dict[tuple[str, ...], tuple[tuple[Value, ...], Styles]] = {}  # one tail per combination of marks
    for row in sorted(found.rows, key=_map_order(ctx)):
        marks = tuple(row.per_segment.get(s.id, "same") for s in segments)
        tail = shared.get(marks)
        if tail is None:
            tail = shared[marks] = (
                marks,
                ("JM Cell", "JM Wrapped", "JM Wrapped", *(MARK_STYLE[m] for m in marks)),
            )
        name = _element_title(core, row.kind, row.element_id, row.title)
        sheet.add((KINDS[row.kind].label, name, row.element_id), tail[1], tail[0])
    for index, segment in enumerate(segments):
        added = tuple("added" if i == index else "" for i in range(n))
        styles = (
            "JM Cell",
            "JM Wrapped",
            "JM Wrapped",
            *("JM Added" if i == index else "JM Cell" for i in range(n)),
        )
        journey = next((j.journey for j in ctx.journeys if j.segment_id == segment.id), None)
        for d in found.additions.get(segment.id, []):
            name = _element_title(journey, d.kind, d.element_id, d.title) if journey else d.title
            sheet.add((KINDS[d.kind].label, name, d.element_id), styles, added)
    return sheet


def _map_order(ctx: Context) -> Callable[[CommonalityRow], tuple[int, int, str]]:
    """Commonality rows kind by kind, each kind in the map's order (cards and flows by their cards)."""
    core = ctx.workspace.core
    kinds = {name: i for i, name in enumerate(KINDS)}
    rank = {tp.id: i for i, tp in enumerate(ctx.card_order(core))}
    rank.update(ctx.stage_rank)
    rank.update(ctx.lane_rank)
    for flow in core.flows.values():
        rank[flow.id] = rank.get(flow.source, len(rank))
    for handoff in core.handoffs.values():
        carried = core.flows.get(handoff.flow_id)
        rank[handoff.id] = rank.get(carried.source, len(rank)) if carried else len(rank)
    for moment in core.moments.values():
        rank[moment.id] = ctx.stage_rank.get(moment.stage_id, 0) * 1000 + moment.order
    return lambda row: (kinds.get(row.kind, 99), rank.get(row.element_id, 1 << 30), row.element_id)


def _element_title(journey: Journey | None, kind: str, element_id: str, title: str) -> str:
    """A readable name: a flow is "source → target" (it has no title of its own)."""
    if journey is None or kind not in ("flow", "handoff"):
        return title
    flow = journey.flows.get(element_id) if kind == "flow" else None
    if kind == "handoff":
        handoff = journey.handoffs.get(element_id)
        flow = journey.flows.get(handoff.flow_id) if handoff else None
    if flow is None:
        return title
    source, target = journey.touchpoints.get(flow.source), journey.touchpoints.get(flow.target)
    if source is None or target is None:
        return title
    return f"{source.title} → {target.title}"


# --- Customer validation -----------------------------------------------------------------------------


def validation_sheet(ctx: Context, title: str, journey_id: str | None = None) -> Sheet:
    """One line per step a customer may see; the element's id and its journey's (the segment's id, or
    ``journey_id`` when the context holds only the customer's view) travel in hidden columns."""
    several = len(ctx.journeys) > 1
    heads = [*(["Journey"] if several else []), "Stage", "Type", "Step", "What happens", "Channel"]
    heads += ["Your answer", "Your comment", "ID", "Journey ID"]
    widths = [*([16] if several else []), 14, 16, 32, 52, 14, 18, 44, 24, 16]
    sheet = Sheet(title, widths, filter=True, tab_color="C98A00")
    title_rows(
        sheet,
        "Is this your experience?",
        "For each step, choose in “Your answer”: Confirmed (this is how it happens for you), Needs change "
        "(it happens differently) or Missing something (a step around it is missing).",
        "Say what is different or missing in “Your comment”, then save the workbook and send it back to us.",
    )
    sheet.header_row = sheet.add(heads, ("JM Header",) * len(heads))
    styles = ("JM Cell",) * several + ("JM Cell", "JM Cell", "JM Wrapped", "JM Wrapped", "JM Cell")
    styles += ("JM Input", "JM Input", "JM Note", "JM Note")
    for view in ctx.journeys:
        journey: tuple[Value, ...] = (view.segment_id or journey_id or "",)
        shown = customer_journey(view.journey, ctx.workspace.customer_fields)
        head: tuple[Value, ...] = (view.label,) if several else ()
        steps: dict[str, list[tuple[Value, ...]]] = {}
        for tp in ctx.card_order(view.journey):
            if tp.id in shown.touchpoints:  # not on an internal-only lane
                steps.setdefault(tp.stage_id, []).append(
                    ctx.cached("customer", tp, make=partial(_step, ctx, tp))
                )
        for moment in sorted(shown.moments.values(), key=lambda m: (m.order, m.title, m.id)):
            if moment.kind != MomentKind.RISK:  # risks are the team's watch list, not the customer's
                steps.setdefault(moment.stage_id, []).append(
                    ctx.cached(moment, make=partial(_milestone_step, ctx, moment))
                )
        for stage_id in sorted(steps, key=lambda s: ctx.stage_rank.get(s, len(ctx.stage_rank))):
            for step in steps[stage_id]:
                sheet.add(head, styles, (*step, *journey))
    first = sheet.header_row + 1
    last = max(len(sheet.rows), first)
    answer = heads.index("Your answer") + 1
    prompt = "Confirmed, Needs change or Missing something"
    sheet.dropdowns.append(Dropdown(answer, first, last, ANSWERS, prompt))
    sheet.hidden_columns = (len(heads) - 1, len(heads))  # ids: answers come back to their element
    return sheet


def _step(ctx: Context, tp: Touchpoint) -> tuple[Value, ...]:
    """A card as the customer sees it: no internal notes, no owner."""
    stage = ctx.stage_name(tp.stage_id)
    return (stage, "Step", tp.title, tp.description, ctx.channel_name(tp.channel_id), "", "", tp.id)


def _milestone_step(ctx: Context, moment: MomentOfTruth) -> tuple[Value, ...]:
    kind = MOMENT_KIND[moment.kind]
    return (
        ctx.stage_name(moment.stage_id),
        kind,
        moment.title,
        _milestone_text(moment),
        "",
        "",
        "",
        moment.id,
    )


def _milestone_text(moment: MomentOfTruth) -> str:
    parts = [moment.description] if moment.description else []
    criteria = moment.success_criteria
    if criteria.actions:
        parts.append("Reached when:\n" + "\n".join(f"• {a}" for a in criteria.actions))
    if criteria.kpis:
        parts.append("\n".join(f"• {kpi_text(k.name, k.minimum, k.unit)}" for k in criteria.kpis))
    return "\n".join(parts)


# --- What customers said --------------------------------------------------------------------------------


def said_sheet(ctx: Context, title: str) -> Sheet:
    """Customers' answers brought back into the map, open ones first, in the map's order."""
    heads = ["Stage", "About", "Answer", "Comment", "Customer", "Answered", "Status", "ID"]
    sheet = Sheet(title, [14, 36, 16, 56, 20, 12, 24, 24], filter=True, tab_color="C98A00")
    title_rows(
        sheet, "What customers said", f"From customers' validation workbooks: {said_summary(ctx.workspace)}."
    )
    sheet.header_row = sheet.add(heads, ("JM Header",) * len(heads))
    styles = ("JM Cell", "JM Wrapped", "JM Cell", "JM Wrapped", "JM Cell", "JM Cell", "JM Wrapped", "JM Note")
    for r in said_rows(ctx.workspace):
        sheet.add(
            [r.stage, r.about, r.verdict, r.comment, r.customer, r.when, r.status, r.element_id], styles
        )
    return sheet
