"""Differences between two journeys, by stable id and field by field (never by graph edit distance).

A segment's effective journey shares every unchanged element object with the core, so comparing it
with the core is mostly identity checks: cheap even for twenty segments of five thousand cards.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from .resolve import resolve
from .workspace import KINDS, Journey, Segment, Workspace

Status = Literal["added", "removed", "hidden", "changed", "moved"]
STATUSES: tuple[Status, ...] = ("added", "removed", "hidden", "changed", "moved")
PLACE_FIELDS = frozenset({"stage_id", "lane_id", "order", "owner_id"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ElementDiff:
    """One element that differs: added, removed, hidden (by a segment), changed or only moved."""

    kind: str
    element_id: str
    status: Status
    title: str
    fields: tuple[FieldChange, ...] = ()
    element: Any = dataclasses.field(default=None, compare=False, repr=False)  # the new element, when added

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.element_id,
            "status": self.status,
            "title": self.title,
            "fields": [{"field": f.field, "old": plain(f.old), "new": plain(f.new)} for f in self.fields],
        }


def plain(value: Any) -> Any:
    """A value as JSON would hold it (elements and tuples become dicts and lists)."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value


def _title(element: Any) -> str:
    return str(getattr(element, "title", "") or getattr(element, "name", "") or element.id)


def diff_journeys(base: Journey, other: Journey, hidden_means: set[str] | None = None) -> list[ElementDiff]:
    """What ``other`` changes relative to ``base``, element by element, in a stable order.

    Elements missing from ``other`` are "hidden" when their id is in ``hidden_means`` (a segment
    cannot delete core elements, only hide them), otherwise "removed".
    """
    found: list[ElementDiff] = []
    for kind in KINDS.values():
        if kind.scope != "journey":
            continue
        before: dict[str, Any] = getattr(base, kind.collection)
        after: dict[str, Any] = getattr(other, kind.collection)
        if before is after:
            continue
        for element_id in sorted(before.keys() | after.keys()):
            a, b = before.get(element_id), after.get(element_id)
            if a is b:
                continue
            if a is None:
                found.append(ElementDiff(kind.name, element_id, "added", _title(b), element=b))
            elif b is None:
                status: Status = "hidden" if hidden_means and element_id in hidden_means else "removed"
                found.append(ElementDiff(kind.name, element_id, status, _title(a)))
            elif a != b:
                fields = tuple(
                    FieldChange(name, getattr(a, name), getattr(b, name))
                    for name in type(a).model_fields
                    if getattr(a, name) != getattr(b, name)
                )
                only_place = {f.field for f in fields} <= PLACE_FIELDS
                found.append(
                    ElementDiff(
                        kind.name, element_id, "moved" if only_place else "changed", _title(b), fields
                    )
                )
    return found


def apply_diff(base: Journey, differences: list[ElementDiff]) -> Journey:
    """``base`` with ``differences`` applied: the inverse of :func:`diff_journeys`, used to check it."""
    collections = {name: dict(getattr(base, name)) for name in Journey.collection_names()}
    for d in differences:
        target = collections[KINDS[d.kind].collection]
        if d.status == "added":
            target[d.element_id] = d.element
        elif d.status in ("removed", "hidden"):
            del target[d.element_id]
        else:
            target[d.element_id] = target[d.element_id].model_copy(update={f.field: f.new for f in d.fields})
    return Journey.model_construct(None, **collections)


def counterpart(other: Workspace, segment: Segment | None) -> Segment | None:
    """The segment of another file (a colleague's copy, the saved version) that stands for ``segment``.

    The same id first, else the same name: a copy made elsewhere may have given it another id.
    The CLI and the designer both pair segments this way, so they report the same differences.
    """
    if segment is None:
        return None
    return other.segments.get(segment.id) or other.segment_by_name(segment.name)


def core_ids(workspace: Workspace) -> set[str]:
    ids: set[str] = set()
    for name in Journey.collection_names():
        ids.update(getattr(workspace.core, name))
    return ids


@dataclass(frozen=True)
class Conflict:
    """The core and a segment both changed the same field of the same element since they parted."""

    kind: str
    element_id: str
    field: str
    base: Any  # what the core held when the segment made its change
    core: Any  # what the core holds now
    segment: Any  # the segment's value


def conflicts(workspace: Workspace, segment_id: str) -> list[Conflict]:
    """Fields a segment overrides that the core has since changed to something else.

    A core change to the very value the segment chose is agreement, not a conflict.
    """
    segment = workspace.segments[segment_id]
    found: list[Conflict] = []
    for kind in KINDS.values():
        if not kind.segment_editable:
            continue
        core = workspace.collection(kind.name)
        for element_id, overrides in sorted(getattr(segment.changed, kind.collection).items()):
            element = core.get(element_id)
            if element is None:
                continue
            for field, override in sorted(overrides.items()):
                now = getattr(element, field)
                if now != override.base and now != override.value:
                    found.append(Conflict(kind.name, element_id, field, override.base, now, override.value))
    return found


@dataclass(frozen=True)
class CommonalityRow:
    kind: str
    element_id: str
    title: str
    per_segment: dict[str, Literal["same", "changed", "hidden"]]  # segment id -> how it sees the element


@dataclass(frozen=True)
class SegmentShare:
    """How much of the core one segment keeps as it is: the counts behind a "shared" percentage."""

    segment_id: str
    same: int
    changed: int
    hidden: int
    added: int

    @property
    def share(self) -> float:
        """The fraction of core elements this segment sees unchanged (1.0 when there are none)."""
        total = self.same + self.changed + self.hidden
        return self.same / total if total else 1.0


@dataclass(frozen=True)
class CommonalitySummary:
    """The headline numbers of a commonality matrix, for the view's summary line and the exporters."""

    elements: int  # core elements counted
    shared: int  # of those, the ones every segment sees unchanged
    segments: dict[str, SegmentShare]  # in the workspace's segment order

    @property
    def share(self) -> float:
        return self.shared / self.elements if self.elements else 1.0


@dataclass(frozen=True)
class Commonality:
    """Which core elements every segment really shares, and what each segment adds of its own."""

    rows: list[CommonalityRow]
    additions: dict[str, list[ElementDiff]]  # segment id -> its own elements

    def shared_by_all(self) -> list[CommonalityRow]:
        return [row for row in self.rows if all(v == "same" for v in row.per_segment.values())]

    def summary(self, kinds: Collection[str] | None = None) -> CommonalitySummary:
        """Counts per segment (same / changed / hidden / added), limited to ``kinds`` when given.

        Stages and lanes are always shared, so callers usually pass the segment-editable kinds
        to keep them from flattering the percentage.
        """
        rows = [r for r in self.rows if kinds is None or r.kind in kinds]
        segment_ids = list(self.rows[0].per_segment) if self.rows else []  # every row names every segment
        segment_ids += [s for s in self.additions if s not in segment_ids]
        counts = {s: {"same": 0, "changed": 0, "hidden": 0} for s in segment_ids}
        shared = 0
        for row in rows:
            for segment_id, status in row.per_segment.items():
                counts[segment_id][status] += 1
            shared += all(v == "same" for v in row.per_segment.values())
        segments = {
            s: SegmentShare(
                s,
                c["same"],
                c["changed"],
                c["hidden"],
                sum(1 for d in self.additions.get(s, []) if kinds is None or d.kind in kinds),
            )
            for s, c in counts.items()
        }
        return CommonalitySummary(len(rows), shared, segments)


def commonality(workspace: Workspace) -> Commonality:
    """The core elements x segments matrix (same / changed / hidden), for the canvas and the exporters."""
    ids = core_ids(workspace)
    seen: dict[str, dict[str, Literal["same", "changed", "hidden"]]] = {}
    additions: dict[str, list[ElementDiff]] = {}
    for segment in workspace.segments.values():
        for d in diff_journeys(workspace.core, resolve(workspace, segment), ids):
            if d.status == "added":
                additions.setdefault(segment.id, []).append(d)
            else:
                seen.setdefault(d.element_id, {})[segment.id] = (
                    "hidden" if d.status == "hidden" else "changed"
                )
    rows = []
    for kind in KINDS.values():
        if kind.scope != "journey":
            continue
        for element_id, element in sorted(getattr(workspace.core, kind.collection).items()):
            marks = seen.get(element_id, {})
            per_segment = {s: marks.get(s, "same") for s in workspace.segments}
            rows.append(CommonalityRow(kind.name, element_id, _title(element), per_segment))
    return Commonality(rows, additions)
