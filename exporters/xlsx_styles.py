"""The workbook's look: named cell styles ("JM Header", "JM Cell"...) that a template may redefine.

Every cell the exporter writes uses one of these named styles, so a user's template restyles the whole
output by defining a style of the same name (its own header colour, its corporate font). A style the
template lacks is added from the defaults below, in the template's own body font, so a plain corporate
workbook still gets a consistent result. ``tools/make_xlsx_template.py`` writes the bundled template
from the same definitions, so the defaults and the bundled look never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

FONT = "Calibri"
NAVY = "1F2A3C"  # the app's header colour, as on the bundled deck
ACCENT = "2F6FDB"
INK = "1F2933"
GREY = "5F6B7A"
LINE = "C9D3DF"
PALE = "E9EEF6"

_THIN = Side(style="thin", color=LINE)
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOP = Alignment(vertical="top")
_TOP_WRAP = Alignment(vertical="top", wrap_text=True)


@dataclass(frozen=True)
class StyleSpec:
    """A named style's default definition (font name left out: it comes from the workbook)."""

    name: str
    purpose: str
    size: float = 10
    bold: bool = False
    italic: bool = False
    color: str = INK
    fill: str = ""
    border: bool = False
    wrap: bool = False
    center: bool = False
    underline: bool = False
    number_format: str = "General"

    def build(self, font_name: str) -> NamedStyle:
        style = NamedStyle(name=self.name)
        style.font = Font(
            name=font_name,
            size=self.size,
            bold=self.bold,
            italic=self.italic,
            color=self.color,
            underline="single" if self.underline else None,
        )
        if self.fill:
            style.fill = PatternFill("solid", start_color=self.fill, end_color=self.fill)
        if self.border:
            style.border = _GRID
        style.alignment = Alignment(
            vertical="center" if self.center else "top",
            horizontal="center" if self.center else None,
            wrap_text=self.wrap,
        )
        style.number_format = self.number_format
        return style


STYLES: dict[str, StyleSpec] = {
    s.name: s
    for s in (
        StyleSpec("JM Title", "sheet titles", size=16, bold=True, color=NAVY),
        StyleSpec("JM Subtitle", "a line under a title", size=11, color=GREY),
        StyleSpec("JM Note", "explanations and empty categories", italic=True, color=GREY),
        StyleSpec(
            "JM Header", "table header rows", bold=True, color="FFFFFF", fill=NAVY, border=True, wrap=True
        ),
        StyleSpec(
            "JM Subheader", "headers inside a section", bold=True, color=NAVY, fill="DCE6F7", border=True
        ),
        StyleSpec("JM Section", "a playbook's title band", size=12, bold=True, color="FFFFFF", fill=ACCENT),
        StyleSpec("JM Label", "the category of a row", bold=True, color=NAVY, wrap=True),
        StyleSpec("JM Cell", "short values in tables", border=True),
        StyleSpec("JM Wrapped", "longer text in tables", border=True, wrap=True),
        StyleSpec("JM Lane", "a lane's name on the map", bold=True, fill=PALE, border=True, wrap=True),
        StyleSpec(
            "JM Moment", "moments of truth on the map", italic=True, fill="FFF4D6", border=True, wrap=True
        ),
        StyleSpec("JM Input", "cells a customer fills in", fill="FFFBE6", border=True, wrap=True),
        StyleSpec("JM Added", "added by a segment", fill="E2F3E6", border=True),
        StyleSpec("JM Changed", "changed by a segment", fill="FFEDC8", border=True),
        StyleSpec("JM Hidden", "hidden by a segment", color="8A94A3", fill="EEEEEE", border=True),
        StyleSpec("JM Link", "links to the other sheets", color="0563C1", underline=True),
        StyleSpec("JM Percent", "shares", bold=True, border=True, number_format="0%"),
        StyleSpec("JM Number", "measured numbers: percentages and days", border=True, number_format="0.0"),
    )
}

# A variant adds a fill (and a readable font colour) to a named style: lane colours on the map.
StyleKey = str


def _readable_on(fill: str) -> str:
    red, green, blue = (int(fill[i : i + 2], 16) for i in (0, 2, 4))
    return INK if (0.299 * red + 0.587 * green + 0.114 * blue) > 150 else "FFFFFF"


def variant(name: str, fill: str) -> StyleKey:
    """The key of ``name`` on a background colour (``#rrggbb`` or ``rrggbb``)."""
    return f"{name}#{fill.lstrip('#').upper()}"


def body_font(workbook: Workbook, sheet: Worksheet) -> str:
    """The workbook's body font (its Normal style), so added styles match the template's text.

    "Normal" is a built-in style whose name Excel writes in the user's language ("Обычный",
    "Standard"...): it is found by its built-in id (0 in ``cellStyles``), and only then by name."""
    styles = list(getattr(workbook, "_named_styles", []))
    normal = next((s for s in styles if s.builtinId == 0), None)
    if normal is None:
        normal = next((s for s in styles if s.name == "Normal"), None)
    if normal is None:
        return FONT
    probe = Cell(sheet, row=1, column=1)
    probe.style = normal.name
    return str(probe.font.name or FONT)


def add_missing_styles(workbook: Workbook, sheet: Worksheet) -> list[str]:
    """Add every JM style the workbook lacks; the names added (the template's own ones are kept)."""
    present = set(workbook.named_styles)
    font = body_font(workbook, sheet)
    added = []
    for spec in STYLES.values():
        if spec.name not in present:
            workbook.add_named_style(spec.build(font))
            added.append(spec.name)
    return added


class StyleBook:
    """Style keys resolved to the workbook's cell-format ids, which the row streamer writes as ``s``."""

    def __init__(self, workbook: Workbook, sheet: Worksheet) -> None:
        add_missing_styles(workbook, sheet)
        self._sheet = sheet
        self._ids: dict[StyleKey, int] = {}

    def cell(self, key: StyleKey) -> Cell:
        """A detached cell carrying the style: the cheapest way to make openpyxl register the format."""
        cell = Cell(self._sheet, row=1, column=1)
        self.apply(cell, key)
        return cell

    def apply(self, cell: Cell, key: StyleKey) -> None:
        """Give a cell the named style of ``key``, and its fill when ``key`` is a variant."""
        name, _, fill = key.partition("#")
        cell.style = name
        if fill:
            cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
            font: Any = cell.font
            cell.font = Font(
                name=font.name, size=font.size, bold=True, italic=font.italic, color=_readable_on(fill)
            )

    def id(self, key: StyleKey) -> int:
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = self.cell(key).style_id
        return found

    def layout(self, key: StyleKey) -> tuple[bool, float]:
        """Whether the style wraps text, and its font size: what a row's height depends on."""
        cell = self.cell(key)
        size: Any = cell.font.sz
        return bool(cell.alignment.wrap_text), float(size or 11)
