"""UI fixtures: a real main window on the bundled sample, offscreen, with its own recovery folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtTest import QTest

from journeymap_designer.model.document import Document
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.canvas.view import MapView
from journeymap_designer.ui.shell.mainwindow import MainWindow

SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recent files and recovery copies go to the test's own folders, never the user's."""
    monkeypatch.setenv("JOURNEYMAP_RECOVERY_DIR", str(tmp_path / "recovery"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow(Document.open(sample_path()))
    win.resize(1600, 950)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitActive(win)
    win.view.setFocus()
    win.view.set_zoom(0.8)
    yield win
    win.document.history.set_clean()  # let the window close without asking
    win.close()
    win.deleteLater()


def viewport_point(view: MapView, x: float, y: float) -> QPoint:
    """The viewport pixel showing scene point (x, y), scrolling it into view first."""
    view.ensureVisible(x - 1, y - 1, 2, 2, 100, 100)
    return view.mapFromScene(QPointF(x, y))


def click(view: MapView, x: float, y: float, double: bool = False) -> None:
    point = viewport_point(view, x, y)
    if double:
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    else:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def drag(view: MapView, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Press, move in steps and release, as a hand would."""
    a = viewport_point(view, *start)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    b = view.mapFromScene(QPointF(*end))
    for step in range(1, 9):
        point = a + (b - a) * (step / 8)
        QTest.mouseMove(view.viewport(), point)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
