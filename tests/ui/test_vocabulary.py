"""Personas and channels: created, described, given to segments and cards, deleted only when unused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from journeymap_designer.ui.dialogs.vocabulary import VocabularyDialog
from journeymap_designer.ui.shell.mainwindow import MainWindow

CARD = "tp-acq-demo-request"


def _retype(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    widget.selectAll()
    QTest.keyClicks(widget, text)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def test_a_persona_is_created_described_given_to_a_segment_and_deleted_when_unused(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    dialog = VocabularyDialog(window.controller, "persona", window)
    qtbot.addWidget(dialog)
    dialog.show()
    persona_id = dialog.add()
    assert persona_id is not None
    _retype(qtbot, dialog.name, "Dana, Director of Institutional Research")
    _retype(qtbot, dialog.role, "Buyer and executive sponsor")
    persona = window.document.workspace.personas[persona_id]
    assert (persona.name, persona.role) == (
        "Dana, Director of Institutional Research",
        "Buyer and executive sponsor",
    )

    # The segments panel gives SMB this persona.
    panel = window.segments_dock
    panel.list.setCurrentItem(panel.item_for("seg-smb"))
    item = panel.personas.findItems(persona.name, Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(Qt.CheckState.Checked)
    assert persona_id in window.document.workspace.segments["seg-smb"].persona_ids

    # Used by SMB: deleting it is refused, naming the segment.
    assert not dialog.delete()
    assert "SMB" in dialog.message.text() and persona_id in window.document.workspace.personas
    item = panel.personas.findItems(persona.name, Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.delete()
    assert persona_id not in window.document.workspace.personas
    window.actions_.undo.trigger()
    assert persona_id in window.document.workspace.personas


def test_a_channel_gets_its_icon_on_the_cards_and_cannot_go_while_cards_use_it(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    dialog = VocabularyDialog(window.controller, "channel", window)
    qtbot.addWidget(dialog)
    dialog.show()
    channel_id = dialog.add()
    assert channel_id is not None
    _retype(qtbot, dialog.name, "Customer portal")
    dialog.icon.setCurrentIndex(dialog.icon.findData("web"))
    dialog.icon.activated.emit(dialog.icon.currentIndex())
    assert window.document.workspace.channels[channel_id].icon == "web"
    assert window.controller.set_field("touchpoint", CARD, "channel_id", channel_id, None)
    assert window.scene.cards[CARD].channel == "web"  # the card draws the channel's icon
    dialog.list.setCurrentItem(dialog.list.findItems("Customer portal", Qt.MatchFlag.MatchExactly)[0])
    assert not dialog.delete()
    assert "Requests a demo" in dialog.message.text() and "another channel" in dialog.message.text()
    assert channel_id in window.document.workspace.channels


def test_the_map_menu_opens_both(window: MainWindow) -> None:
    texts = [a.text() for a in window.actions_.map_menu.actions()]
    assert "&Personas\u2026" in texts and "C&hannels\u2026" in texts


def test_the_canvas_shows_the_personas_of_the_journey_shown(window: MainWindow) -> None:
    strip = window.personas
    workspace = window.document.workspace
    assert strip.isVisible() and len(strip.names()) == len(workspace.personas)  # the core: all of them
    window.controller.show_journey("seg-smb")
    smb = [workspace.personas[i].name for i in workspace.segments["seg-smb"].persona_ids]
    assert strip.names() == smb
    assert [chip.text() for chip in strip.chips] == [name.split(",")[0] for name in smb]
    assert all(name in chip.toolTip() for name, chip in zip(smb, strip.chips, strict=True))
    # Above the map, not on it: it covers no stage header and no moment of truth.
    above = strip.mapTo(window, strip.rect().bottomLeft()).y()
    assert strip.isVisible() and above <= window.view.mapTo(window, window.view.rect().topLeft()).y()
    assert window.controller.update_segment("seg-smb", persona_ids=[])
    assert not strip.isVisible()  # no personas: no strip
