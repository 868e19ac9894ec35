"""Decks on hostile templates (tests/exporters/hostile_templates.py): readable colours on a dark master
and a pale accent, content clear of logos, slide numbers, one title size, a real cover without a title
placeholder, other slide sizes without more slides, a LibreOffice-made template, a Russian workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pptx import Presentation
from pptx.util import Inches

from exporters.pptx import export_deck
from exporters.xlsx import export_workbook
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import resources_dir, sample_path

from . import hostile_templates as hostile
from .libreoffice import needs_libreoffice
from .pptx_helpers import named, overflowing, slide_text, titles

BUNDLED = resources_dir() / "export" / "deck-default.pptx"


@pytest.fixture(scope="module")
def sample() -> Workspace:
    return load_workspace(sample_path())


def _deck(workspace: Workspace, folder: Path, template: bytes | Path, **options: Any) -> Any:
    path = template if isinstance(template, Path) else folder / "template.pptx"
    if not isinstance(template, Path):
        path.write_bytes(template)
    out = folder / "deck.pptx"
    export_deck(workspace, out, template=path, **options)
    return Presentation(str(out))


def _holds(prs: Any) -> None:
    """What every deck must do on any template."""
    assert hostile.contrast_failures(prs) == []
    assert hostile.shapes_on_artwork(prs) == []
    assert all(hostile.has_slide_number(slide) for slide in prs.slides)
    assert len(hostile.content_title_sizes(prs)) == 1
    assert overflowing(prs) == []


@pytest.mark.parametrize("mapped", [False, True], ids=["text-black", "text-mapped-white"])
def test_a_dark_master_gets_light_text_and_readable_map(
    sample: Workspace, tmp_path: Path, mapped: bool
) -> None:
    prs = _deck(sample, tmp_path, hostile.dark_master(mapped), segment="Enterprise")
    _holds(prs)


def test_a_pale_accent_is_not_used_for_headings_or_table_headers(sample: Workspace, tmp_path: Path) -> None:
    prs = _deck(sample, tmp_path, hostile.grey_accent())
    _holds(prs)
    xml = b"".join(s.part.blob for s in prs.slides)
    assert b'<a:schemeClr val="accent1"/>' not in xml  # accent 1 (#DDDDDD) reads on nothing here


def test_content_keeps_clear_of_the_masters_logo(sample: Workspace, tmp_path: Path) -> None:
    prs = _deck(sample, tmp_path, hostile.logo())
    _holds(prs)
    assert all(hostile.template_pictures(slide) for slide in list(prs.slides)[1:])


def test_footer_date_and_slide_number_placeholders_are_kept(sample: Workspace, tmp_path: Path) -> None:
    prs = _deck(sample, tmp_path, BUNDLED)
    for number, slide in enumerate(prs.slides, 1):
        kinds = {s._element.find(".//{*}ph").get("type") for s in slide.placeholders}
        assert {"dt", "ftr", "sldNum"} <= kinds, number
        fields = [f for f in slide.shapes._spTree.iter("{*}fld") if f.get("type") == "slidenum"]
        assert len(fields) == 1 and fields[0].findtext("{*}t") == str(number)


def test_a_cover_without_a_title_placeholder_is_still_a_cover(sample: Workspace, tmp_path: Path) -> None:
    prs = _deck(sample, tmp_path, hostile.no_title_cover())
    _holds(prs)
    cover = prs.slides[0]
    assert cover.slide_layout.name == "Title Slide"
    assert titles(prs)[0] == sample.name
    text = slide_text(cover)
    assert "Customer journey map and lifecycle playbooks" in text and "Core journey" in text
    assert any(str(year) in text for year in range(2024, 2100))  # the date, in the subtitle
    assert named(cover, "Subtitle") and hostile.template_pictures(cover)


@pytest.mark.parametrize("size", [(10, 5.625), (10, 7.5), (11.02, 6.2)], ids=["16x9-google", "4x3", "a4ish"])
def test_other_slide_sizes_keep_the_slide_count(
    sample: Workspace, tmp_path: Path, size: tuple[float, float]
) -> None:
    (tmp_path / "ref").mkdir()
    reference = len(_deck(sample, tmp_path / "ref", BUNDLED).slides)
    prs = _deck(sample, tmp_path, hostile.sized(*size))
    assert abs(prs.slide_width - Inches(size[0])) < Inches(0.01)
    _holds(prs)
    assert len(prs.slides) <= reference * 1.1
    for slide in prs.slides:  # map slides use the width: their rows span most of the content area
        rows = named(slide, "Row ")
        if rows:
            assert max(r.width for r in rows) > 0.6 * prs.slide_width


@needs_libreoffice
@pytest.mark.slow
def test_a_libreoffice_template_gets_a_whole_cover(sample: Workspace, tmp_path: Path) -> None:
    template = hostile.libreoffice(tmp_path)
    prs = _deck(sample, tmp_path, template)
    _holds(prs)
    cover = slide_text(prs.slides[0])
    assert "Core journey" in cover and any(str(year) in cover for year in range(2024, 2100))
    assert "…" not in cover
    import zipfile

    names = zipfile.ZipFile(tmp_path / "deck.pptx").namelist()
    assert len(names) == len(set(names))  # LibreOffice's core properties are not written twice


def test_a_russian_workbooks_body_font_is_used(tmp_path: Path) -> None:
    template = tmp_path / "ru.xlsx"
    template.write_bytes(hostile.russian_workbook())
    export_workbook(load_workspace(sample_path()), tmp_path / "out.xlsx", template=template)
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert "Обычный" in book.named_styles and "Normal" not in book.named_styles
    for name in ("JM Header", "JM Cell", "JM Title"):
        style = next(s for s in book._named_styles if s.name == name)
        assert style.font.name == "PT Sans", name


@pytest.mark.parametrize("template", ["bundled", "dark", "logo"])
def test_the_customer_s_deck_holds_on_every_template_and_carries_nothing_internal(
    tmp_path: Path, template: str
) -> None:
    """Issue 11's done-when: the customer's deck of the (marked) sample on the bundled template, a dark
    and a logo-heavy one: a number on every slide, every text readable, only allow-listed text."""
    from exporters.pptx import default_template

    from .test_customer_view import allowed, found_codes, marked_sample

    workspace, marks = marked_sample()
    chosen = {"bundled": default_template(), "dark": hostile.dark_master(True), "logo": hostile.logo()}[
        template
    ]
    prs = _deck(workspace, tmp_path, chosen, customer_view=True)
    _holds(prs)
    assert len(prs.slides) <= 16
    found = found_codes(tmp_path / "deck.pptx")
    assert found and not [marks.owners[c][:3] for c in found if not allowed(workspace, marks, c)]


def test_the_customer_s_workbook_on_a_localised_template_carries_nothing_internal(tmp_path: Path) -> None:
    from exporters.xlsx import export_workbook

    from .test_customer_view import allowed, found_codes, marked_sample

    workspace, marks = marked_sample()
    template = tmp_path / "vorlage.xlsx"
    template.write_bytes(hostile.russian_workbook())
    export_workbook(workspace, tmp_path / "c.xlsx", template=template, customer_view=True)
    found = found_codes(tmp_path / "c.xlsx")
    assert found and not [marks.owners[c][:3] for c in found if not allowed(workspace, marks, c)]
