"""The inspector's Playbook section, under the moment, card (activity) or stage it hangs off.

A moment always had its playbook here; a card and a stage now have theirs the same way, so "Create
playbook" and the playbook's fields are where the element is. What the playbook hangs off is a field
like the others ("Hangs off"), changed through the controller as one undo step; the map then shows
the new anchor, and the inspector with it, so the playbook stays in view. Under the tasks, the plan in
days as exports and the tasks CSV will count it; under the playbook, its communication emails.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model.commands import display_name
from ...model.elements import Element, MomentKind, Playbook, Task, playbook_anchor
from ...model.playbook_anchors import ELEMENT_KIND, AnchorKind
from ..widgets.choices import SEPARATOR, Choice, LazyCombo
from ..widgets.emails import EmailsEditor
from ..widgets.fieldeditors import field_label, note
from ..widgets.lists import plain_list
from .inspector_form import Binding, Host, Plan

MOMENT_WORDS = {
    MomentKind.SUCCESS_MILESTONE: "Milestone",
    MomentKind.RISK: "Risk",
    MomentKind.CELEBRATION: "Celebration",
}
FROM_THE_START = {
    "milestone": "the moment",
    "activity": "the activity",
    "stage": "the stage",
}


def build_playbook(host: Host, layout: QVBoxLayout, plan: Plan, create: Callable[[str, str], None]) -> None:
    """The Playbook section of ``plan``'s element: a Create button, or the playbook's fields."""
    form = host.section(layout, "Playbook")
    kind, element_id = plan.kind, plan.element_id
    if plan.playbook_id is None:
        noun = {"moment": "moment", "touchpoint": "activity", "stage": "stage"}[kind]
        form.addRow(note(f"This {noun} has no playbook yet."))
        host.button(form, "Create playbook", lambda: create(kind, element_id))
        return
    playbook_id = plan.playbook_id
    if plan.texts.get("playbook_scope"):
        form.addRow(note(plan.texts["playbook_scope"]))
    anchor = LazyCombo(lambda: anchor_choices(host))
    anchor.setObjectName("playbook.anchor")
    anchor.setToolTip("What the playbook hangs off: its tasks' days count from its start")
    anchor.installEventFilter(host.wheel_guard)
    label = field_label("Hangs off")
    form.addRow(label, anchor)

    kinds: dict[str, str] = {str(k): v for k, v in ELEMENT_KIND.items()}

    def move(value: str | None) -> bool:
        where, _, target_id = (value or "").partition(":")
        if where not in kinds:
            return False
        if not host.controller.move_playbook(playbook_id, kinds[where], target_id, host.target):
            return False
        host.controller.open_playbook(playbook_id)  # the map shows its new anchor, and so does the form
        return True

    host.bind(
        Binding(
            "playbook",
            playbook_id,
            "anchor",
            anchor,
            label,
            anchor_value,
            anchor.show_value,
            lambda _element: anchor.value(),
            apply=move,
        )
    )
    host.fields(form, plan, "playbook", playbook_id)
    holder, table, caption = plan_table()
    label = field_label("Plan in days")
    form.addRow(label, holder)

    def show_plan(part: tuple[tuple[AnchorKind, str] | None, Sequence[Task]]) -> None:
        fill_plan(table, caption, *part)

    host.bind(
        Binding(
            "playbook",
            playbook_id,
            "tasks",
            table,
            label,
            lambda e: (playbook_anchor(e) if isinstance(e, Playbook) else None, getattr(e, "tasks", ())),
            show_plan,
            lambda e: getattr(e, "tasks", ()),  # read-only: never a new value
        )
    )
    form = host.section(layout, "Emails")
    emails = EmailsEditor()
    emails.setObjectName("playbook.emails")
    form.addRow(emails)
    host.bind(
        Binding(
            "playbook",
            playbook_id,
            "emails",
            emails,
            None,
            lambda e: getattr(e, "emails", ()),
            emails.show_emails,
            lambda e: emails.value(getattr(e, "emails", ())),
        )
    )


def anchor_value(element: Element) -> str | None:
    """A playbook's anchor as the combo's value, "kind:id" (None: it hangs off nothing)."""
    anchor = playbook_anchor(element) if isinstance(element, Playbook) else None
    return f"{anchor[0]}:{anchor[1]}" if anchor else None


def anchor_choices(host: Host) -> list[Choice]:
    """Every moment, stage and card of the journey edited, in map order, as what a playbook can hang off."""
    journey = host.controller.journey(host.target)
    stages = journey.ordered_stages()
    place = {stage.id: index for index, stage in enumerate(stages)}
    names = {stage.id: stage.name for stage in stages}
    choices: list[Choice] = []
    moments = sorted(journey.moments.values(), key=lambda m: (place.get(m.stage_id, 0), m.order, m.id))
    for moment in moments:
        choices.append((f"{MOMENT_WORDS[moment.kind]}: {display_name(moment)}", f"milestone:{moment.id}"))
    choices.append(SEPARATOR)
    choices.extend((f"Stage: {stage.name}", f"stage:{stage.id}") for stage in stages)
    choices.append(SEPARATOR)
    lanes = {lane.id: index for index, lane in enumerate(journey.ordered_lanes())}
    cards = sorted(
        journey.touchpoints.values(),
        key=lambda t: (place.get(t.stage_id, 0), lanes.get(t.lane_id, 0), t.order, t.id),
    )
    for card in cards:
        where = names.get(card.stage_id, "?")
        choices.append((f"Activity: {display_name(card)} ({where})", f"activity:{card.id}"))
    return choices


def due_rows(tasks: Sequence[Task]) -> list[tuple[str, str, str]]:
    """The tasks as a plan in days: (day, title, owner role), in day order, those without a day last."""
    rows = []
    for task in sorted(tasks, key=lambda t: (t.due_days is None, t.due_days or 0)):
        if task.due_days is None:
            day = f"no day (\u201c{task.due}\u201d)" if task.due else "no day"
        elif task.due_days >= 0:
            day = f"Day {task.due_days}"
        else:
            day = f"{-task.due_days} days before"
        rows.append((day, task.title, task.owner))
    return rows


def plan_table() -> tuple[QWidget, QTreeWidget, QLabel]:
    """A read-only table of the tasks' days, and the caption saying where the days count from."""
    holder = QWidget()
    stack = QVBoxLayout(holder)
    stack.setContentsMargins(0, 0, 0, 0)
    stack.setSpacing(2)
    table = plain_list(holder, "playbook.due_days", ("Day", "Task", "Owner role"))
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = table.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    caption = note("")
    stack.addWidget(table)
    stack.addWidget(caption)
    return holder, table, caption


def fill_plan(
    table: QTreeWidget, caption: QLabel, anchor: tuple[AnchorKind, str] | None, tasks: Sequence[Task]
) -> None:
    table.clear()
    for day, title, owner in due_rows(tasks):
        item = QTreeWidgetItem([day, title, owner])
        item.setToolTip(1, title)
        table.addTopLevelItem(item)
    shown = max(1, min(8, len(tasks)))
    row = table.sizeHintForRow(0) if tasks else table.fontMetrics().height() + 6
    table.setFixedHeight(table.header().sizeHint().height() + shown * row + 2 * table.frameWidth() + 2)
    table.setVisible(bool(tasks))
    start = FROM_THE_START[anchor[0]] if anchor else "what the playbook hangs off"
    caption.setText(
        f"A due such as \u201cDay 5\u201d or \u201cT-30 days\u201d sets the task's day, counted from "
        f"the start of {start} (negative: before it)."
        if tasks
        else "No tasks yet."
    )
