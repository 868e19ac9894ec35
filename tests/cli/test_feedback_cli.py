"""`journeymap feedback`: export the validation workbook, answer it as a customer would, import it,
list and resolve the answers, see them in `journeymap info`; bad input is one line, exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from journeymap_designer.cli import main
from journeymap_designer.model.commands import RemoveElement
from journeymap_designer.model.document import Document
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.starter import sample_path

from ..exporters.libreoffice import convert, needs_libreoffice
from ..exporters.validation_helpers import fill

CARD, OTHER = "tp-acq-demo-request", "tp-aw-webinar"
ANSWERS = {CARD: ("Confirmed", ""), OTHER: ("Needs change", "We only watch the recording")}
ADDED = [{"Stage": "Onboarding", "Step": "A kickoff call", "Your comment": "Nobody called"}]


@pytest.fixture
def returned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """A copy of the sample and the workbook a customer sent back for it (exported with the CLI)."""
    map_file = tmp_path / "map.journeymap"
    shutil.copy(sample_path(), map_file)
    blank = tmp_path / "validation.xlsx"
    assert main(["export", str(map_file), "--xlsx", str(blank)]) == 0

    def breaks(sheet: object, header: int, cols: dict[str, int]) -> None:
        sheet.cell(header + 1, cols["Your answer"]).value = "Sort of"  # type: ignore[attr-defined]

    answered = fill(blank, tmp_path / "from-acme.xlsx", ANSWERS, ADDED, who="Ana \x9b31mRuiz", change=breaks)
    capsys.readouterr()
    return map_file, answered


def test_import_list_and_info_end_to_end(
    returned: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    map_file, answered = returned
    assert main(["feedback", "import", str(map_file), str(answered)]) == 0
    out = capsys.readouterr().out
    assert "answers from \u201cAna \\x9b31mRuiz\u201d (from-acme.xlsx, last saved " in out
    assert "3 answers added" in out and "1 confirmed, 1 needs a change, 1 missing" in out
    assert "\x9b" not in out  # the customer's escape sequence (8-bit CSI) is shown, not sent
    assert "row 6: answer 'Sort of' is not Confirmed" in out
    assert len(load_workspace(map_file).feedback) == 3

    assert main(["feedback", "import", str(map_file), str(answered), "--from", "Ana Ruiz"]) == 0
    assert "3 answers added" in capsys.readouterr().out  # another name: kept side by side
    saved = map_file.read_bytes()
    assert main(["feedback", "import", str(map_file), str(answered), "--from", "ana ruiz"]) == 0
    assert "0 answers added, 3 already imported" in capsys.readouterr().out
    assert map_file.read_bytes() == saved  # nothing added, nothing written

    assert (
        main(["feedback", "list", str(map_file), "--verdict", "needs-change", "--customer", "Ana Ruiz"]) == 0
    )
    out = capsys.readouterr().out
    assert "Needs change      Ana Ruiz: tp-aw-webinar \u201c" in out
    assert "We only watch the recording" in out and out.rstrip().endswith("1 answer: 1 needs a change")

    assert main(["feedback", "list", str(map_file), "--format", "json", "--verdict", "missing"]) == 0
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\\u009b" in out  # escaped in the JSON text, the same value parsed
    report = json.loads(out)
    assert [a["step"] for a in report["answers"]] == ["A kickoff call", "A kickoff call"]
    assert {a["customer"] for a in report["answers"]} == {"Ana \x9b31mRuiz", "Ana Ruiz"}

    assert main(["info", str(map_file)]) == 0
    out = capsys.readouterr().out
    assert (
        "Customer answers: 2 confirmed, 2 need a change, 2 missing (from Ana Ruiz, Ana \\x9b31mRuiz)" in out
    )


def test_resolve_and_reopen(returned: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    map_file, answered = returned
    assert main(["feedback", "import", str(map_file), str(answered), "--from", "Acme"]) == 0
    answer = next(f for f in load_workspace(map_file).feedback.values() if f.element_id == OTHER)
    assert main(["feedback", "resolve", str(map_file), answer.id, "--resolution", "Recording linked"]) == 0
    assert load_workspace(map_file).feedback[answer.id].resolution == "Recording linked"
    assert main(["feedback", "list", str(map_file), "--unresolved"]) == 0
    assert answer.id not in capsys.readouterr().out
    assert main(["feedback", "resolve", str(map_file), answer.id, "--reopen"]) == 0
    assert not load_workspace(map_file).feedback[answer.id].resolved
    assert main(["feedback", "resolve", str(map_file), answer.id, "--reopen"]) == 0
    assert "nothing changed" in capsys.readouterr().out


def test_an_answer_on_a_step_deleted_since_still_lists(
    returned: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    map_file, answered = returned
    assert main(["feedback", "import", str(map_file), str(answered), "--from", "Acme"]) == 0
    document = Document.open(map_file)
    document.push(RemoveElement("touchpoint", OTHER))
    document.save()
    capsys.readouterr()
    assert main(["feedback", "list", str(map_file), "--verdict", "needs-change"]) == 0
    out = capsys.readouterr().out
    assert f"Acme: {OTHER} (no longer in the map): \u201c" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "{map}", "{map}"], "not an Excel workbook (it is a JSON file"),
        (["import", "{map}", "{dir}/none.xlsx"], "none.xlsx: no such file"),
        (["import", "{other}", "{answered}"], "a validation workbook of another map"),
        (["resolve", "{map}", "fb-nope"], "there is no customer answer 'fb-nope'"),
        (["list", "{map}", "--verdict", "maybe"], "'maybe' is not one of: confirmed, needs-change, missing"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    returned: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    map_file, answered = returned
    other = tmp_path / "other.journeymap"
    assert main(["generate", "--touchpoints", "10", str(other)]) == 0
    capsys.readouterr()
    before = map_file.read_bytes(), other.read_bytes()
    names = {"map": map_file, "dir": tmp_path, "other": other, "answered": answered}
    try:
        code = main(["feedback", *(a.format(**names) for a in args)])
    except SystemExit as stop:  # argparse's own usage errors
        code = int(stop.code or 0)
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert (map_file.read_bytes(), other.read_bytes()) == before


@needs_libreoffice
@pytest.mark.slow
def test_a_workbook_saved_again_by_libreoffice_imports_the_same(
    returned: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    map_file, answered = returned
    folder = tmp_path / "lo"
    folder.mkdir()
    resaved = convert(answered, "xlsx", folder)
    assert resaved.read_bytes() != answered.read_bytes()
    assert main(["feedback", "import", str(map_file), str(resaved), "--from", "Acme"]) == 0
    out = capsys.readouterr().out
    assert "3 answers added" in out and "row 6: answer 'Sort of'" in out
    assert main(["feedback", "import", str(map_file), str(answered), "--from", "Acme"]) == 0
    assert "0 answers added, 3 already imported" in capsys.readouterr().out  # the same answers
