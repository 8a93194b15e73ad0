"""The history view: a fire appears, a replay reads the secret fresh, delete and clear."""

from __future__ import annotations

import base64

from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.support.history import History
from app.ui.pages.fire import FirePage
from app.ui.support.history_view import HistoryDialog
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.support_helpers import visible_mnemonics
from tests.helpers.wizard_helpers import ScriptedPrompter, click, retype, wizard_at

SANDBOX_MP = {"api_key": "sandbox-mp-key", "api_secret": "sandbox-mp-secret"}


def fired_wizard(
    qtbot: QtBot, services: Services, prompter: ScriptedPrompter, *, save: bool = False
) -> HooksmithWizard:
    """An mParticle profile (saved first when ``save``) fired once at the sandbox."""
    wizard = wizard_at(
        qtbot,
        services,
        PageId.FIRE,
        prompter,
        destination="mparticle",
        region="sandbox",
        secrets=SANDBOX_MP,
    )
    if save:
        wizard.session.save()
    page = wizard.page_for(PageId.FIRE)
    assert isinstance(page, FirePage)
    with qtbot.waitSignal(page.runner.resultReady, timeout=10_000):
        click(qtbot, page.fire_button)
    return wizard


def replay(qtbot: QtBot, dialog: HistoryDialog) -> None:
    with qtbot.waitSignal(dialog.runner.resultReady, timeout=10_000):
        click(qtbot, dialog.replay_button)
        assert dialog.busy.isVisible() and not dialog.replay_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.busy.isVisible())


def basic(sandbox: Sandbox) -> str:
    header = sandbox.received[-1].header("Authorization") or ""
    return base64.b64decode(header.removeprefix("Basic ")).decode()


def test_a_fire_is_listed_replayed_with_fresh_secrets_and_deleted(
    qtbot: QtBot, services: Services, sandbox: Sandbox, prompter: ScriptedPrompter
) -> None:
    wizard = fired_wizard(qtbot, services, prompter)
    profile = wizard.session.profile
    assert profile is not None
    dialog = wizard.support.open_history()
    assert dialog.table.rowCount() == 1 and dialog.count.text() == "1 of 1 fires"
    assert dialog.table.item(0, 1).text().startswith("2")  # a 2xx from the sandbox
    detail = dialog.detail.toPlainText()
    assert f"Fire {dialog.entries[0].id}" in detail and "sandbox-mp-secret" not in detail
    keys = visible_mnemonics(dialog)
    assert len(keys) == len(set(keys)) >= 6, sorted(keys)

    services.store.set(profile.id, "api_secret", "rotated-mp-secret")
    replay(qtbot, dialog)
    assert basic(sandbox) == "sandbox-mp-key:rotated-mp-secret"  # read fresh, not recorded
    assert dialog.table.rowCount() == 2
    newest = dialog.entries[0]
    assert newest.replay_of == dialog.entries[1].id
    assert dialog.table.item(0, 1).text() == "403 error (replay)"
    assert dialog.status.text().startswith(f"Replayed {newest.replay_of}: 403 error")
    assert dialog.selected() is not None and dialog.selected().id == newest.id
    services.store.set(profile.id, "api_secret", SANDBOX_MP["api_secret"])
    replay(qtbot, dialog)
    assert basic(sandbox) == "sandbox-mp-key:sandbox-mp-secret"
    assert dialog.entries[0].status is not None and dialog.entries[0].status < 300

    retype(qtbot, dialog.search, "forbidden invalid")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.count.text() == "1 of 3 fires"
    prompter.answers.append(True)
    assert dialog.delete()
    assert prompter.asked[-1][0] == "Delete this fire?"
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
    dialog.search.clear()
    dialog.refresh()
    assert len(History().entries()) == 2 and dialog.table.rowCount() == 2

    assert not dialog.clear()  # unscripted: the prompter answers no
    assert len(History().entries()) == 2
    prompter.answers.append(True)
    assert dialog.clear()
    assert History().entries() == [] and dialog.table.rowCount() == 0
    assert not dialog.replay_button.isEnabled() and not dialog.clear_button.isEnabled()


def test_a_replay_without_its_secret_says_what_to_do(
    qtbot: QtBot, services: Services, prompter: ScriptedPrompter
) -> None:
    wizard = fired_wizard(qtbot, services, prompter)
    profile = wizard.session.profile
    assert profile is not None
    services.store.delete(profile.id, "api_secret")
    dialog = wizard.support.open_history()
    assert not dialog.replay()
    assert "credentials page" in dialog.message.text()
    assert not dialog.runner.busy and len(History().entries()) == 1


def test_the_history_view_follows_new_fires(
    qtbot: QtBot, services: Services, prompter: ScriptedPrompter
) -> None:
    wizard = fired_wizard(qtbot, services, prompter)
    dialog = wizard.support.open_history()
    assert dialog.table.rowCount() == 1
    dialog.hide()
    page = wizard.page_for(PageId.FIRE)
    assert isinstance(page, FirePage)
    with qtbot.waitSignal(page.runner.resultReady, timeout=10_000):
        click(qtbot, page.fire_button)
    assert wizard.support.open_history() is dialog and dialog.table.rowCount() == 2


def test_a_replay_can_use_the_profile_file_as_it_is_now(
    qtbot: QtBot, services: Services, prompter: ScriptedPrompter
) -> None:
    from app.core.destination.profile import load_profile, save_profile

    wizard = wizard_at(
        qtbot,
        services,
        PageId.FIRE,
        prompter,
        destination="mparticle",
        region="sandbox",
        secrets=SANDBOX_MP,
    )
    path = wizard.session.save()
    page = wizard.page_for(PageId.FIRE)
    assert isinstance(page, FirePage)
    with qtbot.waitSignal(page.runner.resultReady, timeout=10_000):
        click(qtbot, page.fire_button)
    edited = load_profile(path)
    edited.name = "Edited after the fire"
    save_profile(edited, path)
    dialog = wizard.support.open_history()
    assert dialog.use_current.isEnabled()
    click(qtbot, dialog.use_current)
    replay(qtbot, dialog)
    assert [e.profile_name for e in dialog.entries] == [
        "Edited after the fire",
        "Send mParticle Event",
    ], [e.profile_name for e in dialog.entries]


def test_a_fire_recorded_with_masked_settings_is_not_sent_as_recorded(
    qtbot: QtBot, services: Services, sandbox: Sandbox, prompter: ScriptedPrompter
) -> None:
    import json

    from app.core.secrets.store import MASK

    wizard = fired_wizard(qtbot, services, prompter, save=True)
    history = History()
    entry = history.entries()[0]
    data = json.loads((history.root / f"{entry.id}.json").read_text())
    data["profile"]["samples"] = {"Profile.Attributes.mpid": MASK}
    (history.root / f"{entry.id}.json").write_text(json.dumps(data))
    dialog = wizard.support.open_history()
    before = len(sandbox.received)
    assert not dialog.replay()
    assert "cannot be sent again as recorded" in dialog.message.text()
    assert "with the profile file as it is now" in dialog.message.text()
    assert len(sandbox.received) == before and not dialog.runner.busy
    click(qtbot, dialog.use_current)
    replay(qtbot, dialog)
    assert len(sandbox.received) == before + 1
