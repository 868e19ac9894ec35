"""Templates with the traits real corporate ones have, made in code, and the checks a deck on them must pass.

Each builder returns a template's bytes: a dark master (with text mapped to black, or properly to
white), a pale accent 1 (#DDDDDD), a logo on the master and artwork on the cover, other slide sizes,
a cover layout without a title placeholder, one written by LibreOffice, and a workbook whose Normal
style has its Russian name. The checks read a written deck back: every run's colour against what is
behind it, our shapes against the template's pictures, slide numbers, title sizes.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

from exporters.pptx_theme import RGB, Theme, needed_contrast, worst_contrast
from journeymap_designer.starter import resources_dir

from .libreoffice import convert

DARK = "1D1D30"


def _save(prs: Any) -> bytes:
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _edit_theme(prs: Any, **slots: str) -> None:
    """Set colour-scheme slots (dk1=..., accent1=...) of the first master's theme."""
    theme = prs.slide_masters[0].part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    for slot, value in slots.items():
        xml = re.sub(
            rf"<a:{slot}>.*?</a:{slot}>", f'<a:{slot}><a:srgbClr val="{value}"/></a:{slot}>', xml, flags=re.S
        )
    theme._blob = xml.encode("utf-8")


def dark_master(mapped: bool) -> bytes:
    """A #1D1D30 master. ``mapped``: the theme maps text to its light colour (bg1=dk1, tx1=lt1), as a
    dark theme should; else the background was painted dark and text still maps to black."""
    prs = Presentation()
    master = prs.slide_masters[0]
    if mapped:
        _edit_theme(prs, dk1=DARK, lt1="FFFFFF")
        clr_map = master._element.find(qn("p:clrMap"))
        clr_map.set("bg1", "dk1")
        clr_map.set("tx1", "lt1")
        clr_map.set("bg2", "dk2")
        clr_map.set("tx2", "lt2")
    else:
        fill = master.background.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(DARK)
    return _save(prs)


def grey_accent() -> bytes:
    """Accent 1 and the dark brand colour pale grey: white on them, or them on white, cannot be read."""
    prs = Presentation()
    _edit_theme(prs, accent1="DDDDDD", dk2="DDDDDD")
    return _save(prs)


def _png(width: int, height: int, color: tuple[int, int, int]) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (width, height), color).save(data, "PNG")
    data.seek(0)
    return data


def _add_picture(owner: Any, prs: Any, box: tuple[int, int, int, int], color: tuple[int, int, int]) -> None:
    """A picture on a master or layout (python-pptx only adds pictures to slides: move one over)."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    pic = slide.shapes.add_picture(_png(40, 20, color), *(Emu(v) for v in box))
    _image, r_id = owner.part.get_or_add_image_part(_png(40, 20, color))
    pic._element.find(f".//{qn('a:blip')}").set(qn("r:embed"), r_id)
    pic.name = "Logo"
    owner.shapes._spTree.append(pic._element)


def logo() -> bytes:
    """A logo on the master inside the body placeholder's box (bottom right), and a band of artwork on
    the content layout's top right, where the title's right end and the body's corner are."""
    prs = Presentation()
    master = prs.slide_masters[0]
    _add_picture(master, prs, (Inches(8.2), Inches(5.7), Inches(1.5), Inches(0.9)), (200, 30, 40))
    content = prs.slide_layouts[1]
    _add_picture(content, prs, (Inches(7.6), Inches(1.5), Inches(2.2), Inches(1.2)), (20, 90, 200))
    return _save(prs)


def sized(width_in: float, height_in: float) -> bytes:
    """The bundled template at another slide size, its masters and layouts scaled as PowerPoint does."""
    prs = Presentation(str(resources_dir() / "export" / "deck-default.pptx"))
    sx = Inches(width_in) / prs.slide_width
    sy = Inches(height_in) / prs.slide_height
    prs.slide_width, prs.slide_height = Inches(width_in), Inches(height_in)
    owners = [*prs.slide_masters, *(layout for m in prs.slide_masters for layout in m.slide_layouts)]
    for owner in owners:
        for node in owner._element.iter(qn("a:off"), qn("a:ext")):
            for name, factor in (("x", sx), ("y", sy), ("cx", sx), ("cy", sy)):
                if node.get(name) is not None:
                    node.set(name, str(int(int(node.get(name)) * factor)))
    return _save(prs)


def no_title_cover() -> bytes:
    """A "Title Slide" layout that is all artwork: no title or subtitle placeholder, a picture band."""
    prs = Presentation()
    cover = prs.slide_layouts[0]
    for ph in list(cover.placeholders):
        if ph.placeholder_format.type is not None and ph.placeholder_format.idx in (0, 1):
            ph._element.getparent().remove(ph._element)
    _add_picture(cover, prs, (0, 0, Inches(3), prs.slide_height), (30, 60, 120))
    return _save(prs)


def libreoffice(folder: Path) -> Path:
    """A template saved by LibreOffice Impress (python-pptx's default, round-tripped through soffice)."""
    source = folder / "lo-source.pptx"
    source.write_bytes(_save(Presentation()))
    out = folder / "lo"
    out.mkdir(exist_ok=True)
    return convert(source, "pptx", out)


def russian_workbook() -> bytes:
    """A workbook as Russian Excel writes it: the Normal style is "Обычный", its font PT Sans."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Обложка"
    data = io.BytesIO()
    book.save(data)
    source = zipfile.ZipFile(io.BytesIO(data.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/styles.xml":
                part = part.replace(b'name="Normal"', 'name="Обычный"'.encode())
                part = re.sub(
                    rb"<font>.*?</font>", b'<font><sz val="11"/><name val="PT Sans"/></font>', part, count=1
                )
            target.writestr(info, part)
    return out.getvalue()


# --- checks on a written deck ---------------------------------------------------------------------


def _box(element: Any) -> tuple[int, int, int, int] | None:
    xfrm = next(element.iter(qn("a:xfrm"), qn("p:xfrm")), None)
    if xfrm is None or xfrm.find(qn("a:off")) is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))


def _intersect(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def template_pictures(slide: Any) -> list[tuple[int, int, int, int]]:
    layout = slide.slide_layout
    owners = [layout.slide_master, layout] if layout._element.get("showMasterSp") != "0" else [layout]
    return [b for o in owners for pic in o.shapes._spTree.iter(qn("p:pic")) if (b := _box(pic)) is not None]


def shapes_on_artwork(prs: Any) -> list[str]:
    """Shapes the deck added (not the template's placeholders) that overlap a master or layout picture."""
    found = []
    for number, slide in enumerate(prs.slides, 1):
        pictures = template_pictures(slide)
        for element in slide.shapes._spTree.iterchildren():
            box = _box(element)
            if box is None or element.find(f".//{qn('p:ph')}") is not None:
                continue
            name = next(element.iter(qn("p:cNvPr"))).get("name")
            if any(_intersect(box, pic) for pic in pictures):
                found.append(f"slide {number}: {name} on a template picture")
    return found


def _behind(slide: Any, theme: Theme, mapping: dict[str, str], element: Any) -> list[RGB] | None:
    """What a text shape is on: its fill, else the topmost filled shape under its centre, else the
    background of slide, layout or master (None: a picture, unknown)."""
    own = theme.fill(element.find(qn("p:spPr")), mapping)
    if own:
        return own
    layout = slide.slide_layout
    box = _box(element) or _inherited_box(layout, element)
    layers: list[tuple[tuple[int, int, int, int], list[RGB] | None]] = []
    for owner in (layout.slide_master, layout):
        for shape in owner.shapes._spTree.iterchildren():
            if shape.find(f".//{qn('p:ph')}") is None and (b := _box(shape)) is not None:
                colors = None if shape.tag == qn("p:pic") else theme.fill(shape.find(qn("p:spPr")), mapping)
                layers.append((b, colors))
    for shape in slide.shapes._spTree.iterchildren():
        if shape is element:
            break
        if (b := _box(shape)) is not None and shape.tag in (qn("p:sp"), qn("p:pic")):
            fill = None if shape.tag == qn("p:pic") else theme.fill(shape.find(qn("p:spPr")), mapping)
            layers.append((b, fill))
    if box is not None:
        cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
        for (x, y, w, h), colors in reversed(layers):
            if colors != [] and x <= cx <= x + w and y <= cy <= y + h:
                return colors
    return theme.background(slide, layout, layout.slide_master)


def _inherited_box(layout: Any, element: Any) -> tuple[int, int, int, int] | None:
    """A slide placeholder's box as its layout's placeholder (same idx) or the master's (same type) has it."""
    ph = element.find(f".//{qn('p:ph')}")
    if ph is None:
        return None
    for owner, key in ((layout, "idx"), (layout.slide_master, "type")):
        for shape in owner.shapes._spTree.iter(qn("p:sp")):
            other = shape.find(f".//{qn('p:ph')}")
            if other is not None and other.get(key) == ph.get(key) and (box := _box(shape)) is not None:
                return box
    return None


def contrast_failures(prs: Any) -> list[str]:
    """Runs without an explicit colour, or whose colour reads under WCAG AA on what is behind them."""
    problems: list[str] = []
    for number, slide in enumerate(prs.slides, 1):
        layout = slide.slide_layout
        theme = Theme(layout.slide_master)
        mapping = theme.color_map(layout, slide)
        for element in slide.shapes._spTree.iterchildren():
            bodies: list[tuple[Any, list[RGB] | None]] = []
            if element.tag == qn("p:sp") and element.find(qn("p:txBody")) is not None:
                bodies.append((element.find(qn("p:txBody")), _behind(slide, theme, mapping, element)))
            for cell in element.iter(qn("a:tc")):
                bodies.append((cell.find(qn("a:txBody")), theme.fill(cell.find(qn("a:tcPr")), mapping)))
            for body, behind in bodies:
                for run in body.iter(qn("a:r"), qn("a:fld")):
                    text = run.findtext(qn("a:t")) or ""
                    props = run.find(qn("a:rPr"))
                    fill = props.find(qn("a:solidFill")) if props is not None else None
                    if not behind or fill is None or not len(fill):
                        problems.append(f"slide {number}: {text[:30]!r} has no colour or no known background")
                        continue
                    color = theme.color(fill[0], mapping, None)
                    size = int(props.get("sz", "1200")) / 100
                    needed = needed_contrast(size, props.get("b") == "1")
                    if color is None or worst_contrast(color, behind) < needed:
                        problems.append(f"slide {number}: {text[:30]!r} reads under {needed}:1")
    return problems


def has_slide_number(slide: Any) -> bool:
    return any(f.get("type") == "slidenum" for f in slide.shapes._spTree.iter(qn("a:fld")))


def content_title_sizes(prs: Any) -> set[int]:
    """The font sizes (hundredths of a pt) of the runs of every content slide's title."""
    sizes = set()
    for slide in list(prs.slides)[1:]:
        title = slide.shapes.title
        shapes = [title] if title is not None else [s for s in slide.shapes if s.name == "Title"]
        for shape in shapes:
            for run in shape._element.iter(qn("a:rPr")):
                sizes.add(int(run.get("sz", "0")))
    return sizes
