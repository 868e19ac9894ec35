"""Issue 11's done-when, end to end: the customer's workbook, answered and saved by LibreOffice, comes
back through File > Import Customer Feedback…, shows on the map and in the Feedback panel, and an
answer is resolved and the resolution undone.

The answers are written into the sent workbook, then LibreOffice (headless) opens and saves it as
Calc saves an .xlsx: its own shared strings, styles and column records, the hidden id column as
LibreOffice keeps it. That is the file a customer on LibreOffice sends back.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QInputDialog

from exporters.xlsx import export_workbook
from journeymap_designer.ui.shell.mainwindow import MainWindow
from tests.exporters.libreoffice import convert, needs_libreoffice
from tests.exporters.validation_helpers import fill

from .test_feedback_dock import click_row
from .test_feedback_import import Dialogs

CARD, MOMENT = "tp-acq-demo-request", "mot-first-value"


@pytest.mark.slow
@needs_libreoffice
def test_a_workbook_answered_and_saved_by_libreoffice_comes_back_into_the_map(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = tmp_path / "sent" / "for customers.xlsx"
    sent.parent.mkdir()
    export_workbook(window.document.workspace, sent, customer_view=True)
    (tmp_path / "typed").mkdir()
    typed = fill(
        sent,
        tmp_path / "typed" / "Globex answers.xlsx",
        {CARD: ("Needs change", "We asked for the demo by phone"), MOMENT: ("Confirmed", "")},
        added=[{"Step": "Procurement asks for a reseller quote", "Your answer": "Missing something"}],
        who="Globex",
    )
    back = tmp_path / "back"
    back.mkdir()
    returned = convert(typed, "xlsx:Calc MS Excel 2007 XML", back)
    with zipfile.ZipFile(returned) as saved:
        assert b"LibreOffice" in saved.read("docProps/app.xml")  # saved by LibreOffice, not by us
    assert openpyxl.load_workbook(returned)["Customer validation"].max_row > 10

    Dialogs(monkeypatch, returned, name="Globex")
    window.actions_.import_feedback.trigger()
    answers = window.document.workspace.feedback
    assert {(f.element_id, f.verdict) for f in answers.values()} == {
        (CARD, "needs_change"),
        (MOMENT, "confirmed"),
        (None, "missing"),
    }
    assert all(f.customer == "Globex" for f in answers.values())
    state = window.scene.badge_state(CARD)  # on the map
    assert state is not None and state.count == 1 and state.serious
    dock = window.feedback  # in the panel
    card_answer = next(f.id for f in answers.values() if f.element_id == CARD)
    item = dock.item_for(card_answer)
    assert item is not None and "We asked for the demo by phone" in " ".join(item.text(c) for c in range(8))

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Demo by phone added to the map", True))
    click_row(window, item)
    dock.resolve_button.click()
    assert window.document.workspace.feedback[card_answer].resolved
    assert window.scene.badge_state(CARD) is None
    window.actions_.undo.trigger()
    assert not window.document.workspace.feedback[card_answer].resolved
    assert window.scene.badge_state(CARD) is not None
    window.actions_.undo.trigger()  # and the import itself is one step
    assert window.document.workspace.feedback == {}
    window.document.history.set_clean()
