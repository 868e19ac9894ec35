"""File > Export in the app: a dialog, a worker thread behind a progress bar, the window never freezes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from journeymap_designer.model.document import Document
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.ui.dialogs.export import ALL_SEGMENTS, ExportDialog
from journeymap_designer.ui.shell.mainwindow import MainWindow


def _accept_with(monkeypatch: pytest.MonkeyPatch, out: Path, **choices: object) -> None:
    """The export dialog, answered as a user would: pick the journey, the file, press Export."""

    def exec_(dialog: ExportDialog) -> int:
        dialog.out.setText(str(out))
        if "journey" in choices:
            dialog.journey.setCurrentIndex(dialog.journey.findData(choices["journey"]))
        if choices.get("customer"):
            dialog.customer.setChecked(True)
        if "template" in choices:
            dialog.template.setText(str(choices["template"]))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", exec_)


def test_export_workbook_and_deck_from_the_file_menu(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    workbook = tmp_path / "playbooks.xlsx"
    _accept_with(monkeypatch, workbook, journey="seg-smb")
    window.actions_.export_workbook.trigger()
    qtbot.waitUntil(lambda: not window.exporter.running, timeout=30_000)
    assert "Exported to" in window.statusBar().currentMessage()
    sheets = openpyxl.load_workbook(workbook).sheetnames
    assert any("Touchpoints" in s for s in sheets)
    deck = tmp_path / "playbooks.pptx"
    _accept_with(monkeypatch, deck, customer=True)
    window.actions_.export_deck.trigger()
    qtbot.waitUntil(lambda: not window.exporter.running, timeout=30_000)
    assert len(Presentation(str(deck)).slides) > 5


def test_the_customer_workbook_from_the_file_menu_has_only_the_customer_s_sheets(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Ticking "For the customer" in the export dialog makes the customer's workbook: one journey."""
    out = tmp_path / "for customers.xlsx"
    _accept_with(monkeypatch, out, journey="seg-smb", customer=True)
    window.actions_.export_workbook.trigger()
    qtbot.waitUntil(lambda: not window.exporter.running, timeout=30_000)
    book = openpyxl.load_workbook(out)
    assert [s for s in book.sheetnames if s in ("Welcome", "Customer validation", "Your journey")] == [
        "Welcome",
        "Customer validation",
        "Your journey",
    ]
    assert not any("Touchpoints" in s or "Handoffs" in s or "Playbooks" in s for s in book.sheetnames)


def test_for_the_customer_leaves_one_journey_and_renames_the_file(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(window, window.controller, "xlsx")
    qtbot.addWidget(dialog)
    dialog.journey.setCurrentIndex(dialog.journey.findData(ALL_SEGMENTS))
    dialog.customer.click()
    assert dialog.journey.currentIndex() == 0 and "for customers.xlsx" in dialog.out.text()
    dialog.customer.click()
    assert "playbooks.xlsx" in dialog.out.text()


def test_the_window_keeps_working_while_a_big_export_runs_and_cancel_writes_nothing(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(Document(generate_workspace(3000, 6, seed=2)))
    window.show()
    qtbot.waitExposed(window)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    out = tmp_path / "big.xlsx"
    window.exporter.start(
        "xlsx", out, {"segments": [None, *window.document.workspace.segments], "template": None}
    )
    qtbot.waitUntil(lambda: not window.exporter.running, timeout=120_000)
    assert out.exists() and len(ticks) > 5  # the event loop ran all along
    out.unlink()
    window.exporter.start(
        "xlsx", out, {"segments": [None, *window.document.workspace.segments], "template": None}
    )
    assert window.exporter.progress is not None  # Cancel while it works, as a user would
    cancel = window.exporter.progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()
    qtbot.waitUntil(lambda: not window.exporter.running, timeout=60_000)
    assert not out.exists()
    assert "cancelled" in window.statusBar().currentMessage()
    timer.stop()
    window.document.history.set_clean()
    window.close()


def test_a_broken_template_gives_one_clear_message(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "corporate.pptx"
    bad.write_bytes(b"not a zip")
    out = tmp_path / "deck.pptx"
    _accept_with(monkeypatch, out, template=bad)
    shown: list[str] = []
    monkeypatch.setattr(window.exporter, "show_error", shown.append)
    window.actions_.export_deck.trigger()
    qtbot.waitUntil(lambda: not window.exporter.running, timeout=30_000)
    assert len(shown) == 1 and str(bad) in shown[0] and "not a zip" in shown[0]
    assert not out.exists()
    assert QMessageBox  # the real dialog is what show_error opens


def test_closing_the_window_during_an_export_cancels_it_cleanly(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(Document(generate_workspace(3000, 6, seed=2)))
    window.show()
    qtbot.waitExposed(window)
    out = tmp_path / "big.xlsx"
    window.exporter.start(
        "xlsx", out, {"segments": [None, *window.document.workspace.segments], "template": None}
    )
    window.document.history.set_clean()
    assert window.close()
    assert not out.exists() and not window.exporter.worker_thread.isRunning()  # type: ignore[union-attr]
