"""Small dialogs: the template gallery for New, and the question asked after a crash."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ...model.fileformat import DocumentError, load_workspace
from ...model.recovery import RecoveryEntry
from ...starter import UNTITLED, template_names, template_path
from ..canvas.thumbnail import thumbnail

THUMB_W, THUMB_H = 440, 200

TEMPLATE_TITLES = {
    "blank": "Blank map",
    "b2b-saas-lifecycle": "B2B SaaS lifecycle",
    "milestone-methodology": "Success-milestone methodology",
    "cs-lifecycle-yearly": "Customer-success lifecycle in yearly cycles",
}


class TemplateGallery(QDialog):
    """Choose the template a new map starts from; the description says what each one holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New journey map")
        self.resize(720, 420)
        self.list = QListWidget()
        self.picture = QLabel()
        self.picture.setObjectName("template-thumbnail")
        self.picture.setMinimumSize(THUMB_W, THUMB_H)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pictures: dict[str, QPixmap] = {}
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.description.setMinimumWidth(320)
        for name in sorted(template_names(), key=lambda n: (n != "blank", n)):
            item = QListWidgetItem(TEMPLATE_TITLES.get(name, name))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
        self.list.currentItemChanged.connect(self._describe)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.name = QLineEdit()
        self.name.setObjectName("map-name")
        self.name.setPlaceholderText(f"{UNTITLED} (you can rename it later: File > Properties)")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        details = QVBoxLayout()
        details.addWidget(self.picture)
        details.addWidget(self.description, 1)
        body.addLayout(details, 2)
        named = QFormLayout()
        named.addRow("Name of your map:", self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addLayout(named)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)

    def map_name(self) -> str:
        return self.name.text().strip()

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _describe(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        try:
            workspace = load_workspace(template_path(name))
        except (DocumentError, KeyError) as exc:
            self.description.setText(str(exc))
            return
        if name not in self._pictures:  # drawn once, as the map itself draws it
            self._pictures[name] = QPixmap.fromImage(thumbnail(workspace, THUMB_W, THUMB_H))
        self.picture.setPixmap(self._pictures[name])
        core = workspace.core
        stages = " \u2192 ".join(s.name for s in core.ordered_stages()) or "no stages yet"
        self.description.setText(
            f"<h3>{TEMPLATE_TITLES.get(name, name)}</h3><p>{workspace.description}</p>"
            f"<p><b>Stages:</b> {stages}</p><p>{len(core.lanes)} lanes, {len(core.touchpoints)} touchpoints, "
            f"{len(core.moments)} moments of truth, {len(core.playbooks)} playbooks</p>"
        )


def ask_to_restore(parent: QWidget | None, entry: RecoveryEntry) -> bool:
    """After a crash: restore the unsaved work of ``entry``? (No discards it.)"""
    when = time.strftime("%H:%M:%S on %d %b", time.localtime(entry.saved_at))
    answer = QMessageBox.question(
        parent,
        "Restore unsaved work?",
        f"Journey Map Designer did not close normally.\n\nUnsaved changes to {entry.title} were kept "
        f"at {when}. Restore them?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes
