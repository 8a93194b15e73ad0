"""Validation of CleverTap payloads, with the vendors' own examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.destination.catalogue import get_destination
from app.core.destination.profile import Param
from app.core.payload.validate import validate_payload

DATA = Path(__file__).parents[2] / "data"
PARAMS = [
    Param("ProfileID", "string", "", "customer-0042"),
    Param("CouponCode", "string", "", "NY-7Q2X"),
]


@pytest.fixture(scope="module")
def clevertap():  # type: ignore[no-untyped-def]
    return get_destination("clevertap")


def record(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "type": "event",
        "evtName": "Coupon Generated",
        "identity": "c-1",
        "evtData": {"CouponCode": "X"},
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def check(clevertap, document: object, params: list[Param] | None = None):  # type: ignore[no-untyped-def]
    text = json.dumps(document, indent=2) if not isinstance(document, str) else document
    return validate_payload(text, params or [], {}, clevertap).report


def test_cleverTap_guide_payload_is_valid(clevertap) -> None:  # type: ignore[no-untyped-def]
    text = (DATA / "clevertap_guide_payload.json").read_text()
    validation = validate_payload(text, PARAMS, {}, clevertap)
    assert validation.report.problems == []
    assert validation.document["d"][0]["identity"] == "customer-0042"


def test_talon_tutorial_snippet_is_flagged_as_invalid_json_with_a_position(clevertap) -> None:  # type: ignore[no-untyped-def]
    text = (DATA / "talon_tutorial_snippet.txt").read_text()
    report = validate_payload(text, PARAMS, {}, clevertap).report
    problem = next(p for p in report.problems if p.code == "json.invalid")
    assert problem.line == 1 and problem.column is not None
    assert "more text after the end" in problem.message


def test_undeclared_and_unused_parameters(clevertap) -> None:  # type: ignore[no-untyped-def]
    text = (
        (DATA / "clevertap_guide_payload.json").read_text().replace("${$CouponCode}", "${$Coupon}")
    )
    report = validate_payload(text, PARAMS, {}, clevertap).report
    undeclared = next(p for p in report.problems if p.code == "param.undeclared")
    assert (undeclared.line, undeclared.column) == (9, 33)
    assert "${$CouponCode}" in undeclared.hint
    assert "param.unused" in report.codes()


def test_value_with_a_quote_would_break_the_json(clevertap) -> None:  # type: ignore[no-untyped-def]
    text = (DATA / "clevertap_guide_payload.json").read_text()
    params = [PARAMS[0], Param("CouponCode", "string", "", 'SAY "HI"')]
    report = validate_payload(text, params, {}, clevertap).report
    assert "value.breaks_json" in report.codes()


def test_string_placeholder_outside_quotes(clevertap) -> None:  # type: ignore[no-untyped-def]
    text = '{"d": [{"type": "event", "evtName": "E", "identity": ${$ProfileID}, "evtData": {}}]}'
    report = validate_payload(text, PARAMS[:1], {}, clevertap).report
    assert "value.unquoted" in report.codes()


def test_trailing_comma_points_at_the_comma(clevertap) -> None:  # type: ignore[no-untyped-def]
    report = check(
        clevertap,
        '{"d": [\n  {"type": "event", "identity": "a", "evtName": "E", "evtData": {}},\n]}',
    )
    problem = report.problems[0]
    assert problem.message.startswith("Trailing comma")
    assert (problem.line, problem.column) == (2, 68)


@pytest.mark.parametrize(
    ("document", "code", "path"),
    [
        ({"x": []}, "rule.required", "the payload"),
        ({"d": {}}, "rule.type", "d"),
        ({"d": []}, "rule.minItems", "d"),
        ({"d": [record()] * 1001}, "rule.maxItems", "d"),
        ({"d": [record(type="events")]}, "rule.enum", "d[0].type"),
        ({"d": [record(identity=None)]}, "rule.oneKeyOf.none", "d[0]"),
        ({"d": [record(objectId="o-1")]}, "rule.oneKeyOf.many", "d[0]"),
        ({"d": [record(evtName=None)]}, "rule.required", "d[0]"),
        ({"d": [record(evtData="X")]}, "rule.type", "d[0].evtData"),
        ({"d": [record(evtData={"k" * 121: 1})]}, "rule.maxLength", "d[0].evtData." + "k" * 121),
        ({"d": [record(evtData={"k": "é" * 300})]}, "rule.maxBytes", "d[0].evtData.k"),
        ({"d": [record(ts="yesterday")]}, "rule.type", "d[0].ts"),
    ],
)
def test_clevertap_rules(clevertap, document: object, code: str, path: str) -> None:  # type: ignore[no-untyped-def]
    report = check(clevertap, document)
    match = [p for p in report.problems if p.code == code]
    assert match, report.codes()
    assert match[0].path == path
    assert match[0].line is not None


def test_1000_records_is_the_limit_and_fine(clevertap) -> None:  # type: ignore[no-untyped-def]
    assert check(clevertap, {"d": [record()] * 1000}).problems == []


def test_many_violations_are_capped(clevertap) -> None:  # type: ignore[no-untyped-def]
    report = check(clevertap, {"d": [record(type="x")] * 200})
    assert report.problems[-1].code == "rule.more"
    assert len(report.problems) == 51


def test_the_hand_over_says_to_store_the_generated_coupon_in_the_session() -> None:
    """CleverTap's guide: without 'Store generated value in session' the coupon arrives empty."""
    from app.core.handover.handover import handover_notes
    from app.core.payload.mapping import new_profile

    destination = get_destination("clevertap")
    notes = handover_notes(new_profile(destination), destination)
    assert any("Store generated value in session" in note for note in notes)
