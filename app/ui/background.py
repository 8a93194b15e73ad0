"""Secret-store calls off the UI thread.

A keyring call can block for as long as the user takes to answer the operating system's
unlock prompt (Secret Service over D-Bus, KWallet, Keychain). The window must keep
painting meanwhile, so the calls run on a worker thread and their result comes back as
a queued signal. Workers only call the core; they never touch a widget.

Errors are handed back as :class:`~app.core.secrets.SecretStoreError` only: anything
else is replaced by a message built from its type, so neither the exception (which a
backend may have built from the value) nor its frames travel back to the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Signal, Slot

from app.core.secrets import SecretStoreError

Done = Callable[[Any, SecretStoreError | None], None]


class _Signals(QObject):
    """Lives in the UI thread; its signal is emitted from the worker (so it is queued).

    Signals:
        done(object, object): the result and the error (None when it worked).
    """

    done = Signal(object, object)


class _Call(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        result: Any = None
        error: SecretStoreError | None = None
        try:
            result = self.fn()
        except SecretStoreError as exc:
            # Its message names no value; its frames might hold one: drop them.
            exc.__traceback__ = exc.__context__ = exc.__cause__ = None
            error = exc
        except Exception as exc:
            error = SecretStoreError(
                f"The secret store failed unexpectedly ({type(exc).__name__}). Try again."
            )
        self.fn = _nothing  # drop the closure (it may hold a value) as soon as possible
        self.signals.done.emit(result, error)


def _nothing() -> None:
    return None


class Background(QObject):
    """Runs store calls one after another on a private pool and reports each result.

    Signals:
        busyChanged(bool): a call started, or the last one finished.
    """

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # keyring backends are not all thread-safe
        self._pending: dict[_Signals, Done] = {}

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def start(self, fn: Callable[[], Any], done: Done) -> None:
        """Run ``fn`` off the UI thread; ``done(result, error)`` runs in the UI thread."""
        signals = _Signals(self)
        signals.done.connect(self._deliver)
        was_busy = self.busy
        self._pending[signals] = done
        self.pool.start(_Call(fn, signals))
        if not was_busy:
            self.busyChanged.emit(True)

    @Slot(object, object)
    def _deliver(self, result: Any, error: SecretStoreError | None) -> None:
        signals = self.sender()
        done = self._pending.pop(signals, None)  # type: ignore[call-overload]
        if signals is not None:
            signals.deleteLater()
        if not self.busy:
            self.busyChanged.emit(False)
        if done is not None:
            done(result, error)

    def wait(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` off the UI thread and return its result, keeping the window alive.

        A local event loop runs until the call ends (as a modal dialog's does), so
        the window repaints while the keyring waits for its unlock prompt. Callers
        must keep the user from starting the same action twice meanwhile.

        Raises:
            SecretStoreError: the call failed (KeyringUnavailable when the store is
                locked or not secure).
        """
        box: dict[str, Any] = {}
        loop = QEventLoop()

        def finished(result: Any, error: SecretStoreError | None) -> None:
            box["result"], box["error"] = result, error
            loop.quit()

        self.start(fn, finished)
        if not box:
            # Paint and deliver results, but leave clicks and keys for afterwards: the
            # user cannot start a second action (or leave the page) half-way.
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        if box["error"] is not None:
            raise box["error"]
        return box["result"]

    def shutdown(self, timeout_ms: int = 3000) -> None:
        """Wait briefly for a call in flight (the window is closing)."""
        self.pool.waitForDone(timeout_ms)
