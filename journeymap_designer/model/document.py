"""An open document: a workspace, the file it came from, and its undo history.

Qt-free, so the window, the CLI and tests open, edit and save documents the same way.
"""

from __future__ import annotations

import os
from pathlib import Path

from .edits import Change, Command
from .fileformat import load_workspace, save_workspace
from .history import History
from .workspace import Workspace


class Document:
    """A workspace being edited: its path (None until first saved), history and modified state."""

    def __init__(self, workspace: Workspace, path: str | os.PathLike[str] | None = None) -> None:
        self.workspace = workspace
        self.path: Path | None = Path(path) if path is not None else None
        self.history = History(workspace)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Document:
        """Load a file; raises DocumentError with a one-line message when it cannot."""
        return cls(load_workspace(path), path)

    def push(self, command: Command) -> Change:
        return self.history.push(command)

    @property
    def is_modified(self) -> bool:
        return not self.history.is_clean

    @property
    def display_name(self) -> str:
        return self.path.name if self.path is not None else "Untitled.journeymap"

    def save(self, path: str | os.PathLike[str] | None = None) -> None:
        """Save atomically to ``path`` (or the current path) and mark the history clean."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("an untitled document needs a path to be saved")
        save_workspace(self.workspace, target)
        self.path = target
        self.history.set_clean()
