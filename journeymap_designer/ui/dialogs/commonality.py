"""The commonality view: which core elements every segment really shares, and what each one adds.

A lead keeps it open beside the map. The matrix is a model/view table (thousands of rows stay cheap)
and is recomputed on a short debounce after edits, since twenty segments of 5,000 cards take ~200 ms.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...model.diff import Commonality, commonality
from ..editing.controller import EditingController
from ..widgets.theme import system_theme
from .commonality_models import (
    DEFAULT_KINDS,
    KIND_ORDER,
    PLURALS,
    AdditionsModel,
    FilterProxy,
    MatrixModel,
    element_title,
    percent,
)

DEBOUNCE_MS = 200
SEGMENTS_PER_LINE = 3  # per-segment counts line up in columns under the headline


def _table(model: QSortFilterProxyModel, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setAlternatingRowColors(False)  # the status colours carry the meaning; stripes would blur them
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measures 5,000 rows
    rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


class CommonalityDialog(QDialog):
    """A non-modal window over the main window's document; double-click a row to see it on the map."""

    def __init__(self, controller: EditingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Commonality")
        self.setModal(False)
        self.resize(1100, 700)
        self.controller = controller
        self.matrix: Commonality | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)

        self.summary = QLabel(self)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.summary.setFont(font)
        self.per_segment = QLabel(self)
        self.per_segment.setTextFormat(Qt.TextFormat.RichText)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter by title\u2026")
        self.search.setClearButtonEnabled(True)
        self.kind_boxes: dict[str, QCheckBox] = {}
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for kind in KIND_ORDER:
            box = QCheckBox(PLURALS[kind], self)
            box.setChecked(kind in DEFAULT_KINDS)
            box.toggled.connect(self._apply_filter)
            self.kind_boxes[kind] = box
            filters.addWidget(box)
        self.only_differences = QCheckBox("Only differences", self)
        self.only_differences.setToolTip("Hide the rows every segment keeps exactly as the core has them")
        filters.addSpacing(12)
        filters.addWidget(self.only_differences)
        self.search.textChanged.connect(self._apply_filter)
        self.only_differences.toggled.connect(self._apply_filter)

        self.model = MatrixModel(system_theme().dark, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = _table(self.proxy, self)
        self.table.doubleClicked.connect(self._matrix_activated)
        self.additions_model = AdditionsModel(self)
        self.additions_proxy = FilterProxy(self)
        self.additions_proxy.setSourceModel(self.additions_model)
        self.additions = _table(self.additions_proxy, self)
        self.additions.horizontalHeader().setStretchLastSection(True)
        self.additions.setColumnWidth(0, 160)
        self.additions.setColumnWidth(1, self.fontMetrics().horizontalAdvance("Moment of truth") + 24)
        self.additions.doubleClicked.connect(self._addition_activated)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.table, "Matrix")
        self.tabs.addTab(self.additions, "Own additions")

        hint = QLabel(
            "Double-click a row to show it on the map; in a segment's column, as that segment has it."
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        footer = QHBoxLayout()
        footer.addWidget(hint, 1)
        footer.addWidget(buttons)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.per_segment):
            layout.addWidget(widget)
        layout.addLayout(filters)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(footer)
        controller.changed.connect(self._changed)  # edits, undo, another document: only while shown

    # -- following the document ---------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """True while an edit's recompute waits for the debounce to run out."""
        return self._timer.isActive()

    def _changed(self, _change: object = None) -> None:
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # nothing was followed while hidden

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    # -- computing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the matrix now, keeping the selected element selected."""
        self._timer.stop()
        workspace = self.controller.document.workspace
        current = self.current_element()
        self.matrix = matrix = commonality(workspace)
        titles = [element_title(workspace, r.kind, r.element_id, r.title) for r in matrix.rows]
        self.model.set_matrix(matrix.rows, titles, [(s.id, s.name) for s in workspace.segments.values()])
        added = [
            (s.id, s.name, d.kind, d.element_id, element_title(workspace, d.kind, d.element_id, d.title))
            for s in workspace.segments.values()
            for d in matrix.additions.get(s.id, [])
        ]
        self.additions_model.set_rows(added)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("Moment of truth") + 24)
        for column in range(2, self.model.columnCount()):
            header.resizeSection(column, max(110, header.sectionSizeFromContents(column).width() + 8))
        self._update_summary()
        if current is not None:
            self.select_element(current)

    def _apply_filter(self) -> None:
        kinds = {kind for kind, box in self.kind_boxes.items() if box.isChecked()}
        text = self.search.text()
        self.proxy.set_filter(kinds, text, self.only_differences.isChecked())
        self.additions_proxy.set_filter(kinds, text, False)
        self._update_summary()

    def _update_summary(self) -> None:
        if self.matrix is None:
            return
        summary = self.matrix.summary(self.proxy.kinds)
        self.model.set_shares(summary.segments)
        if not summary.segments:
            self.summary.setText(f"{summary.elements} core elements \u00b7 no segments yet: all shared")
        else:
            shared = f"{summary.shared} shared by every segment ({percent(summary.share)})"
            self.summary.setText(f"{summary.elements} core elements \u00b7 {shared}")
        names = {s.id: s.name for s in self.controller.document.workspace.segments.values()}
        cells = [
            f"<td style='padding-right:28px'><b>{escape(names.get(s.segment_id, s.segment_id))}</b>&nbsp; "
            f"{s.same} same, {s.changed} changed, {s.hidden} hidden, +{s.added} own</td>"
            for s in summary.segments.values()
        ]
        rows = ["".join(cells[i : i + SEGMENTS_PER_LINE]) for i in range(0, len(cells), SEGMENTS_PER_LINE)]
        self.per_segment.setText(f"<table>{''.join(f'<tr>{r}</tr>' for r in rows)}</table>")
        self.tabs.setTabText(1, f"Own additions ({self.additions_proxy.rowCount()})")

    # -- going to the map ---------------------------------------------------------------------

    def current_element(self) -> str | None:
        index = self.proxy.mapToSource(self.table.currentIndex())
        return self.model.rows[index.row()].element_id if index.isValid() else None

    def select_element(self, element_id: str) -> bool:
        """Make the row of ``element_id`` current, if the filters show it."""
        for row, data in enumerate(self.model.rows):
            if data.element_id == element_id:
                index = self.proxy.mapFromSource(self.model.index(row, 1))
                if index.isValid():
                    self.table.setCurrentIndex(index)
                    self.table.scrollTo(index)
                return index.isValid()
        return False

    def _matrix_activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        row = self.model.rows[source.row()]
        segment_id = self.model.segment_at(source.column()) or self.controller.segment_id
        if segment_id is not None and row.per_segment.get(segment_id) == "hidden":
            segment_id = None  # hidden there: the core is where it can be seen
        self.show_on_map(segment_id, row.kind, row.element_id)

    def _addition_activated(self, index: QModelIndex) -> None:
        segment_id, _name, kind, element_id, _title = self.additions_model.rows[
            self.additions_proxy.mapToSource(index).row()
        ]
        self.show_on_map(segment_id, kind, element_id)

    def show_on_map(self, segment_id: str | None, kind: str, element_id: str) -> None:
        """Switch the map to ``segment_id`` (None: core) and select the element, or centre on it.

        A handoff is drawn on its flow and a playbook on its moment; stages and lanes are not
        selectable, so the map centres on their header.
        """
        if segment_id != self.controller.segment_id:
            self.controller.show_journey(segment_id)
        self.controller.reveal(kind, element_id)
