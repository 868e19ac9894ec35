"""The map's own name and description: the inspector with nothing selected, File > Properties, New."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from journeymap_designer.ui.dialogs.map_properties import MapPropertiesDialog
from journeymap_designer.ui.dialogs.startup import TemplateGallery
from journeymap_designer.ui.shell.mainwindow import MainWindow


def test_the_inspector_edits_the_map_when_nothing_is_selected(window: MainWindow) -> None:
    window.view.select(None)
    field = window.inspector.field_widget("map.name")
    assert isinstance(field, QLineEdit) and field.text() == window.document.workspace.name
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, "Acme customer journey")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert window.document.workspace.name == "Acme customer journey"
    assert window.document.history.undo_name == "Rename workspace"
    window.actions_.undo.trigger()
    assert window.document.workspace.name != "Acme customer journey"
    assert field.text() == window.document.workspace.name  # the form follows the undo


def test_file_properties_edits_the_description(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MapPropertiesDialog) or not dialog.isActiveWindow():
            QTimer.singleShot(50, fill)  # not shown and active yet on a busy machine: look again
            return
        box = dialog.form.description
        box.setFocus()
        box.selectAll()
        QTest.keyClicks(box, "Mid-market accounts, first year")
        dialog.form.name.setFocus()  # leaving the box commits it
        dialog.reject()

    QTimer.singleShot(100, fill)
    window.actions_.properties.trigger()
    assert window.document.workspace.description == "Mid-market accounts, first year"


def test_a_new_map_from_a_template_asks_its_name_and_drops_the_instructions(
    window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    def choose(gallery: TemplateGallery) -> int:
        gallery.list.setCurrentRow(
            next(i for i in range(gallery.list.count()) if "B2B" in gallery.list.item(i).text())
        )
        gallery.name.setText("Acme onboarding")
        return TemplateGallery.DialogCode.Accepted.value

    monkeypatch.setattr(TemplateGallery, "exec", choose)
    window.document.history.set_clean()
    assert window.new_document()
    assert window.document.workspace.name == "Acme onboarding"
    assert "Rename, add and remove" not in window.document.workspace.description


def test_the_template_gallery_shows_a_picture_and_the_description_of_each(qtbot) -> None:  # type: ignore[no-untyped-def]
    gallery = TemplateGallery()
    qtbot.addWidget(gallery)
    for row in range(gallery.list.count()):
        gallery.list.setCurrentRow(row)
        picture = gallery.picture.pixmap()
        assert picture is not None and not picture.isNull() and picture.width() > 100
        assert "Stages:" in gallery.description.text()


def test_what_customers_also_see_is_chosen_in_the_properties_dialog_and_undone(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from journeymap_designer.ui.dialogs.map_properties import MapPropertiesDialog

    dialog = MapPropertiesDialog(window.controller, window)
    qtbot.addWidget(dialog)
    box = dialog.shown.boxes["touchpoint.pain_points"]
    assert not box.isChecked()
    box.click()
    assert window.document.workspace.customer_fields == ("touchpoint.pain_points",)
    assert window.document.history.undo_name == "Change what customers are shown"
    window.actions_.undo.trigger()
    assert window.document.workspace.customer_fields == () and not box.isChecked()
