"""What the differences dock's buttons, its context menu and the Segment menu do to the model.

Each action is one undoable command: settle a conflict (keep mine, take the core's, or an edited
value), reset an element of the segment to the core, promote a segment's change into the core for
every segment, or restore an element as an older version of the map (or another file) has it. The
buttons act on the list's current row, the Segment menu on the map's selection.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from ...model.diff import Conflict
from ...model.intents import Item, Reset
from ...model.reconcile import promotable
from ...model.restore import Restore
from ...model.workspace import Journey, Segment, Workspace
from ..dialogs.conflict import ConflictDialog, format_value, quote
from ..editing.controller import EditingController
from ..widgets.fieldeditors import label_of
from .diff_rows import DiffTree, Reference, Row, element_title

RESTORE_VERBS: dict[Restore, str] = {
    "add": "Added back",
    "show": "Shown again",
    "update": "Set back",
    "remove": "Removed",
}


class DiffList(Protocol):
    """What the actions need of the differences dock (a protocol, so neither module imports the other)."""

    controller: EditingController
    take_ours_button: QPushButton
    take_theirs_button: QPushButton
    edit_merge_button: QPushButton
    keep_button: QPushButton
    core_button: QPushButton
    edit_button: QPushButton
    reset_button: QPushButton
    promote_button: QPushButton
    promote_all_button: QPushButton
    restore_button: QPushButton
    conflicts: list[Conflict]
    conflict_dialog: ConflictDialog | None
    journeys: tuple[Journey, ...]
    reference: Reference
    tree: DiffTree

    @property
    def workspace(self) -> Workspace: ...
    def segment(self) -> Segment | None: ...
    def shown_name(self) -> str: ...
    def selected_row(self) -> Row | None: ...
    def refresh(self) -> None: ...
    def confirm(self, title: str, text: str) -> bool: ...
    def go_to(self, row: Row) -> None: ...
    def window(self) -> QWidget: ...


class DiffActions:
    """Turns the dock's buttons and the Segment menu's items into commands on the document."""

    def __init__(self, dock: DiffList) -> None:
        self.dock = dock
        self.controller = dock.controller
        for button, slot in (
            (dock.keep_button, self.keep_mine),
            (dock.core_button, self.take_core),
            (dock.edit_button, self.edit_conflict),
            (dock.reset_button, self.reset_selected),
            (dock.promote_button, self.promote_selected),
            (dock.promote_all_button, self.promote_all),
            (dock.restore_button, self.restore_selected),
        ):
            button.clicked.connect(lambda _checked=False, s=slot: s())
        # Published for the window's Segment menu and the map's right-click menu.
        self.reset_action = self._action("&Reset to Core", self.reset_canvas_selection)
        self.reset_action.setToolTip("Make the selected elements of the segment match the core again")
        self.promote_action = self._action("&Promote to Core", self.promote_canvas_selection)
        self.promote_action.setToolTip("Move the segment's changes of the selection into the core")
        self.promote_all_action = self._action("Promote &All Changes to Core\u2026", self.promote_all)
        self.controller.selection_changed.connect(self.update_canvas_actions)

    def _action(self, text: str, slot: Any) -> QAction:
        action = QAction(text, self.dock.tree)  # owned by the dock, through its list
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @property
    def menu_actions(self) -> list[QAction]:
        return [self.reset_action, self.promote_action, self.promote_all_action]

    # -- what applies -------------------------------------------------------------------------

    def _name(self) -> str:
        return self.dock.shown_name()

    def how_to_reset(self, kind: str, element_id: str) -> Reset | None:
        """How the segment shown goes back to the core for one element (None: it does not differ)."""
        return self.controller.how_to_reset(kind, element_id)

    def promotable(self) -> set[Item]:
        segment = self.dock.segment()
        return set(promotable(self.dock.workspace, segment.id)) if segment is not None else set()

    def selected_conflict(self) -> Conflict | None:
        row = self.dock.selected_row()
        if row is None or row.role != "conflict":
            return None
        wanted = (row.kind, row.element_id, row.field)
        return next((c for c in self.dock.conflicts if (c.kind, c.element_id, c.field) == wanted), None)

    def _row_target(self) -> Row | None:
        """The difference the reset and promote buttons act on: a row of a segment against the core."""
        row = self.dock.selected_row()
        if row is None or row.role not in ("element", "field") or self.dock.reference.source != "core":
            return None
        return row if self.dock.segment() is not None else None

    def update_buttons(self) -> None:
        dock = self.dock
        conflict = self.selected_conflict() is not None
        for button in (dock.keep_button, dock.core_button, dock.edit_button):
            button.setEnabled(conflict)
        row = self._row_target()
        dock.reset_button.setEnabled(
            row is not None and self.how_to_reset(row.kind, row.element_id) is not None
        )
        dock.promote_button.setEnabled(row is not None and (row.kind, row.element_id) in self.promotable())
        dock.promote_all_button.setEnabled(bool(self.promotable()))
        target = self._restore_target()
        dock.restore_button.setEnabled(target is not None)
        if target is not None:  # the button says what it would do: "Restore from version 3f2a9c1e…"
            dock.restore_button.setToolTip(
                f"{RESTORE_VERBS[target[1]]} as {dock.reference.name} has it, in {self._name()}"
            )

    def _canvas_selection(self) -> list[Item]:
        """The selected cards and flows, with the handoffs drawn on the selected flows."""
        selected = self.controller.selection
        items: list[Item] = [(kind, i) for kind in ("touchpoint", "flow") for k, i in selected if k == kind]
        flows = {i for kind, i in items if kind == "flow"}
        journey = self.controller.journey(self.controller.segment_id)
        items += [("handoff", h.id) for h in journey.handoffs.values() if h.flow_id in flows]
        return items

    def update_canvas_actions(self) -> None:
        selection = self._canvas_selection()
        promotable_now = self.promotable()
        self.reset_action.setEnabled(any(self.how_to_reset(k, i) for k, i in selection))
        self.promote_action.setEnabled(any(item in promotable_now for item in selection))
        self.promote_all_action.setEnabled(bool(promotable_now))

    # -- pushing ------------------------------------------------------------------------------

    def _done(self, pushed: bool) -> bool:
        if pushed:
            self.dock.refresh()  # at once: the row just settled must not linger for the debounce
        return pushed

    def status(self, text: str) -> None:
        self.controller.message.emit(text)

    def _title(self, kind: str, element_id: str) -> str:
        return element_title(self.dock.journeys, kind, element_id)

    # -- conflicts ----------------------------------------------------------------------------

    def keep_mine(self) -> None:
        c = self.selected_conflict()
        if c is not None:
            field, title = label_of(c.field).lower(), self._title(c.kind, c.element_id)
            done = (
                f"Kept {self._name()}'s {field} of \u201c{title}\u201d: "
                "the core's change to it will not be raised again"
            )
            self._settle(c, "mine", done)

    def take_core(self) -> None:
        c = self.selected_conflict()
        if c is not None:
            field = label_of(c.field).lower()
            value = quote(format_value(self.dock.workspace, c.kind, c.field, c.core))
            self._settle(c, "core", f"{self._name()} now takes the core's {field}: {value}")

    def _settle(self, c: Conflict, how: Literal["mine", "core"], done: str) -> None:
        problem = self.controller.resolve_conflict(c.kind, c.element_id, c.field, how, done=done)
        if problem is not None:
            self.status(problem)
        self._done(problem is None)

    def edit_conflict(self) -> ConflictDialog | None:
        """Open the dialog (window-modal, not blocking): its OK pushes the edited value."""
        c = self.selected_conflict()
        if c is None:
            return None
        name = self._name()

        def submit(value: Any) -> str | None:
            shown = quote(format_value(self.dock.workspace, c.kind, c.field, value))
            done = f"{name} now has its own {label_of(c.field).lower()}: {shown}"
            problem = self.controller.resolve_conflict(c.kind, c.element_id, c.field, "value", value, done)
            self._done(problem is None)
            return problem

        dialog = ConflictDialog(
            self.dock.workspace, c, self._title(c.kind, c.element_id), name, submit, self.dock.window()
        )
        self.dock.conflict_dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: ConflictDialog) -> None:
        if self.dock.conflict_dialog is dialog:
            self.dock.conflict_dialog = None
        dialog.deleteLater()

    # -- reset and promote --------------------------------------------------------------------

    def _confirm_remove(self, titles: list[str]) -> bool:
        name = self._name()
        listed = ", ".join(f"\u201c{t}\u201d" for t in titles[:3]) + (" \u2026" if len(titles) > 3 else "")
        return self.dock.confirm(
            "Remove from the segment",
            f"{listed} exist{'s' * (len(titles) == 1)} only in {name}, not in the core. "
            f"Resetting to the core removes {'it' if len(titles) == 1 else 'them'} from {name}.\n\n"
            "You can undo this.",
        )

    def reset_selected(self) -> None:
        row = self._row_target()
        how = self.how_to_reset(row.kind, row.element_id) if row is not None else None
        if row is None or how is None:
            return
        title, name = self._title(row.kind, row.element_id), self._name()
        if how == "remove" and not self._confirm_remove([title]):
            return
        fields = [row.field] if row.role == "field" and how == "reset" else None
        message = {
            "reset": f"Reset \u201c{title}\u201d to the core in {name}",
            "show": f"\u201c{title}\u201d is shown again in {name}, as in the core",
            "remove": f"Removed \u201c{title}\u201d from {name}: it was only in {name}",
        }[how]
        if fields:
            message = f"Reset the {label_of(row.field).lower()} of \u201c{title}\u201d to the core in {name}"
        self._done(self.controller.reset_to_core([(row.kind, row.element_id, how)], message, fields=fields))

    def _promote(self, items: list[Item]) -> None:
        name = self._name()
        if len(items) == 1:
            kind, element_id = items[0]
            title = self._title(kind, element_id)
            if self.how_to_reset(kind, element_id) == "show":
                message = f"Promoted: \u201c{title}\u201d is deleted from the core, for every segment"
            else:
                message = f"Promoted \u201c{title}\u201d to the core: every segment now sees it"
        else:
            message = f"Promoted {len(items)} changes of {name} to the core: every segment now sees them"
        self._done(self.controller.promote(items, message))

    def promote_selected(self) -> None:
        row = self._row_target()
        if row is not None and (row.kind, row.element_id) in self.promotable():
            self._promote([(row.kind, row.element_id)])

    def promote_all(self) -> None:
        segment = self.dock.segment()
        if segment is None:
            return
        items = promotable(self.dock.workspace, segment.id)
        if not items:
            self.status(f"{segment.name} has no changes to promote")
            return
        if self.dock.confirm(
            "Promote all changes to the core",
            f"Move all {len(items)} changes of {segment.name} into the core, for every segment?\n\n"
            f"Its additions and changes become core elements and values; the elements it hides are "
            f"deleted from the core. {segment.name} then matches the core.\n\nYou can undo this.",
        ):
            self._promote(items)

    def reset_canvas_selection(self) -> None:
        plans = [(k, i, how) for k, i in self._canvas_selection() if (how := self.how_to_reset(k, i))]
        if not plans:
            self.status("The selection does not differ from the core")
            return
        removed = [self._title(k, i) for k, i, how in plans if how == "remove"]
        if removed and not self._confirm_remove(removed):
            return
        if len(plans) == 1:
            kind, element_id, how = plans[0]
            message = f"Reset \u201c{self._title(kind, element_id)}\u201d to the core"
        else:
            message = f"Reset {len(plans)} elements to the core in {self._name()}"
        self._done(self.controller.reset_to_core(plans, message))

    def promote_canvas_selection(self) -> None:
        promotable_now = self.promotable()
        items = [item for item in self._canvas_selection() if item in promotable_now]
        if items:
            self._promote(items)
        else:
            self.status("The selection has no changes of the segment to promote")

    # -- restoring from another version of the map ---------------------------------------------

    def _restore_target(self) -> tuple[Row, Restore] | None:
        """The row the Restore button acts on: an element against a version or another file."""
        row, reference = self.dock.selected_row(), self.dock.reference
        if row is None or row.role not in ("element", "field") or reference.source != "file":
            return None
        if reference.journey is None:
            return None
        how = self.controller.how_to_restore(row.kind, row.element_id, reference.journey)
        return (row, how) if how is not None else None

    def restore_selected(self) -> None:
        """The element of the current row made as the version compared with has it: one undo step."""
        target, reference = self._restore_target(), self.dock.reference
        if target is None or reference.journey is None:
            return
        row, how = target
        title = self._title(row.kind, row.element_id)
        done = f"{RESTORE_VERBS[how]} \u201c{title}\u201d as {reference.name} has it"
        self._done(
            self.controller.restore_from(row.kind, row.element_id, reference.journey, reference.name, done)
        )

    # -- the context menu ---------------------------------------------------------------------

    def context_menu(self, pos: QPoint) -> None:
        menu = self.build_context_menu(pos)
        menu.exec(self.dock.tree.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def build_context_menu(self, pos: QPoint) -> QMenu:
        """The right-click menu of the row at ``pos`` (made current first): the dock's buttons, and more."""
        dock = self.dock
        item = dock.tree.itemAt(pos)
        if item is not None:
            dock.tree.setCurrentItem(item)
        menu = QMenu(dock.tree)
        row = dock.selected_row()
        if row is not None and row.role != "group":
            menu.addAction("Select on the Map", lambda: dock.go_to(row))
            menu.addSeparator()
        merge = (dock.take_ours_button, dock.take_theirs_button, dock.edit_merge_button, None)
        for button in (
            *(merge if row is not None and row.role == "merge" else ()),
            dock.keep_button,
            dock.core_button,
            dock.edit_button,
            None,
            dock.reset_button,
            dock.promote_button,
            dock.promote_all_button,
            None,
            dock.restore_button,
        ):
            if button is None:
                menu.addSeparator()
            else:
                action = menu.addAction(button.text(), button.click)
                action.setEnabled(button.isEnabled())
        return menu
