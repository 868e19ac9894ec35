"""A customer filling in the validation workbook, for the tests: answers typed by id, rows added.

Columns are found by their header text, as the reader finds them, so the tests keep working when
the sheet gains or moves columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from exporters.xlsx import export_workbook
from journeymap_designer.model.workspace import Workspace

SHEET = "Customer validation"


def columns(sheet: Any) -> tuple[int, dict[str, int]]:
    """The header row's number and each header's column (1-based)."""
    for row in sheet.iter_rows(max_row=20):
        names = {str(c.value): c.column for c in row if c.value is not None}
        if "ID" in names and "Your answer" in names:
            return row[0].row, names
    raise AssertionError("no header row")


def export(workspace: Workspace, out: Path, segments: Sequence[str | None] = (None,)) -> Path:
    export_workbook(workspace, out, segments=list(segments))
    return out


def fill(
    source: Path,
    out: Path,
    answers: Mapping[str, tuple[str, str]],
    added: Sequence[Mapping[str, str]] = (),
    who: str | None = "Jane Customer",
    change: Callable[[Any, int, dict[str, int]], None] | None = None,
) -> Path:
    """Save ``source`` as ``out`` with answers (id -> (answer, comment)) and rows the customer added.

    Each id's first row is answered; ``change(sheet, header_row, columns)`` runs last (to sort,
    delete or rename things).
    """
    book = openpyxl.load_workbook(source)
    sheet = book[SHEET]
    header, cols = columns(sheet)
    pending = dict(answers)
    for row in range(header + 1, sheet.max_row + 1):
        element_id = sheet.cell(row, cols["ID"]).value
        if element_id in pending:
            answer, comment = pending.pop(element_id)
            sheet.cell(row, cols["Your answer"]).value = answer
            sheet.cell(row, cols["Your comment"]).value = comment or None
    assert not pending, f"ids not in the sheet: {sorted(pending)}"
    row = sheet.max_row + 1
    for values in added:
        for name, value in values.items():
            sheet.cell(row, cols[name]).value = value
        row += 1
    if change is not None:
        change(sheet, header, cols)
    if who is not None:
        book.properties.lastModifiedBy = who
    book.save(out)
    return out


def sheet_ids(path: Path) -> list[str]:
    """The ids of the validation sheet, top to bottom."""
    sheet = openpyxl.load_workbook(path)[SHEET]
    header, cols = columns(sheet)
    rows = sheet.iter_rows(min_row=header + 1, values_only=True)
    return [str(r[cols["ID"] - 1]) for r in rows if r[cols["ID"] - 1]]
