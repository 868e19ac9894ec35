"""The open map's actuals, as the window holds them, and which funnels they make.

Actuals are not part of the map (``model/actuals.py`` says why: a sidecar file beside it), so they are
not in the document or its history either: the window keeps them here, the shell's glue
(``ui/shell/actuals.py``) loads and imports them, and the Funnel panel and the map's markers read
them. The numbers themselves are always ``model/funnel.py``'s, so the app, the CLI and the exports
agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Signal

from ...model.actuals import Account, Actuals
from ...model.funnel import Funnel, StuckAccount
from ...model.funnel_report import journey_funnel, stuck_for
from ...model.workspace import Workspace

CORE_LABEL = "Core journey"


class ActualsState(QObject):
    """The accounts imported for the open map (None: none yet); ``changed`` when they are replaced."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.actuals: Actuals | None = None

    def set(self, actuals: Actuals | None) -> None:
        self.actuals = actuals
        self.changed.emit()

    @property
    def loaded(self) -> bool:
        return self.actuals is not None


@dataclass(frozen=True)
class JourneyChoice:
    """A journey the funnel can be shown for: the core (segment None) or a segment with accounts."""

    segment_id: str | None
    label: str
    accounts: int


def accounts_of(workspace: Workspace, actuals: Actuals, segment_id: str | None) -> tuple[Account, ...]:
    """The core's accounts are all of them; a segment's are those whose segment names it (id or name)."""
    segment = workspace.segments.get(segment_id or "")
    if segment is None:
        return actuals.accounts
    return actuals.for_segment(segment.id, segment.name)


def journey_choices(workspace: Workspace, actuals: Actuals) -> list[JourneyChoice]:
    """The core, then each segment that has accounts, in the map's segment order."""
    found = [JourneyChoice(None, CORE_LABEL, len(actuals.accounts))]
    for segment in workspace.segments.values():
        count = len(actuals.for_segment(segment.id, segment.name))
        if count:
            found.append(JourneyChoice(segment.id, f"Segment: {segment.name}", count))
    return found


def label_of(workspace: Workspace, segment_id: str | None) -> str:
    segment = workspace.segments.get(segment_id or "")
    return f"Segment: {segment.name}" if segment is not None else CORE_LABEL


def funnel_of(workspace: Workspace, actuals: Actuals, segment_id: str | None, as_of: date) -> Funnel:
    """The funnel of the core or a segment as of a day: ``model/funnel_report.py``'s, as every output."""
    return journey_funnel(workspace, actuals, segment_id if segment_id in workspace.segments else None, as_of)


def stuck_of(
    workspace: Workspace, actuals: Actuals, segment_id: str | None, as_of: date
) -> list[StuckAccount]:
    """The stuck accounts of the core (every account, each by its own journey) or a segment on a day."""
    return stuck_for(workspace, actuals, segment_id if segment_id in workspace.segments else None, as_of)
