"""Issue 13's "Done when", end to end: one CSV of a few hundred accounts for the sample, and the funnel
in the app, on the CLI and in both exports shows the numbers this test computes the plain way
(``tests/model/funnel_oracle.py``, which never calls ``model/funnel.py``); the stuck list names
exactly the accounts past their rule; the activity playbook with tasks due in days and an email goes
to the workbook, the deck and the tasks CSV.

Everything goes through what a user runs: ``journeymap actuals import`` writes the sidecar, the app
opens the map and finds it, ``journeymap funnel`` and ``journeymap export`` read the CSV.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pptx import Presentation

from journeymap_designer.cli import main
from journeymap_designer.model.document import Document
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.docks.stuck_list import ROLE_ACCOUNT
from journeymap_designer.ui.shell.mainwindow import MainWindow

from ..model.funnel_oracle import AS_OF, MILESTONES, expected_steps, expected_stuck, sample_csv

DAY = AS_OF.isoformat()
ACTIVITY_PLAYBOOK, ACTIVITY = "pb-data-rescue", "Connects the first data source"
RESCUE_TASKS = {"Send the pre-flight network checklist": 0, "Pair session with IT on the firewall rule": 2}


@pytest.fixture
def files(tmp_path: Path) -> Iterator[tuple[Path, Path, Any]]:
    """The sample saved in a folder, a CSV of 400 accounts for it, and the accounts."""
    map_path = tmp_path / "acme.journeymap"
    shutil.copyfile(sample_path(), map_path)
    _workspace, accounts = sample_csv(tmp_path / "accounts.csv")
    yield map_path, tmp_path / "accounts.csv", accounts


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def test_cli_exports_and_app_show_the_plain_numbers(
    files: tuple[Path, Path, Any], tmp_path: Path, qtbot: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    map_path, accounts_csv, accounts = files
    expected = expected_steps(accounts)
    stuck = expected_stuck(accounts)
    assert len(stuck) > 10 and expected[0].reached > expected[-1].reached > 0  # the data says something

    # The CLI, from the CSV.
    report = json.loads(run(capsys, "funnel", str(map_path), "--actuals", str(accounts_csv), "--as-of", DAY,
                            "--format", "json"))  # fmt: skip
    core = report["funnels"][0]
    assert core["journey"] == "Core journey" and core["accounts"] == len(accounts)
    assert [s["milestone_id"] for s in core["steps"]] == list(MILESTONES)
    for got, want in zip(core["steps"], expected, strict=True):
        assert (got["reached"], got["previous"], got["churned"]) == (
            want.reached,
            want.previous,
            want.churned,
        )
        assert got["conversion"] == pytest.approx(want.conversion, abs=1e-4)
        assert got["median_days"] == pytest.approx(want.median)
        assert got["p90_days"] == pytest.approx(want.p90)
    assert {s["account_id"] for s in report["stuck"]} == stuck

    # The workbook and the deck, from the CSV, with the tasks plan.
    book_path, deck_path, plan_path = tmp_path / "team.xlsx", tmp_path / "team.pptx", tmp_path / "tasks.csv"
    common = ("--actuals", str(accounts_csv), "--as-of", DAY)
    run(capsys, "export", str(map_path), "--xlsx", str(book_path), *common)
    run(capsys, "export", str(map_path), "--pptx", str(deck_path), *common)
    run(capsys, "export", str(map_path), "--tasks", str(plan_path))
    book = openpyxl.load_workbook(book_path)
    sheet = book["Core journey – Funnel"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Success milestone")
    names = rows[header]
    table = [dict(zip(names, r, strict=False)) for r in rows[header + 1 : header + 1 + len(MILESTONES)]]
    for got, want in zip(table, expected, strict=True):
        assert (got["Reached"], got["Previous"], got["Churned here"]) == (
            want.reached,
            want.previous,
            want.churned,
        )
        assert got["Conversion (%)"] == pytest.approx(want.conversion)
    stuck_rows = list(book["Stuck accounts"].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(stuck_rows) if r[0] == "Journey")
    assert {r[1] for r in stuck_rows[at + 1 :] if r[0] == "Core journey"} == stuck
    deck = Presentation(str(deck_path))
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert charts, "the team deck has a native funnel chart"
    values = list(charts[0].plots[0].series[0].values)
    assert values == [float(s.reached) for s in expected]
    frames = [shape.text_frame for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    tables = [shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table]
    deck_text = "\n".join([p.text for frame in frames for p in frame.paragraphs])
    deck_text += "\n" + "\n".join(cell.text for table in tables for row in table.rows for cell in row.cells)
    assert "Stuck" in deck_text

    # The activity playbook: tasks due in days and its email, in the workbook, the deck and the plan.
    workbook_text = {
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    }
    assert f"Activity: {ACTIVITY}" in workbook_text
    assert "Pre-flight checklist" in workbook_text  # the email template's name, on the Emails sheet
    assert any("Data connection rescue" in t and "email" in t.lower() for t in deck_text.splitlines())
    with plan_path.open(encoding="utf-8-sig", newline="") as handle:
        plan = list(csv.DictReader(handle))
    rescue = {row["Task"]: row for row in plan if row["Playbook"] == "Data connection rescue"}
    for title, days in RESCUE_TASKS.items():
        assert int(rescue[title]["Due (days)"]) == days
        assert rescue[title]["Activity"] == ACTIVITY

    # The app: the sidecar written by the CLI is found when the map opens; the panel shows the same.
    run(capsys, "actuals", "import", str(map_path), str(accounts_csv))
    window = MainWindow(Document.open(map_path))
    qtbot.addWidget(window)
    window.resize(1600, 950)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.actuals.show_dock()
        dock = window.funnel_dock
        dock.set_as_of(AS_OF)
        qtbot.waitUntil(lambda: dock.funnel is not None and dock.funnel.accounts == len(accounts))
        assert [s.reached for s in dock.funnel.steps] == [s.reached for s in expected]
        tree = dock.steps
        shown = [tree.topLevelItem(r).text(1) for r in range(tree.topLevelItemCount())]
        assert shown == [f"{s.reached:,} of {s.previous:,}" for s in expected]
        listed = {
            dock.stuck_list.topLevelItem(r).data(0, ROLE_ACCOUNT)
            for r in range(dock.stuck_list.topLevelItemCount())
        }
        assert listed == stuck
    finally:
        window.document.history.set_clean()
        window.close()
