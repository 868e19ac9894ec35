"""`journeymap git-setup`, then real `git merge` and `git diff` on the sample map in a temporary repository.

Both branches edit the map through the model's own intentions and commands, as the app does, and git
runs the merge driver and the text converter that `git-setup` configured: the `journeymap` script
next to this Python, with this worktree first on PYTHONPATH (inherited through git's environment).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from journeymap_designer.cli import main
from journeymap_designer.model.commands import ReorderElements
from journeymap_designer.model.edits import Command
from journeymap_designer.model.fileformat import dump_workspace, load_workspace, save_workspace
from journeymap_designer.model.intents import Intent, add_vocabulary, delete, rename, update_field
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.segment_commands import UpdateSegment
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path

ROOT = Path(__file__).resolve().parents[2]
MAP = "map.journeymap"
KICKOFF = "tp-onb-kickoff-call"
SAME_STAGE = "tp-onb-data-connection"  # another card of the Onboarding stage
SMB, SMB_CARD = "seg-smb", "tp-onb-first-dashboard"

Edit = Callable[[Workspace], Intent | Command]


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """git without the user's or the system's configuration; this worktree's package first."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def jm(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed `journeymap` command, as a user (and git) runs it."""
    script = Path(sys.executable).with_name("journeymap")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "journeymap_designer.cli"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env)


def edit(file: Path, *edits: Edit) -> None:
    """Apply the app's intentions (or commands) to the map file and save it."""
    workspace = load_workspace(file)
    for make in edits:
        made = make(workspace)
        commands = list(made.steps()) if isinstance(made, Intent) else [made]
        for command in commands:
            command.apply(workspace)
    save_workspace(workspace, file)


def commit(repo: Path, message: str) -> None:
    git(repo, "add", MAP)
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Path]:
    repo = tmp_path / "maps"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Ana Lead")
    git(repo, "config", "user.email", "ana@example.com")
    assert main(["git-setup", str(repo)]) == 0
    capsys.readouterr()
    shutil.copyfile(sample_path(), repo / MAP)
    git(repo, "add", ".gitattributes", MAP)
    git(repo, "commit", "-q", "-m", "The sample map")
    yield repo


def merge_branches(repo: Path, ours: list[Edit], theirs: list[Edit]) -> subprocess.CompletedProcess[str]:
    """Branch `theirs` edits one way, `main` the other; then git merges theirs into main."""
    git(repo, "checkout", "-q", "-b", "theirs")
    edit(repo / MAP, *theirs)
    commit(repo, "Their edit")
    git(repo, "checkout", "-q", "main")
    edit(repo / MAP, *ours)
    commit(repo, "Our edit")
    return git(repo, "merge", "--no-edit", "theirs", check=False)


def assert_clean_merge(repo: Path, merged: subprocess.CompletedProcess[str]) -> Workspace:
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "CONFLICT" not in merged.stdout
    file = repo / MAP
    workspace = load_workspace(file)
    assert not workspace.merge_conflicts
    assert file.read_bytes() == dump_workspace(workspace)  # canonical
    assert jm("fmt", "--check", str(file)).returncode == 0
    assert git(repo, "status", "--porcelain").stdout == ""
    return workspace


def test_git_setup_writes_attributes_and_config_once(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["git-setup", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "(already there)" in out and "merge.journeymap.driver" in out
    lines = (repo / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert lines == ["*.journeymap merge=journeymap diff=journeymap"]
    driver = git(repo, "config", "merge.journeymap.driver").stdout.strip()
    textconv = git(repo, "config", "diff.journeymap.textconv").stdout.strip()
    assert driver.endswith(" merge %O %A %B") and textconv.endswith(" textconv")
    assert Path(driver.split()[0]).is_absolute()
    assert git(repo, "check-attr", "merge", "diff", "--", MAP).stdout.splitlines() == [
        f"{MAP}: merge: journeymap",
        f"{MAP}: diff: journeymap",
    ]


def test_git_setup_keeps_existing_attributes(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.png binary", encoding="utf-8")  # no final line break
    assert main(["git-setup", str(repo / ".")]) == 0
    text = (repo / ".gitattributes").read_text(encoding="utf-8")
    assert text == "*.png binary\n*.journeymap merge=journeymap diff=journeymap\n"


def test_git_setup_outside_a_repository_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["git-setup", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not in a git repository" in err
    assert not (tmp_path / ".gitattributes").exists()


def test_two_cards_of_one_stage_renamed(repo: Path) -> None:
    merged = merge_branches(
        repo,
        [lambda w: rename("touchpoint", KICKOFF, "Kickoff meeting", None)],
        [lambda w: rename("touchpoint", SAME_STAGE, "Connects the warehouse", None)],
    )
    workspace = assert_clean_merge(repo, merged)
    cards = workspace.core.touchpoints
    assert cards[KICKOFF].stage_id == cards[SAME_STAGE].stage_id
    assert (cards[KICKOFF].title, cards[SAME_STAGE].title) == ("Kickoff meeting", "Connects the warehouse")


def test_one_segment_described_on_one_side_and_a_card_hidden_on_the_other(repo: Path) -> None:
    def hide(w: Workspace) -> Intent:
        return delete(w, resolve(w, w.segments[SMB]), SMB, [("touchpoint", SMB_CARD)])

    merged = merge_branches(
        repo, [lambda w: UpdateSegment(SMB, description="Up to 25 seats, self-serve.")], [hide]
    )
    segment = assert_clean_merge(repo, merged).segments[SMB]
    assert segment.description == "Up to 25 seats, self-serve."
    assert SMB_CARD in segment.hidden


def test_a_persona_added_on_one_side_and_a_stage_reordered_on_the_other(repo: Path) -> None:
    before = load_workspace(repo / MAP)
    stages = [s.id for s in before.core.ordered_stages()]
    swapped = [stages[1], stages[0], *stages[2:]]
    merged = merge_branches(
        repo,
        [lambda w: add_vocabulary(w, "persona", "Procurement lead")],
        [lambda w: ReorderElements("stage", swapped)],
    )
    workspace = assert_clean_merge(repo, merged)
    assert [s.id for s in workspace.core.ordered_stages()] == swapped
    added = set(workspace.personas) - set(before.personas)
    assert [workspace.personas[p].name for p in added] == ["Procurement lead"]


def test_the_same_card_renamed_differently_is_a_conflict_the_file_keeps(repo: Path) -> None:
    merged = merge_branches(
        repo,
        [lambda w: rename("touchpoint", KICKOFF, "Kickoff meeting", None)],
        [lambda w: rename("touchpoint", KICKOFF, "Welcome call", None)],
    )
    assert merged.returncode != 0
    assert f"journeymap: conflict: touchpoint {KICKOFF} in core, field title" in merged.stderr
    file = repo / MAP
    workspace = load_workspace(file)  # loads: no conflict markers, ours held, the conflict recorded
    assert workspace.core.touchpoints[KICKOFF].title == "Kickoff meeting"
    [conflict] = workspace.merge_conflicts
    assert (conflict.element_id, conflict.field, conflict.ours, conflict.theirs) == (
        KICKOFF,
        "title",
        "Kickoff meeting",
        "Welcome call",
    )
    checked = jm("validate", str(file))
    assert checked.returncode == 1
    [line] = [line for line in checked.stdout.splitlines() if "Merge conflict" in line]
    assert KICKOFF in line and "'title'" in line and "Welcome call" in line
    assert "UU map.journeymap" in git(repo, "status", "--porcelain").stdout


def test_git_diff_shows_a_rename_as_one_field_line(repo: Path) -> None:
    old = load_workspace(repo / MAP).core.touchpoints[KICKOFF].title
    edit(repo / MAP, lambda w: rename("touchpoint", KICKOFF, "Kickoff meeting", None))
    commit(repo, "Rename the kickoff card")
    diff = git(repo, "diff", "HEAD~1", "--", MAP).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        f'-touchpoint {KICKOFF}: title "{old}"',
        f'+touchpoint {KICKOFF}: title "Kickoff meeting"',
    ]
    shown = git(repo, "log", "-p", "-1", "--", MAP).stdout
    assert f'+touchpoint {KICKOFF}: title "Kickoff meeting"' in shown
    edit(repo / MAP, lambda w: update_field("touchpoint", KICKOFF, "notes", "Book the room", None))
    [hunk] = [line for line in git(repo, "diff", "--", MAP).stdout.splitlines() if line.startswith("@@")]
    assert hunk.endswith(f'@@ touchpoint {KICKOFF}: title "Kickoff meeting"')  # the card, by its title


def test_the_driver_merges_what_a_line_merge_cannot(repo: Path, tmp_path: Path) -> None:
    """Each side hides another card of one segment: both land between the same lines of its list."""

    def hide(card: str) -> Edit:
        return lambda w: delete(w, resolve(w, w.segments[SMB]), SMB, [("touchpoint", card)])

    workspace = assert_clean_merge(repo, merge_branches(repo, [hide(SMB_CARD)], [hide(KICKOFF)]))
    assert {SMB_CARD, KICKOFF} <= workspace.segments[SMB].hidden
    sides = {}
    for name, revision in (("base", "HEAD^1~1"), ("ours", "HEAD^1"), ("theirs", "HEAD^2")):
        sides[name] = tmp_path / f"{name}.journeymap"
        sides[name].write_text(git(repo, "show", f"{revision}:{MAP}").stdout, encoding="utf-8")
    by_lines = git(
        repo, "merge-file", "-p", str(sides["ours"]), str(sides["base"]), str(sides["theirs"]), check=False
    )
    assert by_lines.returncode > 0  # git's own merge of the JSON conflicts here
