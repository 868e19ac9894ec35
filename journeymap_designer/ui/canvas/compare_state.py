"""Compare mode of the map scene: on or off, against the core or a version of the map; marks and ghosts.

Against the core (Segment > Compare with Core), a segment is marked by what it adds, changes and hides;
against a version (File > Compare with Version…), the core or a segment is marked by what was added,
changed and deleted since. Ghosts (marked "hidden") are drawn only to be seen: they cannot be edited,
and :meth:`CompareState.ghost_note` says why and what brings them back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...model.compare import Comparison, Mark, compare_with_core, compare_with_version
from ...model.layout import LayoutEngine, emotion_points
from ...model.resolve import resolve
from ...model.workspace import Journey, Workspace
from ..widgets.theme import MARK_TAGS
from .items import MapItem

CORE_GHOST_NOTE = "This segment hides it (a ghost in compare mode): Segment > Reset to Core shows it again"
VERSION_TAGS = {**MARK_TAGS, "hidden": "DELETED"}


@dataclass(frozen=True, eq=False)
class Reference:
    """A map compared with instead of the core: the map at a git version."""

    label: str  # how the marks name it: a commit's short id
    workspace: Workspace
    detail: str = ""  # a line more for the legend: the commit's date and message


class CompareState:
    """Whether compare mode is on, what it compares with, and the comparison last drawn."""

    def __init__(self, core: Journey) -> None:
        self.on = False
        self.reference: Reference | None = None  # None: the core
        self.comparison = Comparison(core)
        self._marked: set[str] = set()  # ids whose items carry a mark other than "same"

    def active(self, segment_id: str | None, customer_view: bool) -> bool:
        """Whether marks are drawn: on, not in the customer view, and something to compare (a segment
        against the core, or anything against a version)."""
        return self.on and not customer_view and (segment_id is not None or self.reference is not None)

    def journey(self, workspace: Workspace, segment_id: str | None, customer_view: bool) -> Journey:
        """The journey to draw (before the customer view's projection); refreshes ``comparison``."""
        if self.active(segment_id, customer_view):
            if self.reference is not None:
                self.comparison = compare_with_version(self.reference.workspace, workspace, segment_id)
            else:
                self.comparison = compare_with_core(workspace, segment_id)
            return self.comparison.journey
        journey = resolve(workspace, segment_id)
        self.comparison = Comparison(journey)
        return journey

    def mark(self, element_id: str) -> Mark:
        return self.comparison.mark(element_id)

    def is_ghost(self, element_id: str) -> bool:
        """Drawn only because compare mode shows what the journey lacks: it cannot be edited there."""
        return self.comparison.marks.get(element_id) == "hidden"

    def emotion_points(self, journey: Journey, layout: LayoutEngine) -> list[tuple[float, float]]:
        """The emotion curve of the journey drawn: ghosts are not part of it."""
        marks = self.comparison.marks
        ghosts = {i for i, m in marks.items() if m == "hidden" and i in journey.touchpoints}
        if not ghosts:
            return layout.emotion_curve()
        kept = {i: t for i, t in journey.touchpoints.items() if i not in ghosts}
        return emotion_points(journey.model_copy(update={"touchpoints": kept}), layout.geometry)

    @property
    def tags(self) -> dict[str, str]:
        """The word on a marked card: a ghost of a version is DELETED, of a segment's hide HIDDEN."""
        return MARK_TAGS if self.reference is None else VERSION_TAGS

    def ghost_note(self) -> str:
        """Why a ghost cannot be edited, and what brings it back."""
        if self.reference is None:
            return CORE_GHOST_NOTE
        return (
            f"Deleted since version {self.reference.label} (a ghost in compare mode): select it in the"
            " Differences panel and Restore from this version brings it back"
        )

    def refresh_items(self, item: Callable[[str], MapItem | None]) -> None:
        """Give every drawn item its mark; only items whose mark or tag changed are touched."""
        marks, tags = self.comparison.marks, self.tags
        for element_id in self._marked | marks.keys():
            drawn = item(element_id)
            if drawn is not None:
                mark = marks.get(element_id, "same")
                drawn.set_mark(mark, tags.get(mark, ""))
        self._marked = set(marks)

    def forget_items(self) -> None:
        """The items were all dropped (a rebuild): none carries a mark."""
        self._marked = set()
