"""One runner (and so one zygote) per test process; its files go when the session ends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .runner import Runner


@pytest.fixture(scope="session")
def runner() -> Iterator[Runner]:
    made = Runner()
    yield made
    made.close()
