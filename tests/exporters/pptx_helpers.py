"""Reading a deck back for the PowerPoint exporter's tests: titles, text, shapes, and the fit estimate."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.oxml.ns import qn

from exporters.pptx_text import EMU_PER_PT, Para, Run, para_height

A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def open_deck(path: Path) -> Any:
    return Presentation(str(path))


def title_of(slide: Any) -> str:
    """The slide's title: its title placeholder, or the text box the exporter names "Title"."""
    if slide.shapes.title is not None:
        return " ".join(p.text for p in slide.shapes.title.text_frame.paragraphs)
    for shape in slide.shapes:
        if shape.name == "Title" and shape.has_text_frame:
            return str(shape.text_frame.text)
    return ""


def titles(prs: Any) -> list[str]:
    return [title_of(s) for s in prs.slides]


def slide_text(slide: Any, with_title: bool = True) -> str:
    """All the text of a slide (text boxes, shapes and table cells), whitespace collapsed."""
    parts: list[str] = []
    for shape in slide.shapes:
        if not with_title and (shape == slide.shapes.title or shape.name == "Title"):
            continue
        if is_footer(shape):
            continue
        if shape.has_text_frame:
            parts += [p.text for p in shape.text_frame.paragraphs]
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    parts += [p.text for p in cell.text_frame.paragraphs]
    return squash(" ".join(parts))


def is_footer(shape: Any) -> bool:
    """The date, footer and slide number the template repeats on every slide: not the slide's content."""
    if shape.name == "Slide number":
        return True
    ph = shape._element.find(f".//{qn('p:ph')}")
    return ph is not None and ph.get("type") in ("dt", "ftr", "sldNum")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def slides_titled(prs: Any, prefix: str) -> list[Any]:
    return [s for s in prs.slides if title_of(s).startswith(prefix)]


def deck_text(slides: list[Any], with_titles: bool = True) -> str:
    return " ".join(slide_text(s, with_titles) for s in slides)


def named(slide: Any, prefix: str) -> list[Any]:
    return [shape for shape in slide.shapes if shape.name.startswith(prefix)]


def _para_from_xml(p: Any) -> Para:
    runs = []
    size = None
    for r in p.iter(qn("a:r")):
        props = r.find(qn("a:rPr"))
        bold = props is not None and props.get("b") == "1"
        italic = props is not None and props.get("i") == "1"
        if props is not None and props.get("sz"):
            size = int(props.get("sz")) / 100
        runs.append(Run(r.findtext(qn("a:t")) or "", bold=bold, italic=italic))
        if r.getnext() is not None and r.getnext().tag == qn("a:br"):
            runs.append(Run("\n"))
    end = p.find(qn("a:endParaRPr"))
    if size is None and end is not None and end.get("sz"):
        size = int(end.get("sz")) / 100
    props = p.find(qn("a:pPr"))
    bullet = props is not None and props.find(qn("a:buChar")) is not None
    indent = props is not None and int(props.get("marL", "0")) > 0 and not bullet
    before = props.find(f"{qn('a:spcBef')}/{qn('a:spcPts')}") if props is not None else None
    space = int(before.get("val")) / 100 if before is not None else 0.0
    return Para(tuple(runs), size or 18.0, bullet, indent, space)


def overflowing(prs: Any) -> list[str]:
    """Text boxes whose text, by the exporter's own estimate, is taller than the box, and shapes off the
    slide. Title placeholders are left out (their size comes from the template)."""
    problems = []
    width, height = prs.slide_width, prs.slide_height
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.left is None:
                continue
            if (
                shape.left < 0
                or shape.top < 0
                or shape.left + shape.width > width + 12700
                or shape.top + shape.height > height + 12700
            ):
                problems.append(f"slide {number}: {shape.name} runs off the slide")
            if getattr(shape, "has_table", False) and shape.has_table:
                total = sum(row.height for row in shape.table.rows)
                if shape.top + total > height:
                    problems.append(f"slide {number}: table rows run off the slide")
                continue
            if not shape.has_text_frame or shape.is_placeholder or not shape.text_frame.text:
                continue
            body = shape.text_frame._txBody
            pr = body.find(qn("a:bodyPr"))
            insets = [
                int(pr.get(k, d)) / EMU_PER_PT
                for k, d in (("lIns", 91440), ("rIns", 91440), ("tIns", 45720), ("bIns", 45720))
            ]
            inner_w = shape.width / EMU_PER_PT - insets[0] - insets[1]
            inner_h = shape.height / EMU_PER_PT - insets[2] - insets[3]
            need = sum(para_height(_para_from_xml(p), inner_w) for p in body.iter(qn("a:p")))
            if need > inner_h + 0.5:
                problems.append(f"slide {number}: {shape.name} needs {need:.0f} pt, has {inner_h:.0f} pt")
    return problems
