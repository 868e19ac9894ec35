"""Settling a three-way merge's conflicts by hand, and the question asked before saving with some left.

The Differences dock's Take ours and Take theirs need no dialog; Edit… does. For one field, it is
the segment conflict's dialog (``conflict.py``) with base, ours and theirs in place of was, core and
mine, so a lead meets one way of choosing a value. For an element as a whole (deleted on one side and
changed on the other, or added on both with different content) there is no value to type: the
choice is which side's element to keep, or to delete it.

``unsettled_conflicts_prompt`` is for the save path: a file saved with conflicts still loads and says
what is at stake, so saving is allowed, but never without the user knowing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...model.diff import Conflict
from ...model.document import Document
from ...model.elements import MergeConflict
from ...model.workspace import Workspace
from ..widgets.fieldeditors import note
from .conflict import ConflictDialog, Sides

SAVE_ANYWAY = "Save anyway"


def unsettled_conflicts_prompt(parent: QWidget | None, document: Document) -> bool:
    """Ask before saving a map whose merge conflicts are not all settled; True to go on and save.

    Nothing is asked when there are none. Cancel is the default button: Enter does not save past it.
    """
    count = len(document.workspace.merge_conflicts)
    if not count:
        return True
    box = QMessageBox(parent)
    box.setObjectName("unsettled-conflicts")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsettled merge conflicts")
    noun = "merge conflict is" if count == 1 else "merge conflicts are"
    box.setText(f"{count} {noun} not settled yet: save anyway?")
    box.setInformativeText(
        "The file keeps each conflict (ours in the map, theirs and base beside it) until it is settled "
        "in the Differences panel."
    )
    save = box.addButton(SAVE_ANYWAY, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    go_on = box.clickedButton() is save
    box.deleteLater()
    return go_on


def _value_of(conflict: MergeConflict, side: Any) -> Any:
    """The value a side gives the slot: an override's value, None where a side has no override."""
    if conflict.part == "override":
        return side.get("value") if isinstance(side, dict) else None
    return side


def field_dialog(
    workspace: Workspace,
    conflict: MergeConflict,
    title: str,
    submit: Callable[[Any], str | None],
    parent: QWidget | None = None,
) -> ConflictDialog:
    """Edit… of one field: base, ours and theirs side by side; the result starts as ours."""
    assert conflict.field is not None
    base, ours, theirs = (_value_of(conflict, v) for v in (conflict.base, conflict.ours, conflict.theirs))
    shape = Conflict(conflict.kind, conflict.element_id, conflict.field, base, theirs, ours)
    sides = Sides(
        (
            ("Base", "Before either side changed it", base),
            (
                f"Ours ({conflict.ours_label})",
                f"What {conflict.ours_label} made it (the map holds it now)",
                ours,
            ),
            (f"Theirs ({conflict.theirs_label})", f"What {conflict.theirs_label} made it", theirs),
        ),
        ours,
        f"{conflict.ours_label} and {conflict.theirs_label} both changed this field, differently. "
        "Choose or type the value the map keeps.",
        "Use the result",
    )
    send = submit
    if conflict.part == "override":  # a segment's override: the value, made against the core's value
        made_against = next(
            (v["base"] for v in (conflict.ours, conflict.theirs, conflict.base) if isinstance(v, dict)), None
        )

        def send(value: Any) -> str | None:
            return submit({"value": value, "base": made_against})

    return ConflictDialog(workspace, shape, title, conflict.ours_label, send, parent, sides)


class KeepOrDeleteDialog(QDialog):
    """Edit… of an element as a whole: keep one side's element, or delete it.

    ``submit(value)`` gets the element as the file holds it, or None to delete it, and returns the
    refusal (or None): on a refusal the dialog stays open and says why.
    """

    def __init__(
        self,
        conflict: MergeConflict,
        title: str,
        submit: Callable[[Any], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settle merge conflict")
        self._submit = submit
        layout = QVBoxLayout(self)
        if conflict.base is None:
            both = f"{conflict.ours_label} and {conflict.theirs_label}"
            said = f"{both} both added \u201c{title}\u201d, differently."
        else:
            gone = conflict.ours_label if conflict.ours is None else conflict.theirs_label
            said = f"{gone} deleted \u201c{title}\u201d; the other side changed it."
        layout.addWidget(note(f"{said} Keep it, or delete it?"))
        self.group = QButtonGroup(self)
        self.choices: list[Any] = []
        for label, value in ((conflict.ours_label, conflict.ours), (conflict.theirs_label, conflict.theirs)):
            if value is not None and value not in self.choices:
                self._add(f"Keep it as {label} has it", value)
        self.delete_button = self._add("Delete it", None)
        first = self.group.buttons()[0]
        first.setChecked(True)
        self.error = QLabel()
        self.error.setObjectName("conflict-error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _add(self, text: str, value: Any) -> QRadioButton:
        button = QRadioButton(text)
        self.group.addButton(button, len(self.choices))
        self.choices.append(value)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(button)
        return button

    def value(self) -> Any:
        return self.choices[self.group.checkedId()]

    def accept(self) -> None:
        problem = self._submit(self.value())
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()
