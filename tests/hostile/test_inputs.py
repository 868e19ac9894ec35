"""Files other than maps that commands read: templates (``export --template``), returned validation
workbooks (``feedback import``) and accounts (``funnel --actuals``, ``actuals import``,
``export --actuals``). Each hostile file, and each path that is not a plain file, is given to every
command that reads that kind; the map is the clean base map.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from journeymap_designer.starter import resources_dir

from . import accounts, places, zips
from .runner import Runner, probe
from .support import AS_OF, lay_out, returned_workbook

CLEAN = "clean.journeymap"
Argv = Callable[[str], tuple[list[str], list[str]]]

TEMPLATE_COMMANDS: dict[str, tuple[str, Argv]] = {
    "export-pptx": (
        "deck",
        lambda t: (["export", CLEAN, "--pptx", "out.pptx", "--template", t], ["out.pptx"]),
    ),
    "export-xlsx": (
        "workbook",
        lambda t: (["export", CLEAN, "--xlsx", "out.xlsx", "--template", t], ["out.xlsx"]),
    ),
    "feedback-import": ("returned", lambda t: (["feedback", "import", CLEAN, t], [CLEAN])),
}
ACCOUNT_COMMANDS: dict[str, Argv] = {
    "funnel": lambda a: (["funnel", CLEAN, "--actuals", a, "--stuck", "--as-of", AS_OF], []),
    "funnel-json": lambda a: (["funnel", CLEAN, "--actuals", a, "--format", "json", "--as-of", AS_OF], []),
    "actuals-import": lambda a: (["actuals", "import", CLEAN, a], ["clean.actuals.json"]),
    "export-xlsx-actuals": lambda a: (
        ["export", CLEAN, "--xlsx", "out.xlsx", "--actuals", a, "--as-of", AS_OF],
        ["out.xlsx"],
    ),
    "export-pptx-actuals": lambda a: (
        ["export", CLEAN, "--pptx", "out.pptx", "--actuals", a, "--as-of", AS_OF],
        ["out.pptx"],
    ),
}


@cache
def _source(kind: str) -> bytes:
    if kind == "deck":
        return (resources_dir() / "export" / "deck-default.pptx").read_bytes()
    if kind == "workbook":
        return (resources_dir() / "export" / "playbook-template.xlsx").read_bytes()
    if kind == "returned":
        return returned_workbook("@ESC@]0;pwned@BEL@ @ESC@[2J \u202e\u2028 \x9b31m \u2066x\u2069")
    return accounts.accounts_xlsx()


@cache
def _package(kind: str, case: str) -> bytes:
    cases = zips.deck_cases() if kind == "deck" else zips.workbook_cases()
    return cases[case](_source(kind))


def _suffix(kind: str) -> str:
    return ".pptx" if kind == "deck" else ".xlsx"


TEMPLATE_CASES = [
    pytest.param(command, case, id=f"{command}-{case}")
    for command, (kind, _argv) in TEMPLATE_COMMANDS.items()
    for case in ["as-made", *(zips.deck_cases() if kind == "deck" else zips.workbook_cases())]
]


@pytest.mark.parametrize(("command", "case"), TEMPLATE_CASES)
def test_hostile_package(runner: Runner, tmp_path: Path, command: str, case: str) -> None:
    kind, argv = TEMPLATE_COMMANDS[command]
    lay_out(tmp_path)
    given = "given" + _suffix(kind)
    (tmp_path / given).write_bytes(_source(kind) if case == "as-made" else _package(kind, case))
    assert not _probe(runner, tmp_path, argv(given))


@pytest.mark.parametrize("command", sorted(TEMPLATE_COMMANDS))
@pytest.mark.parametrize("kind", sorted(places.INPUTS))
def test_package_that_is_no_file(runner: Runner, tmp_path: Path, command: str, kind: str) -> None:
    lay_out(tmp_path)
    given = places.INPUTS[kind](tmp_path / ("given" + _suffix(TEMPLATE_COMMANDS[command][0])))
    timeout = 15.0 if places.hang_prone(kind) else None
    assert not _probe(runner, tmp_path, TEMPLATE_COMMANDS[command][1](given), timeout)


ACCOUNT_CASES = [
    pytest.param(command, case, id=f"{command}-{case}")
    for command in ACCOUNT_COMMANDS
    for case in [*accounts.CSV, *(f"xlsx-{c}" for c in ["as-made", *zips.workbook_cases()])]
    # A deck takes seconds to build: the deck is made for the accounts whose names it shows.
    if command != "export-pptx-actuals" or case.startswith(("names-", "xlsx-as-made", "escape-", "formulas"))
]


@pytest.mark.parametrize(("command", "case"), ACCOUNT_CASES)
def test_hostile_accounts(runner: Runner, tmp_path: Path, command: str, case: str) -> None:
    lay_out(tmp_path)
    if case.startswith("xlsx-"):
        given, data = (
            "accounts.xlsx",
            _source("accounts") if case == "xlsx-as-made" else _package("accounts", case[5:]),
        )
    else:
        given, data = "given.csv", accounts.CSV[case]()
    (tmp_path / given).write_bytes(data)
    assert not _probe(runner, tmp_path, ACCOUNT_COMMANDS[command](given))


@pytest.mark.parametrize("command", ["funnel", "actuals-import", "export-xlsx-actuals"])
@pytest.mark.parametrize("kind", sorted(places.INPUTS))
def test_accounts_that_are_no_file(runner: Runner, tmp_path: Path, command: str, kind: str) -> None:
    lay_out(tmp_path)
    given = places.INPUTS[kind](tmp_path / "given.csv")
    timeout = 15.0 if places.hang_prone(kind) else None
    assert not _probe(runner, tmp_path, ACCOUNT_COMMANDS[command](given), timeout)


def _probe(
    runner: Runner, folder: Path, command: tuple[list[str], list[str]], timeout: float | None = None
) -> list[str]:
    argv, outputs = command
    return probe(runner, argv, folder, outputs, timeout=timeout)
