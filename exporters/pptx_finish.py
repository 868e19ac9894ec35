"""The last pass over each slide before the deck is saved: its size, and the colour of every run of text.

Size: the deck is laid out on a slide of the bundled template's proportions (13.33 in wide, or taller);
a template of another size gets everything scaled to it here, as PowerPoint scales a deck whose page
setup changes, so a 10 × 5.625 in template shows the same slides at the same apparent size (text is
smaller in points on a slide that is smaller in inches; projected, it looks the same).

Colour: whoever wrote a run (the map, tables, the content modules, the template's own placeholders),
its colour is checked here against what is really behind it (its shape's fill, else the topmost filled
shape below it on the slide, layout or master, else the slide's background) and replaced when it reads
under 4.5:1 (3:1 for large text). A theme colour that fails is swapped for another theme colour that
passes (a heading stays "brand coloured" when accent 1 is pale grey); a fixed colour is shaded darker or
lighter. Every run then carries its colour explicitly, so the result does not depend on inheritance a
viewer might resolve differently. Text on a picture background (whose colours are unknown) gets a solid
panel of the theme's light colour behind it.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from pptx.oxml.ns import qn

from .pptx_layout import template_owners
from .pptx_theme import RGB, Theme, luminance, needed_contrast, readable, rgb_hex, worst_contrast

_SCALED = {
    qn("a:off"): ("x", "y"),
    qn("a:chOff"): ("x", "y"),
    qn("a:ext"): ("cx", "cy"),
    qn("a:chExt"): ("cx", "cy"),
    qn("a:spcPts"): ("val",),
    qn("a:pPr"): ("marL", "indent"),
    qn("a:bodyPr"): ("lIns", "tIns", "rIns", "bIns"),
    qn("a:ln"): ("w",),
    qn("a:gridCol"): ("w",),
    qn("a:tr"): ("h",),
    qn("a:tcPr"): ("marL", "marR", "marT", "marB"),
}
_SIZED = {qn("a:rPr"), qn("a:endParaRPr"), qn("a:defRPr")}
_FILLS = {qn(f"a:{t}") for t in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")}
_TITLES = {"title", "ctrTitle"}
_BODIES = {"body", "subTitle", "obj", None}
_SCHEME_ORDER = ("tx1", "bg1", "tx2", "bg2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6")


def scale_slide(slide: Any, factor: float) -> None:
    """Scale every position, size, font size and spacing the slide holds by ``factor``."""
    if abs(factor - 1.0) < 1e-6:
        return
    for node in slide.shapes._spTree.iter():
        if node.tag in _SIZED and node.get("sz"):
            node.set("sz", str(max(100, int(int(node.get("sz")) * factor))))
            continue
        for name in _SCALED.get(node.tag, ()):
            value = node.get(name)
            if value is not None and value.lstrip("-").isdigit():
                node.set(name, str(round(int(value) * factor)))


class Layer:
    """Something drawn under text: its box (EMU) and the colours it shows ([] none, None unknown)."""

    def __init__(self, box: tuple[int, int, int, int], colors: list[RGB] | None) -> None:
        self.box, self.colors = box, colors

    def holds(self, x: float, y: float) -> bool:
        left, top, w, h = self.box
        return left <= x <= left + w and top <= y <= top + h


def _xfrm_box(element: Any) -> tuple[int, int, int, int] | None:
    xfrm = next(element.iter(qn("a:xfrm"), qn("p:xfrm")), None)
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    if off is None or ext is None:
        return None
    try:
        return (int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
    except (TypeError, ValueError):
        return None


def _ph(element: Any) -> Any:
    return next(element.iter(qn("p:ph")), None)


class Colorist:
    """Fixes the text colours of the slides of one presentation (see the module docstring)."""

    def __init__(self, prs: Any) -> None:
        self.prs = prs
        self._themes: dict[int, Theme] = {}
        self._layers: dict[int, list[Layer]] = {}
        defaults = prs.part._element.find(qn("p:defaultTextStyle"))
        self.default_fill = _level_fill(defaults)

    def theme(self, master: Any) -> Theme:
        key = id(master._element)
        if key not in self._themes:
            self._themes[key] = Theme(master)
        return self._themes[key]

    def _template_layers(self, layout: Any, theme: Theme, mapping: dict[str, str]) -> list[Layer]:
        """The master's and layout's non-placeholder shapes: pictures (unknown) and filled shapes."""
        key = id(layout._element)
        if key in self._layers:
            return self._layers[key]
        layers = []
        for owner in template_owners(layout):
            for element in owner.shapes._spTree.iterchildren():
                if _ph(element) is not None:
                    continue
                box = _xfrm_box(element)
                if box is None:
                    continue
                if element.tag in (qn("p:pic"), qn("p:grpSp"), qn("p:graphicFrame")):
                    layers.append(Layer(box, None))
                elif element.tag == qn("p:sp"):
                    colors = theme.fill(element.find(qn("p:spPr")), mapping)
                    if colors != []:
                        layers.append(Layer(box, colors))
        self._layers[key] = layers
        return layers

    def fix(self, slide: Any) -> None:
        layout = slide.slide_layout
        master = layout.slide_master
        theme = self.theme(master)
        mapping = theme.color_map(layout, slide)
        context = _Context(self, slide, layout, master, theme, mapping)
        below = list(self._template_layers(layout, theme, mapping))
        for element in list(slide.shapes._spTree.iterchildren()):
            box = _xfrm_box(element)
            if box is None:
                box = context.placeholder_box(element)
            if element.tag == qn("p:sp"):
                own = theme.fill(element.find(qn("p:spPr")), mapping)
                if own == [] and _ph(element) is not None:
                    own = context.inherited_fill(element)
                behind = own if own != [] else context.under(below, box)
                if behind is None:  # a picture: give the text a panel of its own
                    behind = [context.panel(element)]
                body = element.find(qn("p:txBody"))
                if body is not None:
                    context.fix_body(body, element, behind)
                if own != [] and box is not None:
                    below.append(Layer(box, own))
            elif element.tag == qn("p:graphicFrame"):
                under = context.under(below, box)
                for cell in element.iter(qn("a:tc")):
                    fill = theme.fill(cell.find(qn("a:tcPr")), mapping)
                    behind = fill if fill != [] else under
                    if behind is None:
                        behind = [context.cell_panel(cell)]
                    body = cell.find(qn("a:txBody"))
                    if body is not None:
                        context.fix_body(body, None, behind)
            elif element.tag == qn("p:pic") and box is not None:
                below.append(Layer(box, None))


class _Context:
    """One slide's colour facts, for :class:`Colorist`."""

    def __init__(
        self, owner: Colorist, slide: Any, layout: Any, master: Any, theme: Theme, mapping: dict[str, str]
    ) -> None:
        self.owner, self.slide, self.layout, self.master = owner, slide, layout, master
        self.theme, self.mapping = theme, mapping
        self.background = theme.background(slide, layout, master)

    def under(self, below: list[Layer], box: tuple[int, int, int, int] | None) -> list[RGB] | None:
        if box is not None:
            x, y = box[0] + box[2] / 2, box[1] + box[3] / 2
            for layer in reversed(below):
                if layer.holds(x, y):
                    return layer.colors
        return self.background

    def _template_ph(self, element: Any) -> list[Any]:
        """The layout's and master's placeholders this slide placeholder inherits from."""
        ph = _ph(element)
        kind, idx = ph.get("type"), ph.get("idx")
        found = []
        for owner in (self.layout, self.master):
            for candidate in owner.shapes._spTree.iter(qn("p:sp")):
                other = _ph(candidate)
                if other is None:
                    continue
                same_idx = idx is not None and other.get("idx") == idx and owner is self.layout
                if same_idx or (other.get("type") == kind and (kind is not None or owner is self.master)):
                    found.append(candidate)
                    break
        return found

    def placeholder_box(self, element: Any) -> tuple[int, int, int, int] | None:
        if _ph(element) is None:
            return None
        for source in self._template_ph(element):
            box = _xfrm_box(source)
            if box is not None:
                return box
        return None

    def inherited_fill(self, element: Any) -> list[RGB] | None:
        for source in self._template_ph(element):
            colors = self.theme.fill(source.find(qn("p:spPr")), self.mapping)
            if colors != []:
                return colors
        return []

    def _light(self) -> tuple[Any, RGB]:
        lt1 = self.theme.slot("lt1", {})
        if luminance(lt1) > 0.8:
            node = self.slide._element.makeelement(qn("a:schemeClr"), {"val": "lt1"})
            return node, lt1
        return self.slide._element.makeelement(qn("a:srgbClr"), {"val": "FFFFFF"}), (1.0, 1.0, 1.0)

    def panel(self, element: Any) -> RGB:
        sp_pr = element.find(qn("p:spPr"))
        node, rgb = self._light()
        _set_fill(sp_pr, node, after=(qn("a:xfrm"), qn("a:custGeom"), qn("a:prstGeom")))
        return rgb

    def cell_panel(self, cell: Any) -> RGB:
        node, rgb = self._light()
        tc_pr = cell.find(qn("a:tcPr"))
        if tc_pr is None:
            tc_pr = cell.makeelement(qn("a:tcPr"), {})
            cell.append(tc_pr)
        borders = tuple(qn(f"a:{t}") for t in ("lnL", "lnR", "lnT", "lnB", "lnTlToBr", "lnBlToTr", "cell3D"))
        _set_fill(tc_pr, node, after=borders)
        return rgb

    def _inherited_color(self, element: Any | None, level: int) -> Any:
        """The colour element a run inherits: placeholder styles, then the deck's default text style."""
        sources: list[Any] = []
        if element is not None:
            sources.append(element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}"))
        if element is not None and _ph(element) is not None:
            for source in self._template_ph(element):
                sources.append(source.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}"))
            kind = _ph(element).get("type")
            style = "titleStyle" if kind in _TITLES else "bodyStyle" if kind in _BODIES else "otherStyle"
            sources.append(self.master._element.find(f"{qn('p:txStyles')}/{qn(f'p:{style}')}"))
        for source in sources:
            found = _level_fill(source, level)
            if found is not None:
                return found
        if self.owner.default_fill is not None:
            return self.owner.default_fill
        return self.slide._element.makeelement(qn("a:schemeClr"), {"val": "tx1"})

    def fix_body(self, body: Any, element: Any | None, behind: list[RGB]) -> None:
        for paragraph in body.iter(qn("a:p")):
            p_pr = paragraph.find(qn("a:pPr"))
            level = int(p_pr.get("lvl", "0")) if p_pr is not None else 0
            for run in paragraph:
                if run.tag not in (qn("a:r"), qn("a:fld")):
                    continue
                r_pr = run.find(qn("a:rPr"))
                if r_pr is None:
                    r_pr = run.makeelement(qn("a:rPr"), {"lang": "en-US"})
                    run.insert(0, r_pr)
                self._fix_run(r_pr, element, level, behind)

    def _fix_run(self, r_pr: Any, element: Any | None, level: int, behind: list[RGB]) -> None:
        solid = r_pr.find(qn("a:solidFill"))
        node = solid[0] if solid is not None and len(solid) else self._inherited_color(element, level)
        color = self.theme.color(node, self.mapping, None) or (0.0, 0.0, 0.0)
        size = int(r_pr.get("sz", "0") or 0) / 100 or 12.0
        needed = needed_contrast(size, r_pr.get("b") == "1")
        if worst_contrast(color, behind) < needed:
            node = self._replacement(node, color, behind, needed)
        _set_fill(r_pr, deepcopy(node), after=(qn("a:ln"),))

    def _replacement(self, node: Any, color: RGB, behind: list[RGB], needed: float) -> Any:
        """Another theme colour that reads (for a theme colour), else a readable shade of this one."""
        if node.tag == qn("a:schemeClr"):
            name = node.get("val", "tx1")
            order = list(_SCHEME_ORDER)
            if name.startswith("accent"):
                order = [*order[4:], "tx2", "tx1", "bg2", "bg1"]
            for candidate in order:
                rgb = self.theme.slot(candidate, self.mapping)
                if worst_contrast(rgb, behind) >= needed:
                    return node.makeelement(qn("a:schemeClr"), {"val": candidate})
        return node.makeelement(qn("a:srgbClr"), {"val": rgb_hex(readable(color, behind, needed))})


def _level_fill(style: Any, level: int = 0) -> Any:
    """The colour element of a list style's level (``lvl1pPr``...), or None."""
    if style is None:
        return None
    for name in (f"a:lvl{level + 1}pPr", "a:lvl1pPr"):
        fill = style.find(f"{qn(name)}/{qn('a:defRPr')}/{qn('a:solidFill')}")
        if fill is not None and len(fill):
            return fill[0]
    return None


def _set_fill(holder: Any, color: Any, after: tuple[str, ...]) -> None:
    """Replace the fill of ``holder`` (spPr, rPr, tcPr) with a solid fill of ``color``."""
    for old in [c for c in holder if c.tag in _FILLS]:
        holder.remove(old)
    fill = holder.makeelement(qn("a:solidFill"), {})
    fill.append(color)
    index = 0
    for position, child in enumerate(holder):
        if child.tag in after:
            index = position + 1
    holder.insert(index, fill)
