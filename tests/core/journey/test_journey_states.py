"""Whatever the user did, what the journey shows is true for what is configured now.

A hypothesis state machine switches integration, region and credentials, edits the
payload and samples, fires at the sandbox and at a loopback server that fails or
succeeds, saves and reopens; after every step it checks the model's promises.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from app.core.destination.catalogue import SANDBOX_REGION, get_destination
from app.core.destination.profile import load_profile
from app.core.http.fire import FireJob
from app.core.http.safety import FireGuard, is_local
from app.core.http.settings import FireSettings
from app.core.journey.journey import Journey, fingerprint
from app.core.journey.readiness import demo_fields
from app.core.journey.services import Services
from app.core.payload.mapping import new_profile
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MemoryStore
from app.core.support.history import History
from tests.helpers.servers import FaultServer

#: Secrets the model must never show; each is distinctive so a leak is unmistakable.
SECRETS = ("Zq-secret-one-7731", "Zq-secret-two-9412")
DEMO = {"clevertap": ("passcode", "sandbox-passcode"), "custom": ("token", "")}


class JourneyMachine(RuleBasedStateMachine):
    sandbox: Sandbox
    server: FaultServer
    #: How often "ready" was seen, so the test proves it checked the ready case at all.
    ready_seen = 0
    #: Fire outcomes seen (ok / not ok, and the first few reasons), to explain a run
    #: that never reached "ready".
    fired: ClassVar[dict[str, int]] = {}
    reasons: ClassVar[list[str]] = []

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="hs-journey-"))
        self.services = Services(store=MemoryStore(), sandbox_factory=lambda: self.sandbox)
        self.services.settings = FireSettings(
            connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0
        )
        self.guard = FireGuard()
        self.history = History(self.root / "history")
        self.journey = self._new("clevertap")

    def _new(self, destination_id: str) -> Journey:
        profile = new_profile(get_destination(destination_id), region=SANDBOX_REGION)
        if destination_id == "clevertap":
            profile.credentials["account_id"] = "SANDBOX-PROJECT"
            self.services.store.set(profile.id, "passcode", "sandbox-passcode")
        else:
            profile.options["auth"] = "bearer"
            profile.custom_base = self.server.url("/status/200")
            self.services.store.set(profile.id, "token", SECRETS[0])
        journey = Journey(profile, self.services, guard=self.guard, history=self.history)
        journey.load_secrets()
        return journey

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # -- what a user does ---------------------------------------------------------------

    @rule(destination=st.sampled_from(["clevertap", "custom"]))
    def switch_integration(self, destination: str) -> None:
        self.journey = self._new(destination)

    @rule(where=st.sampled_from(["sandbox", "real", "ok", "fails"]))
    def switch_region(self, where: str) -> None:
        profile = self.journey.profile
        if profile.destination == "clevertap":
            profile.region = SANDBOX_REGION if where == "sandbox" else "eu"
        elif where == "sandbox":
            profile.region = SANDBOX_REGION
        else:
            profile.region = "custom"
            path = {"real": "/status/200", "ok": "/status/200", "fails": "/status/500"}[where]
            profile.custom_base = self.server.url(path)

    @rule(value=st.sampled_from(["demo", "own", "other", "empty"]))
    def type_secret(self, value: str) -> None:
        profile = self.journey.profile
        field, demo = DEMO[profile.destination]
        chosen = {"demo": demo, "own": SECRETS[0], "other": SECRETS[1], "empty": ""}[value]
        if chosen:
            self.services.store.set(profile.id, field, chosen)
        else:
            self.services.store.delete(profile.id, field)
        self.journey.load_secrets()

    @rule(edit=st.sampled_from(["break", "mend", "tweak", "sample"]))
    def edit_payload(self, edit: str) -> None:
        profile = self.journey.profile
        if edit == "break" and not profile.template.endswith("<broken"):
            profile.template += "<broken"
        elif edit == "mend":
            profile.template = profile.template.removesuffix("<broken")
        elif edit == "tweak":
            profile.template = profile.template.replace("{", "{ ", 1)
        else:
            for param in profile.params:
                param.sample += "x"
        profile.template_edited = True

    @precondition(lambda self: is_local(self._url()))
    @rule(dry_run=st.booleans())
    def fire(self, dry_run: bool) -> None:
        try:
            prepared = self.journey.prepare_fire(dry_run=dry_run)
        except Exception:
            return
        assert prepared.question == ""  # loopback never asks
        result = FireJob(prepared.request, self.services.settings).run()
        outcome = self.journey.finish_fire(prepared, result)
        key = "ok" if outcome.ok else "not ok"
        JourneyMachine.fired[key] = JourneyMachine.fired.get(key, 0) + 1
        if not outcome.ok and len(JourneyMachine.reasons) < 5:
            error = result.error.message if result.error else ""
            JourneyMachine.reasons.append(f"{result.status} {error} {prepared.request.url}")

    @precondition(lambda self: self.journey.profile.destination == "custom")
    @rule()
    def point_at_the_working_endpoint_and_fire(self) -> None:
        """The path a user takes to go live, in one step, so that runs reach "ready"
        often enough to check it (random single steps seldom line up)."""
        self.switch_region("ok")
        self.fire(False)

    @rule()
    def save_and_reopen(self) -> None:
        path = self.journey.save(self.root / "profile.hooksmith.json")
        reopened = Journey(
            load_profile(path), self.services, path=path, guard=self.guard, history=self.history
        )
        reopened.load_secrets()
        reopened.load_history()
        self.journey = reopened

    def _url(self) -> str:
        try:
            return self.journey.preview().request.url  # type: ignore[union-attr]
        except AttributeError:
            return ""

    # -- what must always hold ----------------------------------------------------------

    @invariant()
    def shown_result_belongs_to_the_current_configuration(self) -> None:
        shown = self.journey.shown_outcome()
        if shown is not None:
            assert shown.fingerprint == fingerprint(self.journey.profile)

    @invariant()
    def ready_only_when_everything_holds(self) -> None:
        journey = self.journey
        readiness = journey.readiness()
        if not readiness.ready:
            return
        JourneyMachine.ready_seen += 1
        profile = journey.profile
        preview = journey.preview()
        assert not preview.validation.report.errors
        assert profile.region != SANDBOX_REGION
        assert not journey.missing_secrets()
        assert not demo_fields(profile, journey.destination, journey.secrets)
        current = fingerprint(profile)
        good = [e for e in self.history.entries(profile_id=profile.id) if e.verdict == "ok"]
        assert any(e.fingerprint == current for e in good)

    @invariant()
    def no_secret_in_what_is_shown(self) -> None:
        journey = self.journey
        preview = journey.preview()
        shown = [preview.head(), preview.body(), journey.readiness().text()]
        outcome = journey.last
        if outcome is not None and outcome.explanation is not None:
            shown += outcome.explanation.lines()
        if outcome is not None:
            shown.append(outcome.result.body_view().text)
        for text in shown:
            for secret in SECRETS:
                assert secret not in text


@pytest.mark.slow
def test_what_is_shown_is_true_whatever_the_user_did(
    sandbox: Sandbox, fault_server: FaultServer
) -> None:
    JourneyMachine.sandbox = sandbox
    JourneyMachine.server = fault_server
    run_state_machine_as_test(
        JourneyMachine,
        settings=settings(
            max_examples=500,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            database=None,
        ),
    )
    assert JourneyMachine.ready_seen > 0, (JourneyMachine.fired, JourneyMachine.reasons)
