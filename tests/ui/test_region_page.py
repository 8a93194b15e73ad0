"""The region page: vendor regions with dashboards, the sandbox, the live API URL."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.core.destination.catalogue import get_destination
from app.core.journey.services import Services
from app.ui.pages.region import RegionPage
from app.ui.wizard import PageId
from tests.helpers.wizard_helpers import click, press_next, wizard_at


def test_regions_show_their_dashboard_and_the_url_follows_the_choice(
    qtbot: QtBot, memory_services: Services
) -> None:
    wizard = wizard_at(qtbot, memory_services, PageId.REGION)
    page = wizard.page_for(PageId.REGION)
    assert isinstance(page, RegionPage)
    clevertap = get_destination("clevertap")
    labels = {w.text() for w in page.box.findChildren(type(page.url))}
    for region in clevertap.regions:
        assert page.radios[region.id].text() == region.label
        assert f"dashboard: {region.dashboard}" in labels
    assert page.radios["eu"].isChecked()  # the data's default
    assert page.url.text() == "https://api.clevertap.com/1/upload"
    assert "401" in page.help.text()

    click(qtbot, page.radios["in1"])
    assert page.url.text() == "https://in1.api.clevertap.com/1/upload"
    assert wizard.session.profile is not None and wizard.session.profile.region == "in1"

    click(qtbot, page.radios["sandbox"])
    assert page.radios["sandbox"].text() == "Local sandbox (no account needed)"
    assert page.url.text().startswith("http://127.0.0.1:")
    assert page.url.text().endswith("/clevertap/1/upload")
    assert "choose where the requests really go" in page.url_note.text()
    press_next(qtbot, wizard, PageId.CREDENTIALS)
    wizard.back()
    assert page.radios["sandbox"].isChecked()  # Back keeps the choice


def test_a_caveat_shared_by_several_regions_is_said_once(
    qtbot: QtBot, memory_services: Services
) -> None:
    wizard = wizard_at(qtbot, memory_services, PageId.REGION, destination="mparticle")
    page = wizard.page_for(PageId.REGION)
    assert isinstance(page, RegionPage)
    click(qtbot, page.show_advanced)
    texts = [w.text() for w in page.box.findChildren(type(page.url)) if w.isVisible()]
    caveats = [t for t in texts if "only if mParticle told you to" in t]
    assert len(caveats) == 1
    assert not any(t.startswith("Not confirmed") for t in texts)


def test_arriving_on_the_page_puts_focus_on_the_chosen_region(
    qtbot: QtBot, memory_services: Services
) -> None:
    wizard = wizard_at(qtbot, memory_services, PageId.INTEGRATION, region="in1")
    press_next(qtbot, wizard, PageId.REGION)
    page = wizard.page_for(PageId.REGION)
    assert isinstance(page, RegionPage)
    qtbot.waitUntil(lambda: page.radios["in1"].hasFocus(), timeout=2000)
