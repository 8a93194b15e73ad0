"""The emit() helper keeps reference counts right whatever PySide6 does with emit()."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal

from app.ui.signals import emit, emit_drops_a_reference


class Source(QObject):
    plain = Signal()
    carrying = Signal(object, int)


def test_thousands_of_emits_leave_the_count_of_true_unchanged() -> None:
    source = Source()
    received: list[tuple[object, int]] = []
    source.carrying.connect(lambda value, number: received.append((value, number)))
    emit_drops_a_reference()  # probe first, so it is not part of the measurement
    gc.collect()
    before = sys.getrefcount(True)
    for i in range(5000):
        emit(source.plain)
        emit(source.carrying, "x", i)
    gc.collect()
    assert sys.getrefcount(True) - before in range(-2, 3)
    assert len(received) == 5000 and received[-1] == ("x", 4999)
