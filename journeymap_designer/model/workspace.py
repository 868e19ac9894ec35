"""The document: a workspace holding the core journey, its segments and the shared vocabularies.

In memory every collection is a dict keyed by stable id (constant-time lookup for commands and
views). In the file each collection is a list sorted by id, so the same document always gives the
same bytes and a small edit gives a small text diff.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    TypeAdapter,
    ValidationError,
    field_serializer,
    field_validator,
    model_validator,
)

from .audience import OPT_IN
from .elements import (
    Channel,
    Element,
    ElementId,
    Feedback,
    Flow,
    Handoff,
    Lane,
    Line,
    MergeConflict,
    MomentOfTruth,
    Persona,
    Playbook,
    Stage,
    Text,
    Touchpoint,
)

SCHEMA_VERSION = 4
FORMAT_NAME = "journeymap"


@dataclass(frozen=True)
class Kind:
    """What the model knows about one kind of element: its class, where it lives, who may edit it."""

    name: str
    collection: str
    model: type[Element]
    scope: Literal["journey", "workspace"]
    segment_editable: bool
    label: str


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("stage", "stages", Stage, "journey", False, "Stage"),
        Kind("lane", "lanes", Lane, "journey", False, "Lane"),
        Kind("touchpoint", "touchpoints", Touchpoint, "journey", True, "Touchpoint"),
        Kind("moment", "moments", MomentOfTruth, "journey", False, "Moment of truth"),
        Kind("flow", "flows", Flow, "journey", True, "Flow"),
        Kind("handoff", "handoffs", Handoff, "journey", True, "Handoff"),
        Kind("playbook", "playbooks", Playbook, "journey", True, "Playbook"),
        Kind("channel", "channels", Channel, "workspace", False, "Channel"),
        Kind("persona", "personas", Persona, "workspace", False, "Persona"),
        Kind("feedback", "feedback", Feedback, "workspace", False, "Customer answer"),
    )
}
SEGMENT_KINDS = tuple(k for k in KINDS.values() if k.segment_editable)


def _list_to_dict(value: Any) -> Any:
    """Accept a collection as the file's list of elements (or as a dict) and key it by id."""
    if not isinstance(value, list):
        return value
    try:  # the usual case, fast: every item is an object (or an element) with an id, none repeated
        fast = {item["id"] if type(item) is dict else item.id: item for item in value}
    except (TypeError, KeyError, AttributeError):
        fast = {}
    if len(fast) == len(value) and set(map(type, fast)) <= {str}:
        return fast
    keyed: dict[str, Any] = {}
    for index, item in enumerate(value):
        key = item.get("id") if isinstance(item, dict) else getattr(item, "id", None)
        if not isinstance(key, str):
            key = f"#{index}"  # let the element's own validation report the missing id here
        if key in keyed:
            raise ValueError(f"duplicate id {key!r}")
        keyed[key] = item
    return keyed


def _check_keys(collection: Mapping[str, Element]) -> None:
    for key, element in collection.items():
        if key != element.id:
            raise ValueError(f"element {element.id!r} is filed under the wrong id {key!r}")


def _sorted_elements(collection: Mapping[str, Element]) -> list[Element]:
    return [collection[key] for key in sorted(collection)]


# Each collection is dict[id, element] in memory and a list sorted by id in the file (and the schema).
_KEY_BY_ID = BeforeValidator(_list_to_dict)
StageMap = Annotated[dict[str, Stage], _KEY_BY_ID, PlainSerializer(_sorted_elements, return_type=list[Stage])]
LaneMap = Annotated[dict[str, Lane], _KEY_BY_ID, PlainSerializer(_sorted_elements, return_type=list[Lane])]
TouchpointMap = Annotated[
    dict[str, Touchpoint], _KEY_BY_ID, PlainSerializer(_sorted_elements, return_type=list[Touchpoint])
]
MomentMap = Annotated[
    dict[str, MomentOfTruth], _KEY_BY_ID, PlainSerializer(_sorted_elements, return_type=list[MomentOfTruth])
]
FlowMap = Annotated[dict[str, Flow], _KEY_BY_ID, PlainSerializer(_sorted_elements, return_type=list[Flow])]
HandoffMap = Annotated[
    dict[str, Handoff], _KEY_BY_ID, PlainSerializer(_sorted_elements, return_type=list[Handoff])
]
PlaybookMap = Annotated[
    dict[str, Playbook], _KEY_BY_ID, PlainSerializer(_sorted_elements, return_type=list[Playbook])
]
ChannelMap = Annotated[
    dict[str, Channel], _KEY_BY_ID, PlainSerializer(_sorted_elements, return_type=list[Channel])
]
PersonaMap = Annotated[
    dict[str, Persona], _KEY_BY_ID, PlainSerializer(_sorted_elements, return_type=list[Persona])
]
FeedbackMap = Annotated[
    dict[str, Feedback], _KEY_BY_ID, PlainSerializer(_sorted_elements, return_type=list[Feedback])
]


class ElementCollections(BaseModel):
    """Shared list<->dict handling for models whose fields are id-keyed element collections."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    @classmethod
    def collection_names(cls) -> tuple[str, ...]:
        return tuple(cls.model_fields)

    @model_validator(mode="after")
    def _keys_match_ids(self) -> ElementCollections:
        for name in self.collection_names():
            _check_keys(getattr(self, name))
        return self

    def all_elements(self) -> Iterator[tuple[str, Element]]:
        """Yield (collection name, element) for every element held."""
        for name in self.collection_names():
            for element in getattr(self, name).values():
                yield name, element


class Journey(ElementCollections):
    """Stages, lanes, touchpoints, moments of truth, flows, handoffs and playbooks."""

    stages: StageMap = Field(default_factory=dict)
    lanes: LaneMap = Field(default_factory=dict)
    touchpoints: TouchpointMap = Field(default_factory=dict)
    moments: MomentMap = Field(default_factory=dict)
    flows: FlowMap = Field(default_factory=dict)
    handoffs: HandoffMap = Field(default_factory=dict)
    playbooks: PlaybookMap = Field(default_factory=dict)

    def ordered_stages(self) -> list[Stage]:
        return sorted(self.stages.values(), key=lambda s: (s.order, s.name, s.id))

    def ordered_lanes(self) -> list[Lane]:
        """Customer lanes on top, internal owners below, each group in its own order."""
        return sorted(
            self.lanes.values(), key=lambda lane: (lane.side != "customer", lane.order, lane.name, lane.id)
        )

    def owner_of(self, touchpoint: Touchpoint) -> str | None:
        """The internal lane that owns this touchpoint, or None when nobody does."""
        if touchpoint.owner_id:
            return touchpoint.owner_id
        lane = self.lanes.get(touchpoint.lane_id)
        if lane is not None and lane.side == "internal":
            return lane.id
        return None

    def playbook_for(self, moment_id: str) -> Playbook | None:
        """The playbook of a moment of truth (the first by id if, wrongly, there are several)."""
        found = [p for p in self.playbooks.values() if p.moment_id == moment_id]
        return min(found, key=lambda p: p.id) if found else None


class SegmentAdditions(ElementCollections):
    """Elements a segment adds on top of the core."""

    touchpoints: TouchpointMap = Field(default_factory=dict)
    flows: FlowMap = Field(default_factory=dict)
    handoffs: HandoffMap = Field(default_factory=dict)
    playbooks: PlaybookMap = Field(default_factory=dict)


class FieldOverride(BaseModel):
    """A segment's value for one field of a core element, and the core value it was made against.

    Keeping ``base`` makes the field-level diff against the core a lookup, and lets a later change
    to the same field in the core be recognised as a conflict.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: Any
    base: Any


Overrides = dict[ElementId, dict[str, FieldOverride]]  # element id -> field name -> override


@cache
def field_adapter(kind_name: str, field: str) -> TypeAdapter[Any]:
    """A validator for one field of one kind of element (used for segment overrides)."""
    info = KINDS[kind_name].model.model_fields[field]
    return TypeAdapter(info.rebuild_annotation())


class SegmentChanges(BaseModel):
    """Field-level overrides of core elements, per kind."""

    model_config = ConfigDict(extra="forbid")

    touchpoints: Overrides = Field(default_factory=dict)
    flows: Overrides = Field(default_factory=dict)
    handoffs: Overrides = Field(default_factory=dict)
    playbooks: Overrides = Field(default_factory=dict)

    @model_validator(mode="after")
    def _validate_values(self) -> SegmentChanges:
        """Overrides hold plain values; check each one against the type of the field it overrides."""
        for kind in SEGMENT_KINDS:
            overrides: Overrides = getattr(self, kind.collection)
            fields = kind.model.model_fields
            for element_id, per_field in overrides.items():
                for field, override in per_field.items():
                    if field not in fields or field == "id":
                        raise ValueError(
                            f"{kind.collection}.{element_id}: {kind.label.lower()}s have no field {field!r}"
                        )
                    adapter = field_adapter(kind.name, field)
                    try:
                        value = adapter.validate_python(override.value)
                        base = adapter.validate_python(override.base)
                    except ValidationError as exc:
                        problem = exc.errors(include_url=False)[0]["msg"]
                        raise ValueError(f"{kind.collection}.{element_id}.{field}: {problem}") from None
                    if value is not override.value or base is not override.base:
                        per_field[field] = FieldOverride.model_construct(value=value, base=base)
        return self

    @field_serializer("*")
    def _sorted(self, value: Overrides) -> dict[ElementId, dict[str, FieldOverride]]:
        return {key: dict(sorted(value[key].items())) for key in sorted(value)}

    def count(self) -> int:
        return sum(len(getattr(self, k.collection)) for k in SEGMENT_KINDS)


class Segment(BaseModel):
    """A named variant of the core: shares its stages and moments, adds, hides or changes the rest."""

    model_config = ConfigDict(extra="forbid")

    id: ElementId
    name: Line
    description: Text = ""
    lead: Line = ""
    persona_ids: tuple[ElementId, ...] = ()
    added: SegmentAdditions = Field(default_factory=SegmentAdditions)
    hidden: set[ElementId] = Field(default_factory=set)
    changed: SegmentChanges = Field(default_factory=SegmentChanges)

    @field_serializer("hidden")
    def _sorted_hidden(self, value: set[str]) -> list[ElementId]:
        return sorted(value)


class Workspace(BaseModel):
    """One .journeymap file: the core journey, its segments and the shared vocabularies."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["journeymap"] = "journeymap"
    schema_version: Literal[4] = 4  # SCHEMA_VERSION: a file format change bumps both
    name: Line = "Untitled journey"
    description: Text = ""
    channels: ChannelMap = Field(default_factory=dict)
    personas: PersonaMap = Field(default_factory=dict)
    core: Journey = Field(default_factory=Journey)
    segments: dict[str, Segment] = Field(default_factory=dict)
    # What this map shows customers beyond the allow-list (``audience.OPT_IN`` keys, "kind.field").
    customer_fields: tuple[str, ...] = ()
    # Customers' answers from returned validation workbooks (schema 2).
    feedback: FeedbackMap = Field(default_factory=dict)
    # What a three-way merge could not decide, until settled (schema 3; ``model/merge.py``).
    merge_conflicts: tuple[MergeConflict, ...] = ()

    @field_validator("customer_fields")
    @classmethod
    def _known_opt_ins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [name for name in value if name not in OPT_IN]
        if unknown:
            choices = ", ".join(OPT_IN)
            raise ValueError(f"{unknown[0]!r} cannot be shown to customers (choose from: {choices})")
        return tuple(sorted(set(value)))

    @field_validator("merge_conflicts")
    @classmethod
    def _conflicts_in_order(cls, value: tuple[MergeConflict, ...]) -> tuple[MergeConflict, ...]:
        """Sorted by place, so the same conflicts give the same bytes; one conflict per place."""
        ordered = tuple(sorted(value, key=MergeConflict.key))
        for before, after in itertools.pairwise(ordered):
            if before.key() == after.key():
                raise ValueError(f"two merge conflicts for the same place: {'/'.join(after.key())}")
        return ordered

    @field_validator("segments", mode="before")
    @classmethod
    def _key_by_id(cls, value: Any) -> Any:
        return _list_to_dict(value)

    @field_serializer("segments")
    def _segments_in_order(self, value: dict[str, Segment]) -> list[Segment]:
        return list(value.values())  # the user's order: segments are a short, ordered list

    @model_validator(mode="after")
    def _ids_unique(self) -> Workspace:
        """Ids are unique across the whole workspace, so a change set of ids is unambiguous."""
        _check_keys(self.channels)
        _check_keys(self.personas)
        _check_keys(self.feedback)
        for key, segment in self.segments.items():
            if key != segment.id:
                raise ValueError(f"segment {segment.id!r} is filed under the wrong id {key!r}")
        seen: set[str] = set()
        total = 0
        for group in self._id_groups():
            seen.update(group)
            total += len(group)
        if len(seen) != total:
            counts: dict[str, int] = {}
            for group in self._id_groups():
                for element_id in group:
                    counts[element_id] = counts.get(element_id, 0) + 1
            dupes = sorted(i for i, n in counts.items() if n > 1)
            shown = ", ".join(dupes[:5])
            raise ValueError(f"ids must be unique in a workspace; used more than once: {shown}")
        return self

    def _id_groups(self) -> Iterator[Any]:
        yield self.channels
        yield self.personas
        yield self.feedback
        yield self.segments
        for name in Journey.collection_names():
            yield getattr(self.core, name)
        for segment in self.segments.values():
            for name in SegmentAdditions.collection_names():
                yield getattr(segment.added, name)

    def all_ids(self) -> set[str]:
        ids: set[str] = set()
        for group in self._id_groups():
            ids.update(group)
        return ids

    def has_id(self, element_id: str) -> bool:
        """Whether an element of this workspace has this id (without collecting every id)."""
        return any(element_id in group for group in self._id_groups())

    def id_view(self) -> IdView:
        """The workspace's ids as a container to test membership in (``in``), built lazily."""
        return IdView(self)

    def collection(self, kind_name: str) -> dict[str, Any]:
        """The core (or workspace vocabulary) collection that holds elements of this kind."""
        kind = KINDS[kind_name]
        owner: Any = self.core if kind.scope == "journey" else self
        return getattr(owner, kind.collection)  # type: ignore[no-any-return]

    def segment_by_name(self, name_or_id: str) -> Segment | None:
        """Find a segment by id, or by name ignoring case."""
        if name_or_id in self.segments:
            return self.segments[name_or_id]
        wanted = name_or_id.casefold()
        for segment in self.segments.values():
            if segment.name.casefold() == wanted:
                return segment
        return None


class IdView:
    """``id in view`` asks the workspace; adding a card on a 5,000-card map need not list every id."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def __contains__(self, element_id: object) -> bool:
        return isinstance(element_id, str) and self.workspace.has_id(element_id)
