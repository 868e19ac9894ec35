"""The designer as a desktop application (issue 15): its icon, --version, and the --smoke-test start
that the packaged app's smoke test and the startup benchmark rely on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow

from journeymap_designer import APP_ID, __version__
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.shell.desktop import SmokeTest, app_icon, icon_path, set_up_desktop

from .conftest import SCREENSHOTS

ROOT = Path(__file__).resolve().parents[2]


def _designer(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`journeymap-designer ARGS` in its own process, offscreen, with a home of its own."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "home" / ".config"),
        "XDG_DATA_HOME": str(tmp_path / "home" / ".local" / "share"),
        "JOURNEYMAP_RECOVERY_DIR": str(tmp_path / "recovery"),
    }
    return subprocess.run(
        [sys.executable, "-m", "journeymap_designer", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_smoke_test_opens_the_file_shows_the_window_and_quits(tmp_path: Path) -> None:
    copy = tmp_path / "b2b-saas.journeymap"
    shutil.copyfile(sample_path(), copy)
    done = _designer(tmp_path, "--smoke-test", str(copy))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok: window shown: b2b-saas.journeymap")
    assert done.stdout.splitlines()[1] == f"recovery folder: {tmp_path / 'recovery'}"
    assert (tmp_path / "recovery").is_dir()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []  # the lock went too


def test_smoke_test_fails_when_the_file_does_not_open(tmp_path: Path) -> None:
    done = _designer(tmp_path, "--smoke-test", str(tmp_path / "missing.journeymap"))
    assert done.returncode == 1
    assert "smoke test: " in done.stderr and "missing.journeymap is not open" in done.stderr
    assert "ok" not in done.stdout


def test_both_commands_print_their_version(tmp_path: Path) -> None:
    designer = _designer(tmp_path, "--version")
    assert (designer.returncode, designer.stdout) == (0, f"journeymap-designer {__version__}\n")
    program = "import sys; from journeymap_designer.cli import main; sys.exit(main())"
    cli = subprocess.run(
        [sys.executable, "-c", program, "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert (cli.returncode, cli.stdout) == (0, f"journeymap {__version__}\n")


def test_smoke_test_is_not_in_the_help(tmp_path: Path) -> None:
    done = _designer(tmp_path, "--help")
    assert done.returncode == 0 and "--version" in done.stdout and "smoke" not in done.stdout


def test_the_window_icon_is_the_projects_svg(qapp: QApplication) -> None:
    assert icon_path().is_file() and icon_path().name == f"{APP_ID}.svg"
    assert not app_icon().pixmap(48, 48).isNull()
    set_up_desktop(qapp)
    assert qapp.desktopFileName() == APP_ID
    window = QMainWindow()
    assert window.windowIcon().pixmap(32, 32).toImage() == app_icon().pixmap(32, 32).toImage()


def test_smoke_test_names_a_window_without_icon_file_or_recovery_folder(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = qapp.windowIcon()
    check = SmokeTest(qapp, "/somewhere/b2b-saas.journeymap")
    try:
        qapp.setWindowIcon(QIcon())
        (tmp_path / "a file").write_text("", encoding="utf-8")
        monkeypatch.setenv("JOURNEYMAP_RECOVERY_DIR", str(tmp_path / "a file" / "recovery"))
        window = QMainWindow()
        window.setWindowTitle("Untitled.journeymap[*] \u2014 Journey Map Designer")
        found = check.problems(window)
        assert len(found) == 3
        assert "b2b-saas.journeymap is not open" in found[0] and "no icon" in found[1]
        assert "the recovery folder" in found[2] and "cannot be written" in found[2]
        window.setWindowTitle("b2b-saas.journeymap[*] \u2014 Journey Map Designer")
        qapp.setWindowIcon(app_icon())
        monkeypatch.setenv("JOURNEYMAP_RECOVERY_DIR", str(tmp_path / "recovery"))
        assert check.problems(window) == []
        assert (tmp_path / "recovery").is_dir()
    finally:
        qapp.removeEventFilter(check)
        qapp.setQuitOnLastWindowClosed(True)
        qapp.setWindowIcon(kept)
        shiboken6.delete(check)  # its deadline timer with it: no exit(3) in a later test


def test_the_software_centres_screenshot(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The AppStream file's default screenshot is this grab, committed as
    docs/images/issue-15/main-window.png (16:9, as software centres show it)."""
    from journeymap_designer.model.document import Document
    from journeymap_designer.ui.shell.mainwindow import MainWindow

    window = MainWindow(Document.open(sample_path()))
    window.resize(1600, 900)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(200)
    image = window.grab().toImage()
    assert (image.width(), image.height()) == (1600, 900)
    assert image.save(str(SCREENSHOTS / "appstream-main-window.png"))
    window.document.history.set_clean()
    window.close()
