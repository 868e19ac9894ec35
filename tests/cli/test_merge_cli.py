"""`journeymap merge BASE OURS THEIRS` and `journeymap textconv FILE` on files, without git."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journeymap_designer.cli import main
from journeymap_designer.model.commands import UpdateElement
from journeymap_designer.model.fileformat import dump_workspace, load_workspace, save_workspace
from journeymap_designer.starter import sample_path

KICKOFF, OTHER = "tp-onb-kickoff-call", "tp-onb-data-connection"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def renamed(folder: Path, name: str, card: str, title: str) -> Path:
    file = folder / f"{name}.journeymap"
    workspace = load_workspace(sample_path())
    UpdateElement("touchpoint", card, {"title": title}).apply(workspace)
    save_workspace(workspace, file)
    return file


@pytest.fixture
def base(tmp_path: Path) -> Path:
    file = tmp_path / "base.journeymap"
    shutil.copyfile(sample_path(), file)
    return file


def test_a_clean_merge_writes_ours_canonically_and_exits_0(
    base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ours = renamed(tmp_path, "ours", KICKOFF, "Kickoff meeting")
    theirs = renamed(tmp_path, "theirs", OTHER, "Connects the warehouse")
    assert run(capsys, "merge", str(base), str(ours), str(theirs)) == (0, "", "")
    merged = load_workspace(ours)
    assert merged.core.touchpoints[KICKOFF].title == "Kickoff meeting"
    assert merged.core.touchpoints[OTHER].title == "Connects the warehouse"
    assert ours.read_bytes() == dump_workspace(merged)


def test_conflicts_go_to_out_and_one_escaped_line_each_to_stderr(
    base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ours = renamed(tmp_path, "ours", KICKOFF, "Kickoff\x1b[2J meeting")
    theirs = renamed(tmp_path, "theirs", KICKOFF, "Welcome call")
    before = ours.read_bytes()
    out = tmp_path / "merged.journeymap"
    code, stdout, err = run(
        capsys, "merge", str(base), str(ours), str(theirs), "-o", str(out), "--ours-label", "Ana"
    )
    assert code == 1 and stdout == "" and ours.read_bytes() == before
    first, summary = err.splitlines()
    assert first == (
        f"journeymap: conflict: touchpoint {KICKOFF} in core, field title: "
        'Ana "Kickoff\\u001b[2J meeting", theirs "Welcome call", base "Kickoff call"'
    )
    assert "\x1b" not in err and "1 merge conflict recorded" in summary
    [conflict] = load_workspace(out).merge_conflicts
    assert (conflict.ours_label, conflict.theirs_label, conflict.field) == ("Ana", "theirs", "title")
    assert run(capsys, "validate", str(out))[0] == 1


def test_bad_input_is_exit_2_naming_the_file(
    base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "theirs.journeymap"
    broken.write_text('{"format": "journeymap", <<<<<<< HEAD', encoding="utf-8")
    before = base.read_bytes()
    code, out, err = run(capsys, "merge", str(base), str(base), str(broken))
    assert code == 2 and out == "" and err.count("\n") == 1 and str(broken) in err
    assert base.read_bytes() == before
    with pytest.raises(SystemExit) as exited:  # argparse refuses it: one line, exit 2
        main(["merge", str(base), str(base), str(base), "--ours-label", "two\nlines"])
    assert exited.value.code == 2 and capsys.readouterr().err.count("\n") == 1


def test_an_empty_base_is_an_empty_map_for_files_added_on_both_sides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    ours = renamed(tmp_path, "ours", KICKOFF, "Kickoff meeting")
    theirs = renamed(tmp_path, "theirs", KICKOFF, "Welcome call")
    code, _out, err = run(capsys, "merge", str(empty), str(ours), str(theirs))
    assert code == 1 and f"touchpoint {KICKOFF} in core, the whole element" in err
    assert len(load_workspace(ours).merge_conflicts) == 1  # all the rest both sides added alike


def test_textconv_prints_one_line_per_field_and_never_fails(
    base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "textconv", str(base))
    lines = out.splitlines()
    assert code == 0 and not err
    assert lines[0] == 'map: name "Acme Analytics: B2B SaaS customer journey"'
    assert f'touchpoint {KICKOFF}: title "Kickoff call"' in lines
    assert "segment seg-smb: hides tp-adp-qbr" in lines
    assert len(lines) == len(set(lines))  # each line stands alone
    odd = tmp_path / "odd.journeymap"
    odd.write_text("<<<<<<< HEAD\n\x1b]0;title\x07\n", encoding="utf-8")
    code, out, err = run(capsys, "textconv", str(odd))
    assert code == 0 and out == "<<<<<<< HEAD\n\\x1b]0;title\\x07\n"
