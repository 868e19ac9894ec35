"""Three-way merge by id and field, conflicts in the file, and settling them (issue 12, points 1 and 2).

Each side is the sample edited through the project's own commands, as two leads would edit it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap_designer.cli import main
from journeymap_designer.model.checks import Severity, check_workspace
from journeymap_designer.model.commands import AddElement, RemoveElement, ReorderElements, UpdateElement
from journeymap_designer.model.edits import Command, CommandError
from journeymap_designer.model.fileformat import (
    dump_workspace,
    load_workspace,
    parse_workspace,
    save_workspace,
)
from journeymap_designer.model.history import History
from journeymap_designer.model.intents import perform
from journeymap_designer.model.merge import MergeResult, merge_workspaces
from journeymap_designer.model.merge_commands import SettleConflict, settle_conflict
from journeymap_designer.model.segment_commands import UpdateSegment, UpdateWorkspace
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path

DEMO, TRIAL = "tp-acq-demo-request", "tp-acq-free-trial"  # two cards of the Acquisition stage


def sample() -> Workspace:
    return load_workspace(sample_path())


def edited(*commands: Command) -> Workspace:
    workspace = sample()
    for command in commands:
        command.apply(workspace)
    return workspace


def merged(ours: list[Command], theirs: list[Command]) -> MergeResult:
    result = merge_workspaces(sample(), edited(*ours), edited(*theirs), "main", "feature")
    raw = dump_workspace(result.workspace)
    assert dump_workspace(parse_workspace(raw)) == raw  # loadable and canonical
    return result


def test_edits_of_different_cards_in_one_stage_merge_cleanly() -> None:
    result = merged(
        [UpdateElement("touchpoint", DEMO, {"title": "Books a demo"})],
        [UpdateElement("touchpoint", TRIAL, {"title": "Starts a 30-day trial", "emotion": 2})],
    )
    cards = result.workspace.core.touchpoints
    assert result.clean and result.workspace.merge_conflicts == ()
    assert cards[DEMO].title == "Books a demo"
    assert (cards[TRIAL].title, cards[TRIAL].emotion) == ("Starts a 30-day trial", 2)


def test_different_fields_of_one_card_and_the_same_change_twice_merge() -> None:
    result = merged(
        [UpdateElement("touchpoint", DEMO, {"title": "Books a demo", "timing": "Day 1"})],
        [UpdateElement("touchpoint", DEMO, {"description": "Fills in the form", "timing": "Day 1"})],
    )
    card = result.workspace.core.touchpoints[DEMO]
    assert result.clean
    assert (card.title, card.description, card.timing) == ("Books a demo", "Fills in the form", "Day 1")


def test_edits_of_one_segment_merge() -> None:
    result = merged(
        [
            UpdateElement("touchpoint", "tp-onb-kickoff-call", {"emotion": -1}, target="seg-enterprise"),
            UpdateSegment("seg-enterprise", lead="Ada"),
        ],
        [
            RemoveElement("touchpoint", DEMO, target="seg-enterprise"),
            UpdateSegment("seg-enterprise", name="Enterprise accounts"),
        ],
    )
    segment = result.workspace.segments["seg-enterprise"]
    assert result.clean
    assert segment.changed.touchpoints["tp-onb-kickoff-call"]["emotion"].value == -1
    assert DEMO in segment.hidden and "tp-acq-free-trial" in segment.hidden
    assert (segment.name, segment.lead) == ("Enterprise accounts", "Ada")
    assert list(result.workspace.segments) == list(sample().segments)


def test_an_added_persona_and_a_reordered_stage_merge() -> None:
    stages = [s.id for s in sample().core.ordered_stages()]
    reordered = [stages[1], stages[0], *stages[2:]]
    result = merged(
        [AddElement("persona", {"id": "per-cfo", "name": "CFO"})],
        [ReorderElements("stage", reordered), UpdateElement("stage", stages[0], {"goal": "Be known"})],
    )
    assert result.clean
    assert result.workspace.personas["per-cfo"].name == "CFO"
    assert [s.id for s in result.workspace.core.ordered_stages()] == reordered
    assert result.workspace.core.stages[stages[0]].goal == "Be known"


def test_an_addition_on_each_side_and_the_maps_own_fields_merge() -> None:
    card = {"id": "tp-new-a", "title": "A", "stage_id": "stage-awareness", "lane_id": "lane-marketing"}
    other = {**card, "id": "tp-new-b", "title": "B"}
    result = merged(
        [AddElement("touchpoint", card), UpdateWorkspace(name="Renamed")],
        [AddElement("touchpoint", other), UpdateWorkspace(customer_fields=("touchpoint.pain_points",))],
    )
    assert result.clean
    assert {"tp-new-a", "tp-new-b"} <= set(result.workspace.core.touchpoints)
    assert result.workspace.name == "Renamed"
    assert result.workspace.customer_fields == ("touchpoint.pain_points",)


def test_one_field_changed_differently_is_a_conflict_that_keeps_ours(tmp_path: Path) -> None:
    result = merged(
        [UpdateElement("touchpoint", DEMO, {"title": "Kickoff A"})],
        [UpdateElement("touchpoint", DEMO, {"title": "Kickoff B"})],
    )
    (conflict,) = result.conflicts
    assert conflict.key() == ("core", "", "element", "touchpoint", DEMO, "title")
    assert (conflict.base, conflict.ours, conflict.theirs) == ("Requests a demo", "Kickoff A", "Kickoff B")
    assert (conflict.ours_label, conflict.theirs_label) == ("main", "feature")
    assert result.workspace.core.touchpoints[DEMO].title == "Kickoff A"
    assert result.workspace.merge_conflicts == (conflict,)
    errors = [f for f in check_workspace(result.workspace) if f.code == "merge-conflict"]
    assert len(errors) == 1 and errors[0].severity == Severity.ERROR and errors[0].element_id == DEMO
    assert "'title'" in errors[0].message and "Kickoff B" in errors[0].message


def test_validate_names_each_unsettled_conflict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = merged(
        [UpdateElement("touchpoint", DEMO, {"title": "Kickoff \x1b[31mA"})],
        [UpdateElement("touchpoint", DEMO, {"title": "Kickoff B"})],
    )
    path = tmp_path / "merged.journeymap"
    save_workspace(result.workspace, path)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "merge" in line.casefold())
    assert line.startswith("error") and DEMO in line and "'title'" in line
    assert "\x1b" not in out and "\\x1b" in line  # text from the file is escaped


def test_delete_against_edit_is_a_conflict_on_the_whole_element() -> None:
    result = merged(
        [RemoveElement("touchpoint", DEMO)],
        [UpdateElement("touchpoint", DEMO, {"title": "Books a demo"})],
    )
    card = next(c for c in result.conflicts if c.element_id == DEMO)
    assert card.field is None and card.ours is None and isinstance(card.theirs, dict)
    assert card.theirs["title"] == "Books a demo" and card.base["title"] == "Requests a demo"
    assert DEMO not in result.workspace.core.touchpoints  # ours: deleted
    finding = next(f for f in check_workspace(result.workspace) if f.element_id == DEMO)
    assert "deleted in main" in finding.message


def test_two_additions_of_one_id_with_different_content_conflict() -> None:
    card = {"id": "tp-new", "title": "A", "stage_id": "stage-awareness", "lane_id": "lane-marketing"}
    same = merged([AddElement("touchpoint", card)], [AddElement("touchpoint", card)])
    assert same.clean and "tp-new" in same.workspace.core.touchpoints
    result = merged([AddElement("touchpoint", card)], [AddElement("touchpoint", {**card, "title": "B"})])
    (conflict,) = result.conflicts
    assert conflict.field is None and conflict.base is None and conflict.theirs["title"] == "B"


def test_one_id_added_in_the_core_and_in_a_segment_stays_unique() -> None:
    card = {"id": "tp-new", "title": "A", "stage_id": "stage-awareness", "lane_id": "lane-marketing"}
    result = merged([AddElement("touchpoint", card)], [AddElement("touchpoint", card, target="seg-smb")])
    (conflict,) = result.conflicts
    assert (conflict.where, conflict.segment_id, conflict.ours) == ("segment", "seg-smb", None)
    assert "tp-new" not in result.workspace.segments["seg-smb"].added.touchpoints


def test_segment_overrides_changed_differently_conflict_per_field() -> None:
    kickoff = "tp-onb-kickoff-call"
    result = merged(
        [UpdateElement("touchpoint", kickoff, {"title": "Kickoff (ent A)", "emotion": -2}, "seg-enterprise")],
        [UpdateElement("touchpoint", kickoff, {"title": "Kickoff (ent B)"}, "seg-enterprise")],
    )
    (conflict,) = result.conflicts
    assert (conflict.part, conflict.segment_id, conflict.field) == ("override", "seg-enterprise", "title")
    assert conflict.ours["value"] == "Kickoff (ent A)" and conflict.theirs["value"] == "Kickoff (ent B)"
    overrides = result.workspace.segments["seg-enterprise"].changed.touchpoints[kickoff]
    assert overrides["emotion"].value == -2 and overrides["title"].value == "Kickoff (ent A)"


def _conflicted() -> tuple[Workspace, History]:
    result = merged(
        [UpdateElement("touchpoint", DEMO, {"title": "Kickoff A"}), RemoveElement("touchpoint", TRIAL)],
        [
            UpdateElement("touchpoint", DEMO, {"title": "Kickoff B"}),
            UpdateElement("touchpoint", TRIAL, {"title": "Trial"}),
        ],
    )
    return result.workspace, History(result.workspace)


@pytest.mark.parametrize(
    ("choice", "value", "title"),
    [("ours", None, "Kickoff A"), ("theirs", None, "Kickoff B"), ("value", "Kickoff C", "Kickoff C")],
)
def test_settling_a_conflict_is_one_undoable_step(choice: str, value: object, title: str) -> None:
    workspace, history = _conflicted()
    before = dump_workspace(workspace)
    key = ("core", "", "element", "touchpoint", DEMO, "title")
    perform(history, settle_conflict(key, choice, value))  # type: ignore[arg-type]
    assert workspace.core.touchpoints[DEMO].title == title
    assert [c.element_id for c in workspace.merge_conflicts] == [TRIAL]
    assert history.undo_name.startswith(f"Settle touchpoint {DEMO}, title: take")
    history.undo()
    assert dump_workspace(workspace) == before
    history.redo()
    assert workspace.core.touchpoints[DEMO].title == title


def test_settling_a_deleted_card_with_theirs_brings_it_back_and_ours_keeps_it_deleted() -> None:
    workspace, history = _conflicted()
    key = ("core", "", "element", "touchpoint", TRIAL, "")
    history.push(SettleConflict(key, "theirs"))
    assert workspace.core.touchpoints[TRIAL].title == "Trial"
    history.undo()
    assert TRIAL not in workspace.core.touchpoints
    history.push(SettleConflict(key, "ours"))
    assert TRIAL not in workspace.core.touchpoints
    assert all(c.element_id != TRIAL for c in workspace.merge_conflicts)


def test_a_bad_value_is_refused_and_changes_nothing() -> None:
    workspace, history = _conflicted()
    before = dump_workspace(workspace)
    key = ("core", "", "element", "touchpoint", DEMO, "title")
    with pytest.raises(CommandError, match="title"):
        history.push(SettleConflict(key, "value", {"not": "a title"}))
    with pytest.raises(CommandError, match="no longer in the map"):
        history.push(SettleConflict(("core", "", "element", "touchpoint", "tp-x", "title"), "ours"))
    assert dump_workspace(workspace) == before and not history.can_undo


def test_conflicts_survive_save_and_load_and_a_merge_of_merges(tmp_path: Path) -> None:
    workspace, _ = _conflicted()
    path = tmp_path / "m.journeymap"
    save_workspace(workspace, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [c["element_id"] for c in data["merge_conflicts"]] == [DEMO, TRIAL]
    assert load_workspace(path) == workspace
    again = merge_workspaces(sample(), workspace, sample())
    assert again.workspace.merge_conflicts == workspace.merge_conflicts
