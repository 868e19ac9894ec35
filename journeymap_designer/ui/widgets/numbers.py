"""Number fields that may be "not set": days (a stage's duration, a time frame, a stuck rule) and percents.

A ``QSpinBox`` cannot be empty, and it silently refuses what it does not like (150 in a percent box
just does not type), so the user never learns why. ``NumberBox`` is a spin box whose text is free: the
arrows and the wheel (when focused) step it, an empty box is "not set", and the inspector reads it
with :func:`read_number`, which says in one line what is wrong with a bad value (over 100 %,
negative days, half a day, "abc") so the field can be shown back with the model's value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QWidget

from ...model.elements import MAX_DAYS


@dataclass(frozen=True)
class Bounds:
    """What a number field accepts, and how it names its unit in messages."""

    label: str  # the field, as messages name it ("Target conversion")
    minimum: float
    maximum: float
    unit: str  # "days" or "%"
    whole: bool = True  # days are whole; a percent may have decimals
    start: float | None = None  # what the up arrow gives an empty box (default: the minimum)


DAYS = Bounds("Days", 0, MAX_DAYS, "days")
PERCENT = Bounds("Percent", 0, 100, "%", whole=False, start=50)


def format_number(value: float | None) -> str:
    """A model value as the box shows it: nothing for "not set", no trailing ".0"."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def read_number(text: str, bounds: Bounds) -> float | int | None:
    """The number typed, None when the box is empty; ValueError (one line, naming the field) otherwise."""
    typed = text.strip().removesuffix(bounds.unit).strip()
    if bounds.unit == "days":
        typed = typed.removesuffix("day").strip()
    if not typed:
        return None
    low, high = format_number(bounds.minimum), format_number(bounds.maximum)
    span = f"from {low} to {high} {bounds.unit}"
    try:
        value = float(typed.replace(",", "."))
    except ValueError:
        raise ValueError(
            f"{bounds.label}: \u201c{text.strip()[:40]}\u201d is not a number; type {span}, "
            "or leave it empty for not set"
        ) from None
    if not math.isfinite(value):
        raise ValueError(f"{bounds.label}: type {span}, or leave it empty for not set")
    if bounds.whole and not value.is_integer():
        raise ValueError(f"{bounds.label}: whole {bounds.unit} only, {span}")
    if value < bounds.minimum or value > bounds.maximum:
        if value < 0 and bounds.minimum >= 0:
            problem = "cannot be negative"
        elif value < bounds.minimum:
            problem = f"is at least {low} {bounds.unit}"
        else:
            problem = f"is at most {high} {bounds.unit}"
        raise ValueError(f"{bounds.label} {problem}: type {span}, or leave it empty for not set")
    return int(value) if bounds.whole else value


class NumberBox(QAbstractSpinBox):
    """A spin box holding a number or nothing ("not set"); it commits on Enter or focus out."""

    def __init__(self, bounds: Bounds, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bounds = bounds
        self.lineEdit().setPlaceholderText("not set")
        self.setAccelerated(True)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("36500") + 60)

    def set_value(self, value: float | None) -> None:
        text = format_number(value)
        if self.text() != text:
            was = self.blockSignals(True)
            try:
                self.lineEdit().setText(text)
            finally:
                self.blockSignals(was)

    def value(self) -> float | int | None:
        """The number typed (None: not set); ValueError with the reason for anything else."""
        return read_number(self.text(), self.bounds)

    def validate(self, text: str, pos: int) -> QValidator.State:  # type: ignore[override]
        return QValidator.State.Acceptable  # anything may be typed: reading it says what is wrong

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        flags = QAbstractSpinBox.StepEnabledFlag
        try:
            value = self.value()
        except ValueError:
            return flags.StepNone
        if value is None:
            return flags.StepUpEnabled
        enabled = flags.StepNone
        if value < self.bounds.maximum:
            enabled |= flags.StepUpEnabled
        if value > self.bounds.minimum:
            enabled |= flags.StepDownEnabled
        return enabled

    def stepBy(self, steps: int) -> None:
        try:
            value = self.value()
        except ValueError:
            return
        if value is None:
            start = self.bounds.start if self.bounds.start is not None else self.bounds.minimum
            new = start if steps > 0 else None
        else:
            new = min(self.bounds.maximum, max(self.bounds.minimum, value + steps))
        self.lineEdit().setText(format_number(new))
        self.lineEdit().selectAll()
