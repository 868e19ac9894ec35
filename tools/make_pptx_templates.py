"""Generate the two bundled deck templates in resources/export/.

Run: ``.venv/bin/python tools/make_pptx_templates.py``.

The templates are committed; this script is how they were made, so a change to their look is a reviewed
change here, not an opaque binary edit. Both start from python-pptx's default template and are reshaped
with python-pptx and lxml:

- ``deck-default.pptx``: 16:9, navy header band (#1f2a3c, the app's header) with a blue accent rule
  (#2f6fdb), Calibri; layouts "Title Slide", "Title and Content", "Title Only", "Blank".
- ``deck-alt.pptx``: 4:3, white with a deep-teal side strip and an orange rule, Georgia titles over
  Arial text; layouts deliberately named "Body", "Cover" and "Blank" (in that order), a plain title
  placeholder (not a centred title) on the cover: the exporter must find its layouts by structure.
"""

from __future__ import annotations

import copy
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Inches

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "export"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


@dataclass(frozen=True)
class Look:
    """Everything that differs between the two templates."""

    name: str
    width: float  # inches
    height: float
    colors: dict[str, str]  # theme slot -> RRGGBB
    major_font: str
    minor_font: str


DEFAULT = Look(
    "Journey Map Default",
    13.333,
    7.5,
    {
        "dk1": "1B2230",
        "lt1": "FFFFFF",
        "dk2": "1F2A3C",
        "lt2": "F4F5F7",
        "accent1": "2F6FDB",
        "accent2": "1F9D8B",
        "accent3": "D9730D",
        "accent4": "8E5BD6",
        "accent5": "D64545",
        "accent6": "7BBF5A",
        "hlink": "2F6FDB",
        "folHlink": "5B6577",
    },
    "Calibri",
    "Calibri",
)
ALT = Look(
    "Journey Map Alternate",
    10.0,
    7.5,
    {
        "dk1": "222222",
        "lt1": "FFFFFF",
        "dk2": "0B3D3A",
        "lt2": "F3EFE8",
        "accent1": "0B6E65",
        "accent2": "E07A1F",
        "accent3": "7A9E3B",
        "accent4": "8C4F9E",
        "accent5": "C23B3B",
        "accent6": "4A6FA5",
        "hlink": "0B6E65",
        "folHlink": "6B6B6B",
    },
    "Georgia",
    "Arial",
)


def set_theme(prs: Any, look: Look) -> None:
    """Theme colours and fonts: the deck's tables and headers take the brand from these slots."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    root.set("name", look.name)
    scheme = root.find(f".//{{{A}}}clrScheme")
    assert scheme is not None
    scheme.set("name", look.name)
    for slot, value in look.colors.items():
        holder = scheme.find(f"{{{A}}}{slot}")
        assert holder is not None
        for child in list(holder):
            holder.remove(child)
        etree.SubElement(holder, f"{{{A}}}srgbClr", val=value)
    fonts = root.find(f".//{{{A}}}fontScheme")
    assert fonts is not None
    fonts.set("name", look.name)
    for tag, face in (("majorFont", look.major_font), ("minorFont", look.minor_font)):
        latin = fonts.find(f"{{{A}}}{tag}/{{{A}}}latin")
        assert latin is not None
        latin.set("typeface", face)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def keep_layouts(prs: Any, names: dict[str, str]) -> None:
    """Drop every layout not in ``names`` and rename the kept ones (old name -> new name)."""
    for layout in list(prs.slide_layouts):
        if layout.name not in names:
            prs.slide_layouts.remove(layout)
        else:
            layout.name = names[layout.name]


def layout(prs: Any, name: str) -> Any:
    found = prs.slide_layouts.get_by_name(name)
    assert found is not None, name
    return found


def placeholder(owner: Any, kind: PP_PLACEHOLDER) -> Any:
    return next(p for p in owner.placeholders if p.placeholder_format.type == kind)


def place(shape: Any, x: float, y: float, w: float, h: float) -> None:
    shape.left, shape.top, shape.width, shape.height = Inches(x), Inches(y), Inches(w), Inches(h)


def style_text(
    shape: Any,
    size: float,
    color: str,
    bold: bool = False,
    align: str = "l",
    anchor: str = "ctr",
    font: str = "+mn-lt",
) -> None:
    """The level-1 look of a placeholder (size, colour, weight, alignment, vertical anchor)."""
    body = shape._element.txBody
    body_pr = body.find(qn("a:bodyPr"))
    body_pr.set("anchor", anchor)
    for key in ("lIns", "rIns"):
        body_pr.set(key, str(Inches(0.05)))
    old = body.find(qn("a:lstStyle"))
    style = etree.SubElement(body, qn("a:lstStyle"))
    if old is not None:
        old.addprevious(style)
        body.remove(old)
    else:
        body_pr.addnext(style)
    level = etree.SubElement(style, qn("a:lvl1pPr"), algn=align, marL="0", indent="0")
    etree.SubElement(level, qn("a:buNone"))
    run = etree.SubElement(level, qn("a:defRPr"), sz=str(int(size * 100)), b="1" if bold else "0")
    fill = etree.SubElement(run, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=color)
    etree.SubElement(run, qn("a:latin"), typeface=font)


def decorate(prs: Any, owner: Any, shapes: list[tuple[MSO_SHAPE, float, float, float, float, str]]) -> None:
    """Add plain filled shapes behind the placeholders of a master or layout.

    Layout and master shape collections cannot add shapes in python-pptx, so each shape is drawn on a
    scratch slide and its XML moved across; the scratch slide is dropped afterwards.
    """
    scratch_layout = prs.slide_layouts[0]
    scratch = prs.slides.add_slide(scratch_layout)
    tree = owner.shapes._spTree
    next_id = 100 + len(tree)
    for index, (kind, x, y, w, h, color) in enumerate(shapes):
        shape = scratch.shapes.add_shape(kind, Inches(x), Inches(y), Inches(w), Inches(h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(color)  # type: ignore[no-untyped-call]
        shape.line.fill.background()
        shape.shadow.inherit = False
        element = copy.deepcopy(shape._element)
        element.find(f".//{qn('p:cNvPr')}").set("id", str(next_id + index))
        element.find(f".//{qn('p:cNvPr')}").set("name", f"Decoration {index + 1}")
        style = element.find(qn("p:style"))
        if style is not None:
            element.remove(style)
        tree.insert(2 + index, element)
    slide_ids = prs.slides._sldIdLst
    last = slide_ids[-1]
    prs.part.drop_rel(last.rId)
    slide_ids.remove(last)


def hide_master_shapes(owner: Any) -> None:
    owner._element.set("showMasterSp", "0")


def background(owner: Any, color: str) -> None:
    fill = owner.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor.from_string(color)  # type: ignore[no-untyped-call]


def default_template() -> bytes:
    look = DEFAULT
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(look.width), Inches(look.height)
    set_theme(prs, look)
    keep_layouts(
        prs,
        {
            "Title Slide": "Title Slide",
            "Title and Content": "Title and Content",
            "Title Only": "Title Only",
            "Blank": "Blank",
        },
    )
    master = prs.slide_master
    background(master, "FFFFFF")
    decorate(
        prs,
        master,
        [
            (MSO_SHAPE.RECTANGLE, 0, 0, look.width, 1.0, "1F2A3C"),
            (MSO_SHAPE.RECTANGLE, 0, 1.0, look.width, 0.05, "2F6FDB"),
        ],
    )
    title = placeholder(master, PP_PLACEHOLDER.TITLE)
    place(title, 0.5, 0.1, 12.33, 0.8)
    style_text(title, 26, "FFFFFF", bold=True, font="+mj-lt")
    body = placeholder(master, PP_PLACEHOLDER.BODY)
    place(body, 0.5, 1.35, 12.33, 5.55)
    _footers(master, look)
    for name in ("Title and Content", "Title Only", "Blank"):
        for ph in layout(prs, name).placeholders:
            _inherit_position(ph)
    cover = layout(prs, "Title Slide")
    hide_master_shapes(cover)
    background(cover, "1F2A3C")
    decorate(
        prs,
        cover,
        [
            (MSO_SHAPE.RECTANGLE, 0.75, 2.45, 0.1, 2.2, "2F6FDB"),
            (MSO_SHAPE.RECTANGLE, 0, 7.3, look.width, 0.2, "2F6FDB"),
        ],
    )
    title = placeholder(cover, PP_PLACEHOLDER.CENTER_TITLE)
    place(title, 1.1, 1.9, 11.2, 1.9)
    style_text(title, 40, "FFFFFF", bold=True, anchor="b", font="+mj-lt")
    subtitle = placeholder(cover, PP_PLACEHOLDER.SUBTITLE)
    place(subtitle, 1.1, 3.95, 11.2, 1.3)
    style_text(subtitle, 18, "C9D3E3", anchor="t")
    _drop_footers(cover)
    return _save(prs, look)


def alt_template() -> bytes:
    look = ALT
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(look.width), Inches(look.height)
    set_theme(prs, look)
    keep_layouts(prs, {"Title Slide": "Cover", "Title and Content": "Body", "Blank": "Blank"})
    master = prs.slide_master
    background(master, "FFFFFF")
    decorate(
        prs,
        master,
        [
            (MSO_SHAPE.RECTANGLE, 0, 0, 0.3, look.height, "0B3D3A"),
            (MSO_SHAPE.RECTANGLE, 0.6, 1.22, 1.4, 0.06, "E07A1F"),
        ],
    )
    title = placeholder(master, PP_PLACEHOLDER.TITLE)
    place(title, 0.6, 0.3, 8.9, 0.9)
    style_text(title, 24, "0B3D3A", anchor="b", font="+mj-lt")
    body = placeholder(master, PP_PLACEHOLDER.BODY)
    place(body, 0.6, 1.5, 8.9, 5.45)
    _footers(master, look)
    for name in ("Body", "Blank"):
        for ph in layout(prs, name).placeholders:
            _inherit_position(ph)
    cover = layout(prs, "Cover")
    hide_master_shapes(cover)
    background(cover, "0B3D3A")
    decorate(
        prs,
        cover,
        [
            (MSO_SHAPE.RECTANGLE, 0.8, 0.8, 1.3, 0.12, "E07A1F"),
            (MSO_SHAPE.RECTANGLE, 0, 6.9, look.width, 0.6, "0B6E65"),
        ],
    )
    title = placeholder(cover, PP_PLACEHOLDER.CENTER_TITLE)
    title._element.find(f".//{qn('p:ph')}").set(
        "type", "title"
    )  # a plain title: found by structure, not by type
    place(title, 0.8, 2.6, 8.4, 2.0)
    style_text(title, 34, "FFFFFF", anchor="b", font="+mj-lt")
    subtitle = placeholder(cover, PP_PLACEHOLDER.SUBTITLE)
    place(subtitle, 0.8, 4.75, 8.4, 1.3)
    style_text(subtitle, 16, "F3D9C0", anchor="t")
    _drop_footers(cover)
    # "Body" first: a template whose first layout is not its cover.
    layouts = master._element.find(qn("p:sldLayoutIdLst"))
    body_entry = next(
        e for e in layouts if master.part.related_part(e.get(qn("r:id"))).slide_layout.name == "Body"
    )
    layouts.remove(body_entry)
    layouts.insert(0, body_entry)
    return _save(prs, look)


def _footers(master: Any, look: Look) -> None:
    """Date, footer and number placeholders along the bottom edge (the exporter leaves them unused)."""
    y = look.height - 0.45
    for kind, x, w in (
        (PP_PLACEHOLDER.DATE, 0.5, 2.5),
        (PP_PLACEHOLDER.FOOTER, look.width / 2 - 2.5, 5.0),
        (PP_PLACEHOLDER.SLIDE_NUMBER, look.width - 3.0, 2.5),
    ):
        place(placeholder(master, kind), x, y, w, 0.35)


def _inherit_position(ph: Any) -> None:
    """Drop a layout placeholder's own position so it takes the (resized) master's."""
    sp_pr = ph._element.spPr
    xfrm = sp_pr.find(qn("a:xfrm"))
    if xfrm is not None:
        sp_pr.remove(xfrm)


def _drop_footers(owner: Any) -> None:
    for ph in list(owner.placeholders):
        if ph.placeholder_format.type in (
            PP_PLACEHOLDER.DATE,
            PP_PLACEHOLDER.FOOTER,
            PP_PLACEHOLDER.SLIDE_NUMBER,
        ):
            ph._element.getparent().remove(ph._element)


def _save(prs: Any, look: Look) -> bytes:
    prs.core_properties.title = look.name
    prs.core_properties.author = "Journey Map Designer"
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in (("deck-default.pptx", default_template()), ("deck-alt.pptx", alt_template())):
        (OUT / name).write_bytes(data)
        print(f"wrote {OUT / name} ({len(data) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
