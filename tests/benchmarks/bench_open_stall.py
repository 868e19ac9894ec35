"""Long opens never freeze the window (issue 14): the longest stall of the event loop while the
main window opens a large map, and the whole open's time.

A 10 ms QTimer ticks from the moment File > Open starts until the window is idle again (the open
done, then a second and a half for the panels' debounced refreshes); the largest gap between two
ticks is the stall the user would feel. Budget: <= 100 ms, for the median of RUNS opens. The total
open time is information, next to a plain-library baseline of the same file in the same run
(json.loads of its bytes). By default the maps of the issue: 20,000 and 100,000 cards, three
segments (`journeymap generate`).
"""

from __future__ import annotations

import gc
import json
import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from journeymap_designer.model.fileformat import save_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.recovery import RecoveryStore

from .bench_canvas import application
from .harness import Result, measure

ISSUE_SIZES = (20_000, 100_000)
STALL_BUDGET_MS = 100.0
TICK_MS = 10
SETTLE_S = 1.5  # after the open: the panels' debounced refreshes run within this
# Opens of each map; the median of their longest stalls is held to the budget. On a shared machine
# one open in a few meets a pause of the whole process (seen: 150 ms at any moment, the plain
# json.loads baseline twice as slow as an hour before); the median of three is the window's own.
RUNS = 3


class StallMeter:
    """The largest gap between the ticks of a 10 ms timer: how long the event loop was away."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.worst = 0
        self.worst_at = 0  # ms from the start to the end of the longest stall
        self.ticks = 0

    def start(self) -> None:
        self.clock.start()
        self.last, self.worst, self.worst_at, self.ticks = 0, 0, 0, 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        if now - self.last > self.worst:
            self.worst, self.worst_at = now - self.last, now
        self.last = now
        self.ticks += 1

    def stop(self) -> int:
        """The longest stall in ms (the last stretch up to now included)."""
        self._tick()
        self.timer.stop()
        return self.worst


def _idle(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.002)


def open_with_meter(path: Path, folder: Path) -> tuple[int, float, bool, int]:
    """(longest stall in ms, open time in ms, opened, when the stall ended in ms from the start)
    for one open of ``path`` in a fresh window."""
    from journeymap_designer.ui.shell.mainwindow import MainWindow

    app = application()
    gc.collect()  # the benchmark's own garbage (the generated map) is not the open's to collect
    window = MainWindow(recovery=RecoveryStore(folder / "recovery"))
    window.resize(1600, 900)
    window.show()
    _idle(app, 0.3)
    meter = StallMeter()
    meter.start()
    started = time.perf_counter()
    opened = window.open_file(path)
    took = (time.perf_counter() - started) * 1000
    _idle(app, SETTLE_S)
    stall = meter.stop()
    worst_at = meter.worst_at
    window.close()
    window.deleteLater()
    # Gone now, not in the middle of the next measurement (processEvents leaves deferred deletes).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    _idle(app, 0.1)
    return stall, took, opened, worst_at


def run(sizes: tuple[int, ...] = ISSUE_SIZES, segments: int = 3) -> list[Result]:
    folder = Path(tempfile.mkdtemp(prefix="jm-bench-stall-"))
    organisation = QCoreApplication.organizationName()
    QCoreApplication.setOrganizationName("JourneyMapDesignerBench")  # never the user's settings
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
    application()
    try:
        return _run(sizes, segments, folder)
    finally:
        QCoreApplication.setOrganizationName(organisation)


def _run(sizes: tuple[int, ...], segments: int, folder: Path) -> list[Result]:
    results = []
    for cards in sizes:
        path = folder / f"map-{cards}.journeymap"
        save_workspace(generate_workspace(cards, segments), path)
        raw = path.read_bytes()
        baseline = measure(lambda: json.loads(raw), 1)  # noqa: B023 (used at once)
        runs = [open_with_meter(path, folder) for _ in range(RUNS)]
        stall = statistics.median(run[0] for run in runs)
        took = statistics.median(run[1] for run in runs)
        size = f"{cards:,} cards, {len(raw) / 1e6:.0f} MB"
        budget = STALL_BUDGET_MS if cards >= min(ISSUE_SIZES) else None
        each = ", ".join(
            f"{s} ms ({at / 1000:.1f} s in, {'opening' if at <= t else 'after'})" for s, t, _, at in runs
        )
        note = f"each open: {each}" if all(run[2] for run in runs) else "an open did not complete"
        results.append(Result(f"longest stall opening ({size})", stall, budget, "json.loads", baseline, note))
        results.append(Result(f"open, total ({size})", took, None, "json.loads", baseline))
    return results
