"""Where a large map's open stalls the window: every long step of the open, and every long gap of the
event loop with the window thread's Python stack at the time (issue 14, point 5).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/stall_probe.py MAP [--twice]

MAP is a .journeymap file (`journeymap generate 100000 --segments 3 -o MAP`). `--twice` opens it once
in a window of its own first, closes it, then measures a second open (the benchmark's later runs
are such opens). Prints each step of the open that took over 40 ms (where the open's generator
was) and each gap of a 5 ms timer over 60 ms (how much of it was inside the open's slices, and
the stacks sampled meanwhile). A gap with no sample was spent in one C call holding the GIL: look
at it with `py-spy dump --native --pid PID` from a second shell (py-spy is on PyPI).
"""

from __future__ import annotations

import collections
import gc
import os
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Generator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from journeymap_designer.model.recovery import RecoveryStore
from journeymap_designer.ui.widgets import progress

Stack = tuple[str, ...]


def where(steps: Any) -> str:
    """The chain of generators an open is in (``yield from``), innermost last."""
    places = []
    while steps is not None and getattr(steps, "gi_frame", None) is not None:
        places.append(f"{steps.gi_frame.f_code.co_name}:{steps.gi_frame.f_lineno}")
        steps = getattr(steps, "gi_yieldfrom", None)
    return " > ".join(places[-4:])


class Probe:
    def __init__(self) -> None:
        self.long_steps: list[tuple[float, float, str]] = []
        self.slices: list[tuple[float, float]] = []
        self.samples: list[tuple[float, Stack]] = []
        self.ticks: list[float] = []
        self.main = threading.get_ident()
        self.sampling = True
        threading.Thread(target=self._sample, daemon=True).start()
        probe = self

        def timed_slice(runner: progress.StepRunner[Any]) -> None:  # StepRunner._slice, timed
            end = time.perf_counter() + progress.SLICE_S
            started = time.perf_counter()
            fraction, text = 0.0, ""
            steps: Generator[tuple[float, str], None, Any] = runner.steps
            try:
                while time.perf_counter() < end:
                    place, at = where(steps), time.perf_counter()
                    fraction, text = next(steps)
                    if time.perf_counter() - at > 0.04:
                        probe.long_steps.append((at, time.perf_counter() - at, place))
            except StopIteration as done:
                runner._finish(done.value)
                return
            except Exception as exc:
                runner.error = exc
                runner._finish(None)
                return
            finally:
                probe.slices.append((started, time.perf_counter()))
            if text and text != runner.dialog.labelText():
                runner.dialog.setLabelText(text)
            runner.dialog.setValue(min(999, int(fraction * 1000)))
            runner._timer.start(0)

        progress.StepRunner._slice = timed_slice  # type: ignore[method-assign,assignment]

    def _sample(self) -> None:
        while self.sampling:
            time.sleep(0.004)
            frame = sys._current_frames().get(self.main)
            if frame is not None:
                stack = traceback.extract_stack(frame)[-6:]
                self.samples.append(
                    (
                        time.perf_counter(),
                        tuple(f"{os.path.basename(f.filename)}:{f.lineno} {f.name}" for f in stack),
                    )
                )

    def report(self, start: float) -> None:
        for at, took, place in self.long_steps:
            print(f"STEP +{at - start:.2f} s {took * 1000:.0f} ms in {place}")
            self._stacks(at, at + took, "   ")
        for before, after in zip(self.ticks, self.ticks[1:], strict=False):
            if after - before > 0.06:
                inside = sum(max(0.0, min(e, after) - max(s, before)) for s, e in self.slices)
                print(
                    f"GAP  +{before - start:.2f} s {(after - before) * 1000:.0f} ms"
                    f" ({inside * 1000:.0f} ms in slices)"
                )
                self._stacks(before, after, "   ")

    def _stacks(self, since: float, until: float, indent: str) -> None:
        seen = collections.Counter(stack for at, stack in self.samples if since <= at <= until)
        for stack, count in seen.most_common(2):
            print(f"{indent}[{count}] " + " | ".join(stack[-4:]))


def idle(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.002)


def main() -> None:
    path = Path(sys.argv[1])
    folder = Path(tempfile.mkdtemp(prefix="jm-stall-probe-"))
    QCoreApplication.setOrganizationName("JourneyMapStallProbe")  # never the user's settings
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    from journeymap_designer.ui.shell.mainwindow import MainWindow

    if "--twice" in sys.argv:
        first = MainWindow(recovery=RecoveryStore(folder / "first"))
        first.resize(1600, 900)
        first.show()
        first.open_file(path)
        idle(app, 1.5)
        first.close()
        first.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del first
        gc.collect()
    probe = Probe()
    timer = QTimer()
    timer.timeout.connect(lambda: probe.ticks.append(time.perf_counter()))
    timer.start(5)
    window = MainWindow(recovery=RecoveryStore(folder / "recovery"))
    window.resize(1600, 900)
    window.show()
    idle(app, 0.3)
    probe.ticks.clear()
    start = time.perf_counter()
    window.open_file(path)
    print(f"open: {time.perf_counter() - start:.1f} s")
    idle(app, 1.5)
    probe.sampling = False
    probe.report(start)
    window.document.history.set_clean()
    window.close()


if __name__ == "__main__":
    main()
