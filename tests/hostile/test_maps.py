"""Every command that reads a map, on every hostile map and on every path that is not a plain file.

The cases are grouped per command (one test id: ``command[case]``) so pytest-xdist spreads them;
each run is checked by ``runner.problems``. A failure lists every rule the run broke.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import maps, places
from .runner import Runner, probe
from .support import MAP, MAP_COMMANDS, lay_out

CASES = maps.cases()
# Building a deck or a workbook of a valid map takes seconds: those run on the payload maps that
# carry every payload at once (and on every broken map, which fails fast), not on each payload.
SLOW = {c for c in MAP_COMMANDS if c.startswith("export-") and c not in ("export-tasks", "export-emails")}
FAST_ONLY = {c for c in CASES if c.startswith("text-") and c not in ("text-all", "text-newline-tab")}
# A map the loader refuses never reaches a command's own code: it goes through one of these paths
# (plain load, document open, merge's loader, the other side of a diff, an exporter, the actuals).
LOADERS = {
    "validate",
    "validate-json",
    "info",
    "textconv",
    "fmt-check",
    "fmt",
    "persona-add",
    "properties",
    "feedback-list",
    "feedback-import",
    "merge-ours",
    "merge-base",
    "diff-file-reverse",
    "export-xlsx",
    "export-tasks",
    "funnel",
    "actuals-import",
}
RENDERED = ("text-all", "text-osc-title", "truncated-half", "utf16-le-bom", "deep-arrays", "huge-string")


@pytest.mark.parametrize(
    ("command", "case"),
    [
        pytest.param(command, case, id=f"{command}-{case}")
        for command in sorted(MAP_COMMANDS)
        for case in sorted(CASES)
        if not (command in SLOW and case in FAST_ONLY) and (command in LOADERS or not maps.refused(case))
    ],
)
def test_hostile_map(runner: Runner, tmp_path: Path, command: str, case: str) -> None:
    lay_out(tmp_path)
    (tmp_path / MAP).write_bytes(CASES[case]())
    argv, outputs = MAP_COMMANDS[command](MAP)
    assert not probe(runner, argv, tmp_path, outputs)


@pytest.mark.parametrize("kind", sorted(places.INPUTS))
@pytest.mark.parametrize("command", sorted(LOADERS))
def test_map_that_is_no_file(runner: Runner, tmp_path: Path, command: str, kind: str) -> None:
    lay_out(tmp_path)
    given = places.INPUTS[kind](tmp_path / MAP)
    argv, outputs = MAP_COMMANDS[command](given)
    timeout = 15.0 if places.hang_prone(kind) else None
    assert not probe(runner, argv, tmp_path, outputs, timeout=timeout)


@pytest.mark.parametrize("case", RENDERED)
def test_render(runner: Runner, tmp_path: Path, case: str) -> None:
    """``render`` loads Qt, so it runs in a fresh interpreter (forking after Qt is loaded is unsafe)."""
    lay_out(tmp_path)
    (tmp_path / MAP).write_bytes(CASES[case]())
    assert not probe(
        runner, ["render", MAP, "out.png", "--segment", "seg-00"], tmp_path, ["out.png"], spawn=True
    )


@pytest.mark.parametrize(
    "name", ["\x1b]0;pwned\x07.journeymap", "\u202egpj.journeymap", "new\nline.journeymap"]
)
@pytest.mark.parametrize("command", ["validate", "info", "fmt-check", "export-tasks", "feedback-list"])
def test_hostile_file_name(runner: Runner, tmp_path: Path, command: str, name: str) -> None:
    """A map whose file name carries escapes (a file planted in a shared folder): the name is echoed
    in messages, so it must be escaped like the file's text. The map itself is broken, to reach the
    error path that names it."""
    lay_out(tmp_path)
    (tmp_path / name).write_bytes(maps.BROKEN["truncated-half"]())
    argv, outputs = MAP_COMMANDS[command](os.path.join(".", name))
    assert not probe(runner, argv, tmp_path, outputs)
