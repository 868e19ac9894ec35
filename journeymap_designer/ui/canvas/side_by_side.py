"""Core and segment side by side: two live maps of one document, scrolled, zoomed and selected together.

The core pane is a second scene on the same document (so an edit in either pane shows in both), built
only while the mode is on. The panes follow each other by place in the journey (same stage, same
lane), not by pixel, because a segment's own cards can make its stages wider than the core's.
"""

from __future__ import annotations

from PySide6.QtCore import QMetaObject, QObject, QPointF
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from ...model.document import Document
from ...model.layout import corresponding_point
from ..editing.controller import EditingController
from .items import MapItem
from .scene import MapScene
from .view import MapView


def pane(title: QLabel, view: QWidget, strip: QWidget | None = None) -> QWidget:
    """A map with its caption (and its persona strip) above it."""
    widget = QWidget()
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(title)
    if strip is not None:
        layout.addWidget(strip)
    layout.addWidget(view, 1)
    return widget


def caption() -> QLabel:
    label = QLabel()
    label.setContentsMargins(10, 4, 10, 4)
    label.setStyleSheet("font-weight: bold; background: palette(alternate-base);")
    label.hide()
    return label


class SideBySide:
    """Owns the core pane and keeps the two views in step while side-by-side mode is on."""

    def __init__(
        self, main_view: MapView, controller: EditingController, splitter: QSplitter, main_caption: QLabel
    ) -> None:
        self.main_view = main_view
        self.controller = controller
        self.splitter = splitter
        self.main_caption = main_caption
        self.core_scene: MapScene | None = None
        self.core_view: MapView | None = None
        self.core_pane: QWidget | None = None
        self._syncing = False
        self._connections: list[QMetaObject.Connection] = []
        controller.document_changed.connect(self.adopt)
        controller.changed.connect(self._refresh_caption)

    @property
    def on(self) -> bool:
        return self.core_view is not None

    def set_customer_view(self, on: bool) -> None:
        """The core pane follows the main pane's customer view: never the team's core beside it."""
        if self.core_scene is not None and self.core_scene.customer_view != on:
            self.core_scene.set_customer_view(on)

    def set_on(self, on: bool) -> None:
        if on == self.on:
            return
        main_view = self.main_view
        if on:
            self.core_scene = MapScene(self.controller.document, main_view.map_scene.theme)
            if main_view.map_scene.customer_view:  # the core as a customer may see it, too
                self.core_scene.set_customer_view(True)
            self.core_view = MapView(self.core_scene, self.controller)
            self.core_view.setObjectName("core-view")
            core_caption = caption()
            core_caption.setText("Core journey (shared by every segment)")
            core_caption.show()
            self.core_pane = pane(core_caption, self.core_view)
            self.core_scene.setParent(self.core_pane)  # freed with the pane, even at the window's close
            self.splitter.insertWidget(0, self.core_pane)
            half = max(1, self.splitter.width() // 2)
            self.splitter.setSizes([half, half])  # two equal panes
            self.main_caption.show()
            self.core_view.message.connect(self.controller.message.emit)
            for source, target in ((self.core_view, main_view), (main_view, self.core_view)):
                self._connections += [
                    source.view_changed.connect(lambda s=source, t=target: self.follow(s, t)),
                    source.map_scene.selectionChanged.connect(
                        lambda s=source, t=target: self._select_in(s, t)
                    ),
                ]
            self.core_view.set_zoom(main_view.zoom)
            self.follow(main_view, self.core_view)
        else:
            assert self.core_scene is not None and self.core_pane is not None
            for connection in self._connections:  # only ours: the main view's own stay connected
                QObject.disconnect(connection)
            self._connections.clear()
            self.core_scene.detach()
            self.core_pane.setParent(None)
            self.core_pane.deleteLater()
            self.core_scene.deleteLater()
            self.core_scene = self.core_view = self.core_pane = None
            self.main_caption.hide()
        self._refresh_caption()

    def adopt(self, document: Document) -> None:
        """Another document was opened in the window: the core pane follows it."""
        if self.core_scene is not None:
            self.core_scene.set_document(document)

    def _refresh_caption(self, _change: object = None) -> None:
        segment = self.controller.workspace.segments.get(self.controller.segment_id or "")
        if segment is not None:
            self.main_caption.setText(f"Segment: {segment.name}")
        else:
            self.main_caption.setText("Core journey: choose a segment to see it beside the core")

    def follow(self, source: MapView, target: MapView) -> None:
        """Show in ``target`` the place of the journey ``source`` shows, at the same zoom."""
        if self._syncing or not self.on:
            return
        self._syncing = True
        try:
            if abs(target.zoom - source.zoom) > 1e-9:
                target.set_zoom(source.zoom)
            centre = source.mapToScene(source.viewport().rect().center())
            x, y = corresponding_point(
                source.map_scene.layout.geometry, target.map_scene.layout.geometry, centre.x(), centre.y()
            )
            target.centerOn(QPointF(x, y))
        finally:
            self._syncing = False

    def _select_in(self, source: MapView, target: MapView) -> None:
        """Selecting a card in one pane selects the same card in the other, when it is there."""
        if self._syncing or not self.on:
            return
        ids = [i.element_id for i in source.map_scene.selectedItems() if isinstance(i, MapItem)]
        self._syncing = True
        try:
            target.map_scene.clearSelection()
            for element_id in ids:
                item = target.map_scene.item(element_id)
                if item is not None and item.kind != "moment":
                    item.setSelected(True)
        finally:
            self._syncing = False
