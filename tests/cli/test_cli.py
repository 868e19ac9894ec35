"""The `journeymap` command: each subcommand end to end, and one stderr line with exit 2 for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from journeymap_designer.cli import main
from journeymap_designer.model.fileformat import load_workspace, save_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.starter import template_names


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_from_every_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = template_names()
    assert {"blank", "b2b-saas-lifecycle", "milestone-methodology", "cs-lifecycle-yearly"} <= set(names)
    for name in names:
        out = tmp_path / f"{name}.journeymap"
        code, stdout, _ = run(capsys, "new", "--template", name, "--name", f"My {name}", str(out))
        assert code == 0 and str(out) in stdout
        assert load_workspace(out).name == f"My {name}"
    code, _, err = run(capsys, "new", "--template", "blank", str(tmp_path / "blank.journeymap"))
    assert code == 2 and "already exists" in err
    code, _, err = run(
        capsys, "new", "--template", "blank", "--name", "x" * 2001, str(tmp_path / "long.journeymap")
    )
    assert code == 2 and "--name" in err and not (tmp_path / "long.journeymap").exists()
    code, _, err = run(capsys, "new", "--template", "nope", str(tmp_path / "x.journeymap"))
    assert code == 2 and "no template named 'nope'" in err and "blank" in err


def test_validate_exit_codes_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.journeymap"
    workspace = generate_workspace(30, 2)
    save_workspace(workspace, path)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0 and "0 errors" in out and "Alternative paths" in out
    code, out, _ = run(capsys, "validate", str(path), "--segment", "Segment 2", "--format", "json")
    report = json.loads(out)
    assert (
        code == 0 and report["segment"] == "seg-01" and report["errors"] == 0 and report["alternative_paths"]
    )
    # An error-level finding: a card in a customer lane that nobody owns.
    card = next(t for t in workspace.core.touchpoints.values() if t.owner_id)
    workspace.core.touchpoints[card.id] = card.model_copy(update={"owner_id": None})
    save_workspace(workspace, path)
    code, out, _ = run(capsys, "validate", str(path), "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["errors"] >= 1
    assert any(f["code"] == "unowned-touchpoint" and f["element_id"] == card.id for f in report["findings"])
    code, _, err = run(capsys, "validate", str(path), "--segment", "Nope")
    assert code == 2 and "no segment named 'Nope'" in err
    with pytest.raises(SystemExit) as exited:
        main(["validate", str(path), "--paths", "-1"])
    assert exited.value.code == 2 and capsys.readouterr().err.count("\n") == 1


def test_info_schema_fmt_generate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "g.journeymap"
    code, out, _ = run(capsys, "generate", "--touchpoints", "120", "--segments", "3", str(path))
    assert code == 0 and "120 touchpoints" in out
    workspace = load_workspace(path)
    assert len(workspace.core.touchpoints) == 120 and len(workspace.segments) == 3
    assert workspace.core.handoffs and workspace.core.playbooks
    code, out, _ = run(capsys, "info", str(path))
    assert code == 0 and "120 touchpoints" in out and "Segments (3)" in out
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["properties"]["format"]["const"] == "journeymap"
    code, out, _ = run(capsys, "fmt", "--check", str(path))
    assert code == 0 and "already canonical" in out
    data = json.loads(path.read_text())
    path.write_text(json.dumps(data))  # valid but not canonical: one long line
    code, _, err = run(capsys, "fmt", "--check", str(path))
    assert code == 1 and "would be rewritten" in err
    code, out, _ = run(capsys, "fmt", str(path))
    assert code == 0 and "rewritten" in out
    assert run(capsys, "fmt", "--check", str(path))[0] == 0
    code, _, err = run(capsys, "generate", "--touchpoints", "0", str(tmp_path / "z.journeymap"))
    assert code == 2 and "--touchpoints" in err


@pytest.mark.parametrize("content", [b"", b"{oops", b'{"format": "journeymap", "schema_version": 99}'])
@pytest.mark.parametrize("command", ["validate", "info", "fmt"])
def test_unreadable_input_is_one_line_exit_2(tmp_path: Path, capsys, command: str, content: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.journeymap"
    path.write_bytes(content)
    code, out, err = run(capsys, command, str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"journeymap: error: {path}: ")
    assert path.read_bytes() == content  # fmt never rewrites a file it cannot read


def test_installed_entry_points_run(tmp_path: Path) -> None:
    """The real console scripts, as a user runs them (bad usage and missing files are exit 2)."""
    bin_dir = Path(sys.executable).parent
    journeymap = bin_dir / "journeymap"
    done = subprocess.run(
        [journeymap, "info", str(tmp_path / "missing.journeymap")], capture_output=True, text=True
    )
    assert (
        done.returncode == 2
        and done.stderr.strip().endswith("no such file")
        and "Traceback" not in done.stderr
    )
    done = subprocess.run([journeymap, "frobnicate"], capture_output=True, text=True)
    assert done.returncode == 2 and "invalid choice" in done.stderr
    designer = subprocess.run(
        [bin_dir / "journeymap-designer", "--help"], capture_output=True, text=True, timeout=60
    )
    assert designer.returncode == 0 and "FILE" in designer.stdout.upper()
    designer = subprocess.run(
        [bin_dir / "journeymap-designer", "a", "b"], capture_output=True, text=True, timeout=60
    )
    assert designer.returncode == 2 and designer.stderr.count("\n") == 1
