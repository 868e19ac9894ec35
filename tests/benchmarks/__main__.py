"""`make bench`: run every benchmark and print one table; exit 1 when a budget is missed.

Options: --touchpoints N --segments M --repeat R (defaults: the sizes the issues state).
"""

from __future__ import annotations

import argparse
import platform
import sys

from . import bench_document
from .harness import table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--touchpoints", type=int, default=5000)
    parser.add_argument("--segments", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    results = bench_document.run(args.touchpoints, args.segments, args.repeat)
    machine = f"Python {platform.python_version()} on {platform.machine()}, medians of {args.repeat} runs"
    print(table(results, f"Journey Map Designer benchmarks ({machine})"))
    missed = [r.name for r in results if not r.ok]
    if missed:
        print(f"\n{len(missed)} over budget: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
