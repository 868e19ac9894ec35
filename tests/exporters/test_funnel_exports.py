"""The measured journey in the team's exports, read back: the workbook's Funnel sheets and their native
charts, the Stuck accounts sheet, the deck's funnel chart and stuck slide; the same numbers as
``model/funnel.py``; account names that look like formulas stay text; none of it reaches a customer."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree
from openpyxl.utils import column_index_from_string
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from exporters.pptx import export_deck
from exporters.pptx_funnel import short_titles
from exporters.pptx_theme import Theme, contrast, hex_rgb
from exporters.xlsx import export_workbook
from exporters.xlsx_funnel import HEADS, STUCK_HEADS
from journeymap_designer.model.actuals import Account, Actuals
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.funnel import Funnel, compute_funnel
from journeymap_designer.model.funnel_report import stuck_for
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path

from . import hostile_templates
from .actuals_helpers import AS_OF, HOSTILE_NAMES, sample_actuals
from .pptx_helpers import slide_text, slides_titled, title_of

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
STATUS = {"on": "on target", "near": "near target", "off": "off target", "none": "no target"}


@pytest.fixture(scope="module")
def sample() -> Workspace:
    return load_workspace(sample_path())


@pytest.fixture(scope="module")
def actuals() -> Actuals:
    return sample_actuals()


@pytest.fixture(scope="module")
def book_path(sample: Workspace, actuals: Actuals, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("funnel") / "team.xlsx"
    export_workbook(sample, out, segments=[None, *sample.segments], actuals=actuals, as_of=AS_OF)
    return out


@pytest.fixture(scope="module")
def book(book_path: Path) -> Any:
    return openpyxl.load_workbook(book_path)


@pytest.fixture(scope="module")
def deck(sample: Workspace, actuals: Actuals, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("funnel") / "team.pptx"
    export_deck(sample, out, actuals=actuals, as_of=AS_OF)
    return Presentation(str(out))


def journeys(sample: Workspace, actuals: Actuals) -> list[tuple[str, str | None, Any, tuple[Account, ...]]]:
    found: list[tuple[str, str | None, Any, tuple[Account, ...]]] = [
        ("Core journey", None, sample.core, actuals.accounts)
    ]
    for segment in sample.segments.values():
        accounts = actuals.for_segment(segment.id, segment.name)
        found.append((segment.name, segment.id, resolve(sample, segment), accounts))
    return found


def funnel_rows(ws: Any) -> list[dict[str, Any]]:
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == HEADS[0])
    names = rows[header]
    return [dict(zip(names, r, strict=False)) for r in rows[header + 1 :] if r[0] is not None]


def test_a_funnel_sheet_per_journey_with_the_models_numbers(
    sample: Workspace, actuals: Actuals, book: Any
) -> None:
    for label, segment_id, journey, accounts in journeys(sample, actuals):
        assert accounts  # every journey of the sample has accounts in these actuals
        funnel = compute_funnel(journey, accounts, label, AS_OF)
        ws = book[f"{label} – Funnel"]
        summary = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
        assert summary["Accounts"] == funnel.accounts == len(accounts)
        assert summary["Churned before the first milestone"] == funnel.churned_before_first
        stuck = stuck_for(sample, actuals, segment_id, AS_OF)  # the core: every account, by its journey
        assert summary[f"Stuck on {AS_OF.isoformat()}"] == len(stuck)
        rows = funnel_rows(ws)
        assert [r["Success milestone"] for r in rows] == [s.title for s in funnel.steps]
        for row, step in zip(rows, funnel.steps, strict=True):
            assert (row["Reached"], row["Previous"], row["Churned here"]) == (
                step.reached,
                step.previous,
                step.churned,
            )
            assert row["Conversion (%)"] == pytest.approx(step.conversion)
            assert row["Target (%)"] == step.target_conversion
            assert row["Median days"] == pytest.approx(step.median_days)
            assert row["90th percentile days"] == pytest.approx(step.p90_days)
            assert row["Time frame (days)"] == step.time_frame_days
            assert row["Conversion status"] == STATUS[step.conversion_status]
            assert row["Time status"] == STATUS[step.time_status]
    statuses = {r["Conversion status"] for r in funnel_rows(book["Core journey – Funnel"])}
    assert {"near target", "off target"} <= statuses  # the test data is not all on target


def _charts_of(path: Path, sheet_title: str) -> list[Any]:
    """The chart XML parts drawn on a sheet: sheet -> drawing -> charts, followed through the rels."""
    with zipfile.ZipFile(path) as archive:
        book = etree.fromstring(archive.read("xl/workbook.xml"))
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
        rid = next(
            s.get(f"{{{R}}}id") for s in book.iterfind(".//m:sheet", ns) if s.get("name") == sheet_title
        )
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        sheet_part = "xl/" + target.removeprefix("/xl/")
        drawing = _rel_targets(archive, sheet_part, "drawing")
        assert len(drawing) == 1
        charts = _rel_targets(archive, drawing[0], "chart")
        return [etree.fromstring(archive.read(chart)) for chart in charts]


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _rel_targets(archive: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    folder, name = part.rsplit("/", 1)
    rels = etree.fromstring(archive.read(f"{folder}/_rels/{name}.rels"))
    found = []
    for rel in rels:
        if rel.get("Type").endswith(f"/{kind}"):
            target = rel.get("Target")
            path = target.lstrip("/") if target.startswith("/") else _join(folder, target)
            found.append(path)
    return found


def _join(folder: str, target: str) -> str:
    parts = folder.split("/")
    for piece in target.split("/"):
        if piece == "..":
            parts.pop()
        else:
            parts.append(piece)
    return "/".join(parts)


def _cells(ws: Any, reference: str) -> list[Any]:
    """The values of a chart's cell reference ('Sheet'!$C$10:$C$13) on ``ws``."""
    found = re.fullmatch(r"'?(.+?)'?!\$?([A-Z]+)\$?(\d+)(?::\$([A-Z]+)\$(\d+))?", reference)
    assert found is not None, reference
    sheet, col, first, _col2, last = found.groups()
    assert sheet.replace("''", "'") == ws.title
    column = column_index_from_string(col)
    return [ws.cell(row, column).value for row in range(int(first), int(last or first) + 1)]


def test_the_funnel_sheet_has_native_charts_over_its_own_cells(
    sample: Workspace, actuals: Actuals, book_path: Path, book: Any
) -> None:
    funnel = compute_funnel(sample.core, actuals.accounts, "Core journey", AS_OF)
    ws = book["Core journey – Funnel"]
    charts = _charts_of(book_path, ws.title)
    assert len(charts) == 2
    series: dict[str, list[Any]] = {}
    for chart in charts:
        assert chart.find(f".//{C}barChart") is not None  # a native bar chart, not a picture
        for ser in chart.iter(f"{C}ser"):
            name = _cells(ws, ser.find(f"{C}tx/{C}strRef/{C}f").text)[0]
            series[name] = _cells(ws, ser.find(f"{C}val/{C}numRef/{C}f").text)
            categories = _cells(ws, ser.find(f"{C}cat/{C}strRef/{C}f").text)
            assert categories == [s.title for s in funnel.steps]
    assert series["Reached"] == [s.reached for s in funnel.steps]
    assert series["Conversion (%)"] == pytest.approx([s.conversion for s in funnel.steps])
    assert series["Target (%)"] == [s.target_conversion for s in funnel.steps]
    assert charts[1].find(f".//{C}lineChart") is not None  # the targets, over the conversion bars


def test_the_stuck_sheet_names_exactly_the_models_stuck_accounts(
    sample: Workspace, actuals: Actuals, book: Any
) -> None:
    rows = list(book["Stuck accounts"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Journey")
    assert rows[header] == STUCK_HEADS
    got = [r for r in rows[header + 1 :] if r[0]]
    expected = []
    for label, segment_id, _journey, _accounts in journeys(sample, actuals):
        for s in stuck_for(sample, actuals, segment_id, AS_OF):
            who = (
                label,
                s.account_id,
                s.name,
                s.segment or None,
                s.milestone_title,
                s.reached_on.isoformat(),
            )
            what = (s.days_at, s.after_days, s.action, s.playbook_title or None, s.owner or None)
            expected.append((*who, *what))
    assert got == expected and len(got) > 20
    days = [r[6] for r in got if r[0] == "Core journey"]
    assert days == sorted(days, reverse=True)  # longest stuck first


def test_account_names_that_look_like_formulas_stay_text(book_path: Path, book: Any) -> None:
    names = [r[2] for r in book["Stuck accounts"].iter_rows(values_only=True)]
    assert all(name in names for name in HOSTILE_NAMES)
    with zipfile.ZipFile(book_path) as archive:
        for part in archive.namelist():
            if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                assert b"<f>" not in archive.read(part) and b"<f " not in archive.read(part), part
    for row in book["Stuck accounts"].iter_rows():
        for cell in row:
            if cell.value in HOSTILE_NAMES:
                assert cell.data_type == "s"


def test_a_journey_without_accounts_gets_no_funnel_sheet(sample: Workspace, tmp_path: Path) -> None:
    only_smb = Actuals(accounts=tuple(a for a in sample_actuals().accounts if a.segment == "SMB"))
    out = tmp_path / "smb.xlsx"
    export_workbook(sample, out, segments=[None, "SMB", "Enterprise"], actuals=only_smb, as_of=AS_OF)
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert "Core journey – Funnel" in names and "SMB – Funnel" in names
    assert "Enterprise – Funnel" not in names and "Stuck accounts" in names
    export_workbook(sample, out, segments=[None])
    assert not any(
        "Funnel" in n or "Stuck" in n for n in openpyxl.load_workbook(out, read_only=True).sheetnames
    )


def test_as_of_defaults_to_today(sample: Workspace, actuals: Actuals, tmp_path: Path) -> None:
    out = tmp_path / "today.xlsx"
    export_workbook(sample, out, actuals=actuals)
    labels = [r[0] for r in openpyxl.load_workbook(out)["Core journey – Funnel"].iter_rows(values_only=True)]
    assert f"Stuck on {date.today().isoformat()}" in labels


# --- the deck ------------------------------------------------------------------------------------------


def _chart(slide: Any) -> Any:
    charts = [shape for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1
    return charts[0].chart


def _check_funnel_slide(prs: Any, funnel: Funnel, label: str) -> Any:
    slides = slides_titled(prs, f"Success funnel: {label}")
    assert len(slides) == 1
    chart = _chart(slides[0])
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    plot = chart.plots[0]
    assert list(plot.categories) == short_titles([s.title for s in funnel.steps])
    assert list(plot.series[0].values) == [s.reached for s in funnel.steps]
    assert chart.part.chart_workbook.xlsx_part is not None  # editable: its data travels with it
    text = slide_text(slides[0])
    for step in funnel.steps:
        assert step.title in text
        assert f"target {step.target_conversion:g} %" in text
    assert f"{funnel.accounts:,} accounts" in text
    return slides[0]


def test_the_decks_funnel_slide_is_a_native_chart_of_the_models_numbers(
    sample: Workspace, actuals: Actuals, deck: Any
) -> None:
    _check_funnel_slide(
        deck, compute_funnel(sample.core, actuals.accounts, "Core journey", AS_OF), "Core journey"
    )
    order = [title_of(s) for s in deck.slides]
    funnel_at = order.index("Success funnel: Core journey")
    assert order[funnel_at + 1] == "Stuck customers: Core journey"
    assert order[funnel_at - 1].startswith("Stage 8 of 8") and order[funnel_at + 2].startswith("Playbook")


def test_a_segments_deck_counts_only_its_accounts(
    sample: Workspace, actuals: Actuals, tmp_path: Path
) -> None:
    segment = sample.segment_by_name("Education")
    assert segment is not None
    out = tmp_path / "education.pptx"
    export_deck(sample, out, segment="Education", actuals=actuals, as_of=AS_OF)
    accounts = actuals.for_segment(segment.id, segment.name)
    assert 0 < len(accounts) < len(actuals.accounts)
    funnel = compute_funnel(resolve(sample, segment), accounts, "Education", AS_OF)
    _check_funnel_slide(Presentation(str(out)), funnel, "Education")


def _stuck_rows(slide: Any) -> list[str]:
    tables = [shape.table for shape in slide.shapes if shape.has_table]
    assert len(tables) == 1
    return [row.cells[0].text_frame.paragraphs[1].text for row in list(tables[0].rows)[1:]]


def test_the_stuck_slide_names_the_longest_stuck_and_how_many_more(
    sample: Workspace, actuals: Actuals, deck: Any
) -> None:
    stuck = stuck_for(sample, actuals, None, AS_OF)
    slide = slides_titled(deck, "Stuck customers: Core journey")[0]
    shown = _stuck_rows(slide)  # each account's id, under its name
    assert 5 <= len(shown) < len(stuck)
    assert [s.split(" · ")[0] for s in shown] == [s.account_id for s in stuck[: len(shown)]]
    assert f"and {len(stuck) - len(shown):,} more" in slide_text(slide)
    assert stuck[0].action in slide_text(slide)


def test_a_few_stuck_accounts_are_all_listed(sample: Workspace, tmp_path: Path) -> None:
    start = date(2026, 1, 1)
    stuck = [
        Account(id=f"A{i}", name=f"Few {i}", start=start, reached={"mot-kickoff-complete": start})
        for i in range(3)
    ]
    moving = Account(id="A9", name="Moving", start=start, reached={"mot-kickoff-complete": date(2026, 2, 25)})
    accounts = (*stuck, moving)
    out = tmp_path / "few.pptx"
    export_deck(sample, out, actuals=Actuals(accounts=accounts), as_of=date(2026, 3, 1))
    slide = slides_titled(Presentation(str(out)), "Stuck customers")[0]
    assert sorted(_stuck_rows(slide)) == ["A0", "A1", "A2"]
    assert "more" not in slide_text(slide)
    export_deck(sample, out, actuals=Actuals(accounts=accounts[3:]), as_of=date(2026, 3, 1))
    slide = slides_titled(Presentation(str(out)), "Stuck customers")[0]
    assert "No account is past its milestone's stuck rule on 1 March 2026" in slide_text(slide)


def test_no_actuals_no_funnel_slides(sample: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "plain.pptx"
    export_deck(sample, out)
    prs = Presentation(str(out))
    assert not slides_titled(prs, "Success funnel") and not slides_titled(prs, "Stuck customers")
    assert not any(shape.has_chart for slide in prs.slides for shape in slide.shapes)


@pytest.mark.parametrize(
    "template",
    [lambda: hostile_templates.dark_master(True), lambda: hostile_templates.dark_master(False),
     hostile_templates.grey_accent, hostile_templates.logo, lambda: hostile_templates.sized(10, 5.625)],
    ids=["dark-mapped", "dark", "grey-accent", "logo", "10x5.625"],
)  # fmt: skip
def test_the_funnel_chart_reads_on_hostile_templates(
    sample: Workspace, actuals: Actuals, tmp_path: Path, template: Any
) -> None:
    path = tmp_path / "template.pptx"
    path.write_bytes(template())
    out = tmp_path / "deck.pptx"
    export_deck(sample, out, template=path, actuals=actuals, as_of=AS_OF)
    prs = Presentation(str(out))
    slide = _check_funnel_slide(
        prs, compute_funnel(sample.core, actuals.accounts, "Core journey", AS_OF), "Core journey"
    )
    frame = next(shape for shape in slide.shapes if shape.has_chart)
    assert frame.left >= 0 and frame.top >= 0
    assert frame.left + frame.width <= prs.slide_width and frame.top + frame.height <= prs.slide_height
    behind = _behind(slide)
    chart = frame.chart
    text = _rgb(chart.font.color.rgb)
    bar = _rgb(chart.plots[0].series[0].format.fill.fore_color.rgb)
    assert min(contrast(text, b) for b in behind) >= 4.5
    assert min(contrast(bar, b) for b in behind) >= 3.0
    assert not hostile_templates.contrast_failures(prs)


def _behind(slide: Any) -> list[Any]:
    """What the chart stands on: its own panel when it has one, else the slide's background."""
    chart = next(shape for shape in slide.shapes if shape.has_chart).chart
    panel = chart._chartSpace.find(f"{C}spPr")
    if panel is not None:
        color = panel.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}srgbClr")
        return [hex_rgb(color.get("val"))]
    layout = slide.slide_layout
    theme = Theme(layout.slide_master)
    found = theme.background(slide, layout, layout.slide_master)
    assert found is not None
    return found


def _rgb(value: Any) -> Any:
    return hex_rgb(str(value))


@pytest.mark.parametrize("kind", ["pptx", "xlsx"])
@pytest.mark.parametrize("segment", [None, "SMB"])
def test_no_account_funnel_number_or_stuck_action_reaches_a_customer(
    sample: Workspace, actuals: Actuals, tmp_path: Path, kind: str, segment: str | None
) -> None:
    out = tmp_path / f"customer.{kind}"
    if kind == "pptx":
        export_deck(sample, out, segment=segment, customer_view=True, actuals=actuals, as_of=AS_OF)
    else:
        export_workbook(sample, out, segments=[segment], customer_view=True, actuals=actuals, as_of=AS_OF)
    journey = resolve(sample, sample.segment_by_name(segment)) if segment else sample.core
    funnel = compute_funnel(journey, actuals.accounts, "Core journey", AS_OF)
    forbidden = {a.id for a in actuals.accounts} | {a.name for a in actuals.accounts}
    forbidden |= {m.stuck_rule.action for m in sample.core.moments.values() if m.stuck_rule}
    forbidden |= {"accounts.csv", "Success funnel", "Stuck", "Funnel", "stuck rule", "Conversion"}
    forbidden |= {"on target", "off target", "near target"}
    forbidden |= {f"{s.conversion:.1f}" for s in funnel.steps if s.conversion is not None}
    with zipfile.ZipFile(out) as archive:
        assert not [p for p in archive.namelist() if "chart" in p.lower() or "embeddings" in p]
        text = "\n".join(
            archive.read(p).decode("utf-8", "replace")
            for p in archive.namelist()
            if p.endswith((".xml", ".rels"))
        )
    text = unescape(text)
    leaks = sorted(f for f in forbidden if f and f in text)
    assert leaks == []
    # the same check sees them in the team's export, so an empty result means nothing leaked
    team = tmp_path / f"team.{kind}"
    if kind == "pptx":
        export_deck(sample, team, segment=segment, actuals=actuals, as_of=AS_OF)
    else:
        export_workbook(sample, team, segments=[segment], actuals=actuals, as_of=AS_OF)
    with zipfile.ZipFile(team) as archive:
        team_text = unescape(
            "\n".join(
                archive.read(p).decode("utf-8", "replace") for p in archive.namelist() if p.endswith(".xml")
            )
        )
    assert "Funnel" in team_text and any(a.id in team_text for a in actuals.accounts)
