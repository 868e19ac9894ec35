"""A combo whose choices are read from the model when it is opened, not when the form is built.

The inspector rebuilds a form whenever the choices it was built with change; a combo that lists every
card, moment and stage (what a playbook hangs off) or every playbook (a stuck rule's) would then be
rebuilt by any rename anywhere, taking the focus from the field being typed in. This one asks for its
choices when it shows a value or opens its list (never while the list is open: a refill under the
open list would lose the user's choice).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget

from .fieldeditors import blocked

Choice = tuple[str, str | None]  # (label, value); a label "" is a separator
SEPARATOR: Choice = ("", None)
STEPPING_KEYS = (
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
)


class LazyCombo(QComboBox):
    """A combo filled from ``choices()`` on demand; its value is the chosen item's data (a str or None)."""

    def __init__(self, choices: Callable[[], Sequence[Choice]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def value(self) -> str | None:
        data = self.currentData()
        return None if data is None else str(data)

    def show_value(self, value: str | None) -> None:
        """Fill the list afresh and show ``value`` (one that names nothing is listed as missing)."""
        self.refill(value)

    def refill(self, value: str | None = None, keep: bool = False) -> None:
        wanted = self.value() if keep else value

        def fill(_unused: object) -> None:
            self.clear()
            for label, data in self._choices():
                if not label:
                    self.insertSeparator(self.count())
                else:
                    self.addItem(label, data)
            index = self.findData(wanted) if wanted is not None else self._none_index()
            if index < 0:  # a dangling reference stays visible, and so does "nothing"
                self.addItem(f"(missing: {wanted})" if wanted is not None else "\u2014 none \u2014", wanted)
                index = self.count() - 1
            self.setCurrentIndex(index)

        blocked(self, fill, None)

    def _none_index(self) -> int:
        return next((i for i in range(self.count()) if self.itemData(i) is None and self.itemText(i)), -1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows open the list rather than step through it: each step would be an edit of its own
        (a playbook moved to every moment on the way), so the choice is made in the list."""
        if event.key() in STEPPING_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.showPopup()
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # the inspector scrolls; the wheel never changes what a playbook hangs off

    def showPopup(self) -> None:
        self.refill(keep=True)  # names may have changed since the form was built
        super().showPopup()
