"""The feedback dock: what customers answered on the validation workbook, one row per answer.

Answers live in the model (``Workspace.feedback``) beside the map they validate; this panel lists them
in the map's order (open before resolved), filters them by verdict and by customer, and takes the team
from an answer to its element: a click reveals it on the map, "Edit element" puts it in the inspector,
"Resolve…" and "Reopen" mark it handled or not (each an undo step, through the controller). Steps a
customer added (no element) are listed too: they are what the map is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model.elements import Feedback, Verdict
from ...model.intents import has_element
from ...model.workspace import Workspace
from ..canvas.badges import ATTENTION, CONFIRMED, VERDICT_WORDS
from ..editing.controller import EditingController
from ..widgets.lists import plain_list
from .findings import _dot

DEBOUNCE_MS = 300  # titles of answered elements follow edits on a short debounce, as findings do
ROLE_ID = Qt.ItemDataRole.UserRole
COLUMNS = ["Element", "Stage", "Answer", "Comment", "Customer", "Date", "Status"]
ALL = ""
MISSING_COLOR = QColor("#b42318")


@dataclass(frozen=True)
class AnswerRow:
    """One answer as the panel shows it; ``kind`` is None when its element is not on the map."""

    feedback_id: str
    element_id: str | None
    kind: str | None
    about: str
    stage: str
    verdict: Verdict
    comment: str
    customer: str
    date: str
    resolved: bool
    resolution: str
    segment_id: str | None

    @property
    def status(self) -> str:
        return ("Resolved" + (f": {self.resolution}" if self.resolution else "")) if self.resolved else "Open"


def answer_rows(workspace: Workspace) -> list[AnswerRow]:
    """Every answer, open first, then in the map's order (stage, then place in it); deleted elements
    keep the wording the customer saw."""
    core = workspace.core
    stage_rank = {s.id: n for n, s in enumerate(core.ordered_stages())}
    elements: dict[str, tuple[str, str, str, int]] = {}  # id -> (kind, stage id, title, order)
    # Only the elements answered about: a large map with few answers (or none) is not walked.
    wanted = {a.element_id for a in workspace.feedback.values() if a.element_id is not None}
    added = [segment.added.touchpoints for segment in reversed(workspace.segments.values())]
    for element_id in wanted:
        moment = core.moments.get(element_id)
        if moment is not None:
            elements[element_id] = ("moment", moment.stage_id, moment.title, -1)
            continue
        tp = core.touchpoints.get(element_id) or next((t[element_id] for t in added if element_id in t), None)
        if tp is not None:  # the core's, else the last segment's to add it
            elements[element_id] = ("touchpoint", tp.stage_id, tp.title, tp.order)

    def row(answer: Feedback) -> tuple[tuple[int, int, int, str, str], AnswerRow]:
        kind, stage_id, title, order = elements.get(answer.element_id or "", (None, "", "", 0))
        if answer.element_id is None:  # what it is comes first: a long step is elided on its right
            about = f"New step: {answer.step or '(no wording)'}"
        elif kind is None:
            about = f"Not on the map now: {answer.step or answer.element_id}"
        else:
            about = title or answer.step
        stage = core.stages.get(stage_id)
        key = (int(answer.resolved), stage_rank.get(stage_id, len(stage_rank)), order, about, answer.id)
        return key, AnswerRow(
            answer.id,
            answer.element_id,
            kind,
            about,
            stage.name if stage is not None else "",
            answer.verdict,
            answer.comment,
            answer.customer,
            answer.answered_at[:10],
            answer.resolved,
            answer.resolution,
            answer.segment_id,
        )

    return [r for _key, r in sorted((row(a) for a in workspace.feedback.values()), key=lambda kr: kr[0])]


def summary_line(rows: list[AnswerRow]) -> str:
    """ "5 open of 41 answers from 2 customers: 3 need a change, 2 missing" (what the team has to do)."""
    if not rows:
        return "No answers from customers yet"
    open_ = [r for r in rows if not r.resolved]
    customers = len({r.customer for r in rows})
    changes = sum(1 for r in open_ if r.verdict == Verdict.NEEDS_CHANGE)
    missing = sum(1 for r in open_ if r.verdict == Verdict.MISSING)
    confirmed = sum(1 for r in rows if r.verdict == Verdict.CONFIRMED)
    text = f"{len(open_)} open of {len(rows)} answers from {customers} customer{'s' * (customers != 1)}"
    asks = [
        p for p in (f"{changes} need a change" * bool(changes), f"{missing} missing" * bool(missing)) if p
    ]
    return text + (": " + ", ".join(asks) if asks else "") + f" \u00b7 {confirmed} confirmed"


class FeedbackDock(QDockWidget):
    """Lists customers' answers; a click shows the element on the map, the buttons resolve and edit."""

    edit_requested = Signal(str, str)  # (kind, element id): the window brings the inspector forward

    def __init__(self, controller: EditingController, parent: QWidget | None = None) -> None:
        super().__init__("Feedback", parent)
        self.setObjectName("FeedbackDock")
        self.controller = controller
        self.rows: list[AnswerRow] = []
        colors = {
            Verdict.CONFIRMED: CONFIRMED,
            Verdict.NEEDS_CHANGE: ATTENTION,
            Verdict.MISSING: MISSING_COLOR,
        }
        self._colors = colors
        self._icons = {verdict: _dot(color) for verdict, color in colors.items()}

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        # Summary, filters, then actions: one row under the map, three rows in a side panel (on a
        # 720p screen the panels go beside the map, and one row of all seven took 600 px of it).
        self.bar = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.bar.setSpacing(6)
        filters, actions = QHBoxLayout(), QHBoxLayout()
        filters.setSpacing(6)
        actions.setSpacing(6)
        self.summary = QLabel(body)
        self.summary.setObjectName("feedback-summary")
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.verdict_filter = QComboBox(body)
        self.verdict_filter.addItem("All answers", ALL)
        for verdict in Verdict:
            self.verdict_filter.addItem(VERDICT_WORDS[verdict], str(verdict))
        self.verdict_filter.setToolTip("Show only one kind of answer")
        self.customer_filter = QComboBox(body)
        self.customer_filter.setToolTip("Show only one customer's answers")
        self.customer_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.customer_filter.setMinimumContentsLength(12)  # a long name is elided, not a wider panel
        self.show_resolved = QCheckBox("Resolved", body)
        self.show_resolved.setChecked(True)
        self.show_resolved.setToolTip("Show answers the team has already handled")
        self.resolve_button = QPushButton("Resolve\u2026", body)
        self.resolve_button.setToolTip("Mark the selected answers handled, with an optional note")
        self.reopen_button = QPushButton("Reopen", body)
        self.reopen_button.setToolTip("Mark the selected answers open again")
        self.edit_button = QPushButton("Edit element", body)
        self.edit_button.setToolTip("Select the answer's element so the inspector edits it")
        for control in (self.verdict_filter, self.customer_filter, self.show_resolved):
            filters.addWidget(control)
        actions.addStretch(1)
        for button in (self.resolve_button, self.reopen_button, self.edit_button):
            actions.addWidget(button)
        self.bar.addWidget(self.summary, 1)
        self.bar.addLayout(filters)
        self.bar.addLayout(actions)
        layout.addLayout(self.bar)
        self.dockLocationChanged.connect(self._fit_bar)

        self.tree = plain_list(body, "feedback-list", COLUMNS, several=True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column, width in enumerate((230, 120, 150, 320, 120, 84, 160)):
            self.tree.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tree.itemClicked.connect(lambda item, _column: self.go_to(item.data(0, ROLE_ID)))
        self.tree.itemActivated.connect(lambda item, _column: self.go_to(item.data(0, ROLE_ID)))
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.tree)
        self.setWidget(body)

        self.verdict_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.customer_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.show_resolved.toggled.connect(lambda _on: self._fill())
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        controller.changed.connect(self._on_change)
        self.refresh()

    # -- listing ------------------------------------------------------------------------------

    def _on_change(self, change: object) -> None:
        ids = (
            getattr(change, "added", set())
            | getattr(change, "removed", set())
            | getattr(change, "changed", set())
        )
        listed = {r.feedback_id for r in self.rows}
        if change is None or any(i in self.controller.workspace.feedback or i in listed for i in ids):
            self.refresh()  # answers came, went or changed: at once, so badges and rows agree
        elif self.rows:
            self._timer.start()  # an element renamed or deleted: its row's wording follows shortly

    def refresh(self) -> None:
        """Read the answers again, keeping the filters and the selected rows."""
        self._timer.stop()
        self.rows = answer_rows(self.controller.workspace)
        box, keep = self.customer_filter, self.customer_filter.currentData()
        customers = sorted({r.customer for r in self.rows}, key=str.casefold)
        box.blockSignals(True)
        box.clear()
        box.addItem("All customers", ALL)
        for name in customers:
            box.addItem(name or "(no name)", name)
        box.setCurrentIndex(max(0, box.findData(keep)) if keep else 0)
        box.blockSignals(False)
        self.summary.setText(summary_line(self.rows))
        self.summary.setToolTip(self.summary.text())
        self._fill()

    def visible_rows(self) -> list[AnswerRow]:
        """The rows the filters let through, in the order listed."""
        verdict = self.verdict_filter.currentData() or ALL
        customer = self.customer_filter.currentData()
        return [
            r
            for r in self.rows
            if (verdict == ALL or r.verdict == verdict)
            and (customer in (None, ALL) or r.customer == customer)
            and (self.show_resolved.isChecked() or not r.resolved)
        ]

    def _fit_bar(self, area: Qt.DockWidgetArea) -> None:
        """Filters and actions side by side under or over the map, one above the other beside it."""
        beside = area in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
        self.bar.setDirection(
            QBoxLayout.Direction.TopToBottom if beside else QBoxLayout.Direction.LeftToRight
        )
        self.bar.setStretchFactor(self.summary, 0 if beside else 1)  # beside: the list takes the height
        self.summary.setWordWrap(beside)  # a row of its own there: the whole sentence

    def _fill(self) -> None:
        selected = set(self.selected_ids())
        self.tree.clear()
        items = []
        for row in self.visible_rows():
            texts = [row.about, row.stage, VERDICT_WORDS[row.verdict], row.comment, row.customer, row.date]
            item = QTreeWidgetItem([*texts, row.status])
            item.setData(0, ROLE_ID, row.feedback_id)
            item.setIcon(2, self._icons[row.verdict])
            item.setForeground(2, QBrush(self._colors[row.verdict]))
            for column, text in enumerate([*texts, row.status]):
                item.setToolTip(column, text)
            if row.resolved:
                for column in range(len(COLUMNS)):
                    item.setForeground(column, QBrush(QColor("#8a93a3")))
            items.append(item)
        self.tree.addTopLevelItems(items)
        for item in items:
            item.setSelected(item.data(0, ROLE_ID) in selected)
        if not self.rows:
            placeholder = QTreeWidgetItem(
                [
                    "Export a workbook \u201cFor the customer\u201d; when it comes back, "
                    "use File > Import Customer Feedback\u2026"
                ]
            )
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(placeholder)
            self.tree.setFirstColumnSpanned(0, self.tree.rootIndex(), True)
        self._update_buttons()

    def item_for(self, feedback_id: str) -> QTreeWidgetItem | None:
        """The row of one answer (None when filtered out)."""
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and item.data(0, ROLE_ID) == feedback_id:
                return item
        return None

    def selected_ids(self) -> list[str]:
        return [i.data(0, ROLE_ID) for i in self.tree.selectedItems() if i.data(0, ROLE_ID)]

    def _selected_rows(self) -> list[AnswerRow]:
        chosen = set(self.selected_ids())
        return [r for r in self.rows if r.feedback_id in chosen]

    def _update_buttons(self) -> None:
        rows = self._selected_rows()
        self.resolve_button.setEnabled(any(not r.resolved for r in rows))
        self.reopen_button.setEnabled(any(r.resolved for r in rows))
        self.edit_button.setEnabled(len(rows) == 1 and rows[0].kind is not None)

    # -- going to an answer's element, and acting on answers --------------------------------

    def _row(self, feedback_id: str) -> AnswerRow | None:
        return next((r for r in self.rows if r.feedback_id == feedback_id), None)

    def go_to(self, feedback_id: str | None) -> None:
        """Select and show the answer's element on the map; a segment's own card brings its segment up."""
        row = self._row(feedback_id or "")
        if row is None:
            return
        if row.element_id is None or row.kind is None:
            note = (
                "A step the customer added is not on the map yet: add it, then resolve the answer"
                if row.element_id is None
                else "That element is no longer on the map"
            )
            self.controller.reveal(None, "", note=note)
            return
        workspace, shown = self.controller.workspace, self.controller.segment_id
        if row.kind == "touchpoint" and not has_element(workspace, shown, "touchpoint", row.element_id):
            owner = (
                row.segment_id
                if has_element(workspace, row.segment_id, "touchpoint", row.element_id)
                else None
            )
            owner = owner or next(
                (s for s in workspace.segments if row.element_id in workspace.segments[s].added.touchpoints),
                None,
            )
            if owner is not None:
                self.controller.show_journey(owner)
        self.controller.reveal(row.kind, row.element_id, note="Its card is hidden in the journey shown")

    def resolve_selected(self) -> None:
        ids = [r.feedback_id for r in self._selected_rows() if not r.resolved]
        if not ids:
            return
        noun = "this answer" if len(ids) == 1 else f"these {len(ids)} answers"
        note, ok = QInputDialog.getText(
            self,
            "Resolve",
            f"What did the team do about {noun}? (optional)",
            QLineEdit.EchoMode.Normal,
            "",
        )
        if ok:
            self.controller.resolve_feedback(ids, True, note.strip())

    def reopen_selected(self) -> None:
        ids = [r.feedback_id for r in self._selected_rows() if r.resolved]
        if ids:
            self.controller.resolve_feedback(ids, False)

    def edit_selected(self) -> None:
        rows = self._selected_rows()
        if len(rows) == 1 and rows[0].kind is not None and rows[0].element_id:
            self.go_to(rows[0].feedback_id)
            self.edit_requested.emit(rows[0].kind, rows[0].element_id)
