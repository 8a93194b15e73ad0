"""A guard against a reference-counting bug of PySide6 6.12 on Python 3.11.

PySide6 6.12's wheels (``cp310-abi3``) return ``None`` from every void method, and
``True`` from ``SignalInstance.emit()``, without taking a reference, as if these
objects were immortal. They are immortal only from Python 3.12 on. On 3.11 each such
call drops one reference, and once the count reaches zero the interpreter aborts
with ``Fatal Python error: none_dealloc`` (or ``bool_dealloc``) — in a long session,
or at exit after a test run. PySide6 6.11 does not have the bug.

:func:`guard_refcounts` does what Python 3.12 does: it gives ``None``, ``True`` and
``False`` a reference count so large that no session can use it up. It does nothing
on Python 3.12+ or when the probe shows this PySide6 keeps its counts right.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, QTimer, Signal

#: Added to the reference counts; at a million lost references a second it lasts 12 days.
PADDING = 1 << 40
_guarded = False


class _Probe(QObject):
    ping = Signal()


def drops_references() -> bool:
    """Whether void calls or emits of this PySide6 lose references to None or True."""
    probe = _Probe()
    rounds = 64
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(rounds):
        probe.setObjectName("probe")
        probe.ping.emit()
    return (
        none_before - sys.getrefcount(None) >= rounds
        or true_before - sys.getrefcount(True) >= rounds
    )


def guard_refcounts() -> bool:
    """Make None, True and False effectively immortal when this PySide6 needs it.

    Safe to call often: the probe and the padding happen once per process.

    Returns:
        True when the padding was applied (now or earlier).
    """
    global _guarded
    if _guarded or sys.version_info >= (3, 12):
        return _guarded
    if drops_references():
        import ctypes  # only for a PySide6 with the bug

        for singleton in (None, True, False):
            ctypes.c_ssize_t.from_address(id(singleton)).value += PADDING
        _guarded = True
    return _guarded


def collect_garbage_between_events(parent: QObject, interval_ms: int = 5000) -> QTimer:
    """Run Python's cycle collector from the event loop only, never in the middle of a
    Qt call.

    Left to itself, the collector runs whenever allocations cross a threshold, which can
    be inside a Qt virtual (``isComplete``, a paint) while a worker thread is busy; a
    test run showed PySide6 crashing there now and then. Anki's Qt front end does the
    same for the same reason: automatic collection off, a timer collects.

    Returns:
        The timer, owned by ``parent``.
    """
    gc.disable()
    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    timer.timeout.connect(gc.collect)
    timer.start()
    return timer
