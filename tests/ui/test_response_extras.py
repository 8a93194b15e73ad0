"""What a response produced, shown readably: the referral code large, and Track Event's
effects, coupons and referrals as lists, masked like everything else."""

from __future__ import annotations

import json

from pytestqt.qtbot import QtBot

from app.core.destination.catalogue import get_destination
from app.core.http.fire import FireError, FireResult
from app.core.http.interpret import ListSection, explain
from app.core.http.request import PreparedRequest
from app.core.secrets.store import MASK, Redactor
from app.ui.response_extras import MAX_ITEMS, ResultLists, headline
from app.ui.response_view import ResponseView
from tests.helpers.wizard_helpers import ScriptedPrompter

SECRET = "evt-key-Qq91-secret"


def test_the_headline_is_the_first_value_the_destination_names() -> None:
    referral = get_destination("bloomreach-referral")
    body = json.dumps({"code": "REF-1234", "campaignId": 373}).encode()
    assert headline(referral, body) == ("Referral code", "REF-1234")
    assert headline(referral, b'{"campaignId": 373}') is None
    assert headline(referral, b"<html>not json</html>") is None
    assert headline(get_destination("clevertap"), body) is None  # names none


def test_long_lists_are_cut_and_empty_ones_say_so(qtbot: QtBot) -> None:
    lists = ResultLists()
    qtbot.addWidget(lists)
    items = tuple(f"coupon {n} for {SECRET}" for n in range(MAX_ITEMS + 3))
    sections = [
        ListSection("Coupons created", items),
        ListSection("Effects", (), "No rule produced an effect for this event."),
    ]
    lists.show_lists(sections, Redactor([SECRET]).redact)
    shown = lists.texts()
    coupons = shown[f"Coupons created ({MAX_ITEMS + 3})"]
    assert len(coupons) == MAX_ITEMS + 1 and coupons[-1] == "… and 3 more: see the body."
    assert coupons[0] == f"• coupon 0 for {MASK}"
    assert shown["Effects (0)"] == ["None. No rule produced an effect for this event."]


def test_the_view_shows_track_events_lists_and_hides_them_for_an_error(qtbot: QtBot) -> None:
    view = ResponseView(ScriptedPrompter())
    qtbot.addWidget(view)
    view.show()
    request = PreparedRequest("POST", "https://x.talon.one/v2/events", [], b"{}", set(), Redactor())
    body = json.dumps(
        {
            "effects": [
                {
                    "effectType": "acceptCoupon",
                    "campaignId": 4,
                    "ruleName": "Welcome",
                    "props": {"value": "HELLO"},
                }
            ],
            "createdCoupons": [],
            "createdReferrals": [
                {"code": "FRIEND-1", "advocateProfileIntegrationId": "ann", "campaignId": 4}
            ],
        }
    ).encode()
    destination = get_destination("talon-event")
    result = FireResult(request, status=200, reason="OK", body=body, size=len(body))
    view.show_result(result, explain(destination, 200, {}, body), destination)
    assert view.lists.isVisible() and not view.headline.isVisible()
    assert view.lists.texts() == {
        "Effects (1)": ['• acceptCoupon from campaign 4, rule "Welcome": {"value": "HELLO"}'],
        "Coupons created (0)": ["None."],
        "Referrals created (1)": ["• FRIEND-1 for advocate ann (campaign 4)"],
    }
    failed = FireResult(request, error=FireError("refused", "Connection refused.", "Check it."))
    view.show_result(failed, None, destination)
    assert not view.lists.isVisible()
