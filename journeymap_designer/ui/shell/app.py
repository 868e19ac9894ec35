"""Start the designer: the application object, the main window, the file to open, crash recovery."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from ... import __version__
from .desktop import STARTED
from .mainwindow import MainWindow


def make_application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication, named so settings and recovery copies have a stable home."""
    QCoreApplication.setOrganizationName("JourneyMapDesigner")
    QCoreApplication.setApplicationName("Journey Map Designer")
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication(list(argv) or sys.argv[:1])


def run(file: str | None) -> int:
    """Show the window at once; a file given is opened in it behind a progress dialog (a large map
    never leaves the screen blank), then crash recovery is offered."""
    app = make_application()
    window = MainWindow()
    window.show_at_start()
    QTimer.singleShot(0, lambda: start(window, file))
    return app.exec()


def start(window: MainWindow, file: str | None) -> None:
    """Open the file from the command line (if any), then offer to restore unsaved work; in that
    order, so the recovery question never comes up in the middle of an open."""
    if file:
        window.open_at_start(file)
    window.offer_recovery()
    window.setProperty(STARTED, True)
