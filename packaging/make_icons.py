"""Render the icons from their SVG sources: ``python packaging/make_icons.py OUT_DIR``.

The two SVGs in resources/icons (the application's and the .journeymap document's) are the only
sources; everything else is made from them at build time, with Qt's SVG renderer:

- OUT_DIR/hicolor/<N>x<N>/{apps,mimetypes}/<name>.png for the sizes of HICOLOR_SIZES, and
  OUT_DIR/hicolor/scalable/... with the SVGs themselves (the freedesktop icon theme layout);
- OUT_DIR/<name>.ico (Windows) and OUT_DIR/<name>.icns (macOS), several sizes each, PNG-compressed,
  written here byte by byte (both formats accept PNG images), so no Pillow or iconutil is needed.
"""

from __future__ import annotations

import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journeymap_designer import APP_ID  # noqa: E402

SOURCES = ROOT / "resources" / "icons"
MIME_ICON = "application-x-journeymap"
# name in the theme -> (theme context, the name of the Windows/macOS icon files)
ICONS = {APP_ID: ("apps", "journeymap-designer"), MIME_ICON: ("mimetypes", MIME_ICON)}
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry can describe
# The PNG-holding icns types by pixel size (https://en.wikipedia.org/wiki/Apple_Icon_Image_format).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG image a size (ICONDIR, then ICONDIRENTRYs, then the images)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(images))
        images += data
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding the PNG images of the sizes it has a type for."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(data)) + data
        for size, data in sorted(pngs.items())
        if size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn into a transparent square of ``size`` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, QByteArray(b"png")).write(image):
        raise SystemExit(f"make_icons: {svg}: the {size} px PNG could not be written")
    buffer.close()
    return bytes(data.data())


def make_icons(out: Path) -> list[Path]:
    """Write every icon file under ``out``; returns the files written."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["make_icons", "-platform", "offscreen"])
    written: list[Path] = []
    for name, (context, file_name) in ICONS.items():
        svg = SOURCES / f"{name}.svg"
        scalable = out / "hicolor" / "scalable" / context / f"{name}.svg"
        scalable.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(svg, scalable)
        written.append(scalable)
        pngs = {size: render_png(svg, size) for size in sorted({*HICOLOR_SIZES, *ICO_SIZES, 1024})}
        for size in HICOLOR_SIZES:
            png = out / "hicolor" / f"{size}x{size}" / context / f"{name}.png"
            png.parent.mkdir(parents=True, exist_ok=True)
            png.write_bytes(pngs[size])
            written.append(png)
        for suffix, data in (
            (".ico", ico_bytes({s: pngs[s] for s in ICO_SIZES})),
            (".icns", icns_bytes(pngs)),
        ):
            path = out / f"{file_name}{suffix}"
            path.write_bytes(data)
            written.append(path)
    del app
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: make_icons.py OUT_DIR", file=sys.stderr)
        return 2
    written = make_icons(Path(argv[0]))
    print(f"make_icons: {len(written)} files in {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
