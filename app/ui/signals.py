"""Emitting Qt signals from Python without tripping a PySide6 reference-count bug.

PySide6 6.12 returns ``True`` from ``SignalInstance.emit()`` without taking a
reference to it, so every emit from Python code drops one reference to ``True``. On
Python 3.11 (where ``True`` is not immortal) the count reaches zero after a few
thousand emits and the interpreter aborts with ``bool_dealloc``. Every Python-side
emit in the GUI goes through :func:`emit`, which gives the reference back when (and
only when) this PySide6 has the bug. Emits from C++ (a button's ``clicked``) and
signal-to-signal connections are not affected; prefer those where they fit.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_drops: bool | None = None


class _Probe(QObject):
    ping = Signal()


def emit_drops_a_reference() -> bool:
    """Whether this PySide6 loses a reference to the value ``emit()`` returns."""
    global _drops
    if _drops is None:
        probe = _Probe()
        rounds = 16
        before = sys.getrefcount(True)
        for _ in range(rounds):
            probe.ping.emit()
        _drops = before - sys.getrefcount(True) >= rounds
        if _drops:
            for _ in range(rounds):  # give back what the probe itself dropped
                ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return _drops


def emit(signal: SignalInstance, *args: Any) -> None:
    """``signal.emit(*args)``, keeping the interpreter's reference counts right."""
    result = signal.emit(*args)
    if isinstance(result, bool) and emit_drops_a_reference():
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
