"""Runs one blocking core call (a Management API request) off the UI thread.

The same pattern as :class:`~app.ui.worker.FireRunner`: the worker only calls the core
and emits; the result is delivered in the UI thread. A task that is cancelled, or
replaced by a newer one, is forgotten: whatever it reports later is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Signals(QObject):
    finished = Signal(object, object, object)  # task token, value, exception


class _Runnable(QRunnable):
    def __init__(self, token: object, call: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.token = token
        self.call = call
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            value, error = self.call(), None
        except Exception as exc:  # delivered to the UI thread, which explains it
            value, error = None, exc
        self.signals.finished.emit(self.token, value, error)


class TaskRunner(QObject):
    """Starts one task at a time on a private thread pool.

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
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
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
        signals = _Signals(self)
        signals.finished.connect(self._deliver)
        self._current = (token, name)
        self.pool.start(_Runnable(token, call, signals))
        self.busyChanged.emit(True)

    @Slot(object, object, object)
    def _deliver(self, token: object, value: Any, error: Exception | None) -> None:
        sender = self.sender()
        if sender is not None:
            sender.deleteLater()
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
        self.pool.waitForDone(timeout_ms)
