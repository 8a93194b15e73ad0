"""The test tree: tests next to what they test, and every shared helper in tests/helpers,
imported one way (``from tests.helpers.<module> import ...``)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
HELPERS = {p.stem for p in (TESTS / "helpers").glob("*.py")} - {"__init__"}


def test_every_shared_module_is_in_tests_helpers() -> None:
    loose = [
        str(p.relative_to(TESTS))
        for p in TESTS.rglob("*.py")
        if p.parent.name != "helpers" and not p.name.startswith("test_") and p.name != "conftest.py"
    ]
    assert loose == []


def test_helpers_are_imported_one_way() -> None:
    other = []
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                last = node.module.rsplit(".", 1)[-1]
                if last in HELPERS and node.module != f"tests.helpers.{last}":
                    other.append(f"{path.relative_to(TESTS)}: from {node.module}")
    assert other == []
