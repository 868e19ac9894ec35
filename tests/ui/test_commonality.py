"""The commonality view: its cells match what each segment records, and it follows edits, filters and clicks.

Expected values are worked out from the segments' own ``hidden`` and ``changed`` records, never from
``commonality()``, so a wrong matrix fails here instead of being copied into the test.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QTableView

from journeymap_designer.model.commands import AddElement, RemoveElement
from journeymap_designer.model.diff import commonality
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.workspace import Segment, Workspace
from journeymap_designer.ui.dialogs.commonality import CommonalityDialog
from journeymap_designer.ui.dialogs.commonality_models import FilterProxy, MatrixModel, element_title
from journeymap_designer.ui.shell.mainwindow import MainWindow

from .conftest import SCREENSHOTS

SMB = "seg-smb"
HIDDEN_IN_SMB = "tp-pur-security-review"
CHANGED_IN_SMB = "tp-pur-proposal"  # and the same as the core in Education


def open_dialog(window: MainWindow, qtbot) -> CommonalityDialog:  # type: ignore[no-untyped-def]
    window.commonality_action.trigger()
    dialog = window.commonality_dialog
    assert isinstance(dialog, CommonalityDialog)
    qtbot.waitExposed(dialog)
    return dialog


def expected(segment: Segment, touchpoint_id: str) -> str:
    if touchpoint_id in segment.hidden:
        return "hidden"
    return "changed" if touchpoint_id in segment.changed.touchpoints else "same"


def cells(dialog: CommonalityDialog) -> dict[str, dict[str, str]]:
    """Element id -> column title -> the text shown, read through the sorted, filtered table."""
    model = dialog.table.model()
    titles = [
        str(model.headerData(c, Qt.Orientation.Horizontal)).split("\n")[0] for c in range(model.columnCount())
    ]
    shown: dict[str, dict[str, str]] = {}
    for row in range(model.rowCount()):
        element_id = model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
        shown[element_id] = {titles[c]: model.index(row, c).data() for c in range(model.columnCount())}
    return shown


def index_of(dialog: CommonalityDialog, element_id: str, column_title: str) -> QModelIndex:
    model = dialog.table.model()
    column = next(
        c
        for c in range(model.columnCount())
        if str(model.headerData(c, Qt.Orientation.Horizontal)).split("\n")[0] == column_title
    )
    row = next(
        r
        for r in range(model.rowCount())
        if model.index(r, 1).data(Qt.ItemDataRole.ToolTipRole) == element_id
    )
    return model.index(row, column)


def click(box: QCheckBox) -> None:
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, box.rect().center())


def double_click(table: QTableView, index: QModelIndex) -> None:
    """Press-release, then the double-click event, as the platform delivers a real double-click.

    QTest.mouseDClick alone sends only the double-click event, which an item view takes for a press.
    """
    table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    point = table.visualRect(index).center()
    for send in (QTest.mouseClick, QTest.mouseDClick):
        send(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def untouched_touchpoint(workspace: Workspace) -> str:
    return next(
        i
        for i in sorted(workspace.core.touchpoints)
        if all(expected(s, i) == "same" for s in workspace.segments.values())
    )


def test_cells_match_what_each_segment_hides_and_changes(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(window, qtbot)
    workspace = window.document.workspace
    shown = cells(dialog)
    assert shown[HIDDEN_IN_SMB]["SMB"] == "hidden"
    assert shown[CHANGED_IN_SMB]["SMB"] == "changed"
    for touchpoint_id, touchpoint in workspace.core.touchpoints.items():
        row = shown[touchpoint_id]
        assert row["Kind"] == "Touchpoint" and row["Element"] == touchpoint.title
        marks = [expected(s, touchpoint_id) for s in workspace.segments.values()]
        assert [row[s.name] for s in workspace.segments.values()] == marks, touchpoint_id
        assert row["Shared by"] == f"{marks.count('same')}/{len(marks)}"
    # Colour tells them apart at a glance, and the text says the same for those who cannot see it.
    model = dialog.table.model()
    fills = {
        brush.color().name() if brush is not None else None
        for i in (HIDDEN_IN_SMB, CHANGED_IN_SMB, untouched_touchpoint(workspace))
        if (brush := index_of(dialog, i, "SMB").data(Qt.ItemDataRole.BackgroundRole)) or True
    }
    assert len(fills) == 3
    # Flows are named by the cards they join, not by their ids.
    flow = workspace.core.flows["flow-pur-proposal--pur-security-review"]
    ends = workspace.core.touchpoints[flow.source].title, workspace.core.touchpoints[flow.target].title
    assert shown[flow.id]["Element"] == f"{ends[0]} \u2192 {ends[1]}"
    # Headline: the default kinds (no stages, no lanes), and what every segment shares.
    counted = [
        i
        for kind in ("touchpoints", "flows", "handoffs", "playbooks", "moments")
        for i in getattr(workspace.core, kind)
    ]
    assert model.rowCount() == len(counted)
    assert dialog.summary.text().startswith(f"{len(counted)} core elements")
    header = model.headerData(index_of(dialog, HIDDEN_IN_SMB, "SMB").column(), Qt.Orientation.Horizontal)
    assert header.startswith("SMB\n") and header.endswith("% same")
    qtbot.wait(50)  # let the summary's new text settle into the layout
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "commonality.png"))


def test_own_additions_list_each_segments_elements(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(window, qtbot)
    workspace = window.document.workspace
    dialog.tabs.setCurrentIndex(1)
    model = dialog.additions.model()
    rows = [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]
    cards = {(s, k, t) for s, k, t in rows if k == "Touchpoint"}
    assert cards == {
        (segment.name, "Touchpoint", card.title)
        for segment in workspace.segments.values()
        for card in segment.added.touchpoints.values()
    }
    total = sum(len(list(s.added.all_elements())) for s in workspace.segments.values())
    assert len(rows) == total and dialog.tabs.tabText(1) == f"Own additions ({total})"
    assert [s for s, _k, _t in rows] == sorted(
        (s for s, _k, _t in rows), key=[x.name for x in workspace.segments.values()].index
    )
    smb_flows = [t for s, k, t in rows if s == "SMB" and k == "Flow"]
    assert smb_flows and all("\u2192" in t for t in smb_flows)


def test_filters_by_kind_title_and_differences_with_real_clicks(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(window, qtbot)
    workspace = window.document.workspace
    shared = untouched_touchpoint(workspace)
    assert shared in cells(dialog)

    click(dialog.only_differences)
    shown = cells(dialog)
    assert CHANGED_IN_SMB in shown and HIDDEN_IN_SMB in shown and shared not in shown
    assert all(any(v in ("changed", "hidden") for v in row.values()) for row in shown.values())

    click(dialog.kind_boxes["flow"])
    assert not dialog.kind_boxes["flow"].isChecked()
    assert shown.keys() - cells(dialog).keys() == {i for i in shown if i in workspace.core.flows}
    additions = dialog.additions.model()
    assert all(additions.index(r, 1).data() != "Flow" for r in range(additions.rowCount()))

    click(dialog.only_differences)
    click(dialog.kind_boxes["stage"])
    shown = cells(dialog)
    stages = {i for i in shown if i in workspace.core.stages}
    assert stages == set(workspace.core.stages)
    assert all(
        shown[i]["Shared by"] == f"{len(workspace.segments)}/{len(workspace.segments)}" for i in stages
    )

    header = dialog.table.horizontalHeader()
    smb = next(c for c in range(header.count()) if dialog.model.segment_at(c) == SMB)
    dialog.select_element(untouched_touchpoint(workspace))
    point = QPoint(header.sectionViewportPosition(smb) + header.sectionSize(smb) // 2, header.height() // 2)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    column = [dialog.table.model().index(r, smb).data() for r in range(dialog.table.model().rowCount())]
    assert column == sorted(column, key=["hidden", "changed", "same"].index)  # departures first
    assert column[0] == "hidden" and dialog.current_element() == untouched_touchpoint(workspace)

    qtbot.keyClicks(dialog.search, "Kickoff")
    shown = cells(dialog)
    assert shown and all("kickoff" in row["Element"].casefold() for row in shown.values())
    assert "tp-onb-kickoff-call" in shown


def test_an_undoable_edit_updates_the_table_after_the_debounce(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(window, qtbot)
    workspace = window.document.workspace
    assert cells(dialog)[CHANGED_IN_SMB]["Education"] == "same"
    window.document.push(RemoveElement("touchpoint", CHANGED_IN_SMB, target="seg-education"))
    assert CHANGED_IN_SMB in workspace.segments["seg-education"].hidden
    assert dialog.pending  # recomputed lazily, not inside the edit
    qtbot.waitUntil(lambda: cells(dialog)[CHANGED_IN_SMB]["Education"] == "hidden", timeout=2000)
    assert cells(dialog)[CHANGED_IN_SMB]["Shared by"] == "1/3"
    window.document.history.undo()
    qtbot.waitUntil(lambda: cells(dialog)[CHANGED_IN_SMB]["Education"] == "same", timeout=2000)


def test_double_click_shows_the_element_on_the_map(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(window, qtbot)
    double_click(dialog.table, index_of(dialog, CHANGED_IN_SMB, "SMB"))
    assert window.segment_box.currentData() == SMB  # the SMB column shows the card as SMB has it
    assert window.view.selected_ids() == [CHANGED_IN_SMB]
    # SMB hides this one: the map switches to the core, where it can be seen.
    double_click(dialog.table, index_of(dialog, HIDDEN_IN_SMB, "SMB"))
    assert window.segment_box.currentData() is None
    assert window.view.selected_ids() == [HIDDEN_IN_SMB]
    # A handoff is selected through the flow it travels on.
    handoff = window.document.workspace.core.handoffs["hof-support-onboarding--onb-config-workshop"]
    double_click(dialog.table, index_of(dialog, handoff.id, "Element"))
    assert window.view.selected_ids() == [handoff.flow_id]
    # An addition opens its segment.
    dialog.tabs.setCurrentIndex(1)
    model = dialog.additions.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 2).data() == "Weekly group setup webinar")
    double_click(dialog.additions, model.index(row, 2))
    assert window.segment_box.currentData() == SMB
    assert window.view.selected_ids() == ["tp-smb-onb-setup-webinar"]


def test_follows_a_new_document_and_lets_go_when_closed(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(window, qtbot)
    old = window.document
    assert window.new_document("blank")  # an empty map: no stages, no segments
    qtbot.waitUntil(lambda: dialog.model.columnCount() == 3, timeout=2000)  # no segments: no segment columns
    assert "no segments" in dialog.summary.text()
    old.push(RemoveElement("touchpoint", CHANGED_IN_SMB, target=SMB))
    assert not dialog.pending  # the old document is no longer followed
    dialog.close()
    window.document.push(AddElement("stage", {"id": "stg-new", "name": "Discovery", "order": 0}))
    assert not dialog.pending  # a closed view costs nothing
    open_dialog(window, qtbot)
    click(dialog.kind_boxes["stage"])
    assert cells(dialog)["stg-new"]["Element"] == "Discovery"  # caught up when shown again


def test_five_thousand_cards_and_twenty_segments_sort_and_filter(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Reset, two sorts and a filter at the issue's size give the right rows in the right order.

    Its time budget (1 s, against a plain QStandardItemModel in the same run) is in `make bench`
    (tests/benchmarks/bench_commonality.py): no test asserts wall-clock time.
    """
    workspace = generate_workspace(5000, 20, seed=3)
    matrix = commonality(workspace)
    titles = [element_title(workspace, r.kind, r.element_id, r.title) for r in matrix.rows]
    model, proxy = MatrixModel(dark=False), FilterProxy()
    proxy.setSourceModel(model)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    model.set_matrix(matrix.rows, titles, [(s.id, s.name) for s in workspace.segments.values()])
    table.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # a segment's column: departures first
    proxy.set_filter({"touchpoint", "flow"}, "e", only_differences=True)
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() > 10_000 and 0 < proxy.rowCount() < model.rowCount()
    titles_shown = [proxy.index(r, 1).data() for r in range(proxy.rowCount())]
    assert titles_shown == sorted(titles_shown, key=str.casefold, reverse=True)
