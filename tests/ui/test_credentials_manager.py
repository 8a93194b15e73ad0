"""The credentials manager: names only, reveal after a warning, replace, delete, stale
entries, finding secrets stored before the list existed, and the wizard's button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QTableWidget,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from app.core.destination import paths
from app.core.destination.profile import save_profile
from app.core.journey.services import Services
from app.core.secrets.credentials import CredentialManager
from app.core.secrets.store import SERVICE
from app.ui.credentials_manager import CredentialsDialog
from app.ui.pages.credentials import CredentialsPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import ScriptedPrompter, click, press_next, retype, wizard_at

SECRET = "Mgr-passcode-7781"


def table_texts(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def stored_wizard(
    qtbot: QtBot, services: Services, prompter: ScriptedPrompter | None = None
) -> HooksmithWizard:
    """A wizard whose credentials page stored SECRET for a CleverTap profile."""
    wizard = wizard_at(qtbot, services, PageId.CREDENTIALS, prompter, region="eu")
    page = wizard.page_for(PageId.CREDENTIALS)
    assert isinstance(page, CredentialsPage)
    retype(qtbot, page.fields["account_id"], "W9R-486-4W5Z")  # type: ignore[arg-type]
    retype(qtbot, page.fields["passcode"].edit, SECRET)  # type: ignore[union-attr]
    press_next(qtbot, wizard, PageId.MAPPING)
    return wizard


def manager_of(qtbot: QtBot, wizard: HooksmithWizard) -> CredentialsDialog:
    dialog = CredentialsDialog(wizard.session, wizard)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.background.busy, timeout=5000)
    return dialog


def idle(qtbot: QtBot, dialog: CredentialsDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.background.busy, timeout=5000)


def test_the_list_names_what_was_stored_and_never_shows_a_value(
    qtbot: QtBot, services: Services
) -> None:
    wizard = stored_wizard(qtbot, services)
    dialog = manager_of(qtbot, wizard)
    assert dialog.store_label.text().startswith("Store: Test keyring")
    rows = table_texts(dialog.table)
    assert len(rows) == 1
    assert rows[0][:4] == ["Send CleverTap Email", "Talon.One → CleverTap", "Passcode", "Stored"]
    assert dialog.entry_details.text() == "Select an entry to see its details."
    # Nothing selected yet: the actions on one entry wait for a selection.
    assert not dialog.reveal_button.isEnabled() and not dialog.delete_button.isEnabled()
    profile = wizard.session.profile
    assert profile is not None and dialog.select(profile.id, "passcode")
    assert dialog.entry_details.text() == (
        'Passcode of "Send CleverTap Email" (Talon.One → CleverTap): '
        "Its profile has not been saved yet."
    )
    texts = [w.text() for w in dialog.findChildren(type(dialog.status))]
    assert not any(SECRET in t for t in texts + [cell for row in rows for cell in row])


def test_reveal_needs_a_click_and_a_warning_then_hides_again(
    qtbot: QtBot, services: Services
) -> None:
    prompter = ScriptedPrompter()
    wizard = stored_wizard(qtbot, services, prompter)
    dialog = manager_of(qtbot, wizard)
    profile = wizard.session.profile
    assert profile is not None and dialog.select(profile.id, "passcode")

    prompter.answers = [False]  # the warning is declined: nothing is read or shown
    click(qtbot, dialog.reveal_button)
    assert prompter.asked[-1][0] == "Show the secret?"
    assert "clear text" in prompter.asked[-1][1] and not dialog.reveal_panel.isVisible()

    prompter.answers = [True]
    click(qtbot, dialog.reveal_button)
    qtbot.waitUntil(dialog.reveal_panel.isVisible, timeout=5000)
    assert dialog.reveal_panel.value.text() == SECRET
    assert "30 seconds" in dialog.reveal_panel.warning.text()
    click(qtbot, dialog.reveal_panel.hide_button)
    assert not dialog.reveal_panel.isVisible() and dialog.reveal_panel.value.text() == ""

    click(qtbot, dialog.reveal_button)  # no answer scripted: "no", the safe answer
    assert not dialog.reveal_panel.isVisible()


def test_replace_and_delete_reach_the_store_and_the_credentials_page(
    qtbot: QtBot, services: Services, memory_keyring: object
) -> None:
    prompter = ScriptedPrompter()
    wizard = stored_wizard(qtbot, services, prompter)
    profile = wizard.session.profile
    assert profile is not None
    page = wizard.page_for(PageId.CREDENTIALS)
    assert isinstance(page, CredentialsPage)
    dialog = manager_of(qtbot, wizard)
    dialog.changed.connect(page.reload_secrets)
    assert dialog.select(profile.id, "passcode")

    click(qtbot, dialog.replace_button)
    assert dialog.replace_panel.isVisible() and dialog.replace_panel.edit.edit.hasFocus()
    click(qtbot, dialog.replace_panel.save)  # nothing typed: says so, changes nothing
    assert dialog.status.text() == "Type the new Passcode first."
    qtbot.keyClicks(dialog.replace_panel.edit.edit, "Mgr-new-passcode")
    qtbot.keyClick(dialog.replace_panel.edit.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Replaced the Passcode"), timeout=5000)
    passwords = memory_keyring.passwords  # type: ignore[attr-defined]
    assert passwords[(SERVICE, f"{profile.id}/passcode")] == "Mgr-new-passcode"
    assert not dialog.replace_panel.isVisible()
    qtbot.waitUntil(lambda: page.fields["passcode"].text() == "Mgr-new-passcode", timeout=5000)

    assert dialog.select(profile.id, "passcode")
    prompter.answers = [True]
    click(qtbot, dialog.delete_button)
    assert prompter.asked[-1][0] == "Delete the secret?"
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5000)
    idle(qtbot, dialog)
    assert (SERVICE, f"{profile.id}/passcode") not in passwords
    assert dialog.status.text().startswith("Deleted the Passcode")
    qtbot.waitUntil(lambda: page.fields["passcode"].text() == "", timeout=5000)
    # Back on the credentials page, the emptied field must be filled again.
    wizard.back()
    press_next(qtbot, wizard, PageId.CREDENTIALS)
    assert page.message.text() == "Enter the Passcode; CleverTap needs it."


def test_stale_entries_are_named_and_forgotten(
    qtbot: QtBot, services: Services, memory_keyring: object
) -> None:
    from app.core.destination.catalogue import get_destination
    from app.core.payload.mapping import new_profile

    manager = CredentialManager(services.store)
    gone = new_profile(get_destination("clevertap"), name="Deleted outside")
    manager.set(gone, "passcode", "Stale-one-123")
    del memory_keyring.passwords[(SERVICE, f"{gone.id}/passcode")]  # type: ignore[attr-defined]
    orphan = new_profile(get_destination("mparticle"), name="Orphan")
    path = paths.profiles_dir() / "orphan.hooksmith.json"
    save_profile(orphan, path)
    manager.set(orphan, "api_key", "Stale-two-456", path=path)
    path.unlink()

    prompter = ScriptedPrompter()
    wizard = wizard_at(qtbot, services, PageId.INTEGRATION, prompter)
    dialog = manager_of(qtbot, wizard)
    states = {row[0]: row[3] for row in table_texts(dialog.table)}
    assert states == {"Deleted outside": "Missing from the store", "Orphan": "Orphaned"}
    assert dialog.stale_button.isEnabled() and "(2)" in dialog.stale_button.text()
    prompter.answers = [True]
    click(qtbot, dialog.stale_button)
    question = prompter.asked[-1][1]
    assert "Passcode of \u201cDeleted outside\u201d" not in question  # plain quotes from core
    assert 'Feed key of "Orphan"' in question and "orphaned" in question
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5000)
    assert (SERVICE, f"{orphan.id}/api_key") not in memory_keyring.passwords  # type: ignore[attr-defined]
    assert manager.entries() == []


def test_find_stored_secrets_lists_what_the_list_lost(
    qtbot: QtBot, services: Services, memory_keyring: object
) -> None:
    from app.core.destination.catalogue import get_destination
    from app.core.payload.mapping import new_profile

    profile = new_profile(get_destination("clevertap"), name="Set by hand")
    save_profile(profile, paths.profiles_dir() / "by-hand.hooksmith.json")
    memory_keyring.passwords[(SERVICE, f"{profile.id}/passcode")] = "Hand-set-999"  # type: ignore[attr-defined]
    wizard = wizard_at(qtbot, services, PageId.INTEGRATION)
    dialog = manager_of(qtbot, wizard)
    assert dialog.table.rowCount() == 0
    assert dialog.status.text() == "Hooksmith has stored no secrets yet."
    click(qtbot, dialog.find_button)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    assert table_texts(dialog.table)[0][0] == "Set by hand"
    assert dialog.status.text() == "Found 1 stored secret not listed before."


def test_a_rename_shows_in_the_list(qtbot: QtBot, services: Services, hooksmith_home: Path) -> None:
    wizard = stored_wizard(qtbot, services)
    profile = wizard.session.profile
    assert profile is not None
    profile.name = "Renamed later"
    dialog = manager_of(qtbot, wizard)
    assert table_texts(dialog.table)[0][0] == "Renamed later"
    path = wizard.session.save()
    dialog.reload()
    idle(qtbot, dialog)
    assert dialog.select(profile.id, "passcode")
    assert dialog.entry_details.text().endswith(f"Profile file: {path.resolve()}")


def test_the_wizard_opens_it_with_alt_v_on_every_page(
    qtbot: QtBot, memory_services: Services
) -> None:
    wizard = wizard_at(qtbot, memory_services, PageId.INTEGRATION)
    button = wizard.button(QWizard.WizardButton.CustomButton2)
    assert button.text() == "Sa&ved credentials…" and button.isVisible()
    seen: list[str] = []

    def inspect_and_close() -> None:
        """Mnemonics click with a short animation: wait for the dialog and its list."""
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CredentialsDialog) or dialog.background.busy:
            QTimer.singleShot(20, inspect_and_close)
            return
        seen.append(dialog.store_label.text())
        dialog.reject()

    QTimer.singleShot(20, inspect_and_close)
    qtbot.keyClick(wizard, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == ["Store: This session only (memory)"]


def test_the_dialog_is_usable_with_the_keyboard(qtbot: QtBot, services: Services) -> None:
    wizard = stored_wizard(qtbot, services)
    dialog = manager_of(qtbot, wizard)
    dialog.replace_panel.show()
    dialog.reveal_panel.show()
    keys = []
    for widget in dialog.findChildren(QWidget):
        text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        at = text.replace("&&", "").find("&")
        if at != -1:
            keys.append(text.replace("&&", "")[at + 1].lower())
    assert len(keys) >= 8 and len(keys) == len(set(keys)), sorted(keys)
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # &Entries
    assert dialog.table.hasFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.selected() is not None and dialog.reveal_button.isEnabled()
