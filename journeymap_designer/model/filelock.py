"""Who is editing a map: a small lock file beside it, so a second window or process is told.

The lock is ``.~NAME.lock`` in the map's folder (``.~map.journeymap.lock``): hidden on Unix, the
``~`` says "owner file" as office suites' ``~$`` and ``.~lock`` do, it never matches ``*.journeymap``
(so ``journeymap fmt *.journeymap`` and the open dialog's filter skip it), and a repository ignores
all of them with one ``.~*.lock`` line. It holds JSON: host, pid, user, time (UTC, ISO 8601), the
app and a random token, so a window removes only its own lock.

A lock is **stale**, and taken over, when its host is this host and its process is gone (a crash,
SIGKILL), or when it is older than `MAX_AGE` (another host that crashed; a live window rewrites its
lock's time every `REFRESH_SECONDS`), or when it cannot be read and was last written over
`GARBLED_GRACE` seconds ago (a half-written lock younger than that is someone's lock being made).
Advisory only: a lock never stops a save; the save-time check (`model.filestate`) does that.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import secrets
import socket
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

MAX_AGE = 12 * 60 * 60  # seconds; far longer than any refresh interval
REFRESH_SECONDS = 15 * 60
GARBLED_GRACE = 30.0
_APP = "Journey Map Designer"


def lock_path(map_path: str | os.PathLike[str]) -> Path:
    """Where the lock of a map lives: beside it, the real file's folder when it is a link."""
    real = Path(os.path.realpath(map_path))
    return real.with_name(f".~{real.name}.lock")


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (some containers): say so, do not fail
        return "unknown"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, not ours
    return True


@dataclass(frozen=True)
class LockInfo:
    """Who holds a lock, as written in the file."""

    host: str
    pid: int
    user: str
    time: str  # UTC, ISO 8601
    app: str = _APP
    token: str = ""

    @classmethod
    def mine(cls) -> LockInfo:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        return cls(socket.gethostname(), os.getpid(), _user(), now, _APP, secrets.token_hex(8))

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2).encode("utf-8") + b"\n"

    @classmethod
    def from_json(cls, raw: bytes) -> LockInfo | None:
        try:
            data = json.loads(raw.decode("utf-8"))
            return cls(
                host=str(data["host"]),
                pid=int(data["pid"]),
                user=str(data["user"]),
                time=str(data["time"]),
                app=str(data.get("app", "")),
                token=str(data.get("token", "")),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def age(self) -> float:
        """Seconds since the lock was written (a time in the future counts as fresh)."""
        try:
            then = datetime.fromisoformat(self.time)
        except ValueError:
            return float("inf")
        if then.tzinfo is None:
            then = then.replace(tzinfo=UTC)
        return max(0.0, (datetime.now(UTC) - then).total_seconds())

    def is_stale(self) -> bool:
        if self.host == socket.gethostname() and not _pid_alive(self.pid):
            return True
        return self.age() > MAX_AGE

    def describe(self) -> str:
        """One line for the user: who, where, since when."""
        try:
            since = datetime.fromisoformat(self.time).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            since = self.time
        where = "this computer" if self.host == socket.gethostname() else self.host
        return f"{self.user} on {where} (process {self.pid}) since {since}"


class LockedError(Exception):
    """Someone else holds the lock; ``holder`` says who (None: a lock being written right now)."""

    def __init__(self, map_path: Path, holder: LockInfo | None) -> None:
        self.map_path = map_path
        self.holder = holder
        who = holder.describe() if holder else "another program (its lock cannot be read yet)"
        super().__init__(f"{map_path.name} is being edited by {who}")


def read_lock(map_path: str | os.PathLike[str]) -> LockInfo | None:
    """The lock's holder, or None when there is no lock (or it cannot be read)."""
    with contextlib.suppress(OSError):
        return LockInfo.from_json(lock_path(map_path).read_bytes())
    return None


class FileLock:
    """This process's lock on one map; `acquire` takes it, `release` removes it if it is still ours."""

    def __init__(self, map_path: str | os.PathLike[str]) -> None:
        self.map_path = Path(map_path)
        self.path = lock_path(map_path)
        self.info: LockInfo | None = None
        self.took_over: LockInfo | None = None  # the stale lock replaced, to say so

    @property
    def held(self) -> bool:
        return self.info is not None

    def acquire(self) -> FileLock:
        """Take the lock, taking over a stale one; LockedError when someone live holds it."""
        for _attempt in range(3):
            info = LockInfo.mine()
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                self._clear_if_stale()
                continue
            with os.fdopen(fd, "wb") as handle:
                handle.write(info.to_json())
            self.info = info
            return self
        raise LockedError(self.map_path, read_lock(self.map_path))

    def _clear_if_stale(self) -> None:
        try:
            raw = self.path.read_bytes()
            written = self.path.stat().st_mtime
        except FileNotFoundError:
            return  # gone meanwhile: try again
        except OSError:
            raise LockedError(self.map_path, None) from None
        holder = LockInfo.from_json(raw)
        if holder is None:
            if time.time() - written < GARBLED_GRACE:
                raise LockedError(self.map_path, None)
        elif not holder.is_stale():
            raise LockedError(self.map_path, holder)
        self.took_over = holder
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def refresh(self) -> None:
        """Rewrite the lock's time, so a live window's lock never reaches MAX_AGE (if still ours)."""
        if self.info is None or not self._still_mine():
            return
        info = LockInfo(**{**asdict(self.info), "time": LockInfo.mine().time})
        with contextlib.suppress(OSError):
            self.path.write_bytes(info.to_json())
            self.info = info

    def _still_mine(self) -> bool:
        current = read_lock(self.map_path)
        return self.info is not None and current is not None and current.token == self.info.token

    def release(self) -> None:
        """Remove the lock if it is still this one's (a lock taken over since is someone else's)."""
        if self.info is not None and self._still_mine():
            with contextlib.suppress(OSError):
                self.path.unlink()
        self.info = None
