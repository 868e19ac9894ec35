"""The icons made from the two SVGs (packaging/make_icons.py): every size the hicolor theme gets, and
.ico and .icns files that Qt's own readers open with all their sizes."""

from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtGui import QImage, QImageReader

from journeymap_designer import APP_ID

from .helpers import load

make_icons = load("make_icons")


def _png(size: int) -> bytes:
    return make_icons.render_png(make_icons.SOURCES / f"{APP_ID}.svg", size)  # type: ignore[no-any-return]


def test_the_svgs_render_at_every_size(qapp: object) -> None:
    for size in (16, 48, 512):
        image = QImage.fromData(_png(size))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel() and image.pixelColor(0, 0).alpha() == 0  # a transparent corner
        assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_ico_layout() -> None:
    pngs = {16: b"a" * 10, 256: b"b" * 20}
    data = make_icons.ico_bytes(pngs)
    assert struct.unpack("<HHH", data[:6]) == (0, 1, 2)
    first = struct.unpack("<BBBBHHII", data[6:22])
    second = struct.unpack("<BBBBHHII", data[22:38])
    assert first[:2] == (16, 16) and second[:2] == (0, 0)  # 0 stands for 256
    assert data[first[7] : first[7] + first[6]] == b"a" * 10
    assert data[second[7] : second[7] + second[6]] == b"b" * 20


def test_icns_layout() -> None:
    data = make_icons.icns_bytes({16: b"x" * 5, 512: b"y" * 7, 20: b"ignored"})
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    assert data[8:12] == b"icp4" and struct.unpack(">I", data[12:16])[0] == 8 + 5
    assert data[21:25] == b"ic09" and b"ignored" not in data


def test_make_icons_writes_the_theme_and_the_other_platforms_files(tmp_path: Path, qapp: object) -> None:
    written = make_icons.make_icons(tmp_path)
    for context, name in (("apps", APP_ID), ("mimetypes", "application-x-journeymap")):
        for size in make_icons.HICOLOR_SIZES:
            png = tmp_path / "hicolor" / f"{size}x{size}" / context / f"{name}.png"
            assert png in written and QImage(str(png)).width() == size
        assert (tmp_path / "hicolor" / "scalable" / context / f"{name}.svg").is_file()
    for name in ("journeymap-designer", "application-x-journeymap"):
        for suffix, sizes in ((".ico", make_icons.ICO_SIZES), (".icns", (16, 32, 64, 128, 256, 512, 1024))):
            reader = QImageReader(str(tmp_path / f"{name}{suffix}"))
            assert reader.imageCount() == len(sizes)
            found = []
            for index in range(reader.imageCount()):
                reader.jumpToImage(index)
                found.append(reader.read().width())
            assert sorted(found) == list(sizes)
