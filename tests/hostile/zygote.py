"""A fork server for the probe suite: ``python -m tests.hostile.zygote`` imports the CLI and the
exporters once, then forks one child per request, which runs ``journeymap_designer.cli`` as
``python -m`` would (``runpy`` with ``run_name="__main__"``).

Why: a fresh interpreter spends about a second importing pydantic, networkx, openpyxl and
python-pptx, and the suite makes well over a thousand runs; forking from an interpreter that has
already imported them costs milliseconds. Each child is still its own process: its own session,
stdin on /dev/null, stdout and stderr in files, an address-space limit (so reading ``/dev/zero``
whole fails inside the child instead of taking the machine's memory), its own exit status or
signal, and a SIGKILL after the time limit. The zygote itself never runs a command, so every child
starts from the same freshly imported state. ``HOSTILE_SPAWN=1`` makes the runner skip this
and start ``python -m journeymap_designer.cli`` for every run instead (slower, same assertions).

Protocol: one JSON object per line on stdin (``argv``, ``cwd``, ``stdout``, ``stderr``,
``timeout``, optionally ``module``), one JSON line back (``code``: exit status, or minus the
signal; ``timed_out``).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import runpy
import signal
import sys
import time
import traceback
from typing import Any

MODULE = "journeymap_designer.cli"  # what a request runs unless it names another (the runner's self-test)
MEMORY_LIMIT = 3 * 1024**3  # bytes of address space per child


def _preload() -> None:
    """Import what the commands import lazily, so children do not pay for it (no Qt: see runner)."""
    import journeymap_designer
    import journeymap_designer.cli

    # As under ``python -m``, the module itself must not be imported yet (runpy warns otherwise).
    del sys.modules["journeymap_designer.cli"]
    delattr(journeymap_designer, "cli")


def _child(request: dict[str, Any]) -> None:
    """In the forked child: become the command, as ``python -m journeymap_designer.cli`` would."""
    code = 1
    try:
        os.setsid()
        os.chdir(request["cwd"])
        null = os.open(os.devnull, os.O_RDONLY)
        out = os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        for fd, target in ((null, 0), (out, 1), (err, 2)):
            os.dup2(fd, target)
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.argv = ["-m", *request["argv"]]
        runpy.run_module(request.get("module", MODULE), run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    except BaseException:  # what the interpreter would do: a traceback and status 1
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            code = code or 120  # as Python does when flushing stdout fails at exit
        os._exit(code)


def _wait(pid: int, timeout: float) -> tuple[int, bool]:
    """The child's exit status (minus the signal that ended it) and whether it ran out of time."""
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), False
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            return os.waitstatus_to_exitcode(status), True
        time.sleep(pause)
        pause = min(pause * 2, 0.02)


def serve() -> None:
    """Answer requests until stdin closes."""
    _preload()
    replies = sys.stdout
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing stray on the protocol
    print(json.dumps({"ready": True}), file=replies, flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        sys.stderr.flush()
        replies.flush()
        pid = os.fork()
        if pid == 0:
            sys.stdout = replies  # a fresh process's stdout: the wrapper over fd 1
            _child(request)
        code, timed_out = _wait(pid, float(request["timeout"]))
        print(json.dumps({"code": code, "timed_out": timed_out}), file=replies, flush=True)


if __name__ == "__main__":
    serve()
