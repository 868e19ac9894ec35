"""Run one CLI command on a case's folder and say everything that went wrong.

A run is a separate process (see ``zygote.py``; ``HOSTILE_SPAWN=1`` starts ``python -m
journeymap_designer.cli`` for every run instead) with stdin on /dev/null, the worktree on
PYTHONPATH and a generous time limit. :func:`problems` applies the suite's rules to it:

- exit status 0, 1 or 2 only: never 3 (an internal error), never a signal, never a hang;
- a failure says so in one line on stderr (a success may warn on several); no traceback anywhere;
- no raw C0 control (but newline and tab), DEL, C1 control, bidi control or line/paragraph separator
  in stdout or stderr: text from a file must reach the terminal escaped;
- no file in the case's folder created, deleted or changed (kind, size, mode, owner, inode, bytes or
  link target) except the outputs the command is meant to write, and none at all when it failed.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
TIMEOUT = float(os.environ.get("HOSTILE_TIMEOUT", "60"))  # seconds; a run past it is a hang
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
HASHED = 256 * 1024 * 1024  # bytes: larger files are compared by size and time, not read
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def environment() -> dict[str, str]:
    """The environment of every run: this checkout first on the path, no display, UTF-8."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env.update(
        PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8", PYTHONDONTWRITEBYTECODE="1"
    )
    return env


@dataclass(frozen=True)
class Run:
    """What one command did."""

    argv: tuple[str, ...]
    code: int  # the exit status, or minus the signal that ended the process
    timed_out: bool
    stdout: bytes
    stderr: bytes


class Runner:
    """Runs commands through one zygote per test process (lazily started), or by spawning each."""

    def __init__(self, spawn: bool = False) -> None:
        self.spawn = spawn or os.environ.get("HOSTILE_SPAWN") == "1"
        self._zygote: subprocess.Popen[str] | None = None
        self._scratch = Path(tempfile.mkdtemp(prefix="hostile-io-"))

    def run(
        self,
        argv: Sequence[str],
        cwd: Path,
        timeout: float = TIMEOUT,
        spawn: bool = False,
        module: str = "journeymap_designer.cli",
    ) -> Run:
        """Run ``python -m MODULE ARGV`` in ``cwd``; ``spawn`` forces a fresh interpreter (Qt)."""
        if self.spawn or spawn:
            return self._spawned(argv, cwd, timeout, module)
        zygote = self._started()
        out, err = self._scratch / "stdout", self._scratch / "stderr"
        request = {
            "argv": list(argv),
            "cwd": str(cwd),
            "stdout": str(out),
            "stderr": str(err),
            "module": module,
        }
        assert zygote.stdin is not None and zygote.stdout is not None
        zygote.stdin.write(json.dumps(request | {"timeout": timeout}) + "\n")
        zygote.stdin.flush()
        reply = json.loads(_line(zygote.stdout))
        return Run(tuple(argv), reply["code"], reply["timed_out"], out.read_bytes(), err.read_bytes())

    def _spawned(self, argv: Sequence[str], cwd: Path, timeout: float, module: str) -> Run:
        command = [PYTHON, "-m", module, *argv]
        with subprocess.Popen(
            command,
            cwd=cwd,
            env=environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        ) as process:
            try:
                stdout, stderr = process.communicate(timeout=timeout)
                timed_out = False
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                stdout, stderr = process.communicate()
                timed_out = True
        return Run(tuple(argv), process.returncode, timed_out, stdout, stderr)

    def _started(self) -> subprocess.Popen[str]:
        if self._zygote is None or self._zygote.poll() is not None:
            self._zygote = subprocess.Popen(
                [PYTHON, "-m", "tests.hostile.zygote"],
                cwd=ROOT,
                env=environment(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert self._zygote.stdout is not None
            assert json.loads(_line(self._zygote.stdout)) == {"ready": True}
        return self._zygote

    def close(self) -> None:
        if self._zygote is not None:
            assert self._zygote.stdin is not None
            self._zygote.stdin.close()
            self._zygote.wait(timeout=30)
        for name in ("stdout", "stderr"):
            (self._scratch / name).unlink(missing_ok=True)
        self._scratch.rmdir()


def _line(stream: IO[str]) -> str:
    line = stream.readline()
    if not line:
        raise RuntimeError("the probe suite's zygote died")
    return line


Entry = tuple[Any, ...]


def snapshot(folder: Path) -> dict[str, Entry]:
    """Every entry under ``folder`` (links not followed, special files never opened): its kind, size,
    mode, owner, inode and content hash (a regular file) or target (a link)."""
    seen: dict[str, Entry] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            info = path.lstat()
            kind = stat.S_IFMT(info.st_mode)
            if stat.S_ISREG(kind) and info.st_size <= HASHED:
                detail: object = _hash(path)
            elif stat.S_ISREG(kind):  # a sparse file of gigabytes: its time stands for its bytes
                detail = info.st_mtime_ns
            elif stat.S_ISLNK(kind):
                detail = os.readlink(path)
            elif stat.S_ISCHR(kind) or stat.S_ISBLK(kind):
                detail = info.st_rdev
            else:
                detail = None
            mode = info.st_mode
            seen[str(path.relative_to(folder))] = (kind, info.st_size, mode, info.st_uid, info.st_ino, detail)
    return seen


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def changed(before: dict[str, Entry], after: dict[str, Entry]) -> list[str]:
    """Paths created, deleted or changed between two snapshots."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def problems(
    run: Run,
    before: dict[str, Entry],
    after: dict[str, Entry],
    outputs: Iterable[str] = (),
    timeout: float = TIMEOUT,
) -> list[str]:
    """Every rule the run broke, one line each (empty: it behaved)."""
    found = []
    if run.timed_out:
        found.append(f"no answer within {timeout:.0f} s (a hang)")
    elif run.code < 0:
        found.append(f"killed by {signal.Signals(-run.code).name}")
    elif run.code not in (0, 1, 2):
        found.append(f"exit {run.code}")
    stdout = run.stdout.decode("utf-8", "replace")
    stderr = run.stderr.decode("utf-8", "replace")
    if "Traceback (most recent call last)" in stdout + stderr:
        found.append("a traceback")
    lines = stderr.rstrip("\n").split("\n") if stderr else []
    if run.code != 0 and len(lines) > 1:  # a success may warn (funnel's row problems); an error is one line
        found.append(f"{len(lines)} lines on stderr")
    for name, text in (("stdout", stdout), ("stderr", stderr)):
        raw = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})
        if raw:
            found.append(f"raw {', '.join(raw[:6])} on {name}")
    allowed = list(outputs) if run.code == 0 else []
    stray = [p for p in changed(before, after) if not any(fnmatch.fnmatchcase(p, g) for g in allowed)]
    if stray:
        found.append(f"changed {', '.join(stray[:5])}")
    if found and lines:
        found.append(f"stderr: {_clip(lines[-1])}")
    return found


def _clip(text: str, limit: int = 160) -> str:
    shown = UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "\u2026"


def probe(
    runner: Runner,
    argv: Sequence[str],
    folder: Path,
    outputs: Iterable[str] = (),
    spawn: bool = False,
    timeout: float | None = None,
) -> list[str]:
    """Run ``argv`` in ``folder`` and return the rules it broke (``outputs``: globs of the paths,
    relative to the folder, that it may write when it succeeds)."""
    return probe_run(runner, argv, folder, outputs, spawn, timeout)[1]


def probe_run(
    runner: Runner,
    argv: Sequence[str],
    folder: Path,
    outputs: Iterable[str] = (),
    spawn: bool = False,
    timeout: float | None = None,
    module: str = "journeymap_designer.cli",
) -> tuple[Run, list[str]]:
    """:func:`probe`, with the run itself (for checks of its own)."""
    before = snapshot(folder)
    run = runner.run(argv, folder, timeout or TIMEOUT, spawn=spawn, module=module)
    return run, problems(run, before, snapshot(folder), outputs, timeout or TIMEOUT)
