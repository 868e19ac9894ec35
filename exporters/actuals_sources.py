"""The rows of an accounts file (CSV or XLSX), read as hostile input, for ``actuals_import``.

An accounts export comes from a customer-success platform, a CRM or someone's spreadsheet: outside
the app, so it is read like a returned workbook (``validation_import``). Before anything parses it,
the path must be a regular file (a FIFO or a device would block or never end) under
:data:`MAX_FILE`, and its first bytes say what it is: a zip holding ``xl/workbook.xml`` is read as
a workbook (``safety.check_zip`` first: zip bombs, entity tricks; openpyxl read-only, cached values
only, so a formula is never computed), anything else must be UTF-8 text (a BOM is allowed) without
NUL bytes, read as CSV with the delimiter (comma, semicolon or tab) sniffed from the header line.
PDFs, images, Office 97 files, JSON (a ``.journeymap`` map), HTML, UTF-16 text: one line that says
so. Rows and columns are read capped; what lies beyond is counted, never kept.
"""

from __future__ import annotations

import csv
import io
import stat
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeymap_designer.model.inputfile import read_input

from .safety import ExportError, check_zip

MAX_FILE = 256 * 1024 * 1024  # bytes: 100,000 accounts x 12 columns is about 12 MB
MAX_ROWS = 1_000_000  # accounts read below the header; more are counted and reported
MAX_COLUMNS = 500  # columns read per row; a wider header is reported
MAX_FIELD = 100_000  # characters of one CSV field: anything longer is not an account export
HEADER_ROWS = 20  # the header row is looked for in the first rows only
SHEET_NAME = "accounts"  # the sheet read when a workbook has one so named; else the first
DELIMITERS = (",", ";", "\t")
MAGIC = (  # what a file that is not an accounts file is instead, by its first bytes
    (b"%PDF", "a PDF"),
    (b"\xd0\xcf\x11\xe0", "an Office 97-2003 file (.xls or .doc): save it as .xlsx or CSV UTF-8"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xfe", "UTF-16 text: save it as CSV UTF-8"),
    (b"\xfe\xff", "UTF-16 text: save it as CSV UTF-8"),
    (b"{", "a JSON file (a .journeymap map?), not a table of accounts"),
    (b"[", "a JSON file, not a table of accounts"),
    (b"<", "an HTML or XML file, not a table of accounts"),
)
ZIP_KINDS = (
    ("ppt/presentation.xml", "a PowerPoint deck"),
    ("word/document.xml", "a Word document"),
    ("content.xml", "an OpenDocument file: save it as .xlsx or CSV UTF-8"),
)
Row = Sequence[Any]


class ActualsImportError(ExportError):
    """The file cannot be read as accounts at all; the message is one line naming the file."""


@dataclass
class Table:
    """A file's rows as (line or row number, cells), the kind read, and what the caps left out."""

    kind: str  # "csv" or "xlsx"
    rows: Iterator[tuple[int, Row]]
    sheet: str = ""


def read_table(path: str | Path) -> Table:
    """The rows of an accounts file; ActualsImportError (one line) when it is not one."""
    path = Path(path)
    data = _read_bytes(path)
    where = path.name
    if not data.strip():
        raise ActualsImportError(f"{where}: is empty (no header row, no accounts)")
    if zipfile.is_zipfile(io.BytesIO(data)):
        return _xlsx(data, where)
    head = data[:8].lstrip(b"\xef\xbb\xbf \t\r\n")
    what = next((label for magic, label in MAGIC if data.startswith(magic) or head.startswith(magic)), None)
    if what is not None:
        raise ActualsImportError(f"{where}: not a CSV or Excel file of accounts (it is {what})")
    return _csv(data, where)


def _read_bytes(path: Path) -> bytes:
    where = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ActualsImportError(f"{where}: is a folder, not a CSV or Excel file")
        if not stat.S_ISREG(info.st_mode):
            raise ActualsImportError(f"{where}: is not a regular file (a pipe or a device?)")
        if info.st_size > MAX_FILE:
            raise ActualsImportError(
                f"{where}: refused, {info.st_size / 1024 / 1024:,.0f} MB is more than an accounts "
                f"export ({MAX_FILE // 1024 // 1024} MB at most)"
            )
        data = read_input(path, MAX_FILE)  # checked again on the open file: a FIFO swapped in cannot block
    except FileNotFoundError:
        raise ActualsImportError(f"{where}: no such file") from None
    except OSError as exc:
        raise ActualsImportError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE:  # it grew while being read
        raise ActualsImportError(f"{where}: refused, more than {MAX_FILE // 1024 // 1024} MB")
    return data


def _csv(data: bytes, where: str) -> Table:
    nul = data.find(b"\0")
    if nul >= 0:
        raise ActualsImportError(
            f"{where}: not a text file (a NUL byte at byte {nul:,}): save it as CSV UTF-8"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ActualsImportError(
            f"{where}: not UTF-8 text (byte {exc.start:,} is 0x{data[exc.start]:02x}): save it as CSV UTF-8"
        ) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=lambda d: (_count_outside_quotes(first, d), -DELIMITERS.index(d)))
    return Table("csv", _csv_rows(text, delimiter, where))


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _csv_rows(text: str, delimiter: str, where: str) -> Iterator[tuple[int, Row]]:
    """CSV records with the line each starts on (a quoted field may span lines)."""
    old_limit = csv.field_size_limit()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    line = 1
    try:
        csv.field_size_limit(MAX_FIELD)
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ActualsImportError(f"{where}: line {line:,}: not readable as CSV ({exc})") from None
            yield line, record if len(record) <= MAX_COLUMNS + 1 else record[: MAX_COLUMNS + 1]
            line = reader.line_num + 1
    finally:
        csv.field_size_limit(old_limit)


def _xlsx(data: bytes, where: str) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist()[:10_000])
    except zipfile.BadZipFile as exc:
        raise ActualsImportError(f"{where}: a damaged zip ({exc})") from None
    if "xl/workbook.xml" not in names:
        what = next((label for part, label in ZIP_KINDS if part in names), "a zip file of other things")
        raise ActualsImportError(f"{where}: not a CSV or Excel file of accounts (it is {what})")
    try:
        check_zip(data, "xlsx", where)
    except ExportError as exc:
        raise ActualsImportError(str(exc)) from None
    import openpyxl  # only here: the model and the CLI load without it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ActualsImportError(f"{where}: a damaged Excel workbook ({_reason(exc)})") from None
    titles = list(book.sheetnames)
    named = [t for t in titles if t.strip().casefold() == SHEET_NAME]
    sheets = [book[t] for t in (named or titles) if hasattr(book[t], "iter_rows")]
    if not sheets:
        book.close()
        raise ActualsImportError(f"{where}: a workbook with no worksheet (only charts?)")
    return Table("xlsx", _xlsx_rows(book, sheets[0], where), sheets[0].title)


def _xlsx_rows(book: Any, sheet: Any, where: str) -> Iterator[tuple[int, Row]]:
    width = sheet.max_column if isinstance(sheet.max_column, int) and sheet.max_column > 0 else None
    rows = sheet.iter_rows(max_col=min(width or MAX_COLUMNS + 1, MAX_COLUMNS + 1), values_only=True)
    number = 0
    try:
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # openpyxl raises many kinds on damaged XML
                raise ActualsImportError(f"{where}: a damaged Excel workbook ({_reason(exc)})") from None
            number += 1
            yield number, row
    finally:
        book.close()


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
