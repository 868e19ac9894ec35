"""What goes into the frozen bundle, kept out of the spec file so that it can be read and tested.

The spec (packaging/journeymap.spec) asks this module which data folders to add, which Qt modules to
leave out, and which of the Qt plugins PyInstaller's hooks collect are kept. The hooks collect every
plugin of a type the imported Qt modules use (all platforms: eglfs, vnc, linuxfb...; all image
formats: pdf, tiff...). A desktop designer needs only the platforms its users run (X11, Wayland,
Windows, macOS) and offscreen (the smoke test, `journeymap render` on a server), the image formats a
user may hand it, and the SVG icon engine for its own icon.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Where the starter content goes in the bundle: starter.resources_dir() looks for the package's
# _resources folder first (as in an installed wheel), so the frozen app reads it there.
RESOURCES_DEST = "journeymap_designer/_resources"

# The PySide6 modules the code imports (grep "from PySide6" journeymap_designer exporters): the
# bundle holds these and the Qt libraries they link. QtCharts draws the Funnel view.
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtCharts")
# QtCharts links the QtOpenGL and QtOpenGLWidgets libraries (its chart view can draw with OpenGL), so
# those libraries go in; their Python bindings (9 MB), which PyInstaller's QtCharts hook adds as hidden
# imports, are never imported (`import PySide6.QtCharts` loads QtCore, QtGui and QtWidgets only).
QT_MODULES_LINKED = ("QtOpenGL", "QtOpenGLWidgets")

# Qt modules nothing imports, named so that a stray import (a third-party module's optional Qt
# support) cannot pull them and their libraries in. QtTest is used by the tests only.
QT_MODULES_EXCLUDED = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtCanvasPainter",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtPrintSupport",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)

# Python modules the app never uses that analysis still finds behind optional imports: pydantic's
# mypy plugin and its v1 hypothesis plugin (which would bring mypy and hypothesis from a test venv).
PYTHON_EXCLUDED = (
    "tkinter",
    "unittest",
    "pydoc_data",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "IPython",
    "pytest",
    "hypothesis",
    "mypy",
    "pydantic.mypy",
    "pydantic.v1._hypothesis_plugin",
)

# Plugins kept, by plugin type and by name without the platform's prefix and suffix (libqxcb.so,
# qwindows.dll and libqcocoa.dylib are qxcb, qwindows and qcocoa). A type not listed is kept whole.
PLUGINS_KEPT: dict[str, frozenset[str]] = {
    "platforms": frozenset({"qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa"}),
    "imageformats": frozenset({"qgif", "qico", "qjpeg", "qsvg", "qwebp", "qicns"}),
    "iconengines": frozenset({"qsvgicon"}),
    # Compose key and IBus input; not Qt's virtual keyboard (QtQuick and QML behind it).
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    # The portal's file dialogs (over D-Bus); not the GTK 3 theme, which would load the user's GTK
    # next to the bundle's own GLib, and pulls in cairo, pango and gdk-pixbuf.
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    "wayland-shell-integration": frozenset({"xdg-shell"}),  # what desktop compositors speak
    "wayland-graphics-integration-client": frozenset({"qt-plugin-wayland-egl"}),  # the rest: compositors'
    "egldeviceintegrations": frozenset(),  # the eglfs platform's, left out above
    "generic": frozenset(),  # evdev/tslib input for eglfs and linuxfb
}

_PLUGIN = re.compile(r"(?:^|/)plugins/(?P<type>[^/]+)/(?P<file>[^/]+)$")
_PLUGIN_NAME = re.compile(r"^(?:lib)?(?P<name>.+?)\.(?:so|dll|dylib)$")


def datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """The data folders the code reads at run time, as PyInstaller's (source, destination) pairs."""
    return [(str(root / "resources"), RESOURCES_DEST)]


def excluded_modules() -> list[str]:
    qt = [*QT_MODULES_EXCLUDED, *QT_MODULES_LINKED]
    return [f"PySide6.{name}" for name in qt] + list(PYTHON_EXCLUDED)


def keep_plugin(plugin_type: str, file_name: str) -> bool:
    """Whether a Qt plugin of ``plugin_type`` (a file name such as libqxcb.so) goes into the bundle."""
    kept = PLUGINS_KEPT.get(plugin_type)
    if kept is None:
        return True
    found = _PLUGIN_NAME.match(file_name)
    return found is not None and found["name"] in kept


def keep_binary(dest: str) -> bool:
    """Whether a binary the analysis found goes into the bundle (False for the unwanted Qt plugins)."""
    found = _PLUGIN.search(dest.replace("\\", "/"))
    return found is None or keep_plugin(found["type"], found["file"])


def keep_data(dest: str) -> bool:
    """Whether a data file goes into the bundle: Qt's own translations do not (the app loads none)."""
    return "/Qt/translations/" not in "/" + dest.replace("\\", "/")
