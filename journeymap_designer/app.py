"""The `journeymap-designer [FILE]` entry point: parse the command line, then start the Qt application.

Qt is imported only once the arguments are good, so `--help` and bad usage answer fast and in one
line (exit code 2), like the `journeymap` command.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .cli import OneLineParser


def main(argv: Sequence[str] | None = None) -> int:
    parser = OneLineParser(prog="journeymap-designer", description="Journey Map Designer")
    parser.add_argument("file", nargs="?", help="a .journeymap file to open")
    args = parser.parse_args(argv)
    try:
        from .ui.shell.app import run
    except ImportError as exc:
        print(f"journeymap-designer: error: Qt cannot start: {exc}", file=sys.stderr)
        return 2
    return run(args.file)


if __name__ == "__main__":
    sys.exit(main())
