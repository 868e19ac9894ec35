"""A map's history in a real git repository (built with git, read through dulwich), and restoring from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journeymap_designer.model.commands import RemoveElement
from journeymap_designer.model.document import Document
from journeymap_designer.model.fileformat import dump_workspace, load_workspace
from journeymap_designer.model.intents import perform
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.restore import how_to_restore, restore_element
from journeymap_designer.model.versions import (
    VersionError,
    find_repository,
    list_versions,
    load_version,
    read_version,
    resolve_version,
)
from journeymap_designer.starter import sample_path
from tests.git_history import ADDED, DELETED, MESSAGES, RENAMED, MapHistory, build_history, git


@pytest.fixture
def history(tmp_path: Path) -> MapHistory:
    return build_history(tmp_path)


def test_the_commits_that_touched_the_file_newest_first(history: MapHistory) -> None:
    versions = list_versions(history.file)
    assert [v.id for v in versions] == history.ids[::-1]  # the README commit did not touch the map
    assert [v.message for v in versions] == list(MESSAGES[::-1])  # first lines only
    assert {v.author for v in versions} == {"Ana Lead"}
    assert [v.date.day for v in versions] == sorted((v.date.day for v in versions), reverse=True)
    assert versions[0].short_id == history.ids[-1][:8] and versions[0].path == "customer.journeymap"
    assert find_repository(history.file).resolve() == history.repo.resolve()
    assert len(list_versions(history.file, limit=2)) == 2


def test_each_version_reads_back_as_it_was_committed(history: MapHistory) -> None:
    cards = [load_version(history.file, v).core.touchpoints for v in list_versions(history.file)[::-1]]
    first, renamed, added, deleted = cards
    assert first[RENAMED[0]].title == RENAMED[1] and ADDED[0] not in first and DELETED[0] in first
    assert renamed[RENAMED[0]].title == RENAMED[2] and ADDED[0] not in renamed
    assert added[ADDED[0]].title == ADDED[1] and DELETED[0] in added
    assert DELETED[0] not in deleted
    assert read_version(history.file, "HEAD") == history.file.read_bytes()


def test_revisions_in_every_form_git_users_type(history: MapHistory) -> None:
    first = history.ids[0]
    for revision in (first, first[:7], "HEAD~3", "main~3", "HEAD^^^"):
        assert resolve_version(history.file, revision).id == first, revision
    git(history.repo, "tag", "-a", "review-q1", "-m", "Quarterly review", history.ids[1])
    git(history.repo, "branch", "before-delete", history.ids[2])
    assert resolve_version(history.file, "review-q1").message == MESSAGES[1]
    assert resolve_version(history.file, "before-delete").message == MESSAGES[2]


def test_one_line_errors(history: MapHistory, tmp_path: Path) -> None:
    with pytest.raises(VersionError, match="did not exist at HEAD~4"):  # the README commit
        resolve_version(history.file, "HEAD~4")
    with pytest.raises(VersionError, match="no such revision"):
        resolve_version(history.file, "nope")
    with pytest.raises(VersionError, match="not a revision"):
        resolve_version(history.file, "--all")
    outside = tmp_path / "loose" / "map.journeymap"
    outside.parent.mkdir()
    shutil.copyfile(sample_path(), outside)
    with pytest.raises(VersionError, match="not in a git repository") as caught:
        list_versions(outside)
    assert "\n" not in str(caught.value)
    untracked = history.repo / "draft.journeymap"
    shutil.copyfile(sample_path(), untracked)
    assert list_versions(untracked) == []


def test_a_renamed_file_keeps_its_history(history: MapHistory) -> None:
    git(history.repo, "mv", "customer.journeymap", "renamed.journeymap")
    git(history.repo, "commit", "-q", "-m", "Rename the map file", date=5)
    moved = history.repo / "renamed.journeymap"
    versions = list_versions(moved)
    assert [v.message for v in versions] == ["Rename the map file", *MESSAGES[::-1]]
    assert versions[-1].path == "customer.journeymap"
    assert load_version(moved, "HEAD~4").core.touchpoints[RENAMED[0]].title == RENAMED[1]
    assert resolve_version(moved, history.ids[0][:8]).path == "customer.journeymap"


def test_an_older_schema_version_is_migrated(history: MapHistory) -> None:
    text = history.file.read_text(encoding="utf-8").replace('"schema_version": 3', '"schema_version": 1', 1)
    history.file.write_text(text, encoding="utf-8")
    git(history.repo, "commit", "-q", "-am", "Written by an older designer", date=6)
    assert load_version(history.file, "HEAD").schema_version == 3


def test_restore_each_kind_of_difference_is_one_undo_step(history: MapHistory) -> None:
    document = Document.open(history.file)
    before = dump_workspace(document.workspace)
    old = load_version(history.file, history.ids[0]).core
    workspace = document.workspace
    assert how_to_restore(workspace, None, "touchpoint", DELETED[0], old) == "add"
    assert how_to_restore(workspace, None, "touchpoint", RENAMED[0], old) == "update"
    assert how_to_restore(workspace, None, "touchpoint", ADDED[0], old) == "remove"
    assert how_to_restore(workspace, None, "stage", "stage-acquisition", old) is None
    for kind, element_id in (
        ("touchpoint", DELETED[0]),
        ("touchpoint", RENAMED[0]),
        ("touchpoint", ADDED[0]),
    ):
        intent = restore_element(document.workspace, None, kind, element_id, old, "b05f973b")
        assert intent is not None and intent.name is not None and "from b05f973b" in intent.name
        perform(document.history, intent)
    cards = document.workspace.core.touchpoints
    assert cards[DELETED[0]] == old.touchpoints[DELETED[0]] and cards[RENAMED[0]].title == RENAMED[1]
    assert ADDED[0] not in cards
    for _ in range(3):
        document.history.undo()
    assert dump_workspace(document.workspace) == before


def test_restore_in_a_segment_shows_a_hidden_card_again(history: MapHistory) -> None:
    workspace = load_workspace(history.file)
    document = Document(workspace, history.file)
    document.push(RemoveElement("touchpoint", RENAMED[0], "seg-smb"))  # hidden in SMB
    old = load_version(history.file, history.ids[0])
    version = resolve(old, "seg-smb")
    assert how_to_restore(document.workspace, "seg-smb", "touchpoint", RENAMED[0], version) == "show"
    intent = restore_element(document.workspace, "seg-smb", "touchpoint", RENAMED[0], version, "v1")
    assert intent is not None
    perform(document.history, intent)
    shown = resolve(document.workspace, "seg-smb").touchpoints[RENAMED[0]]
    assert shown.title == RENAMED[1]  # shown again, and its title as that version had it
    assert document.workspace.core.touchpoints[RENAMED[0]].title == RENAMED[2]  # the core keeps its own
    document.history.undo()
    assert RENAMED[0] not in resolve(document.workspace, "seg-smb").touchpoints
