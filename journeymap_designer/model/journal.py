"""The edit journal: every completed edit, appended beside the recovery copy, so a crash loses none.

A recovery copy is a checkpoint; the journal holds every edit made since, one JSON line each. An
entry is the *new state of every slot the command touched* (an element keyed by id, a set member, an
attribute, a dict's order), read from the workspace once the edit, undo or redo is done. Replaying
an entry writes those values back, so replay is idempotent and needs neither the command classes
nor the order they were made in: the copy plus the journal's entries give exactly the workspace as
it was after the last complete entry.

The file: a header line ``{"journal": 1, "checkpoint": sha256 of the copy's bytes}`` written
atomically when the journal starts (the copy is written first, so a crash between the two leaves an
old journal whose checkpoint no longer matches: it is ignored, and the new copy already holds its
edits); then one line per edit ``{"n": 1, "w": [...]}``. Reading stops at the first line that is not
whole (no newline: a kill mid-write), not JSON, or out of sequence.

Durability: each entry is one ``os.write`` of a whole line to an ``O_APPEND`` descriptor, done
before the history's listener returns, i.e. before the application handles its next event. Once
``write`` returns the bytes belong to the kernel, so killing the process (SIGKILL, a crash) cannot
lose them. ``fsync`` (which only matters if the machine itself goes down) is batched: the writer
syncs every ``SYNC_EVERY`` entries and whoever owns it calls :meth:`JournalWriter.sync` on a short
timer (the UI's autosaver, ``SYNC_DELAY_MS`` after the first unsynced entry). A per-edit fsync costs
milliseconds on an ordinary disk; a per-edit write costs microseconds (``make bench --only journal``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .atomicfile import write_atomic
from .edits import MISSING, ORDER, Command, CompoundCommand, container_at, read_slot, write_slot
from .history import History
from .workspace import Segment, Workspace

JOURNAL_VERSION = 1
SYNC_EVERY = 64  # entries written without an fsync, at most (the owner's timer usually syncs first)
MAX_JOURNAL_BYTES = 512 * 1024 * 1024  # a journal is restarted at every copy; anything larger is not ours

_PLACEHOLDERS: dict[type[BaseModel], dict[str, Any]] = {Segment: {"id": "journal", "name": "journal"}}


def checkpoint_of(data: bytes | bytearray) -> str:
    """What a journal records of the copy it continues: the copy's SHA-256."""
    return hashlib.sha256(data).hexdigest()


# -- which slots an edit touched, and their values now ----------------------------------------------


def commands_in(command: Command) -> list[Command]:
    """The plain commands a (possibly nested) macro is made of, in the order they applied."""
    if isinstance(command, CompoundCommand):
        return [plain for inner in command.commands for plain in commands_in(inner)]
    return [command]


def touched_slots(command: Command) -> list[tuple[tuple[str, ...], Any]]:
    """Every (container path, key) the command writes, once each, in plan order.

    A command's plan is made once, at its first apply, and replayed by every redo and revert, so it
    names exactly the slots an edit, its undo and its redo can change (nothing else is written).
    """
    seen: set[tuple[tuple[str, ...], Any]] = set()
    slots = []
    for plain in commands_in(command):
        for write in plain._plan or ():
            slot = (write.path, "\0order" if write.key is ORDER else write.key)
            if slot not in seen:
                seen.add(slot)
                slots.append((write.path, write.key))
    return slots


def _owner(workspace: Workspace, path: tuple[str, ...]) -> Any:
    """The model whose field is the container at ``path`` (the core for ("core", collection))."""
    return workspace.core if path[0] == "core" else container_at(workspace, path[:-1])


def _dump_field(owner_type: type[BaseModel], field: str, value: Any) -> Any:
    """``value`` as the owner's field serialises it (collections as the file writes them)."""
    partial = owner_type.model_construct(**{field: value})
    return partial.model_dump(mode="json", include={field})[field]


def _load_field(owner_type: type[BaseModel], field: str, dumped: Any) -> Any:
    """The value back from :func:`_dump_field`, validated as the owner validates its field."""
    data = {**_PLACEHOLDERS.get(owner_type, {}), field: dumped}
    return getattr(owner_type.model_validate(data), field)


def encode_entry(workspace: Workspace, command: Command) -> list[list[Any]]:
    """The entry of one edit: the current value of every slot ``command`` touched, as JSON data.

    Slots whose container no longer exists (a segment the same edit deleted) are left out: the
    slot that removed the container says all there is to say.
    """
    records: list[list[Any]] = []
    for path, key in touched_slots(command):
        try:
            container = container_at(workspace, path)
        except (KeyError, AttributeError):
            continue
        where = list(path)
        if key is ORDER:
            records.append(["o", where, list(container)])
        elif isinstance(container, set):
            records.append(["m", where, key, key in container])
        elif isinstance(container, dict):
            value = read_slot(container, key)
            if value is MISSING:
                records.append(["d", where, key])
            else:
                owner = type(_owner(workspace, path))
                records.append(["k", where, key, _dump_field(owner, path[-1], {key: value})])
        else:
            records.append(["a", where, key, _dump_field(type(container), key, getattr(container, key))])
    return records


def _depth(record: list[Any]) -> tuple[bool, int]:
    """Replay order: containers before what they contain (a segment before its hidden set), orders last."""
    path = record[1]
    depth = len(path) + (
        1 if path[0] == "segment" else 0
    )  # ("segment", id) sits inside ("workspace", "segments")
    return record[0] == "o", depth


def apply_entry(workspace: Workspace, records: list[list[Any]]) -> None:
    """Write one entry's values into ``workspace``; every value is decoded before anything is written."""
    writes: list[tuple[Any, Any, Any]] = []
    for record in sorted(records, key=_depth):
        kind, path = record[0], tuple(record[1])
        if kind == "o":
            writes.append((path, ORDER, list(record[2])))
        elif kind == "m":
            writes.append((path, record[2], bool(record[3])))
        elif kind == "d":
            writes.append((path, record[2], MISSING))
        elif kind == "k":
            writes.append((path, record[2], ("k", record[3])))
        elif kind == "a":
            writes.append((path, record[2], ("a", record[3])))
        else:
            raise ValueError(f"unknown journal record {kind!r}")
    for path, key, value in writes:  # containers are looked up as earlier writes leave them
        if isinstance(value, tuple):
            how, dumped = value
            if how == "k":
                owner = type(_owner(workspace, path))
                value = _load_field(owner, path[-1], dumped)[key]
            else:
                value = _load_field(type(container_at(workspace, path)), key, dumped)
        write_slot(container_at(workspace, path), key, value)


# -- the file ------------------------------------------------------------------------------------


class JournalWriter:
    """Appends entries to one journal file, started fresh on a checkpoint (see the module's note)."""

    def __init__(self, path: str | os.PathLike[str], checkpoint: bytes | bytearray) -> None:
        self.path = Path(path)
        header = {"journal": JOURNAL_VERSION, "checkpoint": checkpoint_of(checkpoint)}
        write_atomic(self.path, (json.dumps(header) + "\n").encode("ascii"))
        self._fd: int | None = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        self.count = 0  # entries written
        self.unsynced = 0  # entries written since the last fsync

    def append(self, records: list[list[Any]]) -> None:
        """Append one entry as one whole line; raises OSError when the disk refuses it."""
        if self._fd is None:
            raise OSError(f"the journal {self.path} is closed")
        self.count += 1
        line = json.dumps({"n": self.count, "w": records}, separators=(",", ":")) + "\n"
        data = memoryview(line.encode("ascii"))
        while data:
            written = os.write(self._fd, data)
            data = data[written:]
        self.unsynced += 1
        if self.unsynced >= SYNC_EVERY:
            self.sync()

    def sync(self) -> None:
        """fsync what was appended since the last sync (nothing to do when nothing was)."""
        if self._fd is not None and self.unsynced:
            os.fsync(self._fd)
            self.unsynced = 0

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                self.sync()
            os.close(self._fd)
            self._fd = None


def read_entries(path: str | os.PathLike[str], checkpoint: bytes) -> list[list[list[Any]]] | None:
    """The complete entries of a journal that continues ``checkpoint``; None when it does not.

    A missing, foreign or unreadable journal is None; a torn or garbled tail ends the entries there.
    """
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_JOURNAL_BYTES + 1)
    except OSError:
        return None
    lines = raw.split(b"\n")
    try:
        header = json.loads(lines[0])
    except ValueError:
        return None
    if len(lines) < 2 or not isinstance(header, dict):
        return None
    if header.get("journal") != JOURNAL_VERSION or header.get("checkpoint") != checkpoint_of(checkpoint):
        return None
    entries: list[list[list[Any]]] = []
    for line in lines[1:-1]:  # the last piece follows the last newline: empty, or a torn line
        try:
            entry = json.loads(line)
        except ValueError:
            break
        if not isinstance(entry, dict) or entry.get("n") != len(entries) + 1:
            break
        records = entry.get("w")
        if not isinstance(records, list):
            break
        entries.append(records)
    return entries


def replay(workspace: Workspace, entries: list[list[list[Any]]]) -> int:
    """Apply ``entries`` in order; returns how many applied (it stops at one that does not apply)."""
    for done, records in enumerate(entries):
        try:
            apply_entry(workspace, records)
        except (ValidationError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return done
    return len(entries)


class CommandTracker:
    """Tells, from inside a history listener, which command the change just heard came from.

    History listeners hear a ``Change``, not the command. After a push or a redo the command is the
    one Undo would now revert; after an undo it is the one Redo would now apply, which is exactly
    the command that was on top when the previous change was heard.
    """

    def __init__(self, history: History) -> None:
        self.history = history
        self._top = history.next_undo

    def last(self) -> Command | None:
        """The command behind the change being heard; call once per change."""
        history = self.history
        undone = history.next_redo
        command = undone if undone is not None and undone is self._top else history.next_undo
        self._top = history.next_undo
        return command
