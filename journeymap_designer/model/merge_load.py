"""Reading the three files of a merge: each element that a branch left as the base had it is validated once.

``journeymap merge`` (git's merge driver) reads a base and two branches that are nearly all the same
map: a branch changes a few cards of thousands. Validating each file in full spent two thirds of a
large merge checking the same elements three times. Here the base is validated in full, and each
branch is decoded and compared with the base's data element by element (and segment by segment): an
element whose data equals the base's is the base's already validated element, and only what differs
is validated again. The result is the same as loading each file on its own (the same checks, the
same errors naming the same file); the three workspaces merely share the objects they hold alike,
so they are meant for merging (which changes none of its inputs), not for editing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .fileformat import decode_document, read_map_bytes, validate_document
from .workspace import Journey, SegmentAdditions, SegmentChanges, Workspace

_VOCABULARIES = ("channels", "personas", "feedback")


def load_branches(
    base: str | Path | None, ours: str | Path, theirs: str | Path
) -> tuple[Workspace, Workspace, Workspace]:
    """The base (None: an empty map) and the two branches, each checked as fully as a plain load."""
    base_data: dict[str, Any] = {}
    base_ws = Workspace()
    if base is not None:
        base_data = decode_document(read_map_bytes(base), str(base))
        base_ws = validate_document(base_data, str(base))
    return base_ws, _load_against(ours, base_data, base_ws), _load_against(theirs, base_data, base_ws)


def _load_against(path: str | Path, base_data: dict[str, Any], base: Workspace) -> Workspace:
    data = decode_document(read_map_bytes(path), str(path))
    if base_data:
        _reuse(data, base_data, base)
    return validate_document(data, str(path))


def _reuse(data: dict[str, Any], base_data: dict[str, Any], base: Workspace) -> None:
    """Put the base's validated element in ``data`` wherever ``data`` holds exactly the base's data."""
    for name in _VOCABULARIES:
        _reuse_elements(data.get(name), base_data.get(name), getattr(base, name))
    core, base_core = data.get("core"), base_data.get("core")
    if isinstance(core, dict) and isinstance(base_core, dict):
        for name in Journey.collection_names():
            _reuse_elements(core.get(name), base_core.get(name), getattr(base.core, name))
    segments, base_segments = data.get("segments"), base_data.get("segments")
    if not isinstance(segments, list) or not isinstance(base_segments, list):
        return
    by_id = {s["id"]: s for s in base_segments if isinstance(s, dict) and isinstance(s.get("id"), str)}
    for index, segment in enumerate(segments):
        if not isinstance(segment, dict):
            continue
        segment_id = segment.get("id")
        before = by_id.get(segment_id) if isinstance(segment_id, str) else None
        validated = base.segments.get(segment_id) if isinstance(segment_id, str) else None
        if before is None or validated is None:
            continue
        if segment == before:
            segments[index] = validated
            continue
        added, base_added = segment.get("added"), before.get("added")
        if isinstance(added, dict) and isinstance(base_added, dict):
            for name in SegmentAdditions.collection_names():
                _reuse_elements(added.get(name), base_added.get(name), getattr(validated.added, name))


def _reuse_elements(items: Any, base_items: Any, validated: dict[str, Any]) -> None:
    """In one collection's list, swap each item equal to the base's item of that id for its element."""
    if not isinstance(items, list) or not isinstance(base_items, list):
        return
    before = {item["id"]: item for item in base_items if isinstance(item, dict) and "id" in item}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        element_id = item.get("id")
        if isinstance(element_id, str) and element_id in validated and before.get(element_id) == item:
            items[index] = validated[element_id]


def check_assembled(workspace: Workspace, source: str) -> None:
    """Validate again what a merge assembled from validated elements, or raise DocumentError.

    The merge builds its workspace without validation (``model_construct``) from elements each input
    held; the elements stay as they are, and everything around them is checked the way loading the
    merged file would check it: the workspace's own fields and unique ids, each journey's keys, each
    segment's own fields and additions, and the conflicts' order.
    """
    data: dict[str, Any] = {name: getattr(workspace, name) for name in Workspace.model_fields}
    data["core"] = {name: getattr(workspace.core, name) for name in Journey.collection_names()}
    data["segments"] = [
        {
            **{name: getattr(segment, name) for name in type(segment).model_fields},
            "added": {name: getattr(segment.added, name) for name in SegmentAdditions.collection_names()},
            # Overrides are merged per field from validated overrides of the same field: checking
            # every one again would only repeat the loads' checks.
            "changed": SegmentChanges(),
        }
        for segment in workspace.segments.values()
    ]
    validate_document(data, source)
