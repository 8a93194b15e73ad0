"""Recognising the destination from URL and headers, and taking credentials out of headers."""

from __future__ import annotations

import base64

import pytest

from app.core.destination.catalogue import (
    SANDBOX_REGION,
    Destination,
    get_destination,
    load_catalogue,
)
from app.core.http.request import endpoint_url
from app.core.payload.mapping import new_profile
from app.core.secrets.store import MASK
from app.core.support.credsplit import decode_basic, split_credentials
from app.core.support.detect import (
    detect,
    fallback_destination,
    is_fallback,
    is_secret_header,
    locate,
    signatures,
)

DESTINATIONS = [d for d in load_catalogue() if not is_fallback(d)]


def _fixed_regions(destination: Destination) -> list[str]:
    return [r.id for r in destination.regions if r.base and not r.custom]


@pytest.mark.parametrize(
    ("destination_id", "region_id"),
    [(d.id, r) for d in DESTINATIONS for r in _fixed_regions(d)],
)
def test_every_documented_endpoint_is_recognised_with_its_region(
    destination_id: str, region_id: str
) -> None:
    destination = get_destination(destination_id)
    profile = new_profile(destination, region=region_id)
    url = endpoint_url(profile, destination)
    found = detect(url, [])
    assert found.destination is not None and found.destination.id == destination_id
    assert not found.fallback and found.reasons
    assert found.region == region_id and found.custom_base == ""


@pytest.mark.parametrize("destination_id", [d.id for d in DESTINATIONS])
def test_the_sandbox_url_of_each_destination_maps_to_the_sandbox_region(
    destination_id: str,
) -> None:
    destination = get_destination(destination_id)
    profile = new_profile(destination, region=SANDBOX_REGION)
    url = endpoint_url(profile, destination, "http://127.0.0.1:41234")
    found = detect(url, [])
    assert found.destination is not None and found.destination.id == destination_id
    assert found.region == SANDBOX_REGION


@pytest.mark.parametrize("destination_id", [d.id for d in DESTINATIONS])
def test_every_destination_has_a_signature_from_its_data(destination_id: str) -> None:
    signature = next(s for s in signatures() if s.destination.id == destination_id)
    assert signature.hosts or signature.headers


def test_clevertap_is_recognised_by_its_headers_alone_and_unknown_hosts_keep_their_base() -> None:
    headers = [("X-CleverTap-Account-Id", "W9R"), ("X-CleverTap-Passcode", "p")]
    found = detect("https://proxy.example.com/clevertap/1/upload", headers)
    assert found.destination is not None and found.destination.id == "clevertap"
    assert found.region == "" and found.custom_base == "https://proxy.example.com/clevertap"
    assert "x-clevertap-passcode" in " ".join(found.reasons)


def test_nothing_known_falls_back_to_the_custom_webhook() -> None:
    found = detect("https://crm.example.com/hooks/${$CustomerId}", [("X-Trace", "1")])
    assert found.fallback
    assert found.destination is fallback_destination()
    assert found.custom_base == "https://crm.example.com/hooks/${$CustomerId}"


def test_locate_handles_regions_query_strings_and_custom_hosts() -> None:
    clevertap = get_destination("clevertap")
    assert locate(clevertap, "https://in1.api.clevertap.com/1/upload?dryRun=1") == ("in1", "")
    assert locate(clevertap, "https://API.clevertap.com/1/upload/") == ("eu", "")
    assert locate(clevertap, "https://eu1.api.clevertap.com/1/upload") == (
        "",
        "https://eu1.api.clevertap.com",
    )


def test_credentials_are_split_into_kept_and_secret_values() -> None:
    clevertap = get_destination("clevertap")
    found = split_credentials(
        clevertap,
        [
            ("X-CleverTap-Account-Id", "W9R-486-4W5Z"),
            ("x-clevertap-passcode", "MARKER-pass-77"),
            ("Content-Type", "application/json"),
            ("X-Api-Key", "leftover-secret"),
            ("X-Trace", "abc"),
        ],
    )
    assert found.credentials == {"account_id": "W9R-486-4W5Z"}
    assert found.secrets == {"passcode": "MARKER-pass-77"}
    assert found.sources["passcode"] == "The header x-clevertap-passcode"
    assert found.other_headers == [("X-Api-Key", MASK), ("X-Trace", "abc")]
    assert any("application/json; charset=utf-8" in n for n in found.notes)


def test_masked_or_templated_values_are_not_offered_as_secrets() -> None:
    clevertap = get_destination("clevertap")
    found = split_credentials(
        clevertap,
        [("X-CleverTap-Account-Id", "${$Account}"), ("X-CleverTap-Passcode", MASK)],
    )
    assert found.secrets == {} and found.credentials == {}
    assert len(found.notes) == 2 and "placeholder" in found.notes[0]


def test_basic_auth_goes_to_the_destinations_username_and_password_fields() -> None:
    mparticle = get_destination("mparticle")
    token = base64.b64encode(b"MARKER-key:MARKER-secret").decode()
    found = split_credentials(mparticle, [("Authorization", f"Basic {token}")])
    auth = mparticle.auth_for({})
    assert auth is not None
    values = {**found.credentials, **found.secrets}
    assert values[auth.username] == "MARKER-key"
    assert values[auth.password] == "MARKER-secret"
    assert decode_basic("Basic not-base64!") is None
    assert decode_basic(f"Bearer {token}") is None


def test_secret_header_names() -> None:
    for name in ("Authorization", "X-CleverTap-Passcode", "X-Api-Key", "api_key", "Cookie"):
        assert is_secret_header(name)
    for name in ("Content-Type", "X-CleverTap-Account-Id", "destination-hostname"):
        assert not is_secret_header(name)


def test_a_talon_one_host_with_another_path_is_not_track_event() -> None:
    other = detect("https://acme.europe-west1.talon.one/v1/referrals", [])
    assert other.fallback
    event = detect("https://acme.europe-west1.talon.one/v2/events?silent=no", [])
    assert event.destination is not None and event.destination.id == "talon-event"
    assert event.custom_base == "https://acme.europe-west1.talon.one"


def test_token_like_values_count_as_credentials_unless_the_name_never_holds_one() -> None:
    from app.core.support.credsplit import looks_like_credential

    assert looks_like_credential("X-Signature", "abc")  # by name
    assert looks_like_credential("X-Shop", "shop_7Hq2kLm9Pz4x")  # by value
    assert looks_like_credential("X-Custom", "Bearer abcDEF123456789")
    for name, value in (
        ("X-Tenant", "acme-production"),
        ("X-Request-Id", "550e8400-e29b-41d4-a716-446655440000"),
        ("X-Trace", "${$CouponCode}"),
        ("Content-Type", "application/json; charset=utf-8"),
        ("X-Version", "2024-01-01"),
    ):
        assert not looks_like_credential(name, value), name
