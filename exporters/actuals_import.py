"""Read an accounts export (CSV or XLSX) as the map's actuals: per account, the day it reached each
success milestone, with its segment, owner, start and churn dates.

Columns are found by their header, never by position: the roles by their usual names (case, spaces,
``-`` and ``_`` ignored: "Account ID", "account", "id"; "Name", "Account name", "Customer";
"Segment"; "Owner", "CSM"; "Start", "Start date"; "Churned", "Churn date", "Churn") and a success
milestone's column by the milestone's id or title. ``mapping`` (the app's mapping dialog, the CLI's
``--map HEADER=MILESTONE``) overrides: a header to a milestone (id or title), a role, or ``""`` to
ignore the column. Columns nothing matched are listed in ``unmatched``, milestones no column matched
in ``missing``.

Choices where the file is wrong (each problem is reported with the file's line (CSV) or row (XLSX)
number; :data:`MAX_PROBLEMS` are listed, all are counted):

- a row without an account id, or whose id was seen before, is left out (the first one is kept);
- a bad value keeps the row: the value is dropped and the other good values are kept (a milestone
  date that is not a date counts as not reached; a segment the map does not have leaves the account
  in the core journey's funnel only), so one typo does not lose an account;
- dates are date cells (XLSX) or ISO text ``YYYY-MM-DD`` (a time after it is ignored). ``03/04/2026``
  is refused, with its line: it is the 3rd of April in Europe and March 4th in the US, and guessing
  wrong would move every median silently. Dates outside 1900-2199 are typing errors;
- text is text: a cell that looks like a formula (``=HYPERLINK(...)``) is kept as typed, and the
  exports write it as plain text (``safety.plain_text``).

A file that cannot be used at all (not a table, not UTF-8, no account id column, a mapping that names
nothing) raises :class:`ActualsImportError`, one line. See ``actuals_sources`` for the hostile-file
checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from journeymap_designer.model.actuals import Account, Actuals
from journeymap_designer.model.funnel import milestones
from journeymap_designer.model.workspace import Workspace

from .actuals_sources import HEADER_ROWS, MAX_COLUMNS, MAX_ROWS, ActualsImportError, Row, read_table

__all__ = [
    "ActualsImport",
    "ActualsImportError",
    "ColumnMatch",
    "Role",
    "RowProblem",
    "read_actuals",
    "read_headers",
]

Role = Literal["account", "name", "segment", "owner", "start", "churned", "milestone", "ignored"]
ROLES: tuple[str, ...] = ("account", "name", "segment", "owner", "start", "churned")
ALIASES = {
    "account": ("account id", "account", "id", "accountid", "customer id", "company id"),
    "name": ("name", "account name", "customer", "customer name", "company", "company name"),
    "segment": ("segment", "customer segment", "tier"),
    "owner": ("owner", "csm", "account owner", "customer success manager", "owner name"),
    "start": ("start", "start date", "started", "customer since", "contract start"),
    "churned": ("churned", "churn date", "churn", "churned on", "churned date"),
}
MAX_PROBLEMS = 1_000
MAX_ID = 200  # characters of an account id
MAX_TEXT = 2_000  # characters of a name, an owner, a segment (a model Line)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.,+\-Z]*)?")
_UNSEEN = object()
_SLASHED = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")


@dataclass(frozen=True)
class RowProblem:
    """A row (or a value in it) that could not be used, and why."""

    line: int  # the file's line (CSV) or row number (XLSX)
    message: str


@dataclass(frozen=True)
class ColumnMatch:
    """What one column of the file was taken for."""

    column: int  # 0-based
    header: str
    role: Role
    milestone_id: str | None = None


@dataclass(frozen=True)
class ActualsImport:
    """The accounts read, how the columns were matched, and what could not be used."""

    actuals: Actuals
    columns: tuple[ColumnMatch, ...]
    problems: tuple[RowProblem, ...]
    problem_count: int  # all problems (the tuple is capped at MAX_PROBLEMS)
    unmatched: tuple[str, ...]  # headers that matched nothing
    missing: tuple[str, ...]  # success-milestone ids no column matched


def key(text: str) -> str:
    """A header or a name as matched: case, spaces, ``-`` and ``_`` ignored."""
    return "".join(ch for ch in text.casefold() if not ch.isspace() and ch not in "-_")


_ROLE_BY_KEY = {key(alias): role for role, names in ALIASES.items() for alias in names}


def _cell_text(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _shown(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "\u2026")


def _empty(row: Row) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _header(rows: Iterable[tuple[int, Row]], wanted: set[str] | None) -> tuple[int, list[str]] | None:
    """The header row: the first of the first rows with an account id column (``wanted`` None: the
    first row with anything in it)."""
    first: tuple[int, list[str]] | None = None
    for count, (line, row) in enumerate(rows):
        if count >= HEADER_ROWS:
            break
        if _empty(row):
            continue
        headers = [_cell_text(v) for v in row]
        while headers and not headers[-1]:
            headers.pop()
        if first is None:
            first = line, headers
        if wanted is None or any(key(h) in wanted for h in headers):
            return line, headers
    return first if wanted is None else None


def read_headers(path: str | Path) -> list[str]:
    """The file's header row, for the mapping dialog (ActualsImportError when the file is unusable)."""
    table = read_table(path)
    found = _header(table.rows, set(_account_keys(None)))
    if found is None:
        table = read_table(path)
        found = _header(table.rows, None)
    return found[1][:MAX_COLUMNS] if found else []


def _account_keys(mapping: Mapping[str, str] | None) -> list[str]:
    keys = [k for k, role in _ROLE_BY_KEY.items() if role == "account"]
    if mapping:
        keys += [key(h) for h, target in mapping.items() if target == "account"]
    return keys


class _Columns:
    """The matching of headers to roles and milestones, with ``mapping`` first."""

    def __init__(self, workspace: Workspace, mapping: Mapping[str, str] | None, where: str) -> None:
        self.where = where
        self.steps = milestones(workspace.core)
        self.by_key: dict[str, str] = {}
        for moment in self.steps:  # titles first, so an id always wins over a title that spells it
            self.by_key.setdefault(key(moment.title), moment.id)
        for moment in self.steps:
            self.by_key[key(moment.id)] = moment.id
        self.mapping = {key(h): (h, t.strip()) for h, t in (mapping or {}).items()}

    def target(self, header: str, target: str) -> tuple[Role, str | None]:
        if not target:
            return "ignored", None
        if target in ROLES:
            return target, None  # type: ignore[return-value]
        milestone_id = self.by_key.get(key(target))
        if milestone_id is None:
            known = ", ".join(m.id for m in self.steps) or "none"
            raise ActualsImportError(
                f"{self.where}: the mapping of column {_shown(header)} names {_shown(target)}, which is "
                f"neither a success milestone of this map ({known}) nor one of {', '.join(ROLES)}"
            )
        return "milestone", milestone_id

    def match(
        self, headers: list[str], line: int, problem: Any
    ) -> tuple[list[ColumnMatch], list[str], list[str]]:
        columns: list[ColumnMatch] = []
        unmatched: list[str] = []
        taken: dict[str, str] = {}
        used_mapping: set[str] = set()
        for index, header in enumerate(headers[:MAX_COLUMNS]):
            role: Role
            milestone_id: str | None = None
            mapped = self.mapping.get(key(header)) if header else None
            if mapped is not None:
                used_mapping.add(key(header))
                role, milestone_id = self.target(header, mapped[1])
            elif key(header) in _ROLE_BY_KEY:
                role = _ROLE_BY_KEY[key(header)]  # type: ignore[assignment]
            elif key(header) in self.by_key:
                role, milestone_id = "milestone", self.by_key[key(header)]
            else:
                role = "ignored"
                if header:
                    unmatched.append(header)
            slot = milestone_id or role
            if role != "ignored" and slot in taken:
                problem(line, f"column {_shown(header)} is a second {_shown(taken[slot])} column: ignored")
                role, milestone_id = "ignored", None
            elif role != "ignored":
                taken[slot] = header
            columns.append(ColumnMatch(index, header, role, milestone_id))
        unknown = [h for k, (h, _) in self.mapping.items() if k not in used_mapping]
        if unknown:
            shown = ", ".join(_shown(h) for h in headers[:8]) + (", ..." if len(headers) > 8 else "")
            raise ActualsImportError(
                f"{self.where}: the mapping names column {_shown(unknown[0])}, which the file does not "
                f"have (its columns: {shown})"
            )
        if len(headers) > MAX_COLUMNS:
            problem(
                line, f"the header has more than {MAX_COLUMNS} columns: only the first {MAX_COLUMNS} are read"
            )
        missing = [m.id for m in self.steps if m.id not in taken]
        return columns, unmatched, missing


def _date(value: Any) -> date | None:
    """A cell as a date (None when empty); ValueError with the reason when it is not one."""
    if value is None:
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, int | float):  # bool too
        raise ValueError(f"{_cell_text(value)} is a number, not a date (write dates as YYYY-MM-DD)")
    else:
        text = str(value).strip()
        if not text:
            return None
        found = _ISO.fullmatch(text)
        if found is None:
            if text.replace(".", "", 1).isdigit():
                raise ValueError(f"{_shown(text)} is a number, not a date (write dates as YYYY-MM-DD)")
            if _SLASHED.fullmatch(text):
                raise ValueError(f"{_shown(text)} could be day/month or month/day: write dates as YYYY-MM-DD")
            raise ValueError(f"{_shown(text)} is not a date like 2026-03-31")
        try:
            day = date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            raise ValueError(f"{_shown(text)} is not a day of the calendar") from None
    if not 1900 <= day.year <= 2199:
        raise ValueError(f"{day.isoformat()} is not a plausible date (1900 to 2199)")
    return day


class _Reader:
    """The data rows: accounts kept, problems noted (capped, counted)."""

    def __init__(self, workspace: Workspace, columns: list[ColumnMatch]) -> None:
        self.workspace = workspace
        self.id_columns: list[int] = []
        self.text_columns: list[tuple[str, int]] = []
        self.date_columns: list[ColumnMatch] = []
        self.use(columns)
        self.accounts: list[Account] = []
        self.first_line: dict[str, int] = {}
        self.problems: list[RowProblem] = []
        self.problem_count = 0
        self.segments: dict[str, str | None] = {}
        self.days: dict[str, object] = {}  # a file repeats its dates: parse each once

    def use(self, columns: list[ColumnMatch]) -> None:
        self.id_columns = [c.column for c in columns if c.role == "account"]
        self.text_columns = [(c.role, c.column) for c in columns if c.role in ("name", "owner", "segment")]
        self.date_columns = [c for c in columns if c.role in ("start", "churned", "milestone")]

    def problem(self, line: int, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(RowProblem(line, message))

    def segment(self, line: int, text: str) -> str:
        if text not in self.segments:
            found = self.workspace.segment_by_name(text)
            self.segments[text] = found.id if found else None
        segment_id = self.segments[text]
        if segment_id is None:
            known = ", ".join(s.name for s in self.workspace.segments.values()) or "none"
            self.problem(
                line, f"segment {_shown(text)} is not one of this map's ({known}): counted in the core only"
            )
            return ""
        return segment_id

    def read(self, line: int, row: Row) -> None:
        width = len(row)
        account_id = ""
        for index in self.id_columns:
            account_id = _cell_text(row[index]) if index < width else ""
        if not account_id:
            self.problem(line, "no account id: row left out")
            return
        if len(account_id) > MAX_ID:
            self.problem(line, f"the account id is longer than {MAX_ID} characters: row left out")
            return
        if account_id in self.first_line:
            first = self.first_line[account_id]
            self.problem(
                line, f"account id {_shown(account_id)} again (first on line {first:,}): row left out"
            )
            return
        self.first_line[account_id] = line
        texts = {role: _cell_text(row[i])[:MAX_TEXT] for role, i in self.text_columns if i < width}
        days: dict[str, date] = {}
        reached: dict[str, date] = {}
        for column in self.date_columns:
            value = row[column.column] if column.column < width else None
            if value is None or value == "":
                continue
            day = self.days.get(value, _UNSEEN) if type(value) is str else _UNSEEN
            if day is _UNSEEN:
                try:
                    day = _date(value)
                except ValueError as exc:
                    day = exc
                if type(value) is str and len(self.days) < 100_000:
                    self.days[value] = day
            if isinstance(day, ValueError):
                self.problem(line, f"column {_shown(column.header)}: {day}; the rest of the row is kept")
            elif isinstance(day, date):
                (reached if column.milestone_id else days)[column.milestone_id or column.role] = day
        segment = texts.get("segment", "")
        self.accounts.append(
            Account(
                id=account_id,
                name=texts.get("name", ""),
                segment=self.segment(line, segment) if segment else "",
                owner=texts.get("owner", ""),
                start=days.get("start"),
                churned=days.get("churned"),
                reached=reached,
            )
        )


def read_actuals(
    path: str | Path, workspace: Workspace, mapping: Mapping[str, str] | None = None
) -> ActualsImport:
    """The accounts in ``path`` for ``workspace``'s success milestones.

    ``mapping``: header -> a milestone id (or title), a role name, or "" to ignore the column.
    Raises ActualsImportError (an ExportError; one line) when the file is unusable as a whole.
    """
    path = Path(path)
    where = path.name
    table = read_table(path)
    columns_ = _Columns(workspace, mapping, where)
    found = _header(table.rows, set(_account_keys(mapping)))
    if found is None:
        headers = read_headers(path)
        shown = ", ".join(_shown(h) for h in headers[:8]) + (", ..." if len(headers) > 8 else "")
        raise ActualsImportError(
            f"{where}: no account id column (Account ID, Account or ID) in the first {HEADER_ROWS} rows"
            + (f"; its first row has {shown}: map one of them to account" if headers else "")
        )
    line, headers = found
    reader = _Reader(workspace, [])
    columns, unmatched, missing = columns_.match(headers, line, reader.problem)
    reader.use(columns)
    read = skipped = skipped_from = 0
    for number, row in table.rows:
        if _empty(row):
            continue
        if read >= MAX_ROWS:
            skipped += 1
            skipped_from = skipped_from or number
            continue
        read += 1
        reader.read(number, row)
    if skipped:
        reader.problem(skipped_from, f"{skipped:,} more rows not read: at most {MAX_ROWS:,} accounts")
    used = {c.header: c.milestone_id or c.role for c in columns if c.role != "ignored"}
    actuals = Actuals(
        accounts=tuple(reader.accounts),
        source=where,
        imported_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        mapping=used,
    )
    return ActualsImport(
        actuals=actuals,
        columns=tuple(columns),
        problems=tuple(reader.problems),
        problem_count=reader.problem_count,
        unmatched=tuple(unmatched),
        missing=tuple(missing),
    )
