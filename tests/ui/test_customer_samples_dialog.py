"""'Fill from a customer…' on the payload page: a Talon.One customer profile's values
become the samples, read off the UI thread from the sandbox's Management API."""

from __future__ import annotations

import json

from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.management import address, demo_keys
from app.core.sandbox.server import Sandbox
from app.ui.customer_samples import CustomerSamplesDialog
from app.ui.pages.payload import PayloadPage
from app.ui.wizard import PageId
from tests.helpers.wizard_helpers import click, retype, wizard_at


def test_the_samples_come_from_a_customer_profile(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = wizard_at(qtbot, services, PageId.PAYLOAD, destination="clevertap")
    page = wizard.page_for(PageId.PAYLOAD)
    assert isinstance(page, PayloadPage)
    click(qtbot, page.from_customer)
    dialog = page.customer_dialog
    assert isinstance(dialog, CustomerSamplesDialog) and dialog.isVisible()
    retype(qtbot, dialog.connection.address, address(sandbox))
    retype(qtbot, dialog.connection.key.edit, demo_keys(sandbox)[0])
    retype(qtbot, dialog.customer, "nobody@example.com")
    with qtbot.waitSignal(dialog.runner.failed, timeout=10_000):
        click(qtbot, dialog.fill_button)
    assert "no customer profile with the integration ID" in dialog.message.text()
    assert dialog.customer.text() == "nobody@example.com"  # kept to correct it
    retype(qtbot, dialog.customer, "ann.demo@example.com")
    with qtbot.waitSignal(dialog.runner.succeeded, timeout=10_000):
        click(qtbot, dialog.fill_button)
    assert "ProfileID: customer-0042 → ann.demo@example.com" in dialog.message.text()
    page.refresh()
    body = json.loads(page.body.toPlainText())
    assert body["d"][0]["identity"] == "ann.demo@example.com"
    assert wizard.session.profile is not None
    assert wizard.session.profile.param("ProfileID").sample == "ann.demo@example.com"  # type: ignore[union-attr]
