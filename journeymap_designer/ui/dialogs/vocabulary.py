"""Personas and channels: the workspace's shared vocabularies, created, described and deleted here.

Map > Personas… and Map > Channels…: a list on the left, the selected entry's fields on the right.
Every finished field is one undoable edit through the controller; deleting an entry still in use is
refused with a message naming who uses it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...model.vocabulary import CHANNEL_ICONS
from ..editing.controller import EditingController
from ..widgets.fieldeditors import TextBox, note

TITLES = {"persona": "Personas", "channel": "Channels"}
HINTS = {
    "persona": "Who the customer is. Give segments their personas in the Segments panel.",
    "channel": "How a touchpoint reaches the customer. Cards choose theirs in the inspector.",
}


class VocabularyDialog(QDialog):
    """Create, rename, describe and delete the workspace's personas or channels."""

    def __init__(self, controller: EditingController, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller, self.kind = controller, kind
        self.setWindowTitle(TITLES[kind])
        self.resize(760, 460)
        self.list = QListWidget()
        self.list.setObjectName(f"{kind}-list")
        self.list.currentItemChanged.connect(lambda *_args: self._show())
        self.new_button, self.delete_button = QPushButton("New"), QPushButton("Delete")
        for button in (self.new_button, self.delete_button):
            button.setAutoDefault(False)  # Enter in a field finishes the field, it does not press New
        self.new_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName(f"{kind}-message")
        self.message.setStyleSheet("color: #c93c3c;")
        self.name = QLineEdit()
        self.role = QLineEdit()
        self.goals = TextBox(min_lines=3, max_lines=8)
        self.goals.setPlaceholderText("One goal per line")
        self.description = TextBox(min_lines=3, max_lines=8)
        self.icon = QComboBox()
        for value, label in CHANNEL_ICONS:
            self.icon.addItem(label, value)
        form = QFormLayout()
        form.addRow("Name", self.name)
        if kind == "persona":
            form.addRow("Role", self.role)
            form.addRow("Goals", self.goals)
            form.addRow("Description", self.description)
        else:
            form.addRow("Icon", self.icon)
        self.name.editingFinished.connect(lambda: self._commit("name", self.name.text().strip()))
        self.role.editingFinished.connect(lambda: self._commit("role", self.role.text().strip()))
        self.goals.committed.connect(lambda: self._commit("goals", self._lines(self.goals)))
        self.description.committed.connect(
            lambda: self._commit("description", self.description.toPlainText().strip())
        )
        self.icon.activated.connect(lambda _index: self._commit("icon", self.icon.currentData()))
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(note(HINTS[kind]))
        right.addWidget(self.message)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self._close)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        controller.changed.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _lines(box: TextBox) -> tuple[str, ...]:
        return tuple(line.strip() for line in box.toPlainText().splitlines() if line.strip())

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def refresh(self, _change: object = None) -> None:
        """Re-read the vocabulary, keeping the selected entry selected."""
        entries = sorted(
            self.controller.workspace.collection(self.kind).values(), key=lambda e: e.name.casefold()
        )
        current = self.selected_id()
        self.list.blockSignals(True)
        self.list.clear()
        for entry in entries:
            item = QListWidgetItem(entry.name)
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            self.list.addItem(item)
            if entry.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self._show()

    def _show(self) -> None:
        entry = self.controller.workspace.collection(self.kind).get(self.selected_id() or "")
        focus = QApplication.focusWidget()
        for widget in (self.name, self.role, self.goals, self.description, self.icon, self.delete_button):
            widget.setEnabled(entry is not None)
        if entry is None:
            return
        if focus is not self.name:
            self.name.setText(entry.name)
        if self.kind == "persona":
            if focus is not self.role:
                self.role.setText(entry.role)
            if focus is not self.goals:
                self.goals.setPlainText("\n".join(entry.goals))
            if focus is not self.description:
                self.description.setPlainText(entry.description)
        else:
            self.icon.setCurrentIndex(max(0, self.icon.findData(entry.icon)))

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _commit(self, field: str, value: object) -> None:
        element_id = self.selected_id()
        entry = self.controller.workspace.collection(self.kind).get(element_id or "")
        if entry is None or value == getattr(entry, field):
            return
        ok = self.controller.set_field(self.kind, entry.id, field, value, None)
        self._say("" if ok else self.controller.last_refusal)
        if not ok:
            self._show()

    def add(self) -> str | None:
        """New: an entry with a placeholder name, selected, its name ready to type over."""
        element_id = self.controller.add_vocabulary(self.kind)
        if element_id is not None:
            for row in range(self.list.count()):
                if self.list.item(row).data(Qt.ItemDataRole.UserRole) == element_id:
                    self.list.setCurrentRow(row)
            self.name.setFocus()
            self.name.selectAll()
        return element_id

    def delete(self) -> bool:
        element_id = self.selected_id()
        if element_id is None:
            return False
        ok = self.controller.delete_vocabulary(self.kind, element_id)
        self._say("" if ok else self.controller.last_refusal)
        return ok

    def _close(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus):
            focus.clearFocus()  # the field being typed in is committed first
        self.reject()
