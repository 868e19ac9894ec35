"""The benchmark harness works (tiny sizes keep the suite fast); `make bench` runs it at full size."""

from __future__ import annotations

import pytest

from tests.benchmarks.__main__ import main


def test_bench_runs_and_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--touchpoints", "200", "--segments", "2", "--repeat", "1"])
    out = capsys.readouterr().out
    assert code == 0
    for name in ("load", "save", "resolve all 2 segments", "graph checks (core journey)"):
        assert name in out
