"""`journeymap export`: a workbook or a deck from a file, read back; every bad input is one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation

from journeymap_designer.cli import main
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.starter import sample_path

SAMPLE = str(sample_path())


def test_export_a_workbook_of_every_journey_and_a_segment_deck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook, deck = tmp_path / "playbooks.xlsx", tmp_path / "smb.pptx"
    assert main(["export", SAMPLE, "--xlsx", str(workbook), "--all-segments"]) == 0
    assert main(["export", SAMPLE, "--pptx", str(deck), "--segment", "SMB", "--customer-view"]) == 0
    out = capsys.readouterr().out
    assert f"exported {workbook} (core and every segment)" in out
    assert f"exported {deck} (segment 'SMB', customer view)" in out
    text = " ".join(
        str(cell.value) for ws in openpyxl.load_workbook(workbook) for row in ws.iter_rows() for cell in row
    )
    workspace = load_workspace(sample_path())
    for segment in workspace.segments.values():
        assert segment.name in text  # every journey is in the workbook
    for playbook in workspace.core.playbooks.values():
        assert playbook.event_trigger in text
    slides = Presentation(str(deck)).slides
    shown = " ".join(shape.text_frame.text for s in slides for shape in s.shapes if shape.has_text_frame)
    smb = workspace.segment_by_name("SMB")
    assert smb is not None and any(t.title in shown for t in smb.added.touchpoints.values())
    internal_only = {i for i, lane in workspace.core.lanes.items() if lane.internal_only}
    hidden_cards = [t.title for t in workspace.core.touchpoints.values() if t.lane_id in internal_only]
    assert hidden_cards and not any(title in shown for title in hidden_cards)  # the customer view


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pptx", "{out}/d.pptx", "--all-segments"], "--all-segments is for workbooks"),
        (
            ["--xlsx", "{out}/w.xlsx", "--customer-view", "--all-segments"],
            "--customer-view shows one journey",
        ),
        (["--xlsx", "{out}/w.xlsx", "--segment", "Nope"], "no segment named 'Nope'"),
        (["--pptx", "{out}/d.pptx", "--template", "{out}/bad.pptx"], "not a PowerPoint deck"),
        (["--xlsx", "{out}/w.xlsx", "--template", "{out}/bad.pptx"], "not an Excel workbook"),
        (["--xlsx", "{out}/missing/w.xlsx"], "does not exist"),
    ],
)
def test_bad_export_input_is_one_line_exit_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (tmp_path / "bad.pptx").write_bytes(b"PK not really")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["export", SAMPLE, *(a.format(out=tmp_path) for a in args)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and err.startswith("journeymap: error: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
