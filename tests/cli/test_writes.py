"""Writes go only where they should (issue 14, build point 4), through the real `journeymap` command.

Every writer refuses a target that exists and is not a regular file (a FIFO, a folder, a device node:
``/dev/null`` itself when root), with one line, leaving it as it was; an export refuses a symbolic
link unless ``--follow-symlinks``, while document saves follow links as the README promises, but
never onto anything but a regular file; a read-only (0444) file is refused rather than replaced, also
for another user in a writable folder; and a write that fails (a full disk, a read-only folder) names
the target the user gave, never a temp file. Root-only cases skip cleanly elsewhere.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from journeymap_designer.cli import main
from journeymap_designer.starter import sample_path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = str(sample_path())
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
root_only = pytest.mark.skipif(not IS_ROOT, reason="needs root (device nodes, another user, tmpfs)")

# Each writer as a CLI command line writing OUT (a name with the suffix the writer needs).
WRITERS: dict[str, tuple[str, Callable[[str, Path], list[str]]]] = {
    "export xlsx": (".xlsx", lambda out, tmp: ["export", SAMPLE, "--xlsx", out]),
    "export pptx": (".pptx", lambda out, tmp: ["export", SAMPLE, "--pptx", out]),
    "export tasks": (".csv", lambda out, tmp: ["export", SAMPLE, "--tasks", out]),
    "render png": (".png", lambda out, tmp: ["render", SAMPLE, out]),
    "new --force": (".journeymap", lambda out, tmp: ["new", "--template", "blank", "--force", out]),
    "merge -o": (".journeymap", lambda out, tmp: ["merge", SAMPLE, SAMPLE, SAMPLE, "-o", out]),
}


def _one_line_refusal(args: list[str], capsys: pytest.CaptureFixture[str], *words: str) -> str:
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("journeymap: error: ") and ".tmp" not in err
    for word in words:
        assert word in err, err
    return err


def _kind(path: Path) -> int:
    return stat.S_IFMT(os.lstat(path).st_mode)


@pytest.fixture
def fifo(tmp_path: Path) -> Callable[[str], Path]:
    def make(suffix: str) -> Path:
        path = tmp_path / f"target{suffix}"
        os.mkfifo(path)
        return path

    return make


@pytest.mark.timeout(120)  # a writer that opened the FIFO would block: fail, do not hang
@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_a_target_that_is_not_a_regular_file_is_refused(
    writer: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suffix, command = WRITERS[writer]
    target = tmp_path / f"target{suffix}"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        if not IS_ROOT:
            pytest.skip("making a device node needs root")
        os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null
    before = _kind(target)
    _one_line_refusal(command(str(target), tmp_path), capsys, str(target))
    assert _kind(target) == before  # still the FIFO, folder or device it was
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@root_only
@pytest.mark.parametrize(
    "args",
    [["export", SAMPLE, "--pptx", "/dev/null"], ["new", "--template", "blank", "--force", "/dev/null"]],
)
def test_dev_null_itself_is_never_replaced(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    before = os.stat("/dev/null")
    _one_line_refusal(args, capsys, "/dev/null", "device")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.parametrize("writer", ["export xlsx", "export pptx", "export tasks", "render png"])
def test_an_export_through_a_symlink_is_refused_unless_asked(
    writer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suffix, command = WRITERS[writer]
    victim = tmp_path / "elsewhere" / f"precious{suffix}"
    victim.parent.mkdir()
    victim.write_bytes(b"not to be overwritten")
    link = tmp_path / f"planted{suffix}"
    link.symlink_to(victim)
    _one_line_refusal(command(str(link), tmp_path), capsys, str(link), "symbolic link", "--follow-symlinks")
    assert victim.read_bytes() == b"not to be overwritten" and link.is_symlink()
    assert main([*command(str(link), tmp_path), "--follow-symlinks"]) == 0, capsys.readouterr().err
    assert link.is_symlink() and victim.read_bytes() != b"not to be overwritten"


def test_email_drafts_never_go_through_a_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "drafts"
    link.symlink_to(real)
    _one_line_refusal(["export", SAMPLE, "--emails", str(link)], capsys, "symbolic link")
    assert not list(real.iterdir())
    assert main(["export", SAMPLE, "--emails", str(link), "--follow-symlinks"]) == 0
    assert list(real.glob("*.eml"))


def _not_canonical(path: Path) -> bytes:
    data = json.dumps(json.loads(Path(SAMPLE).read_bytes()), indent=4).encode()
    path.write_bytes(data)
    return data


def test_document_saves_follow_links_but_never_onto_a_fifo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.journeymap"
    _not_canonical(real)
    link = tmp_path / "link.journeymap"
    link.symlink_to(real)
    assert main(["fmt", str(link)]) == 0  # as the README promises: the file it points to, the link kept
    assert link.is_symlink() and main(["fmt", "--check", str(real)]) == 0
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    to_pipe = tmp_path / "to-pipe.journeymap"
    to_pipe.symlink_to(pipe)
    # `new` makes a new file: a link is refused as such (a save of a map follows it, never onto a pipe).
    _one_line_refusal(["new", "--template", "blank", "--force", str(to_pipe)], capsys, "symbolic link")
    _one_line_refusal(["fmt", str(to_pipe)], capsys, "named pipe")
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


READ_ONLY_WRITES: dict[str, Callable[[Path], list[str]]] = {
    "fmt": lambda file: ["fmt", str(file)],
    "persona add": lambda file: ["persona", "add", str(file), "Auditor"],
    "properties": lambda file: ["properties", str(file), "--name", "Renamed"],
    "new --force": lambda file: ["new", "--template", "blank", "--force", str(file)],
}


@pytest.mark.parametrize("writer", list(READ_ONLY_WRITES))
def test_a_read_only_map_is_refused_not_replaced(
    writer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "locked.journeymap"
    data = _not_canonical(file)
    file.chmod(0o444)
    inode = file.stat().st_ino
    _one_line_refusal(READ_ONLY_WRITES[writer](file), capsys, str(file), "read-only")
    assert (
        file.read_bytes() == data
        and file.stat().st_ino == inode
        and stat.S_IMODE(file.stat().st_mode) == 0o444
    )


def test_a_read_only_export_target_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "kept.xlsx"
    out.write_bytes(b"someone's file")
    out.chmod(0o444)
    _one_line_refusal(["export", SAMPLE, "--xlsx", str(out)], capsys, "read-only")
    assert out.read_bytes() == b"someone's file"


@contextlib.contextmanager
def as_nobody() -> Iterator[None]:
    """Act as another user (``nobody``) in this process, as a colleague on a shared folder would."""
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder everyone may write (as a shared one is), holding a copy of the sample map."""
    folder = Path(tempfile.mkdtemp(prefix="jm-writes-"))
    folder.chmod(0o777)
    shutil.copy(SAMPLE, folder / "sample.journeymap")
    (folder / "sample.journeymap").chmod(0o644)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@root_only
def test_fmt_as_another_user_refuses_a_file_it_may_not_write(
    open_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = open_folder / "theirs.journeymap"
    data = _not_canonical(file)
    file.chmod(0o644)  # root's, readable by all, in a folder everyone may write
    with as_nobody():
        _one_line_refusal(["fmt", str(file)], capsys, str(file), "read-only")
    assert file.read_bytes() == data and file.stat().st_uid == 0


@root_only
@pytest.mark.parametrize("writer", ["export tasks", "new --force", "merge -o"])
def test_a_read_only_folder_names_the_target(
    writer: str, open_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suffix, command = WRITERS[writer]
    locked = open_folder / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    out = locked / f"out{suffix}"
    args = [
        str(open_folder / "sample.journeymap") if a == SAMPLE else a for a in command(str(out), open_folder)
    ]
    with as_nobody():
        _one_line_refusal(args, capsys, str(out), "Permission denied")
    assert not list(locked.iterdir())


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs, nearly full (root only: mounting needs it)."""
    if not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("a tiny tmpfs needs root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.parametrize(
    "writer", ["export xlsx", "export pptx", "export tasks", "render png", "new --force", "merge -o"]
)
def test_a_full_disk_names_the_target(
    writer: str, full_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suffix, command = WRITERS[writer]
    with contextlib.suppress(OSError), (full_disk / "filler").open("wb") as filler:
        while True:  # fill the disk to the last block
            filler.write(b"x" * 1024)
            filler.flush()
    out = full_disk / f"out{suffix}"
    _one_line_refusal(command(str(out), full_disk), capsys, str(out), "No space left on device")
    assert not out.exists() and not [p for p in full_disk.iterdir() if p.name.endswith(".tmp")]
