"""What the inspector's form is made of: bindings of widgets to fields, the plan of a form, and what
the modules that build sections of it (targets, playbooks) may ask of the inspector.

Kept apart from :mod:`.inspector` so that those modules can build their sections with the same
bindings (one command per finished edit, the model's value shown again after a refusal) without
importing the dock itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from ...model.elements import Element
from ..editing.controller import EditingController
from ..widgets.fieldeditors import Options, WheelGuard

NONE_LABEL = "\u2014 none \u2014"
MARK = " \u25cf"  # after the label of a field a segment overrides


@dataclass(eq=False)
class Binding:
    """One widget tied to one field (or one part of a field) of one element."""

    kind: str
    element_id: str
    field: str
    widget: QWidget
    label: QLabel | None
    get: Callable[[Element], Any]  # the part of the element the widget shows
    show: Callable[[Any], None]  # put a part into the widget, without signals
    read: Callable[[Element], Any]  # the field's new value from the widget; ValueError when it has none
    shown: Any = None
    alive: bool = True
    # An edit that is not one field's (what a playbook hangs off): made with the value ``read`` gave,
    # compared with ``get`` rather than the field; False when the controller refused it.
    apply: Callable[[Any], bool] | None = None


@dataclass
class Plan:
    """What the form for one selection is made of; the form is rebuilt only when its plan changes."""

    kind: str
    element_id: str
    target: str | None
    element: Element | None
    playbook_id: str | None = None
    handoff_id: str | None = None
    options: dict[str, Options] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def key(self) -> object:
        shape = (self.kind, self.element_id, self.target, self.element is None)
        return (
            *shape,
            self.playbook_id,
            self.handoff_id,
            sorted(self.options.items()),
            sorted(self.texts.items()),
        )


def with_current(options: list[tuple[str, Any]], value: Any) -> Options:
    """The choices, plus the current value when it names nothing (a dangling reference stays visible)."""
    if all(v != value for _label, v in options):
        options.append((f"(missing: {value})", value))
    return tuple(options)


class Host(Protocol):
    """What a section builder may ask of the inspector that holds it."""

    controller: EditingController
    wheel_guard: WheelGuard

    @property
    def target(self) -> str | None: ...

    def bind(self, binding: Binding) -> None: ...

    def fields(self, form: QFormLayout, plan: Plan, kind: str, element_id: str, specs: str = "") -> None: ...

    def section(self, layout: QVBoxLayout, header: str = "") -> QFormLayout: ...

    def button(self, form: QFormLayout, text: str, slot: Callable[[], None]) -> None: ...

    def focus(self, name: str) -> None: ...
