"""``journeymap diff``: how a segment or the map departs from the core, a segment, another file or a
git revision of the file, field by field, in text or JSON (every file-derived text escaped)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .cli_common import EXIT_FINDINGS, EXIT_OK, UsageError, segment_or_exit, short
from .model.diff import STATUSES, conflicts, core_ids, counterpart, diff_journeys, plain
from .model.fileformat import FILE_SUFFIX, load_workspace
from .model.resolve import resolve
from .model.versions import VersionError, load_version, resolve_version
from .model.workspace import Journey, Segment, Workspace
from .terminal import json_text, terminal_safe


def cmd_diff(args: argparse.Namespace) -> int:
    workspace = load_workspace(args.file)
    segment = segment_or_exit(workspace, args.segment, args.file) if args.segment else None
    against = args.against or "core"
    if segment is None and args.against is None:
        raise UsageError("give --segment NAME (compared with the core), or --against OTHER.journeymap or REV")
    # What the segment lacks of its own core is hidden, not removed; the core has nothing to hide.
    hidden_means = core_ids(workspace) if segment is not None else None
    revision = None
    if (against == "core" or workspace.segment_by_name(against) is not None) and segment is None:
        raise UsageError(f"--against {against!r} compares a segment: give --segment NAME too")
    if against == "core":
        base, label = workspace.core, "the core"
    elif workspace.segment_by_name(against) is not None:
        other_segment = segment_or_exit(workspace, against, args.file)
        base, label = resolve(workspace, other_segment), f"segment \u201c{other_segment.name}\u201d"
    elif against.endswith(FILE_SUFFIX) or Path(against).exists():
        base, label = _other_map(load_workspace(against), segment, against)
    else:  # a git revision of FILE: a commit id, a branch, a tag, HEAD~N
        try:
            revision = resolve_version(args.file, against)
            other = load_version(args.file, revision)
        except VersionError as exc:
            raise UsageError(
                f"--against {against!r}: not 'core', a segment, a .journeymap file or a revision: {exc}"
            ) from None
        at = revision.label()  # a commit message is someone else's text: escaped where printed
        base, label = _other_map(other, segment, f"{Path(args.file).name} at {at}")
    differences = diff_journeys(base, resolve(workspace, segment), hidden_means)
    counts = {status: sum(1 for d in differences if d.status == status) for status in STATUSES}
    # Fields both the core and the segment changed since they parted: only against its own core.
    clashes = conflicts(workspace, segment.id) if against == "core" and segment is not None else []
    if args.format == "json":
        report = {
            "file": str(args.file),
            "segment": segment.id if segment is not None else None,
            "against": against,
            "revision": revision.id if revision is not None else None,
            "counts": counts,
            "differences": [d.as_dict() for d in differences],
            "conflicts": [
                {"kind": c.kind, "id": c.element_id, "field": c.field}
                | {"base": plain(c.base), "core": plain(c.core), "segment": plain(c.segment)}
                for c in clashes
            ],
        }
        print(json_text(report))
    else:
        summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n) or "no differences"
        if clashes:
            summary += f"; {len(clashes)} conflict{'s' if len(clashes) != 1 else ''} with the core"
        shown = f"Segment \u201c{segment.name}\u201d" if segment is not None else "Core journey"
        print(terminal_safe(f"{shown} against {label}: {summary}"))
        for c in clashes:
            print(terminal_safe(f"conflict {c.kind:<10} {c.element_id:<28} {c.field}"))
            print(
                terminal_safe(
                    f"{'':<10}was {short(c.base)}; core now {short(c.core)}; segment {short(c.segment)}"
                )
            )
        for d in differences:
            print(terminal_safe(f"{d.status:<8} {d.kind:<10} {d.element_id:<28} \u201c{d.title}\u201d"))
            for change in d.fields:
                print(
                    terminal_safe(f"{'':<10}{change.field}: {short(change.old)} \u2192 {short(change.new)}")
                )
    return EXIT_FINDINGS if differences or clashes else EXIT_OK


def _other_map(other: Workspace, segment: Segment | None, name: str) -> tuple[Journey, str]:
    """The journey of another map (a file, a version) that stands for ``segment``, and its label."""
    paired = counterpart(other, segment)  # by id, else by name: as the Differences panel pairs them
    shown = f" (segment \u201c{paired.name}\u201d)" if paired else " (core)"
    return resolve(other, paired), name + (shown if segment is not None else "")
