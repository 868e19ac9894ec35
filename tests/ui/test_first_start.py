"""At first start the map gets most of the window, at a size its text can be read; the panel layout a
user makes is there again the next time."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from journeymap_designer.model.document import Document
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.canvas.items import CardItem
from journeymap_designer.ui.shell import window_layout
from journeymap_designer.ui.shell.mainwindow import MainWindow


def test_the_window_fits_the_screen() -> None:
    rect, maximise = window_layout.first_start_size(QRect(0, 0, 1280, 690))
    assert maximise  # a laptop or projector screen: all of it
    rect, maximise = window_layout.first_start_size(QRect(0, 0, 2560, 1400))
    assert not maximise and QRect(0, 0, 2560, 1400).contains(rect) and rect.width() >= 1600


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_map_gets_most_of_the_window_at_readable_size(
    qtbot, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    # The layout follows the screen; this one pretends to be the size the window is given.
    monkeypatch.setattr(window_layout, "compact", lambda _available: size[1] < 900)
    window = MainWindow(Document.open(sample_path()))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(  # the panels are sized once the window is shown
        lambda: (
            window.inspector.width() <= window_layout.SIDE_W + 20
            and (size[1] < 900 or window.findings.height() <= window_layout.BOTTOM_H + 60)
        )
    )
    window.view.show_start()
    viewport = window.view.viewport()
    share = viewport.width() * viewport.height() / (window.width() * window.height())
    assert share >= 0.55, (
        f"the map gets {share:.0%} of a {size} window",
        viewport.size(),
        window.findings.geometry(),
        window.inspector.geometry(),
    )
    dpi = viewport.logicalDpiY()
    title_px = CardItem.TITLE_SIZE * dpi / 72 * window.view.zoom
    assert title_px >= 12, f"card titles are {title_px:.1f} px"
    window.document.history.set_clean()
    window.close()


def test_the_panels_are_where_they_were_left(qtbot) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(Document.open(sample_path()))
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.segments_dock.toggleViewAction().trigger()  # closed by the user
    assert not first.segments_dock.isVisible()
    first.close()
    again = MainWindow(Document.open(sample_path()))
    qtbot.addWidget(again)
    again.show_at_start()
    qtbot.waitExposed(again)
    assert not again.segments_dock.isVisible() and again.inspector.isVisible()
    again.close()
