"""Compare marks against any reference journey: the core for a segment, the map at a version for anything.

Expected marks are worked out from the edits made (what was renamed, added, deleted), not from the
comparison code under test.
"""

from __future__ import annotations

from journeymap_designer.model.commands import AddElement, RemoveElement, UpdateElement
from journeymap_designer.model.compare import (
    compare_journeys,
    compare_with_core,
    compare_with_version,
    version_journey,
)
from journeymap_designer.model.diff import core_ids
from journeymap_designer.model.document import Document
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.segment_commands import CreateSegment
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path

RENAMED = "tp-acq-pricing-page"
DELETED = "tp-acq-trial-checklist"  # in stage-acquisition, lane-product, with three arrows
ADDED = "tp-acq-webinar"


def edited() -> tuple[Workspace, Document]:
    """The sample as committed (the version), and a document of it with a card renamed, one deleted,
    one added: the map now."""
    version = load_workspace(sample_path())
    document = Document(load_workspace(sample_path()))
    document.push(UpdateElement("touchpoint", RENAMED, {"title": "Reads the pricing page"}))
    document.push(RemoveElement("touchpoint", DELETED))
    template = document.workspace.core.touchpoints[RENAMED]
    document.push(AddElement("touchpoint", template.model_copy(update={"id": ADDED, "title": "Webinar"})))
    return version, document


def test_compare_with_core_is_compare_journeys_against_the_core() -> None:
    workspace = load_workspace(sample_path())
    smb = workspace.segments["seg-smb"]
    core = workspace.core
    by_core = compare_with_core(workspace, smb.id)
    direct = compare_journeys(core, resolve(workspace, smb.id), core_ids(workspace), core.moments)
    assert by_core.marks == direct.marks and by_core.journey == direct.journey
    hidden_cards = smb.hidden & core.touchpoints.keys()
    assert hidden_cards and {i for i, m in by_core.marks.items() if m == "hidden"} >= hidden_cards
    assert hidden_cards <= by_core.journey.touchpoints.keys()  # ghosts, in their places
    assert {i for i, m in by_core.marks.items() if m == "added"} >= set(smb.added.touchpoints)
    assert compare_with_core(workspace, None).marks == {}


def test_the_core_against_a_version_marks_renamed_added_and_deleted_cards() -> None:
    version, document = edited()
    now = document.workspace
    comparison = compare_with_version(version, now, None)
    marks = comparison.marks
    assert marks[RENAMED] == "changed" and marks[ADDED] == "added" and marks[DELETED] == "hidden"
    ghost = comparison.journey.touchpoints[DELETED]
    assert ghost == version.core.touchpoints[DELETED]  # drawn as it was, where it was
    assert DELETED not in now.core.touchpoints  # the model is not touched
    gone_flows = {i for i, f in version.core.flows.items() if DELETED in (f.source, f.target)}
    assert len(gone_flows) == 3 and all(marks[i] == "hidden" for i in gone_flows)
    assert gone_flows <= comparison.journey.flows.keys()
    untouched = set(now.core.touchpoints) - {RENAMED, ADDED}
    assert all(comparison.mark(i) == "same" for i in untouched)
    counts = comparison.counts(("touchpoints",))
    assert counts == {"same": len(untouched), "added": 1, "changed": 1, "hidden": 1}
    assert comparison.journey.moments is now.core.moments  # the moments of now, not the version's
    assert compare_with_version(now, now, None).marks == {}  # against itself: nothing to mark


def test_a_ghost_needs_its_stage_and_lane_and_a_ghost_arrow_both_its_ends() -> None:
    version, document = edited()
    shown = document.workspace.core
    without_stage = {i: s for i, s in shown.stages.items() if i != "stage-acquisition"}
    cards = {i: t for i, t in shown.touchpoints.items() if t.stage_id != "stage-acquisition"}
    flows = {i: f for i, f in shown.flows.items() if f.source in cards and f.target in cards}
    smaller = shown.model_copy(update={"stages": without_stage, "touchpoints": cards, "flows": flows})
    comparison = compare_journeys(version.core, smaller)
    assert DELETED not in comparison.journey.touchpoints and DELETED not in comparison.marks
    for flow in comparison.journey.flows.values():  # every arrow drawn has both its cards drawn
        assert flow.source in comparison.journey.touchpoints and flow.target in comparison.journey.touchpoints
    assert set(comparison.marks) <= comparison.journey.touchpoints.keys() | comparison.journey.flows.keys()
    without_lane = {i: lane for i, lane in shown.lanes.items() if i != "lane-product"}
    no_lane = compare_journeys(version.core, shown.model_copy(update={"lanes": without_lane}))
    assert DELETED not in no_lane.journey.touchpoints


def test_a_segment_is_compared_with_itself_at_the_version_or_with_the_versions_core() -> None:
    version, document = edited()
    smb = document.workspace.segments["seg-smb"]
    assert version_journey(version, document.workspace, smb.id) == resolve(version, "SMB")
    card = next(i for i in resolve(document.workspace, smb.id).touchpoints if i in smb.changed.touchpoints)
    document.push(UpdateElement("touchpoint", card, {"title": "SMB words now"}, smb.id))
    comparison = compare_with_version(version, document.workspace, smb.id)
    assert comparison.mark(card) == "changed" and comparison.mark(RENAMED) == "changed"
    hidden_then = smb.hidden & version.core.touchpoints.keys()
    assert all(comparison.mark(i) != "hidden" for i in hidden_then)  # hidden then and now: not a loss
    assert comparison.mark(DELETED) == ("same" if DELETED in smb.hidden else "hidden")
    document.push(CreateSegment("Partners", segment_id="seg-partners"))  # new since the version
    assert version_journey(version, document.workspace, "seg-partners") is version.core
    partners = compare_with_version(version, document.workspace, "seg-partners")
    assert partners.marks == compare_with_version(version, document.workspace, None).marks
