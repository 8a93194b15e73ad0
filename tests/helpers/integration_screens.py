"""Screenshots of each integration's distinctive pages (mapping, fire result, hand-over)
and of the credentials manager, checked for clipped text like screens.py's.

Names are ``3N-<integration>-<page>.png``: 31 mParticle, 32 Bloomreach, 33 Track
Event, 34 custom webhook, 35 credentials. Used by test_integration_screenshots.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLineEdit, QScrollArea, QWidget

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import KeyringStore, MemoryStore
from app.ui.dialogs import Prompter
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.screens import SIZE, clipped, settle, wait

Shot = Callable[[str, QWidget], None]


class Yes(Prompter):
    def confirm(self, *args: object) -> bool:
        return True

    def choose(self, *args: object) -> str:
        return "discard"  # closing a shot's wizard loses nothing

    def inform(self, *args: object, **kwargs: object) -> None:
        return None


def _go(wizard: HooksmithWizard, page: PageId) -> None:
    while wizard.current() != page:
        before = wizard.current()
        wizard.next()
        if wizard.current() == before:
            message = wizard.currentPage().message.text()  # type: ignore[attr-defined]
            raise RuntimeError(f"stuck on {before.name}: {message}")


def _fire(wizard: HooksmithWizard) -> None:
    _go(wizard, PageId.FIRE)
    page = wizard.page_for(PageId.FIRE)
    results: list[object] = []
    page.runner.resultReady.connect(results.append)  # type: ignore[attr-defined]
    page.fire_button.click()  # type: ignore[attr-defined]
    wait(lambda: bool(results))


def _scroll_to(wizard: HooksmithWizard, label: str) -> None:
    """Scroll the hand-over form so the row named ``label`` starts at the top."""
    page = wizard.page_for(PageId.HANDOVER)
    row = page.rows[label]  # type: ignore[attr-defined]
    area = row.parent()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parent()
    assert isinstance(area, QScrollArea)
    settle()
    top = row.mapTo(area.widget(), row.rect().topLeft()).y()
    area.verticalScrollBar().setValue(top - 60)


def _begin(services: Services, destination: str, address: str = "") -> HooksmithWizard:
    wizard = HooksmithWizard(services, Yes())
    wizard.resize(*SIZE)
    wizard.show()
    wizard.page_for(PageId.INTEGRATION).radios[destination].setChecked(True)  # type: ignore[attr-defined]
    _go(wizard, PageId.REGION)
    region = wizard.page_for(PageId.REGION)
    if address:
        edit = next(iter(region.edits.values()))  # type: ignore[attr-defined]
        edit.setText(address)
        edit.textEdited.emit(address)
    region.choose("sandbox")  # type: ignore[attr-defined]
    _go(wizard, PageId.CREDENTIALS)
    return wizard


def _credentials(wizard: HooksmithWizard, values: dict[str, str], demo: bool = True) -> None:
    page = wizard.page_for(PageId.CREDENTIALS)
    if demo:
        page.demo.click()  # type: ignore[attr-defined]
    for field_id, value in values.items():
        page.set_value(field_id, value)  # type: ignore[attr-defined]
    _go(wizard, PageId.MAPPING)


def mparticle(services: Services, shot: Shot) -> None:
    wizard = _begin(services, "mparticle")
    _credentials(wizard, {})
    shot("31-mparticle-mapping", wizard)
    _fire(wizard)
    fire = wizard.page_for(PageId.FIRE)
    fire.response.tabs.setCurrentIndex(3)  # type: ignore[attr-defined]  # the masked Basic header
    shot("31-mparticle-fire", wizard)
    _go(wizard, PageId.HANDOVER)
    shot("31-mparticle-handover", wizard)
    wizard.close()


def bloomreach(services: Services, shot: Shot) -> None:
    wizard = _begin(services, "bloomreach-referral")
    _credentials(wizard, {"deployment_host": "https://acme.europe-west1.talon.one"})
    mapping = wizard.page_for(PageId.MAPPING)
    campaign = mapping.slots["campaign_id"]  # type: ignore[attr-defined]
    assert isinstance(campaign, QLineEdit)
    campaign.setText("373")
    shot("32-bloomreach-mapping", wizard)
    _fire(wizard)
    shot("32-bloomreach-fire", wizard)
    _go(wizard, PageId.HANDOVER)
    shot("32-bloomreach-handover", wizard)
    _scroll_to(wizard, "HTML")
    shot("32-bloomreach-handover-email", wizard)
    wizard.close()


def talon_event(services: Services, shot: Shot) -> None:
    wizard = _begin(services, "talon-event")
    _credentials(wizard, {})
    attributes = wizard.page_for(PageId.MAPPING).slots["attributes"]  # type: ignore[attr-defined]
    attributes.add_row({"key": "price", "kind": "literal", "name": "9.99", "type": "number"})
    shot("33-talon-event-mapping", wizard)
    _fire(wizard)
    shot("33-talon-event-fire", wizard)
    _go(wizard, PageId.HANDOVER)
    shot("33-talon-event-handover", wizard)
    _scroll_to(wizard, "curl command")
    shot("33-talon-event-handover-curl", wizard)
    wizard.close()


def custom(services: Services, shot: Shot) -> None:
    wizard = _begin(services, "custom", "https://hooks.example.com/talon/in")
    page = wizard.page_for(PageId.CREDENTIALS)
    auth = page.options.widgets["auth"]  # type: ignore[attr-defined]
    auth.setCurrentIndex(auth.findData("bearer"))
    page.set_value("token", "example-bearer-token")  # type: ignore[attr-defined]
    shot("34-custom-credentials", wizard)
    _go(wizard, PageId.MAPPING)
    _fire(wizard)
    shot("34-custom-fire", wizard)
    _go(wizard, PageId.HANDOVER)
    shot("34-custom-handover", wizard)
    wizard.close()


def credentials(services: Services, shot: Shot) -> None:
    from app.core.destination.catalogue import get_destination
    from app.core.payload.mapping import new_profile
    from app.core.secrets.credentials import CredentialManager
    from app.ui.credentials_manager import CredentialsDialog

    wizard = _begin(services, "clevertap")
    _credentials(wizard, {})
    manager = CredentialManager(services.store)
    feed = new_profile(get_destination("mparticle"), name="Coupon events to mParticle")
    manager.set(feed, "api_key", "example-feed-key")
    manager.set(feed, "api_secret", "example-feed-secret")
    gone = new_profile(get_destination("talon-event"), name="Page views (old)")
    manager.set(gone, "api_key", "example-integration-key")
    services.store.delete(gone.id, "api_key")  # deleted outside Hooksmith: "missing"
    dialog = CredentialsDialog(wizard.session, wizard)
    dialog.show()
    wait(lambda: not dialog.background.busy)
    dialog.table.selectRow(2)  # the missing one: the line under the list says why
    shot("35-credentials-manager", dialog)
    dialog.reject()
    wizard.close()


def credentials_unavailable(sandbox: Sandbox, shot: Shot) -> None:
    import keyring.backends.fail

    services = Services(
        store=KeyringStore(keyring.backends.fail.Keyring()), sandbox_factory=lambda: sandbox
    )
    wizard = _begin(services, "clevertap")
    wizard.page_for(PageId.CREDENTIALS).demo.click()  # type: ignore[attr-defined]
    wizard.next()  # refused: the page says why and offers memory for this session
    shot("35-credentials-unavailable", wizard)
    wizard.close()


def walk_integrations(out: Path, only: str = "") -> dict[str, list[str]]:
    """Save every shot to ``out``; returns the clipped widgets found per shot."""
    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, list[str]] = {}

    def shot(name: str, widget: QWidget) -> None:
        settle()
        if not only or name.startswith(only):
            widget.grab().save(str(out / f"{name}.png"))
            report[name] = clipped(widget)

    with Sandbox() as sandbox:
        for walk in (mparticle, bloomreach, talon_event, custom, credentials):
            services = Services(store=MemoryStore(), sandbox_factory=lambda: sandbox)
            walk(services, shot)
        credentials_unavailable(sandbox, shot)
    return report
