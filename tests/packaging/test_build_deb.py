"""The Debian package's builder (packaging/build_deb.py) and smoke test (packaging/smoke_test.py), run
on a stand-in bundle whose two commands are small scripts: the layout, the control file, and the
smoke test passing on a sound package and naming what fails on a broken one. The real bundle is
built and smoke-tested by `make smoke` (CI), not here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from journeymap_designer import APP_ID, __version__

from .helpers import ROOT, load

build_deb = load("build_deb")
smoke_test = load("smoke_test")
make_icons = load("make_icons")

# Stands for both frozen commands: answers as they do, from the resources beside it.
STUB = r"""#!/usr/bin/env python3
import os, shutil, sys, zipfile
here = os.path.dirname(os.path.realpath(sys.argv[0]))
name, args = os.path.basename(sys.argv[0]), sys.argv[1:]
resources = os.path.join(here, "_internal", "journeymap_designer", "_resources")
if args == ["--version"]:
    print(f"{name} @VERSION@")
elif name == "journeymap-designer":
    if "@BROKEN@" == "yes":
        print("journeymap-designer: error: Qt cannot start", file=sys.stderr)
        sys.exit(2)
    conf = os.path.join(os.environ["HOME"], ".config", "JourneyMapDesigner")
    os.makedirs(conf, exist_ok=True)
    with open(os.path.join(conf, "Journey Map Designer.conf"), "w") as f:
        f.write(f"[General]\nrecent_files={args[-1]}\n")
    print(f"ok: window shown: {os.path.basename(args[-1])} \u2014 Journey Map Designer")
    recovery = os.path.join(os.environ["HOME"], ".local", "share", "JourneyMapDesigner", "recovery")
    os.makedirs(recovery, exist_ok=True)
    print(f"recovery folder: {recovery}")
elif args[0] == "validate":
    print("\n0 errors, 0 warnings, 0 notes")
elif args[0] == "export":
    with zipfile.ZipFile(args[-1], "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
elif args[0] == "render":
    signature = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}[args[-1].rsplit(".", 1)[1]]
    open(args[-1], "wb").write(signature + b"...")
elif args[0] == "new":
    shutil.copyfile(os.path.join(resources, "templates", args[2] + ".journeymap"), args[3])
"""

needs_dpkg = pytest.mark.skipif(
    shutil.which("dpkg-deb") is None or not Path("/usr/bin/python3").exists(),
    reason="needs dpkg-deb and /usr/bin/python3 (Debian)",
)


def stand_in_bundle(folder: Path, broken: bool = False) -> Path:
    """A folder laid out as dist/journeymap-designer, with scripts for commands."""
    bundle = folder / "journeymap-designer"
    shutil.copytree(ROOT / "resources", bundle / "_internal" / "journeymap_designer" / "_resources")
    text = STUB.replace("@VERSION@", __version__).replace("@BROKEN@", "yes" if broken else "no")
    for command in ("journeymap", "journeymap-designer"):
        (bundle / command).write_text(text, encoding="utf-8")
        (bundle / command).chmod(0o755)
    return bundle


@pytest.fixture(scope="module")
def icons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    folder = tmp_path_factory.mktemp("icons")
    make_icons.make_icons(folder)
    del app
    return folder


def test_depends_names_the_packages_of_the_libraries_left_out() -> None:
    found = build_deb.depends({"libc.so.6", "libEGL.so.1", "libxcb.so.1", "libwayland-egl.so.1"}, (2, 36))
    assert found == ["libc6 (>= 2.36)", "libegl1", "libfontconfig1", "libwayland-egl1", "libxcb1"]
    with pytest.raises(SystemExit, match=r"libfoo\.so\.1.*SYSTEM_LIBRARIES"):
        build_deb.depends({"libc.so.6", "libfoo.so.1"}, (2, 36))


def test_glibc_floor_is_the_newest_symbol_version(tmp_path: Path) -> None:
    lib = tmp_path / "lib.so"
    lib.write_bytes(b"\0GLIBC_2.14\0GLIBC_2.34\0GLIBC_2.4\0")
    assert build_deb.glibc_floor([lib]) == (2, 34)
    assert build_deb.glibc_floor([]) == (2, 17)


def test_control_file() -> None:
    text = build_deb.control_text("1.2.3", "amd64", 1234, ["libc6 (>= 2.36)", "libgl1"])
    fields = dict(line.split(": ", 1) for line in text.splitlines() if line and not line.startswith(" "))
    assert fields["Package"] == "journeymap-designer" and fields["Version"] == "1.2.3"
    assert fields["Architecture"] == "amd64" and fields["Installed-Size"] == "1234"
    assert fields["Depends"] == "libc6 (>= 2.36), libgl1"
    assert "desktop-file-utils" in fields["Recommends"]
    assert all(len(line) <= 80 for line in text.splitlines() if line.startswith(" "))  # the description


def test_the_copyright_file_names_the_bundled_components() -> None:
    text = build_deb.copyright_text()
    for name in ("pydantic", "openpyxl", "python-pptx", "lxml", "LGPL-3.0-only", "PyInstaller bootloader"):
        assert name in text


def test_the_staged_tree_holds_what_the_smoke_test_expects(tmp_path: Path, icons: Path) -> None:
    root = tmp_path / "root"
    build_deb.stage(root, stand_in_bundle(tmp_path), icons)
    for path in smoke_test.expected_files():
        assert (root / path).exists() or (root / path).is_symlink(), path
    assert (root / "usr/bin/journeymap").readlink() == Path("/opt/journeymap-designer/journeymap")
    assert (root / "opt/journeymap-designer/journeymap").stat().st_mode & 0o777 == 0o755
    assert (root / "usr/share/applications" / f"{APP_ID}.desktop").stat().st_mode & 0o777 == 0o644
    assert (root / "DEBIAN/postinst").stat().st_mode & 0o777 == 0o755


@needs_dpkg
@pytest.mark.slow  # builds two small packages and runs the smoke test on each
def test_the_smoke_test_passes_a_sound_package_and_names_what_breaks(
    tmp_path: Path, icons: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_deb, "validate", lambda root: [])  # covered by test_linux_files
    monkeypatch.setattr(build_deb, "external_libraries", lambda bundle: {"libc.so.6"})  # no ELF here
    sound = build_deb.build(stand_in_bundle(tmp_path / "a"), icons, tmp_path / "work-a", tmp_path / "out-a")
    assert sound.name == f"journeymap-designer_{__version__}_{build_deb.architecture()}.deb"
    control = subprocess.run(["dpkg-deb", "-f", str(sound)], capture_output=True, text=True).stdout
    assert "Depends: libc6 (>= 2.17), libfontconfig1" in control
    assert smoke_test.main([str(sound), "--forbid", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out and "designer --smoke-test (offscreen)" in out
    assert "4 templates" in out and "the sample is in the recent files" in out
    assert "recovery folder .local/share/JourneyMapDesigner/recovery" in out

    broken = build_deb.build(
        stand_in_bundle(tmp_path / "b", broken=True), icons, tmp_path / "work-b", tmp_path / "out-b"
    )
    assert smoke_test.main([str(broken)]) == 1
    out = capsys.readouterr().out
    assert "FAIL designer --smoke-test (offscreen)" in out
    assert "exit 2: journeymap-designer: error: Qt cannot start" in out
    assert "ok   journeymap export --pptx" in out  # the other checks still ran
