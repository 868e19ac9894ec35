"""Build the Debian package from the frozen bundle: ``python packaging/build_deb.py`` (``make deb``).

Input: dist/journeymap-designer (``make package``) and build/icons (packaging/make_icons.py). Output:
dist/journeymap-designer_<version>_<arch>.deb, built with ``dpkg-deb --root-owner-group`` from a
staged tree under build/deb/root, which holds:

    /opt/journeymap-designer/                the bundle, both commands beside their libraries
    /usr/bin/journeymap, journeymap-designer links into it (the bundle finds itself through links)
    /usr/share/applications/<id>.desktop     the menu entry         (packaging/linux)
    /usr/share/mime/packages/<id>.xml        the .journeymap type   (packaging/linux)
    /usr/share/metainfo/<id>.metainfo.xml    AppStream              (packaging/linux)
    /usr/share/icons/hicolor/...             app and document icons, PNG sizes and SVG
    /usr/share/doc/journeymap-designer/copyright  the bundled components and their licences

Depends lists the system libraries the bundle links but PyInstaller leaves out (glibc, GL/EGL, xcb,
Wayland): found by reading every bundled ELF file's NEEDED entries, so a new one stops the build.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journeymap_designer import APP_ID, __version__  # noqa: E402

PACKAGE = "journeymap-designer"
LINUX = ROOT / "packaging" / "linux"
INSTALL_DIR = f"opt/{PACKAGE}"
COMMANDS = ("journeymap", "journeymap-designer")
MAINTAINER = "Journey Map Designer team <journeymap-designer@users.noreply.github.com>"
HOMEPAGE = "https://github.com/journeymap/designer"

# The libraries PyInstaller never bundles (they come with the system's C library and graphics
# stack), by soname, and the Debian package holding each.
SYSTEM_LIBRARIES = {
    "libc.so.6": "libc6",
    "libm.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libpthread.so.0": "libc6",
    "librt.so.1": "libc6",
    "libutil.so.1": "libc6",
    "libresolv.so.2": "libc6",
    "libcrypt.so.1": "libcrypt1",
    "ld-linux-x86-64.so.2": "libc6",
    "ld-linux-aarch64.so.1": "libc6",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libdrm.so.2": "libdrm2",
    "libxcb.so.1": "libxcb1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
# Depended on whatever the libraries say: fontconfig's configuration and at least one font (the
# bundle carries libfontconfig, not the fonts it finds).
ALWAYS_DEPENDS = ("libfontconfig1",)
RECOMMENDS = ("shared-mime-info", "desktop-file-utils", "hicolor-icon-theme", "xdg-utils")

_ELF_MAGIC = b"\x7fELF"
_GLIBC = re.compile(rb"GLIBC_(\d+)\.(\d+)")


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(4) == _ELF_MAGIC


def elf_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if is_elf(p))


def needed_libraries(files: Iterable[Path]) -> set[str]:
    """Every NEEDED soname of ``files`` (objdump -p, from binutils)."""
    found: set[str] = set()
    for path in files:
        done = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=True)
        lines = [line.split() for line in done.stdout.splitlines()]
        found.update(words[1] for words in lines if len(words) == 2 and words[0] == "NEEDED")
    return found


def external_libraries(bundle: Path) -> set[str]:
    """The libraries the bundle links that are not in it: the system must provide them."""
    bundled = {p.name for p in bundle.rglob("*")}
    return needed_libraries(elf_files(bundle)) - bundled


def glibc_floor(files: Iterable[Path]) -> tuple[int, int]:
    """The newest GLIBC_x.y symbol version any of ``files`` asks for (2.17 when none is found)."""
    newest = (2, 17)
    for path in files:
        for major, minor in _GLIBC.findall(path.read_bytes()):
            newest = max(newest, (int(major), int(minor)))
    return newest


def depends(libraries: Iterable[str], glibc: tuple[int, int]) -> list[str]:
    """The Depends field's entries for the external ``libraries``; an unknown one is an error."""
    unknown = sorted(name for name in libraries if name not in SYSTEM_LIBRARIES)
    if unknown:
        raise SystemExit(
            f"build_deb: the bundle links {', '.join(unknown)}, which it does not hold: bundle it, "
            "or add its Debian package to SYSTEM_LIBRARIES in packaging/build_deb.py"
        )
    packages = {SYSTEM_LIBRARIES[name] for name in libraries} | set(ALWAYS_DEPENDS) | {"libc6"}
    return [f"libc6 (>= {glibc[0]}.{glibc[1]})" if p == "libc6" else p for p in sorted(packages)]


def control_text(version: str, arch: str, installed_kib: int, depends_on: list[str]) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends_on)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: graphics\n"
        "Priority: optional\n"
        f"Homepage: {HOMEPAGE}\n"
        "Description: design customer journey maps and the playbooks that come from them\n"
        " Journey Map Designer lays out a customer journey as stages, touchpoints and\n"
        " moments, shows how each customer segment departs from the core journey, and\n"
        " exports the playbooks as Excel workbooks and PowerPoint decks.\n"
        " .\n"
        " This package holds the designer (journeymap-designer), with its menu entry,\n"
        " icon and the .journeymap file type, and the journeymap command. It is a\n"
        " self-contained build: Python, Qt and the libraries it uses are in\n"
        f" /{INSTALL_DIR}.\n"
    )


def _requirements(distribution: importlib.metadata.Distribution) -> list[str]:
    names = []
    for line in distribution.requires or []:
        if "extra ==" not in line:
            names.append(re.split(r"[ ;<>=!~\[(]", line, maxsplit=1)[0])
    return names


def third_party() -> list[tuple[str, str, str]]:
    """(name, version, licence) of the distributions journeymap-designer runs on, from their metadata."""
    seen: dict[str, tuple[str, str, str]] = {}
    todo = [PACKAGE]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            found = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        meta = found.metadata
        stated = meta["License-Expression"] or (meta["License"] or "").strip().split("\n")[0]
        classifiers = meta.get_all("Classifier") or []
        classified = [c.split(" :: ")[-1] for c in classifiers if c.startswith("License ::")]
        seen[key] = (meta["Name"], found.version, stated or ", ".join(classified) or "see its metadata")
        todo += _requirements(found)
    return [seen[k] for k in sorted(seen) if k != PACKAGE]


def copyright_text() -> str:
    lines = [
        "Journey Map Designer",
        f"Homepage: {HOMEPAGE}",
        "Licence: proprietary (see the project's terms).",
        "",
        f"/{INSTALL_DIR} also holds, unmodified and dynamically linked:",
        f"  Python {sys.version_info.major}.{sys.version_info.minor} (PSF-2.0) and its standard library",
        "  the Qt 6 libraries and plugins that ship with PySide6 (LGPL-3.0-only); each is a separate",
        "    shared library under _internal/PySide6/Qt and may be replaced by a compatible build",
        "  the PyInstaller bootloader (GPL-2.0-or-later with the PyInstaller bootloader exception)",
        "  system libraries from Debian, under their own licences (see /usr/share/doc of each package)",
        "",
        "Python distributions (name, version, licence as their metadata states it):",
    ]
    lines += [f"  {name} {version}: {licence}" for name, version, licence in third_party()]
    return "\n".join(lines) + "\n"


def _copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, symlinks=True)


def _normalise_modes(root: Path) -> None:
    """0755 folders and executables, 0644 the rest: the bundle's own modes depend on the umask."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            executable = path.stat().st_mode & stat.S_IXUSR
            path.chmod(0o755 if executable else 0o644)


def stage(root: Path, bundle: Path, icons: Path) -> None:
    """Lay out the package's files under ``root`` (emptied first)."""
    if root.exists():
        shutil.rmtree(root)
    _copy_tree(bundle, root / INSTALL_DIR)
    (root / "usr" / "bin").mkdir(parents=True)
    for command in COMMANDS:
        (root / "usr" / "bin" / command).symlink_to(f"/{INSTALL_DIR}/{command}")
    share = root / "usr" / "share"
    for source, folder in (
        (LINUX / f"{APP_ID}.desktop", share / "applications"),
        (LINUX / f"{APP_ID}.xml", share / "mime" / "packages"),
        (LINUX / f"{APP_ID}.metainfo.xml", share / "metainfo"),
    ):
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / source.name)
    _copy_tree(icons / "hicolor", share / "icons" / "hicolor")
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_text(), encoding="utf-8")
    _normalise_modes(root)
    debian = root / "DEBIAN"
    debian.mkdir()
    for script in ("postinst", "postrm"):
        shutil.copyfile(LINUX / "debian" / script, debian / script)
        (debian / script).chmod(0o755)


def installed_size_kib(root: Path) -> int:
    total = sum(p.lstat().st_size for p in root.rglob("*") if "DEBIAN" not in p.relative_to(root).parts)
    return (total + 1023) // 1024


def validate(root: Path) -> list[str]:
    """Check the menu entry and the AppStream file with the freedesktop tools; the problems found."""
    problems = []
    checks = (
        ["desktop-file-validate", str(root / "usr/share/applications" / f"{APP_ID}.desktop")],
        ["appstreamcli", "validate", "--no-net", str(root / "usr/share/metainfo" / f"{APP_ID}.metainfo.xml")],
    )
    for command in checks:
        if shutil.which(command[0]) is None:
            problems.append(f"{command[0]} is not installed (packaging/ensure-desktop-tools.sh installs it)")
            continue
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            problems.append(f"{' '.join(command[:2])}: {(done.stdout + done.stderr).strip()}")
    return problems


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


# dpkg-deb's compressors and the options used: zstd by default, 70 MB in 6 s on two cores here;
# xz makes 59 MB in 65 s (both cores) or 100 s (one). Debian 12's dpkg reads all three.
COMPRESSION = {"zstd": ["-Zzstd", "-z9"], "xz": ["-Zxz", "-z6"], "gzip": ["-Zgzip", "-z9"]}


def build(bundle: Path, icons: Path, work: Path, out: Path, compression: str = "zstd") -> Path:
    for needed, made_by in ((bundle, "make package"), (icons / "hicolor", "packaging/make_icons.py")):
        if not needed.is_dir():
            raise SystemExit(f"build_deb: {needed} is missing: run {made_by} first")
    root = work / "root"
    stage(root, bundle, icons)
    problems = validate(root)
    if problems:
        raise SystemExit("build_deb: " + "\nbuild_deb: ".join(problems))
    files = elf_files(root / INSTALL_DIR)
    depends_on = depends(external_libraries(root / INSTALL_DIR), glibc_floor(files))
    arch = architecture()
    control = control_text(__version__, arch, installed_size_kib(root), depends_on)
    (root / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"{PACKAGE}_{__version__}_{arch}.deb"
    # --root-owner-group: every file root:root without fakeroot
    command = ["dpkg-deb", "--root-owner-group", *COMPRESSION[compression], "--build", str(root), str(deb)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_deb.py", description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / PACKAGE)
    parser.add_argument("--icons", type=Path, default=ROOT / "build" / "icons")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "deb")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--compression", choices=sorted(COMPRESSION), default="zstd")
    args = parser.parse_args(argv)
    deb = build(args.bundle, args.icons, args.work, args.out, args.compression)
    print(f"build_deb: {deb} ({deb.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
