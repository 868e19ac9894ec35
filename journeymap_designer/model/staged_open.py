"""Opening a map in small steps, so a window can keep repainting (and offer Cancel) while it reads.

`Document.open` reads, decodes and validates a file in three long calls: `json.loads` and pydantic's
`model_validate` each hold the GIL from start to end, so neither a thread nor a timer gets a turn
(a 100,000-card map froze the window for over a minute). Here the same work is a generator: every
step is short (one element's JSON parsed by the C scanner, one element validated), and the caller
decides how many steps to take before it lets its event loop run.

The result is the same document `Document.open` gives, and so is every error: whenever anything in
the staged path does not go as planned (bad JSON, a duplicate key, an invalid element, a field
outside an element), the file is read once more the plain way, so its one-line message is exactly
the usual one. Broken large files pay that second read; valid ones never do.
"""

from __future__ import annotations

import codecs
import gc
import hashlib
import json
import os
import re
from collections.abc import Callable, Generator
from json import decoder as json_decoder
from json import scanner as json_scanner
from typing import Any, TypeVar

from .background import Background
from .document import Document
from .fileformat import (
    MAX_FILE_BYTES,
    DocumentError,
    migrate,
    parse_workspace,
    read_map_bytes_steps,
    validate_document,
)
from .filestate import Fingerprint
from .workspace import FORMAT_NAME, KINDS, Journey, SegmentAdditions, Workspace

__all__ = ["Progress", "in_thread", "load_all", "open_steps", "parse_steps"]

# (fraction done 0..1, what is being done): what each step reports
Progress = tuple[float, str]

_WS = re.compile(r"[ \t\n\r]*")
# Containers this shallow are walked here; deeper values (one element) go to the C scanner in one
# call: root 0, "core" 1, its "touchpoints" list 2, one touchpoint 3; in "segments", a segment's
# added touchpoint is at 5 (segments 1, the list's segment 2, "added" 3, "touchpoints" 4).
_WALK_DEPTH = 3
_WALK_DEPTH_SEGMENTS = 5
_CHUNK = 4 * 1024 * 1024  # bytes decoded or hashed in one step
_AHEAD = 1024 * 1024  # characters held past the value being read (a longer value: the plain path)
_NOT_BLANK = re.compile(rb"[^ \t\n\r]")
T = TypeVar("T")
_COLLECTION_KIND = {kind.collection: kind for kind in KINDS.values()}


class _Staged(Exception):
    """The staged path met something it leaves to the plain path (which gives the usual message)."""


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in a journey map")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Staged("duplicate key")
    return result


class _Window:
    """The JSON text, decoded a piece at a time and kept from the value being read on.

    A 100 MB map is never one string: making one (decoding it whole, or joining its pieces) took
    70 ms and more in a single call, most of it the system handing over fresh memory. Each read
    here asks for ``AHEAD`` characters from an index; the window drops what lies before that index
    and decodes more. A value that reaches the window's end (before the end of the text) may have
    been cut: ``checked`` sends it to the plain path, which reads the whole text at once."""

    def __init__(self, raw: bytes | bytearray) -> None:
        self._raw = memoryview(raw)
        self._read = 0  # bytes decoded so far
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text = ""  # the text from ``offset`` on
        self.offset = 0

    @property
    def end(self) -> int:
        return self.offset + len(self.text)

    def at(self, index: int) -> int:
        """Make the window hold ``index`` and the ``_AHEAD`` characters after it (or up to the end of
        the text); the index in ``text``."""
        while self.end < index + _AHEAD and self._read < len(self._raw):
            chunk = self._raw[self._read : self._read + _CHUNK]
            self._read += len(chunk)
            try:
                piece = self._decoder.decode(chunk, final=self._read >= len(self._raw))
            except UnicodeDecodeError:
                raise _Staged("not UTF-8") from None
            kept = min(max(index - self.offset, 0), len(self.text))
            self.text = self.text[kept:] + piece
            self.offset += kept
        return index - self.offset

    def checked(self, end: int) -> int:
        """``end`` (an index in ``text``), as an index in the whole text, once sure a value read up
        to there was not cut by the window's end."""
        if end >= len(self.text) and self._read < len(self._raw):
            raise _Staged("a value longer than the window")
        return self.offset + end


def _json_steps(window: _Window) -> Generator[int, None, Any]:
    """Parse JSON text, yielding the offset reached after each value of a shallow container."""
    walker = _JsonWalker(window)
    try:
        data, end = yield from walker.value(0, 0, _WALK_DEPTH)
    except (ValueError, RecursionError) as exc:  # a constant (NaN), a bad string, nesting
        raise _Staged(str(exc)) from None
    if walker.blank(end) != window.end:
        raise _Staged("extra data")
    return data


class _JsonWalker:
    """The JSON walk of `_json_steps`. A class rather than nested functions: a function that calls
    itself through its closure is a cycle, and it kept the file's text and every decoded dict alive
    until a full collection, which a large open holds back (gc is off, then frozen: open_worker)."""

    def __init__(self, window: _Window) -> None:
        self.window = window
        decoder = json.JSONDecoder(parse_constant=_reject_constant, object_pairs_hook=_pairs)
        self.scan = json_scanner.make_scanner(decoder)  # type: ignore[arg-type]
        self.scanstring = json_decoder.scanstring  # type: ignore[attr-defined]  # C, as json.loads uses

    def blank(self, index: int) -> int:  # the index after the white space at ``index``
        window = self.window
        local = window.at(index)
        return window.checked(_WS.match(window.text, local).end())  # type: ignore[union-attr]

    def char(self, index: int) -> str:
        window = self.window
        local = window.at(index)
        return window.text[local : local + 1]

    def value(self, index: int, depth: int, limit: int) -> Generator[int, None, tuple[Any, int]]:
        window, blank, char = self.window, self.blank, self.char
        index = blank(index)
        opening = char(index)
        if depth >= limit or opening not in ("{", "["):
            local = window.at(index)
            try:
                found, end = self.scan(window.text, local)
            except StopIteration:
                raise _Staged("no value") from None
            return found, window.checked(end)
        closing = "}" if opening == "{" else "]"
        index = blank(index + 1)
        items: list[Any] = []
        if char(index) == closing:
            return (_pairs([]) if opening == "{" else []), index + 1
        while True:
            if opening == "{":
                if char(index) != '"':
                    raise _Staged("no key")
                key, end = self.scanstring(window.text, window.at(index) + 1, True)
                index = blank(window.checked(end))
                if char(index) != ":":
                    raise _Staged("no colon")
                deeper = _WALK_DEPTH_SEGMENTS if depth == 0 and key == "segments" else limit
                item, index = yield from self.value(index + 1, depth + 1, deeper)
                items.append((key, item))
            else:
                item, index = yield from self.value(index, depth + 1, limit)
                items.append(item)
            yield index
            index = blank(index)
            separator = char(index)
            if separator == closing:
                return (_pairs(items) if opening == "{" else items), index + 1
            if separator != ",":
                raise _Staged("no separator")
            index = blank(index + 1)


def _element_lists(data: dict[str, Any]) -> list[tuple[dict[str, Any], str, type[Any]]]:
    """Every list of elements in decoded data (core, segments' additions, vocabularies): its holder,
    its name there and the model of its elements."""
    found: list[tuple[dict[str, Any], str, type[Any]]] = []

    def collections(holder: Any, names: tuple[str, ...]) -> None:
        for name in names if isinstance(holder, dict) else ():
            if isinstance(holder.get(name), list) and name in _COLLECTION_KIND:
                found.append((holder, name, _COLLECTION_KIND[name].model))

    collections(data, ("channels", "personas", "feedback"))
    collections(data.get("core"), Journey.collection_names())
    segments = data.get("segments")
    for segment in segments if isinstance(segments, list) else []:
        if isinstance(segment, dict):
            collections(segment.get("added"), SegmentAdditions.collection_names())
    return found


def parse_steps(raw: bytes | bytearray, source: str) -> Generator[Progress, None, Workspace]:
    """`fileformat.parse_workspace` in short steps: JSON value by value, then element by element."""
    was_enabled = gc.isenabled()
    gc.disable()  # as parse_workspace does: nothing built here is garbage
    try:
        return (yield from _parse_steps(raw, source))
    except (_Staged, DocumentError):
        return parse_workspace(raw, source)  # the usual path, for the usual message (or a workspace)
    finally:
        if was_enabled:
            gc.enable()


def _parse_steps(raw: bytes | bytearray, source: str) -> Generator[Progress, None, Workspace]:
    if _NOT_BLANK.search(raw) is None or len(raw) > MAX_FILE_BYTES:
        raise _Staged("empty or too large")
    size, count = max(len(raw), 1), 0  # progress: characters read, against bytes (near enough)
    parsing = _json_steps(_Window(raw))
    try:
        while True:
            offset = next(parsing)
            count += 1
            if count % 64 == 0:
                yield 0.5 * min(offset / size, 1.0), "Reading"
    except StopIteration as done:
        data = done.value
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise _Staged("not a map")
    data = migrate(data, source)
    lists = _element_lists(data)
    total, done_count = max(sum(len(holder[name]) for holder, name, _model in lists), 1), 0
    for holder, name, model in lists:
        keyed: dict[str, Any] = {}  # as the model keys a collection by id (workspace._list_to_dict)
        for item in holder[name]:
            if not isinstance(item, dict):
                raise _Staged("not an element")
            try:
                element = model.model_validate(item)
            except ValueError:  # pydantic's ValidationError: the plain path names the problem
                raise _Staged("invalid element") from None
            keyed[element.id] = element
            done_count += 1
            if done_count % 64 == 0:
                yield 0.5 + 0.45 * done_count / total, "Checking the file"
        if len(keyed) != len(holder[name]):
            raise _Staged("an id used twice")
        holder[name] = keyed
    yield 0.95, "Checking the file"
    # Each element is taken as validated; what is left is the map's own rules, a Python loop over
    # every id, run in a thread so that the caller's event loop keeps getting the GIL meanwhile.
    return (yield from in_thread(validate_document, data, source))


def in_thread(work: Callable[..., T], *args: Any) -> Generator[Progress, None, T]:
    """Run ``work(*args)`` in a gated thread (background.py), yielding every few milliseconds while
    it runs; stopped at once if the caller stops (Cancel)."""
    running = Background(work, *args)
    try:
        while not running.done(0.005):
            yield 0.96, "Checking the file"
    finally:
        running.cancel()  # nothing left to stop once it has ended
    return running.result()


def open_steps(path: str | os.PathLike[str]) -> Generator[Progress, None, Document]:
    """`Document.open` in short steps; the same document, or the same DocumentError."""
    reading = read_map_bytes_steps(path)
    while True:
        try:
            next(reading)
        except StopIteration as done:
            raw: bytearray = done.value
            break
        yield 0.0, "Reading"
    workspace = yield from parse_steps(raw, str(path))
    document = Document(workspace, path)
    document.disk = yield from _fingerprint_steps(raw, path)
    document.base = raw
    return document


def _fingerprint_steps(
    raw: bytes | bytearray, path: str | os.PathLike[str]
) -> Generator[Progress, None, Fingerprint]:
    """`Fingerprint.of_bytes`, hashed a few megabytes at a time."""
    digest = hashlib.sha256()
    view = memoryview(raw)
    for start in range(0, len(raw), _CHUNK):
        digest.update(view[start : start + _CHUNK])
        yield 0.97, "Checking the file"
    plain = Fingerprint.of_bytes(b"", path)  # the file's stat, as of_bytes takes it
    return Fingerprint(digest.hexdigest(), len(raw), plain.mtime_ns, plain.inode)


def load_all(path: str | os.PathLike[str]) -> Document:
    """Run the steps to the end (tests compare the result with `Document.open`)."""
    steps = open_steps(path)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
