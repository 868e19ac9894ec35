"""Table models behind the commonality view: the matrix, each segment's additions, and their filter.

Plain QAbstractTableModels over the Qt-free ``commonality()`` result, so 5,000 rows by twenty segments
cost a list and a few dict look-ups per painted cell, never a widget item per cell.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from ...model.diff import CommonalityRow, SegmentShare
from ...model.workspace import KINDS, Workspace

R = Qt.ItemDataRole
CENTER = Qt.AlignmentFlag.AlignCenter
KIND_ORDER = ("touchpoint", "flow", "handoff", "playbook", "moment", "stage", "lane")
PLURALS = {"touchpoint": "Touchpoints", "flow": "Flows", "handoff": "Handoffs", "playbook": "Playbooks"}
PLURALS |= {"moment": "Moments of truth", "stage": "Stages", "lane": "Lanes"}
DEFAULT_KINDS = frozenset(KIND_ORDER[:5])  # stages and lanes are shared by construction
STATUS_RANK = {"hidden": 0, "changed": 1, "same": 2}  # an ascending sort puts departures first
# status -> (fill or None, text colour, bold, struck out), light then dark; amber and grey read on a projector
STYLES = {
    False: {"same": (None, "#5b6577", False, False), "changed": ("#f6c451", "#3a2600", True, False)},
    True: {"same": (None, "#a9b2c3", False, False), "changed": ("#d99a2b", "#1b1406", True, False)},
}
STYLES[False]["hidden"] = ("#cfd4dc", "#3f4756", False, True)
STYLES[True]["hidden"] = ("#3e4450", "#9aa3b2", False, True)
_INDEX = QModelIndex | QPersistentModelIndex


def percent(fraction: float) -> str:
    """Rounded down, so "100 %" only ever means everything."""
    return f"{math.floor(fraction * 100 + 1e-9)} %"


def element_title(workspace: Workspace, kind: str, element_id: str, fallback: str) -> str:
    """Flows and handoffs have no title of their own: name them by the cards they join."""
    sources = [workspace.core, *(s.added for s in workspace.segments.values())]

    def find(collection: str, key: str) -> Any:
        return next((c for j in sources if (c := getattr(j, collection).get(key)) is not None), None)

    element = find(KINDS[kind].collection, element_id)
    flow = element if kind == "flow" else find("flows", element.flow_id) if kind == "handoff" else None
    if flow is None:
        return fallback
    ends = [find("touchpoints", flow.source), find("touchpoints", flow.target)]
    return " \u2192 ".join(
        getattr(card, "title", "") or key for card, key in zip(ends, (flow.source, flow.target), strict=True)
    )


class RowsModel(QAbstractTableModel):
    """Rows kept in Python lists and sorted with ``list.sort`` on precomputed keys.

    A sorting proxy would call ``data()`` through Qt for every comparison: about a second for
    11,000 rows. Here the proxy only filters, and the source model sorts in a few milliseconds.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sorting: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    def sort_keys(self, column: int) -> list[Any]:
        raise NotImplementedError

    def reorder(self, order: list[int]) -> None:
        """Permute every per-row list: new row n is old row ``order[n]``."""
        raise NotImplementedError

    def _order(self) -> list[int]:
        keys = self.sort_keys(self.sorting[0])
        descending = self.sorting[1] == Qt.SortOrder.DescendingOrder
        return sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)  # stable either way

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sorting = (max(column, 0), order)
        self.layoutAboutToBeChanged.emit()
        new_order = self._order()
        where = {old: new for new, old in enumerate(new_order)}
        persistent = self.persistentIndexList()  # the selection and current row follow their rows
        self.reorder(new_order)
        self.changePersistentIndexList(
            persistent, [self.index(where[i.row()], i.column()) for i in persistent]
        )
        self.layoutChanged.emit()


class MatrixModel(RowsModel):
    """Core elements x segments; two leading columns (kind, element) and a trailing "Shared by"."""

    def __init__(self, dark: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CommonalityRow] = []
        self.titles: list[str] = []
        self.shared: list[int] = []
        self.segments: list[tuple[str, str]] = []  # (id, name) in the workspace's order
        self.shares: dict[str, SegmentShare] = {}
        self._cells: dict[str, dict[int, Any]] = {}  # status -> role -> value, built once
        for status, (fill, text, bold, struck) in STYLES[dark].items():
            font = QFont()
            font.setBold(bold)
            font.setStrikeOut(struck)
            self._cells[status] = {
                R.DisplayRole: status,
                R.BackgroundRole: QBrush(QColor(fill)) if fill else None,
                R.ForegroundRole: QBrush(QColor(text)),
                R.FontRole: font,
                R.TextAlignmentRole: CENTER,
            }

    def set_matrix(
        self, rows: list[CommonalityRow], titles: list[str], segments: list[tuple[str, str]]
    ) -> None:
        self.beginResetModel()
        self.rows, self.titles, self.segments = rows, titles, segments
        self.shared = [sum(v == "same" for v in row.per_segment.values()) for row in rows]
        if self.sorting[0] >= self.columnCount():  # that segment's column is gone
            self.sorting = (0, Qt.SortOrder.AscendingOrder)
        self.reorder(self._order())
        self.endResetModel()

    def sort_keys(self, column: int) -> list[Any]:
        segment_id = self.segment_at(column)
        if segment_id is not None:
            return [STATUS_RANK[row.per_segment.get(segment_id, "same")] for row in self.rows]
        if column == 0:
            return [
                (KIND_ORDER.index(r.kind), t.casefold()) for r, t in zip(self.rows, self.titles, strict=True)
            ]
        return [t.casefold() for t in self.titles] if column == 1 else list(self.shared)

    def reorder(self, order: list[int]) -> None:
        self.rows = [self.rows[i] for i in order]
        self.titles = [self.titles[i] for i in order]
        self.shared = [self.shared[i] for i in order]

    def set_shares(self, shares: dict[str, SegmentShare]) -> None:
        self.shares = shares
        if self.segments:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 2, 1 + len(self.segments))

    def segment_at(self, column: int) -> str | None:
        return self.segments[column - 2][0] if 2 <= column < 2 + len(self.segments) else None

    def filter_key(self, row: int) -> tuple[str, str, bool]:
        return self.rows[row].kind, self.titles[row], self.shared[row] < len(self.segments)

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3 + len(self.segments)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role not in (R.DisplayRole, R.ToolTipRole):
            return None
        segment_id = self.segment_at(section)
        if segment_id is None:
            return ("Kind", "Element")[section] if section < 2 else "Shared by"
        name, share = self.segments[section - 2][1], self.shares.get(segment_id)
        if share is None:
            return name
        if role == R.ToolTipRole:
            return (
                f"{name}: {share.same} same, {share.changed} changed, {share.hidden} hidden, +{share.added}"
            )
        return f"{name}\n{percent(share.share)} same"

    def data(self, index: _INDEX, role: int = 0) -> Any:
        number, column = index.row(), index.column()
        row, title = self.rows[number], self.titles[number]
        segment_id = self.segment_at(column)
        if segment_id is not None:
            status = row.per_segment.get(segment_id, "same")
            if role == R.ToolTipRole:
                return f"{self.segments[column - 2][1]}: {status}"
            return self._cells[status].get(role)
        if column == 0:
            return KINDS[row.kind].label if role == R.DisplayRole else None
        if column == 1:
            return title if role == R.DisplayRole else row.element_id if role == R.ToolTipRole else None
        shared = f"{self.shared[number]}/{len(self.segments)}"
        return shared if role == R.DisplayRole else CENTER if role == R.TextAlignmentRole else None


class AdditionsModel(RowsModel):
    """Each segment's own elements, one row each: segment, kind, element."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str, str, str]] = []  # segment id, segment name, kind, id, title
        self._segment_order: dict[str, int] = {}

    def set_rows(self, rows: list[tuple[str, str, str, str, str]]) -> None:
        """Take rows grouped by segment in the workspace's order: sorting by segment keeps that order."""
        self.beginResetModel()
        self.rows = rows
        self._segment_order = {segment_id: n for n, (segment_id, *_rest) in reversed(list(enumerate(rows)))}
        self.reorder(self._order())
        self.endResetModel()

    def sort_keys(self, column: int) -> list[Any]:
        kind_title = [(KIND_ORDER.index(r[2]), r[4].casefold()) for r in self.rows]
        if column == 0:
            return [(self._segment_order[r[0]], *k) for r, k in zip(self.rows, kind_title, strict=True)]
        return kind_title if column == 1 else [r[4].casefold() for r in self.rows]

    def reorder(self, order: list[int]) -> None:
        self.rows = [self.rows[i] for i in order]

    def filter_key(self, row: int) -> tuple[str, str, bool]:
        return self.rows[row][2], self.rows[row][4], True

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and role == R.DisplayRole
        return ("Segment", "Kind", "Element")[section] if horizontal else None

    def data(self, index: _INDEX, role: int = 0) -> Any:
        _segment_id, segment, kind, element_id, title = self.rows[index.row()]
        text = (segment, KINDS[kind].label, title)[index.column()]
        return text if role == R.DisplayRole else element_id if role == R.ToolTipRole else None


class FilterProxy(QSortFilterProxyModel):
    """Filters by kind, by words of the title and (in the matrix) to rows where a segment departs.

    Sorting is passed on to the source model (see RowsModel); the proxy keeps the source's order.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kinds: set[str] = set(DEFAULT_KINDS)
        self.words: list[str] = []
        self.only_differences = False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, RowsModel):
            source.sort(column, order)

    def set_filter(self, kinds: set[str], text: str, only_differences: bool) -> None:
        self.beginFilterChange()
        self.kinds, self.words, self.only_differences = kinds, text.casefold().split(), only_differences
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, _parent: _INDEX) -> bool:
        kind, title, differs = self.sourceModel().filter_key(source_row)  # type: ignore[attr-defined]
        folded = title.casefold()
        return (
            kind in self.kinds
            and all(word in folded for word in self.words)
            and (differs or not self.only_differences)
        )
