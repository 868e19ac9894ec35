"""`journeymap persona`, `journeymap channel` and `journeymap properties`, end to end on a copy of a sample.

Every change is read back with ``load_workspace``; every refusal is exit 2, one stderr line, and leaves the
file's bytes as they were; every file a command wrote still validates and is already canonical.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from journeymap_designer.cli import main
from journeymap_designer.model.elements import Channel, Persona
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "b2b-saas.journeymap"
HELEN = "persona-head-of-ops"
VICTOR = "persona-vp-finance"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "b2b-saas.journeymap"
    shutil.copyfile(SAMPLE, path)
    return path


def changed(capsys: pytest.CaptureFixture[str], path: Path, *argv: str) -> tuple[str, Workspace]:
    """Run a command that must succeed; check the file it leaves validates and is canonical."""
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert err == ""
    code, _, err = run(capsys, "validate", str(path))
    assert code in (0, 1), err
    code, fmt_out, _ = run(capsys, "fmt", "--check", str(path))
    assert code == 0 and "already canonical" in fmt_out
    return out, load_workspace(path)


def refused(capsys: pytest.CaptureFixture[str], path: Path, *argv: str) -> str:
    """Run a command that must be refused: exit 2, one stderr line, nothing on stdout, file untouched."""
    before = path.read_bytes()
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("journeymap: error: ")
    assert path.read_bytes() == before
    return err


def persona(workspace: Workspace, name: str) -> Persona:
    return next(p for p in workspace.personas.values() if p.name == name)


def channel(workspace: Workspace, name: str) -> Channel:
    return next(c for c in workspace.channels.values() if c.name == name)


def added_id(out: str) -> str:
    found = re.search(r"\((\S+)\)", out)
    assert found is not None, out
    return found.group(1)


def test_persona_list(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "persona", "list", str(sample))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(load_workspace(sample).personas) == 5
    assert any(f"({HELEN})" in line and "Economic buyer" in line and "2 segments" in line for line in lines)
    assert any(f"({VICTOR})" in line and "used by 1 segment" in line for line in lines)


def test_persona_add_with_fields(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, workspace = changed(
        capsys,
        sample,
        "persona",
        "add",
        str(sample),
        "Priya, Support Lead",
        "--role",
        "Runs the support desk",
        "--description",
        "Answers the tickets nobody else wants.",
        "--goal",
        "Fewer repeat tickets",
        "--goal",
        "A calm Monday",
    )
    new = persona(workspace, "Priya, Support Lead")
    assert new.id in out and added_id(out) == new.id and "Priya, Support Lead" in out
    assert new.role == "Runs the support desk"
    assert new.description == "Answers the tickets nobody else wants."
    assert new.goals == ("Fewer repeat tickets", "A calm Monday")
    assert len(workspace.personas) == 6
    code, out, _ = run(capsys, "persona", "list", str(sample))
    assert code == 0 and f"({new.id})" in out and "used by 0 segments" in out


def test_persona_add_trims_like_the_dialog(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, workspace = changed(
        capsys,
        sample,
        "persona",
        "add",
        str(sample),
        "  Bob  ",
        "--role",
        " Buyer ",
        "--goal",
        " g ",
        "--goal",
        " ",
    )
    bob = workspace.personas[added_id(out)]
    assert (bob.name, bob.role, bob.goals) == ("Bob", "Buyer", ("g",))
    _, workspace = changed(capsys, sample, "persona", "edit", str(sample), "bob", "--goal", "")
    assert workspace.personas[bob.id].goals == ()
    refused(capsys, sample, "persona", "add", str(sample), "   ")
    refused(capsys, sample, "persona", "edit", str(sample), "bob", "--name", "  ")


def test_persona_edit_by_name_and_id(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, workspace = changed(
        capsys, sample, "persona", "edit", str(sample), "helen, HEAD of operations", "--role", "Buyer"
    )
    assert HELEN in out and workspace.personas[HELEN].role == "Buyer"
    old_goals = workspace.personas[HELEN].goals
    out, workspace = changed(
        capsys,
        sample,
        "persona",
        "edit",
        str(sample),
        HELEN,
        "--name",
        "Helen, COO",
        "--description",
        "Promoted.",
    )
    helen = workspace.personas[HELEN]
    assert "Helen, COO" in out and helen.name == "Helen, COO" and helen.description == "Promoted."
    assert helen.role == "Buyer" and helen.goals == old_goals  # fields not given are kept
    assert HELEN in workspace.segments["seg-enterprise"].persona_ids  # renaming keeps its users
    _, workspace = changed(capsys, sample, "persona", "edit", str(sample), "helen, coo", "--goal", "Only one")
    assert workspace.personas[HELEN].goals == ("Only one",)
    err = refused(capsys, sample, "persona", "edit", str(sample), "Helen, COO")
    assert "nothing to change" in err


def test_persona_assign_and_unassign(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, workspace = changed(capsys, sample, "persona", "assign", str(sample), VICTOR, "--segment", "smb")
    assert "now has" in out and "SMB" in out
    assert workspace.segments["seg-smb"].persona_ids == ("persona-analyst", HELEN, VICTOR)
    before = sample.read_bytes()
    code, out, err = run(capsys, "persona", "assign", str(sample), "victor, vp finance", "--segment", "SMB")
    assert code == 0 and err == "" and "already has" in out and "nothing changed" in out
    assert sample.read_bytes() == before
    out, workspace = changed(
        capsys, sample, "persona", "unassign", str(sample), VICTOR, "--segment", "seg-smb"
    )
    assert "no longer has" in out
    assert workspace.segments["seg-smb"].persona_ids == ("persona-analyst", HELEN)
    before = sample.read_bytes()
    code, out, _ = run(capsys, "persona", "unassign", str(sample), VICTOR, "--segment", "SMB")
    assert code == 0 and "does not have" in out and sample.read_bytes() == before
    err = refused(capsys, sample, "persona", "assign", str(sample), VICTOR, "--segment", "Nope")
    assert "no segment named 'Nope'" in err and "'Enterprise'" in err


def test_persona_delete_refused_while_used(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, sample, "persona", "delete", str(sample), "Victor, VP Finance")
    assert "Enterprise" in err and "1 segment" in err
    _, workspace = changed(
        capsys, sample, "persona", "unassign", str(sample), "Victor, VP Finance", "--segment", "Enterprise"
    )
    assert VICTOR not in workspace.segments["seg-enterprise"].persona_ids
    out, workspace = changed(capsys, sample, "persona", "delete", str(sample), "victor, vp finance")
    assert "deleted" in out and VICTOR in out
    assert VICTOR not in workspace.personas and len(workspace.personas) == 4
    err = refused(capsys, sample, "persona", "delete", str(sample), VICTOR)
    assert "no persona named" in err


def test_persona_unknown_and_ambiguous_names(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, sample, "persona", "edit", str(sample), "Zed", "--role", "x")
    assert "no persona named 'Zed'" in err
    for name in ("Arjun, Operations Analyst", "Helen, Head of Operations", "Victor, VP Finance"):
        assert repr(name) in err
    first, _ = changed(capsys, sample, "persona", "add", str(sample), "Sam")
    second, _ = changed(capsys, sample, "persona", "add", str(sample), "sam")
    ids = {added_id(first), added_id(second)}
    assert len(ids) == 2
    for argv in (("edit", "SAM", "--role", "x"), ("delete", "Sam"), ("assign", "Sam", "--segment", "SMB")):
        err = refused(capsys, sample, "persona", argv[0], str(sample), *argv[1:])
        assert "give the id instead" in err and all(i in err for i in ids)
    chosen = added_id(first)
    _, workspace = changed(capsys, sample, "persona", "edit", str(sample), chosen, "--role", "Picked by id")
    assert workspace.personas[chosen].role == "Picked by id"


def test_channel_add_edit_and_icons(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, workspace = changed(capsys, sample, "channel", "add", str(sample), "Fax", "--icon", "call")
    fax = channel(workspace, "Fax")
    assert added_id(out) == fax.id and fax.icon == "call"
    _, workspace = changed(capsys, sample, "channel", "edit", str(sample), "fax", "--icon", "email")
    assert workspace.channels[fax.id].icon == "email"
    _, workspace = changed(
        capsys, sample, "channel", "edit", str(sample), fax.id, "--icon", "", "--name", "Telefax"
    )
    assert workspace.channels[fax.id].icon == "" and workspace.channels[fax.id].name == "Telefax"
    code, out, _ = run(capsys, "channel", "list", str(sample))
    assert code == 0 and f"“Telefax” ({fax.id}); used by 0 cards" in out and "used by 19 cards" in out
    before = sample.read_bytes()
    for argv in (
        ("add", str(sample), "Pager", "--icon", "pager"),
        ("edit", str(sample), "Telefax", "--icon", "x"),
    ):
        with pytest.raises(SystemExit) as exited:
            main(["channel", *argv])
        assert exited.value.code == 2
        assert "invalid choice" in capsys.readouterr().err
    assert sample.read_bytes() == before
    assert "nothing to change" in refused(capsys, sample, "channel", "edit", str(sample), "Telefax")


def test_channel_delete(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, sample, "channel", "delete", str(sample), "Email")
    assert "“Email” is used by 19 cards" in err and "“60-day health check”" in err and "and more" in err
    err = refused(capsys, sample, "channel", "delete", str(sample), "community")
    assert "1 card" in err and "“Answers peers in the Acme community”" in err
    out, workspace = changed(capsys, sample, "channel", "delete", str(sample), "SMS")
    assert "deleted" in out and "sms" not in workspace.channels and "email" in workspace.channels
    assert "no channel named 'SMS'" in refused(capsys, sample, "channel", "delete", str(sample), "SMS")


def test_properties(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sample.read_bytes()
    workspace = load_workspace(sample)
    code, out, _ = run(capsys, "properties", str(sample))
    assert code == 0 and f"name:        {workspace.name}" in out and workspace.description in out
    assert sample.read_bytes() == before  # showing writes nothing
    out, workspace = changed(capsys, sample, "properties", str(sample), "--name", "Acme, renamed")
    assert workspace.name == "Acme, renamed" and "Acme, renamed" in out
    assert workspace.description.startswith("A worked example")
    out, workspace = changed(capsys, sample, "properties", str(sample), "--description", "")
    assert workspace.description == "" and "(none)" in out and workspace.name == "Acme, renamed"
    _, workspace = changed(capsys, sample, "properties", str(sample), "--name", " N ", "--description", " D ")
    assert (workspace.name, workspace.description) == ("N", "D")
    err = refused(capsys, sample, "properties", str(sample), "--name", "x" * 2001)
    assert "workspace name" in err
    err = refused(capsys, sample, "properties", str(sample), "--name", "   ")
    assert "a map needs a name" in err


@pytest.mark.parametrize(
    "argv",
    [
        ("persona", "list"),
        ("persona", "add", "{}", "Bob"),
        ("persona", "edit", "{}", "Bob", "--role", "x"),
        ("persona", "delete", "{}", "Bob"),
        ("persona", "assign", "{}", "Bob", "--segment", "SMB"),
        ("channel", "list"),
        ("channel", "add", "{}", "Fax"),
        ("channel", "delete", "{}", "Fax"),
        ("properties",),
        ("properties", "{}", "--name", "x"),
    ],
)
def test_broken_file_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    path = tmp_path / "broken.journeymap"
    path.write_bytes(b"{not json")
    full = [str(path) if a == "{}" else a for a in argv]
    if "{}" not in argv:
        full.append(str(path))
    err = refused(capsys, path, *full)
    assert err.startswith(f"journeymap: error: {path}: ")
    assert path.read_bytes() == b"{not json"


def test_missing_file_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "missing.journeymap"
    code, out, err = run(capsys, "persona", "add", str(path), "Bob")
    assert code == 2 and out == "" and err.count("\n") == 1 and not path.exists()


def test_properties_choose_what_customers_also_see(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from journeymap_designer.cli import main
    from journeymap_designer.model.fileformat import load_workspace
    from journeymap_designer.starter import sample_path

    path = tmp_path / "m.journeymap"
    shutil.copy(sample_path(), path)
    assert main(["properties", str(path), "--show-customers", "touchpoint.emotion"]) == 0
    assert load_workspace(path).customer_fields == ("touchpoint.emotion",)
    assert "customers also see: touchpoint.emotion" in capsys.readouterr().out
    before = path.read_bytes()
    assert main(["properties", str(path), "--show-customers", "touchpoint.notes"]) == 2
    err = capsys.readouterr().err
    assert "'touchpoint.notes' cannot be shown to customers" in err and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == before
    assert main(["properties", str(path), "--hide-from-customers", "touchpoint.emotion"]) == 0
    assert load_workspace(path).customer_fields == ()
