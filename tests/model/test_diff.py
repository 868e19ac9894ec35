"""Diffs by stable id: empty against itself, and exactly what a segment overrides, hides and adds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap_designer.cli import main
from journeymap_designer.model.commands import UpdateElement
from journeymap_designer.model.diff import core_ids, diff_journeys
from journeymap_designer.model.fileformat import load_workspace, save_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.history import History
from journeymap_designer.model.resolve import resolve
from journeymap_designer.starter import sample_path


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 120), segments=st.integers(0, 3))
def test_the_diff_of_anything_against_itself_is_empty(seed: int, size: int, segments: int) -> None:
    workspace = generate_workspace(size, segments, seed=seed)
    for segment in [None, *workspace.segments]:
        journey = resolve(workspace, segment)
        assert diff_journeys(journey, journey) == []
        assert diff_journeys(journey, resolve(workspace, segment)) == []


def test_segment_against_core_lists_its_overrides_hides_and_additions() -> None:
    workspace = load_workspace(sample_path())
    segment = workspace.segment_by_name("SMB")
    assert segment is not None
    differences = diff_journeys(workspace.core, resolve(workspace, segment), core_ids(workspace))
    by_status: dict[str, set[str]] = {}
    for d in differences:
        by_status.setdefault(d.status, set()).add(d.element_id)
    added = {e.id for _name, e in segment.added.all_elements()}
    assert by_status["added"] == added
    assert set(segment.hidden) <= by_status["hidden"]  # plus the flows and handoffs of hidden cards
    overridden = {
        i for k in ("touchpoints", "flows", "handoffs", "playbooks") for i in getattr(segment.changed, k)
    }
    assert overridden <= by_status.get("changed", set()) | by_status.get("moved", set())
    assert "removed" not in by_status  # a segment hides core elements, it never deletes them
    change = next(d for d in differences if d.element_id in segment.changed.touchpoints)
    overrides = segment.changed.touchpoints[change.element_id]
    assert {f.field: (f.old, f.new) for f in change.fields} == {
        n: (o.base, o.value) for n, o in overrides.items()
    }


def test_cli_diff_against_core_segment_and_other_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(sample_path()), "--segment", "Enterprise", "--against", "Enterprise"]) == 0
    assert "no differences" in capsys.readouterr().out
    assert main(["diff", str(sample_path()), "--segment", "Enterprise", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (
        report["counts"]["added"] > 0 and report["counts"]["hidden"] > 0 and report["counts"]["changed"] > 0
    )
    # A colleague's copy where one card of the Enterprise journey was renamed in the core.
    copy = tmp_path / "colleague.journeymap"
    workspace = load_workspace(sample_path())
    card = next(
        i
        for i in workspace.core.touchpoints
        if i not in workspace.segments["seg-enterprise"].hidden
        and i not in workspace.segments["seg-enterprise"].changed.touchpoints
    )
    original_title = workspace.core.touchpoints[card].title
    History(workspace).push(UpdateElement("touchpoint", card, {"title": "Renamed by a colleague"}))
    save_workspace(workspace, copy)
    assert (
        main(
            [
                "diff",
                str(sample_path()),
                "--segment",
                "Enterprise",
                "--against",
                str(copy),
                "--format",
                "json",
            ]
        )
        == 1
    )
    differences = json.loads(capsys.readouterr().out)["differences"]
    assert [(d["id"], d["status"]) for d in differences] == [(card, "changed")]
    assert differences[0]["fields"] == [
        {"field": "title", "old": "Renamed by a colleague", "new": original_title}
    ]
    assert main(["diff", str(sample_path()), "--segment", "Nope"]) == 2
    assert main(["diff", str(sample_path()), "--segment", "SMB", "--against", "nowhere"]) == 2
    assert capsys.readouterr().err.count("\n") == 2


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 1000), choice=st.sampled_from(["same-field", "same-value", "other-field", "none"]))
def test_conflicts_appear_exactly_when_both_sides_changed_the_same_field(seed: int, choice: str) -> None:
    from journeymap_designer.model.diff import conflicts

    workspace = generate_workspace(40, 1, seed=seed)
    segment = next(iter(workspace.segments.values()))
    card_id, overrides = next(iter(segment.changed.touchpoints.items()))
    history = History(workspace)
    assert conflicts(workspace, segment.id) == []
    if choice == "same-field":  # the core changes the title the segment also changed
        history.push(UpdateElement("touchpoint", card_id, {"title": "Core's new title"}))
    elif choice == "same-value":  # the core adopts the segment's title: agreement
        history.push(UpdateElement("touchpoint", card_id, {"title": overrides["title"].value}))
    elif choice == "other-field":  # the core changes a field the segment left alone
        history.push(UpdateElement("touchpoint", card_id, {"timing": "Day 99"}))
    found = conflicts(workspace, segment.id)
    if choice == "same-field":
        assert [(c.element_id, c.field, c.core, c.segment) for c in found] == [
            (card_id, "title", "Core's new title", overrides["title"].value)
        ]
    else:
        assert found == []


def test_commonality_matrix_of_the_sample() -> None:
    from journeymap_designer.model.diff import commonality

    workspace = load_workspace(sample_path())
    matrix = commonality(workspace)
    rows = {row.element_id: row for row in matrix.rows}
    assert len(rows) == sum(len(getattr(workspace.core, n)) for n in workspace.core.collection_names())
    for segment in workspace.segments.values():
        for hidden in segment.hidden:
            assert rows[hidden].per_segment[segment.id] == "hidden"
        for changed in segment.changed.touchpoints:
            assert rows[changed].per_segment[segment.id] == "changed"
        assert {d.element_id for d in matrix.additions[segment.id]} == {
            e.id for _n, e in segment.added.all_elements()
        }
    shared = matrix.shared_by_all()
    assert shared and all(set(r.per_segment.values()) == {"same"} for r in shared)
    stage_rows = [r for r in matrix.rows if r.kind == "stage"]
    assert stage_rows and all(
        set(r.per_segment.values()) == {"same"} for r in stage_rows
    )  # stages are shared


def test_cli_diff_reports_the_conflict_a_core_change_raises_until_it_is_settled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from journeymap_designer.model.reconcile import ResolveConflict

    workspace = load_workspace(sample_path())
    smb = workspace.segments["seg-smb"]
    card_id, overrides = next((i, o) for i, o in smb.changed.touchpoints.items() if "title" in o)
    history = History(workspace)
    history.push(UpdateElement("touchpoint", card_id, {"title": "The core's new title"}))
    path = tmp_path / "raised.journeymap"
    save_workspace(workspace, path)
    assert main(["diff", str(path), "--segment", "SMB", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["conflicts"] == [
        {
            "kind": "touchpoint",
            "id": card_id,
            "field": "title",
            "base": overrides["title"].base,
            "core": "The core's new title",
            "segment": overrides["title"].value,
        }
    ]
    assert main(["diff", str(path), "--segment", "SMB"]) == 1
    text = capsys.readouterr().out
    assert "1 conflict with the core" in text and f"conflict touchpoint {card_id}" in text
    history.push(ResolveConflict("touchpoint", card_id, "title", smb.id, "mine"))
    save_workspace(workspace, path)
    assert main(["diff", str(path), "--segment", "SMB", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["conflicts"] == []


def test_another_file_is_paired_by_segment_id_else_by_name_and_hides_stay_hidden(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A colleague's copy whose SMB segment got another id still pairs with SMB (as the designer does)."""
    from journeymap_designer.model.diff import counterpart

    workspace = load_workspace(sample_path())
    copy = load_workspace(sample_path())
    smb = copy.segments.pop("seg-smb")  # the same segment, under another id
    copy.segments["seg-smb-2"] = smb.model_copy(update={"id": "seg-smb-2"})
    assert counterpart(copy, workspace.segments["seg-smb"]) is copy.segments["seg-smb-2"]
    assert counterpart(copy, None) is None
    path = tmp_path / "colleague.journeymap"
    save_workspace(copy, path)
    assert main(["diff", str(sample_path()), "--segment", "SMB", "--against", str(path)]) == 0
    capsys.readouterr()
    # Against a file without the segment: its core; what SMB hides of its own core reads "hidden".
    del copy.segments["seg-smb-2"]
    save_workspace(copy, path)
    assert (
        main(["diff", str(sample_path()), "--segment", "SMB", "--against", str(path), "--format", "json"])
        == 1
    )
    counts = json.loads(capsys.readouterr().out)["counts"]
    assert main(["diff", str(sample_path()), "--segment", "SMB", "--format", "json"]) == 1
    against_core = json.loads(capsys.readouterr().out)["counts"]
    assert counts == against_core and counts["hidden"] > 0 and counts["removed"] == 0
