"""Image export of the map as shown (the core or a segment, optionally the customer view): PNG, SVG, PDF.

It draws through the same MapScene and items as the canvas, so an export looks like the screen, and it
works headless (the `journeymap render` command): a Qt application is created only when none exists.
Output is written atomically, so a failed render never leaves a half-written image behind.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QImageWriter, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from ...model.atomicfile import TargetRefusedError, check_target, write_atomic
from ...model.document import Document
from ...model.filestate import FileChangedError, fingerprint_of, still_as_seen
from ...model.resolve import find_segment
from .scene import MapScene

IMAGE_FORMATS = {".png": "PNG", ".svg": "SVG", ".pdf": "PDF"}
IMAGE_FILTERS = "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"
MAX_PNG_SIDE = 16_000  # pixels on the longest side of a PNG
MAX_PNG_PIXELS = 100_000_000  # 400 MB of 32-bit pixels: more would fail to allocate on ordinary machines
MAX_PDF_SIDE = 14_400.0  # points: the largest page PDF readers (Acrobat) accept without a user unit


class RenderError(RuntimeError):
    """The map could not be drawn or encoded (an image too large to allocate, a failed encoder)."""


_app: QApplication | None = None  # the application this module created, kept alive for later renders


def image_format(out_path: str | os.PathLike[str]) -> str:
    """The image type from the file suffix, in any case: PNG, SVG or PDF; ValueError for anything else."""
    suffix = Path(out_path).suffix.lower()
    if suffix not in IMAGE_FORMATS:
        shown = f"suffix {suffix!r}" if suffix else "no suffix"
        raise ValueError(f"{out_path}: cannot tell the image type from {shown}; use .png, .svg or .pdf")
    return IMAGE_FORMATS[suffix]


def ensure_application() -> QApplication:
    """The running QApplication, or a new one on the offscreen platform."""
    global _app
    existing = QApplication.instance()
    if existing is not None:
        if not isinstance(existing, QApplication):
            raise RenderError("image export needs a QApplication, but a non-widget Qt application runs")
        return existing
    # Rendering needs no display: offscreen works without one, cannot fail on missing window-system
    # libraries, and measures text at the same resolution on every machine. QT_QPA_PLATFORM overrides.
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _app = QApplication([sys.argv[0] if sys.argv and sys.argv[0] else "journeymap"])
    return _app


def render_map(
    document: Document,
    out_path: str | os.PathLike[str],
    segment: str | None = None,
    customer_view: bool = False,
    scale: float = 1.0,
    follow_symlinks: bool = False,
) -> Path:
    """Draw the map (core, or the segment given by name or id) to a PNG, SVG or PDF file; return its path.

    ``scale`` sets the PNG's pixels per scene unit (1.0 = 100 % zoom) and the SVG's and PDF's physical
    size. As on screen, text is left out below the zoom where it could not be read (PNG, PDF).

    The target must be a regular file or absent (a FIFO, a device, a folder or a read-only file is
    refused before drawing, RenderError), and a link only with ``follow_symlinks``; a write error
    (a full disk, a read-only folder) is a RenderError that names no temp file.
    """
    out = Path(out_path)
    kind = image_format(out)
    if not (math.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a positive number, not {scale!r}")
    found = find_segment(document.workspace, segment)  # KeyError when there is no such segment
    try:
        check_target(out, follow_symlinks)
    except TargetRefusedError as exc:
        raise RenderError(exc.strerror or str(exc)) from None
    seen = fingerprint_of(out)  # the target as it was checked: re-checked just before the replace
    ensure_application()
    scene = MapScene(document)
    try:
        if found is not None:
            scene.show_segment(found.id)
        if customer_view:
            scene.set_customer_view(True)
        named = found is not None and not customer_view  # a segment's name is the team's word
        title = document.workspace.name + (f" \u2014 {found.name}" if named and found is not None else "")
        if kind == "PNG":
            data = _png(scene, scale)
        elif kind == "SVG":
            data = _svg(scene, scale, title)
        else:
            data = _pdf(scene, scale, title)
    finally:
        scene.detach()
        scene.clear()
    try:
        write_atomic(out, data, still_as_seen(out, seen), follow_symlinks)
    except FileChangedError as exc:
        raise RenderError(exc.problem) from None
    except TargetRefusedError as exc:
        raise RenderError(exc.strerror or str(exc)) from None
    except OSError as exc:
        raise RenderError(f"cannot be written ({exc.strerror or exc})") from None
    return out


def _reference_dpi() -> int:
    """The resolution the scene's fonts are measured at (a default QImage's): vector output uses it too,
    so text is as large, relative to the cards, as on screen and as in a PNG."""
    return QImage(1, 1, QImage.Format.Format_RGB32).logicalDpiY() or 96


def _render(scene: MapScene, painter: QPainter, target: QRectF) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    scene.render(painter, target, scene.sceneRect(), Qt.AspectRatioMode.IgnoreAspectRatio)


def _png(scene: MapScene, scale: float) -> bytes:
    source = scene.sceneRect()
    longest = max(source.width(), source.height(), 1.0)
    area = max(1.0, source.width() * source.height())
    scale = min(scale, MAX_PNG_SIDE / longest, math.sqrt(MAX_PNG_PIXELS / area))
    size = QSize(max(1, round(source.width() * scale)), max(1, round(source.height() * scale)))
    image = QImage(size, QImage.Format.Format_RGB32)
    if image.isNull():
        raise RenderError(f"cannot allocate a {size.width()} x {size.height()} image")
    image.fill(scene.theme.canvas)
    painter = QPainter(image)
    try:
        _render(scene, painter, QRectF(0, 0, size.width(), size.height()))
    finally:
        painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise RenderError(f"cannot encode the PNG image: {writer.errorString()}")
    return bytes(buffer.data().data())


def _svg(scene: MapScene, scale: float, title: str) -> bytes:
    source = scene.sceneRect()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(_reference_dpi())
    # Drawn at 1:1 in scene units (the view box); width and height carry the scale.
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setSize(QSize(max(1, round(source.width() * scale)), max(1, round(source.height() * scale))))
    generator.setTitle(title)
    generator.setDescription("Journey map exported by Journey Map Designer")
    painter = QPainter()
    if not painter.begin(generator):
        raise RenderError("cannot start the SVG generator")
    try:
        _render(scene, painter, QRectF(0, 0, source.width(), source.height()))
    finally:
        painter.end()
    return bytes(buffer.data().data())


def _pdf(scene: MapScene, scale: float, title: str) -> bytes:
    source = scene.sceneRect()
    dpi = _reference_dpi()
    # One scene unit is one pixel at the reference resolution, times the scale, within PDF's page limit.
    points_per_unit = 72.0 / dpi * scale
    points_per_unit = min(points_per_unit, MAX_PDF_SIDE / max(source.width(), source.height(), 1.0))
    page = QSizeF(max(1.0, source.width() * points_per_unit), max(1.0, source.height() * points_per_unit))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(dpi)
    writer.setTitle(title)
    writer.setCreator("Journey Map Designer")
    page_size = QPageSize(page, QPageSize.Unit.Point, "Journey map", QPageSize.SizeMatchPolicy.ExactMatch)
    orientation = QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point))
    painter = QPainter()
    if not painter.begin(writer):
        raise RenderError("cannot start the PDF writer")
    try:
        paint_rect = writer.pageLayout().paintRectPixels(dpi)
        _render(scene, painter, QRectF(0, 0, paint_rect.width(), paint_rect.height()))
    finally:
        painter.end()
    return bytes(buffer.data().data())


def _choose_file(parent: QWidget, suggested: str) -> tuple[str, str]:
    return QFileDialog.getSaveFileName(parent, "Export the map as an image", suggested, IMAGE_FILTERS)


def export_image_dialog(
    parent: QWidget,
    scene: MapScene,
    choose: Callable[[QWidget, str], tuple[str, str]] = _choose_file,
    say: Callable[[str], None] = lambda _text: None,
) -> Path | None:
    """File > Export Image: the map as ``scene`` shows it (core or segment, customer view or not).

    ``choose`` asks for the file and the filter chosen, like QFileDialog.getSaveFileName (tests pass
    their own); ``say`` reports the file written. Returns the file written.
    """
    document = scene.document
    folder = document.path.parent if document.path is not None else Path.home()
    suggested = folder / (Path(document.display_name).stem + ".png")
    chosen, chosen_filter = choose(parent, str(suggested))
    if not chosen:
        return None
    out = Path(chosen)
    if out.suffix.lower() not in IMAGE_FORMATS:  # no suffix typed: take the one of the chosen filter
        wanted = next((s for s in IMAGE_FORMATS if f"*{s}" in chosen_filter), ".png")
        out = out.with_name(out.name + wanted)
    try:
        render_map(document, out, segment=scene.segment_id, customer_view=scene.customer_view)
    except (OSError, RenderError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        QMessageBox.critical(parent, "Cannot export the image", f"{out}: {reason}")
        return None
    say(f"Exported {out}")
    return out
