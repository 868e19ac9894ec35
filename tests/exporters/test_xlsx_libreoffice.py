"""The workbook opens in a real office suite: LibreOffice converts it headless (skipped without it).

openpyxl reading our file back proves little about the shared strings and rows we stream ourselves;
LibreOffice parses them independently. Converting to PDF makes it lay out every sheet; converting
every sheet to CSV shows the cell text came through.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest

from exporters.xlsx import export_workbook
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.starter import sample_path

from .libreoffice import convert, needs_libreoffice

pytestmark = [needs_libreoffice, pytest.mark.slow]  # a real office suite: seconds per file


def test_libreoffice_opens_the_workbook_and_prints_every_sheet(tmp_path: Path) -> None:
    workspace = load_workspace(sample_path())
    book = tmp_path / "playbooks.xlsx"
    export_workbook(workspace, book, segments=[None, *workspace.segments])
    pdf = convert(book, "pdf", tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 50_000
    sheets = len(openpyxl.load_workbook(book, read_only=True).sheetnames)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    assert pages >= sheets  # every sheet printed, some on several pages


def test_libreoffice_reads_the_streamed_cells(tmp_path: Path) -> None:
    workspace = load_workspace(sample_path())
    book = tmp_path / "core.xlsx"
    export_workbook(workspace, book)
    # CSV filter options: comma, double quote, UTF-8, ..., and -1 as the 12th token: every sheet,
    # each to its own "core-<sheet>.csv" (LibreOffice 7.2 and later).
    convert(book, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", tmp_path)
    table = tmp_path / "core-Touchpoints.csv"
    rows = list(csv.reader(table.read_text(encoding="utf-8").splitlines()))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Journey")
    cards = [row for row in rows[header + 1 :] if row and row[0] == "Core journey"]
    assert len(cards) == len(workspace.core.touchpoints)
    demo = next(row for row in cards if row[-1] == "tp-acq-demo-request")
    assert demo[1:6] == ["Acquisition", "Customer actions", "Marketing", "Requests a demo", "Website"]
    playbooks = (tmp_path / "core-Core journey – Playbooks.csv").read_text(encoding="utf-8")
    # every playbook of the core has its section: the milestones' and the activity's (pb-data-rescue)
    assert playbooks.count("Event trigger") == len(workspace.core.playbooks) == 5
    assert "Activity: Connects the first data source" in playbooks
