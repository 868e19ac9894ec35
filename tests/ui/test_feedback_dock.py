"""Customers' answers in the window: the Feedback panel (listing, filters, click to the element,
resolve and reopen with undo) and the badges on cards and moments (appearing, changing and going
away with resolve and undo, never redrawing the map, never covering text)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QTreeWidgetItem

from journeymap_designer.model.commands import AddElement
from journeymap_designer.model.document import Document
from journeymap_designer.model.edits import Command
from journeymap_designer.ui.canvas.clearance import measure
from journeymap_designer.ui.canvas.scene import MapScene
from journeymap_designer.ui.shell.mainwindow import MainWindow

CARD, OTHER_CARD, MOMENT = "tp-acq-demo-request", "tp-acq-free-trial", "mot-first-value"
SMB_CARD = "tp-smb-onb-setup-webinar"  # a card only the SMB segment has


def answer(fid: str, element: str | None, verdict: str, customer: str = "Acme", **extra: object) -> dict:  # type: ignore[type-arg]
    return {
        "id": fid,
        "element_id": element,
        "verdict": verdict,
        "customer": customer,
        "answered_at": "2025-03-04T10:00:00",
        **extra,
    }


def add_answers(window: MainWindow, *answers: dict) -> None:  # type: ignore[type-arg]
    def steps() -> Iterator[Command]:
        for data in answers:
            yield AddElement("feedback", data)

    assert window.controller.macro("Add answers", steps)


def click_row(window: MainWindow, item: QTreeWidgetItem, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    tree = window.feedback.tree
    tree.scrollToItem(item)
    rect = tree.visualRect(tree.indexFromItem(item, 0))  # its first cell: the row may be wider than the panel
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


@pytest.fixture
def answered(window: MainWindow) -> MainWindow:
    window.feedback.show()
    window.feedback.raise_()
    add_answers(
        window,
        answer("fb-1", CARD, "needs_change", comment="We never got the confirmation email"),
        answer("fb-2", CARD, "confirmed", customer="Globex"),
        answer("fb-3", MOMENT, "confirmed"),
        answer("fb-4", None, "missing", customer="Globex", step="Asks a reseller for a quote"),
        answer("fb-5", SMB_CARD, "needs_change", customer="Globex", segment_id="seg-smb"),
    )
    return window


def test_the_panel_lists_every_answer_and_filters_by_verdict_and_customer(answered: MainWindow) -> None:
    dock = answered.feedback
    assert dock.tree.topLevelItemCount() == 5
    assert "5 open of 5 answers from 2 customers" in dock.summary.text()
    added = dock.item_for("fb-4")
    assert added is not None and "Asks a reseller for a quote" in added.text(0)  # a step the customer added
    first = dock.item_for("fb-1")
    assert first is not None and first.text(0) == "Requests a demo" and first.text(2) == "Needs change"
    assert first.text(3) == "We never got the confirmation email" and first.text(6) == "Open"
    dock.verdict_filter.setCurrentIndex(dock.verdict_filter.findData("needs_change"))
    assert {dock.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) for i in range(2)} == {"fb-1", "fb-5"}  # type: ignore[union-attr]
    assert dock.tree.topLevelItemCount() == 2
    dock.customer_filter.setCurrentIndex(dock.customer_filter.findData("Globex"))
    assert dock.tree.topLevelItemCount() == 1 and dock.item_for("fb-5") is not None
    dock.verdict_filter.setCurrentIndex(0)
    assert dock.tree.topLevelItemCount() == 3


def test_a_click_on_an_answer_selects_its_element_on_the_map(answered: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dock = answered.feedback
    click_row(answered, dock.item_for("fb-3"))  # type: ignore[arg-type]
    assert answered.view.selected_ids("moment") == [MOMENT]
    click_row(answered, dock.item_for("fb-1"))  # type: ignore[arg-type]
    assert answered.view.selected_ids("touchpoint") == [CARD]
    click_row(answered, dock.item_for("fb-5"))  # type: ignore[arg-type]
    assert answered.controller.segment_id == "seg-smb"  # the segment whose card it is comes up
    assert answered.view.selected_ids("touchpoint") == [SMB_CARD]
    click_row(answered, dock.item_for("fb-4"))  # type: ignore[arg-type]
    assert "A step the customer added is not on the map yet" in answered.statusBar().currentMessage()


def test_resolve_with_a_note_then_undo_redo_and_reopen(
    answered: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dock, scene = answered.feedback, answered.scene
    card_item = scene.cards[CARD]
    state = scene.badge_state(CARD)
    assert state is not None and state.count == 2 and state.serious and "confirmation email" in state.tooltip
    moment_state = scene.badge_state(MOMENT)
    assert moment_state is not None and moment_state.count == 1 and not moment_state.serious
    assert scene.badge_state(OTHER_CARD) is None

    asked: list[str] = []

    def get_text(*args: object, **kwargs: object) -> tuple[str, bool]:
        asked.append(str(args[2]))
        return "  Email template fixed  ", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    click_row(answered, dock.item_for("fb-1"))  # type: ignore[arg-type]
    assert dock.resolve_button.isEnabled() and not dock.reopen_button.isEnabled()
    dock.resolve_button.click()
    assert asked and answered.document.workspace.feedback["fb-1"].resolved
    assert answered.document.workspace.feedback["fb-1"].resolution == "Email template fixed"
    item = dock.item_for("fb-1")
    assert item is not None and item.text(6) == "Resolved: Email template fixed"
    state = scene.badge_state(CARD)
    assert state is not None and state.count == 1 and not state.serious  # Globex's confirmation is left
    assert scene.cards[CARD] is card_item  # the card was not drawn again

    answered.actions_.undo.trigger()
    assert not answered.document.workspace.feedback["fb-1"].resolved
    assert scene.badge_state(CARD).count == 2  # type: ignore[union-attr]
    assert dock.item_for("fb-1").text(6) == "Open"  # type: ignore[union-attr]
    answered.actions_.redo.trigger()
    assert answered.document.workspace.feedback["fb-1"].resolved

    click_row(answered, dock.item_for("fb-2"))  # type: ignore[arg-type]
    dock.resolve_button.click()
    assert scene.badge_state(CARD) is None  # every answer on it handled: the badge goes
    click_row(answered, dock.item_for("fb-1"))  # type: ignore[arg-type]
    assert dock.reopen_button.isEnabled() and not dock.resolve_button.isEnabled()
    dock.reopen_button.click()
    assert not answered.document.workspace.feedback["fb-1"].resolution
    assert scene.badge_state(CARD).serious  # type: ignore[union-attr]
    assert scene.cards[CARD] is card_item
    dock.show_resolved.click()
    assert dock.item_for("fb-2") is None and dock.item_for("fb-1") is not None


def test_edit_element_selects_it_for_the_inspector(answered: MainWindow) -> None:
    dock = answered.feedback
    click_row(answered, dock.item_for("fb-4"))  # type: ignore[arg-type]
    assert not dock.edit_button.isEnabled()  # a step the customer added is not on the map yet
    answered.view.select(None)
    click_row(answered, dock.item_for("fb-1"))  # type: ignore[arg-type]
    answered.view.select(None)
    dock.edit_button.click()
    assert answered.view.selected_ids("touchpoint") == [CARD]
    assert answered.inspector.isVisible()


def test_badges_come_and_go_with_the_answers_and_their_undo(window: MainWindow) -> None:
    scene = window.scene
    add_answers(window, answer("fb-a", OTHER_CARD, "confirmed"))
    state = scene.badge_state(OTHER_CARD)
    assert state is not None and state.text.endswith("1") and not state.serious
    add_answers(window, answer("fb-b", OTHER_CARD, "missing", customer="Initech"))
    assert scene.badge_state(OTHER_CARD).serious and scene.badge_state(OTHER_CARD).count == 2  # type: ignore[union-attr]
    window.actions_.undo.trigger()
    assert not scene.badge_state(OTHER_CARD).serious  # type: ignore[union-attr]
    window.actions_.undo.trigger()
    assert scene.badge_state(OTHER_CARD) is None
    window.actions_.redo.trigger()
    assert scene.badge_state(OTHER_CARD) is not None
    window.actions_.customer_view.trigger()  # answers are the team's: the customer view shows none
    assert scene.badge_state(OTHER_CARD) is None
    window.actions_.customer_view.trigger()
    assert scene.badge_state(OTHER_CARD) is not None
    image = MapScene(window.document)  # what File > Export Image and journeymap render draw: no badges
    assert image.badge_state(OTHER_CARD) is None
    image.detach()


def _answer_everything(document: Document) -> None:
    """Two answers (one open change) on every card and moment of every journey of a map."""
    workspace = document.workspace
    ids = [*workspace.core.touchpoints, *workspace.core.moments]
    ids += [t for s in workspace.segments.values() for t in s.added.touchpoints]
    for n, element_id in enumerate(ids):
        for verdict in ("needs_change", "confirmed"):
            document.history.push(AddElement("feedback", answer(f"fb-{n}-{verdict}", element_id, verdict)))


def test_badges_cover_no_text_label_or_other_badge_on_any_bundled_map(qapp) -> None:  # type: ignore[no-untyped-def]
    from journeymap_designer.model.generate import generate_workspace
    from journeymap_designer.starter import sample_path, template_names, template_path

    documents = [Document.open(sample_path()), *(Document.open(template_path(n)) for n in template_names())]
    documents.append(Document(generate_workspace(120, 3, seed=5)))
    for document in documents:
        _answer_everything(document)
        scene = MapScene(document)
        scene.set_feedback_shown(True)
        for segment in [None, *document.workspace.segments]:
            scene.show_segment(segment)
            for compare in (False, True):
                scene.set_compare(compare)
                found = measure(scene)
                assert all(scene.badge_state(card) is not None for card in scene.cards)
                assert found.clean, f"{document.workspace.name} / {segment} / {compare}: {found.summary()}"
            scene.set_compare(False)
        scene.detach()


def test_the_measure_sees_a_badge_over_a_title(qapp) -> None:  # type: ignore[no-untyped-def]
    from journeymap_designer.starter import sample_path
    from journeymap_designer.ui.canvas.badges import badge_of

    document = Document.open(sample_path())
    document.history.push(AddElement("feedback", answer("fb-x", CARD, "missing")))
    scene = MapScene(document)
    scene.set_feedback_shown(True)
    assert measure(scene).clean
    badge = badge_of(scene.cards[CARD])
    assert badge is not None
    badge.setPos(-60, -40)  # moved up over the title, as a careless layout would
    assert (CARD, f"text of {CARD} #0") in measure(scene).badges_over_content
    scene.detach()


def test_an_answer_on_a_deleted_card_keeps_its_wording_and_comes_back_with_undo(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    add_answers(window, answer("fb-d", OTHER_CARD, "needs_change", step="Starts a 14-day free trial"))
    assert window.controller.delete([("touchpoint", OTHER_CARD)], None)

    def wording() -> str:
        item = window.feedback.item_for("fb-d")
        return item.text(0) if item is not None else ""

    qtbot.waitUntil(
        lambda: wording() == "Not on the map now: Starts a 14-day free trial"
    )  # after the debounce
    assert window.scene.badge_state(OTHER_CARD) is None
    window.actions_.undo.trigger()
    assert window.scene.badge_state(OTHER_CARD) is not None  # the card drawn again carries its badge
    qtbot.waitUntil(lambda: wording() == "Starts a 14-day free trial")
