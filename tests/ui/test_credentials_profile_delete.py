"""Deleting a saved profile on the first page offers to delete its secrets too."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.core.destination import paths
from app.core.destination.catalogue import get_destination
from app.core.destination.profile import Profile, save_profile
from app.core.journey.services import Services
from app.core.payload.mapping import new_profile
from app.core.secrets.credentials import CredentialManager
from app.core.secrets.store import SERVICE
from app.ui.pages.integration import IntegrationPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import ScriptedPrompter, click, wizard_at


def saved_with_secret(services: Services, name: str) -> tuple[Profile, CredentialManager]:
    profile = new_profile(get_destination("clevertap"), name=name)
    path = paths.profiles_dir() / f"{name}.hooksmith.json"
    save_profile(profile, path)
    manager = CredentialManager(services.store)
    manager.set(profile, "passcode", f"{name}-passcode-1", path=path)
    return profile, manager


#: The wizards of the running test: qtbot holds them weakly, and the page alone does not
#: keep its wizard (a window nobody holds is deleted, as in the app).
_open: list[HooksmithWizard] = []


def first_page(qtbot: QtBot, services: Services, prompter: ScriptedPrompter) -> IntegrationPage:
    wizard: HooksmithWizard = wizard_at(qtbot, services, PageId.INTEGRATION, prompter)
    _open[:] = [wizard]
    page = wizard.page_for(PageId.INTEGRATION)
    assert isinstance(page, IntegrationPage)
    page.saved.setCurrentRow(0)
    return page


def test_deleting_a_profile_and_its_secrets(
    qtbot: QtBot, services: Services, memory_keyring: object
) -> None:
    profile, manager = saved_with_secret(services, "Doomed")
    prompter = ScriptedPrompter()
    prompter.answers = [True, True]
    page = first_page(qtbot, services, prompter)
    assert page.saved.item(0).text().startswith("Doomed")
    click(qtbot, page.delete_button)
    assert [title for title, _ in prompter.asked] == [
        "Delete this profile?",
        "Delete its secrets too?",
    ]
    assert "(Passcode)" in prompter.asked[1][1] and "Doomed-passcode" not in prompter.asked[1][1]
    assert not list(paths.profiles_dir().glob("*.hooksmith.json"))
    assert "No saved profiles yet" in page.saved.item(0).text()
    assert (SERVICE, f"{profile.id}/passcode") not in memory_keyring.passwords  # type: ignore[attr-defined]
    assert manager.entries() == [] and not page.message.isVisible()


def test_keeping_the_secrets_leaves_them_listed_as_orphaned(
    qtbot: QtBot, services: Services, memory_keyring: object
) -> None:
    profile, manager = saved_with_secret(services, "Kept")
    prompter = ScriptedPrompter()
    prompter.answers = [True, False]
    page = first_page(qtbot, services, prompter)
    click(qtbot, page.delete_button)
    assert not list(paths.profiles_dir().glob("*.hooksmith.json"))
    assert memory_keyring.passwords[(SERVICE, f"{profile.id}/passcode")] == "Kept-passcode-1"  # type: ignore[attr-defined]
    assert [s.state for s in manager.statuses()] == ["orphaned"]


def test_changing_ones_mind_deletes_nothing(qtbot: QtBot, services: Services) -> None:
    saved_with_secret(services, "Spared")
    prompter = ScriptedPrompter()  # no answers: "Cancel"
    page = first_page(qtbot, services, prompter)
    click(qtbot, page.delete_button)
    assert len(prompter.asked) == 1
    assert len(list(paths.profiles_dir().glob("*.hooksmith.json"))) == 1
