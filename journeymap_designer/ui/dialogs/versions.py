"""The list of a map's versions (File > Compare with Version…): date, author and message of each commit.

The commits come from the model (``model/versions.py``, read through dulwich); this dialog only lets
the user pick one, newest first, as ``git log`` lists them. A double-click or Compare chooses.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model.versions import Version

COLUMNS = ("Date", "Author", "Message", "Commit")


class VersionDialog(QDialog):
    """Pick one version of the file; ``chosen`` is it once the dialog is accepted."""

    def __init__(self, file_name: str, versions: Sequence[Version], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Compare {file_name} with a version")
        self.setObjectName("version-dialog")
        self.resize(720, 420)
        self.versions = list(versions)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"The commits that changed {file_name}, newest first. The map as it was there is compared "
                "with the map as it is now, in the Differences panel."
            )
        )
        self.list = QTreeWidget()
        self.list.setObjectName("version-list")
        self.list.setHeaderLabels(list(COLUMNS))
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for version in self.versions:
            item = QTreeWidgetItem(
                [f"{version.date:%Y-%m-%d %H:%M}", version.author, version.message, version.short_id]
            )
            item.setToolTip(2, version.message)
            item.setToolTip(3, version.id + (f"\n{version.path}" if version.path else ""))
            self.list.addTopLevelItem(item)
        for column in (0, 1, 3):
            self.list.resizeColumnToContents(column)
        self.list.itemDoubleClicked.connect(lambda _item, _column: self.accept())
        layout.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        compare = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        compare.setText("Compare")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentItemChanged.connect(
            lambda current, _previous: compare.setEnabled(current is not None)
        )
        compare.setEnabled(False)
        layout.addWidget(self.buttons)
        if self.versions:
            self.select(0)

    def select(self, index: int) -> None:
        """Make the version at ``index`` (0: the newest) the current row."""
        item = self.list.topLevelItem(index)
        if item is not None:
            self.list.setCurrentItem(item)

    def chosen(self) -> Version | None:
        """The version of the current row (None with no row)."""
        current = self.list.currentItem()
        index = self.list.indexOfTopLevelItem(current) if current is not None else -1
        return self.versions[index] if 0 <= index < len(self.versions) else None
