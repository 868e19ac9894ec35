"""What every ``journeymap`` subcommand module shares: exit codes, the usage error, finding a segment.

Kept apart from ``cli.py`` (which registers the subcommands) so that subcommand modules can use them
without importing the module that imports them.
"""

from __future__ import annotations

from .model.workspace import Segment, Workspace

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """Bad arguments or input that argparse cannot see (exit code 2)."""


def segment_or_exit(workspace: Workspace, name: str, file: str) -> Segment:
    segment = workspace.segment_by_name(name)
    if segment is None:
        known = ", ".join(s.name for s in workspace.segments.values()) or "none"
        raise UsageError(f"{file}: no segment named {name!r} (segments: {known})")
    return segment


def short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 70 else text[:67] + "..."
