"""Read a validation workbook a customer filled in and sent back: their answers, row by row.

``journeymap export --xlsx`` writes a "Customer validation" sheet; the customer picks an answer per
step, comments, maybe sorts, filters, deletes rows or adds their own, then returns the file. This
module reads it back as :class:`~journeymap_designer.model.feedback.Answer` rows; the model decides
what they change (``model/feedback.py``).

Only the ID column ties a row to the map, so rows sorted, filtered or deleted do not matter, and the
columns are found by their header text, never by position. A returned file comes from outside, so
it is read like an untrusted template: checked as a zip first (``safety.check_zip``: zip bombs,
entity tricks), opened read-only with cached values only (openpyxl never computes a formula; a
formula the customer typed is read as the text or the value the office suite saved), every cell
read as text and clipped, and the rows and columns read capped. A file that is not a validation
workbook of this map is refused with one line that says what it is instead; a bad row is reported
with its row number and the good rows are kept.
"""

from __future__ import annotations

import errno
import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from journeymap_designer.model.elements import Verdict
from journeymap_designer.model.feedback import Answer
from journeymap_designer.model.inputfile import InputRefusedError, read_input
from journeymap_designer.model.workspace import Workspace

from .safety import CELL_LIMIT, ExportError, check_zip

SHEET_TITLE = "Customer validation"
HEADERS = (
    "Journey",
    "Stage",
    "Type",
    "Step",
    "What happens",
    "Channel",
    "Your answer",
    "Your comment",
    "ID",
    "Journey ID",  # hidden: the segment a customer's workbook is about (empty for the core)
)
REQUIRED = ("Your answer", "ID")
CORE_LABEL = "Core journey"  # the Journey column's name for the core (exporters/xlsx_sheets.py)
HEADER_ROWS = 20  # the header row is looked for in the first rows only
MAX_FILE = 50 * 1024 * 1024  # bytes: a returned workbook of a 200,000-card map is far smaller
MAX_ROWS = 250_000  # rows read below the header
MAX_COLUMNS = 40  # columns read per row (the sheet has nine)
MAX_SHEETS = 200  # sheets looked at for the validation table when no sheet has its title
MAX_PROBLEMS = 1_000  # problems listed; more are counted
OUR_NAMES = {"", "journey map designer", "openpyxl"}  # who wrote the file when it went out
ANSWER_WORDS = {
    "confirmed": Verdict.CONFIRMED,
    "confirm": Verdict.CONFIRMED,
    "needs change": Verdict.NEEDS_CHANGE,
    "needs a change": Verdict.NEEDS_CHANGE,
    "needs_change": Verdict.NEEDS_CHANGE,
    "missing something": Verdict.MISSING,
    "missing": Verdict.MISSING,
}
MAGIC = (  # what a file that is not a zip is instead, by its first bytes
    (b"%PDF", "a PDF"),
    (b"\xd0\xcf\x11\xe0", "an Office 97-2003 file (.xls or .doc): save it as .xlsx"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{", "a JSON file (a .journeymap map?)"),
    (b"<", "an HTML or XML file"),
)
ZIP_KINDS = (  # what a zip that is not a workbook is instead, by a part it holds
    ("ppt/presentation.xml", "a PowerPoint deck"),
    ("word/document.xml", "a Word document"),
    ("content.xml", "an OpenDocument file: save it as .xlsx"),
)


class ValidationImportError(ExportError):
    """The file cannot be read as a validation workbook of this map; the message is one line."""


@dataclass(frozen=True)
class Problem:
    """A row that could not be read, and why (it is left out; the other rows are kept)."""

    row: int
    message: str


@dataclass(frozen=True)
class ReadResult:
    """What a returned workbook says: the answers, and what could not be used."""

    answers: list[Answer]
    problems: list[Problem]
    customer: str  # who saved the file last (a hint: the user may give another name)
    answered_at: str  # ISO 8601: when the file was last saved
    source: str  # the file's name
    sheet: str = SHEET_TITLE
    rows: int = 0  # rows with anything in them, below the header
    blank: int = 0  # rows with a step but no answer (skipped)
    more_problems: int = 0  # problems beyond the ones listed
    ids: int = 0  # rows that carried an id


def read_validation_workbook(path: str | Path, workspace: Workspace) -> ReadResult:
    """The answers in a returned validation workbook of ``workspace``'s map.

    Raises ValidationImportError (one line) when the file is not a validation workbook of this map.
    """
    path = Path(path)
    data = _read_bytes(path)
    where = path.name
    _check_kind(data, where)
    try:
        check_zip(data, "xlsx", where)
    except ValidationImportError:
        raise
    except ExportError as exc:
        raise ValidationImportError(str(exc)) from None
    import openpyxl  # only here: the model and the CLI load without it

    # openpyxl warns on stderr about what it skips in a damaged file: the one error line says it.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise ValidationImportError(f"{where}: a damaged Excel workbook ({_reason(exc)})") from None
        try:
            return _read_book(book, workspace, path)
        finally:
            book.close()


def _rows(sheet: Any, where: str, **bounds: int) -> Iterator[Sequence[Any]]:
    """A sheet's rows as values; openpyxl's many errors on a damaged sheet become one line."""
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True, **bounds)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl raises many kinds on damaged XML
            raise ValidationImportError(f"{where}: a damaged Excel workbook ({_reason(exc)})") from None
        yield row


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file only (a FIFO or a device refused before any read), bounded."""
    where = str(path)
    try:
        return read_input(path, MAX_FILE)
    except InputRefusedError as exc:
        if exc.errno == errno.EISDIR:
            raise ValidationImportError(f"{where}: is a folder, not an Excel workbook") from None
        if exc.errno == errno.EFBIG:
            raise ValidationImportError(
                f"{where}: refused, it is more than a returned workbook "
                f"({MAX_FILE // 1024 // 1024} MB at most)"
            ) from None
        raise ValidationImportError(f"{where}: refused, it {exc.strerror}") from None
    except FileNotFoundError:
        raise ValidationImportError(f"{where}: no such file") from None
    except OSError as exc:
        raise ValidationImportError(f"{where}: cannot be read ({exc.strerror or exc})") from None


def _check_kind(data: bytes, where: str) -> None:
    """Say what the file is when it is not an Excel workbook at all."""
    if not data:
        raise ValidationImportError(f"{where}: not an Excel workbook (it is empty)")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        head = data[:8].lstrip()
        what = next((label for magic, label in MAGIC if head.startswith(magic)), None)
        if what is None:
            sample = data[:4096]
            text = b"\0" not in sample and (sample.count(b",") + sample.count(b";") + sample.count(b"\t"))
            what = "a text or CSV file" if text else "not a zip file"
        raise ValidationImportError(f"{where}: not an Excel workbook (it is {what})")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist()[:10_000])
    except zipfile.BadZipFile as exc:
        raise ValidationImportError(f"{where}: a damaged zip ({exc})") from None
    if "xl/workbook.xml" not in names:
        what = next((label for part, label in ZIP_KINDS if part in names), "a zip file of other things")
        raise ValidationImportError(f"{where}: not an Excel workbook (it is {what})")


def _text(value: Any) -> str:
    """A cell as text, as the sheet shows it: numbers without a spurious ".0", dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime):
        value = value.isoformat()
    text = str(value)
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT]


def _header(rows: Iterable[Sequence[Any]]) -> tuple[int, dict[str, int]] | None:
    """The header row's number and its columns by name, when one of the first rows is it."""
    wanted = {h.casefold(): h for h in HEADERS}
    for number, row in enumerate(rows, 1):
        columns: dict[str, int] = {}
        for index, value in enumerate(row):
            name = wanted.get(_text(value).strip().casefold())
            if name is not None and name not in columns:
                columns[name] = index
        if all(name in columns for name in REQUIRED):
            return number, columns
    return None


def _find_table(book: Any, where: str) -> tuple[Any, int, dict[str, int]]:
    """The validation sheet, its header row and columns: by title first, else any sheet with the header."""
    titles = list(book.sheetnames)
    by_title = [t for t in titles if t.strip().casefold() == SHEET_TITLE.casefold()]
    for title in [*by_title, *(t for t in titles[:MAX_SHEETS] if t not in by_title)]:
        sheet = book[title]
        if not hasattr(sheet, "iter_rows"):
            continue  # a chart sheet
        found = _header(_rows(sheet, where, max_row=HEADER_ROWS))
        if found is not None:
            return sheet, *found
        if by_title and title == by_title[0]:
            raise ValidationImportError(
                f"{where}: its sheet '{title}' has no header row with 'Your answer' and 'ID' "
                f"in its first {HEADER_ROWS} rows (was the ID column deleted?)"
            )
    shown = ", ".join(titles[:6]) + (f" and {len(titles) - 6} more" if len(titles) > 6 else "")
    what = f"a workbook with sheets {shown}" if shown else "a workbook without a readable sheet"
    raise ValidationImportError(f"{where}: {what}: no '{SHEET_TITLE}' sheet")


def _step_ids(workspace: Workspace) -> dict[str, str | None]:
    """Every id the validation sheet can show (cards and moments), with the segment that added it.

    Moments are shared by every segment (only the core has them); a segment can add cards.
    """
    known: dict[str, str | None] = dict.fromkeys(workspace.core.touchpoints, None)
    known.update(dict.fromkeys(workspace.core.moments, None))
    for segment in workspace.segments.values():
        known.update(dict.fromkeys(segment.added.touchpoints, segment.id))
    return known


def _journeys(workspace: Workspace) -> dict[str, str | None]:
    labels: dict[str, str | None] = {CORE_LABEL.casefold(): None}
    for segment in workspace.segments.values():
        labels.setdefault(segment.name.strip().casefold(), segment.id)
    return labels


def _customer(book: Any) -> str:
    props = book.properties
    for name in (props.lastModifiedBy, props.creator):
        if name and str(name).strip().casefold() not in OUR_NAMES:
            return str(name).strip()[:200]
    return ""


def _answered_at(book: Any, path: Path) -> str:
    modified = book.properties.modified
    if isinstance(modified, datetime):
        stamp = modified if modified.tzinfo else modified.replace(tzinfo=UTC)  # OOXML stores UTC
    else:
        stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return stamp.replace(microsecond=0).isoformat()


class _Rows:
    """The reading of the data rows: answers kept, problems noted (capped), counts for the summary."""

    def __init__(self, workspace: Workspace, columns: dict[str, int]) -> None:
        self.columns = columns
        self.known = _step_ids(workspace)
        self.labels = _journeys(workspace)
        self.segment_ids = set(workspace.segments)
        self.answers: list[Answer] = []
        self.problems: list[Problem] = []
        self.more_problems = self.rows = self.blank = self.ids = self.matched = 0
        self.unknown: list[str] = []

    def segment_of(self, row: Sequence[Any]) -> str | None:
        """The row's journey: the hidden Journey ID when it names a segment, else the Journey column."""
        journey_id = self.cell(row, "Journey ID")
        if journey_id in self.segment_ids:
            return journey_id
        return self.labels.get(self.cell(row, "Journey").casefold())

    def cell(self, row: Sequence[Any], name: str) -> str:
        index = self.columns.get(name)
        return _text(row[index]).strip() if index is not None and index < len(row) else ""

    def problem(self, number: int, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(number, message))
        else:
            self.more_problems += 1

    def read(self, number: int, row: Sequence[Any]) -> None:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            return  # an empty row: customers leave them, filters make them
        self.rows += 1
        element_id, said = self.cell(row, "ID"), self.cell(row, "Your answer")
        step, comment = self.cell(row, "Step"), self.cell(row, "Your comment")
        if not element_id:
            self.added(number, row, step, comment)
            return
        self.ids += 1
        if element_id not in self.known:
            if len(self.unknown) < 3:
                self.unknown.append(element_id)
            self.problem(number, f"unknown id {element_id!r}: no such step in this map (deleted since?)")
            return
        self.matched += 1
        if not said:
            if comment:
                self.problem(number, f"a comment but no answer on \u201c{step or element_id}\u201d: skipped")
            else:
                self.blank += 1
            return
        verdict = ANSWER_WORDS.get(" ".join(said.casefold().split()))
        if verdict is None:
            shown = said if len(said) <= 40 else said[:39] + "\u2026"
            self.problem(number, f"answer {shown!r} is not Confirmed, Needs change or Missing something")
            return
        segment_id = self.known[element_id] or self.segment_of(row)
        self.answers.append(Answer(element_id, verdict, comment, step, number, segment_id))

    def added(self, number: int, row: Sequence[Any], step: str, comment: str) -> None:
        """A row the customer added (no id): whatever it says is a step they miss."""
        happens, stage = self.cell(row, "What happens"), self.cell(row, "Stage")
        if not (step or happens or comment):
            self.blank += 1  # only a stage, a type or an answer: nothing to act on
            return
        title = step or happens.split("\n", 1)[0]
        details = [text for text in (happens if happens != title else "", comment) if text]
        if stage:
            details.append(f"Stage: {stage}")
        segment_id = self.segment_of(row)
        self.answers.append(Answer(None, Verdict.MISSING, "\n".join(details), title, number, segment_id))


def _read_book(book: Any, workspace: Workspace, path: Path) -> ReadResult:
    where = path.name
    sheet, header, columns = _find_table(book, where)
    reading = _Rows(workspace, columns)
    first = header + 1
    last = first + MAX_ROWS - 1
    for number, row in enumerate(_rows(sheet, where, min_row=first, max_row=last + 1), first):
        if number > last:
            raise ValidationImportError(
                f"{where}: refused, sheet '{sheet.title}' has more than {MAX_ROWS:,} rows "
                "(not a returned validation workbook?)"
            )
        reading.read(number, row)
    if reading.ids and not reading.matched:
        shown = ", ".join(repr(i) for i in reading.unknown) + (", ..." if reading.ids > 3 else "")
        raise ValidationImportError(
            f"{where}: a validation workbook of another map: none of its {reading.ids:,} ids "
            f"({shown}) is in \u201c{workspace.name}\u201d"
        )
    return ReadResult(
        answers=reading.answers,
        problems=reading.problems,
        customer=_customer(book),
        answered_at=_answered_at(book, path),
        source=where,
        sheet=sheet.title,
        rows=reading.rows,
        blank=reading.blank,
        more_problems=reading.more_problems,
        ids=reading.ids,
    )
