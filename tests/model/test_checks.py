"""Graph checks: each finding appears for the fault it names, and only then."""

from __future__ import annotations

import pytest

from journeymap_designer.model.checks import Severity, alternative_paths, check_journey, check_workspace
from journeymap_designer.model.elements import (
    Flow,
    Handoff,
    Lane,
    LaneSide,
    MomentOfTruth,
    Playbook,
    Stage,
    SuccessCriteria,
    Touchpoint,
)
from journeymap_designer.model.workspace import Journey, Segment, Workspace


def _journey() -> Journey:
    """A clean three-stage journey: a -> b -> c, plus an alternative a -> d -> c."""
    stages = [Stage(id=f"s{i}", name=f"S{i}", order=i) for i in range(3)]
    lanes = [
        Lane(id="cust", name="Customer", side=LaneSide.CUSTOMER),
        Lane(id="sales", name="Sales"),
        Lane(id="csm", name="CSM", order=1),
    ]
    cards = [
        Touchpoint(id="a", title="Demo", stage_id="s0", lane_id="sales"),
        Touchpoint(id="b", title="Kickoff", stage_id="s1", lane_id="csm"),
        Touchpoint(id="d", title="Self-serve setup", stage_id="s1", lane_id="cust", owner_id="csm"),
        Touchpoint(id="c", title="Renewal", stage_id="s2", lane_id="csm"),
    ]
    flows = [
        Flow(id="ab", source="a", target="b"),
        Flow(id="bc", source="b", target="c"),
        Flow(id="ad", source="a", target="d", alternative=True),
        Flow(id="dc", source="d", target="c"),
    ]
    handoffs = [
        Handoff(id="h-ab", flow_id="ab", information=("Order form",)),
        Handoff(id="h-ad", flow_id="ad", information=("Login",)),
    ]
    milestone = MomentOfTruth(
        id="m", title="Live", stage_id="s1", success_criteria=SuccessCriteria(actions=("Log in",))
    )
    return Journey(
        stages=stages,
        lanes=lanes,
        touchpoints=cards,
        flows=flows,
        handoffs=handoffs,
        moments=[milestone],
        playbooks=[Playbook(id="p", title="Go live", moment_id="m")],
    )


def _codes(journey: Journey) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in check_journey(journey, Workspace(core=journey)):
        found.setdefault(finding.code, set()).add(finding.element_id)
    return found


def _with(journey: Journey, collection: str, element) -> Journey:  # type: ignore[no-untyped-def]
    getattr(journey, collection)[element.id] = element
    return journey


def test_clean_journey_has_no_findings() -> None:
    assert _codes(_journey()) == {}


@pytest.mark.parametrize(
    ("mutate", "code", "element_id", "severity"),
    [
        (
            lambda j: _with(j, "touchpoints", j.touchpoints["d"].model_copy(update={"owner_id": None})),
            "unowned-touchpoint",
            "d",
            Severity.ERROR,
        ),
        (
            lambda j: _with(j, "handoffs", Handoff(id="h-bc", flow_id="bc", information=("x",))),
            "handoff-same-owner",
            "h-bc",
            Severity.WARNING,
        ),
        (
            lambda j: _with(j, "handoffs", j.handoffs["h-ab"].model_copy(update={"information": ()})),
            "handoff-no-information",
            "h-ab",
            Severity.WARNING,
        ),
        (
            lambda j: _with(
                j, "moments", j.moments["m"].model_copy(update={"success_criteria": SuccessCriteria()})
            ),
            "milestone-no-criteria",
            "m",
            Severity.ERROR,
        ),
        (lambda j: j.playbooks.clear() or j, "milestone-no-playbook", "m", Severity.WARNING),
        (
            lambda j: _with(j, "playbooks", Playbook(id="p2", title="Second", moment_id="m")),
            "several-playbooks",
            "m",
            Severity.WARNING,
        ),
        (
            lambda j: _with(j, "stages", Stage(id="s9", name="Empty", order=9)),
            "empty-stage",
            "s9",
            Severity.WARNING,
        ),
        (
            lambda j: _with(
                j, "touchpoints", Touchpoint(id="z", title="Orphan", stage_id="s2", lane_id="csm")
            ),
            "unreachable-touchpoint",
            "z",
            Severity.WARNING,
        ),
        (lambda j: j.flows.pop("bc") and j, "dead-end", "b", Severity.WARNING),
        (
            lambda j: _with(j, "flows", Flow(id="bx", source="b", target="ghost")),
            "dangling-reference",
            "bx",
            Severity.ERROR,
        ),
        (
            lambda j: _with(j, "playbooks", Playbook(id="p2", title="x", moment_id="gone")),
            "dangling-reference",
            "p2",
            Severity.ERROR,
        ),
        (lambda j: j.handoffs.pop("h-ad") and j, "undocumented-handoff", "ad", Severity.INFO),
    ],
)
def test_each_fault_gives_its_finding(mutate, code: str, element_id: str, severity: Severity) -> None:  # type: ignore[no-untyped-def]
    journey = mutate(_journey())
    findings = [f for f in check_journey(journey, Workspace(core=journey)) if f.code == code]
    assert [(f.element_id, f.severity) for f in findings] == [(element_id, severity)]
    assert findings[0].message


def test_risk_and_celebration_markers_need_no_criteria() -> None:
    journey = _with(
        _journey(), "moments", MomentOfTruth(id="r", title="Churn risk", stage_id="s2", kind="risk")
    )
    assert _codes(journey) == {}


def test_alternative_paths_shortest_first() -> None:
    journey = _journey()
    paths = alternative_paths(journey)
    assert sorted(paths) == [["a", "b", "c"], ["a", "d", "c"]]
    # Make the b route a step longer: the d route now comes first, and alone when limited to one.
    journey.touchpoints["e"] = Touchpoint(id="e", title="Training", stage_id="s1", lane_id="csm")
    journey.flows.pop("bc")
    journey.flows["be"] = Flow(id="be", source="b", target="e")
    journey.flows["ec"] = Flow(id="ec", source="e", target="c")
    assert alternative_paths(journey) == [["a", "d", "c"], ["a", "b", "e", "c"]]
    assert alternative_paths(journey, limit=1) == [["a", "d", "c"]]
    assert alternative_paths(Journey()) == []


def test_segment_findings_name_the_segment() -> None:
    core = _journey()
    segment = Segment(id="smb", name="SMB", hidden={"b", "gone"})
    workspace = Workspace(core=core, segments=[segment])
    findings = check_workspace(workspace, "SMB")
    assert {f.segment for f in findings} == {"smb"}
    assert {(f.code, f.element_id) for f in findings} == {("stale-override", "gone")}
    # Hiding b leaves the alternative path; the core is still checked on its own.
    assert check_workspace(workspace, all_segments=False) == []
    with pytest.raises(KeyError):
        check_workspace(workspace, "nope")
