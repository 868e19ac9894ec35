"""Text on slides: how much room text takes, and how long text is cut to continue on the next box.

A slide has no reflow: text that does not fit runs off the bottom. So every box is filled from an
estimate of how the text wraps at its font size and width, made with the advance widths of DejaVu Sans,
the widest of the fonts a deck usually meets (it is what LibreOffice substitutes on Linux; Calibri and
Arial are narrower). The estimate errs on the roomy side: a box may end a little early, never late.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.text.text import TextFrame
from pptx.util import Pt

from .safety import plain_text

EMU_PER_PT = 12_700
LINE = 1.22  # line height / font size: Calibri's, the tallest of the usual sans fonts
SLACK = 0.95  # use 95 % of a line's width, for kerning and rounding the estimate cannot see
BULLET_INDENT = 14.0  # pt from the bullet to its text
# Advance widths in 1/1000 em of " " .. "~" (DejaVu Sans, regular and bold), measured once with Pillow.
_REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775,
    752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390,
    337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip
_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821,
    837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457,
    365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
    716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
)  # fmt: skip


@lru_cache(maxsize=4096)
def _other_width(ch: str) -> int:
    """Width of a character outside printable ASCII: wide for East Asian, roomy for the rest."""
    if ch == "\t":
        return 6000  # a tab jumps to the next stop, up to an inch away
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    if unicodedata.combining(ch):
        return 0
    return 900 if unicodedata.category(ch).startswith("S") else 720


@lru_cache(maxsize=65_536)
def text_width(text: str, bold: bool = False) -> float:
    """Width of ``text`` in em (a 10 pt line of width 3.0 em is 30 pt long)."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for ch in text:
        code = ord(ch)
        total += table[code - 32] if 32 <= code < 127 else _other_width(ch)
    return total / 1000


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph in one style. ``color`` is RRGGBB or a theme slot (accent1, text2...)."""

    text: str
    bold: bool = False
    italic: bool = False
    muted: bool = False
    color: str | None = None


@dataclass(frozen=True)
class Para:
    """A paragraph to set in a text box: runs, size in pt, an optional bullet, space above in pt."""

    runs: tuple[Run, ...]
    size: float = 12.0
    bullet: bool = False
    indent: bool = False  # a bullet's continuation: indented like a bullet, without the mark
    space_before: float = 3.0
    align: str = "left"
    keep_with_next: bool = False  # a heading, or a card's first lines: not left alone at a column's foot

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def line_height(self) -> float:
        return self.size * LINE


def para(
    *runs: Run | str,
    size: float = 12.0,
    bullet: bool = False,
    indent: bool = False,
    space_before: float = 3.0,
    keep: bool = False,
) -> Para:
    """A paragraph from runs and plain strings; user text is made safe (control characters shown)."""
    cleaned = tuple(replace(r, text=clean(r.text)) if isinstance(r, Run) else Run(clean(r)) for r in runs)
    return Para(tuple(r for r in cleaned if r.text), size, bullet, indent, space_before, keep_with_next=keep)


def clean(text: str) -> str:
    """User text for a slide: control characters shown as escapes, any line ending as a line break."""
    return plain_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def _widths(p: Para) -> list[float]:
    """The width in pt of every character of the paragraph, run styles included."""
    widths: list[float] = []
    for r in p.runs:
        table = _BOLD if r.bold else _REGULAR
        scale = p.size * (1.05 if r.italic else 1.0) / 1000
        for ch in r.text:
            code = ord(ch)
            widths.append((table[code - 32] if 32 <= code < 127 else _other_width(ch)) * scale)
    return widths


def text_indent(p: Para) -> float:
    return BULLET_INDENT if (p.bullet or p.indent) else 0.0


def line_spans(p: Para, width_pt: float) -> list[tuple[int, int]]:
    """Where the paragraph's lines start and end (character offsets), wrapped greedily at spaces.

    A word longer than a line is broken between characters, as PowerPoint does; "\\n" forces a break.
    """
    return list(_spans(p, width_pt))


@lru_cache(maxsize=32_768)
def _spans(p: Para, width_pt: float) -> tuple[tuple[int, int], ...]:
    """:func:`line_spans`, remembered: pagination asks about the same paragraph several times."""
    text = p.text
    widths = _widths(p)
    limit = max(1.0, (width_pt - text_indent(p)) * SLACK)
    spans: list[tuple[int, int]] = []
    start, used, i, n = 0, 0.0, 0, len(text)
    while i < n:
        if text[i] == "\n":
            spans.append((start, i))
            start, used, i = i + 1, 0.0, i + 1
            continue
        j = i
        while j < n and text[j] not in " \n":
            j += 1
        word = sum(widths[i:j])
        if used > 0 and used + word > limit:
            spans.append((start, i))
            start, used = i, 0.0
        if word > limit:
            for k in range(i, j):
                if used > 0 and used + widths[k] > limit:
                    spans.append((start, k))
                    start, used = k, 0.0
                used += widths[k]
        else:
            used += word
        while j < n and text[j] == " ":
            used += widths[j]
            j += 1
        i = j
    spans.append((start, n))
    return tuple(spans)


def para_height(p: Para, width_pt: float) -> float:
    return p.space_before + len(_spans(p, width_pt)) * p.line_height


def paras_height(paras: list[Para], width_pt: float) -> float:
    return sum(para_height(p, width_pt) for p in paras)


def cut(p: Para, offset: int) -> tuple[Para, Para]:
    """The paragraph split at a character offset; the second part continues without a new bullet."""
    head: list[Run] = []
    tail: list[Run] = []
    seen = 0
    for r in p.runs:
        end = seen + len(r.text)
        if end <= offset:
            head.append(r)
        elif seen >= offset:
            tail.append(r)
        else:
            head.append(replace(r, text=r.text[: offset - seen]))
            tail.append(replace(r, text=r.text[offset - seen :]))
        seen = end
    rest = replace(
        p, runs=tuple(tail), bullet=False, indent=p.bullet or p.indent, space_before=0.0, keep_with_next=False
    )
    return replace(p, runs=tuple(head)), rest


def split_para(p: Para, width_pt: float, height_pt: float, min_lines: int = 2) -> tuple[Para, Para] | None:
    """The lines of ``p`` that fit in ``height_pt`` and the rest, or None when fewer than min_lines fit."""
    spans = line_spans(p, width_pt)
    fit = int((height_pt - p.space_before) / p.line_height + 1e-9)
    if fit < min_lines or fit >= len(spans):
        return None
    head, tail = cut(p, spans[fit][0])
    return head, replace(tail, runs=_lstrip(tail.runs))


def _lstrip(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    out = list(runs)
    while out and not out[0].text.lstrip(" \n"):
        out.pop(0)
    if out:
        out[0] = replace(out[0], text=out[0].text.lstrip(" \n"))
    return tuple(out)


def truncate(text: str, width_pt: float, size: float, lines: int, bold: bool = False) -> str:
    """``text`` cut to ``lines`` lines at this width, with an ellipsis.

    Only for labels whose full text is shown elsewhere in the deck (map cards, stage headers)."""
    spans = line_spans(Para((Run(text, bold=bold),), size, space_before=0), width_pt)
    if len(spans) <= lines:
        return text
    shown = text[: spans[lines - 1][1]].rstrip()
    while len(shown) > 1:
        trial = Para((Run(shown + "…", bold=bold),), size, space_before=0)
        if len(line_spans(trial, width_pt)) <= lines:
            break
        shown = shown[:-1].rstrip()
    return shown + "…"


# --- writing -----------------------------------------------------------------------------------------

INSET_X = 5.0  # pt, left and right inside every text box the deck draws
INSET_Y = 3.0


def prepare_frame(
    frame: TextFrame, anchor: str = "top", inset_x: float = INSET_X, inset_y: float = INSET_Y
) -> None:
    """A frame the estimate can trust: wrapping on, no autofit, known insets."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Pt(inset_x)
    frame.margin_top = frame.margin_bottom = Pt(inset_y)
    frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}[
        anchor
    ]


def write_paras(frame: TextFrame, paras: list[Para]) -> None:
    """Set paragraphs into a frame as plain runs: never a field, never a hyperlink.

    The paragraph XML is written directly (python-pptx's property setters cost about ten times more,
    which a hundred-slide deck notices); text goes through :func:`clean` on the way in.
    """
    write_body(frame._txBody, paras)


def write_body(body: Any, paras: list[Para]) -> None:
    """:func:`write_paras` for a bare ``txBody`` element (a table cell's)."""
    for old in body.findall(_P):
        body.remove(old)
    for p in paras:
        body.append(_paragraph(body, p))


_TAGS = (
    "p",
    "pPr",
    "r",
    "rPr",
    "t",
    "br",
    "endParaRPr",
    "lnSpc",
    "spcBef",
    "spcAft",
    "spcPct",
    "spcPts",
    "buChar",
    "buNone",
)
_P, _PPR, _R, _RPR, _T, _BR, _END, _LNSPC, _SPCBEF, _SPCAFT, _SPCPCT, _SPCPTS, _BUCHAR, _BUNONE = (
    qn(f"a:{tag}") for tag in _TAGS
)
_FILL, _SCHEME_CLR, _RGB, _LUM_MOD, _LUM_OFF = (
    qn(f"a:{t}") for t in ("solidFill", "schemeClr", "srgbClr", "lumMod", "lumOff")
)
_SCHEME = {"accent1": "accent1", "accent2": "accent2", "text1": "tx1", "text2": "tx2"}


def _paragraph(parent: Any, p: Para) -> Any:
    make = parent.makeelement
    indent = text_indent(p)
    props = {
        "marL": str(int(indent * EMU_PER_PT)),
        "indent": str(int(-indent * EMU_PER_PT)) if p.bullet else "0",
        "algn": "ctr" if p.align == "center" else "l",
    }
    paragraph = make(_P, {})
    p_pr = make(_PPR, props)
    paragraph.append(p_pr)
    line = make(_LNSPC, {})
    line.append(make(_SPCPCT, {"val": "100000"}))
    before = make(_SPCBEF, {})
    before.append(make(_SPCPTS, {"val": str(int(p.space_before * 100))}))
    after = make(_SPCAFT, {})
    after.append(make(_SPCPTS, {"val": "0"}))
    p_pr.extend((line, before, after, make(_BUCHAR, {"char": "•"}) if p.bullet else make(_BUNONE, {})))
    size = str(int(p.size * 100))
    for r in p.runs:
        for number, piece in enumerate(clean(r.text).split("\n")):
            if number:
                brk = make(_BR, {})
                brk.append(make(_RPR, {"lang": "en-US", "sz": size}))
                paragraph.append(brk)
            if piece:
                run = make(_R, {})
                run.append(_run_props(make, r, size))
                text = make(_T, {})
                text.text = piece
                run.append(text)
                paragraph.append(run)
    # An empty paragraph (an empty table cell) takes its height from here, not from the runs.
    paragraph.append(make(_END, {"lang": "en-US", "sz": size}))
    return paragraph


def _run_props(make: Any, r: Run, size: str) -> Any:
    attrs = {"lang": "en-US", "sz": size, "b": "1" if r.bold else "0"}
    if r.italic:
        attrs["i"] = "1"
    props = make(_RPR, attrs)
    if r.color is None and not r.muted:
        return props
    fill = make(_FILL, {})
    if r.color is not None and r.color in _SCHEME:
        fill.append(make(_SCHEME_CLR, {"val": _SCHEME[r.color]}))
    elif r.color is not None:
        fill.append(make(_RGB, {"val": r.color.upper()}))
    else:  # muted: the template's text colour, lightened (reads on light and dark backgrounds alike)
        colour = make(_SCHEME_CLR, {"val": "tx1"})
        colour.append(make(_LUM_MOD, {"val": "65000"}))
        colour.append(make(_LUM_OFF, {"val": "35000"}))
        fill.append(colour)
    props.append(fill)
    return props
