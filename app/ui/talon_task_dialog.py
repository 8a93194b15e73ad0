"""A dialog that reads something from Talon.One's Management API off the UI thread.

It holds what such dialogs share: the address and key (:class:`TalonConnection`, the
key kept in the keyring), the one button that starts the read, a busy bar with Cancel,
and a message line. A subclass lays out its own widgets and handles the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from app.core.support.management import ManagementClient
from app.ui.session import Session
from app.ui.support.common import BusyBar, error_text
from app.ui.support.connection import TalonConnection
from app.ui.support.tasks import TaskRunner
from app.ui.widgets import note, wrapped


class TalonTaskDialog(QDialog):
    """The shared part; ``action`` is the button that starts the read."""

    def __init__(
        self, session: Session, action_text: str, action_name: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self.runner.succeeded.connect(self.on_runner_succeeded)
        self.runner.failed.connect(self.on_runner_failed)
        self.runner.busyChanged.connect(self.on_runner_busyChanged)
        self.connection = TalonConnection(session.services.store, lambda: session.services.settings)
        self.action = QPushButton(action_text)
        self.action.setObjectName(action_name)
        self.action.setDefault(True)
        self.action.clicked.connect(self.on_action_clicked)
        self.connection.add_action(self.action)
        self.busy = BusyBar()
        self.busy.cancelRequested.connect(self.runner.cancel)
        self.message = wrapped(selectable=True)

    def start(self, name: str, busy_text: str, call: Callable[[ManagementClient], Any]) -> None:
        """Run ``call`` with a client for the address; the key is stored (when newly
        typed) and read on the worker, never on the UI thread."""
        try:
            opening = self.connection.open()
        except Exception as exc:  # no usable address
            self.say(error_text(exc), "error")
            return
        self.say("", "ok")
        self.busy.start(busy_text.format(base=opening.base))
        self.runner.start(name, lambda: call(opening.client()))

    def on_action_clicked(self) -> None:
        raise NotImplementedError

    def on_runner_succeeded(self, name: str, value: Any) -> None:
        raise NotImplementedError

    def on_runner_failed(self, _name: str, error: BaseException) -> None:
        self.say(error_text(error), "error")

    def on_runner_busyChanged(self, busy: bool) -> None:
        self.action.setEnabled(not busy)
        if not busy:
            self.busy.stop()
            self.connection.refresh_state()  # a typed key may be stored now

    def say(self, text: str, kind: str) -> None:
        self.message.setText(text)
        note(self.message, kind)

    def done(self, result: int) -> None:
        self.runner.cancel()
        self.connection.shutdown()
        super().done(result)
