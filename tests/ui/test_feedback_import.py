"""File > Import Customer Feedback… in the app: the real menu action, the file and name dialogs
answered as a user would, one undo step, a status line, row problems by number, a wrong file refused
with the map unchanged, and a second import of the same file adding nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from exporters.xlsx import export_workbook
from journeymap_designer.model.fileformat import dump_workspace as canonical_json
from journeymap_designer.ui.shell.mainwindow import MainWindow
from journeymap_designer.ui.widgets.folders import inside_installation
from tests.exporters.validation_helpers import fill

CARD, OTHER_CARD, MOMENT = "tp-acq-demo-request", "tp-acq-free-trial", "mot-first-value"


class Dialogs:
    """The file, name and message dialogs, answered by the test; what they were asked is kept."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, path: Path, name: str | None = None) -> None:
        self.path = path
        self.name = name
        self.start_folders: list[str] = []
        self.prefills: list[str] = []
        self.warnings: list[tuple[str, str]] = []
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self.open_file)
        monkeypatch.setattr(QInputDialog, "getText", self.get_text)
        monkeypatch.setattr(QMessageBox, "warning", self.warning)

    def open_file(self, _parent: object, _title: str, folder: str, _filter: str) -> tuple[str, str]:
        self.start_folders.append(folder)
        return str(self.path), ""

    def get_text(
        self, _parent: object, _title: str, _label: str, _echo: object, text: str
    ) -> tuple[str, bool]:
        self.prefills.append(text)
        return (text if self.name is None else self.name), True

    def warning(self, _parent: object, title: str, text: str, *_rest: object) -> QMessageBox.StandardButton:
        self.warnings.append((title, text))
        return QMessageBox.StandardButton.Ok


def returned_workbook(
    window: MainWindow, folder: Path, answers: dict[str, tuple[str, str]], **kw: object
) -> Path:
    """The customer's workbook as File > Export "For the customer" writes it, filled in and sent back."""
    sent = folder / "for customers.xlsx"
    export_workbook(window.document.workspace, sent, customer_view=True)
    return fill(sent, folder / "Acme answers.xlsx", answers, **kw)  # type: ignore[arg-type]


def test_import_through_the_file_menu_is_one_undo_step_with_badges_and_a_report(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = returned_workbook(
        window,
        tmp_path,
        {
            CARD: ("Needs change", "We never got the confirmation email"),
            OTHER_CARD: ("Confirmed", ""),
            MOMENT: ("Confirmed", "Yes, that is when it clicked"),
        },
        added=[{"Step": "Asks a reseller for a quote", "Your answer": "Missing something"}],
        who="Acme Corp",
    )
    dialogs = Dialogs(monkeypatch, path)
    card_item = window.scene.cards[CARD]
    window.actions_.import_feedback.trigger()
    assert dialogs.prefills == ["Acme Corp"]  # the workbook's own hint
    assert not inside_installation(Path(dialogs.start_folders[0]))  # where the sample lives
    feedback = window.document.workspace.feedback
    assert len(feedback) == 4 and {f.customer for f in feedback.values()} == {"Acme Corp"}
    message = window.statusBar().currentMessage()
    assert message.startswith("Imported 4 answers from Acme Corp (Acme answers.xlsx)"), message
    assert "without an answer" in message  # the rows left blank were skipped, and it says so
    assert not dialogs.warnings
    assert window.feedback.isVisible() and window.feedback.tree.topLevelItemCount() == 4
    badge = window.scene.badge_state(CARD)
    assert badge is not None and badge.serious and "confirmation email" in badge.tooltip
    assert window.scene.badge_state(MOMENT) is not None and not window.scene.badge_state(MOMENT).serious  # type: ignore[union-attr]
    assert window.scene.cards[CARD] is card_item  # badges came without drawing the map again

    window.actions_.undo.trigger()  # the whole import is one step
    assert not window.document.workspace.feedback
    assert (
        window.scene.badge_state(CARD) is None and window.feedback.tree.topLevelItemCount() == 1
    )  # the hint
    window.actions_.redo.trigger()
    assert len(window.document.workspace.feedback) == 4 and window.scene.badge_state(CARD) is not None


def test_importing_the_same_file_again_adds_nothing_and_says_so(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = returned_workbook(window, tmp_path, {CARD: ("Needs change", "Too slow")}, who=None)
    (tmp_path / "maps").mkdir()
    window.document.save(tmp_path / "maps" / "acme.journeymap")
    dialogs = Dialogs(monkeypatch, path, name="Globex")
    window.actions_.import_feedback.trigger()
    assert dialogs.start_folders == [str(tmp_path / "maps")]  # the map's own folder
    assert dialogs.prefills == ["Acme answers"]  # no hint in the file: its name
    assert len(window.document.workspace.feedback) == 1
    steps = window.document.history.undo_name
    before = canonical_json(window.document.workspace)

    dialogs.name = None  # accept what is offered: the name given for this file the first time
    window.actions_.import_feedback.trigger()
    assert dialogs.prefills[-1] == "Globex"
    assert canonical_json(window.document.workspace) == before
    assert window.document.history.undo_name == steps  # no empty undo step either
    assert "Nothing new in Acme answers.xlsx" in window.statusBar().currentMessage()


def test_a_file_that_is_not_this_map_s_validation_workbook_is_refused_and_changes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap_designer.model.document import Document
    from journeymap_designer.starter import template_path

    other_map = tmp_path / "yearly for customers.xlsx"  # another map's customer workbook
    export_workbook(
        Document.open(template_path("cs-lifecycle-yearly")).workspace, other_map, customer_view=True
    )
    text = tmp_path / "notes.xlsx"
    text.write_text("step,answer\nRequests a demo,Confirmed\n", encoding="utf-8")
    before = canonical_json(window.document.workspace)
    for path, why in ((other_map, "another map"), (text, "text or CSV")):
        dialogs = Dialogs(monkeypatch, path)
        window.actions_.import_feedback.trigger()
        assert len(dialogs.warnings) == 1 and not dialogs.prefills  # one message, and no name asked
        title, message = dialogs.warnings[0]
        assert title == "Not a validation workbook of this map" and path.name in message and why in message
        assert message.count("\n") == 2 and message.endswith("Nothing was imported.")
        assert canonical_json(window.document.workspace) == before
        assert not window.document.history.can_undo

    unanswered = tmp_path / "sent back blank.xlsx"  # this map's, but nobody answered anything
    export_workbook(window.document.workspace, unanswered, customer_view=True)
    dialogs = Dialogs(monkeypatch, unanswered)
    window.actions_.import_feedback.trigger()
    assert (
        not dialogs.warnings and not dialogs.prefills and canonical_json(window.document.workspace) == before
    )
    assert window.statusBar().currentMessage().startswith("No answers in sent back blank.xlsx")


def test_rows_that_cannot_be_read_are_listed_by_number_and_the_rest_imported(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = returned_workbook(
        window, tmp_path, {CARD: ("Maybe", ""), OTHER_CARD: ("Confirmed", "")}, who="Initech"
    )
    dialogs = Dialogs(monkeypatch, path)
    window.actions_.import_feedback.trigger()
    assert [f.element_id for f in window.document.workspace.feedback.values()] == [OTHER_CARD]
    assert len(dialogs.warnings) == 1
    title, message = dialogs.warnings[0]
    assert title == "Some rows were left out" and "Row " in message and "'Maybe'" in message
    assert "1 row that could not be read" in window.statusBar().currentMessage()
