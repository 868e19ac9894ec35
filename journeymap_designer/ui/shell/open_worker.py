"""Opening a map in the window without freezing it: read, draw and check it in small steps.

`OpenJob.steps` is a generator for `widgets.progress.run_steps`: the file is read and validated a
value and an element at a time (`model.staged_open`), the map scene draws it a card and an arrow
at a time (`MapScene.adopt_steps`), then a thread works out the findings of its core, running
only while the open waits for it, never while the event loop serves the window
(`model.background`). Nothing else in the window knows of the new document until the job is done:
the window then attaches it (the scene has drawn it already, so it is not drawn twice) and gives
the findings panel its findings.

Cancelled while reading, nothing changed. Cancelled while drawing, the scene has started on the
new map: `go_back_steps` draws the previous one again, as it was (document, segment, version).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Generator

from ...model.background import Background
from ...model.checks import Finding, check_journey, conflict_findings
from ...model.document import Document
from ...model.staged_open import Progress, open_steps
from ...model.workspace import Workspace
from ..canvas.scene import MapScene

READ_SHARE = 0.35  # of the progress bar: reading and validating; drawing takes the rest
FROZEN_WORTH_A_PASS = 200_000  # objects: a map of a few thousand cards


def collect_frozen(*_args: object) -> None:
    """Give the collector back what earlier opens froze, once, then freeze what lives on.

    A window that closes is garbage the cyclic collector must see (its widgets refer to each
    other), but it was frozen with everything else at the end of an open: it, its drawing and its
    map would stay in memory until the process ends. One full pass, when a window is gone, and
    only after a large open (small ones freeze little; a pass costs the other windows a pause)."""
    if gc.get_freeze_count() < FROZEN_WORTH_A_PASS:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def core_findings(workspace: Workspace) -> list[Finding]:
    """What the findings panel lists for a map just opened (its core is shown)."""
    return conflict_findings(workspace) + check_journey(workspace.core, workspace)


class OpenJob:
    """One file being opened into one window's scene."""

    def __init__(self, path: str | os.PathLike[str], scene: MapScene) -> None:
        self.path = path
        self.scene = scene
        self.previous = scene.drawing_state()
        self.drawing_started = False  # the scene shows (part of) the new map: cancel must go back
        self.document: Document | None = None
        self.findings: list[Finding] | None = None

    def steps(self) -> Generator[Progress, None, Document]:
        """Read, then draw while the findings are worked out; the document, ready to attach.

        The cyclic garbage collector waits meanwhile: a full pass over a large map's millions of
        new objects, none of them garbage, stalled the event loop for half a second at a time.
        Once done, those objects are moved out of its sight (``gc.freeze``), so later passes skip
        them too."""
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            document = yield from self._steps()
        finally:
            if was_enabled:
                gc.enable()
        gc.freeze()
        return document

    def _steps(self) -> Generator[Progress, None, Document]:
        reading = open_steps(self.path)
        try:
            while True:
                fraction, text = next(reading)
                yield fraction * READ_SHARE, text
        except StopIteration as done:
            document: Document = done.value
        self.document = document
        self.drawing_started = True
        for fraction in self.scene.adopt_steps(document):
            yield READ_SHARE + (1 - READ_SHARE) * 0.98 * fraction, "Drawing the map"
        checking = Background(core_findings, document.workspace)  # gated: runs while waited for
        try:
            while not checking.done(0.005):
                yield 0.99, "Checking the map"
        finally:
            checking.cancel()
        self.findings = checking.result()
        return document

    def go_back_steps(self) -> Generator[Progress, None, None]:
        """After a cancel: the previous document drawn again (nothing else had left it)."""
        for fraction in self.scene.return_to(self.previous):
            yield fraction, "Going back to the map that was open"
