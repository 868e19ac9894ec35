"""File > Import Actuals… in the app: the real menu action, the file dialog answered as a user would,
the mapping dialog driven with the mouse (a combo changed, Import clicked), the sidecar written and
read again when the map is reopened, no undo step, a hostile file and a broken sidecar each one
message with nothing changed, and a map never saved keeping its actuals until its first save."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox

from journeymap_designer.model.actuals import load_actuals, sidecar_path
from journeymap_designer.model.document import Document
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.dialogs.actuals_import import ActualsImportDialog
from journeymap_designer.ui.shell.mainwindow import MainWindow

from .actuals_data import ACCOUNTS, RENAMED, expected_reached, funnel_ids, write_csv


class Dialogs:
    """The file and message dialogs answered by the test, and the mapping dialog driven by it."""

    def __init__(
        self, monkeypatch: pytest.MonkeyPatch, path: Path, remap: dict[str, str] | None = None
    ) -> None:
        self.path = path
        self.remap = remap or {}
        self.warnings: list[tuple[str, str]] = []
        self.mapping_seen: list[dict[str, str]] = []
        self.missing_seen: list[str] = []
        self.cancel = False
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self.open_file)
        monkeypatch.setattr(QMessageBox, "warning", self.warning)
        monkeypatch.setattr(ActualsImportDialog, "exec", lambda dialog: self.answer(dialog))

    def open_file(self, _parent: object, _title: str, _folder: str, _filter: str) -> tuple[str, str]:
        return str(self.path), ""

    def warning(self, _parent: object, title: str, text: str, *_rest: object) -> QMessageBox.StandardButton:
        self.warnings.append((title, text))
        return QMessageBox.StandardButton.Ok

    def answer(self, dialog: ActualsImportDialog) -> int:
        """Look at the dialog, change the combos asked for by clicking in their lists, click Import."""
        dialog.show()
        QTest.qWaitForWindowExposed(dialog)
        self.mapping_seen.append(dialog.mapping())
        self.missing_seen.append(dialog.missing.text())
        for header, value in self.remap.items():
            combo = dialog.combo_for(header)
            assert combo is not None, header
            pick(combo, value)
        if self.cancel:
            QTest.mouseClick(
                dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton
            )
        else:
            QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        return dialog.result()


def pick(combo: QComboBox, value: str) -> None:
    """Open the combo's list and click the entry holding ``value``, as a hand would."""
    row = combo.findData(value)
    assert row >= 0, value
    combo.showPopup()
    view = combo.view()
    index = view.model().index(row, 0)
    view.scrollTo(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    QTest.qWait(20)
    if combo.currentIndex() != row:  # some styles take the click on release only: the keyboard then
        combo.setFocus()
        while combo.currentIndex() != row:
            QTest.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < row else Qt.Key.Key_Up)
    assert combo.currentData() == value


@pytest.fixture
def saved_map(tmp_path: Path) -> Path:
    path = tmp_path / "acme.journeymap"
    shutil.copyfile(sample_path(), path)
    return path


@pytest.fixture
def opened(qtbot, saved_map: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(Document.open(saved_map))
    win.resize(1600, 950)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.document.history.set_clean()
    win.close()
    win.deleteLater()


def test_import_through_the_menu_maps_a_renamed_column_and_writes_the_sidecar(
    opened: MainWindow, saved_map: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace: Workspace = opened.document.workspace
    second = funnel_ids(workspace)[1]
    csv = write_csv(tmp_path / "accounts.csv", workspace)
    dialogs = Dialogs(monkeypatch, csv, remap={RENAMED: second})
    opened.actions_.import_actuals.trigger()
    # before the change, the dialog showed the renamed column ignored and its milestone missing
    assert dialogs.mapping_seen[0][RENAMED] == ""
    assert workspace.core.moments[second].title in dialogs.missing_seen[0]
    assert dialogs.mapping_seen[0]["Account ID"] == "account"
    actuals = opened.actuals.state.actuals
    assert actuals is not None and len(actuals.accounts) == ACCOUNTS
    counts = [sum(1 for a in actuals.accounts if m in a.reached) for m in funnel_ids(workspace)]
    assert counts == expected_reached()  # the renamed column counted, through the user's mapping
    stored = load_actuals(saved_map)  # the sidecar beside the map holds the same accounts
    assert stored is not None and sorted(a.id for a in stored.accounts) == sorted(
        a.id for a in actuals.accounts
    )
    assert sidecar_path(saved_map).name == "acme.actuals.json"
    assert not opened.document.history.can_undo and not opened.document.is_modified  # not an edit
    message = opened.statusBar().currentMessage()
    assert f"Imported {ACCOUNTS} accounts" in message and "nothing to undo" in message
    assert opened.funnel_dock.isVisible() and not opened.funnel_dock.visibleRegion().isEmpty()
    assert dialogs.warnings == []


def test_the_sidecar_is_read_again_when_the_map_is_reopened(
    qtbot, opened: MainWindow, saved_map: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    workspace = opened.document.workspace
    Dialogs(
        monkeypatch,
        write_csv(tmp_path / "accounts.csv", workspace),
        remap={RENAMED: funnel_ids(workspace)[1]},
    )
    opened.actions_.import_actuals.trigger()
    assert opened.open_file(saved_map)  # File > Open of the same map: its actuals come with it
    reopened = opened.actuals.state.actuals
    assert reopened is not None and len(reopened.accounts) == ACCOUNTS
    other = MainWindow(Document.open(saved_map))  # and in a new window
    qtbot.addWidget(other)
    again = other.actuals.state.actuals
    assert again is not None and len(again.accounts) == ACCOUNTS
    first = other.scene.moments[funnel_ids(workspace)[0]]
    assert first.shown_mark[1].startswith("90 %")  # 270 of 300 accounts, on the marker
    other.close()


def test_cancel_changes_nothing(
    opened: MainWindow, saved_map: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs = Dialogs(monkeypatch, write_csv(tmp_path / "accounts.csv", opened.document.workspace))
    dialogs.cancel = True
    opened.actions_.import_actuals.trigger()
    assert opened.actuals.state.actuals is None
    assert not sidecar_path(saved_map).exists()


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01PK\x03\x04 not a table at all \xff\xfe" * 50,
        b"Name,Segment\nAcme,SMB\n",  # no account id column
        b"",  # empty
        b"Account ID,Kickoff complete: success plan agreed\n" + b"\xff\xfe\xfd,2026-01-01\n",
    ],
    ids=["binary", "no-id-column", "empty", "not-utf8"],
)
def test_a_hostile_file_is_one_message_and_changes_nothing(
    opened: MainWindow, saved_map: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    workspace = opened.document.workspace
    good = Dialogs(monkeypatch, write_csv(tmp_path / "accounts.csv", workspace))
    opened.actions_.import_actuals.trigger()  # a first, good import
    before = opened.actuals.state.actuals
    sidecar = sidecar_path(saved_map).read_bytes()
    hostile = tmp_path / "hostile.csv"
    hostile.write_bytes(content)
    dialogs = Dialogs(monkeypatch, hostile)
    opened.actions_.import_actuals.trigger()
    assert len(dialogs.warnings) == 1 and "Nothing was imported" in dialogs.warnings[0][1]
    assert dialogs.mapping_seen == []  # refused before the mapping dialog
    assert opened.actuals.state.actuals is before
    assert sidecar_path(saved_map).read_bytes() == sidecar
    assert good.warnings == []


def test_a_formula_in_a_cell_stays_text_and_bad_rows_are_listed_by_line(
    opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = opened.document.workspace
    path = write_csv(tmp_path / "accounts.csv", workspace)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = ",no id here" + "," * 9  # line 4: no account id
    lines[5] = lines[5].replace("Customer 4", '=HYPERLINK("http://evil")')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen: list[str] = []

    def answer(dialog: ActualsImportDialog) -> int:
        seen.append(dialog.problems.toPlainText())
        QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    Dialogs(monkeypatch, path)
    monkeypatch.setattr(ActualsImportDialog, "exec", answer)
    opened.actions_.import_actuals.trigger()
    assert "Line 4:" in seen[0]
    actuals = opened.actuals.state.actuals
    assert actuals is not None and len(actuals.accounts) == ACCOUNTS - 1  # the good rows kept
    evil = next(a for a in actuals.accounts if a.id == "ACC-0004")
    assert evil.name == '=HYPERLINK("http://evil")'
    assert "left out" in opened.statusBar().currentMessage()


def test_a_broken_sidecar_is_one_message_and_the_map_still_opens(
    qtbot, saved_map: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    sidecar_path(saved_map).write_bytes(
        b'{"format": "journeymap-actuals", "version": 1, "accounts": [{"id": 5}]}'
    )
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_r: warnings.append(text))
    win = MainWindow(Document.open(saved_map))
    qtbot.addWidget(win)
    assert len(warnings) == 1 and "acme.actuals.json" in warnings[0]
    assert win.actuals.state.actuals is None
    assert win.document.workspace.core.moments  # the map is open
    assert win.funnel_dock.empty.isVisibleTo(win.funnel_dock)  # the panel offers an import
    win.close()


def test_a_map_never_saved_keeps_its_actuals_until_the_first_save(
    opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened.controller.set_document(Document(opened.document.workspace.model_copy(deep=True)))
    assert opened.document.path is None
    workspace = opened.document.workspace
    Dialogs(monkeypatch, write_csv(tmp_path / "accounts.csv", workspace))
    opened.actions_.import_actuals.trigger()
    assert "first saved" in opened.statusBar().currentMessage()
    target = tmp_path / "new map.journeymap"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    assert opened.save_as()
    stored = load_actuals(target)
    assert stored is not None and len(stored.accounts) == ACCOUNTS
