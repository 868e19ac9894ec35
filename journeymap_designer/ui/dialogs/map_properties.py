"""The map's own name and description: a form (in the inspector when nothing is selected) and a dialog,
which also says what customers are shown beyond the allow-list (the map's opt-ins).

Every finished field is one undoable edit through the controller; what is typed elsewhere (an undo,
another window's edit) shows here unless the field is being typed in.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...model.audience import OPT_IN
from ..editing.controller import EditingController
from ..widgets.fieldeditors import TextBox, note


class MapForm(QWidget):
    """Name and description of the map, edited in place."""

    def __init__(self, controller: EditingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.name = QLineEdit()
        self.name.setObjectName("map.name")
        self.description = TextBox(min_lines=3, max_lines=8)
        self.description.setObjectName("map.description")
        self.description.setPlaceholderText("What this map is about: which customers, which product")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Name", self.name)
        form.addRow("Description", self.description)
        self.name.editingFinished.connect(lambda: self._commit("name", self.name.text().strip()))
        self.description.committed.connect(
            lambda: self._commit("description", self.description.toPlainText().strip())
        )
        controller.changed.connect(self.refresh)
        self.refresh()

    def refresh(self, _change: object = None) -> None:
        """Show the model's values; a field being typed in keeps its text."""
        workspace = self.controller.workspace
        focus = QApplication.focusWidget()
        typing_name = focus is self.name and self.name.isModified()
        typing_description = focus is self.description and self.description.document().isModified()
        if not typing_name and self.name.text() != workspace.name:
            self.name.setText(workspace.name)
        if not typing_description and self.description.toPlainText() != workspace.description:
            self.description.setPlainText(workspace.description)

    def _commit(self, field: str, value: str) -> None:
        self.name.setModified(False)  # what was typed is done with: model changes show again
        self.description.document().setModified(False)
        if value == getattr(self.controller.workspace, field):
            return
        if not self.controller.update_map(**{field: value}):
            self.name.clearFocus()
            self.description.clearFocus()
            self.refresh()  # the refused value goes, the model's comes back


class MapPropertiesDialog(QDialog):
    """File > Properties: the map's name and description (each edit applies at once and can be undone)."""

    def __init__(self, controller: EditingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Map properties")
        self.setMinimumWidth(520)
        self.form = MapForm(controller, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(note("The name and description appear on the cover of decks and workbooks."))
        self.shown = CustomerFields(controller, self)
        layout.addWidget(self.shown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self._close)
        layout.addWidget(buttons)

    def _close(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus):
            focus.clearFocus()  # a field being typed in is finished (and committed) first
        self.reject()


class CustomerFields(QGroupBox):
    """What the customer's deck, workbook and the canvas's customer view show beyond the allow-list.

    Card titles, descriptions, channels and timing, stages' names, goals and durations, and success
    milestones with their customer actions are always shown; notes, owners, handoffs, playbooks, risks
    and KPIs never are. Each box here is one of the few fields a team may choose to show as well.
    """

    def __init__(self, controller: EditingController, parent: QWidget | None = None) -> None:
        super().__init__("Also shown to customers", parent)
        self.controller = controller
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        for name, label in OPT_IN.items():
            box = QCheckBox(label)
            box.setObjectName(f"customer.{name}")
            box.toggled.connect(lambda on, name=name: self._toggle(name, on))
            layout.addWidget(box)
            self.boxes[name] = box
        layout.addWidget(note("Internal notes, owners, handoffs, playbooks, risks and KPIs are never shown."))
        controller.changed.connect(self.refresh)
        self.refresh()

    def refresh(self, _change: object = None) -> None:
        chosen = set(self.controller.workspace.customer_fields)
        for name, box in self.boxes.items():
            if box.isChecked() != (name in chosen):
                box.blockSignals(True)
                box.setChecked(name in chosen)
                box.blockSignals(False)

    def _toggle(self, name: str, on: bool) -> None:
        chosen = set(self.controller.workspace.customer_fields)
        chosen = chosen | {name} if on else chosen - {name}
        self.controller.update_map(customer_fields=tuple(sorted(chosen)))
