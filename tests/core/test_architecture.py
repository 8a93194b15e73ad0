"""app.core must work without Qt: the CLI, tests and any future front end depend on it."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_without_qt() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "sys.modules['PySide6'] = None\n"
        "sys.modules['shiboken6'] = None\n"
        "import app.core\n"
        "for m in pkgutil.iter_modules(app.core.__path__):\n"
        "    importlib.import_module('app.core.' + m.name)\n"
        "import app.cli\n"
        "app.cli.build_parser()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
