"""The Funnel panel's two lists: the funnel's numbers per milestone, and the accounts stuck on a day.

Both are plain read-only lists (``widgets/lists.py``); each row keeps the milestone's id, so a double
click shows that milestone on the map. Every status is written in words beside its colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from ...model.funnel import Funnel, FunnelStep, StuckAccount
from ..canvas.milestone_marks import STATUS_COLORS, STATUS_WORDS, days, percent
from ..widgets.lists import plain_list

ROLE_MILESTONE = Qt.ItemDataRole.UserRole
ROLE_ACCOUNT = Qt.ItemDataRole.UserRole + 1
STEP_HEADERS = (
    "Milestone",
    "Reached",
    "Conversion",
    "Target",
    "Conversion status",
    "Median / p90 days",
    "Time frame",
    "Time status",
    "Churned",
)
MAX_STEP_ROWS = 10
CORE_HEADERS = ("Core reached", "Core conversion")
STUCK_HEADERS = ("Account", "Milestone", "Days at it / rule", "Action", "Owner", "Playbook", "Segment")


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, "") or "no target"


def step_cells(step: FunnelStep) -> list[str]:
    target = f"\u2265 {percent(step.target_conversion)}" if step.target_conversion is not None else "\u2013"
    frame = f"\u2264 {step.time_frame_days} d" if step.time_frame_days is not None else "\u2013"
    timing = f"{days(step.median_days)} / {days(step.p90_days)}"
    return [
        step.title,
        f"{step.reached:,} of {step.previous:,}",
        percent(step.conversion),
        target,
        status_words(step.conversion_status),
        timing,
        frame,
        status_words(step.time_status),
        f"{step.churned:,}",
    ]


def steps_list(parent: QWidget) -> QTreeWidget:
    tree = plain_list(parent, "funnel-steps", STEP_HEADERS)
    tree.setToolTip("Double-click a milestone to show it on the map")
    return tree


def fill_steps(tree: QTreeWidget, funnel: Funnel | None, core: Funnel | None = None) -> None:
    """One row per success milestone; with ``core``, its reached and conversion in two more columns."""
    tree.clear()
    headers = list(STEP_HEADERS) + (list(CORE_HEADERS) if core is not None else [])
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(headers)
    if funnel is None:
        return
    core_steps = {s.milestone_id: s for s in core.steps} if core is not None else {}
    for step in funnel.steps:
        cells = step_cells(step)
        if core is not None:
            theirs = core_steps.get(step.milestone_id)
            cells += [f"{theirs.reached:,}", percent(theirs.conversion)] if theirs else ["\u2013", "\u2013"]
        row = QTreeWidgetItem(cells)
        row.setData(0, ROLE_MILESTONE, step.milestone_id)
        for column in (1, 2, 3, 5, 6, 8):
            row.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for column, status in ((4, step.conversion_status), (7, step.time_status)):
            row.setForeground(column, QBrush(STATUS_COLORS.get(status, STATUS_COLORS["none"])))
            font = row.font(column)
            font.setBold(status in ("near", "off"))
            row.setFont(column, font)
        row.setToolTip(0, step.title)
        tree.addTopLevelItem(row)
    for column in range(tree.columnCount()):
        tree.resizeColumnToContents(column)
    shown = min(max(tree.topLevelItemCount(), 3), MAX_STEP_ROWS)  # every milestone without scrolling
    row_h = max(tree.sizeHintForRow(0), tree.fontMetrics().height() + 4)
    scrollbar = tree.horizontalScrollBar().sizeHint().height()
    height = tree.header().sizeHint().height() + shown * row_h + 2 * tree.frameWidth() + scrollbar + 4
    tree.setFixedHeight(height)  # the chart and the stuck list share the rest


def stuck_list(parent: QWidget) -> QTreeWidget:
    tree = plain_list(parent, "stuck-accounts", STUCK_HEADERS)
    tree.setToolTip("Double-click an account to show its milestone on the map")
    tree.setSortingEnabled(False)
    return tree


def fill_stuck(tree: QTreeWidget, stuck: Sequence[StuckAccount]) -> None:
    """One row per stuck account, longest stuck first (``stuck_accounts``'s order)."""
    tree.clear()
    rows = []
    for account in stuck:
        name = account.name or account.account_id
        who = name if name == account.account_id else f"{name} ({account.account_id})"
        playbook = account.playbook_title or (account.playbook_id or "")
        row = QTreeWidgetItem(
            [
                who,
                account.milestone_title,
                f"{account.days_at:,} / {account.after_days:,}",
                account.action,
                account.owner,
                playbook,
                account.segment,
            ]
        )
        row.setData(0, ROLE_MILESTONE, account.milestone_id)
        row.setData(0, ROLE_ACCOUNT, account.account_id)
        row.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.setToolTip(3, account.action)
        row.setToolTip(0, f"Reached {account.milestone_title} on {account.reached_on.isoformat()}")
        rows.append(row)
    tree.addTopLevelItems(rows)
    for column in (0, 1, 2, 4):
        tree.resizeColumnToContents(column)
