"""The support bundle from the hand-over page: secrets and personal data stay out."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.ui.pages.fire import FirePage
from app.ui.pages.handover import HandoverPage
from app.ui.support.bundle_action import suggested_name
from app.ui.wizard import PageId
from tests.helpers.leakscan import leak_forms, scan_file
from tests.helpers.wizard_helpers import ScriptedPrompter, click, press_next, wizard_at

MARKER = "MARKER-bundle-passcode-7f3a"
EMAIL = "jane.marker@example.com"


def test_the_hand_over_bundle_holds_no_secret_and_no_email(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    prompter = ScriptedPrompter()
    wizard = wizard_at(
        qtbot,
        services,
        PageId.FIRE,
        prompter,
        region="sandbox",
        credentials={"account_id": "SANDBOX-PROJECT"},
        secrets={"passcode": MARKER},
    )
    profile = wizard.session.profile
    assert profile is not None
    profile.description = f"Reported by {EMAIL}"
    fire = wizard.page_for(PageId.FIRE)
    assert isinstance(fire, FirePage)
    with qtbot.waitSignal(fire.runner.resultReady, timeout=10_000):
        click(qtbot, fire.fire_button)
    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = wizard.page_for(PageId.HANDOVER)
    assert isinstance(handover, HandoverPage)

    click(qtbot, handover.bundle_button)  # no file chosen: nothing happens
    assert prompter.asked == [] and prompter.errors == []
    target = tmp_path / "ticket-4711"
    prompter.paths.append(str(target))
    click(qtbot, handover.bundle_button)
    written = target.with_name("ticket-4711.zip")
    assert written.is_file()
    assert scan_file(written, leak_forms(MARKER)) == []
    with zipfile.ZipFile(written) as archive:
        names = archive.namelist()
        text = "".join(archive.read(n).decode() for n in names)
    assert "hooksmith-support/profile.json" in names
    assert any(n.startswith("hooksmith-support/fires/") for n in names)
    assert EMAIL not in text and "[email masked]" in text
    title, message = prompter.asked[-1]
    assert title == "Support bundle written"
    assert f"Wrote {written}" in message and "1 recent fire." in message
    assert "email address" in message


def test_a_bundle_that_cannot_be_written_is_explained(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    prompter = ScriptedPrompter()
    wizard = wizard_at(qtbot, services, PageId.HANDOVER, prompter, region="eu")
    handover = wizard.page_for(PageId.HANDOVER)
    assert isinstance(handover, HandoverPage)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    prompter.paths.append(str(blocker / "bundle.zip"))
    click(qtbot, handover.bundle_button)
    assert prompter.errors and prompter.errors[-1][0] == "No support bundle"
    assert "Could not write" in prompter.errors[-1][1]


def test_the_suggested_name_is_safe_for_any_title() -> None:
    from datetime import datetime

    from app.core.destination.catalogue import get_destination
    from app.core.payload.mapping import new_profile

    profile = new_profile(get_destination("clevertap"), name="Coupon / Email: ü 50%!")
    name = suggested_name(profile, datetime(2025, 1, 2, 3, 4))
    assert name == "hooksmith-support-coupon-email-50-20250102-0304.zip"
