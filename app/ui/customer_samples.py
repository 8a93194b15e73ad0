"""'Fill from a customer…': one Talon.One customer profile's values become the samples.

The dialog asks for the Campaign Manager's address, the Management API key (kept in the
keyring) and the customer's integration ID; the profile is read off the UI thread and
:func:`app.core.support.customer_samples.fill_from_customer` puts its values into the samples.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.destination.catalogue import Destination
from app.core.destination.profile import Profile
from app.core.support.customer_samples import fill_from_customer
from app.ui.session import Session
from app.ui.talon_task_dialog import TalonTaskDialog
from app.ui.widgets import wrapped


class CustomerSamplesDialog(TalonTaskDialog):
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
        super().__init__(session, self.tr("&Fill samples"), "fillFromCustomer", parent)
        self.setWindowTitle(self.tr("Samples from a customer profile"))
        self.profile = profile
        self.destination = destination
        self.fill_button = self.action
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

    def on_action_clicked(self) -> None:
        wanted = self.customer.text().strip()
        if not wanted:
            self.say(self.tr("Enter the customer's integration ID first."), "error")
            return
        self.start(
            "customer",
            self.tr("Reading the customer profile from {base}…"),
            lambda client: client.customer(wanted),
        )

    def on_runner_succeeded(self, _name: str, customer: Any) -> None:
        fill = fill_from_customer(self.profile, self.destination, customer)
        self.say("\n".join(fill.lines()), "ok")
        if fill.changed:
            self.filled.emit()
