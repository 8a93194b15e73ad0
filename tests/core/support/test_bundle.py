"""The support bundle: contents, and a scan for marker secrets and marker personal data."""

from __future__ import annotations

import base64
import json
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from app.core.destination.catalogue import SANDBOX_REGION, get_destination
from app.core.destination.profile import Profile
from app.core.http.fire import fire
from app.core.journey.journey import Journey
from app.core.journey.services import Services
from app.core.payload.mapping import apply_mapping, new_profile
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MemoryStore
from app.core.support.bundle import BundleError, write_bundle
from app.core.support.diagnose import diagnose
from app.core.support.history import History
from app.core.support.masking import Masker
from tests.helpers.journeys import prepared_request

PASSCODE = "MARKER-bundle-passcode-3b9a"
UNKNOWN_TOKEN = "MARKERunknownBearerToken77"
EMAIL = "marker.person@example.org"
PHONE = "+1 202-555-0143"
PHONE_DIGITS = "12025550143"


def _forms(value: str) -> list[str]:
    return [
        value,
        quote(value, safe=""),
        json.dumps(value)[1:-1],
        base64.b64encode(value.encode()).decode(),
    ]


@pytest.fixture(scope="module")
def marker_sandbox() -> Iterator[Sandbox]:
    with Sandbox(accounts={"clevertap": [{"account_id": "ACCT-1", "passcode": PASSCODE}]}) as box:
        yield box


@pytest.fixture
def profile() -> Profile:
    clevertap = get_destination("clevertap")
    profile = new_profile(clevertap, credentials={"account_id": "ACCT-1"}, region=SANDBOX_REGION)
    profile.mapping["properties"].append({"key": "Phone", "kind": "param", "name": "Phone"})
    apply_mapping(profile, clevertap)
    for param in profile.params:
        param.sample = {"ProfileID": EMAIL, "Phone": PHONE}.get(param.name, param.sample)
    return profile


def _scan(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_bundle_holds_everything_and_no_marker_secret_or_personal_data(
    profile: Profile, marker_sandbox: Sandbox, tmp_path: Path
) -> None:
    store = MemoryStore()
    store.set(profile.id, "passcode", PASSCODE)
    svc = Services(store=store, sandbox_factory=lambda: marker_sandbox)
    history = History(tmp_path / "history")
    for _ in range(3):
        result = fire(prepared_request(svc, profile), svc.settings)
        assert result.status == 200
        history.record(result, profile)
    history_text = "".join(p.read_text() for p in (tmp_path / "history").iterdir())
    assert EMAIL in history_text  # history keeps personal data locally; the bundle must not
    pasted = (
        f'{{"d": [{{"type": "event", "evtName": "Coupon Generated", "identity": "{EMAIL}", '
        f'"evtData": {{"CouponCode": "NY-1", "Phone": "{PHONE}", "Mobile": "{quote(EMAIL)}"}}}}]}}'
    )
    diagnosis = diagnose(pasted, profile=profile)
    diagnosis.notes.append(f"Ticket says: Authorization: Bearer {UNKNOWN_TOKEN}")
    diagnosis.notes.append(f"Customer phone {PHONE}, passcode {PASSCODE}")
    secrets = Journey(profile, svc).read_secrets()
    out = tmp_path / "bundle.zip"
    report = write_bundle(
        out,
        profile,
        secrets=secrets,
        history=history,
        fires=2,
        diagnosis=diagnosis,
        extra_versions={"Qt": "6.12.0"},
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    files = _scan(out)
    names = {n.removeprefix("hooksmith-support/") for n in files}
    assert {
        "README.txt",
        "profile.json",
        "webhook.json",
        "validation.txt",
        "diagnosis.txt",
        "diagnosis.json",
        "versions.json",
    } <= names
    assert report.fires == 2 and len([n for n in names if n.startswith("fires/")]) == 2
    everything = "\n".join(files.values())
    markers = [PASSCODE, UNKNOWN_TOKEN, EMAIL, quote(EMAIL, safe=""), PHONE, PHONE_DIGITS]
    for marker in markers:
        for form in _forms(marker):
            assert form not in everything, f"{marker!r} leaked as {form!r}"
    assert "[email masked]" in everything and "[phone masked]" in everything
    assert report.masked["email"] > 0 and report.masked["phone"] > 0
    for name, text in files.items():
        if name.endswith(".json"):
            json.loads(text)  # masking keeps JSON valid
    versions = json.loads(files["hooksmith-support/versions.json"])
    assert versions["Qt"] == "6.12.0" and versions["python"]
    assert "ACCT-1" in files["hooksmith-support/profile.json"]  # IDs stay readable


def test_nothing_is_written_when_masking_misses_something(
    profile: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Masker, "mask", lambda self, text: text)
    out = tmp_path / "bundle.zip"
    with pytest.raises(BundleError, match="no bundle was written"):
        write_bundle(out, profile, secrets={"passcode": PASSCODE}, history=History(tmp_path))
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_masker_keeps_ids_timestamps_and_numbers() -> None:
    masker = Masker()
    text = (
        '{"mpid": 8461846165463846, "ts": 1735689600, "at": "2025-01-01 09:00:00", '
        '"ip": "127.0.0.1", "id": "customer-0042", "v": "3.11.4", "code": "NY-7Q2X", '
        '"mobile_number": "447700900123", "tel": "(555) 123-4567", '
        '"headers": ["Authorization: ApiKey-v1 ${$APIkey}", "X-Api-Key: abcdef123"]}'
    )
    masked = masker.mask(text)
    for kept in ("8461846165463846", "1735689600", "2025-01-01 09:00:00", "127.0.0.1"):
        assert kept in masked
    assert "customer-0042" in masked and "NY-7Q2X" in masked and "3.11.4" in masked
    assert "447700900123" not in masked and "(555) 123-4567" not in masked
    assert "ApiKey-v1 ${$APIkey}" in masked and "abcdef123" not in masked
    assert masker.leaks(masked) == []
