"""One undo history per document: undo, redo, a clean state and grouped commands (macros).

A command is recorded only after it applied successfully, and only if it changed something; a macro
that fails part-way is rolled back and leaves nothing on the history. Listeners hear every change
(a macro's as one change when it closes), which is how a Qt undo stack or a view follows the model
without the model knowing about Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .edits import Change, ChangeBuilder, Command, CompoundCommand
from .workspace import Workspace

Listener = Callable[[Change], None]


class History:
    """The linear undo history of one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._commands: list[Command] = []
        self._index = 0  # number of commands currently applied
        self._clean_index: int | None = 0
        self._macros: list[CompoundCommand] = []
        self._pending = ChangeBuilder()  # what a macro changed so far; listeners hear it when it closes
        self._listeners: list[Listener] = []
        self._drawers: list[Listener] = []  # the listeners that draw, told first
        self._state_listeners: list[Callable[[], None]] = []

    # -- observing --------------------------------------------------------------------------

    def subscribe(self, listener: Listener, draws: bool = False) -> Callable[[], None]:
        """Call ``listener(change)`` after every edit, undo and redo; returns an unsubscribe.

        Listeners that draw the workspace (``draws``: the map scenes) are told before all others, so
        whoever is told next (a panel, the editing controller) never sees a map that lags the model.
        """
        if draws:
            drawers = sum(1 for known in self._listeners if known in self._drawers)
            self._listeners.insert(drawers, listener)
            self._drawers.append(listener)
        else:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)
            if listener in self._drawers:
                self._drawers.remove(listener)

        return unsubscribe

    def subscribe_state(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener()`` when undo/redo availability, their names or the clean state may have
        changed (after each recorded edit, macro, undo, redo and save); returns an unsubscribe."""
        self._state_listeners.append(listener)
        return lambda: self._state_listeners.remove(listener) if listener in self._state_listeners else None

    def _notify_state(self) -> None:
        for listener in list(self._state_listeners):
            listener()

    def _notify(self, change: Change) -> None:
        """Tell every listener, even when one fails; then re-raise the first failure.

        The edit itself has happened and is recorded either way: the model is the truth, and a
        broken view must not leave the history and the other views out of step with it.
        """
        failures: list[Exception] = []
        for listener in list(self._listeners):
            try:
                listener(change)
            except Exception as exc:  # collected, re-raised below
                failures.append(exc)
        if failures:
            raise failures[0]

    # -- editing ----------------------------------------------------------------------------

    def push(self, command: Command) -> Change:
        """Apply ``command`` and record it.

        If the command raises, nothing changed and nothing is recorded; if it changed nothing (an
        edit to the value already there), it is not recorded either.
        """
        change = command.apply(self.workspace)
        if not change:
            return change
        if self._macros:
            self._macros[-1].commands.append(command)
            self._pending.extend(change)
            return change
        self._record(command)
        self._notify(change)
        self._notify_state()
        return change

    def _record(self, command: Command) -> None:
        del self._commands[self._index :]
        if self._clean_index is not None and self._clean_index > self._index:
            self._clean_index = None  # the clean state was in the redo branch just dropped
        self._commands.append(command)
        self._index += 1

    @contextmanager
    def macro(self, name: str) -> Iterator[CompoundCommand]:
        """Group every command pushed inside the block into one undo step.

        The macro always closes: on an exception, what it applied is reverted and it re-raises.
        """
        compound = CompoundCommand(name)
        outer_pending = self._pending
        self._pending = ChangeBuilder()
        self._macros.append(compound)
        try:
            yield compound
        except BaseException:
            self._macros.pop()
            for command in reversed(compound.commands):
                command.revert(self.workspace)
            self._pending = outer_pending  # listeners never heard of the rolled-back part
            raise
        self._macros.pop()
        change = self._pending.build()
        self._pending = outer_pending
        if not compound.commands:
            return
        if self._macros:
            self._macros[-1].commands.append(compound)
            self._pending.extend(change)
            return
        self._record(compound)
        self._notify(change)  # one change for the whole macro, so views patch once
        self._notify_state()

    def undo(self) -> Change | None:
        if not self.can_undo:
            return None
        self._index -= 1
        change = self._commands[self._index].revert(self.workspace)
        self._notify(change)
        self._notify_state()
        return change

    def redo(self) -> Change | None:
        if not self.can_redo:
            return None
        change = self._commands[self._index].apply(self.workspace)
        self._index += 1
        self._notify(change)
        self._notify_state()
        return change

    # -- state ------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return self._index > 0 and not self._macros

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._commands) and not self._macros

    @property
    def next_undo(self) -> Command | None:
        """The command Undo would revert (None when there is none)."""
        return self._commands[self._index - 1] if self.can_undo else None

    @property
    def next_redo(self) -> Command | None:
        return self._commands[self._index] if self.can_redo else None

    @property
    def undo_name(self) -> str:
        return self._commands[self._index - 1].name if self._index > 0 else ""

    @property
    def redo_name(self) -> str:
        return self._commands[self._index].name if self._index < len(self._commands) else ""

    def __len__(self) -> int:
        return len(self._commands)

    def set_clean(self) -> None:
        """Mark the current state as saved."""
        self._clean_index = self._index
        self._notify_state()

    def forget_clean_state(self) -> None:
        """Mark the document unsaved whatever the history says (e.g. work restored after a crash)."""
        self._clean_index = None
        self._notify_state()

    @property
    def is_clean(self) -> bool:
        return self._clean_index == self._index


def segment_acted_on(command: Command | None) -> str | None:
    """The segment a command edited (the one a view should show when it is undone), or None.

    None as well for core edits and for commands on segments themselves (create, rename...), which
    are visible wherever the user is.
    """
    target = getattr(command, "target", None)
    if isinstance(target, str):
        return target
    if isinstance(command, CompoundCommand):
        found = {segment_acted_on(c) for c in command.commands} - {None}
        return found.pop() if len(found) == 1 else None
    return None
