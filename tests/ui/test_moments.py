"""Moments of truth on the canvas, as first-class as cards: add, name, move, duplicate, delete, undo."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from journeymap_designer.ui.canvas.structure_menu import StructureMenu
from journeymap_designer.ui.shell.mainwindow import MainWindow

from .conftest import click, drag

CARD = "tp-acq-demo-request"  # in Acquisition
SMB = "seg-smb"


def _type_title(window: MainWindow, title: str) -> None:
    editor = window.view.editor
    assert editor.isVisible()
    editor.selectAll()
    QTest.keyClicks(editor, title)
    QTest.keyClick(editor, QKeySequence("Return")[0].key())


def _moments(window: MainWindow) -> dict[str, tuple[str, str, str]]:
    return {m.id: (m.title, str(m.kind), m.stage_id) for m in window.document.workspace.core.moments.values()}


def test_ctrl_m_adds_a_milestone_in_the_selected_cards_stage_titled_in_place(window: MainWindow) -> None:
    before = _moments(window)
    window.view.select(CARD)
    QTest.keySequence(window.view, QKeySequence("Ctrl+M"))
    _type_title(window, "Signed the order")
    added = {i: m for i, m in _moments(window).items() if i not in before}
    assert list(added.values()) == [("Signed the order", "success_milestone", "stage-acquisition")]
    moment_id = next(iter(added))
    assert moment_id in window.scene.moments  # drawn in its stage's band
    window.actions_.undo.trigger()  # the title
    window.actions_.undo.trigger()  # the moment
    assert _moments(window) == before


def test_a_double_click_in_the_moments_band_asks_the_kind_then_the_title(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    geometry = window.scene.layout.geometry
    stage = geometry.stages["stage-awareness"]
    band = geometry.moment_band
    before = _moments(window)

    def choose_risk() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        risk = next(a for a in menu.actions() if a.text() == "Risk")
        menu.close()
        risk.trigger()

    QTimer.singleShot(200, choose_risk)
    click(window.view, stage.x + 12, band.y + band.h / 2, double=True)
    qtbot.waitUntil(lambda: window.view.editor.isVisible())
    _type_title(window, "Champion goes quiet")
    added = [m for i, m in _moments(window).items() if i not in before]
    assert added == [("Champion goes quiet", "risk", "stage-awareness")]


def test_a_stage_header_menu_adds_each_kind(window: MainWindow) -> None:
    before = _moments(window)
    menu = StructureMenu(
        window.view,
        window.controller,
        "stage",
        "stage-renewal",
        window.view.start_rename,
        window.view.add_moment,
    )
    texts = [a.text() for a in menu.actions()]
    assert {"Add success milestone here", "Add risk here", "Add celebration here"} <= set(texts)
    next(a for a in menu.actions() if a.text() == "Add celebration here").trigger()
    _type_title(window, "Renewed early")
    added = [m for i, m in _moments(window).items() if i not in before]
    assert added == [("Renewed early", "celebration", "stage-renewal")]


def test_a_moment_is_dragged_to_another_stage_in_one_undo_step(window: MainWindow) -> None:
    moment_id = "mot-first-value"
    old_stage = window.document.workspace.core.moments[moment_id].stage_id
    geometry = window.scene.layout.geometry
    rect = geometry.moments[moment_id]
    target = next(s for s in window.scene.journey.ordered_stages() if s.id != old_stage)
    column = geometry.stages[target.id]
    drag(window.view, (rect.x + 10, rect.y + rect.h / 2), (column.x + column.w - 20, rect.y + rect.h / 2))
    assert window.document.workspace.core.moments[moment_id].stage_id == target.id
    assert window.document.history.undo_name.startswith("Move moment")
    window.actions_.undo.trigger()
    assert window.document.workspace.core.moments[moment_id].stage_id == old_stage
    assert window.scene.moments[moment_id].pos().x() == geometry.moments[moment_id].x


def test_ctrl_d_duplicates_a_moment_and_f2_renames_it(window: MainWindow) -> None:
    moment_id = "mot-first-value"
    rect = window.scene.layout.geometry.moments[moment_id]
    click(window.view, rect.x + 10, rect.y + rect.h / 2)
    assert window.view.selected_ids() == [moment_id]
    before = _moments(window)
    QTest.keySequence(window.view, QKeySequence("Ctrl+D"))
    copies = [i for i in _moments(window) if i not in before]
    assert len(copies) == 1 and _moments(window)[copies[0]][1:] == before[moment_id][1:]
    QTest.keyClick(window.view, QKeySequence("F2")[0].key())
    _type_title(window, "First value, again")
    assert _moments(window)[copies[0]][0] == "First value, again"


def test_in_a_segment_moments_stay_the_cores_and_say_so(window: MainWindow) -> None:
    window.controller.show_journey(SMB)
    moment_id = "mot-first-value"
    window.view.select(moment_id)
    messages: list[str] = []
    window.controller.message.connect(messages.append)
    QTest.keyClick(window.view, QKeySequence("Delete")[0].key())
    assert moment_id in window.document.workspace.core.moments
    assert messages[-1] == (
        "Moments of truth are shared by every segment: switch to the core journey to change them"
    )
    QTest.keySequence(window.view, QKeySequence("Ctrl+M"))
    assert messages[-1] == "Added to the core journey: moments of truth are shared by every segment"
