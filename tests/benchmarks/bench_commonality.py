"""Commonality view budget: reset, two sorts and a filter of the matrix take <= 1 s.

Measured on a generated workspace of 5,000 touchpoints and 20 segments (seed 3), in a QTableView with
sorting on (not shown, as in the view's test): ``MatrixModel.set_matrix`` (the reset), a sort by a
segment's column (departures first), ``FilterProxy.set_filter`` (touchpoints and flows whose title
has an "e" and that some segment departs from) and a sort by title, descending. Each run starts from
a new model, proxy and table, built untimed. The matrix and titles are computed once, untimed.

Baseline in the same run: a plain ``QStandardItemModel`` filled with the same cells' text behind a
plain ``QSortFilterProxyModel``, sorted the same two ways and filtered on the title's "e" (it cannot
filter by kind or departure without code of its own). The note also gives the floor: the same rows
sorted, filtered and sorted again with ``sorted()`` on plain Python lists.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from journeymap_designer.model.diff import commonality
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.ui.dialogs.commonality_models import FilterProxy, MatrixModel, element_title

from .bench_canvas import ISSUE_SIZE, application
from .harness import Result, measure

BUDGET_MS = 1000.0
SORT_COLUMN = 5  # a segment's column, as in the view's test
KINDS = {"touchpoint", "flow"}
WORD = "e"


class _Matrix:
    """Our model and proxy in a table with sorting on, as the commonality view has them."""

    def __init__(self) -> None:
        self.model, self.proxy, self.view = MatrixModel(dark=False), FilterProxy(), QTableView()
        self.proxy.setSourceModel(self.model)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)


class _Plain:
    """A QStandardItemModel behind a plain QSortFilterProxyModel, in the same kind of table."""

    def __init__(self, columns: int) -> None:
        self.model, self.proxy, self.view = (
            QStandardItemModel(0, columns),
            QSortFilterProxyModel(),
            QTableView(),
        )
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(1)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)


def run(touchpoints: int, segments: int, repeat: int) -> list[Result]:
    application()
    workspace = generate_workspace(touchpoints, max(1, segments), seed=3)
    matrix = commonality(workspace)
    titles = [element_title(workspace, r.kind, r.element_id, r.title) for r in matrix.rows]
    names = [(s.id, s.name) for s in workspace.segments.values()]
    column = min(SORT_COLUMN, 1 + len(names))  # a segment's column even with fewer segments
    ours: list[_Matrix] = []  # the current run's table, built untimed before it (one at a time)
    plains: list[_Plain] = []

    def new_ours() -> None:
        ours[:] = [_Matrix()]

    def new_plain() -> None:
        plains[:] = [_Plain(3 + len(names))]

    def ours_once() -> None:
        table = ours[-1]
        table.model.set_matrix(matrix.rows, titles, names)
        table.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        table.proxy.set_filter(KINDS, WORD, only_differences=True)
        table.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)

    ours_ms = measure(ours_once, repeat, setup=new_ours)
    shown = ours[-1].proxy.rowCount()
    ours.clear()

    cells: list[list[str]] = []
    for row, title in zip(matrix.rows, titles, strict=True):
        statuses = [row.per_segment.get(segment_id, "same") for segment_id, _name in names]
        cells.append([row.kind, title, *statuses, f"{statuses.count('same')}/{len(names)}"])

    def plain_once() -> None:
        table = plains[-1]
        for texts in cells:
            table.model.appendRow([QStandardItem(text) for text in texts])
        table.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        table.proxy.setFilterFixedString(WORD)
        table.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)

    plain_ms = measure(plain_once, repeat, setup=new_plain)
    plains.clear()

    rank = {"hidden": 0, "changed": 1, "same": 2}
    everywhere = f"{len(names)}/{len(names)}"

    def lists() -> list[int]:
        order = sorted(range(len(cells)), key=lambda i: rank[cells[i][column]])
        kept = [
            i
            for i in order
            if cells[i][0] in KINDS and WORD in cells[i][1].casefold() and cells[i][-1] != everywhere
        ]
        return sorted(kept, key=lambda i: cells[i][1].casefold(), reverse=True)

    floor_ms = measure(lists, repeat)
    assert len(lists()) == shown, "the floor must keep the rows the view shows"
    return [
        Result(
            f"matrix reset+2 sorts+filter, {len(cells):,} rows",
            ours_ms,
            BUDGET_MS if touchpoints >= ISSUE_SIZE else None,
            "QStandardItemModel+proxy",
            plain_ms,
            note=(
                f"{len(names)} segment columns, {shown:,} rows shown after the filter; "
                f"floor, sorted() on plain lists: {floor_ms:,.1f} ms"
            ),
        )
    ]
