"""Reading a merge's three files validates each element once, and still checks everything a load checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap_designer.model.commands import RemoveElement, UpdateElement
from journeymap_designer.model.elements import Touchpoint
from journeymap_designer.model.fileformat import DocumentError, dump_workspace, load_workspace, save_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.merge import merge_workspaces
from journeymap_designer.model.merge_load import check_assembled, load_branches
from journeymap_designer.model.segment_commands import UpdateSegment
from journeymap_designer.model.workspace import Journey, Workspace


def _files(folder: Path) -> tuple[Path, Path, Path]:
    base = generate_workspace(120, 3, seed=5)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    cards = sorted(base.core.touchpoints)
    UpdateElement("touchpoint", cards[0], {"title": "Ours"}).apply(ours)
    UpdateElement("touchpoint", cards[1], {"timing": "Week 9"}).apply(theirs)
    first, *_, last = list(base.segments)
    UpdateSegment(first, description="Ours says more").apply(ours)
    hidden_card = sorted(set(cards) - base.segments[last].hidden)[3]
    RemoveElement("touchpoint", hidden_card, target=last).apply(theirs)
    paths = (folder / "base.journeymap", folder / "ours.journeymap", folder / "theirs.journeymap")
    for workspace, path in zip((base, ours, theirs), paths, strict=True):
        save_workspace(workspace, path)
    return paths


def test_the_three_workspaces_are_what_plain_loads_give(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    loaded = load_branches(*paths)
    for workspace, path in zip(loaded, paths, strict=True):
        assert dump_workspace(workspace) == path.read_bytes()
    plain = [load_workspace(p) for p in paths]
    assert dump_workspace(merge_workspaces(*loaded).workspace) == dump_workspace(
        merge_workspaces(*plain).workspace
    )


def test_what_a_branch_left_alone_is_the_base_s_validated_element(tmp_path: Path) -> None:
    base, ours, theirs = load_branches(*_files(tmp_path))
    cards = sorted(base.core.touchpoints)
    assert ours.core.touchpoints[cards[5]] is base.core.touchpoints[cards[5]]
    assert ours.core.touchpoints[cards[0]] is not base.core.touchpoints[cards[0]]  # changed: its own
    last = list(base.segments)[-1]
    assert ours.segments[last] is base.segments[last]  # a segment ours left alone
    assert theirs.segments[last] is not base.segments[last]


def _edit_raw(path: Path, edit: object) -> None:
    data = json.loads(path.read_text())
    edit(data)  # type: ignore[operator]
    path.write_text(json.dumps(data, indent=2))


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda d: d["core"]["touchpoints"][0].update(emotion=9), "emotion"),
        (lambda d: d["core"]["touchpoints"].append(dict(d["core"]["touchpoints"][1])), "duplicate id"),
        (lambda d: d["segments"][0]["added"]["touchpoints"][0].update(colour="red"), "colour"),
        (lambda d: d["segments"].append(dict(d["segments"][0])), "duplicate id"),
        (lambda d: d["core"]["touchpoints"][2].update(id=d["core"]["flows"][0]["id"]), "unique"),
    ],
)
def test_a_branch_that_is_not_a_valid_map_is_refused_naming_it(
    tmp_path: Path, edit: object, words: str
) -> None:
    """An element equal to the base's is taken from the base; anything else is checked as a load
    checks it, and an element copied from the base (a duplicate) is still a duplicate."""
    base, ours, theirs = _files(tmp_path)
    _edit_raw(theirs, edit)
    with pytest.raises(DocumentError) as caught:
        load_workspace(theirs)
    plain = str(caught.value)
    with pytest.raises(DocumentError) as caught:
        load_branches(base, ours, theirs)
    assert str(caught.value) == plain
    assert str(theirs) in plain and words in plain


def test_an_empty_base_is_an_empty_map(tmp_path: Path) -> None:
    _base, ours, theirs = _files(tmp_path)
    base_ws, ours_ws, theirs_ws = load_branches(None, ours, theirs)
    assert base_ws == Workspace()
    assert dump_workspace(ours_ws) == ours.read_bytes() and dump_workspace(theirs_ws) == theirs.read_bytes()


def test_the_assembly_check_refuses_what_a_load_would(tmp_path: Path) -> None:
    base, ours, theirs = load_branches(*_files(tmp_path))
    merged = merge_workspaces(base, ours, theirs).workspace
    check_assembled(merged, "merged.journeymap")  # a sound merge passes
    card = next(iter(merged.core.touchpoints.values()))
    clash = Touchpoint.model_validate({**card.model_dump(), "id": next(iter(merged.core.flows))})
    broken_core = Journey.model_construct(
        None,
        **{
            **{n: getattr(merged.core, n) for n in Journey.collection_names()},
            "touchpoints": {clash.id: clash},
        },
    )
    with pytest.raises(DocumentError, match=r"merged\.journeymap: .*unique"):
        check_assembled(merged.model_copy(update={"core": broken_core}), "merged.journeymap")
    misfiled = Journey.model_construct(
        None,
        **{**{n: getattr(merged.core, n) for n in Journey.collection_names()}, "touchpoints": {"x": card}},
    )
    with pytest.raises(DocumentError, match="wrong id"):
        check_assembled(merged.model_copy(update={"core": misfiled}), "merged.journeymap")
