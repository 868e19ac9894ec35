"""The startup benchmark runs the designer to a shown window and reads its "window shown" line; the
frozen side is timed when a bundle is there and left out, with a line saying so, when it is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks import bench_startup


@pytest.mark.slow  # starts the designer twice
def test_startup_bench_times_the_source_install_and_a_frozen_stand_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nowhere = bench_startup.ROOT / "dist" / "no-such-bundle" / "journeymap-designer"
    missing = bench_startup.run(1, frozen=nowhere)
    assert [r.name for r in missing] == ["start to a shown window: source install"]
    assert "run make package to time it too" in capsys.readouterr().out
    assert missing[0].median_ms > 0 and missing[0].budget_ms is None
    stand_in = tmp_path / "journeymap-designer"  # answers as the frozen designer does
    stand_in.write_text('#!/bin/sh\necho "ok: window shown: $2"\n', encoding="utf-8")
    stand_in.chmod(0o755)
    source, frozen = bench_startup.run(1, frozen=stand_in)
    assert frozen.name == "start to a shown window: frozen app" and frozen.median_ms > 0
    assert (frozen.baseline_name, frozen.baseline_ms) == ("source", source.median_ms)
    assert "a first start each run" in frozen.note


def test_a_designer_that_shows_no_window_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "journeymap-designer"
    script = "#!/bin/sh\necho 'journeymap-designer: error: Qt cannot start' >&2\nexit 2\n"
    broken.write_text(script, encoding="utf-8")
    broken.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    with pytest.raises(RuntimeError, match="exit 2"):
        bench_startup.time_to_window([str(broken)], tmp_path / "map.journeymap", home)
