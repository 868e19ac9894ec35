"""Long content over as many slides as it needs: text in columns, and tables whose rows continue.

Both are paginated from the text estimate of :mod:`exporters.pptx_text` before anything is drawn, so a
page never holds more than fits; a section or a row cut by a page break says "(continued)" where it
resumes, under its heading or the table's header row, repeated.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Emu, Inches

from .pptx_template import Box
from .pptx_text import (
    EMU_PER_PT,
    INSET_X,
    INSET_Y,
    SLACK,
    Para,
    Run,
    para_height,
    prepare_frame,
    split_para,
    text_width,
    write_body,
    write_paras,
)
from .pptx_theme import palette_of

HEADING_SIZE = 12.5
COLUMN_GAP = Inches(0.35)
CELL_X, CELL_Y = 5.0, 3.0  # pt, table cell margins
BANDS = ("F3F5F8", "FFFFFF")  # body rows: light on any slide, so the cell text is chosen against them
Page = list[list[Para]]  # a page: its columns, each a list of paragraphs


@dataclass
class Section:
    """A heading and its paragraphs; a section cut by a column or page break repeats its heading."""

    heading: str | None
    paras: list[Para] = field(default_factory=list)


def heading(text: str, continued: bool = False) -> Para:
    label = f"{text} (continued)" if continued else text
    return Para((Run(label, bold=True, color="accent1"),), HEADING_SIZE, space_before=9.0)


def column_count(box: Box) -> int:
    return 2 if box.w >= Inches(8) else 1


def column_width_pt(box: Box, columns: int) -> float:
    """The width text wraps in, inside one column's text box."""
    return (box.w - (columns - 1) * COLUMN_GAP) / columns / EMU_PER_PT - 2 * INSET_X


def flow_pages(sections: list[Section], box: Box, columns: int, first_box: Box | None = None) -> list[Page]:
    """Pages of columns holding the sections in order; ``first_box`` is a smaller first page, if any."""
    width = column_width_pt(box, columns)
    heights = [(first_box or box).h_pt - 2 * INSET_Y, box.h_pt - 2 * INSET_Y]
    pages: list[Page] = [[[]]]
    room = heights[0]

    def next_column() -> float:
        """Start the next column (on a new page after the last one); returns its height."""
        if len(pages[-1]) < columns:
            pages[-1].append([])
        else:
            pages.append([[]])
        return full()

    def full() -> float:
        return heights[0] if len(pages) == 1 else heights[1]

    for section in sections:
        pending = heading(section.heading) if section.heading else None
        shown = False  # whether any of the section is placed yet: a heading says "continued" only then
        queue = list(section.paras)
        if not queue and pending is not None:
            if para_height(pending, width) > room and pages[-1][-1]:
                room = next_column()
            pages[-1][-1].append(pending)
            room -= para_height(pending, width)
            continue
        while queue:
            item = queue[0]
            head_h = para_height(pending, width) if pending is not None else 0.0
            need = para_height(item, width)
            block = _block_height(queue, width)
            if pages[-1][-1] and head_h + block > room and head_h + block <= full():
                room = next_column()  # keep a card's lines (or a heading and its text) together
                pending = heading(section.heading, continued=shown) if section.heading else None
                continue
            if head_h + need <= room:
                if pending is not None:
                    pages[-1][-1].append(pending)
                pages[-1][-1].append(item)
                room -= head_h + need
                pending, shown = None, True
                queue.pop(0)
                continue
            empty = not pages[-1][-1]
            parts = split_para(item, width, room - head_h, min_lines=1 if empty else 2)
            if parts is not None:
                if pending is not None:
                    pages[-1][-1].append(pending)
                pages[-1][-1].append(parts[0])
                queue[0] = parts[1]
                shown = True
            elif empty:  # a single line taller than a column: place it anyway rather than loop
                pages[-1][-1].append(item)
                queue.pop(0)
                shown = True
            room = next_column()
            pending = heading(section.heading, continued=shown) if section.heading else None
    return pages


def _block_height(queue: list[Para], width: float) -> float:
    """Height of the paragraphs from the head of the queue that must stay together."""
    total = 0.0
    for p in queue:
        total += para_height(p, width)
        if not p.keep_with_next:
            break
    return total


def draw_columns(slide: Slide, box: Box, page: Page, columns: int) -> None:
    """One text box per column, top-aligned, the width the estimate assumed."""
    width = int((box.w - (columns - 1) * COLUMN_GAP) / columns)
    for index, paras in enumerate(page):
        if not paras:
            continue
        left = Emu(box.x + index * (width + COLUMN_GAP))
        shape = slide.shapes.add_textbox(left, Emu(box.y), Emu(width), Emu(box.h))
        shape.name = f"Text column {index + 1}"
        prepare_frame(shape.text_frame)
        write_paras(shape.text_frame, [_strip_top(paras[0]), *paras[1:]])


def _strip_top(p: Para) -> Para:
    """The first paragraph of a box needs no space above it (its height was counted with it: harmless)."""
    return replace(p, space_before=0.0)


# --- tables --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    weight: float
    align: str = "left"


Cell = list[Para]


@dataclass
class Table:
    """Columns with relative widths, and rows of cells (each cell a list of paragraphs)."""

    columns: list[Column]
    rows: list[list[Cell]]
    size: float = 10.0
    group_first_column: bool = False  # show a first-column value once per run of equal rows on a page

    def header(self) -> list[Cell]:
        return [
            [Para((Run(c.header, bold=True, color="FFFFFF"),), self.size, space_before=0, align=c.align)]
            for c in self.columns
        ]


def _widths(table: Table, box: Box) -> list[int]:
    """Column widths by weight, each at least as wide as the longest word of its header."""
    total = sum(c.weight for c in table.columns)
    widths = [int(box.w * c.weight / total) for c in table.columns]
    for index, column in enumerate(table.columns):
        longest = max((text_width(word, True) for word in column.header.split()), default=0.0)
        need = int((longest * table.size / SLACK + 2 * CELL_X + 2) * EMU_PER_PT)
        if widths[index] < need:
            widest = max(range(len(widths)), key=widths.__getitem__)
            widths[widest] -= need - widths[index]
            widths[index] = need
    widths[-1] = box.w - sum(widths[:-1])
    return widths


def _cell_height(cell: Cell, width_emu: int) -> float:
    inner = width_emu / EMU_PER_PT - 2 * CELL_X
    return sum(para_height(p, inner) for p in cell) + 2 * CELL_Y + 1.0


def _row_height(row: list[Cell], widths: list[int]) -> float:
    return max(_cell_height(cell, w) for cell, w in zip(row, widths, strict=True))


def _split_cell(cell: Cell, width_emu: int, height: float) -> tuple[Cell, Cell]:
    inner = width_emu / EMU_PER_PT - 2 * CELL_X
    room = height - 2 * CELL_Y - 1.0
    head: Cell = []
    for index, p in enumerate(cell):
        need = para_height(p, inner)
        if need <= room:
            head.append(p)
            room -= need
            continue
        parts = split_para(p, inner, room, min_lines=1)
        if parts is None:
            return head, cell[index:]
        return [*head, parts[0]], [parts[1], *cell[index + 1 :]]
    return head, []


def table_pages(table: Table, box: Box, first_box: Box | None = None) -> list[list[list[Cell]]]:
    """Rows grouped into pages under a repeated header; a row too tall for the room left is split."""
    widths = _widths(table, box)
    header_h = _row_height(table.header(), widths)
    limits = [(first_box or box).h_pt - header_h, box.h_pt - header_h]
    pages: list[list[list[Cell]]] = [[]]
    room = limits[0]
    queue = list(table.rows)
    while queue:
        row = queue[0]
        need = _row_height(row, widths)
        if need <= room:
            pages[-1].append(row)
            room -= need
            queue.pop(0)
            continue
        if not pages[-1] or need > limits[1]:  # only a row taller than a whole page is split
            split = [_split_cell(cell, w, room) for cell, w in zip(row, widths, strict=True)]
            head = [h for h, _t in split]
            tail = [t for _h, t in split]
            if any(head) and any(tail):
                note = Para((Run("(continued)", italic=True, muted=True),), table.size - 1, space_before=0)
                tail[0] = [note, *tail[0]]
                pages[-1].append(head)
                queue[0] = tail
            elif not pages[-1]:  # nothing splits: place it whole rather than loop
                pages[-1].append(row)
                queue.pop(0)
        pages.append([])
        room = limits[1]
    return [page for page in pages if page] or [[]]


def draw_table(slide: Slide, box: Box, table: Table, rows: list[list[Cell]]) -> Any:
    """A native table with the header row styled by the template's table style."""
    widths = _widths(table, box)
    if table.group_first_column:
        rows = _grouped(rows)
    all_rows = [table.header(), *rows]
    heights = [_row_height(row, widths) for row in all_rows]
    total = int(sum(heights) * EMU_PER_PT)
    shape = slide.shapes.add_table(len(all_rows), len(widths), Emu(box.x), Emu(box.y), Emu(box.w), Emu(total))
    shape.name = "Table"
    tbl = shape.table._tbl
    for column, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.set("w", str(width))
    margins = {"marL": str(int(CELL_X * EMU_PER_PT)), "marR": str(int(CELL_X * EMU_PER_PT))}
    margins |= {"marT": str(int(CELL_Y * EMU_PER_PT)), "marB": str(int(CELL_Y * EMU_PER_PT)), "anchor": "t"}
    # Row heights and cell margins set on the XML: python-pptx's setters re-measure the whole table each time.
    strong = palette_of(slide).strong
    for index, (tr, row, height) in enumerate(zip(tbl.tr_lst, all_rows, heights, strict=True)):
        tr.set("h", str(int(height * EMU_PER_PT)))
        fill = strong if index == 0 else BANDS[index % 2]
        for tc, paras in zip(tr.tc_lst, row, strict=True):
            tc_pr = tc.get_or_add_tcPr()
            for key, value in margins.items():
                tc_pr.set(key, value)
            _cell_fill(tc_pr, fill)
            write_body(tc.get_or_add_txBody(), paras or [Para((), table.size, space_before=0)])
    return shape


def _cell_fill(tc_pr: Any, fill: str) -> None:
    """An explicit cell fill: the template's table style may fill headers with a pale accent (white text
    on #DDDDDD); the header gets the palette's strong colour, the body light bands."""
    solid = tc_pr.makeelement(qn("a:solidFill"), {})
    if fill.startswith("scheme:"):
        solid.append(solid.makeelement(qn("a:schemeClr"), {"val": fill.removeprefix("scheme:")}))
    else:
        solid.append(solid.makeelement(qn("a:srgbClr"), {"val": fill}))
    tc_pr.append(solid)


def _grouped(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Blank a first cell that repeats the row above (the first row of a page always shows it)."""
    out = []
    previous = None
    for row in rows:
        key = "".join(p.text for p in row[0]) if row else None
        out.append([[], *row[1:]] if key == previous else row)
        previous = key
    return out
