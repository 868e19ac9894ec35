"""The mapping dialog of File > Import Actuals…: what each column of the file was taken for.

An export from a customer-success platform rarely names its columns as the map names its milestones,
so before anything is kept the user sees every column's header with what it was matched to (account
id, name, segment, owner, start, churn date, a success milestone, or ignored) and can change it with a
combo per column; the success milestones no column matched, and the rows that could not be used (by
line number: the first ones, and how many more). Each change reads the file again with the user's
mapping (``exporters.actuals_import.read_actuals``, hostile-input safe), so what Import keeps is
exactly what the dialog showed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from exporters.actuals_import import ActualsImport, ColumnMatch, read_actuals
from exporters.safety import ExportError

from ...model.funnel import milestones
from ...model.workspace import Workspace

PROBLEMS_SHOWN = 12  # rows listed; the rest are counted
ROLE_CHOICES = (
    ("Account id", "account"),
    ("Name", "name"),
    ("Segment", "segment"),
    ("Owner (CSM)", "owner"),
    ("Start date", "start"),
    ("Churn date", "churned"),
)
IGNORED = ("Ignored", "")


def read_file(path: Path, workspace: Workspace, mapping: Mapping[str, str] | None) -> ActualsImport:
    """The one place the app reads an accounts export (an ExportError, one line, when unusable)."""
    return read_actuals(path, workspace, mapping)


def choice_of(match: ColumnMatch) -> str:
    """What a column's combo holds for a match: a role name, a milestone id, or "" (ignored)."""
    if match.role == "milestone":
        return match.milestone_id or ""
    return "" if match.role == "ignored" else match.role


def problem_lines(found: ActualsImport, shown: int = PROBLEMS_SHOWN) -> list[str]:
    lines = [f"Line {p.line}: {p.message}" for p in found.problems[:shown]]
    more = found.problem_count - len(lines)
    if more > 0:
        lines.append(f"\u2026 and {more:,} more")
    return lines


class ActualsImportDialog(QDialog):
    """Shows a read (``found``) and reads again as combos change; ``result_import`` is what to keep."""

    def __init__(
        self, path: Path, workspace: Workspace, found: ActualsImport, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("actuals-import")
        self.setWindowTitle(f"Import Actuals \u2014 {path.name}")
        self.resize(720, 620)
        self.path, self.workspace = path, workspace
        self.result_import: ActualsImport | None = found
        self.error = ""
        self._titles = {m.id: m.title for m in milestones(workspace.core)}
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("actuals-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        hint = QLabel(
            "Check what each column was taken for; change it where the file names things differently."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(len(found.columns), 2, self)
        self.table.setObjectName("actuals-columns")
        self.table.setHorizontalHeaderLabels(["Column in the file", "Taken for"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.combos: list[QComboBox] = []
        for row, match in enumerate(found.columns):
            header = QTableWidgetItem(match.header or f"(column {match.column + 1}, no header)")
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, header)
            combo = self._combo(choice_of(match))
            combo.setProperty("header", match.header)
            combo.currentIndexChanged.connect(lambda _index: self.reread())
            self.table.setCellWidget(row, 1, combo)
            self.combos.append(combo)
        layout.addWidget(self.table, 3)
        self.missing = QLabel()
        self.missing.setObjectName("actuals-missing")
        self.missing.setWordWrap(True)
        layout.addWidget(self.missing)
        self.problems_title = QLabel()
        layout.addWidget(self.problems_title)
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("actuals-problems")
        self.problems.setReadOnly(True)
        layout.addWidget(self.problems, 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show(found)

    def _combo(self, current: str) -> QComboBox:
        combo = QComboBox()
        for label, value in ROLE_CHOICES:
            combo.addItem(label, value)
        for milestone_id, title in self._titles.items():
            combo.addItem(f"Milestone: {title}", milestone_id)
        combo.addItem(*IGNORED)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else combo.count() - 1)
        return combo

    def mapping(self) -> dict[str, str]:
        """Header -> role name, milestone id or "" (ignored), as the combos say."""
        return {str(c.property("header")): str(c.currentData() or "") for c in self.combos}

    def combo_for(self, header: str) -> QComboBox | None:
        return next((c for c in self.combos if c.property("header") == header), None)

    def reread(self) -> None:
        """Read the file again with the mapping shown; a mapping that cannot be used disables Import."""
        try:
            found = read_file(self.path, self.workspace, self.mapping())
        except ExportError as exc:
            self.result_import, self.error = None, str(exc)
            self.summary.setText(f"<b>This mapping cannot be imported:</b> {self.error}")
            self.import_button.setEnabled(False)
            return
        self.error = ""
        self._show(found)

    def _show(self, found: ActualsImport) -> None:
        self.result_import = found
        count = len(found.actuals.accounts)
        self.summary.setText(
            f"<b>{count:,} account{'s' * (count != 1)}</b> read from {self.path.name}"
            + (
                f"; {found.problem_count:,} problem{'s' * (found.problem_count != 1)}"
                if found.problem_count
                else ""
            )
        )
        self.import_button.setEnabled(count > 0)
        if found.missing:
            names = ", ".join(self._titles.get(m, m) for m in found.missing)
            self.missing.setText(f"<b>No column for:</b> {names}. Their accounts count as not reached.")
        else:
            self.missing.setText("Every success milestone has a column.")
        if found.problem_count:
            self.problems_title.setText(
                "<b>Rows with problems</b> (a row without an id is left out; a bad value is dropped):"
            )
            self.problems.setPlainText("\n".join(problem_lines(found)))
        else:
            self.problems_title.setText("No problems found.")
            self.problems.setPlainText("")
        self.problems.setVisible(bool(found.problem_count))
