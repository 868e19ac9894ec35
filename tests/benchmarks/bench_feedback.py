"""Customer answers budget (issue 11, point 4): importing a returned validation workbook of 5,000
answered rows takes <= 2 s.

How it is measured:

- the file: the validation workbook ``journeymap export --xlsx`` writes for a generated map of
  ``touchpoints`` cards (untimed), answered as a customer would in openpyxl: every row gets an
  answer (confirmed, needs change, missing in turn), every third a comment, 1 % of rows are added by
  the customer without an id, and the sheet is cut to exactly ``touchpoints`` data rows.
- the import: what ``journeymap feedback import`` does before it saves: read the workbook
  (``read_validation_workbook``: zip checks, header search, every row), build the intent and push it
  onto a fresh document's history as one undo step. Saving the map is the document benchmark's.
- the re-import: the same file into a map that already holds its answers (adds nothing).
- the baseline: plain openpyxl, read-only with cached values, opening the same file and reading
  every row of its validation sheet as values, in the same run.

The budget holds at 5,000 rows (``ISSUE_SIZE``); smaller runs (the smoke test) are information.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import openpyxl

from exporters.validation_import import SHEET_TITLE, read_validation_workbook
from exporters.xlsx import export_workbook
from journeymap_designer.model.document import Document
from journeymap_designer.model.feedback import import_answers
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.intents import perform
from journeymap_designer.model.workspace import Workspace

from .harness import Result, measure

ISSUE_SIZE = 5000
BUDGET_MS = 2000.0
ANSWERS = ("Confirmed", "Needs change", "Missing something")


def returned_workbook(workspace: Workspace, rows: int, folder: Path) -> Path:
    """The workspace's validation workbook with ``rows`` answered data rows, as a customer returns it."""
    blank = folder / "validation.xlsx"
    export_workbook(workspace, blank)
    book = openpyxl.load_workbook(blank)
    sheet = book[SHEET_TITLE]
    header = next(r[0].row for r in sheet.iter_rows(max_row=20) if any(c.value == "ID" for c in r))
    cols = {str(c.value): c.column for c in sheet[header] if c.value is not None}
    first = header + 1
    if sheet.max_row - header > rows:
        sheet.delete_rows(first + rows, sheet.max_row - header - rows)
    for number in range(rows):
        row = first + number
        if number % 100 == 99 or row > sheet.max_row:  # a step the customer added
            for name in ("Journey", "Stage", "Type", "What happens", "Channel", "ID"):
                if name in cols:
                    sheet.cell(row, cols[name]).value = None
            sheet.cell(row, cols["Step"]).value = f"A step we also take ({number})"
        sheet.cell(row, cols["Your answer"]).value = ANSWERS[number % 3]
        if number % 3 == 0:
            sheet.cell(row, cols["Your comment"]).value = f"Comment {number}: this is how it goes for us"
    book.properties.lastModifiedBy = "Bench Customer"
    returned = folder / "returned.xlsx"
    book.save(returned)
    return returned


def import_into(document: Document, path: Path) -> int:
    found = read_validation_workbook(path, document.workspace)
    intent = import_answers(
        document.workspace, found.answers, found.customer, found.source, found.answered_at
    )
    perform(document.history, intent)
    return len(found.answers)


def read_plain(path: Path) -> int:
    """Every row of the validation sheet as values, with plain openpyxl (read-only, cached values)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in book[SHEET_TITLE].iter_rows(values_only=True))
    finally:
        book.close()


def run(touchpoints: int, repeat: int) -> list[Result]:
    workspace = generate_workspace(touchpoints, 0, seed=1)
    folder = Path(tempfile.mkdtemp(prefix="jm-bench-feedback-"))
    try:
        returned = returned_workbook(workspace, touchpoints, folder)
        documents: list[Document] = []
        imported = measure(
            lambda: import_into(documents[-1], returned),
            repeat,
            setup=lambda: documents.append(Document(workspace.model_copy(deep=True))),
        )
        answers = len(documents[-1].workspace.feedback)
        again = measure(lambda: import_into(documents[-1], returned), repeat)
        assert len(documents[-1].workspace.feedback) == answers and len(documents[-1].history) == 1
        baseline = measure(lambda: read_plain(returned), repeat)
        at_size = touchpoints >= ISSUE_SIZE
        size = returned.stat().st_size / 1e6
        return [
            Result(
                f"import a returned workbook ({touchpoints:,} rows)",
                imported,
                BUDGET_MS if at_size else None,
                "openpyxl read-only, every row",
                baseline,
                note=(
                    f"{answers:,} answers added in one undo step, {size:.1f} MB file; "
                    f"{imported / baseline:.2f}x plain reading (budget: <= {BUDGET_MS / 1000:.0f} s)"
                ),
            ),
            Result(
                "import the same workbook again",
                again,
                None,
                note="nothing added, no undo step: only the reading",
            ),
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
