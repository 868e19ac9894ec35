"""The findings dock: it follows edits on a debounce, and a click on a finding goes to its element."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMainWindow, QTreeWidgetItem

from journeymap_designer.model import checks
from journeymap_designer.model.checks import check_journey, conflict_findings
from journeymap_designer.model.commands import AddElement, UpdateElement
from journeymap_designer.model.document import Document
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.canvas.scene import MapScene
from journeymap_designer.ui.canvas.view import MapView
from journeymap_designer.ui.docks import findings as findings_module
from journeymap_designer.ui.docks.findings import FindingsDock, summary_text
from journeymap_designer.ui.editing.controller import EditingController

CARD = "tp-acq-demo-request"  # a customer-lane card: its owner is named in owner_id
HANDOFF = "hof-csm-marketing--adv-case-study"


@dataclass
class Env:
    document: Document
    scene: MapScene
    view: MapView
    controller: EditingController
    dock: FindingsDock


@pytest.fixture
def env(qtbot) -> Iterator[Env]:  # type: ignore[no-untyped-def]
    document = Document.open(sample_path())
    window = QMainWindow()
    scene = MapScene(document, parent=window)
    controller = EditingController(document, window)
    scene.follow(controller)
    view = MapView(scene, controller)
    controller.reveal_requested.connect(lambda _kind, element_id, _note: view.reveal(element_id))
    window.setCentralWidget(view)
    dock = FindingsDock(controller, window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    yield Env(document, scene, view, controller, dock)
    scene.clearSelection()  # the scene goes before the view when the window is deleted
    scene.detach()


def click_row(env: Env, item: QTreeWidgetItem) -> None:
    tree = env.dock.tree
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    assert rect.isValid()
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )


def wait_for(qtbot, env: Env, code: str, element_id: str) -> QTreeWidgetItem:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: env.dock.item_for(code, element_id) is not None, timeout=3000)
    item = env.dock.item_for(code, element_id)
    assert item is not None
    return item


def test_the_sample_is_clean(env: Env) -> None:
    assert env.dock.findings == []
    assert env.dock.summary.text() == "No findings: the map passes every check"


def test_unowned_card_is_listed_and_a_click_selects_it(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.document.push(UpdateElement("touchpoint", CARD, {"owner_id": None}))
    assert env.dock.pending and env.dock.findings == []  # debounced: typing stays fast
    item = wait_for(qtbot, env, "unowned-touchpoint", CARD)
    assert env.dock.summary.text() == "1 error, 2 info"  # its two flows now change owner unannounced
    assert item.text(0) == "Error"
    assert item.text(1) == "Touchpoint: Requests a demo"
    assert "has no owner" in item.text(2)
    assert env.view.selected_ids() == []
    click_row(env, item)
    assert env.view.selected_ids() == [CARD]
    card = env.scene.cards[CARD]
    assert (
        env.view.viewport().rect().intersects(env.view.mapFromScene(card.sceneBoundingRect()).boundingRect())
    )
    env.document.history.undo()
    qtbot.waitUntil(lambda: env.dock.findings == [], timeout=3000)
    assert env.dock.tree.topLevelItemCount() == 0


def test_a_burst_of_edits_is_checked_once(env: Env, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return checks.check_journey(*args, **kwargs)

    monkeypatch.setattr(findings_module, "check_journey", counting)
    for title in ("R", "Re", "Req", "Requ", "Reque"):
        env.document.push(UpdateElement("touchpoint", CARD, {"title": title}))
    qtbot.waitUntil(lambda: not env.dock.pending, timeout=3000)
    assert len(calls) == 1


def test_handoff_finding_selects_its_flow(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.document.push(UpdateElement("handoff", HANDOFF, {"information": (), "artifacts": ()}))
    item = wait_for(qtbot, env, "handoff-no-information", HANDOFF)
    assert item.text(0) == "Warning"
    assert item.text(1) == "Handoff: Answers the NPS survey \u2192 Co-authored case study"
    click_row(env, item)
    flow_id = env.document.workspace.core.handoffs[HANDOFF].flow_id
    assert env.view.selected_ids() == [flow_id]


def test_stage_finding_clears_the_selection_and_names_the_stage(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.view.select(CARD)
    env.document.push(AddElement("stage", {"id": "stage-empty", "name": "Win-back", "order": 99}))
    item = wait_for(qtbot, env, "empty-stage", "stage-empty")
    assert item.text(1) == "Stage: Win-back"
    env.view.select(CARD)
    with qtbot.waitSignal(env.dock.element_activated) as activated:
        click_row(env, item)
    assert activated.args == [("stage", "stage-empty")]
    assert env.view.selected_ids() == []


def test_findings_follow_the_segment_shown(env: Env, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.document.push(UpdateElement("touchpoint", CARD, {"owner_id": None}, target="seg-smb"))
    qtbot.wait(400)
    assert env.dock.findings == []  # the core shown is still fine
    env.controller.show_journey("seg-smb")
    item = wait_for(qtbot, env, "unowned-touchpoint", CARD)
    assert env.dock.findings[0].segment == "seg-smb"
    click_row(env, item)
    assert env.view.selected_ids() == [CARD]


def test_summary_counts_each_severity() -> None:
    def finding(severity: checks.Severity) -> checks.Finding:
        return checks.Finding(severity, "code", "id", "message")

    errors = [finding(checks.Severity.ERROR)] * 2
    warnings = [finding(checks.Severity.WARNING)] * 5
    assert summary_text(errors + warnings) == "2 errors, 5 warnings"
    assert summary_text([*warnings[:1], finding(checks.Severity.INFO)]) == "1 warning, 1 info"


def test_customer_view_makes_no_false_findings(env: Env) -> None:
    # In the customer view the internal-only Product lane is left out, yet it still owns its cards.
    env.document.push(UpdateElement("lane", "lane-product", {"internal_only": True}))
    env.scene.set_customer_view(True)
    assert "lane-product" not in env.scene.journey.lanes
    env.dock.refresh()
    assert [f for f in env.dock.findings if f.code == "unowned-touchpoint"] == []


def test_a_large_map_is_checked_in_the_background_and_an_edit_restarts_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    """From BACKGROUND_FROM cards the check runs in turns between the event loop's: the list says
    it is checking, a timer keeps ticking, and an edit meanwhile gives the findings of the edited map."""
    document = Document(generate_workspace(findings_module.BACKGROUND_FROM + 200, 0, seed=3))
    window = QMainWindow()
    controller = EditingController(document, window)
    dock = FindingsDock(controller, window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    qtbot.addWidget(window)
    window.show()
    assert dock.pending and dock.summary.text().startswith("Checking the map")
    qtbot.waitUntil(lambda: not dock.pending, timeout=120_000)
    workspace = document.workspace
    expected = conflict_findings(workspace) + check_journey(workspace.core, workspace)
    assert sorted(f.message for f in dock.findings) == sorted(f.message for f in expected)

    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    customer_lane = next(i for i, lane in workspace.core.lanes.items() if lane.side == "customer")
    first, second = sorted(workspace.core.touchpoints)[:2]
    document.push(UpdateElement("touchpoint", first, {"lane_id": customer_lane, "owner_id": None}))
    qtbot.waitUntil(lambda: dock._checking is not None, timeout=10_000)  # debounced, then started
    document.push(UpdateElement("touchpoint", second, {"lane_id": customer_lane, "owner_id": None}))
    assert dock._checking is None  # the check of the map before this edit is dropped
    qtbot.waitUntil(lambda: not dock.pending, timeout=120_000)
    timer.stop()
    assert len(ticks) >= 10  # the event loop ran while checking
    unowned = {f.element_id for f in dock.findings if f.code == "unowned-touchpoint"}
    assert {first, second} <= unowned
    expected = conflict_findings(workspace) + check_journey(workspace.core, workspace)
    assert sorted(f.message for f in dock.findings) == sorted(f.message for f in expected)
