"""What a success milestone's marker says about its numbers: its target, and how the actuals stand.

The target comes from the map (``≥ 85 % · 21 d``: the conversion from the previous milestone and the
time frame), so it shows in every window and image. The actual conversion comes from the imported
accounts (``80 % ↓ near``): only the team's window has actuals, and never in the customer view. The
status is said in words and with an arrow as well as in colour, so a colour-blind reader and a
grey-scale projector get it too.

The texts are made once, when the moment or the actuals change (``milestone_mark``), never while
painting, so a frame costs what it did.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from ...model.elements import MomentKind, MomentOfTruth, TimeFrom
from ...model.funnel import FunnelStep

STATUS_COLORS = {  # on a white band; each reads at ≥ 4.5:1 against it
    "on": QColor("#1b7a3a"),
    "near": QColor("#9a5b00"),
    "off": QColor("#b42318"),
    "none": QColor("#4b5563"),
}
STATUS_WORDS = {"on": "on target", "near": "near", "off": "off target", "none": ""}
TARGET_COLOR = QColor("#374151")


def percent(value: float | None) -> str:
    """``80 %``, ``82.5 %``; a dash when there is nothing to divide by."""
    if value is None:
        return "\u2013"
    rounded = round(value, 1)
    return f"{rounded:.0f} %" if rounded == int(rounded) else f"{rounded:.1f} %"


def days(value: float | None) -> str:
    if value is None:
        return "\u2013"
    rounded = round(value, 1)
    return f"{rounded:.0f} d" if rounded == int(rounded) else f"{rounded:.1f} d"


def target_text(moment: MomentOfTruth) -> str:
    """``≥ 85 % · 21 d``, or either half alone; "" when the milestone has no target."""
    parts = []
    if moment.target_conversion is not None:
        parts.append(f"\u2265 {percent(moment.target_conversion)}")
    if moment.time_frame_days is not None:
        parts.append(f"{moment.time_frame_days} d")
    return " \u00b7 ".join(parts)


def actual_text(step: FunnelStep) -> str:
    """``80 % ↓ near``: the conversion, an arrow against the target, and the status in words."""
    if step.conversion is None:
        return "no accounts yet"
    if step.conversion_status == "none":
        return percent(step.conversion)
    arrow = "\u2191" if step.conversion_status == "on" else "\u2193"
    return f"{percent(step.conversion)} {arrow} {STATUS_WORDS[step.conversion_status]}"


def target_tooltip(moment: MomentOfTruth) -> str:
    lines = []
    if moment.target_conversion is not None:
        lines.append(f"Target: {percent(moment.target_conversion)} of the accounts at the previous milestone")
    if moment.time_frame_days is not None:
        since = (
            "of entering its stage"
            if moment.time_frame_from == TimeFrom.STAGE_ENTRY
            else "of the previous milestone"
        )
        lines.append(f"Time frame: within {moment.time_frame_days} days {since}")
    if moment.stuck_rule is not None:
        lines.append(f"Stuck after {moment.stuck_rule.after_days} days: {moment.stuck_rule.action}")
    return "\n".join(lines)


def actual_tooltip(step: FunnelStep) -> str:
    reached = (
        f"Actuals: {step.reached:,} of {step.previous:,} accounts reached it ({percent(step.conversion)})"
    )
    lines = [reached]
    if step.conversion_status != "none":
        lines.append(f"Conversion: {STATUS_WORDS[step.conversion_status]}")
    if step.median_days is not None:
        timing = f"Median {days(step.median_days)}, 90th percentile {days(step.p90_days)}"
        if step.time_status != "none":
            timing += f" ({STATUS_WORDS[step.time_status]})"
        lines.append(timing)
    if step.churned:
        lines.append(f"Churned after reaching it: {step.churned:,}")
    return "\n".join(lines)


@dataclass(frozen=True)
class MilestoneMark:
    """The numbers one marker shows: its target, its actual (with a status), and their tooltip."""

    target: str = ""
    actual: str = ""
    target_short: str = ""  # the conversion target alone, for a marker too narrow for both halves
    status: str = "none"
    tooltip: str = ""

    def variants(self) -> list[tuple[str, str]]:
        """(target, actual) from the fullest to the shortest: a narrow marker shows the first that fits."""
        found = [(self.target, self.actual), (self.target_short, self.actual), ("", self.actual)]
        if not self.actual:
            found.append((self.target_short, ""))
        return list(dict.fromkeys(found))

    @property
    def empty(self) -> bool:
        return not (self.target or self.actual)

    @property
    def color(self) -> QColor:
        return STATUS_COLORS.get(self.status, STATUS_COLORS["none"])


NO_MARK = MilestoneMark()


def milestone_mark(moment: MomentOfTruth, step: FunnelStep | None) -> MilestoneMark:
    """The marker's numbers for a moment (none for risks and celebrations), with the step's actuals."""
    if moment.kind != MomentKind.SUCCESS_MILESTONE:
        return NO_MARK
    tips = [t for t in (target_tooltip(moment), actual_tooltip(step) if step else "") if t]
    return MilestoneMark(
        target=target_text(moment),
        target_short=f"\u2265 {percent(moment.target_conversion)}"
        if moment.target_conversion is not None
        else "",
        actual=actual_text(step) if step is not None else "",
        status=step.conversion_status if step is not None else "none",
        tooltip="\n".join(tips),
    )
