"""Startup to a shown window (issue 15): the frozen app next to the source install, on the sample.

Each run starts ``journeymap-designer --smoke-test COPY`` in a process of its own, with a new home
folder (no window geometry or recent files remembered: a first start, every time), and is timed from
the moment the process is started to the moment it prints its "ok: window shown" line, which the
designer does once its main window is exposed. The process then closes its window and exits,
untimed. Both sides alternate run by run, so they see the same machine; the file cache is warm
after the first run of each. The platform is the caller's QT_QPA_PLATFORM (``make bench``:
offscreen). No budget: the issue asks for the figures side by side.

The source side is the installed ``journeymap-designer`` script beside this Python (``make run``'s),
the frozen side dist/journeymap-designer/journeymap-designer (``make package``); without a bundle,
the frozen side is left out with a line saying so.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from journeymap_designer.starter import sample_path

from .harness import Result

ROOT = Path(__file__).resolve().parents[2]
FROZEN = ROOT / "dist" / "journeymap-designer" / "journeymap-designer"
TIMEOUT_S = 120


def source_command() -> list[str]:
    """The source install's designer: the entry-point script of this environment, else ``-m``."""
    script = Path(sys.executable).parent / "journeymap-designer"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "journeymap_designer"]


def time_to_window(command: list[str], file: Path, home: Path) -> float:
    """Milliseconds from starting ``command --smoke-test file`` to its "window shown" line."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "JOURNEYMAP_RECOVERY_DIR": str(home / "recovery"),
    }
    start = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--smoke-test", str(file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=home,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = (time.perf_counter() - start) * 1000
    rest, _ = process.communicate(timeout=TIMEOUT_S)
    if process.returncode != 0 or not line.startswith("ok: window shown"):
        raise RuntimeError(f"{command[0]} --smoke-test: exit {process.returncode}: {(line + rest).strip()!r}")
    return elapsed


def run(repeat: int, frozen: Path = FROZEN) -> list[Result]:
    sides = {"source install": source_command()}
    if frozen.is_file():
        sides["frozen app"] = [str(frozen)]
    else:
        print(f"startup: no frozen app at {frozen.relative_to(ROOT)}: run make package to time it too")
    times: dict[str, list[float]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory(prefix="journeymap-startup-") as folder:
        file = Path(folder) / "b2b-saas.journeymap"
        shutil.copyfile(sample_path(), file)
        for number in range(max(1, repeat)):
            for name, command in sides.items():
                home = Path(folder) / f"home-{name.split()[0]}-{number}"
                home.mkdir()
                times[name].append(time_to_window(command, file, home))
    results = []
    source_ms = statistics.median(times["source install"])
    for name in sides:
        samples = times[name]
        spread = f"min {min(samples):,.0f} ms, max {max(samples):,.0f} ms over {len(samples)} runs"
        platform = os.environ.get("QT_QPA_PLATFORM", "the default platform")
        result = Result(
            f"start to a shown window: {name}",
            statistics.median(samples),
            None,
            note=f"{spread}; the sample map, a first start each run, {platform}",
        )
        if name == "frozen app":
            result.baseline_name, result.baseline_ms = "source", source_ms
        results.append(result)
    return results
