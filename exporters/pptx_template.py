"""The deck's template: its layouts found by name with fallbacks by structure, and slides made from them.

A user's corporate template names its layouts in its own language and places titles where its designer
liked; the exporter only needs a cover (a title and a subtitle) and a content slide (a title and room
below it), so it looks for those by name first, then by the placeholders a layout holds.

Slides already in a template (samples, instructions) are removed; its masters, layouts, theme
(colours and fonts) and slide size are kept.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import zipfile
from collections.abc import Callable, Iterable
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu, Inches, Pt

from .pptx_finish import Colorist, scale_slide
from .pptx_geometry import Box as Box  # re-exported: the deck's modules take it from here
from .pptx_geometry import overlap
from .pptx_layout import add_footers, artwork, footer_boxes, free_area, slide_number_paragraph
from .pptx_text import EMU_PER_PT, Para, Run, line_spans, prepare_frame, truncate, write_paras
from .pptx_theme import Palette, register
from .safety import ExportError, plain_text

TITLE_NAMES = (
    "title slide", "title", "cover", "titelfolie", "diapositive de titre", "diapositiva de título",
    "diapositiva titolo", "титульный слайд", "titeldia", "slajd tytułowy",
)  # fmt: skip
REFERENCE = (Inches(13.333), Inches(7.5))  # the slide the deck is laid out on; others are scaled to it
TITLE_SAMPLE = "Playbook: Executive business review (continued)"  # a typical long content title
CONTENT_NAMES = ("title and content", "title only", "title, content", "content")
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
MIN_SIZE = (Inches(7.5), Inches(5))  # smaller slides cannot hold 9 pt map cards and tables
MIN_CONTENT = (Inches(5), Inches(3))
MARGIN = Inches(0.45)
GAP = Inches(0.1)  # between content and the template's artwork
TITLE_MIN_PT = 16.0
_POTX = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PPTX = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def _box(shape: Any, scale: float = 1.0) -> Box | None:
    """A shape's box in the deck's design units (the template's EMU divided by its scale)."""
    values = (shape.left, shape.top, shape.width, shape.height)
    if any(v is None for v in values) or values[2] <= 0 or values[3] <= 0:
        return None
    return Box(*(int(int(v) / scale) for v in values))


def _placeholders(owner: Any) -> list[Any]:
    """The placeholders of a slide, layout or master (python-pptx types these loosely)."""
    return list(owner.placeholders)


def _types(layout: SlideLayout) -> set[PP_PLACEHOLDER]:
    return {ph.placeholder_format.type for ph in _placeholders(layout)}


def _placeholder(layout: Any, types: Iterable[PP_PLACEHOLDER]) -> Any:
    wanted = tuple(types)
    return next((ph for ph in _placeholders(layout) if ph.placeholder_format.type in wanted), None)


def open_template(data: bytes, where: str) -> Any:
    """The template as a python-pptx Presentation; a .potx is opened as the deck it describes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml")
            if _POTX in types:
                data = _rezip(archive, {"[Content_Types].xml": types.replace(_POTX, _PPTX)})
        return Presentation(io.BytesIO(data))
    except ExportError:
        raise
    except Exception as exc:  # python-pptx raises many kinds for a damaged deck
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ExportError(f"{where}: cannot be read as a PowerPoint deck ({reason[:200]})") from None


def _rezip(archive: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in archive.infolist():
            target.writestr(info, replaced.get(info.filename, archive.read(info)))
    return out.getvalue()


class DeckTemplate:
    """A loaded template that makes title and content slides, whatever its layouts are called."""

    def __init__(self, data: bytes, where: str) -> None:
        self.where = where
        self.prs = open_template(data, where)
        real_w = int(self.prs.slide_width or Inches(10))
        real_h = int(self.prs.slide_height or Inches(7.5))
        if real_w < MIN_SIZE[0] or real_h < MIN_SIZE[1]:
            raise ExportError(
                f"{where}: slides are {real_w / 914400:.1f} × {real_h / 914400:.1f} in; "
                "the deck needs at least 7.5 × 5 in"
            )
        # Everything is laid out on a slide at least as big as the reference one, and scaled to the
        # template's size on saving (pptx_finish): a 10 × 5.625 in deck holds what a 13.33 × 7.5 in one does.
        self.scale = min(real_w / REFERENCE[0], real_h / REFERENCE[1])
        self.width, self.height = round(real_w / self.scale), round(real_h / self.scale)
        if not len(self.prs.slide_masters):  # python-pptx would raise IndexError for its layouts
            raise ExportError(f"{where}: has no slide master to build on (not a usable deck template)")
        try:
            self._read_layouts()
        except ExportError:
            raise
        except Exception as exc:  # a template whose masters or layouts python-pptx cannot use
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise ExportError(f"{where}: its slide master or layouts cannot be used ({reason})") from None
        self.deck_title = ""
        self.date = dt.date.today().strftime("%d %B %Y").lstrip("0")

    def _read_layouts(self) -> None:
        """Pick the cover and content layouts, and what the content layout leaves free."""
        layouts = list(self.prs.slide_layouts)
        if not layouts:
            raise ExportError(f"{self.where}: has no slide layouts to build on")
        self._remove_slides()
        self.title_layout = self._find_title_layout(layouts)
        self.content_layout = self._find_content_layout(layouts)
        self.content_title, self.content_area = self._content_geometry(self.content_layout)
        self.palette = Palette.of(self.content_layout)
        register(self.prs.part.package, self.palette)

    # --- layouts --------------------------------------------------------------------------------------

    def _remove_slides(self) -> None:
        """Drop the template's own slides, their notes, and whatever else of the template's could carry
        its text out: custom shows (which would keep a dropped slide referenced), the thumbnail, custom
        properties, and its title, author and comments. Unreferenced parts are not saved."""
        presentation = self.prs.part._element
        for shows in presentation.findall(qn("p:custShowLst")):
            presentation.remove(shows)
        ids = self.prs.slides._sldIdLst
        for entry in list(ids):
            self.prs.part.rels.pop(entry.rId)  # unconditionally: nothing may keep a template slide alive
            ids.remove(entry)
        package_rels = self.prs.part.package._rels
        for rel_id, rel in list(package_rels.items()):
            # LibreOffice relates its core properties with another spelling of the type, which python-pptx
            # does not know: it would add a second docProps/core.xml (a corrupt package). Drop it too.
            odd_core = rel.reltype.endswith("/metadata/core-properties") and rel.reltype != RT.CORE_PROPERTIES
            if odd_core or rel.reltype.endswith(("/thumbnail", "/custom-properties")):
                package_rels.pop(rel_id)
        props = self.prs.core_properties
        for field in ("author", "category", "comments", "content_status", "keywords", "subject", "title"):
            setattr(props, field, "")
        props.last_modified_by = "Journey Map Designer"

    @staticmethod
    def _by_name(
        layouts: list[SlideLayout], names: tuple[str, ...], usable: Callable[[SlideLayout], bool]
    ) -> Any:
        for name in names:
            for layout in layouts:
                if layout.name.strip().casefold() == name and usable(layout):
                    return layout
        return None

    def _find_title_layout(self, layouts: list[SlideLayout]) -> SlideLayout:
        """The cover's layout: one named "Title Slide" (or "Title", "Cover", in a few languages) whatever
        placeholders it has (a cover that is all artwork gets its text drawn in its free area), else the
        first with a title and a subtitle, else the first with a title, else the first."""

        def has_title(layout: SlideLayout) -> bool:
            return bool(_types(layout) & set(TITLE_TYPES))

        def title_and_subtitle(layout: SlideLayout) -> bool:
            return has_title(layout) and PP_PLACEHOLDER.SUBTITLE in _types(layout)

        return (
            self._by_name(layouts, TITLE_NAMES, lambda _x: True)
            or next((x for x in layouts if title_and_subtitle(x)), None)
            or next((x for x in layouts if has_title(x)), None)
            or layouts[0]
        )

    def _find_content_layout(self, layouts: list[SlideLayout]) -> SlideLayout:
        """The content slides' layout: one named "Title and Content" (or "Title Only"), else one with a
        title and a body, else one with a title and no subtitle, else a blank one (the title is then a
        text box of our own). Each must leave room for content; if none does, the error names the
        layout that should have."""

        def has_title(layout: SlideLayout) -> bool:
            return bool(_types(layout) & set(TITLE_TYPES)) and self._fits(layout)

        def title_and_body(layout: SlideLayout) -> bool:
            types = _types(layout)
            return (
                has_title(layout) and bool(types & set(BODY_TYPES)) and PP_PLACEHOLDER.SUBTITLE not in types
            )

        def blank(layout: SlideLayout) -> bool:
            return not _types(layout) & {*TITLE_TYPES, *BODY_TYPES, PP_PLACEHOLDER.SUBTITLE}

        found: SlideLayout | None = (
            self._by_name(layouts, CONTENT_NAMES, has_title)
            or next((x for x in layouts if title_and_body(x)), None)
            or next((x for x in layouts if has_title(x) and PP_PLACEHOLDER.SUBTITLE not in _types(x)), None)
            or next((x for x in layouts if blank(x)), None)
        )
        if found is not None:
            return found
        culprit = self._by_name(layouts, CONTENT_NAMES, lambda _x: True) or next(
            (x for x in layouts if _types(x) & set(TITLE_TYPES)), layouts[0]
        )
        try:
            self._content_geometry(culprit)
        except ExportError as exc:
            raise ExportError(f"{exc}; no other layout has room for content either") from None
        return culprit  # a title slide is all there is: content goes below its title

    def _fits(self, layout: SlideLayout) -> bool:
        """A content layout whose title leaves enough room for content on the slide."""
        try:
            self._content_geometry(layout)
        except ExportError:
            return False
        return True

    def _content_geometry(self, layout: SlideLayout) -> tuple[Box, Box]:
        """Where a content slide's title goes and the room left for content.

        The layout's body placeholder marks the content area when there is one; otherwise the larger of
        the room below and beside the title is used, inside the slide's margins.
        """
        title_ph = _placeholder(layout, TITLE_TYPES)
        title = _box(title_ph, self.scale) if title_ph is not None else None
        if title is None or not self._on_slide(title):
            title = Box(MARGIN, Inches(0.3), self.width - 2 * MARGIN, Inches(0.9))
            title = free_area(title, artwork(layout, self.scale), GAP)
        body_ph = _placeholder(layout, BODY_TYPES)
        body = _box(body_ph, self.scale) if body_ph is not None else None
        if body is not None and self._on_slide(body) and not overlap(body, title):
            area = body
        else:
            below = Box(MARGIN, title.bottom + Inches(0.2), self.width - 2 * MARGIN, 0)
            below = Box(below.x, below.y, below.w, self.height - MARGIN - below.y)
            right = Box(title.x + title.w + Inches(0.2), MARGIN, 0, self.height - 2 * MARGIN)
            right = Box(right.x, right.y, self.width - MARGIN - right.x, right.h)
            area = max((below, right), key=lambda b: max(b.w, 0) * max(b.h, 0))
        obstacles = [*artwork(layout, self.scale), *footer_boxes(layout, self.scale)]
        area = free_area(area, obstacles, GAP)
        if area.w < MIN_CONTENT[0] or area.h < MIN_CONTENT[1]:
            raise ExportError(
                f"{self.where}: layout {layout.name!r} leaves too little room for content "
                f"({area.w * self.scale / 914400:.1f} × {area.h * self.scale / 914400:.1f} in)"
            )
        return title, area

    def _on_slide(self, box: Box) -> bool:
        return box.x >= 0 and box.y >= 0 and box.x + box.w <= self.width and box.bottom <= self.height

    # --- slides ---------------------------------------------------------------------------------------

    def title_slide(self, title: str, subtitle: str) -> Slide:
        """The cover, on the template's cover layout: its title and subtitle placeholders when it has
        them, else text boxes in the part of the layout its artwork leaves free."""
        self.deck_title = plain_text(title)
        layout = self.title_layout
        slide: Slide = self.prs.slides.add_slide(layout)
        title_ph = _slide_placeholder(slide, TITLE_TYPES)
        sub_ph = _slide_placeholder(slide, (PP_PLACEHOLDER.SUBTITLE, *BODY_TYPES))
        title_size = _text_size(layout, TITLE_TYPES, "p:titleStyle", 40) / self.scale
        sub_size = _text_size(layout, (PP_PLACEHOLDER.SUBTITLE, *BODY_TYPES), "p:bodyStyle", 18) / self.scale
        if title_ph is None:
            title_ph, sub_ph = self._cover_boxes(slide)
            title_size, sub_size = min(title_size, 40.0), min(sub_size, 20.0)
        self._set_title(title_ph, title, title_size, shrink=True)
        if sub_ph is None:
            box = _box(title_ph, self.scale if title_ph.is_placeholder else 1.0) or self.content_title
            sub_ph = add_textbox(slide, Box(box.x, box.bottom + Inches(0.2), box.w, Inches(1.2)), "Subtitle")
        self._set_title(sub_ph, subtitle, sub_size, shrink=True, cut=False)
        _drop_other_placeholders(slide, {title_ph.shape_id, sub_ph.shape_id})
        self._number(slide, layout)
        return slide

    def _cover_boxes(self, slide: Slide) -> tuple[Any, Any]:
        """Title and subtitle text boxes, centred in the cover layout's largest free area."""
        layout = self.title_layout
        page = Box(MARGIN, MARGIN, self.width - 2 * MARGIN, self.height - 2 * MARGIN)
        free = free_area(page, [*artwork(layout, self.scale), *footer_boxes(layout, self.scale)], GAP)
        if free.w < Inches(3) or free.h < Inches(1.5):
            free = page  # artwork everywhere: the text goes over it, on a panel (pptx_finish)
        title_h = min(int(free.h * 0.45), Inches(1.8))
        sub_h = min(free.h - title_h - Inches(0.1), Inches(1.3))
        top = free.y + max(0, (free.h - title_h - sub_h - Inches(0.1)) // 2)
        title = add_textbox(slide, Box(free.x, top, free.w, title_h), "Title", anchor="bottom")
        sub = add_textbox(slide, Box(free.x, top + title_h + Inches(0.1), free.w, sub_h), "Subtitle")
        return title, sub

    def content_slide(self, title: str) -> tuple[Slide, Box]:
        """A content slide with its title set; returns the room for content (as :meth:`room_for`).

        Every content title has the same size (the template's, or less so a typical long title fits);
        a title too long for its placeholder is cut with an ellipsis and given in full at the top of
        the content area, so nothing is lost.
        """
        slide: Slide = self.prs.slides.add_slide(self.content_layout)
        title_ph = _slide_placeholder(slide, TITLE_TYPES)
        size, bold = self._content_title_style()
        if title_ph is None:
            title_ph = add_textbox(slide, self.content_title, "Title", anchor="middle")
        overflow = self._set_title(title_ph, title, size, bold)
        _drop_other_placeholders(slide, {title_ph.shape_id})
        self._number(slide, self.content_layout)
        area = self.content_area
        if overflow:
            full = self._full_title(overflow)
            height = self._full_title_height(full)
            shape = add_textbox(slide, Box(area.x, area.y, area.w, height), "Full title")
            write_paras(shape.text_frame, full)
            area = area.below(height, Inches(0.1))
        return slide, area

    def _number(self, slide: Slide, layout: SlideLayout) -> None:
        """The template's date, footer and slide number on the slide; a number of our own if it has none."""
        number = len(self.prs.slides)
        texts = {"dt": self.date, "ftr": self.deck_title}
        if add_footers(slide, layout, texts, number):
            return
        w, h = Inches(0.9), Inches(0.35)
        blocked = artwork(layout, self.scale)
        spots = [
            Box(self.width - MARGIN - w, self.height - Inches(0.1) - h, w, h),
            Box(MARGIN, self.height - Inches(0.1) - h, w, h),
            Box(self.width - MARGIN - w, Inches(0.05), w, h),
        ]
        spot = next((b for b in spots if not any(overlap(b, a) for a in blocked)), spots[0])
        shape = add_textbox(slide, spot, "Slide number", anchor="middle")
        body = shape.text_frame._txBody
        for old in body.findall(qn("a:p")):
            body.remove(old)
        paragraph = slide_number_paragraph(body, number)
        paragraph.insert(0, paragraph.makeelement(qn("a:pPr"), {"algn": "r"}))
        paragraph.find(f"{qn('a:fld')}/{qn('a:rPr')}").set("sz", "1000")
        body.append(paragraph)

    def room_for(self, title: str) -> Box:
        """The content area a slide with this title will have (less when the title must be cut)."""
        size, bold = self._content_title_style()
        box = self.content_title
        fitted = _fit_title(plain_text(title), box.w_pt - 15, box.h_pt - 8, size, bold, shrink=False)
        if fitted[2] is None:
            return self.content_area
        return self.content_area.below(self._full_title_height(self._full_title(fitted[2])), Inches(0.1))

    @functools.cached_property
    def _title_style(self) -> tuple[float, bool]:
        """One size for every content title: the template's, lowered (not under 20 pt, large text)
        until a typical long title fits its placeholder."""
        if _placeholder(self.content_layout, TITLE_TYPES) is None:
            return 26.0, True
        size = _text_size(self.content_layout, TITLE_TYPES, "p:titleStyle", 44) / self.scale
        box = self.content_title
        while size > 20 and _fit_title(TITLE_SAMPLE, box.w_pt - 15, box.h_pt - 8, size, False, False)[2]:
            size -= 2
        return float(math.floor(size)), False  # down: a size rounded up may lose the title a line

    def _content_title_style(self) -> tuple[float, bool]:
        """The content slides' title size, and whether it is our own bold text box."""
        return self._title_style

    @staticmethod
    def _full_title(text: str) -> list[Para]:
        return [Para((Run("Full title: ", bold=True), Run(text)), size=11, space_before=0)]

    def _full_title_height(self, paras: list[Para]) -> int:
        width = self.content_area.w_pt - 10
        return int((sum(len(line_spans(p, width)) * p.line_height for p in paras) + 8) * EMU_PER_PT)

    def _set_title(
        self, shape: Any, text: str, size: float, bold: bool = False, shrink: bool = False, cut: bool = True
    ) -> str | None:
        """Put ``text`` in a title shape at ``size`` (smaller if ``shrink`` and it does not fit); returns
        the full text if it had to be cut (never when ``cut`` is False: the text is then shrunk further)."""
        scale = self.scale if shape.is_placeholder else 1.0  # a placeholder's box is the template's
        width = shape.width / scale / EMU_PER_PT - 15
        height = shape.height / scale / EMU_PER_PT - 8
        floor = TITLE_MIN_PT if cut else 9.0
        size, shown, overflow = _fit_title(plain_text(text), width, height, size, bold, shrink, floor)
        if not cut and overflow:
            shown, overflow = plain_text(text), None
        frame = shape.text_frame
        frame.text = ""
        for index, line in enumerate(shown.split("\n")):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size = Pt(round(size, 1))
            if bold:
                run.font.bold = True
        return overflow

    def save(self) -> bytes:
        """The deck, scaled to the template's slide size and its colours made readable (pptx_finish)."""
        colorist = Colorist(self.prs)
        for slide in self.prs.slides:
            scale_slide(slide, self.scale)
            colorist.fix(slide)
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def add_textbox(slide: Slide, box: Box, name: str, anchor: str = "top") -> Any:
    """A named text box whose frame the text estimate can trust."""
    shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
    shape.name = name
    prepare_frame(shape.text_frame, anchor=anchor)
    return shape


def _fit_title(
    text: str,
    width: float,
    height: float,
    size: float,
    bold: bool,
    shrink: bool = True,
    floor: float = TITLE_MIN_PT,
) -> tuple[float, str, str | None]:
    """(size, text shown, full text if it was cut): smaller type first (if ``shrink``), then an ellipsis."""
    start = size
    while shrink and size > min(floor, start) and _lines(text, width, size, bold) * size * 1.2 > height:
        size -= 1 if size <= 14 else 2
    lines = max(1, int(height // (size * 1.2)))
    if _lines(text, width, size, bold) > lines:
        return size, truncate(text, width, size, lines, bold), text
    return size, text, None


def _lines(text: str, width: float, size: float, bold: bool) -> int:
    return len(line_spans(Para((Run(text, bold=bold),), size, space_before=0), width))


def _slide_placeholder(slide: Slide, types: Iterable[PP_PLACEHOLDER]) -> Any:
    wanted = tuple(types)
    return next((ph for ph in slide.placeholders if ph.placeholder_format.type in wanted), None)


def _drop_other_placeholders(slide: Slide, keep: set[int]) -> None:
    """Empty placeholders would show "Click to add text" in PowerPoint: remove the unused ones."""
    for ph in list(slide.placeholders):
        if ph.shape_id not in keep:
            ph._element.getparent().remove(ph._element)


def _text_size(layout: SlideLayout, types: tuple[PP_PLACEHOLDER, ...], style: str, default: float) -> float:
    """A placeholder's font size as the template sets it.

    Looked up in the layout's placeholder, then the master's, then the master's text styles."""
    sources: list[Any] = []
    found = _placeholder(layout, types)
    if found is not None:
        sources.append(found._element)
        types = (found.placeholder_format.type,)
    master = layout.slide_master
    master_ph = _placeholder(master, types)
    if master_ph is None and types[0] in (*BODY_TYPES, PP_PLACEHOLDER.SUBTITLE):
        master_ph = _placeholder(master, BODY_TYPES)
    if master_ph is not None:
        sources.append(master_ph._element)
    master_style = master._element.find(f"{qn('p:txStyles')}/{qn(style)}")
    if master_style is not None:
        sources.append(master_style)
    for source in sources:
        for node in source.iter(qn("a:defRPr")):
            size = node.get("sz")
            if size and size.isdigit():
                return int(size) / 100
    return default
