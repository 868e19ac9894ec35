"""The `journeymap-designer [FILE]` entry point.

The canvas is not built yet (it is the next piece of work), so for now the designer opens the file
(the bundled sample by default) and prints its summary and check results. Bad input gets one line on
stderr and exit code 2, as on the CLI.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .cli import OneLineParser
from .model.fileformat import DocumentError, load_workspace
from .model.summary import summarize
from .starter import sample_path


def main(argv: Sequence[str] | None = None) -> int:
    parser = OneLineParser(prog="journeymap-designer", description="Journey Map Designer")
    parser.add_argument("file", nargs="?", help="a .journeymap file (default: the bundled sample)")
    args = parser.parse_args(argv)
    path = args.file or str(sample_path())
    try:
        workspace = load_workspace(path)
    except DocumentError as exc:
        print(f"journeymap-designer: error: {exc}", file=sys.stderr)
        return 2
    print(f"Opened {path}\n")
    print(summarize(workspace))
    print("\n(The map canvas is not built yet; this is the document summary.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
