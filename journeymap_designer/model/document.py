"""An open document: a workspace, the file it came from, and its undo history.

Qt-free, so the window, the CLI and tests open, edit and save documents the same way. A document
remembers the file as it last read or wrote it (`disk`, a fingerprint, and `base`, the bytes), so a
save to the same file refuses when someone else changed it meanwhile, and a later three-way merge
has its base.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from .edits import Change, Command
from .fileformat import DocumentError, parse_workspace, read_map_bytes, save_workspace
from .filestate import Fingerprint, check_unchanged, fingerprint_of
from .history import History
from .workspace import Workspace


class Document:
    """A workspace being edited: its path (None until first saved), history and modified state."""

    def __init__(self, workspace: Workspace, path: str | os.PathLike[str] | None = None) -> None:
        self.workspace = workspace
        self.path: Path | None = Path(path) if path is not None else None
        self.history = History(workspace)
        self.disk: Fingerprint | None = None  # the file as last read or written; None: nothing to guard
        # those bytes (read into a buffer when opened in steps): the base of a three-way merge
        self.base: bytes | bytearray | None = None
        self.read_only = False  # opened while someone else edits it: Save As only

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Document:
        """Load a file; raises DocumentError with a one-line message when it cannot."""
        raw = read_map_bytes(path)
        document = cls(parse_workspace(raw, str(path)), path)
        document.disk = Fingerprint.of_bytes(raw, path)
        document.base = raw
        return document

    def push(self, command: Command) -> Change:
        return self.history.push(command)

    @property
    def is_modified(self) -> bool:
        return not self.history.is_clean

    @property
    def display_name(self) -> str:
        return self.path.name if self.path is not None else "Untitled.journeymap"

    def base_workspace(self) -> Workspace | None:
        """The map as last read or saved (the merge base), or None for a document never on disk."""
        return parse_workspace(self.base, str(self.path)) if self.base is not None else None

    def changed_on_disk(self) -> bool:
        """Whether the file is no longer what this document last read or wrote (changed or gone)."""
        if self.path is None or self.disk is None:
            return False
        return not self.disk.same_content(fingerprint_of(self.path))

    def _same_file(self, target: Path) -> bool:
        return self.path is not None and os.path.realpath(target) == os.path.realpath(self.path)

    def save(self, path: str | os.PathLike[str] | None = None, overwrite: bool = False) -> None:
        """Save atomically to ``path`` (or the current path) and mark the history clean.

        Saving over the document's own file raises FileChangedError (nothing written) when the file
        is no longer what was last read or saved, unless ``overwrite``; a read-only document cannot
        save over its own file at all. Another path (Save As) was confirmed by whoever chose it.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("an untitled document needs a path to be saved")
        same = self._same_file(target)
        if same and self.read_only:
            raise DocumentError(target, "was opened read-only; save it under another name")
        expected = self.disk if same and not overwrite else None
        check = partial(check_unchanged, target, expected) if expected is not None else None
        data = save_workspace(self.workspace, target, check)
        self.path = target
        self.disk = Fingerprint.of_bytes(data, target)
        self.base = data
        self.read_only = False if not same else self.read_only
        self.history.set_clean()
