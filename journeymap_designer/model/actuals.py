"""Actuals: the accounts a team runs through the journey, with the day each reached each milestone.

Imported from a CSV or XLSX export of a customer-success platform (``exporters/actuals_import.py``) and
kept **beside the map, in a sidecar file** (``map.journeymap`` -> ``map.actuals.json``), never in the
map itself, because:

- they are other customers' names and dates: the map is the shared design that seven leads merge in
  git and that customer decks are made from; the account list should not travel with it;
- they are refreshed wholesale from the platform (weekly), not edited: they would bloat every save,
  diff and merge of the map (100,000 accounts is several times a large map) for no design change;
- a sidecar can be left out of git (``*.actuals.json`` in ``.gitignore``) or shared on its own.

So importing actuals is not an edit of the map (nothing to undo in it); the sidecar is written
atomically, and a newer one replaces the older only when the user imports again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .atomicfile import write_atomic
from .fileformat import FILE_SUFFIX, DocumentError
from .inputfile import InputRefusedError, read_input

SIDECAR_SUFFIX = ".actuals.json"
SIDECAR_FORMAT = "journeymap-actuals"
SIDECAR_VERSION = 1
MAX_SIDECAR_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Account:
    """One customer account: its id, what identifies it to people, and the day it reached each milestone."""

    id: str
    name: str = ""
    segment: str = ""  # a segment's id or name, as the export holds it ("" for none)
    owner: str = ""  # the account's CSM or owner, when the export names one
    start: date | None = None
    churned: date | None = None
    reached: Mapping[str, date] = field(default_factory=dict)  # milestone id -> day reached


@dataclass(frozen=True)
class Actuals:
    """The accounts of one import, with where they came from and how columns were matched."""

    accounts: tuple[Account, ...] = ()
    source: str = ""  # the imported file's name
    imported_at: str = ""  # ISO 8601
    mapping: Mapping[str, str] = field(default_factory=dict)  # column header -> milestone id or role

    def for_segment(self, segment_id: str | None, segment_name: str = "") -> tuple[Account, ...]:
        """The accounts of a segment (by its id or, ignoring case, its name); None: every account."""
        if segment_id is None:
            return self.accounts
        wanted = {segment_id.casefold(), segment_name.casefold()} - {""}
        return tuple(a for a in self.accounts if a.segment.casefold() in wanted)


def sidecar_path(map_path: str | os.PathLike[str]) -> Path:
    """``map.journeymap`` -> ``map.actuals.json``, beside it."""
    path = Path(map_path)
    stem = path.name[: -len(FILE_SUFFIX)] if path.name.endswith(FILE_SUFFIX) else path.name
    return path.with_name(stem + SIDECAR_SUFFIX)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def dump_actuals(actuals: Actuals) -> bytes:
    """The sidecar's bytes: canonical JSON (accounts in id order), one account per line."""
    head = {
        "format": SIDECAR_FORMAT,
        "version": SIDECAR_VERSION,
        "source": actuals.source,
        "imported_at": actuals.imported_at,
        "mapping": dict(sorted(actuals.mapping.items())),
    }
    rows = []
    for account in sorted(actuals.accounts, key=lambda a: a.id):
        row: dict[str, Any] = {"id": account.id, "name": account.name, "segment": account.segment}
        row.update(owner=account.owner, start=_day(account.start), churned=_day(account.churned))
        row["reached"] = {k: v.isoformat() for k, v in sorted(account.reached.items())}
        rows.append(json.dumps(row, ensure_ascii=False, sort_keys=False))
    text = json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ',\n  "accounts": [\n    '
    text += ",\n    ".join(rows) + "\n  ]\n}\n"
    return text.encode("utf-8")


def save_actuals(actuals: Actuals, map_path: str | os.PathLike[str]) -> Path:
    """Write the sidecar beside the map, atomically; returns its path (a DocumentError on failure)."""
    path = sidecar_path(map_path)
    try:
        write_atomic(path, dump_actuals(actuals))
    except OSError as exc:
        raise DocumentError(path, f"cannot be saved: {exc.strerror or exc}") from None
    return path


def _parse_day(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{where}: a date should be text like 2026-03-31")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where}: {value[:40]!r} is not a date like 2026-03-31") from None


def _text(row: Mapping[str, Any], key: str, where: str) -> str:
    value = row.get(key, "")
    if not isinstance(value, str) or len(value) > 2000:
        raise ValueError(f"{where}: {key!r} should be a short text")
    return value


def parse_actuals(raw: bytes, source: str) -> Actuals:
    """Read a sidecar's bytes; every problem is a DocumentError naming the file and the account."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DocumentError(source, f"not a readable actuals file ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
        raise DocumentError(source, f'not an actuals file: "format" should be "{SIDECAR_FORMAT}"')
    if data.get("version") != SIDECAR_VERSION:
        raise DocumentError(
            source, f"actuals file version {data.get('version')!r} is not one this version reads"
        )
    rows, mapping = data.get("accounts"), data.get("mapping", {})
    if not isinstance(rows, list) or not isinstance(mapping, dict):
        raise DocumentError(source, '"accounts" should be a list and "mapping" an object')
    accounts = []
    try:
        for number, row in enumerate(rows, 1):
            where = f"account {number}"
            if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not row["id"]:
                raise ValueError(f"{where}: has no id")
            reached = row.get("reached", {})
            if not isinstance(reached, dict):
                raise ValueError(f'{where}: "reached" should be an object')
            days = {str(k): _parse_day(v, f"{where}, {k}") for k, v in reached.items()}
            accounts.append(
                Account(
                    id=row["id"],
                    name=_text(row, "name", where),
                    segment=_text(row, "segment", where),
                    owner=_text(row, "owner", where),
                    start=_parse_day(row.get("start"), f"{where}, start"),
                    churned=_parse_day(row.get("churned"), f"{where}, churned"),
                    reached={k: v for k, v in days.items() if v is not None},
                )
            )
    except ValueError as exc:
        raise DocumentError(source, str(exc)) from None
    return Actuals(
        accounts=tuple(accounts),
        source=str(data.get("source", "")),
        imported_at=str(data.get("imported_at", "")),
        mapping={str(k): str(v) for k, v in mapping.items()},
    )


def load_actuals(map_path: str | os.PathLike[str]) -> Actuals | None:
    """The actuals kept beside a map, or None when it has none (a DocumentError when unreadable)."""
    path = sidecar_path(map_path)
    try:
        raw = read_input(path, MAX_SIDECAR_BYTES)  # a regular file only: a FIFO would block
    except FileNotFoundError:
        return None
    except InputRefusedError as exc:
        raise DocumentError(path, exc.strerror or str(exc)) from None
    except OSError as exc:
        raise DocumentError(path, f"cannot be read: {exc.strerror or exc}") from None
    return parse_actuals(raw, str(path))
