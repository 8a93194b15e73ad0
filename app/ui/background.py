"""Secret-store calls off the UI thread.

A keyring call can block for as long as the user takes to answer the operating system's
unlock prompt (Secret Service over D-Bus, KWallet, Keychain). The window must keep
painting meanwhile, so the calls run on a worker thread and their result comes back as
a queued signal. Workers only call the core; they never touch a widget.

Errors are handed back as :class:`~app.core.secrets.store.SecretStoreError` only: anything
else is replaced by a message built from its type, so neither the exception (which a
backend may have built from the value) nor its frames travel back to the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Signal, Slot

from app.core.secrets.store import SecretStoreError
from app.ui.threads import ThreadRunner

Done = Callable[[Any, SecretStoreError | None], None]


def _guarded(fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` with every failure turned into a SecretStoreError that carries no value."""
    box = [fn]

    def call() -> Any:
        try:
            return box[0]()
        except SecretStoreError as exc:
            # Its message names no value; its frames might hold one: drop them.
            exc.__traceback__ = exc.__context__ = exc.__cause__ = None
            raise exc from None
        except Exception as exc:
            raise SecretStoreError(
                f"The secret store failed unexpectedly ({type(exc).__name__}). Try again."
            ) from None
        finally:
            box.clear()  # drop the closure (it may hold a value) as soon as possible

    return call


class Background(QObject):
    """Runs store calls one after another on a worker thread and reports each result.

    Signals:
        busyChanged(bool): a call started, or the last one finished.
    """

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threads = ThreadRunner(self, serial=True)  # keyring backends: not thread-safe
        self.threads.finished.connect(self._deliver)
        self._pending: dict[object, Done] = {}

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def start(self, fn: Callable[[], Any], done: Done) -> None:
        """Run ``fn`` off the UI thread; ``done(result, error)`` runs in the UI thread."""
        token = object()
        was_busy = self.busy
        self._pending[token] = done
        self.threads.start(token, _guarded(fn))
        if not was_busy:
            self.busyChanged.emit(True)

    @Slot(object, object, object)
    def _deliver(self, token: object, result: Any, error: BaseException | None) -> None:
        done = self._pending.pop(token, None)
        if error is not None:
            error.__traceback__ = None  # its frames might hold a value
        if not self.busy:
            self.busyChanged.emit(False)
        if done is not None:
            done(result, error if isinstance(error, SecretStoreError) else None)

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
        self.threads.wait(timeout_ms)
