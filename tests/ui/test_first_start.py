"""At first start the map gets most of the window, at a size its text can be read; the panel layout a
user makes is there again the next time."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QTabBar

from journeymap_designer.model.commands import AddElement
from journeymap_designer.model.document import Document
from journeymap_designer.model.edits import Command
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


def test_panels_beside_the_map_stay_narrow_with_customers_answers(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """On a 720p screen the bottom panels join the side ones; the Feedback panel, whose filters
    and buttons took one row of 600 px once a customer had answered, then stacks them, and the
    side keeps its first width, with room for all five tabs."""
    monkeypatch.setattr(window_layout, "compact", lambda _available: True)
    window = MainWindow(Document.open(sample_path()))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)

    def add() -> Iterator[Command]:
        for n, customer in enumerate(("Acme Corporation International", "Globex")):
            data = {"id": f"fb-{n}", "element_id": "tp-acq-demo-request", "verdict": "needs_change"}
            yield AddElement("feedback", {**data, "customer": customer, "answered_at": "2025-03-04T10:00"})

    assert window.controller.macro("Add answers", add)
    window.document.history.set_clean()  # closing asks nothing, whatever fails below
    window.feedback.show()
    window.feedback.raise_()
    qtbot.waitUntil(lambda: "2 open" in window.feedback.summary.text())
    qtbot.wait(50)
    side = window.feedback.width()
    assert side <= window_layout.SIDE_W + 20, side
    assert window.view.viewport().width() >= window.width() * 0.6
    summary = window.feedback.summary
    assert summary.isVisible() and summary.width() > 0.8 * side  # a row of its own, the whole sentence
    tabs = next(
        bar
        for bar in window.findChildren(QTabBar)
        if bar.isVisible() and "Feedback" in [bar.tabText(i) for i in range(bar.count())]
    )
    assert tabs.count() == 5 and tabs.sizeHint().width() <= tabs.width(), "a tab scrolled out of sight"
    window.close()
