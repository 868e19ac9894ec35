"""Where file dialogs start: the map's own folder, else the user's documents, never the installation."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from ...starter import resources_dir


def inside_installation(path: Path) -> bool:
    """Whether ``path`` is in the bundled resources (the sample, the templates): not a place to save."""
    try:
        path.resolve().relative_to(resources_dir().resolve())
    except ValueError:
        return False
    return True


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder(path: Path | None, recent: Sequence[str] = ()) -> Path:
    """The map's folder, else the folder of the newest recent file, else the documents folder,
    skipping anything inside the installation."""
    candidates = ([path.parent] if path is not None else []) + [Path(f).parent for f in recent]
    for folder in candidates:
        if folder.is_dir() and not inside_installation(folder):
            return folder
    return documents_folder()


def file_stem(name: str) -> str:
    """A file name from a map's name: the characters file systems refuse become spaces."""
    cleaned = "".join(" " if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in name).strip(" .")
    return cleaned or "Untitled journey map"
