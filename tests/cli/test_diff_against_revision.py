"""`journeymap diff FILE --against REV`: the map at a git revision against the file as it is now."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from journeymap_designer.cli import main
from journeymap_designer.starter import sample_path
from tests.git_history import ADDED, DELETED, RENAMED, MapHistory, build_history


@pytest.fixture
def history(tmp_path: Path) -> MapHistory:
    return build_history(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_against_the_first_version_shows_the_rename(
    history: MapHistory, capsys: pytest.CaptureFixture[str]
) -> None:
    file = str(history.file)
    for revision in ("HEAD~3", history.ids[0], history.ids[0][:7]):
        code, out, err = run(capsys, "diff", file, "--against", revision)
        assert code == 1 and not err
        first, *rows = out.splitlines()
        assert first.startswith(f"Core journey against customer.journeymap at {history.ids[0][:8]} (")
        assert "Sample map as bundled" in first and "1 added" in first and "1 changed" in first
        assert f"title: {RENAMED[1]!r} \u2192 {RENAMED[2]!r}" in out
        assert any(r.startswith("added") and ADDED[0] in r for r in rows)
        assert any(r.startswith("removed") and DELETED[0] in r for r in rows)
    # After the rename: only the card added and the one deleted (with its arrows).
    code, out, _ = run(capsys, "diff", file, "--against", "HEAD~2", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["revision"] == history.ids[1] and report["segment"] is None
    changed = {(d["status"], d["id"]) for d in report["differences"] if d["kind"] == "touchpoint"}
    assert changed == {("added", ADDED[0]), ("removed", DELETED[0])}
    assert run(capsys, "diff", file, "--against", "HEAD")[0] == 0


def test_the_same_output_as_against_the_old_file(
    history: MapHistory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A version is compared exactly as a copy of it saved as a file would be, a segment too."""
    old = tmp_path / "old.journeymap"
    shutil.copyfile(sample_path(), old)
    for extra in ([], ["--segment", "SMB"]):
        _, by_file, _ = run(capsys, "diff", str(history.file), *extra, "--against", str(old))
        _, by_revision, _ = run(capsys, "diff", str(history.file), *extra, "--against", "HEAD~3")
        assert by_file.splitlines()[1:] == by_revision.splitlines()[1:] and by_file.count("\n") > 3
    assert "Segment \u201cSMB\u201d against customer.journeymap at" in by_revision
    assert "(segment \u201cSMB\u201d)" in by_revision


def test_bad_revisions_and_files_outside_a_repository(
    history: MapHistory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = str(history.file)
    for argv, said in (
        ([file, "--against", "nope"], "no such revision"),
        ([file, "--against", "HEAD~4"], "did not exist at HEAD~4"),
        ([file], "give --segment"),
        ([file, "--against", "SMB"], "give --segment"),
    ):
        code, out, err = run(capsys, "diff", *argv)
        assert code == 2 and not out and said in err and err.count("\n") == 1, (argv, err)
    loose = tmp_path / "loose.journeymap"
    shutil.copyfile(sample_path(), loose)
    code, _, err = run(capsys, "diff", str(loose), "--against", "HEAD~1")
    assert code == 2 and "not in a git repository" in err and err.count("\n") == 1
