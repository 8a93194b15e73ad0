"""The destination file format: a JSON Schema every file must meet, checked when the
catalogue loads; a file that does not is skipped with an error naming the file, the key
and what it must hold, and Destination carries every key as a typed field."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from app.cli import selftest
from app.core.destination import resources
from app.core.destination.catalogue import (
    CatalogueError,
    Destination,
    catalogue_problems,
    get_destination,
    load_catalogue,
)
from app.core.destination.destination_schema import (
    bundled_digests,
    load_schema,
    schema_problems,
    shipped_verdicts,
)
from app.core.payload.mapping import new_profile
from app.core.payload.validate import validate_profile
from app.core.sandbox.server import HANDLERS, Sandbox
from tests.helpers.catalogue_files import restore_catalogue, shipped, use_catalogue, write_catalogue

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = sorted(resources.resource_path("destinations").glob("*.json"))
CLEVERTAP = "resources/destinations/clevertap.json"


@pytest.fixture
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Load a catalogue of the shipped files with edits: ``catalogue({name: edit})``."""

    def load(edits: dict[str, Any] | None = None, extra: dict[str, str] | None = None) -> None:
        use_catalogue(monkeypatch, write_catalogue(tmp_path, edits, extra))

    yield load
    restore_catalogue(monkeypatch)


def problems_after(catalogue: Any, name: str, edit: Any) -> list[str]:
    catalogue({name: edit})
    found = [p for p in catalogue_problems() if p.file.endswith(name)]
    assert len(found) == 1, catalogue_problems()
    return list(found[0].messages)


# -- the schema and the shipped files ------------------------------------------------


def test_the_schema_is_draft_2020_12_and_describes_every_key() -> None:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def walk(node: Any, where: str) -> None:
        """Every key a ``properties`` block names is described (if/then only refine)."""
        if not isinstance(node, dict):
            return
        for key, value in node.get("properties", {}).items():
            assert "description" in value or "$ref" in value, f"{where}.{key}"
            walk(value, f"{where}.{key}")
        for name, value in node.get("$defs", {}).items():
            walk(value, f"$defs.{name}")
        for keyword in ("items", "additionalProperties"):
            walk(node.get(keyword), f"{where}.{keyword}")
        for index, value in enumerate(node.get("anyOf", []) + node.get("allOf", [])):
            walk(value, f"{where}[{index}]")

    walk(schema, "schema")
    for key, value in schema["properties"].items():  # a bare $ref: its target describes it
        if "description" not in value:
            assert "description" in schema["$defs"][value["$ref"].rsplit("/", 1)[1]], key


def test_the_schema_is_installed_as_package_data() -> None:
    path = ROOT / "resources" / "schema" / "destination.schema.json"
    assert resources.bundled_resource_path("schema", "destination.schema.json") == path
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"app.resources.schema" = ["*.json"]' in pyproject
    assert '"app.resources.schema",' in pyproject


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_destination_file_validates(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert schema_problems(data) == []
    assert data["$schema"] == "../schema/destination.schema.json"


def test_the_shipped_verdicts_name_exactly_the_shipped_files() -> None:
    """Start-up trusts these digests instead of checking the shipped files against the
    schema (which imports jsonschema): they must be the files as they are now."""
    assert shipped_verdicts() == bundled_digests(), (
        "A shipped destination file changed: check and stamp them with "
        "`python -m app.core.destination.destination_schema`"
    )


def test_a_shipped_file_changed_after_the_release_is_checked_again(catalogue: Any) -> None:
    catalogue({"clevertap.json": lambda data: data.update(event_nme="x")})
    [problem] = [p for p in catalogue_problems() if p.file.endswith("clevertap.json")]
    assert "event_nme" in str(problem)


def test_the_shipped_catalogue_loads_without_problems() -> None:
    assert catalogue_problems() == ()
    assert sorted(d.id for d in load_catalogue()) == sorted(p.stem for p in SHIPPED)


def test_the_sandbox_handlers_the_schema_allows_are_the_built_in_ones() -> None:
    Sandbox()  # registers the handlers
    allowed = load_schema()["$defs"]["sandbox"]["properties"]["handler"]["enum"]
    assert sorted(allowed) == sorted(HANDLERS)


# -- a broken file: skipped, and the error says file, key and expectation -------------


def test_a_typo_in_a_key_is_refused_with_a_suggestion(catalogue: Any) -> None:
    def typo(data: dict[str, Any]) -> None:
        data["webhok_title"] = data.pop("webhook_title")

    assert problems_after(catalogue, "clevertap.json", typo) == [
        f'{CLEVERTAP}: webhok_title: unknown key; did you mean "webhook_title"?'
    ]


def test_a_typo_in_a_nested_key_names_its_path(catalogue: Any) -> None:
    def typo(data: dict[str, Any]) -> None:
        data["regions"]["choices"][0]["dashbord"] = data["regions"]["choices"][0].pop("dashboard")
        data["mapping"]["slots"]["identity"]["lable"] = "CleverTap identity"

    assert problems_after(catalogue, "clevertap.json", typo) == [
        f'{CLEVERTAP}: regions.choices[0].dashbord: unknown key; did you mean "dashboard"?',
        f'{CLEVERTAP}: mapping.slots.identity.lable: unknown key; did you mean "label"?',
    ]


def test_a_key_with_nothing_close_lists_the_keys_allowed(catalogue: Any) -> None:
    def extra(data: dict[str, Any]) -> None:
        data["limits"] = {"records": 1000}

    assert problems_after(catalogue, "clevertap.json", extra) == [
        f"{CLEVERTAP}: limits.records: unknown key; the keys here are: body_bytes"
    ]


def test_a_wrong_type_says_what_is_expected(catalogue: Any) -> None:
    def wrong(data: dict[str, Any]) -> None:
        data["regions"]["choices"][5]["base"] = 42
        data["regions"]["choices"][4]["base"] = "http://mec1.api.clevertap.com"
        data["credentials"][1]["secret"] = "yes"
        data["order"] = "10"

    assert problems_after(catalogue, "clevertap.json", wrong) == [
        f'{CLEVERTAP}: order: expected a whole number, found "10"',
        f"{CLEVERTAP}: regions.choices[4].base: expected a URL starting with https://, "
        'found "http://mec1.api.clevertap.com"',
        f"{CLEVERTAP}: regions.choices[5].base: expected a URL starting with https://, found 42",
        f'{CLEVERTAP}: credentials[1].secret: expected true or false, found "yes"',
    ]


def test_a_missing_required_key_is_named(catalogue: Any) -> None:
    def missing(data: dict[str, Any]) -> None:
        del data["url"]
        del data["credentials"][0]["label"]

    assert problems_after(catalogue, "clevertap.json", missing) == [
        f'{CLEVERTAP}: url: missing; expected "{{base}}" followed by the endpoint\'s path, '
        "such as {base}/1/upload (no spaces; braces only around a credential field id, "
        "such as {workspace_id})",
        f"{CLEVERTAP}: credentials[0].label: missing; expected a non-empty string",
    ]


def test_values_outside_the_choices_are_refused(catalogue: Any) -> None:
    def wrong(data: dict[str, Any]) -> None:
        data["handover"] = "talon_webhook"
        data["response"]["http"]["2OO"] = {"verdict": "fine", "title": "OK"}
        data["schema"]["properties"]["d"]["messages"]["maxitems"] = "Too many."

    assert problems_after(catalogue, "clevertap.json", wrong) == [
        f'{CLEVERTAP}: handover: expected one of "talon-webhook", "steps", found "talon_webhook"',
        f"{CLEVERTAP}: schema.properties.d.messages.maxitems: not a key allowed here: expected a "
        "rule keyword (type, required, enum, forbidden, minLength, maxLength, maxBytes, "
        "minItems, maxItems, minimum, maximum, oneKeyOf.none, oneKeyOf.many, anyKeyOf, "
        "pattern, epoch, epoch.none, format, format.email, format.phone), optionally .name "
        "after required, enum or forbidden",
        f"{CLEVERTAP}: response.http.2OO: not a key allowed here: expected a three-digit HTTP "
        'status such as "200"',
        f'{CLEVERTAP}: response.http.2OO.verdict: expected one of "ok", "partial", "error", '
        '"retry", found "fine"',
    ]


def test_a_note_that_is_neither_text_nor_object_says_both_forms(catalogue: Any) -> None:
    def wrong(data: dict[str, Any]) -> None:
        data["handover_notes"] = [42, {"text": "Hi", "whne": {"auth": "basic"}}]

    assert problems_after(catalogue, "clevertap.json", wrong) == [
        f'{CLEVERTAP}: handover_notes[0]: expected a text, or an object with "text" and '
        '"when", found 42',
        f'{CLEVERTAP}: handover_notes[1].whne: unknown key; did you mean "when"?',
    ]


def test_a_broken_regular_expression_is_caught_at_load(catalogue: Any) -> None:
    def wrong(data: dict[str, Any]) -> None:
        data["detect"]["hosts"] = ["^(api\\.clevertap\\.com$"]

    [message] = problems_after(catalogue, "clevertap.json", wrong)
    assert message.startswith(
        f"{CLEVERTAP}: detect.hosts[0]: expected a regular expression (Python syntax), "
        'found "^(api\\\\.clevertap\\\\.com$": missing ), unterminated subpattern'
    )


def test_references_between_keys_are_checked(catalogue: Any) -> None:
    def wrong(data: dict[str, Any]) -> None:
        data["regions"]["default"] = "eu2"
        data["headers"][1] = "X-CleverTap-Passcode: {pascode}"
        data["mapping"]["skeleton"]["d"][0]["evtName"] = "@evnt_name"

    assert problems_after(catalogue, "clevertap.json", wrong) == [
        f'{CLEVERTAP}: regions.default: "eu2" is not one of the region ids: '
        "in1, sg1, us1, aps3, mec1, eu",
        f"{CLEVERTAP}: headers[1]: {{pascode}} is not a credential id; the credential ids are: "
        "account_id, passcode",
        f'{CLEVERTAP}: mapping.skeleton.d[0].evtName: "@evnt_name" names no slot; the slots '
        "are: event_name, identity, properties",
    ]


def test_auth_and_slot_references_are_checked(catalogue: Any) -> None:
    def custom(data: dict[str, Any]) -> None:
        data["auth"]["default"] = "bearr"
        data["auth"]["options"][1]["password"] = "pasword"

    def talon(data: dict[str, Any]) -> None:
        data["handover_steps"][0]["fields"][0]["rows_from"] = "attribs"

    def bloomreach(data: dict[str, Any]) -> None:
        data["query"][0]["value"] = "@campaign"

    catalogue(
        {"custom.json": custom, "talon-event.json": talon, "bloomreach-referral.json": bloomreach}
    )
    messages = [m for p in catalogue_problems() for m in p.messages]
    assert messages == [
        'resources/destinations/bloomreach-referral.json: query[0].value: "@campaign" names no '
        "slot; the slots are: campaign_id, advocate",
        'resources/destinations/custom.json: auth.default: "bearr" is not one of the auth '
        "option ids: none, basic, bearer, header",
        'resources/destinations/custom.json: auth.options[1].password: "pasword" is not a '
        "credential id; the credential ids are: username, password, token, header_name, "
        "header_value",
        "resources/destinations/talon-event.json: handover_steps[0].fields[0].rows_from: "
        '"attribs" is not a map slot; the map slots are: attributes',
    ]


def test_a_file_that_is_not_json_names_line_and_column(catalogue: Any) -> None:
    catalogue(extra={"broken.json": '{"id": "broken",\n  "title": }'})
    [problem] = catalogue_problems()
    assert problem.file == "resources/destinations/broken.json"
    assert problem.messages == (
        "resources/destinations/broken.json: not valid JSON: line 2, column 12: Expecting value",
    )


def test_two_files_with_one_id_keep_the_first(catalogue: Any) -> None:
    copy = shipped("mparticle.json")
    catalogue(extra={"zz-mparticle-copy.json": json.dumps(copy)})
    assert [d.id for d in load_catalogue()].count("mparticle") == 1
    [problem] = catalogue_problems()
    assert problem.messages == (
        'resources/destinations/zz-mparticle-copy.json: id: "mparticle" is also the id of '
        "resources/destinations/mparticle.json",
    )


# -- how the app behaves with a broken file -------------------------------------------


def broken_clevertap(data: dict[str, Any]) -> None:
    data["regions"]["choices"][5]["base"] = "http://api.clevertap.com"


def test_the_broken_destination_is_skipped_and_logged(
    catalogue: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="hooksmith"):
        catalogue({"clevertap.json": broken_clevertap})
        ids = [d.id for d in load_catalogue()]
    assert "clevertap" not in ids and "mparticle" in ids
    [problem] = catalogue_problems()
    assert problem.destination_id == "clevertap"
    assert str(problem) == (
        f"{CLEVERTAP}: regions.choices[5].base: expected a URL starting with https://, "
        'found "http://api.clevertap.com"'
    )
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("hooksmith")]
    assert logged == [f"Destination file skipped: {problem}"]
    with pytest.raises(KeyError, match=re.escape(f"its file was skipped: {CLEVERTAP}: regions")):
        get_destination("clevertap")


def test_without_any_valid_file_the_catalogue_fails(catalogue: Any) -> None:
    edits = {p.name: (lambda data: data.pop("url")) for p in SHIPPED}
    catalogue(edits)
    with pytest.raises(CatalogueError, match="no usable destination file") as caught:
        load_catalogue()
    assert f"{CLEVERTAP}: url: missing" in str(caught.value)


def test_the_self_test_fails_naming_the_file(catalogue: Any) -> None:
    catalogue({"clevertap.json": broken_clevertap})
    with pytest.raises(selftest.CheckFailed) as caught:
        selftest.check_catalogue()
    assert str(caught.value).startswith(
        f"skipped a broken destination file: {CLEVERTAP}: regions.choices[5].base: "
    )


# -- the typed Destination -------------------------------------------------------------


def test_destination_has_no_raw_attribute() -> None:
    assert "raw" not in {f.name for f in dataclasses.fields(Destination)}
    for destination in load_catalogue():
        assert not hasattr(destination, "raw")
        assert not hasattr(destination, "raw_credential")


def test_every_top_level_key_is_a_field() -> None:
    """Each key of the format has a typed home on Destination (regions are flattened)."""
    keys = set(load_schema()["properties"]) - {"$schema", "regions"}
    names = {f.name for f in dataclasses.fields(Destination)}
    renamed = {"handover": "handover_kind"}
    assert {renamed.get(k, k) for k in keys} <= names
    assert {"regions", "default_region", "region_label", "region_help"} <= names


# -- the documented example ------------------------------------------------------------


def documented_example() -> dict[str, Any]:
    text = (ROOT / "docs" / "destinations.md").read_text(encoding="utf-8")
    section = text.split("\n## A complete example\n", 1)[1]
    block = re.search(r"```json\n(.*?)\n```", section, re.DOTALL)
    assert block is not None, "docs/destinations.md has no JSON block under its example"
    data: dict[str, Any] = json.loads(block.group(1))
    return data


def test_the_documented_example_validates_and_loads(catalogue: Any) -> None:
    example = documented_example()
    assert schema_problems(example) == []
    catalogue(extra={"example.json": json.dumps(example)})
    assert catalogue_problems() == ()
    destination = get_destination(example["id"])
    report = validate_profile(new_profile(destination), destination).report
    assert report.errors == []


def test_the_docs_name_every_key_of_the_schema() -> None:
    text = (ROOT / "docs" / "destinations.md").read_text(encoding="utf-8")
    schema = load_schema()
    missing = [k for k in schema["properties"] if f"`{k}`" not in text]
    for name in ("region", "credential", "option", "slot", "dryRun", "auth", "response"):
        missing += [f"{name}.{k}" for k in _keys(schema["$defs"][name]) if f"`{k}`" not in text]
    assert missing == []


def _keys(part: dict[str, Any]) -> list[str]:
    return list(part.get("properties", {}))
