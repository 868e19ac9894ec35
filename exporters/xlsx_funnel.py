"""The team workbook's measured journey: a Funnel sheet per journey with accounts, and the stuck accounts.

Only with actuals (``export_workbook(..., actuals=...)``) and only in the team's workbook: account
names, conversions and stuck actions are internal, so the customer's workbook (built from
``customer_workspace`` alone) never receives them.

The Funnel sheet holds one row per success milestone (the numbers of ``model/funnel.py``, as the app
and ``journeymap funnel`` show them) and two native Excel charts that reference those cells, so a
team that edits a number sees the chart follow: accounts reached per milestone, and conversion
against its target. It is written by openpyxl (a few rows, and charts need its drawing parts); the
stuck accounts, which may be thousands of rows, are one streamed table for all journeys with a
"Journey" column, longest stuck first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList

from .journey_facts import FROM_TEXT, STATUS_TEXT, JourneyNumbers
from .xlsx_sheets import title_rows
from .xlsx_stream import Sheet, Styles, Value
from .xlsx_styles import variant

HEADS = (
    "Success milestone",
    "Stage",
    "Reached",
    "Previous",
    "Conversion (%)",
    "Target (%)",
    "Conversion status",
    "Median days",
    "90th percentile days",
    "Time frame (days)",
    "Days counted from",
    "Time status",
    "Churned here",
)
WIDTHS = (34, 16, 10, 10, 13, 11, 15, 11, 13, 12, 18, 13, 11)
STATUS_FILL = {"on": "D9F2DF", "near": "FFE8B3", "off": "F9D5D2"}
STUCK_HEADS = (
    "Journey",
    "Account",
    "Name",
    "Segment",
    "Milestone",
    "Reached on",
    "Days at it",
    "Stuck after (days)",
    "Action",
    "Playbook",
    "Owner",
)
NO_STUCK = "No account is past its milestone's stuck rule on this day."


def _status(status: str) -> str:
    fill = STATUS_FILL.get(status)
    return variant("JM Cell", fill) if fill else "JM Cell"


def funnel_sheet(numbers: JourneyNumbers, title: str, stage_names: dict[str, str], stuck_title: str) -> Sheet:
    """One journey's funnel table, its two charts, and how many of its accounts are stuck."""
    funnel = numbers.funnel
    sheet = Sheet(title, WIDTHS, gridlines=False, tab_color="0F7B5F", streamed=False)
    source = f" from {numbers.source}" if numbers.source else ""
    title_rows(
        sheet,
        f"Funnel: {numbers.label}",
        f"{funnel.accounts} accounts{source}. Conversion: of the accounts that reached the previous "
        "milestone (every account, for the first), the share that reached this one.",
        "Days: from the previous milestone (from the account's start, for the first), or from entering "
        "the stage where the time frame counts from there. Near target: within 5 points, or 20 % over "
        "the time frame.",
    )
    sheet.add(["Accounts", funnel.accounts], ("JM Label", "JM Cell"))
    sheet.add(["Churned before the first milestone", funnel.churned_before_first], ("JM Label", "JM Cell"))
    row = sheet.add(
        [f"Stuck on {numbers.as_of.isoformat()}", len(numbers.stuck), f"→ {stuck_title}"],
        ("JM Label", "JM Cell", "JM Link"),
    )
    sheet.links[(row, 3)] = stuck_title
    sheet.blank()
    sheet.header_row = header = sheet.add(HEADS, ("JM Header",) * len(HEADS))
    for step in funnel.steps:
        values: list[Value] = [
            step.title,
            stage_names.get(step.stage_id, ""),
            step.reached,
            step.previous,
            step.conversion,
            step.target_conversion,
            STATUS_TEXT[step.conversion_status],
            step.median_days,
            step.p90_days,
            step.time_frame_days,
            FROM_TEXT.get(str(step.days_from), str(step.days_from)),
            STATUS_TEXT[step.time_status],
            step.churned,
        ]
        styles: Styles = ("JM Wrapped", "JM Wrapped", "JM Cell", "JM Cell", "JM Number", "JM Number")
        styles += (_status(step.conversion_status), "JM Number", "JM Number", "JM Cell", "JM Cell")
        styles += (_status(step.time_status), "JM Cell")
        sheet.add(values, styles)
    if not funnel.steps:
        sheet.add(["This journey has no success milestones yet."], ("JM Note",))
        return sheet
    last = len(sheet.rows)
    sheet.decorations.append(lambda ws: _charts(ws, header, last))
    return sheet


def _charts(ws: Any, header: int, last: int) -> None:
    """Accounts reached per milestone; conversion (bars) against target (marks): both over the table."""
    anchor = last + 2
    categories = Reference(ws, min_col=1, min_row=header + 1, max_row=last)
    reached: Any = BarChart()
    reached.type = "col"
    reached.title = "Accounts reached per milestone"
    reached.add_data(Reference(ws, min_col=3, min_row=header, max_row=last), titles_from_data=True)
    reached.set_categories(categories)
    reached.legend = None
    reached.dataLabels = _values_only()
    _axes(reached, "Accounts")
    reached.width, reached.height = 17.0, 9.0
    _text_categories(reached)
    ws.add_chart(reached, f"A{anchor}")

    conversion: Any = BarChart()
    conversion.type = "col"
    conversion.title = "Conversion against target (%)"
    conversion.add_data(Reference(ws, min_col=5, min_row=header, max_row=last), titles_from_data=True)
    conversion.set_categories(categories)
    conversion.y_axis.number_format = "0"  # the values are in the table above: no labels over the marks
    target = LineChart()
    target.add_data(Reference(ws, min_col=6, min_row=header, max_row=last), titles_from_data=True)
    target.set_categories(categories)
    line: Any = target.series[0]
    line.graphicalProperties.line.noFill = True  # marks only: a target is a level, not a trend
    line.marker.symbol = "dash"
    line.marker.size = 20
    line.marker.graphicalProperties.solidFill = "1F2A3C"
    line.marker.graphicalProperties.line.solidFill = "1F2A3C"
    _axes(conversion, "%")
    conversion.y_axis.scaling.min = 0
    conversion.y_axis.scaling.max = 100
    conversion.legend.position = "b"
    _text_categories(conversion)
    _text_categories(target)
    conversion += target
    conversion.width, conversion.height = 17.0, 9.0
    ws.add_chart(conversion, f"G{anchor}")


def _values_only() -> DataLabelList:
    """Data labels with the value alone: a reader that finds the other flags unset may show them all."""
    return DataLabelList(
        showVal=True,
        showSerName=False,
        showCatName=False,
        showLegendKey=False,
        showPercent=False,
        showBubbleSize=False,
    )


def _text_categories(chart: Any) -> None:
    """Milestone titles are text: a string reference (openpyxl writes a number reference by default)."""
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=series.cat.numRef.f))


def _axes(chart: Any, unit: str) -> None:
    chart.y_axis.title = unit
    chart.x_axis.delete = False  # openpyxl 3.1 leaves axes to the reader, which may hide them
    chart.y_axis.delete = False


def stuck_sheet(numbers: Sequence[JourneyNumbers], title: str) -> Sheet:
    """Every journey's stuck accounts, longest stuck first: who, where, how long, and what to do."""
    widths = (16, 14, 28, 14, 30, 12, 10, 12, 50, 28, 20)
    sheet = Sheet(title, widths, tab_color="B3261E", filter=True)
    as_of = numbers[0].as_of.isoformat() if numbers else ""
    title_rows(
        sheet,
        f"Stuck accounts on {as_of}",
        "Accounts that have stayed at a success milestone longer than its stuck rule allows without "
        "reaching the next one (churned accounts left out), with the action the rule says to take.",
    )
    sheet.header_row = sheet.add(STUCK_HEADS, ("JM Header",) * len(STUCK_HEADS))
    styles: Styles = (
        "JM Cell",
        "JM Cell",
        "JM Wrapped",
        "JM Cell",
        "JM Wrapped",
        "JM Cell",
        "JM Cell",
        "JM Cell",
    )
    styles += ("JM Wrapped", "JM Wrapped", "JM Wrapped")
    for journey in numbers:
        for s in journey.stuck:
            row: list[Value] = [journey.label, s.account_id, s.name, s.segment, s.milestone_title]
            row += [s.reached_on.isoformat(), s.days_at, s.after_days, s.action, s.playbook_title, s.owner]
            sheet.add(row, styles)
    if not any(journey.stuck for journey in numbers):
        sheet.add([NO_STUCK], ("JM Note",))
    return sheet
