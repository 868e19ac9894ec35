"""A map's versions in git: the commits that touched its file, and the map as it was at one of them.

A lead asks how the map looked at last quarter's review, or what changed since. The file already
lives in git, so its history is git's: this module reads it through dulwich (pure Python, no ``git``
binary and no libgit2 to match), never by running git. Renames are followed as far as git's own rename
detection does (``git log --follow``). Everything the user can get wrong (a file outside any
repository, an unknown revision, a revision before the file existed) is a :class:`VersionError` whose
message is one line, as :class:`~.fileformat.DocumentError`'s is.

Qt-free: the CLI's ``diff --against REV`` and the app's File > Compare with Version… both use it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from dulwich.diff_tree import RENAME_CHANGE_TYPES
from dulwich.errors import NotGitRepository, NotTreeError
from dulwich.objects import Blob, Commit, ObjectID, Tree
from dulwich.objectspec import AmbiguousShortId, parse_commit, parse_object
from dulwich.repo import Repo

from .fileformat import DocumentError, parse_workspace
from .workspace import Workspace

SHORT = 8  # characters of a commit id shown to people, as `git log --oneline` shows at least 7


class VersionError(Exception):
    """A version could not be listed or read; the message is one line meant for the user as it is."""


@dataclass(frozen=True)
class Version:
    """One commit that touched the file, with the file's path in the repository at that commit."""

    id: str  # the full hex id
    author: str  # the author's name (the e-mail left out: it is the list people read)
    date: datetime  # the author's date, in the author's own time zone
    message: str  # the first line of the commit message
    path: str  # the file's path at this commit, relative to the repository (it may have been renamed)

    @property
    def short_id(self) -> str:
        return self.id[:SHORT]

    def label(self) -> str:
        """How a version is named in a summary: "3f2a9c1e (2025-03-14, Kickoff renamed)"."""
        return f"{self.short_id} ({self.date:%Y-%m-%d}, {self.message or 'no message'})"


@contextmanager
def _repository(file: str | os.PathLike[str]) -> Iterator[tuple[Repo, bytes]]:
    """The repository holding ``file`` (searched upwards from its folder) and the file's path in it."""
    path = Path(file).resolve()
    try:
        repo = Repo.discover(str(path.parent))
    except NotGitRepository:
        raise VersionError(f"{file}: not in a git repository, so it has no versions") from None
    try:
        if repo.bare:
            raise VersionError(f"{file}: in a bare git repository, which has no working files")
        root = Path(repo.path).resolve()
        try:
            relative = path.relative_to(root)
        except ValueError:
            raise VersionError(f"{file}: not inside the work tree of {root}") from None
        yield repo, os.fsencode(relative.as_posix())
    finally:
        repo.close()


def find_repository(file: str | os.PathLike[str]) -> Path:
    """The work tree of the git repository holding ``file``; VersionError when there is none."""
    with _repository(file) as (repo, _path):
        return Path(repo.path)


def _text(raw: bytes, commit: Commit) -> str:
    encoding = (commit.encoding or b"utf-8").decode("ascii", "replace")
    try:
        return raw.decode(encoding, "replace")
    except LookupError:  # an encoding Python does not know
        return raw.decode("utf-8", "replace")


def _version(commit: Commit, path: bytes) -> Version:
    author = _text(commit.author, commit)
    name = author.split("<", 1)[0].strip() or author
    zone = timezone(timedelta(seconds=commit.author_timezone))
    message = _text(commit.message, commit).strip().splitlines()
    return Version(
        id=commit.id.decode("ascii"),
        author=name,
        date=datetime.fromtimestamp(commit.author_time, zone),
        message=message[0].strip() if message else "",
        path=os.fsdecode(path),
    )


def _head(repo: Repo) -> ObjectID | None:
    try:
        return repo.head()
    except KeyError:  # a repository without commits yet
        return None


def _versions(repo: Repo, path: bytes, start: ObjectID, limit: int | None = None) -> list[Version]:
    """The commits reachable from ``start`` that touched the file, newest first, following renames."""
    found: list[Version] = []
    current = path
    for entry in repo.get_walker(include=[start], paths=[path], follow=True, max_entries=limit):
        commit = entry.commit
        found.append(_version(commit, current))
        changes = entry.changes()
        flat = [c for group in changes for c in (group if isinstance(group, list) else [group])]
        for change in flat:
            if change is None or change.type not in RENAME_CHANGE_TYPES:
                continue
            old, new = change.old, change.new
            if new is not None and new.path == current and old is not None and old.path is not None:
                current = old.path  # older commits know the file by its former name
                break
    return found


def list_versions(file: str | os.PathLike[str], limit: int | None = None) -> list[Version]:
    """The commits of the current branch that touched ``file``, newest first (at most ``limit``).

    Empty when the file was never committed. Raises VersionError outside a repository.
    """
    with _repository(file) as (repo, path):
        head = _head(repo)
        return _versions(repo, path, head, limit) if head is not None else []


def _resolve(repo: Repo, revision: str, file: str | os.PathLike[str]) -> Commit:
    """A commit from a full or short id, a branch, a tag, or ``HEAD~2`` / ``main^`` forms."""
    text = revision.strip()
    if not text or text.startswith("-") or any(ch.isspace() or not ch.isprintable() for ch in text):
        raise VersionError(f"{revision!r}: not a revision (give a commit id, a branch, a tag or HEAD~N)")
    try:
        return parse_commit(repo, text)  # full and short ids, branches, tags
    except AmbiguousShortId:
        raise VersionError(f"{text!r}: more than one commit starts with it; give more of the id") from None
    except (KeyError, ValueError):
        pass
    try:
        found = parse_object(repo, text)  # HEAD~2, main^, v1.0^{commit}...
        return parse_commit(repo, found.id)
    except (KeyError, ValueError, NotImplementedError, AmbiguousShortId):
        pass
    raise VersionError(
        f"{text!r}: no such revision in {Path(repo.path).name} "
        "(give a commit id, a short id, a branch, a tag, or HEAD~N)"
    )


def resolve_version(file: str | os.PathLike[str], revision: str) -> Version:
    """The commit ``revision`` names, with the file's path at that commit (renames followed).

    VersionError when the revision is unknown or the file did not exist there.
    """
    with _repository(file) as (repo, path):
        commit = _resolve(repo, revision, file)
        return _at(repo, path, commit, file, revision)


def _at(repo: Repo, path: bytes, commit: Commit, file: str | os.PathLike[str], revision: str) -> Version:
    if _blob(repo, commit, path) is not None:
        return _version(commit, path)
    # Renamed since? Its name at ``commit`` is the one it had at the newest commit (of the file's
    # history from HEAD) that ``commit`` includes.
    head = _head(repo)
    history = _versions(repo, path, head) if head is not None else []
    if history:
        ancestors = {e.commit.id for e in repo.get_walker(include=[commit.id])}
        for version in history:
            if version.id.encode("ascii") in ancestors:
                former = os.fsencode(version.path)
                if _blob(repo, commit, former) is not None:
                    return _version(commit, former)
                break
    raise VersionError(
        f"{file}: did not exist at {revision} ({commit.id.decode('ascii')[:SHORT]})"
        + (f"; its history begins at {history[-1].short_id}" if history else "")
    )


def _blob(repo: Repo, commit: Commit, path: bytes) -> Blob | None:
    tree = repo[commit.tree]
    assert isinstance(tree, Tree)
    try:
        _mode, sha = tree.lookup_path(repo.object_store.__getitem__, path)
    except (KeyError, NotTreeError):  # absent, or a parent folder of its path was a file then
        return None
    found = repo[sha]
    return found if isinstance(found, Blob) else None  # a folder of that name is not the file


def read_version(file: str | os.PathLike[str], version: Version | str) -> bytes:
    """The file's bytes at a version (a :class:`Version`, or any revision :func:`resolve_version` takes)."""
    with _repository(file) as (repo, path):
        if isinstance(version, str):
            version = _at(repo, path, _resolve(repo, version, file), file, version)
        commit = repo[version.id.encode("ascii")]
        assert isinstance(commit, Commit)
        blob = _blob(repo, commit, os.fsencode(version.path))
        if blob is None:
            raise VersionError(f"{file}: not found at {version.short_id} as {version.path}")
        return blob.as_raw_string()


def load_version(file: str | os.PathLike[str], version: Version | str) -> Workspace:
    """The map as it was at a version, migrated to the current schema like any file it opens.

    A version that is not a readable map (a broken commit, a newer schema) is a VersionError too.
    """
    if isinstance(version, str):
        version = resolve_version(file, version)
    raw = read_version(file, version)
    try:
        return parse_workspace(raw, f"{Path(file).name} at {version.short_id}")
    except DocumentError as exc:
        raise VersionError(str(exc)) from None
