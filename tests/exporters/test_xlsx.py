"""The playbook workbook, read back with openpyxl: its sheets hold the sample's actual content.

Every test reads the written file; none trusts the exporter's in-memory plan.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.drawing.image import Image as SheetImage
from openpyxl.styles import NamedStyle, PatternFill
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image

from exporters.safety import CELL_LIMIT, ExportError
from exporters.xlsx import default_template, export_workbook
from exporters.xlsx_playbooks import EMAILS_LABEL, LABELS, NO_PLAYBOOK, TASK_HEADS
from exporters.xlsx_sheets import EMOTIONS, MOMENT_MARK
from exporters.xlsx_stream import StringTable
from journeymap_designer.model.diff import commonality
from journeymap_designer.model.elements import (
    MomentKind,
    MomentOfTruth,
    Playbook,
    Touchpoint,
    playbook_anchor,
)
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.workspace import Journey, Workspace
from journeymap_designer.starter import sample_path

Row = dict[str, Any]


@pytest.fixture(scope="module")
def sample() -> Workspace:
    return load_workspace(sample_path())


@pytest.fixture(scope="module")
def everything(sample: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The sample exported with the core and every segment, read back."""
    out = tmp_path_factory.mktemp("xlsx") / "all.xlsx"
    export_workbook(sample, out, segments=[None, *sample.segments])
    return openpyxl.load_workbook(out)


def journeys(sample: Workspace) -> Iterator[tuple[str, Journey]]:
    yield "Core journey", sample.core
    for segment in sample.segments.values():
        yield segment.name, resolve(sample, segment)


def table(ws: Worksheet, first: str = "Journey") -> list[Row]:
    """A sheet's table as dicts, from the header row (the one starting with ``first``) down."""
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == first)
    names = rows[header]
    return [dict(zip(names, r, strict=False)) for r in rows[header + 1 :] if any(v is not None for v in r)]


def lane(sample: Workspace, lane_id: str | None) -> str:
    return sample.core.lanes[lane_id].name if lane_id else "(no owner)"


# --- sheets and content --------------------------------------------------------------------------


def test_every_sheet_is_there_in_order(everything: Any) -> None:
    assert everything.sheetnames == [
        "About",
        "Touchpoints",
        "Handoffs",
        "Personas",
        "Emails",
        "Customer validation",
        "Commonality",
        "Core journey – Map",
        "Core journey – Playbooks",
        "Enterprise – Map",
        "Enterprise – Playbooks",
        "SMB – Map",
        "SMB – Playbooks",
        "Education – Map",
        "Education – Playbooks",
    ]
    about = everything["About"]
    texts = [c.value for row in about.iter_rows() for c in row if c.value]
    assert "Acme Analytics: B2B SaaS customer journey" in texts
    assert "Core journey, Enterprise, SMB, Education" in texts
    links = {c.value: c.hyperlink.location for row in about.iter_rows() for c in row if c.hyperlink}
    assert links["SMB – Playbooks"] == "'SMB – Playbooks'!A1"
    assert len(links) == len(everything.sheetnames) - 1


def test_a_core_export_has_no_segment_sheets_but_the_commonality(sample: Workspace, tmp_path: Path) -> None:
    export_workbook(sample, tmp_path / "core.xlsx")
    book = openpyxl.load_workbook(tmp_path / "core.xlsx")
    assert book.sheetnames == [
        "About",
        "Touchpoints",
        "Handoffs",
        "Personas",
        "Emails",
        "Customer validation",
        "Commonality",
        "Core journey – Map",
        "Core journey – Playbooks",
    ]
    rows = table(book["Touchpoints"])
    assert "Versus core" not in rows[0]  # nothing to compare with
    assert "Journey" not in table(book["Customer validation"], "Stage")[0]  # one journey: no column


def test_touchpoints_table_holds_every_card_of_every_journey(sample: Workspace, everything: Any) -> None:
    rows = table(everything["Touchpoints"])
    expected = {name: len(journey.touchpoints) for name, journey in journeys(sample)}
    found: dict[str, int] = {}
    for row in rows:
        found[row["Journey"]] = found.get(row["Journey"], 0) + 1
    assert found == expected
    by_id = {(r["Journey"], r["ID"]): r for r in rows}
    demo = by_id["Core journey", "tp-acq-demo-request"]
    assert demo == {
        "Journey": "Core journey",
        "Versus core": None,
        "Stage": "Acquisition",
        "Lane": "Customer actions",
        "Owner": "Marketing",
        "Touchpoint": "Requests a demo",
        "Channel": "Website",
        "Emotion": "0 neutral",
        "Description": "Fills in the demo form: company size, ERP and warehouse systems in use, "
        "the reporting problem to solve.",
        "Pain points": "Waits a day before anyone replies",
        "Opportunities": "Instant calendar booking for leads that match the ICP",
        "Timing": "Any time; 60% of requests arrive after a webinar or nurture email",
        "Notes": None,
        "ID": "tp-acq-demo-request",
    }
    for name, journey in journeys(sample):
        for tp in journey.touchpoints.values():
            row = by_id[name, tp.id]
            assert (row["Touchpoint"], row["Stage"]) == (tp.title, sample.core.stages[tp.stage_id].name)
            assert row["Owner"] == lane(sample, journey.owner_of(tp))
            assert row["Emotion"] == EMOTIONS[tp.emotion]
            assert row["Channel"] == (sample.channels[tp.channel_id].name if tp.channel_id else None)
            pains = row["Pain points"] or ""
            assert all(p in pains for p in tp.pain_points)
    first = [r["ID"] for r in rows if r["Journey"] == "Core journey"][:3]
    assert first == ["tp-aw-peer-review", "tp-aw-benchmark-report", "tp-aw-linkedin-post"]  # map order


def test_a_segment_is_marked_against_its_own_records(sample: Workspace, everything: Any) -> None:
    rows = table(everything["Touchpoints"])
    checked = 0
    for segment in sample.segments.values():
        effective = resolve(sample, segment)
        marks = {r["ID"]: r["Versus core"] for r in rows if r["Journey"] == segment.name}
        for tp_id, tp in effective.touchpoints.items():
            if tp_id in segment.added.touchpoints:
                expected = "added"
            elif tp != sample.core.touchpoints[tp_id]:
                expected = "changed"
            else:
                expected = "core"
            assert marks[tp_id] == expected, (segment.name, tp_id)
            checked += 1
        assert not set(marks) & segment.hidden  # hidden cards are not in the segment's journey
        assert set(segment.added.touchpoints) <= {i for i, m in marks.items() if m == "added"}
        assert set(segment.changed.touchpoints) <= {i for i, m in marks.items() if m == "changed"}
    assert checked > 100
    assert {r["Versus core"] for r in rows if r["Journey"] == "Core journey"} == {None}


def test_handoffs_name_both_owners_and_what_travels(sample: Workspace, everything: Any) -> None:
    rows = {(r["Journey"], r["ID"]): r for r in table(everything["Handoffs"])}
    assert len(rows) == sum(len(j.handoffs) for _, j in journeys(sample))
    for name, journey in journeys(sample):
        for handoff in journey.handoffs.values():
            flow = journey.flows[handoff.flow_id]
            source, target = journey.touchpoints[flow.source], journey.touchpoints[flow.target]
            row = rows[name, handoff.id]
            assert row["From owner"] == lane(sample, journey.owner_of(source))
            assert row["→ To owner"] == lane(sample, journey.owner_of(target))
            assert row["From owner"] != row["→ To owner"]
            assert (row["From touchpoint"], row["To touchpoint"]) == (source.title, target.title)
            assert all(item in row["Information handed over"] for item in handoff.information)
            assert all(item in (row["Artifacts"] or "") for item in handoff.artifacts)
            assert row["Timing"] == (handoff.timing or None)
    sales = rows["Core journey", "hof-marketing-sales--acq-sdr-discovery"]
    assert (sales["From owner"], sales["→ To owner"]) == ("Marketing", "Sales")


def playbook_sections(ws: Worksheet) -> dict[str, list[tuple[Any, ...]]]:
    """Section title (column B of the band) -> the section's rows below it."""
    sections: dict[str, list[tuple[Any, ...]]] = {}
    current: list[tuple[Any, ...]] | None = None
    for row in ws.iter_rows(min_row=4):
        if row[0].style == "JM Section":
            current = sections.setdefault(str(row[1].value), [])
        elif current is not None and any(c.value is not None for c in row):
            current.append(tuple(c.value for c in row))
    return sections


def test_every_playbook_category_of_every_milestone_carries_the_samples_text(
    sample: Workspace, everything: Any
) -> None:
    seen_playbooks = 0
    for name, journey in journeys(sample):
        sections = playbook_sections(everything[f"{name} – Playbooks"])
        activity_playbooks = [
            p for p in journey.playbooks.values() if playbook_anchor(p) == ("activity", p.touchpoint_id)
        ]
        assert activity_playbooks  # the sample's pb-data-rescue hangs off a card
        assert len(sections) == len(journey.moments) + len(activity_playbooks)
        shown: list[tuple[Playbook | None, list[tuple[Any, ...]], MomentOfTruth | None]] = []
        for moment in journey.moments.values():
            rows = sections[f"{MOMENT_MARK[moment.kind]} {moment.title}"]
            shown.append((journey.playbook_for(moment.id), rows, moment))
        for playbook in activity_playbooks:
            card = journey.touchpoints[playbook.touchpoint_id or ""]
            shown.append((playbook, sections[f"Activity: {card.title}"], None))
        for playbook, rows, moment in shown:
            labels = [r[0] for r in rows if r[0]]
            column_b = [r[1] for r in rows]
            if moment is not None:
                criteria = moment.success_criteria
                assert all(action in column_b for action in criteria.actions)
                assert all(any(str(k.name) in str(b) for b in column_b) for k in criteria.kpis)
            if playbook is None:
                assert NO_PLAYBOOK in column_b
                continue
            seen_playbooks += 1
            assert ("Playbook", playbook.title) in {r[:2] for r in rows}
            assert [label for label in LABELS.values() if label not in labels] == []
            assert playbook.event_trigger in column_b
            for field in ("objectives", "success_criteria", "key_activities", "deliverables"):
                values = getattr(playbook, field)
                assert values and all(v in column_b for v in values), field
            triples = {(r[1], r[2], r[3]) for r in rows}
            for milestone in playbook.key_milestones:
                kind = "⚠ Risk" if milestone.kind == "risk" else "★ Celebration"
                assert (milestone.title, milestone.description, kind) in triples
            pairs = {(r[1], r[2]) for r in rows}
            for role in (*playbook.internal_roles, *playbook.external_roles):
                duties = "\n".join(f"• {d}" for d in role.responsibilities)
                assert (role.role, duties if len(role.responsibilities) > 1 else duties[2:]) in pairs
            tasks = {(r[1], r[2], r[3], r[4], r[5]) for r in rows}
            for task in playbook.tasks:
                assert (task.title, task.description or None, task.owner, task.due, task.due_days) in tasks
            headers = [r for r in rows if r[1] == "Task"]
            assert headers == [(LABELS["tasks"], *TASK_HEADS)]
            emails = [
                r[1]
                for r in rows
                if r[0] == EMAILS_LABEL
                or (r[0] is None and r[1] in {f"{e.name}: {e.subject}" for e in playbook.emails})
            ]
            assert emails == [f"{e.name}: {e.subject}" for e in playbook.emails]
    assert seen_playbooks == 5 * 4  # four milestones' and one activity's, in the core and three segments
    due = [t.due_days for p in sample.core.playbooks.values() for t in p.tasks]
    assert any(d is not None and d < 0 for d in due) and any(d is not None and d > 0 for d in due)


def test_a_segments_changed_playbook_shows_its_own_text(sample: Workspace, everything: Any) -> None:
    smb = sample.segment_by_name("SMB")
    assert smb is not None and "pb-kickoff" in smb.changed.playbooks
    mine = resolve(sample, smb).playbooks["pb-kickoff"]
    core = sample.core.playbooks["pb-kickoff"]
    moment = sample.core.moments[core.moment_id or ""]
    rows = playbook_sections(everything["SMB – Playbooks"])[f"◆ {moment.title}"]
    assert ("Versus core", "Playbook changed in this segment") in {r[:2] for r in rows}
    column_b = [r[1] for r in rows]
    differs = [v for v in (*mine.key_activities, *mine.objectives, *mine.deliverables) if v not in column_b]
    assert differs == []
    core_only = set(core.key_activities) - set(mine.key_activities)
    assert core_only and not core_only & set(column_b)  # the core's version is not shown for SMB


def test_the_map_sheet_lays_out_stages_and_lanes(sample: Workspace, everything: Any) -> None:
    ws = everything["Core journey – Map"]
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Lane")
    stages = sample.core.ordered_stages()
    assert [str(v).split("\n")[0] for v in rows[header][1:]] == [s.name for s in stages]
    assert ws.freeze_panes == f"B{header + 2}"
    by_label = {str(r[0]).split("\n")[0]: r for r in rows[header + 1 :] if r[0]}
    moments = by_label["Moments of truth"]
    for moment in sample.core.moments.values():
        column = 1 + [s.id for s in stages].index(moment.stage_id)
        assert f"{MOMENT_MARK[moment.kind]} {moment.title}" in moments[column]
    lanes = [lane.name for lane in sample.core.ordered_lanes()]
    assert [label for label in by_label if label in lanes] == lanes  # customer lanes on top
    for tp in sample.core.touchpoints.values():
        cell = by_label[sample.core.lanes[tp.lane_id].name][1 + [s.id for s in stages].index(tp.stage_id)]
        assert f"• {tp.title}" in cell.split("\n")
    enterprise = {
        str(r[0]).split("\n")[0]: r for r in everything["Enterprise – Map"].iter_rows(values_only=True)
    }
    text = "\n".join(str(v) for r in enterprise.values() for v in r if v)
    segment = sample.segments["seg-enterprise"]
    effective = resolve(sample, segment)
    for tp_id in segment.added.touchpoints:
        assert f"• {effective.touchpoints[tp_id].title}  [added]" in text
    for tp_id in segment.changed.touchpoints:
        assert f"• {effective.touchpoints[tp_id].title}  [changed]" in text
    for tp_id in segment.hidden & set(sample.core.touchpoints):
        assert f"• {sample.core.touchpoints[tp_id].title}" not in text


def header_cells(ws: Any) -> Any:
    return next(r for r in ws.iter_rows() if r[0].value == "Journey")


def test_customer_validation_has_a_dropdown_over_every_step(sample: Workspace, everything: Any) -> None:
    ws = everything["Customer validation"]
    rows = table(ws)
    internal = {lane.id for lane in sample.core.lanes.values() if lane.internal_only}
    for name, journey in journeys(sample):
        mine = [r for r in rows if r["Journey"] == name]
        cards = [t for t in journey.touchpoints.values() if t.lane_id not in internal]
        shown = [m for m in journey.moments.values() if m.kind == MomentKind.SUCCESS_MILESTONE]
        assert len(mine) == len(cards) + len(shown)
        ids = {r["ID"] for r in mine}
        assert {t.id for t in cards} | {m.id for m in shown} == ids
        assert not ids & {t.id for t in journey.touchpoints.values() if t.lane_id in internal}
    assert "Owner" not in rows[0] and "Notes" not in rows[0]  # internal wording stays out
    id_column = next(c for c in header_cells(ws) if c.value == "ID").column_letter
    assert ws.column_dimensions[id_column].hidden  # stable ids travel with the rows, out of sight
    header = next(r for r in ws.iter_rows() if r[0].value == "Journey")
    answer = next(c for c in header if c.value == "Your answer").column_letter
    first, last = header[0].row + 1, ws.max_row
    rules = ws.data_validations.dataValidation
    assert len(rules) == 1
    rule = rules[0]
    assert rule.type == "list" and rule.formula1 == '"Confirmed,Needs change,Missing something"'
    assert str(rule.sqref) == f"{answer}{first}:{answer}{last}"
    assert not rule.showDropDown  # (openpyxl's name for *hiding* the arrow)
    assert ws[f"{answer}{first}"].style == "JM Input" and ws[f"{answer}{last}"].style == "JM Input"
    texts = [str(c.value) for row in ws.iter_rows(max_row=4) for c in row if c.value]
    assert any("Confirmed" in t and "Needs change" in t and "Missing something" in t for t in texts)


def test_commonality_matches_the_model(sample: Workspace, everything: Any) -> None:
    found = commonality(sample)
    rows = table(everything["Commonality"], "Kind")
    names = [s.name for s in sample.segments.values()]
    assert list(rows[0])[3:] == names
    by_id = {r["ID"]: r for r in rows if r["Kind"] != "Summary"}
    for row in found.rows:
        for segment in sample.segments.values():
            assert by_id[row.element_id][segment.name] == row.per_segment[segment.id]
    for segment_id, added in found.additions.items():
        name = sample.segments[segment_id].name
        for d in added:
            assert by_id[d.element_id][name] == "added"
    summary = found.summary(["touchpoint", "flow", "handoff", "playbook"])
    shares = next(r for r in rows if r["Element"] == "Unchanged share of the core")
    for segment in sample.segments.values():
        assert shares[segment.name] == pytest.approx(summary.segments[segment.id].share)
    assert everything["Commonality"]["D6"].number_format == "0%"


@pytest.mark.parametrize(("sheet", "first"), [("Touchpoints", "Journey"), ("Handoffs", "Journey")])
def test_tables_freeze_filter_and_print_landscape(everything: Any, sheet: str, first: str) -> None:
    ws = everything[sheet]
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == first)
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.auto_filter.ref == f"A{header}:{ws.cell(header, ws.max_column).column_letter}{ws.max_row}"
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.cell(header, 1).style == "JM Header"
    assert ws.cell(header + 1, 5).alignment.wrap_text or ws.cell(header + 1, 6).alignment.wrap_text


def test_every_sheet_prints_landscape_fitted_to_the_page_width(everything: Any) -> None:
    for ws in everything.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        widths = [d.width for d in ws.column_dimensions.values() if d.width]
        assert widths and max(widths) <= 100, ws.title


# --- safety --------------------------------------------------------------------------------------

TRICKS = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1", "-1", "=1+1"]


def with_cards(titles: list[str], **fields: Any) -> Workspace:
    """The sample with one extra card per title, in the customer lane of the first stage."""
    workspace = load_workspace(sample_path())
    stage = workspace.core.ordered_stages()[0].id
    for number, title in enumerate(titles):
        card = Touchpoint(
            id=f"tp-trick-{number}",
            title=title,
            stage_id=stage,
            lane_id="lane-customer",
            owner_id="lane-sales",
            **fields,
        )
        workspace.core.touchpoints[card.id] = card
    return workspace


def test_user_text_never_becomes_a_formula_or_a_link(tmp_path: Path) -> None:
    workspace = with_cards(TRICKS, description='=HYPERLINK("http://evil","click")')
    out = tmp_path / "tricks.xlsx"
    export_workbook(workspace, out, segments=[None, *workspace.segments])
    book = openpyxl.load_workbook(out)
    ws = book["Touchpoints"]
    header = next(r for r in ws.iter_rows() if r[0].value == "Journey")
    column = {c.value: c.column for c in header}
    found = 0
    for row in ws.iter_rows(min_row=header[0].row + 1):
        title = row[column["Touchpoint"] - 1]
        if row[column["ID"] - 1].value.startswith("tp-trick-"):
            found += 1
            assert title.value in TRICKS and title.data_type == "s" and title.hyperlink is None
            description = row[column["Description"] - 1]
            assert description.value == '=HYPERLINK("http://evil","click")' and description.data_type == "s"
    assert found == len(TRICKS) * 4  # the core and three segments
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value in TRICKS]
    assert {c.parent.title for c in cells} >= {"Touchpoints", "Customer validation"}
    assert all(c.data_type == "s" and c.hyperlink is None for c in cells)
    map_text = "\n".join(str(c.value) for row in book["Core journey – Map"].iter_rows() for c in row)
    assert all(f"• {t}" in map_text for t in TRICKS)
    with zipfile.ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
        assert not any(n.startswith("xl/worksheets/_rels/") for n in archive.namelist())  # no external links
    assert all(not ws._hyperlinks for ws in book.worksheets if ws.title != "About")


def test_control_characters_and_escapes_stay_visible(tmp_path: Path) -> None:
    workspace = with_cards(["bell\x07 here", "tab\tand\nline", "_x0041_ literal", "cr\r kept"])
    export_workbook(workspace, tmp_path / "c.xlsx")
    titles = {r["Touchpoint"] for r in table(openpyxl.load_workbook(tmp_path / "c.xlsx")["Touchpoints"])}
    assert {"bell\\x07 here", "tab\tand\nline", "_x0041_ literal", "cr\r kept"} <= titles
    strings = StringTable()  # the model refuses lone surrogates; the writer would still show them
    strings.add("lone \ud800 surrogate", "A1")
    assert strings.items == ["lone \\ud800 surrogate"]


def test_text_longer_than_a_cell_continues_on_the_long_text_sheet(tmp_path: Path) -> None:
    long = " ".join(f"word{i}" for i in range(9_000))  # about 80,000 characters: three cells' worth
    assert len(long) > 2 * CELL_LIMIT
    workspace = with_cards(["A card with a very long description"], description=long)
    out = tmp_path / "long.xlsx"
    export_workbook(workspace, out, segments=[None, *workspace.segments])
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[-1] == "Long text"
    rows = table(book["Touchpoints"])
    cell = next(r["Description"] for r in rows if r["ID"] == "tp-trick-0")
    assert len(cell) <= CELL_LIMIT
    assert cell.endswith("[continues on the sheet “Long text”, row 2]")
    assert long.startswith(cell.split(" … [continues")[0])
    long_rows = table(book["Long text"], "First cell")
    assert len(long_rows) == 1  # one row for the text, however many journeys show it
    parts = [v for k, v in long_rows[0].items() if str(k).startswith("Part") and v]
    assert "".join(parts) == long and all(len(p) <= CELL_LIMIT for p in parts)
    assert long_rows[0]["Characters"] == len(long)
    assert long_rows[0]["First cell"].startswith("Touchpoints!")
    ws = book["Touchpoints"]
    where = long_rows[0]["First cell"].split("!")[1]
    assert ws[where].value == cell


# --- templates -----------------------------------------------------------------------------------


def png(path: Path) -> Path:
    Image.new("RGB", (120, 40), (200, 30, 30)).save(path)
    return path


def test_a_users_template_keeps_its_cover_and_logo_and_restyles_the_headers(tmp_path: Path) -> None:
    template = openpyxl.Workbook()
    cover = template.active
    cover.title = "Cover"
    cover["A1"] = "ACME Corp customer success"
    cover.add_image(SheetImage(png(tmp_path / "logo.png")), "B3")
    template.create_sheet("Empty")  # holds nothing: dropped
    header = NamedStyle(name="JM Header")
    header.fill = PatternFill("solid", start_color="FFC00000", end_color="FFC00000")
    template.add_named_style(header)
    template.save(tmp_path / "corporate.xlsx")
    workspace = load_workspace(sample_path())
    export_workbook(workspace, tmp_path / "out.xlsx", template=tmp_path / "corporate.xlsx")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames[:2] == ["Cover", "About"] and "Empty" not in book.sheetnames
    assert book["Cover"]["A1"].value == "ACME Corp customer success"
    assert len(book["Cover"]._images) == 1
    ws = book["Touchpoints"]
    head = next(r[0] for r in ws.iter_rows() if r[0].value == "Journey")
    assert head.style == "JM Header"
    assert head.fill.fgColor.rgb == "FFC00000"  # the template's header, not ours
    assert book.active.title == "Cover"


def test_a_template_without_named_styles_still_works(tmp_path: Path) -> None:
    plain = openpyxl.Workbook()
    plain.active["A1"] = "Our cover"
    plain.save(tmp_path / "plain.xlsx")
    export_workbook(load_workspace(sample_path()), tmp_path / "out.xlsx", template=tmp_path / "plain.xlsx")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames[0] == "Sheet" and book["Sheet"]["A1"].value == "Our cover"
    assert {"JM Header", "JM Cell", "JM Title"} <= set(book.named_styles)
    head = next(r[0] for r in book["Handoffs"].iter_rows() if r[0].value == "Journey")
    assert head.style == "JM Header" and head.font.b


def test_the_bundled_template_defines_the_named_styles() -> None:
    book = openpyxl.load_workbook(default_template())
    assert {"JM Title", "JM Header", "JM Cell", "JM Wrapped", "JM Section", "JM Input"} <= set(
        book.named_styles
    )


def bad_templates(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    not_zip = tmp_path / "notes.xlsx"
    not_zip.write_text("just text")
    yield not_zip, "not an Excel workbook (.xlsx) (it is not a zip file)"
    from pptx import Presentation

    deck = tmp_path / "deck.xlsx"
    Presentation().save(str(deck))
    yield deck, "no xl/workbook.xml inside"
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<not really a workbook")
    yield broken, "cannot be read as an Excel workbook"


def test_bad_templates_give_one_line_and_write_nothing(sample: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    kept = tmp_path / "kept.xlsx"
    kept.write_bytes(b"the old file")
    for template, message in bad_templates(tmp_path):
        with pytest.raises(ExportError) as caught:
            export_workbook(sample, target, template=template)
        assert message in str(caught.value) and "\n" not in str(caught.value)
        assert not target.exists()
        with pytest.raises(ExportError):
            export_workbook(sample, kept, template=template)
        assert kept.read_bytes() == b"the old file"


def test_an_unknown_segment_is_an_export_error(sample: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no segment named 'Retail'"):
        export_workbook(sample, tmp_path / "x.xlsx", segments=["Retail"])
    assert not (tmp_path / "x.xlsx").exists()


def test_segments_by_name_or_id_once_each_with_valid_sheet_titles(tmp_path: Path) -> None:
    workspace = load_workspace(sample_path())
    segment = workspace.segments["seg-smb"]
    workspace.segments["seg-smb"] = segment.model_copy(
        update={"name": "SMB: [self-serve]/*? 'west' and more"}
    )
    export_workbook(
        workspace, tmp_path / "x.xlsx", segments=["seg-smb", "SMB: [self-serve]/*? 'west' and more"]
    )
    names = openpyxl.load_workbook(tmp_path / "x.xlsx").sheetnames
    assert names[-2:] == ["SMB self-serve - 'west'… – Map", "SMB self-serve… – Playbooks"]
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


# --- progress and all-or-nothing -----------------------------------------------------------------


def test_progress_rises_to_one_and_a_raise_writes_nothing(tmp_path: Path) -> None:
    workspace = generate_workspace(300, 3, seed=3)
    seen: list[tuple[float, str]] = []
    out = tmp_path / "p.xlsx"
    export_workbook(
        workspace, out, segments=[None, *workspace.segments], progress=lambda f, m: seen.append((f, m))
    )
    fractions = [f for f, _ in seen]
    assert fractions == sorted(set(fractions)) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert len(fractions) >= 5 and all(message for _, message in seen)

    class Stop(Exception):
        pass

    for stop_at in (0.0, 0.5, 1.0):

        def cancel(fraction: float, _message: str, stop_at: float = stop_at) -> None:
            if fraction >= stop_at:
                raise Stop

        target = tmp_path / f"cancelled-{stop_at}.xlsx"
        with pytest.raises(Stop):
            export_workbook(workspace, target, segments=[None, *workspace.segments], progress=cancel)
        assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.xlsx"]  # no temporary file left either


def test_a_generated_workspace_round_trips_with_correct_dimensions(tmp_path: Path) -> None:
    workspace = generate_workspace(400, 4, seed=5)
    out = tmp_path / "g.xlsx"
    export_workbook(workspace, out, segments=[None, *workspace.segments])
    streaming = openpyxl.load_workbook(out, read_only=True)  # trusts each sheet's <dimension>
    full = openpyxl.load_workbook(out)
    for name in ("Touchpoints", "Handoffs", "Customer validation", "Commonality"):
        assert streaming[name].max_row == full[name].max_row
        assert streaming[name].max_column == full[name].max_column
    rows = table(full["Touchpoints"])
    assert len(rows) == len(workspace.core.touchpoints) + sum(
        len(resolve(workspace, s).touchpoints) for s in workspace.segments.values()
    )
    data = io.BytesIO(out.read_bytes())
    with zipfile.ZipFile(data) as archive:
        assert archive.testzip() is None
        assert "xl/sharedStrings.xml" in archive.namelist()


def test_the_personas_sheet_lists_who_the_customers_are_and_their_segments(everything: Any) -> None:
    rows = table(everything["Personas"], "Persona")
    assert list(rows[0])[:5] == ["Persona", "Role", "Goals", "Description", "Segments"]
    analyst = next(r for r in rows if r["Persona"] == "Arjun, Operations Analyst")
    assert "SMB" in analyst["Segments"] and "Education" in analyst["Segments"]
    assert "Enterprise" not in analyst["Segments"]
    assert "Excel report" in analyst["Goals"]
