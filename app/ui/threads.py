"""Blocking core calls on plain Python threads, results delivered in the UI thread.

Fires, keyring calls and Management API requests all block. They run here on
``threading.Thread`` workers that only call the core and then emit one signal of a
long-lived QObject that lives in the UI thread, so the slot runs there (a queued
connection). Nothing Qt is created, owned or deleted per call: an earlier design with a
``QRunnable`` and a signals object per call crashed now and then when Python's garbage
collector ran in the UI thread while a worker was still busy.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class ThreadRunner(QObject):
    """Starts calls on worker threads and reports each one's outcome.

    Args:
        serial: run calls one after another (keyring backends are not all thread-safe).

    Signals:
        finished(object, object, object): the call's token, its return value, and the
            exception it raised (None when it returned).
    """

    finished = Signal(object, object, object)

    def __init__(self, parent: QObject | None = None, *, serial: bool = False) -> None:
        super().__init__(parent)
        self._serial = threading.Lock() if serial else None
        self._threads: set[threading.Thread] = set()
        self._guard = threading.Lock()

    def start(self, token: object, call: Callable[[], Any]) -> None:
        """Run ``call`` on a worker thread; ``finished(token, value, error)`` follows."""

        def work() -> None:
            if self._serial is not None:
                with self._serial:
                    value, error = _call(call)
            else:
                value, error = _call(call)
            # RuntimeError: the window was closed meanwhile, nobody is left to tell.
            with contextlib.suppress(RuntimeError):
                self.finished.emit(token, value, error)
            with self._guard:
                self._threads.discard(threading.current_thread())

        thread = threading.Thread(target=work, name="hooksmith-worker", daemon=True)
        with self._guard:
            self._threads.add(thread)
        thread.start()

    def wait(self, timeout_ms: int) -> bool:
        """Wait up to ``timeout_ms`` for every worker to end; True when they all did."""
        deadline = time.monotonic() + timeout_ms / 1000
        with self._guard:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in threads)


def _call(call: Callable[[], Any]) -> tuple[Any, BaseException | None]:
    try:
        return call(), None
    except Exception as exc:  # handed to the UI thread, which explains it
        return None, exc
