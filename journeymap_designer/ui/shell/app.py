"""Start the designer: the application object, the main window, the file to open, crash recovery."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from ... import __version__
from ...model.document import Document
from ...model.fileformat import DocumentError
from .mainwindow import MainWindow


def make_application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication, named so settings and recovery copies have a stable home."""
    QCoreApplication.setOrganizationName("JourneyMapDesigner")
    QCoreApplication.setApplicationName("Journey Map Designer")
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication(list(argv) or sys.argv[:1])


def run(file: str | None) -> int:
    app = make_application()
    document = None
    error = None
    if file:
        try:
            document = Document.open(file)
        except DocumentError as exc:
            error = str(exc)
    window = MainWindow(document)
    if document is not None:
        window.remember(Path(file or ""))
    window.show_at_start()
    if document is not None:
        window.claim_started_file()  # someone else editing it: read-only or anyway
    if error:
        window.statusBar().showMessage(error, 15000)
        print(f"journeymap-designer: error: {error}", file=sys.stderr)
    QTimer.singleShot(0, window.offer_recovery)
    return app.exec()
