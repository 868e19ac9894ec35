"""The one-item-per-line syntax of list fields: each parse reads back what its format wrote."""

from __future__ import annotations

import pytest

from journeymap_designer.model.elements import (
    KeyMilestone,
    KpiThreshold,
    MarkerKind,
    RoleResponsibility,
    Task,
)
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.textlists import SYNTAXES, parse_kpis, parse_tasks

from ..conftest import bundled_files


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.name)
def test_every_bundled_list_survives_a_round_trip(path) -> None:  # type: ignore[no-untyped-def]
    workspace = load_workspace(path)
    checked = 0
    for playbook in workspace.core.playbooks.values():
        for name in ("key_milestones", "internal_roles", "external_roles", "tasks", "objectives"):
            syntax = {"internal_roles": "roles", "external_roles": "roles", "objectives": "list"}.get(
                name, name
            )
            fmt, parse = SYNTAXES[syntax]
            value = getattr(playbook, name)
            assert parse(fmt(value), value) == value
            checked += 1
    for moment in workspace.core.moments.values():
        fmt, parse = SYNTAXES["kpis"]
        assert parse(fmt(moment.success_criteria.kpis), ()) == moment.success_criteria.kpis
    assert checked or not workspace.core.playbooks


def test_kpi_lines() -> None:
    assert parse_kpis("Users >= 60 %\nNPS \u2265 40\nUptime >=99.9%\n\n") == (
        KpiThreshold(name="Users", minimum=60, unit="%"),
        KpiThreshold(name="NPS", minimum=40, unit=""),
        KpiThreshold(name="Uptime", minimum=99.9, unit="%"),
    )
    with pytest.raises(ValueError, match="KPI line 2"):
        parse_kpis("Users >= 60\nhappy customers")
    with pytest.raises(ValueError):
        parse_kpis("Users >= 1e999")  # not a finite number


def test_retyped_tasks_keep_their_ids() -> None:
    old = (
        Task(id="task-a", title="A", owner="CSM"),
        Task(id="task-b", title="B"),
        Task(id="task-c", title="C"),
    )
    new = parse_tasks("B | Sales\nA\nC renamed | | Day 3 | with a \\| pipe\nD", old)
    assert [t.id for t in new[:3]] == ["task-b", "task-a", "task-c"]  # moved by title, renamed in place
    assert (new[0].owner, new[1].owner, new[2].title) == ("Sales", "", "C renamed")
    assert (new[2].due, new[2].description) == ("Day 3", "with a | pipe")
    assert new[3].id.startswith("task-") and new[3].id not in {"task-a", "task-b", "task-c"}
    with pytest.raises(ValueError, match="Task line 1"):
        parse_tasks(" | CSM")


def test_separators_inside_values_survive() -> None:
    roles = (
        RoleResponsibility(role="VP: Success", responsibilities=("Owns a | b", "Signs; approves", "C:\\x")),
    )
    fmt, parse = SYNTAXES["roles"]
    assert fmt(roles) == "VP\\: Success: Owns a \\| b | Signs; approves | C:\\\\x"
    assert parse(fmt(roles), ()) == roles
    milestones = (KeyMilestone(kind=MarkerKind.RISK, title="Churn | loss: fast", description="a | b"),)
    fmt, parse = SYNTAXES["key_milestones"]
    assert parse(fmt(milestones), ()) == milestones
    with pytest.raises(ValueError, match="Key milestone line 1"):
        parse("worry: sponsor leaves", ())
