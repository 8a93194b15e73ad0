"""Diagnosing pasted payloads: the vendor guides' broken examples, diffs, and delivery logs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.destination.catalogue import get_destination
from app.core.http.request import build_request
from app.core.payload.mapping import new_profile
from app.core.sandbox.server import Sandbox
from app.core.support.diagnose import Change, diagnose, diagnose_log_entry, structural_diff
from app.core.support.management import ManagementClient, RateLimiter
from app.core.support.management_models import LogEntry

DATA = Path(__file__).parents[2] / "data"
MPARTICLE_GENERAL = """{
    "events" :
    [
        {
            "data" : {
            \t"event_name": "my_talon_one_event",
            \t"custom_event_type": "other",
            \t"custom_attributes": {
            \t\t"my_talon_one_event_attribute": "my_value"
            \t}
            },
            "event_type" : "custom_event"
        }
    ],
    "user_identities": {
    \t"customer_id": "${$Profile.IntegrationId}",
    \t"email_address": "${$Profile.Attributes.Email}",
    \t"other5": "${$Profile.Attributes.attribute_with_other5_value}"
    }
}"""


def test_mparticle_guides_mpid_example_trailing_comma_is_pointed_at() -> None:
    text = (DATA / "mparticle_guide_enrichment.txt").read_text(encoding="utf-8")
    result = diagnose(text)
    assert result.destination is not None and result.destination.id == "mparticle"
    assert result.detected_by == "payload"
    problem = next(p for p in result.report.problems if p.code == "json.invalid")
    assert "Trailing comma" in problem.message and problem.hint == "Remove this comma."
    assert (problem.line, problem.column) == (15, 40)
    assert text.splitlines()[14][39] == ","


def test_mparticle_guides_other5_identity_gets_the_right_key() -> None:
    result = diagnose(MPARTICLE_GENERAL)
    assert result.destination is not None and result.destination.id == "mparticle"
    by_path = {p.path: p for p in result.report.problems if p.path}
    other5 = by_path["user_identities.other5"]
    assert "other_id_5" in other5.hint and (other5.line, other5.column) == (18, 6)
    assert "email" in by_path["user_identities.email_address"].hint
    assert not result.ok


def test_talon_ones_clevertap_tutorial_snippet() -> None:
    text = (DATA / "talon_tutorial_snippet.txt").read_text(encoding="utf-8")
    result = diagnose(text)
    assert result.destination is not None and result.destination.id == "clevertap"
    problem = next(p for p in result.report.problems if p.code == "json.invalid")
    assert problem.line == 1 and problem.column is not None
    assert any("${$ProfileID}" in note for note in result.notes)
    assert any("Problems (" in line for line in result.lines())


def test_clevertaps_own_guide_payload_is_fine() -> None:
    result = diagnose((DATA / "clevertap_guide_payload.json").read_text(encoding="utf-8"))
    assert result.destination is not None and result.destination.id == "clevertap"
    assert result.report.problems == [] and result.ok


def test_a_sent_payload_against_the_profiles_template() -> None:
    clevertap = get_destination("clevertap")
    profile = new_profile(clevertap)
    sent = json.dumps(
        {
            "d": [
                {
                    "type": "event",
                    "evtName": "Coupon generated",
                    "$source": "Talon.One",
                    "identity": "",
                    "evtData": {"CouponCode": "NY-7Q2X", "Extra": 1},
                }
            ]
        },
        indent=1,
    )
    result = diagnose(sent, profile=profile)
    assert result.detected_by == "profile"
    assert result.inferred == {"ProfileID": "", "CouponCode": "NY-7Q2X"}
    assert result.expected is not None and '"CouponCode": "NY-7Q2X"' in result.expected
    assert Change("d[0].evtName", "changed", "Coupon Generated", "Coupon generated") in (
        result.changes
    )
    assert Change("d[0].evtData.Extra", "extra", None, 1) in result.changes
    assert len(result.changes) == 2
    assert '-      "evtName": "Coupon Generated",' in result.unified_diff
    assert '+      "evtName": "Coupon generated",' in result.unified_diff
    empty = next(p for p in result.report.problems if p.path == "d[0].identity")
    assert empty.line == 7
    json.dumps(result.to_json())


def test_a_payload_the_template_produces_has_no_differences() -> None:
    mparticle = get_destination("mparticle")
    profile = new_profile(mparticle)
    request = build_request(profile, mparticle, {"api_key": "k-123", "api_secret": "s-456"})
    assert request.body is not None
    result = diagnose(request.body.decode(), profile=profile)
    assert result.changes == [] and result.unified_diff == []
    assert "The payload is what the template produces." in result.lines()


def test_structural_diff_reports_types_missing_and_list_lengths() -> None:
    changes = list(structural_diff({"a": 1, "b": [1, 2], "c": "x"}, {"a": "1", "b": [1]}))
    assert changes == [
        Change("a", "type", 1, "1"),
        Change("b[1]", "missing", 2, None),
        Change("c", "missing", "x", None),
    ]
    assert list(structural_diff({"n": 1}, {"n": 1.0})) == []


def test_destination_chosen_or_unknown() -> None:
    chosen = diagnose('{"d": []}', destination="clevertap")
    assert chosen.detected_by == "given" and "rule.minItems" in chosen.report.codes()
    unknown = diagnose('{"hello": "world"}')
    assert unknown.destination is None and unknown.report.problems == []
    assert "could not be recognised" in unknown.notes[0]


@pytest.fixture(scope="module")
def log_entries() -> dict[str, LogEntry]:
    with Sandbox() as box:
        client = ManagementClient(
            box.base_url + "/talon-management", "sandbox-management-key", limiter=RateLimiter(0.2)
        )
        page = client.message_logs()
        rest = client.message_logs(cursor=page.next_cursor)
    return {e.id: e for e in page.entries + rest.entries}


def test_a_delivery_from_the_log_is_diagnosed_with_its_response(
    log_entries: dict[str, LogEntry],
) -> None:
    broken = diagnose_log_entry(log_entries["msg-0004"])
    assert broken.detected_by == "url" and broken.destination is not None
    assert broken.destination.id == "mparticle"
    problem = next(p for p in broken.report.problems if p.code == "json.invalid")
    assert (problem.line, problem.column) == (15, 29)
    assert any("answered 400" in n for n in broken.notes)
    assert any("Request body is not valid JSON" in n for n in broken.notes)
    silent = diagnose_log_entry(log_entries["msg-0006"])
    assert any("no response" in n for n in silent.notes)
    rejected = diagnose_log_entry(log_entries["msg-0003"])
    assert rejected.destination is not None and rejected.destination.id == "clevertap"
    assert any(p.path == "d[0].identity" for p in rejected.report.problems)
    assert any("523" in n for n in rejected.notes)


def test_long_differences_are_cut_in_the_text_but_kept_in_the_data() -> None:
    profile = new_profile(get_destination("clevertap"))
    record = {"type": "event", "evtName": "E", "identity": "c", "evtData": {"CouponCode": "X"}}
    result = diagnose(json.dumps({"d": [record] * 200}, indent=2), profile=profile)
    assert len(result.changes) == 201 and len(result.to_json()["changes"]) == 201
    text = result.lines()
    assert any(line.strip() == "… and 151 more." for line in text)
    assert text[-1].endswith("more lines.")


def test_a_bloomreach_url_is_diagnosed_as_a_url_not_as_json() -> None:
    referral = get_destination("bloomreach-referral")
    profile = new_profile(referral)
    url = (
        "https://acme.europe-west1.talon.one/customer_engagement/referral"
        "?campaignId=373&advocateProfileIntegrationId=ann%40example.com"
    )
    result = diagnose(url + "\n", profile=profile)
    assert result.destination is referral
    assert not any("not valid JSON" in p.message for p in result.report.problems)
    assert result.ok
    broken = diagnose(url.replace("campaignId=373", "campaignId=abc"), profile=profile)
    assert not broken.ok and any("campaignId" in p.path for p in broken.report.problems)
