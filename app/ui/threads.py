"""Blocking core calls on plain Python threads, results delivered in the UI thread.

Fires, keyring calls and Management API requests all block. They run here on
``threading.Thread`` workers that only call the core and then emit one signal of a
long-lived QObject that lives in the UI thread, so the slot runs there (a queued
connection). Nothing Qt is created, owned or deleted per call: an earlier design with a
``QRunnable`` and a signals object per call crashed now and then when Python's garbage
collector ran in the UI thread while a worker was still busy.

A call usually captures widgets (``lambda: self.client.read(self.field.text())``). The
worker must never drop the last reference to those: shiboken would then delete the
QObject from the wrong thread (it crashed in ``QObject::~QObject``). So the runner keeps
each call until the UI thread hears it is done, and releases it there.
"""

from __future__ import annotations

import contextlib
import itertools
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
    _done = Signal(int)

    def __init__(self, parent: QObject | None = None, *, serial: bool = False) -> None:
        super().__init__(parent)
        self._serial = threading.Lock() if serial else None
        self._threads: set[threading.Thread] = set()
        self._guard = threading.Lock()
        # What each running call holds, released in the UI thread (see the module doc).
        self._calls: dict[int, tuple[object, Callable[[], Any]]] = {}
        self._count = itertools.count()
        self._done.connect(self._release)

    def start(self, token: object, call: Callable[[], Any]) -> None:
        """Run ``call`` on a worker thread; ``finished(token, value, error)`` follows."""
        key = next(self._count)
        with self._guard:
            self._calls[key] = (token, call)
        thread = threading.Thread(
            target=self._work, args=(key,), name="hooksmith-worker", daemon=True
        )
        with self._guard:
            self._threads.add(thread)
        thread.start()

    def _work(self, key: int) -> None:
        with self._guard:
            token, call = self._calls[key]
        if self._serial is not None:
            with self._serial:
                value, error = _call(call)
        else:
            value, error = _call(call)
        del call  # the runner still holds it; the UI thread lets it go
        # RuntimeError: the window was closed meanwhile, nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            self.finished.emit(token, value, error)
            self._done.emit(key)
        with self._guard:
            self._threads.discard(threading.current_thread())

    def _release(self, key: int) -> None:
        with self._guard:
            self._calls.pop(key, None)

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
