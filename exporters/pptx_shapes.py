"""Native shapes written straight into a slide's shape tree: the map's hundreds of rectangles and arrows.

python-pptx's ``add_shape`` rescans the whole slide for the next shape id and re-reads the shape
through its property machinery on every call: fine for a few shapes, quadratic for a map tile of a
thousand. The XML here is what PowerPoint writes for a preset shape, a text box and a glued connector.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.slide import Slide

from .pptx_text import EMU_PER_PT, Para, write_body

_NS = (
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)
Box = tuple[float, float, float, float]  # x, y, width, height in pt
CONNECTION_SITES = ("top", "left", "bottom", "right")  # the four sites of a rectangle, by index


def _emu(value: float) -> int:
    return round(value * EMU_PER_PT)


def _fill(color: str | None) -> str:
    if color is None:
        return "<a:noFill/>"
    if color == "text2":  # the template's dark brand colour
        return '<a:solidFill><a:schemeClr val="tx2"/></a:solidFill>'
    if color.startswith("scheme:"):  # a theme colour the palette chose (pptx_theme.Palette)
        return f'<a:solidFill><a:schemeClr val="{color.removeprefix("scheme:")}"/></a:solidFill>'
    return f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'


class ShapeWriter:
    """Appends shapes to one slide, numbering them itself."""

    def __init__(self, slide: Slide) -> None:
        self.tree = slide.shapes._spTree
        ids = [int(e.get("id")) for e in self.tree.iter(qn("p:cNvPr")) if (e.get("id") or "").isdigit()]
        self.next_id = max(ids, default=1) + 1

    def _add(self, xml: str) -> Any:
        element = parse_xml(xml)
        self.tree.append(element)
        self.next_id += 1
        return element

    def shape(
        self,
        box: Box,
        name: str,
        *,
        geometry: str = "rect",
        fill: str | None = None,
        line: str | None = None,
        corner: float | None = None,
        paras: list[Para] | None = None,
        anchor: str = "t",
        insets: tuple[float, float, float, float] = (4.0, 2.0, 4.0, 2.0),
    ) -> int:
        """A preset shape (rect, roundRect...) with an optional text; returns its shape id."""
        x, y, w, h = box
        shape_id = self.next_id
        adjust = f'<a:gd name="adj" fmla="val {int(corner * 100000)}"/>' if corner is not None else ""
        outline = f'<a:ln w="9525">{_fill(line)}</a:ln>' if line else "<a:ln><a:noFill/></a:ln>"
        left, top, right, bottom = (_emu(v) for v in insets)
        xml = (
            f'<p:sp {_NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name={quoteattr(name)}/>'
            "<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>"
            f'<a:off x="{_emu(x)}" y="{_emu(y)}"/><a:ext cx="{_emu(max(w, 0.5))}" cy="{_emu(max(h, 0.5))}"/>'
            f'</a:xfrm><a:prstGeom prst="{geometry}"><a:avLst>{adjust}</a:avLst></a:prstGeom>'
            f"{_fill(fill)}{outline}</p:spPr>"
            f'<p:txBody><a:bodyPr wrap="square" lIns="{left}" tIns="{top}" rIns="{right}" bIns="{bottom}" '
            f'anchor="{anchor}" rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/><a:p/></p:txBody></p:sp>'
        )
        element = self._add(xml)
        if paras:
            write_body(element.find(qn("p:txBody")), paras)
        return shape_id

    def textbox(
        self,
        box: Box,
        name: str,
        paras: list[Para],
        anchor: str = "t",
        inset_x: float = 4.0,
        inset_y: float = 2.0,
    ) -> int:
        shape_id = self.shape(
            box, name, paras=paras, anchor=anchor, insets=(inset_x, inset_y, inset_x, inset_y)
        )
        self.tree[-1].find(f"{qn('p:nvSpPr')}/{qn('p:cNvSpPr')}").set("txBox", "1")
        return shape_id

    def connector(
        self,
        name: str,
        start: tuple[int, int, Box],
        end: tuple[int, int, Box],
        color: str,
        width: float,
        dashed: bool,
    ) -> Any:
        """A straight arrow glued to connection sites of two shapes: (shape id, site index, its box)."""
        (x1, y1), (x2, y2) = _site(start[1], start[2]), _site(end[1], end[2])
        flips = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
        dash = '<a:prstDash val="dash"/>' if dashed else ""
        xml = (
            f'<p:cxnSp {_NS}><p:nvCxnSpPr><p:cNvPr id="{self.next_id}" name={quoteattr(name)}/>'
            f'<p:cNvCxnSpPr><a:stCxn id="{start[0]}" idx="{start[1]}"/>'
            f'<a:endCxn id="{end[0]}" idx="{end[1]}"/></p:cNvCxnSpPr><p:nvPr/>'
            f'</p:nvCxnSpPr><p:spPr><a:xfrm{flips}><a:off x="{_emu(min(x1, x2))}" y="{_emu(min(y1, y2))}"/>'
            f'<a:ext cx="{_emu(abs(x2 - x1))}" cy="{_emu(abs(y2 - y1))}"/></a:xfrm>'
            '<a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom>'
            f'<a:ln w="{_emu(width)}">{_fill(color)}{dash}'
            '<a:tailEnd type="triangle" w="med" len="med"/></a:ln></p:spPr></p:cxnSp>'
        )
        return self._add(xml)


def _site(index: int, box: Box) -> tuple[float, float]:
    """Where connection site ``index`` of a rectangle is: top, left, bottom or right middle."""
    x, y, w, h = box
    return ((x + w / 2, y), (x, y + h / 2), (x + w / 2, y + h), (x + w, y + h / 2))[index]
