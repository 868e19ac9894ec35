"""The Qt-free layers stay Qt-free: model, CLI and exporters import and run without PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_FREE = [
    ROOT / "journeymap_designer" / "model",
    ROOT / "exporters",
    ROOT / "journeymap_designer" / "cli.py",
]

PROBE = """
import sys
sys.modules["PySide6"] = None  # any import of PySide6 now raises ImportError
import journeymap_designer.model, journeymap_designer.model.commands, journeymap_designer.model.checks
import journeymap_designer.model.history, journeymap_designer.model.generate, journeymap_designer.cli
import exporters
from journeymap_designer.cli import main
assert main(["schema"]) == 0
loaded = [name for name, module in sys.modules.items() if module is not None]
assert not any(name.startswith(("PySide6", "shiboken6")) for name in loaded)
"""


def test_qt_free_layers_import_without_pyside6() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def _python_files() -> list[Path]:
    files: list[Path] = []
    for entry in QT_FREE:
        files += [entry] if entry.is_file() else sorted(entry.rglob("*.py"))
    return files


def test_no_qt_import_anywhere_in_qt_free_layers() -> None:
    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in ("PySide6", "shiboken6")
            ]
    assert len(_python_files()) > 5
    assert offenders == []
