"""The first page imports only what it shows: the fire engine, TLS, the HTTP client,
the keyring and the Management API client load when first needed, never at start-up.

Timing lives in the benchmarks (``bash benchmarks/run.sh``); this test keeps the import
set from growing back silently. It runs the real entry point in a child process (a
fresh interpreter: this process has imported everything already).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Modules the first page must not import (each costs start-up time or memory).
NOT_AT_START = (
    "urllib3",
    "ssl",
    "http.client",
    "email.parser",
    "email.utils",
    "socket",
    "logging.handlers",
    "uuid",
    "platform",
    "keyring",
    # the wizard's start reads its arguments itself (app.cli.wizard_arguments): building
    # the parser and parsing cost about 8 ms, and gettext loads locale on parsing
    "locale",
    # a millisecond or two each, for what only later pages, a bug or an error need
    "difflib",
    "html",
    "ctypes",
    "importlib.resources",
    "secrets",
    "hashlib",  # loads OpenSSL; the verdict digests use CPython's own SHA-256
    "app.core.payload.problems",
    "app.core.http.safety",
    "cryptography",
    "app.core.http.fire",
    "app.core.http.transport",
    "app.core.http.tls",
    "app.core.http.failures",
    "app.core.support.management",
    "app.core.sandbox.server",
    "app.core.support.bundle",
    # the pages after the first, and the journey they show, are built after the first paint
    "app.ui.pages.credentials",
    "app.ui.pages.mapping",
    "app.ui.pages.payload",
    "app.ui.pages.fire",
    "app.ui.pages.handover",
    "app.ui.credentials_manager",
    "app.core.journey.journey",
    # the shipped destination files are known to meet their schema (shipped verdicts)
    "jsonschema",
    # the first page lists the catalogue's index; destinations are built when one is chosen
    "app.core.destination.catalogue",
)

#: PySide6 creates a class's enum classes when the class is first named: Qt's 93 cost
#: about 17 ms, so nothing before the first paint names these (see app/ui/lean.py).
NOT_CREATED_AT_START = (
    "PySide6.QtCore.Qt",
    "PySide6.QtWidgets.QMessageBox",
    "PySide6.QtWidgets.QFileDialog",
    "PySide6.QtGui.QFontDatabase",
    "PySide6.QtCore.QEvent",  # a Python event handler (showEvent) needs it
    "PySide6.QtGui.QKeySequence",
    "PySide6.QtGui.QIcon",
    "PySide6.QtWidgets.QComboBox",
    "PySide6.QtWidgets.QLineEdit",
    "PySide6.QtWidgets.QTableView",
)

CHILD = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget, QWizard
app = QApplication([])
original = QWidget.show
def show(widget):
    original(widget)
    if isinstance(widget, QWizard) and widget.isWindow():
        QWidget.show = original
        def done():
            from PySide6 import QtCore, QtGui, QtWidgets
            made = [f"{m.__name__}.{n}" for m in (QtCore, QtGui, QtWidgets) for n in vars(m)]
            print(json.dumps(sorted(sys.modules) + made))
            widget.done(0)
            app.quit()
        QTimer.singleShot(0, done)
QWidget.show = show
from app.cli import main
main([])
"""


def test_the_first_page_does_not_import_the_fire_engine_or_the_keyring(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOOKSMITH_HOME": str(tmp_path),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    first = _start(env)
    assert "app.ui.wizard" in first  # the wizard really started
    early = sorted(m for m in NOT_AT_START if m in first)
    assert early == [], f"imported before the first fire: {early}"
    made = [c for c in NOT_CREATED_AT_START if c in first]
    assert made == [], f"PySide6 classes named before the first paint: {made}"


def _start(env: dict[str, str]) -> set[str]:
    """The modules loaded when the first page of a fresh process is idle, and the PySide6
    classes created by then (``PySide6.QtCore.QObject``...)."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stdout.splitlines() if line.startswith("[")]
    assert lines, (done.stdout[-2000:], done.stderr[-2000:])
    return set(json.loads(lines[-1]))
