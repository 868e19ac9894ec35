"""What goes into the frozen bundle (packaging/bundle.py): the data the code reads, the Qt modules and
plugins kept and left out. The bundle itself is checked by the smoke test (make smoke)."""

from __future__ import annotations

import ast
from pathlib import Path

import PySide6
import pytest

from journeymap_designer import starter

from .helpers import ROOT, load

bundle = load("bundle")


def _qt_modules_imported() -> set[str]:
    """The PySide6 modules the app's code imports, read from its source."""
    found: set[str] = set()
    for folder in ("journeymap_designer", "exporters"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6."):
                    found.add(node.module.split(".")[1])
                elif isinstance(node, ast.Import):
                    found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6.")}
    return found


def test_the_qt_modules_kept_are_the_ones_the_code_imports() -> None:
    assert set(bundle.QT_MODULES_USED) == _qt_modules_imported()
    assert "QtCharts" in bundle.QT_MODULES_USED  # the Funnel view


def test_every_installed_qt_module_is_kept_or_left_out_on_purpose() -> None:
    """A PySide6 upgrade that brings a new module makes this fail: decide whether the bundle needs it."""
    installed = {p.name.split(".")[0] for p in Path(PySide6.__file__).parent.glob("Qt*.abi3.so")}
    if not installed:
        pytest.skip("no Linux PySide6 extension modules to list here")
    decided = {*bundle.QT_MODULES_USED, *bundle.QT_MODULES_LINKED, *bundle.QT_MODULES_EXCLUDED}
    assert installed - decided == set()
    assert not set(bundle.QT_MODULES_USED) & {*bundle.QT_MODULES_EXCLUDED, *bundle.QT_MODULES_LINKED}


def test_excluded_modules_never_name_a_module_in_use() -> None:
    excluded = set(bundle.excluded_modules())
    assert not {f"PySide6.{m}" for m in bundle.QT_MODULES_USED} & excluded
    for used in ("pydantic", "networkx", "openpyxl", "pptx", "lxml", "dulwich", "defusedxml", "PIL"):
        assert used not in excluded
    assert {"PySide6.QtQml", "PySide6.QtWebEngineCore", "PySide6.QtOpenGL", "tkinter", "mypy"} <= excluded


def test_the_resources_land_where_the_code_looks_for_them() -> None:
    [(source, dest)] = bundle.datas()
    assert Path(source) == ROOT / "resources"
    # starter.resources_dir() prefers <package>/_resources: where the frozen app's package sits
    assert dest == f"journeymap_designer/{Path(starter.__file__).parent.joinpath('_resources').name}"
    for needed in ("samples/b2b-saas.journeymap", "templates/blank.journeymap", "export/deck-default.pptx"):
        assert (Path(source) / needed).is_file()
    assert (Path(source) / "icons" / "io.github.journeymap.Designer.svg").is_file()


@pytest.mark.parametrize(
    ("plugin_type", "file_name", "kept"),
    [
        ("platforms", "libqxcb.so", True),
        ("platforms", "libqwayland.so", True),
        ("platforms", "libqoffscreen.so", True),
        ("platforms", "qwindows.dll", True),
        ("platforms", "libqcocoa.dylib", True),
        ("platforms", "libqeglfs.so", False),
        ("platforms", "libqvnc.so", False),
        ("platforms", "libqlinuxfb.so", False),
        ("imageformats", "libqsvg.so", True),
        ("imageformats", "qjpeg.dll", True),
        ("imageformats", "libqpdf.so", False),  # would bring QtPdf
        ("iconengines", "libqsvgicon.so", True),
        ("platforminputcontexts", "libcomposeplatforminputcontextplugin.so", True),
        ("platforminputcontexts", "libqtvirtualkeyboardplugin.so", False),  # would bring QtQuick
        ("platformthemes", "libqgtk3.so", False),
        ("platformthemes", "libqxdgdesktopportal.so", True),
        ("wayland-shell-integration", "libxdg-shell.so", True),
        ("wayland-shell-integration", "libivi-shell.so", False),
        ("egldeviceintegrations", "libqeglfs-kms-integration.so", False),
        ("xcbglintegrations", "libqxcb-glx-integration.so", True),  # a type not listed: kept whole
        ("styles", "qmodernwindowsstyle.dll", True),
    ],
)
def test_plugins_kept(plugin_type: str, file_name: str, kept: bool) -> None:
    assert bundle.keep_plugin(plugin_type, file_name) is kept
    assert bundle.keep_binary(f"PySide6/Qt/plugins/{plugin_type}/{file_name}") is kept
    assert bundle.keep_binary(f"PySide6\\plugins\\{plugin_type}\\{file_name}") is kept  # Windows paths


def test_other_binaries_and_data_are_kept_but_qt_translations() -> None:
    assert bundle.keep_binary("PySide6/Qt/lib/libQt6Core.so.6")
    assert bundle.keep_binary("lxml/etree.cpython-311-x86_64-linux-gnu.so")
    assert not bundle.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert bundle.keep_data("journeymap_designer/_resources/samples/b2b-saas.journeymap")
    assert bundle.keep_data("pptx/templates/default.pptx")
