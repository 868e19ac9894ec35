"""The list of the differences dock: what its rows stand for, how they are named and marked, where they lead.

Rows are grouped by status, conflicts first; a flow is named "from → to"; the flows and handoffs a
segment loses with a hidden card are listed under that card. Status marks say their status with a
glyph as well as a colour, readable on a projector.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from ...model.commands import display_name
from ...model.diff import Conflict, ElementDiff
from ...model.workspace import KINDS, Journey, Segment, Workspace
from ..dialogs.conflict import format_value, quote
from ..editing.controller import EditingController
from ..widgets.fieldeditors import label_of
from ..widgets.theme import MARK_COLORS

GROUP_ORDER = ("merge", "conflict", "changed", "added", "hidden", "moved", "removed")
GROUP_LABELS = {
    "merge": "Merge conflicts",
    "conflict": "Conflicts",
    "changed": "Changed",
    "added": "Added",
    "hidden": "Hidden",
    "moved": "Moved",
    "removed": "Removed",
}
STATUS_COLORS = {
    "merge": QColor("#b3261e"),
    "conflict": QColor("#d64545"),
    "changed": MARK_COLORS["changed"],
    "added": MARK_COLORS["added"],
    "hidden": MARK_COLORS["hidden"],
    "moved": QColor("#3f6fb0"),
    "removed": QColor("#8e5bd6"),
}
ROLE_ROW = Qt.ItemDataRole.UserRole
STATUS_GLYPHS = {
    "merge": "\u21c4",
    "conflict": "!",
    "changed": "~",
    "added": "+",
    "hidden": "\u2212",
    "moved": "\u2192",
    "removed": "\u00d7",
}


@dataclass(frozen=True)
class Row:
    """What one row stands for; equal rows are the same row after a refresh (the selection survives)."""

    role: Literal["group", "element", "field", "conflict", "merge"]
    status: str
    kind: str = ""
    element_id: str = ""
    field: str = ""
    key: tuple[str, ...] = ()  # a merge conflict's key (``MergeConflict.key``)


@dataclass(frozen=True)
class Reference:
    """The journey the shown one is compared with (None when there is nothing to compare with)."""

    journey: Journey | None
    name: str  # "the core", "Enterprise", "the last saved version", "other.journeymap"
    problem: str = ""  # why there is no journey: said in the empty list
    note: str = ""  # said after the name in the summary (e.g. a file without the segment shown)
    source: Literal["core", "segment", "file"] = "core"

    def group_label(self, status: str, shown_name: str) -> str:
        """The group's title; against another segment, additions are what only one side has."""
        if self.source == "segment" and status == "added":
            return f"Only in {shown_name}"
        if self.source == "segment" and status == "removed":
            return f"Only in {self.name}"
        return GROUP_LABELS[status]


@cache
def status_icon(status: str, size: int = 16) -> QIcon:
    """A rounded square in the status colour with a white glyph: never colour alone."""
    ratio = 2
    pixmap = QPixmap(size * ratio, size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(STATUS_COLORS[status])
    rect = QRectF(0.5, 0.5, size - 1, size - 1)
    painter.drawRoundedRect(rect, 4, 4)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(size - 4)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, STATUS_GLYPHS[status])
    painter.end()
    return QIcon(pixmap)


def find_element(journeys: Sequence[Journey], kind: str, element_id: str) -> Any:
    """The element in the first journey that has it (the shown one first, then the reference...)."""
    collection = KINDS[kind].collection
    for journey in journeys:
        element = getattr(journey, collection).get(element_id)
        if element is not None:
            return element
    return None


def element_title(journeys: Sequence[Journey], kind: str, element_id: str) -> str:
    """How a row names an element: its title, a flow (or its handoff) as "from → to"."""
    element = find_element(journeys, kind, element_id)
    if element is None:
        return element_id
    if kind == "handoff":
        element = find_element(journeys, "flow", element.flow_id)
        if element is None:
            return element_id
        kind = "flow"
    if kind == "flow":
        ends = []
        for end in (element.source, element.target):
            card = find_element(journeys, "touchpoint", end)
            ends.append(display_name(card) if card is not None else end)
        return " \u2192 ".join(ends)
    return display_name(element)


def hidden_with(
    segment: Segment | None, diffs: Sequence[ElementDiff], journeys: Sequence[Journey]
) -> dict[str, tuple[str, str]]:
    """Hidden flows and handoffs that go only because the segment hides a card or flow they need.

    Maps each one to (kind, id) of the element the segment hides itself, so the list can show them
    under it: resetting that element brings them back, and they cannot be reset on their own.
    """
    if segment is None:
        return {}
    explicit = segment.hidden
    found: dict[str, tuple[str, str]] = {}
    for d in diffs:
        if d.status != "hidden" or d.element_id in explicit or d.kind not in ("flow", "handoff"):
            continue
        element = find_element(journeys, d.kind, d.element_id)
        if element is None:
            continue
        if d.kind == "handoff":
            if element.flow_id in explicit:
                found[d.element_id] = ("flow", element.flow_id)
                continue
            element = find_element(journeys, "flow", element.flow_id)
            if element is None:
                continue
        card = next((end for end in (element.source, element.target) if end in explicit), None)
        if card is not None:
            found[d.element_id] = ("touchpoint", card)
    return found


def reveal_row(controller: EditingController, journeys: Sequence[Journey], row: Row) -> None:
    """Show a row's element on the map (the controller's one way of revealing an element)."""
    title = element_title(journeys, row.kind, row.element_id)
    where = "is hidden in the segment shown" if row.status == "hidden" else "is not on the map shown"
    controller.reveal(row.kind, row.element_id, journeys, f"\u201c{title}\u201d {where}")


class DiffTree(QTreeWidget):
    """The list itself: one group per status (conflicts first), a row per element, a row per field.

    It remembers which rows the user opened or closed, and the current row, across refreshes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diff-list")
        self.setColumnCount(2)
        self.setHeaderLabels(["Difference", "Details"])
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.header().setStretchLastSection(True)
        self.setColumnWidth(0, 440)
        self._user_width = False  # the first column follows the list's width until the user sets it
        self._fitting = False
        self.header().sectionResized.connect(self._section_resized)
        self._opened: dict[Row, bool] = {}  # rows the user expanded or collapsed
        self._building = False
        self.itemExpanded.connect(lambda item: self._remember_open(item, True))
        self.itemCollapsed.connect(lambda item: self._remember_open(item, False))

    def _section_resized(self, index: int, _old: int, _new: int) -> None:
        if index == 0 and not self._fitting:
            self._user_width = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._user_width:  # in a narrow side column, both columns stay in view
            self._fitting = True
            self.setColumnWidth(0, int(min(440, max(160, self.viewport().width() * 0.55))))
            self._fitting = False

    def fill(
        self,
        workspace: Workspace,
        segment: Segment | None,
        diffs: Sequence[ElementDiff],
        found: Sequence[Conflict],
        journeys: Sequence[Journey],
        reference: Reference,
        merges: list[QTreeWidgetItem] | None = None,
    ) -> None:
        """Show these differences and conflicts, keeping the current row when it is still there.

        ``merges`` are the rows of the conflicts a three-way merge left (``merge_rows``): first.
        """
        keep = self.current_row()
        self._building = True
        self.setUpdatesEnabled(False)
        try:
            self.clear()
            self._add_group("merge", merges or [], GROUP_LABELS["merge"])
            self._build(workspace, segment, diffs, found, journeys, reference)
            item = self.find_row(lambda row: row == keep) if keep is not None else None
            if item is not None:
                self.setCurrentItem(item)
        finally:
            self.setUpdatesEnabled(True)
            self._building = False

    def _build(
        self,
        workspace: Workspace,
        segment: Segment | None,
        diffs: Sequence[ElementDiff],
        found: Sequence[Conflict],
        journeys: Sequence[Journey],
        reference: Reference,
    ) -> None:
        shown_name = segment.name if segment is not None else "the core"
        groups: dict[str, list[QTreeWidgetItem]] = {status: [] for status in GROUP_ORDER}
        tint = QBrush(QColor(214, 69, 69, 40))  # translucent: readable on light and dark themes
        for c in found:
            field = label_of(c.field)
            item = _item(
                Row("conflict", "conflict", c.kind, c.element_id, c.field),
                f"{KINDS[c.kind].label}: {element_title(journeys, c.kind, c.element_id)} \u00b7 {field}",
                f"the core and {shown_name} both changed {field.lower()}",
            )
            for column in (0, 1):
                item.setBackground(column, tint)
            for label, value in (("Was", c.base), ("Core now", c.core), (f"{shown_name} (mine)", c.segment)):
                full = format_value(workspace, c.kind, c.field, value)
                child = _item(item.data(0, ROLE_ROW), label, quote(full, 90))
                child.setToolTip(1, full)
                item.addChild(child)
            groups["conflict"].append(item)
        implied = hidden_with(segment, diffs, journeys)
        rows: dict[str, QTreeWidgetItem] = {}
        for d in diffs:
            text = f"{KINDS[d.kind].label}: {element_title(journeys, d.kind, d.element_id)}"
            row = Row("element", d.status, d.kind, d.element_id)
            if d.fields:
                changes = []
                for f in d.fields:
                    old = format_value(workspace, d.kind, f.field, f.old)
                    new = format_value(workspace, d.kind, f.field, f.new)
                    change = f"{quote(old, 60)} \u2192 {quote(new, 60)}"
                    tip = f"{reference.name}:\n{old}\n\n{shown_name}:\n{new}"
                    changes.append((f.field, label_of(f.field), change, tip))
                if len(changes) == 1:  # one field: said on the element's own row
                    item = _item(row, text, f"{changes[0][1]}: {changes[0][2]}")
                    item.setToolTip(1, changes[0][3])
                else:
                    detail = f"{len(changes)} fields: " + ", ".join(c[1].lower() for c in changes)
                    item = _item(row, text, detail)
                for field, label, change, tip in changes if len(changes) > 1 else ():
                    child = _item(Row("field", d.status, d.kind, d.element_id, field), label, change)
                    child.setToolTip(1, tip)
                    item.addChild(child)
            else:
                cause = implied.get(d.element_id)
                detail = {
                    "added": f"in {shown_name}, not in {reference.name}",
                    "hidden": f"hidden in {shown_name}",
                    "removed": f"in {reference.name}, not in {shown_name}",
                }.get(d.status, d.status)
                if cause is not None:
                    detail = f"hidden with \u201c{element_title(journeys, *cause)}\u201d"
                item = _item(row, text, detail)
                if cause is not None and cause[1] in rows:
                    rows[cause[1]].addChild(item)
                    continue
            rows[d.element_id] = item
            groups[d.status].append(item)
        for status in GROUP_ORDER[1:]:
            self._add_group(status, groups[status], reference.group_label(status, shown_name))

    def _add_group(self, status: str, items: list[QTreeWidgetItem], label: str) -> None:
        if not items:
            return
        count = len(items)
        for item in items:
            item.setIcon(0, status_icon(status))
            if status == "hidden" and item.childCount():
                count += item.childCount()
                n = item.childCount()
                item.setText(1, f"{item.text(1)}, with {n} flow{'s' * (n != 1)} or handoff{'s' * (n != 1)}")
        group = _item(Row("group", status), f"{label} ({count})", "")
        group.setIcon(0, status_icon(status))
        font = QFont(group.font(0))
        font.setBold(True)
        group.setFont(0, font)
        self.addTopLevelItem(group)
        group.setFirstColumnSpanned(True)
        group.addChildren(items)
        self._open(group)

    def _open(self, item: QTreeWidgetItem) -> None:
        """Groups, conflicts and changes open; hides (their flows) closed, unless the user chose."""
        row: Row = item.data(0, ROLE_ROW)
        if item.childCount():
            default = row.role in ("group", "conflict", "merge") or row.status in ("changed", "moved")
            item.setExpanded(self._opened.get(row, default))
        for child in children(item):
            self._open(child)

    def _remember_open(self, item: QTreeWidgetItem, opened: bool) -> None:
        if not self._building:
            self._opened[item.data(0, ROLE_ROW)] = opened

    def groups(self) -> list[QTreeWidgetItem]:
        return [g for g in map(self.topLevelItem, range(self.topLevelItemCount())) if g is not None]

    def apply_filter(self, text: str) -> None:
        """Hide the rows whose text (and their children's) does not hold ``text``; empty groups too."""
        needle = text.strip().casefold()

        def texts(item: QTreeWidgetItem) -> str:
            return f"{item.text(0)} {item.text(1)} " + " ".join(texts(c) for c in children(item))

        for group in self.groups():
            shown = 0
            for child in children(group):
                hide = bool(needle) and needle not in texts(child).casefold()
                child.setHidden(hide)
                shown += not hide
            group.setHidden(shown == 0)

    def find_row(self, wanted: Callable[[Row], bool]) -> QTreeWidgetItem | None:
        """The first row (depth first, in list order) whose Row is ``wanted``."""
        stack = self.groups()
        while stack:
            item = stack.pop(0)
            if wanted(item.data(0, ROLE_ROW)):
                return item
            stack[:0] = children(item)
        return None

    def current_row(self) -> Row | None:
        item = self.currentItem()
        return item.data(0, ROLE_ROW) if item is not None else None


def children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [c for c in map(item.child, range(item.childCount())) if c is not None]


def _item(row: Row, text: str, detail: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([text, detail])
    item.setData(0, ROLE_ROW, row)
    item.setToolTip(0, text)
    item.setToolTip(1, detail)
    return item
