"""The deck's template: its layouts found by name with fallbacks by structure, and slides made from them.

A user's corporate template names its layouts in its own language and places titles where its designer
liked; the exporter only needs a cover (a title and a subtitle) and a content slide (a title and room
below it), so it looks for those by name first, then by the placeholders a layout holds.

Slides already in a template (samples, instructions) are removed; its masters, layouts, theme
(colours and fonts) and slide size are kept.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu, Inches, Pt

from .pptx_text import EMU_PER_PT, Para, Run, line_spans, prepare_frame, truncate, write_paras
from .safety import ExportError, plain_text

TITLE_NAMES = ("title slide", "title", "cover")
CONTENT_NAMES = ("title and content", "title only", "title, content", "content")
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
MIN_SIZE = (Inches(7.5), Inches(5))  # smaller slides cannot hold 9 pt map cards and tables
MIN_CONTENT = (Inches(5), Inches(3))
MARGIN = Inches(0.45)
TITLE_MIN_PT = 16.0
_POTX = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PPTX = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    x: int
    y: int
    w: int
    h: int

    @property
    def w_pt(self) -> float:
        return self.w / EMU_PER_PT

    @property
    def h_pt(self) -> float:
        return self.h / EMU_PER_PT

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def below(self, height: int, gap: int = 0) -> Box:
        """What is left after taking ``height`` (and a gap) off the top."""
        taken = min(self.h, height + gap)
        return Box(self.x, self.y + taken, self.w, self.h - taken)


def _box(shape: Any) -> Box | None:
    values = (shape.left, shape.top, shape.width, shape.height)
    if any(v is None for v in values) or values[2] <= 0 or values[3] <= 0:
        return None
    return Box(*(int(v) for v in values))


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
        self.width = int(self.prs.slide_width or Inches(10))
        self.height = int(self.prs.slide_height or Inches(7.5))
        if self.width < MIN_SIZE[0] or self.height < MIN_SIZE[1]:
            raise ExportError(
                f"{where}: slides are {self.width / 914400:.1f} × {self.height / 914400:.1f} in; "
                "the deck needs at least 7.5 × 5 in"
            )
        layouts = list(self.prs.slide_layouts)
        if not layouts:
            raise ExportError(f"{where}: has no slide layouts to build on")
        self._remove_slides()
        self.title_layout = self._find_title_layout(layouts)
        self.content_layout = self._find_content_layout(layouts)
        self.content_title, self.content_area = self._content_geometry(self.content_layout)

    # --- layouts --------------------------------------------------------------------------------------

    def _remove_slides(self) -> None:
        """Drop the template's own slides; their parts are no longer referenced and are not saved."""
        ids = self.prs.slides._sldIdLst
        for entry in list(ids):
            self.prs.part.drop_rel(entry.rId)
            ids.remove(entry)

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
        """The cover's layout: one named "Title Slide" (or "Title", "Cover"), else the first with a title
        and a subtitle, else the first with a title, else the first (its text is then drawn by hand)."""

        def has_title(layout: SlideLayout) -> bool:
            return bool(_types(layout) & set(TITLE_TYPES))

        def title_and_subtitle(layout: SlideLayout) -> bool:
            return has_title(layout) and PP_PLACEHOLDER.SUBTITLE in _types(layout)

        return (
            self._by_name(layouts, TITLE_NAMES, has_title)
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
        title = _box(title_ph) if title_ph is not None else None
        if title is None or not self._on_slide(title):
            title = Box(MARGIN, Inches(0.3), self.width - 2 * MARGIN, Inches(0.9))
        body_ph = _placeholder(layout, BODY_TYPES)
        body = _box(body_ph) if body_ph is not None else None
        if body is not None and self._on_slide(body) and not _overlap(body, title):
            area = body
        else:
            below = Box(MARGIN, title.bottom + Inches(0.2), self.width - 2 * MARGIN, 0)
            below = Box(below.x, below.y, below.w, self.height - MARGIN - below.y)
            right = Box(title.x + title.w + Inches(0.2), MARGIN, 0, self.height - 2 * MARGIN)
            right = Box(right.x, right.y, self.width - MARGIN - right.x, right.h)
            area = max((below, right), key=lambda b: max(b.w, 0) * max(b.h, 0))
        if area.w < MIN_CONTENT[0] or area.h < MIN_CONTENT[1]:
            raise ExportError(
                f"{self.where}: layout {layout.name!r} leaves too little room for content "
                f"({area.w / 914400:.1f} × {area.h / 914400:.1f} in)"
            )
        return title, area

    def _on_slide(self, box: Box) -> bool:
        return box.x >= 0 and box.y >= 0 and box.x + box.w <= self.width and box.bottom <= self.height

    # --- slides ---------------------------------------------------------------------------------------

    def title_slide(self, title: str, subtitle: str) -> Slide:
        slide: Slide = self.prs.slides.add_slide(self.title_layout)
        title_ph = _slide_placeholder(slide, TITLE_TYPES)
        sub_ph = _slide_placeholder(slide, (PP_PLACEHOLDER.SUBTITLE, *BODY_TYPES))
        if title_ph is None:
            box = Box(MARGIN, int(self.height * 0.3), self.width - 2 * MARGIN, Inches(1.4))
            title_ph = add_textbox(slide, box, "Title")
        self._set_title(title_ph, title, _text_size(self.title_layout, TITLE_TYPES, "p:titleStyle", 44))
        if sub_ph is None:
            top = title_ph.top + title_ph.height + Inches(0.2)
            sub_ph = add_textbox(slide, Box(title_ph.left, top, title_ph.width, Inches(1.2)), "Subtitle")
        sub_types = (PP_PLACEHOLDER.SUBTITLE, *BODY_TYPES)
        self._set_title(sub_ph, subtitle, _text_size(self.title_layout, sub_types, "p:bodyStyle", 18))
        _drop_other_placeholders(slide, {title_ph.shape_id, sub_ph.shape_id})
        return slide

    def content_slide(self, title: str) -> tuple[Slide, Box]:
        """A content slide with its title set; returns the room for content (as :meth:`room_for`).

        A title too long for its placeholder shrinks down to 16 pt, then is cut with an ellipsis and
        given in full at the top of the content area, so nothing is lost.
        """
        slide: Slide = self.prs.slides.add_slide(self.content_layout)
        title_ph = _slide_placeholder(slide, TITLE_TYPES)
        size, bold = self._content_title_style()
        if title_ph is None:
            title_ph = add_textbox(slide, self.content_title, "Title", anchor="middle")
        overflow = self._set_title(title_ph, title, size, bold)
        _drop_other_placeholders(slide, {title_ph.shape_id})
        area = self.content_area
        if overflow:
            full = self._full_title(overflow)
            height = self._full_title_height(full)
            shape = add_textbox(slide, Box(area.x, area.y, area.w, height), "Full title")
            write_paras(shape.text_frame, full)
            area = area.below(height, Inches(0.1))
        return slide, area

    def room_for(self, title: str) -> Box:
        """The content area a slide with this title will have (less when the title must be cut)."""
        size, bold = self._content_title_style()
        box = self.content_title
        fitted = _fit_title(plain_text(title), box.w_pt - 15, box.h_pt - 8, size, bold)
        if fitted[2] is None:
            return self.content_area
        return self.content_area.below(self._full_title_height(self._full_title(fitted[2])), Inches(0.1))

    @functools.cached_property
    def _title_style(self) -> tuple[float, bool]:
        if _placeholder(self.content_layout, TITLE_TYPES) is None:
            return 26.0, True
        return _text_size(self.content_layout, TITLE_TYPES, "p:titleStyle", 44), False

    def _content_title_style(self) -> tuple[float, bool]:
        """The content slides' title size, and whether it is our own bold text box."""
        return self._title_style

    @staticmethod
    def _full_title(text: str) -> list[Para]:
        return [Para((Run("Full title: ", bold=True), Run(text)), size=11, space_before=0)]

    def _full_title_height(self, paras: list[Para]) -> int:
        width = self.content_area.w_pt - 10
        return int((sum(len(line_spans(p, width)) * p.line_height for p in paras) + 8) * EMU_PER_PT)

    def _set_title(self, shape: Any, text: str, default_size: float, bold: bool = False) -> str | None:
        """Put ``text`` in a title shape at a size that fits; returns the full text if it had to be cut."""
        width = shape.width / EMU_PER_PT - 15
        height = shape.height / EMU_PER_PT - 8
        size, shown, overflow = _fit_title(plain_text(text), width, height, default_size, bold)
        frame = shape.text_frame
        frame.text = ""
        for index, line in enumerate(shown.split("\n")):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            if size != default_size or bold:
                run.font.size = Pt(size)
            if bold:
                run.font.bold = True
        return overflow

    def save(self) -> bytes:
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
    text: str, width: float, height: float, size: float, bold: bool
) -> tuple[float, str, str | None]:
    """(size, text shown, full text if it was cut): smaller type first, then an ellipsis."""
    start = size
    while size > min(TITLE_MIN_PT, start) and _lines(text, width, size, bold) * size * 1.2 > height:
        size -= 2
    lines = max(1, int(height // (size * 1.2)))
    if _lines(text, width, size, bold) > lines:
        return size, truncate(text, width, size, lines, bold), text
    return size, text, None


def _lines(text: str, width: float, size: float, bold: bool) -> int:
    return len(line_spans(Para((Run(text, bold=bold),), size, space_before=0), width))


def _overlap(a: Box, b: Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.bottom and b.y < a.bottom


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
