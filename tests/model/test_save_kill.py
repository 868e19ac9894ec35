"""A save killed with SIGKILL at any moment leaves either the old file or the new one, never a mix.

The saver does nothing but save, a large workspace then a small one, over and over, and prints one
line per completed save with how long it took. The test waits for at least one completed save (so
the file exists, however slow the machine), then kills it after a pause spread over the length of a
save as measured in that run: the kill always lands in a save, at a different point each attempt.
Nothing here depends on timing to pass; the pauses only vary where the kill lands.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journeymap_designer.model.fileformat import dump_workspace, load_workspace, save_workspace
from journeymap_designer.model.generate import generate_workspace

SAVER = """
import sys, time
from journeymap_designer.model.fileformat import save_workspace
from journeymap_designer.model.generate import generate_workspace
small, large = generate_workspace(50, 1, seed=1), generate_workspace(1500, 3, seed=2)
while True:
    for workspace in (large, small):
        started = time.perf_counter()
        save_workspace(workspace, sys.argv[1])
        print(f"saved {time.perf_counter() - started:.6f}", flush=True)
"""
ATTEMPTS = 6


def _next_save(saver: subprocess.Popen[str]) -> float:
    """Block until the saver reports its next completed save; how long that save took, in seconds."""
    assert saver.stdout is not None
    line = saver.stdout.readline()
    assert line.startswith("saved "), f"the saver stopped before a save completed: {line!r}"
    return float(line.split()[1])


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_saves_never_leaves_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "map.journeymap"
    expected = {
        dump_workspace(generate_workspace(50, 1, seed=1)),
        dump_workspace(generate_workspace(1500, 3, seed=2)),
    }
    for attempt in range(ATTEMPTS):
        with subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, text=True
        ) as saver:
            # 1 to 3 completed saves: the next one is then the large or the small workspace.
            took = [_next_save(saver) for _ in range(1 + attempt % 3)]
            time.sleep(max(took) * attempt / ATTEMPTS)  # 0 to ~85 % of a save: a varied point in the next
            saver.send_signal(signal.SIGKILL)
            saver.wait(timeout=60)
        assert saver.returncode == -signal.SIGKILL
        assert path.read_bytes() in expected  # whole old or whole new
        load_workspace(path)
    save_workspace(load_workspace(path), path)  # the next save sweeps temp files a kill stranded
    assert [p.name for p in tmp_path.iterdir()] == ["map.journeymap"]
