"""Where the window and its panels are: the map gets most of the window at first start, and the
layout a user makes (window size, panels moved, resized or closed) is there again next time.

At first start the window fits the screen (maximised on a laptop or projector-sized screen), the
inspector and the segments panel share one column on the right as tabs, and the findings and
differences share one low strip at the bottom, or, on a screen less than 900 pixels high, join the
right column as tabs too (an error still brings its tab forward at once). On a 1280x720 screen the
map gets two thirds of the window, with its text at a readable size.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar

SIDE_W, BOTTOM_H = 420, 100  # the panels' first sizes, in pixels (420: room for the five tabs)
ROOMY = QSize(1600, 1000)  # on a screen with room for this and more, the window is not maximised
GEOMETRY_KEY, STATE_KEY = "window/geometry", "window/state"
LAYOUT_VERSION = 2  # bumped when the panels' arrangement changes, so an old saved one is not restored


def first_start_size(available: QRect) -> tuple[QRect, bool]:
    """The window's first rect on a screen's available area, and whether to maximise it instead."""
    if available.width() < ROOMY.width() or available.height() < ROOMY.height():
        return available, True
    width = min(available.width() - 80, 1760)
    height = min(available.height() - 80, 1040)
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect, False


def compact(available: QRect) -> bool:
    """A screen too low for a strip of findings under the map (laptops, projectors at 720p)."""
    return available.height() < 900


def arrange_panels(
    window: QMainWindow, side: list[QDockWidget], bottom: list[QDockWidget], first: QDockWidget
) -> None:
    """Side panels tabbed in one column on the right, bottom panels tabbed in one low strip under
    the map only (the right column keeps the full height)."""
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    for dock in side:
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    for dock in bottom:
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    for group in (side, bottom):
        for other in group[1:]:
            window.tabifyDockWidget(group[0], other)
        if group:
            group[0].raise_()
    first.raise_()
    for tabs in window.findChildren(QTabBar):  # four tab titles must not widen the column they head
        tabs.setUsesScrollButtons(True)
        tabs.setElideMode(Qt.TextElideMode.ElideNone)
    size_panels(window, side, bottom)


def size_panels(window: QMainWindow, side: list[QDockWidget], bottom: list[QDockWidget]) -> None:
    """The panels' first sizes (again once the window is shown: before, Qt may not apply them)."""
    window.resizeDocks(side[:1], [SIDE_W], Qt.Orientation.Horizontal)
    if bottom:
        window.resizeDocks(bottom[:1], [BOTTOM_H], Qt.Orientation.Vertical)


def restore_geometry(window: QMainWindow, settings: QSettings) -> bool:
    """Put the window back where and as large as the user left it; False when nothing is saved."""
    geometry = settings.value(GEOMETRY_KEY)
    return isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)


def restore_panels(window: QMainWindow, settings: QSettings) -> bool:
    """Put the panels back as the user left them (moved, resized, closed); False when none saved."""
    state = settings.value(STATE_KEY)
    return isinstance(state, QByteArray) and window.restoreState(state, LAYOUT_VERSION)


def save(window: QMainWindow, settings: QSettings) -> None:
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.setValue(STATE_KEY, window.saveState(LAYOUT_VERSION))
