"""Brainstorming first, checks after: completeness warnings wait while cards are typed in quick entry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from journeymap_designer.model.checks import Severity
from journeymap_designer.ui.shell.mainwindow import MainWindow

from .test_canvas import _empty_cell


def test_warnings_wait_during_quick_entry_and_errors_do_not(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    controller, findings = window.controller, window.findings
    assert controller.add_stage() is not None  # an empty stage: a completeness warning
    findings.refresh()
    assert any(f.code == "empty-stage" for f in findings.findings)
    # An owner-less card in a customer lane is an error: it must show at once, even while typing.
    customer = next(lane.id for lane in window.scene.journey.ordered_lanes() if lane.side == "customer")
    card = controller.add_card("stage-awareness", customer, "Reads a review", None)
    assert card is not None and controller.set_field("touchpoint", card, "owner_id", None, None)

    stage_id, lane_id = _empty_cell(window)
    window.view.start_new_card(stage_id, lane_id)
    assert controller.brainstorming
    qtbot.waitUntil(lambda: findings.held > 0)
    assert all(f.severity == Severity.ERROR for f in findings.findings)
    assert any(f.code == "unowned-touchpoint" for f in findings.findings)
    assert window.held_checks.isVisible() and "wait until you stop typing" in window.held_checks.text()
    QTest.keyClicks(window.view.editor, "Kickoff call")
    QTest.keyClick(window.view.editor, Qt.Key.Key_Return)  # the next card opens: still brainstorming
    assert controller.brainstorming
    QTest.keyClick(window.view.editor, Qt.Key.Key_Escape)
    assert not controller.brainstorming
    qtbot.waitUntil(lambda: findings.held == 0)
    assert any(f.code == "empty-stage" for f in findings.findings)
    assert not window.held_checks.isVisible()
