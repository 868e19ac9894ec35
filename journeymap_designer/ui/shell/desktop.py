"""The designer as a desktop application: its icon, its desktop id, and the --smoke-test start.

The icon is the project's own SVG from the bundled resources, so the window and the task bar show it
whether the designer runs from a checkout, a wheel or the frozen bundle. The desktop file name ties
the windows to the installed ``.desktop`` entry (Wayland's app id, the task bar's grouping and icon).

``journeymap-designer --smoke-test [FILE]`` is how an installation is checked without a person at the
screen (the packaged app's smoke test, the startup benchmark): the designer starts as usual, and once
its main window is exposed it prints one line starting with ``ok``, then the recovery folder it
uses, and closes the window as a user would (the file's lock goes with it), exit code 0. Exit code 1
when FILE did not open, the window has no icon or the recovery folder cannot be written, 3 when no
window was shown within the time limit.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow

from ... import APP_ID
from ...starter import resources_dir
from .autosave import recovery_folder

SMOKE_TIMEOUT_MS = 60_000
# Set on the main window once the start is over (the file given opened, or refused; recovery offered):
# the file opens after the window shows, behind a progress dialog (shell/app.py).
STARTED = "journeymap-started"


def icon_path() -> Path:
    """The application icon's SVG, named by the desktop id like the installed hicolor icon."""
    return resources_dir() / "icons" / f"{APP_ID}.svg"


def app_icon() -> QIcon:
    """The application icon: the bundled SVG, or the installed theme's icon when the file is missing."""
    path = icon_path()
    return QIcon(str(path)) if path.is_file() else QIcon.fromTheme(APP_ID)


def set_up_desktop(app: QApplication) -> None:
    """Give every window the icon, and tie them to the installed desktop entry."""
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)


class SmokeTest(QObject):
    """Waits for the main window to be exposed, reports it on stdout, then closes it and quits."""

    def __init__(self, app: QApplication, file: str | None) -> None:
        super().__init__(app)
        self._app = app
        self._file = file
        self._seen = False
        app.setQuitOnLastWindowClosed(False)  # the exit code is ours to give, not lastWindowClosed's
        app.installEventFilter(self)
        self._deadline = QTimer(self)  # a child: it goes with this object
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._timed_out)
        self._deadline.start(SMOKE_TIMEOUT_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._seen and event.type() == QEvent.Type.Expose:
            window = self.main_window()
            handle = window.windowHandle() if window is not None else None
            if window is not None and handle is not None and watched is handle and handle.isExposed():
                self._seen = True
                self._app.removeEventFilter(self)
                QTimer.singleShot(0, lambda: self._finish(window))  # after the first paint
        return False

    def main_window(self) -> QMainWindow | None:
        windows = [w for w in self._app.topLevelWidgets() if isinstance(w, QMainWindow)]
        return windows[0] if windows else None

    def problems(self, window: QMainWindow) -> list[str]:
        """What is wrong with the window shown: the file not open, no icon."""
        found = []
        title = window.windowTitle().replace("[*]", "")
        if self._file and not title.startswith(Path(self._file).name):
            found.append(f"{self._file} is not open (window title: {title!r})")
        if window.windowIcon().pixmap(64, 64).isNull():
            found.append(f"the window has no icon ({icon_path()} missing or unreadable)")
        folder = recovery_folder()
        try:  # where the first edit's recovery copy will go: made now, as the first edit would
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as exc:
            found.append(f"the recovery folder {folder} cannot be written: {exc}")
        return found

    def _finish(self, window: QMainWindow) -> None:
        if window.property(STARTED) is not True:  # the file is still being opened: look again soon
            QTimer.singleShot(50, lambda: self._finish(window))
            return
        self._deadline.stop()
        found = self.problems(window)
        if found:
            for problem in found:
                print(f"journeymap-designer: smoke test: {problem}", file=sys.stderr, flush=True)
        else:
            title = window.windowTitle().replace("[*]", "")
            print(f"ok: window shown: {title}", flush=True)
            print(f"recovery folder: {recovery_folder()}", flush=True)
        window.close()  # as a user would: the lock file and the recovery copy go with the window
        self._app.exit(1 if found else 0)

    def _timed_out(self) -> None:
        print(
            f"journeymap-designer: smoke test: no window shown in {SMOKE_TIMEOUT_MS // 1000} s",
            file=sys.stderr,
            flush=True,
        )
        self._app.exit(3)
