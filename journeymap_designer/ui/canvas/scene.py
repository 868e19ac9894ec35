"""The map scene: observes a document and draws the journey shown (the core or one segment).

It holds items by element id and patches only what a change touched: an edit re-places the cells it
touched and redraws the flows of the cards that moved, never the whole world. It never edits the
model; the view turns gestures into commands and the scene follows the change they report.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QLineF, QRectF, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from ...model.compare import Mark
from ...model.customer_view import customer_journey
from ...model.diff import diff_journeys
from ...model.document import Document
from ...model.edits import Change
from ...model.funnel import FunnelStep
from ...model.layout import CARD_H, CARD_W, LayoutEngine, Rect
from ...model.resolve import effective_element, find_segment
from ...model.routing import LabelPlacer
from ...model.workspace import Journey, Workspace
from ..editing.controller import EditingController
from ..widgets.theme import DEFAULT_OWNER_COLOR, LIGHT, Theme
from .arrows import FlowItem
from .badges import BadgeState, badge_of, badge_states, show_badge
from .compare_state import CompareState, Reference
from .flow_routing import FlowRouting
from .grid import GridItem
from .handoff_labels import HandoffLabels
from .items import CardItem, MapItem, OverviewItem, color_of, qrect
from .layers import CARD_MARGIN, SelectedFlows, StageLayer, overview_content
from .milestone_marks import milestone_mark
from .moments import MomentItem
from .scene_build import SceneBuild


class MapScene(SceneBuild, FlowRouting, QGraphicsScene):
    """Draws one journey of a document and keeps it in step with every change."""

    journey_changed = Signal(object)  # the Change just drawn (or None after a rebuild)

    def __init__(self, document: Document, theme: Theme = LIGHT, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        # No BSP index: an edit that widens a stage moves the layers right of it, and re-indexing
        # their thousands of children cost more than the whole edit may. Painting does not miss it:
        # Qt visits the children of every layer in view either way (docs/ARCHITECTURE.md, traps).
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.document = document
        self.theme = theme
        self.segment_id: str | None = None
        self.customer_view = False
        # compare mode: marks against the core (or a version), what the journey lacks as ghosts
        self.compare_state = CompareState(document.workspace.core)
        self.journey: Journey = document.workspace.core
        self.layout = LayoutEngine()
        self.grid = GridItem(theme)
        self.addItem(self.grid)
        self.overview = OverviewItem(theme, self._overview_content)
        self.overview.setVisible(False)
        self.addItem(self.overview)
        self._card_cache = False
        self.cards: dict[str, CardItem] = {}
        self.flows: dict[str, FlowItem] = {}
        self.moments: dict[str, MomentItem] = {}
        self._flows_of_card: defaultdict[str, set[str]] = defaultdict(set)
        self._flow_stages: dict[str, tuple[str, str]] = {}
        self._stage_pairs: defaultdict[tuple[str, str], set[str]] = defaultdict(set)  # (from, to) -> arrows
        self._handoff_of_flow: dict[str, str] = {}
        self._drawn_handoffs: dict[str, str] = {}  # handoff id -> flow id, as last drawn
        self.labels = LabelPlacer()  # where handoff labels are, so that none covers another
        self.layers: dict[str, StageLayer] = {}
        self.handoff_labels = HandoffLabels(self.layers)  # above every arrow (handoff_labels.py)
        self.addItem(self.handoff_labels)
        self._stale: set[str] = set()  # arrows left to re-route at the next turn of the event loop
        self._settle_pending = False
        self.feedback_shown = False  # customers' answers as badges: the team's window only (not images)
        self._badges: dict[str, BadgeState] = {}  # element id -> the badge drawn on it
        self.conversions: dict[str, FunnelStep] = {}  # actuals per milestone id (set_conversions)
        self.setBackgroundBrush(theme.canvas)
        self._selected_flows = SelectedFlows(self)
        self._unsubscribe = document.history.subscribe(self.apply_change, draws=True)
        self.rebuild()

    def detach(self) -> None:
        """Stop following the document (call before dropping the scene)."""
        self._unsubscribe()
        self._unsubscribe = lambda: None

    def follow(self, controller: EditingController) -> None:
        """Draw what a controller has open and shows (the main map; side by side's core pane does not)."""
        controller.document_changed.connect(self.set_document)
        controller.shown_changed.connect(self.show_segment)
        self.show_segment(controller.segment_id)

    # -- what is shown ------------------------------------------------------------------------

    def _resolved(self) -> Journey:
        """The journey to draw now; in compare mode also refreshes the marks (``self.comparison``)."""
        if self.segment_id is not None and self.segment_id not in self.document.workspace.segments:
            self.segment_id = None  # the segment was deleted (or its creation undone)
        journey = self.compare_state.journey(self.document.workspace, self.segment_id, self.customer_view)
        if self.customer_view:
            return customer_journey(journey, self.document.workspace.customer_fields)
        return journey

    def show_segment(self, segment_id: str | None) -> None:
        if segment_id == self.segment_id:
            return
        find_segment(self.document.workspace, segment_id)
        self.segment_id = segment_id
        self._switch()

    def set_customer_view(self, on: bool) -> None:
        self.customer_view = on
        self.rebuild()

    @property
    def compare(self) -> bool:  # compare mode: see compare_state.py
        return self.compare_state.on

    @compare.setter
    def compare(self, on: bool) -> None:
        self.compare_state.on = on

    def set_compare(self, on: bool) -> None:
        """Compare mode on or off: only what differs from the plain view is redrawn."""
        if on != self.compare:
            self.compare = on
            self._switch()

    def set_reference(self, label: str, workspace: Workspace | None, detail: str = "") -> None:
        """Compare with the map at a version (named ``label``) instead of the core; None: the core."""
        self.compare_state.reference = Reference(label, workspace, detail) if workspace is not None else None
        if self.compare and not self.customer_view:
            self._switch()

    def mark(self, element_id: str) -> Mark:
        return self.compare_state.mark(element_id)

    def is_ghost(self, element_id: str) -> bool:  # drawn only to be seen: never edited
        return self.compare_state.is_ghost(element_id)

    def ghost_note(self) -> str:
        return self.compare_state.ghost_note()  # why a ghost cannot change

    def _switch(self) -> None:
        """Show another journey of the same document by patching what differs (a rebuild if much does)."""
        old = self.journey
        new = self._resolved()
        differences = diff_journeys(old, new)
        if len(differences) > len(new.touchpoints) // 3 or any(
            d.kind in ("stage", "lane") for d in differences
        ):
            self.rebuild()
            return
        ids = {d.element_id for d in differences}
        self._patch(new, ids)
        self.journey_changed.emit(None)

    # -- building -----------------------------------------------------------------------------

    def _refresh_grid(self) -> None:
        journey, grid = self.journey, self.grid
        grid.stage_names = {s.id: s.name for s in journey.stages.values()}
        grid.stage_numbers = {s.id: n for n, s in enumerate(journey.ordered_stages(), 1)}
        grid.lane_names = {lane.id: lane.name for lane in journey.lanes.values()}
        grid.lane_sides = {lane.id: str(lane.side) for lane in journey.lanes.values()}
        grid.lane_colors = {
            lane.id: QColor(lane.color) if lane.color else DEFAULT_OWNER_COLOR
            for lane in journey.lanes.values()
        }
        grid.emotion_points = self.compare_state.emotion_points(self.journey, self.layout)
        grid.set_geometry(self.layout.geometry)

    def owner_color(self, card_id: str) -> QColor:
        tp = self.journey.touchpoints.get(card_id)
        owner = self.journey.lanes.get(self.journey.owner_of(tp) or "") if tp else None
        return color_of(owner.color) if owner is not None and owner.color else DEFAULT_OWNER_COLOR

    def _update_card(self, card_id: str) -> None:
        tp = self.journey.touchpoints.get(card_id)
        rect = self.layout.geometry.cards.get(card_id)
        item = self.cards.get(card_id)
        if tp is None or rect is None:
            if item is not None:
                self.removeItem(item)
                del self.cards[card_id]
            return
        if item is None:
            item = CardItem(card_id, self.theme, CARD_W, CARD_H)
            item.setVisible(not self.overview.isVisible())
            if self._card_cache:
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self.cards[card_id] = item
        owner = self.journey.lanes.get(self.journey.owner_of(tp) or "")
        lines = [tp.title]
        if owner is not None:
            lines.append(f"Owner: {owner.name}")
        if tp.description:
            lines.append(tp.description)
        if tp.pain_points:
            lines.append("Pain points: " + "; ".join(tp.pain_points))
        if tp.notes and not self.customer_view:
            lines.append("Notes: " + tp.notes)
        channel = self.document.workspace.channels.get(tp.channel_id or "")
        icon = (channel.icon or channel.id) if channel is not None else None  # a channel's chosen icon
        item.set_content(tp.title, icon, tp.emotion, self.owner_color(card_id), "\n".join(lines))
        self._place_card(item, tp.stage_id, rect)

    def _layer(self, stage_id: str) -> StageLayer:
        layer = self.layers.get(stage_id)
        if layer is None:
            layer = StageLayer()
            layer.flows_shown = not self.overview.isVisible()
            layer.labels = self.handoff_labels
            self.layers[stage_id] = layer
            self.addItem(layer)
            rect = self.layout.geometry.stages.get(stage_id)
            layer.setPos(rect.x if rect is not None else 0.0, 0.0)
            if rect is not None:  # its column: the cards placed next fall inside, one growth at most
                layer.include(QRectF(-CARD_MARGIN, rect.y, rect.w + 2 * CARD_MARGIN, rect.h))
        return layer

    def _place_card(self, item: CardItem, stage_id: str, rect: Rect) -> None:
        """Cards live in their stage's layer, so a stage that shifts sideways moves them all at once."""
        layer = self._layer(stage_id)
        if item.parentItem() is not layer:
            item.setParentItem(layer)
        x = rect.x - layer.x()
        item.setPos(x, rect.y)
        margin = CARD_MARGIN
        layer.include(QRectF(x - margin, rect.y - margin, rect.w + 2 * margin, rect.h + 2 * margin))

    def _refresh_moments(self) -> None:
        for moment_id in [m for m in self.moments if m not in self.journey.moments]:
            self.removeItem(self.moments.pop(moment_id))
        for moment in self.journey.moments.values():
            rect = self.layout.geometry.moments.get(moment.id)
            if rect is None:
                continue
            item = self.moments.get(moment.id)
            if item is None:
                item = MomentItem(moment.id, self.theme)
                self.moments[moment.id] = item
                self.addItem(item)
            criteria = "; ".join(moment.success_criteria.actions)
            tooltip = moment.title + (f"\nSuccess criteria: {criteria}" if criteria else "")
            item.set_content(rect, moment.title, str(moment.kind), tooltip)
            step = None if self.customer_view else self.conversions.get(moment.id)  # actuals: the team's
            item.set_numbers(milestone_mark(moment, step))

    def set_conversions(self, steps: dict[str, FunnelStep]) -> None:
        """The funnel of the journey shown, by milestone id, for the markers ({}: no actuals)."""
        if steps != self.conversions:
            self.conversions = dict(steps)
            self._refresh_moments()

    # -- following changes --------------------------------------------------------------------

    def apply_change(self, change: Change) -> None:
        """Patch the items a change touched (the whole map only when stages or lanes changed)."""
        ids = change.added | change.removed | change.changed
        shown = self.segment_id  # _resolved() falls back to the core when this segment just went away
        # What is drawn is compared with the model through the items and the geometry: for the core,
        # the journey drawn and the journey now are the same (already edited) object.
        new = self._resolved()
        drawn = self.layout.geometry
        structural = any(
            i in drawn.stages or i in drawn.lanes or i in new.stages or i in new.lanes for i in ids
        )
        vocabulary = any(
            i in self.document.workspace.channels or i in self.document.workspace.personas for i in ids
        )
        if structural or vocabulary or shown in ids:
            self.rebuild()
            return
        self._patch(new, set(ids), change.added)
        self.journey_changed.emit(change)

    def _patch(self, new: Journey, ids: set[str], added: frozenset[str] = frozenset()) -> None:
        """Redraw the elements ``ids`` of the journey ``new``, and whatever their moves push aside.

        ``added``: ids new to the model, whose arrows (if any) are among ``ids`` themselves."""
        self.journey = new
        card_ids = {i for i in ids if i in new.touchpoints or i in self.cards}
        handoff_ids = {i for i in ids if i in self._drawn_handoffs or i in new.handoffs}
        flow_ids = {i for i in ids if i in new.flows or i in self.flows}
        if handoff_ids:
            flow_ids |= {self._drawn_handoffs[i] for i in handoff_ids if i in self._drawn_handoffs}
            flow_ids |= {new.handoffs[i].flow_id for i in handoff_ids if i in new.handoffs}
            self._index_handoffs()
        appeared = {i for i in card_ids if i in new.touchpoints and i not in self.cards and i not in added}
        if appeared:  # a card drawn again (reset, undo, customer view): its arrows come back with it
            flow_ids |= {f.id for f in new.flows.values() if f.source in appeared or f.target in appeared}
            self._index_handoffs()
        relaid, moved = self.layout.update_cards(new, card_ids)
        for stage_id, dx in self.layout.shifted.items():  # whole stages moved sideways: move their layers
            if stage_id in self.layers:  # first, so whatever is placed next is placed in the moved layer
                self.layers[stage_id].moveBy(dx, 0)  # its labels' old and new places are repainted with it
        for card_id in card_ids:
            self._update_card(card_id)
        geometry_cards = self.layout.geometry.cards
        for card_id in moved - card_ids:  # only its place changed
            item, rect = self.cards.get(card_id), geometry_cards.get(card_id)
            tp = new.touchpoints.get(card_id)
            if item is not None and rect is not None and tp is not None:
                self._place_card(item, tp.stage_id, rect)
        following: set[str] = set()
        for card_id in card_ids | moved:
            following |= self._flows_of_card.get(card_id, set())
        shifted = self.layout.shifted
        stretch: dict[str, float] = {}  # arrows whose target's stage moved right of its source's
        if shifted:  # arrows between stages that moved by different amounts must be redrawn
            stages = self._flow_stages
            for (source_stage, target_stage), pair in self._stage_pairs.items():
                source_dx, target_dx = shifted.get(source_stage, 0.0), shifted.get(target_stage, 0.0)
                if target_dx > source_dx:  # the common case (a stage widened): only the tail moves
                    stretch.update(dict.fromkeys(pair - following - self._stale, target_dx - source_dx))
                elif target_dx != source_dx:
                    following |= pair
            moves = {  # labels moved with their arrows' layers (only labels: the rest moved already)
                flow_id: shifted[stages[flow_id][0]]
                for flow_id in self.labels.placed
                if flow_id not in following and stages.get(flow_id, ("", ""))[0] in shifted
            }
            following |= self.labels.shift(moves)  # those that met another label: placed again
        area = self._visible_area()
        for flow_id, dx in stretch.items():  # the same route but for its tail: no routing, no label
            arrow = self.flows.get(flow_id)
            if flow_id in following or flow_id in flow_ids or arrow is None:
                following.add(flow_id)
            elif area is not None and not arrow.sceneBoundingRect().adjusted(0, 0, dx, 0).intersects(area):
                self._stale.add(flow_id)  # out of view: routed at the event loop's next turn (settle)
            elif not arrow.stretch_tail(dx):
                following.add(flow_id)
        for flow_id in flow_ids:
            self._update_flow(flow_id)
        self._follow_or_defer(following - flow_ids)  # only their cards moved
        resized = relaid or bool(shifted) or self.layout.resized  # the map's width or height changed
        if resized:
            self.setSceneRect(
                QRectF(-40, -40, self.layout.geometry.width + 80, self.layout.geometry.height + 80)
            )
        if resized or any(i in self.moments or i in new.moments for i in ids):
            self.layout.replace_moments(new)
            self._refresh_moments()
        if resized:
            self._refresh_grid()
        elif card_ids:
            self.grid.emotion_points = self.compare_state.emotion_points(self.journey, self.layout)
            self.grid.update(qrect(self.layout.geometry.emotion_band))
        self.compare_state.refresh_items(self.item)
        self._refresh_badges()
        self.overview.mark_dirty()

    def set_feedback_shown(self, on: bool) -> None:
        """Badges of customers' answers on cards and moments (the main window turns them on)."""
        if on != self.feedback_shown:
            self.feedback_shown = on
            self._refresh_badges()

    def _refresh_badges(self) -> None:
        """Give each drawn card and moment the badge of its open answers; only changed badges are touched.

        Never in the customer view: answers are the team's material, not the customer's."""
        workspace = self.document.workspace
        shown = self.feedback_shown and not self.customer_view
        if not self._badges and not (shown and workspace.feedback):
            return  # nothing drawn and nothing to draw: an edit of a map without answers costs nothing
        states = badge_states(workspace) if shown else {}
        for element_id in self._badges.keys() | states.keys():
            item = self.cards.get(element_id) or self.moments.get(element_id)
            if item is not None:
                show_badge(item, states.get(element_id))
        self._badges = states

    def badge_state(self, element_id: str) -> BadgeState | None:
        """The badge drawn on an element's card or moment, or None."""
        item = self.cards.get(element_id) or self.moments.get(element_id)
        badge = badge_of(item) if item is not None else None
        return badge.state if badge is not None else None

    # -- level of detail ----------------------------------------------------------------------

    def set_card_cache(self, on: bool) -> None:
        """Cache each card as a pixmap where text is drawn (a 100 % frame repaints from pixmaps).

        Only at readable zoom: zoomed out, per-item caches made frames slower (docs/ARCHITECTURE.md, traps).
        """
        if on == self._card_cache:
            return
        self._card_cache = on
        mode = QGraphicsItem.CacheMode.DeviceCoordinateCache if on else QGraphicsItem.CacheMode.NoCache
        for item in self.cards.values():
            item.setCacheMode(mode)

    def set_overview(self, on: bool) -> None:
        """Zoomed far out: draw the map as one overview item instead of thousands of cards and arrows."""
        if on == self.overview.isVisible():
            return
        for item in [*self.cards.values(), *self.flows.values()]:
            item.setVisible(not on)
        for layer in self.layers.values():
            layer.flows_shown = not on
        self.handoff_labels.update()
        self.overview.setVisible(on)

    def _overview_content(self) -> tuple[QRectF, dict[str, list[QRectF]], list[QLineF], list[QLineF]]:
        self.settle()
        compared = self.compare_state.active(self.segment_id, self.customer_view)  # a heat map
        return overview_content(self.cards, self.flows, self.layout.geometry, compared)

    # -- lookups for the view -----------------------------------------------------------------

    def item(self, element_id: str | None) -> MapItem | None:
        """The card, arrow or moment marker drawn for an element, or None when it is not drawn."""
        key = element_id or ""
        if key in self._stale:
            self.settle()
        return self.cards.get(key) or self.flows.get(key) or self.moments.get(key)

    def restore_positions(self, card_ids: set[str]) -> None:
        """Put cards and moments back where the layout has them (after a drag preview that did not move
        them)."""
        for moment_id in card_ids & self.moments.keys():
            rect = self.layout.geometry.moments.get(moment_id)
            if rect is not None:
                self.moments[moment_id].setPos(rect.x, rect.y)
        for card_id in card_ids:
            rect = self.layout.geometry.cards.get(card_id)
            item = self.cards.get(card_id)
            tp = self.journey.touchpoints.get(card_id)
            if rect is not None and item is not None and tp is not None:
                self._place_card(item, tp.stage_id, rect)

    def journey_has(self, kind: str, element_id: str) -> bool:
        """Whether the model has it (a macro in progress may not have patched this drawing yet)."""
        segment = self.document.workspace.segments.get(self.segment_id or "")
        return effective_element(self.document.workspace, segment, kind, element_id) is not None
