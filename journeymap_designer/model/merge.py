"""Three-way merge of two workspaces against their common base, by stable id and field.

Two people who edit copies of one map change elements, not lines of JSON, so the merge works on
what the file means: every element of every collection (the core, each segment's additions, the
vocabularies, customers' answers) is matched by id, and an element both sides kept is merged field by
field. A segment's own fields, its hides and its field overrides of core elements are merged the same
way, and so are the map's own fields. An element's ``order`` is a field like any other, so a reorder
on one side and an edit on the other both survive.

The rules, for every slot (one field of one element in one place, or an element's presence):

- changed on one side only: that side's value;
- changed the same way on both sides: that value, and no conflict;
- changed differently on both sides: a conflict. The merged map holds **ours** (a value each side's
  file already held, so the merged file validates whatever the conflict), and a
  :class:`~.elements.MergeConflict` in ``Workspace.merge_conflicts`` keeps base, ours and theirs.
  An element deleted on one side and edited on the other is a conflict on the element as a whole
  (``field`` None, null for the side that deleted it); so are two additions of one id with
  different content. Taking ours for a delete-vs-edit keeps the side that ours chose: deleted if ours
  deleted it, edited if ours edited it.

Hides are set members: one side hiding or showing an element wins over the side that left it alone,
and no two changes of a membership can disagree. Segments keep ours' order unless only theirs
reordered them; segments added on both sides follow in id order, so merging is symmetric.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic_core import to_jsonable_python

from .elements import MergeConflict
from .workspace import (
    KINDS,
    SEGMENT_KINDS,
    FieldOverride,
    Journey,
    Overrides,
    Segment,
    SegmentAdditions,
    SegmentChanges,
    Workspace,
)

Where = Literal["core", "workspace", "segment"]
SEGMENT_FIELDS = ("name", "description", "lead", "persona_ids")
WORKSPACE_FIELDS = ("name", "description", "customer_fields")
VOCABULARIES = ("channel", "persona", "feedback")
_KIND_OF_COLLECTION = {k.collection: k.name for k in KINDS.values() if k.scope == "journey"}


@dataclass(frozen=True)
class MergeResult:
    """The merged workspace and the conflicts this merge found (also recorded in the workspace)."""

    workspace: Workspace
    conflicts: tuple[MergeConflict, ...]

    @property
    def clean(self) -> bool:
        return not self.conflicts


def json_value(value: Any) -> Any:
    """A value as the file holds it: elements as objects, tuples and sets as lists, None as null."""
    if isinstance(value, set | frozenset):
        return sorted(value)
    return to_jsonable_python(value)


@dataclass
class _Merger:
    ours_label: str
    theirs_label: str
    found: list[MergeConflict] = field(default_factory=list)

    def conflict(
        self,
        where: Where,
        segment_id: str | None,
        kind: str,
        element_id: str,
        field_name: str | None,
        values: tuple[Any, Any, Any],
        part: Literal["element", "override"] = "element",
    ) -> None:
        base, ours, theirs = (json_value(v) for v in values)
        self.found.append(
            MergeConflict(
                kind=kind,
                element_id=element_id,
                where=where,
                segment_id=segment_id,
                part=part,
                field=field_name,
                base=base,
                ours=ours,
                theirs=theirs,
                ours_label=self.ours_label,
                theirs_label=self.theirs_label,
            )
        )

    def fields(
        self,
        names: Iterable[str],
        base: Any,
        ours: Any,
        theirs: Any,
        where: tuple[Where, str | None, str, str],
    ) -> dict[str, Any]:
        """The fields theirs changed that ours left alone (a conflict for those both changed)."""
        update: dict[str, Any] = {}
        for name in names:
            b, o, t = getattr(base, name), getattr(ours, name), getattr(theirs, name)
            if t == b or o == t:
                continue
            if o == b:
                update[name] = t
            else:
                self.conflict(where[0], where[1], where[2], where[3], name, (b, o, t))
        return update

    def elements(
        self,
        kind: str,
        base: Mapping[str, Any],
        ours: Mapping[str, Any],
        theirs: Mapping[str, Any],
        where: Where,
        segment_id: str | None = None,
    ) -> dict[str, Any]:
        """One id-keyed collection of elements, merged by id and then by field."""
        merged: dict[str, Any] = {}
        for element_id in _union(base, ours, theirs):
            b, o, t = base.get(element_id), ours.get(element_id), theirs.get(element_id)
            if o is t or o == t or t == b:
                value = o
            elif o == b:
                value = t
            elif o is None or t is None or b is None:
                self.conflict(where, segment_id, kind, element_id, None, (b, o, t))
                value = o
            else:
                update = self.fields(type(o).model_fields, b, o, t, (where, segment_id, kind, element_id))
                value = o.model_copy(update=update) if update else o
            if value is not None:
                merged[element_id] = value
        return merged

    def journey(self, base: Journey, ours: Journey, theirs: Journey) -> Journey:
        merged = {
            name: self.elements(
                _KIND_OF_COLLECTION[name],
                getattr(base, name),
                getattr(ours, name),
                getattr(theirs, name),
                "core",
            )
            for name in Journey.collection_names()
        }
        return Journey.model_construct(None, **merged)

    def segments(
        self, base: dict[str, Segment], ours: dict[str, Segment], theirs: dict[str, Segment]
    ) -> dict[str, Segment]:
        merged: dict[str, Segment] = {}
        for segment_id in _union(base, ours, theirs):
            b, o, t = base.get(segment_id), ours.get(segment_id), theirs.get(segment_id)
            if o is t or o == t or t == b:
                value = o
            elif o == b:
                value = t
            elif o is None or t is None or b is None:
                self.conflict("segment", segment_id, "segment", segment_id, None, (b, o, t))
                value = o
            else:
                value = self.segment(b, o, t)
            if value is not None:
                merged[segment_id] = value
        order = _merged_order(list(base), list(ours), list(theirs), merged)
        return {segment_id: merged[segment_id] for segment_id in order}

    def segment(self, base: Segment, ours: Segment, theirs: Segment) -> Segment:
        sid = ours.id
        own = self.fields(SEGMENT_FIELDS, base, ours, theirs, ("segment", sid, "segment", sid))
        added = {
            name: self.elements(
                _KIND_OF_COLLECTION[name],
                getattr(base.added, name),
                getattr(ours.added, name),
                getattr(theirs.added, name),
                "segment",
                sid,
            )
            for name in SegmentAdditions.collection_names()
        }
        hidden = _merged_set(base.hidden, ours.hidden, theirs.hidden)
        changed = {
            kind.collection: self.overrides(
                kind.name,
                getattr(base.changed, kind.collection),
                getattr(ours.changed, kind.collection),
                getattr(theirs.changed, kind.collection),
                sid,
            )
            for kind in SEGMENT_KINDS
        }
        return Segment.model_construct(
            None,
            id=sid,
            name=own.get("name", ours.name),
            description=own.get("description", ours.description),
            lead=own.get("lead", ours.lead),
            persona_ids=own.get("persona_ids", ours.persona_ids),
            added=SegmentAdditions.model_construct(None, **added),
            hidden=hidden,
            changed=SegmentChanges.model_construct(None, **changed),
        )

    def overrides(
        self, kind: str, base: Overrides, ours: Overrides, theirs: Overrides, sid: str
    ) -> Overrides:
        """A segment's field overrides of one kind, merged per element and field."""
        merged: Overrides = {}
        empty: dict[str, FieldOverride] = {}
        for element_id in _union(base, ours, theirs):
            b, o, t = base.get(element_id, empty), ours.get(element_id, empty), theirs.get(element_id, empty)
            if o == t or t == b:
                per_field = o
            elif o == b:
                per_field = t
            else:
                per_field = {}
                for name in sorted(b.keys() | o.keys() | t.keys()):
                    bv, ov, tv = b.get(name), o.get(name), t.get(name)
                    if ov == tv or tv == bv:
                        value = ov
                    elif ov == bv:
                        value = tv
                    else:
                        self.conflict("segment", sid, kind, element_id, name, (bv, ov, tv), part="override")
                        value = ov
                    if value is not None:
                        per_field[name] = value
            if per_field:
                merged[element_id] = per_field
        return merged

    def conflicts_kept(
        self, base: Iterable[MergeConflict], ours: Iterable[MergeConflict], theirs: Iterable[MergeConflict]
    ) -> dict[tuple[str, ...], MergeConflict]:
        """Conflicts the inputs already held (from an earlier merge), merged as a set: settling wins."""
        keyed = [{c.key(): c for c in side} for side in (base, ours, theirs)]
        b, o, t = keyed
        kept: dict[tuple[str, ...], MergeConflict] = {}
        for key in _union(b, o, t):
            bv, ov, tv = b.get(key), o.get(key), t.get(key)
            value = tv if ov == bv and tv != bv else ov
            if value is not None:
                kept[key] = value
        return kept


def _union(*collections: Mapping[Any, Any]) -> list[Any]:
    """Every key of the three sides, once: the base's first, then the ones each side added."""
    keys = dict.fromkeys(collections[0])
    for other in collections[1:]:
        keys.update(dict.fromkeys(other))
    return list(keys)


def _merged_set(base: set[str], ours: set[str], theirs: set[str]) -> set[str]:
    """Membership taken from the side that changed it (both sides can only change it the same way)."""
    return (ours - base) | (theirs - base) | (base & ours & theirs)


def _merged_order(
    base: list[str], ours: list[str], theirs: list[str], present: Mapping[str, Any]
) -> list[str]:
    """Ours' order of the ids kept, or theirs' when only theirs reordered; new ones after, by id."""

    def relative(order: list[str]) -> list[str]:
        return [i for i in order if i in base_set and i in present]

    base_set = set(base)
    skeleton = theirs if relative(ours) == relative(base) else ours
    order = [i for i in skeleton if i in present and i in base_set]
    order += sorted(i for i in present if i not in base_set)
    return order


Place = tuple[Where, str | None, str]  # where, segment id, kind


def _vocabularies(workspace: Workspace) -> dict[str, dict[str, Any]]:
    return {KINDS[kind].collection: workspace.collection(kind) for kind in VOCABULARIES}


def _places(
    core: Journey, vocabularies: Mapping[str, dict[str, Any]], segments: Mapping[str, Segment]
) -> list[tuple[Place, dict[str, Any]]]:
    """Every id-keyed collection of elements, with where it lives."""
    found: list[tuple[Place, dict[str, Any]]] = [
        (("workspace", None, kind), vocabularies[KINDS[kind].collection]) for kind in VOCABULARIES
    ]
    found += [(("core", None, _KIND_OF_COLLECTION[n]), getattr(core, n)) for n in Journey.collection_names()]
    for sid, segment in segments.items():
        found += [
            (("segment", sid, _KIND_OF_COLLECTION[n]), getattr(segment.added, n))
            for n in SegmentAdditions.collection_names()
        ]
    return found


def _one_place_per_id(
    m: _Merger,
    places: list[tuple[Place, dict[str, Any]]],
    ours: list[tuple[Place, dict[str, Any]]],
    base: Workspace,
) -> list[tuple[Place, str]]:
    """Ids stay unique in the workspace: where both sides added one id in different places (the core
    and a segment, say), theirs' addition gives way and is kept as a conflict."""
    seen: dict[str, int] = {}
    for _place, collection in places:
        for element_id in collection:
            seen[element_id] = seen.get(element_id, 0) + 1
    twice = {element_id for element_id, count in seen.items() if count > 1}
    dropped: list[tuple[Place, str]] = []
    if not twice:
        return dropped
    ours_at = {place: collection for place, collection in ours}
    base_places = _places(base.core, _vocabularies(base), base.segments)
    base_at = {place: collection for place, collection in base_places}
    for place, collection in places:
        for element_id in sorted(twice & collection.keys()):
            if element_id in ours_at.get(place, {}):
                continue
            before = base_at.get(place, {}).get(element_id)
            m.conflict(place[0], place[1], place[2], element_id, None, (before, None, collection[element_id]))
            dropped.append((place, element_id))
    return dropped


def _drop(segments: dict[str, Segment], dropped: list[tuple[Place, str]], places: dict[Place, Any]) -> None:
    """Remove theirs' clashing additions; a segment taken whole from one side is copied, not changed."""
    for (where, sid, kind), element_id in dropped:
        if where != "segment" or sid is None:
            del places[(where, sid, kind)][element_id]
            continue
        collection = KINDS[kind].collection
        segment = segments[sid]
        kept = {k: v for k, v in getattr(segment.added, collection).items() if k != element_id}
        added = segment.added.model_copy(update={collection: kept})
        segments[sid] = segment.model_copy(update={"added": added})


def merge_workspaces(
    base: Workspace,
    ours: Workspace,
    theirs: Workspace,
    ours_label: str = "ours",
    theirs_label: str = "theirs",
) -> MergeResult:
    """Merge ``ours`` and ``theirs`` against ``base``; neither input is changed.

    The result shares unchanged elements with the inputs (elements are immutable). Conflicts found
    here replace any earlier conflict recorded for the same place.
    """
    m = _Merger(ours_label, theirs_label)
    top = m.fields(WORKSPACE_FIELDS, base, ours, theirs, ("workspace", None, "workspace", ""))
    vocabularies = {
        KINDS[kind].collection: m.elements(
            kind,
            base.collection(kind),
            ours.collection(kind),
            theirs.collection(kind),
            "workspace",
        )
        for kind in VOCABULARIES
    }
    core = m.journey(base.core, ours.core, theirs.core)
    segments = m.segments(base.segments, ours.segments, theirs.segments)
    places = _places(core, vocabularies, segments)
    dropped = _one_place_per_id(m, places, _places(ours.core, _vocabularies(ours), ours.segments), base)
    _drop(segments, dropped, dict(places))
    kept = m.conflicts_kept(base.merge_conflicts, ours.merge_conflicts, theirs.merge_conflicts)
    new = tuple(sorted(m.found, key=MergeConflict.key))
    kept.update((c.key(), c) for c in new)
    merged = Workspace.model_construct(
        None,
        format=ours.format,
        schema_version=ours.schema_version,
        name=top.get("name", ours.name),
        description=top.get("description", ours.description),
        customer_fields=top.get("customer_fields", ours.customer_fields),
        core=core,
        segments=segments,
        merge_conflicts=tuple(sorted(kept.values(), key=MergeConflict.key)),
        **vocabularies,
    )
    return MergeResult(merged, new)
