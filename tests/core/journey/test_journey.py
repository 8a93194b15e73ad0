"""The journey model: one request builder, one confirmation, one readiness for every front end."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.destination.catalogue import SANDBOX_REGION, get_destination
from app.core.destination.profile import Profile
from app.core.http.fire import FireJob
from app.core.http.request import build_request
from app.core.journey.journey import Journey, JourneyError, fingerprint, replay_journey
from app.core.journey.services import Services
from app.core.payload.mapping import new_profile
from app.core.secrets.store import MASK
from app.core.support.history import History
from tests.helpers.servers import FaultServer

DEMO = {"account_id": "SANDBOX-PROJECT", "passcode": "sandbox-passcode"}


def clevertap(services: Services, **changes: object) -> Journey:
    profile = new_profile(get_destination("clevertap"), region=SANDBOX_REGION)
    profile.credentials["account_id"] = DEMO["account_id"]
    for key, value in changes.items():
        setattr(profile, key, value)
    services.store.set(profile.id, "passcode", DEMO["passcode"])
    journey = Journey(profile, services)
    journey.load_secrets()
    return journey


def custom(services: Services, url: str, auth: str = "none") -> Journey:
    profile = new_profile(get_destination("custom"), custom_base=url)
    profile.options["auth"] = auth
    journey = Journey(profile, services)
    journey.load_secrets()
    return journey


def fire(journey: Journey, *, dry_run: bool = False) -> None:
    prepared = journey.prepare_fire(dry_run=dry_run)
    if prepared.question:
        journey.confirm(prepared)
    journey.finish_fire(prepared, FireJob(prepared.request, journey.services.settings).run())


def test_preview_renders_once_with_the_samples_validation_uses(services: Services) -> None:
    """mParticle's data file has samples of its own: the request used to render without them."""
    profile = new_profile(get_destination("mparticle"), region=SANDBOX_REGION)
    profile.samples.clear()
    profile.template = profile.template.replace("Profile.IntegrationId", "Profile.Attributes.mpid")
    journey = Journey(profile, services)
    journey.use_secrets({"api_key": "k", "api_secret": "s"})
    preview = journey.preview()
    assert preview.request is not None
    assert preview.body() == preview.validation.body
    unmerged = build_request(profile, journey.destination, {"api_key": "k", "api_secret": "s"})
    assert unmerged.body is not None and preview.request.body is not None
    assert b"8094524380926958137" in preview.request.body
    assert b"8094524380926958137" not in unmerged.body  # what the old builder sent


def test_a_missing_secret_is_named_once_and_only_for_the_chosen_authentication(
    services: Services,
) -> None:
    journey = custom(services, "https://example.com/hook", auth="bearer")
    with pytest.raises(JourneyError) as caught:
        journey.prepare_fire()
    message = str(caught.value)
    assert "Bearer token" in message or "token" in message.lower()
    assert "password" not in message.lower() and "header value" not in message.lower()
    assert [f.id for f in journey.active_secret_fields()] == ["token"]


def test_a_real_host_asks_once_and_the_sandbox_never(services: Services) -> None:
    journey = clevertap(services)
    assert journey.prepare_fire().question == ""
    journey.profile.region = "eu"
    prepared = journey.prepare_fire()
    assert "real POST request" in prepared.question
    journey.confirm(prepared)
    assert journey.prepare_fire().question == ""


def test_a_result_is_shown_only_for_the_configuration_that_produced_it(
    services: Services,
) -> None:
    journey = clevertap(services)
    fire(journey)
    assert journey.shown_outcome() is not None and journey.shown_outcome().ok  # type: ignore[union-attr]
    journey.profile.template = journey.profile.template.replace("Coupon", "Voucher", 1)
    assert journey.shown_outcome() is None
    journey.profile.template = journey.profile.template.replace("Voucher", "Coupon", 1)
    assert journey.shown_outcome() is not None
    journey.use_secrets({"passcode": "another-passcode"})
    assert journey.shown_outcome() is None


def test_fires_are_recorded_with_their_fingerprint_and_count_for_a_new_journey(
    services: Services, fault_server: FaultServer
) -> None:
    journey = custom(services, fault_server.url("/status/200"))
    fire(journey)
    entry = History().entries(profile_id=journey.profile.id)[0]
    assert entry.fingerprint == fingerprint(journey.profile)
    again = Journey(Profile.from_json(journey.profile.to_json()), services)
    again.load_secrets()
    again.load_history()
    assert "fire.none" not in again.readiness().ids()
    again.profile.samples["x"] = "changed"
    assert "fire.none" in again.readiness().ids()


def test_readiness_blocks_a_sandbox_configuration_and_demo_credentials_at_a_real_host(
    services: Services,
) -> None:
    journey = clevertap(services)
    fire(journey)
    ids = journey.readiness().ids()
    assert "region.sandbox" in ids and not journey.readiness().ready
    journey.profile.region = "eu"
    readiness = journey.readiness()
    assert {"credentials.demo", "fire.none"} <= readiness.ids()
    assert "region.sandbox" not in readiness.ids()
    demo = next(i for i in readiness.items if i.id == "credentials.demo")
    assert demo.blocking and demo.step == "credentials" and "Passcode" in demo.message


def test_readiness_blocks_payload_errors_and_missing_secrets(services: Services) -> None:
    journey = clevertap(services)
    journey.profile.template = "{ not json"
    services.store.delete(journey.profile.id, "passcode")
    journey.load_secrets()
    readiness = journey.readiness()
    assert {"payload.errors", "credentials.missing"} <= readiness.ids()
    payload = next(i for i in readiness.items if i.id == "payload.errors")
    assert payload.step == "payload" and payload.blocking


def test_ready_after_a_successful_fire_and_not_after_a_failed_one(
    services: Services, fault_server: FaultServer, tmp_path: Path
) -> None:
    journey = custom(services, fault_server.url("/status/500"))
    fire(journey)
    readiness = journey.readiness()
    assert not readiness.ready
    failed = next(i for i in readiness.items if i.id == "fire.none")
    assert "failed" in failed.message
    journey.profile.custom_base = fault_server.url("/status/200")
    fire(journey)
    journey.save(tmp_path / "p.hooksmith.json")
    readiness = journey.readiness()
    assert readiness.ready, readiness.text()
    assert "region.local" in readiness.ids()  # advisory only
    journey.profile.name = "Renamed"
    assert "handover.unsaved" in journey.readiness().ids()
    assert journey.readiness().ready  # the title does not change the request


def test_dry_run_fires_are_an_advisory_and_explained_as_storing_nothing(
    services: Services,
) -> None:
    profile = new_profile(get_destination("bloomreach-referral"), region=SANDBOX_REGION)
    services.store.set(profile.id, "api_key", "sandbox-cep-key")
    profile.mapping["campaign_id"] = "373"
    profile.credentials["deployment_host"] = "https://acme.europe-west1.talon.one"
    journey = Journey(profile, services)
    journey.load_secrets()
    fire(journey, dry_run=True)
    outcome = journey.last
    assert outcome is not None and outcome.explanation is not None
    assert "created" not in outcome.explanation.title
    assert "nothing was stored" in outcome.explanation.title
    assert "fire.dry_run_only" in journey.readiness().ids()


def test_a_replay_of_a_masked_recording_is_refused(services: Services) -> None:
    journey = clevertap(services)
    journey.profile.credentials["account_id"] = "sandbox-passcode"  # masked when recorded
    fire(journey)
    entry = History().entries(profile_id=journey.profile.id)[0]
    assert MASK in str(entry.profile)
    with pytest.raises(JourneyError, match="masked"):
        replay_journey(entry, services)


def test_an_emptied_field_and_a_missing_one_are_the_same_secrets(services: Services) -> None:
    """The credentials page reports a cleared field as ''; the store has no entry: the
    answer shown must not go stale over that difference."""
    journey = clevertap(services)
    fire(journey)
    journey.use_secrets({"passcode": "sandbox-passcode", "unused": ""})
    assert journey.shown_outcome() is not None


class _BrokenStore:
    """A keyring that cannot be read."""

    def info(self) -> object:
        raise AssertionError("not asked")

    def get(self, profile_id: str, field: str) -> str | None:
        from app.core.secrets.store import SecretStoreError

        raise SecretStoreError("The keyring is locked.")

    def set(self, profile_id: str, field: str, value: str) -> None:
        raise AssertionError("not asked")

    def delete(self, profile_id: str, field: str) -> None:
        raise AssertionError("not asked")


def test_an_unreadable_keyring_blocks_only_what_needs_a_secret(
    services: Services, fault_server: FaultServer
) -> None:
    broken = Services(store=_BrokenStore(), sandbox_factory=services.sandbox_factory)  # type: ignore[arg-type]
    journey = custom(broken, fault_server.url("/status/200"))  # no authentication
    assert not journey.secrets_known
    fire(journey)
    assert "credentials.unread" not in journey.readiness().ids()
    journey.profile.options["auth"] = "bearer"
    with pytest.raises(JourneyError, match="locked"):
        journey.prepare_fire()
    assert "credentials.unread" in journey.readiness().ids()
