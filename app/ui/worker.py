"""Runs a :class:`~app.core.http.fire.FireJob` on a worker thread; the result comes back
as a signal.

The worker never touches a widget: it only calls the core and emits. Cancelling
calls ``job.cancel()``, which shuts the job's sockets so a blocked read returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from app.core.http.fire_result import FireError, FireResult
from app.core.http.request import PreparedRequest
from app.core.http.settings import FireSettings
from app.ui.threads import ThreadRunner

if TYPE_CHECKING:
    from app.core.http.fire import FireJob


def _run(job: FireJob) -> FireResult:
    try:
        return job.run()
    except Exception as exc:  # FireJob.run never raises; this is a last guard
        return FireResult(
            job.request,
            error=FireError(
                "other",
                "The fire failed unexpectedly.",
                "See the technical detail.",
                job.request.redactor.redact(f"{type(exc).__name__}: {exc}"),
            ),
        )


class FireRunner(QObject):
    """Starts fires on worker threads and delivers the result of the one in flight.

    A cancelled fire is forgotten at once: the UI returns to idle without waiting, and
    whatever the worker reports later is dropped.

    Signals:
        resultReady(object): the :class:`FireResult` of a fire that was not cancelled.
    """

    resultReady = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threads = ThreadRunner(self)
        self.threads.finished.connect(self._deliver)
        self.job: FireJob | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self, request: PreparedRequest, settings: FireSettings) -> FireJob:
        """Start a fire off the UI thread; the result arrives through :attr:`resultReady`."""
        from app.core.http.fire import FireJob  # the engine loads with the first fire

        job = FireJob(request, settings)
        self.job = job
        self.threads.start(job, lambda: _run(job))
        return job

    @Slot(object, object, object)
    def _deliver(self, job: FireJob, result: FireResult, _error: object) -> None:
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
        self.threads.wait(timeout_ms)
