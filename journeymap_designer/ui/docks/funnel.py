"""The Funnel panel: how the accounts imported for this map went through its success milestones.

A chart (``funnel_chart.py``: reached per milestone, conversion against target), the numbers under it
(reached, conversion against target, median and 90th-percentile days against the time frame, churned)
and the accounts stuck on a chosen day with the action to take and its owner (``stuck_list.py``).
The journey can be the core (every account) or a segment that has accounts, and a segment can be set
beside the core. A double click on a milestone or a stuck account shows the milestone on the map.

It only reads: the numbers are ``model/funnel.py``'s, over the window's actuals
(``funnel_state.ActualsState``). It follows the map (a target edited in the inspector shows at once,
on a short debounce) but recomputes only while it is visible.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model.funnel import Funnel, StuckAccount
from ..editing.controller import EditingController
from .funnel_chart import FunnelChart
from .funnel_state import ActualsState, funnel_of, journey_choices, stuck_of
from .stuck_list import ROLE_MILESTONE, fill_steps, fill_stuck, steps_list, stuck_list

DEBOUNCE_MS = 250


class FunnelDock(QDockWidget):
    """The funnel of the journey chosen, its numbers and its stuck accounts; ``import_requested`` asks
    the window for File > Import Actuals… (the button shown while there are none)."""

    import_requested = Signal()

    def __init__(
        self, controller: EditingController, state: ActualsState, parent: QWidget | None = None
    ) -> None:
        super().__init__("Funnel", parent)
        self.setObjectName("FunnelDock")
        self.controller = controller
        self.state = state
        self.funnel: Funnel | None = None
        self.core_funnel: Funnel | None = None
        self.stuck: list[StuckAccount] = []
        self._dirty = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._controls())
        self.summary = QLabel()
        self.summary.setObjectName("funnel-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        note = QLabel(
            "No actuals for this map yet. Import a CSV or XLSX of your accounts with the day each reached "
            "each success milestone (File \u203a Import Actuals\u2026). They are kept beside the map, "
            "not in it."
        )
        note.setWordWrap(True)
        self.import_button = QPushButton("Import Actuals\u2026")
        self.import_button.clicked.connect(self.import_requested)
        empty_layout.addWidget(note)
        empty_layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        empty_layout.addStretch(1)
        layout.addWidget(self.empty, 1)
        self.chart = FunnelChart()
        self.steps = steps_list(self)
        self.steps.itemDoubleClicked.connect(self._reveal_row)
        lists = QWidget()  # the table keeps the height of its rows; the stuck list takes the rest
        lists_layout = QVBoxLayout(lists)
        lists_layout.setContentsMargins(0, 4, 0, 0)
        lists_layout.addWidget(self.steps)
        self.stuck_title = QLabel()
        self.stuck_title.setObjectName("stuck-title")
        lists_layout.addWidget(self.stuck_title)
        self.stuck_list = stuck_list(self)
        self.stuck_list.itemDoubleClicked.connect(self._reveal_row)
        lists_layout.addWidget(self.stuck_list, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(lists)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)
        self.setWidget(body)
        state.changed.connect(self._actuals_changed)
        controller.changed.connect(lambda _change: self.schedule())
        controller.document_changed.connect(lambda _document: self.schedule())
        controller.shown_changed.connect(self._follow_shown)
        self.visibilityChanged.connect(self._on_visible)
        self._actuals_changed()

    def _on_visible(self, visible: bool) -> None:
        if visible and self._dirty:
            self.refresh()

    def _controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Journey:"))
        self.journey_box = QComboBox()
        self.journey_box.setObjectName("funnel-journey")
        self.journey_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.journey_box.setToolTip("The core journey (every account) or a segment that has accounts")
        self.journey_box.currentIndexChanged.connect(lambda _index: self._choice_changed())
        row.addWidget(self.journey_box, 1)
        self.beside_core = QCheckBox("Beside the core")
        self.beside_core.setToolTip("Set the segment's funnel next to the core's, in the chart and the table")
        self.beside_core.toggled.connect(lambda _on: self._choice_changed())
        row.addWidget(self.beside_core)
        row.addSpacing(12)
        row.addWidget(QLabel("As of:"))
        self.as_of_edit = QDateEdit(QDate.currentDate())
        self.as_of_edit.setObjectName("funnel-as-of")
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        self.as_of_edit.setToolTip("The day the stuck accounts are counted on")
        self.as_of_edit.dateChanged.connect(lambda _day: self._choice_changed())
        row.addWidget(self.as_of_edit)
        return row

    # -- what is shown ------------------------------------------------------------------------

    @property
    def segment_id(self) -> str | None:
        data = self.journey_box.currentData()
        return data if isinstance(data, str) else None

    @property
    def as_of(self) -> date:
        day = self.as_of_edit.date()
        return date(day.year(), day.month(), day.day())

    def set_as_of(self, day: date) -> None:
        self.as_of_edit.setDate(QDate(day.year, day.month, day.day))

    def choose(self, segment_id: str | None) -> bool:
        """Show the funnel of the core (None) or a segment with accounts; False when it has none."""
        index = self.journey_box.findData(segment_id) if segment_id else 0
        if index < 0 or self.journey_box.count() == 0:
            return False
        self.journey_box.setCurrentIndex(index)
        return True

    def _follow_shown(self, segment_id: str | None) -> None:
        """The map switched journey: the funnel follows when that journey has accounts."""
        self.choose(segment_id)

    def _fill_choices(self) -> None:
        box, keep = self.journey_box, self.segment_id
        box.blockSignals(True)
        box.clear()
        actuals = self.state.actuals
        if actuals is not None:
            for choice in journey_choices(self.controller.workspace, actuals):
                box.addItem(f"{choice.label} ({choice.accounts:,})", choice.segment_id)
        index = box.findData(keep) if keep else 0
        box.setCurrentIndex(max(0, index) if box.count() else -1)
        box.blockSignals(False)

    def _actuals_changed(self) -> None:
        loaded = self.state.loaded
        self.empty.setVisible(not loaded)
        self.splitter.setVisible(loaded)
        for widget in (self.journey_box, self.beside_core, self.as_of_edit):
            widget.setEnabled(loaded)
        self._fill_choices()
        self._dirty = True
        self.refresh()

    def _choice_changed(self) -> None:
        self.beside_core.setEnabled(self.state.loaded and self.segment_id is not None)
        self._dirty = True
        self.refresh()

    def schedule(self) -> None:
        """The map changed: recompute soon, and only if the panel is seen."""
        self._dirty = True
        if self.state.loaded:
            self._timer.start()

    def refresh(self) -> None:
        """Recompute the funnel, the table and the stuck list (skipped while the panel is hidden)."""
        if not self.isVisible() and self.state.loaded:
            return
        self._dirty = False
        actuals, workspace = self.state.actuals, self.controller.workspace
        if actuals is None:
            self.funnel, self.core_funnel, self.stuck = None, None, []
            self.summary.setText("")
            self.chart.show_funnels(None)
            fill_steps(self.steps, None)
            fill_stuck(self.stuck_list, [])
            return
        if self.journey_box.count() != len(journey_choices(workspace, actuals)):
            self._fill_choices()  # a segment was added or removed
        segment_id = self.segment_id
        self.funnel = funnel_of(workspace, actuals, segment_id, self.as_of)
        beside = segment_id is not None and self.beside_core.isChecked()
        self.core_funnel = funnel_of(workspace, actuals, None, self.as_of) if beside else None
        self.stuck = stuck_of(workspace, actuals, segment_id, self.as_of)
        self.chart.show_funnels(self.funnel, self.core_funnel)
        fill_steps(self.steps, self.funnel, self.core_funnel)
        fill_stuck(self.stuck_list, self.stuck)
        self.summary.setText(self._summary(self.funnel))
        noun = "account" if len(self.stuck) == 1 else "accounts"
        self.stuck_title.setText(
            f"<b>Stuck on {self.as_of.isoformat()}: {len(self.stuck):,} {noun}</b> "
            "past their milestone's stuck rule"
        )

    def _summary(self, funnel: Funnel) -> str:
        actuals = self.state.actuals
        source = f" from {actuals.source}" if actuals is not None and actuals.source else ""
        when = f", imported {actuals.imported_at[:10]}" if actuals is not None and actuals.imported_at else ""
        churned = (
            f"; {funnel.churned_before_first:,} churned before the first milestone"
            if funnel.churned_before_first
            else ""
        )
        return f"<b>{funnel.journey_label}</b>: {funnel.accounts:,} accounts{source}{when}{churned}"

    # -- to the map ---------------------------------------------------------------------------

    def _reveal_row(self, item: QTreeWidgetItem, _column: int) -> None:
        milestone_id = item.data(0, ROLE_MILESTONE)
        if isinstance(milestone_id, str) and milestone_id:
            self.controller.reveal(
                "moment", milestone_id, note="This milestone is not drawn on the map shown"
            )
