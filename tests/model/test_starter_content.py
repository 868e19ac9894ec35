"""The bundled sample and templates: realistic, complete, canonical, and free of error findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap_designer.model.checks import Severity, check_workspace
from journeymap_designer.model.elements import PLAYBOOK_FIELDS
from journeymap_designer.model.fileformat import dump_workspace, load_workspace
from journeymap_designer.model.generate import STAGE_NAMES
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import new_from_template, sample_path, template_names
from tests.conftest import bundled_files

STAGES = list(STAGE_NAMES)  # the eight lifecycle stages of a B2B SaaS journey


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.name)
def test_every_bundled_file_is_canonical_and_has_no_errors(path: Path) -> None:
    workspace = load_workspace(path)
    assert path.read_bytes() == dump_workspace(workspace), "run `journeymap fmt` on it"
    errors = [f for f in check_workspace(workspace) if f.severity == Severity.ERROR]
    assert errors == []


def test_four_templates_are_bundled() -> None:
    assert set(template_names()) == {
        "blank",
        "b2b-saas-lifecycle",
        "milestone-methodology",
        "cs-lifecycle-yearly",
    }
    blank = new_from_template("blank")
    assert not blank.core.touchpoints and blank.channels


def _lane_named(workspace: Workspace, word: str) -> str:
    return next(lane.id for lane in workspace.core.lanes.values() if word.lower() in lane.name.lower())


def _complete(playbook) -> bool:  # type: ignore[no-untyped-def]
    return all(getattr(playbook, field) for field in PLAYBOOK_FIELDS)


def test_sample_is_a_realistic_b2b_saas_journey() -> None:
    workspace = load_workspace(sample_path())
    core = workspace.core
    assert [s.name for s in core.ordered_stages()] == STAGES
    sides = [lane.side for lane in core.lanes.values()]
    assert sides.count("customer") >= 1 and sides.count("internal") >= 5
    assert len(core.touchpoints) >= 40
    # Handoffs Sales -> Onboarding -> CSM -> Support, each saying what information travels.
    chain = [_lane_named(workspace, n) for n in ("Sales", "Onboarding", "Customer Success", "Support")]
    owner_pairs = set()
    for handoff in core.handoffs.values():
        flow = core.flows[handoff.flow_id]
        pair = (core.owner_of(core.touchpoints[flow.source]), core.owner_of(core.touchpoints[flow.target]))
        assert handoff.information, handoff.id
        owner_pairs.add(pair)
    assert {(chain[0], chain[1]), (chain[1], chain[2]), (chain[2], chain[3])} <= owner_pairs
    milestones = [m for m in core.moments.values() if m.kind == "success_milestone"]
    assert len(milestones) == 4
    for milestone in milestones:
        assert not milestone.success_criteria.is_empty()
        playbook = core.playbook_for(milestone.id)
        assert playbook is not None and _complete(playbook), milestone.title


def test_sample_segments_differ_from_the_core_in_several_ways() -> None:
    workspace = load_workspace(sample_path())
    assert len(workspace.segments) == 3
    for segment in workspace.segments.values():
        assert segment.added.touchpoints and segment.hidden and segment.changed.touchpoints, segment.name
        assert segment.changed.playbooks, segment.name
        journey = resolve(workspace, segment)
        assert journey.touchpoints != workspace.core.touchpoints
        assert [f for f in check_workspace(workspace, segment) if f.severity != Severity.INFO] == []


def test_milestone_methodology_has_four_milestones_with_task_lists() -> None:
    core = new_from_template("milestone-methodology").core
    milestones = [m for m in core.moments.values() if m.kind == "success_milestone"]
    assert len(milestones) == 4
    for milestone in milestones:
        assert milestone.success_criteria.actions and milestone.success_criteria.kpis
        playbook = core.playbook_for(milestone.id)
        assert playbook is not None and len(playbook.tasks) >= 3


def test_yearly_cycles_template_runs_over_years() -> None:
    core = new_from_template("cs-lifecycle-yearly").core
    names = [s.name for s in core.ordered_stages()]
    assert any("Year 1" in n for n in names) and any("Year 2" in n for n in names)
