"""The team deck's measured journey: the success funnel as a native chart, and the stuck customers.

Only in the team's deck, and only with actuals (``export_deck(..., actuals=...)``): account names,
conversions and stuck actions never reach the customer's deck, which is built from
``customer_workspace`` alone.

The funnel slide is a native, editable PowerPoint column chart (python-pptx's chart parts, with its
embedded workbook, so a team can restyle it or change a number in PowerPoint) of the accounts that
reached each success milestone, beside a table of conversion and days against their targets. A chart
is its own part, which the deck's last colour pass (``pptx_finish``) does not read, so its colours
are chosen here against the slide's real background: text that reads at 4.5:1, bars at 3:1 (a theme
colour by preference, so the chart looks like the template's own), and a light panel of its own
where the background is a picture. The stuck slide is one table, longest stuck first, cut to what
fits with "and N more" after it: the sponsor reads who is stuck and what the team will do; the whole
list is on the workbook's Stuck accounts sheet.
"""

from __future__ import annotations

from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Emu, Inches, Pt

from .journey_facts import STATUS_TEXT, JourneyNumbers, days, percent
from .pptx_builder import DeckBuilder
from .pptx_flow import Column, Table, draw_table, table_pages
from .pptx_geometry import Box
from .pptx_text import Para, Run, clean, para
from .pptx_theme import RGB, Theme, hex_rgb, readable, rgb_hex, worst_contrast

STATUS_COLOR = {"on": "1E7B34", "near": "9A6200", "off": "B3261E", "none": "5F6B7A"}
INK = hex_rgb("1F2933")
BAR_SLOTS = ("accent1", "tx2", "accent2", "accent3", "accent4", "accent5", "accent6", "tx1")


def short_titles(titles: list[str]) -> list[str]:
    """A chart's category labels: a title's part before its colon ("Kickoff complete: success plan
    agreed" -> "Kickoff complete") when that stays unique, else the whole title."""
    heads = [t.partition(":")[0].strip() or t for t in titles]
    return heads if len(set(heads)) == len(heads) else titles


def funnel_slide(builder: DeckBuilder, numbers: JourneyNumbers) -> None:
    funnel = numbers.funnel
    title = f"Success funnel: {numbers.label}"
    source = f" from {numbers.source}" if numbers.source else ""
    facts = [f"{funnel.accounts:,} accounts{source}"]
    if funnel.churned_before_first:
        facts.append(f"{funnel.churned_before_first:,} churned before the first milestone")
    facts.append(f"{len(numbers.stuck):,} stuck on {_day(numbers)}")
    lead = [para(Run(" · ".join(facts), muted=True), size=12, space_before=0)]
    if not funnel.steps:
        lead.append(para("This journey has no success milestones yet.", size=14))
        builder.slide(title, lead)
        return
    slide, box = builder.slide(title, lead)
    gap = Inches(0.3)
    chart_w = int(box.w * (0.56 if box.w >= Inches(10) else 0.5))  # a narrow area: more for the table
    chart_box = Box(box.x, box.y, chart_w, box.h)
    table_box = Box(box.x + chart_w + gap, box.y, box.w - chart_w - gap, box.h)
    _chart(slide, chart_box, numbers, builder.deck.scale)
    table = _targets_table(numbers)
    rows = table_pages(table, table_box)[0]
    draw_table(slide, table_box, table, rows)


def _chart(slide: Any, box: Box, numbers: JourneyNumbers, scale: float) -> Any:
    steps = numbers.funnel.steps
    data: Any = CategoryChartData(number_format="#,##0")  # type: ignore[no-untyped-call]
    data.categories = short_titles([clean(s.title) for s in steps])  # chart XML: no raw controls
    data.add_series("Accounts reached", [s.reached for s in steps])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h), data
    )
    frame.name = "Funnel chart"
    chart = frame.chart
    text, bar, panel = _colors(slide)
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = "Accounts reached per success milestone"
    title_font = chart.chart_title.text_frame.paragraphs[0].runs[0].font
    title_font.size, title_font.bold = Pt(14 * scale), True
    title_font.color.rgb = _color(text)
    chart.font.size = Pt(12 * scale)
    chart.font.color.rgb = _color(text)
    if panel is not None:
        area = chart._chartSpace.get_or_add_spPr()
        _solid(area, rgb_hex(panel))
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.number_format, labels.number_format_is_linked = "#,##0", False
    labels.font.size, labels.font.bold = Pt(14 * scale), True
    labels.font.color.rgb = _color(text)
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = _color(bar)
    values = chart.value_axis
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = _color(_grid(text, panel, slide))
    values.format.line.fill.background()
    values.minimum_scale = 0
    values.tick_labels.font.color.rgb = _color(text)
    categories = chart.category_axis
    categories.format.line.color.rgb = _color(text)
    categories.tick_labels.font.color.rgb = _color(text)
    return frame


def _color(rgb: RGB) -> Any:
    return RGBColor.from_string(rgb_hex(rgb))  # type: ignore[no-untyped-call]


def _colors(slide: Any) -> tuple[RGB, RGB, RGB | None]:
    """The chart's text colour, its bars' colour, and a panel behind it when the background is unknown."""
    layout = slide.slide_layout
    master = layout.slide_master
    theme = Theme(master)
    mapping = theme.color_map(layout, slide)
    behind = theme.background(slide, layout, master)
    panel: RGB | None = None
    if behind is None:  # a picture: the chart gets a light panel of its own
        panel = (1.0, 1.0, 1.0)
        behind = [panel]
    text = readable(theme.slot("tx1", mapping), behind, 4.5)
    if worst_contrast(text, behind) < 4.5:
        text = readable(INK, behind, 4.5)
    bar = next(
        (theme.slot(s, mapping) for s in BAR_SLOTS if worst_contrast(theme.slot(s, mapping), behind) >= 3.0),
        readable(hex_rgb("2F6FDB"), behind, 3.0),
    )
    return text, bar, panel


def _grid(text: RGB, panel: RGB | None, slide: Any) -> RGB:
    """Gridlines: the text colour faded halfway towards the background, so they guide without shouting."""
    layout = slide.slide_layout
    behind = panel or (Theme(layout.slide_master).background(slide, layout, layout.slide_master) or [INK])[0]
    return tuple(t + (b - t) * 0.7 for t, b in zip(text, behind, strict=True))  # type: ignore[return-value]


def _solid(sp_pr: Any, color: str) -> None:
    for old in list(sp_pr):
        sp_pr.remove(old)
    fill = sp_pr.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}solidFill", {})
    fill.append(
        fill.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}srgbClr", {"val": color})
    )
    sp_pr.append(fill)


def _targets_table(numbers: JourneyNumbers) -> Table:
    """Per milestone: conversion against its target, and the median days against the time frame."""
    size = 12.0
    rows = []
    for step in numbers.funnel.steps:
        conversion = [para(Run(_tight(percent(step.conversion)), bold=True), size=size, space_before=0)]
        if step.target_conversion is not None:
            conversion.append(_muted(_tight(f"target {percent(step.target_conversion)}"), size))
        conversion.append(_status(step.conversion_status, size))
        timing = [para(Run(_tight(f"{days(step.median_days)} d"), bold=True), size=size, space_before=0)]
        if step.time_frame_days is not None:
            timing.append(_muted(_tight(f"frame {step.time_frame_days} d"), size))
        timing.append(_status(step.time_status, size))
        rows.append(
            [
                [para(Run(step.title, bold=True), size=size, space_before=0)],
                conversion,
                timing,
            ]
        )
    columns = [Column("Milestone", 2.1), Column("Conversion", 1.35), Column("Median days", 1.35)]
    return Table(columns, rows, size=size)


def _tight(text: str) -> str:
    """Short facts ("frame 21 d", "near target") kept on one line: no-break spaces."""
    return text.replace(" ", "\u00a0")


def _muted(text: str, size: float) -> Para:
    return para(Run(text, muted=True), size=size - 1, space_before=0)


def _status(status: str, size: float) -> Para:
    return para(
        Run(_tight(STATUS_TEXT[status]), bold=True, color=STATUS_COLOR[status]), size=size - 1, space_before=0
    )


def _day(numbers: JourneyNumbers) -> str:
    return numbers.as_of.strftime("%d %B %Y").lstrip("0")


def stuck_slide(builder: DeckBuilder, numbers: JourneyNumbers) -> None:
    """Who is stuck and what to do, longest stuck first; "and N more" when they do not all fit."""
    title = f"Stuck customers: {numbers.label}"
    stuck = numbers.stuck
    lead_text = (
        f"{len(stuck):,} accounts have stayed at a success milestone longer than its stuck rule allows, "
        f"on {_day(numbers)}; longest stuck first."
        if stuck
        else f"No account is past its milestone's stuck rule on {_day(numbers)}."
    )
    lead = [para(Run(lead_text, muted=not stuck), size=12, space_before=0)]
    if not stuck:
        builder.slide(title, lead)
        return
    slide, box = builder.slide(title, lead)
    table = _stuck_table(numbers)
    note_h = Inches(0.45)
    room = Box(box.x, box.y, box.w, box.h - note_h)
    shown = table_pages(table, room)[0]
    whole = [row for row in shown if len(row) == len(table.columns) and "(continued)" not in _text(row)]
    if len(whole) < len(shown):  # a row cut by the page: leave it for "and N more"
        shown = whole
    shape = draw_table(slide, box, table, shown)
    rest = len(stuck) - len(shown)
    if rest > 0:
        top = box.y + int(shape.height) + Inches(0.08)
        note = [
            para(
                Run(
                    f"… and {rest:,} more: every stuck account is in the workbook's Stuck accounts sheet.",
                    italic=True,
                    muted=True,
                ),
                size=11,
                space_before=0,
            )
        ]
        builder.text(slide, Box(box.x, top, box.w, note_h), note)


def _text(row: list[list[Para]]) -> str:
    return " ".join(p.text for cell in row for p in cell)


def _stuck_table(numbers: JourneyNumbers) -> Table:
    """Who (name, id, segment), where and since when, for how long against the rule, what to do, who."""
    size = 10.0
    rows = []
    for s in numbers.stuck:
        account = [para(Run(s.name or s.account_id, bold=True), size=size, space_before=0)]
        if s.name:
            account.append(_muted(s.account_id + (f" · {s.segment}" if s.segment else ""), size + 1))
        where = [para(s.milestone_title, size=size, space_before=0)]
        where.append(_muted(f"since {s.reached_on.isoformat()}", size + 1))
        since = [
            para(
                Run(_tight(f"{s.days_at:,} days"), bold=True, color=STATUS_COLOR["off"]),
                size=size,
                space_before=0,
            )
        ]
        since.append(_muted(_tight(f"rule: {s.after_days} days"), size + 1))
        action = [para(s.action or "(no action written)", size=size, space_before=0)]
        if s.playbook_title:
            action.append(_muted(f"Playbook: {s.playbook_title}", size + 1))
        owner = [para(s.owner or "(no owner)", size=size, space_before=0)]
        rows.append([account, where, since, action, owner])
    columns = [
        Column("Account", 2.3),
        Column("Stuck at", 2.5),
        Column("For", 1.3),
        Column("What to do", 4.2),
        Column("Owner", 1.3),
    ]
    return Table(columns, rows, size=size)


__all__ = ["funnel_slide", "short_titles", "stuck_slide"]
