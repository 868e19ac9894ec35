"""``journeymap merge``, ``journeymap textconv`` and ``journeymap git-setup``: maps shared through git.

Several leads edit one workspace, each on a branch. Git merges and diffs files line by line, which for
a map's JSON means conflicts inside lists and changes that do not say whose field changed. Git lets a
repository name its own merge driver and diff text converter per file type, so:

- ``merge BASE OURS THEIRS`` is the three-way merge of ``model/merge.py`` on files, written over OURS
  by default, which is the contract of git's merge driver (``%O %A %B``: the result is left in %A,
  exit 0 when clean, non-zero with conflicts). Conflicts are recorded in the merged map, so git's
  conflicted file still loads, and ``journeymap validate`` or the app names each one;
- ``textconv FILE`` prints the map as one line per element field (``model/maplines.py``), which
  ``git diff`` and ``git log -p`` then compare instead of JSON lines;
- ``git-setup [REPO]`` writes the ``.gitattributes`` line and the repository's config for both.

``textconv`` is its own command rather than a mode of a user-facing one because its contract differs:
git hands it a temporary copy of any version ever committed (an older schema, a broken file, one with
git's own conflict markers), and a textconv that fails stops ``git diff`` and ``git log -p`` as a
whole. So it never fails on content: what is not a readable map is printed as its text. Every other
command refuses bad input with exit 2, as it should.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

from .model.atomicfile import write_atomic
from .model.edits import CommandError
from .model.fileformat import DocumentError, dump_workspace, parse_workspace, read_map_bytes
from .model.maplines import conflict_line, map_lines
from .model.merge import MergeResult, merge_workspaces
from .model.merge_load import check_assembled, load_branches
from .terminal import terminal_safe

EXIT_CLEAN, EXIT_CONFLICTS = 0, 1
DRIVER = "journeymap"  # the name of the merge and diff drivers in .gitattributes and the git config
ATTRIBUTES_LINE = f"*.journeymap merge={DRIVER} diff={DRIVER}"
XFUNCNAME = "^(.*: (title|name) .*)$"
DRIVER_NAME = "Journey Map Designer: merge by element and field"


def _base_path(path: str) -> str | None:
    """The common ancestor; an empty file (None) is an empty map.

    Git passes an empty ancestor when both branches added the file (add/add): merging against an
    empty map then keeps what both sides hold alike and records a conflict for what they hold
    differently, instead of refusing the merge.
    """
    file = Path(path)
    if file.is_file() and file.stat().st_size == 0:
        return None
    return path


def _label(text: str) -> str:
    """A side's name for conflicts: one short line (it is kept in the merged file)."""
    label = text.strip()
    if not label or len(label) > 80 or not label.isprintable():
        raise argparse.ArgumentTypeError(f"{text!r} is not a one-line label of up to 80 characters")
    return label


def merge_files(
    base: str | None, ours: str, theirs: str, out: str, ours_label: str, theirs_label: str
) -> MergeResult:
    """Merge three map files (base None: an empty map) into ``out``, atomically: what the command does."""
    base_ws, ours_ws, theirs_ws = load_branches(base, ours, theirs)
    result = merge_workspaces(base_ws, ours_ws, theirs_ws, ours_label, theirs_label)
    # Never leave a file the designer refuses. Every element of the merge is one the inputs held,
    # already validated; what the merge assembled (the workspace's own fields, its ids, its
    # conflicts) is validated again before anything is written.
    check_assembled(result.workspace, out)
    data = dump_workspace(result.workspace)
    try:
        write_atomic(out, data)
    except OSError as exc:
        raise DocumentError(out, f"cannot be saved: {exc.strerror or exc}") from None
    return result


def cmd_merge(args: argparse.Namespace) -> int:
    out = args.out or args.ours
    if args.out and Path(args.out).is_symlink():  # -o makes a new file: a planted link would redirect it
        raise DocumentError(args.out, "is a symbolic link; give the path of the file to write")
    result = merge_files(
        _base_path(args.base), args.ours, args.theirs, out, args.ours_label, args.theirs_label
    )
    for conflict in result.conflicts:
        print(terminal_safe(f"journeymap: conflict: {conflict_line(conflict)}"), file=sys.stderr)
    if result.clean:
        return EXIT_CLEAN
    count = len(result.conflicts)
    print(
        f"journeymap: {count} merge conflict{'s' if count != 1 else ''} recorded in the merged map, "
        f"which keeps the {terminal_safe(args.ours_label)} value until settled; "
        "`journeymap validate` lists them, the app settles them",
        file=sys.stderr,
    )
    return EXIT_CONFLICTS


def cmd_textconv(args: argparse.Namespace) -> int:
    path = Path(args.file)
    # Not a regular file, too large or unreadable: an error git shows (one line); that is not content.
    raw = read_map_bytes(path)
    try:
        lines = map_lines(parse_workspace(raw, str(path)))
    except DocumentError:
        text = raw.decode("utf-8", errors="replace")
        lines = iter(text.splitlines())
    out = sys.stdout.buffer  # UTF-8 whatever the locale: git compares bytes
    for line in lines:
        out.write(terminal_safe(line).encode("utf-8", errors="replace") + b"\n")
    out.flush()
    return EXIT_CLEAN


def journeymap_command() -> list[str]:
    """How git should run this program: the ``journeymap`` script installed next to this Python.

    Absolute, because git runs drivers from whatever folder and PATH the user has; and the script of
    the same installation, so git's merges use the code the user set up with. Without one (running
    from a source tree) the module is run by this interpreter.
    """
    python = Path(sys.executable).absolute()  # not resolved: a venv's python is a symbolic link
    script = python.with_name("journeymap")
    if script.is_file():
        return [str(script)]
    return [str(python), "-m", "journeymap_designer.cli"]


def _git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise CommandError("git is not installed (no `git` on PATH)") from None
    if done.returncode != 0:
        problem = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise CommandError(terminal_safe(f"git {args[0]}: {problem}"))
    return done.stdout.strip()


def _repository_root(repo: Path) -> Path:
    if not repo.is_dir():
        raise CommandError(terminal_safe(f"{repo}: no such folder"))
    try:
        found = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--show-toplevel"], capture_output=True, text=True
        )
    except FileNotFoundError:
        raise CommandError("git is not installed (no `git` on PATH)") from None
    if found.returncode != 0 or not found.stdout.strip():
        raise CommandError(terminal_safe(f"{repo}: not in a git repository (with a work tree)"))
    return Path(found.stdout.strip())


def _add_attributes(root: Path) -> bool:
    """Append the attributes line to the work tree's .gitattributes unless it is there; whether added."""
    file = root / ".gitattributes"
    text = file.read_text(encoding="utf-8", errors="surrogateescape") if file.exists() else ""
    if ATTRIBUTES_LINE in (line.strip() for line in text.splitlines()):
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    write_atomic(file, (text + ATTRIBUTES_LINE + "\n").encode("utf-8", errors="surrogateescape"))
    return True


def cmd_git_setup(args: argparse.Namespace) -> int:
    root = _repository_root(Path(args.repo))
    command = shlex.join(journeymap_command())
    settings = {
        f"merge.{DRIVER}.name": DRIVER_NAME,
        # git replaces %O, %A and %B with temporary files holding base, ours and theirs; the result
        # goes to %A. Git before 2.44 knows no placeholders for the branches' names, so the
        # conflicts recorded say "ours" and "theirs", as `git checkout --ours/--theirs` does.
        f"merge.{DRIVER}.driver": f"{command} merge %O %A %B",
        f"diff.{DRIVER}.textconv": f"{command} textconv",  # git appends the file's temporary path
        # Each hunk's header (after @@) shows the nearest line above it naming an element's title or
        # name, so a changed description comes with the card's title (git shows the first group).
        f"diff.{DRIVER}.xfuncname": XFUNCNAME,
    }
    added = _add_attributes(root)
    for key, value in settings.items():
        _git(root, "config", "--local", key, value)
    where = terminal_safe(str(root))
    state = "added" if added else "already there"
    print(f"{where}/.gitattributes: {ATTRIBUTES_LINE} ({state})")
    for key, value in settings.items():
        print(terminal_safe(f"git config {key} {shlex.quote(value)}"))
    print("git merge now merges .journeymap files by element and field; git diff shows changed fields")
    return EXIT_CLEAN


def add_parsers(sub: Any) -> None:
    """Register ``merge``, ``textconv`` and ``git-setup``."""
    p = sub.add_parser(
        "merge", help="three-way merge of maps by element and field (git's merge driver for .journeymap)"
    )
    p.add_argument("base", metavar="BASE", help="the common ancestor (an empty file: an empty map)")
    p.add_argument("ours", metavar="OURS")
    p.add_argument("theirs", metavar="THEIRS")
    p.add_argument("-o", "--out", metavar="OUT", help="where to write the merged map (default: OURS)")
    p.add_argument("--ours-label", default="ours", type=_label, metavar="L", help="what conflicts call OURS")
    p.add_argument(
        "--theirs-label", default="theirs", type=_label, metavar="L", help="what conflicts call THEIRS"
    )
    p.set_defaults(run=cmd_merge)

    p = sub.add_parser(
        "textconv", help="print a map as one line per element field (git diff's text converter)"
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run=cmd_textconv)

    p = sub.add_parser(
        "git-setup", help="make git merge and diff .journeymap files by element and field in REPO"
    )
    p.add_argument(
        "repo", metavar="REPO", nargs="?", default=".", help="a folder of the repository (default: here)"
    )
    p.set_defaults(run=cmd_git_setup)
