"""A stand-in for a buggy CLI, for the runner's self-test: ``python -m tests.hostile.misbehave WHAT``
does one thing the probe suite must catch (or, with ``behave``, nothing wrong)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path


def main(what: str) -> int:
    if what == "behave":
        print("all fine")
        return 0
    if what == "traceback":
        raise ValueError("a bug")
    if what == "exit-3":
        print("journeymap: internal error: IndexError: boom", file=sys.stderr)
        return 3
    if what == "two-lines":
        print("journeymap: error: one\njourneymap: error: two", file=sys.stderr)
        return 2
    if what == "escape":
        print("title \x1b]0;pwned\x07 \u202e")
        return 0
    if what == "hang":
        time.sleep(3600)
    if what == "signal":
        os.kill(os.getpid(), signal.SIGSEGV)
    if what == "write":
        Path("stray.txt").write_text("x")
        return 2
    if what == "replace":
        Path("victim.txt").write_text("changed")
        return 0
    if what == "memory":
        b"x" * (8 * 1024**3)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
