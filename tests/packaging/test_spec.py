"""The PyInstaller spec bundles exactly the Qt modules the app imports: a module the GUI
starts using must be added to QT_USED (the frozen app would fail to import it), and
one it stops using should go (it costs every installer megabytes)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "hooksmith.spec"


def spec_tuple(name: str) -> set[str]:
    """A module-level tuple of strings from the spec, read without running it."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    raise AssertionError(f"{name} not found in {SPEC}")


def qt_modules_imported_by_app() -> set[str]:
    pattern = re.compile(r"\bPySide6\.(Qt\w+)|from PySide6 import ([\w, ]+)")
    found: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        for dotted, listed in pattern.findall(path.read_text(encoding="utf-8")):
            names = [dotted] if dotted else [n.strip() for n in listed.split(",")]
            found.update(n for n in names if n.startswith("Qt"))
    return found


def test_every_qt_module_the_app_imports_is_bundled() -> None:
    used = qt_modules_imported_by_app()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert used == spec_tuple("QT_USED")


def test_every_other_installed_qt_module_is_excluded() -> None:
    installed = {p.name.split(".")[0] for p in Path(PySide6.__file__).parent.glob("Qt*.*so")}
    installed |= {p.name.split(".")[0] for p in Path(PySide6.__file__).parent.glob("Qt*.pyd")}
    assert installed, "no PySide6 modules found"
    assert installed - spec_tuple("QT_USED") <= spec_tuple("QT_UNUSED")
    assert not spec_tuple("QT_USED") & spec_tuple("QT_UNUSED")
