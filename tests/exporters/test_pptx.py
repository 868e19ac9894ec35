"""The PowerPoint deck, read back with python-pptx: its slides, the map as native shapes, every playbook
category with the sample's own text, continuation of long content, the customer view, a segment's
differences, both bundled templates and a user's, and the all-or-nothing write."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Inches

from exporters.pptx import export_deck
from exporters.pptx_content import ordered_playbooks
from exporters.pptx_text import Para, Run, line_spans, split_para, text_width, truncate
from exporters.safety import ExportError
from journeymap_designer.model.customer_view import customer_journey
from journeymap_designer.model.diff import core_ids, diff_journeys
from journeymap_designer.model.elements import KeyMilestone, MarkerKind, Playbook, RoleResponsibility, Task
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.resolve import resolve
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import resources_dir, sample_path

from .pptx_helpers import deck_text, named, overflowing, slide_text, slides_titled, squash, title_of, titles

TEMPLATES = resources_dir() / "export"


@pytest.fixture(scope="module")
def sample() -> Workspace:
    return load_workspace(sample_path())


@pytest.fixture(scope="module")
def core_deck(sample: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("deck") / "core.pptx"
    export_deck(sample, out)
    return Presentation(str(out))


def _export(workspace: Workspace, tmp_path: Path, name: str = "deck.pptx", **options: Any) -> Any:
    out = tmp_path / name
    export_deck(workspace, out, **options)
    return Presentation(str(out))


def _map_slides(prs: Any) -> list[Any]:
    return slides_titled(prs, "Journey map")


def test_slides_come_in_the_documented_order(sample: Workspace, core_deck: Any) -> None:
    shown = titles(core_deck)
    assert shown[0] == sample.name and shown[1] == "Overview"
    kinds = []
    for title in shown[2:]:
        kind = re.sub(r" \(continued\).*| —.*|:.*| \d.*", "", title)
        if not kinds or kinds[-1] != kind:
            kinds.append(kind)
    assert kinds == [
        "Journey map",
        "Stage",
        "Playbook",
        "Handoffs between owners",
        "Roles & responsibilities",
        "Customer validation",
    ]
    stages = [t for t in shown if t.startswith("Stage") and "(continued)" not in t]
    assert stages == [f"Stage {i} of 8: {s.name}" for i, s in enumerate(sample.core.ordered_stages(), 1)]
    playbooks = [t for t in shown if t.startswith("Playbook") and "(continued)" not in t and "—" not in t]
    assert playbooks == [f"Playbook: {p.title}" for p in ordered_playbooks(sample.core)]
    for index, title in enumerate(shown):  # a continued slide follows its first slide
        if "(continued)" in title:
            base = title.split(" (continued)")[0]
            assert shown[index - 1].startswith(base.split(":")[0])


def test_the_map_is_native_editable_shapes(sample: Workspace, core_deck: Any) -> None:
    journey = sample.core
    maps = _map_slides(core_deck)
    assert 1 < len(maps) <= 6
    assert titles(core_deck)[2].startswith("Journey map:") and all(
        "(continued)" in title_of(s) for s in maps[1:]
    )
    cards: dict[str, Any] = {}
    slide_of: dict[str, int] = {}
    for index, slide in enumerate(maps):
        assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        for shape in named(slide, "Card "):
            tp_id = shape.name.removeprefix("Card ")
            assert tp_id not in cards, "a card is drawn once"
            cards[tp_id] = shape
            slide_of[tp_id] = index
    assert set(cards) == set(journey.touchpoints)
    for tp_id, shape in cards.items():
        assert shape.text_frame.text == journey.touchpoints[tp_id].title
        sizes = {r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs}
        assert min(sizes) >= 9 and shape.width >= Inches(1.19)
    headers = {s.name.removeprefix("Stage ") for slide in maps for s in named(slide, "Stage ")}
    assert headers == set(journey.stages)
    moments = {s.name.removeprefix("Moment ") for slide in maps for s in named(slide, "Moment ")}
    assert moments == set(journey.moments)
    lanes = [s.text_frame.text for s in named(maps[0], "Lane ") if s.has_text_frame]
    assert lanes == [lane.name for lane in journey.ordered_lanes()]
    same_slide = [f for f in journey.flows.values() if slide_of[f.source] == slide_of[f.target]]
    connectors = [c for slide in maps for c in slide.shapes._spTree.iter(qn("p:cxnSp"))]
    assert len(connectors) == len(same_slide) > 30
    glued = set()
    for index, slide in enumerate(maps):  # shape ids are per slide
        ids = {shape.shape_id: tp_id for tp_id, shape in cards.items() if slide_of[tp_id] == index}
        for c in slide.shapes._spTree.iter(qn("p:cxnSp")):
            start, end = c.find(f".//{qn('a:stCxn')}"), c.find(f".//{qn('a:endCxn')}")
            glued.add((ids[int(start.get("id"))], ids[int(end.get("id"))]))
    assert glued == {(f.source, f.target) for f in same_slide}
    crossing = len(journey.flows) - len(same_slide)
    legends = " ".join(named(s, "Legend")[0].text_frame.text for s in maps)
    assert sum(int(n) for n in re.findall(r"(\d+) arrows? to other map slides", legends)) == 2 * crossing


def test_every_playbook_category_carries_the_samples_text(sample: Workspace, core_deck: Any) -> None:
    journey = sample.core
    checked = 0
    for playbook in journey.playbooks.values():
        text = deck_text(slides_titled(core_deck, f"Playbook: {playbook.title}"))
        expected = [playbook.event_trigger, *playbook.objectives, *playbook.success_criteria]
        expected += [*playbook.key_activities, *playbook.deliverables]
        expected += [x for m in playbook.key_milestones for x in (m.title, m.description)]
        for role in (*playbook.internal_roles, *playbook.external_roles):
            expected += [role.role, *role.responsibilities]
        expected += [x for t in playbook.tasks for x in (t.title, t.owner, t.due)]
        expected += [x for e in playbook.emails for x in (e.name, e.subject, *e.body.splitlines())]
        moment = journey.moments.get(playbook.moment_id or "")
        if moment is not None:
            expected += [*moment.success_criteria.actions, *(k.name for k in moment.success_criteria.kpis)]
        else:  # an activity's playbook says which activity it is for
            expected.append(f"Activity: {journey.touchpoints[playbook.touchpoint_id or ''].title}")
        for item in expected:
            assert squash(item) in text, f"{playbook.id}: {item!r} missing"
            checked += 1
        for heading in ("Event trigger", "Objectives", "Success criteria", "Key activities", "Deliverables"):
            assert heading in text
        assert "Key milestones" in text and "Internal roles & responsibilities" in text
        assert "External roles & responsibilities" in text and "Task" in text
    assert checked > 150


def test_handoffs_roles_and_validation_list_everything(sample: Workspace, core_deck: Any) -> None:
    journey = sample.core
    handoffs = deck_text(slides_titled(core_deck, "Handoffs between owners"))
    for h in journey.handoffs.values():
        flow = journey.flows[h.flow_id]
        for item in (*h.information, *h.artifacts, h.timing, journey.touchpoints[flow.target].title):
            assert squash(item) in handoffs
    roles = deck_text(slides_titled(core_deck, "Roles & responsibilities"))
    for p in journey.playbooks.values():
        for r in (*p.internal_roles, *p.external_roles):
            assert r.role in roles and all(squash(x) in roles for x in r.responsibilities)
    validation = slides_titled(core_deck, "Customer validation")
    text = deck_text(validation)
    shown = customer_journey(journey)  # what the customer validates: never an internal-only lane's steps
    assert all(tp.title in text for tp in shown.touchpoints.values())
    assert all(m.title in text for m in shown.moments.values())
    hidden = [tp.title for tp in journey.touchpoints.values() if tp.id not in shown.touchpoints]
    assert hidden and not any(title in text for title in hidden)
    assert not any(m.title in text for m in journey.moments.values() if m.kind == "risk")
    rows = sum(len(s.shapes[-1].table.rows) - 1 for s in validation)
    assert rows == len(shown.touchpoints) + len(shown.moments)
    header = [c.text for c in validation[0].shapes[-1].table.rows[0].cells]
    assert header[2:5] == ["True for you ✓", "Needs change", "Something missing"]


def test_long_playbook_continues_and_no_text_runs_off_a_slide(sample: Workspace, tmp_path: Path) -> None:
    core = sample.core
    long_word = "x" * 3000
    essay = " ".join(f"Sentence {i} of a very long event trigger that keeps going." for i in range(400))
    playbook = core.playbooks["pb-kickoff"].model_copy(
        update={
            "event_trigger": essay,
            "objectives": (long_word, *[f"Objective {i}: " + "detail " * 30 for i in range(30)]),
            "key_milestones": tuple(
                KeyMilestone(kind=MarkerKind.RISK, title=f"Risk {i}", description="why " * 40)
                for i in range(20)
            ),
            "internal_roles": tuple(
                RoleResponsibility(role=f"Role {i}", responsibilities=("duty " * 50,)) for i in range(15)
            ),
            "tasks": tuple(
                Task(
                    id=f"task-long-{i:02d}",
                    title=f"Task {i:02d} " + "step " * (i % 7) * 6,
                    owner="CSM",
                    due=f"Day {i}",
                    description="d " * (i % 5) * 40,
                )
                for i in range(80)
            ),
        }
    )
    workspace = sample.model_copy(
        update={"core": core.model_copy(update={"playbooks": {**core.playbooks, "pb-kickoff": playbook}})}
    )
    prs = _export(workspace, tmp_path)
    pages = slides_titled(prs, "Playbook: Kickoff and success plan")
    pages = [s for s in pages if "— emails" not in title_of(s)]  # the playbook's emails: their own table
    tasks = [s for s in pages if "task list" in title_of(s)]
    assert len(pages) - len(tasks) >= 5 and len(tasks) >= 5
    assert all("(continued)" in title_of(s) for s in pages[1:] if s not in tasks[:1])
    text = deck_text(pages, with_titles=False)
    assert squash(essay) in squash(text.replace("Event trigger (continued) ", ""))
    assert text.count("x" * 100) >= 1 and "".join(re.findall(r"x{20,}", text)) == long_word
    numbers = [int(n) for n in re.findall(r"Task (\d\d)", deck_text(tasks))]
    assert numbers == list(range(80))  # every task, once, in order, across the continued table
    assert overflowing(prs) == []


def test_the_customer_deck_is_short_and_holds_only_the_customer_s_journey(
    sample: Workspace, tmp_path: Path, core_deck: Any
) -> None:
    """Cover, how to answer, the map, a slide per stage (continued when long), what is missing."""
    journey = sample.core
    prs = _export(sample, tmp_path, customer_view=True)
    titles = [slide.shapes.title.text if slide.shapes.title else "" for slide in prs.slides]
    stages = journey.ordered_stages()
    for number, stage in enumerate(stages, 1):
        assert f"Stage {number} of {len(stages)}: {stage.name}" in titles
    assert "How to review this journey" in titles and titles[-1].startswith(f"Stage {len(stages)} of")
    assert not any(
        t.startswith(("Playbook", "Handoffs", "Roles", "What differs", "Overview")) for t in titles
    )
    assert len(prs.slides) <= 15  # the issue aims at 15 or fewer for the sample
    assert len(prs.slides) < len(core_deck.slides) / 2
    internal = {i for i, lane in journey.lanes.items() if lane.internal_only}
    hidden = {t.id for t in journey.touchpoints.values() if t.lane_id in internal}
    assert internal and hidden
    cards = {s.name.removeprefix("Card ") for slide in _map_slides(prs) for s in named(slide, "Card ")}
    assert cards == set(journey.touchpoints) - hidden
    everything = deck_text(list(prs.slides))
    assert all(tp.title in everything for tp in journey.touchpoints.values() if tp.id not in hidden)
    assert not any(journey.touchpoints[i].title in everything for i in hidden)
    for moment in journey.moments.values():
        assert (moment.title in everything) == (moment.kind == "success_milestone")
    notes = [t.notes for t in journey.touchpoints.values() if t.notes]
    assert notes and all(squash(n) not in everything for n in notes)
    for playbook in journey.playbooks.values():
        responsibilities = [x for r in playbook.internal_roles for x in r.responsibilities]
        assert not any(squash(x) in everything for x in responsibilities)


def test_segment_deck_shows_what_differs_from_the_core(sample: Workspace, tmp_path: Path) -> None:
    segment = sample.segments["seg-enterprise"]
    prs = _export(sample, tmp_path, segment="Enterprise")
    assert "Segment: Enterprise" in slide_text(prs.slides[0])
    differs = slides_titled(prs, "What differs from the core: Enterprise")
    assert differs
    text = deck_text(differs)
    core = sample.core
    for tp in segment.added.touchpoints.values():
        assert f"Touchpoint: {tp.title}" in text
    for element_id in segment.hidden:
        element = core.touchpoints.get(element_id) or core.flows.get(element_id)
        assert element is not None
        if element_id in core.touchpoints:
            assert core.touchpoints[element_id].title in text
    for fields in segment.changed.touchpoints.values():
        for field, override in fields.items():
            label = field.replace("_", " ").capitalize()
            assert f"{label}:" in text
            if isinstance(override.value, str) and override.value:
                assert squash(override.value) in text and squash(override.base) in text
    hidden = [
        d for d in diff_journeys(core, resolve(sample, segment), core_ids(sample)) if d.status == "hidden"
    ]
    assert len(hidden) > len(segment.hidden)  # a hidden card also hides the arrows that touch it
    assert text.count("Hidden ") == len(hidden)
    journey = resolve(sample, segment)
    cards = {s.name.removeprefix("Card ") for slide in _map_slides(prs) for s in named(slide, "Card ")}
    assert cards == set(journey.touchpoints)
    assert "Task" in deck_text(slides_titled(prs, "Playbook: Kickoff"))
    assert "First steering committee approves the success plan" in deck_text(
        slides_titled(prs, "Playbook: Kickoff")
    )


@pytest.mark.parametrize(
    ("template", "size", "layouts"),
    [
        ("deck-default.pptx", (Inches(13.333), Inches(7.5)), ("Title Slide", "Title and Content")),
        ("deck-alt.pptx", (Inches(10), Inches(7.5)), ("Cover", "Body")),
    ],
)
def test_both_bundled_templates_make_the_same_deck(
    sample: Workspace, tmp_path: Path, template: str, size: tuple[int, int], layouts: tuple[str, str]
) -> None:
    prs = _export(sample, tmp_path, template=TEMPLATES / template)
    assert abs(prs.slide_width - size[0]) < Inches(0.01) and prs.slide_height == size[1]
    assert prs.slides[0].slide_layout.name == layouts[0]
    assert {s.slide_layout.name for s in list(prs.slides)[1:]} == {layouts[1]}
    assert titles(prs)[0] == sample.name and "Stage 8 of 8: Advocacy" in titles(prs)
    for slide in prs.slides:  # no empty placeholder left to say "Click to add text"
        assert all(ph.has_text_frame and ph.text_frame.text for ph in slide.placeholders)
    assert overflowing(prs) == []


def test_the_default_template_is_used_when_none_is_given(sample: Workspace, core_deck: Any) -> None:
    assert core_deck.slide_width == Inches(13.333) // 1 or abs(
        core_deck.slide_width - Inches(13.333)
    ) < Inches(0.01)
    assert core_deck.slides[0].slide_layout.name == "Title Slide"


def _template(tmp_path: Path, edit: Any, name: str = "corporate.pptx") -> Path:
    prs = Presentation()
    edit(prs)
    path = tmp_path / name
    prs.save(str(path))
    return path


def test_a_users_template_keeps_its_look_and_loses_its_sample_slides(
    sample: Workspace, tmp_path: Path
) -> None:
    def edit(prs: Any) -> None:
        for text in ("TEMPLATE SAMPLE ONE", "TEMPLATE SAMPLE TWO"):
            slide = prs.slides.add_slide(prs.slide_layouts[1])
            slide.shapes.title.text = text

    prs = _export(sample, tmp_path, template=_template(tmp_path, edit))
    assert "TEMPLATE SAMPLE" not in deck_text(list(prs.slides))
    assert prs.slide_width == Inches(10)  # the template's size, not the bundled one's
    assert prs.slides[0].slide_layout.name == "Title Slide"
    assert prs.slides[1].slide_layout.name == "Title and Content"
    with zipfile.ZipFile(tmp_path / "deck.pptx") as archive:  # removed slides are not carried along
        assert len([n for n in archive.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)]) == len(
            prs.slides
        )


def test_a_template_with_only_blank_layouts_gets_titles_of_our_own(sample: Workspace, tmp_path: Path) -> None:
    def edit(prs: Any) -> None:
        for layout in list(prs.slide_layouts):
            if layout.name != "Blank":
                prs.slide_layouts.remove(layout)

    prs = _export(sample, tmp_path, template=_template(tmp_path, edit))
    assert titles(prs)[:2] == [sample.name, "Overview"]
    assert named(prs.slides[3], "Title") and overflowing(prs) == []


def _crowded(prs: Any) -> None:
    """Every layout's title fills the slide, and there is no blank layout."""
    for layout in list(prs.slide_layouts):
        if layout.name == "Blank":
            prs.slide_layouts.remove(layout)
            continue
        for ph in layout.placeholders:
            if ph.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                ph.left, ph.top, ph.width, ph.height = 0, 0, prs.slide_width, prs.slide_height - Inches(1)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            _crowded,
            "corporate.pptx: layout 'Title and Content' leaves too little room for content (9.3 × 0.2 in); "
            "no other layout has room for content either",
        ),
        (
            lambda prs: setattr(prs, "slide_width", Inches(4)),
            "corporate.pptx: slides are 4.0 × 7.5 in; the deck needs at least 7.5 × 5 in",
        ),
    ],
)
def test_a_template_without_a_usable_layout_says_which(
    sample: Workspace, tmp_path: Path, edit: Any, message: str
) -> None:
    path = _template(tmp_path, edit)
    out = tmp_path / "deck.pptx"
    with pytest.raises(ExportError) as caught:
        export_deck(sample, out, template=path)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert not out.exists()


def test_bad_templates_and_segments_write_nothing(sample: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"the previous deck")
    (tmp_path / "bad.pptx").write_bytes(b"PK but not a zip")
    with pytest.raises(ExportError, match="not a PowerPoint deck"):
        export_deck(sample, out, template=tmp_path / "bad.pptx")
    with pytest.raises(
        ExportError, match=r"no segment 'Retail' in this workspace \(segments: Enterprise, SMB, Education\)"
    ):
        export_deck(sample, out, segment="Retail")
    assert out.read_bytes() == b"the previous deck"


def test_a_potx_template_is_accepted(sample: Workspace, tmp_path: Path) -> None:
    data = (TEMPLATES / "deck-default.pptx").read_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    potx = tmp_path / "corporate.potx"
    with zipfile.ZipFile(potx, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "[Content_Types].xml":
                part = part.replace(b"presentation.main+xml", b"template.main+xml")
            target.writestr(info, part)
    assert titles(_export(sample, tmp_path, template=potx))[0] == sample.name


def test_progress_goes_forward_to_one_and_raising_cancels(sample: Workspace, tmp_path: Path) -> None:
    seen: list[float] = []
    export_deck(sample, tmp_path / "a.pptx", progress=lambda f, _m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 20

    class Cancelled(Exception):
        pass

    def cancel(fraction: float, _message: str) -> None:
        if fraction > 0.5:
            raise Cancelled

    out = tmp_path / "b.pptx"
    with pytest.raises(Cancelled):
        export_deck(sample, out, progress=cancel)
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["a.pptx"]

    def cancel_at_the_end(fraction: float, _message: str) -> None:
        if fraction == 1.0:
            raise Cancelled

    with pytest.raises(Cancelled):
        export_deck(sample, out, progress=cancel_at_the_end)
    assert not out.exists()


def test_user_text_never_becomes_a_link_or_a_field(sample: Workspace, tmp_path: Path) -> None:
    core = sample.core
    formula = '=HYPERLINK("http://x","y")'
    tp = core.touchpoints["tp-acq-demo-request"].model_copy(
        update={"title": formula, "description": "see http://evil.example now\x07"}
    )
    other = core.touchpoints["tp-acq-free-trial"].model_copy(update={"title": "http://evil.example"})
    touchpoints = {**core.touchpoints, tp.id: tp, other.id: other}
    workspace = sample.model_copy(
        update={"core": core.model_copy(update={"touchpoints": touchpoints}), "name": "mailto:a@b.example"}
    )
    out = tmp_path / "deck.pptx"
    export_deck(workspace, out)
    prs = Presentation(str(out))
    cards = {s.name: s for slide in _map_slides(prs) for s in named(slide, "Card ")}
    assert cards[f"Card {tp.id}"].text_frame.text == formula
    assert cards[f"Card {other.id}"].text_frame.text == "http://evil.example"
    text = deck_text(list(prs.slides))
    assert "see http://evil.example now\\x07" in text and titles(prs)[0] == "mailto:a@b.example"
    with zipfile.ZipFile(out) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("ppt/slides/"))
    assert b"hlinkClick" not in xml and b"hlinkHover" not in xml
    # The only fields are the slide numbers the deck adds (one per slide), never user text.
    fields = re.findall(rb"<a:fld [^>]*>", xml)
    assert fields and all(b'type="slidenum"' in f for f in fields)
    assert xml.count(b'<a:t>=HYPERLINK("http://x","y")</a:t>') >= 3  # run text: map, stage, validation


@pytest.mark.slow  # 600 cards: several seconds
def test_a_big_map_is_cut_into_readable_slides(tmp_path: Path) -> None:
    workspace = generate_workspace(600, 0, seed=3)
    prs = _export(workspace, tmp_path)
    maps = _map_slides(prs)
    cards = [s for slide in maps for s in named(slide, "Card ")]
    assert len(cards) == len(workspace.core.touchpoints) and len(maps) > 3
    assert all(s.width >= Inches(1.19) for s in cards)
    assert all(r.font.size.pt >= 9 for s in cards for p in s.text_frame.paragraphs for r in p.runs)
    assert all("(continued)" in title_of(s) for s in maps[1:])
    assert overflowing(prs) == []


def test_an_overfull_cell_is_split_into_parts(tmp_path: Path) -> None:
    workspace = generate_workspace(40, 0, seed=3)
    core = workspace.core
    stage = core.ordered_stages()[0].id
    lane = core.ordered_lanes()[0].id
    crowded = {
        k: t.model_copy(update={"stage_id": stage, "lane_id": lane}) for k, t in core.touchpoints.items()
    }
    extra = {
        f"tp-x{i}": next(iter(crowded.values())).model_copy(update={"id": f"tp-x{i}", "title": f"Extra {i}"})
        for i in range(160)
    }
    workspace = workspace.model_copy(
        update={
            "core": core.model_copy(update={"touchpoints": {**crowded, **extra}, "flows": {}, "handoffs": {}})
        }
    )
    prs = _export(workspace, tmp_path)
    maps = _map_slides(prs)
    assert any("part 2 of" in title_of(s) for s in maps)
    assert sum(len(named(s, "Card ")) for s in maps) == 200
    assert overflowing(prs) == []


def test_an_empty_workspace_still_makes_a_deck(tmp_path: Path) -> None:
    prs = _export(Workspace(), tmp_path)
    assert titles(prs)[:3] == ["Untitled journey", "Overview", "Journey map"]
    assert "No stages yet." in slide_text(prs.slides[2])


def test_a_playbook_without_a_moment_still_gets_its_slides(sample: Workspace, tmp_path: Path) -> None:
    core = sample.core
    extra = Playbook(
        id="pb-stage-only", title="Stage playbook", stage_id="stage-awareness", event_trigger="A lead appears"
    )
    workspace = sample.model_copy(
        update={"core": core.model_copy(update={"playbooks": {**core.playbooks, extra.id: extra}})}
    )
    prs = _export(workspace, tmp_path)
    assert "A lead appears" in deck_text(slides_titled(prs, "Playbook: Stage playbook"))


def test_long_names_shrink_or_continue_and_never_overflow(sample: Workspace, tmp_path: Path) -> None:
    core = sample.core
    long_name = "Onboarding, " + "with a very long stage name that a workshop typed in " * 6
    stages = {
        **core.stages,
        "stage-onboarding": core.stages["stage-onboarding"].model_copy(update={"name": long_name}),
    }
    workspace = sample.model_copy(
        update={"name": "A journey " * 40, "core": core.model_copy(update={"stages": stages})}
    )
    for template in ("deck-default.pptx", "deck-alt.pptx"):
        prs = _export(workspace, tmp_path, template=TEMPLATES / template)
        assert overflowing(prs) == []
        stage = slides_titled(prs, "Stage 4 of 8: Onboarding")[0]
        assert title_of(stage).endswith("…") and squash(long_name) in slide_text(
            stage
        )  # the "Full title" box
        assert any(len(t) < 120 for t in titles(prs) if t.startswith("Journey map"))


def test_text_estimate_wraps_splits_and_truncates_without_losing_text() -> None:
    text = "Review the handoff form with the account executive " + "y" * 120 + " and then the rest"
    p = Para((Run(text),), 11)
    spans = line_spans(p, 200)
    assert len(spans) > 3 and "".join(text[a:b] for a, b in spans) == text.replace("\n", "")
    assert all(text_width(text[a:b].rstrip()) * 11 <= 200 for a, b in spans)  # every line fits the width
    parts = split_para(p, 200, 3 * p.line_height + p.space_before)
    assert parts is not None
    head, tail = parts
    assert len(line_spans(head, 200)) == 3 and (head.text + tail.text).replace(" ", "") == text.replace(
        " ", ""
    )
    assert tail.indent is False and tail.bullet is False and tail.space_before == 0
    short = truncate(text, 200, 11, 2)
    assert short.endswith("…") and len(line_spans(Para((Run(short),), 11), 200)) == 2
    assert truncate("fits", 200, 11, 1) == "fits"


def test_a_title_that_starts_with_its_kind_is_not_said_twice(sample: Workspace, tmp_path: Path) -> None:
    core = sample.core
    risk = next(m for m in core.moments.values() if m.kind == "risk")
    moments = {**core.moments, risk.id: risk.model_copy(update={"title": "Risk: the champion leaves"})}
    playbooks = dict(core.playbooks)
    pb = next(p for p in playbooks.values() if p.key_milestones)
    marker = pb.key_milestones[0]
    named = marker.model_copy(update={"title": f"{marker.kind.capitalize()}: {marker.title}"})
    playbooks[pb.id] = pb.model_copy(update={"key_milestones": (named, *pb.key_milestones[1:])})
    workspace = sample.model_copy(
        update={"core": core.model_copy(update={"moments": moments, "playbooks": playbooks})}
    )
    text = deck_text(list(_export(workspace, tmp_path).slides))
    assert "Risk: the champion leaves" in text
    assert "Risk: Risk:" not in text and "Celebration: Celebration:" not in text
