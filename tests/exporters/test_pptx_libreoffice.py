"""The deck opens in a real office suite: LibreOffice converts it to PDF headless (skipped without it).

python-pptx reading our file back proves little about the XML we write ourselves (map shapes, glued
connectors, paragraphs); LibreOffice parses it independently and lays out every slide. One PDF page
per slide, on both bundled templates, and the map's card text is in the PDF.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from pptx import Presentation

from exporters.pptx import export_deck
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.starter import resources_dir, sample_path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def to_pdf(source: Path, folder: Path) -> Path:
    """``source`` converted by LibreOffice, headless, with a private profile and a time limit."""
    assert SOFFICE is not None
    profile = Path("/tmp") / f"jm-lo-{uuid.uuid4().hex}"
    try:
        done = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    target = folder / f"{source.stem}.pdf"
    assert done.returncode == 0 and target.is_file(), done.stdout + done.stderr
    return target


def page_count(pdf: Path) -> int:
    info = shutil.which("pdfinfo")
    if info is not None:
        out = subprocess.run([info, str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout
        found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
        assert found is not None, out
        return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


@pytest.mark.parametrize("template", ["deck-default.pptx", "deck-alt.pptx"])
def test_libreoffice_lays_out_every_slide(tmp_path: Path, template: str) -> None:
    workspace = load_workspace(sample_path())
    deck = tmp_path / "deck.pptx"
    export_deck(workspace, deck, segment="Enterprise", template=resources_dir() / "export" / template)
    slides = len(Presentation(str(deck)).slides)
    pdf = to_pdf(deck, tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert page_count(pdf) == slides > 30
    text_tool = shutil.which("pdftotext")
    if text_tool is not None:
        text = subprocess.run(
            [text_tool, str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
        flat = " ".join(text.split())
        for title in ("Executive business review", "Steering committee", "Customer validation"):
            assert title in flat
