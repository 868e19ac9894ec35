"""The differences dock on the sample: a segment's differences, conflicts settled, reset and promote.

Driven through the real widgets: the segment box, clicks on the list's rows and on the dock's
buttons, the conflict dialog's editor and OK button, the Undo action.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QTreeWidgetItem,
)
from pytestqt.qtbot import QtBot

from journeymap_designer.model.commands import UpdateElement
from journeymap_designer.model.document import Document
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.workspace import SEGMENT_KINDS
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.docks.diff_dock import EMPTY_CORE, DiffDock
from journeymap_designer.ui.docks.diff_rows import ROLE_ROW
from journeymap_designer.ui.shell.mainwindow import MainWindow

from .conftest import SCREENSHOTS

SMB = "seg-smb"
ENTERPRISE = "seg-enterprise"
KICKOFF = "tp-onb-kickoff-call"  # SMB overrides its title, description, channel and timing
PROPOSAL = "tp-pur-proposal"  # SMB overrides its title
QBR = "tp-adp-qbr"  # hidden in SMB
WEBINAR = "tp-smb-onb-setup-webinar"  # SMB's own card
SMB_KICKOFF_TITLE = "30-minute kickoff video call"


# -- driving the window -----------------------------------------------------------------------------


def show_segment(qtbot: QtBot, window: MainWindow, segment_id: str | None) -> DiffDock:
    """Switch the map with the toolbar's segment box and wait for the dock to follow."""
    box = window.segment_box
    box.setCurrentIndex(box.findData(segment_id) if segment_id else 0)
    assert window.scene.segment_id == segment_id
    return settled(qtbot, window)


def settled(qtbot: QtBot, window: MainWindow) -> DiffDock:
    dock = window.diff_dock
    dock.raise_()
    qtbot.waitUntil(lambda: dock.isVisible() and not dock.pending, timeout=3000)
    return dock


def click_row(dock: DiffDock, item: QTreeWidgetItem | None, key: bool = False) -> None:
    assert item is not None
    tree = dock.tree
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    assert rect.isValid()
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )
    if key:
        QTest.keyClick(tree, Qt.Key.Key_Return)


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def listed(dock: DiffDock) -> dict[str, set[str]]:
    """Element ids per status, read from the rows of the list widget (not from the dock's model)."""
    found: dict[str, set[str]] = {}
    stack = [dock.tree.topLevelItem(i) for i in range(dock.tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        row = item.data(0, ROLE_ROW)
        if row.role == "element":
            found.setdefault(row.status, set()).add(row.element_id)
        elif row.role == "conflict" and item.parent() is not None and item.parent().parent() is None:
            found.setdefault("conflict", set()).add(f"{row.element_id}.{row.field}")
        stack += [item.child(i) for i in range(item.childCount())]
    return found


def selected_on_map(window: MainWindow) -> list[str]:
    return [getattr(i, "element_id", None) for i in window.scene.selectedItems()]


def in_segment(window: MainWindow, card_id: str, segment_id: str = SMB) -> bool:
    return card_id in resolve(window.document.workspace, segment_id).touchpoints


def shown_title(window: MainWindow, card_id: str) -> str:
    return window.scene.journey.touchpoints[card_id].title


def undo(qtbot: QtBot, window: MainWindow) -> DiffDock:
    window.actions_.undo.trigger()
    return settled(qtbot, window)


def core_edit(window: MainWindow, card_id: str, changes: dict[str, object]) -> None:
    assert window.controller.push(UpdateElement("touchpoint", card_id, changes, None))


# -- the list ---------------------------------------------------------------------------------------


def test_the_core_shown_against_the_core_says_what_to_do(qtbot: QtBot, window: MainWindow) -> None:
    dock = show_segment(qtbot, window, None)
    assert dock.stack.currentWidget() is dock.empty
    assert dock.empty.text() == EMPTY_CORE
    assert dock.against.currentText() == "Core journey"


def test_smb_lists_exactly_its_differences_and_a_click_selects_the_card(
    qtbot: QtBot, window: MainWindow
) -> None:
    workspace = window.document.workspace
    segment = workspace.segments[SMB]
    core = workspace.core
    # Expected from the segment's own record: a hidden card takes its flows and their handoffs along.
    gone_flows = {f.id for f in core.flows.values() if {f.id, f.source, f.target} & segment.hidden}
    hidden = (segment.hidden & set(core.touchpoints)) | gone_flows
    hidden |= {h.id for h in core.handoffs.values() if h.flow_id in gone_flows or h.id in segment.hidden}
    changed = {i for kind in SEGMENT_KINDS for i in getattr(segment.changed, kind.collection)} - hidden
    added = {i for kind in SEGMENT_KINDS for i in getattr(segment.added, kind.collection)}

    dock = show_segment(qtbot, window, SMB)
    assert dock.stack.currentWidget() is dock.tree
    assert listed(dock) == {"changed": changed, "added": added, "hidden": hidden}
    groups = [dock.tree.topLevelItem(i).text(0) for i in range(dock.tree.topLevelItemCount())]
    assert groups == [f"Changed ({len(changed)})", f"Added ({len(added)})", f"Hidden ({len(hidden)})"]
    assert "SMB against the core" in dock.summary.text()
    row = dock.item_for(PROPOSAL, "changed")
    assert row is not None and row.text(1) == "3 fields: title, description, timing"
    assert (row.child(0).text(0), row.child(0).text(1)) == (
        "Title",
        "\u201cProposal and mutual action plan\u201d \u2192 \u201cQuote with click-through terms\u201d",
    )

    qbr = dock.item_for(QBR, "hidden")  # what goes with a hidden card is listed under it
    assert qbr is not None
    under = {qbr.child(i).data(0, ROLE_ROW).element_id for i in range(qbr.childCount())}
    assert under == {f.id for f in core.flows.values() if QBR in (f.source, f.target)}

    window.view.select(None)
    assert not dock.reset_button.isEnabled()
    click_row(dock, dock.item_for(KICKOFF, "changed"))
    assert selected_on_map(window) == [KICKOFF]
    assert dock.reset_button.isEnabled() and dock.promote_button.isEnabled()


def test_enter_on_a_playbook_selects_its_moment(qtbot: QtBot, window: MainWindow) -> None:
    dock = show_segment(qtbot, window, SMB)
    window.view.select(None)
    click_row(dock, dock.item_for("pb-kickoff", "changed"), key=True)
    moment = window.document.workspace.core.playbooks["pb-kickoff"].moment_id
    assert moment and selected_on_map(window) == [moment]


def test_a_hidden_card_turns_on_compare_mode_and_selects_its_ghost(qtbot: QtBot, window: MainWindow) -> None:
    dock = show_segment(qtbot, window, SMB)
    assert not window.actions_.compare.isChecked() and QBR not in window.scene.cards
    click_row(dock, dock.item_for(QBR, "hidden"))
    assert window.actions_.compare.isChecked()
    assert window.scene.is_ghost(QBR) and selected_on_map(window) == [QBR]
    reset = window.diff_dock.actions_.reset_action
    assert reset.isEnabled()  # Segment > Reset to Core shows the ghost's card again
    reset.trigger()
    assert in_segment(window, QBR) and not window.scene.is_ghost(QBR)
    undo(qtbot, window)
    assert not in_segment(window, QBR) and window.scene.is_ghost(QBR)


def test_the_list_follows_edits_on_a_debounce(qtbot: QtBot, window: MainWindow) -> None:
    dock = show_segment(qtbot, window, SMB)
    assert dock.item_for("tp-onb-first-dashboard") is None
    for text in ("F", "Fi", "First dashboard, SMB style"):
        assert window.controller.push(
            UpdateElement("touchpoint", "tp-onb-first-dashboard", {"title": text}, SMB)
        )
    assert dock.pending  # typing never waits for the list
    dock = settled(qtbot, window)
    row = dock.item_for("tp-onb-first-dashboard", "changed")
    assert row is not None and "First dashboard, SMB style" in row.text(1)


def test_a_dock_behind_another_tab_catches_up_when_shown(qtbot: QtBot, window: MainWindow) -> None:
    dock = show_segment(qtbot, window, SMB)
    window.findings.raise_()
    qtbot.waitUntil(lambda: dock.visibleRegion().isEmpty())
    assert window.controller.push(
        UpdateElement("touchpoint", "tp-onb-first-dashboard", {"title": "Live"}, SMB)
    )
    qtbot.waitUntil(lambda: not dock.pending)
    assert dock.item_for("tp-onb-first-dashboard") is None  # not recomputed while unseen
    dock = settled(qtbot, window)
    assert dock.item_for("tp-onb-first-dashboard", "changed") is not None


def test_a_new_document_is_followed(qtbot: QtBot, window: MainWindow) -> None:
    show_segment(qtbot, window, SMB)
    assert window.new_document("blank")
    dock = settled(qtbot, window)
    assert dock.empty.text() == EMPTY_CORE
    assert dock.against.itemText(0) == "Core journey"


# -- conflicts ----------------------------------------------------------------------------------------


def test_keep_mine_take_cores_and_edit_settle_a_conflict(qtbot: QtBot, window: MainWindow) -> None:
    show_segment(qtbot, window, None)
    core_edit(window, KICKOFF, {"title": "Kickoff call with the sponsor"})
    dock = show_segment(qtbot, window, SMB)
    assert listed(dock)["conflict"] == {f"{KICKOFF}.title"}
    assert dock.tree.topLevelItem(0).text(0) == "Conflicts (1)"  # conflicts come first
    values = dock.conflict_item(KICKOFF, "title")
    assert values is not None and [values.child(i).text(1) for i in range(3)] == [
        "\u201cKickoff call\u201d",
        "\u201cKickoff call with the sponsor\u201d",
        f"\u201c{SMB_KICKOFF_TITLE}\u201d",
    ]
    assert not dock.keep_button.isEnabled()

    click_row(dock, dock.conflict_item(KICKOFF, "title"))
    click(qtbot, dock.keep_button)
    assert dock.conflict_item(KICKOFF, "title") is None
    assert shown_title(window, KICKOFF) == SMB_KICKOFF_TITLE
    assert window.statusBar().currentMessage().startswith("Kept SMB's title")
    dock = undo(qtbot, window)
    assert dock.conflict_item(KICKOFF, "title") is not None

    click_row(dock, dock.conflict_item(KICKOFF, "title"))
    click(qtbot, dock.core_button)
    assert shown_title(window, KICKOFF) == "Kickoff call with the sponsor"
    assert dock.conflict_item(KICKOFF, "title") is None
    dock = undo(qtbot, window)
    assert shown_title(window, KICKOFF) == SMB_KICKOFF_TITLE

    click_row(dock, dock.conflict_item(KICKOFF, "title").child(1))  # a value row acts on its conflict
    click(qtbot, dock.edit_button)
    dialog = dock.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.findChild(QLabel, "value-1").text() == "Kickoff call with the sponsor"
    editor = dialog.editor
    assert isinstance(editor, QLineEdit) and editor.text() == SMB_KICKOFF_TITLE  # prefilled with mine
    editor.clear()
    QTest.keyClicks(editor, "Kickoff call with the champion")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.conflict_dialog is None)
    assert shown_title(window, KICKOFF) == "Kickoff call with the champion"
    assert dock.conflict_item(KICKOFF, "title") is None
    assert window.document.workspace.core.touchpoints[KICKOFF].title == "Kickoff call with the sponsor"


def test_an_edited_result_that_is_refused_keeps_the_dialog_open(qtbot: QtBot, window: MainWindow) -> None:
    core_edit(window, KICKOFF, {"title": "Kickoff call with the sponsor"})
    dock = show_segment(qtbot, window, SMB)
    click_row(dock, dock.conflict_item(KICKOFF, "title"))
    click(qtbot, dock.edit_button)
    dialog = dock.conflict_dialog
    assert dialog is not None
    dialog.editor.clear()  # a title cannot be empty
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == "Title cannot be empty"
    assert shown_title(window, KICKOFF) == SMB_KICKOFF_TITLE
    qtbot.mouseClick(dialog.findChild(QToolButton, "use-1"), Qt.MouseButton.LeftButton)  # the core's
    assert dialog.editor.text() == "Kickoff call with the sponsor"
    dialog.reject()
    assert dock.conflict_dialog is None and shown_title(window, KICKOFF) == SMB_KICKOFF_TITLE


def test_a_list_field_is_edited_one_item_per_line(qtbot: QtBot, window: MainWindow) -> None:
    card = "tp-onb-data-connection"  # SMB overrides its pain points
    core_edit(window, card, {"pain_points": ("VPN access takes a week",)})
    dock = show_segment(qtbot, window, SMB)
    click_row(dock, dock.conflict_item(card, "pain_points"))
    click(qtbot, dock.edit_button)
    dialog = dock.conflict_dialog
    assert dialog is not None and isinstance(dialog.editor, QPlainTextEdit)
    dialog.editor.setPlainText("Spreadsheets change shape\n\nVPN access takes a week\n")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert window.scene.journey.touchpoints[card].pain_points == (
        "Spreadsheets change shape",
        "VPN access takes a week",
    )
    assert dock.conflict_dialog is None and dock.conflict_item(card, "pain_points") is None


def test_the_context_menu_offers_the_actions_of_the_row(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    core_edit(window, KICKOFF, {"title": "Kickoff call with the sponsor"})
    dock = show_segment(qtbot, window, SMB)
    item = dock.conflict_item(KICKOFF, "title")
    assert item is not None
    dock.tree.scrollToItem(item)
    menu = dock.actions_.build_context_menu(dock.tree.visualItemRect(item).center())
    offered = {a.text(): a for a in menu.actions()}
    assert dock.tree.currentItem() is item  # a right click makes the row current first
    assert offered["Keep mine"].isEnabled() and not offered["Reset to core"].isEnabled()
    offered["Keep mine"].trigger()
    assert dock.conflict_item(KICKOFF, "title") is None


# -- reset and promote ------------------------------------------------------------------------------


def test_reset_to_core_per_element_and_undo(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = window.document.workspace.core
    dock = show_segment(qtbot, window, SMB)
    click_row(dock, dock.item_for(PROPOSAL, "changed"))
    click(qtbot, dock.reset_button)
    assert shown_title(window, PROPOSAL) == core.touchpoints[PROPOSAL].title
    assert dock.item_for(PROPOSAL) is None
    dock = undo(qtbot, window)
    assert shown_title(window, PROPOSAL) == "Quote with click-through terms"

    click_row(dock, dock.item_for(QBR, "hidden"))  # a hidden card is shown again
    click(qtbot, dock.reset_button)
    assert in_segment(window, QBR) and not window.scene.is_ghost(QBR) and dock.item_for(QBR) is None
    dock = undo(qtbot, window)
    assert not in_segment(window, QBR) and dock.item_for(QBR, "hidden") is not None

    answers: list[bool] = [False, True]
    monkeypatch.setattr(dock, "confirm", lambda _title, _text: answers.pop(0))
    click_row(dock, dock.item_for(WEBINAR, "added"))  # the segment's own card: removed after a yes
    click(qtbot, dock.reset_button)
    assert in_segment(window, WEBINAR) and answers == [True]
    click(qtbot, dock.reset_button)
    assert not in_segment(window, WEBINAR) and WEBINAR not in window.scene.cards
    assert dock.item_for(WEBINAR) is None
    undo(qtbot, window)
    assert in_segment(window, WEBINAR) and WEBINAR in window.scene.cards


def test_promote_to_core_reaches_every_segment_and_undoes(qtbot: QtBot, window: MainWindow) -> None:
    workspace = window.document.workspace
    dock = show_segment(qtbot, window, SMB)
    click_row(dock, dock.item_for(PROPOSAL, "changed"))
    click(qtbot, dock.promote_button)
    assert workspace.core.touchpoints[PROPOSAL].title == "Quote with click-through terms"
    assert window.statusBar().currentMessage() == (
        "Promoted \u201cQuote with click-through terms\u201d to the core: every segment now sees it"
    )
    assert dock.item_for(PROPOSAL) is None
    dock = show_segment(qtbot, window, ENTERPRISE)
    assert shown_title(window, PROPOSAL) == "Quote with click-through terms"
    undo(qtbot, window)
    assert workspace.core.touchpoints[PROPOSAL].title == "Proposal and mutual action plan"


def test_promote_all_asks_first(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    dock = show_segment(qtbot, window, SMB)
    asked: list[str] = []
    monkeypatch.setattr(dock, "confirm", lambda title, _text: asked.append(title) or True)
    click(qtbot, dock.promote_all_button)
    dock = settled(qtbot, window)
    assert asked == ["Promote all changes to the core"]
    assert dock.stack.currentWidget() is dock.empty and dock.empty.text().startswith("No differences")
    assert WEBINAR in window.document.workspace.core.touchpoints
    dock = undo(qtbot, window)
    assert dock.item_for(WEBINAR, "added") is not None


def test_segment_menu_acts_on_the_map_selection(qtbot: QtBot, window: MainWindow) -> None:
    actions = window.diff_dock.actions_
    show_segment(qtbot, window, None)
    window.view.select(KICKOFF)
    assert not actions.reset_action.isEnabled() and not actions.promote_action.isEnabled()
    show_segment(qtbot, window, SMB)
    window.view.select("tp-onb-first-dashboard")  # not changed by SMB
    assert not actions.reset_action.isEnabled()
    window.view.select(KICKOFF)
    assert actions.reset_action.isEnabled() and actions.promote_action.isEnabled()
    actions.reset_action.trigger()
    assert shown_title(window, KICKOFF) == window.document.workspace.core.touchpoints[KICKOFF].title
    undo(qtbot, window)
    window.view.select(KICKOFF)
    actions.promote_action.trigger()
    assert window.document.workspace.core.touchpoints[KICKOFF].title == SMB_KICKOFF_TITLE
    undo(qtbot, window)
    assert window.document.workspace.core.touchpoints[KICKOFF].title == "Kickoff call"


# -- other references -------------------------------------------------------------------------------


def test_against_the_last_saved_version_shows_an_unsaved_edit(qtbot: QtBot, window: MainWindow) -> None:
    dock = show_segment(qtbot, window, None)
    core_edit(window, PROPOSAL, {"title": "Proposal, unsaved"})
    dock.against.setCurrentIndex(dock.against.findData("saved"))
    dock = settled(qtbot, window)
    assert listed(dock) == {"changed": {PROPOSAL}}
    assert dock.item_for(PROPOSAL).text(1) == (  # type: ignore[union-attr]
        "Title: \u201cProposal and mutual action plan\u201d \u2192 \u201cProposal, unsaved\u201d"
    )
    dock = show_segment(qtbot, window, SMB)  # SMB keeps its own title, but the core's edit conflicts
    assert dock.against.currentText() == "Last saved version"
    assert listed(dock) == {"conflict": {f"{PROPOSAL}.title"}}
    assert dock.summary.text() == "SMB against the last saved version: 1 conflict"


def test_an_unsaved_map_has_no_saved_version(qtbot: QtBot, window: MainWindow) -> None:
    window.adopt(Document.open(sample_path()).workspace, None)
    dock = settled(qtbot, window)
    dock.against.setCurrentIndex(dock.against.findData("saved"))
    assert dock.stack.currentWidget() is dock.empty and "not been saved" in dock.empty.text()


def test_against_another_segment(qtbot: QtBot, window: MainWindow) -> None:
    dock = show_segment(qtbot, window, SMB)
    texts = [dock.against.itemText(i) for i in range(dock.against.count())]
    assert texts == [
        "Core journey",
        "Segment: Enterprise",
        "Segment: Education",
        "Last saved version",
        "Other file\u2026",
    ]
    dock.against.setCurrentIndex(dock.against.findData(f"seg:{ENTERPRISE}"))
    dock = settled(qtbot, window)
    found = listed(dock)
    assert WEBINAR in found["added"] and "tp-ent-adp-ebr" in found["removed"]
    groups = [dock.tree.topLevelItem(i).text(0) for i in range(dock.tree.topLevelItemCount())]
    assert any(g.startswith("Only in Enterprise") for g in groups)
    assert not dock.reset_button.isEnabled()  # reset and promote act against the core only
    dock = show_segment(qtbot, window, ENTERPRISE)  # the segment shown cannot be its own reference
    assert dock.against.currentText() == "Core journey"


def test_another_file_and_a_broken_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dock = show_segment(qtbot, window, SMB)
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(dock, "show_error", lambda title, text: errors.append((title, text)))
    broken = tmp_path / "broken.journeymap"
    broken.write_bytes(b"\x00not a journey map {")
    monkeypatch.setattr(dock, "choose_other_file", lambda: str(broken))
    dock.against.setCurrentIndex(dock.against.findData("other"))
    assert len(errors) == 1 and "broken.journeymap" in errors[0][1]
    assert "\n" not in errors[0][1].split("\n\n")[0]  # one line, then what to do
    assert dock.against.currentText() == "Core journey" and dock.item_for(PROPOSAL) is not None

    other = tmp_path / "other.journeymap"
    shutil.copy(sample_path(), other)
    document = Document.open(other)
    document.push(UpdateElement("touchpoint", PROPOSAL, {"title": "Quote, other file"}, SMB))
    document.save()
    monkeypatch.setattr(dock, "choose_other_file", lambda: str(other))
    dock.against.setCurrentIndex(dock.against.findData("other"))
    dock = settled(qtbot, window)
    assert dock.against.currentText() == "File: other.journeymap"
    assert listed(dock) == {"changed": {PROPOSAL}}
    assert len(errors) == 1


def test_screenshot_of_smb_with_a_conflict(qtbot: QtBot, window: MainWindow) -> None:
    core_edit(window, KICKOFF, {"title": "Kickoff call with the sponsor"})
    dock = show_segment(qtbot, window, SMB)
    window.resizeDocks([dock], [330], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: dock.height() > 300)
    click_row(dock, dock.conflict_item(KICKOFF, "title"))
    assert dock.keep_button.isEnabled()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "diff_dock.png"))


@pytest.fixture(autouse=True)
def _no_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that forgets to answer must fail, not hang on a modal box."""

    def refuse(*_args: object) -> None:
        raise AssertionError("a message box was opened")

    monkeypatch.setattr(DiffDock, "confirm", lambda self, *args: refuse())
    monkeypatch.setattr(DiffDock, "show_error", lambda self, *args: refuse())


def test_reset_to_core_of_a_segment_card_with_its_own_arrow_is_one_step(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Removing the card takes its arrow along; the arrow's own reset must not then fail the step."""
    show_segment(qtbot, window, SMB)
    smb = window.document.workspace.segments[SMB]
    flow_id = next(i for i, f in smb.added.flows.items() if WEBINAR in (f.source, f.target))
    monkeypatch.setattr(window.diff_dock.actions_, "_confirm_remove", lambda _titles: True)
    window.scene.clearSelection()
    window.scene.cards[WEBINAR].setSelected(True)
    window.scene.flows[flow_id].setSelected(True)
    steps = len(window.document.history)
    window.diff_dock.actions_.reset_action.trigger()
    assert len(window.document.history) == steps + 1
    assert WEBINAR not in smb.added.touchpoints and flow_id not in smb.added.flows
    window.actions_.undo.trigger()
    assert WEBINAR in smb.added.touchpoints and flow_id in smb.added.flows
