"""The field editors of the inspector: which fields each kind shows, and one widget per field.

Each editor says how a model value goes into its widget (without signals, so showing is never
mistaken for editing) and how the widget's text becomes a model value again; the inspector decides
when that happens and turns it into a command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...model.elements import Element
from ...model.textlists import HINTS, SYNTAXES
from .numbers import DAYS, PERCENT, NumberBox

Options = tuple[tuple[str, Any], ...]  # (label, value) choices of a combo
EMOTIONS = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}

# The fields of each kind, in order, as "key:editor"; a key "a.b" edits part b of field a.
# Editors: title (a non-empty line), line, color, combo, check, emotion, or a text syntax of textlists.
FIELDS = {
    "touchpoint": "title:title description:text channel_id:combo emotion:emotion pain_points:list "
    "opportunities:list timing:line owner_id:combo stage_id:combo lane_id:combo notes:text",
    "stage": "name:title goal:text entry_criteria:list typical_duration:line duration_days:days kpis:list "
    "description:text",
    "lane": "name:title side:combo color:color description:text internal_only:check",
    "moment": "title:title kind:combo stage_id:combo touchpoint_id:combo description:text "
    "success_criteria.actions:list success_criteria.kpis:kpis",
    "playbook": "title:title event_trigger:text objectives:list success_criteria:list "
    "key_activities:list deliverables:list key_milestones:key_milestones internal_roles:roles "
    "external_roles:roles tasks:tasks",
    "flow": "label:line condition:line alternative:check",
    "handoff": "information:list artifacts:list timing:line notes:text",
}
LABELS = {
    "kpis": "KPIs",
    "color": "Colour",
    "touchpoint_id": "At touchpoint",
    "internal_only": "Internal only (hidden in the customer view)",
    "notes": "Notes (internal)",
    "alternative": "Alternative path",
    "success_criteria.actions": "Success actions",
    "success_criteria.kpis": "KPI minimums",
    "duration_days": "Duration (days)",
    "target_conversion": "Target conversion",
    "time_frame_days": "Time frame",
    "time_frame_from": "Counted",
}
# The line syntax said under a field, where the inspector says more than the model's short hint.
UI_HINTS = {
    **HINTS,
    "tasks": "One per line: Title | owner role | due | description. A due such as \u201cDay 5\u201d or "
    "\u201cT-30 days\u201d is also its day in the plan, counted from the start of what the playbook "
    "hangs off (negative: before it).",
}


def label_of(key: str) -> str:
    return LABELS.get(key) or key.removesuffix("_id").replace("_", " ").capitalize()


class TextBox(QPlainTextEdit):
    """A multi-line field that commits on focus out (or Ctrl+Enter) and grows with its text."""

    committed = Signal()

    def __init__(self, min_lines: int = 2, max_lines: int = 12) -> None:
        super().__init__()
        self._lines = (min_lines, max_lines)
        self.setTabChangesFocus(True)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_args: object) -> None:
        lines = int(self.document().documentLayout().documentSize().height())  # in lines, wrapped
        lines = max(self._lines[0], min(self._lines[1], lines))
        frame = self.contentsMargins().top() + self.contentsMargins().bottom() + 2
        self.setFixedHeight(
            int(lines * self.fontMetrics().lineSpacing() + 2 * self.document().documentMargin() + frame)
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()  # a new width wraps the text into a new number of lines

    def event(self, event: QEvent) -> bool:
        """Ctrl+Enter is this box's (it commits), not the window's shortcut (Add Touchpoint)."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.committed.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit()


class WheelGuard(QObject):
    """Scrolling the inspector must not change a combo or slider that passes under the pointer."""

    def __init__(self, scroll: QScrollArea) -> None:
        super().__init__(scroll)
        self._scroll = scroll

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            QApplication.sendEvent(self._scroll.verticalScrollBar(), event)
            return True
        return False


@dataclass
class Editor:
    """A field's widget, the row that holds it in the form, and how values go in and out."""

    widget: QWidget
    row: QWidget
    show: Callable[[Any], None]  # put a value into the widget, without signals
    read: Callable[[Any], Any]  # (current value) -> the new value; ValueError when the text has none


def make_editor(editor: str, label: str, options: Options, guard: WheelGuard) -> Editor:
    """The widget for one field, its form row, and how a value goes in and comes out.

    The reader gets the field's current value (tasks keep their ids by it) and returns the new one.
    """
    if editor in ("title", "line", "color"):
        edit = QLineEdit()

        def read_line(_current: Any) -> str:
            text = edit.text().strip()
            if editor == "title" and not text:
                raise ValueError(f"{label} cannot be empty")
            return f"#{text}" if editor == "color" and text and not text.startswith("#") else text

        if editor == "color":
            row, show = color_editor(edit)
            return Editor(edit, row, show, read_line)
        return Editor(edit, edit, lambda v: set_text(edit, str(v)), read_line)
    if editor == "combo":
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        combo.installEventFilter(guard)
        for text, value in options:
            combo.addItem(text, None if value is None else str(value))
        return Editor(combo, combo, lambda v: set_combo(combo, v), lambda _current: combo.currentData())
    if editor == "check":
        check = QCheckBox(label)
        return Editor(
            check, check, lambda v: blocked(check, check.setChecked, bool(v)), lambda _: check.isChecked()
        )
    if editor == "emotion":
        return emotion_editor(guard)
    if editor in ("days", "percent"):
        return number_editor(editor, label, guard)
    fmt, parse = SYNTAXES[editor]
    box = TextBox(3 if editor == "text" else 2)
    box.setPlaceholderText(HINTS.get(editor, ""))
    row = box if editor not in HINTS or editor == "list" else QWidget()
    if row is not box:  # the line syntax, said under the box
        stack = QVBoxLayout(row)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addWidget(box)
        stack.addWidget(note(UI_HINTS[editor]))
    return Editor(
        box, row, lambda v: set_plain(box, fmt(v)), lambda current: parse(box.toPlainText(), current)
    )


def number_editor(editor: str, label: str, guard: WheelGuard) -> Editor:
    """Days or a percent, or nothing ("not set"); a bad value is refused with the reason."""
    bounds = replace(PERCENT if editor == "percent" else DAYS, label=label.removesuffix(" (days)"))
    box = NumberBox(bounds)
    box.installEventFilter(guard)
    unit = QLabel(bounds.unit)
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(box)
    line.addWidget(unit)
    line.addStretch(1)
    return Editor(box, row, box.set_value, lambda _current: box.value())


def emotion_editor(guard: WheelGuard) -> Editor:
    """A five-step slider; tracking is off, so a drag is one edit, made on release."""
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(-2, 2)
    slider.setPageStep(1)
    slider.setTickInterval(1)
    slider.setTickPosition(QSlider.TickPosition.TicksBelow)
    slider.setTracking(False)
    slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    slider.installEventFilter(guard)
    text = QLabel()
    text.setMinimumWidth(110)

    def describe(value: int) -> None:
        text.setText(f"{value:+d} {EMOTIONS[value]}" if value else f"0 {EMOTIONS[0]}")

    def show(value: int) -> None:
        blocked(slider, slider.setValue, int(value))
        describe(int(value))

    slider.sliderMoved.connect(describe)
    slider.valueChanged.connect(describe)
    return Editor(slider, hbox(slider, text), show, lambda _current: slider.value())


def color_editor(edit: QLineEdit) -> tuple[QWidget, Callable[[Any], None]]:
    """A hex colour field with a swatch beside it; clicking the swatch opens the colour dialog."""
    edit.setPlaceholderText("#RRGGBB")
    swatch = QToolButton()
    swatch.setObjectName("color-swatch")
    swatch.setToolTip("Choose a colour\u2026")
    swatch.setFixedSize(26, 22)

    def paint(text: str) -> None:
        swatch.setStyleSheet(f"background: {text};" if QColor.isValidColorName(text) else "")

    def show(value: Any) -> None:
        set_text(edit, str(value))
        paint(edit.text())

    def choose() -> None:
        color = QColorDialog.getColor(QColor(edit.text() or "#7d8799"), edit, "Lane colour")
        if color.isValid():
            edit.setText(color.name())
            edit.editingFinished.emit()

    swatch.clicked.connect(choose)
    edit.textChanged.connect(paint)
    return hbox(edit, swatch), show


def on_done(widget: QWidget, commit: Callable[..., None]) -> None:
    """Call ``commit`` when the user is done with the widget: Enter or focus out, a new choice."""
    if isinstance(widget, QLineEdit):
        widget.editingFinished.connect(commit)
    elif isinstance(widget, TextBox):
        widget.committed.connect(commit)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(commit)
    elif isinstance(widget, QCheckBox):
        widget.toggled.connect(commit)
    elif isinstance(widget, QSlider):
        widget.valueChanged.connect(commit)
    elif isinstance(widget, QAbstractSpinBox):
        widget.editingFinished.connect(commit)
    elif isinstance(getattr(widget, "committed", None), SignalInstance):  # a composite editor
        widget.committed.connect(commit)  # type: ignore[attr-defined]


def note(text: str) -> QLabel:
    """Quiet explanatory text: context, where edits go, the syntax of a field."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def field_label(text: str) -> QLabel:
    """A field label; all share one width, so the fields of every section line up."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setFixedWidth(label.fontMetrics().horizontalAdvance("Success criteria") + 12)
    return label


def part_access(
    name: str, part: str, read: Callable[[Any], Any]
) -> tuple[Callable[[Element], Any], Callable[[Element], Any]]:
    """How a binding gets what its widget shows, and makes the field's new value from the widget.

    With a ``part`` the widget edits one part of a sub-model (the actions of a moment's success
    criteria, say): the new value is the whole sub-model, validated, with that part replaced.
    """

    def get(element: Element) -> Any:
        value = getattr(element, name)
        return getattr(value, part) if part else value

    def write(element: Element) -> Any:
        value = getattr(element, name)
        if not part:
            return read(value)
        return type(value).model_validate({**value.model_dump(), part: read(getattr(value, part))})

    return get, write


def hbox(*widgets: QWidget) -> QWidget:
    """Widgets side by side in one form row; the first one stretches."""
    row = QWidget()
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    for index, widget in enumerate(widgets):
        box.addWidget(widget, 1 if index == 0 else 0)
    return row


def blocked(widget: QWidget, setter: Callable[[Any], None], value: Any) -> None:
    """Set a widget's value without the signal that would commit it back as an edit."""
    was = widget.blockSignals(True)
    try:
        setter(value)
    finally:
        widget.blockSignals(was)


def set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:  # unchanged text keeps the cursor where the user left it
        blocked(edit, edit.setText, text)
        if not edit.hasFocus():
            edit.setCursorPosition(0)


def set_plain(box: TextBox, text: str) -> None:
    if box.toPlainText() != text:
        blocked(box, box.setPlainText, text)


def set_combo(combo: QComboBox, value: Any) -> None:
    wanted = None if value is None else str(value)
    index = next((i for i in range(combo.count()) if combo.itemData(i) == wanted), -1)
    blocked(combo, combo.setCurrentIndex, index)
