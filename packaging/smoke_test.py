"""Smoke test of the Debian package: ``python3 packaging/smoke_test.py [DEB]`` (``make smoke``, CI).

The package is unpacked with ``dpkg-deb -x`` into a scratch root, and everything runs from there
with a bare environment (``env -i PATH=/usr/bin:/bin HOME=<scratch>``): no virtual environment, no
PYTHONPATH, no checkout on any path the bundle could look at. Checked, in order:

- the layout: both commands in /opt/journeymap-designer and linked from /usr/bin, the menu entry,
  the MIME type, the AppStream file and every icon; no file mentions the checkout or its venv;
- ``journeymap --version`` and ``journeymap-designer --version`` print the package's version;
- ``journeymap validate``, ``export --xlsx`` and ``--pptx`` (the outputs are sound zip files),
  ``render`` to PNG, SVG and PDF, and ``new --template`` for every bundled template, on the sample;
- ``journeymap-designer --smoke-test`` on a copy of the sample, offscreen, and on X11 under Xvfb
  when xvfb-run is installed: the window is shown, the file open, the icon set, then it quits (exit
  0); the file is in the recent files afterwards, the recovery folder made, both in the home given;
- desktop-file-validate and appstreamcli validate --no-net; the MIME type recognises the sample by
  name and a renamed copy by content (update-mime-database and gio, when installed).

Prints one line a check and a summary; exit code 1 when any check failed. Only the standard library:
it runs with the system's python3.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "journeymap-designer"
APP_ID = "io.github.journeymap.Designer"
MIME_TYPE = "application/x-journeymap"
INSTALL_DIR = Path("opt") / PACKAGE
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
TIMEOUT_S = 180


class CheckFailed(Exception):
    """A check found something wrong; the message says what."""


class Skipped(Exception):
    """A check could not run here (a tool missing); the message says why."""


@dataclass
class Outcome:
    name: str
    status: str  # "ok", "FAIL" or "skip"
    detail: str
    seconds: float


def version_of(root: Path = ROOT) -> str:
    """The version in journeymap_designer/__init__.py, read without importing the package."""
    text = (root / "journeymap_designer" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise SystemExit("smoke_test: no __version__ in journeymap_designer/__init__.py")
    return found[1]


def expected_files() -> list[Path]:
    """The files the package must hold, relative to the root it is unpacked into."""
    share = Path("usr/share")
    files = [INSTALL_DIR / "journeymap", INSTALL_DIR / PACKAGE]
    files += [Path("usr/bin/journeymap"), Path(f"usr/bin/{PACKAGE}")]
    files += [
        share / "applications" / f"{APP_ID}.desktop",
        share / "mime" / "packages" / f"{APP_ID}.xml",
        share / "metainfo" / f"{APP_ID}.metainfo.xml",
        share / "doc" / PACKAGE / "copyright",
    ]
    for context, name in (("apps", APP_ID), ("mimetypes", "application-x-journeymap")):
        files += [share / "icons/hicolor" / f"{n}x{n}" / context / f"{name}.png" for n in ICON_SIZES]
        files.append(share / "icons/hicolor/scalable" / context / f"{name}.svg")
    return files


class Smoke:
    """The checks, run one after the other against the package unpacked under ``work``."""

    def __init__(self, deb: Path, work: Path, version: str, forbidden: list[str]) -> None:
        self.deb = deb
        self.work = work
        self.version = version
        self.forbidden = [f for f in forbidden if f]
        self.root = work / "root"
        self.home = work / "home"
        self.files = work / "files"
        self.outcomes: list[Outcome] = []
        self.said: list[str] = []  # what the designer printed on its last start

    # -- running ------------------------------------------------------------------------------

    def env(self, **extra: str) -> dict[str, str]:
        """A bare environment: nothing from the caller's (no venv, no PYTHONPATH, no DISPLAY)."""
        runtime = self.work / "runtime"
        runtime.mkdir(mode=0o700, exist_ok=True)
        return {"PATH": "/usr/bin:/bin", "HOME": str(self.home), "LANG": "C.UTF-8"} | {
            "XDG_RUNTIME_DIR": str(runtime),
            **extra,
        }

    def run(self, command: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, capture_output=True, text=True, env=self.env(**extra), cwd=self.files, timeout=TIMEOUT_S
        )

    def command(self, name: str) -> str:
        return str(self.root / INSTALL_DIR / name)

    def ok_run(self, command: list[str], **extra: str) -> str:
        """Run ``command`` from the bundle; its stdout, or CheckFailed with its exit code and stderr."""
        done = self.run(command, **extra)
        if done.returncode != 0:
            shown = " ".join(Path(c).name if c.startswith(str(self.root)) else c for c in command)
            error = (done.stderr.strip() or done.stdout.strip()).splitlines()[-3:]
            raise CheckFailed(f"{shown}: exit {done.returncode}: {' | '.join(error)}")
        return done.stdout

    def check(self, name: str, action: Callable[[], str]) -> None:
        start = time.monotonic()
        try:
            status, detail = "ok", action()
        except CheckFailed as exc:
            status, detail = "FAIL", str(exc)
        except Skipped as exc:
            status, detail = "skip", str(exc)
        except (OSError, subprocess.SubprocessError) as exc:
            status, detail = "FAIL", f"{type(exc).__name__}: {exc}"
        outcome = Outcome(name, status, detail, time.monotonic() - start)
        self.outcomes.append(outcome)
        print(f"{outcome.status:<4} {name:<44} {outcome.seconds:5.1f} s  {detail}", flush=True)

    # -- the checks ---------------------------------------------------------------------------

    def unpack(self) -> str:
        for folder in (self.home, self.files):
            folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["dpkg-deb", "-x", str(self.deb), str(self.root)], check=True, timeout=TIMEOUT_S)
        fields = ["dpkg-deb", "-f", str(self.deb), "Version", "Depends"]
        control = subprocess.run(fields, capture_output=True, text=True, check=True).stdout
        if f"Version: {self.version}" not in control:
            raise CheckFailed(f"the package is not version {self.version}: {control.strip()}")
        size = sum(p.lstat().st_size for p in (self.root / INSTALL_DIR).rglob("*"))
        return f"{self.deb.name}, bundle {size / 2**20:.0f} MiB"

    def layout(self) -> str:
        missing = [str(p) for p in expected_files() if not os.path.lexists(self.root / p)]
        if missing:
            raise CheckFailed(f"missing: {', '.join(missing)}")
        for command in ("journeymap", PACKAGE):
            target = os.readlink(self.root / "usr/bin" / command)
            if target != f"/{INSTALL_DIR}/{command}":
                raise CheckFailed(f"/usr/bin/{command} links to {target}")
        return f"{len(expected_files())} files in place"

    def no_build_paths(self) -> str:
        """No file of the bundle names the checkout or the venv it was built from."""
        needles = [f.encode() for f in self.forbidden]
        scanned = 0
        for path in (self.root / INSTALL_DIR).rglob("*"):
            if path.is_symlink() or not path.is_file():
                continue
            data = path.read_bytes()
            scanned += 1
            for needle in needles:
                if needle in data:
                    raise CheckFailed(f"{path.relative_to(self.root)} mentions {needle.decode()}")
        return f"{scanned} files, none mentions {' or '.join(self.forbidden) or '(nothing to look for)'}"

    def versions(self) -> str:
        shown = []
        for command in ("journeymap", PACKAGE):
            out = self.ok_run([self.command(command), "--version"]).strip()
            if out != f"{command} {self.version}":
                raise CheckFailed(f"{command} --version printed {out!r}")
            shown.append(out)
        return "; ".join(shown)

    def sample(self) -> Path:
        copy = self.files / "b2b-saas.journeymap"
        if not copy.exists():
            resources = self.root / INSTALL_DIR / "_internal/journeymap_designer/_resources"
            shutil.copyfile(resources / "samples" / "b2b-saas.journeymap", copy)
        return copy

    def validate(self) -> str:
        out = self.ok_run([self.command("journeymap"), "validate", str(self.sample())])
        return out.strip().splitlines()[-1]

    def export(self, kind: str) -> str:
        out = self.files / f"playbook.{kind}"
        self.ok_run([self.command("journeymap"), "export", str(self.sample()), f"--{kind}", str(out)])
        with zipfile.ZipFile(out) as archive:
            bad = archive.testzip()
            names = archive.namelist()
        if bad is not None or "[Content_Types].xml" not in names:
            raise CheckFailed(f"{out.name} is not a sound Office file (bad member: {bad})")
        return f"{out.name}: {out.stat().st_size / 1000:.0f} kB, {len(names)} parts, zip test passed"

    def render(self) -> str:
        signatures = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}
        sizes = []
        for suffix, signature in signatures.items():
            out = self.files / f"map.{suffix}"
            self.ok_run([self.command("journeymap"), "render", str(self.sample()), str(out)])
            if not out.read_bytes().startswith(signature):
                raise CheckFailed(f"{out.name} does not start as a {suffix.upper()} file does")
            sizes.append(f"{out.name} {out.stat().st_size / 1000:.0f} kB")
        return ", ".join(sizes)

    def templates(self) -> str:
        folder = self.root / INSTALL_DIR / "_internal/journeymap_designer/_resources/templates"
        names = sorted(p.name.removesuffix(".journeymap") for p in folder.glob("*.journeymap"))
        if not names:
            raise CheckFailed(f"no templates in {folder}")
        for name in names:
            out = self.files / f"new-{name}.journeymap"
            self.ok_run([self.command("journeymap"), "new", "--template", name, str(out)])
            self.ok_run([self.command("journeymap"), "validate", str(out)])
        return f"{len(names)} templates: {', '.join(names)}"

    def designer(self, platform: str) -> str:
        command = [self.command(PACKAGE), "--smoke-test", str(self.sample())]
        if platform == "xcb":
            if shutil.which("xvfb-run") is None:
                raise Skipped("xvfb-run is not installed (apt-get install xvfb)")
            command = ["/usr/bin/xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *command]
        out = self.ok_run(command, QT_QPA_PLATFORM=platform).strip().splitlines()
        if not out or not out[0].startswith("ok: window shown: b2b-saas.journeymap"):
            raise CheckFailed(f"the designer said {out!r}")
        locks = [p.name for p in self.files.iterdir() if p.name.startswith(".~")]
        if locks:
            raise CheckFailed(f"lock files left: {locks}")
        self.said = out
        return out[0]

    def user_folders(self) -> str:
        """The recent files and the recovery folder are the user's, in the home the designer was given."""
        settings = self.home / ".config" / "JourneyMapDesigner" / "Journey Map Designer.conf"
        if not settings.is_file():
            raise CheckFailed(f"no settings written at {settings}")
        text = settings.read_text(encoding="utf-8", errors="replace")
        if str(self.sample()) not in text:
            raise CheckFailed(f"{self.sample()} is not in the recent files of {settings.name}")
        prefix = "recovery folder: "
        said = [line.removeprefix(prefix) for line in self.said if line.startswith(prefix)]
        if not said or not Path(said[0]).is_dir() or not said[0].startswith(f"{self.home}/"):
            raise CheckFailed(f"the recovery folder is not a folder in the home given: {said}")
        return (
            f"the sample is in the recent files ({settings.relative_to(self.home)}); "
            f"recovery folder {Path(said[0]).relative_to(self.home)}"
        )

    def desktop_file(self) -> str:
        path = self.root / "usr/share/applications" / f"{APP_ID}.desktop"
        return self._validator(["desktop-file-validate", str(path)], "desktop-file-utils")

    def metainfo(self) -> str:
        path = self.root / "usr/share/metainfo" / f"{APP_ID}.metainfo.xml"
        return self._validator(["appstreamcli", "validate", "--no-net", str(path)], "appstream")

    def _validator(self, command: list[str], package: str) -> str:
        if shutil.which(command[0]) is None:
            raise Skipped(f"{command[0]} is not installed (apt-get install {package})")
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
        said = " ".join((done.stdout + done.stderr).split())
        if done.returncode != 0:
            raise CheckFailed(f"{command[0]}: {said}")
        return f"valid{': ' + said[:90] if said else ''}"

    def mime_type(self) -> str:
        """The sample by its name, and a copy without the suffix by its content, are journey maps."""
        if shutil.which("update-mime-database") is None or shutil.which("gio") is None:
            raise Skipped("update-mime-database or gio is not installed (shared-mime-info, libglib2.0-bin)")
        data = self.work / "xdg-data"
        (data / "mime" / "packages").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(
            self.root / "usr/share/mime/packages" / f"{APP_ID}.xml", data / "mime/packages" / f"{APP_ID}.xml"
        )
        subprocess.run(["update-mime-database", str(data / "mime")], check=True, capture_output=True)
        renamed = self.files / "map-without-suffix"
        shutil.copyfile(self.sample(), renamed)
        found = []
        for path in (self.sample(), renamed):
            done = self.run(
                ["gio", "info", "-a", "standard::content-type", str(path)],
                XDG_DATA_HOME=str(data),
                XDG_DATA_DIRS="/usr/share",
            )
            kind = re.search(r"standard::content-type: (\S+)", done.stdout)
            found.append(kind[1] if kind else f"nothing ({done.stderr.strip()})")
        if found != [MIME_TYPE, MIME_TYPE]:
            raise CheckFailed(f"by name: {found[0]}, by content: {found[1]}")
        return f"{MIME_TYPE} by name and by content"

    def all(self) -> int:
        start = time.monotonic()
        self.check("unpack with dpkg-deb -x", self.unpack)
        if self.outcomes[-1].status != "ok":
            return 1
        self.check("layout", self.layout)
        self.check("no build paths in the bundle", self.no_build_paths)
        self.check("--version of both commands", self.versions)
        self.check("journeymap validate (sample)", self.validate)
        self.check("journeymap export --xlsx", lambda: self.export("xlsx"))
        self.check("journeymap export --pptx", lambda: self.export("pptx"))
        self.check("journeymap render PNG, SVG, PDF", self.render)
        self.check("journeymap new --template (every template)", self.templates)
        self.check("designer --smoke-test (offscreen)", lambda: self.designer("offscreen"))
        self.check("designer --smoke-test (X11 under Xvfb)", lambda: self.designer("xcb"))
        self.check("recent files and recovery folder", self.user_folders)
        self.check("desktop-file-validate", self.desktop_file)
        self.check("appstreamcli validate --no-net", self.metainfo)
        self.check("MIME type by name and by content", self.mime_type)
        failed = [o.name for o in self.outcomes if o.status == "FAIL"]
        skipped = [o.name for o in self.outcomes if o.status == "skip"]
        passed = len(self.outcomes) - len(failed) - len(skipped)
        print(
            f"smoke test: {passed} passed, {len(failed)} failed, {len(skipped)} skipped "
            f"in {time.monotonic() - start:.1f} s ({self.deb.name})"
        )
        if failed:
            print(f"smoke test: FAILED: {'; '.join(failed)}", file=sys.stderr)
        return 1 if failed else 0


def newest_deb(folder: Path, version: str) -> Path:
    found = sorted(folder.glob(f"{PACKAGE}_{version}_*.deb"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise SystemExit(f"smoke_test: no {PACKAGE}_{version}_*.deb in {folder}: run make deb first")
    return found[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="smoke_test.py", description=__doc__.splitlines()[0])
    parser.add_argument("deb", nargs="?", type=Path, help="the package (default: the newest in dist/)")
    parser.add_argument("--version", dest="expected", help="the version expected (default: the checkout's)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and say where it is")
    parser.add_argument(
        "--forbid",
        action="append",
        default=[str(ROOT)],
        help="a path no bundled file may mention (default: this checkout, hence its .venv too)",
    )
    args = parser.parse_args(argv)
    version = args.expected or version_of()
    deb = (args.deb or newest_deb(ROOT / "dist", version)).resolve()
    work = Path(tempfile.mkdtemp(prefix="journeymap-smoke-"))
    try:
        return Smoke(deb, work, version, args.forbid).all()
    finally:
        if args.keep:
            print(f"smoke test: scratch root kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
