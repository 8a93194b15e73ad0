"""The shape of app/core: no Qt, packages by concern, layered, with small public faces.

- app.core works without Qt: the CLI, the tests and any future front end depend on it.

- No import cycles between modules, counting every import (lazy ones and those for type
  checking too): a cycle is a sign that two modules are one concern, or that a shared
  piece wants its own module.
- The packages are layered (``LAYERS``, bottom first): a package uses only those below
  it, so a newcomer can read them in order.
- Outside its package (other packages, the GUI, the CLI), a package is used only through
  the modules its ``__init__`` lists in ``__all__``.
- A module over ``SIZE`` lines says why in its docstring (a paragraph starting "Size:").
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "app" / "core"
LAYERS = (
    "destination",
    "payload",
    "secrets",
    "http",
    "handover",
    "support",
    "sandbox",
    "journey",
)
SIZE = 350


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported(path: Path) -> set[str]:
    """Every ``app.core`` module ``path`` imports, wherever the import stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app."):
            for alias in node.names:
                whole = f"{node.module}.{alias.name}"
                found.add(whole if is_module(whole) else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("app.")}
    return {name for name in found if name.startswith("app.core.") or name == "app.core"}


def graph(folder: Path) -> dict[str, set[str]]:
    return {module_name(p): imported(p) for p in sorted(folder.rglob("*.py"))}


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["app", "core"] else ""


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in edges:
        if node not in index:
            visit(node)
    return found


def test_core_imports_without_qt() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "sys.modules['PySide6'] = None\n"
        "sys.modules['shiboken6'] = None\n"
        "import app.core\n"
        "for m in pkgutil.walk_packages(app.core.__path__, 'app.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "import app.cli\n"
        "app.cli.build_parser()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_core_module_is_in_a_layered_package() -> None:
    loose = [p.name for p in CORE.glob("*.py") if p.name != "__init__.py"]
    assert loose == [], "put each module in the package of its concern"
    packages = sorted(p.name for p in CORE.iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted(LAYERS)


def test_no_import_cycles_between_modules() -> None:
    assert cycles(graph(CORE)) == []


def test_a_package_uses_only_the_packages_below_it() -> None:
    wrong = []
    for module, targets in graph(CORE).items():
        mine = package_of(module)
        for target in targets:
            theirs = package_of(target)
            if theirs and theirs != mine and LAYERS.index(theirs) > LAYERS.index(mine):
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def public(package: str) -> set[str]:
    return set(importlib.import_module(f"app.core.{package}").__all__)


@pytest.mark.parametrize("package", LAYERS)
def test_the_public_face_lists_only_modules_that_exist(package: str) -> None:
    for name in public(package):
        assert is_module(f"app.core.{package}.{name}"), name


def test_outside_its_package_a_package_is_used_through_its_public_modules() -> None:
    wrong = []
    for module, targets in graph(ROOT / "app").items():
        for target in targets:
            theirs = package_of(target)
            if not theirs or theirs == package_of(module):
                continue
            name = target.split(".")[3] if target.count(".") >= 3 else ""
            if name and name not in public(theirs):
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_a_long_module_says_why() -> None:
    silent = []
    for path in CORE.rglob("*.py"):
        lines = path.read_text().count("\n")
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        if lines > SIZE and "\nSize: " not in doc:
            silent.append(f"{path.relative_to(ROOT)} ({lines} lines)")
    assert silent == []


def test_the_checker_finds_a_cycle() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    edges["a"] |= {"b"}
    edges["b"] |= {"c"}
    edges["c"] |= {"a"}
    edges["d"] |= {"a"}
    assert cycles(dict(edges)) == [["a", "b", "c"]]
