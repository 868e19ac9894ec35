"""``journeymap funnel``, ``journeymap actuals import`` and the plan exports of ``journeymap export``
(``--tasks``, ``--emails``, ``--actuals``, ``--as-of``).

The numbers are the model's (``model/funnel_report.py``), the same the app and both exports show.
Actuals come from ``--actuals ACCOUNTS.csv|.xlsx`` (read by ``exporters/actuals_import.py``, the
reader of File > Import Actuals…) or, without it, from the sidecar beside the map that ``journeymap
actuals import`` and the app write. Each bad row goes to stderr with its line number (capped, with
how many more); a file with no usable row, or unusable as a whole, is one line with exit code 2.
Everything read from the accounts file or the map is printed through :func:`terminal_safe`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from .model.actuals import Actuals, load_actuals, save_actuals, sidecar_path
from .model.edits import CommandError
from .model.fileformat import load_workspace
from .model.funnel import Funnel, StuckAccount
from .model.funnel_report import STATUS_WORDS, FunnelReport, days_text, funnel_report, percent_text
from .model.workspace import Segment, Workspace
from .terminal import json_text, terminal_safe

SHOWN_PROBLEMS = 20  # row problems printed; the rest are counted


def _day(text: str) -> date:
    """A YYYY-MM-DD date for argparse."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31") from None


def _mapping(pairs: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs or ():
        header, sep, target = pair.rpartition("=")
        if not sep or not header.strip():
            raise CommandError(
                f"--map {pair!r}: give HEADER=MILESTONE (a milestone id or title, a role, or empty)"
            )
        mapping[header.strip()] = target.strip()
    return mapping


def _cell(text: str, width: int) -> str:
    safe = terminal_safe(text)
    return safe if len(safe) <= width else safe[: width - 1] + "\u2026"


def _segment(workspace: Workspace, name: str | None, file: str) -> Segment | None:
    if not name:
        return None
    segment = workspace.segment_by_name(name)
    if segment is None:
        known = ", ".join(s.name for s in workspace.segments.values()) or "none"
        raise CommandError(f"{file}: no segment named {name!r} (segments: {known})")
    return segment


def read_accounts(path: str, workspace: Workspace, mapping: dict[str, str]) -> Actuals:
    """Read an accounts file, reporting its problems on stderr; CommandError when nothing is usable."""
    from exporters.actuals_import import read_actuals  # openpyxl only when a file is read
    from exporters.safety import ExportError

    try:
        found = read_actuals(path, workspace, mapping)
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    name = terminal_safe(Path(path).name)
    # An error is one line: the warnings below are printed only when the accounts are used.
    if not any(c.role == "milestone" for c in found.columns):
        known = ", ".join(f"{m}" for m in found.missing) or "none"
        shown = ", ".join(terminal_safe(h) for h in found.unmatched[:8]) or "none"
        raise CommandError(
            f"{name}: no column is a success milestone of this map (milestones: {known}; columns not "
            f"matched: {shown}); give --map HEADER=MILESTONE"
        )
    if not found.actuals.accounts:
        first = found.problems[0] if found.problems else None
        why = f"; the first, line {first.line:,}: {first.message}" if first is not None else ""
        raise CommandError(f"{name}: no usable account rows ({found.problem_count:,} problems){why}")
    if found.unmatched:
        shown = ", ".join(f"\u201c{_cell(h, 40)}\u201d" for h in found.unmatched[:8])
        extra = f" and {len(found.unmatched) - 8:,} more" if len(found.unmatched) > 8 else ""
        print(
            terminal_safe(f"{name}: columns not used: {shown}{extra} (--map HEADER=MILESTONE takes one)"),
            file=sys.stderr,
        )
    if found.missing and any(c.role == "milestone" for c in found.columns):
        print(terminal_safe(f"{name}: no column for milestones: {', '.join(found.missing)}"), file=sys.stderr)
    for problem in found.problems[:SHOWN_PROBLEMS]:
        print(terminal_safe(f"{name}: line {problem.line:,}: {problem.message}"), file=sys.stderr)
    more = found.problem_count - min(len(found.problems), SHOWN_PROBLEMS)
    if more > 0:
        print(f"{name}: {more:,} more problem{'s' if more != 1 else ''} not shown", file=sys.stderr)
    return found.actuals


def actuals_of(args: argparse.Namespace, workspace: Workspace) -> Actuals | None:
    """The actuals ``--actuals`` names, else the sidecar beside FILE, else None."""
    if getattr(args, "actuals", None):
        return read_accounts(args.actuals, workspace, _mapping(getattr(args, "map", None)))
    if getattr(args, "map", None):
        raise CommandError("--map applies to the file --actuals names")
    return load_actuals(args.file)


def cmd_funnel(args: argparse.Namespace) -> int:
    workspace = load_workspace(args.file)
    segment = _segment(workspace, args.segment, args.file)
    actuals = actuals_of(args, workspace)
    if actuals is None:
        raise CommandError(
            f"{args.file}: no actuals beside it ({sidecar_path(args.file).name}): give --actuals "
            "ACCOUNTS.csv, or keep them beside the map with `journeymap actuals import FILE ACCOUNTS.csv`"
        )
    report = funnel_report(workspace, actuals, args.as_of, segment.id if segment else None)
    if args.format == "json":
        print(json_text(report.as_dict()))
    elif args.stuck:
        print("\n".join(terminal_safe(line) for line in stuck_lines(report)))
    else:
        print("\n".join(terminal_safe(line) for line in funnel_lines(report)))
    return 0


HEAD = (
    f"  {'Milestone':<36} {'Reached':>7} {'Conversion':>10} {'Target':>8} {'':<11} "
    f"{'Median':>7} {'P90':>7} {'Frame':>7} {'':<11} {'Churned':>7}"
)


def _funnel_table(funnel: Funnel) -> list[str]:
    before = f", {funnel.churned_before_first:,} churned before the first milestone"
    lines = [f"{terminal_safe(funnel.journey_label)}: {funnel.accounts:,} accounts{before}", HEAD]
    for step in funnel.steps:
        frame = days_text(step.time_frame_days) if step.time_frame_days is not None else "\u2013"
        if step.time_frame_days is not None and str(step.days_from) == "stage_entry":
            frame += "*"
        lines.append(
            f"  {_cell(step.title, 36):<36} {step.reached:>7,} {percent_text(step.conversion):>10} "
            f"{percent_text(step.target_conversion):>8} {STATUS_WORDS[step.conversion_status]:<11} "
            f"{days_text(step.median_days):>7} {days_text(step.p90_days):>7} {frame:>7} "
            f"{STATUS_WORDS[step.time_status]:<11} {step.churned:>7,}"
        )
    if any(str(s.days_from) == "stage_entry" and s.time_frame_days is not None for s in funnel.steps):
        lines.append(
            "  * days counted from entering the milestone's stage; others from the previous milestone"
        )
    return lines


def funnel_lines(report: FunnelReport) -> list[str]:
    """The text report: one table per journey, then how many accounts are stuck."""
    source = f" from {terminal_safe(report.source)}" if report.source else ""
    lines = [f"Success funnel as of {report.as_of.isoformat()}{source}", ""]
    for funnel in report.funnels:
        lines += [*_funnel_table(funnel), ""]
    count = len(report.stuck)
    lines.append(
        f"{count:,} account{' is' if count == 1 else 's are'} stuck past their milestone's rule"
        + (": list them with --stuck" if count else "")
    )
    return lines


def _stuck_line(stuck: StuckAccount) -> str:
    account = f"{stuck.account_id} {stuck.name}".strip()
    action = stuck.action + (f" (playbook: {stuck.playbook_title})" if stuck.playbook_title else "")
    return (
        f"{_cell(account, 30):<30} {_cell(stuck.segment, 12):<12} {_cell(stuck.milestone_title, 30):<30} "
        f"{stuck.days_at:>6,} / {stuck.after_days:<5,} {_cell(stuck.owner, 18):<18} {terminal_safe(action)}"
    )


def stuck_lines(report: FunnelReport) -> list[str]:
    """The stuck accounts, longest stuck first, with the action to take and who owns it."""
    count = len(report.stuck)
    lines = [f"{count:,} account{'' if count == 1 else 's'} stuck as of {report.as_of.isoformat()}"]
    if count:
        lines.append(
            f"{'Account':<30} {'Segment':<12} {'Milestone':<30} {'Days at / rule':>14} {'Owner':<18} Action"
        )
        lines += [_stuck_line(s) for s in report.stuck]
    return lines


def cmd_actuals_import(args: argparse.Namespace) -> int:
    workspace = load_workspace(args.file)
    actuals = read_accounts(args.accounts, workspace, _mapping(args.map))
    titles = {m.id: m.title for m in workspace.core.moments.values()}
    for header, target in actuals.mapping.items():
        shown = f"milestone \u201c{terminal_safe(titles[target])}\u201d" if target in titles else target
        print(terminal_safe(f"  {_cell(header, 40):<40} -> {shown}"))
    path = save_actuals(actuals, args.file)
    print(terminal_safe(f"wrote {path}: {len(actuals.accounts):,} accounts from {actuals.source}"))
    return 0


def add_parsers(sub: Any) -> None:
    """Register ``funnel`` and ``actuals import`` on the ``journeymap`` command."""
    p = sub.add_parser("funnel", help="the success funnel over the accounts' milestone dates; who is stuck")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--actuals",
        metavar="ACCOUNTS",
        help="a CSV or XLSX of accounts with the date each reached each milestone "
        "(default: the actuals kept beside FILE)",
    )
    p.add_argument("--segment", metavar="NAME", help="only this segment (name or id)")
    p.add_argument("--as-of", type=_day, metavar="DATE", help="the day to report on (default: today)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--stuck", action="store_true", help="list the accounts stuck past their milestone's rule")
    p.add_argument(
        "--map",
        action="append",
        metavar="HEADER=MILESTONE",
        help="take a column for a milestone (id or title), a role (account, name, segment, owner, start, "
        "churned), or nothing (HEADER=); repeat for several",
    )
    p.set_defaults(run=cmd_funnel)

    group = sub.add_parser("actuals", help="keep a map's actuals (accounts and milestone dates) beside it")
    actions = group.add_subparsers(dest="action", required=True, parser_class=type(group))
    p = actions.add_parser(
        "import", help="read ACCOUNTS (CSV or XLSX) and keep them beside FILE (FILE.actuals.json)"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("accounts", metavar="ACCOUNTS")
    p.add_argument("--map", action="append", metavar="HEADER=MILESTONE", help="as for journeymap funnel")
    p.set_defaults(run=cmd_actuals_import)


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """``journeymap export``'s options for the plan and the funnel."""
    parser.add_argument("--tasks", metavar="OUT.csv", help="write the stages > activities > tasks plan")
    parser.add_argument("--emails", metavar="DIR", help="write each playbook email as an .eml draft")
    parser.add_argument("--customer", metavar="NAME", help="with --emails: fill {customer}")
    parser.add_argument("--csm", metavar="NAME", help="with --emails: fill {csm}")
    parser.add_argument(
        "--actuals", metavar="ACCOUNTS", help="accounts for the funnel (default: the actuals beside FILE)"
    )
    parser.add_argument("--as-of", type=_day, metavar="DATE", help="the funnel's day (default: today)")
    parser.add_argument("--map", action="append", metavar="HEADER=MILESTONE", help="with --actuals")


def export_plan(args: argparse.Namespace, workspace: Workspace, segment: Segment | None) -> list[str]:
    """Write ``--tasks`` and ``--emails``; lines saying what was written."""
    from exporters.plan_files import write_email_drafts, write_tasks_csv
    from exporters.safety import ExportError, SymlinkTargetError

    from .model.emails import email_drafts
    from .model.resolve import resolve
    from .model.taskplan import task_plan

    journey = resolve(workspace, segment)
    said = []
    try:
        if args.tasks:
            rows = task_plan(journey)
            write_tasks_csv(rows, args.tasks, args.follow_symlinks)
            said.append(f"wrote {args.tasks}: {len(rows):,} tasks")
        if args.emails:
            drafts = email_drafts(journey, workspace.name, args.customer, args.csm)
            write_email_drafts(drafts, args.emails, args.follow_symlinks)
            said.append(f"wrote {len(drafts):,} email drafts in {args.emails}")
    except SymlinkTargetError as exc:
        raise CommandError(f"{exc} (--follow-symlinks writes through it)") from None
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    return said


def export_funnel_arguments(args: argparse.Namespace, workspace: Workspace) -> dict[str, Any]:
    """``actuals=`` and ``as_of=`` for the workbook and the deck (nothing when there are no actuals)."""
    actuals = actuals_of(args, workspace)
    return {} if actuals is None else {"actuals": actuals, "as_of": args.as_of}
