"""The funnel as a chart: accounts reached per success milestone (bars) and conversion against target.

Drawn with Qt's own charts (``PySide6.QtCharts``, from PySide6-Addons) rather than a plotting library:
they are native widgets that scale, print and follow the window's fonts and palette like the rest of
the app, they come with the Qt the app already ships (no matplotlib, no numpy, nothing else to keep
in step), and their series hold the numbers as data, so a test reads back exactly what is drawn.

Bars count the accounts that reached each milestone (one set for the journey chosen, and one for the
core beside it when asked). A line gives the conversion from the previous milestone on a 0-100 %
axis, a dashed grey line the target, and each conversion point sits in one of three marker series,
"On target", "Near target" and "Off target", each with its own colour **and** shape, named in the
legend; the axis labels under each milestone repeat the status in words, for colour-blind readers and
grey-scale projectors.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ...model.funnel import Funnel
from ..canvas.milestone_marks import STATUS_COLORS, STATUS_WORDS

BAR_COLORS = (QColor("#3f6fb0"), QColor("#9aa9c2"))  # the journey chosen; the core beside it
CONVERSION_COLOR = QColor("#111827")
CORE_LINE_COLOR = QColor("#5b6b85")  # the core's conversion beside a segment's: dotted, grey-blue
TARGET_COLOR = QColor("#6b7280")
STATUS_SHAPES = {
    "on": QScatterSeries.MarkerShape.MarkerShapeCircle,
    "near": QScatterSeries.MarkerShape.MarkerShapeTriangle,
    "off": QScatterSeries.MarkerShape.MarkerShapeRectangle,
}
STATUS_NAMES = {"on": "On target", "near": "Near", "off": "Off target"}
MAX_LABEL = 18  # characters of a milestone's title under its bars


def short(title: str) -> str:
    """A milestone's title cut at its colon ("First value: first dashboard live" -> "First value")."""
    head = title.split(":", 1)[0].strip() or title
    return head if len(head) <= MAX_LABEL else head[: MAX_LABEL - 1] + "\u2026"


def point_label(status: str) -> str:
    """A conversion point's label: its value and its status in words (``80.7 % near``)."""
    return f"@yPoint % {STATUS_WORDS[status]}"


def legend_name(funnel: Funnel) -> str:
    """Short, for the legend: "SMB", "Core"."""
    return (
        "Core" if funnel.journey_label == "Core journey" else funnel.journey_label.removeprefix("Segment: ")
    )


class FunnelChart(QChartView):
    """The chart of one funnel, optionally with the core's beside it; ``show_funnels`` redraws it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setBackgroundRoundness(0)
        self.setChart(chart)
        self.bars: QBarSeries | None = None
        self.conversion: list[QLineSeries] = []
        self.target: QLineSeries | None = None
        self.status_points: dict[str, QScatterSeries] = {}
        self.categories: list[str] = []
        self.font_size = 10.0

    def set_font_size(self, size: float) -> None:
        self.font_size = size

    def _font(self, bold: bool = False, scale: float = 1.0) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(self.font_size * scale)
        font.setBold(bold)
        return font

    def show_funnels(self, funnel: Funnel | None, core: Funnel | None = None) -> None:
        """Draw ``funnel`` (None: nothing to show), with ``core`` beside it when given."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.bars, self.conversion, self.target, self.status_points = None, [], None, {}
        self.categories = []
        if funnel is None or not funnel.steps:
            chart.setTitle("No success milestones to measure" if funnel is not None else "")
            return
        chart.setTitle("")
        chart.legend().setFont(self._font(scale=0.9))
        steps = funnel.steps
        self.categories = [short(s.title) for s in steps]
        bars = QBarSeries()
        shown = [(funnel, BAR_COLORS[0])] + ([(core, BAR_COLORS[1])] if core is not None else [])
        for each, color in shown:
            bar_set = QBarSet(legend_name(each) if core is not None else "Reached")
            by_id = {s.milestone_id: s.reached for s in each.steps}  # the core's, under the same milestones
            bar_set.append([float(by_id.get(s.milestone_id, 0)) for s in steps])
            bar_set.setColor(color)
            bar_set.setBorderColor(color)
            bar_set.setLabelColor(QColor("#111827"))
            bar_set.setLabelFont(self._font(scale=0.85))
            bars.append(bar_set)
        bars.setLabelsVisible(True)
        bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsInsideEnd)
        chart.addSeries(bars)
        self.bars = bars
        x_axis = QBarCategoryAxis()
        x_axis.append(self.categories)
        x_axis.setLabelsFont(self._font(bold=True, scale=0.9))
        accounts_axis = QValueAxis()
        accounts_axis.setTitleText("Accounts reached")
        accounts_axis.setTitleFont(self._font(scale=0.9))
        accounts_axis.setLabelsFont(self._font(scale=0.85))
        accounts_axis.setLabelFormat("%d")
        top = max([s.reached for f, _ in shown for s in f.steps] + [1])
        accounts_axis.setRange(0, top * 1.1)
        accounts_axis.applyNiceNumbers()
        percent_axis = QValueAxis()
        percent_axis.setRange(0, 100)
        percent_axis.setTitleText("Conversion %")
        percent_axis.setTitleFont(self._font(scale=0.9))
        percent_axis.setLabelsFont(self._font(scale=0.85))
        percent_axis.setLabelFormat("%d %%")
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(accounts_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(percent_axis, Qt.AlignmentFlag.AlignRight)
        bars.attachAxis(x_axis)
        bars.attachAxis(accounts_axis)
        lines = [(funnel, CONVERSION_COLOR, Qt.PenStyle.SolidLine)]
        if core is not None:
            lines.append((core, CORE_LINE_COLOR, Qt.PenStyle.DotLine))
        for each, color, style in lines:
            line = QLineSeries()
            line.setName(f"{legend_name(each)} %" if core is not None else "Conversion")
            line.setPen(QPen(color, 2.5, style))
            by_step = {s.milestone_id: s for s in each.steps}
            for index, own in enumerate(steps):
                step = by_step.get(own.milestone_id)
                if step is not None and step.conversion is not None:
                    line.append(index, round(step.conversion, 1))
            self._attach(line, x_axis, percent_axis)
            self.conversion.append(line)
        target = QLineSeries()
        target.setName("Target")
        target.setPen(QPen(TARGET_COLOR, 2, Qt.PenStyle.DashLine))
        for index, step in enumerate(steps):
            if step.target_conversion is not None:
                target.append(index, step.target_conversion)
        self._attach(target, x_axis, percent_axis)
        self.target = target
        for status, name in STATUS_NAMES.items():
            points = QScatterSeries()
            points.setName(name)
            points.setMarkerShape(STATUS_SHAPES[status])
            points.setMarkerSize(13)
            points.setColor(STATUS_COLORS[status])
            points.setBorderColor(QColor("#ffffff"))
            points.setPointLabelsVisible(True)
            points.setPointLabelsFormat(point_label(status))  # the status in words beside its colour
            points.setPointLabelsColor(STATUS_COLORS[status])
            points.setPointLabelsFont(self._font(bold=True, scale=0.85))
            points.setPointLabelsClipping(False)
            for index, step in enumerate(steps):
                if step.conversion_status == status and step.conversion is not None:
                    points.append(index, round(step.conversion, 1))
            self._attach(points, x_axis, percent_axis)
            for marker in chart.legend().markers(points):  # the legend names only the statuses shown
                marker.setVisible(points.count() > 0)
            self.status_points[status] = points

    def _attach(
        self, series: QLineSeries | QScatterSeries, x_axis: QBarCategoryAxis, y_axis: QValueAxis
    ) -> None:
        self.chart().addSeries(series)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
