"""A map as stable lines of text, one per field of each element, for line-based tools such as git.

``git diff`` and ``git log -p`` compare lines. The canonical JSON of a ``.journeymap`` file already
changes little for a small edit, but a changed line there (``"title": "Kickoff call",``) does not say
whose title it is. Here every line names its element by kind and id, so each line stands alone: a
rename is exactly one line out and one line in (``touchpoint tp-onb-kickoff-call: title "Kickoff
call"``), and ``grep`` finds every field of one card. Elements are named by id, not by title: with the
title in every line, a rename would change all of the element's lines and hide which field changed.

The order is the file's (collections sorted by id, fields in the model's order), so the same map gives
the same lines, and values are JSON: text quoted, with line breaks and control characters escaped, so
one field is always one line. Bidirectional overrides, DEL and C1 controls, which JSON leaves raw, are
escaped as well; what prints the lines still escapes them for a terminal (ids are constrained, but the
lines come from someone's file).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from .elements import Element, MergeConflict
from .merge import json_value
from .workspace import KINDS, Journey, Segment, SegmentAdditions, Workspace

_KIND_OF_COLLECTION = {k.collection: k.name for k in KINDS.values()}
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The map's own fields, as the file holds them (its collections are listed element by element).
_SCALARS = ("name", "description", "customer_fields")


def value_text(value: Any) -> str:
    """A field's value on one line: JSON, keys sorted, every control character escaped."""
    text = json.dumps(json_value(value), ensure_ascii=False, sort_keys=True)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _element_lines(prefix: str, kind: str, element: Element) -> Iterator[str]:
    for name in type(element).model_fields:
        if name != "id":
            yield f"{prefix}{kind} {element.id}: {name} {value_text(getattr(element, name))}"


def _collection_lines(prefix: str, collection: str, elements: Mapping[str, Element]) -> Iterator[str]:
    kind = _KIND_OF_COLLECTION[collection]
    for element_id in sorted(elements):
        yield from _element_lines(prefix, kind, elements[element_id])


def _journey_lines(journey: Journey) -> Iterator[str]:
    for name in Journey.collection_names():
        yield from _collection_lines("", name, getattr(journey, name))


def _segment_lines(segment: Segment) -> Iterator[str]:
    head = f"segment {segment.id}: "
    for name in ("name", "description", "lead", "persona_ids"):
        yield f"{head}{name} {value_text(getattr(segment, name))}"
    for element_id in sorted(segment.hidden):
        yield f"{head}hides {element_id}"
    for name in SegmentAdditions.collection_names():
        yield from _collection_lines(f"{head}adds ", name, getattr(segment.added, name))
    for collection in type(segment.changed).model_fields:
        kind = _KIND_OF_COLLECTION[collection]
        overrides = getattr(segment.changed, collection)
        for element_id in sorted(overrides):
            for field, override in sorted(overrides[element_id].items()):
                yield (
                    f"{head}changes {kind} {element_id}: {field} {value_text(override.value)}"
                    f" (core was {value_text(override.base)})"
                )


def conflict_line(conflict: MergeConflict) -> str:
    """One merge conflict: where, what, and the three values with the sides' labels."""
    place = f"segment {conflict.segment_id}" if conflict.segment_id else str(conflict.where)
    what = "the map" if conflict.kind == "workspace" else f"{conflict.kind} {conflict.element_id}"
    if conflict.part == "override":
        what += " (the segment's change)"
    field = f"field {conflict.field}" if conflict.field is not None else "the whole element"
    return (
        f"{what} in {place}, {field}: {conflict.ours_label} {value_text(conflict.ours)}, "
        f"{conflict.theirs_label} {value_text(conflict.theirs)}, base {value_text(conflict.base)}"
    )


def map_lines(workspace: Workspace) -> Iterator[str]:
    """Every field of the map, its elements, segments and unsettled merge conflicts, one per line."""
    for name in _SCALARS:
        yield f"map: {name} {value_text(getattr(workspace, name))}"
    for collection in ("channels", "personas"):
        yield from _collection_lines("", collection, getattr(workspace, collection))
    yield from _journey_lines(workspace.core)
    for segment in workspace.segments.values():  # in the file's order, which the map keeps
        yield from _segment_lines(segment)
    yield from _collection_lines("", "feedback", workspace.feedback)
    for conflict in workspace.merge_conflicts:
        yield f"conflict: {conflict_line(conflict)}"
