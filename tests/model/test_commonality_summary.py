"""The commonality summary counts what each segment keeps, changes, hides and adds, kind by kind."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap_designer.model.diff import Commonality, commonality
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.workspace import SEGMENT_KINDS
from journeymap_designer.starter import sample_path


def test_sample_touchpoint_counts_match_the_segments_own_records() -> None:
    workspace = load_workspace(sample_path())
    summary = commonality(workspace).summary({"touchpoint"})
    core = workspace.core.touchpoints
    assert summary.elements == len(core)
    assert list(summary.segments) == list(workspace.segments)
    for segment in workspace.segments.values():
        counts = summary.segments[segment.id]
        hidden = {i for i in core if i in segment.hidden}
        changed = {i for i in core if i in segment.changed.touchpoints} - hidden
        assert (counts.hidden, counts.changed) == (len(hidden), len(changed))
        assert counts.same == len(core) - len(hidden) - len(changed)
        assert counts.added == len(segment.added.touchpoints)
        assert counts.share == counts.same / len(core)
    untouched = [
        i
        for i in core
        if not any(i in s.hidden or i in s.changed.touchpoints for s in workspace.segments.values())
    ]
    assert summary.shared == len(untouched)
    assert 0 < summary.share < 1


def test_stages_and_lanes_only_raise_the_share() -> None:
    workspace = load_workspace(sample_path())
    matrix = commonality(workspace)
    editable = matrix.summary({k.name for k in SEGMENT_KINDS})
    everything = matrix.summary()
    structure = len(workspace.core.stages) + len(workspace.core.lanes)
    assert everything.shared >= editable.shared + structure
    assert everything.share > editable.share


def test_no_segments_means_everything_is_shared() -> None:
    summary = Commonality([], {}).summary()
    assert (summary.elements, summary.shared, summary.segments, summary.share) == (0, 0, {}, 1.0)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 80), segments=st.integers(0, 4))
def test_counts_add_up_for_every_segment(seed: int, size: int, segments: int) -> None:
    matrix = commonality(generate_workspace(size, segments, seed=seed))
    summary = matrix.summary()
    assert len(summary.segments) == segments
    assert summary.shared == len(matrix.shared_by_all())
    for share in summary.segments.values():
        assert share.same + share.changed + share.hidden == summary.elements
        assert share.added == len(matrix.additions.get(share.segment_id, []))
