"""'Fill from a customer…': one Talon.One customer profile's values become the samples.

The dialog asks for the Campaign Manager's address, the Management API key (kept in the
keyring) and the customer's integration ID; the profile is read off the UI thread and
:func:`app.core.support.customer_samples.fill_from_customer` puts its values into the samples.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.destination.catalogue import Destination
from app.core.destination.profile import Profile
from app.core.support.customer_samples import fill_from_customer
from app.ui.session import Session
from app.ui.support.common import BusyBar, error_text
from app.ui.support.connection import TalonConnection
from app.ui.support.tasks import TaskRunner
from app.ui.widgets import note, wrapped


class CustomerSamplesDialog(QDialog):
    """Reads one customer profile and fills the profile's samples from it.

    Signals:
        filled(): the samples changed (the page re-renders its tables and preview).
    """

    filled = Signal()

    def __init__(
        self,
        session: Session,
        profile: Profile,
        destination: Destination,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Samples from a customer profile"))
        self.profile = profile
        self.destination = destination
        self.runner = TaskRunner(self)
        self.runner.succeeded.connect(self.on_runner_succeeded)
        self.runner.failed.connect(self.on_runner_failed)
        self.runner.busyChanged.connect(self.on_runner_busyChanged)
        self.connection = TalonConnection(session.services.store, lambda: session.services.settings)
        intro = wrapped(
            self.tr(
                "The preview and the test fire will use this customer's values: the "
                "integration ID and the profile attributes the payload reads."
            )
        )
        self.customer = QLineEdit()
        self.customer.setObjectName("customerIntegrationId")
        self.customer.setPlaceholderText(self.tr("such as an email address or customer number"))
        label = QLabel(self.tr("Customer's &integration ID:"))
        label.setBuddy(self.customer)
        form = QFormLayout()
        form.addRow(label, self.customer)
        self.fill_button = QPushButton(self.tr("&Fill samples"))
        self.fill_button.setObjectName("fillFromCustomer")
        self.fill_button.setDefault(True)
        self.fill_button.clicked.connect(self.on_fill_button_clicked)
        self.connection.add_action(self.fill_button)
        self.busy = BusyBar()
        self.busy.cancelRequested.connect(self.runner.cancel)
        self.message = wrapped(selectable=True)
        self.message.setObjectName("customerSamplesMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.connection)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def on_fill_button_clicked(self) -> None:
        wanted = self.customer.text().strip()
        if not wanted:
            self.say(self.tr("Enter the customer's integration ID first."), "error")
            return
        try:
            client = self.connection.client()
        except Exception as exc:  # no address, no key, or the keyring refused
            self.say(error_text(exc), "error")
            return
        self.say("", "ok")
        self.busy.start(
            self.tr("Reading the customer profile from {base}…").format(base=client.base)
        )
        self.runner.start("customer", lambda: client.customer(wanted))

    def on_runner_succeeded(self, _name: str, customer: Any) -> None:
        fill = fill_from_customer(self.profile, self.destination, customer)
        self.say("\n".join(fill.lines()), "ok")
        if fill.changed:
            self.filled.emit()

    def on_runner_failed(self, _name: str, error: BaseException) -> None:
        self.say(error_text(error), "error")

    def on_runner_busyChanged(self, busy: bool) -> None:
        self.fill_button.setEnabled(not busy)
        if not busy:
            self.busy.stop()

    def say(self, text: str, kind: str) -> None:
        self.message.setText(text)
        note(self.message, kind)

    def done(self, result: int) -> None:
        self.runner.cancel()
        super().done(result)
