"""The `journeymap-designer [FILE]` entry point: parse the command line, then start the Qt application.

Qt is imported only once the arguments are good, so `--help`, `--version` and bad usage answer fast
and in one line (exit code 2), like the `journeymap` command. `--smoke-test` (not in --help: it is for
checking an installation, see ui/shell/desktop.py) starts as usual, then says "ok" once the window is
shown and quits by itself.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .cli import OneLineParser


def main(argv: Sequence[str] | None = None) -> int:
    parser = OneLineParser(prog="journeymap-designer", description="Journey Map Designer")
    parser.add_argument("file", nargs="?", help="a .journeymap file to open")
    parser.add_argument("--version", action="version", version=f"journeymap-designer {__version__}")
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        from .ui.shell.app import make_application, run
        from .ui.shell.desktop import SmokeTest, set_up_desktop
    except ImportError as exc:
        print(f"journeymap-designer: error: Qt cannot start: {exc}", file=sys.stderr)
        return 2
    app = make_application()  # run() uses this one: the icon is set before any window exists
    set_up_desktop(app)
    if args.smoke_test:
        SmokeTest(app, args.file)
    return run(args.file)


if __name__ == "__main__":
    sys.exit(main())
