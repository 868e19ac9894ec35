"""Sheets as plain rows, and the writer that streams their cells into the saved workbook.

openpyxl builds the workbook (template, named styles, column widths, frozen panes, filters,
dropdowns, print setup), but it spends about 8 µs on each cell even in write-only mode without
styles, and the workbook of a 5,000-card map with 20 segments holds 2.5 million cells: 21 s, where
issue 5 asks for 5. So openpyxl saves each of our sheets empty, and this module then writes their
``<sheetData>`` itself, with one shared-strings table. A row that shows an element already written
(the same card in another journey) reuses that element's rendered cells.

Every string goes through the shared-strings table, so a cell of user text is always a plain string
(``t="s"``): never a formula, never a link, whatever it starts with. Each distinct string is cleaned
once when it first enters the table: control characters and lone surrogates made visible, and text
longer than a cell can hold cut with a pointer to the full text on the "Long text" sheet.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from openpyxl.utils import get_column_letter

from .safety import CELL_LIMIT, plain_text, split_for_cells

Value = str | int | float | None
Styles = tuple[str | None, ...]  # one style key per column; None writes nothing for an empty cell
# A row: its own values, the style keys of all its columns, and a shared tail of values that follow.
# A tail is one tuple object reused by every row that shows the same element (the same card in 21
# journeys); its cells are rendered once and the XML reused with the row number put in.
Row = tuple[Sequence[Value], Styles, tuple[Value, ...]]
LONG_TEXT = "Long text"
PROGRESS_EVERY = 20_000  # rows between two progress reports while streaming

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_OOXML_ESCAPE = re.compile(r"(?=_x[0-9A-Fa-f]{4}_)")  # Excel reads "_x0041_" as "A" unless escaped
_XML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_EMPTY_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')


@dataclass
class Dropdown:
    """A list dropdown over one column of rows (the validation sheet's answers)."""

    column: int
    first_row: int
    last_row: int
    options: tuple[str, ...]
    prompt: str


@dataclass
class Sheet:
    """One sheet the exporter writes: its rows (values + style keys) and the settings openpyxl applies."""

    title: str
    widths: Sequence[float]
    rows: list[Row] = field(default_factory=list)
    header_row: int = 0  # the table's header row (1-based): frozen, filtered, repeated when printed
    freeze_columns: int = 0
    filter: bool = False
    dropdowns: list[Dropdown] = field(default_factory=list)
    gridlines: bool = True
    tab_color: str = ""
    links: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> sheet title
    streamed: bool = True  # False: openpyxl writes the cells (small sheets that need links)
    columns: int = 0  # the widest row's number of cells
    hidden_columns: tuple[int, ...] = ()  # 1-based: kept in the file (e.g. stable ids), not shown
    # Run on the openpyxl worksheet once its cells are written (native charts over the sheet's cells).
    decorations: list[Callable[[Any], None]] = field(default_factory=list)

    def add(self, values: Sequence[Value], styles: Styles, tail: tuple[Value, ...] = ()) -> int:
        """Append a row (``tail``: values shared with other rows, after ``values``); its 1-based number.

        Every value needs a style key (None for "no style"): a value without one would not be written.
        """
        if len(values) + len(tail) > len(styles):
            raise ValueError(
                f"{self.title}: a row of {len(values) + len(tail)} values has {len(styles)} styles"
            )
        self.rows.append((values, styles, tail))
        if len(styles) > self.columns:
            self.columns = len(styles)
        return len(self.rows)

    def blank(self) -> None:
        self.rows.append(((), (), ()))

    def values(self) -> Iterator[list[Value]]:
        """Each row's values, in full (for tests and the plain-openpyxl baseline)."""
        for head, _, tail in self.rows:
            yield [*head, *tail]

    @property
    def width(self) -> int:
        return len(self.widths)


class StringTable:
    """The shared strings: each distinct text cleaned, escaped and numbered once."""

    def __init__(self, long_title: str = LONG_TEXT) -> None:
        self.long_title = long_title
        self.index: dict[str, int] = {}
        self.items: list[str] = []  # escaped XML text of each entry
        self.long: dict[str, int] = {}  # full (cleaned) text -> its row on the Long text sheet
        self.long_rows: list[tuple[str, str]] = []  # (first cell it appears in, full text)
        self.count = 0

    def add(self, text: str, where: str) -> int:
        """The index of a new ``text``, first seen in the cell ``where`` (named if it is too long)."""
        clean = plain_text(text)
        if not clean.isascii() and _SURROGATE.search(clean):
            clean = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", clean)
        if len(clean) > CELL_LIMIT:
            row = self.long.get(clean)
            if row is None:
                self.long_rows.append((where, clean))
                row = self.long[clean] = len(self.long_rows) + 1  # below the Long text sheet's header
            note = f" … [continues on the sheet “{self.long_title}”, row {row}]"
            clean = clean[: CELL_LIMIT - len(note)] + note
        if "_x" in clean:
            clean = _OOXML_ESCAPE.sub("_x005F", clean)
        number = self.index[text] = len(self.items)
        self.items.append(clean.translate(_XML))
        return number

    def xml(self) -> bytes:
        head = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{self.count}" uniqueCount="{len(self.items)}">'
        )
        body = "".join(f'<si><t xml:space="preserve">{item}</t></si>' for item in self.items)
        return (head + body + "</sst>").encode("utf-8")


def long_text_sheet(strings: StringTable) -> Sheet:
    """The sheet that holds texts too long for one cell, in as many cells as they need."""
    parts = [split_for_cells(text) for _, text in strings.long_rows]
    most = max((len(p) for p in parts), default=1)
    sheet = Sheet(LONG_TEXT, [28, 12, *([80.0] * most)], header_row=1, filter=True)
    sheet.add(
        ["First cell", "Characters", *(f"Part {i}" for i in range(1, most + 1))],
        ("JM Header",) * (most + 2),
    )
    for (where, text), pieces in zip(strings.long_rows, parts, strict=True):
        sheet.add([where, len(text), *pieces], ("JM Cell", "JM Cell", *(["JM Wrapped"] * len(pieces))))
    return sheet


MAX_HEIGHT = 409.0  # points: Excel's tallest row
DEFAULT_WIDTH = 9.0  # characters, a column without a width of its own


def line_count(text: str, chars: float) -> int:
    """Lines a wrapped cell needs: its paragraphs wrapped word by word, as an office suite does."""
    per_line = max(int(chars), 1)
    if len(text) <= per_line and "\n" not in text:
        return 1
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = -1
        for word in paragraph.split(" "):
            if used >= 0 and used + 1 + len(word) <= per_line:
                used += 1 + len(word)
                continue
            if used >= 0:
                lines += 1
            used = len(word)
            while used > per_line:  # a word longer than the line is broken
                lines += 1
                used -= per_line
    return lines


class _Column(NamedTuple):
    """One column of one style tuple, pre-rendered: the pieces of its ``<c>`` elements."""

    ref: str  # '<c r="B' (the row number follows)
    text: str  # '" s="3" t="s"><v>' (the string's index follows)
    number: str  # '" s="3"><v>'
    empty: str  # '" s="3"/>', or "" when an empty cell is not written at all
    wrap: bool
    line: float  # points per line of text
    chars: float  # characters per line when wrapped


class RowWriter:
    """Renders a sheet's rows as ``<row>`` XML, with style keys resolved to cell-format ids.

    Neither Excel nor LibreOffice fits a row's height to wrapped text when it opens a file, so each
    row gets a height estimated from its wrapped texts, the column widths and the font size.
    """

    def __init__(
        self,
        strings: StringTable,
        style_id: Callable[[str], int],
        layout: Callable[[str], tuple[bool, float]],
    ) -> None:
        self.strings = strings
        self._style_id = style_id
        self._layout = layout
        self._shapes: dict[str | None, tuple[bool, float]] = {None: (False, 11.0 * 1.3)}
        self._line_counts: dict[float, dict[str, int]] = {}
        self._made: dict[tuple[str, int, str | None], _Column] = {}

    def _shape(self, key: str | None) -> tuple[bool, float]:
        """(wraps, points per line) of a style."""
        found = self._shapes.get(key)
        if found is None:
            wrap, size = self._layout(key or "")
            found = self._shapes[key] = (wrap, size * 1.3)
        return found

    def _columns(self, sheet: Sheet, styles: Styles) -> tuple[_Column, ...]:
        return tuple(self._column(sheet, index, key) for index, key in enumerate(styles))

    def _column(self, sheet: Sheet, index: int, key: str | None) -> _Column:
        found = self._made.get((sheet.title, index, key))
        if found is None:
            width = sheet.widths[index] if index < len(sheet.widths) else DEFAULT_WIDTH
            wrap, line = self._shape(key)
            style = "" if key is None else f'" s="{self._style_id(key)}"'
            found = self._made[(sheet.title, index, key)] = _Column(
                f'<c r="{get_column_letter(index + 1)}',
                f'{style or chr(34)} t="s"><v>',
                f"{style or chr(34)}><v>",
                f"{style}/>" if style else "",
                wrap,
                line,
                chars_per_line(width, line),
            )
        return found

    def height(self, sheet: Sheet, values: Sequence[Value], styles: Styles) -> float:
        """The estimated height of one row, in points (for sheets openpyxl writes itself)."""
        _, _, tallest = self._cells(sheet, values, self._columns(sheet, styles), "1")
        return min(tallest + 3, MAX_HEIGHT)

    def dimension(self, sheet: Sheet) -> str:
        return f"A1:{get_column_letter(max(sheet.columns, 1))}{max(len(sheet.rows), 1)}"

    def _cells(
        self, sheet: Sheet, values: Sequence[Value], specs: Sequence[_Column], row: str, named: str = ""
    ) -> tuple[str, int, float]:
        """The ``<c>`` elements of ``values`` in the columns ``specs``: XML, strings written, tallest line.

        ``named`` is the row number that names a cell on the Long text sheet (when ``row`` is a stand-in).
        """
        index = self.strings.index
        out: list[str] = []
        count = 0
        tallest = 0.0
        for value, spec in zip(values, specs, strict=False):
            if value is None or value == "":
                if spec.empty:
                    out.append(f"{spec.ref}{row}{spec.empty}")
                    if spec.line > tallest:
                        tallest = spec.line
                continue
            line = spec.line
            if type(value) is str:
                found = index.get(value)
                if found is None:
                    found = self.strings.add(value, f"{sheet.title}!{spec.ref[6:]}{named or row}")
                count += 1
                out.append(f"{spec.ref}{row}{spec.text}{found}</v></c>")
                if spec.wrap:
                    cache = self._line_counts.get(spec.chars)
                    if cache is None:
                        cache = self._line_counts[spec.chars] = {}
                    lines = cache.get(value)
                    if lines is None:
                        lines = cache[value] = line_count(value, spec.chars)
                    line *= lines
            elif isinstance(value, bool):
                out.append(f'{spec.ref}{row}{spec.number[:-4]} t="b"><v>{int(value)}</v></c>')
            else:
                out.append(f"{spec.ref}{row}{spec.number}{value!r}</v></c>")
            if line > tallest:
                tallest = line
        for spec in specs[len(values) :]:
            if spec.empty:
                out.append(f"{spec.ref}{row}{spec.empty}")
                if spec.line > tallest:
                    tallest = spec.line
        return "".join(out), count, tallest

    def chunks(self, sheet: Sheet, tick: Callable[[int], None]) -> Iterator[bytes]:
        """The sheet's rows as XML, in pieces of a few thousand rows (``tick`` gets the rows done).

        A row with a shared tail is put together from two rendered pieces, its head's and its tail's,
        each made once, with a NUL character standing for the row number (cell text cannot hold one:
        control characters are shown as escapes).
        """
        resolved: dict[int, tuple[_Column, ...]] = {}
        pieces: dict[tuple[Any, ...], tuple[str, int, float]] = {}
        heights: dict[float, str] = {}
        out: list[str] = []
        count = 0
        for number, (values, styles, tail) in enumerate(sheet.rows, 1):
            if not styles:
                continue  # a blank row: nothing to write
            specs = resolved.get(id(styles))
            if specs is None:
                specs = resolved[id(styles)] = self._columns(sheet, styles)
            row = str(number)
            if tail:
                split = len(values)
                key = (values, id(styles)) if type(values) is tuple else None
                head = pieces.get(key) if key else None
                if head is None:
                    head = self._cells(sheet, values, specs[:split], "\0", row)
                    if key:
                        pieces[key] = head
                shared = pieces.get((id(tail), split, id(styles)))
                if shared is None:
                    shared = pieces[(id(tail), split, id(styles))] = self._cells(
                        sheet, tail, specs[split:], "\0", row
                    )
                cells = (head[0] + shared[0]).replace("\0", row)
                count += head[1] + shared[1]
                tallest = head[2] if head[2] > shared[2] else shared[2]
            else:
                cells, strings, tallest = self._cells(sheet, values, specs, row)
                count += strings
            height = heights.get(tallest)
            if height is None:
                height = heights[tallest] = f'" ht="{min(tallest + 3, MAX_HEIGHT):.1f}" customHeight="1">'
            out.append(f'<row r="{row}{height}{cells}</row>')
            if number % 2_000 == 0:
                yield "".join(out).encode("utf-8")
                out.clear()
                if number % PROGRESS_EVERY == 0:
                    tick(PROGRESS_EVERY)
        self.strings.count += count
        tick(len(sheet.rows) % PROGRESS_EVERY)
        yield "".join(out).encode("utf-8")


def chars_per_line(width: float, line: float) -> float:
    """Characters on one line of a wrapped cell: a unit of column width is one "0" of the 11-point
    body font; 10-point text fits about 1.2 characters in it (measured on rendered sheets, with
    LibreOffice's wider fallback font). A line of an n-point font is 1.3 n points high.
    """
    return width * (11 * 1.3 / line) * 1.1


def assemble(
    shell: bytes,
    parts: dict[str, Sheet],
    writer: RowWriter,
    tick: Callable[[int], None],
    level: int = 1,
) -> bytes:
    """The final workbook: openpyxl's ``shell`` with the rows of ``parts`` (zip path -> sheet) streamed in.

    Every other part is copied as openpyxl wrote it; the shared strings part is added at the end.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(shell)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            sheet = parts.get(info.filename)
            if info.filename == "[Content_Types].xml":
                data = _with_string_table_type(data)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = _with_string_table_rel(data)
            if sheet is None:
                target.writestr(info.filename, data)
                continue
            found = _EMPTY_DATA.search(data)
            if found is None:
                raise RuntimeError(f"{info.filename}: openpyxl wrote cells into a streamed sheet")
            head = _DIMENSION.sub(
                f'<dimension ref="{writer.dimension(sheet)}"/>'.encode(), data[: found.start()]
            )
            with target.open(info.filename, "w") as stream:
                stream.write(head + b"<sheetData>")
                for chunk in writer.chunks(sheet, tick):
                    stream.write(chunk)
                stream.write(b"</sheetData>" + data[found.end() :])
        target.writestr("xl/sharedStrings.xml", writer.strings.xml())
    return out.getvalue()


def _with_string_table_type(data: bytes) -> bytes:
    if b"/xl/sharedStrings.xml" in data:
        return data
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/>'.encode()
    return data.replace(b"</Types>", override + b"</Types>")


def _with_string_table_rel(data: bytes) -> bytes:
    if _SST_REL.encode() in data:
        return data
    rel = f'<Relationship Id="rIdJmStrings" Type="{_SST_REL}" Target="sharedStrings.xml"/>'.encode()
    return data.replace(b"</Relationships>", rel + b"</Relationships>")
