"""Runs one blocking core call (a Management API request) off the UI thread.

The same pattern as :class:`~app.ui.worker.FireRunner`: the worker only calls the core
and emits; the result is delivered in the UI thread. A task that is cancelled, or
replaced by a newer one, is forgotten: whatever it reports later is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from app.ui.threads import ThreadRunner


class TaskRunner(QObject):
    """Starts one task at a time on a worker thread.

    Signals:
        succeeded(str, object): the task's name and what the call returned.
        failed(str, object): the task's name and the exception it raised.
        busyChanged(bool): a task started, or the last one ended or was cancelled.
    """

    succeeded = Signal(str, object)
    failed = Signal(str, object)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threads = ThreadRunner(self, serial=True)
        self.threads.finished.connect(self._deliver)
        self._current: tuple[object, str] | None = None

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def task(self) -> str:
        """The name of the task in flight ('' when idle)."""
        return self._current[1] if self._current else ""

    def start(self, name: str, call: Callable[[], Any]) -> None:
        """Run ``call`` off the UI thread; a task still in flight is forgotten."""
        token = object()
        self._current = (token, name)
        self.threads.start(token, call)
        self.busyChanged.emit(True)

    @Slot(object, object, object)
    def _deliver(self, token: object, value: Any, error: Exception | None) -> None:
        if self._current is None or self._current[0] is not token:
            return
        name = self._current[1]
        self._current = None
        self.busyChanged.emit(False)
        if error is not None:
            self.failed.emit(name, error)
        else:
            self.succeeded.emit(name, value)

    def cancel(self) -> None:
        """Forget the task in flight (a request already sent runs to its time limit)."""
        if self._current is not None:
            self._current = None
            self.busyChanged.emit(False)

    def shutdown(self, timeout_ms: int = 3000) -> None:
        """Forget the task and wait briefly for the worker (window closing)."""
        self.cancel()
        self.threads.wait(timeout_ms)
