"""The .journeymap file: UTF-8 JSON with a schema_version, canonical bytes, atomic saves.

Loading never raises anything but :class:`DocumentError`, whose message names the file and says what
is wrong in one line. Older files are migrated step by step; newer ones are refused, never downgraded.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import re
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .atomicfile import TargetRefusedError, write_atomic
from .inputfile import InputRefusedError, read_input_steps
from .migrations import MIGRATIONS
from .textsafety import visible
from .workspace import FORMAT_NAME, SCHEMA_VERSION, Workspace

FILE_SUFFIX = ".journeymap"
MAX_FILE_BYTES = 256 * 1024 * 1024  # far above any real map (5,000 cards is ~5 MB)

# The format's migrations are in `migrations.py` (MIGRATIONS[n]: schema n to n + 1).


class DocumentError(Exception):
    """A document could not be read or written; the message is meant for the user as it is."""

    def __init__(self, source: str | os.PathLike[str], problem: str) -> None:
        self.source = _printable(str(source))
        self.problem = _printable(problem)
        super().__init__(f"{self.source}: {self.problem}")


def _printable(text: str) -> str:
    """Escape controls, bidi and format characters: a message from a hostile file stays one harmless line."""
    return visible(text)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a valid number in a journey map")


def _object_without_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads keeps the last of two equal keys; here a duplicate is an error, not silent data loss."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise ValueError(f"the key {duplicate!r} appears twice in one object")
    return result


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9#][A-Za-z0-9_.:#-]{0,79}$")


def _format_location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            text = str(item) if _PLAIN_KEY.match(str(item)) else json.dumps(str(item)[:60])
            parts.append(("." if parts else "") + text)
    return "".join(parts) or "(top level)"


def _describe_validation_error(error: ValidationError) -> str:
    details = error.errors(include_url=False)
    first = details[0]
    message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    where = _format_location(tuple(first.get("loc", ())))
    if first.get("type") == "extra_forbidden":
        text = f"unknown field at {where} (a newer version may have written it; nothing was changed)"
    elif first.get("type") == "missing":
        text = f"missing field at {where}"
    elif not first.get("loc"):
        text = message
    else:
        value = first.get("input")
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        text = f"bad value at {where}: {message}"
        if not isinstance(value, dict | list):
            text += f" (got {shown})"
    if len(details) > 1:
        text += f" (and {len(details) - 1} more problem{'s' if len(details) > 2 else ''})"
    return text


def migrate(data: dict[str, Any], source: str = "<data>") -> dict[str, Any]:
    """Bring raw document data up to SCHEMA_VERSION, one registered step at a time."""
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise DocumentError(source, "no valid schema_version: is this a journey map file?")
    if version > SCHEMA_VERSION:
        raise DocumentError(
            source,
            f"made by a newer version of Journey Map Designer (schema_version {version}; this version "
            f"reads up to {SCHEMA_VERSION}). Open it with a newer version; the file was not changed.",
        )
    if version < 1:
        raise DocumentError(source, f"schema_version {version} is not valid (the first version is 1)")
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise DocumentError(source, f"no migration from schema_version {version} to {version + 1}")
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a document.

    Parsing and validating creates tens of thousands of objects, none of them garbage, and the
    collector's repeated passes over them were a third of the load time of a 5,000-card map.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_workspace(raw: bytes | bytearray, source: str = "<data>") -> Workspace:
    """Turn the bytes of a .journeymap file into a validated workspace, or raise DocumentError."""
    with _collection_paused():
        return _parse_workspace(raw, source)


def _parse_workspace(raw: bytes | bytearray, source: str) -> Workspace:
    return validate_document(decode_document(raw, source), source)


def decode_document(raw: bytes | bytearray, source: str = "<data>") -> dict[str, Any]:
    """The JSON data of a .journeymap file, checked to be a map and migrated to the current schema
    (not yet validated: see :func:`validate_document`); raises DocumentError."""
    if not raw.strip():
        raise DocumentError(source, "the file is empty")
    if len(raw) > MAX_FILE_BYTES:
        raise DocumentError(source, f"the file is too large ({len(raw):,} bytes; limit {MAX_FILE_BYTES:,})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(source, f"not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        data = json.loads(
            text, parse_constant=_reject_constant, object_pairs_hook=_object_without_duplicate_keys
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise DocumentError(source, f"not valid JSON: {exc.msg} at {where}") from None
    except (ValueError, RecursionError) as exc:
        raise DocumentError(source, f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise DocumentError(source, f"not a journey map: the top level is a JSON {type(data).__name__}")
    if data.get("format") != FORMAT_NAME:
        raise DocumentError(source, f'not a journey map: "format" should be "{FORMAT_NAME}"')
    return migrate(data, source)


def validate_document(data: dict[str, Any], source: str = "<data>") -> Workspace:
    """A workspace from decoded data (:func:`decode_document`), or a DocumentError naming the problem.

    Elements already validated may stand in the data as model instances; they are taken as they are.
    """
    try:
        with _collection_paused():
            return Workspace.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(source, _describe_validation_error(exc)) from None
    except RecursionError:
        raise DocumentError(source, "the document is nested too deeply") from None


def load_workspace(path: str | os.PathLike[str]) -> Workspace:
    """Read and validate a .journeymap file; every failure is a DocumentError naming the file."""
    return parse_workspace(read_map_bytes(path), str(path))


def read_map_bytes(path: str | os.PathLike[str]) -> bytes:
    """A map file's bytes, read once and bounded (the same bytes are parsed and fingerprinted).

    Only a regular file is read (`inputfile.read_input`): a FIFO or a device is refused before any
    read, and the size before the file is opened."""
    steps = read_map_bytes_steps(path)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return bytes(done.value)


def read_map_bytes_steps(path: str | os.PathLike[str]) -> Generator[int, None, bytearray]:
    """``read_map_bytes`` a megabyte at a time (yielding the bytes read so far), into one buffer."""
    file = Path(path)
    try:
        return (yield from read_input_steps(file, MAX_FILE_BYTES))
    except InputRefusedError as exc:
        if exc.errno == errno.EISDIR:
            raise DocumentError(file, "is a folder, not a journey map file") from None
        if exc.errno == errno.EFBIG:
            raise DocumentError(file, f"the file {exc.strerror}") from None
        raise DocumentError(file, f"{exc.strerror} (a device, pipe or socket)") from None
    except FileNotFoundError:
        raise DocumentError(file, "no such file") from None
    except OSError as exc:
        raise DocumentError(file, f"cannot be read: {exc.strerror or exc}") from None


def dump_workspace(workspace: Workspace) -> bytes:
    """The canonical bytes of a workspace: same document, same bytes; small edit, small diff."""
    return workspace.model_dump_json(indent=2).encode("utf-8") + b"\n"


def save_workspace(
    workspace: Workspace, path: str | os.PathLike[str], check: Callable[[], None] | None = None
) -> bytes:
    """Save atomically and return the bytes written; on failure the old file is untouched and a
    DocumentError says why. ``check`` runs just before the replace (see `model.filestate`)."""
    data = dump_workspace(workspace)
    try:
        write_atomic(path, data, check)  # follows a link, never onto a device, a pipe or a read-only file
    except TargetRefusedError as exc:
        raise DocumentError(path, f"{exc.strerror}; the map was not saved") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot be saved: {exc.strerror or exc}") from None
    return data


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the .journeymap format (as `journeymap schema` prints it)."""
    schema = Workspace.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Journey Map Designer workspace (schema_version {SCHEMA_VERSION})"
    return schema
