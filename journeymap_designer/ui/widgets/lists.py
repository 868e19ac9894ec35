"""The read-only lists the panels show (findings, customers' answers): one look, built in one place."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QWidget


def plain_list(parent: QWidget, name: str, headers: Sequence[str], several: bool = False) -> QTreeWidget:
    """A flat, read-only list with alternating rows; ``several``: more than one row can be selected."""
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(list(headers))
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    mode = QAbstractItemView.SelectionMode
    tree.setSelectionMode(mode.ExtendedSelection if several else mode.SingleSelection)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return tree
