"""The segments dock: the core and each segment variant, where a team lead makes, names and drops them.

Every edit is one undoable segment command, and the list is re-read from the workspace after each
change, undo and redo. The selected row is always the journey on the canvas: choosing a row sets the
toolbar's segment combo, and the scene's redraw (whoever switched it) moves the row back in step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...model.workspace import Segment, Workspace
from ..editing.controller import EditingController
from ..widgets.fieldeditors import TextBox, note
from .findings import plural

ROLE_ID = Qt.ItemDataRole.UserRole  # the segment id of a row (None for the core)
ROLE_SUMMARY = Qt.ItemDataRole.UserRole + 1
CORE_LABEL = "Core journey"


def departures(segment: Segment) -> str:
    """How far a segment departs from the core: ``"3 added · 5 changed · 2 hidden"``."""
    added = sum(1 for _ in segment.added.all_elements())
    counts = [(added, "added"), (segment.changed.count(), "changed"), (len(segment.hidden), "hidden")]
    return " \u00b7 ".join(f"{n} {word}" for n, word in counts if n) or "Same as the core"


def segment_summary(segment: Segment) -> str:
    """The two quiet lines under a segment's name: its lead, and its departures from the core."""
    return f"{'Lead: ' + segment.lead if segment.lead else 'No lead yet'}\n{departures(segment)}"


def core_counts(workspace: Workspace) -> str:
    core = workspace.core
    return f"{plural(len(core.stages), 'stage')} \u00b7 {plural(len(core.touchpoints), 'touchpoint')}"


def unique_name(workspace: Workspace, wanted: str) -> str:
    """``wanted``, or ``wanted 2``, ``wanted 3``... whichever no segment has yet (ignoring case)."""
    taken = {s.name.casefold() for s in workspace.segments.values()}
    name, number = wanted, 2
    while name.casefold() in taken:
        name, number = f"{wanted} {number}", number + 1
    return name


class SummaryDelegate(QStyledItemDelegate):
    """Rows of three lines: the name in bold, a quiet summary below; renaming edits the name line only."""

    LINES = 3

    def _line(self, rect: QRect, row: int) -> QRect:
        inner = rect.adjusted(8, 5, -8, -5)
        height = inner.height() // self.LINES
        return QRect(inner.x(), inner.y() + row * height, inner.width(), height)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        lines = [opt.text, *str(index.data(ROLE_SUMMARY) or "").split("\n")][: self.LINES]
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        font = opt.font
        for row, text in enumerate(lines):
            font.setBold(row == 0)
            painter.setFont(font)
            role = QPalette.ColorRole.Text if row == 0 else QPalette.ColorRole.PlaceholderText
            painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText if selected else role))
            rect = self._line(opt.rect, row)
            elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        hint.setHeight(option.fontMetrics.lineSpacing() * self.LINES + 10)
        return hint

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        editor.setGeometry(self._line(option.rect, 0).adjusted(-4, -2, 4, 2))


class SegmentsDock(QDockWidget):
    """Lists the core and its segments; New, Duplicate, Delete, and a form for name, lead and description."""

    def __init__(self, controller: EditingController, parent: QWidget | None = None) -> None:
        super().__init__("Segments", parent)
        self.setObjectName("segments")
        self.controller = controller
        self._form_id: str | None = None  # the segment the form shows
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(6)

        self.list = QListWidget(body)
        self.list.setObjectName("segments-list")
        self.list.setItemDelegate(SummaryDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.currentItemChanged.connect(self._row_chosen)
        self.list.itemChanged.connect(self._renamed_in_list)
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.list, self.delete_segment)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)  # the canvas keeps its own Delete
        layout.addWidget(self.list, 1)

        buttons = QHBoxLayout()
        self.new_button, self.duplicate_button, self.delete_button = (
            QPushButton(text) for text in ("New\u2026", "Duplicate\u2026", "Delete")
        )
        for button, slot, tip in (
            (self.new_button, self.new_segment, "Create a segment from the core journey"),
            (self.duplicate_button, self.duplicate_segment, "Copy the selected segment with all its changes"),
            (self.delete_button, self.delete_segment, "Delete the selected segment (Undo brings it back)"),
        ):
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(buttons)

        form = QFormLayout()
        form.setContentsMargins(0, 4, 0, 0)
        self.name_field = QLineEdit()
        self.lead_field = QLineEdit()
        self.lead_field.setPlaceholderText("Who keeps this variant")
        self.description_field = TextBox(min_lines=3, max_lines=6)
        self.description_field.setPlaceholderText("Which customers, and how their journey differs")
        form.addRow("Name", self.name_field)
        form.addRow("Lead", self.lead_field)
        form.addRow("Description", self.description_field)
        self.personas = QListWidget()
        self.personas.setObjectName("segment-personas")
        self.personas.setToolTip("Who this segment's customers are (Map > Personas… to add one)")
        self.personas.setMaximumHeight(96)
        self.personas.itemChanged.connect(lambda _item: self._personas_changed())
        form.addRow("Personas", self.personas)
        layout.addLayout(form)
        self.name_field.editingFinished.connect(lambda: self._commit("name", self.name_field.text()))
        self.lead_field.editingFinished.connect(lambda: self._commit("lead", self.lead_field.text()))
        self.description_field.committed.connect(
            lambda: self._commit("description", self.description_field.toPlainText())
        )
        self.hint = note(
            "The core is shared by every segment. Select a segment to edit it, or New to make one."
        )
        self.message = QLabel()
        self.message.setObjectName("segments-message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c93c3c;")
        self.message.hide()
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        self.setWidget(body)

        # Published for the window's Segment menu.
        self.new_action = self._action("&New Segment\u2026", self.new_segment)
        self.duplicate_action = self._action("D&uplicate Segment\u2026", self.duplicate_segment)
        self.rename_action = self._action("&Rename Segment", self.rename_segment)
        self.delete_action = self._action("&Delete Segment", self.delete_segment)
        self.menu_actions = [self.new_action, self.duplicate_action, self.rename_action, self.delete_action]
        controller.changed.connect(self.refresh)
        self.refresh()

    def _action(self, text: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # -- reading the model --------------------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        return self.controller.workspace

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(ROLE_ID)) if item is not None and item.data(ROLE_ID) else None

    def item_for(self, segment_id: str | None) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.data(ROLE_ID) == segment_id:
                return item
        return None

    def refresh(self, _change: object = None) -> None:
        """Re-read the segments (after any change, undo, redo or switch) and select the one shown."""
        workspace = self.workspace
        rows: list[tuple[str | None, str, str, str]] = [
            (None, CORE_LABEL, f"Shared by every segment\n{core_counts(workspace)}", "")
        ]
        rows += [(s.id, s.name, segment_summary(s), s.description) for s in workspace.segments.values()]
        self.list.blockSignals(True)
        if [self.list.item(i).data(ROLE_ID) for i in range(self.list.count())] != [r[0] for r in rows]:
            self.list.clear()
            for segment_id, *_texts in rows:
                item = QListWidgetItem()
                item.setData(ROLE_ID, segment_id)
                if segment_id is not None:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.list.addItem(item)
        for row, (_id, name, summary, tooltip) in enumerate(rows):
            item = self.list.item(row)
            item.setText(name)
            item.setData(ROLE_SUMMARY, summary)
            item.setToolTip(tooltip)
        current = self.item_for(self.controller.segment_id) or self.list.item(0)
        self.list.setCurrentItem(current)
        self.list.blockSignals(False)
        self._show_form()

    def _show_form(self) -> None:
        segment = self.workspace.segments.get(self.selected_id() or "")
        self._form_id = segment.id if segment else None
        for line, field in ((self.name_field, "name"), (self.lead_field, "lead")):
            if line.text() != getattr(segment, field, ""):
                line.setText(getattr(segment, field, ""))  # only when it differs: the cursor stays put
        if self.description_field.toPlainText() != getattr(segment, "description", ""):
            self.description_field.setPlainText(getattr(segment, "description", ""))
        self._show_personas(segment)
        self.name_field.setPlaceholderText("" if segment else CORE_LABEL)
        self.hint.setVisible(segment is None)
        for widget in (
            self.name_field,
            self.lead_field,
            self.description_field,
            self.duplicate_button,
            self.personas,
        ):
            widget.setEnabled(segment is not None)
        for action in (self.delete_button, self.duplicate_action, self.rename_action, self.delete_action):
            action.setEnabled(segment is not None)

    # -- showing a journey --------------------------------------------------------------------

    def _row_chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        self._say("")
        if item is not None:
            self.show_journey(item.data(ROLE_ID))

    def show_journey(self, segment_id: str | None) -> None:
        """Show the core (None) or a segment on the canvas; the controller's change calls refresh."""
        if segment_id != self.controller.segment_id and (
            segment_id is None or segment_id in self.workspace.segments
        ):
            self.controller.show_journey(segment_id)
        else:
            self.refresh()

    # -- editing ------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _pushed(self, ok: bool) -> bool:
        """Show a refusal (the controller already put it in the status bar) beside the form too."""
        problem = self.controller.last_refusal
        self._say("" if ok else problem[:1].upper() + problem[1:])
        return ok

    def _commit(self, field: str, value: str) -> None:
        """One UpdateSegment when a field is done with; a refused value is put back from the model."""
        segment = self.workspace.segments.get(self._form_id or "")
        if segment is None or value == getattr(segment, field):
            return
        if not self._pushed(self.controller.update_segment(segment.id, **{field: value})):
            self._show_form()  # the refused value goes, the model's comes back

    def _show_personas(self, segment: Segment | None) -> None:
        """The workspace's personas, ticked where the segment targets them."""
        chosen = set(segment.persona_ids) if segment is not None else set()
        personas = sorted(self.workspace.personas.values(), key=lambda p: p.name.casefold())
        self.personas.blockSignals(True)
        self.personas.clear()
        for persona in personas:
            item = QListWidgetItem(persona.name)
            item.setData(ROLE_ID, persona.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if persona.id in chosen else Qt.CheckState.Unchecked)
            item.setToolTip(persona.role)
            self.personas.addItem(item)
        self.personas.blockSignals(False)

    def _personas_changed(self) -> None:
        segment = self.workspace.segments.get(self._form_id or "")
        if segment is None:
            return
        ticked = [
            str(self.personas.item(row).data(ROLE_ID))
            for row in range(self.personas.count())
            if self.personas.item(row).checkState() == Qt.CheckState.Checked
        ]
        if set(ticked) != set(segment.persona_ids) and not self._pushed(
            self.controller.update_segment(segment.id, persona_ids=ticked)
        ):
            self._show_form()

    def _renamed_in_list(self, item: QListWidgetItem) -> None:
        segment = self.workspace.segments.get(item.data(ROLE_ID) or "")
        if segment is None or item.text() == segment.name:
            return
        if not self._pushed(self.controller.update_segment(segment.id, name=item.text())):
            self.refresh()

    def ask_name(self, title: str, default: str) -> str | None:
        """The name for a new segment, or None when cancelled (tests replace this)."""
        text, ok = QInputDialog.getText(self, title, "Segment name:", QLineEdit.EchoMode.Normal, default)
        return text if ok else None

    def confirm_delete(self, segment: Segment) -> bool:
        """Whether to delete a segment that departs from the core (tests replace this)."""
        answer = QMessageBox.question(
            self,
            "Delete segment",
            f"Delete the segment \u201c{segment.name}\u201d ({departures(segment)})?\n\n"
            "Edit > Undo brings it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _create(self, title: str, default: str, source: Segment | None) -> None:
        name = self.ask_name(title, unique_name(self.workspace, default))
        if name is None:
            return
        extra = (
            {"description": source.description, "lead": source.lead, "copy_of": source.id} if source else {}
        )
        created = self.controller.create_segment(name, **extra)
        if self._pushed(created is not None):
            self.show_journey(created)

    def new_segment(self) -> None:
        self._create("New segment", "New segment", None)

    def duplicate_segment(self) -> None:
        source = self.workspace.segments.get(self.selected_id() or "")
        if source is not None:
            self._create("Duplicate segment", f"{source.name} copy", source)

    def rename_segment(self) -> None:
        item = self.item_for(self.selected_id()) if self.selected_id() else None
        if item is not None:
            self.show()
            self.raise_()
            self.list.setFocus()
            self.list.editItem(item)

    def delete_segment(self) -> None:
        segment = self.workspace.segments.get(self.selected_id() or "")
        if segment is None:
            return
        if departures(segment) != "Same as the core" and not self.confirm_delete(segment):
            return
        self.show_journey(None)  # show the core before its segment goes
        done = f"Deleted segment \u201c{segment.name}\u201d; Undo brings it back"
        self._pushed(self.controller.delete_segment(segment.id, done))
