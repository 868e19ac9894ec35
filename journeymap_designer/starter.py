"""Where the bundled starter content lives: the sample workspace and the templates for new ones.

A source checkout reads ./resources; an installed wheel carries the same folder inside the package.
"""

from __future__ import annotations

from pathlib import Path

from .model.fileformat import FILE_SUFFIX, load_workspace
from .model.workspace import Workspace

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    bundled = _PACKAGE / "_resources"
    return bundled if bundled.is_dir() else _PACKAGE.parent / "resources"


def sample_path() -> Path:
    return resources_dir() / "samples" / f"b2b-saas{FILE_SUFFIX}"


def template_names() -> list[str]:
    folder = resources_dir() / "templates"
    return sorted(p.name.removesuffix(FILE_SUFFIX) for p in folder.glob(f"*{FILE_SUFFIX}"))


def template_path(name: str) -> Path:
    """The template file for ``name``; KeyError (listing the choices) when there is none."""
    path = resources_dir() / "templates" / f"{name}{FILE_SUFFIX}"
    if not path.is_file():
        raise KeyError(f"no template named {name!r}; choose one of: {', '.join(template_names())}")
    return path


UNTITLED = "Untitled journey map"


def new_from_template(name: str, map_name: str | None = None) -> Workspace:
    """A new workspace from a template. Ids are kept, so maps made from one template line up.

    The template's own name and description describe the template ("rename, add and remove cards to
    match your own journey"), not the user's map: they are replaced, so that they never reach a deck
    or a workbook sent to customers.
    """
    workspace = load_workspace(template_path(name))
    workspace.name = map_name.strip() if map_name and map_name.strip() else UNTITLED
    workspace.description = ""
    return workspace
