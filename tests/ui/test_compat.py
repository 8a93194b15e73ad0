"""The reference-count guard keeps a long session of Qt calls alive on Python 3.11."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from app.ui.compat import drops_references

SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QObject, Signal
    from app.ui.compat import guard_refcounts

    class Source(QObject):
        ping = Signal()

    if sys.argv[1] == "guard":
        guard_refcounts()
    source = Source()
    for _ in range(300_000):  # far more void calls and emits than None/True have references
        source.setObjectName("x")
        source.ping.emit()
    print("done")
    """
)


def run(mode: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, mode],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    )


def test_a_long_session_of_void_calls_and_emits_ends_cleanly_with_the_guard() -> None:
    result = run("guard")
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "done"


@pytest.mark.skipif(
    sys.version_info >= (3, 12) or not drops_references(),
    reason="this Python/PySide6 pair keeps reference counts right",
)
def test_without_the_guard_the_same_session_aborts() -> None:
    """Shows why the guard exists (only where PySide6 has the bug)."""
    result = run("bare")
    assert result.returncode != 0
    assert "dealloc" in result.stderr
