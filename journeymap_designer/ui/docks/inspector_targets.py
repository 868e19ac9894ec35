"""The inspector's targets of a success milestone: its conversion and time frame, and its stuck rule.

Risks and celebrations have none (the funnel counts success milestones only). The target fields are
plain fields of the moment; the stuck rule is one optional field (``StuckRule``: after N days, an
action, a playbook) edited as three widgets. The days make the rule: empty days is no rule (its
action and playbook go with it, and undo brings them back); until the days are set, the action and
the playbook wait, disabled, rather than being refused after they were typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...model.commands import display_name
from ...model.elements import MAX_DAYS, Element, StuckRule
from ..widgets.choices import Choice, LazyCombo
from ..widgets.fieldeditors import Options, TextBox, field_label, note, set_plain
from ..widgets.numbers import Bounds, NumberBox
from .inspector_form import NONE_LABEL, Binding, Host, Plan

TIME_FROM: Options = (
    ("from the previous milestone", "previous_milestone"),
    ("from entering the stage", "stage_entry"),
)
STUCK_AFTER = Bounds("Stuck after", 1, MAX_DAYS, "days", start=30)
TARGETS_NOTE = (
    "Of the customers who reached the previous success milestone (every customer, for the first), "
    "the share that should reach this one, and within how many days. Empty: no target."
)
STUCK_NOTE = (
    "A customer still at this milestone after this many days, without reaching the next one, is "
    "stuck: the Funnel lists them with this action and their owner. Empty days: no rule."
)


def build_targets(host: Host, layout: QVBoxLayout, plan: Plan) -> None:
    """The Targets and Stuck rule sections of a success milestone."""
    form = host.section(layout, "Targets")
    form.addRow(note(TARGETS_NOTE))
    specs = "target_conversion:percent time_frame_days:days time_frame_from:combo"
    host.fields(form, plan, "moment", plan.element_id, specs)
    form = host.section(layout, "Stuck rule")
    form.addRow(note(STUCK_NOTE))
    moment_id = plan.element_id

    def rule_of(element: Element) -> StuckRule | None:
        rule = getattr(element, "stuck_rule", None)
        return rule if isinstance(rule, StuckRule) else None

    def changed(element: Element, **parts: Any) -> StuckRule | None:
        """The rule with some parts replaced; ValueError while there is no rule to hold them."""
        rule = rule_of(element)
        if rule is None:
            if any(parts.values()):
                raise ValueError("Type the days first: a stuck rule starts with \u201cStuck after\u201d")
            return None
        return StuckRule.model_validate({**rule.model_dump(), **parts})

    after = NumberBox(STUCK_AFTER)
    after.installEventFilter(host.wheel_guard)

    def read_after(element: Element) -> StuckRule | None:
        days = after.value()
        rule = rule_of(element)
        if days is None:
            return None  # no days, no rule
        if rule is None:
            return StuckRule(after_days=int(days))
        return rule.model_copy(update={"after_days": int(days)})

    label = field_label("Stuck after")
    form.addRow(label, _with_unit(after, "days"))
    host.bind(
        Binding(
            "moment",
            moment_id,
            "stuck_rule",
            after,
            label,
            lambda e: rule.after_days if (rule := rule_of(e)) else None,
            after.set_value,
            read_after,
        )
    )
    action = TextBox(2, 8)

    def show_action(rule: StuckRule | None) -> None:
        set_plain(action, rule.action if rule else "")
        action.setEnabled(rule is not None)
        action.setPlaceholderText("What to do, e.g. an executive business review" if rule else "")

    label = field_label("Action")
    form.addRow(label, action)
    host.bind(
        Binding(
            "moment",
            moment_id,
            "stuck_rule",
            action,
            label,
            rule_of,
            show_action,
            lambda e: changed(e, action=action.toPlainText().strip()),
        )
    )
    playbooks = LazyCombo(_playbook_choices(host))
    playbooks.installEventFilter(host.wheel_guard)

    def show_playbook(rule: StuckRule | None) -> None:
        playbooks.show_value(rule.playbook_id if rule else None)
        playbooks.setEnabled(rule is not None)

    label = field_label("Run playbook")
    form.addRow(label, playbooks)
    host.bind(
        Binding(
            "moment",
            moment_id,
            "stuck_rule",
            playbooks,
            label,
            rule_of,
            show_playbook,
            lambda e: changed(e, playbook_id=playbooks.value()),
        )
    )
    for widget, name in ((after, "after_days"), (action, "action"), (playbooks, "playbook_id")):
        widget.setObjectName(f"moment.stuck_rule.{name}")


def _playbook_choices(host: Host) -> Callable[[], list[Choice]]:
    """The journey's playbooks, by title, for a stuck rule to run (or none)."""

    def choices() -> list[Choice]:
        journey = host.controller.journey(host.target)
        ordered = sorted(journey.playbooks.values(), key=lambda p: (display_name(p).casefold(), p.id))
        return [(NONE_LABEL, None), *((display_name(p), p.id) for p in ordered)]

    return choices


def _with_unit(widget: QWidget, unit: str) -> QWidget:
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(widget)
    line.addWidget(QLabel(unit))
    line.addStretch(1)
    return row
