"""The Funnel panel and the map's markers, on the sample with 300 accounts of known numbers.

The panel's chart series and table hold ``compute_funnel``'s numbers, which equal the numbers this
test computes by hand; the stuck list names exactly ``stuck_accounts``'s accounts (and the hand-made
count) for the day typed into "As of"; a segment set beside the core is two bar sets; a double click
selects the milestone on the map; the markers show targets, and conversions once there are actuals,
never in the customer view; workshop mode hides the panel; the labels cover nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateTimeEdit

from journeymap_designer.model.actuals import Account, Actuals
from journeymap_designer.model.funnel import compute_funnel, stuck_accounts
from journeymap_designer.model.resolve import resolve
from journeymap_designer.ui.canvas.clearance import measure
from journeymap_designer.ui.canvas.moments import MomentItem
from journeymap_designer.ui.docks.stuck_list import ROLE_ACCOUNT, ROLE_MILESTONE
from journeymap_designer.ui.shell.mainwindow import MainWindow

from .actuals_data import (
    ACCOUNTS,
    AS_OF,
    churned_on,
    expected_conversions,
    expected_reached,
    expected_stuck,
    funnel_ids,
    reached_on,
    segment_of,
    start_of,
)


def made_actuals(ids: list[str]) -> Actuals:
    accounts = []
    for i in range(ACCOUNTS):
        reached = {m: d for k, m in enumerate(ids) if (d := reached_on(i, k)) is not None}
        accounts.append(
            Account(
                f"ACC-{i:04d}",
                f"Customer {i}",
                segment_of(i),
                f"CSM {i % 3}",
                start_of(i),
                churned_on(i),
                reached,
            )
        )
    return Actuals(tuple(accounts), "made.csv", "2026-06-30T09:00:00")


@pytest.fixture
def funnel_window(window: MainWindow) -> Iterator[MainWindow]:
    window.actuals.state.set(made_actuals(funnel_ids(window.document.workspace)))
    window.actuals.show_dock()
    dock = window.funnel_dock
    dock.set_as_of(AS_OF)
    yield window


def rows(tree) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [
        [tree.topLevelItem(r).text(c) for c in range(tree.columnCount())]
        for r in range(tree.topLevelItemCount())
    ]


def test_the_chart_and_table_hold_compute_funnel_s_numbers_which_equal_the_hand_made_ones(
    funnel_window: MainWindow,
) -> None:
    dock, workspace = funnel_window.funnel_dock, funnel_window.document.workspace
    assert dock.isVisible() and dock.funnel is not None
    funnel = compute_funnel(workspace.core, made_actuals(funnel_ids(workspace)).accounts)
    assert [s.reached for s in funnel.steps] == expected_reached()
    assert [s.conversion for s in funnel.steps] == pytest.approx(expected_conversions())
    chart = dock.chart
    assert chart.bars is not None and chart.bars.count() == 1
    bar_set = chart.bars.barSets()[0]
    assert [bar_set.at(i) for i in range(bar_set.count())] == [float(n) for n in expected_reached()]
    line = [point.y() for point in chart.conversion[0].points()]
    assert line == pytest.approx(expected_conversions(), abs=0.05)
    assert chart.target is not None
    assert [p.y() for p in chart.target.points()] == [s.target_conversion for s in funnel.steps]
    by_status = {
        status: [int(p.x()) for p in series.points()] for status, series in chart.status_points.items()
    }
    for index, step in enumerate(funnel.steps):
        assert index in by_status[step.conversion_status]  # each point in the series of its status
    assert chart.status_points["near"].pointLabelsFormat().endswith("near")  # said in words
    table = rows(dock.steps)
    assert [r[0] for r in table] == [s.title for s in funnel.steps]
    for row, step in zip(table, funnel.steps, strict=True):
        assert row[1] == f"{step.reached:,} of {step.previous:,}"
        assert float(row[2].rstrip(" %")) == pytest.approx(step.conversion, abs=0.05)
        assert row[4] in ("on target", "near", "off target")
        assert row[8] == f"{step.churned:,}"
    assert sum(step.churned for step in funnel.steps) + funnel.churned_before_first == sum(
        1 for i in range(ACCOUNTS) if churned_on(i) is not None
    )


def test_the_stuck_list_names_exactly_stuck_accounts_s_accounts_for_the_day_typed(
    funnel_window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    dock, workspace = funnel_window.funnel_dock, funnel_window.document.workspace
    accounts = made_actuals(funnel_ids(workspace)).accounts

    def listed() -> list[str]:
        tree = dock.stuck_list
        return [tree.topLevelItem(r).data(0, ROLE_ACCOUNT) for r in range(tree.topLevelItemCount())]

    for day in (AS_OF, date(2025, 4, 1)):
        editor = dock.as_of_edit
        editor.setFocus()
        editor.setSelectedSection(QDateTimeEdit.Section.YearSection)
        QTest.keyClicks(editor, day.strftime("%Y%m%d"))  # each full section moves on to the next
        qtbot.waitUntil(lambda d=day: dock.as_of == d)
        expected = [s.account_id for s in stuck_accounts(workspace.core, accounts, day)]
        assert listed() == expected
        assert set(expected) == expected_stuck(workspace, day)
        assert f"{len(expected):,} account" in dock.stuck_title.text()
    assert listed()  # the earlier day has stuck accounts too, or the test proves little
    first = dock.stuck_list.topLevelItem(0)
    stuck = stuck_accounts(workspace.core, accounts, date(2025, 4, 1))[0]
    assert first.text(3) == stuck.action and first.text(4) == stuck.owner
    assert first.text(2) == f"{stuck.days_at:,} / {stuck.after_days:,}"


def test_a_segment_beside_the_core_is_two_bar_sets_and_its_own_numbers(funnel_window: MainWindow) -> None:
    dock, workspace = funnel_window.funnel_dock, funnel_window.document.workspace
    smb = next(s for s in workspace.segments.values() if s.name == "SMB")
    labels = [dock.journey_box.itemText(i) for i in range(dock.journey_box.count())]
    assert labels[0].startswith("Core journey") and any("SMB" in label for label in labels)
    assert dock.choose(smb.id)
    QTest.mouseClick(dock.beside_core, Qt.MouseButton.LeftButton)
    assert dock.beside_core.isChecked()
    chart = dock.chart
    assert chart.bars is not None and chart.bars.count() == 2
    own, core = chart.bars.barSets()
    assert [own.at(i) for i in range(own.count())] == [float(n) for n in expected_reached("SMB")]
    assert [core.at(i) for i in range(core.count())] == [float(n) for n in expected_reached()]
    accounts = made_actuals(funnel_ids(workspace)).accounts
    segment_funnel = compute_funnel(resolve(workspace, smb), [a for a in accounts if a.segment == "SMB"])
    assert [s.reached for s in segment_funnel.steps] == expected_reached("SMB")
    assert dock.steps.columnCount() == 11  # the core's reached and conversion beside the segment's
    assert [r[9] for r in rows(dock.steps)] == [f"{n:,}" for n in expected_reached()]
    assert {dock.stuck_list.topLevelItem(r).text(6) for r in range(dock.stuck_list.topLevelItemCount())} <= {
        "SMB"
    }


def test_double_clicks_select_the_milestone_on_the_map(funnel_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dock, scene = funnel_window.funnel_dock, funnel_window.scene
    for tree in (dock.steps, dock.stuck_list):
        item = tree.topLevelItem(tree.topLevelItemCount() - 1)
        milestone = item.data(0, ROLE_MILESTONE)
        tree.scrollToItem(item)
        point = tree.visualRect(
            tree.indexFromItem(item, 0)
        ).center()  # its first cell: the row may be wider than the panel
        for send in (QTest.mouseClick, QTest.mouseDClick):  # a real double click: click, then the double
            send(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        qtbot.waitUntil(lambda m=milestone: [i.element_id for i in scene.selectedItems()] == [m])


def test_markers_show_targets_then_conversions_and_none_in_the_customer_view(window: MainWindow) -> None:
    scene, workspace = window.scene, window.document.workspace
    ids = funnel_ids(workspace)
    first_value = scene.moments["mot-first-value"]
    assert isinstance(first_value, MomentItem)
    assert first_value.numbers.target == "\u2265 85 % \u00b7 21 d"  # the sample's target, without actuals
    assert first_value.numbers.actual == ""
    window.actuals.state.set(made_actuals(ids))
    conversions = expected_conversions()
    funnel = compute_funnel(workspace.core, made_actuals(ids).accounts)
    for k, moment_id in enumerate(ids):
        numbers = scene.moments[moment_id].numbers
        step = funnel.steps[k]
        assert numbers.status == step.conversion_status
        assert numbers.actual.startswith(f"{round(conversions[k], 1):g} %")
        assert numbers.actual.endswith(
            {"on": "on target", "near": "near", "off": "off target"}[numbers.status]
        )
        shown_target, shown_actual = scene.moments[moment_id].shown_mark
        assert shown_actual == numbers.actual  # drawn, not only held: the actual always fits
        assert shown_target in (numbers.target, numbers.target_short, "")
    risk = next(m for m in workspace.core.moments.values() if m.kind == "risk")
    assert scene.moments[risk.id].numbers.empty
    window.actions_.customer_view.trigger()
    assert all(item.numbers.actual == "" for item in scene.moments.values())
    window.actions_.customer_view.trigger()
    assert scene.moments[ids[0]].numbers.actual
    window.actuals.state.set(None)
    assert scene.moments[ids[0]].numbers.actual == ""


def test_a_segment_shown_on_the_map_gets_its_own_conversions(window: MainWindow) -> None:
    workspace = window.document.workspace
    ids = funnel_ids(workspace)
    window.actuals.state.set(made_actuals(ids))
    smb = next(s for s in workspace.segments.values() if s.name == "SMB")
    window.segment_box.setCurrentIndex(window.segment_box.findData(smb.id))
    assert window.controller.segment_id == smb.id
    conversion = expected_conversions("SMB")[0]
    assert window.scene.moments[ids[0]].numbers.actual.startswith(f"{round(conversion, 1):g} %")
    assert window.funnel_dock.segment_id == smb.id  # the panel follows the map


def test_labels_cover_nothing_and_sit_inside_their_marker(funnel_window: MainWindow) -> None:
    scene = funnel_window.scene
    found = measure(scene)
    assert found.clean, found
    items = list(scene.moments.values())
    for item in items:
        drawn = item._mark_rect
        if drawn.isEmpty():
            continue
        assert item.boundingRect().contains(drawn)
        for other in items:
            if other is not item:
                for content in other.content_rects():
                    covered = other.mapRectToScene(content).intersects(item.mapRectToScene(drawn))
                    assert not covered, other.element_id


def test_workshop_mode_hides_the_panel_and_brings_it_back(funnel_window: MainWindow) -> None:
    dock = funnel_window.funnel_dock
    assert dock.isVisible()
    funnel_window.actions_.workshop.trigger()
    assert not dock.isVisible()
    funnel_window.actions_.workshop.trigger()
    assert dock.isVisible()


def test_the_view_menu_toggles_the_panel(window: MainWindow) -> None:
    toggle = window.funnel_dock.toggleViewAction()
    assert toggle in window.actions_.view_menu.actions()
    assert not window.funnel_dock.isVisible()  # no actuals at first start: the map keeps the room
    toggle.trigger()
    assert window.funnel_dock.isVisible() and window.funnel_dock.import_button.isVisible()


def test_an_edited_target_reaches_the_panel_and_the_marker(funnel_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = funnel_window.document.workspace
    ids = funnel_ids(workspace)
    moment = workspace.core.moments[ids[0]]
    assert funnel_window.controller.set_field("moment", ids[0], "target_conversion", 50.0, None)
    assert workspace.core.moments[ids[0]].target_conversion == 50.0 != moment.target_conversion
    numbers = funnel_window.scene.moments[ids[0]].numbers
    assert numbers.target.startswith("\u2265 50 %") and numbers.status == "on"
    qtbot.waitUntil(lambda: rows(funnel_window.funnel_dock.steps)[0][4] == "on target")
    funnel_window.controller.undo()
    assert funnel_window.scene.moments[ids[0]].numbers.target.startswith("\u2265 95 %")
