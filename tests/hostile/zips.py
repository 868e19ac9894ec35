"""Hostile zip packages (decks, workbooks), as bytes, each made from a good one.

Zip bombs (a member that inflates to hundreds of megabytes, sizes forged in the headers, twenty
thousand members), members a reader cannot or must not inflate (encrypted, Deflate64, bzip2, lzma),
XML parts with a DOCTYPE (external entities, billion laughs) in UTF-8 and UTF-16 and in parts
named in capitals, names that climb out of the package or carry escapes, truncations, and packages
missing the part everything hangs off (the workbook part, the slide master).
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from functools import cache

Member = tuple[str, bytes, int]  # name, data, compression
Change = Callable[[list[Member]], list[Member]]

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)
XXE = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def members(package: bytes) -> list[Member]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return [(i.filename, archive.read(i), i.compress_type) for i in archive.infolist()]


def build(items: list[Member]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as archive:
        warnings.simplefilter("ignore")  # a duplicate name is the point of one case
        for name, data, method in items:
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, compress_type=method)
    return out.getvalue()


def office_escapes(package: bytes) -> bytes:
    """``@ESC@`` and ``@BEL@`` in a package's parts spelled as Office spells control characters in
    XML (``_x001B_``, which Excel shows as the character): C0 controls cannot stand raw in XML 1.0,
    while C1 and bidi controls can, and do reach readers."""
    return build(
        [
            (n, d.replace(b"@ESC@", b"_x001B_").replace(b"@BEL@", b"_x0007_"), m)
            for n, d, m in members(package)
        ]
    )


def _rebuild(change: Change) -> Callable[[bytes, str], bytes]:
    return lambda package, _main: build(change(members(package)))


def _with_doctype(doctype: str, encoding: str) -> Callable[[bytes, str], bytes]:
    """The main part with a DOCTYPE after its XML declaration, in ``encoding`` (BOM included)."""

    def make(package: bytes, main: str) -> bytes:
        items = []
        for name, data, method in members(package):
            if name == main:
                text = re.sub(r"^<\?xml[^>]*\?>\s*", "", data.decode("utf-8"))
                text = f'<?xml version="1.0" encoding="{encoding}" standalone="yes"?>\n{doctype}\n{text}'
                data = text.encode("utf-16") if encoding == "UTF-16" else text.encode("utf-8")
            items.append((name, data, method))
        return build(items)

    return make


def _extra_part(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> Callable[[bytes, str], bytes]:
    return _rebuild(lambda items: [*items, (name, data, method)])


def _method(method: int) -> Callable[[bytes, str], bytes]:
    def make(package: bytes, main: str) -> bytes:
        return build([(n, d, method if n == main else m) for n, d, m in members(package)])

    return make


def _central_entries(package: bytes, name: str) -> tuple[int, int]:
    """Offsets of ``name``'s local header and central directory entry."""
    encoded = name.encode()
    at = package.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", package, at + 28)[0]
        if package[at + 46 : at + 46 + length] == encoded:
            return struct.unpack_from("<I", package, at + 42)[0], at
        at = package.find(b"PK\x01\x02", at + 46)
    raise KeyError(name)


def _patched(local_at: int, central_at: int, fmt: str, value: int) -> Callable[[bytes, str], bytes]:
    """A header field of the main part forged in both headers (offsets within each)."""

    def make(package: bytes, main: str) -> bytes:
        data = bytearray(package)
        local, central = _central_entries(package, main)
        struct.pack_into(fmt, data, local + local_at, value)
        struct.pack_into(fmt, data, central + central_at, value)
        return bytes(data)

    return make


def _encrypted(package: bytes, main: str) -> bytes:
    data = bytearray(package)
    local, central = _central_entries(package, main)
    for at in (local + 6, central + 8):
        struct.pack_into("<H", data, at, struct.unpack_from("<H", data, at)[0] | 1)
    return bytes(data)


@cache
def _bomb() -> bytes:
    """40 MB of XML whitespace, which deflates to about 40 KB (a ratio of 1,000)."""
    return b"<a>" + b" " * 40_000_000 + b"</a>"


def _without(*patterns: str) -> Callable[[bytes, str], bytes]:
    return _rebuild(lambda items: [m for m in items if not any(re.search(p, m[0]) for p in patterns)])


def _no_master(package: bytes, main: str) -> bytes:
    """A deck whose slide masters (and so layouts) are gone, with every reference to them."""
    items = []
    for name, data, method in members(package):
        if re.search(r"slideMasters/|slideLayouts/", name):
            continue
        if name == "ppt/_rels/presentation.xml.rels":
            data = re.sub(rb"<Relationship [^>]*slideMaster[^>]*/>", b"", data)
        if name == main:
            data = re.sub(rb"<p:sldMasterIdLst>.*?</p:sldMasterIdLst>", b"", data, flags=re.S)
        if name == "[Content_Types].xml":
            data = re.sub(rb"<Override [^>]*(slideMaster|slideLayout)[^>]*/>", b"", data)
        items.append((name, data, method))
    return build(items)


COMMON: dict[str, Callable[[bytes, str], bytes]] = {
    "empty": lambda _p, _m: b"",
    "not-a-zip": lambda _p, _m: b"PK\x03\x04 but then nothing\n",
    "pdf": lambda _p, _m: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    "truncated-half": lambda p, _m: p[: len(p) // 2],
    "truncated-end": lambda p, _m: p[:-10],
    "bomb-ratio": lambda p, _m: build([*members(p), ("customXml/item1.xml", _bomb(), zipfile.ZIP_DEFLATED)]),
    "forged-size": _patched(22, 24, "<I", 0xFFFFFFF0),
    "forged-compressed-size": _patched(18, 20, "<I", 0x7FFFFFF0),
    "encrypted-member": _encrypted,
    "deflate64-member": _patched(8, 10, "<H", 9),
    "unknown-method": _patched(8, 10, "<H", 99),
    "bzip2-member": _method(zipfile.ZIP_BZIP2),
    "lzma-member": _method(zipfile.ZIP_LZMA),
    "stored-members": _method(zipfile.ZIP_STORED),
    "xxe-utf8": _with_doctype(XXE, "UTF-8"),
    "laughs-utf8": _with_doctype(LAUGHS, "UTF-8"),
    "xxe-utf16": _with_doctype(XXE, "UTF-16"),
    "laughs-utf16": _with_doctype(LAUGHS, "UTF-16"),
    "laughs-capital-part": _extra_part(
        "customXml/ITEM1.XML", f'<?xml version="1.0"?>{LAUGHS}<r>&lol9;</r>'.encode()
    ),
    "xxe-capital-rels": _extra_part(
        "customXml/_rels/item1.XML.RELS", f'<?xml version="1.0"?>{XXE}<r>&xxe;</r>'.encode()
    ),
    "laughs-content-types": lambda p, _m: build(
        [
            (n, d.replace(b"?>", f"?>{LAUGHS}".encode(), 1) if n == "[Content_Types].xml" else d, c)
            for n, d, c in members(p)
        ]
    ),
    "path-traversal": _extra_part("../../../../tmp/evil.xml", b"<a/>"),
    "absolute-name": _extra_part("/etc/evil.xml", b"<a/>"),
    "escape-in-name": _extra_part("docProps/\x1b]0;pwned\x07\u202e.xml", b"<a/>"),
    "duplicate-member": lambda p, m: build([*members(p), (m, b"<broken", zipfile.ZIP_DEFLATED)]),
    "many-members": _rebuild(
        lambda items: [*items, *((f"customXml/i{i}.bin", b"x", zipfile.ZIP_STORED) for i in range(20_000))]
    ),
    "main-part-missing": lambda p, m: build([x for x in members(p) if x[0] != m]),
    "content-types-missing": _without(r"^\[Content_Types\]\.xml$"),
    "main-part-not-xml": lambda p, m: build(
        [(n, b"\x00\xff garbage" if n == m else d, c) for n, d, c in members(p)]
    ),
}

DECK_ONLY: dict[str, Callable[[bytes, str], bytes]] = {
    "no-slide-master": _no_master,
    "no-layouts": _without(r"slideLayouts/"),
    "no-theme": _without(r"ppt/theme/"),
}
WORKBOOK_ONLY: dict[str, Callable[[bytes, str], bytes]] = {
    "no-workbook-part": _without(r"^xl/workbook\.xml$"),
    "no-sheets": _without(r"^xl/worksheets/"),
    "no-styles": _without(r"^xl/styles\.xml$"),
    "no-shared-strings": _without(r"^xl/sharedStrings\.xml$"),
}

DECK_MAIN, WORKBOOK_MAIN = "ppt/presentation.xml", "xl/workbook.xml"


def _on(make: Callable[[bytes, str], bytes], main: str) -> Callable[[bytes], bytes]:
    return lambda package: make(package, main)


def deck_cases() -> dict[str, Callable[[bytes], bytes]]:
    """Each hostile deck, made from a good one, by a readable id."""
    return {name: _on(make, DECK_MAIN) for name, make in (COMMON | DECK_ONLY).items()}


def workbook_cases() -> dict[str, Callable[[bytes], bytes]]:
    """Each hostile workbook, made from a good one, by a readable id."""
    return {name: _on(make, WORKBOOK_MAIN) for name, make in (COMMON | WORKBOOK_ONLY).items()}
