"""The spec file, run with PyInstaller's build objects stubbed: what it asks for on Linux, and what its
Windows and macOS branches would ask for (those platforms are not built here; issue 15, point 5)."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journeymap_designer import APP_ID, __version__

from .helpers import PACKAGING

SPEC = PACKAGING / "journeymap.spec"


class Recorder:
    """Stands for one of PyInstaller's build classes: records the arguments it was called with."""

    def __init__(self, kind: str, calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]]) -> None:
        self.kind = kind
        self.calls = calls

    def __call__(self, *args: Any, **kwargs: Any) -> types.SimpleNamespace:
        self.calls.append((self.kind, args, kwargs))
        made = types.SimpleNamespace(kind=self.kind, args=args, kwargs=kwargs)
        if self.kind == "Analysis":
            made.pure, made.scripts = [], [("entry", args[0][0], "PYSOURCE")]
            made.binaries = [
                ("PySide6/Qt/plugins/platforms/libqxcb.so", "/x/libqxcb.so", "BINARY"),
                ("PySide6/Qt/plugins/platforms/libqvnc.so", "/x/libqvnc.so", "BINARY"),
            ]
            made.datas = [
                ("PySide6/Qt/translations/qtbase_de.qm", "/x/qtbase_de.qm", "DATA"),
                ("journeymap_designer/_resources/samples/b2b-saas.journeymap", "/x/s", "DATA"),
            ]
        return made


class FakeQtLibraryInfo:
    """PyInstaller's Qt hook helper, reduced to the method the spec wraps."""

    def collect_plugins(self, plugin_type: str) -> list[tuple[str, str]]:
        names = {"platforms": ["libqxcb.so", "libqeglfs.so"], "imageformats": ["libqpdf.so", "libqsvg.so"]}
        folder = f"PySide6/Qt/plugins/{plugin_type}"
        return [(f"/qt/plugins/{plugin_type}/{n}", folder) for n in names[plugin_type]]


def run_spec(platform: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Execute the spec as PyInstaller would on ``platform``; the recorded calls and the namespace."""
    icons = tmp_path / "icons"
    icons.mkdir()
    for name in ("journeymap-designer.ico", "journeymap-designer.icns", "application-x-journeymap.icns"):
        (icons / name).write_bytes(b"icon")
    monkeypatch.setenv("JOURNEYMAP_ICONS", str(icons))
    monkeypatch.setattr(sys, "platform", platform)
    qt = types.ModuleType("PyInstaller.utils.hooks.qt")
    qt.QtLibraryInfo = type("QtLibraryInfo", (FakeQtLibraryInfo,), {})  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils", "PyInstaller.utils.hooks"):
        monkeypatch.setitem(sys.modules, name, sys.modules.get(name) or types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks.qt", qt)
    monkeypatch.setattr(sys.modules["PyInstaller.utils.hooks"], "qt", qt, raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec puts packaging/ first
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
    namespace: dict[str, Any] = {
        "SPECPATH": str(PACKAGING),
        "workpath": str(tmp_path / "work"),
        **{kind: Recorder(kind, calls) for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")},
    }
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    namespace["calls"] = calls
    namespace["qt"] = qt
    return namespace


@pytest.fixture
def spec_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], dict[str, Any]]:
    return lambda platform: run_spec(platform, tmp_path, monkeypatch)


def calls_of(namespace: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [kwargs | {"args": args} for k, args, kwargs in namespace["calls"] if k == kind]


def test_linux_one_folder_two_commands_shared_libraries(spec_on: Callable[[str], dict[str, Any]]) -> None:
    spec = spec_on("linux")
    scripts = [Path(c["args"][0][0]).name for c in calls_of(spec, "Analysis")]
    assert scripts == ["entry_designer.py", "entry_cli.py"]
    analysis = calls_of(spec, "Analysis")[0]
    assert analysis["datas"] == [(str(PACKAGING.parent / "resources"), "journeymap_designer/_resources")]
    assert "PySide6.QtQml" in analysis["excludes"]
    exes = {c["name"]: c for c in calls_of(spec, "EXE")}
    assert set(exes) == {"journeymap-designer", "journeymap"}
    assert all(c["exclude_binaries"] and c["icon"] is None for c in exes.values())
    [collect] = calls_of(spec, "COLLECT")
    assert collect["name"] == "journeymap-designer" and collect["strip"] is True
    executables = [a for a in collect["args"] if getattr(a, "kind", "") == "EXE"]
    assert [e.kwargs["name"] for e in executables] == ["journeymap-designer", "journeymap"]  # one folder
    binaries = [entry[0] for a in collect["args"] if isinstance(a, list) for entry in a]
    assert "PySide6/Qt/plugins/platforms/libqxcb.so" in binaries
    assert not any("libqvnc" in b or "translations" in b for b in binaries)
    assert calls_of(spec, "BUNDLE") == []


def test_the_hooks_are_asked_for_the_wanted_plugins_only(spec_on: Callable[[str], dict[str, Any]]) -> None:
    info = spec_on("linux")["qt"].QtLibraryInfo()
    assert [Path(s).name for s, _ in info.collect_plugins("platforms")] == ["libqxcb.so"]
    assert [Path(s).name for s, _ in info.collect_plugins("imageformats")] == ["libqsvg.so"]


def test_windows_icons_console_and_version(spec_on: Callable[[str], dict[str, Any]]) -> None:
    spec = spec_on("win32")
    exes = {c["name"]: c for c in calls_of(spec, "EXE")}
    assert exes["journeymap-designer"]["console"] is False  # no console window behind the designer
    assert exes["journeymap"]["console"] is True
    assert all(Path(c["icon"][0]).name == "journeymap-designer.ico" for c in exes.values())
    version = Path(exes["journeymap"]["version"]).read_text(encoding="utf-8")
    assert f"StringStruct('ProductVersion', '{__version__}')" in version
    assert calls_of(spec, "COLLECT")[0]["strip"] is False
    assert calls_of(spec, "BUNDLE") == []


def test_macos_bundle_identifier_and_file_association(
    spec_on: Callable[[str], dict[str, Any]], tmp_path: Path
) -> None:
    spec = spec_on("darwin")
    [bundle] = calls_of(spec, "BUNDLE")
    assert bundle["name"] == "Journey Map Designer.app"
    assert bundle["bundle_identifier"] == APP_ID and bundle["version"] == __version__
    assert Path(bundle["icon"]).name == "journeymap-designer.icns"
    plist = bundle["info_plist"]
    assert plist["CFBundleExecutable"] == "journeymap-designer"
    [document] = plist["CFBundleDocumentTypes"]
    [declared] = plist["UTExportedTypeDeclarations"]
    assert document["LSItemContentTypes"] == [declared["UTTypeIdentifier"]]
    assert declared["UTTypeTagSpecification"]["public.filename-extension"] == ["journeymap"]
    assert declared["UTTypeTagSpecification"]["public.mime-type"] == ["application/x-journeymap"]
    [(name, source, kind)] = bundle["args"][1]  # the document icon, into Contents/Resources
    assert (name, kind) == ("application-x-journeymap.icns", "DATA")
    assert source == str(tmp_path / "icons" / name)
    exes = {c["name"]: c for c in calls_of(spec, "EXE")}
    assert exes["journeymap-designer"]["argv_emulation"] is True  # Finder's open-document event as argv
