"""The one-line editor laid over the map for quick entry and renaming in place."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit


class InlineEditor(QLineEdit):
    """A one-line editor laid over the map; Enter, Tab, Shift+Tab and Escape report back."""

    finished = Signal(str, str)  # text, how: "enter" | "tab" | "backtab" | "escape" | "focus"

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        how = {
            Qt.Key.Key_Return: "enter",
            Qt.Key.Key_Enter: "enter",
            Qt.Key.Key_Tab: "tab",
            Qt.Key.Key_Backtab: "backtab",
            Qt.Key.Key_Escape: "escape",
        }.get(Qt.Key(key))
        if how is not None:
            if how == "tab" and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                how = "backtab"
            self.finished.emit(self.text(), how)
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # keep Tab for quick entry

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusOutEvent(event)
        # A context menu or a switch to another window is not the end of the edit.
        passing = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)
        if self.isVisible() and event.reason() not in passing:
            self.finished.emit(self.text(), "focus")
