"""What reaches a customer: a unique marker in every field of every element, and only the allow-listed
ones found in the customer's deck and workbook (every XML part of the files, hidden sheets, hidden
columns, notes and document properties included).

The test first shows that it sees markers (the allow-listed ones must all be found), so an empty
result means nothing leaked rather than nothing searched.
"""

from __future__ import annotations

import re
import zipfile
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from exporters.pptx import export_deck
from exporters.xlsx import export_workbook
from journeymap_designer.model.audience import ALWAYS_SHOWN
from journeymap_designer.model.document import Document
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path

# References and enumerations: not text a person wrote, so not marked.
STRUCTURAL = {
    "id", "stage_id", "lane_id", "owner_id", "channel_id", "touchpoint_id", "moment_id", "flow_id",
    "source", "target", "kind", "side", "color", "verdict", "element_id", "segment_id", "format",
    "icon", "time_frame_from", "playbook_id",
}  # fmt: skip
MARKER = re.compile(r"zq(\d{5})")


class Marked:
    """Gives every written text of a workspace its own marker, and remembers whose it is."""

    def __init__(self) -> None:
        self.owners: dict[str, tuple[str, str, str, str]] = {}  # code -> (kind, field, element id, detail)

    def mark(self, kind: str, field: str, element_id: str, detail: str = "") -> str:
        code = f"{len(self.owners):05d}"
        self.owners[code] = (kind, field, element_id, detail)
        return f"zq{code}qz"

    def value(self, kind: str, field: str, element_id: str, value: Any, detail: str = "") -> Any:
        if isinstance(value, str) and field.rsplit(".", 1)[-1] not in STRUCTURAL and value:
            return self.mark(kind, field, element_id, detail)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return [self.mark(kind, field, element_id, detail) for _ in value]
        if isinstance(value, list):
            return [self.value(kind, field, element_id, v, detail) for v in value]
        if isinstance(value, dict):
            return {k: self.value(kind, f"{field}.{k}", element_id, v, detail) for k, v in value.items()}
        return value

    def element(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        detail = str(data.get("kind", ""))
        return {k: self.value(kind, k, data["id"], v, detail) for k, v in data.items()}


COLLECTION_KIND = {
    "stages": "stage", "lanes": "lane", "touchpoints": "touchpoint", "moments": "moment", "flows": "flow",
    "handoffs": "handoff", "playbooks": "playbook", "channels": "channel", "personas": "persona",
    "feedback": "feedback",
}  # fmt: skip


def marked_sample() -> tuple[Workspace, Marked]:
    """The sample with every text marked, one lane made internal-only, and a customer's answer."""
    data = Document.open(sample_path()).workspace.model_dump(mode="json")
    data["feedback"] = [
        {
            "id": "fb-1",
            "element_id": "tp-aw-peer-review",
            "verdict": "needs_change",
            "comment": "c",
            "step": "s",
        }
    ]
    data["customer_fields"] = []
    marks = Marked()
    for name in ("channels", "personas", "feedback"):
        data[name] = [marks.element(COLLECTION_KIND[name], e) for e in data[name]]
    for name, elements in data["core"].items():
        data["core"][name] = [marks.element(COLLECTION_KIND[name], e) for e in elements]
    for segment in data["segments"]:
        for field in ("name", "description", "lead"):
            segment[field] = marks.value("segment", field, segment["id"], segment[field] or "x")
        for name, elements in segment["added"].items():
            segment["added"][name] = [marks.element(COLLECTION_KIND[name], e) for e in elements]
        for name, overrides in segment["changed"].items():
            for element_id, fields in overrides.items():
                for field, override in fields.items():
                    override["value"] = marks.value(f"override:{name}", field, element_id, override["value"])
    data["name"] = marks.value("workspace", "name", "workspace", data["name"])
    data["description"] = marks.value("workspace", "description", "workspace", data["description"])
    workspace = Workspace.model_validate(data)
    return workspace, marks


def allowed(workspace: Workspace, marks: Marked, code: str, segment: str | None = None) -> bool:
    """The rule, written again independently of ``model.customer_view``, for the journey exported."""
    kind, field, element_id, detail = marks.owners[code]
    core = resolve(workspace, segment)
    if kind.startswith("override:"):  # a segment's value for a field: the field's own rule
        kind = COLLECTION_KIND[kind.split(":", 1)[1]]
        element = getattr(core, f"{kind}s", {}).get(element_id)
        detail = str(getattr(element, "kind", ""))
    if kind == "workspace":
        return field in ALWAYS_SHOWN["workspace"]
    if kind == "stage":
        return field in {"name", "goal", "typical_duration"}
    if kind == "lane":
        lane = core.lanes[element_id]
        return field == "name" and (lane.side == "customer" or not lane.internal_only)
    if kind == "touchpoint":
        tp = core.touchpoints.get(element_id)
        lane = core.lanes.get(tp.lane_id) if tp is not None else None
        visible = lane is not None and (lane.side == "customer" or not lane.internal_only)
        return visible and field in {"title", "description", "timing"}
    if kind == "moment":
        return detail == "success_milestone" and field in {"title", "success_criteria.actions"}
    if kind == "channel":
        return field == "name"
    return False  # handoffs, flows' labels, playbooks, personas, segments, answers, overrides


def found_codes(path: Path) -> set[str]:
    """Every marker in every part of an Office file (XML-unescaped), hidden or not."""
    codes: set[str] = set()
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            text = unescape(archive.read(name).decode("utf-8", errors="replace"))
            codes.update(MARKER.findall(text))
    return codes


@pytest.fixture(scope="module")
def marked() -> tuple[Workspace, Marked]:
    return marked_sample()


@pytest.mark.parametrize("kind", ["pptx", "xlsx"])
def test_only_allow_listed_text_reaches_the_customer(marked, tmp_path, kind) -> None:  # type: ignore[no-untyped-def]
    workspace, marks = marked
    out = tmp_path / f"customer.{kind}"
    if kind == "pptx":
        export_deck(workspace, out, customer_view=True)
    else:
        export_workbook(workspace, out, customer_view=True)
    found = found_codes(out)
    leaked = sorted(marks.owners[c][:3] for c in found if not allowed(workspace, marks, c))
    assert not leaked, f"{len(leaked)} internal texts reached the customer's {kind}: {leaked[:10]}"
    must = {"stage": "name", "touchpoint": "title", "moment": "title", "workspace": "name"}
    seen = {(marks.owners[c][0], marks.owners[c][1]) for c in found}
    assert {(k, f) for k, f in must.items()} <= seen, "the test must see the allow-listed texts"
    expected_cards = {
        c
        for c, (k, f, _i, _d) in marks.owners.items()
        if k == "touchpoint" and f == "title" and allowed(workspace, marks, c)
    }
    assert expected_cards <= found, "every card a customer may see is in the file"


def test_a_segment_s_customer_deck_and_workbook_leak_nothing_either(marked, tmp_path) -> None:  # type: ignore[no-untyped-def]
    workspace, marks = marked
    for segment in workspace.segments:
        export_deck(workspace, tmp_path / "s.pptx", segment=segment, customer_view=True)
        export_workbook(workspace, tmp_path / "s.xlsx", segments=[segment], customer_view=True)
        for path in (tmp_path / "s.pptx", tmp_path / "s.xlsx"):
            found = found_codes(path)
            leaked = sorted(marks.owners[c][:3] for c in found if not allowed(workspace, marks, c, segment))
            assert not leaked, f"{segment} {path.name}: {leaked[:10]}"
            assert found, "the segment's journey is in the file"


def test_the_test_sees_a_leak(marked, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Planted: a customer workbook built from the whole journey (no allow-list) is caught."""
    from exporters import xlsx_customer

    workspace, marks = marked

    def everything(ws: Workspace, journey: Any) -> Workspace:
        return ws.model_copy(update={"core": journey})

    monkeypatch.setattr(xlsx_customer, "customer_workspace", everything)
    out = tmp_path / "leaky.xlsx"
    export_workbook(workspace, out, customer_view=True)
    leaked = {marks.owners[c][:2] for c in found_codes(out) if not allowed(workspace, marks, c)}
    assert ("workspace", "description") in leaked and any(k == "moment" for k, _f in leaked)


def test_a_field_opted_in_for_the_map_reaches_the_customer_and_only_that_one(marked, tmp_path) -> None:  # type: ignore[no-untyped-def]
    workspace, marks = marked
    opted = workspace.model_copy(update={"customer_fields": ("touchpoint.pain_points",)})
    export_workbook(opted, tmp_path / "o.xlsx", customer_view=True)
    export_deck(opted, tmp_path / "o.pptx", customer_view=True)
    deck = found_codes(tmp_path / "o.pptx")
    pains = {c for c in deck if marks.owners[c][:2] == ("touchpoint", "pain_points")}
    assert pains, "opted-in pain points are on the customer's stage slides"
    others = sorted(marks.owners[c][:3] for c in deck - pains if not allowed(workspace, marks, c))
    assert not others


def test_a_template_s_own_sheets_slides_notes_and_properties_never_reach_the_customer(tmp_path: Path) -> None:
    """An old team workbook used as the template, and a deck template with a secret slide (kept alive
    by a custom show), speaker notes and document properties: none of it is in the customer's files."""
    from lxml import etree
    from pptx import Presentation

    from exporters.pptx import default_template

    workspace = Document.open(sample_path()).workspace
    team = tmp_path / "team.xlsx"
    export_workbook(workspace, team)
    export_workbook(workspace, tmp_path / "c.xlsx", template=team, customer_view=True)
    book = zipfile.ZipFile(tmp_path / "c.xlsx")
    sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 3  # Welcome, Customer validation, Your journey: none of the team's
    notes = [t.notes for t in workspace.core.touchpoints.values() if t.notes]
    text = " ".join(unescape(book.read(n).decode("utf-8", "replace")) for n in book.namelist())
    assert notes and not any(note[:40] in text for note in notes)

    prs = Presentation(str(default_template()))
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "SECRETSLIDE pricing floor"
    slide.notes_slide.notes_text_frame.text = "SECRETNOTE"
    prs.core_properties.title, prs.core_properties.author = "SECRETTITLE", "SECRETAUTHOR"
    p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    shows = etree.Element(f"{{{p}}}custShowLst")
    show = etree.SubElement(etree.SubElement(shows, f"{{{p}}}custShow", name="x", id="0"), f"{{{p}}}sldLst")
    etree.SubElement(show, f"{{{p}}}sld").set(f"{{{r}}}id", prs.slides._sldIdLst[0].rId)
    prs.part._element.find(f"{{{p}}}notesSz").addnext(shows)
    template = tmp_path / "secret.pptx"
    prs.save(str(template))
    export_deck(workspace, tmp_path / "c.pptx", template=template, customer_view=True)
    deck = zipfile.ZipFile(tmp_path / "c.pptx")
    names = deck.namelist()
    assert len(names) == len(set(names))  # one part per name: a sound package
    assert not [n for n in names if b"SECRET" in deck.read(n)]
    assert not [n for n in names if "thumbnail" in n]
