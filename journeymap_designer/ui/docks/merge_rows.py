"""The "Merge conflicts" rows of the differences dock, and how a merge conflict is named and shown.

A map that came out of a three-way merge with conflicts (``Workspace.merge_conflicts``) holds ours in
each disputed slot until someone settles it. These rows say which element (by name: the id is what
a lead cannot read), which field, and the three values with the two sides' labels ("main", "feature"),
so the lead can choose without opening the file. The same naming and the same way to the element
serve the findings dock, whose ``merge-conflict`` errors are the same records.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidgetItem

from ...model.commands import display_name
from ...model.elements import MergeConflict
from ...model.workspace import KINDS, Workspace
from ..dialogs.conflict import format_value, quote
from ..editing.controller import EditingController
from ..widgets.fieldeditors import label_of
from .diff_rows import ROLE_ROW, Row

KIND_LABELS = {"segment": "Segment", "workspace": "Map"}


def kind_label(conflict: MergeConflict) -> str:
    kind = KINDS.get(conflict.kind)
    return kind.label if kind is not None else KIND_LABELS.get(conflict.kind, conflict.kind.capitalize())


def current_element(workspace: Workspace, conflict: MergeConflict) -> Any:
    """The element the conflict is about as the merged map holds it now (None when it is not there)."""
    kind = KINDS.get(conflict.kind)
    if conflict.kind == "segment":
        return workspace.segments.get(conflict.element_id)
    if kind is None:
        return None
    if conflict.where == "segment" and conflict.part == "element":
        segment = workspace.segments.get(conflict.segment_id or "")
        return getattr(segment.added, kind.collection).get(conflict.element_id) if segment else None
    return workspace.collection(kind.name).get(conflict.element_id)


def conflict_title(workspace: Workspace, conflict: MergeConflict) -> str:
    """The element's name: as the map holds it, else as either side had it, else its id."""
    if conflict.kind == "workspace":
        return workspace.name or "this map"
    element = current_element(workspace, conflict)
    if element is not None:
        return display_name(element)
    for side in (conflict.ours, conflict.theirs, conflict.base):
        if name := _name(side):
            return name
    return conflict.element_id


def _name(value: Any) -> str:
    """The title or name in an element as the file holds it (a JSON object), else ""."""
    return str(value.get("title") or value.get("name") or "") if isinstance(value, dict) else ""


def field_text(conflict: MergeConflict) -> str:
    """The field, or what happened to the whole element."""
    if conflict.field is not None:
        return label_of(conflict.field)
    if conflict.base is None:
        return "added on both sides"
    return "deleted on one side, changed on the other"


def where_text(workspace: Workspace, conflict: MergeConflict) -> str:
    segment = workspace.segments.get(conflict.segment_id or "")
    name = segment.name if segment is not None else conflict.segment_id
    if conflict.part == "override":
        return f" (in segment {name})"
    if conflict.where == "segment" and conflict.kind != "segment":
        return f" (added by segment {name})"
    return ""


def side_value(workspace: Workspace, conflict: MergeConflict, value: Any) -> str:
    """One side's value as a person reads it: names for ids, "(deleted)" for an element gone."""
    if conflict.field is None:
        if value is None:
            return "(deleted)" if conflict.base is not None else "(not added)"
        name = _name(value)
        return f"kept, as \u201c{name}\u201d" if name else "kept"
    if conflict.part == "override":
        if value is None:
            return "(as the core has it)"
        value = value.get("value") if isinstance(value, dict) else value
    return format_value(workspace, conflict.kind, conflict.field, value)


def merge_items(workspace: Workspace, found: tuple[MergeConflict, ...]) -> list[QTreeWidgetItem]:
    """One row per conflict ("Card: Kickoff · Title"), with ours, theirs and base under it."""
    tint = QBrush(QColor(214, 69, 69, 40))  # translucent: readable on light and dark themes
    items = []
    for c in found:
        row = Row("merge", "merge", c.kind, c.element_id, c.field or "", c.key())
        ours, theirs = side_value(workspace, c, c.ours), side_value(workspace, c, c.theirs)
        if c.field is not None:
            base = side_value(workspace, c, c.base)
        else:  # the element as it was before both sides, by name
            base = f"\u201c{_name(c.base) or c.element_id}\u201d" if c.base is not None else "(not there)"
        name = f"{conflict_title(workspace, c)}{where_text(workspace, c)}"
        text = f"{kind_label(c)}: {name} \u00b7 {field_text(c)}"
        detail = f"{c.ours_label}: {quote(ours, 40)} \u00b7 {c.theirs_label}: {quote(theirs, 40)}"
        item = _item(row, text, detail)
        for column in (0, 1):
            item.setBackground(column, tint)
        for label, shown in (
            (f"{c.ours_label} (ours)", ours),
            (f"{c.theirs_label} (theirs)", theirs),
            ("Base (before both)", base),
        ):
            item.addChild(_item(row, label, quote(shown, 90), shown))
        items.append(item)
    return items


def _item(row: Row, text: str, detail: str, tip: str = "") -> QTreeWidgetItem:
    item = QTreeWidgetItem([text, detail])
    item.setData(0, ROLE_ROW, row)
    item.setToolTip(0, text)
    item.setToolTip(1, tip or detail)
    return item


def reveal_conflict(controller: EditingController, conflict: MergeConflict) -> None:
    """Go to a conflict's element: its segment shown first when it lives in one, then the element."""
    workspace = controller.workspace
    title = conflict_title(workspace, conflict)
    if conflict.kind == "segment":
        if conflict.element_id in workspace.segments:
            controller.show_journey(conflict.element_id)
        else:
            controller.message.emit(f"Segment \u201c{title}\u201d is not in the map: ours deleted it")
        return
    if conflict.kind not in KINDS or KINDS[conflict.kind].scope != "journey":
        controller.message.emit(f"{kind_label(conflict)} \u201c{title}\u201d is not drawn on the map")
        return
    segment_id = conflict.segment_id if conflict.where == "segment" else None
    if segment_id is not None and segment_id in workspace.segments and segment_id != controller.segment_id:
        controller.show_journey(segment_id)
    if current_element(workspace, conflict) is None and conflict.part == "element":
        gone = f"\u201c{title}\u201d is not on the map: {conflict.ours_label} deleted it"
        controller.message.emit(gone)
        return
    controller.reveal(conflict.kind, conflict.element_id, note=f"\u201c{title}\u201d is not on the map shown")
