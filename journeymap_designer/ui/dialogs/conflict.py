"""The "Edit…" dialog of a conflict, and how field values are written for people (names, not ids).

When the core and a segment both changed a field, the lead sees the value both started from, the
core's and the segment's side by side, and types the value the segment keeps from now on. The result
is typed in the same plain-text syntax as the inspector (one list item per line), prefilled with the
segment's own value, so a small correction is a small edit.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...model.commands import display_name
from ...model.diff import Conflict
from ...model.textlists import HINTS, SYNTAXES
from ...model.workspace import Workspace
from ..widgets.fieldeditors import EMOTIONS, FIELDS, label_of, note

ELLIPSIS = "\u2026"
LINE_EDITORS = ("title", "line")  # one-line fields: a line edit


def field_syntax(kind: str, field: str) -> str | None:
    """The inspector's editor of a field ("title", "list", "combo"...), None when it has none."""
    for entry in FIELDS.get(kind, "").split():
        key, _sep, editor = entry.partition(":")
        if key == field:
            return editor
    return None


def name_of(workspace: Workspace, element_id: str) -> str:
    """The name of whatever ``element_id`` names (a channel, a lane, a card...), else the id itself."""
    for collection in (workspace.channels, workspace.personas):
        if element_id in collection:
            return display_name(collection[element_id])
    for journey in (workspace.core, *(s.added for s in workspace.segments.values())):
        for name in ("stages", "lanes", "touchpoints", "moments", "flows"):
            element = getattr(journey, name, {}).get(element_id)
            if element is not None:
                return display_name(element)
    return element_id


def format_value(workspace: Workspace, kind: str, field: str, value: Any) -> str:
    """A field value as a person reads it: names for ids, one line per list item, words for emotions."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field == "emotion" and isinstance(value, int):
        return f"{value:+d} {EMOTIONS.get(value, '')}".strip() if value else f"0 {EMOTIONS[0]}"
    if isinstance(value, enum.Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, str):
        if field.endswith("_id") or field in ("source", "target"):
            return name_of(workspace, value) if value else "(none)"
        return value if value else "(empty)"
    if isinstance(value, tuple | list):
        if not value:
            return "(empty)"
        syntax = field_syntax(kind, field)
        if syntax in SYNTAXES and syntax not in ("text", "list"):
            return SYNTAXES[syntax][0](value)
        return "\n".join(str(item) for item in value)
    return str(value)


def short(text: str, limit: int = 48) -> str:
    """One line, cut with an ellipsis: list items are joined with "; "."""
    line = "; ".join(part.strip() for part in text.splitlines() if part.strip()) or text
    return line if len(line) <= limit else line[: limit - 1].rstrip() + ELLIPSIS


def quote(text: str, limit: int = 48) -> str:
    return f"\u201c{short(text, limit)}\u201d"


@dataclass(frozen=True)
class Sides:
    """What the dialog compares and says: the same dialog settles a segment's and a merge's conflicts."""

    values: tuple[tuple[str, str, Any], ...]  # (title, tooltip, value), top to bottom
    start: Any  # the value the result starts from (list parsers keep ids from it)
    intro: str
    ok_text: str


class ConflictDialog(QDialog):
    """Shows was / core now / mine for one conflicting field; the result is the segment's new value.

    ``submit(value)`` pushes the resolution and returns an error message (or None when it worked): on
    an error the dialog stays open with the message, so the lead can fix the value and try again.
    ``sides`` replaces the segment's three values and words (a merge's base, ours and theirs).
    """

    def __init__(
        self,
        workspace: Workspace,
        conflict: Conflict,
        element_title: str,
        segment_name: str,
        submit: Callable[[Any], str | None],
        parent: QWidget | None = None,
        sides: Sides | None = None,
    ) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.sides = sides or Sides(
            (
                ("Was", "When the segment made its change", conflict.base),
                ("Core now", "What the core and the other segments show", conflict.core),
                (f"Mine ({segment_name})", f"What {segment_name} shows now", conflict.segment),
            ),
            conflict.segment,
            f"The core changed this field after {segment_name} had changed it. "
            f"Choose what {segment_name} shows from now on; the core keeps its own value.",
            f"Use the result in {segment_name}",
        )
        self._submit = submit
        self.syntax = field_syntax(conflict.kind, conflict.field)
        field_name = label_of(conflict.field)
        self.setWindowTitle(f"Resolve conflict: {field_name}")
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        heading = QLabel(f"\u201c{element_title}\u201d \u2014 {field_name}")
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(note(self.sides.intro))

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        self._values = self.sides.values
        for row, (title, tip, value) in enumerate(self._values):
            label = QLabel(f"{title}:")
            label.setToolTip(tip)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            shown = format_value(workspace, conflict.kind, conflict.field, value)
            if self.syntax == "list" and value:
                shown = "\n".join(f"\u2022 {item}" for item in value)  # items, not one wrapped line
            text = QLabel(shown)
            text.setObjectName(f"value-{row}")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setTextFormat(Qt.TextFormat.PlainText)
            use = QToolButton()
            use.setObjectName(f"use-{row}")
            use.setText("Use")
            use.setToolTip(f"Put this value in the result ({title.lower()})")
            use.clicked.connect(lambda _checked=False, v=value: self.set_value(v))
            grid.addWidget(label, row, 0)
            grid.addWidget(text, row, 1)
            grid.addWidget(use, row, 2, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(grid)

        result = QLabel("Result:")
        bold = QFont(result.font())
        bold.setBold(True)
        result.setFont(bold)
        layout.addWidget(result)
        self.editor = self._make_editor(workspace)
        self.editor.setObjectName("conflict-result")
        layout.addWidget(self.editor)
        if self.syntax in HINTS:
            layout.addWidget(note(HINTS[self.syntax]))
        self.error = QLabel()
        self.error.setObjectName("conflict-error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.sides.ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.set_value(self.sides.start)
        self.editor.setFocus()

    # -- the result editor --------------------------------------------------------------------

    def _make_editor(self, workspace: Workspace) -> QWidget:
        if self.syntax in LINE_EDITORS:
            return QLineEdit()
        if self.syntax in SYNTAXES:
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            box.setMinimumHeight(box.fontMetrics().lineSpacing() * 5)
            box.setPlaceholderText(HINTS.get(self.syntax or "", ""))
            return box
        combo = QComboBox()  # ids, emotions, flags: one of the three values, by name
        seen: list[Any] = []
        start = [v for v in self._values if v[2] == self.sides.start][:1]
        for title, _tip, value in start + list(reversed(self._values)):  # the starting value first
            if value in seen:
                continue
            seen.append(value)
            text = short(format_value(workspace, self.conflict.kind, self.conflict.field, value), 60)
            combo.addItem(f"{text} ({title.split(' (')[0].lower()})", len(seen) - 1)
        self._choices = seen
        return combo

    def set_value(self, value: Any) -> None:
        """Put a value in the result editor, in the syntax the editor reads back."""
        editor = self.editor
        if isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
        elif isinstance(editor, QPlainTextEdit):
            fmt = SYNTAXES[self.syntax or "text"][0]
            editor.setPlainText(fmt(value) if value is not None else "")
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(self._choices.index(value) if value in self._choices else 0)

    def set_text(self, text: str) -> None:
        """Type ``text`` as the result (for the line and text editors)."""
        if isinstance(self.editor, QLineEdit):
            self.editor.setText(text)
        elif isinstance(self.editor, QPlainTextEdit):
            self.editor.setPlainText(text)

    def value(self) -> Any:
        """The result as a model value; ValueError with a one-line message when the text has none."""
        editor = self.editor
        if isinstance(editor, QLineEdit):
            text = editor.text().strip()
            if self.syntax == "title" and not text:
                raise ValueError(f"{label_of(self.conflict.field)} cannot be empty")
            return text
        if isinstance(editor, QPlainTextEdit):
            parse = SYNTAXES[self.syntax or "text"][1]
            return parse(editor.toPlainText(), self.sides.start)
        assert isinstance(editor, QComboBox)
        return self._choices[int(editor.currentData())]

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def accept(self) -> None:
        try:
            value = self.value()
        except ValueError as exc:
            self.show_error(str(exc))
            return
        problem = self._submit(value)
        if problem:
            self.show_error(f"{problem}. Change the result and try again.")
            return
        super().accept()
