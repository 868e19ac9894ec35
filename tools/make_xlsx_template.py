"""Generate the bundled workbook template, resources/export/playbook-template.xlsx.

Run: .venv/bin/python tools/make_xlsx_template.py

The template is committed; this script is how it is made, so a change to its look is a reviewed change
here (and in exporters/xlsx_styles.py, whose definitions it writes), not an opaque binary edit.
It holds:

- the named cell styles the exporter uses ("JM Title", "JM Header", "JM Cell", "JM Wrapped"...), which
  a user's own template may redefine to restyle every export;
- a theme in the app's colours (navy #1F2A3C, blue accent #2F6FDB, as on the bundled deck) and Calibri
  for headings and body, so anything a user adds in Excel matches;
- one empty sheet (a workbook needs one); the exporter drops empty template sheets and keeps the ones
  with content, such as a cover with a logo, in front of its own.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.theme import theme_xml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.xlsx_styles import ACCENT, NAVY, add_missing_styles  # noqa: E402

OUT = ROOT / "resources" / "export" / "playbook-template.xlsx"
COLOURS = {
    "dk2": NAVY,
    "lt2": "E9EEF6",
    "accent1": ACCENT,
    "accent2": "23766D",
    "accent3": "C98A00",
    "accent4": "6B4F9E",
    "accent5": "D1495B",
    "accent6": "5F6B7A",
    "hlink": "0563C1",
    "folHlink": "6B4F9E",
}


def theme() -> bytes:
    """openpyxl's default Office theme, recoloured and with Calibri for headings as well as text."""
    xml = theme_xml.replace('<a:clrScheme name="Office">', '<a:clrScheme name="Journey Map Designer">')
    for slot, colour in COLOURS.items():
        xml, count = re.subn(
            rf"(<a:{slot}>\s*<a:srgbClr val=\")[0-9A-Fa-f]{{6}}", rf"\g<1>{colour}", xml, count=1
        )
        assert count == 1, slot
    xml = xml.replace('<a:latin typeface="Cambria"/>', '<a:latin typeface="Calibri"/>')
    return xml.encode("utf-8")


def build() -> Workbook:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Sheet1"
    add_missing_styles(workbook, sheet)
    workbook.loaded_theme = theme()
    when = datetime(2025, 1, 1)
    workbook.properties.creator = "Journey Map Designer"
    workbook.properties.title = "Journey Map Designer playbook template"
    workbook.properties.description = (
        "Restyle the exported workbooks by editing the JM cell styles (Home > Cell Styles). "
        "Sheets with content (a cover, a logo) are kept in front of the exported sheets."
    )
    workbook.properties.created = when
    return workbook


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(OUT)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
