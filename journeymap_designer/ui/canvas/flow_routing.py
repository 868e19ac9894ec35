"""How the map scene draws arrows: routed in the gaps, labels placed, and kept up with edits.

A mixin of ``MapScene`` (the scene's flow bookkeeping in one place). An edit that shifts whole
stages sideways (a stage gained a sub-column) must re-route every arrow between a stage that moved
and one that did not: hundreds on a 5,000-card map. The ones on screen are re-routed at once; the
others wait for the event loop's next turn (``settle``), so the edit shows within its frame budget
and the off-screen arrows are right before anyone can scroll to them. Whatever reads arrows as a
whole (the clearance measure, the overview) settles first; a scene with no view never defers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtWidgets import QGraphicsScene

from ...model.layout import CELL_PAD, LayoutEngine
from ...model.routing import LabelPlacer, route
from ...model.workspace import Journey
from ..widgets.theme import Theme
from .arrows import FlowItem, label_width
from .items import OverviewItem
from .layers import StageLayer

_SceneBase = QGraphicsScene if TYPE_CHECKING else object
SLIDE_MARGIN = 520.0  # how far a label may slide from its arrow (the placer's badge reach, and more)


class FlowRouting(_SceneBase):  # type: ignore[misc,valid-type]
    """Arrows of the map scene: created, routed, labelled, followed, and settled when deferred."""

    journey: Journey
    layout: LayoutEngine
    theme: Theme
    overview: OverviewItem
    flows: dict[str, FlowItem]
    labels: LabelPlacer
    _flows_of_card: defaultdict[str, set[str]]
    _flow_stages: dict[str, tuple[str, str]]  # flow id -> (source stage, target stage), as drawn
    _stage_pairs: defaultdict[tuple[str, str], set[str]]  # (source stage, target stage) -> arrows
    _handoff_of_flow: dict[str, str]
    _drawn_handoffs: dict[str, str]
    _stale: set[str]
    _settle_pending: bool

    if TYPE_CHECKING:

        def _layer(self, stage_id: str) -> StageLayer: ...

    def _index_handoffs(self) -> None:
        for _count in self._index_handoffs_steps():
            pass

    def _index_handoffs_steps(self) -> Iterator[int]:
        """Which handoff labels each arrow (the first by id, when several name one flow), yielding
        every few hundred handoffs (a rebuild of a large map runs between turns of the event loop)."""
        of_flow: dict[str, str] = {}
        drawn: dict[str, str] = {}
        for count, handoff in enumerate(self.journey.handoffs.values(), 1):
            drawn[handoff.id] = handoff.flow_id
            known = of_flow.get(handoff.flow_id)
            if known is None or handoff.id < known:
                of_flow[handoff.flow_id] = handoff.id
            if count % 512 == 0:
                yield count
        self._handoff_of_flow, self._drawn_handoffs = of_flow, drawn

    def _handoff_label(self, flow_id: str) -> str | None:
        handoff = self.journey.handoffs.get(self._handoff_of_flow.get(flow_id, ""))
        if handoff is None:
            return None
        return ", ".join(handoff.information or handoff.artifacts) or "handoff"

    def _update_flow(self, flow_id: str) -> None:
        flow = self.journey.flows.get(flow_id)
        item = self.flows.get(flow_id)
        old_ends = self._ends_of_item(flow_id)
        source = self.layout.geometry.cards.get(flow.source) if flow else None
        target = self.layout.geometry.cards.get(flow.target) if flow else None
        for card_id in old_ends:
            self._flows_of_card[card_id].discard(flow_id)
        if flow is None or source is None or target is None:
            if item is not None:
                layer = item.parentItem()
                if isinstance(layer, StageLayer):
                    layer.release_flow(flow_id)
                self.removeItem(item)
                del self.flows[flow_id]
            self.labels.remove(flow_id)
            self._stale.discard(flow_id)
            pair = self._flow_stages.pop(flow_id, None)
            if pair is not None:
                self._stage_pairs[pair].discard(flow_id)
            return
        if item is None:
            item = FlowItem(flow_id, self.theme)
            item.setVisible(not self.overview.isVisible())
            self.flows[flow_id] = item
        item.ends = (flow.source, flow.target)  # type: ignore[attr-defined]
        self._flows_of_card[flow.source].add(flow_id)
        self._flows_of_card[flow.target].add(flow_id)
        self._draw_flow(item, flow_id, flow.source, flow.target, flow.alternative)

    def _draw_flow(
        self, item: FlowItem, flow_id: str, source_id: str, target_id: str, alternative: bool
    ) -> None:
        """Route the arrow in the gaps between cards, and place a handoff's label where it covers nothing."""
        geometry = self.layout.geometry
        source, target = geometry.cards.get(source_id), geometry.cards.get(target_id)
        target_card = self.journey.touchpoints.get(target_id)
        if source is None or target is None or target_card is None:
            return
        lane = geometry.lanes.get(target_card.lane_id)
        band_y = lane.y if lane is not None else target.y - CELL_PAD
        points = route(source, target, band_y)
        layer = self._attach_flow(item, source_id, target_id)
        dx = layer.x()
        label = self._handoff_label(flow_id)
        label_rect: QRectF | None = None
        badge: int | None = None
        if label is not None:
            x0, x1 = (points[2][0], points[3][0]) if len(points) > 2 else (points[0][0], points[1][0])
            placed = self.labels.place(flow_id, x0, x1, band_y, label_width(label))
            if placed is not None:
                label_rect = QRectF(placed.rect.x - dx, placed.rect.y, placed.rect.w, placed.rect.h)
                badge = self.labels.numbers.get(flow_id) if placed.badge else None
        else:
            self.labels.remove(flow_id)
        item.set_route([(x - dx, y) for x, y in points], alternative, label, label_rect, badge)

    def _attach_flow(self, item: FlowItem, source: str, target: str) -> StageLayer:
        """An arrow lives in its source card's stage layer; it remembers both ends' stages."""
        stage_of = self.journey.touchpoints
        source_stage, target_stage = stage_of[source].stage_id, stage_of[target].stage_id
        layer = self._layer(source_stage)
        old = item.parentItem()
        if old is not layer:
            if isinstance(old, StageLayer):
                old.release_flow(item.element_id)
            item.setParentItem(layer)
        pair = (source_stage, target_stage)
        old_pair = self._flow_stages.get(item.element_id)
        if old_pair != pair:
            if old_pair is not None:
                self._stage_pairs[old_pair].discard(item.element_id)
            self._stage_pairs[pair].add(item.element_id)
            self._flow_stages[item.element_id] = pair
        return layer

    def _follow(self, item: FlowItem, flow_source: str, flow_target: str) -> None:
        """Its cards moved (the flow itself did not change): route it again."""
        flow = self.journey.flows.get(item.element_id)
        self._draw_flow(item, item.element_id, flow_source, flow_target, flow.alternative if flow else False)

    def _ends_of_item(self, flow_id: str) -> tuple[str, ...]:
        item = self.flows.get(flow_id)
        return getattr(item, "ends", ()) if item is not None else ()

    # -- arrows off screen wait for the next turn of the event loop ----------------------------------

    def _visible_area(self) -> QRectF | None:
        """What the scene's views show, in scene units (None: no view, so nothing is deferred)."""
        area: QRectF | None = None
        for view in self.views():
            if view.isVisible():
                shown = view.mapToScene(view.viewport().rect()).boundingRect()
                area = shown if area is None else area.united(shown)
        return area

    def _follow_or_defer(self, flow_ids: set[str]) -> None:
        """Re-route arrows whose cards moved: now if they may be on screen, else at the next turn."""
        area = self._visible_area()
        geometry = self.layout.geometry
        if area is not None:
            left, top, right, bottom = area.left(), area.top(), area.right(), area.bottom()
        for flow_id in flow_ids:
            item, flow = self.flows.get(flow_id), self.journey.flows.get(flow_id)
            if item is None or flow is None:
                self._stale.discard(flow_id)
                self._update_flow(flow_id)
                continue
            if area is not None and item.isVisible():
                source, target = geometry.cards.get(flow.source), geometry.cards.get(flow.target)
                if source is not None and target is not None:
                    # Where the arrow will be (a handoff's label may slide along the band), and
                    # where it is now.
                    slide = SLIDE_MARGIN if item.is_handoff else CELL_PAD
                    x0 = min(source.x, target.x) - slide
                    x1 = max(source.x + source.w, target.x + target.w) + slide
                    y0 = min(source.y, target.y) - 2 * CELL_PAD
                    y1 = max(source.y + source.h, target.y + target.h) + CELL_PAD
                    off = x1 < left or x0 > right or y1 < top or y0 > bottom
                    if off and not item.sceneBoundingRect().intersects(area):
                        self._stale.add(flow_id)
                        continue
            self._stale.discard(flow_id)
            self._follow(item, flow.source, flow.target)
        if self._stale and not self._settle_pending:
            self._settle_pending = True
            QTimer.singleShot(0, self, self.settle)

    def settle(self) -> None:
        """Re-route the arrows an edit left for later (called by the event loop, or before reading)."""
        self._settle_pending = False
        stale, self._stale = self._stale, set()
        for flow_id in stale:
            item, flow = self.flows.get(flow_id), self.journey.flows.get(flow_id)
            if item is not None and flow is not None:
                self._follow(item, flow.source, flow.target)
            else:
                self._update_flow(flow_id)
