"""Compare-mode budget (issue 4, point 6): colouring a 5,000-touchpoint map takes <= 200 ms.

Measured on a generated workspace of 5,000 touchpoints and 20 segments, with one segment shown in a
1600x900 view zoomed to fit: turning compare mode on (compare the segment with the core, put its
hidden cards back as ghosts, mark every card and arrow) and the synchronous repaint of the viewport
that shows it. Each timed run is undone (compare off, untimed) before the next.

Baseline in the same run: the same number of bare ``QGraphicsRectItem`` recoloured one by one with
``setBrush`` from a precomputed mark per card, and repainted. It knows the answer; we compute it.
Also reported (information): switching the shown segment, which patches what differs.
"""

from __future__ import annotations

import statistics
import time

from PySide6.QtGui import QBrush, QColor

from journeymap_designer.model.compare import compare_with_core
from journeymap_designer.model.document import Document
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.ui.canvas.scene import MapScene
from journeymap_designer.ui.canvas.view import MapView

from .bench_canvas import ISSUE_SIZE, VIEW_H, VIEW_W, _drain, _plain_scene, _plain_view, application
from .harness import Result

BUDGET_MS = 200.0


def _repaint_ms(action: object, view: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    view.viewport().repaint()  # type: ignore[attr-defined]
    return (time.perf_counter() - start) * 1000


def run(touchpoints: int, segments: int, repeat: int) -> list[Result]:
    app = application()
    workspace = generate_workspace(touchpoints, max(1, segments), seed=1)
    document = Document(workspace)
    segment_ids = list(workspace.segments)
    shown = segment_ids[0]
    scene = MapScene(document)
    view = MapView(scene)
    view.resize(VIEW_W, VIEW_H)
    view.show()
    scene.show_segment(shown)
    view.fit_all()
    _drain(app)
    comparison = compare_with_core(workspace, shown)
    marks = comparison.counts()
    size = f"{len(workspace.core.touchpoints):,} cards, {len(segment_ids)} segments"
    budget = BUDGET_MS if touchpoints >= ISSUE_SIZE else None
    try:
        times = []
        for _ in range(repeat):
            times.append(_repaint_ms(lambda: scene.set_compare(True), view))
            scene.set_compare(False)
            view.viewport().repaint()
        marked = ", ".join(f"{n} {mark}" for mark, n in marks.items())
        ours = statistics.median(times)

        plain_scene, _texts = _plain_scene(comparison.journey, scene.layout.geometry)
        plain_view = _plain_view(plain_scene)
        plain_view.show()
        plain_view.fitInView(plain_scene.sceneRect())
        _drain(app)
        rects = [i for i in plain_scene.items() if type(i).__name__ == "QGraphicsRectItem"]
        card_marks = [comparison.mark(i) for i in comparison.journey.touchpoints][: len(rects)]
        brushes = {
            m: QBrush(QColor(c))
            for m, c in {"same": "#fff", "added": "#dff3e6", "changed": "#fbecc8", "hidden": "#eee"}.items()
        }
        white = QBrush(QColor("#ffffff"))
        plain_times = []
        for _ in range(repeat):
            plain_times.append(
                _repaint_ms(
                    lambda: [r.setBrush(brushes[m]) for r, m in zip(rects, card_marks, strict=True)],
                    plain_view,
                )
            )
            for r in rects:
                r.setBrush(white)
            plain_view.viewport().repaint()
        plain_view.close()

        switches = []
        for run_index in range(repeat):
            target = segment_ids[1 + run_index % (len(segment_ids) - 1)] if len(segment_ids) > 1 else None
            switches.append(_repaint_ms(lambda t=target: scene.show_segment(t), view))  # type: ignore[misc]
        results = [
            Result(
                f"compare mode on ({size})",
                ours,
                budget,
                "bare Qt rects recoloured",
                statistics.median(plain_times),
                note=f"compare + ghosts + marks + one repaint at fit zoom; marks: {marked}",
            ),
            Result(
                "switch the shown segment (patched)",
                statistics.median(switches),
                None,
                note="diff of the two journeys, then only what differs is redrawn; plus one repaint",
            ),
        ]
    finally:
        view.close()
        scene.detach()
    return results
