"""The success funnel (model/funnel.py, model/funnel_report.py) against the sample's funnel computed
the plain way (funnel_oracle.py), over a few hundred generated accounts with known conversions, read
back from a CSV as a team would import them; and properties over any accounts (hypothesis)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.actuals_import import read_actuals
from journeymap_designer.model.actuals import Account, Actuals
from journeymap_designer.model.funnel import compute_funnel, milestones, stuck_accounts
from journeymap_designer.model.funnel_report import days_text, funnel_report, percent_text
from journeymap_designer.model.generate_actuals import AS_OF, expected_reached, funnel_workspace

from .funnel_oracle import (
    CONVERSIONS,
    COUNT,
    MILESTONES,
    expected_steps,
    expected_stuck,
    sample_csv,
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("funnel") / "accounts.csv"
    workspace, accounts = sample_csv(path)
    found = read_actuals(path, workspace)
    assert found.problem_count == 0 and len(found.actuals.accounts) == COUNT
    return workspace, accounts, found.actuals


def test_the_milestones_are_the_samples_in_funnel_order(imported) -> None:  # type: ignore[no-untyped-def]
    workspace, _, _ = imported
    assert [m.id for m in milestones(workspace.core)] == list(MILESTONES)


def test_the_core_funnel_is_what_the_plain_computation_gives(imported) -> None:  # type: ignore[no-untyped-def]
    workspace, accounts, actuals = imported
    report = funnel_report(workspace, actuals, AS_OF)
    core = report.funnel(None)
    assert core is not None and core.accounts == COUNT
    assert [s.reached for s in core.steps] == expected_reached(COUNT, CONVERSIONS)  # the known conversions
    for step, want in zip(core.steps, expected_steps(accounts), strict=True):
        assert (step.reached, step.previous, step.churned) == (want.reached, want.previous, want.churned)
        assert step.conversion == pytest.approx(want.conversion)
        assert step.median_days == pytest.approx(want.median)
        assert step.p90_days == pytest.approx(want.p90)
    churned = sum(1 for a in accounts if a.churned and a.churned <= AS_OF)
    assert core.churned_before_first + sum(s.churned for s in core.steps) == churned


def test_each_segment_with_accounts_has_its_own_funnel(imported) -> None:  # type: ignore[no-untyped-def]
    workspace, accounts, actuals = imported
    report = funnel_report(workspace, actuals, AS_OF)
    names = {s.id: s.name for s in workspace.segments.values()}
    assert [f.segment_id for f in report.funnels] == [None, *workspace.segments]
    for funnel in report.funnels[1:]:
        mine = [a for a in accounts if a.segment == names[funnel.segment_id or ""]]
        assert funnel.journey_label == names[funnel.segment_id or ""] and funnel.accounts == len(mine)
        for step, want in zip(funnel.steps, expected_steps(mine), strict=True):
            assert (step.reached, step.churned) == (want.reached, want.churned)
            assert step.conversion == pytest.approx(want.conversion)
            assert step.median_days == pytest.approx(want.median)
    only = funnel_report(workspace, actuals, AS_OF, "smb")
    assert [f.segment_id for f in only.funnels] == ["seg-smb"]
    assert {s.segment for s in only.stuck} <= {"SMB"}
    with pytest.raises(KeyError):
        funnel_report(workspace, actuals, AS_OF, "Government")


@pytest.mark.parametrize("as_of", [AS_OF, date(2026, 1, 31), date(2025, 6, 1)])
def test_the_stuck_list_names_exactly_the_accounts_past_their_rule(imported, as_of: date) -> None:  # type: ignore[no-untyped-def]
    workspace, accounts, actuals = imported
    report = funnel_report(workspace, actuals, as_of)
    assert {s.account_id for s in report.stuck} == expected_stuck(accounts, as_of)
    assert report.stuck  # the check has something to check
    by_id = {a.id: a for a in accounts}
    for stuck in report.stuck:
        account = by_id[stuck.account_id]
        assert stuck.days_at == (as_of - account.reached[stuck.milestone_id]).days > stuck.after_days
        assert stuck.owner == account.owner and stuck.action
    kickoff = next(
        s for s in funnel_report(workspace, actuals, AS_OF).stuck if s.milestone_id == MILESTONES[0]
    )
    assert kickoff.playbook_id == "pb-kickoff" and kickoff.playbook_title == "Kickoff and success plan"
    days = [s.days_at for s in report.stuck]
    assert days == sorted(days, reverse=True)


def test_a_funnel_as_of_an_earlier_day_counts_only_what_had_happened(imported) -> None:  # type: ignore[no-untyped-def]
    workspace, accounts, actuals = imported
    day = date(2025, 12, 31)
    core = funnel_report(workspace, actuals, day).funnel(None)
    assert core is not None
    assert core.accounts == sum(1 for a in accounts if a.start is None or a.start <= day) < COUNT
    for step, want in zip(core.steps, expected_steps(accounts, day), strict=True):
        assert (step.reached, step.previous, step.churned) == (want.reached, want.previous, want.churned)
        assert step.median_days == pytest.approx(want.median)


def test_the_json_dict_has_stable_keys_and_plain_values(imported) -> None:  # type: ignore[no-untyped-def]
    workspace, _, actuals = imported
    data = funnel_report(workspace, actuals, AS_OF).as_dict()
    assert list(data) == ["as_of", "source", "imported_at", "segment_id", "funnels", "stuck"]
    assert json.loads(json.dumps(data)) == data
    step = data["funnels"][0]["steps"][0]
    assert step["conversion_status"] in {"on", "near", "off"} and step["days_from"] == "stage_entry"
    assert list(data["stuck"][0])[:3] == ["account_id", "name", "segment"]


def test_statuses_against_targets() -> None:
    workspace = funnel_workspace(2, 0)
    first, second = milestones(workspace.core)  # targets 90 % and 87 %; frames 20 and 25 days
    start = date(2026, 1, 1)

    def account(number: int, reach_first: bool, reach_second: bool) -> Account:
        reached = {}
        if reach_first:
            reached[first.id] = start + timedelta(days=10)
        if reach_second:
            reached[second.id] = start + timedelta(days=10 + 29)  # 29 days: near 25 (x1.2 = 30)
        return Account(f"A{number}", start=start, reached=reached)

    # 100 accounts: 86 reach the first (86 %: off by 4 points, near), 70 of them the second (81.4 %: off)
    accounts = [account(i, i < 86, i < 70) for i in range(100)]
    a, b = compute_funnel(workspace.core, accounts).steps
    assert (a.conversion_status, a.time_status) == ("near", "on")
    assert b.conversion == pytest.approx(100 * 70 / 86) and (b.conversion_status, b.time_status) == (
        "off",
        "near",
    )
    assert percent_text(b.conversion) == "81.4 %" and days_text(b.median_days) == "29 d"
    assert percent_text(None) == days_text(None) == "\u2013" and days_text(80.99999) == "81 d"


# -- properties over any accounts ------------------------------------------------------------------

PROPERTY_WORKSPACE = funnel_workspace(4, 2)
IDS = [m.id for m in milestones(PROPERTY_WORKSPACE.core)]
day = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))
account_st = st.builds(
    lambda n, start, churned, reached: (start, churned, reached),
    st.integers(),
    st.none() | day,
    st.none() | day,
    st.dictionaries(st.sampled_from(IDS), day, max_size=4),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(account_st, max_size=40), as_of=st.none() | day)
def test_funnel_properties(
    rows: list[tuple[date | None, date | None, dict[str, date]]], as_of: date | None
) -> None:
    accounts = [Account(f"A{i}", start=s, churned=c, reached=r) for i, (s, c, r) in enumerate(rows)]
    funnel = compute_funnel(PROPERTY_WORKSPACE.core, accounts, as_of=as_of)
    assert funnel.accounts <= len(accounts)
    previous = funnel.accounts
    for index, step in enumerate(funnel.steps):
        assert 0 <= step.reached <= funnel.accounts
        assert step.previous == previous  # conversion is from the step before (all accounts for the first)
        if step.conversion is not None:
            assert 0 <= step.conversion <= 100
            counted = [a for a in accounts if as_of is None or a.start is None or a.start <= as_of]
            both = sum(
                1
                for a in counted
                if _on(a, IDS[index], as_of) and (index == 0 or _on(a, IDS[index - 1], as_of))
            )
            assert step.conversion == pytest.approx(100 * both / step.previous)
        if step.median_days is not None and step.p90_days is not None:
            assert step.median_days <= step.p90_days
        previous = step.reached
    assert funnel.churned_before_first + sum(s.churned for s in funnel.steps) <= funnel.accounts
    if as_of is not None:
        stuck = stuck_accounts(PROPERTY_WORKSPACE.core, accounts, as_of)
        assert all(s.days_at > s.after_days for s in stuck)
        assert len({s.account_id for s in stuck}) == len(stuck)


def _on(account: Account, milestone_id: str, as_of: date | None) -> bool:
    when = account.reached.get(milestone_id)
    return when is not None and (as_of is None or when <= as_of)


def test_an_empty_import_gives_empty_funnels(tmp_path: Path) -> None:
    workspace = funnel_workspace(3, 1)
    report = funnel_report(workspace, Actuals(), AS_OF)
    (core,) = report.funnels
    assert core.accounts == 0 and all(
        s.conversion is None and s.conversion_status == "none" for s in core.steps[1:]
    )
    assert report.stuck == ()
