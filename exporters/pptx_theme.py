"""Colours as a template really shows them: its theme's scheme, the master's colour map, the backgrounds of
master, layout and slide, and the contrast between two colours (WCAG 2.1).

A template decides what "text colour" means (``tx1`` is ``dk1`` on a light master, ``lt1`` on a dark one,
or ``dk1`` on a dark background a designer forgot to remap), so nothing the deck draws may assume black
text on white: every colour is resolved to RGB here and chosen against the background it lands on.
A background that is a picture has no colour we can know: it resolves to ``None`` ("unknown").
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from pptx.oxml import parse_xml
from pptx.oxml.ns import qn

RGB = tuple[float, float, float]  # 0..1
SCHEME_SLOTS = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6")
DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_PRESET = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "blue": "0000FF", "green": "008000"}
_COLOR_TAGS = {qn(f"a:{t}") for t in ("srgbClr", "schemeClr", "sysClr", "prstClr", "scrgbClr", "hslClr")}


def hex_rgb(value: str) -> RGB:
    value = value.strip().lstrip("#")
    if len(value) != 6:
        return (0.0, 0.0, 0.0)
    try:
        return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return (0.0, 0.0, 0.0)


def rgb_hex(rgb: RGB) -> str:
    return "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in rgb)


def luminance(rgb: RGB) -> float:
    """Relative luminance, as WCAG 2.1 defines it."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def worst_contrast(color: RGB, backgrounds: list[RGB]) -> float:
    return min((contrast(color, bg) for bg in backgrounds), default=21.0)


def needed_contrast(size_pt: float, bold: bool) -> float:
    """WCAG 2.1 AA: 3:1 for large text (18 pt, or 14 pt bold), 4.5:1 for the rest."""
    return 3.0 if size_pt >= 18 or (bold and size_pt >= 14) else 4.5


def mix(a: RGB, b: RGB, share_b: float) -> RGB:
    return tuple(x + (y - x) * share_b for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def readable(color: RGB, backgrounds: list[RGB], needed: float) -> RGB:
    """``color`` itself if it reads on every background, else the nearest shade of it that does (mixed
    towards black or white, whichever reads better); black or white as a last resort."""
    if worst_contrast(color, backgrounds) >= needed:
        return color
    targets = sorted(((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)), key=lambda t: -worst_contrast(t, backgrounds))
    for target in targets:
        for step in range(1, 11):
            trial = mix(color, target, step / 10)
            if worst_contrast(trial, backgrounds) >= needed:
                return trial
    return targets[0]


class Theme:
    """The colour scheme of a master's theme and the master's colour map (``tx1`` → ``dk1``...)."""

    def __init__(self, master: Any) -> None:
        self.scheme: dict[str, RGB] = {
            "dk1": (0.0, 0.0, 0.0),
            "lt1": (1.0, 1.0, 1.0),
            "dk2": hex_rgb("44546A"),
            "lt2": hex_rgb("E7E6E6"),
        }
        for index, value in enumerate(("4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47")):
            self.scheme[f"accent{index + 1}"] = hex_rgb(value)
        self.scheme["hlink"], self.scheme["folHlink"] = hex_rgb("0563C1"), hex_rgb("954F72")
        self.bg_styles: list[Any] = []
        self._read_theme(master)
        self.master_map = dict(DEFAULT_MAP)
        found = master._element.find(qn("p:clrMap"))
        if found is not None:
            self.master_map.update({k: v for k, v in found.attrib.items() if v})

    def _read_theme(self, master: Any) -> None:
        try:
            theme = next(
                rel.target_part for rel in master.part.rels.values() if rel.reltype.endswith("/theme")
            )
            root = parse_xml(theme.blob)
        except Exception:  # no theme, or one that does not parse: the Office defaults stand
            return
        scheme = root.find(f".//{qn('a:clrScheme')}")
        if scheme is not None:
            for slot in (*SCHEME_SLOTS, "hlink", "folHlink"):
                node = scheme.find(qn(f"a:{slot}"))
                if node is not None and len(node):
                    value = self.color(node[0], {}, None)
                    if value is not None:
                        self.scheme[slot] = value
        styles = root.find(f".//{qn('a:bgFillStyleLst')}")
        self.bg_styles = list(styles) if styles is not None else []

    def color_map(self, *owners: Any) -> dict[str, str]:
        """The colour map in force on a slide or layout: the master's, unless overridden."""
        mapping = dict(self.master_map)
        for owner in owners:
            override = owner._element.find(f"{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}")
            if override is not None:
                mapping.update({k: v for k, v in override.attrib.items() if v})
        return mapping

    def slot(self, name: str, mapping: dict[str, str]) -> RGB:
        """A scheme colour by any of its names (``tx1``, ``bg2``, ``dk1``, ``accent3``...)."""
        name = mapping.get(name, DEFAULT_MAP.get(name, name))
        return self.scheme.get(name, (0.0, 0.0, 0.0))

    def color(self, node: Any, mapping: dict[str, str], placeholder: RGB | None) -> RGB | None:
        """The RGB of a colour element (srgbClr, schemeClr...) with its modifiers applied."""
        tag = node.tag
        value: RGB | None
        if tag == qn("a:srgbClr"):
            value = hex_rgb(node.get("val", "000000"))
        elif tag == qn("a:sysClr"):
            value = hex_rgb(node.get("lastClr") or ("FFFFFF" if node.get("val") == "window" else "000000"))
        elif tag == qn("a:schemeClr"):
            name = node.get("val", "tx1")
            value = placeholder if name == "phClr" else self.slot(name, mapping)
        elif tag == qn("a:prstClr"):
            value = hex_rgb(_PRESET.get(node.get("val", "black"), "000000"))
        elif tag == qn("a:scrgbClr"):
            value = tuple(int(node.get(k, "0")) / 100000 for k in "rgb")  # type: ignore[assignment]
        else:
            return None
        return None if value is None else _modified(value, node)

    def fill(self, holder: Any, mapping: dict[str, str], placeholder: RGB | None = None) -> list[RGB] | None:
        """The colours a fill shows, from the element holding it: [] for no fill, None for unknown (a
        picture); a gradient gives all its stops, a pattern both its colours."""
        if holder is None:
            return []
        solid = holder.find(qn("a:solidFill"))
        if solid is not None and len(solid):
            found = self.color(solid[0], mapping, placeholder)
            return [found] if found is not None else None
        gradient = holder.find(qn("a:gradFill"))
        if gradient is not None:
            stops = [self.color(gs[0], mapping, placeholder) for gs in gradient.iter(qn("a:gs")) if len(gs)]
            return [s for s in stops if s is not None] or None
        pattern = holder.find(qn("a:pattFill"))
        if pattern is not None:
            colors = [self.color(c[0], mapping, placeholder) for c in pattern if len(c)]
            return [c for c in colors if c is not None] or None
        if holder.find(qn("a:blipFill")) is not None:
            return None
        return []

    def background(self, *owners: Any) -> list[RGB] | None:
        """The colours behind a slide's content: the first of slide, layout, master that sets a
        background. A picture (or anything unreadable) is None: unknown."""
        mapping = self.color_map(*reversed(owners[:-1])) if len(owners) > 1 else dict(self.master_map)
        for owner in owners:
            bg = owner._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
            if bg is None:
                continue
            props = bg.find(qn("p:bgPr"))
            if props is not None:
                return self.fill(props, mapping)
            ref = bg.find(qn("p:bgRef"))
            if ref is not None:
                return self._bg_ref(ref, mapping)
        return [self.slot("bg1", mapping)]

    def _bg_ref(self, ref: Any, mapping: dict[str, str]) -> list[RGB] | None:
        index = int(ref.get("idx", "0") or 0)
        color = next((self.color(c, mapping, None) for c in ref if c.tag in _COLOR_TAGS), None)
        if index < 1001 or index - 1001 >= len(self.bg_styles):
            return [color] if color is not None else [self.slot("bg1", mapping)]
        style = self.bg_styles[index - 1001]
        wrapper = style.getparent().makeelement(qn("p:bgPr"), {})
        wrapper.append(_copy(style))
        return self.fill(wrapper, mapping, color)


def _copy(node: Any) -> Any:
    from copy import deepcopy

    return deepcopy(node)


def _modified(rgb: RGB, node: Any) -> RGB:
    """Apply the usual colour modifiers (lumMod/lumOff in HSL, tint, shade); the rare ones are ignored."""
    h, s, lum = _to_hsl(rgb)
    out = rgb
    for mod in node:
        val = int(mod.get("val", "100000") or 100000) / 100000
        name = mod.tag.rsplit("}", 1)[-1]
        if name == "lumMod":
            h, s, lum = _to_hsl(out)
            out = _from_hsl(h, s, lum * val)
        elif name == "lumOff":
            h, s, lum = _to_hsl(out)
            out = _from_hsl(h, s, min(1.0, lum + val))
        elif name == "tint":
            out = mix(out, (1.0, 1.0, 1.0), 1 - val)
        elif name == "shade":
            out = mix(out, (0.0, 0.0, 0.0), 1 - val)
    return out


def _to_hsl(rgb: RGB) -> tuple[float, float, float]:
    import colorsys

    h, lum, s = colorsys.rgb_to_hls(*rgb)
    return h, s, lum


def _from_hsl(h: float, s: float, lum: float) -> RGB:
    import colorsys

    return colorsys.hls_to_rgb(h, max(0.0, min(1.0, lum)), s)


@dataclass(frozen=True)
class Palette:
    """The deck's chosen colours: ``strong`` fills stage headers and table headers (a theme colour that
    white text reads on, by preference the template's dark brand colour), ``on_strong`` is their text."""

    strong: str  # "scheme:tx2" or RRGGBB, as the shape writer takes it
    on_strong: str = "FFFFFF"

    @staticmethod
    def of(layout: Any) -> Palette:
        theme = Theme(layout.slide_master)
        mapping = theme.color_map(layout)
        white = (1.0, 1.0, 1.0)
        for name in ("tx2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "dk2", "tx1"):
            if contrast(theme.slot(name, mapping), white) >= 4.5:
                return Palette(f"scheme:{name}")
        return Palette("1F2A3C")


_PALETTES: weakref.WeakKeyDictionary[Any, Palette] = weakref.WeakKeyDictionary()


def register(package: Any, palette: Palette) -> None:
    """Remember the palette of a deck being built, for the drawing code that only sees its slides."""
    _PALETTES[package] = palette


def palette_of(slide: Any) -> Palette:
    return _PALETTES.get(slide.part.package, Palette("scheme:tx2"))
