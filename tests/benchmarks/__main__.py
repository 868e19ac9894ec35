"""`make bench`: run every benchmark and print its table; exit 1 when a budget is missed.

Options: --touchpoints N --segments M --repeat R (defaults: the sizes the issues state), and
--only document|canvas|compare|commonality|exports|feedback|merge|funnel|journal|stall|startup to
run one of them. The merge benchmark runs at 10,000 cards and 50 segments (issue 12) unless
--touchpoints is given; the funnel at 100,000 accounts x 10 milestones (issue 13) unless --accounts (or
--touchpoints: ten accounts a card) is given; the journal on the --touchpoints map; the open stall at
20,000 and 100,000 cards (issue 14) unless --touchpoints is given; startup (issue 15) on the sample,
the frozen app (when `make package` has built it) next to the source install.
"""

from __future__ import annotations

import argparse
import platform
import sys

from . import (
    bench_canvas,
    bench_commonality,
    bench_compare,
    bench_document,
    bench_feedback,
    bench_funnel,
    bench_journal,
    bench_merge,
    bench_open_stall,
    bench_pptx,
    bench_startup,
    bench_xlsx,
)
from .harness import Result, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--touchpoints", type=int, default=5000)
    parser.add_argument("--segments", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument(
        "--only",
        choices=(
            "document",
            "canvas",
            "compare",
            "commonality",
            "exports",
            "feedback",
            "merge",
            "funnel",
            "journal",
            "stall",
            "startup",
        ),
    )
    parser.add_argument("--accounts", type=int, help="funnel: how many accounts (default 100,000)")
    args = parser.parse_args(argv)
    machine = f"Python {platform.python_version()} on {platform.machine()}, medians of {args.repeat} runs"
    results: list[Result] = []
    if args.only in (None, "document"):
        document = bench_document.run(args.touchpoints, args.segments, args.repeat)
        print(table(document, f"Journey Map Designer benchmarks: document core ({machine})"), flush=True)
        results += document
    if args.only in (None, "canvas"):
        canvas = bench_canvas.run(args.touchpoints, args.repeat)
        if results:
            print()
        scope = "" if args.touchpoints >= bench_canvas.ISSUE_SIZE else "; budgets hold at 5,000 touchpoints"
        print(table(canvas, f"Journey Map Designer benchmarks: canvas, 1600x900 view ({machine}{scope})"))
        results += canvas
    if args.only in (None, "compare"):
        compared = bench_compare.run(args.touchpoints, args.segments, args.repeat)
        if results:
            print()
        print(table(compared, f"Journey Map Designer benchmarks: compare mode, 1600x900 view ({machine})"))
        results += compared
    if args.only in (None, "commonality"):
        matrix = bench_commonality.run(args.touchpoints, args.segments, args.repeat)
        if results:
            print()
        print(table(matrix, f"Journey Map Designer benchmarks: commonality view ({machine})"))
        results += matrix
    if args.only in (None, "exports"):
        exported = bench_xlsx.run(args.touchpoints, args.segments, args.repeat)
        exported += bench_pptx.run(args.touchpoints, args.segments, args.repeat)
        if results:
            print()
        print(table(exported, f"Journey Map Designer benchmarks: playbook exports ({machine})"))
        results += exported
    if args.only in (None, "feedback"):
        answers = bench_feedback.run(args.touchpoints, args.repeat)
        if results:
            print()
        print(table(answers, f"Journey Map Designer benchmarks: customer answers ({machine})"))
        results += answers
    if args.only in (None, "merge"):
        sized = args.touchpoints != parser.get_default("touchpoints")
        cards, segments = (args.touchpoints, args.segments) if sized else bench_merge.ISSUE_SIZE
        merging = bench_merge.run(cards, segments, args.repeat)
        if results:
            print()
        print(table(merging, f"Journey Map Designer benchmarks: three-way merge ({machine})"))
        results += merging
    if args.only in (None, "funnel"):
        sized = args.touchpoints != parser.get_default("touchpoints")
        accounts = args.accounts or (args.touchpoints * 10 if sized else bench_funnel.ISSUE_SIZE)
        funnel = bench_funnel.run(accounts, args.repeat)
        if results:
            print()
        print(table(funnel, f"Journey Map Designer benchmarks: success funnel ({machine})"))
        results += funnel
    if args.only in (None, "journal"):
        journal = bench_journal.run(args.touchpoints, args.repeat)
        if results:
            print()
        print(table(journal, f"Journey Map Designer benchmarks: edit journal ({machine})"))
        results += journal
    if args.only in (None, "stall"):
        sized = args.touchpoints != parser.get_default("touchpoints")
        sizes = (args.touchpoints,) if sized else bench_open_stall.ISSUE_SIZES
        stalls = bench_open_stall.run(sizes)
        if results:
            print()
        print(table(stalls, f"Journey Map Designer benchmarks: the window while a map opens ({machine})"))
        results += stalls
    if args.only in (None, "startup"):
        if results:
            print()
        startup = bench_startup.run(args.repeat)
        print(table(startup, f"Journey Map Designer benchmarks: startup, frozen and from source ({machine})"))
        results += startup
    missed = [r.name for r in results if not r.ok]
    if missed:
        print(f"\n{len(missed)} over budget: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
