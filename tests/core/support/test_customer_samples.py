"""Samples from a real customer: with a Management API key, the preview and a test fire
use a Talon.One customer profile's own attributes (the sandbox serves demo customers)."""

from __future__ import annotations

import pytest

from app.core.destination.catalogue import get_destination
from app.core.payload.mapping import new_profile
from app.core.sandbox.server import Sandbox
from app.core.support.customer_samples import fill_from_customer
from app.core.support.management import ManagementClient, ManagementError, RateLimiter


def _client(sandbox: Sandbox) -> ManagementClient:
    return ManagementClient(
        sandbox.base_url + "/talon-management",
        "sandbox-management-key",
        limiter=RateLimiter(0.0),
    )


def test_a_customer_profile_is_found_by_its_integration_id(sandbox: Sandbox) -> None:
    customer = _client(sandbox).customer("ann.demo@example.com")
    assert customer["integrationId"] == "ann.demo@example.com"
    assert customer["attributes"]["mpid"] == 7205759403792793199
    with pytest.raises(ManagementError, match="no customer profile with the integration ID"):
        _client(sandbox).customer("nobody@example.com")


def test_the_samples_take_the_customers_attributes(sandbox: Sandbox) -> None:
    mp = get_destination("mparticle")
    profile = new_profile(mp)
    profile.template = profile.template.replace(
        '"custom_attributes": {', '"custom_attributes": {"tier": "${$Profile.Attributes.Tier}", ', 1
    )
    customer = _client(sandbox).customer("ann.demo@example.com")
    fill = fill_from_customer(profile, mp, customer)
    assert profile.samples["Profile.Attributes.mpid"] == "7205759403792793199"
    assert profile.samples["Profile.IntegrationId"] == "ann.demo@example.com"
    assert profile.samples["Profile.Attributes.Tier"] == "gold"
    assert ("Profile.Attributes.mpid", "8094524380926958137", "7205759403792793199") in fill.changed
    assert fill.missing == []


def test_an_attribute_the_customer_lacks_is_named_and_its_sample_kept() -> None:
    clevertap = get_destination("clevertap")
    profile = new_profile(clevertap)
    profile.template = profile.template.replace(
        '"CouponCode"', '"Name": "${$Profile.Attributes.Name}", "CouponCode"', 1
    )
    profile.samples["Profile.Attributes.Name"] = "Ann"
    fill = fill_from_customer(profile, clevertap, {"integrationId": "c-7", "attributes": {}})
    assert fill.missing == ["Name"] and profile.samples["Profile.Attributes.Name"] == "Ann"
    # CleverTap's ProfileID is set to the customer's integration ID in Talon.One.
    assert profile.param("ProfileID").sample == "c-7"  # type: ignore[union-attr]
    assert "ProfileID" in {what for what, _, _ in fill.changed}
