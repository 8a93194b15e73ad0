"""Delivery logs from the sandbox's Management API: paging, filters, one opened in diagnose."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.core.sandbox.management import address, demo_keys
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK
from app.ui.support.logs_view import DeliveryLogsDialog
from app.ui.wizard import HooksmithWizard
from tests.helpers.support_helpers import open_tool, visible_mnemonics
from tests.helpers.wizard_helpers import click, retype


@pytest.fixture
def logs(qtbot: QtBot, wizard: HooksmithWizard, sandbox: Sandbox) -> DeliveryLogsDialog:
    dialog: DeliveryLogsDialog = open_tool(qtbot, wizard, "logs")
    retype(qtbot, dialog.connection.address, address(sandbox))
    retype(qtbot, dialog.connection.key.edit, demo_keys(sandbox)[0])
    return dialog


def load(qtbot: QtBot, dialog: DeliveryLogsDialog) -> None:
    with qtbot.waitSignal(dialog.runner.succeeded, timeout=10_000):
        click(qtbot, dialog.load_button)
        assert dialog.busy.isVisible() and not dialog.load_button.isEnabled()
    assert not dialog.busy.isVisible()


def ids(dialog: DeliveryLogsDialog) -> list[str]:
    return [entry.id for entry in dialog.entries]


def test_deliveries_are_listed_a_page_at_a_time_and_filtered(
    qtbot: QtBot, logs: DeliveryLogsDialog
) -> None:
    load(qtbot, logs)
    assert ids(logs) == ["msg-0006", "msg-0005", "msg-0004", "msg-0003"]  # a page is 4
    assert logs.table.item(0, 1).text() == "no answer"
    assert logs.table.item(1, 0).text() == "2025-01-05 09:00:00 UTC"
    assert "More are available" in logs.count.text() and logs.more_button.isEnabled()
    with qtbot.waitSignal(logs.runner.succeeded, timeout=10_000):
        click(qtbot, logs.more_button)
    assert ids(logs)[4:] == ["msg-0002", "msg-0001"]
    assert not logs.more_button.isEnabled() and logs.count.text() == "6 deliveries shown."
    assert logs.webhook.count() == 7  # "All webhooks" and the six in Talon.One

    logs.outcome.setCurrentIndex(logs.outcome.findText("Not accepted"))
    load(qtbot, logs)
    # By each answer's own body: msg-0003 is a CleverTap 200 that rejected its record.
    assert ids(logs) == ["msg-0006", "msg-0005", "msg-0004", "msg-0003"]
    assert logs.table.item(3, 1).text() == "200 (rejected)"
    logs.outcome.setCurrentIndex(logs.outcome.findText("Accepted"))
    load(qtbot, logs)
    assert ids(logs) == []  # the first page holds no accepted delivery
    with qtbot.waitSignal(logs.runner.succeeded, timeout=10_000):
        click(qtbot, logs.more_button)
    assert ids(logs) == ["msg-0001"]
    logs.outcome.setCurrentIndex(0)
    retype(qtbot, logs.code, "401")
    load(qtbot, logs)
    assert ids(logs) == ["msg-0002"]
    logs.code.clear()
    logs.webhook.setCurrentIndex(logs.webhook.findData(101))
    load(qtbot, logs)
    assert ids(logs) == ["msg-0003", "msg-0002", "msg-0001"]
    keys = visible_mnemonics(logs)
    assert len(keys) == len(set(keys)) >= 8, sorted(keys)


def test_a_delivery_opens_in_the_diagnose_view(
    qtbot: QtBot, wizard: HooksmithWizard, logs: DeliveryLogsDialog
) -> None:
    load(qtbot, logs)
    logs.table.selectRow(ids(logs).index("msg-0004"))
    detail = logs.detail.toPlainText()
    assert f"> Authorization: {MASK}" in detail
    assert "ZGVtby1tcGFydGljbGUta2V5" not in detail  # the logged Basic token
    assert "answer 400" in detail.splitlines()[0]
    click(qtbot, logs.diagnose_button)
    diagnose = wizard.support.diagnose_dialog
    assert diagnose is not None and diagnose.isVisible()
    assert diagnose.entry is not None and diagnose.entry.id == "msg-0004"
    assert "Delivery msg-0004 of “mParticle profile enrichment”" in diagnose.entry_note.text()
    assert diagnose.url.text() == "https://inbound.mparticle.com/s2s/v2/events"
    assert "Talon.One → mParticle" in diagnose.detected.text()
    invalid = [p for p in diagnose.problems.problems() if p.code == "json.invalid"]
    assert invalid and invalid[0].line is not None
    assert "The destination answered 400" in diagnose.notes.text()


def test_no_key_is_explained_before_anything_is_sent(
    qtbot: QtBot, wizard: HooksmithWizard, sandbox: Sandbox
) -> None:
    dialog: DeliveryLogsDialog = open_tool(qtbot, wizard, "logs")
    retype(qtbot, dialog.connection.address, address(sandbox))
    qtbot.waitUntil(lambda: "No key is stored" in dialog.connection.state.text())
    click(qtbot, dialog.load_button)  # the key is looked for off the UI thread
    qtbot.waitUntil(lambda: "No Management API key is stored" in dialog.message.text())
    qtbot.waitUntil(lambda: not dialog.runner.busy)
    retype(qtbot, dialog.connection.address, "http://talon.example.com")
    click(qtbot, dialog.load_button)
    assert "plain http" in dialog.message.text()
