"""Long work behind a progress dialog, with the window still repainting (and Cancel, when it can).

The work is a generator of small steps, each yielding (fraction done, what is being done). It runs
in slices of a few milliseconds on the event loop: between slices Qt repaints, handles the dialog's
Cancel and runs every timer, so the window never freezes however long the work is. The caller
waits in a local event loop, as it would for a modal dialog, and gets the work's result, or None
when the user cancelled. Work that is done within its first slice never shows a dialog.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")
Steps = Generator[tuple[float, str], None, T]

SLICE_S = 0.02  # work between two turns of the event loop: well under a frame's worth of stall
SHOW_AFTER_MS = 300  # work that ends sooner never shows a dialog


class StepRunner(Generic[T]):
    """Drives one generator of steps to its end under a window-modal progress dialog."""

    def __init__(self, parent: QWidget, title: str, steps: Steps[T], cancellable: bool = True) -> None:
        self.steps = steps
        self.result: T | None = None
        self.error: BaseException | None = None
        self.finished = False
        self.cancelled = False
        self.dialog = QProgressDialog(title, "Cancel" if cancellable else "", 0, 1000, parent)
        self.dialog.setObjectName("long-work-progress")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)  # no edits meanwhile
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self._cancel)
        self._loop = QEventLoop()
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._slice)

    def run(self) -> T | None:
        """Run to the end (or Cancel); the result, None when cancelled; the work's exception is raised."""
        self.dialog.setValue(0)
        self._slice()
        if not self.finished:
            self._loop.exec()
        self.dialog.hide()
        self.dialog.deleteLater()
        if self.error is not None:
            raise self.error
        return None if self.cancelled else self.result

    def _slice(self) -> None:
        end = time.perf_counter() + SLICE_S
        fraction, text = 0.0, ""
        try:
            while time.perf_counter() < end:
                fraction, text = next(self.steps)
        except StopIteration as done:
            self._finish(done.value)
            return
        except Exception as exc:  # the caller's to handle (DocumentError...), raised from run()
            self.error = exc
            self._finish(None)
            return
        if text and text != self.dialog.labelText():
            self.dialog.setLabelText(text)
        self.dialog.setValue(min(999, int(fraction * 1000)))  # shows the dialog after SHOW_AFTER_MS
        self._timer.start(0)

    def _finish(self, result: Any) -> None:
        self.result = result
        self.finished = True
        # Quit after one more turn of the loop: the window repaints between the last step and
        # whatever its caller does next (attaching an opened map), not once after both.
        QTimer.singleShot(0, self._loop.quit)

    def _cancel(self) -> None:
        if self.finished:
            return
        self.cancelled = self.finished = True
        self._timer.stop()
        self.steps.close()  # the generator's finally blocks run (gc back on, threads left to end)
        self._loop.quit()


def run_steps(parent: QWidget, title: str, steps: Steps[T], cancellable: bool = True) -> T | None:
    """Run ``steps`` behind a progress dialog; their result, or None when the user cancelled."""
    return StepRunner(parent, title, steps, cancellable).run()
