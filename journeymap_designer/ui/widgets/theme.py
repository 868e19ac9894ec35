"""Colours, type and sizes of the map, light and dark, chosen to read on a projector.

Restrained: neutral greys for structure, one accent per meaning (owner colour, emotion, moment kind),
and type large enough to read from the back of a workshop room at 100 % zoom.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette


@dataclass(frozen=True)
class Theme:
    dark: bool
    canvas: QColor
    column_even: QColor
    column_odd: QColor
    customer_band: QColor
    header_fill: QColor
    header_text: QColor
    subtle_text: QColor
    grid_line: QColor
    card_fill: QColor
    card_border: QColor
    card_text: QColor
    card_selected: QColor
    flow: QColor
    handoff: QColor
    handoff_label_fill: QColor
    emotion_line: QColor
    visibility_line: QColor
    found: QColor
    drop_target: QColor

    def font(self, size: float, bold: bool = False) -> QFont:
        font = QFont()
        font.setPointSizeF(size)
        font.setBold(bold)
        return font


LIGHT = Theme(
    dark=False,
    canvas=QColor("#f4f5f7"),
    column_even=QColor("#fbfbfc"),
    column_odd=QColor("#f2f4f7"),
    customer_band=QColor("#e9f0fb"),
    header_fill=QColor("#1f2a3c"),
    header_text=QColor("#ffffff"),
    subtle_text=QColor("#5b6577"),
    grid_line=QColor("#dde1e8"),
    card_fill=QColor("#ffffff"),
    card_border=QColor("#c9ced8"),
    card_text=QColor("#1b2230"),
    card_selected=QColor("#2f6fdb"),
    flow=QColor("#8c95a6"),
    handoff=QColor("#d9730d"),
    handoff_label_fill=QColor("#fff3e6"),
    emotion_line=QColor("#2f6fdb"),
    visibility_line=QColor("#9aa3b2"),
    found=QColor("#ffd54a"),
    drop_target=QColor("#cfe0fb"),
)

DARK = Theme(
    dark=True,
    canvas=QColor("#1b1e24"),
    column_even=QColor("#22262e"),
    column_odd=QColor("#1f232a"),
    customer_band=QColor("#243047"),
    header_fill=QColor("#0f1521"),
    header_text=QColor("#f2f4f8"),
    subtle_text=QColor("#a9b2c3"),
    grid_line=QColor("#353b47"),
    card_fill=QColor("#2c313b"),
    card_border=QColor("#4a5261"),
    card_text=QColor("#eef1f6"),
    card_selected=QColor("#6aa1ff"),
    flow=QColor("#8892a5"),
    handoff=QColor("#f0964a"),
    handoff_label_fill=QColor("#3d2f22"),
    emotion_line=QColor("#6aa1ff"),
    visibility_line=QColor("#6c7587"),
    found=QColor("#b8941f"),
    drop_target=QColor("#2d4a78"),
)

EMOTION_COLORS = {
    -2: QColor("#d64545"),
    -1: QColor("#ef8a3a"),
    0: QColor("#9aa3b2"),
    1: QColor("#7bbf5a"),
    2: QColor("#2e9e5b"),
}
MOMENT_COLORS = {
    "success_milestone": QColor("#1f9d8b"),
    "risk": QColor("#d64545"),
    "celebration": QColor("#8e5bd6"),
}
DEFAULT_OWNER_COLOR = QColor("#7d8799")
# Compare mode: how a segment's element stands against the core (never colour alone: a tag says it too).
MARK_COLORS = {
    "added": QColor("#1f9d55"),
    "changed": QColor("#c98a00"),
    "hidden": QColor("#8a93a3"),
    "same": QColor("#c3c8d1"),
}
MARK_TAGS = {"added": "NEW", "changed": "CHANGED", "hidden": "HIDDEN"}
MARK_FILLS = {  # a tint of the card itself, so the marks still read zoomed out
    False: {"added": QColor("#dff3e6"), "changed": QColor("#fbecc8")},
    True: {"added": QColor("#20392a"), "changed": QColor("#3e3320")},
}


def system_theme() -> Theme:
    """Follow the system: dark when the palette's window colour is dark."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        window = app.palette().color(QPalette.ColorRole.Window)
        if window.lightness() < 110:
            return DARK
    return LIGHT
