"""The desktop integration files the Debian package installs (packaging/linux): the menu entry, the
.journeymap MIME type and the AppStream metadata say the same things as the app and each other."""

from __future__ import annotations

import configparser
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from journeymap_designer import APP_ID, __version__
from journeymap_designer.model.fileformat import dump_workspace, load_workspace
from journeymap_designer.starter import sample_path, template_path

from .helpers import PACKAGING, ROOT

LINUX = PACKAGING / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
MIME = LINUX / f"{APP_ID}.xml"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_menu_entry() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Journey Map Designer"
    assert entry["GenericName"] and entry["Comment"]
    assert entry["Exec"] == "journeymap-designer %f"  # one file, as a file manager passes it
    assert entry["Icon"] == APP_ID
    assert "Office" in entry["Categories"].split(";")
    assert entry["MimeType"].split(";") == ["application/x-journeymap", ""]
    assert entry["StartupWMClass"] == "journeymap-designer"  # the X11 window's WM_CLASS instance


def _magic_matches(data: bytes) -> bool:
    """Whether the MIME type's magic rules (string matches in an offset range) find ``data``."""
    for match in ET.parse(MIME).getroot().iterfind(".//m:magic/m:match", MIME_NS):
        assert match.get("type") == "string"
        start, end = (int(n) for n in match.get("offset", "0:0").split(":"))
        value = match.get("value", "").encode()
        if value in data[start : end + len(value)]:
            return True
    return False


def test_the_mime_type() -> None:
    kind = ET.parse(MIME).getroot().find("m:mime-type", MIME_NS)
    assert kind is not None and kind.get("type") == "application/x-journeymap"
    assert [g.get("pattern") for g in kind.iterfind("m:glob", MIME_NS)] == ["*.journeymap"]
    icon = kind.find("m:icon", MIME_NS)
    assert icon is not None and icon.get("name") == "application-x-journeymap"
    parent = kind.find("m:sub-class-of", MIME_NS)
    assert parent is not None and parent.get("type") == "application/json"  # a renamed .json is ours too


def test_the_magic_finds_the_files_the_app_writes() -> None:
    for path in (sample_path(), template_path("blank")):
        assert _magic_matches(path.read_bytes())
    written = dump_workspace(load_workspace(sample_path()))
    assert _magic_matches(written)
    compact = re.sub(rb"\s+", b"", written[:200])  # a map written by another tool, without spaces
    assert _magic_matches(compact)
    assert not _magic_matches(b'{"name": "not a map", "format": "something else"}')


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_appstream_metadata() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop" == DESKTOP.name
    assert root.findtext("name") == desktop_entry()["Name"]
    assert {b.text for b in root.iterfind("provides/binary")} == {"journeymap", "journeymap-designer"}
    assert root.findtext("provides/mediatype") == "application/x-journeymap"
    newest = root.find("releases/release")
    assert newest is not None and newest.get("version") == __version__  # a new version needs its notes
    assert root.find("description/p") is not None


def test_the_screenshots_are_the_committed_images() -> None:
    images = ET.parse(METAINFO).getroot().findall("screenshots/screenshot/image")
    assert len(images) >= 2
    for image in images:
        name = (image.text or "").rsplit("/docs/images/", 1)[-1]
        committed = ROOT / "docs" / "images" / name
        assert committed.is_file(), image.text
        assert _png_size(committed) == (int(image.get("width", 0)), int(image.get("height", 0)))


def _tool(command: list[str]) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (packaging/ensure-desktop-tools.sh)")
    return subprocess.run(command, capture_output=True, text=True)


def test_desktop_file_validate() -> None:
    done = _tool(["desktop-file-validate", str(DESKTOP)])
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_appstreamcli_validate() -> None:
    done = _tool(["appstreamcli", "validate", "--no-net", str(METAINFO)])
    assert done.returncode == 0, done.stdout


def test_the_maintainer_scripts_refresh_the_caches_and_never_fail() -> None:
    for name in ("postinst", "postrm"):
        script = LINUX / "debian" / name
        text = script.read_text(encoding="utf-8")
        assert script.stat().st_mode & 0o111
        assert subprocess.run(["sh", "-n", str(script)]).returncode == 0
        for tool in ("update-mime-database", "update-desktop-database", "gtk-update-icon-cache"):
            assert f"command -v {tool}" in text
            assert re.search(rf"^\s+{tool} .*\|\| true$", text, re.MULTILINE), (name, tool)
