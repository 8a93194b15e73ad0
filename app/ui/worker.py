"""Runs a :class:`~app.core.fire.FireJob` on a thread pool; the result comes back as a signal.

The worker never touches a widget: it only calls the core and emits. Cancelling
calls ``job.cancel()``, which shuts the job's sockets so a blocked read returns.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.core.fire import FireError, FireJob, FireResult, FireSettings
from app.core.request import PreparedRequest


class FireSignals(QObject):
    """Signals of one fire; lives in the UI thread, so slots run there.

    Signals:
        finished(object, object): the job and its :class:`FireResult` (errors included).
    """

    finished = Signal(object, object)


class _FireRunnable(QRunnable):
    def __init__(self, job: FireJob, signals: FireSignals) -> None:
        super().__init__()
        self.job = job
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.job.run()
        except Exception as exc:  # FireJob.run never raises; this is a last guard
            result = FireResult(
                self.job.request,
                error=FireError(
                    "other",
                    "The fire failed unexpectedly.",
                    "See the technical detail.",
                    self.job.request.redactor.redact(f"{type(exc).__name__}: {exc}"),
                ),
            )
        self.signals.finished.emit(self.job, result)


class FireRunner(QObject):
    """Starts fires on its own thread pool and delivers the result of the one in flight.

    A cancelled fire is forgotten at once: the UI returns to idle without waiting, and
    whatever the worker reports later is dropped.

    Args:
        pool: the pool to run on; a private one by default, so closing the window can
            wait for it without touching the global pool.

    Signals:
        resultReady(object): the :class:`FireResult` of a fire that was not cancelled.
    """

    resultReady = Signal(object)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool(self)
        self.job: FireJob | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self, request: PreparedRequest, settings: FireSettings) -> FireJob:
        """Start a fire off the UI thread; the result arrives through :attr:`resultReady`."""
        job = FireJob(request, settings)
        signals = FireSignals(self)
        # A bound slot of an object in the UI thread: the call is queued to that thread.
        signals.finished.connect(self._deliver)
        self.job = job
        self.pool.start(_FireRunnable(job, signals))
        return job

    @Slot(object, object)
    def _deliver(self, job: FireJob, result: FireResult) -> None:
        sender = self.sender()
        if sender is not None:
            sender.deleteLater()
        if self.job is job:
            self.job = None
            self.resultReady.emit(result)

    def cancel(self) -> FireJob | None:
        """Cancel the fire in flight and forget it; returns the cancelled job."""
        job, self.job = self.job, None
        if job is not None:
            job.cancel()
        return job

    def shutdown(self, timeout_ms: int = 3000) -> None:
        """Cancel and wait briefly for worker threads (window closing)."""
        self.cancel()
        self.pool.waitForDone(timeout_ms)
