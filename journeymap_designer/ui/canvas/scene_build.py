"""Drawing a whole journey from scratch, at once or in steps (a mixin of ``MapScene``).

A rebuild of a 100,000-card map creates as many cards and arrows and places every handoff label:
a minute of work the event loop never saw the end of. ``rebuild_steps`` does the same work as a
generator, a card or an arrow per step, so whoever drives it (the window opening a file) lets the
event loop run between steps and can stop; ``rebuild`` runs it to the end. ``adopt_steps`` starts
following another document the same way: the window draws a file it opens before telling anyone
else, and goes back to the previous document (``return_to``) when the user cancels.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Signal
from PySide6.QtWidgets import QGraphicsScene

from ...model.background import Background
from ...model.document import Document
from ...model.edits import Change
from ...model.layout import LayoutEngine, MapGeometry
from ...model.routing import LabelPlacer
from ...model.workspace import Journey
from .arrows import FlowItem
from .compare_state import CompareState, Reference
from .items import CardItem, MapItem, OverviewItem
from .layers import StageLayer
from .moments import MomentItem

_SceneBase = QGraphicsScene if TYPE_CHECKING else object
CLEAR_STEP = 256  # items taken out of the scene in one step of a rebuild
LARGE_MAP = 3000  # cards from which a rebuild runs behind a progress dialog (a second's work or more)


class SceneBuild(_SceneBase):  # type: ignore[misc,valid-type]
    """Rebuilding the scene, in one go or step by step."""

    document: Document
    journey: Journey
    layout: LayoutEngine
    segment_id: str | None
    compare_state: CompareState
    overview: OverviewItem
    cards: dict[str, CardItem]
    flows: dict[str, FlowItem]
    moments: dict[str, MomentItem]
    labels: LabelPlacer
    layers: dict[str, StageLayer]
    _flows_of_card: defaultdict[str, set[str]]
    _flow_stages: dict[str, tuple[str, str]]
    _stage_pairs: defaultdict[tuple[str, str], set[str]]
    _handoff_of_flow: dict[str, str]
    _stale: set[str]
    _unsubscribe: Callable[[], None]

    if TYPE_CHECKING:
        journey_changed: Signal

        def _resolved(self) -> Journey: ...
        def _refresh_grid(self) -> None: ...
        def _update_card(self, card_id: str) -> None: ...
        def _index_handoffs_steps(self) -> Iterator[int]: ...
        def _update_flow(self, flow_id: str) -> None: ...
        def _refresh_moments(self) -> None: ...
        def _refresh_badges(self) -> None: ...
        def item(self, element_id: str | None) -> MapItem | None: ...
        def apply_change(self, change: Change) -> None: ...
        def detach(self) -> None: ...

    # Who runs a long rebuild behind a progress dialog (the window sets it; a scene drawn for an
    # image has none): called with a title and the rebuild's steps, it returns once they are done.
    long_work: Callable[[str, Iterator[float]], None] | None = None
    _stepping = False  # a stepped rebuild is under way
    _again = False  # asked for another rebuild meanwhile

    def rebuild(self) -> None:
        """Draw everything from scratch (switching segment, a new stage...); the selection survives.

        A large map is drawn in steps behind the window's progress dialog (``long_work``): the window
        repaints and says what it is doing instead of freezing for as long as the drawing takes."""
        if self._stepping:  # asked again from within (a timer during the steps): once more, after
            self._again = True
            return
        if self.long_work is None or len(self.document.workspace.core.touchpoints) < LARGE_MAP:
            for _fraction in self.rebuild_steps(in_thread=False):
                pass
            return
        self._stepping = True
        try:
            self._again = True
            while self._again:
                self._again = False
                self.long_work("Drawing the map", self.rebuild_steps())
        finally:
            self._stepping = False

    def rebuild_steps(self, in_thread: bool = True) -> Iterator[float]:
        """``rebuild`` one card or arrow at a time, yielding the fraction done after each; the layout
        is worked out in a thread meanwhile (``in_thread``), being one long call."""
        selected = [i.element_id for i in self.selectedItems() if isinstance(i, MapItem)]
        yield from self._clear_drawing_steps()
        self.journey = self._resolved()
        geometry = yield from self._laid_out(in_thread)
        self._refresh_grid()
        cards, flows = list(geometry.cards), list(self.journey.flows)
        total = max(len(cards) + len(flows), 1)
        for done, card_id in enumerate(cards, 1):
            self._update_card(card_id)
            yield done / total
        for _count in self._index_handoffs_steps():
            yield len(cards) / total
        for done, flow_id in enumerate(flows, len(cards) + 1):
            self._update_flow(flow_id)
            yield done / total
        self._refresh_moments()
        self.compare_state.refresh_items(self.item)
        self._refresh_badges()
        self.setSceneRect(QRectF(-40, -40, geometry.width + 80, geometry.height + 80))
        self.overview.mark_dirty()
        for element_id in selected:
            drawn = self.item(element_id)
            if drawn is not None:
                drawn.setSelected(True)
        self.journey_changed.emit(None)

    def _laid_out(self, in_thread: bool) -> Generator[float, None, MapGeometry]:
        """The layout of the journey, in a gated thread between the event loop's turns (one long
        call; background.py). The garbage collector waits meanwhile: a pass in that thread could
        destroy Qt objects outside the thread that owns them."""
        if not in_thread:
            return self.layout.full(self.journey)
        engine = LayoutEngine()  # a new one: what paints meanwhile reads the old one, untouched
        was_enabled = gc.isenabled()
        gc.disable()
        journey = self.journey

        def lay_out() -> MapGeometry:
            geometry = engine.full(journey)
            engine.emotion_curve()  # its per-stage sums, kept: the grid's first look is then quick
            return geometry

        laying_out = Background(lay_out)
        try:
            while not laying_out.done(0.005):
                yield 0.0
        finally:
            laying_out.cancel()  # stopped (Cancel): the thread ends at once
            if was_enabled:
                gc.enable()
        geometry = laying_out.result()
        self.layout = engine
        return geometry

    def _clear_drawing_steps(self) -> Iterator[float]:
        """Take the drawn map out of the scene, a few hundred items a step (a large map's items
        took a second to remove, and as long again to free)."""
        for drawn in (self.flows, self.cards, self.moments):
            while drawn:
                for _ in range(min(CLEAR_STEP, len(drawn))):
                    self.removeItem(drawn.popitem()[1])
                yield 0.0
        for layer in self.layers.values():
            self.removeItem(layer)
        self.layers.clear()
        self._flows_of_card.clear()
        self._flow_stages.clear()
        self._stage_pairs.clear()
        self._handoff_of_flow.clear()
        self.labels.clear()
        self._stale.clear()
        self.compare_state.forget_items()

    def _follow_document(self, document: Document, segment_id: str | None = None) -> None:
        self.detach()
        self.document = document
        self._unsubscribe = document.history.subscribe(self.apply_change, draws=True)
        self.segment_id = segment_id

    def set_document(self, document: Document) -> None:
        """Follow another document (File > New or Open in the same window), showing its core."""
        if document is self.document:
            return  # already drawn: a window opening its first document builds the map once
        for _fraction in self.adopt_steps(document):
            pass

    def adopt_steps(self, document: Document) -> Iterator[float]:
        """``set_document`` step by step; until the last step, ``return_to`` can undo it."""
        self._follow_document(document)
        self.compare_state.reference = None  # a version of the other map's file
        yield from self.rebuild_steps()

    def drawing_state(self) -> tuple[Document, str | None, Reference | None]:
        """What ``return_to`` needs to draw the document shown now again."""
        return self.document, self.segment_id, self.compare_state.reference

    def return_to(self, state: tuple[Document, str | None, Reference | None]) -> Iterator[float]:
        """Draw again what ``drawing_state`` saw (an open that was cancelled), step by step."""
        document, segment_id, reference = state
        self._follow_document(document, segment_id)
        self.compare_state.reference = reference
        yield from self.rebuild_steps()
