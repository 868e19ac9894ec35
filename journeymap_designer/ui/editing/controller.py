"""The editing controller: the one place where a user's intention becomes a command.

Widgets call its methods ("add a card here", "delete these", "promote that") and never build model
commands themselves; what an intention means is decided in :mod:`journeymap_designer.model.intents`
(Qt-free), and the controller pushes it on the document's history as one undo step. It plays the role
of orange-canvas-core's ``SchemeEditWidget`` and Meshroom's ``UIGraph``.

It also owns what is open and what is shown: the document and the journey on the map (the core or a
segment). Docks and panels subscribe to it, not to the scene or the main window. Signals go out in a
fixed order: scenes redraw first (``document_changed``, ``shown_changed``, and their own model
subscription), then ``changed`` tells everything else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

import shiboken6
from PySide6.QtCore import QObject, Signal

from ...model import feedback, intents, merge_commands, playbook_anchors, restore
from ...model.document import Document
from ...model.edits import Change, Command, CommandError
from ...model.elements import ConflictKey, playbook_anchor
from ...model.feedback import Answer
from ...model.history import segment_acted_on
from ...model.intents import Intent, Item, Reset
from ...model.reconcile import PromoteToCore, ResolveConflict
from ...model.resolve import effective_element, find_segment, resolve
from ...model.segment_commands import (
    CreateSegment,
    DeleteSegment,
    RestoreWorkspace,
    UpdateSegment,
    UpdateWorkspace,
)
from ...model.workspace import KINDS, Journey, Workspace


class EditingController(QObject):
    """Turns intentions into commands on one open document, and says what is shown."""

    document_changed = Signal(object)  # the Document now open (File > New, Open, a restore)
    shown_changed = Signal(object)  # the segment id now shown, None for the core
    changed = Signal(object)  # after an edit, undo or redo: its Change; None after a switch
    state_changed = Signal()  # undo/redo availability, their names, or the clean state
    message = Signal(str)  # why an edit was refused, or what an edit did: for the status bar
    reveal_requested = Signal(str, str, str)  # (kind, id to show on the map, note when it is not drawn)
    selection_changed = Signal()  # the map's selection (``selection``) changed
    brainstorming_changed = Signal(bool)  # quick entry started or ended: completeness checks wait
    playbook_opened = Signal(str)  # a playbook to bring up in the inspector (after its anchor is shown)

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.segment_id: str | None = None
        self.selection: list[Item] = []
        self.last_refusal = ""  # why the last refused edit was refused
        self.brainstorming = False  # the facilitator is typing cards in quick entry
        self._unsubscribe: Callable[[], None] = lambda: None
        self._subscribe()

    # -- what is open and what is shown -------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        return self.document.workspace

    def set_document(self, document: Document) -> None:
        """Open another document in the same window; it shows its core."""
        self._unsubscribe()
        self.document = document
        self.segment_id = None
        self.document_changed.emit(document)  # the scenes subscribe to it first, so they draw first
        self._subscribe()
        self.shown_changed.emit(None)
        self.changed.emit(None)
        self.state_changed.emit()

    def _subscribe(self) -> None:
        history = self.document.history
        unsubscribe_changes = history.subscribe(self._relay)
        unsubscribe_state = history.subscribe_state(self._on_state)

        def unsubscribe() -> None:
            unsubscribe_changes()
            unsubscribe_state()

        self._unsubscribe = unsubscribe

    def detach(self) -> None:
        """Stop following the document (the window is closing)."""
        self._unsubscribe()
        self._unsubscribe = lambda: None

    def _alive(self) -> bool:
        """False once Qt has deleted this object (with its view or window): then stop following."""
        if shiboken6.isValid(self):
            return True
        self.detach()
        return False

    def _on_state(self) -> None:
        if self._alive():
            self.state_changed.emit()

    def _relay(self, change: Change) -> None:
        if not self._alive():
            return
        if self.segment_id is not None and self.segment_id not in self.workspace.segments:
            self.segment_id = None  # the segment shown was deleted (or its creation undone)
            self.shown_changed.emit(None)
        self.changed.emit(change)

    def show_journey(self, segment_id: str | None) -> None:
        """Show the core (None) or a segment; edits go to what is shown."""
        find_segment(self.workspace, segment_id)  # KeyError for a segment that does not exist
        if segment_id == self.segment_id:
            return
        self.segment_id = segment_id
        self.shown_changed.emit(segment_id)
        self.changed.emit(None)

    def set_selection(self, items: Sequence[Item]) -> None:
        """The main map tells what is selected, for actions that apply to the selection."""
        self.selection = list(items)
        self.selection_changed.emit()

    def set_brainstorming(self, on: bool) -> None:
        """Quick entry is open (cards are being called out and typed) or has ended."""
        if on != self.brainstorming:
            self.brainstorming = on
            self.brainstorming_changed.emit(on)

    def shown_name(self) -> str:
        segment = self.workspace.segments.get(self.segment_id or "")
        return segment.name if segment is not None else "the core"

    def journey(self, target: str | None) -> Journey:
        """The effective journey edits to ``target`` see (the core, or a segment resolved)."""
        return resolve(self.workspace, self.workspace.segments.get(target or ""))

    # -- pushing ------------------------------------------------------------------------------

    def push(self, command: Command, done: str = "") -> bool:
        """Push one command; a refusal is reported once, on ``message``, and changes nothing."""
        return self.run(intents.single(command, note=done))

    def run(self, intent: Intent | None, done: str = "") -> bool:
        """Push an intention as one undo step; False (and a message) when it was refused."""
        if intent is None:
            return False
        try:
            intents.perform(self.document.history, intent)
        except CommandError as exc:
            self._refused(exc)
            return False
        if done or intent.note:
            self.message.emit(done or intent.note)
        return True

    def _refused(self, exc: CommandError) -> None:
        """The one way a refusal is reported: on ``message``, capitalised, and kept in ``last_refusal``."""
        reason = str(exc)
        self.last_refusal = reason[:1].upper() + reason[1:]
        self.message.emit(self.last_refusal)

    def macro(self, name: str, steps: Callable[[], Iterator[Command]], done: str = "") -> bool:
        """Several commands as one undo step named ``name``; all or nothing."""
        return self.run(Intent(name, steps), done)

    def _result(self, intent: Intent | None) -> str | None:
        return intent.result if intent is not None and self.run(intent) else None

    def undo(self) -> None:
        self._step(undo=True)

    def redo(self) -> None:
        self._step(undo=False)

    def _step(self, undo: bool) -> None:
        """Undo or redo; a step that edited another segment than the one shown brings that one up."""
        history = self.document.history
        segment_id = segment_acted_on(history.next_undo if undo else history.next_redo)
        history.undo() if undo else history.redo()
        if segment_id is not None and segment_id != self.segment_id and segment_id in self.workspace.segments:
            self.show_journey(segment_id)
            self.message.emit(f"{'Undone' if undo else 'Redone'} in Segment: {self.shown_name()}")

    # -- showing an element -------------------------------------------------------------------

    def reveal(
        self, kind: str | None, element_id: str, journeys: Sequence[Journey] = (), note: str = ""
    ) -> None:
        """Show one element on the map, the one way findings, differences and commonality all use.

        A handoff is drawn on its flow and a playbook on its moment; stages and lanes are shown by
        their header (and in the inspector). ``journeys`` are where to look the element up first (a
        difference against another file, say); then the journey shown, then the core.
        """
        target = element_id
        if kind in ("handoff", "playbook"):
            element = self._find(kind, element_id, journeys)
            if element is not None:
                target = getattr(element, "flow_id" if kind == "handoff" else "moment_id") or ""
            if kind == "playbook" and element is not None and not target:  # an activity's or a stage's
                anchor = playbook_anchor(element)
                if anchor is not None:
                    kind, target = ("stage" if anchor[0] == "stage" else kind), anchor[1]
        self.reveal_requested.emit(kind or "", target, note)

    def _find(self, kind: str, element_id: str, journeys: Sequence[Journey]) -> Any:
        collection = KINDS[kind].collection
        for journey in journeys:
            found = getattr(journey, collection).get(element_id)
            if found is not None:
                return found
        segment = self.workspace.segments.get(self.segment_id or "")
        return effective_element(self.workspace, segment, kind, element_id) or effective_element(
            self.workspace, None, kind, element_id
        )

    # -- cards, arrows and moments --------------------------------------------------------------

    def add_card(
        self, stage_id: str, lane_id: str, title: str, target: str | None, journey: Journey | None = None
    ) -> str | None:
        journey = journey or self.journey(target)
        return self._result(intents.add_card(self.workspace, journey, target, stage_id, lane_id, title))

    def rename(self, kind: str, element_id: str, text: str, target: str | None) -> bool:
        return self.run(intents.rename(kind, element_id, text, target))

    def move_card(
        self,
        card_id: str,
        stage_id: str,
        lane_id: str,
        slot: int,
        target: str | None,
        journey: Journey | None = None,
    ) -> bool:
        """Drop a card into a cell at a slot: one undo step, however far it went."""
        journey = journey or self.journey(target)
        return self.run(intents.move_card(journey, target, card_id, stage_id, lane_id, slot))

    def connect_cards(
        self, source: str, to: str, target: str | None, journey: Journey | None = None
    ) -> str | None:
        """A flow from one card to another (a handoff when their owners differ); the flow's id."""
        journey = journey or self.journey(target)
        try:
            intent = intents.connect(self.workspace, journey, target, source, to)
        except CommandError as exc:
            self._refused(exc)
            return None
        return self._result(intent)

    def delete(self, items: Sequence[Item], target: str | None, journey: Journey | None = None) -> bool:
        if not items:
            return False
        journey = journey or self.journey(target)
        return self.run(intents.delete(self.workspace, journey, target, items))

    def duplicate_cards(self, card_ids: Sequence[str], target: str | None) -> str | None:
        return self._result(intents.duplicate_cards(self.workspace, target, card_ids))

    def add_moment(self, stage_id: str, kind: str, title: str = "") -> str | None:
        """A success milestone, risk or celebration in a stage: always the core's, shared by every segment."""
        try:
            intent = intents.add_moment(self.workspace, stage_id, kind, title)
        except CommandError as exc:
            self._refused(exc)
            return None
        if self.segment_id is not None:
            intent.note = "Added to the core journey: moments of truth are shared by every segment"
        return self._result(intent)

    def move_moment(self, moment_id: str, stage_id: str, slot: int) -> bool:
        return self.run(intents.move_moment(self.workspace, moment_id, stage_id, slot))

    def duplicate_moments(self, moment_ids: Sequence[str]) -> str | None:
        return self._result(intents.duplicate_moments(self.workspace, moment_ids))

    def set_field(self, kind: str, element_id: str, field: str, value: Any, target: str | None) -> bool:
        """One finished inspector edit: shared kinds (stages, lanes, moments) always edit the core."""
        return self.run(intents.update_field(kind, element_id, field, value, target))

    def add_playbook(self, moment_id: str, target: str | None) -> str | None:
        return self._result(intents.add_playbook(self.workspace, target, moment_id))

    def add_anchored_playbook(self, element_kind: str, element_id: str, target: str | None) -> str | None:
        """A new playbook for a moment, a card (an activity) or a stage; refused when it has one."""
        try:
            anchor = playbook_anchors.anchor_kind_of(element_kind)
            intent = playbook_anchors.add_anchored_playbook(
                self.workspace, self.journey(target), target, anchor, element_id
            )
        except CommandError as exc:
            self._refused(exc)
            return None
        return self._result(intent)

    def move_playbook(self, playbook_id: str, element_kind: str, element_id: str, target: str | None) -> bool:
        """Hang a playbook off another moment, card or stage (one undo step)."""
        try:
            anchor = playbook_anchors.anchor_kind_of(element_kind)
            intent = playbook_anchors.move_playbook(
                self.journey(target), target, playbook_id, anchor, element_id
            )
        except CommandError as exc:
            self._refused(exc)
            return False
        return self.run(intent)

    def open_playbook(self, playbook_id: str) -> None:
        """Show a playbook: its moment, card or stage on the map, and the playbook in the inspector."""
        self.reveal("playbook", playbook_id)
        self.playbook_opened.emit(playbook_id)

    def add_handoff(self, flow_id: str, target: str | None) -> str | None:
        return self._result(intents.add_handoff(self.workspace, target, flow_id))

    # -- stages and lanes ---------------------------------------------------------------------

    def add_stage(self) -> str | None:
        return self._result(intents.add_stage(self.workspace))

    def add_lane(self, side: str) -> str | None:
        return self._result(intents.add_lane(self.workspace, side))

    def insert_beside(self, kind: str, anchor: str, offset: int) -> str | None:
        return self._result(intents.insert_beside(self.workspace, kind, anchor, offset))

    def move_beside(self, kind: str, element_id: str, step: int) -> bool:
        return self.run(intents.move_beside(self.workspace, kind, element_id, step))

    def delete_structure(self, kind: str, element_id: str) -> bool:
        """A stage or lane and its cards (the caller asks first when there are cards)."""
        return self.run(intents.remove_structure(kind, element_id))

    # -- segments -----------------------------------------------------------------------------

    def create_segment(self, name: str, done: str = "", **extra: Any) -> str | None:
        """A new segment of the core (or a copy of one: ``copy_of``); its id."""
        before = set(self.workspace.segments)
        if not self.push(CreateSegment(name, **extra), done):
            return None
        return next(iter(set(self.workspace.segments) - before), None)

    def update_segment(self, segment_id: str, done: str = "", **changes: Any) -> bool:
        return self.push(UpdateSegment(segment_id, **changes), done)

    def delete_segment(self, segment_id: str, done: str = "") -> bool:
        return self.push(DeleteSegment(segment_id), done)

    def add_vocabulary(self, kind: str, name: str = "") -> str | None:
        """A new channel or persona; its id."""
        return self._result(intents.add_vocabulary(self.workspace, kind, name))

    def delete_vocabulary(self, kind: str, element_id: str) -> bool:
        """Refused, with the names of its users, while a card or segment still uses it."""
        try:
            intent = intents.delete_vocabulary(self.workspace, kind, element_id)
        except CommandError as exc:
            self._refused(exc)
            return False
        return self.run(intent)

    def restore_unsaved(self, recovered: Workspace) -> bool:
        """Put recovered work on top of the document (its last saved state): one Undo takes it back."""
        return self.push(RestoreWorkspace(recovered))

    def update_map(self, **changes: Any) -> bool:
        """The map's own name or description (File > Properties, or the inspector with nothing selected)."""
        return self.push(UpdateWorkspace(**changes))

    def how_to_reset(self, kind: str, element_id: str, segment_id: str | None = None) -> Reset | None:
        return intents.how_to_reset(self.workspace, segment_id or self.segment_id, kind, element_id)

    def reset_to_core(self, plans: Sequence[tuple[str, str, Reset]], done: str = "", **kw: Any) -> bool:
        """Elements of the shown segment back to the core (reset, show again, or remove an addition)."""
        segment_id = self.segment_id or ""
        if len(plans) == 1 and kw.get("fields"):
            kind, element_id, how = plans[0]
            return self.push(intents.reset_command(kind, element_id, segment_id, how, kw["fields"]), done)
        return self.run(intents.reset_to_core(self.workspace, segment_id, plans), done)

    def promote(self, items: Sequence[Item], done: str = "") -> bool:
        """The shown segment's changes to ``items`` become the core's, for every segment."""
        return self.push(PromoteToCore(self.segment_id or "", list(items)), done)

    def how_to_restore(self, kind: str, element_id: str, version: Journey) -> restore.Restore | None:
        """What restoring an element of the journey shown from ``version`` would do (None: nothing)."""
        return restore.how_to_restore(self.workspace, self.segment_id, kind, element_id, version)

    def restore_from(self, kind: str, element_id: str, version: Journey, source: str, done: str = "") -> bool:
        """One element of the journey shown made as ``version`` (an older version, another file) has it."""
        return self.run(
            restore.restore_element(self.workspace, self.segment_id, kind, element_id, version, source), done
        )

    # -- customers' answers -------------------------------------------------------------------

    def import_feedback(
        self, answers: Sequence[Answer], customer: str, source: str, answered_at: str
    ) -> int | None:
        """A returned workbook's answers as one undo step; how many were new (None: refused).

        An answer already in the map (the same file imported before) is not added again, so a second
        import of the same file adds nothing and records no undo step.
        """
        before = len(self.workspace.feedback)
        if not self.run(feedback.import_answers(self.workspace, answers, customer, source, answered_at)):
            return None
        return len(self.workspace.feedback) - before

    def resolve_feedback(
        self, feedback_ids: Sequence[str], resolved: bool = True, resolution: str = ""
    ) -> bool:
        """Mark customers' answers handled (with an optional note), or open again: one undo step."""
        try:
            steps = [
                feedback.resolve_feedback(self.workspace, i, resolved, resolution if resolved else "")
                for i in feedback_ids
            ]
        except CommandError as exc:
            self._refused(exc)
            return False
        if len(steps) <= 1:
            return bool(steps) and self.run(steps[0])
        name = f"{'Resolve' if resolved else 'Reopen'} {len(steps)} customer answers"
        return self.macro(name, lambda: (command for step in steps for command in step.steps()))

    def resolve_conflict(
        self,
        kind: str,
        element_id: str,
        field: str,
        how: Literal["mine", "core", "value"],
        value: Any = None,
        done: str = "",
    ) -> str | None:
        """Settle a conflict of the shown segment: "mine", "core", or "value".

        Returns the refusal instead of announcing it: the conflict dialog shows it beside the value.
        """
        try:
            command = ResolveConflict(kind, element_id, field, self.segment_id or "", how, value)
        except CommandError as exc:
            return str(exc)
        try:
            intents.perform(self.document.history, intents.single(command))
        except CommandError as exc:
            return str(exc)
        if done:
            self.message.emit(done)
        return None

    def settle_merge_conflict(
        self, key: ConflictKey, choice: merge_commands.Choice, value: Any = None, done: str = ""
    ) -> str | None:
        """Settle what a three-way merge left open: take ours, take theirs, or a given value (one step).

        Returns the refusal instead of announcing it, as ``resolve_conflict`` does: the Edit… dialog
        shows it beside the value, so the value can be corrected and tried again.
        """
        try:
            intents.perform(self.document.history, merge_commands.settle_conflict(key, choice, value))
        except CommandError as exc:
            return str(exc)[:1].upper() + str(exc)[1:]
        if done:
            self.message.emit(done)
        return None
