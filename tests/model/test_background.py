"""Gated background work: it runs only while its caller waits, and ends when cancelled."""

from __future__ import annotations

import time

import pytest

from journeymap_designer.model.background import Background, Cancelled


class Counter:
    def __init__(self, limit: int) -> None:
        self.count = 0
        self.limit = limit

    def step(self) -> None:
        self.count += 1

    def run(self) -> int:
        while self.count < self.limit:
            self.step()  # a Python call: where a gated thread may pause
        return self.count


def test_the_result_and_the_error_of_the_work_reach_the_caller() -> None:
    assert Background(sum, [1, 2, 3]).finish() == 6
    with pytest.raises(ZeroDivisionError):
        Background(lambda: 1 / 0).finish()


def test_the_work_runs_only_while_its_caller_waits() -> None:
    counter = Counter(10**12)
    work = Background(counter.run)
    while counter.count < 1000:  # it runs while waited for
        assert not work.done(0.01)
    paused = counter.count
    time.sleep(0.2)  # the caller does something else: the work stays where it was
    assert counter.count <= paused + 1
    while counter.count <= paused + 1:  # and goes on once waited for again
        work.done(0.01)
    work.cancel()
    assert work.done(30)
    with pytest.raises(Cancelled):
        work.result()


def test_a_paused_work_that_is_cancelled_ends_without_being_waited_for() -> None:
    counter = Counter(10**12)
    work = Background(counter.run)
    work.done(0.01)
    work.cancel()
    work._thread.join(30)  # nobody waits in done(): cancelling alone lets it end
    assert not work._thread.is_alive()


def test_work_that_catches_its_own_errors_does_not_catch_the_cancel() -> None:
    counter = Counter(10**12)

    def stubborn() -> int:
        while True:
            try:
                return counter.run()
            except Exception:  # the point: a broad except must not swallow Cancel
                continue

    work = Background(stubborn)
    work.done(0.01)
    work.cancel()
    assert work.done(30)
