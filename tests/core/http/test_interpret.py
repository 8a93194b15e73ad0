"""Shared mechanisms that vendors beyond CleverTap need (issue 13): vendor error codes that
are strings, a partial verdict from a non-empty list of refused records, and error bodies
that carry a code beside the message."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from app.core.destination.catalogue import (
    BodyReading,
    ErrorReading,
    Meaning,
    ResponseSpec,
    get_destination,
)
from app.core.destination.destination_schema import schema_problems
from app.core.http.interpret import explain
from app.core.payload import rules
from tests.helpers.catalogue_files import shipped


def test_a_rule_code_may_be_a_string() -> None:
    rule = {"type": "object", "required": ["eventName"], "codes": {"required": "BadParams"}}
    (violation,) = rules.check(rule, {})
    assert violation.code == "BadParams"


def test_the_schema_takes_string_and_integer_codes_but_nothing_else() -> None:
    data = shipped("clevertap.json")
    data["schema"]["properties"]["d"]["codes"] = {"maxItems": "Max Input Length Exceeded"}
    assert schema_problems(data) == []
    data["schema"]["properties"]["d"]["codes"] = {"maxItems": 1.5}
    assert schema_problems(data) != []


def _spec(**changes: Any) -> Any:
    destination = get_destination("clevertap")
    return dataclasses.replace(destination, response=ResponseSpec(**changes))


def _body(document: Any) -> bytes:
    return json.dumps(document).encode()


def test_a_non_empty_record_list_makes_the_answer_partial() -> None:
    body = BodyReading(
        status_field="message",
        statuses={"success": Meaning("ok", "Accepted.")},
        records_field="errors",
        code_field="input_array",
        error_field="type",
        codes={"events": "An event was refused."},
        when_records=Meaning("partial", "Some objects were refused."),
    )
    destination = _spec(body=body)
    ok = explain(destination, 201, {}, _body({"message": "success", "events_processed": 2}))
    assert (ok.verdict, ok.title) == ("ok", "Accepted.")
    document = {
        "message": "success",
        "events_processed": 1,
        "errors": [{"type": "'name' is required", "input_array": "events", "index": 1}],
    }
    partial = explain(destination, 201, {}, _body(document))
    assert (partial.verdict, partial.title) == ("partial", "Some objects were refused.")
    (issue,) = partial.records
    assert (issue.index, issue.code, issue.meaning) == (1, "events", "An event was refused.")
    assert issue.error == "'name' is required"
    empty = explain(destination, 201, {}, _body({"message": "success", "errors": []}))
    assert empty.verdict == "ok"


def test_an_error_body_code_is_explained_and_success_bodies_are_not_quoted() -> None:
    errors = ErrorReading(
        message_field="msg", code_field="code", codes={"BadParams": "A field is missing."}
    )
    destination = _spec(errors=errors)
    refused = explain(
        destination, 400, {}, _body({"msg": "eventName is required", "code": "BadParams"})
    )
    assert "The server said: eventName is required" in refused.details
    assert "Code BadParams: A field is missing." in refused.details
    unknown = explain(destination, 400, {}, _body({"msg": "x", "code": "Strange"}))
    assert "Code Strange." in unknown.details
    tracked = explain(destination, 200, {}, _body({"msg": "tracked", "code": "Success"}))
    assert not any("Code" in d or "server said" in d for d in tracked.details)


def test_the_schema_and_the_docs_know_the_new_keys() -> None:
    data = shipped("clevertap.json")
    data["response"]["body"]["when_records"] = {"verdict": "partial", "title": "Some refused."}
    data["response"]["errors"] = {"message_field": "msg", "code_field": "code", "codes": {"A": "B"}}
    assert schema_problems(data) == []
    ROOT = Path(__file__).resolve().parents[3]

    text = (ROOT / "docs" / "destinations.md").read_text(encoding="utf-8")
    for key in ("when_records", "code_field", "`integer` or a string"):
        assert key in text, key
