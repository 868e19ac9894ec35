"""The CLI never replaces a map (or an export's target) that is not what it read: exit 2, one line."""

from __future__ import annotations

from pathlib import Path

import pytest

import journeymap_designer.model.document as document_module
from journeymap_designer.cli import main
from journeymap_designer.model.fileformat import load_workspace, read_map_bytes
from journeymap_designer.starter import sample_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def read_then_someone_writes(monkeypatch: pytest.MonkeyPatch, path: Path, theirs: bytes) -> None:
    """The command reads the file; right after, another program writes it."""

    def read(target: str | Path) -> bytes:
        raw = read_map_bytes(target)
        Path(target).write_bytes(theirs)
        return raw

    monkeypatch.setattr(document_module, "read_map_bytes", read)


@pytest.fixture
def unformatted(tmp_path: Path) -> Path:
    path = tmp_path / "map.journeymap"
    path.write_bytes(sample_path().read_bytes().replace(b"\n  ", b"\n    "))  # valid, not canonical
    return path


def test_fmt_refuses_a_file_changed_between_read_and_write(
    unformatted: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = unformatted.read_bytes().replace(b'"name": "', b'"name": "Their ', 1)  # not canonical
    read_then_someone_writes(monkeypatch, unformatted, theirs)
    code, out, err = run(capsys, "fmt", str(unformatted))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "changed on disk since it was read" in err
    assert unformatted.read_bytes() == theirs  # their version stands
    monkeypatch.undo()
    code, out, _ = run(capsys, "fmt", str(unformatted))  # untouched since read: rewritten as before
    assert code == 0 and "rewritten" in out
    assert load_workspace(unformatted).name.startswith("Their ")


def test_a_vocabulary_edit_refuses_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "map.journeymap"
    path.write_bytes(sample_path().read_bytes())
    theirs = path.read_bytes().replace(b'"name": "', b'"name": "Their ', 1)
    read_then_someone_writes(monkeypatch, path, theirs)
    code, _, err = run(capsys, "persona", "add", str(path), "Auditor")
    assert code == 2 and err.count("\n") == 1 and "nothing was written" in err
    assert path.read_bytes() == theirs


def test_new_does_not_replace_a_file_that_appeared_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new.journeymap"
    import journeymap_designer.cli as cli

    real = cli.new_from_template

    def slow_template(name: str):  # type: ignore[no-untyped-def]
        out.write_bytes(b"someone's")  # created after the existence check, before the write
        return real(name)

    monkeypatch.setattr(cli, "_refuse_overwrite", lambda *_a: None)
    monkeypatch.setattr(cli, "new_from_template", slow_template)
    code, _, err = run(capsys, "new", "--template", "blank", str(out))
    assert code == 2 and "appeared since it was checked" in err and out.read_bytes() == b"someone's"


def test_an_export_does_not_replace_a_target_written_during_it(tmp_path: Path) -> None:
    from exporters.safety import ExportError
    from exporters.xlsx import export_workbook

    workspace = load_workspace(sample_path())
    out = tmp_path / "map.xlsx"
    out.write_bytes(b"old export")
    export_workbook(workspace, out)  # replacing it as it was checked is fine
    assert out.read_bytes().startswith(b"PK")

    def someone_writes(fraction: float, _message: str) -> None:
        if fraction >= 0.5:
            out.write_bytes(b"opened and saved in Excel meanwhile")

    with pytest.raises(ExportError, match="changed on disk"):
        export_workbook(workspace, out, progress=someone_writes)
    assert out.read_bytes() == b"opened and saved in Excel meanwhile"


def test_an_export_never_targets_a_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "map.journeymap"
    path.write_bytes(sample_path().read_bytes())
    code, _, err = run(capsys, "export", str(path), "--xlsx", str(path))
    assert code == 2 and "is a journey map file" in err and err.count("\n") == 1
    assert path.read_bytes() == sample_path().read_bytes()


def test_render_does_not_replace_an_image_written_during_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from journeymap_designer.ui.canvas import render

    out = tmp_path / "map.png"
    real = render._png

    def drawn_while_someone_writes(scene, scale):  # type: ignore[no-untyped-def]
        out.write_bytes(b"someone's picture")
        return real(scene, scale)

    monkeypatch.setattr(render, "_png", drawn_while_someone_writes)
    code, _, err = run(capsys, "render", str(sample_path()), str(out))
    assert code == 2 and err.count("\n") == 1 and "appeared since it was checked" in err
    assert out.read_bytes() == b"someone's picture"
