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


ANSWERS = {  # what a customer typed into the workbook exported "For the customer"
    "tp-acq-demo-request": ("Needs change", "We never got the confirmation email"),
    "tp-acq-free-trial": ("Confirmed", ""),
    "tp-acq-pricing-page": ("Missing something", "We compared on G2 first, not on your site"),
    "mot-first-value": ("Confirmed", ""),
    "mot-kickoff-complete": ("Needs change", "Kickoff took three weeks, not one"),
}


def _answer(window: MainWindow) -> None:
    """A customer's workbook exported, answered with openpyxl, read back and imported as the File menu
    does (one undo step), then one answer resolved: the badges and the Feedback panel."""
    import openpyxl

    from exporters.validation_import import read_validation_workbook
    from exporters.xlsx import export_workbook

    folder = Path(tempfile.mkdtemp())
    sent = folder / "for customers.xlsx"
    export_workbook(window.document.workspace, sent, customer_view=True)
    book = openpyxl.load_workbook(sent)
    sheet = book["Customer validation"]
    header = next(r for r in sheet.iter_rows(max_row=20) if any(c.value == "ID" for c in r))
    cols = {str(c.value): c.column for c in header if c.value}
    for row in range(header[0].row + 1, sheet.max_row + 1):
        given = ANSWERS.get(str(sheet.cell(row, cols["ID"]).value))
        if given is not None:
            sheet.cell(row, cols["Your answer"]).value, sheet.cell(row, cols["Your comment"]).value = given
    extra = sheet.max_row + 1
    sheet.cell(extra, cols["Step"]).value = "Security questionnaire from our procurement"
    sheet.cell(extra, cols["Your answer"]).value = "Missing something"
    book.save(folder / "Acme answers.xlsx")
    found = read_validation_workbook(folder / "Acme answers.xlsx", window.document.workspace)
    window.controller.import_feedback(found.answers, "Acme Corp", found.source, found.answered_at)
    resolved = next(
        f.id for f in window.document.workspace.feedback.values() if f.element_id == "mot-first-value"
    )
    window.controller.resolve_feedback([resolved], True, "Shown in the onboarding deck")


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
    window.resizeDocks([window.feedback], [260], Qt.Orientation.Vertical)  # the panel pulled up by hand
    window.feedback.tree.setCurrentItem(window.feedback.tree.topLevelItem(0))
    shot("feedback-panel")
    window.document.history.set_clean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "out/screenshots")))
