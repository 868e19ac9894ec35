"""A small picture of a map (the template gallery), drawn by the same scene as the canvas."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter

from ...model.document import Document
from ...model.workspace import Workspace
from .scene import MapScene


def thumbnail(workspace: Workspace, width: int, height: int) -> QImage:
    """The core map of ``workspace`` fitted into width x height."""
    scene = MapScene(Document(workspace))
    try:
        source = scene.sceneRect()
        scale = min(width / max(source.width(), 1.0), height / max(source.height(), 1.0))
        size = QSize(max(1, round(source.width() * scale)), max(1, round(source.height() * scale)))
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(scene.theme.canvas)
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            scene.render(
                painter,
                QRectF(0, 0, size.width(), size.height()),
                source,
                Qt.AspectRatioMode.IgnoreAspectRatio,
            )
        finally:
            painter.end()
        return image
    finally:
        scene.detach()
        scene.clear()
