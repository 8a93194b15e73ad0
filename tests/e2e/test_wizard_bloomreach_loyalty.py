"""Bloomreach Engagement -> Talon.One loyalty in the real wizard: the ledger read fired at
the sandbox (balance as the headline, {{ webhook.ledger.currentBalance }} in the email),
and adding points, which has no dry run: the Test fire page says a fire at Talon.One adds
real points, and every fire at Talon.One asks first; answered no, nothing is sent."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.ui.wizard import PageId
from tests.helpers.wizard_helpers import ScriptedPrompter, click, press_next, retype
from tests.helpers.wizard_steps import (
    fire,
    handover_page,
    mapping_page,
    row_text,
    start,
    type_credentials,
)

KEY = "sandbox-cep-key"
HOST = "https://acme.europe-west1.talon.one"


def test_the_ledger_balance_is_shown_and_handed_over(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = start(qtbot, services, "bloomreach-loyalty")
    type_credentials(qtbot, wizard, {"deployment_host": HOST, "api_key": KEY})
    press_next(qtbot, wizard, PageId.MAPPING)
    program = mapping_page(wizard).slots["loyalty_program_id"]
    assert isinstance(program, QLineEdit)
    retype(qtbot, program, "25")
    press_next(qtbot, wizard, PageId.FIRE)  # a read with a URL alone: no Payload step
    page = wizard.page_for(PageId.FIRE)
    assert not page.dry_run.isVisible()  # type: ignore[attr-defined]
    response = fire(qtbot, wizard).response
    assert response.verdict.text() == "Talon.One returned the loyalty balance (200)."
    assert response.headline.label.text() == "Current balance"
    assert "(in the email: {{ webhook.ledger.currentBalance }})" in response.details.text()
    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    assert row_text(handover, "URL").endswith(
        "?profileIntegrationId={{ customer.email | urlencode }}&loyaltyProgramId=25"
    )
    assert "{{ webhook.ledger.currentBalance }}" in row_text(handover, "HTML")


def test_adding_points_says_a_real_fire_adds_real_points(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    prompter = ScriptedPrompter()
    wizard = start(qtbot, services, "bloomreach-loyalty-points", prompter)
    type_credentials(qtbot, wizard, {"deployment_host": HOST, "api_key": KEY})
    press_next(qtbot, wizard, PageId.MAPPING)
    press_next(qtbot, wizard, PageId.PAYLOAD)  # a POST with a JSON body
    press_next(qtbot, wizard, PageId.FIRE)
    page = wizard.page_for(PageId.FIRE)
    warning = wizard.session.destination.fire_warning
    note = page.target_note.text()  # type: ignore[attr-defined]
    assert "local sandbox" in note and f"At the real endpoint: {warning}" in note
    assert not page.dry_run.isVisible()  # type: ignore[attr-defined]

    before = len(sandbox.received)
    response = fire(qtbot, wizard).response
    assert response.verdict.text() == "Talon.One added the points (204)."
    sent = sandbox.received[before]
    assert sent.method == "POST" and sent.path == "/customer_engagement/add_loyalty_points"
    body = json.loads(sent.body)
    assert body["profileIntegrationId"] == "customer@example.com"  # the sample, not Jinja
    assert body["points"] == 100
    assert prompter.asked == []  # the sandbox is not asked about

    # At Talon.One: said on the page, asked before every fire, nothing sent on "no".
    wizard.session.profile.region = "hosted"
    page.refresh_target()  # type: ignore[attr-defined]
    note = page.target_note.text()  # type: ignore[attr-defined]
    assert note.startswith(warning) and "asked to confirm every time" in note
    started: list[object] = []
    page.runner.start = lambda *args: started.append(args)  # type: ignore[attr-defined]
    for _ in range(2):
        prompter.answers = [False]
        click(qtbot, page.fire_button)  # type: ignore[attr-defined]
    assert [title for title, _ in prompter.asked] == ["Send a real event?"] * 2
    assert all(text.startswith(warning) for _, text in prompter.asked)
    assert started == []
