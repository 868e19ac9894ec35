"""The `journeymap` command: create, check, describe, reformat, generate and render journey map files.

Every error is one line on stderr. Exit codes: 0 success, 1 error-level findings (validate) or a file
that is not canonical (fmt --check), 2 unreadable input or bad usage, 3 an internal error (a bug,
still reported in one line), 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from .cli_common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, UsageError, segment_or_exit
from .cli_diff import cmd_diff
from .cli_feedback import add_parsers as add_feedback_parsers
from .cli_funnel import add_export_arguments, export_funnel_arguments, export_plan
from .cli_funnel import add_parsers as add_funnel_parsers
from .cli_merge import add_parsers as add_merge_parsers
from .cli_vocabulary import add_parsers as add_vocabulary_parsers
from .model.atomicfile import TargetRefusedError, check_target
from .model.checks import Severity, alternative_paths, check_workspace
from .model.document import Document
from .model.edits import CommandError
from .model.fileformat import (
    DocumentError,
    dump_workspace,
    json_schema,
    load_workspace,
    save_workspace,
)
from .model.filestate import still_as_seen
from .model.generate import generate_workspace
from .model.resolve import resolve
from .model.segment_commands import UpdateWorkspace
from .model.summary import summarize
from .starter import new_from_template, template_names
from .terminal import guarded_output, json_text, terminal_safe

FOLLOW_HELP = (
    "write through OUT when it is a symbolic link (refused by default: a planted link redirects the write)"
)


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr with exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {terminal_safe(message)}\n")


def _refuse_overwrite(out: Path, force: bool) -> None:
    if out.is_symlink():  # a new file is made here: a link planted in a shared folder would redirect it
        raise UsageError(f"{out}: is a symbolic link; give the path of the file to create")
    if out.exists() and not force:
        raise UsageError(f"{out}: already exists (use --force to replace it)")
    if not out.parent.exists():
        raise UsageError(f"{out.parent}: no such folder")


def cmd_new(args: argparse.Namespace) -> int:
    try:
        workspace = new_from_template(args.template)
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from None
    out = Path(args.out)
    _refuse_overwrite(out, args.force)
    if args.name:
        try:
            UpdateWorkspace(name=args.name).apply(workspace)
        except CommandError as exc:
            raise UsageError(f"--name: {exc}") from None
    save_workspace(workspace, out, None if args.force else still_as_seen(out, None))
    print(terminal_safe(f"created {out} from template {args.template!r}"))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    workspace = load_workspace(args.file)
    segment = None
    if args.segment:
        segment = workspace.segment_by_name(args.segment)
        if segment is None:
            known = ", ".join(s.name for s in workspace.segments.values()) or "none"
            raise UsageError(f"{args.file}: no segment named {args.segment!r} (segments: {known})")
    findings = check_workspace(workspace, segment)
    paths = alternative_paths(resolve(workspace, segment), limit=args.paths)
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    if args.format == "json":
        report = {
            "file": str(args.file),
            "segment": segment.id if segment else None,
            "findings": [f.as_dict() for f in findings],
            "alternative_paths": paths,
            "errors": errors,
        }
        print(json_text(report))
    else:
        names = {s.id: s.name for s in workspace.segments.values()}
        for f in findings:
            scope = names.get(f.segment, f.segment) if f.segment else "core"
            line = f"{f.severity:<7} {scope:<12} {f.element_id:<24} {f.message}"
            print(terminal_safe(line))  # titles and conflict values come from the file
        journey = resolve(workspace, segment)
        if paths:
            print(f"\nAlternative paths from first to last stage ({len(paths)} shown):")
            for number, path in enumerate(paths, 1):
                titles = [journey.touchpoints[i].title for i in path]
                shown = " \u2192 ".join(titles if len(titles) <= 8 else [*titles[:3], "\u2026", *titles[-3:]])
                print(terminal_safe(f"  {number}. ({len(path)} steps) {shown}"))
        counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
        errors_, warnings, notes = (counts[s] for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
        totals = [(errors_, "error"), (warnings, "warning"), (notes, "note")]
        print("\n" + ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in totals))
    return EXIT_FINDINGS if errors else EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    print(terminal_safe(summarize(load_workspace(args.file)), lines=True))  # fields escaped in it
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    print(json_text(json_schema()))
    return EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    path = Path(args.file)
    document = Document.open(path)  # migrates old schema versions; remembers the bytes it read
    canonical = dump_workspace(document.workspace)
    if document.base == canonical:
        print(terminal_safe(f"{path}: already canonical"))
        return EXIT_OK
    if args.check:
        print(terminal_safe(f"{path}: would be rewritten"), file=sys.stderr)
        return EXIT_FINDINGS
    document.save()  # refuses (exit 2) if the file is no longer what was read, checked before the replace
    print(terminal_safe(f"{path}: rewritten"))
    return EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    if args.touchpoints < 1 or args.touchpoints > 200_000:
        raise UsageError("--touchpoints must be between 1 and 200,000")
    if args.segments < 0 or args.segments > 500:
        raise UsageError("--segments must be between 0 and 500")
    out = Path(args.out)
    _refuse_overwrite(out, args.force)
    workspace = generate_workspace(args.touchpoints, args.segments, seed=args.seed)
    save_workspace(workspace, out, None if args.force else still_as_seen(out, None))
    size = len(workspace.core.touchpoints)
    print(terminal_safe(f"generated {out}: {size:,} touchpoints, {len(workspace.segments)} segments"))
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    document = Document.open(args.file)
    if args.segment and document.workspace.segment_by_name(args.segment) is None:
        known = ", ".join(s.name for s in document.workspace.segments.values()) or "none"
        raise UsageError(f"{args.file}: no segment named {args.segment!r} (segments: {known})")
    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise UsageError(f"{out}: the image type comes from the suffix: use .png, .svg or .pdf")
    if not out.parent.is_dir():
        raise UsageError(f"{out.parent}: no such folder")
    try:  # a folder, a FIFO, a device, a read-only file or a link: refused before drawing
        check_target(out, args.follow_symlinks)
    except TargetRefusedError as exc:
        hint = (
            " (--follow-symlinks writes through it)" if out.is_symlink() and not args.follow_symlinks else ""
        )
        raise UsageError(f"{out}: {exc.strerror}{hint}") from None
    try:  # Qt only here: every other command, and this module, work without PySide6
        from .ui.canvas.render import RenderError, render_map
    except ImportError as exc:
        raise UsageError(f"image export needs Qt (PySide6), which cannot be loaded: {exc}") from None
    try:
        render_map(
            document,
            out,
            segment=args.segment,
            customer_view=args.customer_view,
            scale=args.scale,
            follow_symlinks=args.follow_symlinks,
        )
    except RenderError as exc:
        raise UsageError(f"{out}: {exc}") from None
    shown = f"segment {args.segment!r}" if args.segment else "core journey"
    print(terminal_safe(f"rendered {out} ({shown}{', customer view' if args.customer_view else ''})"))
    return EXIT_OK


def _scale(text: str) -> float:
    """A zoom factor for argparse: a positive number up to 16."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not (0 < value <= 16):
        raise argparse.ArgumentTypeError(f"{text!r} is not between 0 (excluded) and 16")
    return value


def _count(text: str) -> int:
    """A whole number from 0 up, for argparse."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def cmd_export(args: argparse.Namespace) -> int:
    if args.pptx and args.all_segments:
        raise UsageError("--all-segments is for workbooks (--xlsx); a deck shows one journey")
    if args.all_segments and args.customer_view:
        raise UsageError("--customer-view shows one journey; give --segment NAME instead of --all-segments")
    if not (args.xlsx or args.pptx or args.tasks or args.emails):
        raise UsageError("give --xlsx OUT, --pptx OUT, --tasks OUT.csv or --emails DIR")
    workspace = load_workspace(args.file)
    segment = segment_or_exit(workspace, args.segment, args.file) if args.segment else None
    planned = export_plan(args, workspace, segment)  # --tasks, --emails
    if not (args.xlsx or args.pptx):
        print("\n".join(terminal_safe(line) for line in planned))
        return EXIT_OK
    funnel = export_funnel_arguments(args, workspace)  # --actuals or the map's own, --as-of
    from exporters.safety import ExportError, SymlinkTargetError  # openpyxl / python-pptx: only here

    try:
        if args.xlsx:
            from exporters.xlsx import export_workbook

            segments = [None, *workspace.segments] if args.all_segments else [segment.id if segment else None]
            export_workbook(
                workspace,
                args.xlsx,
                segments=segments,
                template=args.template,
                customer_view=args.customer_view,
                follow_symlinks=args.follow_symlinks,
                **funnel,
            )
            out = args.xlsx
        else:
            from exporters.pptx import export_deck

            segment_id = segment.id if segment else None
            export_deck(
                workspace,
                args.pptx,
                segment=segment_id,
                template=args.template,
                customer_view=args.customer_view,
                follow_symlinks=args.follow_symlinks,
                **funnel,
            )
            out = args.pptx
    except SymlinkTargetError as exc:
        raise UsageError(f"{exc} (--follow-symlinks writes through it)") from None
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    shown = (
        "core and every segment"
        if args.all_segments
        else (f"segment {segment.name!r}" if segment else "core")
    )
    done = f"exported {out} ({shown}{', customer view' if args.customer_view else ''})"
    print("\n".join(terminal_safe(line) for line in [*planned, done]))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="journeymap", description="Work with Journey Map Designer (.journeymap) files."
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    p = sub.add_parser("new", help="create a workspace from a bundled template")
    p.add_argument("--template", required=True, help=f"one of: {', '.join(template_names())}")
    p.add_argument("--name", help="name of the new workspace")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.add_argument("out", metavar="OUT")
    p.set_defaults(run=cmd_new)

    p = sub.add_parser("validate", help="run the graph checks; exit 1 on error-level findings")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--segment", help="check only this segment (name or id); default: core and every segment")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--paths", type=_count, default=5, help="how many alternative paths to list (default 5)")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("info", help="summarise a workspace")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run=cmd_info)

    p = sub.add_parser(
        "diff", help="how a segment or the map departs from the core, a segment, another file or a version"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--segment", help="the segment to compare (name or id); without it, the core journey")
    p.add_argument(
        "--against",
        help="core (the default with --segment), another segment, OTHER.journeymap, or a git revision of "
        "FILE: a commit id, a short id, a branch, a tag, HEAD~N",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=cmd_diff)

    p = sub.add_parser("export", help="export the playbooks: an Excel workbook or a PowerPoint deck")
    p.add_argument("file", metavar="FILE")
    target = p.add_mutually_exclusive_group()  # or --tasks / --emails (add_export_arguments)
    target.add_argument("--xlsx", metavar="OUT", help="write an Excel workbook")
    target.add_argument("--pptx", metavar="OUT", help="write a PowerPoint deck")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--segment", metavar="NAME", help="a segment (name or id) instead of the core")
    which.add_argument(
        "--all-segments", action="store_true", help="workbook only: the core and every segment"
    )
    p.add_argument("--template", metavar="T", help="your own .xlsx or .pptx template")
    p.add_argument(
        "--customer-view",
        action="store_true",
        help="the customer's deck or workbook: only what a customer may see, with the validation questions",
    )
    p.add_argument("--follow-symlinks", action="store_true", help=FOLLOW_HELP)
    add_export_arguments(p)
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("schema", help="print the JSON Schema of the file format")
    p.set_defaults(run=cmd_schema)

    p = sub.add_parser("fmt", help="rewrite a file canonically, migrating older versions")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--check", action="store_true", help="only report; exit 1 if the file would change")
    p.set_defaults(run=cmd_fmt)

    p = sub.add_parser("generate", help="write a synthetic workspace for benchmarks and stress tests")
    p.add_argument("--touchpoints", type=int, required=True, metavar="N")
    p.add_argument("--segments", type=int, default=0, metavar="M")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.add_argument("out", metavar="OUT")
    p.set_defaults(run=cmd_generate)

    p = sub.add_parser("render", help="export the map as an image: PNG, SVG or PDF (by OUT's suffix)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--segment", help="render this segment (name or id) instead of the core journey")
    p.add_argument(
        "--customer-view", action="store_true", help="leave out internal-only lanes and internal notes"
    )
    p.add_argument(
        "--scale",
        type=_scale,
        default=1.0,
        metavar="S",
        help="zoom: PNG pixels per map unit; SVG and PDF size (default 1.0)",
    )
    p.add_argument("--follow-symlinks", action="store_true", help=FOLLOW_HELP)
    p.add_argument("out", metavar="OUT")
    p.set_defaults(run=cmd_render)
    add_vocabulary_parsers(sub)
    add_feedback_parsers(sub)
    add_merge_parsers(sub)
    add_funnel_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; everything it writes to stdout and stderr passes ``guarded_output``."""
    with guarded_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (DocumentError, UsageError, CommandError) as exc:
        _fail(f"error: {exc}")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        _fail(f"error: {exc.filename or ''}: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except Exception as exc:  # a bug: still one line, never a traceback
        _fail(f"internal error: {type(exc).__name__}: {exc}")
        return 3


def _fail(message: str) -> None:
    """One line on stderr: a message can quote a file's text, a path or the command line."""
    print(terminal_safe(f"journeymap: {message}"), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
