"""Confirmation once per session per profile and host for real hosts, never for loopback;
the validation-only mode offered with its source."""

from __future__ import annotations

import dataclasses

from app.core.destination.catalogue import DryRun, get_destination
from app.core.http.safety import FireGuard, confirmation_text, dry_run_offer, is_local
from tests.helpers.servers import secret_request


def test_loopback_never_asks_and_real_hosts_ask_once_per_profile_and_host() -> None:
    guard = FireGuard()
    assert not guard.needs_confirmation("p1", "http://127.0.0.1:8123/clevertap/1/upload")
    assert not guard.needs_confirmation("p1", "http://localhost:9/x")
    eu = "https://eu1.api.clevertap.com/1/upload"
    assert guard.needs_confirmation("p1", eu)
    guard.confirm("p1", eu)
    assert not guard.needs_confirmation("p1", eu + "?dryRun=1")
    assert guard.needs_confirmation("p2", eu)  # another profile asks for itself
    assert guard.needs_confirmation("p1", "https://in1.api.clevertap.com/1/upload")  # new host
    guard.forget("p1")
    assert guard.needs_confirmation("p1", eu)


def test_is_local() -> None:
    assert is_local("http://127.0.0.2:1/x") and is_local("http://[::1]:80/")
    assert not is_local("https://api.clevertap.com/")


def test_clevertap_offers_dry_run_with_its_source() -> None:
    offer = dry_run_offer(get_destination("clevertap"))
    assert offer is not None and offer.query == {"dryRun": "1"}
    assert offer.text() == (
        "Validate only (dryRun=1): CleverTap checks the records but stores nothing. "
        "It adds ?dryRun=1 to the URL. CleverTap's API reference does not describe this "
        "option; guides that use it say nothing is stored. The first time, check in "
        "CleverTap that no event arrived."
    )


def test_header_based_dry_run_is_described() -> None:
    base = get_destination("clevertap")
    dry_run = DryRun(headers=("X-DRY-RUN: true",), label="Dry run")
    offer = dry_run_offer(dataclasses.replace(base, dry_run=dry_run))
    assert offer is not None and offer.how == "sends the header X-DRY-RUN: true"
    request = secret_request("https://api.example.com/x")
    assert not offer.applied(request)
    request.headers.append(("X-DRY-RUN", "true"))
    assert offer.applied(request)


def test_no_offer_without_a_mode() -> None:
    base = get_destination("clevertap")
    assert dry_run_offer(dataclasses.replace(base, dry_run=None)) is None
    assert dry_run_offer(None) is None


def test_the_question_names_host_credentials_and_offer() -> None:
    destination = get_destination("clevertap")
    text = confirmation_text(secret_request("https://eu1.api.clevertap.com/1/upload"), destination)
    assert text.startswith(
        f"This sends a real POST request to eu1.api.clevertap.com ({destination.title}) with "
        "your stored credentials."
    )
    assert "To check without storing, choose: Validate only (dryRun=1)" in text
    dry = secret_request("https://eu1.api.clevertap.com/1/upload?dryRun=1")
    assert "Validation only is on: Validate only" in confirmation_text(dry, destination)
