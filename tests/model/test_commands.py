"""Edit commands and the history: every edit undoes exactly, in the core and in segments."""

from __future__ import annotations

import pytest

from journeymap_designer.model.commands import (
    AddElement,
    Change,
    CommandError,
    RemoveElement,
    ReorderElements,
    UpdateElement,
    move_touchpoint,
)
from journeymap_designer.model.elements import Lane, LaneSide, Stage
from journeymap_designer.model.history import History
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.segment_commands import (
    CreateSegment,
    DeleteSegment,
    UpdateSegment,
    UpdateWorkspace,
)
from journeymap_designer.model.workspace import Journey, Workspace


@pytest.fixture
def tiny() -> Workspace:
    return Workspace(
        core=Journey(
            stages=[Stage(id="s1", name="Onboarding"), Stage(id="s2", name="Adoption", order=1)],
            lanes=[
                Lane(id="cust", name="Customer", side=LaneSide.CUSTOMER),
                Lane(id="sales", name="Sales"),
                Lane(id="csm", name="CSM", order=1),
            ],
        )
    )


def _card(card_id: str, stage: str = "s1", lane: str = "sales", **extra: object) -> dict[str, object]:
    return {"id": card_id, "title": card_id.title(), "stage_id": stage, "lane_id": lane, **extra}


def test_add_update_remove_report_what_changed_and_undo(tiny: Workspace) -> None:
    history = History(tiny)
    seen: list[Change] = []
    history.subscribe(seen.append)
    original = tiny.model_dump()
    assert history.push(AddElement("touchpoint", _card("a"))) == Change(added=frozenset({"a"}))
    assert history.undo_name == "Add touchpoint \u201cA\u201d"
    assert history.push(UpdateElement("touchpoint", "a", {"title": "Kickoff"})).changed == {"a"}
    assert history.undo_name == "Rename touchpoint \u201cA\u201d"
    assert history.push(RemoveElement("touchpoint", "a")).removed == {"a"}
    assert "a" not in tiny.core.touchpoints
    assert history.undo().added == {"a"}  # type: ignore[union-attr]
    assert tiny.core.touchpoints["a"].title == "Kickoff"
    history.undo()
    history.undo()
    assert tiny.model_dump() == original
    assert len(seen) == 6 and not history.can_undo and history.can_redo
    history.redo()
    assert "a" in tiny.core.touchpoints


def test_invalid_edits_change_nothing_and_are_not_recorded(tiny: Workspace) -> None:
    history = History(tiny)
    history.push(AddElement("touchpoint", _card("a")))
    before = tiny.model_dump()
    bad = [
        AddElement("touchpoint", _card("a")),  # id taken
        AddElement("touchpoint", _card("b", stage="nowhere")),
        AddElement("touchpoint", {"id": "c", "title": "x"}),  # no stage or lane
        UpdateElement("touchpoint", "a", {"emotion": 5}),
        UpdateElement("touchpoint", "a", {"colour": "red"}),
        UpdateElement("touchpoint", "a", {"id": "other"}),
        UpdateElement("touchpoint", "missing", {"title": "x"}),
        RemoveElement("stage", "missing"),
        AddElement("flow", {"id": "f", "source": "a", "target": "ghost"}),
        AddElement("stage", {"id": "s3", "name": "X"}, target="seg-none"),
    ]
    for command in bad:
        with pytest.raises(CommandError):
            history.push(command)
    assert tiny.model_dump() == before
    assert len(history) == 1


def test_move_and_reorder_cards(tiny: Workspace) -> None:
    history = History(tiny)
    for card in ("a", "b", "c"):
        history.push(AddElement("touchpoint", _card(card)))
    history.push(move_touchpoint("a", stage_id="s2", lane_id="csm"))
    assert history.undo_name == "Move touchpoint \u201cA\u201d"
    assert (tiny.core.touchpoints["a"].stage_id, tiny.core.touchpoints["a"].lane_id) == ("s2", "csm")
    history.push(ReorderElements("touchpoint", ["c", "b"]))
    assert [tiny.core.touchpoints[i].order for i in ("c", "b")] == [0, 1]
    history.push(ReorderElements("stage", ["s2", "s1"]))
    assert [s.id for s in tiny.core.ordered_stages()] == ["s2", "s1"]
    history.undo()
    assert [s.id for s in tiny.core.ordered_stages()] == ["s1", "s2"]


def test_removing_a_stage_cascades_and_undo_restores_everything(tiny: Workspace) -> None:
    history = History(tiny)
    history.push(AddElement("touchpoint", _card("a")))
    history.push(AddElement("touchpoint", _card("b", stage="s2", lane="csm")))
    history.push(AddElement("touchpoint", _card("c", lane="cust", owner_id="sales")))
    history.push(AddElement("flow", {"id": "f", "source": "a", "target": "b"}))
    history.push(AddElement("handoff", {"id": "h", "flow_id": "f", "information": ["Order form"]}))
    history.push(AddElement("moment", {"id": "m", "title": "Live", "stage_id": "s2", "touchpoint_id": "b"}))
    history.push(AddElement("playbook", {"id": "p", "title": "Go live", "moment_id": "m"}))
    history.push(CreateSegment("Enterprise", segment_id="ent"))
    history.push(AddElement("flow", {"id": "f2", "source": "c", "target": "b"}, target="ent"))
    history.push(UpdateElement("touchpoint", "a", {"emotion": 2}, target="ent"))
    before = tiny.model_dump()
    change = history.push(RemoveElement("stage", "s1"))
    assert change.removed >= {"s1", "a", "c", "f", "h"}
    assert "f2" not in tiny.segments["ent"].added.flows  # the segment's flow from a deleted card goes too
    assert "a" not in tiny.segments["ent"].changed.touchpoints
    assert tiny.core.moments["m"].touchpoint_id == "b"
    history.push(RemoveElement("touchpoint", "b"))
    assert tiny.core.moments["m"].touchpoint_id is None  # optional reference cleared, moment kept
    history.push(RemoveElement("lane", "sales"))
    history.undo()
    history.undo()
    history.undo()
    assert tiny.model_dump() == before


def test_segment_edits_become_overrides_hides_and_additions(tiny: Workspace) -> None:
    history = History(tiny)
    history.push(AddElement("touchpoint", _card("a")))
    history.push(AddElement("touchpoint", _card("b", stage="s2", lane="csm")))
    history.push(AddElement("playbook", {"id": "p", "title": "Adopt", "key_activities": ["Train"]}))
    history.push(CreateSegment("SMB", segment_id="smb"))
    history.push(UpdateElement("touchpoint", "a", {"title": "Self-serve signup", "emotion": 1}, target="smb"))
    history.push(UpdateElement("playbook", "p", {"key_activities": ["Webinar"]}, target="smb"))
    history.push(RemoveElement("touchpoint", "b", target="smb"))
    history.push(AddElement("touchpoint", _card("n", stage="s2", lane="csm"), target="smb"))
    segment = tiny.segments["smb"]
    override = segment.changed.touchpoints["a"]["title"]
    assert (override.value, override.base) == ("Self-serve signup", "A")
    assert segment.hidden == {"b"} and "n" in segment.added.touchpoints
    assert tiny.core.touchpoints["a"].title == "A"  # the core is untouched
    smb = resolve(tiny, "smb")
    assert smb.touchpoints["a"].title == "Self-serve signup" and "b" not in smb.touchpoints
    assert smb.playbooks["p"].key_activities == ("Webinar",)
    # A core change shows in the segment unless the segment overrode that field.
    history.push(
        UpdateElement("touchpoint", "a", {"title": "Trial signup", "channel_id": None, "timing": "Day 1"})
    )
    smb = resolve(tiny, "smb")
    assert smb.touchpoints["a"].title == "Self-serve signup" and smb.touchpoints["a"].timing == "Day 1"
    # Setting a field back to the core's value removes the override.
    history.push(UpdateElement("touchpoint", "a", {"emotion": 0}, target="smb"))
    assert set(segment.changed.touchpoints["a"]) == {"title"}
    with pytest.raises(CommandError, match="shared by every segment"):
        history.push(UpdateElement("stage", "s1", {"name": "X"}, target="smb"))


def test_segment_create_rename_duplicate_delete(tiny: Workspace) -> None:
    history = History(tiny)
    history.push(AddElement("touchpoint", _card("a")))
    history.push(CreateSegment("Enterprise", segment_id="ent", lead="Dana"))
    history.push(AddElement("touchpoint", _card("x"), target="ent"))
    history.push(CreateSegment("Education", segment_id="edu"))
    with pytest.raises(CommandError, match="already a segment named"):
        history.push(CreateSegment("enterprise"))
    history.push(UpdateSegment("ent", name="Enterprise EMEA"))
    assert history.undo_name == "Rename segment"
    history.push(CreateSegment("Enterprise APAC", segment_id="apac", copy_of="ent"))
    copy = tiny.segments["apac"]
    assert len(copy.added.touchpoints) == 1 and "x" not in copy.added.touchpoints  # fresh ids
    Workspace.model_validate(tiny.model_dump())  # ids still unique
    order = list(tiny.segments)
    history.push(DeleteSegment("ent"))
    assert "ent" not in tiny.segments
    history.undo()
    assert list(tiny.segments) == order
    history.push(UpdateWorkspace(name="Acme"))
    assert tiny.name == "Acme"


def test_macro_is_one_step_and_rolls_back_on_failure(tiny: Workspace) -> None:
    history = History(tiny)
    original = tiny.model_dump()
    with history.macro("Add two cards"):
        history.push(AddElement("touchpoint", _card("a")))
        history.push(AddElement("touchpoint", _card("b")))
    assert len(history) == 1 and history.undo_name == "Add two cards"
    history.undo()
    assert tiny.model_dump() == original
    with pytest.raises(CommandError), history.macro("Broken"):
        history.push(AddElement("touchpoint", _card("c")))
        history.push(AddElement("touchpoint", _card("c")))
    assert tiny.model_dump() == original and len(history) == 1 and history.can_redo


def test_clean_state_tracks_undo_and_redo(tiny: Workspace) -> None:
    history = History(tiny)
    assert history.is_clean
    history.push(AddElement("touchpoint", _card("a")))
    assert not history.is_clean
    history.set_clean()
    history.push(AddElement("touchpoint", _card("b")))
    history.undo()
    assert history.is_clean
    history.undo()
    assert not history.is_clean
    history.push(AddElement("touchpoint", _card("c")))  # the clean state is now unreachable
    history.undo()
    assert not history.is_clean


def test_the_map_s_customer_fields_are_checked_as_the_file_checks_them() -> None:
    """An opt-in the file format refuses is refused by the command too (the map would not load again)."""
    from journeymap_designer.model.edits import CommandError
    from journeymap_designer.model.fileformat import dump_workspace, parse_workspace
    from journeymap_designer.model.history import History
    from journeymap_designer.model.segment_commands import UpdateWorkspace
    from journeymap_designer.model.workspace import Workspace

    history = History(Workspace())
    with pytest.raises(CommandError, match="cannot be shown to customers"):
        history.push(UpdateWorkspace(customer_fields=("touchpoint.owner",)))
    history.push(
        UpdateWorkspace(
            customer_fields=("touchpoint.pain_points", "touchpoint.emotion", "touchpoint.emotion")
        )
    )
    assert history.workspace.customer_fields == ("touchpoint.emotion", "touchpoint.pain_points")
    assert parse_workspace(dump_workspace(history.workspace)) == history.workspace
