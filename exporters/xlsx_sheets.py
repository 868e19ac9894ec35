"""The content of the workbook's sheets, as rows of values and style keys (no openpyxl here): the
shared context, the touchpoints and handoffs tables and the map (``xlsx_compare`` holds the
commonality and validation sheets, ``xlsx_playbooks`` the playbooks).

Tables (touchpoints, handoffs, customer validation, commonality) hold every exported journey, with a
"Journey" column to filter on; the map and the playbooks are layouts, one sheet each per journey.
Rows are cached per element object: a segment shares every element it does not change with the core,
so exporting 21 journeys formats each shared card once, not 21 times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from journeymap_designer.model.diff import Commonality
from journeymap_designer.model.elements import (
    Flow,
    Handoff,
    LaneSide,
    MomentKind,
    Touchpoint,
)
from journeymap_designer.model.textlists import format_number
from journeymap_designer.model.workspace import Journey, Workspace

from .xlsx_stream import Sheet, Styles, Value
from .xlsx_styles import variant

CORE_LABEL = "Core journey"
ANSWERS = ("Confirmed", "Needs change", "Missing something")
EMOTIONS = {
    -2: "-2 very negative",
    -1: "-1 negative",
    0: "0 neutral",
    1: "+1 positive",
    2: "+2 very positive",
}
MOMENT_MARK = {MomentKind.SUCCESS_MILESTONE: "◆", MomentKind.RISK: "⚠", MomentKind.CELEBRATION: "★"}
MOMENT_KIND = {
    MomentKind.SUCCESS_MILESTONE: "Success milestone",
    MomentKind.RISK: "Risk",
    MomentKind.CELEBRATION: "Celebration",
}
VERSUS = {"same": "core", "added": "added", "changed": "changed"}
MARK_STYLE = {"same": "JM Cell", "added": "JM Added", "changed": "JM Changed", "hidden": "JM Hidden"}


@dataclass
class JourneyView:
    """One exported journey: the core or a segment's effective journey, with its marks against the core."""

    label: str
    segment_id: str | None
    journey: Journey
    marks: dict[str, str] = field(default_factory=dict)  # element id -> "added" / "changed" (else same)

    def mark(self, element_id: str) -> str:
        return self.marks.get(element_id, "same")


@dataclass
class Context:
    """Everything the sheet builders share: the workspace, the journeys and lookups built once."""

    workspace: Workspace
    journeys: list[JourneyView]
    commonality: Commonality | None
    exported_at: datetime
    stage_rank: dict[str, int] = field(default_factory=dict)
    lane_rank: dict[str, int] = field(default_factory=dict)
    _rows: dict[int | tuple[int, ...], tuple[tuple[Any, ...], tuple[Value, ...]]] = field(
        default_factory=dict
    )
    _orders: dict[int, tuple[dict[str, Touchpoint], list[Touchpoint]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        core = self.workspace.core
        self.stage_rank = {s.id: i for i, s in enumerate(core.ordered_stages())}
        self.lane_rank = {lane.id: i for i, lane in enumerate(core.ordered_lanes())}

    @property
    def has_segments(self) -> bool:
        return any(j.segment_id for j in self.journeys)

    def stage_name(self, stage_id: str | None) -> str:
        stage = self.workspace.core.stages.get(stage_id or "")
        return stage.name if stage else (stage_id or "")

    def lane_name(self, lane_id: str | None) -> str:
        lane = self.workspace.core.lanes.get(lane_id or "")
        return lane.name if lane else (lane_id or "")

    def channel_name(self, channel_id: str | None) -> str:
        channel = self.workspace.channels.get(channel_id or "")
        return channel.name if channel else (channel_id or "")

    def card_order(self, journey: Journey) -> list[Touchpoint]:
        """Cards as the map reads: stage by stage, lane by lane (customer lanes first), then their order.

        Computed once per journey (the touchpoints table and the map both need it).
        """
        key = id(journey.touchpoints)
        found = self._orders.get(key)
        if found is None:
            last = len(self.stage_rank) + len(self.lane_rank)
            stage_rank, lane_rank = self.stage_rank, self.lane_rank
            ordered = sorted(
                journey.touchpoints.values(),
                key=lambda t: (
                    stage_rank.get(t.stage_id, last),
                    lane_rank.get(t.lane_id, last),
                    t.order,
                    t.title,
                    t.id,
                ),
            )
            found = self._orders[key] = (journey.touchpoints, ordered)
        return found[1]

    def cached(self, *key: Any, make: Callable[[], tuple[Value, ...]]) -> tuple[Value, ...]:
        """The values ``make`` gives for the objects in ``key``, made once per export.

        Keyed by identity (hashing a pydantic model compares every field); the cache holds the objects
        themselves too, so an id is never reused by another object while the export runs.
        """
        ids = id(key[0]) if len(key) == 1 else tuple(map(id, key))
        found = self._rows.get(ids)
        if found is None:
            found = self._rows[ids] = (key, make())
        return found[1]


def items(values: Iterable[str]) -> str:
    """A list as one cell: the item itself, or one bulleted line per item."""
    listed = [v for v in values if v]
    return listed[0] if len(listed) == 1 else "\n".join(f"• {v}" for v in listed)


def title_rows(sheet: Sheet, title: str, *notes: str) -> None:
    sheet.add([title], ("JM Title",))
    for note in notes:
        sheet.add([note], ("JM Subtitle",))
    sheet.blank()


# --- Touchpoints -------------------------------------------------------------------------------------


def touchpoints_sheet(ctx: Context, title: str) -> Sheet:
    versus = ctx.has_segments
    heads = [
        "Journey",
        *(["Versus core"] if versus else []),
        "Stage",
        "Lane",
        "Owner",
        "Touchpoint",
        "Channel",
    ]
    heads += ["Emotion", "Description", "Pain points", "Opportunities", "Timing", "Notes", "ID"]
    widths = [16, *([11] if versus else []), 14, 18, 18, 30, 14, 14, 42, 32, 32, 16, 26, 24]
    sheet = Sheet(title, widths, tab_color="1F2A3C", filter=True)
    notes = ["Every card of the map, stage by stage; filter on Journey for one segment's full journey."]
    if versus:
        notes.append(
            "Versus core: core = the same card as in the core journey; added or changed by the segment."
        )
    title_rows(sheet, "Touchpoints", *notes)
    sheet.header_row = sheet.add(heads, ("JM Header",) * len(heads))
    tail = ("JM Cell",) + ("JM Wrapped",) * 3 + ("JM Cell",) * 2 + ("JM Wrapped",) * 5 + ("JM Cell",)
    styles = _marked_styles(versus, tail)
    for view in ctx.journeys:
        journey = view.journey
        for tp in ctx.card_order(journey):
            values = ctx.cached(tp, make=partial(_touchpoint_values, ctx, journey, tp))
            head, style = _head(view, tp.id, versus, styles)
            sheet.add(head, style, values)
    return sheet


def personas_sheet(ctx: Context, title: str) -> Sheet:
    """Who the customers are, and which segments target each of them."""
    workspace = ctx.workspace
    heads = ["Persona", "Role", "Goals", "Description", "Segments", "ID"]
    sheet = Sheet(title, [30, 28, 46, 46, 28, 24], tab_color="1F2A3C", filter=True)
    title_rows(sheet, "Personas", "Who the customer is; the segments say which personas they serve.")
    sheet.header_row = sheet.add(heads, ("JM Header",) * len(heads))
    style = ("JM Cell", "JM Wrapped", "JM Wrapped", "JM Wrapped", "JM Wrapped", "JM Cell")
    for persona in sorted(workspace.personas.values(), key=lambda p: p.name.casefold()):
        segments = [s.name for s in workspace.segments.values() if persona.id in s.persona_ids]
        sheet.add(
            [
                persona.name,
                persona.role,
                items(persona.goals),
                persona.description,
                items(segments),
                persona.id,
            ],
            style,
        )
    return sheet


def _marked_styles(versus: bool, tail: Styles) -> dict[str, Styles]:
    """The style keys of a row for each mark: the Versus core cell is coloured by its mark."""
    return {
        mark: ("JM Cell", *([MARK_STYLE[mark]] if versus else []), *tail)
        for mark in ("same", "added", "changed")
    }


def _head(
    view: JourneyView, element_id: str, versus: bool, styles: dict[str, Styles]
) -> tuple[Sequence[Value], Styles]:
    """A table row's own cells (the journey, and how it compares with the core) and its style keys."""
    if not versus:
        return (view.label,), styles["same"]
    if not view.segment_id:
        return (view.label, ""), styles["same"]
    mark = view.mark(element_id)
    return (view.label, VERSUS.get(mark, mark)), styles.get(mark, styles["same"])


def _touchpoint_values(ctx: Context, journey: Journey, tp: Touchpoint) -> tuple[Value, ...]:
    owner = journey.owner_of(tp)
    return (
        ctx.stage_name(tp.stage_id),
        ctx.lane_name(tp.lane_id),
        ctx.lane_name(owner) if owner else "(no owner)",
        tp.title,
        ctx.channel_name(tp.channel_id),
        EMOTIONS.get(tp.emotion, str(tp.emotion)),
        tp.description,
        items(tp.pain_points),
        items(tp.opportunities),
        tp.timing,
        tp.notes,
        tp.id,
    )


# --- Handoffs ----------------------------------------------------------------------------------------


def handoffs_sheet(ctx: Context, title: str) -> Sheet:
    versus = ctx.has_segments
    heads = ["Journey", *(["Versus core"] if versus else []), "Stage", "From owner", "→ To owner"]
    heads += [
        "From touchpoint",
        "To touchpoint",
        "Information handed over",
        "Artifacts",
        "Timing",
        "Notes",
        "ID",
    ]
    widths = [16, *([11] if versus else []), 16, 18, 18, 30, 30, 42, 30, 18, 24, 36]
    sheet = Sheet(title, widths, tab_color="1F2A3C", filter=True)
    title_rows(
        sheet, "Handoffs", "Where a moment passes from one owner to another, and what must travel with it."
    )
    sheet.header_row = sheet.add(heads, ("JM Header",) * len(heads))
    styles = _marked_styles(versus, ("JM Wrapped",) * 9 + ("JM Cell",))
    last = len(ctx.stage_rank) + 1
    for view in ctx.journeys:
        journey = view.journey
        rows = []
        for handoff in journey.handoffs.values():
            flow = journey.flows.get(handoff.flow_id)
            source = journey.touchpoints.get(flow.source) if flow else None
            target = journey.touchpoints.get(flow.target) if flow else None
            values = ctx.cached(
                handoff,
                flow,
                source,
                target,
                make=partial(_handoff_values, ctx, journey, handoff, flow, source, target),
            )
            rank = (last, 0, 0)
            if source is not None:
                rank = (
                    ctx.stage_rank.get(source.stage_id, last),
                    ctx.lane_rank.get(source.lane_id, 0),
                    source.order,
                )
            rows.append((rank, handoff.id, values))
        rows.sort(key=lambda r: (r[0], r[1]))
        for _, handoff_id, values in rows:
            head, style = _head(view, handoff_id, versus, styles)
            sheet.add(head, style, values)
    return sheet


def _handoff_values(
    ctx: Context,
    journey: Journey,
    handoff: Handoff,
    flow: Flow | None,
    source: Touchpoint | None,
    target: Touchpoint | None,
) -> tuple[Value, ...]:
    def owner(tp: Touchpoint | None) -> str:
        found = journey.owner_of(tp) if tp else None
        return ctx.lane_name(found) if found else "(no owner)"

    stages = [ctx.stage_name(tp.stage_id) for tp in (source, target) if tp]
    stage = " → ".join(dict.fromkeys(stages))  # one name when both ends share a stage
    missing = "(missing flow)" if flow is None else "(missing card)"
    return (
        stage,
        owner(source),
        owner(target),
        source.title if source else missing,
        target.title if target else missing,
        items(handoff.information),
        items(handoff.artifacts),
        handoff.timing,
        handoff.notes,
        handoff.id,
    )


# --- Map overview ------------------------------------------------------------------------------------


def map_sheet(ctx: Context, view: JourneyView, title: str) -> Sheet:
    core = ctx.workspace.core
    stages = core.ordered_stages()
    journey = view.journey
    sheet = Sheet(title, [26, *([30.0] * len(stages))], freeze_columns=1, gridlines=False, tab_color="2F6FDB")
    kinds = {m.kind for m in journey.moments.values()}  # a customer's map has no risks: no ⚠ in its legend
    marks = [
        ("success_milestone", "◆ success milestone"),
        ("risk", "⚠ risk"),
        ("celebration", "★ celebration"),
    ]
    legend = "   ".join(text for kind, text in marks if kind in kinds or ctx.has_segments or kind != "risk")
    if view.segment_id:
        legend += "   [added] / [changed]: where this segment differs from the core"
    title_rows(
        sheet,
        f"Journey map: {view.label}",
        "Stages from left to right; customer lanes on top, then the teams that own each moment.",
        legend,
    )
    heads = ["Lane"] + [s.name + (f"\n{s.typical_duration}" if s.typical_duration else "") for s in stages]
    sheet.header_row = sheet.add(heads, ("JM Header",) * len(heads))
    wide = ("JM Wrapped",) * len(stages)
    if any(s.goal for s in stages):
        sheet.add(["Stage goal", *(s.goal for s in stages)], ("JM Label", *wide))
    own = [journey.stages.get(s.id, s) for s in stages]  # a segment's own version of a stage
    if any(s.entry_criteria for s in own):
        sheet.add(["Entry criteria", *(items(s.entry_criteria) for s in own)], ("JM Label", *wide))
    if any(s.kpis for s in own):
        sheet.add(["KPIs", *(items(s.kpis) for s in own)], ("JM Label", *wide))
    if any(s.duration_days is not None for s in own):
        sheet.add(
            ["Duration (days)", *(s.duration_days for s in own)], ("JM Label", *(("JM Cell",) * len(own)))
        )
    moments: dict[str, list[str]] = {s.id: [] for s in stages}
    for moment in sorted(journey.moments.values(), key=lambda m: (m.order, m.title, m.id)):
        moments.setdefault(moment.stage_id, []).append(f"{MOMENT_MARK[moment.kind]} {moment.title}")
    sheet.add(
        ["Moments of truth", *("\n".join(moments[s.id]) for s in stages)],
        ("JM Label",) + ("JM Moment",) * len(stages),
    )
    cells: dict[tuple[str, str], list[str]] = {}
    for tp in ctx.card_order(journey):
        mark = view.mark(tp.id) if view.segment_id else "same"
        suffix = f"  [{mark}]" if mark in ("added", "changed") else ""
        cells.setdefault((tp.lane_id, tp.stage_id), []).append(f"• {tp.title}{suffix}")
    for lane in core.ordered_lanes():
        label = lane.name + ("\n(customer)" if lane.side == LaneSide.CUSTOMER else "")
        lane_style = variant("JM Lane", lane.color) if lane.color else "JM Lane"
        row = [label, *("\n".join(cells.get((lane.id, s.id), ())) for s in stages)]
        sheet.add(row, (lane_style, *wide))
    return sheet


def kpi_text(name: str, minimum: float, unit: str) -> str:
    return f"{name} ≥ {format_number(minimum)}" + (f" {unit}" if unit else "")
