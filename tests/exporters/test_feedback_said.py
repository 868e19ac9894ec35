"""The team's deck and workbook gain "What customers said" once answers have come back; a customer's
files never do."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from pptx import Presentation

from exporters.feedback_said import said_rows, said_summary
from exporters.pptx import export_deck
from exporters.xlsx import export_workbook
from journeymap_designer.model.document import Document
from journeymap_designer.model.elements import Feedback, Verdict
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path


def answered() -> Workspace:
    workspace = Document.open(sample_path()).workspace
    card = workspace.core.touchpoints["tp-aw-peer-review"]
    answers = [
        Feedback(
            id="fb-a", element_id=card.id, verdict=Verdict.CONFIRMED, customer="Globex", step=card.title
        ),
        Feedback(
            id="fb-b",
            element_id=card.id,
            verdict=Verdict.NEEDS_CHANGE,
            comment="We ask on Reddit, not Slack",
            customer="Initech",
            answered_at="2026-11-30T10:00:00",
        ),
        Feedback(
            id="fb-c", verdict=Verdict.MISSING, step="A notarised questionnaire zz first", customer="Initech"
        ),
        Feedback(
            id="fb-d",
            element_id="tp-gone",
            verdict=Verdict.NEEDS_CHANGE,
            step="An old step",
            customer="Globex",
            resolved=True,
            resolution="Removed from the map",
        ),
    ]
    return workspace.model_copy(update={"feedback": {fb.id: fb for fb in answers}})


def test_rows_in_the_map_s_order_open_first_and_deleted_elements_keep_their_words() -> None:
    rows = said_rows(answered())
    assert [r.status for r in rows][-1] == "Resolved: Removed from the map"
    assert rows[-1].about == "An old step (no longer on the map)"
    assert {r.about for r in rows[:3]} == {
        "Reads peer reviews and asks peers",
        "A notarised questionnaire zz first",
    }
    assert said_summary(answered()) == "1 confirmed, 2 need a change, 1 missing, 1 resolved from 2 customers"


def test_the_team_s_deck_and_workbook_say_what_customers_said(tmp_path: Path) -> None:
    workspace = answered()
    export_deck(workspace, tmp_path / "team.pptx")
    slides = [s for s in Presentation(str(tmp_path / "team.pptx")).slides if s.shapes.title is not None]
    said = [s for s in slides if s.shapes.title.text.startswith("What customers said")]
    text = " ".join(sh.text_frame.text for s in said for sh in s.shapes if sh.has_text_frame)
    text += " ".join(
        c.text for s in said for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells
    )
    assert said and "We ask on Reddit, not Slack" in text and "Initech" in text
    export_workbook(workspace, tmp_path / "team.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "team.xlsx")["What customers said"]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "We ask on Reddit, not Slack" in values and "A notarised questionnaire zz first" in values


def test_a_customer_s_files_never_carry_answers(tmp_path: Path) -> None:
    workspace = answered()
    export_deck(workspace, tmp_path / "c.pptx", customer_view=True)
    export_workbook(workspace, tmp_path / "c.xlsx", customer_view=True)
    book = openpyxl.load_workbook(tmp_path / "c.xlsx")
    assert "What customers said" not in book.sheetnames
    values = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value)
    deck = " ".join(
        sh.text_frame.text
        for s in Presentation(str(tmp_path / "c.pptx")).slides
        for sh in s.shapes
        if sh.has_text_frame
    )
    for text in ("Reddit", "Initech", "Globex", "notarised questionnaire zz"):
        assert text not in values and text not in deck
