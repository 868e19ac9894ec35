"""Layer rules as executable contracts, checked on the source (AST) of `journeymap_designer` and `exporters`.

Every import counts: module level, inside functions and inside `if TYPE_CHECKING:`. Relative imports are
resolved, and `from a.b import c` is an import of `a.b.c` when that is a module, else of `a.b`. An import
of `a.b.c` is an edge to `a.b.c` only, not to the package inits `a` and `a.b` that Python also runs:
counting those would report every package that re-exports its children as a cycle. The tests at the end
run the same checkers on a small planted package to prove that each rule can fail.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("journeymap_designer", "exporters")
QT = ("PySide6", "shiboken6")
UI = "journeymap_designer.ui"
UI_LAYERS = ("shell", "docks", "dialogs", "canvas", "editing", "widgets")  # top to bottom
MAX_LINES = 500


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    tree: ast.Module
    lines: int
    imports: list[tuple[str, int]] = field(default_factory=list)  # (imported module, line)
    aliases: dict[str, str] = field(default_factory=dict)  # local name -> dotted name it is bound to

    def where(self, line: int) -> str:
        return f"{self.path.as_posix()}:{line}"


def scan(root: Path, packages: tuple[str, ...]) -> dict[str, Module]:
    """Parse every .py file of the packages under root and resolve all their imports."""
    modules: dict[str, Module] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            name = ".".join(parts[:-1] if is_package else parts)
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text, filename=str(path))
            modules[name] = Module(name, path.relative_to(root), is_package, tree, len(text.splitlines()))
    for module in modules.values():
        _resolve_imports(module, modules)
    return modules


def _resolve_imports(module: Module, modules: dict[str, Module]) -> None:
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                module.imports.append((alias.name, node.lineno))
                local = alias.asname or alias.name.split(".")[0]
                module.aliases[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.name.split(".")
                package = package if module.is_package else package[:-1]
                anchor = ".".join(package[: len(package) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                full = f"{base}.{alias.name}"
                module.imports.append((full if full in modules else base, node.lineno))
                module.aliases[alias.asname or alias.name] = full
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ClassDef):
            module.aliases[node.name] = f"{module.name}.{node.name}"


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def forbidden_imports(modules: dict[str, Module], source: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{m.where(line)}: {m.name} imports {target}"
        for m in modules.values()
        if within(m.name, source)
        for target, line in m.imports
        if any(within(target, f) for f in forbidden)
    ]


def layer_violations(modules: dict[str, Module], ui: str, layers: tuple[str, ...]) -> list[str]:
    """A module of ui.<layer> may import only its own layer, lower layers, and anything outside ui."""

    def layer(name: str) -> str | None:  # a flat ui/dialogs.py is in no layer; ui/dialogs/ is
        parts = name[len(ui) + 1 :].split(".")
        in_subpackage = len(parts) > 1 or (name in modules and modules[name].is_package)
        return parts[0] if in_subpackage and parts[0] in layers else None

    found: list[str] = []
    for m in modules.values():
        if not within(m.name, ui) or m.name == ui:
            continue
        own = layer(m.name)
        if own is None:
            found.append(f"{m.where(1)}: {m.name} is in none of the layer subpackages {layers}")
            continue
        for target, line in m.imports:
            other = layer(target) if within(target, ui) else None
            if other is not None and layers.index(other) < layers.index(own):
                found.append(f"{m.where(line)}: {m.name} ({own}) imports {target} from higher layer {other}")
    return found


def only_importer(modules: dict[str, Module], target: str, allowed: str) -> list[str]:
    missing = [f"module {name} does not exist" for name in (target, allowed) if name not in modules]
    return missing + [
        f"{m.where(line)}: {m.name} imports {imported}"
        for m in modules.values()
        if m.name not in (target, allowed)
        for imported, line in m.imports
        if within(imported, target)
    ]


def import_cycles(modules: dict[str, Module]) -> list[str]:
    """One cycle per strongly connected component of the module import graph, each edge with file:line."""
    graph = nx.DiGraph()
    for m in modules.values():
        for target, line in m.imports:
            if target in modules and target != m.name and not graph.has_edge(m.name, target):
                graph.add_edge(m.name, target, where=m.where(line))
    found: list[str] = []
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1:
            cycle = nx.find_cycle(graph.subgraph(component))
            start = min(range(len(cycle)), key=lambda i: cycle[i][0])
            cycle = cycle[start:] + cycle[:start]
            found.append(" -> ".join(f"{a} ({graph.edges[a, b]['where']})" for a, b in cycle) + " -> back")
    return sorted(found)


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None


def _canonical(dotted: str, module: Module, modules: dict[str, Module]) -> str:
    """The class or module a dotted name in `module` refers to, following imports and re-exports."""
    head, _, rest = dotted.partition(".")
    name = module.aliases.get(head, head) + (f".{rest}" if rest else "")
    for _ in range(10):
        parts = name.split(".")
        owners = [i for i in range(len(parts) - 1, 0, -1) if ".".join(parts[:i]) in modules]
        if name in modules or not owners:
            return name
        bound = modules[".".join(parts[: owners[0]])].aliases.get(parts[owners[0]])
        if bound is None or bound == ".".join(parts[: owners[0] + 1]):  # a class defined there, or unknown
            return name
        name = ".".join([bound, *parts[owners[0] + 1 :]])
    return name


def subclasses(modules: dict[str, Module], base: str) -> set[str]:
    """Every class in the scanned packages that derives from `base`, directly or not (by AST)."""
    bases: dict[str, list[str]] = {}
    for m in modules.values():
        for node in ast.walk(m.tree):
            if isinstance(node, ast.ClassDef):
                bases[f"{m.name}.{node.name}"] = [d for b in node.bases if (d := _dotted(b))]
    resolved = {
        cls: {_canonical(b, modules[cls.rsplit(".", 1)[0]], modules) for b in names}
        for cls, names in bases.items()
    }
    found = {base}
    while grown := {cls for cls, parents in resolved.items() if parents & found} - found:
        found |= grown
    return found


def command_constructions(modules: dict[str, Module], base: str, ui: str, allowed: str) -> list[str]:
    commands = subclasses(modules, base)
    found: list[str] = []
    for m in modules.values():
        if not within(m.name, ui) or within(m.name, allowed):
            continue
        for node in ast.walk(m.tree):
            if isinstance(node, ast.Call) and (dotted := _dotted(node.func)):
                cls = _canonical(dotted, m, modules)
                if cls in commands:
                    found.append(f"{m.where(node.lineno)}: {m.name} constructs {cls}")
    return sorted(found, key=lambda where: (where.split(":")[0], int(where.split(":")[1])))


def oversized(modules: dict[str, Module], limit: int) -> list[str]:
    return [f"{m.path.as_posix()}: {m.lines} lines" for m in modules.values() if m.lines > limit]


def _report(rule: str, found: list[str]) -> str:
    return f"{rule}: {len(found)} violation(s)\n  " + "\n  ".join(found)


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    found = scan(ROOT, PACKAGES)
    assert len(found) > 50 and "journeymap_designer.model.edits" in found
    return found


def test_model_is_the_bottom_layer(modules: dict[str, Module]) -> None:
    forbidden = (UI, "exporters", "journeymap_designer.cli", *QT)
    found = forbidden_imports(modules, "journeymap_designer.model", forbidden)
    assert not found, _report("model imports ui, exporters, cli or Qt", found)


def test_exporters_are_qt_free(modules: dict[str, Module]) -> None:
    found = forbidden_imports(modules, "exporters", (UI, *QT))
    assert not found, _report("exporters import ui or Qt", found)


def test_ui_subpackages_are_layered(modules: dict[str, Module]) -> None:
    found = layer_violations(modules, UI, UI_LAYERS)
    assert not found, _report(f"ui layers {' > '.join(UI_LAYERS)}", found)


def test_only_the_entry_point_imports_the_main_window(modules: dict[str, Module]) -> None:
    found = only_importer(modules, f"{UI}.shell.mainwindow", f"{UI}.shell.app")
    assert not found, _report("only ui.shell.app imports ui.shell.mainwindow", found)


def test_no_import_cycles(modules: dict[str, Module]) -> None:
    found = import_cycles(modules)
    assert not found, _report("import cycles (TYPE_CHECKING imports included)", found)


def test_commands_are_built_only_in_ui_editing(modules: dict[str, Module]) -> None:
    assert len(subclasses(modules, "journeymap_designer.model.edits.Command")) >= 8
    found = command_constructions(modules, "journeymap_designer.model.edits.Command", UI, f"{UI}.editing")
    assert not found, _report("model commands constructed in ui outside ui.editing", found)


def test_modules_are_small(modules: dict[str, Module]) -> None:
    found = oversized(modules, MAX_LINES)
    assert not found, _report(f"modules over {MAX_LINES} lines", found)


# The checkers can fail: a planted package with one violation of each kind, and legal code beside it.
PLANTED = {
    "pkg/__init__.py": "",
    "pkg/a.py": "def f() -> None:\n    import pkg.b\n",
    "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n",
    "pkg/model/__init__.py": "from .cmds import Add\n",
    "pkg/model/edits.py": "class Command: ...\nclass Other: ...\n",
    "pkg/model/cmds.py": "from . import edits\nclass Add(edits.Command): ...\nclass Sub(Add): ...\n",
    "pkg/model/bad.py": "def g() -> None:\n    from PySide6 import QtCore\n",
    "pkg/ui/__init__.py": "",
    "pkg/ui/stray.py": "",
    "pkg/ui/shell/__init__.py": "",
    "pkg/ui/shell/app.py": "from . import mainwindow\n",
    "pkg/ui/shell/mainwindow.py": "from ..widgets import w\nfrom ...model.cmds import Sub\nSub()\n",
    "pkg/ui/widgets/__init__.py": "",
    "pkg/ui/widgets/w.py": (
        "from pkg.model import Add, cmds\nfrom pkg.model.edits import Other\nimport pkg.model.cmds as c\n"
        "from ..shell.mainwindow import X\nAdd()\ncmds.Sub()\nc.Add()\nOther()\n"
    ),
    "pkg/ui/editing/__init__.py": "",
    "pkg/ui/editing/e.py": "from pkg.model.cmds import Add\nfrom ..widgets import w\nAdd()\n",
    "pkg/big.py": "x = 1\n" * 501,
    "pkg/ok.py": "x = 1\n" * 500,
}


@pytest.fixture
def planted(tmp_path: Path) -> dict[str, Module]:
    for name, text in PLANTED.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return scan(tmp_path, ("pkg",))


def test_checker_finds_planted_qt_import_and_cycle(planted: dict[str, Module]) -> None:
    assert forbidden_imports(planted, "pkg.model", QT) == [
        "pkg/model/bad.py:2: pkg.model.bad imports PySide6"
    ]
    assert import_cycles(planted) == [
        "pkg.a (pkg/a.py:2) -> pkg.b (pkg/b.py:3) -> back",
        "pkg.ui.shell.mainwindow (pkg/ui/shell/mainwindow.py:1)"
        " -> pkg.ui.widgets.w (pkg/ui/widgets/w.py:4) -> back",
    ]


def test_checker_finds_planted_layer_and_entry_point_violations(planted: dict[str, Module]) -> None:
    layers = layer_violations(planted, "pkg.ui", UI_LAYERS)
    assert layers == [
        "pkg/ui/stray.py:1: pkg.ui.stray is in none of the layer subpackages " + str(UI_LAYERS),
        "pkg/ui/widgets/w.py:4: pkg.ui.widgets.w (widgets) imports pkg.ui.shell.mainwindow"
        " from higher layer shell",
    ]
    assert only_importer(planted, "pkg.ui.shell.mainwindow", "pkg.ui.shell.app") == [
        "pkg/ui/widgets/w.py:4: pkg.ui.widgets.w imports pkg.ui.shell.mainwindow"
    ]
    assert only_importer(planted, "pkg.ui.shell.gone", "pkg.ui.shell.app") == [
        "module pkg.ui.shell.gone does not exist"
    ]


def test_checker_finds_planted_command_constructions(planted: dict[str, Module]) -> None:
    assert subclasses(planted, "pkg.model.edits.Command") == {
        "pkg.model.edits.Command",
        "pkg.model.cmds.Add",
        "pkg.model.cmds.Sub",
    }
    assert command_constructions(planted, "pkg.model.edits.Command", "pkg.ui", "pkg.ui.editing") == [
        "pkg/ui/shell/mainwindow.py:3: pkg.ui.shell.mainwindow constructs pkg.model.cmds.Sub",
        "pkg/ui/widgets/w.py:5: pkg.ui.widgets.w constructs pkg.model.cmds.Add",
        "pkg/ui/widgets/w.py:6: pkg.ui.widgets.w constructs pkg.model.cmds.Sub",
        "pkg/ui/widgets/w.py:7: pkg.ui.widgets.w constructs pkg.model.cmds.Add",
    ]
    assert oversized(planted, 500) == ["pkg/big.py: 501 lines"]
