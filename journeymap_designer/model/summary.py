"""A short text summary of a workspace, for `journeymap info` and the console start-up."""

from __future__ import annotations

from collections import Counter

from .checks import Severity, check_workspace
from .feedback import customers
from .feedback import summary as feedback_summary
from .textsafety import visible
from .workspace import Workspace


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _from_whom(workspace: Workspace) -> str:
    names = [visible(name) or "unnamed" for name in customers(workspace)]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f" (from {shown})"


def summarize(workspace: Workspace, *, with_findings: bool = True) -> str:
    """Counts of everything in the core, what each segment changes, and the findings per severity.

    Every text from the map is escaped (``textsafety.visible``): one field, one line, nothing raw
    that a terminal would act on.
    """
    core = workspace.core
    lines = [visible(workspace.name)]
    if workspace.description:
        lines.append(visible(workspace.description))
    lines.append("")
    lines.append(
        "Core journey: "
        + ", ".join(
            [
                _plural(len(core.stages), "stage"),
                _plural(len(core.lanes), "lane"),
                _plural(len(core.touchpoints), "touchpoint"),
                _plural(len(core.moments), "moment") + " of truth",
                _plural(len(core.flows), "flow"),
                _plural(len(core.handoffs), "handoff"),
                _plural(len(core.playbooks), "playbook"),
            ]
        )
    )
    if core.stages:
        lines.append("Stages: " + " \u2192 ".join(visible(stage.name) for stage in core.ordered_stages()))
    if core.lanes:
        lines.append("Lanes: " + ", ".join(visible(lane.name) for lane in core.ordered_lanes()))
    channels, personas = (
        _plural(len(workspace.channels), "channel"),
        _plural(len(workspace.personas), "persona"),
    )
    lines.append(f"Vocabulary: {channels}, {personas}")
    if workspace.feedback:
        lines.append(f"Customer answers: {feedback_summary(workspace)}{_from_whom(workspace)}")
    if workspace.segments:
        lines.append("")
        lines.append(f"Segments ({len(workspace.segments)}):")
        for segment in workspace.segments.values():
            added = sum(len(getattr(segment.added, n)) for n in segment.added.collection_names())
            lead = f" (lead: {visible(segment.lead)})" if segment.lead else ""
            lines.append(
                f"  {visible(segment.name)}{lead}: {added} added, {len(segment.hidden)} hidden, "
                f"{segment.changed.count()} changed"
            )
    if with_findings:
        counts = Counter(f.severity for f in check_workspace(workspace))
        lines.append("")
        lines.append(
            "Checks: "
            + ", ".join(
                _plural(counts.get(s, 0), {"info": "note"}.get(str(s), str(s)))
                for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
            )
        )
    return "\n".join(lines)
