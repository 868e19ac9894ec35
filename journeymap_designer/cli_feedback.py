"""``journeymap feedback``: bring customers' answers from a returned validation workbook into a map,
list them, and mark them resolved.

The same model as the app (``model.feedback``): an import is one step that adds nothing when the
file was imported before, answers from several customers are kept side by side. The returned file
comes from outside, so everything echoed from it (names, comments, steps) goes through
:func:`terminal_safe`: a comment cannot move the cursor, recolour or retitle the user's terminal.
Refusals are one line on stderr with exit code 2 (raised as ``CommandError``, reported by
``cli.main``); the map is saved atomically, and only when something was added or changed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .model.document import Document
from .model.edits import CommandError
from .model.elements import Feedback, Verdict
from .model.feedback import counts, import_answers, resolve_feedback, summary, verdict_label
from .model.fileformat import load_workspace
from .model.intents import perform
from .model.resolve import effective_element
from .model.workspace import Workspace
from .terminal import json_text, quoted_lines, terminal_safe

__all__ = ["add_parsers", "terminal_safe"]  # terminal_safe: imported from here before terminal.py

VERDICTS = {"confirmed": Verdict.CONFIRMED, "needs-change": Verdict.NEEDS_CHANGE, "missing": Verdict.MISSING}
VERDICT_ORDER = {Verdict.NEEDS_CHANGE: 0, Verdict.MISSING: 1, Verdict.CONFIRMED: 2}


def _quoted(text: str, limit: int = 70) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "\u2026"
    return f"\u201c{terminal_safe(shown)}\u201d"


def cmd_import(args: argparse.Namespace) -> int:
    from exporters.validation_import import ValidationImportError, read_validation_workbook

    document = Document.open(args.file)
    workspace = document.workspace
    try:
        found = read_validation_workbook(args.returned, workspace)
    except ValidationImportError as exc:
        raise CommandError(str(exc)) from None
    customer = (args.source_name if args.source_name is not None else found.customer).strip()
    before = set(workspace.feedback)
    intent = import_answers(workspace, found.answers, customer, found.source, found.answered_at)
    perform(document.history, intent)
    added = [f for key, f in workspace.feedback.items() if key not in before]
    if added:
        document.save()
    who = _quoted(customer) if customer else "an unnamed customer (give --from NAME)"
    print(terminal_safe(f"{args.file}: answers from {who} ({found.source}, last saved {found.answered_at})"))
    print(terminal_safe(f"  {intent.note}"))
    if added:
        print(terminal_safe(f"  added: {summary(workspace, added)}"))
    if found.blank:
        print(f"  skipped: {found.blank:,} rows without an answer")
    if found.problems:
        more = len(found.problems) + found.more_problems
        print(f"  problems ({more:,} rows left out):")
        for problem in found.problems:
            print(terminal_safe(f"    row {problem.row}: {problem.message}"))
        if found.more_problems:
            print(f"    ... and {found.more_problems:,} more")
    return 0


def _where(workspace: Workspace, feedback: Feedback) -> str:
    """The step an answer is about, as the map names it now (or as the row said, if it is gone)."""
    segment = workspace.segments.get(feedback.segment_id or "")
    scope = f"[{terminal_safe(segment.name)}] " if segment is not None else ""
    if feedback.element_id is None:
        return f"{scope}added by the customer: {_quoted(feedback.step)}"
    element = None
    for kind in ("touchpoint", "moment"):
        element = element or effective_element(workspace, segment, kind, feedback.element_id)
    if element is None:
        return f"{scope}{feedback.element_id} (no longer in the map): {_quoted(feedback.step)}"
    return f"{scope}{feedback.element_id} {_quoted(getattr(element, 'title', ''))}"


def _selected(workspace: Workspace, args: argparse.Namespace) -> list[Feedback]:
    verdicts = {VERDICTS[v] for v in args.verdict or VERDICTS}
    names = {n.strip().casefold() for n in args.customer or ()}
    found = [
        f
        for f in workspace.feedback.values()
        if f.verdict in verdicts
        and (not names or f.customer.casefold() in names)
        and not (args.unresolved and f.resolved)
    ]
    return sorted(
        found, key=lambda f: (VERDICT_ORDER[f.verdict], f.customer.casefold(), f.step.casefold(), f.id)
    )


def cmd_list(args: argparse.Namespace) -> int:
    workspace = load_workspace(args.file)
    selected = _selected(workspace, args)
    if args.format == "json":
        report: dict[str, Any] = {
            "file": str(args.file),
            "summary": summary(workspace, selected),
            "answers": [f.model_dump(mode="json") for f in selected],
        }
        print(json_text(report))
        return 0
    for f in selected:
        who = terminal_safe(f.customer) or "(unnamed)"
        print(terminal_safe(f"{verdict_label(f.verdict):<17} {who}: {_where(workspace, f)}"))
        if f.comment:
            print("\n".join(quoted_lines(f.comment, 18)))
        if f.resolved:
            done = f": {terminal_safe(f.resolution)}" if f.resolution else ""
            print(terminal_safe(f"{'':<18}resolved{done}"))
        print(terminal_safe(f"{'':<18}{f.id}, {f.source}, {f.answered_at}"))
    total = counts(workspace, selected).total
    print(terminal_safe(f"{total:,} answer{'' if total == 1 else 's'}: {summary(workspace, selected)}"))
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    document = Document.open(args.file)
    intent = resolve_feedback(document.workspace, args.id, not args.reopen, args.resolution or "")
    perform(document.history, intent)
    if not document.is_modified:
        print(terminal_safe(f"{args.file}: nothing changed (the answer is already so)"))
        return 0
    document.save()
    print(terminal_safe(f"{args.file}: {intent.name or ''}"))
    return 0


def _verdict(text: str) -> str:
    key = text.strip().casefold().replace("_", "-").replace(" ", "-")
    if key not in VERDICTS:
        raise argparse.ArgumentTypeError(f"{text!r} is not one of: {', '.join(VERDICTS)}")
    return key


def add_parsers(sub: Any) -> None:
    """Register ``feedback import``, ``feedback list`` and ``feedback resolve``."""
    group = sub.add_parser("feedback", help="customers' answers from a returned validation workbook")
    actions = group.add_subparsers(dest="action", required=True, parser_class=type(group))

    p = actions.add_parser("import", help="add the answers of a returned validation workbook to FILE")
    p.add_argument("file", metavar="FILE")
    p.add_argument("returned", metavar="RETURNED.xlsx", type=Path)
    p.add_argument(
        "--from",
        dest="source_name",
        metavar="NAME",
        help="who answered (default: who last saved the workbook, from its properties)",
    )
    p.set_defaults(run=cmd_import)

    p = actions.add_parser("list", help="the customers' answers in FILE")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--verdict",
        type=_verdict,
        action="append",
        metavar="V",
        help="only confirmed, needs-change or missing (repeat for several)",
    )
    p.add_argument("--customer", action="append", metavar="NAME", help="only this customer's (repeatable)")
    p.add_argument("--unresolved", action="store_true", help="leave out the answers already resolved")
    p.set_defaults(run=cmd_list)

    p = actions.add_parser("resolve", help="mark an answer handled, saying what was done")
    p.add_argument("file", metavar="FILE")
    p.add_argument("id", metavar="ID", help="the answer's id, as `feedback list` shows it")
    p.add_argument("--resolution", metavar="TEXT", help="what the team did about it")
    p.add_argument("--reopen", action="store_true", help="mark it not resolved again")
    p.set_defaults(run=cmd_resolve)
