"""Screenshots of the real window, as a user sees it: ``xvfb-run -s "-screen 0 1280x720x24" python
tools/screenshots.py OUT_DIR`` (the screen size comes from the X server).

First start on the sample (window fitted to the screen, nothing remembered), then workshop mode
(F11) from the stage in the middle of the view, PgDn through the stages, then back (Escape), then
customers' answers: badges on the cards and the Feedback panel. Settings go to a temporary folder.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from journeymap_designer.model.document import Document
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.shell.app import make_application
from journeymap_designer.ui.shell.mainwindow import MainWindow


def settle(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


ANSWERS = [  # (element, verdict, customer, comment, step)
    ("tp-acq-demo-request", "needs_change", "Acme Corp", "We never got the confirmation email", ""),
    ("tp-acq-demo-request", "confirmed", "Globex", "", ""),
    ("tp-acq-free-trial", "confirmed", "Acme Corp", "", ""),
    ("tp-acq-pricing-page", "missing", "Globex", "We compared on G2 first, not on your site", ""),
    ("mot-first-value", "confirmed", "Acme Corp", "", ""),
    ("mot-kickoff-complete", "needs_change", "Globex", "Kickoff took three weeks, not one", ""),
    (None, "missing", "Globex", "Our procurement asks for a security questionnaire", "Security review"),
]


def _answer(window: MainWindow) -> None:
    """Answers as an import would add them (one undo step), for the badges and the panel."""
    from journeymap_designer.model.commands import AddElement

    def steps():  # type: ignore[no-untyped-def]
        for n, (element, verdict, customer, comment, step) in enumerate(ANSWERS):
            data = {"id": f"fb-shot-{n}", "element_id": element, "verdict": verdict, "customer": customer}
            data.update(comment=comment, step=step, answered_at="2025-03-04T10:00:00")
            yield AddElement("feedback", data)

    window.controller.macro("Import customer answers", steps)


def main(out: Path) -> int:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    app = make_application(["screenshots"])
    screen = app.primaryScreen()
    size = screen.size()
    folder = out / f"{size.width()}x{size.height()}"
    folder.mkdir(parents=True, exist_ok=True)
    window = MainWindow(Document.open(sample_path()))
    window.show_at_start()
    settle(app, 1.5)

    def shot(name: str) -> None:
        settle(app)
        screen.grabWindow(0).save(str(folder / f"{name}.png"))
        print(folder / f"{name}.png")

    settle(app, 2.0)
    shot("first-start")
    window.activateWindow()  # keyboard shortcuts go to the active window (no window manager here)
    settle(app)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_F11)
    shot("workshop-start")
    QTest.keyClick(window.view, Qt.Key.Key_PageDown)
    shot("workshop-next-stage")
    QTest.keyClick(window.view, Qt.Key.Key_PageDown)
    QTest.keyClick(window.view, Qt.Key.Key_PageDown)
    shot("workshop-two-stages-on")
    QTest.keyClick(window.view, Qt.Key.Key_Escape)
    shot("after-workshop")
    _answer(window)
    window.feedback.show()
    window.feedback.raise_()
    window.view.set_zoom(1.0)
    window.view.centerOn(window.scene.cards["tp-acq-free-trial"])
    shot("feedback")
    window.view.centerOn(window.scene.moments["mot-kickoff-complete"])
    shot("feedback-moments")
    window.document.history.set_clean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "out/screenshots")))
