"""The ordinary files a case's folder holds beside the hostile one, and the commands run on a map.

A map case's folder: ``map.journeymap`` (the case), ``clean.journeymap`` (the valid base map, for
``diff --against`` and ``merge``), ``accounts.csv`` (valid actuals for it), ``returned.xlsx`` (its
validation workbook as a customer sends it back) and an empty ``drafts/`` for ``--emails``.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from journeymap_designer.model.fileformat import parse_workspace

from .maps import SEGMENT_ID, base_map
from .zips import office_escapes

MAP = "map.journeymap"
MILESTONES = ("mot-000", "mot-001", "mot-002", "mot-003")
AS_OF = "2026-03-01"


@cache
def accounts_csv() -> bytes:
    """Forty accounts of the base map: some reach every milestone, some stall (``funnel --stuck``)."""
    lines = ["Account ID,Name,Segment,Owner,Start," + ",".join(MILESTONES)]
    for i in range(40):
        reached = [f"2025-{1 + m + i % 3:02d}-{1 + i % 27:02d}" for m in range(i % (len(MILESTONES) + 1))]
        cells = reached + [""] * (len(MILESTONES) - len(reached))
        segment = SEGMENT_ID if i % 2 else ""
        lines.append(f"ACC-{i:03d},Customer {i},{segment},CSM {i % 3},2025-01-01," + ",".join(cells))
    return ("\n".join(lines) + "\n").encode()


@cache
def validation_workbook() -> bytes:
    """The base map's workbook, as exported (its Customer validation sheet is what comes back)."""
    from exporters.xlsx import export_workbook

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder, "v.xlsx")
        export_workbook(parse_workspace(base_map()), out, segments=[None])
        return out.read_bytes()


@cache
def returned_workbook(comment: str = "We only watch the recording") -> bytes:
    """The validation workbook answered by a customer: every row 'Needs change' with ``comment``
    (``@ESC@``, ``@BEL@``: control characters, see ``zips.office_escapes``)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(validation_workbook()))
    sheet = book["Customer validation"]
    header, cols = _columns(sheet)
    for row in range(header + 1, sheet.max_row + 1):
        if sheet.cell(row, cols["ID"]).value:
            sheet.cell(row, cols["Your answer"]).value = "Needs change"
            sheet.cell(row, cols["Your comment"]).value = comment
    book.properties.lastModifiedBy = comment[:200]
    out = io.BytesIO()
    book.save(out)
    return office_escapes(out.getvalue())


def _columns(sheet: object) -> tuple[int, dict[str, int]]:
    for row in sheet.iter_rows(max_row=20):  # type: ignore[attr-defined]
        names = {str(c.value): c.column for c in row if c.value is not None}
        if "ID" in names and "Your answer" in names:
            return row[0].row, names
    raise AssertionError("the validation sheet has no header row")


def lay_out(folder: Path) -> None:
    """The ordinary files of a case's folder (the case itself is written by the test)."""
    (folder / "clean.journeymap").write_bytes(base_map())
    (folder / "accounts.csv").write_bytes(accounts_csv())
    (folder / "returned.xlsx").write_bytes(returned_workbook())
    (folder / "drafts").mkdir()


Command = Callable[[str], tuple[list[str], list[str]]]  # map path -> (argv, outputs it may write)


def _reads(*argv: str) -> Command:
    return lambda m: ([a.replace("{m}", m) for a in argv], [])


def _writes(outputs: list[str], *argv: str) -> Command:
    return lambda m: ([a.replace("{m}", m) for a in argv], [o.replace("{m}", m) for o in outputs])


# Every command that takes a map, by a readable id. ``{m}`` is the map's path in the folder.
MAP_COMMANDS: dict[str, Command] = {
    "validate": _reads("validate", "{m}"),
    "validate-json": _reads("validate", "{m}", "--format", "json"),
    "info": _reads("info", "{m}"),
    "diff-segment": _reads("diff", "{m}", "--segment", SEGMENT_ID),
    "diff-segment-json": _reads("diff", "{m}", "--segment", SEGMENT_ID, "--format", "json"),
    "diff-file": _reads("diff", "{m}", "--against", "clean.journeymap"),
    "diff-file-reverse": _reads("diff", "clean.journeymap", "--against", "{m}", "--format", "json"),
    "textconv": _reads("textconv", "{m}"),
    "funnel": _reads("funnel", "{m}", "--actuals", "accounts.csv", "--stuck", "--as-of", AS_OF),
    "funnel-json": _reads("funnel", "{m}", "--actuals", "accounts.csv", "--format", "json", "--as-of", AS_OF),
    "persona-list": _reads("persona", "list", "{m}"),
    "channel-list": _reads("channel", "list", "{m}"),
    "properties": _reads("properties", "{m}"),
    "feedback-list": _reads("feedback", "list", "{m}"),
    "fmt-check": _reads("fmt", "--check", "{m}"),
    "fmt": _writes(["{m}"], "fmt", "{m}"),
    "persona-add": _writes(["{m}"], "persona", "add", "{m}", "Probe", "--role", "Tester"),
    "channel-add": _writes(["{m}"], "channel", "add", "{m}", "Probe channel"),
    "properties-set": _writes(["{m}"], "properties", "{m}", "--name", "Probed", "--show-customers", "notes"),
    "feedback-import": _writes(["{m}"], "feedback", "import", "{m}", "returned.xlsx"),
    "actuals-import": _writes(["map.actuals.json"], "actuals", "import", "{m}", "accounts.csv"),
    "merge-ours": _writes(
        ["merged.journeymap"],
        "merge",
        "clean.journeymap",
        "{m}",
        "clean.journeymap",
        "-o",
        "merged.journeymap",
    ),
    "merge-base": _writes(
        ["merged.journeymap"],
        "merge",
        "{m}",
        "clean.journeymap",
        "clean.journeymap",
        "-o",
        "merged.journeymap",
    ),
    "export-xlsx": _writes(["out.xlsx"], "export", "{m}", "--xlsx", "out.xlsx", "--all-segments"),
    "export-xlsx-customer": _writes(["out.xlsx"], "export", "{m}", "--xlsx", "out.xlsx", "--customer-view"),
    "export-xlsx-actuals": _writes(
        ["out.xlsx"], "export", "{m}", "--xlsx", "out.xlsx", "--actuals", "accounts.csv", "--as-of", AS_OF
    ),
    "export-pptx": _writes(["out.pptx"], "export", "{m}", "--pptx", "out.pptx", "--segment", SEGMENT_ID),
    "export-pptx-actuals": _writes(
        ["out.pptx"], "export", "{m}", "--pptx", "out.pptx", "--actuals", "accounts.csv", "--as-of", AS_OF
    ),
    "export-tasks": _writes(["out.csv"], "export", "{m}", "--tasks", "out.csv"),
    "export-emails": _writes(
        ["drafts/*"], "export", "{m}", "--emails", "drafts", "--customer", "Acme", "--csm", "Ana"
    ),
}
