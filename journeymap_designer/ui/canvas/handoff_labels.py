"""Handoff labels drawn above every arrow of the map, so no line ever crosses one's text.

Each stage layer paints the arrows leaving its stage, and a handoff's label sits on its arrow's
way, often where arrows of this and other stages pass: painted with its arrow, a label was crossed
by whatever line was painted after it (3 of the sample's 21 labels had one). One item above all the
layers paints the labels instead, asking each layer for the labelled arrows in view (the layers
file their arrows by band, so a frame visits only what it shows).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .arrows import FlowItem
from .items import TEXT_LOD, Z_LAYER, lod

Z_LABELS = Z_LAYER + 0.25  # above every stage layer (their cards and arrows), below moments
EVERYWHERE = QRectF(-1e6, -1e6, 2e6, 2e6)


class LabelledLayer(Protocol):
    """What the labels ask of a stage layer (layers.StageLayer)."""

    flows_shown: bool

    def pos(self) -> QPointF: ...
    def isVisible(self) -> bool: ...
    def labelled_in(self, rect: QRectF) -> list[FlowItem]: ...


class HandoffLabels(QGraphicsItem):
    """The labels of every stage layer's handoffs; the layers say where they change (``touch``)."""

    def __init__(self, layers: Mapping[str, LabelledLayer]) -> None:
        super().__init__()
        self.layers = layers  # the scene's own, live: stage id -> layer
        self.setZValue(Z_LABELS)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # exposedRect
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # a click goes to the arrow below

    def boundingRect(self) -> QRectF:
        """Anywhere: labels move with their stages (a layer moved sideways takes them along), and
        the painting asks the layers for what is in view anyway."""
        return EVERYWHERE

    def shape(self) -> QPainterPath:
        """Nothing to hit: a click, a hover or a rubber band finds the card or arrow below."""
        return QPainterPath()

    def touch(self, rect: QRectF) -> None:
        """A label in ``rect`` (scene coordinates) appeared, moved, changed or went: repaint there."""
        self.update(rect)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        level = lod(option, painter)
        if level < TEXT_LOD:  # labels are drawn only where text is readable
            return
        exposed = option.exposedRect
        base = painter.transform()
        for layer in self.layers.values():
            if not layer.flows_shown or not layer.isVisible():
                continue
            at = layer.pos()
            for flow in layer.labelled_in(exposed.translated(-at)):
                painter.setTransform(base)
                painter.translate(at + flow.pos())
                flow.draw_label(painter, level)
        painter.setTransform(base)
