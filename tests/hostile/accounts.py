"""Hostile accounts files (``funnel --actuals``, ``actuals import``, ``export --actuals``), as bytes.

CSV: wrong encodings and BOMs, NUL bytes, quotes never closed, CR-only lines, a cell of megabytes,
thousands of columns, formulas, escapes and bidi controls in names (``funnel --stuck`` prints them),
dates and numbers out of any range, duplicate headers and ids. XLSX: the same accounts as a
workbook, and every zip trick of ``zips.py`` played on it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from typing import Any

from .maps import PAYLOADS
from .support import MILESTONES, accounts_csv
from .zips import office_escapes

HEADER = "Account ID,Name,Segment,Owner,Start," + ",".join(MILESTONES)
ROW = "ACC-1,Acme,,Ana,2025-01-01,2025-02-01,2025-03-01,,"


def _csv(*rows: str) -> Callable[[], bytes]:
    return lambda: ("\n".join([HEADER, *rows]) + "\n").encode()


def _names(payload: str) -> Callable[[], bytes]:
    """Stuck accounts (milestone reached long ago, the next one never) named with ``payload``."""
    rows = [f'ACC-{i},"Acme {payload} {i}",,"CSM {payload}",2025-01-01,2025-01-02,,,' for i in range(5)]
    return lambda: ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


CSV: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "header-only": _csv(),
    "utf8-bom": lambda: b"\xef\xbb\xbf" + accounts_csv(),
    "utf16-le-bom": lambda: accounts_csv().decode().encode("utf-16"),
    "utf16-no-bom": lambda: accounts_csv().decode().encode("utf-16-le"),
    "latin1": lambda: (
        _csv("ACC-1,Caf\u00e9 M\u00fcller,,,2025-01-01,2025-02-01,,,")().decode().encode("latin-1")
    ),
    "nul-bytes": lambda: accounts_csv().replace(b"Customer 1,", b"Cust\x00omer\x00,"),
    "nul-only": lambda: b"\x00" * 4096,
    "binary": lambda: bytes(range(256)) * 64,
    "unclosed-quote": _csv('ACC-1,"Acme, never closed,,,2025-01-01', ROW),
    "cr-only-lines": lambda: accounts_csv().replace(b"\n", b"\r"),
    "crlf-lines": lambda: accounts_csv().replace(b"\n", b"\r\n"),
    "semicolons": lambda: accounts_csv().replace(b",", b";"),
    "tabs": lambda: accounts_csv().replace(b",", b"\t"),
    "huge-cell": _csv("ACC-1," + "N" * 5_000_000 + ",,,2025-01-01,2025-02-01,,,"),
    "huge-line-count": lambda: (
        HEADER + "\n" + "\n".join(f"ACC-{i},n,,,2025-01-01,,,," for i in range(60_000))
    ).encode(),
    "many-columns": lambda: (
        ",".join(["Account ID", *(f"c{i}" for i in range(20_000))]) + "\nACC-1\n"
    ).encode(),
    "ragged-rows": _csv("ACC-1", "ACC-2,a,b,c,d,e,f,g,h,i,j,k,l,m", ROW),
    "duplicate-headers": lambda: (HEADER + "," + HEADER + "\n" + ROW + "," + ROW + "\n").encode(),
    "duplicate-ids": _csv(ROW, ROW, ROW),
    "formulas": _csv(
        '=cmd|\' /C calc\'!A0,"=HYPERLINK(""http://evil.example/"",""x"")",+1,-1,@SUM(A1),2025-01-01,,,'
    ),
    "dates-out-of-range": _csv("ACC-1,a,,,0000-01-01,9999-12-31,2025-13-45,-2025-01-01,1900-02-29"),
    "dates-ambiguous": _csv("ACC-1,a,,,01/02/2025,2025/02/01,1e10,NaN,"),
    "huge-numbers": _csv("1" * 5000 + ",a,,,2025-01-01,1e999,-1e999,99999999999999999999,"),
    "no-id-column": lambda: b"Name,Start\nAcme,2025-01-01\n",
    "escape-in-header": lambda: (
        "Account ID,\x1b]0;pwned\x07,\u202eSegment,mot-000\nACC-1,a,b,2025-01-01\n"
    ).encode(),
    "escape-in-values": _csv(
        "ACC-\x1b[2J,\x1b]52;c;eA==\x07,\u202eseg,\x9b31m,2025-01-01\u2028,2025-02-01\x85,,,"
    ),
    "pdf": lambda: b"%PDF-1.4\n",
    "zip-not-xlsx": lambda: b"PK\x03\x04" + b"\x00" * 100,
}
for _name, _payload in PAYLOADS.items():
    CSV[f"names-{_name}"] = _names(_payload)


@cache
def accounts_xlsx() -> bytes:
    """The valid accounts as a workbook, with a stuck account named with every payload openpyxl
    lets through, and an escape spelled as Office does in XML (``_x001B_``), which readers decode."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook()
    sheet: Any = book.active
    for line in accounts_csv().decode().splitlines():
        sheet.append(line.split(","))
    name = ILLEGAL_CHARACTERS_RE.sub("", "".join(PAYLOADS.values())) + "@ESC@]0;pwned@BEL@"
    sheet.append(["ACC-X", name, "", "", "2025-01-01", "2025-01-02"])
    out = io.BytesIO()
    book.save(out)
    return office_escapes(out.getvalue())
