"""The inspector dock: every field of the selected element, each edit one undoable command.

Fields show what the model holds and write back only through ``UpdateElement`` on the view, so undo,
autosave and segment overrides need nothing special here. A field commits when the user is done with
it (Enter, focus out, a new combo choice), never per keystroke, and shows the model's value again
after a refused edit. Lists are plain text, one item per line (syntax in ``model.textlists``).
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDockWidget,
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...model.commands import display_name, first_error
from ...model.elements import Element, MomentKind
from ...model.playbook_anchors import anchor_kind_of, anchored_playbook
from ...model.resolve import effective_element, resolve
from ...model.workspace import KINDS, Workspace
from ..dialogs.map_properties import MapForm
from ..editing.controller import EditingController
from ..widgets.fieldeditors import (
    FIELDS,
    WheelGuard,
    field_label,
    label_of,
    make_editor,
    note,
    on_done,
    part_access,
)
from .inspector_form import MARK, NONE_LABEL, Binding, Plan, with_current
from .inspector_playbook import build_playbook
from .inspector_targets import TIME_FROM, build_targets

Selection = tuple[str, str] | None


class InspectorDock(QDockWidget):
    """Shows and edits the selected card, flow (and its handoff) or moment (and its playbook).

    Stages and lanes cannot be selected on the map; ``show_element(("stage", id))`` shows them.
    """

    def __init__(self, controller: EditingController, parent: QWidget | None = None) -> None:
        super().__init__("Inspector", parent)
        self.setObjectName("inspector")
        self.controller = controller
        self.selection: Selection = None
        self.bindings: list[Binding] = []
        self._key: object = None
        self._built_for: Selection = None
        self._target: str | None = None
        self._building = False
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.wheel_guard = WheelGuard(self.scroll_area)
        self.setWidget(self.scroll_area)
        self.setMinimumWidth(300)
        controller.changed.connect(
            self.refresh
        )  # the map's selection reaches show_element (the window wires it)
        controller.playbook_opened.connect(self.open_playbook)
        self._rebuild(None)

    @property
    def target(self) -> str | None:
        """The journey the form edits: None for the core, else the segment's id."""
        return self._target

    # -- public -------------------------------------------------------------------------------

    def show_element(self, selection: Selection) -> None:
        """Show ``(kind, element id)``, or nothing for None; a pending edit is committed first."""
        self._commit_focused()
        selection = (selection[0], selection[1]) if selection else None
        if selection == self.selection:
            self.refresh()
            return
        self.selection = selection
        self._rebuild(self._plan())

    def refresh(self, _change: object = None) -> None:
        """Re-read the model after any change: values in place, or a new form when its shape changed."""
        if self._building:
            return
        plan = self._plan()
        if (plan.key() if plan else None) != self._key:
            self._rebuild(plan)
        else:
            self._sync()

    def field_widget(self, name: str) -> QWidget | None:
        """The editor of one field, by "<kind>.<key>" (e.g. "touchpoint.title", "playbook.tasks")."""
        page = self.scroll_area.widget()
        return page.findChild(QWidget, name) if page is not None else None

    # -- reading the model --------------------------------------------------------------------

    def _workspace(self) -> Workspace:
        return self.controller.workspace

    def _element(self, kind: str, element_id: str, target: str | None = None) -> Element | None:
        """An element as edits see it: in the target segment, or in the core for shared kinds."""
        workspace = self._workspace()
        if not KINDS[kind].segment_editable or target is None:
            return effective_element(workspace, None, kind, element_id)
        segment = workspace.segments.get(target)
        return effective_element(workspace, segment, kind, element_id) if segment is not None else None

    def _plan(self) -> Plan | None:
        if self.selection is None:
            return None
        kind, element_id = self.selection
        target = self.controller.segment_id
        plan = Plan(kind, element_id, target, self._element(kind, element_id, target))
        if plan.element is None:
            return plan
        value = plan.element.__dict__
        workspace = self._workspace()
        journey = resolve(workspace, workspace.segments.get(target or ""))
        stages = [(s.name, s.id) for s in journey.ordered_stages()]
        stage_names = {stage_id: name for name, stage_id in stages}
        lanes = journey.ordered_lanes()
        lane_names = {lane.id: lane.name for lane in lanes}
        if kind in ("touchpoint", "moment"):
            plan.options["stage_id"] = with_current(list(stages), value["stage_id"])
            plan.texts["context"] = stage_names.get(value["stage_id"], "?")
        if kind == "touchpoint":
            channels = sorted(workspace.channels.values(), key=lambda c: c.name.casefold())
            choices = [(NONE_LABEL, None), *((c.name, c.id) for c in channels)]
            plan.options["channel_id"] = with_current(choices, value["channel_id"])
            choices = [(f"{lane.name} ({lane.side})", lane.id) for lane in lanes]
            plan.options["lane_id"] = with_current(choices, value["lane_id"])
            own = journey.lanes.get(value["lane_id"])
            none = f"{own.name} (its lane)" if own is not None and own.side == "internal" else NONE_LABEL
            choices = [(none, None), *((lane.name, lane.id) for lane in lanes if lane.side == "internal")]
            plan.options["owner_id"] = with_current(choices, value["owner_id"])
            plan.texts["context"] += f" \u00b7 {lane_names.get(value['lane_id'], '?')}"
        elif kind == "moment":
            plan.options["kind"] = (("Success milestone", "success_milestone"), ("Risk", "risk"))
            plan.options["kind"] += (("Celebration", "celebration"),)
            cards = sorted(
                (t.title, t.id)
                for t in workspace.core.touchpoints.values()
                if t.stage_id == value["stage_id"]
            )
            plan.options["touchpoint_id"] = with_current([(NONE_LABEL, None), *cards], value["touchpoint_id"])
            if value["kind"] == MomentKind.SUCCESS_MILESTONE:  # targets and a stuck rule
                plan.options["time_frame_from"] = TIME_FROM
        elif kind == "lane":
            plan.options["side"] = (("Customer side", "customer"), ("Internal owner", "internal"))
        elif kind == "stage":
            number = [s[1] for s in stages].index(element_id) + 1 if element_id in stage_names else 0
            plan.texts["context"] = f"Stage {number} of {len(stages)}"
        if kind in ("moment", "touchpoint", "stage"):  # what a playbook can hang off
            playbook = anchored_playbook(journey, anchor_kind_of(kind), element_id)
            if playbook is not None:
                plan.playbook_id = playbook.id
                plan.texts["playbook_scope"] = self._scope("playbook", playbook.id, target)
        elif kind == "flow":
            ends = [journey.touchpoints.get(value[end]) for end in ("source", "target")]
            plan.texts["context"] = " \u2192 ".join(display_name(t) if t else "?" for t in ends)
            owners = [lane_names.get(journey.owner_of(t) or "", "nobody") if t else "?" for t in ends]
            plan.texts["owners"] = f"From {owners[0]} to {owners[1]}"
            handoffs = sorted(h.id for h in journey.handoffs.values() if h.flow_id == element_id)
            if handoffs:
                plan.handoff_id = handoffs[0]
                plan.texts["handoff_scope"] = self._scope("handoff", handoffs[0], target)
        plan.texts["scope"] = self._scope(kind, element_id, target)
        return plan

    def _scope(self, kind: str, element_id: str, target: str | None) -> str:
        """Where an edit of this element goes, said once at the top of its section."""
        segment = self._workspace().segments.get(target or "")
        if segment is None:
            return ""
        if not KINDS[kind].segment_editable:
            return f"Shared by every segment: edits change the core journey, not only {segment.name}."
        if element_id in getattr(segment.added, KINDS[kind].collection):
            return f"Added in {segment.name}: edits change this segment only."
        return f"In {segment.name}: edits are kept as overrides of the core (marked{MARK})."

    # -- building the form --------------------------------------------------------------------

    def _rebuild(self, plan: Plan | None) -> None:
        if not self._building:
            self._commit_focused()
        self._building = True
        try:
            for binding in self.bindings:
                binding.alive = False
            self.bindings = []
            # The same element in a new shape (a playbook just created, say) keeps its scroll position.
            same = plan is not None and self._built_for == (plan.kind, plan.element_id)
            scroll_to = self.scroll_area.verticalScrollBar().value() if same else 0
            old = self.scroll_area.takeWidget()
            if old is not None:  # not deleted now: this may run inside a signal of one of its widgets
                old.hide()
                old.setParent(self)  # owned by Qt again, until the event loop deletes it
                old.deleteLater()
            self._key = plan.key() if plan else None
            self._built_for = (plan.kind, plan.element_id) if plan else None
            self._target = plan.target if plan else None
            page = QWidget()
            layout = QVBoxLayout(page)
            layout.setContentsMargins(10, 8, 10, 10)
            layout.setSpacing(6)
            if plan is None:  # nothing selected: the map itself
                self.section(layout, "Map").addRow(MapForm(self.controller, page))
                text = "Select a card, flow or moment on the map to see and edit all of its fields."
                layout.addWidget(note(text))
            elif plan.element is None:
                layout.addWidget(note("This element is not in the journey shown."))
            else:
                self._build(layout, plan)
            layout.addStretch(1)
            self.scroll_area.setWidget(page)
            self.scroll_area.verticalScrollBar().setValue(scroll_to)
        finally:
            self._building = False
        self._sync()

    def _build(self, layout: QVBoxLayout, plan: Plan) -> None:
        kind, element_id = plan.kind, plan.element_id
        heading = QLabel(KINDS[kind].label.upper())
        font = heading.font()
        font.setBold(True)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 1.0)
        heading.setFont(font)
        heading.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(heading)
        for text in (plan.texts.get("context"), plan.texts.get("scope")):
            if text:
                layout.addWidget(note(text))
        self.fields(self.section(layout), plan, kind, element_id)
        if "time_frame_from" in plan.options:
            build_targets(self, layout, plan)
        if kind in ("moment", "touchpoint", "stage"):
            build_playbook(self, layout, plan, self._create_playbook)
        elif kind == "flow":
            form = self.section(layout, "Handoff")
            form.addRow(note(plan.texts["owners"]))
            if plan.handoff_id is None:
                self.button(form, "Make a handoff", lambda: self._make_handoff(element_id))
            else:
                if plan.texts["handoff_scope"]:
                    form.addRow(note(plan.texts["handoff_scope"]))
                self.fields(form, plan, "handoff", plan.handoff_id)

    def section(self, layout: QVBoxLayout, header: str = "") -> QFormLayout:
        if header:
            label = QLabel(header)
            label.setObjectName(f"section-{header.lower()}")
            font = label.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            font.setBold(True)
            label.setFont(font)
            label.setContentsMargins(0, 14, 0, 0)
            rule = QFrame()
            rule.setFrameShape(QFrame.Shape.HLine)
            rule.setFrameShadow(QFrame.Shadow.Sunken)
            layout.addWidget(label)
            layout.addWidget(rule)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addLayout(form)
        return form

    def button(self, form: QFormLayout, text: str, slot: Callable[[], None]) -> None:
        button = QPushButton(text)
        button.setObjectName(text.lower().replace(" ", "-"))
        button.clicked.connect(slot)
        form.addRow(button)

    def fields(self, form: QFormLayout, plan: Plan, kind: str, element_id: str, specs: str = "") -> None:
        """The editors of ``specs`` ("key:editor ...", by default every field of the kind) in a form."""
        for spec in (specs or FIELDS[kind]).split():
            key, editor = spec.split(":")
            name, _, part = key.partition(".")
            label = field_label(label_of(key)) if editor != "check" else None
            options = plan.options.get(f"playbook.{key}" if kind == "playbook" else key, ())
            made = make_editor(editor, label_of(key), options, self.wheel_guard)
            get, write = part_access(name, part, made.read)
            made.widget.setObjectName(f"{kind}.{key}")
            binding = Binding(kind, element_id, name, made.widget, label, get, made.show, write)
            if label is not None:
                form.addRow(label, made.row)
            else:
                form.addRow(made.row)
            self.bind(binding)

    def bind(self, binding: Binding) -> None:
        """Keep a binding in sync with the model and commit it when the user is done with its widget."""
        self.bindings.append(binding)
        on_done(binding.widget, lambda *_args, b=binding: self._commit(b))

    # -- syncing and committing ---------------------------------------------------------------

    def _sync(self) -> None:
        """Show the model's values in fields whose value changed; a field being typed in keeps its text."""
        elements: dict[tuple[str, str], Element | None] = {}
        segment = self._workspace().segments.get(self._target or "")
        for binding in self.bindings:
            where = (binding.kind, binding.element_id)
            if where not in elements:
                elements[where] = self._element(*where, self._target)
            element = elements[where]
            if element is None:
                continue
            part = binding.get(element)
            if part != binding.shown:
                binding.show(part)
                binding.shown = part
            label = binding.label or (binding.widget if isinstance(binding.widget, QCheckBox) else None)
            if label is not None and segment is not None and KINDS[binding.kind].segment_editable:
                collection = getattr(segment.changed, KINDS[binding.kind].collection)
                text = label.text().removesuffix(MARK)
                label.setText(
                    text + MARK if binding.field in collection.get(binding.element_id, {}) else text
                )

    def _commit_focused(self) -> None:
        focus = QApplication.focusWidget()
        for binding in self.bindings:
            if focus is not None and (focus is binding.widget or binding.widget.isAncestorOf(focus)):
                self._commit(binding)
                return

    def _commit(self, binding: Binding) -> None:
        """One command for one finished edit; none when the value did not change."""
        if not binding.alive or self._building:
            return
        element = self._element(binding.kind, binding.element_id, self._target)
        if element is None:
            return
        try:
            value = binding.read(element)
        except ValidationError as exc:
            self._refuse(binding, first_error(exc))
            return
        except ValueError as exc:
            self._refuse(binding, str(exc))
            return
        if value == (binding.get(element) if binding.apply else getattr(element, binding.field)):
            binding.show(binding.get(element))  # the tidy form of what was typed
            return
        if binding.apply is not None:
            done = binding.apply(value)
        else:
            done = self.controller.set_field(
                binding.kind, binding.element_id, binding.field, value, self._target
            )
        if not done:
            self._refuse(binding, None)

    def _refuse(self, binding: Binding, message: str | None) -> None:
        """Say why (the controller already has, for a refused command) and show the model's value again."""
        if message:
            self.controller.message.emit(message)
        element = self._element(binding.kind, binding.element_id, self._target)
        if element is not None and binding.alive:
            binding.shown = binding.get(element)
            binding.show(binding.shown)

    def _create_playbook(self, kind: str, element_id: str) -> None:
        """The Create playbook button of a moment (as it always was), a card or a stage."""
        if kind == "moment":
            created = self.controller.add_playbook(element_id, self._target)
        else:
            created = self.controller.add_anchored_playbook(kind, element_id, self._target)
        if created is not None:
            self.focus("playbook.event_trigger")

    def open_playbook(self, playbook_id: str) -> None:
        """Bring a playbook up (the controller showed its anchor): the dock in front, its first field."""
        if self.selection is None or self._key is None:
            return
        plan = self._plan()
        if plan is None or plan.playbook_id != playbook_id:
            return
        self.show()
        self.raise_()
        section = self.field_widget("section-playbook")
        if section is not None:  # once the form is laid out (forcing it now would lay it out stale)
            bar = self.scroll_area.verticalScrollBar()
            QTimer.singleShot(0, section, lambda: bar.setValue(section.y()))
        self.focus("playbook.event_trigger")

    def _make_handoff(self, flow_id: str) -> None:
        if self.controller.add_handoff(flow_id, self._target) is not None:
            self.focus("handoff.information")

    def focus(self, name: str) -> None:
        widget = self.field_widget(name)
        if widget is not None:
            widget.setFocus()
