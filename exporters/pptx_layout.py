"""What a layout leaves free, and the footer, date and slide number it carries onto every slide.

A corporate master puts logos and artwork where content would go; the room for content is what the
body placeholder offers minus the boxes of the master's and layout's pictures (and other non-placeholder
artwork), so nothing the deck draws sits on a logo. The largest free rectangle is kept.

python-pptx leaves out a layout's footer, date and slide-number placeholders when it makes a slide (as
PowerPoint does until "Header & Footer" is ticked); a customer deck wants its slide numbers, so they
are copied here, the number as a real ``slidenum`` field that stays right when slides are moved.
"""

from __future__ import annotations

import uuid
from copy import deepcopy
from typing import Any

from pptx.oxml.ns import qn

from .pptx_geometry import Box, overlap

FOOTER_TYPES = ("dt", "ftr", "sldNum")
MIN_FREE = 0.18  # a free piece under this share of the area is not worth keeping separate


def template_owners(layout: Any) -> list[Any]:
    """Whose shapes show on a slide of ``layout``: its master's (unless the layout hides them), its own."""
    owners = [layout]
    if layout._element.get("showMasterSp") != "0":
        owners.insert(0, layout.slide_master)
    return owners


def artwork(layout: Any, scale: float) -> list[Box]:
    """Boxes (in the deck's design units) of the pictures and other artwork of a layout and its master."""
    boxes = []
    for owner in template_owners(layout):
        for element in owner.shapes._spTree.iterchildren():
            if next(element.iter(qn("p:ph")), None) is not None:
                continue
            is_picture = element.tag in (qn("p:pic"), qn("p:grpSp"), qn("p:graphicFrame"))
            filled_with_picture = element.tag == qn("p:sp") and next(element.iter(qn("a:blipFill")), None)
            if not (is_picture or filled_with_picture is not None):
                continue
            box = element_box(element, scale)
            if box is not None:
                boxes.append(box)
    return boxes


def element_box(element: Any, scale: float) -> Box | None:
    xfrm = next(element.iter(qn("a:xfrm"), qn("p:xfrm")), None)
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    try:
        x, y = int(off.get("x")), int(off.get("y"))
        w, h = int(ext.get("cx")), int(ext.get("cy"))
    except (AttributeError, TypeError, ValueError):
        return None
    if w <= 0 or h <= 0:
        return None
    return Box(int(x / scale), int(y / scale), int(w / scale), int(h / scale))


def free_area(area: Box, obstacles: list[Box], gap: int = 0) -> Box:
    """The largest rectangle of ``area`` clear of every obstacle (each grown by ``gap``)."""
    pieces = [area]
    for raw in obstacles:
        block = Box(raw.x - gap, raw.y - gap, raw.w + 2 * gap, raw.h + 2 * gap)
        next_pieces = []
        for piece in pieces:
            if not overlap(piece, block):
                next_pieces.append(piece)
                continue
            right = block.x + block.w
            next_pieces += [
                Box(piece.x, piece.y, piece.w, block.y - piece.y),  # above
                Box(piece.x, block.bottom, piece.w, piece.bottom - block.bottom),  # below
                Box(piece.x, piece.y, block.x - piece.x, piece.h),  # left
                Box(right, piece.y, piece.x + piece.w - right, piece.h),  # right
            ]
        pieces = [p for p in next_pieces if p.w > 0 and p.h > 0]
    if not pieces:
        return Box(area.x, area.y, 0, 0)
    return max(pieces, key=lambda p: p.w * p.h)


def footer_sources(layout: Any) -> dict[str, Any]:
    """The layout's date, footer and slide-number placeholders by type (the master's when it has none)."""
    found: dict[str, Any] = {}
    owners = (layout, layout.slide_master) if hasattr(layout, "slide_master") else (layout,)
    for owner in owners:
        for element in owner.shapes._spTree.iter(qn("p:sp")):
            ph = next(element.iter(qn("p:ph")), None)
            kind = ph.get("type") if ph is not None else None
            if kind in FOOTER_TYPES and kind not in found:
                found[kind] = element
    return found


def footer_boxes(layout: Any, scale: float) -> list[Box]:
    """Where the footer placeholders are (a layout's often inherit their place from the master)."""
    boxes = []
    master = footer_sources(layout.slide_master)
    for kind, element in footer_sources(layout).items():
        box = element_box(element, scale)
        if box is None and kind in master:
            box = element_box(master[kind], scale)
        if box is not None:
            boxes.append(box)
    return boxes


def add_footers(slide: Any, layout: Any, texts: dict[str, str], number: int) -> bool:
    """Copy the layout's date, footer and slide-number placeholders onto ``slide``, filled in.

    ``texts`` gives the date's and footer's text; the slide number is a field. Returns whether the
    layout had a slide-number placeholder (when not, the caller draws a number of its own)."""
    sources = footer_sources(layout)
    tree = slide.shapes._spTree
    ids = [int(e.get("id")) for e in tree.iter(qn("p:cNvPr")) if (e.get("id") or "").isdigit()]
    next_id = max(ids, default=1) + 1
    for kind in FOOTER_TYPES:
        source = sources.get(kind)
        if source is None or (kind != "sldNum" and not texts.get(kind)):
            continue
        element = deepcopy(source)
        c_nv_pr = next(element.iter(qn("p:cNvPr")))
        c_nv_pr.set("id", str(next_id))
        next_id += 1
        sp_pr = element.find(qn("p:spPr"))
        if sp_pr is not None:  # the slide's copy takes its place and look from the layout
            for child in list(sp_pr):
                sp_pr.remove(child)
        body = element.find(qn("p:txBody"))
        if body is None:
            continue
        for old in body.findall(qn("a:p")):
            body.remove(old)
        body.append(slide_number_paragraph(body, number) if kind == "sldNum" else _text(body, texts[kind]))
        tree.append(element)
    return "sldNum" in sources


def slide_number_paragraph(parent: Any, number: int) -> Any:
    """``<a:p><a:fld type="slidenum">``: PowerPoint and LibreOffice show the slide's current number."""
    paragraph = parent.makeelement(qn("a:p"), {})
    field = paragraph.makeelement(
        qn("a:fld"), {"id": "{" + str(uuid.uuid4()).upper() + "}", "type": "slidenum"}
    )
    field.append(field.makeelement(qn("a:rPr"), {"lang": "en-US"}))
    text = field.makeelement(qn("a:t"), {})
    text.text = str(number)
    field.append(text)
    paragraph.append(field)
    return paragraph


def _text(parent: Any, value: str) -> Any:
    paragraph = parent.makeelement(qn("a:p"), {})
    run = paragraph.makeelement(qn("a:r"), {})
    run.append(run.makeelement(qn("a:rPr"), {"lang": "en-US"}))
    text = run.makeelement(qn("a:t"), {})
    text.text = value
    run.append(text)
    paragraph.append(run)
    return paragraph
