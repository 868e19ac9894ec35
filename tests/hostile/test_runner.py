"""The probe suite's own checks can fail: each misbehaviour of a stand-in CLI is caught, by the
zygote and by a fresh interpreter alike, and the zygote's runs match ``python -m`` on real cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import maps
from .runner import Runner, probe_run
from .support import MAP, MAP_COMMANDS, lay_out

CAUGHT = {
    "traceback": "a traceback",
    "exit-3": "exit 3",
    "two-lines": "2 lines on stderr",
    "escape": "raw U+0007, U+001B, U+202E on stdout",
    "hang": "no answer within 5 s (a hang)",
    "signal": "killed by SIGSEGV",
    "write": "changed stray.txt",
    "replace": "changed victim.txt",
    "memory": "a traceback",  # MemoryError under the zygote's address-space limit
}


@pytest.mark.parametrize("spawn", [False, True], ids=["zygote", "spawned"])
@pytest.mark.parametrize("what", sorted(CAUGHT))
def test_each_misbehaviour_is_caught(runner: Runner, tmp_path: Path, what: str, spawn: bool) -> None:
    if spawn and what == "memory":
        pytest.skip("a fresh interpreter has no address-space limit: it would take 8 GB of the machine")
    (tmp_path / "victim.txt").write_text("victim")
    _run, found = probe_run(
        runner, [what], tmp_path, spawn=spawn, timeout=5, module="tests.hostile.misbehave"
    )
    assert CAUGHT[what] in found


def test_good_behaviour_passes(runner: Runner, tmp_path: Path) -> None:
    assert probe_run(runner, ["behave"], tmp_path, module="tests.hostile.misbehave")[1] == []


@pytest.mark.parametrize("case", ["text-all", "truncated-half", "schema-99"])
@pytest.mark.parametrize("command", ["validate", "info", "fmt"])
def test_the_zygote_runs_as_python_m_does(runner: Runner, tmp_path: Path, command: str, case: str) -> None:
    """Same exit status, same output, same files, forked or started afresh."""
    runs = []
    for spawn in (False, True):
        folder = tmp_path / str(spawn)
        folder.mkdir()
        lay_out(folder)
        (folder / MAP).write_bytes(maps.cases()[case]())
        argv, outputs = MAP_COMMANDS[command](MAP)
        run, _found = probe_run(runner, argv, folder, outputs, spawn=spawn)
        runs.append((run.code, run.stdout, run.stderr, (folder / MAP).read_bytes()))
    assert runs[0] == runs[1]
