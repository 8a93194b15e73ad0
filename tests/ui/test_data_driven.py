"""A destination the pages have never seen, described only by its data file, drives every
page: typed and advanced regions, request options, credentials chosen by 'when', choice
and conditional slots, key choices, rules and the export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.core.destination import resources
from app.core.destination.catalogue import load_catalogue
from app.core.journey.services import Services
from app.core.secrets.store import MASK
from app.ui.pages.credentials import CredentialsPage
from app.ui.pages.handover import HandoverPage
from app.ui.pages.integration import IntegrationPage
from app.ui.pages.mapping import MappingPage
from app.ui.pages.payload import PayloadPage
from app.ui.pages.region import RegionPage
from app.ui.sources import MapEditor
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import click, open_wizard, press_next, retype

HOOK = {
    "id": "hook",
    "order": 1,
    "title": "Talon.One → Test hook",
    "summary": "A destination made up for this test.",
    "verb": "POST",
    "verbs": ["POST", "PUT"],
    "url": "{base}",
    "regions": {
        "label": "Endpoint",
        "default": "typed",
        "choices": [
            {
                "id": "typed",
                "label": "Your endpoint",
                "custom": True,
                "placeholder": "https://hooks.example.com/talon",
            },
            {
                "id": "hosted",
                "label": "Hosted (EU)",
                "base": "https://eu.hooks.example.com/in",
                "advanced": True,
                "certainty": "Seen in one forum post only.",
            },
        ],
    },
    "credentials": [
        {"id": "user", "label": "User name", "when": {"auth": "basic"}},
        {"id": "password", "label": "Password", "secret": True, "when": {"auth": "basic"}},
        {"id": "token", "label": "Token", "secret": True, "when": {"auth": "bearer"}},
    ],
    "auth": {
        "label": "Authentication",
        "default": "basic",
        "options": [
            {
                "id": "basic",
                "label": "HTTP Basic",
                "type": "basic",
                "username": "user",
                "password": "password",
            },
            {
                "id": "bearer",
                "label": "Bearer token",
                "type": "header",
                "name": "Authorization",
                "value": "Bearer {token}",
            },
            {"id": "none", "label": "None"},
        ],
    },
    "headers": ["Content-Type: application/json"],
    "options": [
        {"id": "extra", "kind": "headers", "label": "Extra headers", "default": []},
        {
            "id": "trace",
            "kind": "toggle",
            "label": "Ask for a trace (trace=1)",
            "default": False,
            "query": {"trace": "1"},
        },
    ],
    "mapping": {
        "skeleton": {"who": "@who", "tier": "@tier", "note": "@note", "extra": "@extra"},
        "slots": {
            "mode": {
                "kind": "choice",
                "label": "Mode",
                "default": "simple",
                "choices": [
                    {"value": "simple", "label": "Simple"},
                    {"value": "full", "label": "Full, with the tier"},
                ],
            },
            "who": {"kind": "value", "label": "Customer", "default": {"source": "integration_id"}},
            "tier": {"kind": "text", "label": "Tier", "default": "gold", "when": {"mode": "full"}},
            "note": {
                "kind": "text",
                "label": "Note",
                "default": "hi",
                "rule": {
                    "type": "string",
                    "maxLength": 5,
                    "messages": {"maxLength": "The note is longer than 5 characters."},
                },
            },
            "extra": {
                "kind": "map",
                "label": "Extra fields",
                "key_label": "Field",
                "key_choices": ["alpha", "beta"],
                "key_suggest": {"alfa": "alpha"},
                "sources": ["literal"],
                "default": [],
            },
        },
    },
    "params": [],
}


@pytest.fixture
def hook_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The real destinations plus the made-up one, in a resources folder of their own."""
    folder = tmp_path / "resources" / "destinations"
    folder.mkdir(parents=True)
    for path in resources.resource_path("destinations").glob("*.json"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "hook.json").write_text(json.dumps(HOOK), encoding="utf-8")
    monkeypatch.setenv("HOOKSMITH_RESOURCES", str(folder.parent))
    load_catalogue.cache_clear()
    yield
    monkeypatch.delenv("HOOKSMITH_RESOURCES")
    load_catalogue.cache_clear()


def page(wizard: HooksmithWizard, page_id: PageId, cls: type) -> object:
    found = wizard.page_for(page_id)
    assert isinstance(found, cls)
    return found


def test_a_new_destination_needs_no_new_page(
    qtbot: QtBot, memory_services: Services, hook_catalogue: None
) -> None:
    wizard = open_wizard(qtbot, memory_services)
    start = page(wizard, PageId.INTEGRATION, IntegrationPage)
    assert isinstance(start, IntegrationPage) and "hook" in start.radios
    click(qtbot, start.radios["hook"])
    press_next(qtbot, wizard, PageId.REGION)

    region = page(wizard, PageId.REGION, RegionPage)
    assert isinstance(region, RegionPage)
    assert "sandbox" not in region.radios  # the data describes no sandbox
    assert region.show_advanced.isVisible() and not region.radios["hosted"].isVisible()
    click(qtbot, region.show_advanced)
    assert region.radios["hosted"].isVisible()
    texts = [w.text() for w in region.box.findChildren(type(region.help))]
    assert "Seen in one forum post only." in texts  # the data's own sentence, no prefix
    edit = region.edits["typed"]
    assert edit.placeholderText() == "https://hooks.example.com/talon"
    retype(qtbot, edit, "ftp://nope")
    press_next(qtbot, wizard, PageId.REGION)
    assert "is not an http(s) URL" in region.message.text()
    retype(qtbot, edit, "https://hooks.example.com/talon")
    assert region.url.text() == "https://hooks.example.com/talon"
    press_next(qtbot, wizard, PageId.CREDENTIALS)

    creds = page(wizard, PageId.CREDENTIALS, CredentialsPage)
    assert isinstance(creds, CredentialsPage)
    options = creds.options.widgets
    assert isinstance(options["verb"], QComboBox) and options["verb"].count() == 2
    assert isinstance(options["trace"], QCheckBox)
    assert creds.fields["password"].isVisible() and not creds.fields["token"].isVisible()
    auth = options["auth"]
    assert isinstance(auth, QComboBox)
    auth.setCurrentIndex(auth.findData("bearer"))
    assert creds.fields["token"].isVisible() and not creds.fields["password"].isVisible()
    retype(qtbot, creds.fields["token"].edit, "tok-secret-123")  # type: ignore[union-attr]
    headers = options["extra"]
    assert isinstance(headers, QPlainTextEdit)
    qtbot.keyClicks(headers, "X-Api-Token: plain-text")
    press_next(qtbot, wizard, PageId.CREDENTIALS)
    assert "looks like a credential" in creds.message.text()
    headers.clear()
    qtbot.keyClicks(headers, "X-Source: Talon.One")
    click(qtbot, options["trace"])
    press_next(qtbot, wizard, PageId.MAPPING)
    profile = wizard.session.profile
    assert profile is not None
    assert memory_services.store.get(profile.id, "token") == "tok-secret-123"
    assert profile.options["auth"] == "bearer" and profile.options["trace"] is True

    mapping = page(wizard, PageId.MAPPING, MappingPage)
    assert isinstance(mapping, MappingPage)
    assert not mapping.slots["tier"].isVisible()
    mode = mapping.slots["mode"]
    assert isinstance(mode, QComboBox) and mode.currentText() == "Simple"
    mode.setCurrentIndex(mode.findData("full"))
    assert mapping.slots["tier"].isVisible()
    note = mapping.slots["note"]
    assert isinstance(note, QLineEdit)
    retype(qtbot, note, "far too long")
    press_next(qtbot, wizard, PageId.MAPPING)
    assert "The note is longer than 5 characters." in mapping.message.text()
    retype(qtbot, note, "ok")
    extra = mapping.slots["extra"]
    assert isinstance(extra, MapEditor)
    click(qtbot, extra.add_button)
    key, source, _ = extra.rows[-1]
    assert source.kind.count() == 1  # only fixed text is allowed here
    qtbot.keyClicks(key, "alfa")
    qtbot.keyClicks(source.name, "1")
    assert extra.hint.isVisible() and "use alpha" in extra.hint.text()
    press_next(qtbot, wizard, PageId.MAPPING)
    assert "use alpha" in mapping.message.text()
    retype(qtbot, key, "alpha")
    press_next(qtbot, wizard, PageId.PAYLOAD)

    payload = page(wizard, PageId.PAYLOAD, PayloadPage)
    assert isinstance(payload, PayloadPage)
    head = payload.head.toPlainText().splitlines()
    assert head[0] == "POST https://hooks.example.com/talon?trace=1"
    assert f"Authorization: {MASK}" in head and "X-Source: Talon.One" in head
    body = json.loads(payload.body.toPlainText())
    assert body == {"who": "customer-0042", "tier": "gold", "note": "ok", "extra": {"alpha": "1"}}
    assert payload.builtins.isVisible()  # ${$Profile.IntegrationId} with its sample
    press_next(qtbot, wizard, PageId.FIRE)
    press_next(qtbot, wizard, PageId.HANDOVER)

    handover = page(wizard, PageId.HANDOVER, HandoverPage)
    assert isinstance(handover, HandoverPage)
    exported = json.loads(handover.export.toPlainText())
    assert exported["url"] == "https://hooks.example.com/talon?trace=1"
    assert not any(h.startswith("Authorization") for h in exported["headers"])  # credential
    assert handover.rows["Header value"].text() == f"Bearer {MASK}"  # type: ignore[attr-defined]
    assert "X-Source: Talon.One" in exported["headers"]
    assert "tok-secret-123" not in handover.export.toPlainText()
