"""Values that are valid JSON but wrong for the vendor: a timestamp in the wrong unit, an
email that is not an address, a phone number that is not one, a number sent as text."""

from __future__ import annotations

import json

from app.core.destination.catalogue import get_destination
from app.core.payload import rules
from app.core.payload.validate import validate_payload


def _one(rule: rules.Rule, value: object) -> rules.Violation:
    found = list(rules.check(rule, value))
    assert len(found) == 1, found
    return found[0]


def test_a_timestamp_in_the_wrong_unit_is_named_with_the_right_value() -> None:
    wrong = _one({"epoch": "seconds"}, 1767225600000)
    assert "1767225600000, which looks like milliseconds" in wrong.message
    assert "seconds" in wrong.message and "1767225600" in wrong.hint
    wrong = _one({"epoch": "milliseconds"}, 1767225600)
    assert "looks like seconds" in wrong.message and "1767225600000" in wrong.hint
    assert list(rules.check({"epoch": "seconds"}, 1767225600)) == []
    assert list(rules.check({"epoch": "milliseconds"}, 1767225600123)) == []
    odd = _one({"epoch": "seconds"}, 42)
    assert "is not a time" in odd.message


def test_emails_and_phone_numbers_that_are_not() -> None:
    email = _one({"format": "email"}, "sample-email")
    assert email.severity == "warning" and "not an email address" in email.message
    assert list(rules.check({"format": "email"}, "ann@example.com")) == []
    phone = _one({"format": "phone"}, "call me")
    assert phone.severity == "warning" and "not a phone number" in phone.message
    assert list(rules.check({"format": "phone"}, "+49 30 1234567")) == []


def test_a_number_sent_as_text_is_told_to_lose_its_quotes() -> None:
    wrong = _one({"type": "integer"}, "123")
    assert "Write it without quotes: 123" in wrong.hint


def test_clevertap_ts_in_milliseconds_is_an_error_in_clevertap_words() -> None:
    clevertap = get_destination("clevertap")
    body = {
        "d": [
            {"identity": "c-1", "type": "event", "evtName": "x", "evtData": {}, "ts": 1767225600000}
        ]
    }
    report = validate_payload(json.dumps(body), [], {}, clevertap).report
    [problem] = [p for p in report.errors if "ts" in p.path]
    assert "looks like milliseconds; CleverTap wants seconds" in problem.message
    assert "1767225600" in problem.hint


def test_mparticle_identities_are_checked_for_their_form_and_alias_is_one() -> None:
    mp = get_destination("mparticle")
    batch = {
        "environment": "development",
        "events": [{"event_type": "custom_event", "data": {"event_name": "x"}}],
        "user_identities": {"email": "sample-email", "mobile_number": "n/a", "alias": "a-1"},
    }
    report = validate_payload(json.dumps(batch), [], {}, mp).report
    messages = " ".join(p.message for p in report.problems)
    assert '"sample-email", which is not an email address' in messages
    assert '"n/a", which is not a phone number' in messages
    assert "alias" not in messages
