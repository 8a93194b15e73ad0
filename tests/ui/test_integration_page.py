"""The first page: the catalogue's integrations and opening saved profiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.core.destination import paths
from app.core.destination.catalogue import get_destination, load_catalogue
from app.core.destination.profile import save_profile
from app.core.journey.services import Services
from app.core.payload.mapping import new_profile
from app.ui.pages.integration import IntegrationPage
from app.ui.pages.region import RegionPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.catalogue_files import restore_catalogue, use_catalogue, write_catalogue
from tests.helpers.wizard_helpers import ScriptedPrompter, click, open_wizard, press_next


def start_page(wizard: HooksmithWizard) -> IntegrationPage:
    page = wizard.page_for(PageId.INTEGRATION)
    assert isinstance(page, IntegrationPage)
    return page


def test_every_catalogue_destination_is_offered_with_its_summary(
    qtbot: QtBot, memory_services: Services
) -> None:
    wizard = open_wizard(qtbot, memory_services)
    page = start_page(wizard)
    catalogue = load_catalogue()
    assert list(page.radios) == [d.id for d in catalogue]
    for destination in catalogue:
        assert page.radios[destination.id].text() == destination.title
    texts = [label.text() for label in page.findChildren(type(page.message))]
    assert all(d.summary in texts for d in catalogue if d.summary)
    assert page.radios[catalogue[0].id].isChecked()  # Next is usable at once
    assert "No saved profiles yet" in page.saved.item(0).text()


def test_going_back_to_another_integration_and_back_keeps_the_draft(
    qtbot: QtBot, memory_services: Services
) -> None:
    if len(load_catalogue()) < 2:
        return  # only one integration: nothing to switch between
    wizard = open_wizard(qtbot, memory_services)
    page = start_page(wizard)
    first, second = load_catalogue()[:2]
    click(qtbot, page.radios[first.id])
    press_next(qtbot, wizard, PageId.REGION)
    draft = wizard.session.profile
    assert draft is not None
    draft.name = "Typed title"
    wizard.back()
    click(qtbot, page.radios[second.id])
    press_next(qtbot, wizard, PageId.REGION)
    assert wizard.session.profile is not draft
    wizard.back()
    click(qtbot, page.radios[first.id])
    press_next(qtbot, wizard, PageId.REGION)
    assert wizard.session.profile is draft and draft.name == "Typed title"


def test_a_broken_profile_file_is_explained_and_nothing_moves(
    qtbot: QtBot, memory_services: Services, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.hooksmith.json"
    broken.write_text("{not json", encoding="utf-8")
    prompter = ScriptedPrompter()
    prompter.paths = [str(broken)]
    wizard = open_wizard(qtbot, memory_services, prompter)
    page = start_page(wizard)
    click(qtbot, page.browse_button)
    assert wizard.current() == PageId.INTEGRATION
    assert page.message.isVisible() and "is not valid JSON" in page.message.text()

    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    assert not page.open_profile(other)
    assert page.message.text() == "This file is not a Hooksmith profile."


def test_a_profile_for_an_unknown_integration_says_to_update(
    qtbot: QtBot, memory_services: Services, tmp_path: Path
) -> None:
    profile = new_profile(get_destination("clevertap"))
    profile.destination = "carrier-pigeon"
    path = tmp_path / "pigeon.hooksmith.json"
    save_profile(profile, path)
    wizard = open_wizard(qtbot, memory_services)
    page = start_page(wizard)
    assert not page.open_profile(path)
    assert "carrier-pigeon" in page.message.text() and "Update Hooksmith" in page.message.text()


def test_opening_a_file_continues_at_the_region_page_with_its_choices(
    qtbot: QtBot, memory_services: Services
) -> None:
    profile = new_profile(get_destination("clevertap"), name="From disk", region="us1")
    path = paths.profiles_dir() / "from-disk.hooksmith.json"
    save_profile(profile, path)
    prompter = ScriptedPrompter()
    prompter.paths = [str(path)]
    wizard = open_wizard(qtbot, memory_services, prompter)
    page = start_page(wizard)
    assert page.saved.item(0).text() == "From disk — Talon.One → CleverTap"
    click(qtbot, page.browse_button)
    assert wizard.current() == PageId.REGION
    region = wizard.page_for(PageId.REGION)
    assert isinstance(region, RegionPage)
    assert region.radios["us1"].isChecked()
    assert region.url.text() == "https://us1.api.clevertap.com/1/upload"
    assert wizard.session.saved_path == path

    # The launcher's --profile-file path goes the same way.
    again = open_wizard(qtbot, memory_services)
    assert again.open_profile(path) and again.current() == PageId.REGION


def test_a_broken_destination_file_is_left_out_and_named(
    qtbot: QtBot, memory_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: dict[str, Any]) -> None:
        data["regions"]["choices"][5]["base"] = "http://api.clevertap.com"

    use_catalogue(monkeypatch, write_catalogue(tmp_path, {"clevertap.json": broken}))
    try:
        wizard = open_wizard(qtbot, memory_services)
        page = start_page(wizard)
        assert "clevertap" not in page.radios and "mparticle" in page.radios
        assert page.skipped.isVisible()
        assert page.skipped.text() == (
            "Left out, because their files are broken:\n"
            "resources/destinations/clevertap.json: regions.choices[5].base: expected a URL "
            'starting with https://, found "http://api.clevertap.com"'
        )
    finally:
        restore_catalogue(monkeypatch)


def test_nothing_is_said_when_every_file_is_fine(qtbot: QtBot, memory_services: Services) -> None:
    page = start_page(open_wizard(qtbot, memory_services))
    assert not page.skipped.isVisible()
