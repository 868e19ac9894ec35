"""The findings dock: the graph checks of the journey on screen, one row per finding.

Checks run over the whole journey, so they are recomputed on a short debounce after edits rather
than on every keystroke; a click on a finding selects its element on the map (or centres the map
on it when it cannot be selected), so a facilitator can walk the list and fix each one.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QLabel,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model.background import Background
from ...model.checks import Finding, Severity, check_journey, conflict_findings
from ...model.commands import display_name
from ...model.workspace import KINDS, Journey
from ..editing.controller import EditingController
from ..widgets.lists import plain_list
from .merge_rows import conflict_title, kind_label, reveal_conflict

DEBOUNCE_MS = 300
BACKGROUND_FROM = 5000  # cards from which a map is checked in the background (a tenth of a second)
BACKGROUND_TURN_S = 0.015  # the check's share of each turn of the event loop
SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
SEVERITY_COLORS = {
    Severity.ERROR: QColor("#c93c3c"),
    Severity.WARNING: QColor("#c27c0e"),
    Severity.INFO: QColor("#3f6fb0"),
}
SEVERITY_LABELS = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Info"}
# The kinds a finding can name, in the order they are looked up in the journey.
_LOOKUP_KINDS = ("touchpoint", "flow", "handoff", "moment", "stage", "lane", "playbook")
ROLE_FINDING = Qt.ItemDataRole.UserRole
MERGE = "merge-conflict"


def _dot(color: QColor, size: int = 12) -> QIcon:
    """A filled circle: severity at a glance, the same on every platform style."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(QPointF(size / 2, size / 2), size / 2 - 1, size / 2 - 1)
    painter.end()
    return QIcon(pixmap)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_text(findings: list[Finding]) -> str:
    """``"2 errors, 5 warnings, 1 info"``; only the severities present are named."""
    counts = {severity: 0 for severity in SEVERITY_RANK}
    for finding in findings:
        counts[finding.severity] += 1
    if not findings:
        return "No findings: the map passes every check"
    parts = []
    if counts[Severity.ERROR]:
        parts.append(plural(counts[Severity.ERROR], "error"))
    if counts[Severity.WARNING]:
        parts.append(plural(counts[Severity.WARNING], "warning"))
    if counts[Severity.INFO]:
        parts.append(f"{counts[Severity.INFO]} info")
    return ", ".join(parts)


def element_kind(journey: Journey, element_id: str) -> str | None:
    """Which kind of journey element ``element_id`` names (None for segments and unknown ids)."""
    for kind in _LOOKUP_KINDS:
        if element_id in getattr(journey, KINDS[kind].collection):
            return kind
    return None


def element_label(journey: Journey, element_id: str) -> str:
    """How a finding names its element: kind and title, with flows shown as "from → to"."""
    kind = element_kind(journey, element_id)
    if kind is None:
        return element_id
    element = getattr(journey, KINDS[kind].collection)[element_id]
    if kind in ("flow", "handoff"):
        flow = element if kind == "flow" else journey.flows.get(element.flow_id)
        if flow is not None:
            source, target = journey.touchpoints.get(flow.source), journey.touchpoints.get(flow.target)
            ends = f"{display_name(source or flow.source)} \u2192 {display_name(target or flow.target)}"
            return f"{KINDS[kind].label}: {ends}"
    return f"{KINDS[kind].label}: {display_name(element)}"


class FindingsDock(QDockWidget):
    """Lists check findings for the journey shown (core or segment); a click goes to the element."""

    # (kind, element id) of an activated finding, after the controller was asked to reveal it; kind is
    # None when the element is not in the journey. For whoever wants to follow the list (tests do).
    element_activated = Signal(object)
    held_changed = Signal(int)  # completeness checks waiting while quick entry is on (0: none)
    errors_appeared = Signal()  # more errors than at the last check: the window shows them at once

    def __init__(self, controller: EditingController, parent: QWidget | None = None) -> None:
        super().__init__("Findings", parent)
        self.setObjectName("findings")
        self.controller = controller
        self.findings: list[Finding] = []
        self._icons = {severity: _dot(color) for severity, color in SEVERITY_COLORS.items()}

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        self.summary = QLabel(body)
        self.summary.setObjectName("findings-summary")
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)

        self.tree = plain_list(body, "findings-list", ["Severity", "Element", "Message"])
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(1, 260)
        self.tree.itemClicked.connect(self._item_activated)
        self.tree.itemActivated.connect(self._item_activated)
        layout.addWidget(self.tree)
        self.setWidget(body)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self._checking: Background[list[Finding]] | None = None  # a large map's check under way
        self._checked: Journey | None = None  # the journey it checks
        self._poll = QTimer(self)  # gives that check its turns between the event loop's
        self._poll.setInterval(0)
        self._poll.timeout.connect(self._check_on)
        controller.changed.connect(self._schedule)
        controller.brainstorming_changed.connect(lambda _on: self.refresh())
        self.held = 0
        self.errors = 0
        self.refresh()

    # -- computing ----------------------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """True while an edit's recheck waits for the debounce to run out, or runs in the background."""
        return self._timer.isActive() or self._checking is not None

    def _schedule(self, _change: object = None) -> None:
        self._stop_checking()  # what it checks has changed
        self._timer.start()  # restarting it is the debounce: a burst of edits costs one check

    def _stop_checking(self) -> None:
        if self._checking is not None:
            self._checking.cancel()
            self._checking = self._checked = None
            self._poll.stop()

    def _check_on(self) -> None:
        """A turn of a large map's check: it runs while this waits, the window between turns."""
        checking, journey = self._checking, self._checked
        if checking is None or journey is None or not checking.done(BACKGROUND_TURN_S):
            return
        self._checking = self._checked = None
        self._poll.stop()
        self._show(journey, checking.result())

    def _journey(self) -> Journey:
        """The journey shown, never the customer view, whose missing lanes would make false errors."""
        return self.controller.journey(self.controller.segment_id)

    def refresh(self, computed: list[Finding] | None = None) -> None:
        """Recompute the findings now and redraw the list, keeping the current row when it is still there.

        ``computed``: the journey's findings, already worked out off the event loop (a map being
        opened, shell/open_worker.py), listed as they are."""
        self._timer.stop()
        self._stop_checking()
        journey = self._journey()
        workspace = self.controller.workspace
        if computed is not None:
            self._show(journey, list(computed))
            return
        # What a merge left unsettled is the map's, not the journey's: listed whatever is shown.
        segment = self.controller.segment_id
        if len(journey.touchpoints) < BACKGROUND_FROM:
            self._show(journey, conflict_findings(workspace) + check_journey(journey, workspace, segment))
            return
        # A large map takes a second and more: checked in turns (model/background.py), so the
        # window never freezes after an edit; the list says so meanwhile.
        self._checking = Background(
            lambda: conflict_findings(workspace) + check_journey(journey, workspace, segment)
        )
        self._checked = journey
        self.summary.setText(f"Checking the map\u2026 ({summary_text(self.findings)} before the last edit)")
        self._poll.start()

    def _show(self, journey: Journey, findings: list[Finding]) -> None:
        """List ``findings`` of ``journey``, keeping the current row when it is still there."""
        held = 0
        if self.controller.brainstorming:  # brainstorming first: only errors now, the rest afterwards
            kept = [f for f in findings if f.severity == Severity.ERROR]
            held, findings = len(findings) - len(kept), kept
        findings.sort(
            key=lambda f: (SEVERITY_RANK.get(f.severity, 3), element_label(journey, f.element_id), f.code)
        )
        current = self.tree.currentItem()
        keep = current.data(0, ROLE_FINDING) if current is not None else None
        self.findings = findings
        self.tree.clear()
        items = []
        for finding in findings:
            item = QTreeWidgetItem(
                [SEVERITY_LABELS.get(finding.severity, str(finding.severity)), "", finding.message]
            )
            item.setIcon(0, self._icons.get(finding.severity, QIcon()))
            item.setForeground(0, QBrush(SEVERITY_COLORS.get(finding.severity, QColor("#555555"))))
            item.setText(1, self._label(journey, finding))
            item.setToolTip(1, finding.element_id)
            item.setToolTip(2, finding.message)
            item.setData(0, ROLE_FINDING, (finding.code, finding.element_id))
            items.append(item)
        self.tree.addTopLevelItems(items)
        for item in items:
            if keep is not None and item.data(0, ROLE_FINDING) == keep:
                self.tree.setCurrentItem(item)
                break
        text = summary_text(findings)
        if held:
            text += f" \u00b7 {plural(held, 'completeness check')} wait until quick entry ends"
        self.summary.setText(text)
        if held != self.held:
            self.held = held
            self.held_changed.emit(held)
        # Merge conflicts bring the Differences dock forward, where they are settled: not this one.
        errors = sum(1 for f in findings if f.severity == Severity.ERROR and f.code != MERGE)
        if errors > self.errors:
            self.errors_appeared.emit()
        self.errors = errors

    def _label(self, journey: Journey, finding: Finding) -> str:
        """A finding's element by name; a merge conflict's may be in a segment, or deleted by one side."""
        if finding.code == MERGE:
            found = self.controller.workspace.merge_conflicts
            c = next((c for c in found if (c.element_id or "map") == finding.element_id), None)
            if c is not None:
                return f"{kind_label(c)}: {conflict_title(self.controller.workspace, c)}"
        return element_label(journey, finding.element_id)

    # -- going to a finding -------------------------------------------------------------------

    def item_for(self, code: str, element_id: str) -> QTreeWidgetItem | None:
        """The row of one finding (for tests and for the main window's "next finding")."""
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and item.data(0, ROLE_FINDING) == (code, element_id):
                return item
        return None

    def _item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, ROLE_FINDING)
        if data and data[0] == MERGE:
            self.go_to_conflict(data[1])
        elif data:
            self.go_to(data[1])

    def go_to_conflict(self, element_id: str) -> None:
        """A merge conflict's element, in the segment that holds it (``merge_rows.reveal_conflict``)."""
        found = self.controller.workspace.merge_conflicts
        conflict = next((c for c in found if (c.element_id or "map") == element_id), None)
        if conflict is not None:
            reveal_conflict(self.controller, conflict)
            self.element_activated.emit((conflict.kind, element_id))

    def go_to(self, element_id: str) -> None:
        """Show the finding's element on the map (a handoff on its flow, a playbook on its moment)."""
        kind = element_kind(self._journey(), element_id)
        self.controller.reveal(kind, element_id)
        self.element_activated.emit((kind, element_id))
