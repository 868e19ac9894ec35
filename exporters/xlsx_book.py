"""The openpyxl side of the workbook: the template, sheet settings, styles, and the final assembly.

A template's own sheets (a cover with a logo) stay in front; sheets of the template that hold
nothing (the empty "Sheet1" every workbook has) are dropped. Our sheets are saved empty by openpyxl
with all their settings, then :func:`exporters.xlsx_stream.assemble` streams their rows in.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.child import INVALID_TITLE_REGEX
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .safety import ExportError, plain_text
from .xlsx_stream import LONG_TEXT, RowWriter, Sheet, StringTable, assemble, long_text_sheet
from .xlsx_styles import StyleBook

_ANSWER_FILLS = {"Confirmed": "D9F2DF", "Needs change": "FFE8B3", "Missing something": "F9D5D2"}


def open_template(data: bytes | None, where: str) -> Workbook:
    """The template as a workbook (a fresh one when there is none); one clear line when it is broken."""
    if data is None:
        return Workbook()
    try:
        workbook = load_workbook(io.BytesIO(data), rich_text=False)
    except Exception as exc:  # openpyxl raises many kinds on malformed parts; the user needs one line
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise ExportError(f"template {where}: cannot be read as an Excel workbook ({detail})") from None
    workbook.template = False  # an .xltx template must still give an .xlsx
    return workbook


def sheet_title(name: str, taken: set[str], suffix: str = "") -> str:
    """A valid, unique sheet title: no []:*?/\\, at most 31 characters, not "History" (reserved)."""
    readable = re.sub(r"[/\\]", "-", plain_text(name))
    base = " ".join(INVALID_TITLE_REGEX.sub(" ", readable).split()).strip("'").strip() or "Journey"
    room = 31 - len(suffix)
    candidate = _shorten(base, room) + suffix
    number = 2
    while candidate.casefold() in taken or candidate.casefold() == "history":
        tag = f" ({number})"
        candidate = _shorten(base, room - len(tag)) + tag + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate


def _shorten(text: str, room: int) -> str:
    """``text`` in ``room`` characters, cut after a word with an ellipsis when it is too long."""
    if len(text) <= room:
        return text
    cut = text[: room - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > room // 2 else cut).rstrip(" -") + "…"


def template_titles(workbook: Workbook) -> set[str]:
    """The (casefolded) titles of the template sheets the workbook keeps."""
    empty = {ws.title for ws in _empty_sheets(workbook)}
    return {title.casefold() for title in workbook.sheetnames if title not in empty}


def _empty_sheets(workbook: Workbook) -> list[Worksheet]:
    """Worksheets with no value, picture, chart or merged cell: dropped (chart sheets are always kept)."""
    empty: list[Worksheet] = []
    for ws in workbook.worksheets:
        if not isinstance(ws, Worksheet):
            continue
        pictures: Any = getattr(ws, "_images", ()) or getattr(ws, "_charts", ())
        has_values = any(value is not None for row in ws.iter_rows(values_only=True) for value in row)
        if not has_values and not pictures and not ws.merged_cells.ranges:
            empty.append(ws)
    return empty


def render(
    data: bytes | None,
    where: str,
    sheets: Sequence[Sheet],
    long_title: str,
    tick: Callable[[int], None],
    only_ours: bool = False,
) -> bytes:
    """The workbook's bytes; with a "Long text" sheet added (and written again) when a text needs one.

    ``only_ours`` (a customer's workbook): of the template only its styles and theme are kept; its
    sheets, defined names and document properties go, whatever they hold (an old team workbook
    used as a template must not travel to a customer inside the new one)."""
    payload, strings = _render_once(data, where, sheets, long_title, tick, only_ours)
    if strings.long_rows:
        extra = long_text_sheet(strings)
        extra.title = long_title
        payload, _ = _render_once(data, where, [*sheets, extra], long_title, tick, only_ours)
    return payload


def _render_once(
    data: bytes | None,
    where: str,
    sheets: Sequence[Sheet],
    long_title: str,
    tick: Callable[[int], None],
    only_ours: bool = False,
) -> tuple[bytes, StringTable]:
    workbook = open_template(data, where)
    if only_ours:  # first, so our sheets get their own titles
        for old in list(workbook.worksheets):
            workbook.remove(old)
        for chart in list(workbook.chartsheets):
            workbook.remove(chart)
        _forget_template(workbook)
    empty = _empty_sheets(workbook)
    created = [(sheet, workbook.create_sheet(sheet.title)) for sheet in sheets]
    for ws in empty:
        workbook.remove(ws)
    styles = StyleBook(workbook, created[0][1])
    unique = {id(s): s for sheet in sheets for _, s, _ in sheet.rows}  # rows share their style tuples
    keys = {key for row_styles in unique.values() for key in row_styles if key}
    ids = {key: styles.id(key) for key in sorted(keys)}
    strings = StringTable(long_title)
    writer = RowWriter(strings, ids.__getitem__, styles.layout)
    for sheet, ws in created:
        _apply_settings(sheet, ws)
        if not sheet.streamed:
            _write_cells(sheet, ws, styles, writer)
        for decorate in sheet.decorations:
            decorate(ws)
    for ws in workbook.worksheets:
        if isinstance(ws, Worksheet):
            ws.sheet_view.tabSelected = False  # several selected tabs would open as a group
    workbook.active = 0
    first: Any = workbook.worksheets[0]
    first.sheet_view.tabSelected = True
    shell = io.BytesIO()
    workbook.save(shell)
    parts = {ws.path[1:]: sheet for sheet, ws in created if sheet.streamed}
    return assemble(shell.getvalue(), parts, writer, tick), strings


def _forget_template(workbook: Workbook) -> None:
    """No name, author, comment, custom property or defined name of the template's is kept."""
    for name in list(workbook.defined_names):
        del workbook.defined_names[name]
    props = workbook.properties
    for field in ("creator", "lastModifiedBy", "title", "subject", "description", "keywords", "category"):
        setattr(props, field, None)
    props.creator = "Journey Map Designer"
    custom: Any = getattr(workbook, "custom_doc_props", None)
    if custom is not None:
        for prop in list(custom.props):
            custom.props.remove(prop)


def _apply_settings(sheet: Sheet, ws: Worksheet) -> None:
    for index, width in enumerate(sheet.widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for index in sheet.hidden_columns:
        ws.column_dimensions[get_column_letter(index)].hidden = True
    last_row = max(len(sheet.rows), 1)
    last_column = get_column_letter(max(sheet.width, 1))
    if sheet.header_row or sheet.freeze_columns:
        ws.freeze_panes = f"{get_column_letter(sheet.freeze_columns + 1)}{sheet.header_row + 1}"
    if sheet.header_row and sheet.filter:
        ws.auto_filter.ref = f"A{sheet.header_row}:{last_column}{max(last_row, sheet.header_row + 1)}"
    if sheet.header_row:
        ws.print_title_rows = f"{sheet.header_row}:{sheet.header_row}"
    if sheet.freeze_columns:
        ws.print_title_cols = f"A:{get_column_letter(sheet.freeze_columns)}"
    ws.sheet_view.showGridLines = sheet.gridlines
    if sheet.tab_color:
        ws.sheet_properties.tabColor = sheet.tab_color
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = False
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.2, footer=0.3)
    footer: Any = ws.oddFooter  # sheet name on the left, page numbers on the right
    footer.left.text = "&A"
    footer.right.text = "Page &P of &N"
    for dropdown in sheet.dropdowns:
        column = get_column_letter(dropdown.column)
        cells = f"{column}{dropdown.first_row}:{column}{dropdown.last_row}"
        check = DataValidation(
            type="list",
            formula1='"' + ",".join(dropdown.options) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Choose an answer",
            error=f"Choose one of: {dropdown.prompt}.",
            showInputMessage=True,
            promptTitle="Your answer",
            prompt=dropdown.prompt,
        )
        check.add(cells)
        ws.add_data_validation(check)
        for answer, colour in _ANSWER_FILLS.items():
            fill = PatternFill("solid", start_color=colour, end_color=colour)
            rule = CellIsRule(operator="equal", formula=[f'"{answer}"'], fill=fill)  # type: ignore[no-untyped-call]
            ws.conditional_formatting.add(cells, rule)


def _write_cells(sheet: Sheet, ws: Worksheet, styles: StyleBook, writer: RowWriter) -> None:
    """A small sheet written by openpyxl itself (it needs links to the other sheets)."""
    for row_number, (head, keys, tail) in enumerate(sheet.rows, 1):
        values = [*head, *tail]
        if keys:
            ws.row_dimensions[row_number].height = writer.height(sheet, values, keys)
        for column, key in enumerate(keys, 1):
            value = values[column - 1] if column <= len(values) else None
            if value is None and key is None:
                continue
            cell = ws.cell(row_number, column)
            assert isinstance(cell, Cell)  # nothing is merged on our sheets
            if isinstance(value, str):
                cell.value = plain_text(value)
                cell.data_type = "s"  # user text: never a formula
            elif value is not None:
                cell.value = value
            if key:
                styles.apply(cell, key)
            target = sheet.links.get((row_number, column))
            if target:
                quoted = target.replace("'", "''")
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{quoted}'!A1", display=str(value))


__all__ = ["LONG_TEXT", "open_template", "render", "sheet_title", "template_titles"]
