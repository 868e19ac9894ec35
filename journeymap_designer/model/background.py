"""Long plain-Python work in a thread that runs only while its caller waits for it.

A window opening a large map lays it out and checks it in threads, so that its event loop keeps
turning. But a thread busy in Python holds the GIL, and every call Qt makes into Python while the
event loop runs (a paint, a timer, a click) must take the GIL back first: up to one switch interval
(5 ms) each, a hundred times a frame. Two such threads starved the window for a quarter of a second
at a time. So the thread here is gated: it runs while its caller sits in ``done(wait)``, and pauses
at its next call once the caller goes back to its event loop. Between the caller's turns the
work goes on; during them it never competes for the GIL.

The gate is a profile function (``sys.setprofile``) in the worker thread: a check of a flag at every
call and return, of Python and of builtins (a loop that calls no Python function still calls
``getattr`` or ``append``). It doubles the time of call-heavy work such as the map's checks, a price
paid in the background. ``cancel`` lets a paused worker end at once, by raising in it.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any, Generic, TypeVar

__all__ = ["Background", "Cancelled"]

T = TypeVar("T")


class Cancelled(BaseException):
    """Raised inside gated work whose caller no longer wants it (not an Exception: work that
    catches its own errors must not catch this one and go on)."""


class Background(Generic[T]):
    """``work(*args)`` in a gated thread: it runs while the caller waits in ``done``."""

    def __init__(self, work: Callable[..., T], *args: Any) -> None:
        self._outcome: list[tuple[bool, Any]] = []
        self._gate = threading.Event()
        self._cancelled = False
        self._thread = threading.Thread(
            target=self._run, args=(work, *args), name="journeymap-work", daemon=True
        )
        self._thread.start()

    def _run(self, work: Callable[..., T], *args: Any) -> None:
        sys.setprofile(self._checkpoint)
        try:
            self._outcome.append((True, work(*args)))
        except BaseException as exc:  # handed to whoever takes the result
            self._outcome.append((False, exc))
        finally:
            sys.setprofile(None)

    def _checkpoint(self, frame: FrameType, event: str, arg: Any) -> None:
        """Called at every call and return in the worker: wait while the gate is closed."""
        if not self._gate.is_set():
            self._gate.wait()
        if self._cancelled:
            raise Cancelled

    def done(self, wait: float = 0.0) -> bool:
        """Let the work run for up to ``wait`` seconds; whether it has ended. The garbage collector
        waits meanwhile: a pass in the worker could destroy Qt objects outside their thread."""
        collecting = gc.isenabled()
        gc.disable()
        self._gate.set()
        try:
            self._thread.join(wait)
        finally:
            self._gate.clear()
            if collecting:
                gc.enable()
        return not self._thread.is_alive()

    def finish(self) -> T:
        """Run the work to its end, waiting for it; its result (or its exception, raised)."""
        while not self.done(1.0):
            pass
        return self.result()

    def result(self) -> T:
        """The work's result, or its exception raised (call once done)."""
        ok, value = self._outcome[0]
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """The caller gives up: the work ends at its next call (its result is never taken)."""
        self._cancelled = True
        self._gate.set()
