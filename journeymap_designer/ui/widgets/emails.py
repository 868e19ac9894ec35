"""A playbook's communication emails: a list of templates, each with a name, a subject and a body.

The editor holds no model state of its own beyond what it shows: each finished edit (a field left,
Enter, Add, Remove) emits ``committed``, and the inspector asks :meth:`EmailsEditor.value` for the new
tuple of templates built from the playbook's current ones, so it becomes one undoable command like any
other field. Placeholders such as ``{customer}`` are filled in when drafts are made; one the exports
do not know (a typo: ``{custmer}``) is shown as a warning while typing, not refused, since a template
may rightly hold braces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
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

from ...model.commands import new_id
from ...model.elements import EMAIL_PLACEHOLDERS, EmailTemplate
from .fieldeditors import TextBox, blocked, field_label, note, set_plain, set_text

_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,40})\}")
NEW_NAME = "New email"


def unknown_placeholders(*texts: str) -> list[str]:
    """The ``{names}`` in the texts that are not placeholders drafts fill in, in order, once each."""
    found: list[str] = []
    for text in texts:
        for name in _PLACEHOLDER.findall(text):
            if name not in EMAIL_PLACEHOLDERS and name not in found:
                found.append(name)
    return found


def placeholder_hint() -> str:
    return "Placeholders, filled in per customer: " + "  ".join(f"{{{p}}}" for p in EMAIL_PLACEHOLDERS)


class EmailsEditor(QWidget):
    """The templates of one playbook: pick one in the list to edit it; Add and Remove change the list."""

    committed = Signal()  # an edit is finished: the inspector reads value() and makes it a command

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown: tuple[EmailTemplate, ...] = ()
        self._selected: str | None = None  # the id of the template shown in the fields
        self._pending: Literal["edit", "add", "remove"] = "edit"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.list = QListWidget()
        self.list.setObjectName("email-list")
        self.list.setAlternatingRowColors(True)
        rows = 4
        self.list.setFixedHeight(rows * self.list.fontMetrics().lineSpacing() + 14)
        self.list.currentItemChanged.connect(self._picked)
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add email")
        self.add_button.setObjectName("add-email")
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("remove-email")
        self.remove_button.clicked.connect(self._remove)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.empty = note("No emails yet: Add email makes a template for this playbook.")
        layout.addWidget(self.empty)
        form = QFormLayout()
        form.setContentsMargins(0, 4, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.name = QLineEdit()
        self.name.setObjectName("email-name")
        self.name.setPlaceholderText("What the team calls it, e.g. Kickoff invitation")
        self.subject = QLineEdit()
        self.subject.setObjectName("email-subject")
        self.subject.setPlaceholderText("e.g. {customer}: your kickoff with {csm}")
        self.body = TextBox(6, 20)
        self.body.setObjectName("email-body")
        self.body.setPlaceholderText("Hi {customer} team, \u2026")
        for label, widget in (("Name", self.name), ("Subject", self.subject), ("Body", self.body)):
            form.addRow(field_label(label), widget)
        layout.addLayout(form)
        self.hint = note(placeholder_hint())
        self.hint.setObjectName("email-hint")
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.hint)
        self.warning = QLabel()
        self.warning.setObjectName("email-warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b35c00;")
        # Its room is kept, shown or not: a form that grows while one types lays out the rows
        # above it again, and Qt gives a hint row under a grown text box its old height.
        self.warning.setFixedHeight(3 * self.warning.fontMetrics().lineSpacing() + 4)
        self.warning.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.warning)
        self.name.editingFinished.connect(self.committed)
        self.subject.editingFinished.connect(self.committed)
        self.body.committed.connect(self.committed)
        self.subject.textChanged.connect(self._check)
        self.body.textChanged.connect(self._check)
        self._show_selected()

    # -- the model's value in, a new value out -------------------------------------------------

    def show_emails(self, emails: Sequence[EmailTemplate]) -> None:
        """Show the playbook's templates; the one being edited stays selected (a new one is selected)."""
        self._shown = tuple(emails)
        ids = [e.id for e in self._shown]
        if self._selected not in ids:
            self._selected = ids[0] if ids else None
        blocked(self.list, self._fill_list, None)
        self._show_selected()

    def value(self, current: Sequence[EmailTemplate]) -> tuple[EmailTemplate, ...]:
        """The templates after the pending edit, from the playbook's ``current`` ones.

        ValueError when the template being edited has no name.
        """
        pending, self._pending = self._pending, "edit"
        emails = list(current)
        if pending == "add":
            template = EmailTemplate(id=new_id("email", {e.id for e in emails}), name=NEW_NAME)
            self._selected = template.id
            return (*emails, template)
        if pending == "remove":
            return tuple(e for e in emails if e.id != self._selected)
        index = next((i for i, e in enumerate(emails) if e.id == self._selected), None)
        if index is None:
            return tuple(emails)
        name = self.name.text().strip()
        if not name:
            raise ValueError("An email template needs a name (to remove it, press Remove)")
        subject, body = self.subject.text().strip(), self.body.toPlainText()
        data = {"id": emails[index].id, "name": name, "subject": subject, "body": body}
        emails[index] = EmailTemplate.model_validate(data)
        return tuple(emails)

    # -- inside -------------------------------------------------------------------------------

    def _fill_list(self, _unused: object) -> None:
        self.list.clear()
        for email in self._shown:
            item = QListWidgetItem(email.name)
            item.setData(Qt.ItemDataRole.UserRole, email.id)
            item.setToolTip(email.subject)
            self.list.addItem(item)
            if email.id == self._selected:
                self.list.setCurrentItem(item)

    def _show_selected(self) -> None:
        email = next((e for e in self._shown if e.id == self._selected), None)
        for widget in (self.name, self.subject, self.body, self.remove_button):
            widget.setEnabled(email is not None)
        self.empty.setVisible(not self._shown)
        set_text(self.name, email.name if email else "")
        set_text(self.subject, email.subject if email else "")
        set_plain(self.body, email.body if email else "")
        self._check()

    def _picked(self, item: QListWidgetItem | None, _previous: object) -> None:
        self._selected = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self._show_selected()

    def _add(self) -> None:
        before = {e.id for e in self._shown}
        self._pending = "add"
        self.committed.emit()
        self._pending = "edit"
        if self._selected not in before and any(e.id == self._selected for e in self._shown):
            self.name.setFocus()  # the new one is in the list: ready to type its name
            self.name.selectAll()

    def _remove(self) -> None:
        if self._selected is None:
            return
        self._pending = "remove"
        self.committed.emit()
        self._pending = "edit"

    def _check(self) -> None:
        unknown = unknown_placeholders(self.subject.text(), self.body.toPlainText())
        if unknown:
            names = ", ".join(f"{{{name}}}" for name in unknown)
            plural = "s" if len(unknown) > 1 else ""
            self.warning.setText(
                f"\u26a0 Unknown placeholder{plural} {names}: drafts leave {'them' if plural else 'it'} "
                "as typed. Known: " + ", ".join(f"{{{p}}}" for p in EMAIL_PLACEHOLDERS)
            )
        else:
            self.warning.setText("")
        self.warning.setProperty("warns", bool(unknown))
