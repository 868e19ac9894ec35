"""The deck opens in a real office suite: LibreOffice converts it to PDF headless (skipped without it).

python-pptx reading our file back proves little about the XML we write ourselves (map shapes, glued
connectors, paragraphs); LibreOffice parses it independently and lays out every slide. One PDF page
per slide, on both bundled templates, and the map's card text is in the PDF.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from exporters.pptx import export_deck
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.starter import resources_dir, sample_path

from .libreoffice import convert, needs_libreoffice, page_count

pytestmark = [needs_libreoffice, pytest.mark.slow]  # a real office suite: seconds per file


@pytest.mark.parametrize("template", ["deck-default.pptx", "deck-alt.pptx"])
def test_libreoffice_lays_out_every_slide(tmp_path: Path, template: str) -> None:
    workspace = load_workspace(sample_path())
    deck = tmp_path / "deck.pptx"
    export_deck(workspace, deck, segment="Enterprise", template=resources_dir() / "export" / template)
    slides = len(Presentation(str(deck)).slides)
    pdf = convert(deck, "pdf", tmp_path)
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
