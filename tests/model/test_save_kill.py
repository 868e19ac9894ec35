"""A save killed with SIGKILL at any moment leaves either the old file or the new one, never a mix."""

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
import sys
from journeymap_designer.model.fileformat import save_workspace
from journeymap_designer.model.generate import generate_workspace
small, large = generate_workspace(50, 1, seed=1), generate_workspace(1500, 3, seed=2)
print("ready", flush=True)
while True:
    save_workspace(large, sys.argv[1])
    save_workspace(small, sys.argv[1])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_saves_never_leaves_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "map.journeymap"
    expected = {
        dump_workspace(generate_workspace(50, 1, seed=1)),
        dump_workspace(generate_workspace(1500, 3, seed=2)),
    }
    for attempt in range(6):
        saver = subprocess.Popen([sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, text=True)
        assert saver.stdout is not None and saver.stdout.readline().strip() == "ready"
        time.sleep(0.05 + 0.037 * attempt)
        saver.send_signal(signal.SIGKILL)
        saver.wait(timeout=30)
        assert path.read_bytes() in expected  # whole old or whole new
        load_workspace(path)
    save_workspace(load_workspace(path), path)  # the next save sweeps temp files a kill stranded
    assert [p.name for p in tmp_path.iterdir()] == ["map.journeymap"]
