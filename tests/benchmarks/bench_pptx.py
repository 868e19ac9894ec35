"""Deck budget (issue 5, point 4): a 100-slide deck in <= 3 s.

How it is measured:

- the deck: ``export_deck`` of a generated workspace's segment, sized so that the deck has at least
  100 slides (map tiles, a slide per stage, playbooks with their task lists, handoffs, roles, what
  differs from the core, validation), timed whole: template check, resolving, pagination, shapes,
  saving and the atomic write. The slide count is in the note.
- the baseline: plain python-pptx in the same run: the same template, the same number of slides,
  one text box each, saved.
- for information at full size: the deck of the issue's workspace (5,000 touchpoints, 20 segments),
  which holds over a thousand slides; one run, no budget (the issue budgets 100 slides).

- the customer's deck of the bundled sample (issue 11: <= 3 s), beside plain python-pptx writing the
  same number of slides, at every size (the sample is the sample).

The budget holds at the issue's size (``ISSUE_SIZE``), as the other benchmarks' do: smaller runs (the
smoke test) export a smaller deck, for information, so the test suite stays fast.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

from pptx import Presentation
from pptx.util import Inches, Pt

from exporters.pptx import default_template, export_deck
from journeymap_designer.model.document import Document
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path

from .harness import Result, measure

ISSUE_SIZE = 5000
BUDGET_MS = 3000.0
CUSTOMER_BUDGET_MS = 3000.0  # issue 11: the customer deck of the sample
SLIDES = 100


def slide_count(path: Path) -> int:
    return len(Presentation(str(path)).slides)


def plain_deck(slides: int) -> bytes:
    """The baseline: the same template and number of slides with plain python-pptx, one text box each."""
    prs = Presentation(str(default_template()))
    layout = prs.slide_layouts[-1]
    for number in range(slides):
        slide = prs.slides.add_slide(layout)
        box = slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(9), Inches(1))
        box.text_frame.text = f"Slide {number + 1}"
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(18)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def deck_workspace(slides: int, folder: Path) -> tuple[Workspace, str, int]:
    """A generated workspace whose first segment's deck has at least ``slides`` slides."""
    touchpoints = max(20, slides * 2)
    while True:
        workspace = generate_workspace(touchpoints, 1, seed=1)
        segment = next(iter(workspace.segments))
        probe = folder / "probe.pptx"
        export_deck(workspace, probe, segment=segment)
        count = slide_count(probe)
        if count >= slides:
            return workspace, segment, count
        touchpoints = int(touchpoints * 1.25)


def run(touchpoints: int, segments: int, repeat: int) -> list[Result]:
    full = touchpoints >= ISSUE_SIZE
    folder = Path(tempfile.mkdtemp(prefix="jm-bench-pptx-"))
    try:
        workspace, segment, count = deck_workspace(SLIDES if full else 30, folder)
        out = folder / "deck.pptx"
        size = len(workspace.core.touchpoints)
        sample = Document.open(sample_path()).workspace
        customer_out = folder / "customer.pptx"
        export_deck(sample, customer_out, customer_view=True)
        customer_slides = slide_count(customer_out)
        results = [
            Result(
                f"customer deck of the sample, {customer_slides} slides",
                measure(lambda: export_deck(sample, customer_out, customer_view=True), repeat),
                CUSTOMER_BUDGET_MS,
                f"python-pptx {customer_slides} slides",
                measure(lambda: plain_deck(customer_slides), repeat),
                note="cover, how to answer, the map, a validation table per stage",
            ),
            Result(
                f"deck, {count} slides ({size} touchpoints)",
                measure(lambda: export_deck(workspace, out, segment=segment), repeat),
                BUDGET_MS if full else None,
                f"python-pptx {count} slides",
                measure(lambda: plain_deck(count), repeat),
                note="a segment's deck: native map shapes, paginated text and tables, atomic write",
            ),
        ]
        if full:
            big = generate_workspace(touchpoints, segments, seed=1)
            first = next(iter(big.segments), None)
            big_out = folder / "big.pptx"
            elapsed = measure(lambda: export_deck(big, big_out, segment=first), 1)
            results.append(
                Result(
                    f"deck, {touchpoints:,} touchpoints",
                    elapsed,
                    None,
                    note=f"{slide_count(big_out):,} slides, one run; the issue budgets 100 slides",
                )
            )
        return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)
